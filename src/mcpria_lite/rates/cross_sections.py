"""Atomic ionization cross sections dσ/dT: one entry point for every interaction and method.

:func:`dsigma_dT` and :func:`dsigma_dT_terms` take a projectile (:mod:`mcpria_lite.particles.projectiles`),
an interaction (:mod:`mcpria_lite.particles.interactions`: millicharge, magnetic moment, charge radius,
Standard-Model weak, and sums) and a method (:mod:`mcpria_lite.methods`: "RIA", "RIA-simplified",
"FEA", "EPA", and any registered later). The millicharge call of Qiao et al. (2021),
``dsigma_dT(target, T, E, m, delta, method)``, is the special case of a χ of mass m with
``Millicharge(delta)``.

Units: T, E, m in keV (E is the projectile's *total* energy); δ in units of e; results in
cm²/keV per atom (d²σ/dTdΩ in cm²/(keV sr) per atom). Formulas from :mod:`mcpria_lite.derivation`
through ``mcpria_lite._kinematics_generated``.

RIA (Ribberfors 1975; Qiao et al. 2021): d²σ/dTdΩ = (k′/k) ⟨M²⟩(K̄₁, t̄) J(p_z)/(64π² q E(p_z)),
integrated in p_z, not cos θ: with d cos θ = −q dq/(kk′),
dσ/dT = (1/(32πk²)) ∫ dp_z (dq/dp_z) ⟨M²⟩ J(p_z)/E(p_z) over the profile support
−p_max ≤ p_z ≤ p_max and the kinematic window [p_z(k − k′), p_z(k + k′)]; for a millicharge
⟨M²⟩/(32π) = πα²δ² X̄. The prefactor k′/k (Qiao et al. print E′/E) is the one for which a
δ-function profile reproduces the free-electron cross section exactly (chapter "Cross sections").
FEA: Z_eff(T) = Σ N_nl θ(T − B_nl) times the free electron. EPA: σ_γ(T) dN/dT with Budnev's
spectrum for a charge, Q²min = m²T²/(E(E − T)), Q²max = T² by default; a massless projectile needs
a regulator mass (``m_regulator_keV`` or the projectile's ``epa_regulator_keV``).

A T that a method does not allow returns 0 (FEA above the free endpoint, shells below their
binding energy, EPA when Q²min ≥ Q²max); T ≤ 0, T ≥ E − m, m < 0, δ ≤ 0 raise ``ValueError``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .. import _kinematics_generated as _g
from .._validate import broadcast, coupling, nonnegative_scalar
from ..kinematics import check_cos_theta, check_transfer
from ..methods import METHODS as _REGISTRY
from ..methods import get as get_method
from ..methods import paper_methods
from ..methods.base import MethodLike, array_options, check_supports
from ..methods.impulse import PZ_FORWARD_AU, Kernel, impulse_integral  # noqa: F401  (PZ_FORWARD_AU: at hand)
from ..particles import interactions as _inter
from ..particles.equivalent_photons import equivalent_photon_number  # noqa: F401  (at hand)
from ..particles.interactions import InteractionLike
from ..particles.projectiles import Projectile
from ..targets.lookup import as_target, with_p_max, z_effective  # noqa: F401  (z_effective: at hand)
from ..targets.protocol import TargetLike
from ..units import ALPHA, HBARC2_KEV2_CM2, M_E

__all__ = ["dsigma_dT", "dsigma_dT_terms", "ddcs", "compton_dsigma_dT", "METHODS", "PAPER_METHODS"]
# also at hand beside the cross sections (defined in their own modules): PZ_FORWARD_AU, z_effective,
# as_target, equivalent_photon_number


class _MethodNames(Sequence):
    """The names of the registered methods, in registration order (a live view of
    :data:`mcpria_lite.methods.base.METHODS`: a method registered later appears here too)."""

    def __getitem__(self, i):
        return tuple(_REGISTRY)[i]

    def __len__(self):
        return len(_REGISTRY)

    def __repr__(self):
        return repr(tuple(_REGISTRY))


#: Names of the registered methods ("RIA", "RIA-simplified", "FEA", "EPA", "DFS", …).
METHODS = _MethodNames()

#: The methods of Qiao et al. (2021), which need only Compton profiles, binding energies and
#: photoabsorption data and so work for every element and compound.
PAPER_METHODS: tuple[str, ...] = paper_methods()

def _legacy_projectile(m_keV, projectile):
    """The projectile of a call: ``projectile`` or, for the millicharge call, a χ of mass ``m_keV``."""
    if projectile is None:
        if m_keV is None:
            raise ValueError("dsigma_dT needs m_keV (projectile mass, keV) or projectile=Projectile(...)")
        m = nonnegative_scalar("m_keV", m_keV, "keV")
        return Projectile(name=f"χ (m = {m:g} keV)", mass_keV=m, flavour="chi")
    if not isinstance(projectile, Projectile):
        raise ValueError(f"projectile must be a mcpria_lite.particles.projectiles.Projectile, got {type(projectile).__name__}")
    if m_keV is not None and nonnegative_scalar("m_keV", m_keV, "keV") != projectile.mass_keV:
        raise ValueError(
            f"m_keV = {m_keV!r} keV contradicts projectile.mass_keV = {projectile.mass_keV!r} keV (give one of them)"
        )
    return projectile


def dsigma_dT_terms(target: TargetLike, T_keV: ArrayLike, E_keV: ArrayLike, *, projectile: Projectile,
                    interaction: InteractionLike, method: MethodLike = "RIA", **method_options: Any) -> np.ndarray:
    """Per-term ionization cross sections dσ_k/dT at unit couplings, cm²/keV per atom.

    Parameters
    ----------
    target : Target or str or int
        The atom (:func:`mcpria_lite.targets.lookup.target`) or an object with the target protocol.
    T_keV, E_keV : float or array_like
        Energy transfer and total projectile energy, keV (0 < T < E − m); they broadcast.
    projectile : Projectile
        The incoming particle (:mod:`mcpria_lite.particles.projectiles`).
    interaction : Interaction or type
        :mod:`mcpria_lite.particles.interactions` (``Millicharge``, ``MagneticMoment``, ``ChargeRadius``,
        ``Weak`` or a sum); its ``terms`` order the first axis.
    method : str or Method
        A name in :data:`mcpria_lite.methods.base.METHODS` ("RIA", "RIA-simplified", "FEA", "EPA").
    **method_options
        The method's options (:class:`~mcpria_lite.methods.impulse.RIAOptions`,
        :class:`~mcpria_lite.methods.equivalent_photons.EPAOptions`; FEA has none). Others raise ``ValueError``.

    Returns
    -------
    numpy.ndarray
        Shape (n_terms,) + the broadcast shape of T_keV, E_keV; dσ/dT = Σ_k c_k · result[k] with
        c_k = ``interaction.coefficients()``. One kernel evaluation per quadrature node serves all terms.
    """
    meth = get_method(method)
    opts = meth.options(**method_options)
    inter = _inter.as_interaction(interaction)
    proj = _legacy_projectile(None, projectile)
    inter.basis(proj)  # validates the projectile for this interaction (flavour, mass)
    check_supports(meth, inter)
    tg = as_target(target)
    T, E, _ = check_transfer(T_keV, E_keV, proj.mass_keV)
    per_point = array_options(opts)  # options given per point broadcast like NumPy with T and E
    if per_point:
        T, E, *vals = broadcast(T_keV=T, E_keV=E, **per_point)
        opts = dataclasses.replace(opts, **{k: v.ravel() for k, v in zip(per_point, vals)})
    shape = T.shape
    val = meth.dsigma_dT_terms(tg, T.ravel(), E.ravel(), proj, inter, opts)
    return val.reshape((val.shape[0],) + shape)


def dsigma_dT(
    target: TargetLike,
    T_keV: ArrayLike,
    E_keV: ArrayLike,
    m_keV: float | None = None,
    delta: float = 1.0,
    method: MethodLike = "RIA",
    *,
    projectile: Projectile | None = None,
    interaction: InteractionLike | None = None,
    **method_options: Any,
) -> np.ndarray:
    """Single-differential ionization cross section dσ/dT per atom.

    The millicharge call ``dsigma_dT(target, T, E, m, delta, method)`` of Qiao et al. (2021) is the
    special case ``projectile`` = a χ of mass m, ``interaction=Millicharge(delta)``.

    Parameters
    ----------
    target : Target or str or int
        The atom (see :func:`mcpria_lite.targets.lookup.target`).
    T_keV : float or array_like
        Energy transfer T = E − E′ (deposited energy), keV, 0 < T < E − m.
    E_keV : float or array_like
        Total energy of the incoming projectile, keV (> m). Broadcasts with ``T_keV``.
    m_keV : float, optional
        Projectile mass, keV (≥ 0; 0 for a neutrino); or give ``projectile``.
    delta : float
        Millicharge in units of e (> 0) when no ``interaction`` is given; dσ/dT ∝ δ².
    method : str or Method
        "RIA", "RIA-simplified", "FEA", "EPA", or any method registered in :mod:`mcpria_lite.methods`.
    projectile : Projectile, optional
        The incoming particle (flavour, antiparticle, EPA regulator).
    interaction : Interaction, optional
        Default ``Millicharge(delta)``; with an interaction, its own couplings are used.
    **method_options
        ``p_max_au``, ``prefactor`` ("k'/k" or "E'/E") for the RIA; ``Q2_max``, ``spectrum``
        (``epa_spectrum``), ``photoabsorption_source``, ``m_regulator_keV`` for the EPA. An option the
        method does not use raises ``ValueError``.

    Returns
    -------
    numpy.ndarray
        dσ/dT in cm²/keV per atom, shape of ``broadcast(T_keV, E_keV)``.

    References
    ----------
    Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184; Ribberfors, PRB 12, 2067 (1975);
    Budnev et al., Phys. Rep. 15, 181 (1975); Vogel & Engel, PRD 39, 3378 (1989).
    """
    meth = get_method(method)
    if "epa_spectrum" in method_options:  # the name of this option in the millicharge call
        method_options["spectrum"] = method_options.pop("epa_spectrum")
    proj = _legacy_projectile(m_keV, projectile)
    inter: _inter.Interaction
    if interaction is None:
        inter = _inter.Millicharge(coupling("delta", delta, "(units of e)"))
    else:
        if delta != 1.0:
            raise ValueError(
                f"delta = {delta!r} is the millicharge of a call without interaction; with interaction="
                f"{interaction!r} set the couplings there (e.g. Millicharge({delta!r}))"
            )
        inter = _inter.as_interaction(interaction)
    terms = dsigma_dT_terms(target, T_keV, E_keV, projectile=proj, interaction=inter, method=meth, **method_options)
    return np.tensordot(inter.coefficients(), terms, axes=1)


def ddcs(target: TargetLike, T_keV: ArrayLike, E_keV: ArrayLike, m_keV: float, cos_theta: ArrayLike,
         delta: float = 1.0, method: MethodLike = "RIA") -> np.ndarray:
    """Double-differential cross section d²σ/(dT dΩ) of a millicharge δ in cm²/(keV sr) per atom.

    ``method``: a method with a double-differential form (``"RIA"``: full X̄, exact prefactor k′/k;
    ``"RIA-simplified"``). T, E and cos θ broadcast. Shells contribute for T > B_nl; J = 0 beyond the
    target's ``p_max_au``.
    """
    with_ddcs = [n for n, m in _REGISTRY.items() if hasattr(m, "ddcs")]
    meth = get_method(method) if not isinstance(method, str) or method in with_ddcs else None
    if meth is None or not hasattr(meth, "ddcs"):
        raise ValueError(f"method must be one of {with_ddcs} (the methods with a double-differential form), got {method!r}")
    tg = as_target(target)
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    c = check_cos_theta(cos_theta)
    d = coupling("delta", delta, "(units of e)")
    return meth.ddcs(tg, T, E, m, c, d)


def compton_dsigma_dT(target: TargetLike, T_keV: ArrayLike, E_gamma_keV: ArrayLike,
                      p_max_au: float | None = None) -> np.ndarray:
    """Compton scattering of a photon on the bound electrons in the RIA (Ribberfors 1975), cm²/keV.

    d²σ/(dω′dΩ) = (r₀²/2)(m_e/q)(m_e/E(p_z))(ω′/ω) X(K₁, K₂) Σ θ(T − B_nl) J_nl(p_z), integrated
    over angles in p_z like :func:`dsigma_dT`. T = ω − ω′ (keV), E_γ = ω (keV).
    """
    tg = with_p_max(as_target(target), p_max_au)
    T, E, _ = check_transfer(T_keV, E_gamma_keV, 0.0)
    shape = T.shape

    def kernel(p, q, Tc, Ec, base):
        X = _g.x_ribberfors(_g.k1_photon(p, q, Tc, Ec, M_E), _g.k2_photon(p, q, Tc, Ec, M_E), M_E)
        return np.einsum("nm,nm->n", base, X / np.sqrt(M_E**2 + p**2))[None]

    Tf, Ef = T.ravel(), E.ravel()
    integral = impulse_integral(tg, Tf, Ef, 0.0, tg.p_max_au, Kernel(kernel, 1))[0]
    val = np.pi * ALPHA**2 / Ef**2 * integral * HBARC2_KEV2_CM2
    return val.reshape(shape)
