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

The weak terms need the axial and vector–axial responses, which are not tabulated: an interaction
with :class:`~mcpria_lite.particles.interactions.Weak` raises ``ValueError``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .. import _kinematics_generated as _kg
from .._validate import positive_array
from ..units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E
from . import _lepton_tensor_generated as _lt
from .base import MethodBase, projectile_mass, register

__all__ = ["DFSOptions", "AbInitioResponse", "DFS", "available_elements", "lepton_tensor", "response_on_nodes",
           "PZ_EDGES_AU"]

#: Panel edges in p_z (a.u.) around the free-electron ridge, used on both sides.
PZ_EDGES_AU = (0.0, 0.3, 0.7, 1.5, 3.0, 6.0, 12.0, 25.0, 50.0, 100.0)
_LATTICE_DS = 1.0  # spacing of the fixed cell edges in ln Q² (plus the ridge edges)
_N_GL = 6
_GL_X, _GL_W = np.polynomial.legendre.leggauss(_N_GL)


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
    """

    large_q_transverse: Literal["impulse", "raise"] = "impulse"
    response: Literal["ab initio", "impulse"] = "ab initio"
    m_regulator_keV: float | None = None

    def __post_init__(self):
        if self.m_regulator_keV is not None:
            from .._validate import positive_scalar

            positive_scalar("m_regulator_keV", self.m_regulator_keV, "keV")
        if self.response not in ("ab initio", "impulse"):
            raise ValueError(f"response must be 'ab initio' or 'impulse', got {self.response!r}")
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


class _Tables:
    """The element's :class:`~mcpria_lite.targets.dfs.response.ResponseTable` and the impulse model's
    profiles and ⟨p_z²⟩ per subshell (per element, cached)."""

    def __init__(self, symbol: str):
        from ..targets.dfs.response import response_table

        tab = response_table(symbol)
        self.table = tab
        self.symbol = symbol
        self.T_grid = tab.T_keV
        self.q_min = tab.q_min_keV
        self.B = tab.binding_keV
        self.subshells = tab.subshells
        self.q_last = tab.q_max_keV
        self.pz_au, self.J = tab._profiles()  # (n_pz,), (n_sub, n_pz) a.u.⁻¹
        norm = np.trapezoid(self.J, self.pz_au, axis=1)
        self.pz2_keV2 = np.trapezoid(self.J * self.pz_au**2, self.pz_au, axis=1) / norm * AU_MOMENTUM_KEV**2


@functools.lru_cache(maxsize=None)
def available_elements() -> tuple[str, ...]:
    """Elements with a committed response table (``data/atoms/dfs_response_<symbol>.npz``)."""
    from importlib import resources

    d = resources.files("mcpria_lite") / "data" / "atoms"
    names = [p.name for p in d.iterdir() if p.name.startswith("dfs_response_") and p.name.endswith(".npz")]
    return tuple(sorted(n[len("dfs_response_"):-len(".npz")] for n in names))


@functools.lru_cache(maxsize=None)
def _tables(symbol: str) -> _Tables:
    return _Tables(symbol)


def response_on_nodes(symbol: str, T_keV, q_keV, large_q_transverse="impulse", impulse_only=False):
    """R_L, R_T (keV⁻¹, summed over subshells) at T (n,) and q (n, n_q): the fast evaluation used by
    the method (the table's interpolation per subshell,
    :meth:`mcpria_lite.targets.dfs.response.ResponseTable.interpolate`;
    impulse beyond each subshell's last tabulated q; everywhere with ``impulse_only``). Raises
    ``ValueError`` for T outside the tables."""
    tb = _tables(symbol)
    T = np.asarray(T_keV, float)
    q = np.asarray(q_keV, float)
    if np.any(T > tb.T_grid[-1]):
        raise ValueError(f"T_keV must be <= {tb.T_grid[-1]:g} keV for method 'DFS' (the range of the {symbol} "
                         f"response table), got max {np.max(T):g}")
    if np.any((T > tb.B.min()) & (T < tb.T_grid[0])):
        raise ValueError(f"T_keV must be <= {tb.B.min():g} keV (below every threshold) or in "
                         f"[{tb.T_grid[0]:g}, {tb.T_grid[-1]:g}] keV for method 'DFS' (the {symbol} response table)")
    if np.any(q < tb.q_min):
        raise ValueError(f"q must be >= {tb.q_min:g} keV (the {symbol} response table)")
    T2 = np.broadcast_to(T[:, None], q.shape)
    pz_au = np.abs((q * q - 2 * M_E * T2) / (2 * q)) / AU_MOMENTUM_KEV
    Eq = np.sqrt(M_E**2 + q * q)
    spin = (Eq - M_E) / (Eq + M_E)
    RL = np.zeros(q.shape)
    RT = np.zeros(q.shape)
    for i in range(len(tb.B)):
        rows = T > tb.B[i]
        if not np.any(rows):
            continue
        qq, TT = q[rows], T2[rows]
        tab_ok = (qq <= tb.q_last[i]) & (not impulse_only)
        rl = np.zeros(qq.shape)
        rt = np.zeros(qq.shape)
        if np.any(tab_ok):
            rl[tab_ok], rt[tab_ok] = tb.table.interpolate_many(("L", "T"), i, TT[tab_ok], qq[tab_ok])
        big = ~tab_ok
        if np.any(big):
            if large_q_transverse == "raise" and not impulse_only:
                raise ValueError(f"q must be <= {tb.q_last[i]:.1f} keV for R_T of {symbol} {tb.subshells[i]} (the "
                                 "tabulated range; large_q_transverse='impulse' uses the impulse model beyond)")
            J = np.interp(pz_au[rows][big], tb.pz_au, tb.J[i], right=0.0)
            ia = M_E / qq[big] * J / AU_MOMENTUM_KEV
            rl[big] = ia
            rt[big] = ia * (spin[rows][big] + tb.pz2_keV2[i] / M_E**2)
        RL[rows] += rl
        RT[rows] += rt
    return RL, RT


def _q_window(T, E, m):
    """k, k′, q_min = k − k′ (cancellation-free), q_max, Q²min = q_min² − T² (cancellation-free)."""
    Ep = E - T
    k = np.sqrt((E - m) * (E + m))
    kp = np.sqrt((Ep - m) * (Ep + m))
    qmin = T * (E + Ep) / (k + kp)
    m2 = m * m
    Q2min = T * (m2 / (E + k) + m2 / (Ep + kp)) / (k + kp) * (qmin + T)
    qmax = k + kp
    return k, kp, qmin, qmax, Q2min


def _window(T, E, m):
    """Integration window in s = ln Q² per row: (lo, hi, Q²min, Q²max)."""
    _, _, _, qmax, Q2min = _q_window(T, E, m)
    Q2max = (qmax - T) * (qmax + T)
    # m = 0 (no millicharge term): the integrand vanishes like Q² at Q² → 0; start 30 e-folds below T²
    lo = np.log(np.where(Q2min > 0, Q2min, 1e-13 * T * T))
    return lo, np.log(Q2max), Q2min, Q2max


def _cell_edges(T, lo, hi):
    """Cell edges in s = ln Q² that depend on T alone (per row of T, from an edge at or below ``lo`` to
    one at or above ``hi``): a lattice of spacing _LATTICE_DS from s = ln T² − 8 to the ridge edge at
    p_z = +100 a.u., of spacing 4 _LATTICE_DS beyond (where the integrand is smooth: the nearly real
    photons, and the tail far above the ridge), and the ridge edges at the fixed p_z of
    :data:`PZ_EDGES_AU`. Shape (n, n_edges), +inf-padded."""
    pz = np.array(sorted({sg * p for p in PZ_EDGES_AU for sg in (-1.0, 1.0)})) * AU_MOMENTUM_KEV
    qr = _kg.q_of_pz(pz[None, :], T[:, None], M_E)
    with np.errstate(divide="ignore", invalid="ignore"):
        ridge = np.log((qr - T[:, None]) * (qr + T[:, None]))
    d, D = _LATTICE_DS, 4 * _LATTICE_DS
    rows = []
    for j in range(T.size):
        f_lo = np.floor((np.log(T[j] ** 2) - 8.0) / d) * d
        f_hi = max(np.ceil(ridge[j, -1] / d) * d, f_lo + d)
        below = f_lo - D * np.arange(1, max(int(np.ceil((f_lo - lo[j]) / D)), 0) + 1)
        above = f_hi + D * np.arange(1, max(int(np.ceil((hi[j] - f_hi) / D)), 0) + 1)
        lat = np.concatenate([below, np.arange(f_lo, f_hi + 0.5 * d, d), above])
        first = lat[lat <= lo[j]].max(initial=lat.min())
        last = lat[lat >= hi[j]].min(initial=lat.max())
        lat = lat[(lat >= first) & (lat <= last)]
        r = ridge[j][np.isfinite(ridge[j]) & (ridge[j] > first) & (ridge[j] < last)]
        rows.append(np.sort(np.concatenate([lat, r])))
    n = max(2, max(len(e) for e in rows))
    out = np.full((T.size, n), np.inf)
    for j, e in enumerate(rows):
        out[j, : len(e)] = e
    return out


def _gl(a, b):
    """Gauss–Legendre nodes s and weights over the cells [a, b] (broadcast), shape a.shape + (n_GL,)."""
    half = (b - a) / 2
    return ((a + b) / 2)[..., None] + half[..., None] * _GL_X, half[..., None] * _GL_W


def _lagrange(t):
    """Lagrange basis of the Gauss–Legendre nodes at t ∈ [−1, 1]: shape t.shape + (n_GL,)."""
    x = _GL_X
    out = np.ones(np.shape(t) + (x.size,))
    for k in range(x.size):
        for j in range(x.size):
            if j != k:
                out[..., k] *= (t - x[j]) / (x[k] - x[j])
    return out


def _integrate(symbol, T, E, m, terms, options):
    """Σ_nodes w [V_L R_L + V_T R_T] for every term, rows (T, E) flat: (n_terms, n).

    The cells in s = ln Q² are those of :func:`_cell_edges` (T alone decides them), with _N_GL
    Gauss–Legendre nodes each: every cell inside a row's window, and the two cells that hold the
    window's ends, cut at them (their own nodes, with ln R interpolated from the full cell's nodes by
    the Lagrange polynomial). The atomic response is evaluated once per T and cell, whatever the number
    of projectile energies (a rate). dq = Q² ds/(2q)."""
    large_q, impulse = options.large_q_transverse, options.response == "impulse"
    n_gl = _GL_X.size
    lo, hi, Q2min, Q2max = _window(T, E, m)
    uT, inv = np.unique(T, return_inverse=True)
    lo_u = np.full(uT.size, np.inf)
    hi_u = np.full(uT.size, -np.inf)
    np.minimum.at(lo_u, inv, lo)
    np.maximum.at(hi_u, inv, hi)
    edges = _cell_edges(uT, lo_u, hi_u)                         # (n_u, n_e)
    a, b = edges[:, :-1], edges[:, 1:]
    full = np.isfinite(b)                                       # cells between two edges
    sa, sb = np.where(full, a, 0.0), np.where(full, b, 1.0)
    s_m, w_m = _gl(sa, sb)                                      # (n_u, n_c, n_gl)
    n_u, n_c = s_m.shape[:2]
    s_m = np.where(full[..., None], s_m, s_m[:, :1, :1]).reshape(n_u, -1)
    Q2_m = np.exp(s_m)
    q_m = np.sqrt(uT[:, None] ** 2 + Q2_m)
    RL_m, RT_m = response_on_nodes(symbol, uT, q_m, large_q, impulse)
    # the cells that hold each row's ends
    c_lo = np.empty(T.size, int)
    c_hi = np.empty(T.size, int)
    for u in range(n_u):
        rows = np.nonzero(inv == u)[0]
        e = edges[u][np.isfinite(edges[u])]
        c_lo[rows] = np.clip(np.searchsorted(e, lo[rows], side="right") - 1, 0, e.size - 2)
        c_hi[rows] = np.clip(np.searchsorted(e, hi[rows], side="left") - 1, 0, e.size - 2)
    out = np.zeros((len(terms), T.size))
    cells = np.arange(n_c)
    w_cells = w_m.reshape(n_u, n_c, n_gl)
    chunk = max(1, 400_000 // max(n_c * n_gl, 1))
    for c0 in range(0, T.size, chunk):
        r = np.arange(c0, min(c0 + chunk, T.size))
        ur = inv[r]
        use = (cells[None, :] > c_lo[r, None]) & (cells[None, :] < c_hi[r, None])         # (n_r, n_c)
        wt = np.where(use[..., None], w_cells[ur], 0.0).reshape(len(r), -1)
        Q2 = Q2_m[ur]
        q = q_m[ur]
        kp2 = np.maximum((Q2 - Q2min[r, None]) * (Q2max[r, None] - Q2), 0.0) / (4 * q * q)
        w = wt * Q2 / (2 * q)
        for j, term in enumerate(terms):
            VL, VT = lepton_tensor(term, E[r, None], T[r, None], q, m, Q2, kp2)
            out[j, r] = np.sum(w * (VL * RL_m[ur] + VT * RT_m[ur]), axis=1)
    # the end cells, cut at the window: [lo, b_lo] and [a_hi, hi], or [lo, hi] in one cell
    same = c_lo == c_hi
    ea, eb = edges[inv, c_lo], edges[inv, c_lo + 1]
    fa, fb = edges[inv, c_hi], edges[inv, c_hi + 1]
    pa = np.stack([lo, np.where(same, hi, fa)], axis=1)
    pb = np.stack([np.where(same, hi, eb), hi], axis=1)
    s_p, w_p = _gl(pa, pb)                                      # (n, 2, n_gl)
    cell = np.stack([c_lo, c_hi], axis=1)
    ca, cb = np.stack([ea, fa], axis=1), np.stack([eb, fb], axis=1)
    t = (2 * s_p - (ca + cb)[..., None]) / (cb - ca)[..., None]
    lag = _lagrange(np.clip(t, -1.0, 1.0))                      # (n, 2, n_gl, n_gl)
    idx = (cell[..., None] * n_gl + np.arange(n_gl))            # the containing cell's master nodes
    tc = np.clip(t, _GL_X[0], _GL_X[-1])
    k = np.clip(np.searchsorted(_GL_X, tc) - 1, 0, n_gl - 2)
    f = (tc - _GL_X[k]) / (_GL_X[k + 1] - _GL_X[k])

    def end_cells(R_m):
        lnR = np.log(np.maximum(np.take_along_axis(R_m[inv], idx.reshape(T.size, -1), axis=1), 1e-300))
        lnR = lnR.reshape(T.size, 2, n_gl)
        poly = np.einsum("nckj,ncj->nck", lag, lnR)
        # a cell where R falls by more than e^20 (the end of a profile, an edge): piecewise linear in ln R
        lin = (1 - f) * np.take_along_axis(lnR, k, axis=2) + f * np.take_along_axis(lnR, k + 1, axis=2)
        steep = (lnR.max(axis=2) - lnR.min(axis=2) > 20.0)[..., None]
        return np.exp(np.where(steep, lin, poly)).reshape(T.size, -1)

    RL, RT = end_cells(RL_m), end_cells(RT_m)
    s_p, w_p = s_p.reshape(T.size, -1), w_p.reshape(T.size, -1)
    Q2 = np.exp(s_p)
    q = np.sqrt(T[:, None] ** 2 + Q2)
    kp2 = np.maximum((Q2 - Q2min[:, None]) * (Q2max[:, None] - Q2), 0.0) / (4 * q * q)
    w = w_p * Q2 / (2 * q)
    for j, term in enumerate(terms):
        VL, VT = lepton_tensor(term, E[:, None], T[:, None], q, m, Q2, kp2)
        out[j] += np.sum(w * (VL * RL + VT * RT), axis=1)
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
        if interaction.has_weak:
            return ("method 'DFS' has only the photon-exchange terms (the weak terms need the axial responses, "
                    "which are not tabulated); the interaction must be Millicharge, MagneticMoment, ChargeRadius "
                    "or a sum of them")
        return None

    def T_max_keV(self, target) -> float:
        """The top of the target's response tables (keV); ``ValueError`` for an element without tables."""
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
        symbol = getattr(target, "symbol", None)
        if symbol not in available_elements():
            raise ValueError(f"target must be an element with a committed response table for method 'DFS' "
                             f"(one of {available_elements()}), got {symbol!r}")
        out = np.zeros((len(interaction.terms),) + T.shape)
        tb = _tables(symbol)
        active = T > tb.B.min()
        if np.any(T[active] > tb.T_grid[-1]) or np.any(T[active] < tb.T_grid[0]):
            response_on_nodes(symbol, T[active], np.full((int(active.sum()), 1), 10.0))  # raises
        if not np.any(active):
            return out
        # a massless projectile's regulator mass closes rows with E − T <= m_reg (< 0.1 eV: nothing to add)
        active &= E - T > m
        if not np.any(active):
            return out
        Ta, Ea = T[active], E[active]
        out[:, active] = _integrate(symbol, Ta, Ea, m, interaction.terms, options)
        return out

    def E_lower_limit(self, T_keV, projectile, target=None, **options):
        """E > m + T (the outgoing projectile keeps its mass), as for the EPA."""
        self.options(**options)
        return projectile_mass(projectile) + positive_array("T_keV", T_keV)

    slow_projectile_reason = None

    def halo_response(self, target, **options):
        """The tabulated R_L per subshell for a slow projectile (halo dark matter), a
        :class:`mcpria_lite.targets.slow_response.LongitudinalResponse`.

        ``response="ab initio"``: the committed tables (their E range: today from 20 eV, so E between
        the first threshold and 20 eV raises ``ValueError``; tables that start at each threshold close
        the gap with no change here), the impulse limit (m_e/q) J_nκ(p_z) of the same orbitals beyond
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
        prov = tb.table.provenance if isinstance(tb.table.provenance, dict) else {}
        what = ("impulse limit (m_e/q) J(p_z) of the Dirac-Hartree-Slater orbitals at every q" if impulse else
                "Dirac-Hartree-Slater R_L tables (data/atoms/dfs_response_%s.npz), impulse limit beyond each "
                "subshell's last tabulated q" % symbol)
        return LongitudinalResponse(
            symbol, "DFS (impulse limit)" if impulse else "DFS (ab initio)", subs,
            (float(tb.T_grid[0]) if not impulse else float(tb.B.min()) * (1 + 1e-9), float(tb.T_grid[-1])),
            (float(tb.q_min), 1e7),
            f"{what}; tabulated binding energies as thresholds; E range of the tables "
            f"{tb.T_grid[0]:g}-{tb.T_grid[-1]:g} keV{'' if not prov else ''}")


#: The registered method object.
DFS = register(AbInitioResponse())
