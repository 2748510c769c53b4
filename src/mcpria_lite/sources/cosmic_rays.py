"""Dark cosmic rays: millicharged particles accelerated like cosmic rays, a power law in energy.

The flux of Hu, Kusenko & Takhistov, Phys. Lett. B 768, 18 (2017), as quoted by Qiao, Lin, Chi &
Jia, JHEP 03 (2021) 184, with the convention of the latter (:data:`DM_CONVENTION`).
"""

from __future__ import annotations


import numpy as np

from .. import _validate
from ..particles.projectiles import millicharged_particle
from ..units import GEV
from .flux import _FOUR_PI
from .spectra import PowerLawFlux

__all__ = ["dark_cosmic_rays", "DM_CONVENTION"]

#: The dark-cosmic-ray convention of Qiao et al. (2021), spectral index α, isotropic flux and the
#: lowest total energy E_min = E_min_factor × m_χ.
DM_CONVENTION = {"alpha": 2.7, "solid_angle_sr": 4 * np.pi, "E_min_factor": 10.0}


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
        :func:`mcpria_lite.particles.projectiles.millicharged_particle` of that mass.
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
    a: np.ndarray | float  # the array, then its float
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
