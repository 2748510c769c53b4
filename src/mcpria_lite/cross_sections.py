"""Atomic ionization cross sections dσ/dT: one entry point for every interaction and method.

:func:`dsigma_dT` and :func:`dsigma_dT_terms` take a projectile (:mod:`mcpria_lite.projectiles`),
an interaction (:mod:`mcpria_lite.interactions`: millicharge, magnetic moment, charge radius,
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

from collections.abc import Sequence

import numpy as np

from . import _kinematics_generated as _g
from . import atoms as _atoms
from . import interactions as _inter
from . import methods as _methods
from ._validate import broadcast, choice, nonnegative_scalar, positive_array, positive_scalar
from .kinematics import _check_transfer, _k_minus_kp, check_cos_theta
from .methods import _EDGES_POS, PZ_FORWARD_AU  # noqa: F401  (_EDGES_POS: used by mcpria_lite.rates)
from .projectiles import Projectile
from .units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E

__all__ = ["METHODS", "PAPER_METHODS", "PZ_FORWARD_AU", "dsigma_dT", "dsigma_dT_terms", "ddcs", "compton_dsigma_dT", "z_effective",
           "as_target", "equivalent_photon_number"]

class _MethodNames(Sequence):
    """The names of the registered methods, in registration order (a live view of
    :data:`mcpria_lite.methods.METHODS`: a method registered later appears here too)."""

    def __getitem__(self, i):
        return tuple(_methods.METHODS)[i]

    def __len__(self):
        return len(_methods.METHODS)

    def __repr__(self):
        return repr(tuple(_methods.METHODS))


#: Names of the registered methods ("RIA", "RIA-simplified", "FEA", "EPA", "DFS", …).
METHODS = _MethodNames()

#: The methods of Qiao et al. (2021), which need only Compton profiles, binding energies and
#: photoabsorption data and so work for every element and compound (the ab initio "DFS" needs a
#: response table, shipped for Ge and Xe).
PAPER_METHODS: tuple[str, ...] = ("RIA", "RIA-simplified", "FEA", "EPA")

# Composite Gauss–Legendre panels in p_z (a.u.): fine near the ridge p_z = 0 where valence
# profiles peak, wider in the tails; both signs. Clipped per T to the kinematic window.
_EDGES_POS = np.array([0.0, 0.15, 0.35, 0.7, 1.2, 2.0, 3.5, 6.0, 10.0, 17.0, 30.0, 50.0, 75.0, 100.0, 137.0])
_N_GL = 8


def as_target(target):
    """Accept a :class:`~mcpria_lite.atoms.Target`, anything :func:`~mcpria_lite.atoms.target` takes,
    or a user object with the same protocol: ``shell_profiles(pz_au)`` → (n_shells, …) in a.u.⁻¹,
    ``binding_keV`` and ``occupancy`` arrays, ``p_max_au``, and for the EPA ``photoabsorption(E_keV)``
    (cm²); optionally ``pz_panel_edges_au`` (increasing, from 0: quadrature panel edges in p_z)."""
    if isinstance(target, _atoms.Target) or hasattr(target, "shell_profiles"):
        return target
    return _atoms.target(target)


def _with_p_max(tg, p_max_au):
    if p_max_au is None or float(p_max_au) == tg.p_max_au:
        return tg
    p = positive_scalar("p_max_au", p_max_au, "a.u.")
    if not isinstance(tg, _atoms.Target):
        raise ValueError("p_max_au can be changed only for targets built by mcpria_lite.target()")
    return _atoms.target(tg.symbol, profiles=tg.profiles, p_max_au=p, valence=tg.valence)


def _shell_mask(tg, T) -> np.ndarray:
    """θ(T − B_nl) for every shell, shape T.shape + (n_shells,): the shells that T can ionize."""
    return (T[..., None] > tg.binding_keV).astype(float)


def z_effective(target, T_keV) -> np.ndarray:
    """Number of electrons with binding energy below T: Z_eff(T) = Σ N_nl θ(T − B_nl)."""
    tg = as_target(target)
    T = positive_array("T_keV", T_keV)
    return _shell_mask(tg, T) @ tg.occupancy


def equivalent_photon_number(
    T_keV, E_keV, m_keV, delta=1.0, m_regulator_keV=None, Q2_max="T2", spectrum: str = "budnev"
):
    """Equivalent-photon spectrum dN/dT (keV⁻¹) of a charge δe (Budnev et al. 1975).

    ``spectrum="budnev"`` (default):
    dN/dT = (αδ²/πT)[(1 − T/E + T²/2E²) ln(Q²max/Q²min) − (1 − T/E)(1 − Q²min/Q²max)];
    ``spectrum="leading-log"``: dN/dT = (αδ²/πT) ln(Q²max/Q²min), the form (2αδ²/π)L/T with
    L = ln(Q_max/Q_min). Q²min = μ²T²/(E(E − T)), μ = m (or
    ``m_regulator_keV`` when given, required for m = 0), and Q²max = T² (``"T2"``, default) or a
    fixed value in keV². Zero where Q²min ≥ Q²max.
    """
    choice("spectrum", spectrum, {"budnev", "leading-log"})
    T, E, m = _check_transfer(T_keV, E_keV, m_keV)
    d = positive_scalar("delta", delta, "(units of e)")
    mu = m if m_regulator_keV is None else positive_scalar("m_regulator_keV", m_regulator_keV, "keV")
    if 0 < mu < 1e-30:
        raise ValueError(f"the EPA mass scale (m_keV or m_regulator_keV) must be >= 1e-30 keV, got {mu!r}")
    if mu <= 0:
        raise ValueError(
            "m_regulator_keV must be > 0 keV for a massless projectile (the EPA logarithm "
            "ln(Q²max/Q²min) diverges as m → 0; e.g. 1e-4 keV for a 0.1 eV neutrino mass)"
        )
    q2min = mu**2 * T**2 / (E * (E - T))
    if isinstance(Q2_max, str):
        choice("Q2_max", Q2_max, {"T2"})
        q2max = T**2
    else:
        q2max = broadcast(T_keV=T, Q2_max=positive_array("Q2_max", Q2_max, "keV²"))[1]
        T, E = np.broadcast_to(T, q2max.shape), np.broadcast_to(E, q2max.shape)
        q2min = mu**2 * T**2 / (E * (E - T))
    y = T / E
    with np.errstate(divide="ignore"):
        log = np.log(q2max / q2min)
    if spectrum == "budnev":
        dn = ALPHA * d**2 / (np.pi * T) * ((1 - y + 0.5 * y**2) * log - (1 - y) * (1 - q2min / q2max))
    else:
        dn = ALPHA * d**2 / (np.pi * T) * log
    return np.where(q2max > q2min, np.maximum(dn, 0.0), 0.0)


def _legacy_projectile(m_keV, projectile):
    """The projectile of a call: ``projectile`` or, for the millicharge call, a χ of mass ``m_keV``."""
    if projectile is None:
        if m_keV is None:
            raise ValueError("dsigma_dT needs m_keV (projectile mass, keV) or projectile=Projectile(...)")
        m = nonnegative_scalar("m_keV", m_keV, "keV")
        return Projectile(name=f"χ (m = {m:g} keV)", mass_keV=m, flavour="chi")
    if not isinstance(projectile, Projectile):
        raise ValueError(f"projectile must be a mcpria_lite.projectiles.Projectile, got {type(projectile).__name__}")
    if m_keV is not None and float(m_keV) != projectile.mass_keV:
        raise ValueError(
            f"m_keV = {m_keV!r} keV contradicts projectile.mass_keV = {projectile.mass_keV!r} keV (give one of them)"
        )
    return projectile


def dsigma_dT_terms(target, T_keV, E_keV, *, projectile, interaction, method="RIA", **method_options) -> np.ndarray:
    """Per-term ionization cross sections dσ_k/dT at unit couplings, cm²/keV per atom.

    Parameters
    ----------
    target : Target or str or int
        The atom (:func:`mcpria_lite.atoms.target`) or an object with the target protocol.
    T_keV, E_keV : float or array_like
        Energy transfer and total projectile energy, keV (0 < T < E − m); they broadcast.
    projectile : Projectile
        The incoming particle (:mod:`mcpria_lite.projectiles`).
    interaction : Interaction or type
        :mod:`mcpria_lite.interactions` (``Millicharge``, ``MagneticMoment``, ``ChargeRadius``,
        ``Weak`` or a sum); its ``terms`` order the first axis.
    method : str or Method
        A name in :data:`mcpria_lite.methods.METHODS` ("RIA", "RIA-simplified", "FEA", "EPA").
    **method_options
        The method's options (:class:`~mcpria_lite.methods.RIAOptions`,
        :class:`~mcpria_lite.methods.EPAOptions`; FEA has none). Others raise ``ValueError``.

    Returns
    -------
    numpy.ndarray
        Shape (n_terms,) + the broadcast shape of T_keV, E_keV; dσ/dT = Σ_k c_k · result[k] with
        c_k = ``interaction.coefficients()``. One kernel evaluation per quadrature node serves all terms.
    """
    meth = _methods.get(method)
    opts = meth.options(**method_options)
    inter = _inter.as_interaction(interaction)
    proj = _legacy_projectile(None, projectile)
    inter.basis(proj)  # validates the projectile for this interaction (flavour, mass)
    tg = as_target(target)
    T, E, _ = _check_transfer(T_keV, E_keV, proj.mass_keV)
    shape = T.shape
    val = meth.dsigma_dT_terms(tg, T.ravel(), E.ravel(), proj, inter, opts)
    return val.reshape((val.shape[0],) + shape)


def dsigma_dT(
    target,
    T_keV,
    E_keV,
    m_keV=None,
    delta: float = 1.0,
    method: str = "RIA",
    *,
    projectile: Projectile | None = None,
    interaction=None,
    **method_options,
) -> np.ndarray:
    """Single-differential ionization cross section dσ/dT per atom.

    The millicharge call ``dsigma_dT(target, T, E, m, delta, method)`` of Qiao et al. (2021) is the
    special case ``projectile`` = a χ of mass m, ``interaction=Millicharge(delta)``.

    Parameters
    ----------
    target : Target or str or int
        The atom (see :func:`mcpria_lite.atoms.target`).
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
    meth = _methods.get(method)
    if "epa_spectrum" in method_options:  # the name of this option in the millicharge call
        method_options["spectrum"] = method_options.pop("epa_spectrum")
    proj = _legacy_projectile(m_keV, projectile)
    if interaction is None:
        inter = _inter.Millicharge(positive_scalar("delta", delta, "(units of e)"))
    else:
        if delta != 1.0:
            raise ValueError(
                f"delta = {delta!r} is the millicharge of a call without interaction; with interaction="
                f"{interaction!r} set the couplings there (e.g. Millicharge({delta!r}))"
            )
        inter = _inter.as_interaction(interaction)
    terms = dsigma_dT_terms(target, T_keV, E_keV, projectile=proj, interaction=inter, method=meth, **method_options)
    return np.tensordot(inter.coefficients(), terms, axes=1)


