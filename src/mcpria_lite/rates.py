"""Differential event rates dR/dT in a detector: flux × cross section × atoms per kg.

dR/dT(T) = ρ_A ∫ dE dφ/dE(E) dσ/dT(E, T) + Σ_lines ρ_A φ_line dσ/dT(E_line, T),

with ρ_A the atoms per kg of the target and dφ/dE the flux with its solid angle folded in
(:mod:`mcpria_lite.fluxes`). Units: T in keV, rates in counts/(keV kg day) ("cpkkd").

Each method is integrated only where it is kinematically allowed (the lower limit in E is
essential physics, Qiao et al. 2021):

* FEA: E ≥ E_min(T), the energy at which a free electron at rest can receive T;
* RIA: E > m + T and the p_z window reaching the profile support (:func:`mcpria_lite.kinematics.E_min_impulse`);
* EPA: E > m + T.

With a steeply falling flux this difference in the lower limit is what separates the methods at
low mass.

**A sum of terms.** An interaction with couplings g (a millicharge δ, a magnetic moment μ, …)
gives a cross section Σ_k c_k(g) dσ_k/dT, each c_k a monomial in the couplings, so the rate is
Σ_k c_k(g) R_k(T) (:func:`dR_dT_terms`, :class:`RateTerms`). A source whose flux itself depends on
a coupling (dark cosmic rays: dφ ∝ δ^(α−1)) multiplies every c_k by that power: :class:`RateTerms`
folds it into each term's powers, so ``total(delta=δ)`` is the whole δ dependence. Weak terms
differ between ν_e and ν_μ,τ: a flux split by flavour is integrated per flavour and summed.

**The RIA on a flux: one set of p_z integrals per T, shared by every term.** Evaluating the RIA at
every flux node (≈ 300 energies per T for the solar neutrinos) repeats the same p_z integral with a
different window. At fixed T, q(p_z) and t̄ = T² − q² do not depend on E, and
K̄₁ = E·E(p_z) + p_z(T(2E − T) + q²)/(2q) = K̄₁⁰ + E κ is linear in E. The spin-averaged squared
amplitude of every term k of every interaction is a combination ``⟨|M|²⟩_k = Σ_j C_kj K̄₁^a_j t̄^b_j`` of
the same 15 monomials (a ≤ 2, :data:`mcpria_lite.interactions.MONOMIAL_POWERS`; the matrix C of
:meth:`~mcpria_lite.interactions.Interaction.monomial_matrix`, per flavour for the weak couplings), so
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
direct evaluation (the RIA at every flux node, ``_dR_dT_reference`` and ``_dR_dT_terms_reference``)
stays callable; ``benchmarks/bench_rates.py`` and ``tests/test_rates_fast.py``,
``tests/test_rates_terms.py`` compare the two: < 1e-4 relative for Ge and Xe, solar neutrinos and
dark cosmic rays. For Xe, 1000 T and the solar neutrinos, the nine terms of δ + μ + ⟨r²⟩ + weak
take about 1.4 times as long as the single millicharge term (≈ 0.09 s against 0.065 s; the
second flavour group of the weak terms is most of the difference; ``benchmarks/bench_rates.py``).
FEA and EPA are closed forms in E at each node and are evaluated directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

from . import _kinematics_generated as _g
from . import cross_sections as _xs
from . import interactions as _inter
from . import kinematics as _kin
from ._validate import choice, positive_array, positive_scalar
from .fluxes import Flux
from .units import AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E, SECONDS_PER_DAY

__all__ = ["dR_dT", "dR_dT_terms", "RateTerm", "RateTerms", "E_lower_limit", "rate_scaling_exponent"]


def E_lower_limit(method: str, T_keV, m_keV: float, p_max_au: float = 100.0) -> np.ndarray:
    """Lowest total energy (keV) of the projectile that contributes to dσ/dT at T for ``method``."""
    choice("method", method, set(_xs.METHODS))
    T = positive_array("T_keV", T_keV)
    if method == "FEA":
        return _kin.E_min(T, m_keV)
    if method in ("RIA", "RIA-simplified"):
        return _kin.E_min_impulse(T, m_keV, p_max_au)
    return m_keV + T


def _flux_coupling_powers(flux: Flux) -> dict[str, float]:
    """The powers of the couplings by which the flux itself scales (dark cosmic rays: δ^(α−1))."""
    own = getattr(flux, "coupling_powers", None)
    if own is not None:
        return {str(k): float(v) for k, v in dict(own).items() if float(v) != 0.0}
    p = float(getattr(flux, "delta_power", 0.0))
    return {"delta": p} if p != 0.0 else {}


def rate_scaling_exponent(flux: Flux) -> float:
    """n in dR/dT ∝ δⁿ for a pure millicharge: 2 (the cross section) + the flux's own δ power.

    2 for neutrinos, α + 1 for dark cosmic rays. Meaningful only when the rate is the single
    millicharge term (no weak or other interaction added); the general case is
    :func:`dR_dT_terms`, whose millicharge term carries exactly these powers.
    """
    return 2.0 + _flux_coupling_powers(flux).get("delta", 0.0)


# ------------------------------------------------------------------------------------------------
# terms
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RateTerm:
    """One term of a rate: its name and the monomial Π_g g^(powers[g]) multiplying it.

    ``powers`` include the flux's own coupling power (so they may be non-integer, e.g. δ^3.7 for
    dark cosmic rays with α = 2.7). ``standard_model`` is ``True`` for a term without couplings of
    the interaction (the Standard-Model weak background).
    """

    name: str
    powers: Mapping[str, float]
    standard_model: bool = False

    def coefficient(self, couplings: Mapping[str, float]) -> float:
        """Π_g couplings[g]^powers[g] (1 for a term without couplings)."""
        c = 1.0
        for g, n in self.powers.items():
            c *= couplings[g] ** n
        return float(c)


@dataclass(frozen=True)
class RateTerms:
    """A rate as a sum of terms, dR/dT = Σ_k c_k(g) R_k(T), in counts/(keV kg day).

    Attributes
    ----------
    T_keV : numpy.ndarray
        Energy transfers, keV.
    terms : tuple of RateTerm
        Names and coupling powers (the flux's own power folded in).
    values : numpy.ndarray
        R_k(T) at unit couplings, cpkkd, shape ``(len(terms),) + T_keV.shape``.
    couplings : Mapping
        The couplings used where :meth:`total` is not told otherwise (the interaction's own; δ = 1
        for the millicharge of :func:`dR_dT` without an interaction).
    """

    T_keV: np.ndarray
    terms: tuple[RateTerm, ...]
    values: np.ndarray
    couplings: Mapping[str, float] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        """The terms' names."""
        return tuple(t.name for t in self.terms)

    @property
    def coupling_names(self) -> tuple[str, ...]:
        """Every coupling some term depends on."""
        return tuple(sorted({g for t in self.terms for g in t.powers}))

    def _couplings(self, given: Mapping[str, float]) -> dict[str, float]:
        allowed = self.coupling_names
        for g, v in given.items():
            if g not in allowed:
                raise ValueError(f"couplings: unknown coupling {g!r}; this rate depends on {list(allowed)!r}")
            if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)) or not math.isfinite(v):
                raise ValueError(f"couplings: {g} must be a finite real number, got {v!r}")
        out = {g: float(self.couplings.get(g, 1.0)) for g in allowed}
        out.update({g: float(v) for g, v in given.items()})
        for t in self.terms:
            for g, n in t.powers.items():
                if out[g] < 0 and float(n) != int(n):
                    raise ValueError(f"couplings: {g} must be >= 0 (the term {t.name!r} has the power {n:g}), "
                                     f"got {out[g]!r}")
        return out

    def coefficients(self, **couplings: float) -> np.ndarray:
        """c_k(g) of every term at the given couplings (others: :attr:`couplings`)."""
        c = self._couplings(couplings)
        return np.array([t.coefficient(c) for t in self.terms])

    def total(self, **couplings: float) -> np.ndarray:
        """dR/dT = Σ_k c_k(g) R_k in cpkkd, shape of ``T_keV``."""
        return np.tensordot(self.coefficients(**couplings), self.values, axes=1)

    def new_physics(self, **couplings: float) -> np.ndarray:
        """The terms with couplings only (the signal above the Standard-Model weak background)."""
        c = self.coefficients(**couplings)
        keep = np.array([not t.standard_model for t in self.terms])
        return np.tensordot(np.where(keep, c, 0.0), self.values, axes=1)


