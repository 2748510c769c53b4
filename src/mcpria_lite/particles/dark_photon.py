"""The dark photon: a massive vector V (mass m_V) that mixes kinetically with the photon (κ).

Below the electroweak scale a kinetically mixed dark photon couples to the electromagnetic current
with charge κe (Holdom, Phys. Lett. B 166, 196 (1986); in vacuum, before the in-medium correction of
:mod:`mcpria_lite.targets.refractive_index`). Two processes on an atom follow:

* absorption, V + atom → ion + e (the photoelectric effect of a photon of energy ω = m_V for a V at
  rest), computed from the photoabsorption cross section in :mod:`mcpria_lite.rates.dark_photons`;
* "dark Compton" scattering V + e → γ + e, whose squared amplitude is derived in
  :mod:`mcpria_lite.derivation.dark_compton` and generated into
  ``mcpria_lite.particles._dark_compton_generated``. This module wraps it: :func:`dark_compton_kernel`
  is the sum X_pol over the vector's states of one polarisation class, with
  Σ_{spins, states, γ pol.}abs(M)² = 8e⁴κ² X_pol, so ⟨abs(M)²⟩ = 8e⁴κ²X_pol/(2 n_pol) after averaging the
  electron spin and the n_pol states (:data:`N_STATES`).

Polarisation classes (:data:`Polarisation`): ``"unpolarised"`` (all three states equally populated:
dark-photon dark matter, for which the answer does not depend on the state anyway, a V at rest
having no direction), ``"transverse"`` (the two helicity ±1 states, e.g. a flux produced by
photon–V oscillation), ``"longitudinal"`` (helicity 0 in the atom's rest frame; it decouples as
m_V/ω → 0). A relativistic source must say which it carries.

Units: keV (masses, energies, the invariants K₁ = p·k, K₂ = p·k′ in keV²).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal, cast

import numpy as np

from ..units import M_E
from . import _dark_compton_generated as _dg

__all__ = ["Polarisation", "POLARISATIONS", "N_STATES", "DarkPhoton", "dark_compton_kernel"]

#: The polarisation classes of a dark-photon beam.
Polarisation = Literal["unpolarised", "transverse", "longitudinal"]
POLARISATIONS: tuple[str, ...] = ("unpolarised", "transverse", "longitudinal")
#: Number of vector states each class averages over (3, 2, 1).
N_STATES: dict[str, int] = {"unpolarised": 3, "transverse": 2, "longitudinal": 1}


def _check_polarisation(pol) -> str:
    if pol not in N_STATES:
        raise ValueError(f"polarisation must be one of {POLARISATIONS}, got {pol!r}")
    return pol


@dataclass(frozen=True, kw_only=True)
class DarkPhoton:
    """A dark photon of mass ``mass_keV`` (> 0), kinetic mixing ``kappa`` (> 0) and a polarisation class.

    Attributes
    ----------
    mass_keV : float
        m_V in keV, > 0.
    kappa : float
        Kinetic mixing κ (dimensionless, > 0): every cross section scales as κ².
    polarisation : {"unpolarised", "transverse", "longitudinal"}
        Which states the beam populates (see the module docstring).
    """

    mass_keV: float
    kappa: float = 1.0
    polarisation: Polarisation = "unpolarised"

    def __post_init__(self) -> None:
        for name in ("mass_keV", "kappa"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.floating)) or not math.isfinite(v) or v <= 0:
                raise ValueError(f"{name} must be a finite number > 0, got {v!r}")
            object.__setattr__(self, name, float(v))
        _check_polarisation(self.polarisation)

    @property
    def n_states(self) -> int:
        """Number of vector states the polarisation class averages over."""
        return N_STATES[self.polarisation]

    @property
    def name(self) -> str:
        """Label, e.g. ``"dark photon (m_V = 10 keV, κ = 1e-15, unpolarised)"``."""
        return f"dark photon (m_V = {self.mass_keV:g} keV, κ = {self.kappa:g}, {self.polarisation})"

    def with_polarisation(self, polarisation: Polarisation) -> "DarkPhoton":
        """The same particle in another polarisation class."""
        return replace(self, polarisation=cast(Polarisation, _check_polarisation(polarisation)))


def dark_compton_kernel(polarisation: Polarisation, K1, K2, p_dot_n, omega, omega_f, m_V: float, *,
                        clip: bool = False) -> np.ndarray:
    """X_pol: the squared amplitude of V + e → γ + e summed over spins, the photon's polarisations and
    the vector's states of ``polarisation`` (Σ abs(M)² = 8e⁴κ² X_pol); arrays broadcast.

    Parameters
    ----------
    polarisation : {"unpolarised", "transverse", "longitudinal"}
    K1, K2 : array_like
        p·k and p·k′ in keV² (the impulse approximation's K̄₁, K̄₂, or m_eω and m_eω′ at rest).
    p_dot_n, omega, omega_f : array_like
        The electron energy E(p_z), the vector's energy ω and the photon's ω_f (keV) in the atom's rest
        frame n: only the longitudinal/transverse split uses them.
    m_V : float
        Mass of the vector, keV (≥ 0; at 0 the longitudinal part is 0).
    clip : bool
        Keep X_L inside its physical range [0, X_V] (then X_T = X_V − X_L stays in it too). On shell it
        always is; the impulse approximation evaluates the kernel at off-shell K̄₁, K̄₂, where far in the
        tails of the Compton profiles X_L can leave it (by ≲ 0.3 % of the peak of the longitudinal
        cross section). The unpolarised kernel X_V needs no clipping.
    """
    _check_polarisation(polarisation)
    xv = _dg.x_dark_v(K1, K2, M_E, m_V)
    if polarisation == "unpolarised":
        return xv
    xl = _dg.x_dark_l(K1, K2, p_dot_n, omega, omega_f, M_E, m_V) if m_V > 0 else np.zeros_like(xv)
    if clip:
        xl = np.clip(xl, 0.0, np.maximum(xv, 0.0))
    return xv - xl if polarisation == "transverse" else xl
