"""Fluxes of incoming particles: solar neutrinos and dark cosmic rays.

A :class:`Flux` gives the differential flux dφ/dE of a continuum (cm⁻² s⁻¹ keV⁻¹, already
multiplied by the solid angle for fluxes quoted per steradian), a tuple of monochromatic lines,
how everything scales with the millicharge δ (dφ ∝ δ**delta_power), and -- the part the event
rates use -- a quadrature rule adapted to the spectrum::

    E, w = flux.quadrature(E_lo, E_hi, n=64)
    rate_integral = (w * f(E)).sum(axis=-1)   # ≈ ∫ dE dφ/dE f(E) + Σ_lines φ_line f(E_line)

``E_lo`` and ``E_hi`` may be arrays (one kinematic lower limit per energy transfer T), so an
integral over E for every T is a single vectorised call.

Energies E are **total** energies of the projectile in keV (for neutrinos E = E_ν, for a massive
dark-matter particle E = m_χ + kinetic energy).

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
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
from scipy.special import roots_jacobi, roots_legendre

from . import _validate
from .units import ALPHA, GEV, M_E

__all__ = [
    "Flux",
    "BetaPlusSpectrum",
    "LineFlux",
    "PowerLawFlux",
    "SumFlux",
    "SOLAR_NEUTRINO_FLUXES",
    "SOLAR_COMPONENTS",
    "BETA_ENDPOINTS_KEV",
    "BETA_DAUGHTER_Z",
    "SOLAR_LINES",
    "solar_neutrinos",
    "solar_neutrino_component",
    "dark_cosmic_rays",
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

#: Monochromatic electron-capture lines: (energy in keV, branching fraction). ⁷Be: ground state
#: 89.7 %, 478-keV excited state of ⁷Li 10.3 %; pep: 1442 keV (Bahcall 1989, table 6.1).
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


@dataclass(frozen=True, kw_only=True)
class Flux:
    """A flux of projectiles: continuum dφ/dE plus monochromatic lines.

    Attributes
    ----------
    name : str
        Human-readable label.
    m_keV : float
        Projectile mass in keV (0 for neutrinos).
    delta_power : float
        The flux scales as δ**delta_power with the millicharge δ (α − 1 for dark cosmic rays,
        0 for neutrinos).
    solid_angle_sr : float
        Solid angle already folded into :meth:`dphi_dE` (fluxes quoted per sr are multiplied by
        it; 4π for an isotropic flux, recorded for bookkeeping).
    E_min_keV, E_max_keV : float
        Range of the continuum in total energy E (keV); ``E_max_keV`` may be ``numpy.inf``.
    lines : tuple
        Monochromatic lines as pairs (energy in keV, flux in cm⁻² s⁻¹ at δ = 1); empty if none.
    """

    name: str
    m_keV: float
    delta_power: float
    solid_angle_sr: float
    E_min_keV: float
    E_max_keV: float
    lines: tuple[tuple[float, float], ...] = ()

    # --- subclass hooks ----------------------------------------------------------------------
    @property
    def has_continuum(self) -> bool:
        """Whether the flux has a continuous part (``False`` for pure lines)."""
        return True

    def _continuum(self, E: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """dφ/dE at δ = 1 for E strictly inside (E_min, E_max); cm⁻² s⁻¹ keV⁻¹."""
        raise NotImplementedError

    def _continuum_total(self) -> float:  # pragma: no cover - abstract
        """∫ dφ/dE dE over the whole range at δ = 1, cm⁻² s⁻¹."""
        raise NotImplementedError

    def _continuum_rule(self, a: np.ndarray, b: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Nodes/weights (shape a.shape + (n,)) for ∫_a^b dφ/dE f dE at δ = 1; a < b inside the range."""
        raise NotImplementedError  # pragma: no cover - abstract

    # --- public API ----------------------------------------------------------------------------
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
        return (_check_n(n) if self.has_continuum else 0) + len(self.lines)

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
            Number of nodes for the continuum (per continuum component for a :class:`SumFlux`).
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

    def mean_energy(self, n: int = 128) -> float:
        """Flux-weighted mean total energy ⟨E⟩ in keV (continuum and lines)."""
        E, w = self.quadrature(n=n)
        return float(np.sum(w * E) / np.sum(w))


