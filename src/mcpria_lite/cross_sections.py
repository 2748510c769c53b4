"""Atomic ionization cross sections dσ/dT of a millicharged particle: RIA, FEA and EPA.

Units: T, E, m in keV (E is the projectile's *total* energy); δ in units of e; results in
cm²/keV per atom (d²σ/dTdΩ in cm²/(keV sr) per atom). Formulas from :mod:`mcpria_lite.derivation`
through ``mcpria_lite._kinematics_generated``.

Methods
-------
``"RIA"``
    Relativistic impulse approximation (Ribberfors 1975; Qiao et al. 2021):
    d²σ/dTdΩ = r₀² m_e² (k′/k) X̄(s̄, t̄, ū) J(p_z) / (2 q E(p_z)), summed over the shells with
    B_nl < T. The prefactor k′/k (the seed writes E′/E) is the one for which a δ-function profile
    reproduces the free-electron cross section exactly (shown in the chapter "Cross sections").
    Integrated over the solid angle in p_z, not cos θ: with d cos θ = −q dq/(kk′),
    dσ/dT = (πα²δ²/k²) ∫ dp_z (dq/dp_z) X̄ J(p_z)/E(p_z) over the profile support
    −p_max ≤ p_z ≤ p_max and the kinematic window [p_z(k − k′), p_z(k + k′)].
``"RIA-simplified"``
    The seed's simplified kernel: K̄₁ → m_eE in s̄ and ū, and E(p_z) → m_e.
``"FEA"``
    Free electron at rest times the number of electrons that T can free,
    Z_eff(T) = Σ N_nl θ(T − B_nl) (the paper's step count; see the physics brief §2).
``"EPA"``
    Equivalent photons (Budnev et al. 1975): dσ/dT = σ_γ(T) dN/dT with
    dN/dT = (αδ²/πT)[(1 − T/E + T²/2E²) ln(Q²max/Q²min) − (1 − T/E)(1 − Q²min/Q²max)],
    Q²min = m²T²/(E(E − T)), Q²max = T² by default (quasi-real photons, virtuality up to the
    energy transfer). A massless projectile needs the regulator mass ``m_regulator_keV``.

A T that a method does not allow returns 0 (FEA above the free endpoint, shells below their
binding energy, EPA when Q²min ≥ Q²max); T ≤ 0, T ≥ E − m, m < 0, δ ≤ 0 raise ``ValueError``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import _kinematics_generated as _g
from . import atoms as _atoms
from ._validate import broadcast, choice, positive_array, positive_scalar
from .kinematics import _check_transfer, _k_minus_kp, _momentum, check_cos_theta
from .units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E

__all__ = ["METHODS", "dsigma_dT", "ddcs", "compton_dsigma_dT", "z_effective", "as_target"]

METHODS = ("RIA", "RIA-simplified", "FEA", "EPA")

#: p_z = −m_e (≈ −137.04 a.u.) is where a massless projectile reaches t → 0 (forward scattering).
PZ_FORWARD_AU = M_E / AU_MOMENTUM_KEV

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


# ----------------------------------------------------------------------------------------------
# quadrature in p_z
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _panels(p_max: float, edges_pos: tuple = tuple(_EDGES_POS)) -> tuple[np.ndarray, np.ndarray]:
    edges_pos = np.asarray(edges_pos)
    e = edges_pos[edges_pos < p_max]
    e = np.concatenate([e, [p_max]])
    edges = np.concatenate([-e[:0:-1], e])
    x, w = np.polynomial.legendre.leggauss(_N_GL)
    return edges, np.stack([x, w])


def _pz_nodes(lo, hi, p_max, edges_pos=tuple(_EDGES_POS)):
    """Gauss–Legendre nodes and weights (a.u.) on [lo, hi] ∩ [−p_max, p_max], per row.

    ``lo``, ``hi``: arrays (n,). Returns nodes, weights of shape (n, n_panels·N_GL), and a mask of
    the rows whose window covers the whole support (they share identical nodes).
    """
    edges, (x, w) = _panels(float(p_max), edges_pos)
    a = np.clip(edges[:-1][None, :], lo[:, None], hi[:, None])
    b = np.clip(edges[1:][None, :], lo[:, None], hi[:, None])
    half = 0.5 * (b - a)
    nodes = (a + b)[..., None] * 0.5 + half[..., None] * x
    weights = half[..., None] * w
    n = lo.shape[0]
    full = (lo <= -p_max) & (hi >= p_max)
    return nodes.reshape(n, -1), weights.reshape(n, -1), full


def _active_profiles(tg: _atoms.Target, T, nodes, full):
    """Σ_nl θ(T − B_nl) J_nl(p_z) at the nodes, shape (n, n_nodes)."""
    mask = _shell_mask(tg, T)  # (n, n_shells)
    out = np.empty_like(nodes)
    if np.any(full):
        i0 = int(np.argmax(full))
        J_shared = tg.shell_profiles(nodes[i0])  # (n_shells, n_nodes)
        out[full] = mask[full] @ J_shared
    part = ~full
    if np.any(part):
        J = tg.shell_profiles(nodes[part])  # (n_shells, n_part, n_nodes)
        out[part] = np.einsum("ps,spn->pn", mask[part], J)
    return out


def _ria(tg, T, E, m, p_max, kernel="full", prefactor="exact", projectile="chi"):
    """RIA dσ/dT (cm²/keV per atom, δ = 1) for flat arrays T, E (validated, T < E − m).

    Rows where T is below every binding energy are exactly 0 and are not integrated.
    """
    out = np.zeros(T.shape)
    act = T > np.min(tg.binding_keV)
    if np.any(act):
        out[act] = _ria_active(tg, T[act], E[act], m, p_max, kernel, prefactor, projectile)
    return out


def _ria_active(tg, T, E, m, p_max, kernel, prefactor, projectile):
    dk, k, kp = _k_minus_kp(T, E, m)
    pz_lo = _g.pz_of_q(dk, T, M_E) / AU_MOMENTUM_KEV
    pz_hi = _g.pz_of_q(k + kp, T, M_E) / AU_MOMENTUM_KEV
    edges = tuple(getattr(tg, "pz_panel_edges_au", _EDGES_POS))
    nodes, weights, full = _pz_nodes(pz_lo, pz_hi, p_max, edges)
    J = _active_profiles(tg, T, nodes, full)  # a.u.⁻¹

    p = nodes * AU_MOMENTUM_KEV  # keV
    Tc, Ec = T[:, None], E[:, None]
    q = _g.q_of_pz(p, Tc, M_E)
    jac = _g.dq_dpz_of_q(q, p)
    Epz = np.sqrt(M_E**2 + p**2)
    if projectile == "photon":
        X = _g.x_ribberfors(_g.k1_photon(p, q, Tc, Ec, M_E), _g.k2_photon(p, q, Tc, Ec, M_E), M_E)
        kern = X / Epz
    elif kernel == "full":
        kern = _g.x_bar_k1(_g.k1_bar(p, q, Tc, Ec, M_E), _g.t_bar(q, Tc), M_E, m) / Epz
    else:  # the seed's simplified kernel: K1 -> m_e E, E(p_z) -> m_e
        kern = _g.x_bar_k1(M_E * Ec, _g.t_bar(q, Tc), M_E, m) / M_E
    integral = np.sum(weights * jac * kern * J, axis=1)  # keV⁻¹ (J dp_z dimensionless)
    val = np.pi * ALPHA**2 / k**2 * integral * HBARC2_KEV2_CM2
    if prefactor == "seed":  # the seed's E′/E instead of k′/k
        val = val * ((E - T) / E) / (kp / k)
    return val


def _fea(tg, T, E, m):
    zeff = _shell_mask(tg, T) @ tg.occupancy
    k = _momentum(E, m)
    ok = (zeff > 0) & (T <= _g.t_max_free(E, k, M_E, m))
    out = np.zeros(T.shape)
    free = _g.dsigma_dT_free(T[ok], E[ok], k[ok], M_E, m, ALPHA, 1.0) * HBARC2_KEV2_CM2
    out[ok] = zeff[ok] * free
    return out


def equivalent_photon_number(
    T_keV, E_keV, m_keV, delta=1.0, m_regulator_keV=None, Q2_max="T2", spectrum: str = "budnev"
):
    """Equivalent-photon spectrum dN/dT (keV⁻¹) of a charge δe (Budnev et al. 1975).

    ``spectrum="budnev"`` (default):
    dN/dT = (αδ²/πT)[(1 − T/E + T²/2E²) ln(Q²max/Q²min) − (1 − T/E)(1 − Q²min/Q²max)];
    ``spectrum="leading-log"``: dN/dT = (αδ²/πT) ln(Q²max/Q²min), the form (2αδ²/π)L/T with
    L = ln(Q_max/Q_min) quoted in the physics brief. Q²min = μ²T²/(E(E − T)), μ = m (or
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


def dsigma_dT(
    target,
    T_keV,
    E_keV,
    m_keV,
    delta: float = 1.0,
    method: str = "RIA",
    *,
    p_max_au: float | None = None,
    prefactor: str = "exact",
    m_regulator_keV: float | None = None,
    Q2_max="T2",
    epa_spectrum: str = "budnev",
    photoabsorption_source: str = "henke+kissel",
) -> np.ndarray:
    """Single-differential ionization cross section dσ/dT of a millicharged particle, per atom.

    Parameters
    ----------
    target : Target or str or int
        The atom (see :func:`mcpria_lite.atoms.target`).
    T_keV : float or array_like
        Energy transfer T = E − E′ (deposited energy), keV, 0 < T < E − m.
    E_keV : float or array_like
        Total energy of the incoming projectile, keV (> m). Broadcasts with ``T_keV``.
    m_keV : float
        Projectile mass, keV (≥ 0; 0 for a neutrino).
    delta : float
        Millicharge in units of e (> 0); dσ/dT ∝ δ².
    method : {"RIA", "RIA-simplified", "FEA", "EPA"}
    p_max_au : float, optional
        Support of the Compton profiles in a.u. (RIA only; default the target's, 100). Must stay
        below m_e/(α m_e) ≈ 137.04 a.u. for a massless projectile (forward singularity).
    prefactor : {"exact", "seed"}
        RIA only: k′/k (exact; reproduces the FEA for a δ-function profile) or the seed's E′/E.
    m_regulator_keV : float, optional
        EPA only: mass in Q²min (required for m = 0).
    Q2_max : "T2" or float
        EPA only: upper virtuality, T² by default, or a value in keV².
    epa_spectrum : {"budnev", "leading-log"}
        EPA only: the full equivalent-photon spectrum or its leading logarithm
        (see :func:`equivalent_photon_number`).
    photoabsorption_source : str
        EPA only: photoabsorption data set (see :meth:`mcpria_lite.atoms.Target.photoabsorption`).

    Returns
    -------
    numpy.ndarray
        dσ/dT in cm²/keV per atom, shape of ``broadcast(T_keV, E_keV)``.

    References
    ----------
    Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184; Ribberfors, PRB 12, 2067 (1975);
    Budnev et al., Phys. Rep. 15, 181 (1975).
    """
    choice("method", method, set(METHODS))
    choice("prefactor", prefactor, {"exact", "seed"})
    tg = as_target(target)
    T, E, m = _check_transfer(T_keV, E_keV, m_keV)
    d = positive_scalar("delta", delta, "(units of e)")
    shape = T.shape
    Tf, Ef = T.ravel(), E.ravel()
    if method in ("RIA", "RIA-simplified"):
        tgp = _with_p_max(tg, p_max_au)
        if m == 0 and tgp.p_max_au >= PZ_FORWARD_AU:
            raise ValueError(
                f"p_max_au must be < {PZ_FORWARD_AU:.2f} a.u. for a massless projectile (at p_z = −m_e "
                f"forward scattering reaches t → 0 and the impulse-approximation integral diverges); "
                f"got {tgp.p_max_au!r}"
            )
        kernel = "full" if method == "RIA" else "simplified"
        val = _ria(tgp, Tf, Ef, m, tgp.p_max_au, kernel=kernel, prefactor=prefactor)
    elif method == "FEA":
        val = _fea(tg, Tf, Ef, m)
    else:
        dn = equivalent_photon_number(
            Tf, Ef, m, 1.0, m_regulator_keV=m_regulator_keV, Q2_max=Q2_max, spectrum=epa_spectrum
        )
        try:
            sigma_gamma = tg.photoabsorption(Tf, source=photoabsorption_source)
        except ValueError as exc:  # the photon energy of the EPA is T: name the caller's argument
            raise ValueError(f"T_keV is outside the photoabsorption data used by the EPA: {exc}") from exc
        val = dn * sigma_gamma
    return (d**2 * val).reshape(shape)


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
    val = _ria(tg, T.ravel(), E.ravel(), 0.0, tg.p_max_au, projectile="photon")
    return val.reshape(shape)
