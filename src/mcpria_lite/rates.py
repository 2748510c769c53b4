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

**The RIA on a flux: one p_z integral per T.** Evaluating the RIA at every flux node (≈ 300
energies per T for the solar neutrinos) repeats the same p_z integral with a different window.
At fixed T, q(p_z) and t̄ = T² − q² do not depend on E, and K̄₁ = E·E(p_z) + p_z(T(2E − T) + q²)/(2q)
is linear in E; the spin-averaged squared amplitude of every interaction (X̄ for the millicharge) is
quadratic in K̄₁, so the kernel is a polynomial of degree 2 in E, Σ_j x_j(p_z, T) E^j, and::

    dσ/dT(T, E) = N/k² · Σ_j E^j [C_j(T, p_hi(E)) − C_j(T, p_lo(E))]
    C_j(T, u)   = ∫ dp_z (dq/dp_z) x_j(p_z, T) Σ_nl θ(T − B_nl) J_nl(p_z)   (from −p_max to u)

with [p_lo, p_hi] the kinematic p_z window of E and N = πα² for X̄. The three C_j are integrated
once per T on the target's p_z panels (each split in six, two Gauss–Legendre nodes in each) and
interpolated in u by cubic Hermite polynomials with their exact derivatives (the integrands) at
the sub-panel edges. The flux nodes, weights and lower limits are those of the direct evaluation,
and the x_j come from three evaluations of the generated kernel. The direct evaluation (the RIA at
every flux node, ``_dR_dT_reference``) stays callable; ``benchmarks/bench_rates.py`` and
``tests/test_rates_fast.py`` compare the two: < 1e-4 relative for Ge and Xe, solar neutrinos and
dark cosmic rays, at 50–250 times the speed. FEA and EPA are closed forms in E at each node and are
evaluated directly.
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
from .units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E, SECONDS_PER_DAY

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


def _ria_amplitude(m: float, interaction, projectile):
    """Per-term kernel numerator A_k(K̄₁, t̄) (n_terms, …) and normalisation N with
    dσ_k/dT = N/k² ∫ dp_z (dq/dp_z) A_k/E(p_z) J.

    The millicharge of :func:`mcpria_lite.cross_sections.dsigma_dT`: A = X̄, N = πα²; an
    interaction: A_k = ⟨|M|²⟩_k, N = 1/(32π). Both are the generated expressions the cross sections
    use.
    """
    if interaction is None:
        return (lambda K1, t: _g.x_bar_k1(K1, t, M_E, m)[None]), np.pi * ALPHA**2
    return (lambda K1, t: interaction.amplitude_squared_terms(K1, t, projectile)), 1.0 / (32 * np.pi)


def _ria_rate_terms(tg, T, E, weights, use, m, method, p_max, interaction, projectiles) -> np.ndarray:
    """Σ_groups Σ_nodes w_g σ_k (1/(keV s) per atom), shape (n_terms, nT), with the RIA on shared p_z
    integrals (module docstring). ``weights[g]`` (nT, nE) belong to ``projectiles[g]`` (flavours)."""
    grid, h, nodes, wq = _pz_grid(tg, p_max)
    n_g = grid.size
    p_all = np.concatenate([grid, nodes.ravel()])  # a.u.
    mask = (T[:, None] > tg.binding_keV).astype(float)
    J = mask @ tg.shell_profiles(p_all)  # (nT, n_p), a.u.⁻¹
    p = p_all[None, :] * AU_MOMENTUM_KEV
    Tc = T[:, None]
    q = _g.q_of_pz(p, Tc, M_E)
    t = _g.t_bar(q, Tc)  # (nT, n_p)
    s = M_E + m + Tc  # (nT, 1): scale of the three sample energies 0, ±s
    if method == "RIA-simplified":  # K̄₁ → m_eE, E(p_z) → m_e
        K1_0, dK1, Epz = np.zeros_like(t), M_E * s, M_E
    else:  # K̄₁ is linear in E
        K1_0 = _g.k1_bar(p, q, Tc, 0.0, M_E)
        dK1 = _g.k1_bar(p, q, Tc, s, M_E) - K1_0
        Epz = np.sqrt(M_E**2 + p**2)
    base = _g.dq_dpz_of_q(q, p) * J / Epz
    amps = [_ria_amplitude(m, interaction, proj) for proj in projectiles]
    n_terms = amps[0][0](K1_0[:1, :1], t[:1, :1]).shape[0]
    values = np.zeros((n_terms, T.size))
    if not np.any(use):
        return values
    # the kinematic window of every used node and its cubic-Hermite weights on the shared grid
    Tu = np.broadcast_to(Tc, E.shape)[use]
    dk, k, kp = _kin._k_minus_kp(Tu, E[use], m)
    row = np.nonzero(use)[0]
    hi_end, lo_end = (_hermite_weights(grid, h, row, np.clip(_g.pz_of_q(x, Tu, M_E) / AU_MOMENTUM_KEV, -p_max, p_max))
                      for x in (k + kp, dk))
    Eu = E[use]
    samples = [(amp(K1_0, t), amp(K1_0 + dK1, t), amp(K1_0 - dK1, t), norm) for amp, norm in amps]
    for i in range(n_terms):
        # flavour groups whose kernel of this term is the same (e.g. δ², μ²) share one integral
        done = [False] * len(samples)
        for g, (X0, Xp, Xm, norm) in enumerate(samples):
            if done[g]:
                continue
            same = [h for h in range(g, len(samples)) if not done[h] and all(
                np.array_equal(a[i], b[i]) for a, b in zip(samples[h][:3], (X0, Xp, Xm)))]
            for h in same:
                done[h] = True
            w_sum = sum(weights[h][use] for h in same)
            coef = (X0[i], (Xp[i] - Xm[i]) / (2 * s), (Xp[i] + Xm[i] - 2 * X0[i]) / (2 * s * s))  # Σ_j x_j E^j
            sig = np.zeros(Eu.shape)
            for j, x in enumerate(coef):
                F = base * x  # the integrand in p_z of C_j
                cum = np.cumsum(np.sum(F[:, n_g:].reshape(T.size, n_g - 1, -1) * wq, axis=-1), axis=-1)
                C = np.concatenate([np.zeros((T.size, 1)), cum], axis=-1).ravel()
                dC = np.ascontiguousarray(F[:, :n_g]).ravel()
                val = _hermite_apply(hi_end, C, dC) - _hermite_apply(lo_end, C, dC)
                sig += val * Eu**j if j else val
            wu = w_sum * (norm / k**2 * HBARC2_KEV2_CM2)
            values[i] += np.bincount(row, weights=wu * sig, minlength=T.size)
    return values


