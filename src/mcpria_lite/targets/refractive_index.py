"""The refractive index of a detector medium from atomic scattering factors, and the in-medium mixing.

A photon in a medium has the self-energy Π(ω) = ω²(1 − n²(ω)) (n² = ε, the dielectric function; the
transverse and longitudinal parts coincide for an isotropic medium at the momentum k ≪ ω of a slow
dark photon). A dark photon of mass m_V mixes with it through κ; in the medium the effective mixing is

    κ_eff² = κ² m_V⁴ / [(m_V² − Re Π)² + (Im Π)²]

(An, Pospelov & Pradler, Phys. Lett. B 725, 190 (2013); An, Pospelov, Pradler & Ritz, Phys. Lett. B 747,
331 (2015)). For a V at rest (ω = m_V) this is exactly m_V² − Π = m_V² n², so κ_eff/κ = 1/abs(n(m_V))²
(:func:`kappa_eff_ratio`).

n = 1 − δ − iβ comes from the forward atomic scattering factor f = f₁ + i f₂ of a maintained library:
``"chantler"`` — Chantler's FFAST tables through ``xraydb.xray_delta_beta`` (10 eV – 1 MeV here);
``"henke"`` — Henke, Gullikson & Davis (1993) through ``periodictable.xsf.index_of_refraction``
(10 eV – 30 keV where the table has f₁; for Xe from 29 eV). Both treat the medium as independent atoms (f₁, f₂ of the free atom times the number
density): above 0.2 keV the two agree to < 1 % in κ_eff; below 0.1 keV δ differs between them by factors
of 2 or more and κ_eff/κ by up to 20 % (Xe, 30 eV: 1.44 against 1.21), and neither knows the condensed medium (the band gap and 16 eV plasmon of germanium, the excitons of
liquid xenon), for which a measured dielectric function is needed. :func:`in_medium_mass_keV` returns the
largest mass at which abs(κ_eff/κ − 1) exceeds a tolerance: the answer to where the in-medium correction
matters.

Default densities (:data:`DENSITY_G_CM3`): liquid xenon 2.862 g/cm³ (near its operating temperature,
≈ 177 K), crystalline germanium 5.323 g/cm³; any other element needs ``density_g_cm3``.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import _validate
from . import atoms as _atoms

__all__ = ["SOURCES", "DENSITY_G_CM3", "valid_range_keV", "refractive_index", "self_energy", "kappa_eff_ratio",
           "in_medium_mass_keV"]

#: The libraries the refractive index can come from.
SOURCES: tuple[str, ...] = ("chantler", "henke")
#: Densities in g/cm³ of the detector media used when none is given (liquid xenon, germanium crystal).
DENSITY_G_CM3: dict[str, float] = {"Xe": 2.862, "Ge": 5.323}

_CHANTLER_RANGE_KEV = (0.01, 1000.0)


@functools.lru_cache(maxsize=None)
def valid_range_keV(element, source: str = "chantler") -> tuple[float, float]:
    """(lowest, highest) photon energy in keV at which ``source`` gives the refractive index of ``element``."""
    _validate.choice("source", source, SOURCES)
    sym = _atoms.element_symbol(element)
    if source == "chantler":
        import xraydb

        e = xraydb.chantler_energies(sym)
        return max(float(e[0]) * 1e-3, _CHANTLER_RANGE_KEV[0]), min(float(e[-1]) * 1e-3, _CHANTLER_RANGE_KEV[1])
    import periodictable

    table = periodictable.elements[_atoms.element_symbols().index(sym) + 1].xray.sftable
    if table is None:
        raise ValueError(f"element must have a Henke table (Z <= 92) for source='henke', got {element!r}")
    E, f1, f2 = (np.asarray(x, float) for x in table[:3])
    bad = np.flatnonzero(~(np.isfinite(f1) & np.isfinite(f2)))  # e.g. Xe has no f1 below 29 eV
    first = int(bad[-1]) + 1 if bad.size else 0
    return float(E[first]), float(E[-1])


def _density(sym: str, density_g_cm3) -> float:
    if density_g_cm3 is None:
        if sym not in DENSITY_G_CM3:
            raise ValueError(f"density_g_cm3 is required for {sym} (defaults exist for {sorted(DENSITY_G_CM3)})")
        return DENSITY_G_CM3[sym]
    return _validate.positive_scalar("density_g_cm3", density_g_cm3, "g/cm^3")


def refractive_index(element, E_keV, density_g_cm3: float | None = None, source: str = "chantler") -> np.ndarray:
    """Complex refractive index n(E) = 1 − δ − iβ of the element at ``density_g_cm3``.

    Parameters
    ----------
    element : str or int
        Element symbol or Z.
    E_keV : float or array_like
        Photon energies (keV) inside :func:`valid_range_keV` of ``source``.
    density_g_cm3 : float, optional
        Mass density; default :data:`DENSITY_G_CM3` (Xe, Ge).
    source : {"chantler", "henke"}
    """
    _validate.choice("source", source, SOURCES)
    sym = _atoms.element_symbol(element)
    rho = _density(sym, density_g_cm3)
    E = _validate.positive_array("E_keV", E_keV)
    lo, hi = valid_range_keV(sym, source)
    if np.any((E < lo) | (E > hi)):
        raise ValueError(f"E_keV must lie in [{lo:g}, {hi:g}] keV for the {source} refractive index of {sym}, "
                         f"got range [{float(E.min())!r}, {float(E.max())!r}]")
    flat = E.ravel()
    if source == "chantler":
        import xraydb

        d, b, _ = xraydb.xray_delta_beta(sym, rho, flat * 1e3)
        n = 1.0 - np.asarray(d, float) - 1j * np.asarray(b, float)
    else:
        import periodictable.xsf as xsf

        n = np.asarray(xsf.index_of_refraction(sym, density=rho, energy=flat), complex)
        n = n.real - 1j * np.abs(n.imag)
    if not np.all(np.isfinite(n)):  # pragma: no cover - the range check keeps the tables inside their grids
        raise ValueError(f"the {source} table gave a non-finite refractive index for {sym}")
    return np.asarray(n, complex).reshape(E.shape)


def self_energy(element, E_keV, density_g_cm3: float | None = None, source: str = "chantler") -> np.ndarray:
    """The in-medium photon self-energy Π(ω) = ω²(1 − n²(ω)) in keV² (complex)."""
    E = _validate.positive_array("E_keV", E_keV)
    n = refractive_index(element, E, density_g_cm3, source)
    return E**2 * (1.0 - n**2)


def kappa_eff_ratio(element, m_V_keV, density_g_cm3: float | None = None, source: str = "chantler") -> np.ndarray:
    """κ_eff/κ = m_V²/abs(m_V² − Π(m_V)) = 1/abs(n(m_V))² for dark-photon dark matter (ω = m_V) in the medium.

    ``m_V_keV`` must lie inside :func:`valid_range_keV` of ``source`` (``ValueError`` otherwise).
    """
    m = _validate.positive_array("m_V_keV", m_V_keV)
    n = refractive_index(element, m, density_g_cm3, source)
    return 1.0 / np.abs(n) ** 2


def in_medium_mass_keV(element, tolerance: float = 0.01, density_g_cm3: float | None = None,
                       source: str = "chantler", m_max_keV: float = 100.0, n_grid: int = 2000) -> float | None:
    """The largest m_V (keV) in the table's range up to ``m_max_keV`` at which abs(κ_eff/κ − 1) > ``tolerance``
    (on a log grid of ``n_grid`` masses), or ``None`` if the correction stays below it everywhere."""
    tol = _validate.positive_scalar("tolerance", tolerance)
    lo, hi = valid_range_keV(element, source)
    top = min(hi, _validate.positive_scalar("m_max_keV", m_max_keV, "keV"))
    if not top > lo:
        raise ValueError(f"m_max_keV must exceed the table's lowest energy {lo:g} keV, got {m_max_keV!r}")
    m = np.geomspace(lo, top, int(n_grid))
    r = kappa_eff_ratio(element, m, density_g_cm3, source)
    bad = np.abs(r - 1.0) > tol
    return float(m[bad].max()) if np.any(bad) else None