# ------------------------------------------------------------------------------------------------
# interactions (mcpria_lite.interactions); without one, the millicharge call of dsigma_dT
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Basis:
    terms: tuple[RateTerm, ...]  # interaction terms, flux power not yet folded
    couplings: dict[str, float]
    interaction: object | None  # None: the millicharge of cross_sections.dsigma_dT(…, m, δ, method)
    flavour_dependent: bool  # weak terms differ between ν_e and ν_μ,τ


def _basis(interaction, projectile) -> _Basis:
    if interaction is None:
        return _Basis((RateTerm("delta^2", MappingProxyType({"delta": 2.0})),), {"delta": 1.0}, None, False)
    inter = _inter.as_interaction(interaction)  # ValueError naming "interaction"
    terms = tuple(
        RateTerm(str(t.name), MappingProxyType({str(g): float(n) for g, n in dict(t.powers).items()}),
                 standard_model=not dict(t.powers))
        for t in inter.basis(projectile)
    )
    couplings = {str(g): float(v) for g, v in dict(getattr(inter, "couplings", {})).items()}
    flav = bool(getattr(inter, "has_weak", any(t.standard_model for t in terms)))
    return _Basis(terms, couplings, inter, flav)


# ------------------------------------------------------------------------------------------------
# the RIA on shared p_z integrals (see the module docstring)
# ------------------------------------------------------------------------------------------------
_N_SUB = 6  # sub-panels per p_z panel of the cross-section quadrature
_N_GL_SUB = 2  # Gauss–Legendre nodes per sub-panel


