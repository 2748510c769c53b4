"""The relativistic impulse approximation (RIA), full and simplified kernel.

dσ/dT = (1/(32π k²)) ∫ dp_z (dq/dp_z) ⟨M²⟩(K̄₁, t̄) J(p_z)/E(p_z) (prefactor k′/k, exact;
``prefactor="E'/E"`` gives the form printed by Qiao et al.), over the profile support and the kinematic
window, for any interaction (Ribberfors, PRB 12, 2067 (1975); Qiao et al., JHEP 03 (2021) 184).
⟨M²⟩ of every term is evaluated at the same p_z nodes: adding terms adds only the cost of the
polynomial kernels, not of the quadrature. ``"RIA-simplified"``: the kernel with K̄₁ → m_eE and
E(p_z) → m_e (Qiao et al. 2021). Registered as ``"RIA"`` and ``"RIA-simplified"``.

Domain of the simplified kernel: it is the ⟨M²⟩ of a free electron *at rest* (K₁ = m_eE), a squared
amplitude (≥ 0) only where an electron at rest can take the energy T, i.e. T ≤ T_max(E) of the free
electron (:func:`mcpria_lite.kinematics.T_max`). Beyond that end point (the bound electrons' tail,
reached by slow heavy projectiles) the kernel is not the approximation of anything: it is off by
factors up to ~10 against the full kernel and turns negative (e.g. T = 1 MeV, m = 1 MeV, E = 2.001 MeV).
There ``"RIA-simplified"`` is zero, like the FEA, and its rates integrate from the free threshold
(:meth:`ImpulseApproximation.E_lower_limit`); the full ``"RIA"`` covers the tail.

Forward singularity: a massless projectile with a 1/t² term (a millicharge) reaches t → 0 at
p_z = −m_e (≈ −137.04 a.u.), where the impulse integral diverges; the RIA then requires the profile
support p_max below that (default 100 a.u.). Terms with a 1/t pole (magnetic moment) or none (weak,
charge radius) need no such cut.

A rate over a flux uses shared p_z integrals per T (:mod:`mcpria_lite.methods.impulse_rates`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from .. import _kinematics_generated as _g
from .._threads import single_blas_thread
from .._validate import broadcast, choice, positive_scalar
from ..kinematics import E_min_impulse, momentum_transfer_bounds
from ..particles.interactions import MONOMIAL_POWERS
from ..targets.lookup import with_p_max
from ..targets.protocol import open_shells
from ..units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E
from .base import AtomicInputs, MethodBase, projectile_mass, register
from .impulse_rates import EDGES_POS_AU, shared_pz_rate_terms

__all__ = ["RIAOptions", "ImpulseApproximation", "impulse_integral", "Kernel", "PZ_FORWARD_AU", "RIA", "RIA_SIMPLIFIED"]

#: p_z = −m_e (≈ −137.04 a.u.) is where a massless projectile reaches t → 0 (forward scattering).
PZ_FORWARD_AU = M_E / AU_MOMENTUM_KEV
_N_GL = 8

Prefactor = Literal["k'/k", "E'/E"]
#: Accepted names of the prefactors; "exact" is a synonym of "k'/k".
_PREFACTOR_ALIASES = {"k'/k": "k'/k", "E'/E": "E'/E", "exact": "k'/k"}


@dataclass(frozen=True)
class RIAOptions:
    """Options of the impulse approximation.

    Attributes
    ----------
    p_max_au : float or None
        Support of the Compton profiles, a.u. (default: the target's, 100). Below
        m_e/(αm_e) ≈ 137.04 a.u. for a massless projectile with a 1/t² term.
    prefactor : {"k'/k", "E'/E"}
        k′/k (exact: a δ-function profile reproduces the free electron) or E′/E as printed by
        Qiao et al. (2021).
    """

    p_max_au: float | None = None
    prefactor: Prefactor = "k'/k"

    def __post_init__(self):
        choice("prefactor", self.prefactor, _PREFACTOR_ALIASES)
        object.__setattr__(self, "prefactor", _PREFACTOR_ALIASES[self.prefactor])
        if self.p_max_au is not None:
            positive_scalar("p_max_au", self.p_max_au, "a.u.")





@lru_cache(maxsize=None)
def _panels(p_max: float, edges_pos: tuple = EDGES_POS_AU) -> tuple[np.ndarray, np.ndarray]:
    pos = np.asarray(edges_pos)
    e = pos[pos < p_max]
    e = np.concatenate([e, [p_max]])
    edges = np.concatenate([-e[:0:-1], e])
    x, w = np.polynomial.legendre.leggauss(_N_GL)
    return edges, np.stack([x, w])


def _pz_nodes(lo, hi, p_max, edges_pos=EDGES_POS_AU):
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


def _active_profiles(tg, T, nodes, full):
    """Σ_nl θ(T − B_nl) J_nl(p_z) at the nodes, shape (n, n_nodes)."""
    mask = open_shells(tg, T)  # (n, n_shells)
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


@dataclass(frozen=True)
class Kernel:
    """A kernel of :func:`impulse_integral`: ``f(p_keV, q_keV, T, E, base)`` and the number of basis
    functions it returns (any callable with an attribute ``n_basis`` serves as well)."""

    f: Callable[..., np.ndarray]
    n_basis: int

    def __call__(self, p, q, T, E, base) -> np.ndarray:
        return self.f(p, q, T, E, base)


def impulse_integral(tg, T, E, m, p_max, kernel, window=None):
    """∫ dp_z (dq/dp_z) kernel(p, q, T, E) J(p_z) over the support and the window, per row of T, E.

    ``kernel(p_keV, q_keV, T, E, base)`` returns Σ_nodes base · (its basis functions), shape
    (n_basis, n), with ``base`` = quadrature weight × dq/dp_z × J (n, n_nodes); it has an attribute
    ``n_basis``. The result is in the kernel's units (J dp_z dimensionless). Rows where T is below
    every binding energy are 0. Rows are processed in chunks so that the node arrays stay small.

    The window in q is [k − k′, k + k′] of a projectile of mass m before and after; ``window(T, E)``
    → (q_min, q_max) (keV, q_min > 0) replaces it when the outgoing particle differs from the incoming
    one (a massive vector absorbed and a photon emitted: :mod:`mcpria_lite.rates.dark_photons`). The
    map p_z(q, T) is the same for every projectile: it comes from the electron side only.
    """
    act = np.flatnonzero(T > np.min(tg.binding_keV))
    out = np.zeros((kernel.n_basis,) + T.shape)
    for lo in range(0, act.size, _CHUNK):
        rows = act[lo : lo + _CHUNK]
        out[:, rows] = _impulse_rows(tg, T[rows], E[rows], m, p_max, kernel, window)
    return out


_CHUNK = 256  # rows per chunk of the impulse quadrature


def _impulse_rows(tg, T, E, m, p_max, kernel, window=None):
    if window is None:
        dk, k, kp = momentum_transfer_bounds(T, E, m)
        q_lo, q_hi = dk, k + kp
    else:
        q_lo, q_hi = window(T, E)
    pz_lo = _g.pz_of_q(q_lo, T, M_E) / AU_MOMENTUM_KEV
    pz_hi = _g.pz_of_q(q_hi, T, M_E) / AU_MOMENTUM_KEV
    edges = tuple(getattr(tg, "pz_panel_edges_au", EDGES_POS_AU))
    nodes, weights, full = _pz_nodes(pz_lo, pz_hi, p_max, edges)
    J = _active_profiles(tg, T, nodes, full)  # a.u.⁻¹
    p = nodes * AU_MOMENTUM_KEV  # keV
    q = _g.q_of_pz(p, T[:, None], M_E)
    jac = _g.dq_dpz_of_q(q, p)
    return kernel(p, q, T[:, None], E[:, None], weights * jac * J)


class ImpulseApproximation(MethodBase):
    """RIA with the full kernel (``simplified=False``) or the simplified one."""

    Options = RIAOptions

    in_paper = True
    coarse_T_per_decade = 12
    slow_projectile_reason = (
        "the impulse approximation treats the struck electron as free in its final state, which holds for "
        "energy transfers T well above the binding energy near the Bethe ridge q ≈ √(2m_eT); a halo particle "
        "deposits T of the order of the outer binding energies at q ≥ T/v_max ≈ 400 T, far above the ridge, "
        "where the final-state interaction decides the response (and the kernel's relativistic projectile "
        "kinematics adds nothing). Use a method or model with a longitudinal response: "
        "mcpria_lite.methods.halo_models.ATOMIC_MODELS (the impulse limit of the same kind is there as 'DFS-impulse')")

    def __init__(self, simplified: bool = False):
        self.simplified = simplified
        self.name = "RIA-simplified" if simplified else "RIA"
        # the simplified kernel approximates the full one: the full RIA stands for both in a theory band
        self.in_theory_band = not simplified
        self.theory_band_central = not simplified
        #: Compton profiles: Biggs et al. (1975) Hartree–Fock (central) or this package's Dirac–Fock tables
        self.atomic_variants = (AtomicInputs("Biggs profiles", {"profiles": "biggs"}),
                                AtomicInputs("Dirac-Fock profiles", {"profiles": "dirac-fock"}))
        self.plot_style = {"color": "C0", "lw": 1.1, "ls": "--"} if simplified else {"color": "C0", "lw": 1.8}

    def _p_max(self, target, options, projectile, interaction) -> float:
        p = target.p_max_au if options.p_max_au is None else float(options.p_max_au)
        if projectile.mass_keV == 0 and interaction.forward == "1/t^2" and p >= PZ_FORWARD_AU:
            raise ValueError(
                f"p_max_au must be < {PZ_FORWARD_AU:.2f} a.u. for a massless projectile with a 1/t² term "
                f"(at p_z = −m_e forward scattering reaches t → 0 and the impulse-approximation integral "
                f"diverges); got {p!r}"
            )
        return p

    @single_blas_thread  # small products (inner dimension ≤ the subshells): one BLAS thread (mcpria_lite._threads)
    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        m = projectile_mass(projectile)
        tg = with_p_max(target, options.p_max_au)
        p_max = self._p_max(tg, options, projectile, interaction)
        simplified = self.simplified

        C = interaction.monomial_matrix(projectile)  # (n_terms, 15)
        cols = np.flatnonzero(np.any(C != 0, axis=0))  # the monomials these terms use

        powers = [MONOMIAL_POWERS[j] for j in cols]

        def kernel(p, q, Tc, Ec, base):  # Σ_nodes base K̄₁^a t̄^b / E(p_z) for the monomials used
            t = _g.t_bar(q, Tc)
            if simplified:
                K1, Epz = np.broadcast_to(M_E * Ec, t.shape), M_E
            else:
                K1, Epz = _g.k1_bar(p, q, Tc, Ec, M_E), np.sqrt(M_E**2 + p**2)
            b0 = base / Epz
            bK = {0: b0}
            tp: dict[int, np.ndarray | None] = {0: None}
            out = np.empty((len(powers), t.shape[0]))
            with np.errstate(divide="ignore", invalid="ignore"):
                for i, (a, b) in enumerate(powers):
                    if a not in bK:
                        bK[a] = bK[a - 1] * K1
                    if b not in tp:
                        tp[b] = t**b if b > 0 else 1.0 / t ** (-b)
                    tb = tp[b]
                    out[i] = bK[a].sum(axis=-1) if tb is None else np.einsum("nm,nm->n", bK[a], tb)
            return out

        rows = self.in_domain(T, E, m)
        integral = np.zeros((C.shape[0],) + T.shape)
        integral[:, rows] = C[:, cols] @ impulse_integral(tg, T[rows], E[rows], m, p_max, Kernel(kernel, len(cols)))
        _, k, kp = momentum_transfer_bounds(T, E, m)
        val = integral / (32 * np.pi * k**2) * HBARC2_KEV2_CM2
        if options.prefactor == "E'/E":
            val = val * ((E - T) / E) / (kp / k)
        return val

    def in_domain(self, T, E, m) -> np.ndarray:
        """Where the kernel applies: everywhere for the full kernel; T ≤ T_max(E) of a free electron at
        rest for the simplified one (module docstring)."""
        if not self.simplified:
            return np.ones(np.shape(T), dtype=bool)
        k = np.sqrt(np.maximum(E * E - m * m, 0.0))
        return T <= _g.t_max_free(E, k, M_E, m) * (1 + 1e-12)

    def E_lower_limit(self, T_keV, projectile, target=None, **options):
        """E > m + T with the p_z window reaching the profile support
        (:func:`mcpria_lite.kinematics.E_min_impulse`; p_max: the option, else the target's, else 100 a.u.);
        for the simplified kernel also E ≥ the free-electron threshold :func:`mcpria_lite.kinematics.E_min`
        (its domain)."""
        o = self.options(**options)
        p_max = o.p_max_au if o.p_max_au is not None else getattr(target, "p_max_au", 100.0)
        m = projectile_mass(projectile)
        lo = E_min_impulse(T_keV, m, p_max)
        if self.simplified:  # the kernel's domain: T within the free electron's reach (module docstring)
            lo = np.maximum(lo, _g.e_min_free(np.asarray(T_keV, dtype=float), M_E, m))
        return lo

    @single_blas_thread
    def rate_terms(self, target, T, E_nodes, groups, use, interaction, options) -> np.ndarray:
        """The shared-p_z path (:mod:`mcpria_lite.methods.impulse_rates`) for the exact prefactor k′/k
        (the E′/E one is not polynomial in E), on one side of the forward point p_z = −m_e of a
        massless projectile; the cross section at every node otherwise."""
        tg = with_p_max(target, options.p_max_au)
        m = projectile_mass(groups[0][0])
        if options.prefactor != "k'/k" or not (m > 0 or tg.p_max_au < PZ_FORWARD_AU):
            return super().rate_terms(target, T, E_nodes, groups, use, interaction, options)
        use = use & np.any([w > 0 for _, w in groups], axis=0)
        mats: list[np.ndarray] = []
        ws: list[np.ndarray] = []  # flavours with the same kernel (e.g. δ² alone) share their weights
        for proj, w in groups:
            C = np.asarray(interaction.monomial_matrix(proj), dtype=float)
            same = [i for i, D in enumerate(mats) if np.array_equal(C, D)]
            if same:
                ws[same[0]] = ws[same[0]] + w
            else:
                mats.append(C)
                ws.append(w)
        return shared_pz_rate_terms(tg, T, E_nodes, ws, use, m, self.simplified, tg.p_max_au, mats)

    def ddcs(self, target, T, E, m, cos_theta, delta):
        """d²σ/(dT dΩ) of a millicharge δ, cm²/(keV sr) per atom (validated, broadcast T, E, cos θ)."""
        tg = target
        T, E, c = broadcast(T_keV=T, E_keV=E, cos_theta=cos_theta)
        dk, k, kp = momentum_transfer_bounds(T, E, m)
        q = np.sqrt(dk**2 + 2 * k * kp * (1 - c))
        p = _g.pz_of_q(q, T, M_E)
        mask = open_shells(tg, T)
        J = np.einsum("...s,s...->...", mask, tg.shell_profiles(p / AU_MOMENTUM_KEV)) / AU_MOMENTUM_KEV  # keV⁻¹
        # outside the profile's support J = 0; keep t away from the forward t → 0 point there
        t = np.where(J > 0, _g.t_bar(q, T), -1.0)
        if not self.simplified:
            Epz = np.sqrt(M_E**2 + p**2)
            X = _g.x_bar_k1(_g.k1_bar(p, q, T, E, M_E), t, M_E, m)
        else:
            Epz = M_E
            X = _g.x_bar_k1(M_E * E, t, M_E, m)
        r0sq_me2 = ALPHA**2  # r₀² m_e² in natural units
        val = delta**2 * r0sq_me2 / (2 * q * Epz) * (kp / k) * X * J * HBARC2_KEV2_CM2
        return np.where(self.in_domain(T, E, m), val, 0.0)


#: The registered method objects.
RIA = register(ImpulseApproximation(False))
RIA_SIMPLIFIED = register(ImpulseApproximation(True))
