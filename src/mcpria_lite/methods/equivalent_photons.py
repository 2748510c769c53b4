"""The equivalent-photon approximation (EPA).

dσ/dT = σ_γ(T) dN/dT, with dN/dT the interaction's equivalent-photon number
(:meth:`mcpria_lite.particles.interactions.Interaction.equivalent_photon_terms`; Budnev et al., Phys.
Rep. 15, 181 (1975) for a charge) and σ_γ the measured photoabsorption cross section of the target.
Only real (transverse) photons survive Q² → 0: no EPA exists for the weak or charge-radius terms
(``ValueError``). Registered as ``"EPA"``.

Where the EPA does not hold it refuses (``ValueError`` with the reason), rather than returning a
number:

* **a magnetic moment**: its vertex carries a power of q that cancels the photon pole, so the cross
  section is not dominated by quasi-real photons (no logarithm; it comes from virtualities
  Q² ≫ T², where the atom does not respond as to a real photon, σ_γ). The equivalent-photon
  number of a magnetic moment exists (:meth:`mcpria_lite.particles.interactions.Interaction.equivalent_photon_terms`),
  but σ_γ × that number misses most of the ionization: the book's chapter "Interactions" shows it
  one to two orders of magnitude below the impulse approximation.
* **a slow projectile**: quasi-real photons (Q² ≤ Q²max, T² by default) are exchanged only if
  ``p − p′ ≤ √(Q²max + T²)``, i.e. for v ≳ 0.71c when m ≫ T (:meth:`EquivalentPhotons.E_lower_limit`).
  A halo dark-matter particle (v ~ 10⁻³c) exchanges photons with ``q ≥ T/v ≫ T``: the EPA's
  Q²min = m²T²/(E(E − T)) (the ultra-relativistic form) would give a meaningless near-zero number.
  A rate leaves out the flux nodes below this limit and refuses a flux with none above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .._validate import choice, positive_array, positive_scalar
from ..particles.projectiles import Projectile
from ..targets.photoabsorption import PhotoabsorptionSource
from .base import AtomicInputs, MethodBase, projectile_mass, register

__all__ = ["EPAOptions", "EquivalentPhotons", "EPA", "quasi_real_E_min"]


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
def quasi_real_E_min(T_keV, m_keV: float, Q2_max="T2") -> np.ndarray:
    """Lowest total energy (keV) at which a projectile of mass m can give T through a quasi-real photon.

    The smallest photon virtuality at (E, T) is Q²min = (p − p′)² − T² (p, p′ the momenta before
    and after; exact kinematics). The EPA needs Q²min ≤ Q²max, i.e. p − p′ ≤ c with
    c² = Q²max + T². p − p′ falls with E; solving p − p′ = c gives
    E = [T + √(T² + a + 4c²m²/a)]/2 with a = Q²max, or E = m + T (the kinematic limit) where even
    the slowest projectile satisfies it (p(m + T) ≤ c). Massless: E = T. For Q²max = T² and m ≫ T
    this is E ≈ √2 m, v ≈ 0.71c.
    """
    T = positive_array("T_keV", T_keV)
    m = float(m_keV)
    a = T**2 if isinstance(Q2_max, str) else np.broadcast_to(np.asarray(Q2_max, dtype=float), T.shape)
    c2 = a + T**2
    kin = m + T
    if m == 0:
        return kin
    p_kin2 = kin**2 - m**2
    E = 0.5 * (T + np.sqrt(T**2 + a + 4.0 * c2 * m**2 / a))
    return np.where(p_kin2 <= c2, kin, np.maximum(E, kin))


#: Why the EPA refuses a magnetic moment (the text of its ``ValueError``).
MAGNETIC_REASON = (
    "the EPA does not apply to a magnetic moment: its vertex carries a power of q that cancels the photon pole, so "
    "the cross section comes from virtualities Q² ≫ T², not from quasi-real photons (there is no logarithm), and "
    "σ_γ(T) × the equivalent-photon number misses most of it (one to two orders of magnitude below the impulse "
    "approximation; see the book's chapter 'Interactions'); use RIA, DFS or FEA"
)


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
        if any("mu_B" in t.powers for t in interaction.terms):
            return MAGNETIC_REASON
        if interaction.has_epa:
            return None
        bad = [t.name for t in interaction.terms if not t.epa]
        what = "weak has no EPA" if interaction.has_weak else "these terms have no EPA"
        return (f"{what} (terms without equivalent photons: {bad}; the contact weak and charge-radius "
                "amplitudes have no photon pole); the interaction of method 'EPA' must be Millicharge")

    @staticmethod
    def _check_fast(T, E, projectile, options) -> None:
        """``ValueError`` where (T, E) is kinematically open but no quasi-real photon can be exchanged."""
        m = projectile_mass(projectile)
        if m == 0:
            return
        E_qr = quasi_real_E_min(T, m, options.Q2_max)
        slow = (E < E_qr * (1 - 1e-12)) & (E - T > m)
        if np.any(slow):
            k = int(np.flatnonzero(slow.ravel())[0])
            t, e, e_qr = float(T.ravel()[k]), float(E.ravel()[k]), float(np.ravel(E_qr)[k])
            v = (1.0 - (m / e) ** 2) ** 0.5
            p, pp = (e**2 - m**2) ** 0.5, ((e - t) ** 2 - m**2) ** 0.5
            raise ValueError(
                f"{'E_keV and m_keV' if isinstance(options.Q2_max, str) else 'E_keV and m_keV (with this Q2_max)'}: the EPA needs quasi-real photons, which the projectile {projectile.name!r} is too slow to "
                f"exchange: at T = {t:.4g} keV and E = {e:.6g} keV (v = {v:.3g}c) the smallest photon virtuality "
                f"(p − p′)² − T² = {(p - pp) ** 2 - t**2:.3g} keV² exceeds Q²max{'' if isinstance(options.Q2_max, str) else ' (Q2_max)'}; the EPA holds only for E ≥ "
                f"{e_qr:.6g} keV here (v ≳ 0.71c). It does not apply to slow (e.g. halo) particles: use RIA, DFS or FEA"
            )

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
        self._check_fast(T, E, projectile, options)
        dn = interaction.equivalent_photon_terms(T, E, projectile, Q2_max=options.Q2_max, spectrum=options.spectrum)
        try:
            sigma_gamma = target.photoabsorption(T, source=options.photoabsorption_source)
        except ValueError as exc:  # the photon energy of the EPA is T: name the caller's argument
            raise ValueError(f"T_keV is outside the photoabsorption data used by the EPA: {exc}") from exc
        return dn * sigma_gamma

    def rate_terms(self, target, T, E_nodes, groups, use, interaction, options):
        """The cross section at every flux node fast enough for quasi-real photons
        (:func:`quasi_real_E_min`); slower nodes are outside the EPA and left out. A flux with no such
        node at any T (a halo-like, slow source) is an error, not a zero rate."""
        T2 = np.broadcast_to(T[:, None], E_nodes.shape)
        fast = np.ones(E_nodes.shape, dtype=bool)
        for proj, w in groups:
            m = projectile_mass(proj)
            if m > 0:
                fast = E_nodes >= quasi_real_E_min(T, m, options.Q2_max)[:, None] * (1 - 1e-12)
            weighted = use & (w > 0)
            if np.any(weighted) and not np.any(weighted & fast):
                k = np.flatnonzero(weighted.ravel())[0]
                self._check_fast(T2.ravel()[k:k + 1], E_nodes.ravel()[k:k + 1], proj, options)
        return MethodBase.rate_terms(self, target, T, E_nodes, groups, use & fast, interaction, options)

    def E_lower_limit(self, T_keV, projectile, target=None, **options):
        """E > m + T (the outgoing projectile keeps its mass); the EPA itself needs more
        (:func:`quasi_real_E_min`), and refuses slower projectiles."""
        self.options(**options)
        T = positive_array("T_keV", T_keV)
        return projectile_mass(projectile) + T


#: The registered method object.
EPA = register(EquivalentPhotons())
