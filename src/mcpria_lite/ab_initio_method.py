"""The ab initio method "DFS": the projectile's lepton tensor contracted with the Dirac–Hartree–Slater
atomic response functions R_L(T, q), R_T(T, q).

For every photon-exchange term of an interaction (millicharge δ², magnetic moment μ², charge radius
⟨r²⟩² and their interferences) the cross section per atom is

.. math::

    \\frac{d\\sigma}{dT} = \\sum_{\\rm terms} c_k \\int_{k-k'}^{k+k'} dq\\,
    \\big[V_L^{(k)}(E, T, q)\\,R_L(T, q) + V_T^{(k)}(E, T, q)\\,R_T(T, q)\\big],

with V_L, V_T derived in :func:`mcpria_lite.derivation.lepton_tensor_terms` (the projectile tensor,
photon propagator included, contracted with the longitudinal/transverse decomposition of the atomic
current; Donnelly–Walecka as used by Chen et al., arXiv:1311.5294, 1405.7168) and generated into
``mcpria_lite._lepton_tensor_generated``; R_L, R_T per subshell from the committed tables of
:func:`mcpria_lite.atomic_response.response_table`. The charge radius enters as the contact vector
coupling of the charge form factor F(t) = δ + t⟨r²⟩/3 (the convention of
:mod:`mcpria_lite.interactions`): the propagator cancels and it has the same L/T form.

Checks (``tests/test_lepton_tensor.py``): the free-electron response reproduces the free cross
section of every term exactly; q → T of the transverse term is the equivalent-photon approximation
with σ_γ = (4π²α/T) R_T(T, T); a slow heavy charge gives dσ/dT = (8πδ²/v²)∫dq K/q³ (a.u.),
K = E_H R_L.

Integration: in ln Q², Q² = q² − T², from Q²min (the forward limit; a massless projectile with a
millicharge needs the regulator mass of its ``epa_regulator_keV``, as in the EPA: the transverse δ²
term has the equivalent-photon logarithm) to Q²max, on Gauss–Legendre panels refined around the
free-electron ridge (edges at fixed p_z, Ribberfors' variable).

Per subshell: zero for T at or below its binding energy; the tabulated response up to the last
tabulated q of that subshell; beyond it R_L is the impulse limit (m_e/q) J_nκ(p_z) of the same orbitals
(:func:`mcpria_lite.atomic_response.impulse_response_L`) and R_T the impulse model
R_T = R_L^IA [(E_q − m_e)/(E_q + m_e) + ⟨p_z²⟩_nκ/m_e²], E_q = √(m_e² + q²) (the spin current of a
free electron at rest on its ridge plus the orbital current of the bound momentum distribution), or a
``ValueError`` naming the range with ``large_q_transverse="raise"``. T outside the tables raises.

The weak terms need the axial and vector–axial responses, which are not tabulated: an interaction
with :class:`~mcpria_lite.interactions.Weak` raises ``ValueError``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np

from . import _kinematics_generated as _kg
from . import _lepton_tensor_generated as _lt
from .methods import register
from .projectiles import Projectile
from .units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E

__all__ = ["DFSOptions", "AbInitioResponse", "DFS", "available_elements", "lepton_tensor", "response_on_nodes",
           "PZ_EDGES_AU"]

#: Panel edges in p_z (a.u.) around the free-electron ridge, used on both sides.
PZ_EDGES_AU = (0.0, 0.3, 0.7, 1.5, 3.0, 6.0, 12.0, 25.0, 50.0, 100.0)
_N_UNIFORM = 16  # uniform panels in ln Q² over the whole range
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
            from ._validate import positive_scalar

            positive_scalar("m_regulator_keV", self.m_regulator_keV, "keV")
        if self.response not in ("ab initio", "impulse"):
            raise ValueError(f"response must be 'ab initio' or 'impulse', got {self.response!r}")
        if self.large_q_transverse not in ("impulse", "raise"):
            raise ValueError(f"large_q_transverse must be 'impulse' or 'raise', got {self.large_q_transverse!r}")


def _code(powers: dict) -> str:
    return "_".join(f"{'r2' if n == 'r2_cm2' else n}{p}" for n, p in powers.items())


def lepton_tensor(term, E_keV, T_keV, q_keV, m_keV, Q2_keV2=None, kperp2_keV2=None):
    """(V_L, V_T) of one interaction term (:class:`~mcpria_lite.interactions.Term`) in cm²·keV⁻¹
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
    """ln R_L, ln R_T per subshell on the table grid, and the impulse profiles (per element, cached)."""

    def __init__(self, symbol: str):
        from .atomic_response import response_table
        from .dirac_slater import compton_profiles, load_atom

        tab = response_table(symbol)
        self.symbol = symbol
        self.T_grid, self.q_grid = tab.T_keV, tab.q_keV
        self.lnT, self.lnq = np.log(tab.T_keV), np.log(tab.q_keV)
        self.B = tab.binding_keV
        self.subshells = tab.subshells
        RL, RT = tab.R_L_grid, tab.R_T_grid
        # the last q node where both responses are tabulated, per subshell
        finite = np.all(np.isfinite(RL), axis=1) & np.all(np.isfinite(RT), axis=1)  # (n_sub, n_q)
        self.i_last = np.array([np.nonzero(f)[0].max() for f in finite])
        self.q_last = self.q_grid[self.i_last]
        self.logRL = np.array([self._log(RL[i], i) for i in range(len(self.B))])
        self.logRT = np.array([self._log(RT[i], i) for i in range(len(self.B))])
        self.pz_au = np.linspace(0.0, 500.0, 5001)
        self.J = compton_profiles(load_atom(symbol), self.pz_au)  # (n_sub, n_pz), a.u.⁻¹
        norm = np.trapezoid(self.J, self.pz_au, axis=1)
        self.pz2_keV2 = np.trapezoid(self.J * self.pz_au**2, self.pz_au, axis=1) / norm * AU_MOMENTUM_KEV**2

    def _log(self, data, i):
        d = np.nan_to_num(np.asarray(data, float), nan=0.0).copy()
        above = np.nonzero(self.T_grid > self.B[i])[0]
        if above.size:
            d[: above[0]] = d[above[0]]  # hold below the edge, as the table's own interpolation
        return np.log(np.maximum(d, 1e-300))