@dataclass(frozen=True, kw_only=True)
class BetaPlusSpectrum(Flux):
    """Neutrinos from an allowed β⁺ decay, normalised to a total flux.

    dN/dE_ν ∝ E_ν² p_e W_e F(Z, W_e),  W_e = Q − E_ν + m_e,  p_e = √(W_e² − m_e²),

    for 0 ≤ E_ν ≤ Q (Q = positron kinetic end point; nuclear recoil neglected), F the
    non-relativistic Fermi function :func:`fermi_function_positron` of the daughter charge Z
    (included by default: it lowers the pp mean from 265.9 to 264.7 keV and brings the CNO means
    to within 0.2 % of Bahcall's tabulated values).
    """

    Q_keV: float
    Z_daughter: int
    flux_cm2_s: float
    fermi: bool = True
    _norm: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self) -> None:
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


@dataclass(frozen=True, kw_only=True)
class LineFlux(Flux):
    """Monochromatic lines only (⁷Be, pep): no continuum."""

    @property
    def has_continuum(self) -> bool:
        return False

    def _continuum_total(self) -> float:
        return 0.0


@dataclass(frozen=True, kw_only=True)
class PowerLawFlux(Flux):
    """Dark-cosmic-ray power law (Hu, Kusenko & Takhistov 2017).

    dφ/dE = N δ^(α−1) (GeV/m_χ) (E/GeV)^(−α) cm⁻² s⁻¹ GeV⁻¹ sr⁻¹ × Ω for E ≥ E_min (E total
    energy), converted to keV⁻¹. Construct with :func:`dark_cosmic_rays`.
    """

    alpha: float
    normalisation: float
    E_min_factor: float | None

    def _prefactor(self) -> float:
        """dφ/dE = prefactor · E^(−α) (E in keV, result in cm⁻² s⁻¹ keV⁻¹) at δ = 1."""
        return self.normalisation * self.solid_angle_sr * (GEV / self.m_keV) * GEV ** (self.alpha - 1.0)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        return self._prefactor() * E ** (-self.alpha)

    def _continuum_total(self) -> float:
        a = self.alpha
        return self._prefactor() * self.E_min_keV ** (1.0 - a) / (a - 1.0)

    def _continuum_rule(self, a, b, n):
        alpha = self.alpha
        C = self._prefactor()
        a = a[..., None]
        b = b[..., None]
        # (i) b = inf: E = a / y, ∫_a^∞ C E^-α f dE = C a^(1-α) ∫_0^1 y^(α-2) f(a/y) dy.
        # Gauss–Jacobi with weight y^(α-2-s) applied to y^s f(a/y): s = 1 for α > 2 makes the rule
        # exact for f ∈ span{E, 1, 1/E, ..., E^-(2n-2)}; s = 0 for α ≤ 2 (where ∫E dφ diverges).
        shift = 1.0 if alpha > 2.0 else 0.0
        y, v = _gauss_jacobi_unit(n, alpha - 2.0 - shift)
        E_inf = a / y
        w_inf = C * a ** (1.0 - alpha) * (v * y**shift)
        # (ii) b finite: t = ln E, ∫ C E^(1-α) f dt (Gauss–Legendre in ln E)
        x, w = _gauss_legendre(n)
        finite = np.isfinite(b)
        bb = np.where(finite, b, 2.0 * a)
        la, lb = np.log(a), np.log(bb)
        half = 0.5 * (lb - la)
        t = la + half * (x + 1.0)
        E_fin = np.exp(t)
        w_fin = C * half * w * E_fin ** (1.0 - alpha)
        return np.where(finite, E_fin, E_inf), np.where(finite, w_fin, w_inf)


