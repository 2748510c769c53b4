"""The weak (V−A contact) lepton tensor of a massless neutrino or antineutrino, and its interference
with the charge and charge-radius amplitudes, contracted with the atom's vector, axial and
vector–axial responses (SymPy).

The atom's side (:mod:`mcpria_lite.targets.dfs.weak_response`): for the electron current
c_V V^μ + c_A A^μ of each amplitude piece, W_VV has R_L (W^{00}, with W^{03} = (T/q)R_L,
W^{33} = (T²/q²)R_L) and R_T (W^{11} = W^{22}); W_AA has R_A0 (W^{00}), R_A03 (W^{03} = W^{30}),
R_AL (W^{33}), R_AT (W^{11} = W^{22}); W_VA = W_AV has only W^{12} = −W^{21} = i R_T′. Contracted with
the projectile tensor L_ab^{μν} = Tr[ρ′ Γ_a^μ ρ Γ̄_b^ν] of the pieces a, b of
``mcpria_lite.derivation.amplitudes._PIECES`` (their coupling factors, photon propagator included;
the neutrino left-handed, the antineutrino right-handed, as for the free electron), per atom

    d²σ/(dT dq) = q/(8π k²) Σ_ab c_a c_b L_ab^{μν} W_{ab,μν} = Σ_X V_X R_X,  X ∈ {L, T, A0, A03, AL, AT, T′}.

Generated into ``mcpria_lite.methods._weak_lepton_tensor_generated`` (entries ``v<X>_<kind>_<term>`` for
the terms weak, δ·weak, ⟨r²⟩·weak; the magnetic moment does not interfere with the weak amplitude of a
massless neutrino: its δ·μ-free weak·μ coefficient vanishes identically, checked in the tests).
Checks: the free electron at rest (:func:`free_electron_weak_responses`) reproduces the free
cross sections of :func:`mcpria_lite.derivation.amplitudes.free_dsigma_dT_term` exactly.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .amplitudes import (COUPLING_SYMBOLS, G_F, _GAMMA, _G5, _ONE, _P, _PIECES, _PL, _code_name, _dbar,
                         _slash, _vertices, g_L, g_R, term_name)
from .kinematics import E, Result, T, alpha, m_e, q, t_
from .lepton_tensor import Q2s, _KPERP, _in_Q2, kperp2

__all__ = ["WEAK_RESPONSES", "free_electron_weak_responses", "weak_lepton_tensor_components",
           "weak_contraction", "weak_lepton_tensor_terms", "weak_lepton_tensor_results"]

#: The response functions the weak terms contract with (names as in the generated code).
WEAK_RESPONSES = ("L", "T", "A0", "A03", "AL", "AT", "TP")
_WEAK_PIECES = ("C", "M", "WV", "WA")
_E_TYPE = {"C": "V", "M": "V", "WV": "V", "WA": "A"}


def free_electron_weak_responses():
    """The responses of one free electron at rest (normalisation of
    :mod:`mcpria_lite.targets.dfs.response`): W_XY^{μν} = Tr[(p̸′ + m_e)Γ_X^μ(p̸ + m_e)Γ̄_Y^ν]/(8m_eE′),
    p′ = (m_e + T, 0, 0, q₀), q₀² = T² + 2m_eT, Γ_V = γ^μ, Γ_A = γ^μγ⁵.

    Returns
    -------
    dict
        ``{X: w_X}`` for X in ``WEAK_RESPONSES`` (R_X = w_X δ(T + m_e − E′)), and ``"checks"``: the
        components that the decomposition says vanish or repeat, as expressions that must be 0.
    """
    q0 = sp.sqrt(T**2 + 2 * m_e * T)
    Epp = m_e + T
    rho_pp = _slash((Epp, 0, 0, q0)) + m_e * _ONE
    rho_p = _slash(_P) + m_e * _ONE
    G = {"V": [_GAMMA[a] for a in range(4)], "A": [_GAMMA[a] * _G5 for a in range(4)]}

    def W(X, Y, i, j):
        return sp.simplify((rho_pp * G[X][i] * rho_p * _dbar(G[Y][j])).trace() / (8 * m_e * Epp))

    out = {"L": W("V", "V", 0, 0), "T": W("V", "V", 1, 1), "A0": W("A", "A", 0, 0), "A03": W("A", "A", 0, 3),
           "AL": W("A", "A", 3, 3), "AT": W("A", "A", 1, 1), "TP": sp.simplify(W("V", "A", 1, 2) / sp.I)}
    checks = [W("V", "V", 0, 3) - T / q0 * out["L"], W("V", "V", 3, 3) - T**2 / q0**2 * out["L"],
              W("V", "V", 2, 2) - out["T"], W("A", "A", 2, 2) - out["AT"], W("A", "A", 3, 0) - out["A03"],
              W("V", "A", 2, 1) + sp.I * out["TP"], W("A", "V", 1, 2) - sp.I * out["TP"]]
    for X, Y in (("V", "A"), ("A", "V")):
        for i in range(4):
            for j in range(4):
                if {i, j} != {1, 2}:
                    checks.append(W(X, Y, i, j))
    for X in ("V", "A"):
        for i in range(4):
            for j in range(4):
                if (i, j) not in ((0, 0), (0, 3), (3, 0), (3, 3), (1, 1), (2, 2)):
                    checks.append(W(X, X, i, j))
    out["checks"] = [sp.simplify(c) for c in checks]
    return out


def _frame():
    kz = (2 * E * T - T**2 + q**2) / (2 * q)
    k4 = (E, _KPERP, 0, kz)
    kp4 = (E - T, _KPERP, 0, kz - q)
    return k4, kp4, (-T, 0, 0, -q)


@lru_cache(maxsize=None)
def weak_lepton_tensor_components(kind, a, b):
    """L_ab^{μν} of a massless left-handed neutrino (``"neutrino"``) or right-handed antineutrino
    (``"antineutrino"``) in the photon frame, for the components the atom's tensor has:
    ``{"00", "03", "30", "33", "11", "22", "12", "21"}`` (k⊥² kept as the symbol ``kperp2``)."""
    k4, kp4, q_in = _frame()
    if kind == "neutrino":
        first, second = _slash(kp4), _PL * _slash(k4)
    elif kind == "antineutrino":
        first, second = _PL * _slash(k4), _slash(kp4)
    else:
        raise ValueError(f"kind must be 'neutrino' or 'antineutrino', got {kind!r}")
    proj = _vertices(q_in)
    A, B = proj[_PIECES[a][0]], proj[_PIECES[b][0]]
    out = {}
    for i, j in ((0, 0), (0, 3), (3, 0), (3, 3), (1, 1), (2, 2), (1, 2), (2, 1)):
        tr = sp.expand((first * A[i] * second * _dbar(B[j])).trace())
        out[f"{i}{j}"] = sp.expand(tr.subs(_KPERP**2, kperp2))
    return out


def weak_contraction(kind, a, b):
    """{X: Λ_X}: L_ab^{μν} W_{ab,μν} = Σ_X Λ_X R_X for the pieces a, b (indices lowered with (+,−,−,−))."""
    L = weak_lepton_tensor_components(kind, a, b)
    kz = (2 * E * T - T**2 + q**2) / (2 * q)
    kx2_on = E**2 - kz**2  # k⊥² on shell (massless)

    def on(e):
        return _in_Q2(sp.expand(e).subs(kperp2, kx2_on))

    def transverse(e11, e22):  # e11 + e22 = 2 e22 + (e11 − e22), the difference ∝ k⊥² kept symbolic
        d = sp.expand(e11 - e22)
        if d == 0:
            return 2 * on(e22)
        ratio = _in_Q2(on(d) / _in_Q2(kx2_on))
        return sp.expand(2 * on(e22) + kperp2 * ratio)

    types = (_E_TYPE[a], _E_TYPE[b])
    lam = {}
    if types == ("V", "V"):
        lam["L"] = on(L["00"] - T / q * (L["03"] + L["30"]) + T**2 / q**2 * L["33"])
        lam["T"] = transverse(L["11"], L["22"])
    elif types == ("A", "A"):
        lam["A0"] = on(L["00"])
        lam["A03"] = on(-(L["03"] + L["30"]))
        lam["AL"] = on(L["33"])
        lam["AT"] = transverse(L["11"], L["22"])
    else:  # W_{12} = W^{12} = i R_T′, W_{21} = −i R_T′
        lam["TP"] = on(sp.I * (L["12"] - L["21"]))
    return lam


@lru_cache(maxsize=None)
def _weak_terms(kind):
    tt = -Q2s
    tot = {X: 0 for X in WEAK_RESPONSES}
    for i, a in enumerate(_WEAK_PIECES):
        for b in _WEAK_PIECES[i:]:
            if "W" not in a[0] + b[0]:
                continue  # photon exchange alone: lepton_tensor_terms("massive")
            ca = _PIECES[a][2].subs(t_, tt)
            cb = _PIECES[b][2].subs(t_, tt)
            for X, lam in weak_contraction(kind, a, b).items():
                if a != b:
                    lam = lam + sp.conjugate(lam)
                tot[X] += ca * cb * lam
    pref = q / (8 * sp.pi * E**2)
    syms = list(COUPLING_SYMBOLS.values())
    out: dict = {}
    for X, expr in tot.items():
        expr = sp.together(sp.expand(expr))
        poly = sp.Poly(sp.expand(sp.numer(expr)), *syms)
        den = sp.denom(expr)
        for monom, coeff in zip(poly.monoms(), poly.coeffs()):
            if sum(monom) > 1:
                continue  # photon exchange alone (δ², …): not a weak term
            v = _in_Q2(pref * coeff / den)
            if v == 0:
                continue
            key = tuple((n, p) for n, p in zip(COUPLING_SYMBOLS, monom) if p)
            out.setdefault(key, {})[X] = v
    return out


def weak_lepton_tensor_terms(kind="neutrino"):
    """{powers: {X: V_X}} of the weak-containing monomials (weak, δ·weak, ⟨r²⟩·weak) for ``kind``:
    d²σ/(dT dq) = Σ_X V_X R_X per atom (natural units), functions of E, T, q, Q², k⊥², m_e, α, G_F, g_L, g_R."""
    return {k: dict(v) for k, v in _weak_terms(kind).items()}


def weak_lepton_tensor_results() -> list[Result]:
    """Generated-code entries ``v<x>_<kind>_<term>`` (x in l, t, a0, a03, al, at, tp)."""
    out = []
    args = (E, T, q, Q2s, kperp2, m_e, alpha, G_F, g_L, g_R)
    for kind in ("neutrino", "antineutrino"):
        for powers, d in sorted(_weak_terms(kind).items()):
            code = _code_name(powers)
            for X in WEAK_RESPONSES:
                expr = d.get(X, sp.Integer(0))
                out.append(Result(f"v{X.lower()}_{kind}_{code}", expr, args,
                                  f"V_{X}(E, T, q) of the term {term_name(powers)} ({kind}; natural units)."))
    return out
