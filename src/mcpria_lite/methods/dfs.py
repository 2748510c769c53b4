"""The ab initio method "DFS": the projectile's lepton tensor contracted with the Dirac–Hartree–Slater
atomic response functions R_L(T, q), R_T(T, q).

For every photon-exchange term of an interaction (millicharge δ², magnetic moment μ², charge radius
⟨r²⟩² and their interferences) the cross section per atom is

.. math::

    \\frac{d\\sigma}{dT} = \\sum_{\\rm terms} c_k \\int_{k-k'}^{k+k'} dq\\,
    \\big[V_L^{(k)}(E, T, q)\\,R_L(T, q) + V_T^{(k)}(E, T, q)\\,R_T(T, q)\\big],

with V_L, V_T derived in :func:`mcpria_lite.derivation.lepton_tensor.lepton_tensor_terms` (the projectile tensor,
photon propagator included, contracted with the longitudinal/transverse decomposition of the atomic
current; Donnelly–Walecka as used by Chen et al., arXiv:1311.5294, 1405.7168) and generated into
``mcpria_lite.methods._lepton_tensor_generated``; R_L, R_T per subshell from the committed tables of
:func:`mcpria_lite.targets.dfs.response.response_table`. The charge radius enters as the contact vector
coupling of the charge form factor F(t) = δ + t⟨r²⟩/3 (the convention of
:mod:`mcpria_lite.particles.interactions`): the propagator cancels and it has the same L/T form.

Checks (``tests/derivation/test_lepton_tensor.py``): the free-electron response reproduces the free cross
section of every term exactly; q → T of the transverse term is the equivalent-photon approximation
with σ_γ = (4π²α/T) R_T(T, T); a slow heavy charge gives dσ/dT = (8πδ²/v²)∫dq K/q³ (a.u.),
K = E_H R_L.

Integration: in ln Q², Q² = q² − T², from Q²min (the forward limit; a massless projectile with a
millicharge needs the regulator mass of its ``epa_regulator_keV``, as in the EPA: the transverse δ²
term has the equivalent-photon logarithm) to Q²max, on Gauss–Legendre cells whose edges depend on T alone: a
lattice of spacing 1 in ln Q² from Q² = e⁻⁸T² to the ridge's last edge (spacing 4 beyond, where the
integrand is smooth) and the edges at fixed p_z (Ribberfors' variable) around the free-electron
ridge; the two cells at the ends of each window are cut there. The projectile energies of one T (a
rate) then share the atomic response on every cell, evaluated once.

Per subshell: zero for T at or below its binding energy; the tabulated response up to the last
tabulated q of that subshell; beyond it R_L is the impulse limit (m_e/q) J_nκ(p_z) of the same orbitals
(:func:`mcpria_lite.targets.dfs.response.impulse_response_L`) and R_T the impulse model
R_T = R_L^IA [(E_q − m_e)/(E_q + m_e) + ⟨p_z²⟩_nκ/m_e²], E_q = √(m_e² + q²) (the spin current of a
free electron at rest on its ridge plus the orbital current of the bound momentum distribution), or a
``ValueError`` naming the range with ``large_q_transverse="raise"``. T outside the tables raises.

The weak interaction (Standard-Model ν–e scattering of a massless ν or ν̄, and its δ·weak and
⟨r²⟩·weak interference) couples also to the electron's axial current: its terms contract the lepton
tensors of :mod:`mcpria_lite.derivation.weak_lepton_tensor` (generated into
``mcpria_lite.methods._weak_lepton_tensor_generated``) with R_L, R_T and the axial and vector–axial
responses R_A0, R_A03, R_AL, R_AT, R_T′ of the weak tables
(:class:`mcpria_lite.targets.dfs.weak_response.WeakResponseTable`, T from 0.1 keV); beyond a subshell's
tabulated q their impulse model is the free electron's ratio to R_L on its ridge
(:func:`mcpria_lite.targets.dfs.weak_response.impulse_ratios`). With the weak interaction every term
(also δ², μ², …) uses the weak tables' R_L, R_T, so that one calculation uses one grid.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .._validate import positive_array
from ..units import ALPHA, AU_MOMENTUM_KEV, G_F_KEV2, HBARC2_KEV2_CM2, M_E
from . import _lepton_tensor_generated as _lt
from . import _weak_lepton_tensor_generated as _wlt
from .base import MethodBase, projectile_mass, register
from . import dfs_quadrature as _q
from .dfs_tables import CRYSTAL_CAVEAT, _tables, available_elements, available_weak_elements
from .dfs_quadrature import (_ROW_CHUNK, PZ_EDGES_AU, _chunks_by_T, _end_cells_of_rows, _gl, _kperp2,
                             _window, _cell_edges, _q_window)

__all__ = ["DFSOptions", "AbInitioResponse", "DFS", "available_elements", "available_weak_elements", "lepton_tensor",
           "CRYSTAL_CAVEAT",
           "response_on_nodes",
           "PZ_EDGES_AU"]



@dataclass(frozen=True)
class DFSOptions:
    """Options of the ab initio method.

    Attributes
    ----------
    large_q_transverse : {"impulse", "raise"}
        R_T beyond a subshell's tabulated q: the impulse model (default; see the module docstring) or
        a ``ValueError`` naming the tabulated range.
    response : {"ab initio", "impulse"}
        The tabulated ab initio response (default), or the impulse limit of the same orbitals at every q
        (R_L = (m_e/q) J(p_z), R_T the impulse model): the same contraction on the response the
        relativistic impulse approximation assumes, to separate the atomic from the kinematic differences.
    m_regulator_keV : float or None
        Mass (keV) in the kinematics of a massless projectile with a millicharge, for a call without a
        ``projectile`` (as the EPA's option); a projectile carries its own (``epa_regulator_keV``). An
        error for a massive projectile.
    correlations : {"none", "tdlda"}
        ``"tdlda"`` (Xe): R_L and R_T at low q times the many-body (TDLDA) to independent-particle ratio of
        the dipole photoabsorption, :func:`mcpria_lite.targets.dfs.linear_response.dipole_correction`
        (the dipole region q ≲ q_D, faded out by 3 q_D).
    """

    large_q_transverse: Literal["impulse", "raise"] = "impulse"
    response: Literal["ab initio", "impulse"] = "ab initio"
    m_regulator_keV: float | None = None
    correlations: Literal["none", "tdlda"] = "none"

    def __post_init__(self):
        if self.m_regulator_keV is not None:
            from .._validate import positive_scalar

            positive_scalar("m_regulator_keV", self.m_regulator_keV, "keV")
        if self.response not in ("ab initio", "impulse"):
            raise ValueError(f"response must be 'ab initio' or 'impulse', got {self.response!r}")
        if self.correlations not in ("none", "tdlda"):
            raise ValueError(f"correlations must be 'none' or 'tdlda', got {self.correlations!r}")
        if self.large_q_transverse not in ("impulse", "raise"):
            raise ValueError(f"large_q_transverse must be 'impulse' or 'raise', got {self.large_q_transverse!r}")


def _code(powers: dict) -> str:
    return "_".join(f"{'r2' if n == 'r2_cm2' else n}{p}" for n, p in powers.items())


def lepton_tensor(term, E_keV, T_keV, q_keV, m_keV, Q2_keV2=None, kperp2_keV2=None):
    """(V_L, V_T) of one interaction term (:class:`~mcpria_lite.particles.interactions.Term`) in cm²·keV⁻¹
    per unit coupling (⟨r²⟩ per cm²), so that d²σ/(dT dq) = c [V_L R_L + V_T R_T] is in cm²/keV² with R in keV⁻¹.

    Q² = q² − T² and k⊥² = (Q² − Q²min)(Q²max − Q²)/(4q²) (the projectile momentum transverse to q) are
    computed from q if not given; pass them to avoid the cancellation near the forward limit.
    Arrays broadcast; no validation (kinematics as for a physical q ∈ [k − k′, k + k′])."""
    if Q2_keV2 is None or kperp2_keV2 is None:
        E, T, q = np.broadcast_arrays(*(np.asarray(x, float) for x in (E_keV, T_keV, q_keV)))
        _, _, _, qmax, Q2min = _q_window(T, E, m_keV)
        Q2_keV2 = (q - T) * (q + T)
        kperp2_keV2 = np.maximum((Q2_keV2 - Q2min) * ((qmax - T) * (qmax + T) - Q2_keV2), 0.0) / (4 * q * q)
    code = _code(term.powers)
    fl = getattr(_lt, f"vl_massive_{code}", None)
    if fl is None:
        raise ValueError(f"interaction term {term.name!r} has no photon-exchange lepton tensor (method 'DFS')")
    ft = getattr(_lt, f"vt_massive_{code}")
    unit = HBARC2_KEV2_CM2 ** (1 - term.powers.get("r2_cm2", 0))
    return (unit * fl(E_keV, T_keV, q_keV, Q2_keV2, kperp2_keV2, M_E, m_keV, ALPHA),
            unit * ft(E_keV, T_keV, q_keV, Q2_keV2, kperp2_keV2, M_E, m_keV, ALPHA))


#: The responses of the photon-exchange terms, and of an interaction with the weak terms.
_VECTOR_KINDS = ("L", "T")
_WEAK_KINDS = ("L", "T", "A0", "A03", "AL", "AT", "TP")
_SIGNED = {"A03": "AL", "TP": "AT"}  # signed responses, interpolated as ratios to these


class _Tensor:
    """The lepton tensors V_X of every term of an interaction for one projectile, for the responses
    ``kinds``: photon-exchange terms from :func:`lepton_tensor` (V_L, V_T); with the weak interaction
    (``kinds`` = all seven) the weak, δ·weak and ⟨r²⟩·weak terms from the generated
    ``mcpria_lite.methods._weak_lepton_tensor_generated`` of the (anti)neutrino at its g_L, g_R."""

    def __init__(self, terms, kinds=_VECTOR_KINDS, kind: str | None = None, gl: float = 0.0, gr: float = 0.0):
        self.terms = tuple(terms)
        self.kinds = tuple(kinds)
        self._weak: list[tuple[list, float] | None] = []
        for term in self.terms:
            deg = sum(term.powers.values())
            if kind is not None and deg <= 1:
                code = "weak" if not term.powers else _code(term.powers)
                fs = [getattr(_wlt, f"v{x.lower()}_{kind}_{code}", None) for x in self.kinds]
                # a response the term does not couple to (its generated V_X is the literal 0): skipped
                fs = [None if f is None or _is_zero(f) else f for f in fs]
                unit = HBARC2_KEV2_CM2 ** (1 - term.powers.get("r2_cm2", 0))
                self._weak.append((fs, unit))
            else:
                self._weak.append(None)
        self.args = (M_E, ALPHA, G_F_KEV2, gl, gr)

    def __len__(self):
        return len(self.terms)

    def same_for_groups(self, j) -> bool:
        """Term j is photon exchange: its V_X do not depend on the (anti)neutrino's flavour (the flavour
        groups of a weak rate share them)."""
        return self._weak[j] is None

    def V(self, j, E, T, q, m, Q2, kp2):
        """[V_X for X in kinds] of term j (cm²·keV⁻¹ per unit coupling); None where a term has no V_X."""
        w = self._weak[j]
        if w is None:
            VL, VT = lepton_tensor(self.terms[j], E, T, q, m, Q2, kp2)
            return [VL, VT] + [None] * (len(self.kinds) - 2)
        fs, unit = w
        return [None if f is None else unit * f(E, T, q, Q2, kp2, *self.args) for f in fs]


def _is_zero(f) -> bool:
    """A generated lepton tensor that is identically zero (its body is ``return 0``: a Python int, not an
    array, whatever the arguments)."""
    v = f(*([1.5] * f.__code__.co_argcount))
    return isinstance(v, int) and v == 0


def _contract(V, R):
    """Σ_X V_X R_X over the responses (V entries may be None)."""
    out = 0.0
    for v, r in zip(V, R):
        if v is not None:
            out = out + v * r
    return out


def response_on_nodes(symbol: str, T_keV, q_keV, large_q_transverse="impulse", impulse_only=False,
                      kinds=_VECTOR_KINDS):
    """R_L, R_T (keV⁻¹, summed over subshells) at T (n,) and q (n, n_q): the fast evaluation used by
    the method (the table's interpolation per subshell,
    :meth:`mcpria_lite.targets.dfs.response.ResponseTable.interpolate`;
    impulse beyond each subshell's last tabulated q; everywhere with ``impulse_only``). Raises
    ``ValueError`` for T outside the tables. With ``kinds`` the seven responses of the weak interaction
    (:data:`mcpria_lite.targets.dfs.weak_response.WEAK_KINDS`) they come from the weak tables, and the
    impulse model beyond them is :func:`mcpria_lite.targets.dfs.weak_response.impulse_ratios` times R_L.
    Returns a list, one array per kind."""
    from ..targets.dfs.weak_response import impulse_ratios

    kinds = tuple(kinds)
    weak = kinds != _VECTOR_KINDS
    tb = _tables(symbol, weak)
    T = np.asarray(T_keV, float)
    q = np.asarray(q_keV, float)
    AbInitioResponse._check_range(symbol, T, weak)
    if np.any(q < tb.q_min):
        raise ValueError(f"method 'DFS' has the {symbol} response tabulated for momentum transfers from "
                         f"{tb.q_min:g} keV; this calculation needs {np.min(q):.3g} keV")
    T2 = np.broadcast_to(T[:, None], q.shape)
    pz_au = np.abs((q * q - 2 * M_E * T2) / (2 * q)) / AU_MOMENTUM_KEV
    out = [np.zeros(q.shape) for _ in kinds]
    for i in range(len(tb.B)):
        rows = T > tb.B[i]
        if not np.any(rows):
            continue
        qq, TT = q[rows], T2[rows]
        tab_ok = (qq <= tb.q_last[i]) & (not impulse_only)
        part = [np.zeros(qq.shape) for _ in kinds]
        if np.any(tab_ok):
            for p, v in zip(part, tb.table.interpolate_many(kinds, i, TT[tab_ok], qq[tab_ok])):
                p[tab_ok] = v
        big = ~tab_ok
        if np.any(big):
            if large_q_transverse == "raise" and not impulse_only:
                raise ValueError(f"q must be <= {tb.q_last[i]:.1f} keV for R_T of {symbol} {tb.subshells[i]} (the "
                                 "tabulated range; large_q_transverse='impulse' uses the impulse model beyond)")
            J = np.interp(pz_au[rows][big], tb.pz_au, tb.J[i], right=0.0)
            ia = M_E / qq[big] * J / AU_MOMENTUM_KEV
            ratio = impulse_ratios(qq[big], tb.pz2_keV2[i] / M_E**2)
            for p, k in zip(part, kinds):
                p[big] = ia * ratio[k]
        for o, p in zip(out, part):
            o[rows] += p
    return out


_LN_NEGLIGIBLE = np.log(1e-290)


def _master_nodes(symbol, uT, lo_u, hi_u, options, kinds):
    """Per distinct T: the cells of :func:`_cell_edges` and their Gauss–Legendre master nodes, with the
    atomic response there (evaluated once per T and node), and per cell the interpolating polynomial of
    ln R for the cut cells."""
    edges = _cell_edges(uT, lo_u, hi_u)                         # (n_u, n_e)
    a, b = edges[:, :-1], edges[:, 1:]
    full = np.isfinite(b)                                       # cells between two edges
    sa, sb = np.where(full, a, 0.0), np.where(full, b, 1.0)
    s_m, w_m = _gl(sa, sb)                                      # (n_u, n_c, n_gl)
    n_u, n_c = s_m.shape[:2]
    s_m = np.where(full[..., None], s_m, s_m[:, :1, :1]).reshape(n_u, -1)
    Q2_m = np.exp(s_m)
    q_m = np.sqrt(uT[:, None] ** 2 + Q2_m)
    R_m = response_on_nodes(symbol, uT, q_m, options.large_q_transverse, options.response == "impulse", kinds)
    if options.correlations == "tdlda":
        # the many-body (TDLDA) correction of the dipole photoabsorption carried to low q: the vector
        # (photon-exchange) responses only; the axial ones of the weak terms stay independent-particle
        from ..targets.dfs.linear_response import dipole_correction

        if symbol != "Xe":
            raise ValueError(f"correlations='tdlda' needs a committed TDLDA table (Xe), got target {symbol!r}")
        f = dipole_correction(symbol, np.broadcast_to(uT[:, None], q_m.shape), q_m)
        R_m = [R * f if k in ("L", "T") else R for k, R in zip(kinds, R_m)]
    byk = dict(zip(kinds, R_m))
    lnR = []  # ln R of the positive responses; the signed ones as ratios to their reference
    for k, R in zip(kinds, R_m):
        if k in _SIGNED:
            ref = byk[_SIGNED[k]]
            lnR.append(np.where(ref > 1e-300, R / np.where(ref > 1e-300, ref, 1.0), 0.0))
        else:
            lnR.append(np.log(np.maximum(R, 1e-300)))
    # per T and cell, for the cut cells: the interpolating polynomial of ln R (or of a signed ratio) through the
    # cell's master nodes in monomials of t ∈ [−1, 1] (a fixed n_gl × n_gl inverse Vandermonde matrix), and
    # whether the cell is steep (R falls by more than e^20 across it: piecewise linear there)
    n_gl = _q._GL_X.size
    vinv_T = np.linalg.inv(np.vander(_q._GL_X, increasing=True)).T
    cells = [x.reshape(n_u, n_c, n_gl) for x in lnR]
    coef = [x @ vinv_T for x in cells]
    steep = [None if k in _SIGNED else x.max(axis=2) - x.min(axis=2) > 20.0 for k, x in zip(kinds, cells)]
    return {"edges": edges, "n_c": n_c, "w": w_m * full[..., None], "Q2": Q2_m, "q": q_m, "R": R_m, "lnR": lnR,
            "lnR_cells": cells, "coef": coef, "steep": steep, "kinds": kinds}


def _interior_rows(M, inv, c_lo, c_hi, T, E, m, tens, Q2min, Q2max):
    """Σ over the full cells strictly inside each row's window (rows flat): (n_terms, n)."""
    n_c = M["n_c"]
    cells = np.arange(n_c)
    use = (cells[None, :] > c_lo[:, None]) & (cells[None, :] < c_hi[:, None])         # (n, n_c)
    wt = np.where(use[..., None], M["w"][inv], 0.0).reshape(len(inv), -1)
    Q2, q = M["Q2"][inv], M["q"][inv]
    kp2 = _kperp2(Q2, q, T[:, None], E[:, None], m, Q2min[:, None], Q2max[:, None])
    w = wt * Q2 / (2 * q)
    out = np.empty((len(tens), len(inv)))
    R = [x[inv] for x in M["R"]]
    for j in range(len(tens)):
        out[j] = np.sum(w * _contract(tens.V(j, E[:, None], T[:, None], q, m, Q2, kp2), R), axis=1)
    return out


def _cut_cells(M, inv, cell, pa, pb):
    """Gauss–Legendre nodes s, weights and the responses (a list) on the cut intervals [pa, pb] of the cells ``cell``
    (each row's T: ``inv``), ln R interpolated from the full cell's master nodes by the interpolating
    polynomial (piecewise linear where R falls by more than e^20 across the cell). Shapes (n, k, n_gl)."""
    n, k_cells = cell.shape
    edges = M["edges"]
    ic = (inv[:, None], cell)                                   # (T, cell) of every cut cell
    ca, cb = edges[ic], edges[inv[:, None], cell + 1]
    s_p, w_p = _gl(pa, pb)                                      # (n, k, n_gl)
    t = (2 * s_p - (ca + cb)[..., None]) / (cb - ca)[..., None]
    tp = np.clip(t, -1.0, 1.0)

    def interp(i, signed=False):
        # the interpolating polynomial through the master nodes (the master's monomial coefficients of the
        # containing cell), evaluated by Horner: the Lagrange interpolation, without its basis arrays
        c = M["coef"][i][ic]                                    # (n, k, n_gl)
        poly = np.broadcast_to(c[..., -1:], tp.shape).copy()
        for p in range(c.shape[-1] - 2, -1, -1):
            poly *= tp
            poly += c[..., p:p + 1]
        if signed:  # a ratio to its reference response: linear where the reference falls steeply
            return poly
        steep = M["steep"][i][ic]                               # (n, k)
        if steep.any():
            rs, ks = np.nonzero(steep)
            lnR = M["lnR_cells"][i][inv[rs], cell[rs, ks]]     # (n_steep, n_gl)
            tc = np.clip(t[rs, ks], _q._GL_X[0], _q._GL_X[-1])
            j = np.clip(np.searchsorted(_q._GL_X, tc) - 1, 0, _q._GL_X.size - 2)
            f = (tc - _q._GL_X[j]) / (_q._GL_X[j + 1] - _q._GL_X[j])
            poly[rs, ks] = (1 - f) * np.take_along_axis(lnR, j, axis=1) + f * np.take_along_axis(lnR, j + 1, axis=1)
        return np.exp(poly)

    kinds = M["kinds"]
    vals = {k: interp(i) for i, k in enumerate(kinds) if k not in _SIGNED}
    for i, k in enumerate(kinds):
        if k in _SIGNED:
            vals[k] = interp(i, signed=True) * vals[_SIGNED[k]]
    return s_p, w_p, [vals[k] for k in kinds]


def _end_rows(M, inv, c_lo, c_hi, lo, hi, T, E, m, tensors, Q2min, Q2max, upper_only=None):
    """The two cells that hold each row's window ends, cut there: [lo, b_lo] and [a_hi, hi], or [lo, hi]
    in one cell (:func:`_cut_cells`); with ``upper_only`` (a row mask), those rows' upper cell alone.
    ``tensors``: a list of :class:`_Tensor` (the flavour groups of a weak rate) contracted with the same
    responses on the same nodes; returns (n_tensors, n_terms, n)."""
    out = np.zeros((len(tensors), len(tensors[0]), len(inv)))
    edges = M["edges"]
    same = c_lo == c_hi
    eb = edges[inv, c_lo + 1]
    fa = edges[inv, c_hi]
    both = np.ones(len(inv), bool) if upper_only is None else ~upper_only
    groups = [(both, np.stack([c_lo, c_hi], axis=1), np.stack([lo, np.where(same, hi, fa)], axis=1),
               np.stack([np.where(same, hi, eb), hi], axis=1))]
    if upper_only is not None:
        groups.append((upper_only, c_hi[:, None], fa[:, None], hi[:, None]))
    for sel, cell, pa, pb in groups:
        if not np.any(sel):
            continue
        n = int(sel.sum())
        s_p, w_p, R = _cut_cells(M, inv[sel], cell[sel], pa[sel], pb[sel])
        s_p, w_p = s_p.reshape(n, -1), w_p.reshape(n, -1)
        R = [x.reshape(n, -1) for x in R]
        Q2 = np.exp(s_p)
        Ts, Es = T[sel][:, None], E[sel][:, None]
        q = np.sqrt(Ts ** 2 + Q2)
        kp2 = _kperp2(Q2, q, Ts, Es, m, Q2min[sel][:, None], Q2max[sel][:, None])
        w = w_p * Q2 / (2 * q)
        for g, tens in enumerate(tensors):
            for j in range(len(tens)):
                if g and tens.same_for_groups(j):
                    out[g, j, sel] = out[0, j, sel]
                else:
                    out[g, j, sel] = np.sum(w * _contract(tens.V(j, Es, Ts, q, m, Q2, kp2), R), axis=1)
    return out


def _integrate(symbol, T, E, m, tens, options):
    """Σ_nodes w [V_L R_L + V_T R_T] for every term, rows (T, E) flat: (n_terms, n).

    The cells in s = ln Q² are those of :func:`_cell_edges` (T alone decides them), with _N_GL
    Gauss–Legendre nodes each: every cell inside a row's window, and the two cells that hold the
    window's ends, cut at them (their own nodes, with ln R interpolated from the full cell's nodes by
    the Lagrange polynomial). The atomic response is evaluated once per T and cell, whatever the number
    of projectile energies (a rate). dq = Q² ds/(2q). Chunked over distinct T and rows: memory bounded
    whatever the length of T."""
    lo, hi, Q2min, Q2max = _window(T, E, m)
    out = np.zeros((len(tens), T.size))
    for uT, rows, inv in _chunks_by_T(T):
        lo_u = np.full(uT.size, np.inf)
        hi_u = np.full(uT.size, -np.inf)
        np.minimum.at(lo_u, inv, lo[rows])
        np.maximum.at(hi_u, inv, hi[rows])
        M = _master_nodes(symbol, uT, lo_u, hi_u, options, tens.kinds)
        for r0 in range(0, rows.size, _ROW_CHUNK):
            r, iv = rows[r0: r0 + _ROW_CHUNK], inv[r0: r0 + _ROW_CHUNK]
            c_lo, c_hi = _end_cells_of_rows(M["edges"], iv, lo[r], hi[r])
            out[:, r] = (_interior_rows(M, iv, c_lo, c_hi, T[r], E[r], m, tens, Q2min[r], Q2max[r])
                         + _end_rows(M, iv, c_lo, c_hi, lo[r], hi[r], T[r], E[r], m, [tens], Q2min[r], Q2max[r])[0])
    return out


def _energy_polynomials(tens, j, uT, q, Q2, m, E_ref):
    """(c_L, c_T), each (3, n_u, n_nodes): V_X(E) = Σ_n c_X,n E^n / ((E − m)(E + m)) at fixed T, q.

    Every photon-exchange V_X times k² = (E − m)(E + m) is a polynomial of degree 2 in E at fixed (T, q):
    k⊥² = [−Q⁴ + Q²(Q²min + Q²max) − Q²min Q²max]/(4q²) with Q²min + Q²max = 4E² − 4ET − 4m² and
    Q²min Q²max = 4m²T². Its coefficients come from three energies around ``E_ref`` (per T) by
    Newton's differences (exact up to rounding)."""
    T = uT[:, None]
    a, d = E_ref[:, None], E_ref[:, None]
    P = []
    for E in (a, a + d, a + 2 * d):
        kp2 = (-Q2 * Q2 + Q2 * (4 * E * E - 4 * E * T - 4 * m * m) - 4 * m * m * T * T) / (4 * q * q)
        k2 = (E - m) * (E + m)
        P.append([None if v is None else v * k2 for v in tens.V(j, E, T, q, m, Q2, kp2)])
    out: list[np.ndarray | None] = []
    for X in range(len(tens.kinds)):
        P0, P1, P2 = P[0][X], P[1][X], P[2][X]
        if P0 is None or P1 is None or P2 is None:
            out.append(None)
            continue
        c2 = (P2 - 2 * P1 + P0) / (2 * d * d)
        c1 = (P1 - P0) / d - c2 * (2 * a + d)
        c0 = P0 - c1 * a - c2 * a * a
        out.append(np.stack([c0, c1, c2]))
    return out


def _rate_integrate(symbol, T, E, w, m, tensors, options):
    """Σ_groups Σ_rows w_g σ_k,g per distinct T (rows (T, E) flat, weights ``w`` (n_groups, n), one
    :class:`_Tensor` per group in ``tensors``: the flavour groups of a weak rate, or one group):
    (n_terms, n_u), the distinct T ascending.

    The full cells inside each row's window take the flux first: per T and cell, the moments
    Σ_rows w E^n/k² (n = 0, 1, 2) of the rows whose window contains the cell, times the cell's
    quadrature of c_n(T, Q²)·R (:func:`_energy_polynomials`); the end cells are the rows' own, as in
    :func:`_integrate`, their responses shared by the groups. The same numbers as the direct path to
    rounding."""
    w = np.atleast_2d(w)
    n_g = len(tensors)
    kinds = tensors[0].kinds
    lo, hi, Q2min, Q2max = _window(T, E, m)
    uT_all = np.unique(T)
    out = np.zeros((len(tensors[0]), uT_all.size))
    n_gl = _q._GL_X.size
    u_off = 0
    for uT, rows, inv in _chunks_by_T(T):
        n_u = uT.size
        lo_u = np.full(n_u, np.inf)
        hi_u = np.full(n_u, -np.inf)
        np.minimum.at(lo_u, inv, lo[rows])
        np.maximum.at(hi_u, inv, hi[rows])
        M = _master_nodes(symbol, uT, lo_u, hi_u, options, kinds)
        n_c = M["n_c"]
        # flux moments per group and cell: rows add w E^n/k² to the cells strictly inside their window
        mom = np.zeros((n_g, 3, n_u, n_c + 1))
        acc = np.zeros((n_g, len(tensors[0]), n_u))
        sw = np.zeros(n_u)
        swE = np.zeros(n_u)
        wsum = w[:, rows].sum(axis=0)
        np.add.at(sw, inv, wsum)
        np.add.at(swE, inv, wsum * E[rows])
        E_ref = np.maximum(swE / np.where(sw > 0, sw, 1.0), m + 2 * uT)
        # the lower cut cell of a T, shared by its rows whose window starts at the same ln Q²min (a massless
        # projectile without a millicharge: 30 e-folds below T² for every energy)
        cl_u = _end_cells_of_rows(M["edges"], np.arange(n_u), lo_u, lo_u)[0]
        s_l, w_l, R_l = _cut_cells(M, np.arange(n_u), cl_u[:, None], lo_u[:, None],
                                   M["edges"][np.arange(n_u), cl_u + 1][:, None])
        s_l, w_l, R_l = s_l[:, 0], w_l[:, 0], [x[:, 0] for x in R_l]
        Q2_l = np.exp(s_l)
        q_l = np.sqrt(uT[:, None] ** 2 + Q2_l)
        W_l = w_l * Q2_l / (2 * q_l)
        low = np.zeros((n_g, 3, n_u))                            # Σ_rows sharing it: w E^n/k²
        cell_max = np.max([x for k, x in zip(M["kinds"], M["lnR"]) if k not in _SIGNED], axis=0)
        cell_max = cell_max.reshape(n_u, n_c, n_gl).max(axis=2)
        for r0 in range(0, rows.size, _ROW_CHUNK):
            r, iv = rows[r0: r0 + _ROW_CHUNK], inv[r0: r0 + _ROW_CHUNK]
            c_lo, c_hi = _end_cells_of_rows(M["edges"], iv, lo[r], hi[r])
            inner = c_hi - c_lo >= 2
            shared = (lo[r] == lo_u[iv]) & (c_lo != c_hi)
            Er = E[r]
            for g in range(n_g):
                v = w[g, r] / ((Er - m) * (Er + m))
                for n in range(3):
                    np.add.at(mom[g, n], (iv[inner], c_lo[inner] + 1), v[inner])
                    np.add.at(mom[g, n], (iv[inner], c_hi[inner]), -v[inner])
                    np.add.at(low[g, n], iv[shared], v[shared])
                    v = v * Er
            # rows whose only per-row cell (the upper one) lies where R is below 1e-290 at every master
            # node (beyond the profiles' support) add nothing: skipped
            need = ~(shared & (cell_max[iv, c_hi] < _LN_NEGLIGIBLE))
            if np.any(need):
                rn = r[need]
                ends = _end_rows(M, iv[need], c_lo[need], c_hi[need], lo[rn], hi[rn], T[rn], Er[need], m, tensors,
                                 Q2min[rn], Q2max[rn], upper_only=shared[need])
                for g in range(n_g):
                    np.add.at(acc[g].T, iv[need], (ends[g] * w[g, rn]).T)
        mom = np.cumsum(mom[:, :, :, :n_c], axis=3)              # (n_g, 3, n_u, n_c)
        Wq = (M["w"].reshape(n_u, -1) * M["Q2"] / (2 * M["q"]))  # (n_u, n_nodes)
        shared_F: dict = {}  # per photon-exchange term: its cell quadratures, the same for every group
        for g, tens in enumerate(tensors):
            for j in range(len(tens)):
                if g and tens.same_for_groups(j):
                    F_all = shared_F[j]
                else:
                    c = _energy_polynomials(tens, j, uT, M["q"], M["Q2"], m, E_ref)
                    dc = _energy_polynomials(tens, j, uT, q_l, Q2_l, m, E_ref)
                    F_all = [((Wq * _contract([None if x is None else x[n] for x in c], M["R"]))
                              .reshape(n_u, n_c, n_gl).sum(axis=2),
                              np.sum(W_l * _contract([None if x is None else x[n] for x in dc], R_l), axis=1))
                             for n in range(3)]
                    shared_F[j] = F_all
                for n, (F, F_l) in enumerate(F_all):
                    acc[g, j] += np.sum(mom[g, n] * F, axis=1) + low[g, n] * F_l
        out[:, u_off: u_off + n_u] = acc.sum(axis=0)
        u_off += n_u
    return out


class AbInitioResponse(MethodBase):
    """The method "DFS" (:class:`mcpria_lite.methods.base.Method`): lepton tensor × Dirac–Hartree–Slater
    response functions, for the photon-exchange interactions."""

    name = "DFS"
    #: The largest total energy accepted, in keV (the generated lepton tensors hold E⁴-like products that
    #: overflow float64 from ≈ 1e55 keV on; 1e40 keV = 1e31 TeV is beyond every flux).
    E_max_keV = 1e40
    Options = DFSOptions
    plot_style = {"color": "C2", "lw": 1.8}

    def supports(self, interaction) -> str | None:
        """Every interaction of the package: the photon-exchange terms with R_L, R_T; the weak, δ·weak and
        ⟨r²⟩·weak terms (a massless ν or ν̄) with the axial and vector–axial responses of the weak tables
        (elements in :func:`available_weak_elements`, T from their first row, 0.1 keV)."""
        return None

    @staticmethod
    def _tensor(interaction, projectile) -> _Tensor:
        """The lepton tensors of ``interaction``'s terms for ``projectile`` (the weak ones need a massless
        ν or ν̄ of known flavour: ValueError otherwise, from the interaction)."""
        if not interaction.has_weak:
            return _Tensor(interaction.terms)
        from ..particles.interactions import weak_couplings

        if projectile is None:
            raise ValueError("projectile must be given for the weak terms (a neutrino or antineutrino of a flavour)")
        kind = interaction._kind(projectile)
        gl, gr = weak_couplings(projectile, interaction.sin2_theta_w)
        return _Tensor(interaction.terms, _WEAK_KINDS, kind, gl, gr)

    def T_max_keV(self, target) -> float:
        """The top of the target's response tables (keV; for a compound, the lowest top of its atoms');
        ``ValueError`` for an element without tables."""
        parts = getattr(target, "components", None)
        if parts:
            return min(self.T_max_keV(t) for t, _ in parts)
        symbol = getattr(target, "symbol", target)
        if symbol not in available_elements():
            raise ValueError(f"method 'DFS' has response tables for {list(available_elements())} only, not {symbol!r}")
        return float(_tables(symbol).T_grid[-1])

    @staticmethod
    def _kinematic_mass(projectile, interaction, regulator=None) -> float:
        if projectile_mass(projectile) > 0:
            if regulator is not None:
                raise ValueError(f"m_regulator_keV is allowed only for a massless projectile; this one has mass "
                                 f"{projectile.mass_keV!r} keV")
            return float(projectile.mass_keV)
        if regulator is not None:
            return float(regulator)
        if any(t.name == "delta^2" for t in interaction.terms):
            if projectile.epa_regulator_keV is None:
                raise ValueError(
                    f"projectile {projectile.name!r} is massless: method 'DFS' with a millicharge needs its "
                    "epa_regulator_keV > 0 keV (the transverse δ² term has the equivalent-photon logarithm, "
                    "regulated by the neutrino mass; mcpria_lite.particles.projectiles.neutrino sets 1e-4 keV), or pass "
                    "m_regulator_keV"
                )
            return float(projectile.epa_regulator_keV)
        return 0.0

    @staticmethod
    def _symbol(target, weak: bool = False) -> str:
        symbol = getattr(target, "symbol", None)
        if symbol not in available_elements():
            raise ValueError(f"target must be an element with a committed response table for method 'DFS' "
                             f"(one of {available_elements()}), got {symbol!r}")
        if weak and symbol not in available_weak_elements():
            raise ValueError(f"target must be an element with a committed weak-response table for method 'DFS' "
                             f"with the weak interaction (one of {available_weak_elements()}), got {symbol!r}")
        return symbol

    @staticmethod
    def _check_range(symbol, T, weak: bool = False):
        """T (the energy transfers the calculation needs) inside the element's table: else a ValueError in
        the terms of energy transfer, naming no argument (the caller may not have passed T at all)."""
        tb = _tables(symbol, weak)
        active = T > tb.B.min()
        if np.any(T[active] > tb.T_grid[-1]):
            raise ValueError(f"method 'DFS' has the {symbol} response tabulated for energy transfers up to "
                             f"{tb.T_grid[-1]:g} keV; this calculation needs energy transfers up to "
                             f"{np.max(T):.4g} keV (use the RIA beyond)")
        for i, Bi in enumerate(tb.B):
            t0 = tb.table.T_start_keV(i)
            if Bi < tb.T_grid[-1] and np.any((T > Bi) & (T < t0)):
                what = "weak response (its table starts at" if weak else "response between its edge"
                raise ValueError(f"method 'DFS' has no {symbol} {tb.subshells[i]} {what} "
                                 f"{Bi:g} keV and {t0:g} keV{')' if weak else ''}; this calculation needs energy "
                                 "transfers there")

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        """dσ_k/dT (cm²/keV per atom) of every term at unit couplings for flat T, E (keV)."""
        self.check(interaction)
        m = self._kinematic_mass(projectile, interaction, options.m_regulator_keV)
        T = np.asarray(T, float)
        E = np.asarray(E, float)
        if np.any(E > self.E_max_keV):
            raise ValueError(f"E_keV must be <= {self.E_max_keV:g} keV for method 'DFS' (its lepton tensors, "
                             f"closed forms in E, overflow float64 beyond ~1e50 keV), got a maximum of {E.max()!r}")
        parts = getattr(target, "components", None)
        if parts:  # a compound: the stoichiometric sum over its atoms (independent atoms)
            return sum(n * self.dsigma_dT_terms(t, T, E, projectile, interaction, options) for t, n in parts)
        weak = interaction.has_weak
        symbol = self._symbol(target, weak)
        tens = self._tensor(interaction, projectile)
        out = np.zeros((len(interaction.terms),) + T.shape)
        tb = _tables(symbol, weak)
        self._check_range(symbol, T, weak)
        # a massless projectile's regulator mass closes rows with E − T <= m_reg (< 0.1 eV: nothing to add)
        active = (T > tb.B.min()) & (E - T > m)
        if not np.any(active):
            return out
        out[:, active] = _integrate(symbol, T[active], E[active], m, tens, options)
        return out

    def rate_terms(self, target, T, E_nodes, groups, use, interaction, options) -> np.ndarray:
        """Σ_nodes w σ_k (1/(keV s) per atom), shape (n_terms, nT), with the flux integrated first over the
        full ln Q² cells of each T (the lepton tensor times k² is a polynomial of degree 2 in E at fixed T
        and q: per cell, the flux moments Σ w E^n/k², n = 0, 1, 2, of the energies whose window contains it);
        the cells at the windows' ends are each energy's own. The same numbers as the cross section at
        every node (``evaluation="direct"``) to rounding."""
        parts = getattr(target, "components", None)
        if parts:
            return sum(n * self.rate_terms(t, T, E_nodes, groups, use, interaction, options) for t, n in parts)
        self.check(interaction)
        T = np.asarray(T, float)
        uT_in, first, inv_in = np.unique(T, return_index=True, return_inverse=True)
        if uT_in.size < T.size:  # the flux is integrated per distinct T: a repeated T (its row the same) once
            sub = [(p, np.asarray(wg)[first]) for p, wg in groups]
            vals = self.rate_terms(target, T[first], E_nodes[first], sub, use[first], interaction, options)
            return vals[:, inv_in.ravel()]
        masses = {self._kinematic_mass(p, interaction, options.m_regulator_keV) for p, _ in groups}
        if len(masses) != 1:
            return super().rate_terms(target, T, E_nodes, groups, use, interaction, options)
        weak = interaction.has_weak
        m = masses.pop()
        symbol = self._symbol(target, weak)
        # the weak tensors depend on the flavour and ν/ν̄: one tensor per group, contracted in one pass with
        # the same responses; the photon-exchange ones do not: the groups' weights summed
        w_g = np.stack([np.broadcast_to(np.asarray(wg, float), E_nodes.shape) for _, wg in groups]
                       or [np.zeros(E_nodes.shape)])
        if weak:
            tensors = [self._tensor(interaction, p) for p, _ in groups]
        else:
            tensors = [self._tensor(interaction, groups[0][0] if groups else None)]
            w_g = w_g.sum(axis=0, keepdims=True)
        tb = _tables(symbol, weak)
        T = np.asarray(T, float)
        w = w_g.sum(axis=0)
        T2 = np.broadcast_to(T[:, None], E_nodes.shape)
        ok = use & (w > 0) & (T2 > tb.B.min()) & (E_nodes - T2 > m)
        values = np.zeros((len(interaction.terms), T.size))
        self._check_range(symbol, T[np.any(ok, axis=1)], weak)
        if not np.any(ok):
            return values
        Tr, Er, wr = T2[ok], E_nodes[ok], w_g[:, ok]
        per_T = _rate_integrate(symbol, Tr, Er, wr, m, tensors, options)
        uT = np.unique(Tr)
        values[:, :] = 0.0
        idx = np.searchsorted(uT, T)
        has = np.any(ok, axis=1)
        values[:, has] = per_T[:, idx[has]]
        return values

    def E_lower_limit(self, T_keV, projectile, target=None, **options):
        """E > m + T (the outgoing projectile keeps its mass), as for the EPA."""
        self.options(**options)
        return projectile_mass(projectile) + positive_array("T_keV", T_keV)

    slow_projectile_reason = None

    def halo_response(self, target, **options):
        """The tabulated R_L per subshell for a slow projectile (halo dark matter), a
        :class:`mcpria_lite.targets.slow_response.LongitudinalResponse`.

        ``response="ab initio"``: the committed tables (each subshell from a node just above its
        threshold, B + max(0.01 B, 0.1 eV); E between the lowest threshold and the first row raises
        ``ValueError``), the impulse limit (m_e/q) J_nκ(p_z) of the same orbitals beyond
        each subshell's last tabulated q; ``"impulse"``: that impulse limit at every q (the atomic
        input of the impulse approximation, for comparison). ``target``: ``"Ge"``, ``"Xe"`` (an element
        with a committed table) or a target object with that ``symbol``."""
        from ..targets.atoms import element_symbol
        from ..targets.slow_response import LongitudinalResponse, SubshellResponse

        response = options.pop("response", "ab initio")
        if options:
            raise ValueError(f"method 'DFS' halo_response does not use the option(s) {sorted(options)}; "
                             "options must be one of ['response']")
        if response not in ("ab initio", "impulse"):
            raise ValueError(f"response must be 'ab initio' or 'impulse', got {response!r}")
        symbol = getattr(target, "symbol", None) or element_symbol(target)
        if symbol not in available_elements():
            raise ValueError(f"target must be an element with a committed response table for method 'DFS' "
                             f"(one of {available_elements()}), got {symbol!r}")
        tb = _tables(symbol)
        impulse = response == "impulse"

        def R_L(E, q, i):
            out = np.empty(E.shape)
            tab = np.zeros(E.shape, bool) if impulse else q <= tb.q_last[i]
            if np.any(tab):
                out[tab] = tb.table.interpolate("L", i, E[tab], q[tab])
            big = ~tab
            if np.any(big):
                qb = q[big]
                pz = np.abs((qb * qb - 2 * M_E * E[big]) / (2 * qb)) / AU_MOMENTUM_KEV
                out[big] = M_E / qb * np.interp(pz, tb.pz_au, tb.J[i], right=0.0) / AU_MOMENTUM_KEV
            return out

        subs = [SubshellResponse(name, name.split("/")[0][:-1] if "/" in name else name, float(tb.B[i]),
                                 float(tb.table.occupancy[i]), functools.partial(R_L, i=i))
                for i, name in enumerate(tb.subshells)]
        what = ("impulse limit (m_e/q) J(p_z) of the Dirac-Hartree-Slater orbitals at every q" if impulse else
                "Dirac-Hartree-Slater R_L tables (data/atoms/dfs_response_%s.npz), impulse limit beyond each "
                "subshell's last tabulated q" % symbol)
        return LongitudinalResponse(
            symbol, "DFS (impulse limit)" if impulse else "DFS (ab initio)", subs,
            (float(tb.T_grid[0]) if not impulse else float(tb.B.min()) * (1 + 1e-9), float(tb.T_grid[-1])),
            (float(tb.q_min), 1e7),
            f"{what}; tabulated binding energies as thresholds; E range of the tables "
            f"{tb.T_grid[0]:g}-{tb.T_grid[-1]:g} keV{CRYSTAL_CAVEAT.get(symbol, '')}")


#: The registered method object.
DFS = register(AbInitioResponse())