def ddcs(target, T_keV, E_keV, m_keV, cos_theta, delta: float = 1.0, method: str = "RIA") -> np.ndarray:
    """Double-differential cross section d²σ/(dT dΩ) in cm²/(keV sr) per atom (RIA kernels).

    ``method`` is ``"RIA"`` (full X̄, exact prefactor k′/k) or ``"RIA-simplified"``. T, E and
    cos θ broadcast. Shells contribute for T > B_nl; J = 0 beyond the target's ``p_max_au``.
    """
    choice("method", method, {"RIA", "RIA-simplified"})
    tg = as_target(target)
    T, E, m = _check_transfer(T_keV, E_keV, m_keV)
    c = check_cos_theta(cos_theta)
    d = positive_scalar("delta", delta, "(units of e)")
    T, E, c = broadcast(T_keV=T, E_keV=E, cos_theta=c)
    dk, k, kp = _k_minus_kp(T, E, m)
    q = np.sqrt(dk**2 + 2 * k * kp * (1 - c))
    p = _g.pz_of_q(q, T, M_E)
    mask = _shell_mask(tg, T)
    J = np.einsum("...s,s...->...", mask, tg.shell_profiles(p / AU_MOMENTUM_KEV)) / AU_MOMENTUM_KEV  # keV⁻¹
    # outside the profile's support J = 0; keep t away from the forward t → 0 point there
    t = np.where(J > 0, _g.t_bar(q, T), -1.0)
    if method == "RIA":
        Epz = np.sqrt(M_E**2 + p**2)
        X = _g.x_bar_k1(_g.k1_bar(p, q, T, E, M_E), t, M_E, m)
    else:
        Epz = M_E
        X = _g.x_bar_k1(M_E * E, t, M_E, m)
    r0sq_me2 = ALPHA**2  # r₀² m_e² in natural units
    val = r0sq_me2 / (2 * q * Epz) * (kp / k) * X * J * HBARC2_KEV2_CM2
    return d**2 * val


