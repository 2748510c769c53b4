"""Solar-neutrino flavour at Earth: the adiabatic MSW-LMA survival probability P_ee(E).

Solar neutrinos are produced as ν_e. On their way out of the Sun the flavour evolves
adiabatically in the decreasing electron density (Mikheyev–Smirnov–Wolfenstein effect, large-mixing
angle solution), and the mass eigenstates decohere before reaching Earth. With three flavours in
the usual one-mass-scale reduction (θ₁₃ decouples, Δm²₃₁ averages out) the probability that a ν_e
produced at electron density n_e arrives as ν_e is

    P_ee = cos⁴θ₁₃ · (½ + ½ cos 2θ₁₂ᵐ cos 2θ₁₂) + sin⁴θ₁₃,

    cos 2θ₁₂ᵐ = (cos 2θ₁₂ − β) / √((cos 2θ₁₂ − β)² + sin² 2θ₁₂),
    β = 2√2 G_F n_e E cos²θ₁₃ / Δm²₂₁,

with E the neutrino energy (Parke, Phys. Rev. Lett. 57, 1275 (1986) for the adiabatic form; the
θ₁₃ dressing as in the Review of Particle Physics, "Neutrino masses, mixing and oscillations",
Navas et al. (PDG), Phys. Rev. D 110, 030001 (2024)). Day–night (Earth-matter) effects, a few
per cent for ⁸B and below 0.1 % for pp and ⁷Be, are neglected. The rest, 1 − P_ee, arrives as
an equal ν_μ/ν_τ mixture, which scatters on electrons as one flavour (``"nu_mu_tau"``).

Limits (checked in ``tests/sources/test_oscillations.py``): β → 0 (low energy, vacuum-dominated)
gives P_ee = cos⁴θ₁₃ (1 − ½ sin² 2θ₁₂) + sin⁴θ₁₃ ≈ 0.55; β → ∞ (high energy, matter-dominated)
gives P_ee = cos⁴θ₁₃ sin²θ₁₂ + sin⁴θ₁₃ ≈ 0.30.

Inputs, with their sources:

* mixing parameters :data:`NUFIT_6_0` (NuFIT 6.0, I. Esteban, M. C. Gonzalez-Garcia, M. Maltoni,
  I. Martinez-Soler, J. P. Pinheiro, T. Schwetz, JHEP 12 (2024) 216, arXiv:2410.05380, normal
  ordering); any :class:`OscillationParameters` may be passed instead;
* electron density of the standard solar model, the exponential fit
  n_e(r) = 245 N_A exp(−10.54 r/R_⊙) cm⁻³ (J. N. Bahcall, *Neutrino Astrophysics*, Cambridge
  University Press (1989), §6.1), :func:`electron_density_cm3`. The fit describes the radiative
  zone; in the inner core (r ≲ 0.1 R_⊙) it lies above the solar-model tables (whose central
  value is about 100 N_A cm⁻³), so β is somewhat too large there: P_ee(⁷Be, 862 keV) comes out
  0.51 where full solar-model calculations give 0.52–0.53; pp (vacuum-dominated) and ⁸B above
  5 MeV (matter-dominated, P_ee → its β → ∞ limit) are barely affected;
* each component's production radius :data:`PRODUCTION_RADIUS` (where its production
  distribution peaks in the standard solar model; Bahcall (1989), fig. 6.2, and J. N. Bahcall,
  M. H. Pinsonneault, S. Basu, ApJ 555, 990 (2001)). One radius per component replaces the
  average over the production region.

Units: energies in keV (the package convention), Δm² in eV², densities in cm⁻³.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _validate
from ..units import G_F_KEV2, HBARC_KEV_CM, N_A

__all__ = [
    "OscillationParameters",
    "NUFIT_6_0",
    "PRODUCTION_RADIUS",
    "electron_density_cm3",
    "matter_parameter",
    "survival_probability",
    "vacuum_limit",
    "matter_limit",
    "BOREXINO_2018_P_EE",
]


@dataclass(frozen=True)
class OscillationParameters:
    """The three parameters that fix solar-neutrino flavour conversion.

    Attributes
    ----------
    sin2_theta12, sin2_theta13 : float
        sin²θ₁₂ and sin²θ₁₃, each in (0, 1).
    dm2_21_eV2 : float
        Δm²₂₁ in eV² (> 0).
    reference : str
        The global fit they come from.
    """

    sin2_theta12: float
    sin2_theta13: float
    dm2_21_eV2: float
    reference: str = ""

    def __post_init__(self) -> None:
        for name in ("sin2_theta12", "sin2_theta13"):
            v = _validate.positive_scalar(name, getattr(self, name))
            if not v < 1:
                raise ValueError(f"{name} must be in (0, 1), got {v!r}")
            object.__setattr__(self, name, v)
        object.__setattr__(self, "dm2_21_eV2", _validate.positive_scalar("dm2_21_eV2", self.dm2_21_eV2, "eV^2"))


#: The NuFIT 6.0 best fit for normal ordering, sin²θ₁₂ = 0.307, sin²θ₁₃ = 0.02195,
#: Δm²₂₁ = 7.49e-5 eV² (Esteban et al., JHEP 12 (2024) 216, arXiv:2410.05380).
NUFIT_6_0 = OscillationParameters(
    sin2_theta12=0.307, sin2_theta13=0.02195, dm2_21_eV2=7.49e-5,
    reference="NuFIT 6.0, Esteban et al., JHEP 12 (2024) 216, arXiv:2410.05380 (normal ordering)",
)

#: Production radius r/R_⊙ of each solar-neutrino component, the peak of its production
#: distribution in the standard solar model (Bahcall 1989, fig. 6.2; Bahcall, Pinsonneault & Basu
#: 2001), read to about ±0.01 R_⊙.
PRODUCTION_RADIUS: dict[str, float] = {
    "pp": 0.10,
    "pep": 0.09,
    "hep": 0.15,
    "7Be": 0.06,
    "8B": 0.05,
    "13N": 0.06,
    "15O": 0.05,
    "17F": 0.05,
}

#: Survival probabilities measured by Borexino for each component, as (mean neutrino energy in keV,
#: P_ee, 1σ uncertainty): M. Agostini et al. (Borexino), Nature 562, 505 (2018), with the
#: high-metallicity solar model (⁸B from the high-energy-region spectrum above 5 MeV). For
#: comparison with :func:`survival_probability` (data, not inputs of this module).
BOREXINO_2018_P_EE: dict[str, tuple[float, float, float]] = {
    "pp": (267.0, 0.57, 0.09),
    "7Be": (862.0, 0.53, 0.05),
    "pep": (1440.0, 0.43, 0.11),
    "8B": (8100.0, 0.37, 0.08),
}

#: Bahcall's exponential fit of the solar electron density, n_e = N0 N_A exp(−k r/R_⊙).
_NE_N0 = 245.0
_NE_K = 10.54


def electron_density_cm3(r_over_Rsun) -> np.ndarray:
    """Electron density of the standard solar model, n_e(r) = 245 N_A exp(−10.54 r/R_⊙) cm⁻³.

    Parameters
    ----------
    r_over_Rsun : array_like
        Radius in units of the solar radius, in [0, 1].

    Returns
    -------
    numpy.ndarray
        n_e in cm⁻³ (Bahcall, *Neutrino Astrophysics* (1989), §6.1).
    """
    r = _validate.nonnegative_array("r_over_Rsun", r_over_Rsun, "(units of the solar radius)")
    if np.any(r > 1):
        raise ValueError("r_over_Rsun must be in [0, 1] (inside the Sun)")
    return _NE_N0 * N_A * np.exp(-_NE_K * r)


def _radius(component, r_over_Rsun) -> float:
    if r_over_Rsun is not None:
        if component is not None:
            raise ValueError("give either component or r_over_Rsun, not both")
        r = _validate.nonnegative_scalar("r_over_Rsun", r_over_Rsun, "(units of the solar radius)")
        if r > 1:
            raise ValueError(f"r_over_Rsun must be in [0, 1] (inside the Sun), got {r!r}")
        return r
    if component is None:
        raise ValueError(f"component is required: one of {sorted(PRODUCTION_RADIUS)!r} (or give r_over_Rsun)")
    _validate.choice("component", component, tuple(PRODUCTION_RADIUS))
    return PRODUCTION_RADIUS[component]


def _params(parameters) -> OscillationParameters:
    if not isinstance(parameters, OscillationParameters):
        raise ValueError(f"parameters must be an OscillationParameters (e.g. NUFIT_6_0), got {parameters!r}")
    return parameters


def matter_parameter(E_keV, component=None, *, r_over_Rsun=None, parameters: OscillationParameters = NUFIT_6_0):
    """β = 2√2 G_F n_e E cos²θ₁₃ / Δm²₂₁, the ratio of the matter to the vacuum term.

    Parameters
    ----------
    E_keV : array_like
        Neutrino energy in keV (≥ 0).
    component : str, optional
        Solar component (``"pp"``, ``"7Be"``, ``"8B"``, …): n_e at its :data:`PRODUCTION_RADIUS`.
    r_over_Rsun : float, optional
        Production radius in solar radii instead of a component.
    parameters : OscillationParameters

    Returns
    -------
    numpy.ndarray
        β (dimensionless), shape of ``E_keV``.
    """
    E = _validate.nonnegative_array("E_keV", E_keV)
    p = _params(parameters)
    n_e = float(electron_density_cm3(_radius(component, r_over_Rsun)))
    # √2 G_F n_e in keV: G_F in keV⁻², n_e (ħc)³ in keV³
    V_keV = math.sqrt(2.0) * G_F_KEV2 * n_e * HBARC_KEV_CM**3
    dm2_keV2 = p.dm2_21_eV2 * 1e-6
    return 2.0 * V_keV * E * (1.0 - p.sin2_theta13) / dm2_keV2


def _p_ee(cos2m, p: OscillationParameters):
    c2 = 1.0 - 2.0 * p.sin2_theta12
    c13_4 = (1.0 - p.sin2_theta13) ** 2
    return c13_4 * (0.5 + 0.5 * cos2m * c2) + p.sin2_theta13**2


def survival_probability(E_keV, component=None, *, r_over_Rsun=None,
                         parameters: OscillationParameters = NUFIT_6_0) -> np.ndarray:
    """ν_e survival probability P_ee(E) at Earth, adiabatic MSW-LMA (module docstring).

    Parameters
    ----------
    E_keV : array_like
        Neutrino energy in keV (≥ 0).
    component : str, optional
        Solar component whose production radius sets n_e: one of :data:`PRODUCTION_RADIUS`.
    r_over_Rsun : float, optional
        A production radius (solar radii) instead of a component.
    parameters : OscillationParameters
        Mixing parameters (default :data:`NUFIT_6_0`).

    Returns
    -------
    numpy.ndarray
        P_ee in [0, 1], shape of ``E_keV``; 1 − P_ee arrives as ν_μ/ν_τ.
    """
    p = _params(parameters)
    beta = matter_parameter(E_keV, component, r_over_Rsun=r_over_Rsun, parameters=p)
    c2 = 1.0 - 2.0 * p.sin2_theta12
    s2_2 = 4.0 * p.sin2_theta12 * (1.0 - p.sin2_theta12)
    cos2m = (c2 - beta) / np.sqrt((c2 - beta) ** 2 + s2_2)
    return _p_ee(cos2m, p)


def vacuum_limit(parameters: OscillationParameters = NUFIT_6_0) -> float:
    """P_ee for β → 0: cos⁴θ₁₃ (1 − ½ sin² 2θ₁₂) + sin⁴θ₁₃ (averaged vacuum oscillations)."""
    p = _params(parameters)
    return float(_p_ee(1.0 - 2.0 * p.sin2_theta12, p))


def matter_limit(parameters: OscillationParameters = NUFIT_6_0) -> float:
    """P_ee for β → ∞: cos⁴θ₁₃ sin²θ₁₂ + sin⁴θ₁₃ (ν_e born as ν₂, fully adiabatic)."""
    p = _params(parameters)
    return float(_p_ee(-1.0, p))
