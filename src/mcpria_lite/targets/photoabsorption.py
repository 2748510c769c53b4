"""Atomic photoabsorption cross sections σ_γ(E) from published tables, in cm² per atom.

The equivalent-photon approximation (EPA) needs the total photoabsorption (photo-ionisation)
cross section of the target atom at the photon energy E = T. No single table covers 10 eV to
1 MeV well, so :func:`photoabsorption_cross_section` offers five data sets through the keyword
``source``:

``"henke"``
    Henke, Gullikson & Davis (1993) :cite:p:`henke1993` (CXRO), atomic scattering factor f₂ via
    ``periodictable``, σ = 2 r₀ λ f₂. 10 eV – 30 keV, Z = 1–92. Derived from measured
    absorption, so it contains collective effects such as the Xe 4d giant resonance
    (≈ 27 Mb near 100 eV).
``"kissel"``
    Kissel's relativistic independent-particle (RTAB) subshell cross sections summed over
    shells, ``xraylib.CSb_Photo_Total`` :cite:p:`schoonjans2011` (barn/atom). From the outermost
    binding energy to 300 keV.
``"elam"``
    Elam, Ravel & Sieber (2002) :cite:p:`elam2002`, ``xraydb.mu_elam(kind="photo")``
    (cm²/g × A/N_A). 100 eV – 800 keV (``xraydb`` silently clamps outside: we refuse instead).
``"chantler"``
    Chantler's FFAST tables, ``xraydb.mu_chantler(photo=True)``. 10 eV – ~1 MeV.
``"henke+kissel"`` (default)
    Henke below 20 keV, Kissel from 30 to 250 keV, joined across 20–30 keV by a log-linear
    weight w = ln(E/20 keV)/ln(30/20) on ln σ (continuous by construction, the two sets differ by
    2–4 % there). Above Kissel's table (300 keV) the ``xraylib`` total photo-ionisation set
    ``CSb_Photo`` (Scofield-based; equal to Elam within 0.1 %) takes over through the same kind of
    blend across 250–300 keV; it ends at 1 MeV, beyond which a power law with the slope of its
    last half decade (500 keV – 1 MeV) continues to 20 MeV. For Z > 92 (no Henke table) Kissel is
    used down to its lowest energy.

All functions take energies in keV and return cm² per atom; energies outside a set's range raise
:class:`ValueError` naming the range (no silent clamping, no NaN).
"""

from __future__ import annotations

import functools
import warnings
from typing import Literal

import numpy as np

from .. import _validate
from .. import units
from .._threads import limited

#: Names accepted by the ``source`` keyword.
SOURCES: tuple[str, ...] = ("henke+kissel", "henke", "kissel", "elam", "chantler")
# the same names, as a type
PhotoabsorptionSource = Literal["henke+kissel", "henke", "kissel", "elam", "chantler"]

#: Blend between Henke and Kissel (keV).
HENKE_KISSEL_BLEND_KEV: tuple[float, float] = (20.0, 30.0)
#: Blend between Kissel and the xraylib ``CSb_Photo`` set (keV).
KISSEL_SCOFIELD_BLEND_KEV: tuple[float, float] = (250.0, 300.0)
#: Upper end of the tabulated high-energy set (for most Z); beyond it a power law continues.
_SCOFIELD_TOP_KEV: float = 1000.0
#: Highest energy accepted by the default set (power-law continuation above 1 MeV).
DEFAULT_E_MAX_KEV: float = 2.0e4

_Z_MAX = 100


def _check_Z(Z: int) -> int:
    if not isinstance(Z, (int, np.integer)) or isinstance(Z, bool) or not 1 <= int(Z) <= _Z_MAX:
        raise ValueError(f"Z must be an integer in 1..{_Z_MAX}, got {Z!r}")
    return int(Z)