@dataclass(frozen=True, kw_only=True)
class SumFlux(Flux):
    """Sum of fluxes sharing m_keV, delta_power and solid_angle_sr (e.g. the solar neutrinos).

    ``components`` maps each component name to its own :class:`Flux`. :meth:`quadrature`
    concatenates the components' rules -- n nodes per continuum component (in the order of
    ``parts``), then one node per line (in the order of ``lines``) -- so each spectrum
    keeps a rule adapted to its own end point.
    """

    parts: tuple[Flux, ...]

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

    def quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0):
        n = _check_n(n)
        s = self.delta_scale(delta)
        lo = _limit_array("E_lo", E_lo, self.E_min_keV)
        hi = _limit_array("E_hi", E_hi, self.E_max_keV)
        shape = _validate.broadcast(E_lo=lo, E_hi=hi)[0].shape
        cont_E, cont_w, line_E, line_w = [], [], [], []
        for p in self.parts:
            E, w = p.quadrature(lo, hi, n=n)
            E = np.broadcast_to(E, shape + E.shape[-1:])
            w = np.broadcast_to(w, shape + w.shape[-1:])
            k = E.shape[-1] - len(p.lines)  # continuum nodes come first in each part
            cont_E.append(E[..., :k])
            cont_w.append(w[..., :k])
            line_E.append(E[..., k:])
            line_w.append(w[..., k:])
        # all continuum nodes first, then the lines in the order of ``self.lines``
        return np.concatenate(cont_E + line_E, axis=-1), s * np.concatenate(cont_w + line_w, axis=-1)


# ------------------------------------------------------------------------------------------------
# Factories
# ------------------------------------------------------------------------------------------------


def _check_model(model: str) -> str:
    return _validate.choice("model", model, tuple(SOLAR_NEUTRINO_FLUXES))


def solar_neutrino_component(name: str, model: str = "GS98") -> Flux:
    """One solar-neutrino component ("pp", "7Be", "pep", "13N", "15O", "17F", "8B" or "hep").

    Continuum components are :class:`BetaPlusSpectrum` (allowed β⁺ shape with Fermi function,
    end points :data:`BETA_ENDPOINTS_KEV`); ⁷Be and pep are :class:`LineFlux`. Fluxes from
    :data:`SOLAR_NEUTRINO_FLUXES` (Haxton, Robertson & Serenelli 2013).
    """
    _validate.choice("component", name, SOLAR_COMPONENTS)
    phi = SOLAR_NEUTRINO_FLUXES[_check_model(model)][name]
    if name in SOLAR_LINES:
        lines = tuple((float(E), float(br * phi)) for E, br in SOLAR_LINES[name])
        Es = [E for E, _ in lines]
        return LineFlux(
            name=name,
            m_keV=0.0,
            delta_power=0.0,
            solid_angle_sr=_FOUR_PI,
            E_min_keV=min(Es),
            E_max_keV=max(Es),
            lines=lines,
        )
    return BetaPlusSpectrum(
        name=name,
        m_keV=0.0,
        delta_power=0.0,
        solid_angle_sr=_FOUR_PI,
        E_min_keV=0.0,
        E_max_keV=BETA_ENDPOINTS_KEV[name],
        Q_keV=BETA_ENDPOINTS_KEV[name],
        Z_daughter=BETA_DAUGHTER_Z[name],
        flux_cm2_s=phi,
    )


def solar_neutrinos(components: Iterable[str] = SOLAR_COMPONENTS, model: str = "GS98") -> SumFlux:
    """Solar-neutrino flux at Earth: the sum of the chosen standard-solar-model components.

    Parameters
    ----------
    components : iterable of str
        Any of ``"pp", "7Be", "pep", "13N", "15O", "17F", "8B", "hep"`` (default: all).
        The seed talk keeps pp + ⁷Be, which dominate the rate at keV energy transfers.
    model : str
        Solar model: ``"GS98"`` (Haxton, Robertson & Serenelli 2013).

    Returns
    -------
    SumFlux
        With ``m_keV = 0``, ``delta_power = 0`` (the flux does not depend on δ),
        ``solid_angle_sr = 4π`` (bookkeeping only: the flux from the Sun is already per cm²), and
        ``.components`` giving each part.
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
    parts = tuple(solar_neutrino_component(c, model) for c in comps)
    return SumFlux(
        name="solar neutrinos (" + ", ".join(comps) + f"; {model})",
        m_keV=0.0,
        delta_power=0.0,
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
    E_min = 10 m_χ reproduce its FEA sensitivities (see the physics brief §6) and are the defaults.

    Parameters
    ----------
    m_keV : float
        Dark-matter mass m_χ in keV (> 0).
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
        m_keV=m,
        delta_power=a - 1.0,
        solid_angle_sr=omega,
        E_min_keV=E_min,
        E_max_keV=np.inf,
        alpha=a,
        normalisation=N,
        E_min_factor=factor,
    )
