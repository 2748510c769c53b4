"""Sources of dark photons (and of their pseudoscalar counterpart): halo dark matter and a user's flux.

* :class:`DarkPhotonDarkMatter` — dark-photon dark matter of the local halo: a monoenergetic line
  at ω = m_V (the speed v ≈ 10⁻³ changes ω by m_V v²/2, negligible), number density n_V = ρ/m_V.
  The local density ρ is stated and changeable (default :data:`LOCAL_DM_DENSITY_GEV_CM3` =
  0.3 GeV/cm³, the value with which XENONnT quotes its limits, E. Aprile et al., Phys. Rev. Lett. 129,
  161805 (2022)). The absorption rate does not depend on v (σ_abs ∝ 1/v), nor on the polarisation of a
  V at rest on an isotropic atom (a V at rest has no direction).
* :class:`AxionLikeDarkMatter` — the same halo made of a pseudoscalar of mass m_a coupled to electrons
  with g_ae (axio-electric absorption, the second line of the XENONnT bosonic-dark-matter search).
* :class:`DarkPhotonFlux` — a user's relativistic flux dφ/dω of dark photons (a table or lines of total
  energy ω > m_V), in one polarisation class of :mod:`mcpria_lite.particles.dark_photon` (a flux from
  the Sun must be split into transverse and longitudinal parts by the user: they are produced and
  absorbed differently). Built with :func:`dark_photon_flux`. Its quadrature in ω is that of the
  package's own spectra (:mod:`mcpria_lite.sources.spectra`).

Units: keV, GeV/cm³ for ρ, cm⁻² s⁻¹ keV⁻¹ for dφ/dω.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .. import _validate
from ..particles.dark_photon import DarkPhoton
from ..particles.projectiles import Projectile
from ..units import GEV
from .flux import Flux
from .spectra import line_flux, tabulated_flux

__all__ = ["LOCAL_DM_DENSITY_GEV_CM3", "DarkPhotonDarkMatter", "AxionLikeDarkMatter", "DarkPhotonFlux",
           "dark_photon_flux"]

#: Local dark-matter density in GeV/cm³ used by default, the value of the XENONnT limits (and of most
#: direct-detection limits), E. Aprile et al., Phys. Rev. Lett. 129, 161805 (2022).
LOCAL_DM_DENSITY_GEV_CM3 = 0.3


def _rho(rho) -> float:
    return _validate.positive_scalar("rho_GeV_cm3", rho, "GeV/cm^3")


@dataclass(frozen=True)
class DarkPhotonDarkMatter:
    """Dark-photon dark matter of the local halo: a line at ω = m_V, n_V = ρ/m_V.

    Attributes
    ----------
    dark_photon : DarkPhoton
        Mass m_V and mixing κ (the polarisation class plays no role for a V at rest).
    rho_GeV_cm3 : float
        Local density ρ in GeV/cm³ (> 0), default 0.3.
    """

    dark_photon: DarkPhoton
    rho_GeV_cm3: float = LOCAL_DM_DENSITY_GEV_CM3

    def __post_init__(self) -> None:
        if not isinstance(self.dark_photon, DarkPhoton):
            raise ValueError("dark_photon must be a mcpria_lite.particles.dark_photon.DarkPhoton, "
                             f"got {type(self.dark_photon).__name__}")
        object.__setattr__(self, "rho_GeV_cm3", _rho(self.rho_GeV_cm3))

    @property
    def mass_keV(self) -> float:
        """m_V in keV (also the deposited energy of an absorption, the line)."""
        return self.dark_photon.mass_keV

    @property
    def number_density_cm3(self) -> float:
        """n_V = ρ/m_V in cm⁻³."""
        return self.rho_GeV_cm3 * GEV / self.mass_keV

    @property
    def name(self) -> str:
        """Label."""
        return f"dark-photon dark matter (m_V = {self.mass_keV:g} keV, ρ = {self.rho_GeV_cm3:g} GeV/cm³)"


@dataclass(frozen=True)
class AxionLikeDarkMatter:
    """Axion-like (pseudoscalar) dark matter of the local halo: mass m_a, electron coupling g_ae, ρ.

    Attributes
    ----------
    mass_keV : float
        m_a in keV (> 0).
    g_ae : float
        The axion–electron coupling (dimensionless, > 0).
    rho_GeV_cm3 : float
        Local density in GeV/cm³, default 0.3.
    """

    mass_keV: float
    g_ae: float = 1.0
    rho_GeV_cm3: float = LOCAL_DM_DENSITY_GEV_CM3

    def __post_init__(self) -> None:
        object.__setattr__(self, "mass_keV", _validate.positive_scalar("mass_keV", self.mass_keV, "keV"))
        object.__setattr__(self, "g_ae", _validate.positive_scalar("g_ae", self.g_ae))
        object.__setattr__(self, "rho_GeV_cm3", _rho(self.rho_GeV_cm3))

    @property
    def number_density_cm3(self) -> float:
        """n_a = ρ/m_a in cm⁻³."""
        return self.rho_GeV_cm3 * GEV / self.mass_keV

    @property
    def name(self) -> str:
        """Label."""
        return f"axion-like dark matter (m_a = {self.mass_keV:g} keV, ρ = {self.rho_GeV_cm3:g} GeV/cm³)"


@dataclass(frozen=True)
class DarkPhotonFlux:
    """A relativistic flux of dark photons: dφ/dω (continuum and/or lines) in total energy ω > m_V.

    Build it with :func:`dark_photon_flux`. ``spectrum`` holds the energy spectrum and its quadrature
    rule (a :class:`mcpria_lite.sources.flux.Flux` whose carrier only fixes the mass); use
    :meth:`quadrature`, not the carrier, for integrals.
    """

    dark_photon: DarkPhoton
    spectrum: Flux
    name: str = "dark-photon flux"

    @property
    def E_min_keV(self) -> float:
        """Lowest total energy of the flux, keV."""
        return self.spectrum.E_min_keV

    @property
    def E_max_keV(self) -> float:
        """Highest total energy of the flux, keV."""
        return self.spectrum.E_max_keV

    def dphi_dE(self, E_keV) -> np.ndarray:
        """The continuum dφ/dω at total energies ω (cm⁻² s⁻¹ keV⁻¹)."""
        return self.spectrum.dphi_dE(E_keV)

    def total(self) -> float:
        """Total flux (continuum and lines), cm⁻² s⁻¹."""
        return self.spectrum.total()

    def quadrature(self, E_lo=None, E_hi=None, n: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """Nodes (keV) and weights (cm⁻² s⁻¹) with Σ w f(ω) ≈ ∫ dφ/dω f(ω) dω + Σ_lines φ f(ω_line)
        over [E_lo, E_hi] (arrays broadcast; see :meth:`mcpria_lite.sources.flux.Flux.quadrature`)."""
        return self.spectrum.quadrature(E_lo, E_hi, n=n)


def dark_photon_flux(dark_photon: DarkPhoton, E_keV=None, dphi_dE=None, *, lines=None,
                     interpolation: Literal["log-log", "linear"] = "log-log",
                     name: str = "dark-photon flux") -> DarkPhotonFlux:
    """A user's relativistic dark-photon flux: a table (ω, dφ/dω) or monochromatic lines (not both).

    Parameters
    ----------
    dark_photon : DarkPhoton
        Mass, mixing and polarisation class of the flux.
    E_keV, dphi_dE : array_like, optional
        Total energies ω (keV, strictly increasing, ≥ m_V) and dφ/dω (cm⁻² s⁻¹ keV⁻¹, ≥ 0),
        interpolated as in :func:`mcpria_lite.sources.spectra.tabulated_flux`.
    lines : list of pairs, optional
        Monochromatic lines (total energy in keV > m_V, flux in cm⁻² s⁻¹) instead of a table.
    interpolation : {"log-log", "linear"}
        Of the table.
    name : str
        Label.
    """
    if not isinstance(dark_photon, DarkPhoton):
        raise ValueError("dark_photon must be a mcpria_lite.particles.dark_photon.DarkPhoton, "
                         f"got {type(dark_photon).__name__}")
    table = E_keV is not None or dphi_dE is not None
    if table == (lines is not None):
        raise ValueError("give either a table (E_keV and dphi_dE) or lines, not both and not neither")
    carrier = Projectile(name=f"{dark_photon.name} (spectrum carrier)", mass_keV=dark_photon.mass_keV, flavour="chi")
    spec: Flux
    if table:
        if E_keV is None or dphi_dE is None:
            raise ValueError("a tabulated dark-photon flux needs both E_keV and dphi_dE")
        spec = tabulated_flux(E_keV, dphi_dE, projectile=carrier, interpolation=interpolation, name=name)
    else:
        spec = line_flux(lines, projectile=carrier, name=name)
    return DarkPhotonFlux(dark_photon=dark_photon, spectrum=spec, name=name)
