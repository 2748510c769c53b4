"""The lepton tensor of the photon-exchange terms contracted with the atomic responses (SymPy).

V_L, V_T of :mod:`mcpria_lite.methods.dfs` (generated into ``mcpria_lite.methods._lepton_tensor_generated``).
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .kinematics import (E, Result, T, alpha, m, m_e, q, t_)  # noqa: F401
from .amplitudes import (COUPLING_SYMBOLS, _GAMMA, _ONE, _P, _PIECES, _code_name, _dbar, _slash, _vertices, term_name)  # noqa: F401


# 8. The lepton tensor contracted with the atomic response (the ab initio method "DFS")
# ----------------------------------------------------------------------------------------------
# An atom at rest absorbs the photon (T, q) with q = k − k′ along z. Current conservation of the
# atom's transition current, T ρ_fi = q J^z_fi, leaves two response functions of a spherical,
# unpolarised atom: W^{00} = R_L, W^{03} = W^{30} = (T/q) R_L, W^{33} = (T²/q²) R_L,
# W^{11} = W^{22} = R_T (one transverse polarisation), all other components zero
# (:mod:`mcpria_lite.targets.dfs.response`; Donnelly & Walecka's decomposition as used by Chen et al.,
# arXiv:1311.5294, 1405.7168). With atomic states normalised to one, the cross section per atom is
#   d²σ/(dT dq) = q/(8π k²) Σ_{ab} c_a c_b L_ab^{μν} W_{μν} = Σ_terms coupling × [V_L R_L + V_T R_T],
# c_a the amplitude pieces' coupling factors of ``_PIECES`` (photon propagator included).
_LT_PIECES = ("C", "M")


#: Q² = q² − T² (> 0) and k⊥² = |k × k′|²/q², the projectile's momentum transverse to q: kept as
#: symbols so that the generated V_L, V_T have no cancellation near the forward limit, where
#: k⊥² = (Q² − Q²min)(Q²max − Q²)/(4q²) → 0 (Q²min,max = (k ∓ k′)² − T²).
Q2s, kperp2 = sp.symbols("Q2 kperp2", positive=True)
_KPERP = sp.Symbol("k_perp", positive=True)


def _lepton_frame(mass):
    """k, k′ in the frame of the absorbed photon (T, 0, 0, q): k = (E, k⊥, 0, k_z)."""
    kz = (2 * E * T - T**2 + q**2) / (2 * q)  # from k′² = m² with k′ = k − (T, 0, 0, q)
    kx = _KPERP
    k4 = (E, kx, 0, kz)
    kp4 = (E - T, kx, 0, kz - q)
    return k4, kp4, (-T, 0, 0, -q)  # the last: photon momentum flowing into the projectile vertex


@lru_cache(maxsize=None)
def lepton_tensor_components(kind, a, b):
    """Projectile tensor L^{μν} = Tr[ρ′ Γ_a^μ ρ Γ̄_b^ν] (spin-averaged as in ``amplitude_squared``)
    of the pieces a, b ("C" charge/charge radius, "M" magnetic moment), in the photon frame.

    Returns
    -------
    dict
        ``{"00", "03", "30", "33", "11", "22"}`` → expression in E, T, q (and m); coupling factors not
        included.
    """
    if kind != "massive":
        raise ValueError(f"kind must be 'massive' (unpolarised; with m = 0 it also serves a massless projectile), got {kind!r}")
    k4, kp4, q_in = _lepton_frame(m)
    proj = _vertices(q_in)
    # the explicit 4-vectors (k has an x component in this frame): Tr[(k̸′ + m) Γ ½(k̸ + m) Γ̄]
    first = _slash(kp4) + m * _ONE
    second = (_slash(k4) + m * _ONE) / 2
    A, B = proj[_PIECES[a][0]], proj[_PIECES[b][0]]
    out = {}
    for i, j in ((0, 0), (0, 3), (3, 0), (3, 3), (1, 1), (2, 2)):
        tr = sp.expand((first * A[i] * second * _dbar(B[j])).trace())
        out[f"{i}{j}"] = sp.cancel(tr.subs(_KPERP**2, kperp2))
    return out


def _in_Q2(expr):
    """Rewrite a rational function of q as one of q and Q² = q² − T² (q^n → q^{n mod 2} (T² + Q²)^{⌊n/2⌋})."""
    num, den = sp.fraction(sp.cancel(sp.together(expr)))

    def red(p):
        P = sp.Poly(sp.expand(p), q)
        return sp.expand(sum(c * q ** (n % 2) * (T**2 + Q2s) ** (n // 2) for (n,), c in P.terms()))

    return sp.factor(sp.cancel(red(num) / red(den)))


def longitudinal_transverse_contraction(kind, a, b):
    """(Λ_L, Λ_T): L_ab^{μν} W_{μν} = Λ_L R_L + Λ_T R_T for the response decomposition above
    (real part taken for a ≠ b: the pair enters as 2 Re)."""
    L = lepton_tensor_components(kind, a, b)
    kz = (2 * E * T - T**2 + q**2) / (2 * q)
    kx2_on = E**2 - m**2 - kz**2  # k⊥² from k² = m²

    def on(e):  # the frame expression on shell (k⊥² eliminated)
        return _in_Q2(sp.expand(e).subs(kperp2, kx2_on))

    lam_L = on(L["00"] - T / q * (L["03"] + L["30"]) + T**2 / q**2 * L["33"])
    # Λ_T = 2 L^{22} + (L^{11} − L^{22}); the difference is k⊥² times a regular factor: keep k⊥² as
    # the variable (it vanishes at the forward limit, where its on-shell form cancels)
    ratio = _in_Q2(on(L["11"] - L["22"]) / _in_Q2(kx2_on))
    lam_T = 2 * on(L["22"]) + kperp2 * ratio
    return lam_L, sp.expand(lam_T)


@lru_cache(maxsize=None)
def _lepton_tensor_terms(kind):
    tt = -Q2s
    tot_L, tot_T = 0, 0
    for i, a in enumerate(_LT_PIECES):
        for b in _LT_PIECES[i:]:
            ca = _PIECES[a][2].subs(t_, tt)
            cb = _PIECES[b][2].subs(t_, tt)
            lam_L, lam_T = longitudinal_transverse_contraction(kind, a, b)
            if a != b:
                lam_L, lam_T = lam_L + sp.conjugate(lam_L), lam_T + sp.conjugate(lam_T)
            tot_L += ca * cb * lam_L
            tot_T += ca * cb * lam_T
    mass = m if kind == "massive" else sp.Integer(0)
    pref = q / (8 * sp.pi * (E**2 - mass**2))
    syms = list(COUPLING_SYMBOLS.values())
    out: dict[tuple[tuple[str, int], ...], dict[str, sp.Expr]] = {}
    for which, tot in (("L", tot_L), ("T", tot_T)):
        tot = sp.together(tot)
        poly = sp.Poly(sp.expand(sp.numer(tot)), *syms)
        den = sp.denom(sp.together(tot))
        for monom, coeff in zip(poly.monoms(), poly.coeffs()):
            expr = _in_Q2(pref * coeff / den)
            if expr == 0:
                continue
            key = tuple((n, p) for n, p in zip(COUPLING_SYMBOLS, monom) if p)
            out.setdefault(key, {})[which] = expr
    return out


def lepton_tensor_terms(kind="massive"):
    """V_L, V_T of every photon-exchange monomial: ``{powers: {"L": V_L, "T": V_T}}``, with
    d²σ/(dT dq) = Σ_powers (Π coupling^power) [V_L R_L + V_T R_T] per atom (natural units,
    keV⁻³ for V when R is in keV⁻¹), as functions of E, T, q, Q² = q² − T², k⊥² (and m). For a charge, V_L = 8πα²δ²(…)/q³ ∝ 1/q⁴ after the Jacobian q
    and V_T ∝ 1/(q² − T²)² (the Lorentz-gauge propagator); checks in the tests."""
    return {k: dict(v) for k, v in _lepton_tensor_terms(kind).items()}


def free_electron_response():
    """Response of one free electron at rest, in the normalisation of :mod:`mcpria_lite.targets.dfs.response`.

    W^{μν} = Tr[(p̸′ + m_e)γ^μ(p̸ + m_e)γ^ν]/(8 m_e E′) δ(T + m_e − E′), p′ = (m_e + T, 0, 0, q) on shell
    (q² = T² + 2m_eT). Returns (w_L, w_T, jac): R_L = w_L δ(T + m_e − E′), R_T = w_T δ(…), and
    δ(T + m_e − E′(q)) = jac · δ(q − q₀) with jac = E′/q₀. Exactly w_L = (2m_e + T)/(2(m_e + T)),
    w_T = T/(2(m_e + T)).
    """
    q0 = sp.sqrt(T**2 + 2 * m_e * T)
    Epp = m_e + T
    pp = (Epp, 0, 0, q0)
    rho_pp = _slash(pp) + m_e * _ONE
    rho_p = _slash(_P) + m_e * _ONE
    W = {}
    for i, j in ((0, 0), (0, 3), (3, 3), (1, 1)):
        W[f"{i}{j}"] = sp.simplify((rho_pp * _GAMMA[i] * rho_p * _GAMMA[j]).trace() / (8 * m_e * Epp))
    # current conservation, W^{03} = (T/q₀) W^{00} and W^{33} = (T/q₀)² W^{00}, is checked in the tests
    return sp.simplify(W["00"]), sp.simplify(W["11"]), Epp / q0


def lepton_tensor_results() -> list[Result]:
    """Generated-code entries ``vl_massive_<term>``, ``vt_massive_<term>`` (arguments E, T, q, Q², k⊥², m_e,
    m, α; with m = 0 they serve a massless projectile) for the photon-exchange monomials."""
    out = []
    for kind in ("massive",):
        for powers, d in sorted(_lepton_tensor_terms(kind).items()):
            code = _code_name(powers)
            args = (E, T, q, Q2s, kperp2, m_e, m, alpha)
            for which in ("L", "T"):
                expr = d.get(which, sp.Integer(0))
                out.append(Result(f"v{which.lower()}_{kind}_{code}", expr, args,
                                  f"V_{which}(E, T, q) of the term {term_name(powers)} ({kind}; natural units)."))
    return out
