"""Fluxes of incoming particles: solar neutrinos, dark cosmic rays, and a user's own sources.

A :class:`Flux` gives the differential flux dφ/dE of a continuum (cm⁻² s⁻¹ keV⁻¹, already
multiplied by the solid angle for fluxes quoted per steradian), a tuple of monochromatic lines,
the :class:`~mcpria_lite.projectiles.Projectile` it carries (``flux.projectile``; ``flux.m_keV``
is its mass), how everything scales with the millicharge δ (dφ ∝ δ**delta_power), and -- the
part the event rates use -- a quadrature rule adapted to the spectrum::

    E, w = flux.quadrature(E_lo, E_hi, n=64)
    rate_integral = (w * f(E)).sum(axis=-1)   # ≈ ∫ dE dφ/dE f(E) + Σ_lines φ_line f(E_line)

``E_lo`` and ``E_hi`` may be arrays (one kinematic lower limit per energy transfer T), so an
integral over E for every T is a single vectorised call. :meth:`Flux.flavour_quadrature` splits the
same weights by the flavour arriving at the detector (solar neutrinos: ν_e with the survival
probability P_ee(E) of :mod:`mcpria_lite.oscillations`, ν_μ/ν_τ with 1 − P_ee).

Energies E are **total** energies of the projectile in keV (for neutrinos E = E_ν, for a massive
dark-matter particle E = m_χ + kinetic energy).

**Building a source.** The built-in sources are :func:`solar_neutrinos` (and :func:`solar_neutrino_component`) and
:func:`dark_cosmic_rays`. A user's own source is one of

* :func:`tabulated_flux`: arrays (E, dφ/dE), interpolated log–log (power law between nodes) or
  linearly;
* :func:`callable_flux`: any function dφ/dE(E) on a finite range [E_min, E_max];
* :func:`line_flux`: one or several monochromatic lines (no energy range needed);
* :func:`power_law_flux`: A (E/E_pivot)^(−γ) on [E_min, E_max], E_max may be infinite;

and any two fluxes of the same projectile add up: ``tabulated_flux(...) + line_flux(...)`` is a
:class:`SumFlux` (each part keeps its own quadrature rule). Each constructor validates its input:
energies at or above the projectile mass, non-negative spectra, lines inside a given range --
a ``ValueError`` otherwise, never a silently empty source.

Quadrature rules (accuracy measured in ``tests/test_fluxes.py`` against :func:`scipy.integrate.quad`):

* allowed β⁺ spectra (pp, ¹³N, ¹⁵O, ¹⁷F, ⁸B, hep): Gauss–Legendre in the positron momentum p_e.
  In that variable the √(end-point) behaviour of dN/dE disappears (dE = −p_e/W_e dp_e, so the
  integrand is E_ν² p_e² F(Z, W_e), smooth in p_e). With n = 64 nodes the moments ∫E^k dφ,
  k = 0, 1, 2, agree with adaptive quadrature to < 1e-9 (relative) for every component.
* power law E^−α to infinity (dark cosmic rays): Gauss–Jacobi in y = E_lo/E ∈ (0, 1], whose weight
  function y^(α−3) (α > 2; y^(α−2) for α ≤ 2) carries the spectrum; for α > 2 the rule is exact for
  f ∈ span{E, 1, 1/E, …, E^−(2n−2)} (cross sections tend to a constant plus powers of 1/E at
  large E). Integrands growing like ln E converge algebraically: ~1e-7 relative at n = 64.
* power law on a finite interval [E_lo, E_hi]: Gauss–Legendre in ln E, where the integrand
  E^(1−α) f(E) is an entire function of ln E for f polynomial in 1/E.
* tabulated and callable spectra: composite Gauss–Legendre in ln E (in E on a panel starting at
  E = 0), ⌈n/P⌉ nodes on each of P panels. A table's panels are its own intervals (so the kinks of
  the interpolant sit on panel edges and the rule converges exponentially inside each), grouped
  into n/2 panels when the table has more intervals than that; a callable's panels are split at
  its ``breakpoints_keV``.
* lines: one node per line at its energy, weight φ_line if E_lo ≤ E_line ≤ E_hi, else 0.

Nodes outside the requested range (lines, empty intervals) carry weight exactly 0 but are still
returned at finite energies inside the flux's own range, so ``w * f(E)`` is finite as long as f is
finite there.

References
----------
Solar-model fluxes: W. C. Haxton, R. G. Hamish Robertson, A. M. Serenelli, *Solar Neutrinos:
Status and Prospects*, Annu. Rev. Astron. Astrophys. 51, 21 (2013), SSM with GS98 abundances
(SFII nuclear rates; same numbers as Serenelli, Haxton, Peña-Garay, ApJ 743, 24 (2011)).
Spectral shapes, end points and line energies/branchings: J. N. Bahcall, *Neutrino Astrophysics*
(Cambridge University Press, 1989), ch. 6; J. N. Bahcall & R. K. Ulrich, Rev. Mod. Phys. 60, 297
(1988).
Dark cosmic rays: P.-K. Hu, A. Kusenko, V. Takhistov, Phys. Lett. B 768, 18 (2017), as quoted by
Qiao, Lin, Chi, Jia, JHEP 03 (2021) 184.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Literal

import numpy as np
from scipy.special import roots_jacobi, roots_legendre

from . import _validate
from . import oscillations as _osc
from .projectiles import Projectile, millicharged_particle, neutrino
from .units import ALPHA, GEV, M_E

__all__ = [
    "Flux",
    "BetaPlusSpectrum",
    "LineFlux",
    "PowerLawFlux",
    "TabulatedFlux",
    "CallableFlux",
    "SumFlux",
    "SOLAR_NEUTRINO_FLUXES",
    "SOLAR_COMPONENTS",
    "BETA_ENDPOINTS_KEV",
    "BETA_DAUGHTER_Z",
    "SOLAR_LINES",
    "solar_neutrinos",
    "solar_neutrino_component",
    "dark_cosmic_rays",
    "tabulated_flux",
    "callable_flux",
    "line_flux",
    "power_law_flux",
    "fermi_function_positron",
]

# ------------------------------------------------------------------------------------------------
# Inputs with their sources
# ------------------------------------------------------------------------------------------------

#: Standard-solar-model neutrino fluxes at Earth, cm⁻² s⁻¹, keyed by model then component.
#: Source: Haxton, Robertson & Serenelli, Annu. Rev. Astron. Astrophys. 51, 21 (2013), table of
#: SSM fluxes, column GS98 (Grevesse & Sauval 1998 abundances, SFII nuclear cross sections).
#: The ⁷Be entry is the sum of both lines (861.8 keV: 89.7 %, 384.3 keV: 10.3 %).
SOLAR_NEUTRINO_FLUXES: dict[str, dict[str, float]] = {
    "GS98": {
        "pp": 5.98e10,
        "7Be": 5.00e9,
        "pep": 1.44e8,
        "13N": 2.96e8,
        "15O": 2.23e8,
        "17F": 5.52e6,
        "8B": 5.58e6,
        "hep": 8.04e3,
    },
}

#: Components in the order of the pp chain then the CNO cycle (the default of :func:`solar_neutrinos`).
SOLAR_COMPONENTS: tuple[str, ...] = ("pp", "7Be", "pep", "13N", "15O", "17F", "8B", "hep")

#: End points (maximum neutrino energy = positron kinetic end point, nuclear recoil neglected) of the
#: β⁺ continua in keV. pp, ¹³N, ¹⁵O, ¹⁷F, hep: Bahcall, *Neutrino Astrophysics* (1989), table 6.1
#: (0.420, 1.199, 1.732, 1.740, 18.77 MeV). ⁸B: **approximation** -- ⁸B decays to the broad
#: (Γ ≈ 1.5 MeV) 2⁺ level of ⁸Be at 3.03 MeV, so its spectrum is not a single allowed shape; we use
#: the allowed shape with the end point to the centroid of that level, Q_β⁺(g.s.) − 3.03 MeV =
#: 16.96 − 3.03 ≈ 13.93 MeV. The true spectrum extends to ≈ 16.5 MeV and has mean 6.7 MeV
#: (Bahcall et al., Phys. Rev. C 54, 411 (1996)); ours has mean ≈ 7.2 MeV. ⁸B is ~1e-4 of the
#: total flux and irrelevant for keV energy transfers.
BETA_ENDPOINTS_KEV: dict[str, float] = {
    "pp": 420.0,
    "13N": 1199.0,
    "15O": 1732.0,
    "17F": 1740.0,
    "8B": 13930.0,
    "hep": 18770.0,
}

#: Charge number of the daughter nucleus (enters the Fermi function of the emitted positron):
#: pp → ²H, ¹³N → ¹³C, ¹⁵O → ¹⁵N, ¹⁷F → ¹⁷O, ⁸B → ⁸Be, hep (³He + p) → ⁴He.
BETA_DAUGHTER_Z: dict[str, int] = {"pp": 1, "13N": 6, "15O": 7, "17F": 8, "8B": 4, "hep": 2}

#: Monochromatic electron-capture lines, as pairs (energy in keV, branching fraction). ⁷Be to the
#: ground state 89.7 %, to the 478-keV excited state of ⁷Li 10.3 %; pep 1442 keV (Bahcall 1989,
#: table 6.1).
SOLAR_LINES: dict[str, tuple[tuple[float, float], ...]] = {
    "7Be": ((861.8, 0.897), (384.3, 0.103)),
    "pep": ((1442.2, 1.0),),
}

_FOUR_PI = 4.0 * math.pi


# ------------------------------------------------------------------------------------------------
# Quadrature building blocks (cached, read-only)
# ------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    # scipy's rule (tridiagonal eigen-solver / Newton for large n) rather than numpy's leggauss,
    # whose dense eigvalsh can take ~1 s for n = 256 on a loaded multi-threaded BLAS
    x, w = roots_legendre(n)
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


@functools.lru_cache(maxsize=64)
def _gauss_jacobi_unit(n: int, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Nodes y_i ∈ (0, 1), weights v_i with Σ v_i g(y_i) ≈ ∫_0^1 y^b g(y) dy."""
    x, w = roots_jacobi(n, 0.0, b)
    y = 0.5 * (1.0 + x)
    v = w * 2.0 ** (-(b + 1.0))
    y.setflags(write=False)
    v.setflags(write=False)
    return y, v