def _pz_grid(tg, p_max: float):
    edges_pos = getattr(tg, "pz_panel_edges_au", None)
    if edges_pos is None:  # the cross sections' default panels
        edges_pos = getattr(_xs, "_EDGES_POS", None)
    if edges_pos is None:
        from . import methods

        edges_pos = methods._EDGES_POS
    edges_pos = np.asarray(edges_pos, dtype=float)
    e = np.concatenate([edges_pos[edges_pos < p_max], [p_max]])
    edges = np.concatenate([-e[:0:-1], e])
    frac = np.arange(_N_SUB) / _N_SUB
    grid = np.concatenate([(edges[:-1, None] + np.diff(edges)[:, None] * frac).ravel(), edges[-1:]])
    x, w = np.polynomial.legendre.leggauss(_N_GL_SUB)
    h = np.diff(grid)
    nodes = 0.5 * (grid[:-1] + grid[1:])[:, None] + 0.5 * h[:, None] * x
    return grid, h, nodes, 0.5 * h[:, None] * w


def _monomial_matrix(interaction, projectile) -> np.ndarray:
    """C (n_terms, 15): the kernel ⟨M²⟩_k = Σ_j C[k, j] K̄₁^a_j t̄^b_j (:data:`mcpria_lite.interactions.MONOMIAL_POWERS`);
    without an interaction the millicharge at δ = 1 (the X̄ of :func:`mcpria_lite.cross_sections.dsigma_dT`)."""
    inter = _inter.Millicharge(1.0) if interaction is None else interaction
    return np.asarray(inter.monomial_matrix(projectile), dtype=float)


_T_CHUNK = 64  # rows of T per pass of the shared-p_z RIA: small arrays, in cache (faster than one pass)