@functools.lru_cache(maxsize=None)
def available_elements() -> tuple[str, ...]:
    """Elements with a committed response table (``data/dfs_response_<symbol>.npz``)."""
    from importlib import resources

    d = resources.files("mcpria_lite") / "data"
    names = [p.name for p in d.iterdir() if p.name.startswith("dfs_response_") and p.name.endswith(".npz")]
    return tuple(sorted(n[len("dfs_response_"):-len(".npz")] for n in names))


@functools.lru_cache(maxsize=None)
def _tables(symbol: str) -> _Tables:
    return _Tables(symbol)


def response_on_nodes(symbol: str, T_keV, q_keV, large_q_transverse="impulse", impulse_only=False):
    """R_L, R_T (keV⁻¹, summed over subshells) at T (n,) and q (n, n_q): the fast evaluation used by
    the method (bilinear in ln T, ln q, ln R per subshell; impulse beyond each subshell's last
    tabulated q; everywhere with ``impulse_only``). Raises ``ValueError`` for T outside the tables."""
    tb = _tables(symbol)
    T = np.asarray(T_keV, float)
    q = np.asarray(q_keV, float)
    if np.any(T > tb.T_grid[-1]):
        raise ValueError(f"T_keV must be <= {tb.T_grid[-1]:g} keV for method 'DFS' (the range of the {symbol} "
                         f"response table), got max {np.max(T):g}")
    if np.any((T > tb.B.min()) & (T < tb.T_grid[0])):
        raise ValueError(f"T_keV must be <= {tb.B.min():g} keV (below every threshold) or in "
                         f"[{tb.T_grid[0]:g}, {tb.T_grid[-1]:g}] keV for method 'DFS' (the {symbol} response table)")
    if np.any(q < tb.q_grid[0]):
        raise ValueError(f"q must be >= {tb.q_grid[0]:g} keV (the {symbol} response table)")
    lnT = np.log(np.clip(T, tb.T_grid[0], tb.T_grid[-1]))
    iT = np.clip(np.searchsorted(tb.lnT, lnT) - 1, 0, len(tb.lnT) - 2)
    wT = ((lnT - tb.lnT[iT]) / (tb.lnT[iT + 1] - tb.lnT[iT]))[:, None]
    lnq = np.log(np.minimum(q, tb.q_grid[-1]))
    iq = np.clip(np.searchsorted(tb.lnq, lnq) - 1, 0, len(tb.lnq) - 2)
    wq = (lnq - tb.lnq[iq]) / (tb.lnq[iq + 1] - tb.lnq[iq])
    iT2 = iT[:, None]
    pz_au = np.abs((q * q - 2 * M_E * T[:, None]) / (2 * q)) / AU_MOMENTUM_KEV
    Eq = np.sqrt(M_E**2 + q * q)
    spin = (Eq - M_E) / (Eq + M_E)
    RL = np.zeros(q.shape)
    RT = np.zeros(q.shape)
    for i in range(len(tb.B)):
        rows = T > tb.B[i]
        if not np.any(rows):
            continue
        r = np.nonzero(rows)[0]
        it, wt, iqq, wqq, qq = iT2[r], wT[r], iq[r], wq[r], q[r]
        tab_ok = (qq <= tb.q_last[i]) & (not impulse_only)

        def bilin(logR):
            a = (1 - wt) * ((1 - wqq) * logR[it, iqq] + wqq * logR[it, iqq + 1])
            b = wt * ((1 - wqq) * logR[it + 1, iqq] + wqq * logR[it + 1, iqq + 1])
            return np.exp(a + b)

        rl = np.where(tab_ok, bilin(tb.logRL[i]), 0.0)
        rt = np.where(tab_ok, bilin(tb.logRT[i]), 0.0)
        big = ~tab_ok
        if np.any(big):
            if large_q_transverse == "raise" and not impulse_only:
                raise ValueError(f"q must be <= {tb.q_last[i]:.1f} keV for R_T of {symbol} {tb.subshells[i]} (the "
                                 "tabulated range; large_q_transverse='impulse' uses the impulse model beyond)")
            J = np.interp(pz_au[r][big], tb.pz_au, tb.J[i], right=0.0)
            ia = M_E / qq[big] * J / AU_MOMENTUM_KEV
            rl[big] = ia
            rt[big] = ia * (spin[r][big] + tb.pz2_keV2[i] / M_E**2)
        RL[r] += rl
        RT[r] += rt
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


