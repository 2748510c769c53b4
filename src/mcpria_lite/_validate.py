"""Input validation shared by every public function.

Every check raises :class:`ValueError` whose message names the argument and the allowed range,
so a caller never gets a silent NaN or a wrong number.
"""

from __future__ import annotations

import numpy as np


def _not_a_number(x) -> bool:
    """Booleans and strings are not numbers here (``True`` is not 1 keV, ``"1.5"`` not 1.5 keV)."""
    if isinstance(x, (bool, np.bool_, str, bytes, complex, np.complexfloating)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "bUSVc" or (x.dtype.kind == "O" and any(map(_not_a_number, x.ravel())))
    if isinstance(x, (list, tuple)):
        return any(map(_not_a_number, x))
    return False


def finite_array(name: str, x) -> np.ndarray:
    """Return ``x`` as a float64 array; raise if any element is NaN or infinite, or not a real number
    (booleans and strings are refused, not coerced)."""
    if _not_a_number(x):
        raise ValueError(f"{name} must be a real number or an array of real numbers, got {x!r} "
                         f"(booleans and strings are not accepted)")
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real number or an array of real numbers, got {x!r}") from exc
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {x!r}")
    return a


#: Largest and smallest non-zero energy, mass or momentum accepted (keV, or a.u. for momenta): the
#: formulas hold up to fourth powers of them (E⁴, Q⁴), which must stay normal float64 numbers.
MAX_KEV = 1e60
MIN_KEV = 1e-60
#: Units whose values are bounded to [MIN_KEV, MAX_KEV] (or 0 where zero is allowed); squared units to
#: the squares of the bounds.
_ENERGY_UNITS = {"keV": 1, "a.u.": 1, "keV²": 2, "keV^2": 2}


def _energy_range(name: str, a: np.ndarray, unit: str) -> np.ndarray:
    p = _ENERGY_UNITS.get(unit)
    if p is None or a.size == 0:
        return a
    lo, hi = MIN_KEV**p, MAX_KEV**p
    mag = np.abs(a)
    if np.any(mag > hi) or np.any((mag > 0) & (mag < lo)):
        raise ValueError(f"{name} must lie in [{lo:g}, {hi:g}] {unit} (or be 0 where allowed): beyond, its powers "
                         f"leave the range of float64; got {_show(a)}")
    return a


def positive_array(name: str, x, unit: str = "keV") -> np.ndarray:
    """Finite and strictly positive: the allowed range is (0, inf) ([1e-60, 1e60] for energies in keV)."""
    a = finite_array(name, x)
    if np.any(a <= 0):
        raise ValueError(f"{name} must be > 0 {unit} (allowed range (0, inf) {unit}), got {_show(a)}")
    return _energy_range(name, a, unit)


def nonnegative_array(name: str, x, unit: str = "keV") -> np.ndarray:
    """Finite and non-negative: the allowed range is [0, inf) (0 or [1e-60, 1e60] for energies in keV)."""
    a = finite_array(name, x)
    if np.any(a < 0):
        raise ValueError(f"{name} must be >= 0 {unit} (allowed range [0, inf) {unit}), got {_show(a)}")
    return _energy_range(name, a, unit)


def positive_scalar(name: str, x, unit: str = "") -> float:
    """A single finite number > 0."""
    a = finite_array(name, x)
    if a.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got an array of shape {a.shape}")
    if a <= 0:
        raise ValueError(f"{name} must be > 0{(' ' + unit) if unit else ''} (allowed range (0, inf)), got {float(a)!r}")
    return float(_energy_range(name, a, unit))


def nonnegative_scalar(name: str, x, unit: str = "") -> float:
    """A single finite number >= 0."""
    a = finite_array(name, x)
    if a.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got an array of shape {a.shape}")
    if a < 0:
        raise ValueError(f"{name} must be >= 0{(' ' + unit) if unit else ''} (allowed range [0, inf)), got {float(a)!r}")
    return float(_energy_range(name, a, unit))


#: Largest coupling accepted (δ in e, μ in μ_B): its square and the product of two stay finite in float64.
MAX_COUPLING = 1e100


def coupling(name: str, x, unit: str = "") -> float:
    """A coupling (δ, μ): a single finite number in (0, 1e100] (squares and products stay finite)."""
    v = positive_scalar(name, x, unit)
    if v > MAX_COUPLING:
        raise ValueError(f"{name} must be <= {MAX_COUPLING:g}{(' ' + unit) if unit else ''} (allowed range (0, "
                         f"{MAX_COUPLING:g}]: its square must stay finite), got {v!r}")
    return v


def bounded_above(name: str, a: np.ndarray, limit: float = MAX_KEV, unit: str = "keV") -> np.ndarray:
    """Reject values above ``limit`` (their squares would overflow float64)."""
    if np.any(a > limit):
        raise ValueError(f"{name} must be <= {limit:g} {unit} (allowed range up to {limit:g} {unit}), got {_show(a)}")
    return a


def broadcast(**arrays) -> list[np.ndarray]:
    """Broadcast the named arrays together; a mismatch raises naming every argument and its shape."""
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"the shapes of {shapes} do not broadcast together") from exc


def frozen(a) -> np.ndarray:
    """A read-only float64 copy of ``a`` (data held by cached objects: an in-place edit by a caller
    must neither reach them nor be possible through them)."""
    b = np.array(a, dtype=float, copy=True)
    b.setflags(write=False)
    return b


def freeze_arrays(obj, _depth: int = 3):
    """Make every NumPy array held by ``obj`` (its attributes, and those of the objects, tuples and
    lists it holds, ``_depth`` levels down) read-only; returns ``obj``. For objects that a function
    caches and hands to every caller."""
    if isinstance(obj, np.ndarray):
        obj.setflags(write=False)
    elif _depth > 0:
        items = obj if isinstance(obj, (tuple, list)) else getattr(obj, "__dict__", {}).values()
        for v in items:
            freeze_arrays(v, _depth - 1)
    return obj


def choice(name: str, value, allowed) -> str:
    """``value`` must be one of ``allowed`` (compared as given; a list or other unhashable value is
    refused with the same message, not a ``TypeError``)."""
    try:
        ok = isinstance(value, str) and value in allowed
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {sorted(allowed)!r}, got {value!r}")
    return value


def integer(name: str, x, lo: int | None = None, hi: int | None = None) -> int:
    """An integer (``int`` or NumPy integer, not ``bool``, not ``2.5``) in [lo, hi]."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {x!r} of type {type(x).__name__}")
    v = int(x)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        rng = f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"
        raise ValueError(f"{name} must be an integer in {rng}, got {v!r}")
    return v


def real(name: str, x) -> float:
    """A single real number (``int``/``float`` or their NumPy types; not ``bool``, not a string)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a real number, got {x!r} of type {type(x).__name__}")
    return float(x)


def _show(a: np.ndarray) -> str:
    if a.ndim == 0:
        return repr(float(a))
    bad = a.ravel()
    return f"array with min {float(bad.min())!r} and max {float(bad.max())!r}"


def did_you_mean(word, candidates) -> str:
    """``" (did you mean 'x'?)"`` for the closest of ``candidates`` to a misspelled ``word``, else ``""``."""
    import difflib

    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
