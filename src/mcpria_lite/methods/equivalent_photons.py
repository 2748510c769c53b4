"""The equivalent-photon approximation (EPA).

dσ/dT = σ_γ(T) dN/dT, with dN/dT the interaction's equivalent-photon number
(:meth:`mcpria_lite.particles.interactions.Interaction.equivalent_photon_terms`; Budnev et al., Phys.
Rep. 15, 181 (1975) for a charge) and σ_γ the measured photoabsorption cross section of the target.
Only real (transverse) photons survive Q² → 0: no EPA exists for the weak or charge-radius terms
(``ValueError``). Registered as ``"EPA"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .._validate import choice, positive_array, positive_scalar
from ..particles.projectiles import Projectile
from ..targets.photoabsorption import PhotoabsorptionSource
from .base import AtomicInputs, MethodBase, projectile_mass, register

__all__ = ["EPAOptions", "EquivalentPhotons", "EPA"]


@dataclass(frozen=True)
class EPAOptions:
    """Options of the equivalent-photon approximation.

    Attributes
    ----------
    Q2_max : "T2" or float
        Upper photon virtuality: T² (default) or a value in keV².
    spectrum : {"budnev", "leading-log"}
        Charge: Budnev's full spectrum or its leading logarithm.
    photoabsorption_source : str
        σ_γ data set (:meth:`mcpria_lite.targets.atoms.Target.photoabsorption`).
    m_regulator_keV : float or None
        Regulator mass of a massless projectile for a call without a ``projectile`` (the millicharge
        call of :func:`mcpria_lite.rates.cross_sections.dsigma_dT`); a projectile carries its own
        (``Projectile.epa_regulator_keV``). An error for a massive projectile.
    """

    Q2_max: object = "T2"
    spectrum: Literal["budnev", "leading-log"] = "budnev"
    photoabsorption_source: PhotoabsorptionSource = "henke+kissel"
    m_regulator_keV: float | None = None

    def __post_init__(self):
        choice("spectrum", self.spectrum, {"budnev", "leading-log"})
        if isinstance(self.Q2_max, str):
            choice("Q2_max", self.Q2_max, {"T2"})
        else:
            positive_array("Q2_max", self.Q2_max, "keV²")
        if self.m_regulator_keV is not None:
            positive_scalar("m_regulator_keV", self.m_regulator_keV, "keV")


# ----------------------------------------------------------------------------------------------



class EquivalentPhotons(MethodBase):
    """EPA: σ_γ(T) × the interaction's equivalent-photon number per term."""

    name = "EPA"
    Options = EPAOptions
    in_paper = True
    plot_style = {"color": "C3", "lw": 1.4}
    slow_projectile_reason = (
        "its equivalent photons are real (Q² → 0, q → T), but a slow projectile of speed v transfers q ≥ T/v "
        "≈ 400 T: every exchanged photon is far off its mass shell and the longitudinal response, not the "
        "photoabsorption cross section, decides the rate. Use a model with a longitudinal response: "
        "mcpria_lite.methods.halo_models.ATOMIC_MODELS")

    def supports(self, interaction) -> str | None:
        if interaction.has_epa:
            return None
        bad = [t.name for t in interaction.terms if not t.epa]
        what = "weak has no EPA" if interaction.has_weak else "these terms have no EPA"
        return (f"{what} (terms without equivalent photons: {bad}; the contact weak and charge-radius "
                "amplitudes have no photon pole); the interaction of method 'EPA' must be one of Millicharge, "
                "MagneticMoment")

    #: The photoabsorption data behind σ_γ(T) (:mod:`mcpria_lite.targets.photoabsorption`), Henke below
    #: 20 keV and Kissel above (central), Chantler's FFAST, or Kissel's independent-particle subshell sum.
    atomic_variants = (AtomicInputs("Henke+Kissel photoabsorption", {}, {"photoabsorption_source": "henke+kissel"}),
                       AtomicInputs("Chantler photoabsorption", {}, {"photoabsorption_source": "chantler"}),
                       AtomicInputs("Kissel photoabsorption", {}, {"photoabsorption_source": "kissel"}))

    def applies(self, interaction) -> str | None:
        why = self.supports(interaction)
        if why is not None:
            return why
        if any(dict(t.powers).get("mu_B", 0) for t in interaction.terms):
            return ("the EPA is not an approximation to the magnetic-moment cross section: it keeps only the "
                    "real (transverse, Q² → 0) photons, and the magnetic-dipole vertex carries a power of q that "
                    "cancels the photon pole, so there is no logarithmic enhancement and the quasi-real photons carry "
                    "only a small fraction of the cross section; a limit from it would be far too weak, not an atomic-physics uncertainty (use FEA, RIA or DFS)")
        return None

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        self.check(interaction)
        if options.m_regulator_keV is not None:
            if projectile.mass_keV > 0:
                raise ValueError(
                    f"m_regulator_keV is allowed only for a massless projectile; this one has mass "
                    f"{projectile.mass_keV!r} keV, which itself regulates the EPA"
                )
            projectile = Projectile(
                name=projectile.name, mass_keV=0.0, flavour=projectile.flavour,
                antiparticle=projectile.antiparticle, epa_regulator_keV=options.m_regulator_keV,
            )
        needs_mass = any(t.name == "delta^2" for t in interaction.terms)
        if needs_mass and projectile.mass_keV == 0 and projectile.epa_regulator_keV is None:
            raise ValueError(
                f"m_regulator_keV must be > 0 keV for the massless projectile {projectile.name!r} (m_keV = 0; required: the "
                "EPA logarithm ln(Q²max/Q²min) of a millicharge diverges as m → 0; e.g. 1e-4 keV for a 0.1 eV "
                "neutrino mass), or use a projectile with epa_regulator_keV (mcpria_lite.particles.projectiles.neutrino)"
            )
        dn = interaction.equivalent_photon_terms(T, E, projectile, Q2_max=options.Q2_max, spectrum=options.spectrum)
        try:
            sigma_gamma = target.photoabsorption(T, source=options.photoabsorption_source)
        except ValueError as exc:  # the photon energy of the EPA is T: name the caller's argument
            raise ValueError(f"T_keV is outside the photoabsorption data used by the EPA: {exc}") from exc
        return dn * sigma_gamma

    def E_lower_limit(self, T_keV, projectile, target=None, **options):
        """E > m + T (the outgoing projectile keeps its mass)."""
        self.options(**options)
        T = positive_array("T_keV", T_keV)
        return projectile_mass(projectile) + T


#: The registered method object.
EPA = register(EquivalentPhotons())