def _hermite_weights(grid, h, row, u):
    """Where and how to interpolate C(row, u) by cubic Hermite polynomials on ``grid``:
    C(u) = a·C_i + b·C′_i + c·C_{i+1} + d·C′_{i+1} inside, C(end) at or above the last grid point,
    0 at or below the first (C starts at 0 there)."""
    n_g = grid.size
    top = np.nonzero(u >= grid[-1])[0]
    inner = np.nonzero((u > grid[0]) & (u < grid[-1]))[0]
    ui = u[inner]
    i = np.clip(np.searchsorted(grid, ui, side="right") - 1, 0, n_g - 2)
    hi = h[i]
    x = (ui - grid[i]) / hi
    x2 = x * x
    x3 = x2 * x
    return (u.size, top, row[top] * n_g + n_g - 1, inner, row[inner] * n_g + i,
            (2 * x3 - 3 * x2 + 1, (x3 - 2 * x2 + x) * hi, 3 * x2 - 2 * x3, (x3 - x2) * hi))


def _hermite_apply(hw, C, dC):
    n, top, flat_top, inner, flat, (a, b, c, d) = hw
    out = np.zeros(n)
    if top.size:
        out[top] = C[flat_top]
    if inner.size:
        out[inner] = a * C[flat] + b * dC[flat] + c * C[flat + 1] + d * dC[flat + 1]
    return out


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
    E_chk = np.array([max(float(E_lo[0]), m + T[0]) * 1.5 + 1.0])
    _xs_at_nodes(tg, T[:1], E_chk, m, method, basis, projectile, opts)
    E_nodes, weights = flux.flavour_quadrature(E_lo=E_lo, n=n_E)  # {flavour: weights} on shared nodes
    T2 = np.broadcast_to(T[:, None], E_nodes.shape)
    kin_ok = (E_nodes - T2 > m) & (E_nodes > E_lo[:, None])
    groups = [(projectile, sum(weights.values()))] if not basis.flavour_dependent else [
        (_with_flavour(projectile, f), w) for f, w in weights.items()]
    tgp = _xs._with_p_max(tg, opts.get("p_max_au")) if method in ("RIA", "RIA-simplified") else tg
    # the shared p_z grid stays on one side of the forward point p_z = −m_e of a massless projectile
    if fast and _fast_ria_ok(method, basis, opts) and (m > 0 or tgp.p_max_au < _xs.PZ_FORWARD_AU):
        use = kin_ok & np.any([w > 0 for _, w in groups], axis=0)
        values = _ria_rate_terms(tgp, T, E_nodes, [w for _, w in groups], use, m, method, tgp.p_max_au,
                                 basis.interaction, [proj for proj, _ in groups])
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
    not polynomial in E) for the millicharge and every interaction with ⟨|M|²⟩(K̄₁, t̄)."""
    return (isinstance(method, str) and method in ("RIA", "RIA-simplified")
            and set(opts) <= _FAST_RIA_OPTIONS and opts.get("prefactor", "exact") in ("exact", "k'/k")
            and (basis.interaction is None or hasattr(basis.interaction, "amplitude_squared_terms")))


def _sigma_terms_on_nodes(tg, T, E, use, m, method, basis, projectile, opts) -> np.ndarray:
    """Per-term cross sections (n_terms, nT, nE) at the flux nodes, 0 where ``use`` is False."""
    out = np.zeros((len(basis.terms),) + E.shape)
    if np.any(use):
        T2 = np.broadcast_to(T[:, None], E.shape)
        out[:, use] = _xs_at_nodes(tg, T2[use], E[use], m, method, basis, projectile, opts)
    return out


def _xs_at_nodes(tg, T, E, m, method, basis, projectile, opts) -> np.ndarray:
    """(n_terms, n) per-term dσ/dT at unit couplings at flat (T, E)."""
    if basis.interaction is None:
        return _xs.dsigma_dT(tg, T, E, m, 1.0, method=method, **opts)[None]
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