def _check_n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an integer >= 1 (number of quadrature nodes), got {n!r}")
    return int(n)


def _limit_array(name: str, x, default: float) -> np.ndarray:
    if x is None:
        return np.asarray(default, dtype=float)
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real number or an array of real numbers in keV, got {x!r}") from exc
    if np.any(np.isnan(a)):
        raise ValueError(f"{name} must not contain NaN (allowed: any real value in keV, ±inf included)")
    return a


def fermi_function_positron(Z: int, W_keV) -> np.ndarray:
    """Non-relativistic Fermi function F(Z, W) for an emitted positron.

    F = 2πη / (exp(2πη) − 1) with η = Z α W / p (the Sommerfeld factor for a repulsive Coulomb
    field), W the positron total energy and p = √(W² − m_e²). F → 1 for Z → 0 and F → 0
    (faster than any power of p) at the end point p → 0.

    Parameters
    ----------
    Z : int
        Charge number of the daughter nucleus (≥ 0).
    W_keV : array_like
        Positron total energy in keV (≥ m_e; values below m_e give 0).

    Returns
    -------
    numpy.ndarray
        Dimensionless F(Z, W).
    """
    W = np.asarray(W_keV, dtype=float)
    p = np.sqrt(np.clip(W * W - M_E * M_E, 0.0, None))
    return _fermi_from_p(Z, W, p)


def _fermi_from_p(Z: int, W: np.ndarray, p: np.ndarray) -> np.ndarray:
    if Z == 0:
        return np.where(p > 0, 1.0, 0.0)
    pos = p > 0
    x = 2.0 * math.pi * Z * ALPHA * W / np.where(pos, p, 1.0)
    # x e^{-x} / (1 - e^{-x}); e^{-x} underflows quietly to 0 for large x
    F = x * np.exp(-x) / (-np.expm1(-x))
    return np.where(pos, F, 0.0)


# ------------------------------------------------------------------------------------------------
# Flux classes
# ------------------------------------------------------------------------------------------------

_CONSTRUCTORS = ("tabulated_flux(E_keV, dphi_dE, projectile=...), callable_flux(f, E_min_keV, E_max_keV, "
                 "projectile=...), line_flux(lines, projectile=...), power_law_flux(...), solar_neutrinos(), "
                 "dark_cosmic_rays(m_keV)")


def _check_projectile(projectile) -> Projectile:
    if projectile is None:
        raise ValueError(
            "projectile is required: a mcpria_lite.projectiles.Projectile, e.g. projectiles.neutrino('nu_e') "
            "or projectiles.millicharged_particle(m_keV)")
    if not isinstance(projectile, Projectile):
        raise ValueError(f"projectile must be a mcpria_lite.projectiles.Projectile (e.g. projectiles.neutrino()), "
                         f"got {type(projectile).__name__}")
    return projectile


def _check_lines(lines, m: float, E_min=None, E_max=None) -> tuple[tuple[float, float], ...]:
    """Validated ((E_keV, phi_cm2_s), ...): finite, E > m (and inside [E_min, E_max] if given), phi > 0."""
    out = []
    for item in lines:
        try:
            E, phi = item
            E, phi = float(E), float(phi)
        except (TypeError, ValueError):
            raise ValueError(f"lines must be pairs (E_keV, phi_cm2_s) of real numbers, got {item!r}") from None
        if not (math.isfinite(E) and math.isfinite(phi)):
            raise ValueError(f"lines must be finite (E_keV, phi_cm2_s) pairs, got {item!r}")
        if not E > m:
            raise ValueError(f"line energy E_keV={E!r} must be above the projectile mass m = {m:g} keV "
                             f"(E is the total energy; allowed range (m, inf) keV)")
        if not phi > 0:
            raise ValueError(f"line flux phi_cm2_s must be > 0 cm^-2 s^-1 (allowed range (0, inf)), got {phi!r} "
                             f"for the line at {E:g} keV")
        if (E_min is not None and E < E_min) or (E_max is not None and E > E_max):
            raise ValueError(f"line energy E_keV={E!r} lies outside the range [E_min_keV, E_max_keV] = "
                             f"[{E_min!r}, {E_max!r}] keV (allowed: inside the range)")
        out.append((E, phi))
    return tuple(out)


