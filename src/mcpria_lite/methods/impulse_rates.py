"""The impulse approximation's rate path: one set of p_z integrals per T, shared by every flux node.

**The RIA on a flux: one set of p_z integrals per T, shared by every term.** Evaluating the RIA at
every flux node (≈ 300 energies per T for the solar neutrinos) repeats the same p_z integral with a
different window. At fixed T, q(p_z) and t̄ = T² − q² do not depend on E, and
K̄₁ = E·E(p_z) + p_z(T(2E − T) + q²)/(2q) = K̄₁⁰ + E κ is linear in E. The spin-averaged squared
amplitude of every term k of every interaction is a combination ``⟨|M|²⟩_k = Σ_j C_kj K̄₁^a_j t̄^b_j`` of
the same 15 monomials (a ≤ 2, :data:`mcpria_lite.particles.interactions.MONOMIAL_POWERS`; the matrix C of
:meth:`~mcpria_lite.particles.interactions.Interaction.monomial_matrix`, per flavour for the weak couplings), so
with K̄₁^a = Σ_i binom(a, i) (K̄₁⁰)^(a−i) κ^i E^i::

    dσ_k/dT(T, E) = 1/(32π k²) · Σ_j C_kj Σ_i binom(a_j, i) E^i [Φ_ji(T, p_hi(E)) − Φ_ji(T, p_lo(E))]
    Φ_ji(T, u)    = ∫ dp_z (dq/dp_z) (K̄₁⁰)^(a_j−i) κ^i t̄^b_j Σ_nl θ(T − B_nl) J_nl(p_z)/E(p_z)  (from −p_max to u)

with [p_lo, p_hi] the kinematic p_z window of E. The Φ are cumulative integrals on the target's
p_z panels (each split in six, two Gauss–Legendre nodes in each), interpolated in u by cubic Hermite
polynomials with their exact derivatives (the integrands) at the sub-panel edges. The
interpolation is linear in the grid values, so the sum over the flux nodes is done first: the
weights w E^i/k² of every node are scattered onto the grid once per flavour group and power of E,
turned into weights G_i(T, p_z) on the quadrature points (the adjoint of the cumulative sum), and
each monomial costs one weighted sum Σ_p G_i F_ji over the p_z points. The per-term, per-flavour
matrix C combines them at the end: adding terms adds only a few such sums, not a pass over the
flux nodes. The flux nodes, weights and lower limits are those of the direct evaluation. The
direct evaluation (the RIA at every flux node, ``MethodBase.rate_terms``)
stays callable; ``benchmarks/bench_rates.py`` and ``tests/rates/test_rates_fast.py``,
``tests/rates/test_rates_terms.py`` compare the two: < 1e-4 relative for Ge and Xe, solar neutrinos and
dark cosmic rays. For Xe, 1000 T and the solar neutrinos, the nine terms of δ + μ + ⟨r²⟩ + weak
take about 1.4 times as long as the single millicharge term (≈ 0.09 s against 0.065 s; the
second flavour group of the weak terms is most of the difference; ``benchmarks/bench_rates.py``).
FEA and EPA are closed forms in E at each node and are evaluated directly.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _kinematics_generated as _g
from ..kinematics import momentum_transfer_bounds
from ..particles.interactions import MONOMIAL_POWERS
from ..units import AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E

__all__ = ["shared_pz_rate_terms", "EDGES_POS_AU"]

#: Composite Gauss–Legendre panel edges in p_z (a.u.) of the impulse quadrature, fine near the ridge
#: p_z = 0 where valence profiles peak, wider in the tails (both signs, clipped per T to the window).
EDGES_POS_AU = (0.0, 0.15, 0.35, 0.7, 1.2, 2.0, 3.5, 6.0, 10.0, 17.0, 30.0, 50.0, 75.0, 100.0, 137.0)

_N_SUB = 6  # sub-panels per p_z panel of the cross-section quadrature
_N_GL_SUB = 2  # Gauss–Legendre nodes per sub-panel


def _pz_grid(tg, p_max: float):
    edges_pos = np.asarray(getattr(tg, "pz_panel_edges_au", EDGES_POS_AU), dtype=float)
    e = np.concatenate([edges_pos[edges_pos < p_max], [p_max]])
    edges = np.concatenate([-e[:0:-1], e])
    frac = np.arange(_N_SUB) / _N_SUB
    grid = np.concatenate([(edges[:-1, None] + np.diff(edges)[:, None] * frac).ravel(), edges[-1:]])
    x, w = np.polynomial.legendre.leggauss(_N_GL_SUB)
    h = np.diff(grid)
    nodes = 0.5 * (grid[:-1] + grid[1:])[:, None] + 0.5 * h[:, None] * x
    return grid, h, nodes, 0.5 * h[:, None] * w


_T_CHUNK = 64  # rows of T per pass of the shared-p_z RIA: small arrays, in cache (faster than one pass)


def shared_pz_rate_terms(tg, T, E, weights, use, m, simplified, p_max, matrices) -> np.ndarray:
    """Σ_groups Σ_nodes w_g σ_k (1/(keV s) per atom), shape (n_terms, nT), with the RIA on shared p_z
    integrals of the kernel's monomials (module docstring). ``weights[g]`` (nT, nE) are the flux
    weights of the group whose monomial matrix is ``matrices[g]`` (n_terms, 15) (flavours). Each T
    is independent: long T arrays are done in chunks of rows."""
    grid = _pz_grid(tg, p_max)  # shared by every row: the grid, its steps, nodes, weights
    p_all = np.concatenate([grid[0], grid[2].ravel()])  # a.u.: the grid points, then the nodes
    J_shells = tg.shell_profiles(p_all)  # (n_shells, n_p), a.u.⁻¹
    n = -(-T.size // _T_CHUNK)
    parts = [_rows(tg, T[r], E[r], [w[r] for w in weights], use[r], m, simplified, p_max, matrices,
                                  grid, p_all, J_shells)
             for r in (slice(i * T.size // n, (i + 1) * T.size // n) for i in range(n))]
    return np.concatenate(parts, axis=1)


def _rows(tg, T, E, weights, use, m, simplified, p_max, matrices, pz_grid, p_all, J_shells) -> np.ndarray:
    n_terms = matrices[0].shape[0]
    values = np.zeros((n_terms, T.size))
    cols = np.flatnonzero(np.any([np.any(C != 0, axis=0) for C in matrices], axis=0))  # monomials used
    if not np.any(use) or cols.size == 0:
        return values
    # simplified: K̄₁ → m_e E, E(p_z) → m_e
    powers = [MONOMIAL_POWERS[j] for j in cols]
    n_pow = max(a for a, _ in powers) + 1  # powers of E: 0 … max a
    grid, h, nodes, wq = pz_grid
    n_g = grid.size
    nT = T.size

    # --- nodes: the kinematic window of every used node, scattered onto the grid (adjoint weights)
    Tc = T[:, None]
    row, col = np.nonzero(use)
    Tu, Eu = T[row], E[row, col]
    dk, k, kp = momentum_transfer_bounds(Tu, Eu, m)
    slots_C, node_C, coef_C, slots_D, node_D, coef_D = _hermite_scatter(
        grid, h, row, [_g.pz_of_q(x, Tu, M_E) / AU_MOMENTUM_KEV for x in (k + kp, dk)], p_max)
    inv_k2 = 1.0 / k**2
    base_C, base_D = coef_C * inv_k2[node_C], coef_D * inv_k2[node_D]
    E_C, E_D = Eu[node_C], Eu[node_D]
    size = nT * n_g
    # G[g, i]: on the grid, the weights of C′ (the integrand); on the Gauss–Legendre nodes of
    # sub-panel s, wq × Σ_{grid points > s} (the weights of C): Σ_nodes V (C(hi) − C(lo)) = Σ_p G F(p)
    n_grp = len(weights)
    G = np.empty((n_grp, n_pow, nT, n_g + nodes.size))
    for gi, w in enumerate(weights):
        wu = w[row, col]
        vC, vD = base_C * wu[node_C], base_D * wu[node_D]
        for i in range(n_pow):
            if i:
                vC, vD = vC * E_C, vD * E_D
            if simplified and not any(a == i for a, _ in powers):
                continue
            AC = np.bincount(slots_C, weights=vC, minlength=size).reshape(nT, n_g)
            G[gi, i, :, :n_g] = np.bincount(slots_D, weights=vD, minlength=size).reshape(nT, n_g)
            R = np.cumsum(AC[:, :0:-1], axis=1)[:, ::-1]  # R[:, s] = Σ_{grid points > s} AC
            G[gi, i, :, n_g:] = (R[:, :, None] * wq).reshape(nT, -1)

    # --- p_z: the kernel's monomials K̄₁^a t̄^b, with K̄₁ = K̄₁(E=0) + E κ expanded in powers of E
    mask = (Tc > tg.binding_keV).astype(float)
    J = mask @ J_shells  # (nT, n_p), a.u.⁻¹
    p = p_all[None, :] * AU_MOMENTUM_KEV
    q = _g.q_of_pz(p, Tc, M_E)
    t = _g.t_bar(q, Tc)  # (nT, n_p)
    K0: np.ndarray | None
    if simplified:
        base = _g.dq_dpz_of_q(q, p) * J / M_E
        K0, kappa = None, M_E
    else:
        s = M_E + m + Tc
        K0 = _g.k1_bar(p, q, Tc, 0.0, M_E)
        kappa = (_g.k1_bar(p, q, Tc, s, M_E) - K0) / s
        base = _g.dq_dpz_of_q(q, p) * J / np.sqrt(M_E**2 + p**2)
    P: list[np.ndarray | None] = [None] * n_pow  # P[i] = G[:, i] base κ^i, (n_grp, nT, n_p)
    kap = 1.0
    for i in range(n_pow):
        if i:
            kap = kap * kappa
        if not (simplified and not any(a == i for a, _ in powers)):
            P[i] = G[:, i] * (base * kap)
    del G
    t_pow: dict[int, np.ndarray | None] = {0: None}
    K_pow: dict[int, np.ndarray | None] = {0: None}
    S = np.zeros((n_grp, cols.size, nT))
    with np.errstate(divide="ignore", invalid="ignore"):
        for jc, (a, b) in enumerate(powers):
            if b not in t_pow:
                t_pow[b] = t**b if b > 0 else 1.0 / t ** (-b)
            for i in range(a + 1):
                c = a - i
                if simplified and c:
                    continue  # K̄₁(E=0) = 0
                if c not in K_pow:
                    assert K0 is not None  # c > 0: the full kernel, which has K̄₁(E=0)
                    K_pow[c] = K0**c
                tb, Kc, Pi = t_pow[b], K_pow[c], P[i]
                assert Pi is not None  # filled above for every power the kernel uses
                f = tb if Kc is None else (Kc if tb is None else Kc * tb)
                part = Pi.sum(axis=-1) if f is None else np.einsum("gtp,tp->gt", Pi, f)
                S[:, jc] += math.comb(a, i) * part
    for gi, C in enumerate(matrices):
        values += C[:, cols] @ S[gi]
    return values * (HBARC2_KEV2_CM2 / (32 * np.pi))


def _hermite_scatter(grid, h, row, ends, p_max):
    """The cubic-Hermite interpolation of the cumulative integrals C(row, u) on ``grid`` at the window
    ends, as weights on the grid values: C(u) = a·C_i + b·C′_i + c·C_{i+1} + d·C′_{i+1} inside,
    C(end) at or above the last grid point, 0 at or below the first (C starts at 0 there).
    Returns (slots, node, coefficient) of C and of C′, the upper end counted +1, the lower −1."""
    n_g = grid.size
    out: list[list[np.ndarray]] = [[] for _ in range(6)]
    for sign, u in zip((1.0, -1.0), ends):
        u = np.clip(u, -p_max, p_max)
        top = np.flatnonzero(u >= grid[-1])
        inner = np.flatnonzero((u > grid[0]) & (u < grid[-1]))
        ui = u[inner]
        i = np.clip(np.searchsorted(grid, ui, side="right") - 1, 0, n_g - 2)
        hi = h[i]
        x = (ui - grid[i]) / hi
        x2 = x * x
        x3 = x2 * x
        flat = row[inner] * n_g + i
        out[0] += [flat, flat + 1, row[top] * n_g + n_g - 1]
        out[1] += [inner, inner, top]
        out[2] += [sign * (2 * x3 - 3 * x2 + 1), sign * (3 * x2 - 2 * x3), np.full(top.size, sign)]
        out[3] += [flat, flat + 1]
        out[4] += [inner, inner]
        out[5] += [sign * (x3 - 2 * x2 + x) * hi, sign * (x3 - x2) * hi]
    return tuple(np.concatenate(o) for o in out)
