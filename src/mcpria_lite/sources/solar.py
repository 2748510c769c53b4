"""Solar neutrinos: the standard-solar-model components, their spectra and flavours at Earth.

Continuum components (pp, ¹³N, ¹⁵O, ¹⁷F, hep) are allowed β⁺ spectra (:class:`BetaPlusSpectrum`),
integrated by Gauss–Legendre in the positron momentum p_e, where the √(end-point) behaviour of
dN/dE disappears (dE = −p_e/W_e dp_e: the integrand E_ν² p_e² F(Z, W_e) is smooth in p_e); with
n = 64 nodes the moments ∫E^k dφ, k = 0, 1, 2, agree with adaptive quadrature to < 1e-9. ⁷Be and
pep are lines (:class:`~mcpria_lite.sources.spectra.LineFlux`). ⁸B decays to the broad 2⁺ level of
⁸Be, so its spectrum is not an allowed shape: it is the measured spectrum of Winter et al.,
Phys. Rev. C 73, 025503 (2006) (mean 6.77 MeV; the data file ``data/sources/winter2006_8B.csv`` and its
provenance), interpolated by a monotone cubic (PCHIP). Each component carries the ν_e survival probability of
:func:`mcpria_lite.sources.oscillations.survival_probability`.

References
----------
Solar-model fluxes: W. C. Haxton, R. G. Hamish Robertson, A. M. Serenelli, *Solar Neutrinos:
Status and Prospects*, Annu. Rev. Astron. Astrophys. 51, 21 (2013), SSM with GS98 abundances
(SFII nuclear rates; same numbers as Serenelli, Haxton, Peña-Garay, ApJ 743, 24 (2011)).
Spectral shapes, end points and line energies/branchings: J. N. Bahcall, *Neutrino Astrophysics*
(Cambridge University Press, 1989), ch. 6; J. N. Bahcall & R. K. Ulrich, Rev. Mod. Phys. 60, 297
(1988).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from .. import _validate
from .._pchip import pchip_coefficients, pchip_evaluate, pchip_integral
from ..particles.projectiles import neutrino
from ..units import ALPHA, M_E
from . import oscillations as _osc
from .flux import _FOUR_PI, Flux, SumFlux, _gauss_legendre
from .spectra import CallableFlux, LineFlux

__all__ = ["BetaPlusSpectrum", "SOLAR_NEUTRINO_FLUXES", "SOLAR_COMPONENTS", "BETA_ENDPOINTS_KEV",
           "BETA_DAUGHTER_Z", "SOLAR_LINES", "solar_neutrinos", "solar_neutrino_component",
           "fermi_function_positron", "b8_spectrum"]

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

#: Components in the order of the pp chain then the CNO cycle (the default of ``solar_neutrinos``).
SOLAR_COMPONENTS: tuple[str, ...] = ("pp", "7Be", "pep", "13N", "15O", "17F", "8B", "hep")

#: End points (maximum neutrino energy = positron kinetic end point, nuclear recoil neglected) of the
#: allowed β⁺ continua in keV: Bahcall, *Neutrino Astrophysics* (1989), table 6.1 (0.420, 1.199,
#: 1.732, 1.740, 18.77 MeV). ⁸B is not among them: its decay goes to the broad (Γ ≈ 1.5 MeV) 2⁺
#: level of ⁸Be, and its spectrum is the measured one (:func:`b8_spectrum`).
BETA_ENDPOINTS_KEV: dict[str, float] = {
    "pp": 420.0,
    "13N": 1199.0,
    "15O": 1732.0,
    "17F": 1740.0,
    "hep": 18770.0,
}

#: Charge number of the daughter nucleus (enters the Fermi function of the emitted positron):
#: pp → ²H, ¹³N → ¹³C, ¹⁵O → ¹⁵N, ¹⁷F → ¹⁷O, hep (³He + p) → ⁴He.
BETA_DAUGHTER_Z: dict[str, int] = {"pp": 1, "13N": 6, "15O": 7, "17F": 8, "hep": 2}


@functools.lru_cache(maxsize=1)
def b8_spectrum() -> tuple[np.ndarray, np.ndarray]:
    """The measured ⁸B neutrino spectrum (Winter et al., Phys. Rev. C 73, 025503 (2006), Table IV).

    Returns
    -------
    E_keV, shape_per_keV : numpy.ndarray
        The table's energies, 0–15.3 MeV, in keV and the spectrum there, normalised so that its
        monotone cubic interpolant (the ⁸B component of :func:`solar_neutrino_component`) integrates to
        exactly 1 over E in keV. The file
        is validated on load: increasing energies, a non-negative spectrum and the published
        normalisation (1000 over E in MeV, within 0.1 %).
    """
    from importlib.resources import files

    text = files("mcpria_lite").joinpath("data/sources/winter2006_8B.csv").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    if rows[0] != "E_MeV,lambda_per_MeV_x1000":
        raise ValueError(f"data/sources/winter2006_8B.csv: unexpected header {rows[0]!r}")
    data = np.array([[float(x) for x in ln.split(",")] for ln in rows[1:]])
    E, lam = data[:, 0], data[:, 1]
    norm = float(np.trapezoid(lam, E))
    if np.any(np.diff(E) <= 0) or np.any(lam < 0) or abs(norm / 1000.0 - 1.0) > 1e-3:
        raise ValueError("data/sources/winter2006_8B.csv: energies must increase, the spectrum must be >= 0 and "
                         f"integrate to 1000 over E in MeV (got {norm:.4g})")
    E_keV = E * 1e3
    shape = lam / pchip_integral(E_keV, pchip_coefficients(E_keV, lam))
    E_keV.setflags(write=False)
    shape.setflags(write=False)
    return E_keV, shape


@dataclass(frozen=True)
class _B8Shape:
    """dφ/dE of the ⁸B component: ``flux`` × the monotone cubic through :func:`b8_spectrum`
    (never negative: the interpolant stays within its neighbouring table values)."""

    flux: float

    def __call__(self, E):
        E_t, y = b8_spectrum()
        return self.flux * np.maximum(pchip_evaluate(E_t, _b8_coefficients(), E), 0.0)


@functools.lru_cache(maxsize=1)
def _b8_coefficients() -> np.ndarray:
    E_t, y = b8_spectrum()
    return pchip_coefficients(E_t, y)


#: Panel edges (keV) of the ⁸B quadrature: every 2 MeV (the rule of a callable source).
_B8_BREAKPOINTS_KEV = tuple(float(e) for e in np.arange(2000.0, 15000.0, 2000.0))


#: Monochromatic electron-capture lines, as pairs (energy in keV, branching fraction). ⁷Be to the
#: ground state 89.7 %, to the 478-keV excited state of ⁷Li 10.3 %; pep 1442 keV (Bahcall 1989,
#: table 6.1).
SOLAR_LINES: dict[str, tuple[tuple[float, float], ...]] = {
    "7Be": ((861.8, 0.897), (384.3, 0.103)),
    "pep": ((1442.2, 1.0),),
}

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
    if isinstance(Z, (bool, np.bool_)) or not isinstance(Z, (int, np.integer)) or not 0 <= Z <= 120:
        raise ValueError(f"Z must be an integer in [0, 120] (the daughter nucleus' charge), got {Z!r}")
    W = _validate.nonnegative_array("W_keV", W_keV)
    p = np.sqrt(np.clip(W * W - M_E * M_E, 0.0, None))
    return _fermi_from_p(int(Z), W, p)


def _fermi_from_p(Z: int, W: np.ndarray, p: np.ndarray) -> np.ndarray:
    if Z == 0:
        return np.where(p > 0, 1.0, 0.0)
    pos = p > 0
    x = np.where(pos, 2.0 * math.pi * Z * ALPHA * W / np.where(pos, p, 1.0), 1.0)
    # x e^{-x} / (1 - e^{-x}); e^{-x} underflows quietly to 0 for large x
    F = x * np.exp(-x) / (-np.expm1(-x))
    return np.where(pos, F, 0.0)


# ------------------------------------------------------------------------------------------------
# Flux classes
# ------------------------------------------------------------------------------------------------

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


def _check_model(model: str) -> str:
    return _validate.choice("model", model, tuple(SOLAR_NEUTRINO_FLUXES))




def solar_neutrino_component(name: str, model: str = "GS98", oscillated: bool = True) -> Flux:
    """One solar-neutrino component ("pp", "7Be", "pep", "13N", "15O", "17F", "8B" or "hep").

    Continuum components are :class:`BetaPlusSpectrum` (allowed β⁺ shape with Fermi function,
    end points :data:`BETA_ENDPOINTS_KEV`), except ⁸B, the measured spectrum of :func:`b8_spectrum`
    (a :class:`~mcpria_lite.sources.spectra.CallableFlux`, monotone cubic interpolation); ⁷Be and pep are
    ``LineFlux``. Fluxes from
    :data:`SOLAR_NEUTRINO_FLUXES` (Haxton, Robertson & Serenelli 2013). The projectile is a
    ν_e (:func:`mcpria_lite.particles.projectiles.neutrino`); with ``oscillated=True`` (default)
    ``Flux.flavour_quadrature`` splits it into ν_e and ν_μ/ν_τ at Earth with the survival
    probability of :func:`mcpria_lite.sources.oscillations.survival_probability` for this component;
    ``oscillated=False`` keeps everything ν_e (the flux at production).
    """
    _validate.choice("component", name, SOLAR_COMPONENTS)
    if not isinstance(oscillated, bool):
        raise ValueError(f"oscillated must be True or False, got {oscillated!r}")
    phi = SOLAR_NEUTRINO_FLUXES[_check_model(model)][name]
    survival = functools.partial(_osc.survival_probability, component=name) if oscillated else None
    nu = neutrino("nu_e")
    if name in SOLAR_LINES:
        lines = tuple((float(E), float(br * phi)) for E, br in SOLAR_LINES[name])
        return LineFlux(name=name, projectile=nu, solid_angle_sr=_FOUR_PI, lines=lines, nu_e_survival=survival)
    if name == "8B":
        E, _ = b8_spectrum()
        return CallableFlux(name=name, projectile=nu, solid_angle_sr=_FOUR_PI, E_min_keV=float(E[0]),
                            E_max_keV=float(E[-1]), function=_B8Shape(float(phi)),
                            breakpoints_keV=_B8_BREAKPOINTS_KEV, nu_e_survival=survival)
    return BetaPlusSpectrum(
        name=name,
        projectile=nu,
        solid_angle_sr=_FOUR_PI,
        E_min_keV=0.0,
        E_max_keV=BETA_ENDPOINTS_KEV[name],
        Q_keV=BETA_ENDPOINTS_KEV[name],
        Z_daughter=BETA_DAUGHTER_Z[name],
        flux_cm2_s=phi,
        nu_e_survival=survival,
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
        Split the flavours at Earth with P_ee(E) per component (:mod:`mcpria_lite.sources.oscillations`)
        in ``Flux.flavour_quadrature`` (default); ``False``: all ν_e. The total flux, and
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