def _nodes(T, E, m):
    """Quadrature nodes q, Q², k⊥² (n, n_nodes) and weights of ∫dq (keV) per row."""
    k, kp, qmin, qmax, Q2min = _q_window(T, E, m)
    Q2max = (qmax - T) * (qmax + T)
    # m = 0 (no millicharge term): the integrand vanishes like Q² at Q² → 0; start 30 e-folds below T²
    lo = np.log(np.where(Q2min > 0, Q2min, 1e-13 * T * T))
    hi = np.log(Q2max)
    uni = lo[:, None] + (hi - lo)[:, None] * np.linspace(0.0, 1.0, _N_UNIFORM + 1)[None, :]
    pz = np.array(sorted({s * p for p in PZ_EDGES_AU for s in (-1.0, 1.0)})) * AU_MOMENTUM_KEV
    qr = _kg.q_of_pz(pz[None, :], T[:, None], M_E)
    Q2r = (qr - T[:, None]) * (qr + T[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        ridge = np.log(np.clip(Q2r, np.exp(lo)[:, None], Q2max[:, None]))
    ridge = np.where(np.isfinite(ridge), ridge, lo[:, None])
    edges = np.sort(np.concatenate([uni, ridge], axis=1), axis=1)
    a, b = edges[:, :-1], edges[:, 1:]
    half = (b - a) / 2
    s = ((a + b) / 2)[:, :, None] + half[:, :, None] * _GL_X[None, None, :]
    w = half[:, :, None] * _GL_W[None, None, :]
    s = s.reshape(len(T), -1)
    w = w.reshape(len(T), -1)
    Q2 = np.exp(s)
    q = np.sqrt(T[:, None] ** 2 + Q2)
    kp2 = np.maximum((Q2 - Q2min[:, None]) * (Q2max[:, None] - Q2), 0.0) / (4 * q * q)
    return q, Q2, kp2, w * Q2 / (2 * q)  # dq = dQ²/(2q) = Q² ds/(2q)


class AbInitioResponse:
    """The method "DFS" (:class:`mcpria_lite.methods.Method`): lepton tensor × Dirac–Hartree–Slater
    response functions, for the photon-exchange interactions."""

    name = "DFS"
    Options = DFSOptions

    def options(self, **kw):
        """Build :class:`DFSOptions`; unknown options raise ``ValueError`` naming the method."""
        allowed = [f.name for f in fields(self.Options)]
        unknown = sorted(set(kw) - set(allowed))
        if unknown:
            raise ValueError(f"method {self.name!r} does not use the option(s) {unknown}; options must be one of {allowed}")
        return self.Options(**kw)

    def __repr__(self) -> str:
        return f"<method {self.name}>"

    @staticmethod
    def _kinematic_mass(projectile, interaction, regulator=None) -> float:
        if not isinstance(projectile, Projectile):
            raise ValueError(f"projectile must be a mcpria_lite.projectiles.Projectile, got {type(projectile).__name__}")
        if projectile.mass_keV > 0:
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
                    "regulated by the neutrino mass; mcpria_lite.projectiles.neutrino sets 1e-4 keV), or pass "
                    "m_regulator_keV"
                )
            return float(projectile.epa_regulator_keV)
        return 0.0

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        """dσ_k/dT (cm²/keV per atom) of every term at unit couplings for flat T, E (keV)."""
        if interaction.has_weak:
            raise ValueError(
                f"interaction {interaction!r}: method 'DFS' has only the photon-exchange terms (the weak terms "
                "need the axial responses, which are not tabulated); the interaction must be Millicharge, "
                "MagneticMoment, ChargeRadius or a sum of them"
            )
        m = self._kinematic_mass(projectile, interaction, options.m_regulator_keV)
        T = np.asarray(T, float)
        E = np.asarray(E, float)
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
            response_on_nodes(symbol, T[active], np.full((int(active.sum()), 1), tb.q_grid[-1]))  # raises
        if not np.any(active):
            return out
        # a massless projectile's regulator mass closes rows with E − T <= m_reg (< 0.1 eV: nothing to add)
        active &= E - T > m
        if not np.any(active):
            return out
        Ta, Ea = T[active], E[active]
        q, Q2, kp2, w = _nodes(Ta, Ea, m)
        RL, RT = response_on_nodes(symbol, Ta, q, options.large_q_transverse, options.response == "impulse")
        for j, term in enumerate(interaction.terms):
            VL, VT = lepton_tensor(term, Ea[:, None], Ta[:, None], q, m, Q2, kp2)
            out[j, active] = np.sum(w * (VL * RL + VT * RT), axis=1)
        return out

    def E_lower_limit(self, T_keV, projectile, **options):
        """E > m + T (the outgoing projectile keeps its mass), as for the EPA."""
        from ._validate import positive_array

        self.options(**options)
        if not isinstance(projectile, Projectile):
            raise ValueError(f"projectile must be a mcpria_lite.projectiles.Projectile, got {type(projectile).__name__}")
        return float(projectile.mass_keV) + positive_array("T_keV", T_keV)


#: The registered method object.
DFS = register(AbInitioResponse())