# --------------------------------------------------------------------------------------------
# ranges
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _henke_table(Z: int):
    """Henke table (E keV, f2) of element Z or None when periodictable has none (Z > 92)."""
    import periodictable

    el = periodictable.elements[Z]
    table = el.xray.sftable
    if table is None:
        return None
    E = np.asarray(table[0], dtype=float)
    f2 = np.asarray(table[2], dtype=float)
    return E, f2


def _accepts(f, Z: int, E: float) -> bool:
    """Does the xraylib function ``f`` return data for element Z at energy E (keV)?"""
    try:
        f(Z, E)
        return True
    except ValueError:
        return False


def _probe_edge(f, Z: int, lo: float, hi: float, valid_above: bool) -> float:
    """The boundary in [lo, hi] (keV) of the energies at which ``f`` returns data, by bisection
    in ln E: the lower end of the valid range (``valid_above``) or its upper end."""
    end = lo if valid_above else hi
    if _accepts(f, Z, end):
        return end
    for _ in range(80):
        mid = np.sqrt(lo * hi)
        if _accepts(f, Z, mid) == valid_above:
            hi = mid
        else:
            lo = mid
        if hi / lo - 1 < 1e-10:
            break
    return hi * (1 + 1e-9) if valid_above else lo * (1 - 1e-9)


def _probe_lower(f, Z: int, lo: float, hi: float) -> float:
    """Smallest energy in [lo, hi] (keV) at which the xraylib function ``f`` returns data."""
    return _probe_edge(f, Z, lo, hi, valid_above=True)


def _probe_upper(f, Z: int, lo: float, hi: float) -> float:
    """Largest energy in [lo, hi] (keV) at which the xraylib function ``f`` returns data."""
    return _probe_edge(f, Z, lo, hi, valid_above=False)


@functools.lru_cache(maxsize=None)
def _kissel_usable_top(Z: int) -> float:
    """Highest energy (keV) up to which xraylib's Kissel totals are usable for element Z.

    ``xraylib.CSb_Photo_Total`` is tabulated to 300 keV, but for light elements it collapses
    (falls by orders of magnitude) well below that: Na is 100× too low at 100 keV, H and He are
    wrong above ~1 keV. We take the usable range to end where the ratio to the xraylib
    ``CSb_Photo`` set drops below 0.8 and never recovers (narrow excursions at edges, where the two
    sets place an edge a few eV apart, do recover and are ignored). For Z ≥ 30 this is the table
    end, 300 keV.
    """
    import xraylib
    import xraylib_np

    table_top = _probe_upper(xraylib.CSb_Photo_Total, Z, 0.1, 1000.0)
    E = np.geomspace(0.1, table_top, 800)
    zarr = np.array([Z], dtype=np.int64)
    k = xraylib_np.CSb_Photo_Total(zarr, E)[0]
    s = xraylib_np.CSb_Photo(zarr, E)[0]
    ratio = np.divide(k, s, out=np.zeros_like(k), where=s > 0)
    bad = ratio < 0.8
    bad_from_here = np.flip(np.cumprod(np.flip(bad))).astype(bool)
    if not bad_from_here.any():
        return float(table_top)
    return float(E[np.argmax(bad_from_here)])


@functools.lru_cache(maxsize=None)
def valid_range_keV(Z: int, source: PhotoabsorptionSource = "henke+kissel") -> tuple[float, float]:
    """Energy range (keV) in which ``source`` provides σ_γ for element Z.

    Raises
    ------
    ValueError
        If ``source`` is unknown or has no data at all for Z.
    """
    import xraylib
    import xraydb

    Z = _check_Z(Z)
    _validate.choice("source", source, SOURCES)
    if source == "henke":
        t = _henke_table(Z)
        if t is None:
            raise ValueError(f"source='henke' has no table for Z={Z} (Henke tables cover Z = 1..92)")
        return float(t[0][0]), float(t[0][-1])
    if Z > 98:
        raise ValueError(f"no photoabsorption data for Z={Z}: the tables cover Z = 1..98")
    if source == "kissel":
        lo = _probe_lower(xraylib.CSb_Photo_Total, Z, 1e-4, 1.0)
        return float(lo), _kissel_usable_top(Z)
    if source == "elam":
        return 0.1, 800.0
    if source == "chantler":
        if Z > 92:
            raise ValueError(f"source='chantler' has no table for Z={Z} (Chantler tables cover Z = 1..92)")
        e = np.asarray(xraydb.chantler_energies(Z), dtype=float) * units.EV
        return max(float(e.min()), 0.01), min(float(e.max()), 1000.0)
    # default blend
    t = _henke_table(Z)
    lo = float(t[0][0]) if t is not None else valid_range_keV(Z, "kissel")[0]
    return lo, DEFAULT_E_MAX_KEV