def compton_dsigma_dT(target, T_keV, E_gamma_keV, p_max_au: float | None = None) -> np.ndarray:
    """Compton scattering of a photon on the bound electrons in the RIA (Ribberfors 1975), cm²/keV.

    d²σ/(dω′dΩ) = (r₀²/2)(m_e/q)(m_e/E(p_z))(ω′/ω) X(K₁, K₂) Σ θ(T − B_nl) J_nl(p_z), integrated
    over angles in p_z like :func:`dsigma_dT`. T = ω − ω′ (keV), E_γ = ω (keV).
    """
    tg = _with_p_max(as_target(target), p_max_au)
    T, E, _ = _check_transfer(T_keV, E_gamma_keV, 0.0)
    shape = T.shape

    def kernel(p, q, Tc, Ec, base):
        X = _g.x_ribberfors(_g.k1_photon(p, q, Tc, Ec, M_E), _g.k2_photon(p, q, Tc, Ec, M_E), M_E)
        return np.einsum("nm,nm->n", base, X / np.sqrt(M_E**2 + p**2))[None]

    kernel.n_basis = 1
    Tf, Ef = T.ravel(), E.ravel()
    integral = _methods.impulse_integral(tg, Tf, Ef, 0.0, tg.p_max_au, kernel)[0]
    val = np.pi * ALPHA**2 / Ef**2 * integral * HBARC2_KEV2_CM2
    return val.reshape(shape)
