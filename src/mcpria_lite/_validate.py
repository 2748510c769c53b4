"""Input validation shared by every public function.

Every check raises :class:`ValueError` whose message names the argument and the allowed range,
so a caller never gets a silent NaN or a wrong number.
"""

from __future__ import annotations

import numpy as np


def finite_array(name: str, x) -> np.ndarray:
    """Return ``x`` as a float64 array; raise if any element is NaN or infinite."""
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real number or an array of real numbers, got {x!r}") from exc
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {x!r}")
    return a


def positive_array(name: str, x, unit: str = "keV") -> np.ndarray:
    """Finite and strictly positive: the allowed range is (0, inf)."""
    a = finite_array(name, x)
    if np.any(a <= 0):
        raise ValueError(f"{name} must be > 0 {unit} (allowed range (0, inf) {unit}), got {_show(a)}")
    return a


def nonnegative_array(name: str, x, unit: str = "keV") -> np.ndarray:
    """Finite and non-negative: the allowed range is [0, inf)."""
    a = finite_array(name, x)
    if np.any(a < 0):
        raise ValueError(f"{name} must be >= 0 {unit} (allowed range [0, inf) {unit}), got {_show(a)}")
    return a


def positive_scalar(name: str, x, unit: str = "") -> float:
    """A single finite number > 0."""
    a = finite_array(name, x)
    if a.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got an array of shape {a.shape}")
    if a <= 0:
        raise ValueError(f"{name} must be > 0{(' ' + unit) if unit else ''} (allowed range (0, inf)), got {float(a)!r}")
    return float(a)


def nonnegative_scalar(name: str, x, unit: str = "") -> float:
    """A single finite number >= 0."""
    a = finite_array(name, x)
    if a.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got an array of shape {a.shape}")
    if a < 0:
        raise ValueError(f"{name} must be >= 0{(' ' + unit) if unit else ''} (allowed range [0, inf)), got {float(a)!r}")
    return float(a)


#: Largest energy, mass or momentum accepted (keV): squares must stay finite in float64.
MAX_KEV = 1e100


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


def choice(name: str, value, allowed) -> str:
    """``value`` must be one of ``allowed`` (compared as given)."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(allowed)!r}, got {value!r}")
    return value


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