def _in_range(name: str, E: np.ndarray, Z: int, source: str) -> None:
    lo, hi = valid_range_keV(Z, source)
    if E.size and (E.min() < lo * (1 - 1e-12) or E.max() > hi * (1 + 1e-12)):
        raise ValueError(
            f"{name} must lie in [{lo:.6g}, {hi:.6g}] keV for source={source!r} and Z={Z}, "
            f"got values in [{E.min():.6g}, {E.max():.6g}] keV"
        )


# --------------------------------------------------------------------------------------------
# the individual sets (E already validated, 1-D float arrays, keV -> cm^2/atom)
# --------------------------------------------------------------------------------------------
def _henke(Z: int, E: np.ndarray) -> np.ndarray:
    Et, f2t = _henke_table(Z)
    # periodictable interpolates f2 linearly in E; we interpolate ln f2 in ln E (the table is
    # dense, 1.6 % steps with doubled points at edges, so the two agree to < 1e-3).
    f2 = np.exp(np.interp(np.log(E), np.log(Et), np.log(np.maximum(f2t, 1e-300))))
    wavelength_cm = 2.0 * np.pi * units.HBARC_KEV_CM / E
    return 2.0 * units.R_E_CM * wavelength_cm * f2


def _kissel(Z: int, E: np.ndarray) -> np.ndarray:
    import xraylib_np

    with limited("openmp"):  # one thread: an OpenMP team for a few energies costs more than the loop
        s = xraylib_np.CSb_Photo_Total(np.array([Z], dtype=np.int64), np.ascontiguousarray(E, dtype=float))[0]
    return s * units.BARN_CM2


def _scofield(Z: int, E: np.ndarray) -> np.ndarray:
    import xraylib_np

    with limited("openmp"):
        s = xraylib_np.CSb_Photo(np.array([Z], dtype=np.int64), np.ascontiguousarray(E, dtype=float))[0]
    return s * units.BARN_CM2


@functools.lru_cache(maxsize=None)
def _molar_mass(Z: int) -> float:
    from .elam import molar_mass

    return molar_mass(Z)


def _per_gram_to_per_atom(Z: int, mu_cm2_per_g: np.ndarray) -> np.ndarray:
    return np.asarray(mu_cm2_per_g, dtype=float) * _molar_mass(Z) / units.N_A


def _elam(Z: int, E: np.ndarray) -> np.ndarray:
    import xraydb

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # range already enforced; xraydb warns at the ends
        mu = xraydb.mu_elam(Z, E / units.EV, kind="photo")
    return _per_gram_to_per_atom(Z, mu)


def _chantler(Z: int, E: np.ndarray) -> np.ndarray:
    import xraydb

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mu = xraydb.mu_chantler(Z, E / units.EV, photo=True)
    return _per_gram_to_per_atom(Z, mu)


def _log_blend(E, lo, hi, s_lo, s_hi):
    """exp[(1 − w) ln s_lo + w ln s_hi], w = ln(E/lo)/ln(hi/lo) clipped to [0, 1]."""
    w = np.clip(np.log(E / lo) / np.log(hi / lo), 0.0, 1.0)
    return np.exp((1.0 - w) * np.log(s_lo) + w * np.log(s_hi))