def _ria_rate_terms(tg, T, E, weights, use, m, method, p_max, matrices) -> np.ndarray:
    """Σ_groups Σ_nodes w_g σ_k (1/(keV s) per atom), shape (n_terms, nT), with the RIA on shared p_z
    integrals of the kernel's monomials (module docstring). ``weights[g]`` (nT, nE) are the flux
    weights of the group whose monomial matrix is ``matrices[g]`` (n_terms, 15) (flavours). Each T
    is independent: long T arrays are done in chunks of rows."""
    grid = _pz_grid(tg, p_max)  # shared by every row: the grid, its steps, nodes, weights
    p_all = np.concatenate([grid[0], grid[2].ravel()])  # a.u.: the grid points, then the nodes
    J_shells = tg.shell_profiles(p_all)  # (n_shells, n_p), a.u.⁻¹
    n = -(-T.size // _T_CHUNK)
    parts = [_ria_rate_terms_rows(tg, T[r], E[r], [w[r] for w in weights], use[r], m, method, p_max, matrices,
                                  grid, p_all, J_shells)
             for r in (slice(i * T.size // n, (i + 1) * T.size // n) for i in range(n))]
    return np.concatenate(parts, axis=1)


def _ria_rate_terms_rows(tg, T, E, weights, use, m, method, p_max, matrices, pz_grid, p_all, J_shells) -> np.ndarray:
    n_terms = matrices[0].shape[0]
    values = np.zeros((n_terms, T.size))
    cols = np.flatnonzero(np.any([np.any(C != 0, axis=0) for C in matrices], axis=0))  # monomials used
    if not np.any(use) or cols.size == 0:
        return values
    simplified = method == "RIA-simplified"  # K̄₁ → m_e E, E(p_z) → m_e
    powers = [_inter.MONOMIAL_POWERS[j] for j in cols]
    n_pow = max(a for a, _ in powers) + 1  # powers of E: 0 … max a
    grid, h, nodes, wq = pz_grid
    n_g = grid.size
    nT = T.size

    # --- nodes: the kinematic window of every used node, scattered onto the grid (adjoint weights)
    Tc = T[:, None]
    row, col = np.nonzero(use)
    Tu, Eu = T[row], E[row, col]
    dk, k, kp = _kin._k_minus_kp(Tu, Eu, m)
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
    if simplified:
        base = _g.dq_dpz_of_q(q, p) * J / M_E
        K0, kappa = None, M_E
    else:
        s = M_E + m + Tc
        K0 = _g.k1_bar(p, q, Tc, 0.0, M_E)
        kappa = (_g.k1_bar(p, q, Tc, s, M_E) - K0) / s
        base = _g.dq_dpz_of_q(q, p) * J / np.sqrt(M_E**2 + p**2)
    P = [None] * n_pow  # P[i] = G[:, i] base κ^i, (n_grp, nT, n_p)
    kap = 1.0
    for i in range(n_pow):
        if i:
            kap = kap * kappa
        if not (simplified and not any(a == i for a, _ in powers)):
            P[i] = G[:, i] * (base * kap)
    del G
    t_pow, K_pow = {0: None}, {0: None}
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
                    K_pow[c] = K0**c
                f = t_pow[b] if K_pow[c] is None else (K_pow[c] if t_pow[b] is None else K_pow[c] * t_pow[b])
                part = P[i].sum(axis=-1) if f is None else np.einsum("gtp,tp->gt", P[i], f)
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
    out = [[] for _ in range(6)]
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


# ------------------------------------------------------------------------------------------------
# public entry points
# ------------------------------------------------------------------------------------------------
def _check_common(method, target, T_keV, flux):
    choice("method", method, set(_xs.METHODS))
    tg = _xs.as_target(target)
    T = positive_array("T_keV", T_keV)
    if not isinstance(flux, Flux):
        raise ValueError(f"flux must be a mcpria_lite.fluxes.Flux, got {type(flux).__name__}")
    return tg, T


def _check_n_E(n_E) -> int:
    if isinstance(n_E, bool) or not isinstance(n_E, (int, np.integer)) or n_E < 1:
        raise ValueError(f"n_E must be an integer >= 1 (n, the quadrature nodes per flux component), got {n_E!r}")
    return int(n_E)


def _terms_values(tg, T, flux, method, basis: _Basis, n_E: int, opts: dict, fast: bool = True) -> np.ndarray:
    """R_k at unit couplings, cpkkd, shape (n_terms, nT), for flat T (``fast=False``: the cross
    sections at every flux node, the direct evaluation)."""
    projectile = flux.projectile
    m = float(flux.m_keV)
    opts = _options(method, m, flux, basis, opts)
    p_max = opts.get("p_max_au") or getattr(tg, "p_max_au", 100.0)
    E_lo = E_lower_limit(method, T, m, p_max)
    # one evaluation with the caller's options: bad options raise here, named as in dsigma_dT
    T_chk = T[:1] if T.size else np.array([1.0])
    E_chk = np.array([max(float(E_lower_limit(method, T_chk, m, p_max)[0]), m + T_chk[0]) * 1.5 + 1.0])
    _xs_at_nodes(tg, T_chk, E_chk, m, method, basis, projectile, opts)
    if T.size == 0:
        return np.zeros((len(basis.terms), 0))
    if basis.flavour_dependent:  # {flavour: weights} on shared nodes
        E_nodes, weights = flux.flavour_quadrature(E_lo=E_lo, n=n_E)
        groups = [(_with_flavour(projectile, f), w) for f, w in weights.items()]
    else:  # the same kernel for every flavour: the weights summed over flavours
        E_nodes, w_all = flux.quadrature(E_lo=E_lo, n=n_E)
        groups = [(projectile, w_all)]
    T2 = np.broadcast_to(T[:, None], E_nodes.shape)
    kin_ok = (E_nodes - T2 > m) & (E_nodes > E_lo[:, None])
    tgp = _xs._with_p_max(tg, opts.get("p_max_au")) if method in ("RIA", "RIA-simplified") else tg
    # the shared p_z grid stays on one side of the forward point p_z = −m_e of a massless projectile
    if fast and _fast_ria_ok(method, basis, opts) and (m > 0 or tgp.p_max_au < _xs.PZ_FORWARD_AU):
        use = kin_ok & np.any([w > 0 for _, w in groups], axis=0)
        mats, ws = [], []  # flavours with the same kernel (e.g. δ² alone) share their weights
        for proj, w in groups:
            C = _monomial_matrix(basis.interaction, proj)
            same = [i for i, D in enumerate(mats) if np.array_equal(C, D)]
            if same:
                ws[same[0]] = ws[same[0]] + w
            else:
                mats.append(C)
                ws.append(w)
        values = _ria_rate_terms(tgp, T, E_nodes, ws, use, m, method, tgp.p_max_au, mats)
    else:
        values = np.zeros((len(basis.terms), T.size))
        for proj, w in groups:
            use = kin_ok & (w > 0)
            sig = _sigma_terms_on_nodes(tg, T, E_nodes, use, m, method, basis, proj, opts)
            values += np.sum(w * sig, axis=-1)  # cm²/keV × cm⁻² s⁻¹ = 1/(keV s) per atom
    return values * tg.atoms_per_kg * SECONDS_PER_DAY


def _with_flavour(projectile, flavour):
    import dataclasses

    return projectile if projectile.flavour == flavour else dataclasses.replace(projectile, flavour=flavour)


_FAST_RIA_OPTIONS = {"p_max_au", "prefactor"}


def _fast_ria_ok(method, basis: _Basis, opts) -> bool:
    """The shared-p_z RIA applies to the RIA kernels with the exact prefactor k′/k (the E′/E one is
    not polynomial in E) for the millicharge and every interaction whose ``⟨|M|²⟩`` is expanded on the
    monomials K̄₁^a t̄^b (``monomial_matrix``)."""
    return (isinstance(method, str) and method in ("RIA", "RIA-simplified")
            and set(opts) <= _FAST_RIA_OPTIONS and opts.get("prefactor", "exact") in ("exact", "k'/k")
            and (basis.interaction is None or hasattr(basis.interaction, "monomial_matrix")))


def _sigma_terms_on_nodes(tg, T, E, use, m, method, basis, projectile, opts) -> np.ndarray:
    """Per-term cross sections (n_terms, nT, nE) at the flux nodes, 0 where ``use`` is False."""
    out = np.zeros((len(basis.terms),) + E.shape)
    if np.any(use):
        T2 = np.broadcast_to(T[:, None], E.shape)
        out[:, use] = _xs_at_nodes(tg, T2[use], E[use], m, method, basis, projectile, opts)
    return out


def _xs_at_nodes(tg, T, E, m, method, basis, projectile, opts) -> np.ndarray:
    """(n_terms, n) per-term dσ/dT at unit couplings at flat (T, E)."""
    if basis.interaction is None:  # the millicharge at δ = 1, carried by the flux's projectile
        if projectile is None:
            return _xs.dsigma_dT(tg, T, E, m, 1.0, method=method, **opts)[None]
        return _xs.dsigma_dT(tg, T, E, delta=1.0, method=method, projectile=projectile, **opts)[None]
    return np.asarray(_xs.dsigma_dT_terms(tg, T, E, projectile=projectile, interaction=basis.interaction,
                                          method=method, **opts))


def _options(method, m, flux, basis: _Basis, opts: dict) -> dict:
    """The caller's options; for the millicharge EPA of a massless projectile that the flux carries
    with its regulator mass, ``m_regulator_keV`` comes from the projectile (no regulator by hand)."""
    out = dict(opts)
    proj = getattr(flux, "projectile", None)
    reg = getattr(proj, "epa_regulator_keV", None)
    if basis.interaction is None and method == "EPA" and m == 0 and reg is not None:
        out.setdefault("m_regulator_keV", reg)
    return out


def dR_dT_terms(target, T_keV, flux: Flux, method: str = "RIA", interaction=None, *, n_E: int = 48,
                **method_options) -> RateTerms:
    """The rate as a sum of terms Σ_k c_k(g) R_k(T), R_k at unit couplings, in cpkkd.

    Parameters
    ----------
    target : Target or str
        Detector atom (rates per kg of this element).
    T_keV : float or array_like
        Energy transfers (deposited energies), keV, > 0.
    flux : Flux
        Incoming flux; its own coupling power (dark cosmic rays: δ^(α−1)) is folded into every
        term's powers.
    method : {"RIA", "RIA-simplified", "FEA", "EPA"}
    interaction : optional
        An interaction of :mod:`mcpria_lite.interactions` (its basis of terms); ``None``: the
        millicharge, one term δ².
    n_E : int
        Quadrature nodes per continuum component of the flux.
    **method_options
        Passed to the cross section (``p_max_au``, ``m_regulator_keV``, ``prefactor``, …).

    Returns
    -------
    RateTerms
        ``values`` of shape ``(n_terms,) + T_keV.shape``; ``total(**couplings)`` is dR/dT.
    """
    return _dR_dT_terms(target, T_keV, flux, method, interaction, n_E, method_options, fast=True)


def _dR_dT_terms(target, T_keV, flux, method, interaction, n_E, method_options, fast: bool) -> RateTerms:
    tg, T = _check_common(method, target, T_keV, flux)
    n = _check_n_E(n_E)
    basis = _basis(interaction, flux.projectile)
    fp = _flux_coupling_powers(flux)
    terms = tuple(
        RateTerm(t.name, MappingProxyType({g: t.powers.get(g, 0.0) + fp.get(g, 0.0)
                                           for g in dict.fromkeys([*t.powers, *fp])}), t.standard_model)
        for t in basis.terms
    )
    values = _terms_values(tg, T.ravel(), flux, method, basis, n, dict(method_options), fast=fast)
    couplings = dict(basis.couplings)
    for g in fp:
        couplings.setdefault(g, 1.0)
    return RateTerms(T_keV=T, terms=terms, values=values.reshape((len(terms),) + T.shape), couplings=couplings)


def _dR_dT_terms_reference(target, T_keV, flux, method="RIA", interaction=None, *, n_E: int = 48,
                           **method_options) -> RateTerms:
    """:func:`dR_dT_terms` by the direct evaluation (the per-term cross sections at every flux node),
    for the tests and the benchmark."""
    return _dR_dT_terms(target, T_keV, flux, method, interaction, n_E, method_options, fast=False)


def dR_dT(
    target,
    T_keV,
    flux: Flux,
    method: str = "RIA",
    delta: float = 1.0,
    *,
    interaction=None,
    n_E: int = 48,
    **method_options,
) -> np.ndarray:
    """Differential event rate dR/dT in counts/(keV kg day).

    Parameters
    ----------
    target : Target or str
        Detector atom (per kg of this element).
    T_keV : float or array_like
        Energy transfer (deposited energy), keV, > 0.
    flux : Flux
        Incoming flux (:func:`mcpria_lite.fluxes.solar_neutrinos`,
        :func:`mcpria_lite.fluxes.dark_cosmic_rays`, or a user's :class:`~mcpria_lite.fluxes.Flux`).
        Its mass ``m_keV`` is the projectile mass.
    method : {"RIA", "RIA-simplified", "FEA", "EPA"}
    delta : float
        Millicharge in units of e (> 0) when ``interaction`` is ``None``; dR/dT ∝ δ^(2 + flux.delta_power).
    interaction : optional
        An interaction of :mod:`mcpria_lite.interactions`, at its own couplings (then ``delta``
        must stay 1; the flux's own δ power uses the interaction's ``delta``).
    n_E : int
        Quadrature nodes per continuum component of the flux.
    **method_options
        Passed to :func:`mcpria_lite.cross_sections.dsigma_dT` (``p_max_au``, ``m_regulator_keV``, …). For the EPA
        with a massless flux ``m_regulator_keV`` is required.

    Returns
    -------
    numpy.ndarray
        dR/dT in cpkkd, shape of ``T_keV``.

    Notes
    -----
    The RIA is evaluated on shared p_z integrals per T (module docstring); the direct evaluation
    at every flux node agrees to < 1e-4.
    """
    _check_common(method, target, T_keV, flux)
    d = positive_scalar("delta", delta, "(units of e)")
    if interaction is not None and d != 1.0:
        raise ValueError("delta applies to the millicharge without an interaction; with interaction=... "
                         "its couplings are the interaction's (e.g. interactions.Millicharge(delta))")
    rt = dR_dT_terms(target, T_keV, flux, method, interaction, n_E=n_E, **method_options)
    return rt.total(delta=d) if interaction is None else rt.total()


def _dR_dT_reference(target, T_keV, flux: Flux, method: str = "RIA", delta: float = 1.0, *, n_E: int = 48,
                     **xs_options) -> np.ndarray:
    """The direct evaluation: dσ/dT at every flux node (the code path before the shared p_z
    integrals), for the benchmark and the tests. Millicharge only; cpkkd."""
    choice("method", method, set(_xs.METHODS))
    tg = _xs.as_target(target)
    T = positive_array("T_keV", T_keV)
    d = positive_scalar("delta", delta, "(units of e)")
    if not isinstance(flux, Flux):
        raise ValueError(f"flux must be a mcpria_lite.fluxes.Flux, got {type(flux).__name__}")
    m = float(flux.m_keV)
    shape = T.shape
    Tf = T.ravel()
    p_max = xs_options.get("p_max_au") or getattr(tg, "p_max_au", 100.0)
    E_lo = E_lower_limit(method, Tf, m, p_max)
    E_nodes, w = flux.quadrature(E_lo=E_lo, n=n_E)  # (nT, nE)
    T2 = np.broadcast_to(Tf[:, None], E_nodes.shape)
    use = (w > 0) & (E_nodes - T2 > m) & (E_nodes > E_lo[:, None])
    sig = np.zeros(E_nodes.shape)
    if np.any(use):
        sig[use] = _xs.dsigma_dT(tg, T2[use], E_nodes[use], m, 1.0, method=method, **xs_options)
    per_atom_per_s = np.sum(w * sig, axis=1)
    rate = per_atom_per_s * tg.atoms_per_kg * SECONDS_PER_DAY
    return (d ** rate_scaling_exponent(flux) * rate).reshape(shape)