@dataclass(frozen=True, kw_only=True)
class Flux:
    """A flux of projectiles: continuum dφ/dE plus monochromatic lines (abstract base).

    Build one with a constructor (:func:`tabulated_flux`, :func:`callable_flux`,
    :func:`line_flux`, :func:`power_law_flux`, :func:`solar_neutrinos`,
    :func:`dark_cosmic_rays`); ``Flux(...)`` itself has no spectrum and raises ``ValueError``.

    Attributes
    ----------
    name : str
        Human-readable label.
    projectile : Projectile
        The incoming particle (:mod:`mcpria_lite.projectiles`): its mass, flavour and, for a
        massless one, the regulator of the equivalent-photon approximation.
    delta_power : float
        The flux scales as δ**delta_power with the millicharge δ (α − 1 for dark cosmic rays,
        0 for neutrinos and by default for a user's source).
    solid_angle_sr : float or None
        Solid angle already folded into :meth:`dphi_dE` (fluxes quoted per sr are multiplied by
        it; 4π for an isotropic flux); ``None`` for a spectrum given per cm² s keV.
    E_min_keV, E_max_keV : float
        Range of the spectrum in total energy E (keV), E_min_keV ≥ the projectile mass;
        ``E_max_keV`` may be ``numpy.inf``.
    lines : tuple
        Monochromatic lines as pairs (energy in keV, flux in cm⁻² s⁻¹ at δ = 1); empty if none.
    """

    name: str
    projectile: Projectile
    delta_power: float = 0.0
    solid_angle_sr: float | None = None
    E_min_keV: float
    E_max_keV: float
    lines: tuple[tuple[float, float], ...] = ()

    def __new__(cls, *args, **kwargs):
        if cls is Flux:
            raise ValueError("Flux is the abstract base of every source and has no spectrum; build a flux with "
                             f"one of the constructors (allowed): {_CONSTRUCTORS}")
        return object.__new__(cls)

    def __post_init__(self) -> None:
        _check_projectile(self.projectile)
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        dp = _validate.finite_array("delta_power", self.delta_power)
        if dp.ndim != 0:
            raise ValueError("delta_power must be a finite scalar (the flux scales as delta**delta_power)")
        object.__setattr__(self, "delta_power", float(dp))
        if self.solid_angle_sr is not None:
            om = _validate.positive_scalar("solid_angle_sr", self.solid_angle_sr, "sr")
            if om > 4.0 * math.pi * (1.0 + 1e-12):
                raise ValueError(f"solid_angle_sr must be in (0, 4*pi] sr or None, got {self.solid_angle_sr!r}")
        m = self.projectile.mass_keV
        lo = float(self.E_min_keV)
        hi = float(self.E_max_keV)
        if math.isnan(lo) or math.isnan(hi) or not math.isfinite(lo) or not lo <= hi:
            raise ValueError(f"E_min_keV and E_max_keV must satisfy finite E_min_keV <= E_max_keV (keV), "
                             f"got [{self.E_min_keV!r}, {self.E_max_keV!r}]")
        if lo < m * (1.0 - 1e-12):
            raise ValueError(f"E_min_keV must be >= the projectile mass m = {m:g} keV (E is the total energy), "
                             f"got {lo!r}")
        object.__setattr__(self, "E_min_keV", lo)
        object.__setattr__(self, "E_max_keV", hi)
        object.__setattr__(self, "lines", _check_lines(self.lines, m, lo, hi))

    # --- subclass hooks ----------------------------------------------------------------------
    @property
    def has_continuum(self) -> bool:
        """Whether the flux has a continuous part (``False`` for pure lines)."""
        return True

    def _continuum(self, E: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """dφ/dE at δ = 1 for E inside [E_min, E_max]; cm⁻² s⁻¹ keV⁻¹."""
        raise NotImplementedError

    def _continuum_total(self) -> float:  # pragma: no cover - abstract
        """∫ dφ/dE dE over the whole range at δ = 1, cm⁻² s⁻¹."""
        raise NotImplementedError

    def _continuum_rule(self, a: np.ndarray, b: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Nodes/weights (shape a.shape + (k,)) for ∫_a^b dφ/dE f dE at δ = 1; a < b inside the range."""
        raise NotImplementedError  # pragma: no cover - abstract

    def _n_continuum(self, n: int) -> int:
        """Number of continuum nodes for a requested ``n``."""
        return n if self.has_continuum else 0

    def _split(self, E: np.ndarray, w: np.ndarray) -> dict[str, np.ndarray]:
        """Weights by the flavour arriving at the detector (default: all in the projectile's)."""
        return {self.projectile.flavour: w}

    # --- public API ----------------------------------------------------------------------------
    @property
    def m_keV(self) -> float:
        """Projectile mass in keV (``projectile.mass_keV``)."""
        return float(self.projectile.mass_keV)

    def delta_scale(self, delta: float = 1.0) -> float:
        """The factor δ**delta_power by which the flux at charge δ exceeds the one at δ = 1."""
        d = _validate.positive_scalar("delta", delta, "(millicharge in units of e)")
        return d**self.delta_power

    def dphi_dE(self, E_keV, delta: float = 1.0) -> np.ndarray:
        """Differential flux of the continuum, cm⁻² s⁻¹ keV⁻¹ (lines not included).

        Parameters
        ----------
        E_keV : array_like
            Total energy E of the projectile in keV (any finite value; 0 is returned outside
            [E_min_keV, E_max_keV]).
        delta : float
            Millicharge δ in units of e (> 0); the flux is multiplied by δ**delta_power.

        Returns
        -------
        numpy.ndarray
            Same shape as ``E_keV``.
        """
        E = _validate.finite_array("E_keV", E_keV)
        s = self.delta_scale(delta)
        out = np.zeros_like(E)
        if not self.has_continuum:
            return out
        inside = (E >= self.E_min_keV) & (E <= self.E_max_keV)
        if np.any(inside):
            out[inside] = self._continuum(E[inside])
        return s * out

    def continuum_total(self, delta: float = 1.0) -> float:
        """∫ dφ/dE dE over the whole continuum, cm⁻² s⁻¹."""
        s = self.delta_scale(delta)
        return s * self._continuum_total() if self.has_continuum else 0.0

    def lines_total(self, delta: float = 1.0) -> float:
        """Sum of the line fluxes, cm⁻² s⁻¹."""
        return self.delta_scale(delta) * float(sum(phi for _, phi in self.lines))

    def total(self, delta: float = 1.0) -> float:
        """Total flux (continuum integral + lines), cm⁻² s⁻¹."""
        return self.continuum_total(delta) + self.lines_total(delta)

    def n_nodes(self, n: int = 64) -> int:
        """Length of the last axis of :meth:`quadrature` for a given ``n``."""
        return self._n_continuum(_check_n(n)) + len(self.lines)

    def quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """Nodes and weights for integrals over the flux.

        Σ_i w_i f(E_i) ≈ ∫_{max(E_lo, E_min)}^{min(E_hi, E_max)} dφ/dE f(E) dE
        + Σ_{lines with E_lo ≤ E_line ≤ E_hi} φ_line f(E_line).

        Parameters
        ----------
        E_lo, E_hi : array_like or None
            Integration limits in keV (total energy); ``None`` means the flux's own range. Arrays
            broadcast against each other (shape S); ±inf allowed, NaN is not.
        n : int
            Number of nodes for the continuum (per continuum component for a :class:`SumFlux`;
            rounded up to a multiple of the panel count for tabulated and callable spectra).
        delta : float
            Millicharge δ; weights are multiplied by δ**delta_power.

        Returns
        -------
        E_nodes_keV, weights_cm2_s : numpy.ndarray
            Both of shape S + (n_nodes(n),): continuum nodes first, then one node per line.
            Weights are in cm⁻² s⁻¹. Out-of-range nodes have weight 0 and a finite energy inside
            the flux's range.
        """
        n = _check_n(n)
        s = self.delta_scale(delta)
        lo = _limit_array("E_lo", E_lo, self.E_min_keV)
        hi = _limit_array("E_hi", E_hi, self.E_max_keV)
        lo, hi = _validate.broadcast(E_lo=lo, E_hi=hi)
        parts_E: list[np.ndarray] = []
        parts_w: list[np.ndarray] = []
        if self.has_continuum:
            a = np.maximum(lo, self.E_min_keV)
            b = np.minimum(hi, self.E_max_keV)
            empty = ~(a < b)
            a = np.where(empty, self.E_min_keV, a)
            b = np.where(empty, self.E_max_keV, b)
            En, wn = self._continuum_rule(a, b, n)
            wn = np.where(empty[..., None], 0.0, wn)
            parts_E.append(En)
            parts_w.append(s * wn)
        if self.lines:
            El = np.array([e for e, _ in self.lines])
            pl = np.array([p for _, p in self.lines])
            inside = (lo[..., None] <= El) & (El <= hi[..., None])
            parts_E.append(np.broadcast_to(El, lo.shape + El.shape).copy())
            parts_w.append(s * np.where(inside, pl, 0.0))
        if not parts_E:  # pragma: no cover - a flux has a continuum or lines
            return np.zeros(lo.shape + (0,)), np.zeros(lo.shape + (0,))
        return np.concatenate(parts_E, axis=-1), np.concatenate(parts_w, axis=-1)

    def flavour_quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0
                           ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The nodes of :meth:`quadrature` with the weights split by the flavour at the detector.

        Solar neutrinos arrive as ν_e with probability P_ee(E) (:mod:`mcpria_lite.oscillations`,
        per component) and as ν_μ/ν_τ (``"nu_mu_tau"``) otherwise; any other flux arrives in its
        projectile's flavour. Σ over flavours of the weights equals the weights of
        :meth:`quadrature` (to rounding).

        Returns
        -------
        E_nodes_keV : numpy.ndarray
            As for :meth:`quadrature`.
        weights : dict[str, numpy.ndarray]
            Flavour (``"nu_e"``, ``"nu_mu_tau"`` or ``"chi"``) → weights in cm⁻² s⁻¹, each of
            the shape of ``E_nodes_keV``.
        """
        E, w = self.quadrature(E_lo, E_hi, n=n, delta=delta)
        return E, self._split(E, w)

    def mean_energy(self, n: int = 128) -> float:
        """Flux-weighted mean total energy ⟨E⟩ in keV (continuum and lines)."""
        E, w = self.quadrature(n=n)
        return float(np.sum(w * E) / np.sum(w))

    # --- composition -----------------------------------------------------------------------------
    def __add__(self, other):
        if not isinstance(other, Flux):
            return NotImplemented
        return _sum_of((self, other))

    def __radd__(self, other):
        if isinstance(other, (int, float)) and other == 0:  # sum([f1, f2, ...]) starts from 0
            return self
        return NotImplemented


@dataclass(frozen=True, kw_only=True)
class BetaPlusSpectrum(Flux):
    """Neutrinos from an allowed β⁺ decay, normalised to a total flux.

    dN/dE_ν ∝ E_ν² p_e W_e F(Z, W_e),  W_e = Q − E_ν + m_e,  p_e = √(W_e² − m_e²),

    for 0 ≤ E_ν ≤ Q (Q = positron kinetic end point; nuclear recoil neglected), F the
    non-relativistic Fermi function :func:`fermi_function_positron` of the daughter charge Z
    (included by default: it lowers the pp mean from 265.9 to 264.7 keV and brings the CNO means
    to within 0.2 % of Bahcall's tabulated values). ``solar_component`` names the solar
    component whose survival probability splits the flavours (``None``: no oscillation).
    """

    Q_keV: float
    Z_daughter: int
    flux_cm2_s: float
    fermi: bool = True
    solar_component: str | None = None
    _norm: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        _validate.positive_scalar("Q_keV", self.Q_keV, "keV")
        _validate.positive_scalar("flux_cm2_s", self.flux_cm2_s, "cm^-2 s^-1")
        if int(self.Z_daughter) != self.Z_daughter or self.Z_daughter < 0:
            raise ValueError(f"Z_daughter must be an integer >= 0, got {self.Z_daughter!r}")
        # shape integral with 256-point Gauss-Legendre in p_e (converged to ~1e-15, see tests)
        x, w = _gauss_legendre(256)
        pmax = self._p_of_E(np.asarray(0.0))
        p = 0.5 * pmax * (x + 1.0)
        integral = float(np.sum(0.5 * pmax * w * self._shape_p(p)))
        object.__setattr__(self, "_norm", self.flux_cm2_s / integral)

    # kinematics of the positron for a given neutrino energy
    def _p_of_E(self, E: np.ndarray) -> np.ndarray:
        T = np.clip(self.Q_keV - E, 0.0, None)  # positron kinetic energy
        return np.sqrt(T * (T + 2.0 * M_E))

    def _fermi(self, W: np.ndarray, p: np.ndarray) -> np.ndarray:
        if not self.fermi:
            return np.where(p > 0, 1.0, 0.0)
        return _fermi_from_p(int(self.Z_daughter), W, p)

    def _shape_p(self, p: np.ndarray) -> np.ndarray:
        """Unnormalised dN/dp_e = dN/dE_ν · |dE_ν/dp_e| = E_ν² p_e² F."""
        T = p * p / (np.sqrt(p * p + M_E * M_E) + M_E)
        E = self.Q_keV - T
        return E * E * p * p * self._fermi(T + M_E, p)

    def _E_of_p(self, p: np.ndarray) -> np.ndarray:
        return self.Q_keV - p * p / (np.sqrt(p * p + M_E * M_E) + M_E)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        p = self._p_of_E(E)
        W = np.clip(self.Q_keV - E, 0.0, None) + M_E
        return self._norm * E * E * p * W * self._fermi(W, p)

    def _continuum_total(self) -> float:
        return float(self.flux_cm2_s)

    def _continuum_rule(self, a, b, n):
        x, w = _gauss_legendre(n)
        p_lo = self._p_of_E(b)[..., None]  # high E ↔ low positron momentum
        p_hi = self._p_of_E(a)[..., None]
        half = 0.5 * (p_hi - p_lo)
        p = p_lo + half * (x + 1.0)
        return self._E_of_p(p), self._norm * half * w * self._shape_p(p)

    def _split(self, E, w):
        return _solar_split(self, E, w)


def _solar_split(flux: Flux, E: np.ndarray, w: np.ndarray) -> dict[str, np.ndarray]:
    comp = getattr(flux, "solar_component", None)
    if comp is None or flux.projectile.flavour != "nu_e":
        return {flux.projectile.flavour: w}
    P = _osc.survival_probability(E, comp)
    return {"nu_e": w * P, "nu_mu_tau": w * (1.0 - P)}


@dataclass(frozen=True, kw_only=True)
class LineFlux(Flux):
    """Monochromatic lines only (⁷Be, pep, or :func:`line_flux`): no continuum.

    ``E_min_keV``/``E_max_keV`` default to the lowest and highest line; every line must lie
    inside them and above the projectile mass. ``solar_component`` as for
    :class:`BetaPlusSpectrum`.
    """

    E_min_keV: float | None = None
    E_max_keV: float | None = None
    solar_component: str | None = None

    def __post_init__(self) -> None:
        m = _check_projectile(self.projectile).mass_keV
        lines = _check_lines(self.lines, m)
        if not lines:
            raise ValueError("lines must hold at least one (E_keV, phi_cm2_s) pair")
        Es = [E for E, _ in lines]
        if self.E_min_keV is None:
            object.__setattr__(self, "E_min_keV", min(Es))
        if self.E_max_keV is None:
            object.__setattr__(self, "E_max_keV", max(Es))
        super().__post_init__()

    @property
    def has_continuum(self) -> bool:
        return False

    def _continuum_total(self) -> float:
        return 0.0

    def _split(self, E, w):
        return _solar_split(self, E, w)


@dataclass(frozen=True, kw_only=True)
class PowerLawFlux(Flux):
    """A power law dφ/dE = A (E/E_pivot)^(−α) on [E_min, E_max] (cm⁻² s⁻¹ keV⁻¹, Ω folded in).

    Build it with :func:`power_law_flux` or, for dark cosmic rays, :func:`dark_cosmic_rays`
    (Hu, Kusenko & Takhistov 2017: A = N δ^(α−1) (GeV/m_χ) GeV⁻¹ sr⁻¹ × Ω at E_pivot = 1 GeV).

    Attributes
    ----------
    alpha : float
        Spectral index α (> 1 if E_max is infinite).
    amplitude_cm2_s_keV : float
        A, the flux density at the pivot (solid angle included), cm⁻² s⁻¹ keV⁻¹ at δ = 1.
    pivot_keV : float
        E_pivot in keV.
    normalisation, E_min_factor : float or None
        For dark cosmic rays, N (cm⁻² s⁻¹ GeV⁻¹ sr⁻¹) and E_min/m_χ (``None``: kinematic);
        ``None`` for a generic power law.
    """

    alpha: float
    amplitude_cm2_s_keV: float
    pivot_keV: float
    normalisation: float | None = None
    E_min_factor: float | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        a = _validate.finite_array("alpha", self.alpha)
        if a.ndim != 0:
            raise ValueError(f"alpha must be a finite scalar, got {self.alpha!r}")
        if not math.isfinite(self.E_max_keV) and not a > 1:
            raise ValueError(f"alpha must be > 1 for a power law extending to E_max_keV = inf (allowed range "
                             f"(1, inf)), got {self.alpha!r}")
        _validate.positive_scalar("amplitude_cm2_s_keV", self.amplitude_cm2_s_keV, "cm^-2 s^-1 keV^-1")
        _validate.positive_scalar("pivot_keV", self.pivot_keV, "keV")
        if not self.E_min_keV > 0:
            raise ValueError(f"E_min_keV must be > 0 keV for a power law, got {self.E_min_keV!r}")
        if not self.E_min_keV < self.E_max_keV:
            raise ValueError(f"E_min_keV must be < E_max_keV, got [{self.E_min_keV!r}, {self.E_max_keV!r}] keV")

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        return self.amplitude_cm2_s_keV * np.exp(-self.alpha * np.log(E / self.pivot_keV))

    def _continuum_total(self) -> float:
        A, p, a = self.amplitude_cm2_s_keV, self.pivot_keV, self.alpha
        x1 = math.log(self.E_min_keV / p)
        if not math.isfinite(self.E_max_keV):
            return A * p * math.exp((1.0 - a) * x1) / (a - 1.0)
        x2 = math.log(self.E_max_keV / p)
        k = 1.0 - a
        if k == 0.0:
            return A * p * (x2 - x1)
        return A * p * math.exp(k * x1) * math.expm1(k * (x2 - x1)) / k

    def _continuum_rule(self, a, b, n):
        alpha = self.alpha
        A, piv = self.amplitude_cm2_s_keV, self.pivot_keV
        a = a[..., None]
        b = b[..., None]
        # (i) b = inf: E = a / y, ∫_a^∞ A (E/p)^-α f dE = A p (a/p)^(1-α) ∫_0^1 y^(α-2) f(a/y) dy.
        # Gauss–Jacobi with weight y^(α-2-s) applied to y^s f(a/y): s = 1 for α > 2 makes the rule
        # exact for f ∈ span{E, 1, 1/E, ..., E^-(2n-2)}; s = 0 for α ≤ 2 (where ∫E dφ diverges).
        finite = np.isfinite(b)
        if np.all(finite):
            E_inf = w_inf = None
        else:
            shift = 1.0 if alpha > 2.0 else 0.0
            y, v = _gauss_jacobi_unit(n, alpha - 2.0 - shift)
            E_inf = a / y
            w_inf = A * piv * np.exp((1.0 - alpha) * np.log(a / piv)) * (v * y**shift)
        # (ii) b finite: t = ln E, ∫ A (E/p)^-α E f dt (Gauss–Legendre in ln E)
        x, w = _gauss_legendre(n)
        bb = np.where(finite, b, 2.0 * a)
        la, lb = np.log(a), np.log(bb)
        half = 0.5 * (lb - la)
        t = la + half * (x + 1.0)
        E_fin = np.exp(t)
        w_fin = A * piv * half * w * np.exp((1.0 - alpha) * (t - math.log(piv)))
        if E_inf is None:
            return E_fin, w_fin
        return np.where(finite, E_fin, E_inf), np.where(finite, w_fin, w_inf)


# --- tabulated and callable spectra: composite Gauss–Legendre on panels ------------------------------
def _panel_rule(edges: np.ndarray, a: np.ndarray, b: np.ndarray, n: int, density: Callable):
    """Composite Gauss–Legendre over fixed panels ``edges`` (finite, increasing), restricted to [a, b].

    ⌈n/P⌉ nodes per panel, in ln E on panels with a positive lower edge, in E otherwise. Returns
    nodes and weights of shape a.shape + (P·⌈n/P⌉,), the weights multiplied by density(E).
    """
    P = edges.size - 1
    m = -(-n // P)
    x, wg = _gauss_legendre(m)
    e0, e1 = edges[:-1], edges[1:]
    lo = np.clip(a[..., None], e0, e1)
    hi = np.clip(b[..., None], e0, e1)
    empty = ~(hi > lo)
    lo = np.where(empty, e0, lo)
    hi = np.where(empty, e1, hi)
    log = e0 > 0
    la = np.log(np.where(log, lo, 1.0))[..., None]
    lb = np.log(np.where(log, hi, 1.0))[..., None]
    hl = 0.5 * (lb - la)
    E_log = np.exp(la + hl * (x + 1.0))
    w_log = hl * wg * E_log
    lo_, hi_ = lo[..., None], hi[..., None]
    hlin = 0.5 * (hi_ - lo_)
    E_lin = lo_ + hlin * (x + 1.0)
    w_lin = hlin * wg
    sel = log[:, None]
    E = np.where(sel, E_log, E_lin)
    w = np.where(sel, w_log, w_lin)
    w = np.where(empty[..., None], 0.0, w * density(E))
    shape = a.shape + (P * m,)
    return E.reshape(shape), w.reshape(shape)


def _check_density(name: str, values, E) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if v.shape != np.shape(E):
        v = np.broadcast_to(v, np.shape(E))
    if not np.all(np.isfinite(v)) or np.any(v < 0):
        bad = np.asarray(E)[~(np.isfinite(v) & (v >= 0))]
        raise ValueError(f"{name} must return finite values >= 0 cm^-2 s^-1 keV^-1 (allowed range [0, inf)); "
                         f"got a negative or non-finite value at E = {float(bad.ravel()[0])!r} keV")
    return v


@dataclass(frozen=True, kw_only=True)
class TabulatedFlux(Flux):
    """A spectrum tabulated at energies E_i (total energy, keV), interpolated between them.

    ``interpolation="log-log"``: a power law between neighbouring nodes,
    dφ/dE = y_i (E/E_i)^s_i with s_i = ln(y_{i+1}/y_i)/ln(E_{i+1}/E_i) (linear on an interval
    where one end is 0); ``"linear"``: straight lines. 0 outside [E_0, E_N]. Build it with
    :func:`tabulated_flux`.
    """

    E_table_keV: tuple[float, ...]
    dphi_dE_table: tuple[float, ...]
    interpolation: Literal["log-log", "linear"] = "log-log"
    _E: np.ndarray = field(init=False, repr=False, compare=False, default=None)
    _y: np.ndarray = field(init=False, repr=False, compare=False, default=None)
    _total: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        E = np.array(self.E_table_keV, dtype=float)
        y = np.array(self.dphi_dE_table, dtype=float)
        E.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "_E", E)
        object.__setattr__(self, "_y", y)
        dx = np.diff(E)
        if self.interpolation == "log-log":
            tot = 0.0
            for i in range(E.size - 1):
                y0, y1 = y[i], y[i + 1]
                if y0 > 0 and y1 > 0:
                    L = math.log(E[i + 1] / E[i])
                    s1 = math.log(y1 / y0) / L + 1.0
                    tot += y0 * E[i] * (math.expm1(s1 * L) / s1 if s1 != 0 else L)
                else:
                    tot += 0.5 * (y0 + y1) * dx[i]
        else:
            tot = float(np.sum(0.5 * (y[1:] + y[:-1]) * dx))
        object.__setattr__(self, "_total", float(tot))

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        Et, yt = self._E, self._y
        if self.interpolation == "linear":
            return np.interp(E, Et, yt)
        i = np.clip(np.searchsorted(Et, E, side="right") - 1, 0, Et.size - 2)
        E0, E1, y0, y1 = Et[i], Et[i + 1], yt[i], yt[i + 1]
        pos = (y0 > 0) & (y1 > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(pos, np.log(np.where(pos, y1 / np.where(pos, y0, 1.0), 1.0)) / np.log(E1 / E0), 0.0)
            ll = np.where(pos, y0, 1.0) * np.exp(s * np.log(E / E0))
        lin = y0 + (y1 - y0) * (E - E0) / (E1 - E0)
        return np.where(pos, ll, lin)

    def _continuum_total(self) -> float:
        return self._total

    def _edges(self, n: int) -> np.ndarray:
        K = self._E.size - 1
        P = min(K, max(1, n // 2))
        idx = np.unique(np.round(np.linspace(0, K, P + 1)).astype(int))
        return self._E[idx]

    def _n_continuum(self, n: int) -> int:
        P = self._edges(n).size - 1
        return P * -(-n // P)

    def _continuum_rule(self, a, b, n):
        return _panel_rule(self._edges(n), a, b, n, self._continuum)


@dataclass(frozen=True, kw_only=True)
class CallableFlux(Flux):
    """A spectrum given by a function dφ/dE(E) (cm⁻² s⁻¹ keV⁻¹, E total energy in keV) on a
    finite range. Build it with :func:`callable_flux`.

    ``breakpoints_keV`` split the range into panels (put them at kinks or steps of the function);
    the total flux is computed once with 32 Gauss–Legendre nodes on each of 16 sub-panels of
    every panel.
    """

    function: Callable
    breakpoints_keV: tuple[float, ...] = ()
    _total: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not callable(self.function):
            raise ValueError(f"dphi_dE must be a callable f(E_keV) -> cm^-2 s^-1 keV^-1, got {self.function!r}")
        if not (math.isfinite(self.E_max_keV) and self.E_min_keV < self.E_max_keV):
            raise ValueError(f"E_min_keV < E_max_keV, both finite, is required for a callable spectrum (use "
                             f"power_law_flux for a tail to infinity), got [{self.E_min_keV!r}, {self.E_max_keV!r}]")
        for bp in self.breakpoints_keV:
            if not (isinstance(bp, (int, float)) and self.E_min_keV < bp < self.E_max_keV):
                raise ValueError(f"breakpoints_keV must lie strictly inside (E_min_keV, E_max_keV) = "
                                 f"({self.E_min_keV!r}, {self.E_max_keV!r}) keV, got {bp!r}")
        edges = self._edges()
        fine = np.unique(np.concatenate([np.linspace(e0, e1, 17) if e0 <= 0 else np.geomspace(e0, e1, 17)
                                         for e0, e1 in zip(edges[:-1], edges[1:])]))
        _, w = _panel_rule(fine, np.asarray(self.E_min_keV), np.asarray(self.E_max_keV), 32 * (fine.size - 1),
                           self._continuum)
        object.__setattr__(self, "_total", float(np.sum(w)))

    def _edges(self) -> np.ndarray:
        return np.array([self.E_min_keV, *sorted(self.breakpoints_keV), self.E_max_keV], dtype=float)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        E = np.asarray(E, dtype=float)
        try:
            v = self.function(E)
        except Exception:  # noqa: BLE001 - a scalar-only user function
            v = np.vectorize(lambda e: float(self.function(float(e))), otypes=[float])(E)
        return _check_density("dphi_dE", v, E)

    def _continuum_total(self) -> float:
        return self._total

    def _n_continuum(self, n: int) -> int:
        P = self._edges().size - 1
        return P * -(-n // P)

    def _continuum_rule(self, a, b, n):
        return _panel_rule(self._edges(), a, b, n, self._continuum)


@dataclass(frozen=True, kw_only=True)
class SumFlux(Flux):
    """Sum of fluxes of one projectile and one delta_power (e.g. the solar neutrinos, or ``f + g``).

    ``components`` maps each component name to its own :class:`Flux`. :meth:`quadrature`
    concatenates the components' rules -- the continuum nodes of every component (in the order of
    ``parts``), then one node per line (in the order of ``lines``) -- so each spectrum
    keeps a rule adapted to its own end point.
    """

    parts: tuple[Flux, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.parts or not all(isinstance(p, Flux) for p in self.parts):
            raise ValueError("parts must be a non-empty tuple of Flux objects")

    @property
    def components(self) -> dict[str, Flux]:
        """Component fluxes by name (e.g. ``flux.components["pp"]``)."""
        return {p.name: p for p in self.parts}

    @property
    def has_continuum(self) -> bool:
        return any(p.has_continuum for p in self.parts)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        return sum((p.dphi_dE(E) for p in self.parts), np.zeros_like(E))

    def _continuum_total(self) -> float:
        return float(sum(p.continuum_total() for p in self.parts))

    def n_nodes(self, n: int = 64) -> int:
        return sum(p.n_nodes(n) for p in self.parts)

    def _blocks(self, E_lo, E_hi, n):
        n = _check_n(n)
        lo = _limit_array("E_lo", E_lo, self.E_min_keV)
        hi = _limit_array("E_hi", E_hi, self.E_max_keV)
        shape = _validate.broadcast(E_lo=lo, E_hi=hi)[0].shape
        for p in self.parts:
            E, w = p.quadrature(lo, hi, n=n)
            E = np.broadcast_to(E, shape + E.shape[-1:])
            w = np.broadcast_to(w, shape + w.shape[-1:])
            yield p, E, w, E.shape[-1] - len(p.lines)  # continuum nodes come first in each part

    def quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0):
        s = self.delta_scale(delta)
        blocks = list(self._blocks(E_lo, E_hi, n))
        E = [b[1][..., :b[3]] for b in blocks] + [b[1][..., b[3]:] for b in blocks]
        w = [b[2][..., :b[3]] for b in blocks] + [b[2][..., b[3]:] for b in blocks]
        # all continuum nodes first, then the lines in the order of ``self.lines``
        return np.concatenate(E, axis=-1), s * np.concatenate(w, axis=-1)

    def flavour_quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0):
        s = self.delta_scale(delta)
        blocks = [(p, E, p._split(E, w), k) for p, E, w, k in self._blocks(E_lo, E_hi, n)]
        flavours = sorted({f for _, _, d, _ in blocks for f in d})
        E_parts = [b[1][..., :b[3]] for b in blocks] + [b[1][..., b[3]:] for b in blocks]
        out = {}
        for f in flavours:
            pieces = []
            for sl in ("cont", "line"):
                for _, E, d, k in blocks:
                    wf = d.get(f, np.zeros(E.shape))
                    pieces.append(wf[..., :k] if sl == "cont" else wf[..., k:])
            out[f] = s * np.concatenate(pieces, axis=-1)
        return np.concatenate(E_parts, axis=-1), out


def _sum_of(fluxes) -> SumFlux:
    parts: list[Flux] = []
    for f in fluxes:
        parts.extend(f.parts if isinstance(f, SumFlux) else (f,))
    p0 = parts[0]
    for p in parts[1:]:
        if p.projectile != p0.projectile:
            raise ValueError(f"fluxes must carry the same projectile to be added: {p0.name!r} carries "
                             f"{p0.projectile.name!r}, {p.name!r} carries {p.projectile.name!r}")
        if p.delta_power != p0.delta_power:
            raise ValueError(f"fluxes must have the same delta_power to be added, got {p0.delta_power!r} and "
                             f"{p.delta_power!r}")
    seen: dict[str, int] = {}
    unique = []
    for p in parts:  # component names stay unique keys of ``components``
        k = seen.get(p.name, 0)
        seen[p.name] = k + 1
        unique.append(p if k == 0 else replace(p, name=f"{p.name} #{k + 1}"))
    omegas = {p.solid_angle_sr for p in unique}
    return SumFlux(
        name=" + ".join(p.name for p in unique),
        projectile=p0.projectile,
        delta_power=p0.delta_power,
        solid_angle_sr=omegas.pop() if len(omegas) == 1 else None,
        E_min_keV=min(p.E_min_keV for p in unique),
        E_max_keV=max(p.E_max_keV for p in unique),
        lines=tuple(line for p in unique for line in p.lines),
        parts=tuple(unique),
    )


# ------------------------------------------------------------------------------------------------
# Factories: the built-in sources
# ------------------------------------------------------------------------------------------------


def _check_model(model: str) -> str:
    return _validate.choice("model", model, tuple(SOLAR_NEUTRINO_FLUXES))




def solar_neutrino_component(name: str, model: str = "GS98", oscillated: bool = True) -> Flux:
    """One solar-neutrino component ("pp", "7Be", "pep", "13N", "15O", "17F", "8B" or "hep").

    Continuum components are :class:`BetaPlusSpectrum` (allowed β⁺ shape with Fermi function,
    end points :data:`BETA_ENDPOINTS_KEV`); ⁷Be and pep are :class:`LineFlux`. Fluxes from
    :data:`SOLAR_NEUTRINO_FLUXES` (Haxton, Robertson & Serenelli 2013). The projectile is a
    ν_e (:func:`mcpria_lite.projectiles.neutrino`); with ``oscillated=True`` (default)
    :meth:`Flux.flavour_quadrature` splits it into ν_e and ν_μ/ν_τ at Earth with the survival
    probability of :func:`mcpria_lite.oscillations.survival_probability` for this component;
    ``oscillated=False`` keeps everything ν_e (the flux at production).
    """
    _validate.choice("component", name, SOLAR_COMPONENTS)
    if not isinstance(oscillated, bool):
        raise ValueError(f"oscillated must be True or False, got {oscillated!r}")
    phi = SOLAR_NEUTRINO_FLUXES[_check_model(model)][name]
    comp = name if oscillated else None
    nu = neutrino("nu_e")
    if name in SOLAR_LINES:
        lines = tuple((float(E), float(br * phi)) for E, br in SOLAR_LINES[name])
        return LineFlux(name=name, projectile=nu, solid_angle_sr=_FOUR_PI, lines=lines, solar_component=comp)
    return BetaPlusSpectrum(
        name=name,
        projectile=nu,
        solid_angle_sr=_FOUR_PI,
        E_min_keV=0.0,
        E_max_keV=BETA_ENDPOINTS_KEV[name],
        Q_keV=BETA_ENDPOINTS_KEV[name],
        Z_daughter=BETA_DAUGHTER_Z[name],
        flux_cm2_s=phi,
        solar_component=comp,
    )


def solar_neutrinos(components: Iterable[str] = SOLAR_COMPONENTS, model: str = "GS98",
                    oscillated: bool = True) -> SumFlux:
    """Solar-neutrino flux at Earth: the sum of the chosen standard-solar-model components.

    Parameters
    ----------
    components : iterable of str
        Any of ``"pp", "7Be", "pep", "13N", "15O", "17F", "8B", "hep"`` (default: all).
        Qiao et al. (2021) keep pp + ⁷Be, which dominate the rate at keV energy transfers.
    model : str
        Solar model: ``"GS98"`` (Haxton, Robertson & Serenelli 2013).
    oscillated : bool
        Split the flavours at Earth with P_ee(E) per component (:mod:`mcpria_lite.oscillations`)
        in :meth:`Flux.flavour_quadrature` (default); ``False``: all ν_e. The total flux, and
        every rate that does not depend on the flavour (a millicharge), is the same either way.

    Returns
    -------
    SumFlux
        With ``projectile`` a ν_e (``m_keV = 0``), ``delta_power = 0`` (the flux does not depend
        on δ), ``solid_angle_sr = 4π`` (bookkeeping only: the flux from the Sun is already per
        cm²), and ``.components`` giving each part.
    """
    if isinstance(components, str):
        components = (components,)
    comps = tuple(components)
    if not comps:
        raise ValueError(f"components must name at least one of {list(SOLAR_COMPONENTS)!r}")
    for c in comps:
        _validate.choice("component", c, SOLAR_COMPONENTS)
    if len(set(comps)) != len(comps):
        raise ValueError(f"components must not repeat a name, got {comps!r}")
    parts = tuple(solar_neutrino_component(c, model, oscillated) for c in comps)
    return SumFlux(
        name="solar neutrinos (" + ", ".join(comps) + f"; {model})",
        projectile=parts[0].projectile,
        solid_angle_sr=_FOUR_PI,
        E_min_keV=min(p.E_min_keV for p in parts),
        E_max_keV=max(p.E_max_keV for p in parts),
        lines=tuple(line for p in parts for line in p.lines),
        parts=parts,
    )


def dark_cosmic_rays(
    m_keV: float,
    alpha: float = 2.7,
    solid_angle_sr: float = _FOUR_PI,
    E_min_factor: float | None = 10.0,
    normalisation: float = 30.0,
) -> PowerLawFlux:
    """Flux of millicharged dark matter accelerated like cosmic rays ("dark cosmic rays").

    dφ/dE = normalisation · δ^(α−1) (GeV/m_χ) (E/GeV)^(−α) cm⁻² s⁻¹ GeV⁻¹ sr⁻¹ × Ω,
    E ≥ E_min (E the total energy), from Hu, Kusenko & Takhistov, Phys. Lett. B 768, 18 (2017), as
    quoted by Qiao et al. (2021). The paper does not state α, Ω or E_min; α = 2.7, Ω = 4π and
    E_min = 10 m_χ reproduce its FEA sensitivities (the scan in the chapter "Sensitivity") and are
    the defaults.

    Parameters
    ----------
    m_keV : float
        Dark-matter mass m_χ in keV (> 0); the projectile is
        :func:`mcpria_lite.projectiles.millicharged_particle` of that mass.
    alpha : float
        Spectral index α (> 1 so that the flux is integrable); the flux scales as δ^(α−1).
    solid_angle_sr : float
        Solid angle Ω in sr multiplying the per-sr flux, in (0, 4π].
    E_min_factor : float or None
        Lower limit of the spectrum E_min = E_min_factor · m_χ (≥ 1); ``None`` means the
        kinematic limit E_min = m_χ (all energies above the rest mass).
    normalisation : float
        N in cm⁻² s⁻¹ GeV⁻¹ sr⁻¹ (> 0); 30 in the paper.

    Returns
    -------
    PowerLawFlux
        Continuum on [E_min, ∞), no lines, ``delta_power = α − 1``.
    """
    m = _validate.positive_scalar("m_keV", m_keV, "keV")
    a = _validate.finite_array("alpha", alpha)
    if a.ndim != 0 or not a > 1.0:
        raise ValueError(f"alpha must be a scalar > 1 (allowed range (1, inf)), got {alpha!r}")
    a = float(a)
    omega = _validate.positive_scalar("solid_angle_sr", solid_angle_sr, "sr")
    if omega > _FOUR_PI * (1.0 + 1e-12):
        raise ValueError(f"solid_angle_sr must be in (0, 4*pi] sr, got {solid_angle_sr!r}")
    if E_min_factor is None:
        factor = None
        E_min = m
    else:
        factor = _validate.positive_scalar("E_min_factor", E_min_factor)
        if factor < 1.0:
            raise ValueError(
                f"E_min_factor must be >= 1 (E is the total energy, E >= m_chi) or None for the "
                f"kinematic limit E_min = m_chi; allowed range [1, inf), got {E_min_factor!r}"
            )
        E_min = factor * m
    N = _validate.positive_scalar("normalisation", normalisation, "cm^-2 s^-1 GeV^-1 sr^-1")
    label = "kinematic" if factor is None else f"{factor:g} m"
    return PowerLawFlux(
        name=f"dark cosmic rays (m={m:g} keV, alpha={a:g}, Omega={omega:.4g} sr, E_min={label})",
        projectile=millicharged_particle(m),
        delta_power=a - 1.0,
        solid_angle_sr=omega,
        E_min_keV=E_min,
        E_max_keV=np.inf,
        alpha=a,
        amplitude_cm2_s_keV=N * omega * (GEV / m) / GEV,  # per keV at the pivot E = 1 GeV
        pivot_keV=GEV,
        normalisation=N,
        E_min_factor=factor,
    )


# ------------------------------------------------------------------------------------------------
# Factories: a user's own source
# ------------------------------------------------------------------------------------------------
def _solid_angle(solid_angle_sr):
    if solid_angle_sr is None:
        return None, 1.0
    om = _validate.positive_scalar("solid_angle_sr", solid_angle_sr, "sr")
    if om > _FOUR_PI * (1.0 + 1e-12):
        raise ValueError(f"solid_angle_sr must be in (0, 4*pi] sr or None, got {solid_angle_sr!r}")
    return om, om


def _energy_offset(energy: str, projectile: Projectile) -> float:
    _validate.choice("energy", energy, ("total", "kinetic"))
    return projectile.mass_keV if energy == "kinetic" else 0.0


def _check_range(E_min_keV, E_max_keV, m: float, allow_inf: bool) -> tuple[float, float]:
    lo = _validate.nonnegative_scalar("E_min_keV", E_min_keV, "keV")
    hi = np.asarray(E_max_keV, dtype=float) if E_max_keV is not None else np.asarray(np.inf)
    if hi.ndim != 0 or np.isnan(hi) or (not allow_inf and not np.isfinite(hi)):
        raise ValueError(f"E_max_keV must be a {'' if allow_inf else 'finite '}number in keV, got {E_max_keV!r}")
    hi = float(hi)
    if not lo < hi:
        raise ValueError(f"E_min_keV must be < E_max_keV (keV), got [{E_min_keV!r}, {E_max_keV!r}]")
    if lo < m:
        raise ValueError(f"E_min_keV must be >= the projectile mass m = {m:g} keV (E is the total energy; "
                         f"allowed range [m, E_max_keV)), got {lo!r}")
    return lo, hi


def tabulated_flux(E_keV, dphi_dE, *, projectile: Projectile | None = None,
                   interpolation: Literal["log-log", "linear"] = "log-log", energy: Literal["total", "kinetic"] = "total",
                   solid_angle_sr: float | None = None, delta_power: float = 0.0,
                   name: str = "tabulated flux") -> TabulatedFlux:
    """A source from a table of the differential flux dφ/dE.

    Parameters
    ----------
    E_keV : array_like
        Strictly increasing energies in keV (≥ 2 nodes), total energy E (or the kinetic energy
        with ``energy="kinetic"``: then E = kinetic + m). The lowest total energy must be ≥ the
        projectile mass; > 0 for ``interpolation="log-log"``.
    dphi_dE : array_like
        dφ/dE at those energies, cm⁻² s⁻¹ keV⁻¹ (or per sr with ``solid_angle_sr``), finite
        and ≥ 0, not all 0.
    projectile : Projectile
        The particle of the source (:mod:`mcpria_lite.projectiles`), required.
    interpolation : {"log-log", "linear"}
        ``"log-log"`` (default): linear in (ln E, ln dφ/dE), i.e. a power law between nodes
        (linear on an interval where one end is 0); ``"linear"``: linear in (E, dφ/dE).
        The flux is 0 outside the table.
    energy : {"total", "kinetic"}
        Whether ``E_keV`` holds total or kinetic energies.
    solid_angle_sr : float or None
        ``None`` (default): the table is per cm² s keV. A number in (0, 4π]: the table is per sr
        and is multiplied by it.
    delta_power : float
        The flux scales as δ**delta_power (0 by default).
    name : str
        Label.

    Returns
    -------
    TabulatedFlux
        Integrated with the composite Gauss–Legendre rule of the module docstring; ``total()``
        is the exact integral of the interpolant.
    """
    proj = _check_projectile(projectile)
    _validate.choice("interpolation", interpolation, ("log-log", "linear"))
    E = _validate.finite_array("E_keV", E_keV) + _energy_offset(energy, proj)
    y = _validate.finite_array("dphi_dE", dphi_dE)
    if E.ndim != 1 or E.size < 2:
        raise ValueError(f"E_keV must be a 1-D array of at least 2 energies (keV), got shape {E.shape}")
    if y.shape != E.shape:
        raise ValueError(f"dphi_dE must have the shape of E_keV {E.shape}, got {y.shape}")
    if np.any(np.diff(E) <= 0):
        raise ValueError("E_keV must be strictly increasing (allowed: E_0 < E_1 < ... in keV)")
    if np.any(y < 0) or not np.any(y > 0):
        raise ValueError("dphi_dE must be >= 0 cm^-2 s^-1 keV^-1 everywhere and > 0 somewhere (allowed range [0, inf))")
    m = proj.mass_keV
    if E[0] < m * (1.0 - 1e-12):
        raise ValueError(f"E_keV must be >= the projectile mass m = {m:g} keV (total energy; allowed range "
                         f"[m, inf)), got a lowest energy {float(E[0])!r}")
    if interpolation == "log-log" and not E[0] > 0:
        raise ValueError("E_keV must be > 0 keV for interpolation='log-log' (allowed range (0, inf); use "
                         "interpolation='linear' for a table starting at E = 0)")
    om, factor = _solid_angle(solid_angle_sr)
    return TabulatedFlux(name=name, projectile=proj, delta_power=delta_power, solid_angle_sr=om,
                         E_min_keV=float(E[0]), E_max_keV=float(E[-1]), E_table_keV=tuple(E.tolist()),
                         dphi_dE_table=tuple((factor * y).tolist()), interpolation=interpolation)


def callable_flux(f: Callable, E_min_keV: float, E_max_keV: float, *, projectile: Projectile | None = None,
                  breakpoints_keV: Iterable[float] = (), energy: Literal["total", "kinetic"] = "total",
                  solid_angle_sr: float | None = None, delta_power: float = 0.0,
                  name: str = "callable flux") -> CallableFlux:
    """A source from a function dφ/dE(E) on a finite range.

    Parameters
    ----------
    f : callable
        dφ/dE in cm⁻² s⁻¹ keV⁻¹ (or per sr with ``solid_angle_sr``) of the energy in keV; called
        with a NumPy array (a scalar-only function is vectorised). It must return finite values
        ≥ 0 on [E_min_keV, E_max_keV] (checked on every node it is evaluated at).
    E_min_keV, E_max_keV : float
        The range, finite, E_min_keV < E_max_keV; total energies (≥ the projectile mass) or
        kinetic energies with ``energy="kinetic"``. ``f`` is always called with the energy
        in the convention given here.
    projectile : Projectile
        The particle of the source, required.
    breakpoints_keV : iterable of float
        Energies strictly inside the range where ``f`` has a kink or step (panel edges of the
        quadrature; same energy convention).
    energy, solid_angle_sr, delta_power, name
        As for :func:`tabulated_flux`.

    Returns
    -------
    CallableFlux
        Integrated with composite Gauss–Legendre in ln E on the panels between breakpoints.
    """
    proj = _check_projectile(projectile)
    if not callable(f):
        raise ValueError(f"f must be a callable dphi_dE(E_keV) returning cm^-2 s^-1 keV^-1, got {f!r}")
    off = _energy_offset(energy, proj)
    lo, hi = _check_range(_validate.nonnegative_scalar("E_min_keV", E_min_keV, "keV") + off,
                          _validate.finite_array("E_max_keV", E_max_keV) + off, proj.mass_keV, allow_inf=False)
    om, factor = _solid_angle(solid_angle_sr)
    bps = tuple(float(b) + off for b in _validate.finite_array("breakpoints_keV", list(breakpoints_keV)).ravel())

    def density(E, _f=f, _off=off, _k=factor):
        return _k * np.asarray(_f(E - _off), dtype=float)

    flux = CallableFlux(name=name, projectile=proj, delta_power=delta_power, solid_angle_sr=om, E_min_keV=lo,
                        E_max_keV=hi, function=density, breakpoints_keV=bps)
    if not flux.total() > 0:
        raise ValueError("f must be > 0 somewhere on [E_min_keV, E_max_keV] (the flux integrates to 0)")
    return flux


def line_flux(lines, *, projectile: Projectile | None = None, E_min_keV: float | None = None,
              E_max_keV: float | None = None, delta_power: float = 0.0, name: str = "line flux") -> LineFlux:
    """Monochromatic lines, e.g. a radioactive source or a mono-energetic beam.

    Parameters
    ----------
    lines : tuple, list or dict
        ``(E_keV, phi_cm2_s)``, ``[(E1, phi1), (E2, phi2), ...]`` or ``{E1: phi1, ...}``: the
        total energy of each line in keV (> the projectile mass) and its flux in cm⁻² s⁻¹ (> 0).
    projectile : Projectile
        The particle of the source, required.
    E_min_keV, E_max_keV : float, optional
        Not needed. If given, every line must lie inside [E_min_keV, E_max_keV] (a line outside
        is a ``ValueError``, not a silently dropped line).
    delta_power, name
        As for :func:`tabulated_flux`.

    Returns
    -------
    LineFlux
    """
    proj = _check_projectile(projectile)
    if isinstance(lines, dict):
        items = list(lines.items())
    else:
        items = list(lines) if not isinstance(lines, (str, bytes)) else [lines]
        if len(items) == 2 and all(isinstance(v, (int, float, np.floating, np.integer)) for v in items):
            items = [tuple(items)]
    checked = _check_lines(items, proj.mass_keV,
                           None if E_min_keV is None else _validate.finite_array("E_min_keV", E_min_keV),
                           None if E_max_keV is None else _validate.finite_array("E_max_keV", E_max_keV))
    if not checked:
        raise ValueError("lines must hold at least one (E_keV, phi_cm2_s) pair")
    return LineFlux(name=name, projectile=proj, delta_power=delta_power, lines=checked,
                    E_min_keV=None if E_min_keV is None else float(E_min_keV),
                    E_max_keV=None if E_max_keV is None else float(E_max_keV))


def power_law_flux(amplitude_cm2_s_keV: float, index: float, E_min_keV: float, E_max_keV: float = np.inf, *,
                   projectile: Projectile | None = None, pivot_keV: float | None = None,
                   solid_angle_sr: float | None = None, delta_power: float = 0.0,
                   name: str = "power-law flux") -> PowerLawFlux:
    """A power law dφ/dE = A (E/E_pivot)^(−γ) on [E_min, E_max] (E total energy, keV).

    Parameters
    ----------
    amplitude_cm2_s_keV : float
        A in cm⁻² s⁻¹ keV⁻¹ (per sr with ``solid_angle_sr``), > 0.
    index : float
        γ; > 1 when ``E_max_keV`` is infinite.
    E_min_keV, E_max_keV : float
        Range, E_min_keV ≥ the projectile mass and > 0, E_max_keV > E_min_keV (may be ``inf``).
    projectile : Projectile
        The particle of the source, required.
    pivot_keV : float, optional
        E_pivot (default: E_min_keV).
    solid_angle_sr, delta_power, name
        As for :func:`tabulated_flux`.

    Returns
    -------
    PowerLawFlux
        Integrated with Gauss–Jacobi in E_lo/E to infinity, Gauss–Legendre in ln E on a finite
        range (module docstring).
    """
    proj = _check_projectile(projectile)
    A = _validate.positive_scalar("amplitude_cm2_s_keV", amplitude_cm2_s_keV, "cm^-2 s^-1 keV^-1")
    g = _validate.finite_array("index", index)
    if g.ndim != 0:
        raise ValueError(f"index must be a finite scalar, got {index!r}")
    lo, hi = _check_range(E_min_keV, E_max_keV, proj.mass_keV, allow_inf=True)
    if not lo > 0:
        raise ValueError(f"E_min_keV must be > 0 keV for a power law (allowed range (0, inf)), got {E_min_keV!r}")
    if not np.isfinite(hi) and not g > 1:
        raise ValueError(f"index must be > 1 for a power law extending to E_max_keV = inf (allowed range (1, inf)), "
                         f"got {index!r}")
    piv = lo if pivot_keV is None else _validate.positive_scalar("pivot_keV", pivot_keV, "keV")
    om, factor = _solid_angle(solid_angle_sr)
    return PowerLawFlux(name=name, projectile=proj, delta_power=delta_power, solid_angle_sr=om, E_min_keV=lo,
                        E_max_keV=hi, alpha=float(g), amplitude_cm2_s_keV=A * factor, pivot_keV=piv)