@functools.lru_cache(maxsize=None)
def _default_breaks(Z: int) -> tuple[float, float, float, float, float]:
    """Per-element break points of the default set (keV).

    Returns (k_lo, k_hi, s_top, σ(s_top) in cm², slope): Kissel is blended into ``CSb_Photo``
    across [k_lo, k_hi] (k_hi = end of Kissel's table, 300 keV for most Z, k_lo = 5/6 k_hi), and
    above s_top (end of the ``CSb_Photo`` table, 1 MeV for most Z) a power law with the slope of
    [s_top/2, s_top] continues.
    """
    import xraylib

    k_hi = _kissel_usable_top(Z)
    k_lo = k_hi * KISSEL_SCOFIELD_BLEND_KEV[0] / KISSEL_SCOFIELD_BLEND_KEV[1]
    s_top = _probe_upper(xraylib.CSb_Photo, Z, 100.0, _SCOFIELD_TOP_KEV)
    e = np.array([0.5 * s_top, s_top])
    sig = _scofield(Z, e)
    return k_lo, k_hi, s_top, float(sig[1]), float(np.log(sig[1] / sig[0]) / np.log(e[1] / e[0]))


def _high_energy(Z: int, E: np.ndarray) -> np.ndarray:
    """Kissel, blended into CSb_Photo where Kissel ends, power law beyond CSb_Photo's table."""
    k_lo, k_hi, s_top, sig_top, slope = _default_breaks(Z)
    out = np.empty_like(E)
    m = E < k_lo
    if np.any(m):
        out[m] = _kissel(Z, E[m])
    m = (E >= k_lo) & (E < k_hi)
    if np.any(m):
        out[m] = _log_blend(E[m], k_lo, k_hi, _kissel(Z, E[m]), _scofield(Z, E[m]))
    m = (E >= k_hi) & (E < s_top)
    if np.any(m):
        out[m] = _scofield(Z, E[m])
    m = E >= s_top
    if np.any(m):
        out[m] = sig_top * (E[m] / s_top) ** slope
    return out


def _default(Z: int, E: np.ndarray) -> np.ndarray:
    h_lo, h_hi = HENKE_KISSEL_BLEND_KEV
    if _henke_table(Z) is None:
        return _high_energy(Z, E)
    out = np.empty_like(E)
    m = E < h_lo
    if np.any(m):
        out[m] = _henke(Z, E[m])
    m = (E >= h_lo) & (E < h_hi)
    if np.any(m):
        out[m] = _log_blend(E[m], h_lo, h_hi, _henke(Z, E[m]), _high_energy(Z, E[m]))
    m = E >= h_hi
    if np.any(m):
        out[m] = _high_energy(Z, E[m])
    return out


_IMPL = {"henke": _henke, "kissel": _kissel, "elam": _elam, "chantler": _chantler, "henke+kissel": _default}


def photoabsorption_cross_section(Z: int, E_keV, source: PhotoabsorptionSource = "henke+kissel") -> np.ndarray:
    """Total atomic photoabsorption cross section σ_γ(E) in cm² per atom.

    Parameters
    ----------
    Z : int
        Atomic number, 1..100.
    E_keV : float or ArrayLike
        Photon energy in keV, > 0 and inside the range of ``source``
        (see :func:`valid_range_keV`; the default set covers 10 eV – 20 MeV for Z ≤ 92).
    source : str
        One of :data:`SOURCES` (see the module docstring).

    Returns
    -------
    numpy.ndarray
        σ_γ in cm² per atom, same shape as ``E_keV``.

    Raises
    ------
    ValueError
        Unknown source, Z out of range, E ≤ 0, non-finite, or outside the set's range.
    """
    Z = _check_Z(Z)
    _validate.choice("source", source, SOURCES)
    E = _validate.positive_array("E_keV", E_keV)
    flat = E.ravel()
    _in_range("E_keV", flat, Z, source)
    return _IMPL[source](Z, flat).reshape(E.shape)
