"""Symbolic derivation (SymPy) of the kinematics and amplitudes of χ(E, k) + e → χ(E′, k′) + e.

This module is the single source of every kinematic formula and every squared amplitude in the
package. The chapters "Kinematics" and "Beyond the millicharge" import it and show each step;
``generate_source`` turns the final expressions into plain NumPy code, committed as
``mcpria_lite._kinematics_generated`` (kinematics, §1–5) and ``mcpria_lite.particles._amplitudes_generated``
(the interaction terms of §6: Dirac traces for charge, magnetic moment, charge radius and weak
scattering) and ``mcpria_lite.methods._lepton_tensor_generated`` (§8: the projectile tensor of the
photon-exchange terms contracted with the longitudinal and transverse atomic responses, V_L and V_T). The test ``tests/derivation/test_generated.py`` regenerates both and fails when a
committed file and this derivation drift apart.

Natural units ħ = c = 1 throughout. Symbols: ``m_e`` electron mass, ``m`` projectile mass m_χ,
``E, k`` incoming total energy and momentum, ``Ep, kp`` outgoing ones, ``T = E − E′`` the energy
transfer, ``c`` = cos θ (lab scattering angle of χ), ``q`` = the modulus of **k** − **k′**, ``p_z`` the projection of the
bound electron's momentum (Ribberfors' sign, see below).

References: Peskin & Schroeder (1995) §5 (e⁻μ⁻ scattering); Ribberfors, Phys. Rev. B 12, 2067
(1975) (impulse approximation, p_z, X(K₁, K₂)); Qiao et al., JHEP 03 (2021) 184 (MCP version);
Vogel & Engel, PRD 39, 3378 (1989) and Kayser et al., PRD 20, 87 (1979) (neutrino–electron
scattering with electromagnetic properties); Budnev et al., Phys. Rep. 15, 181 (1975) (EPA).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

# ----------------------------------------------------------------------------------------------
# Symbols
# ----------------------------------------------------------------------------------------------
m_e, E, k, Ep, kp, T, q, alpha, delta = sp.symbols("m_e E k E' k' T q alpha delta", positive=True)
m = sp.Symbol("m", nonnegative=True)
pz = sp.Symbol("p_z", real=True)
c = sp.Symbol("c", real=True)  # cos(theta)
s_, t_, u_ = sp.symbols("s t u", real=True)
K1, K2 = sp.symbols("K_1 K_2", real=True)
beta, gamma = sp.symbols("beta gamma", positive=True)
M2 = m_e**2 + m**2  # the combination m_e² + m_χ² that recurs everywhere


def minkowski(a, b):
    """Minkowski product (+, −, −, −) of two 4-vectors given as sympy Matrices (E, px, py, pz)."""
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


# Lab frame: χ along z, scattered in the x–z plane; electron at rest.
sin_t = sp.sqrt(1 - c**2)
P_chi_in = sp.Matrix([E, 0, 0, k])
P_chi_out = sp.Matrix([Ep, kp * sin_t, 0, kp * c])
P_e_rest = sp.Matrix([m_e, 0, 0, 0])


@dataclass(frozen=True)
class Result:
    """One derived quantity: its expression and the argument order used in generated code."""

    name: str
    expr: sp.Expr
    args: tuple
    doc: str


def _on_shell(expr):
    """Impose k² = E² − m², k′² = E′² − m² (eliminating the squared momenta)."""
    return sp.expand(expr).subs({k**2: E**2 - m**2, kp**2: Ep**2 - m**2})


# ----------------------------------------------------------------------------------------------
# 1. Mandelstam invariants for a free electron at rest
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def mandelstam():
    """s, t, u in the lab frame (electron at rest).

    Returns a dict with s, t, u and ``identity`` = s + t + u − 2m_e² − 2m², evaluated with
    E′ = E − T and the on-shell recoil t = −2m_eT (:func:`t_from_recoil`); it must vanish.
    s and u involve only energies; s + u − 2M² = 2m_e(E − E′) = 2m_eT.
    """
    s = minkowski(P_e_rest + P_chi_in, P_e_rest + P_chi_in)
    t = minkowski(P_chi_in - P_chi_out, P_chi_in - P_chi_out)
    u = minkowski(P_e_rest - P_chi_out, P_e_rest - P_chi_out)
    s, t, u = (sp.simplify(_on_shell(x)) for x in (s, t, u))
    identity = sp.simplify((s + u - 2 * M2).subs(Ep, E - T) + t_from_recoil())
    return {"s": s, "t": t, "u": u, "identity": identity}


def t_from_recoil():
    """t = (p − p′)² = 2m_e² − 2m_e(m_e + T) = −2 m_e T for an electron initially at rest."""
    p_out = sp.Matrix([m_e + T, sp.Symbol("px"), sp.Symbol("py"), sp.Symbol("pzf")])
    t = minkowski(P_e_rest - p_out, P_e_rest - p_out)
    # the final electron is on shell: px² + py² + pzf² = (m_e + T)² − m_e²
    t = t.subs(sp.Symbol("px") ** 2, (m_e + T) ** 2 - m_e**2 - sp.Symbol("py") ** 2 - sp.Symbol("pzf") ** 2)
    return sp.simplify(t)


# ----------------------------------------------------------------------------------------------
# 2. The spin-averaged squared amplitude: X(s, t, u) and its K1/K2 form
# ----------------------------------------------------------------------------------------------
X_stu = (s_**2 + u_**2 + 4 * t_ * M2 - 2 * M2**2) / t_**2
"""X(s, t, u) of Qiao et al. (2021): (1/4)Σ|M|² = 2 e⁴ δ² X  (e⁻μ⁻ scattering with masses m_e and m_χ)."""

X_K = 4 * (K1**2 + K2**2 + t_ / 2 * M2) / t_**2
"""The same in terms of K₁ = p·k and K₂ = p·k′."""


def X_equivalence():
    """X(s,t,u) − X(K₁,K₂) with s = M² + 2K₁, u = M² − 2K₂ and K₂ = K₁ + t/2 (on-shell final e).

    Returns the simplified difference (0 when the two forms agree).
    """
    sub = {s_: M2 + 2 * K1, u_: M2 - 2 * K2}
    diff = (X_stu - X_K).subs(sub).subs(K2, K1 + t_ / 2)
    return sp.simplify(diff)


def spin_averaged_amplitude_squared():
    """(1/4)Σ|M|² = 2 e⁴ δ² X with e² = 4πα."""
    e2 = 4 * sp.pi * alpha
    return 2 * e2**2 * delta**2 * X_stu


# ----------------------------------------------------------------------------------------------
# 3. Free-electron dσ/dT
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def dsigma_dT_free():
    """dσ/dT for an electron at rest, from ``dσ/dt = |M|²/(16π λ)``, ``λ = 4m_e²k²``, ``|dt/dT| = 2m_e``.

    Returns the simplified expression in natural units (keV⁻³ per electron when inputs are keV).
    """
    lam = 4 * m_e**2 * k**2  # λ(s, m_e², m²) in the lab frame
    amp2 = spin_averaged_amplitude_squared()
    subs = {
        s_: M2 + 2 * m_e * E,
        t_: -2 * m_e * T,
        u_: M2 - 2 * m_e * (E - T),
    }
    dsdt = amp2.subs(subs) / (16 * sp.pi * lam)
    return sp.simplify(dsdt * 2 * m_e)


def dsigma_dT_free_closed():
    """The closed form πα²δ²/(m_e k² T²)[E² + E′² − T(m_e + m²/m_e)] (Qiao et al. 2021), for
    comparison with :func:`dsigma_dT_free`."""
    return sp.pi * alpha**2 * delta**2 / (m_e * k**2 * T**2) * (E**2 + (E - T) ** 2 - T * (m_e + m**2 / m_e))


def massless_limit():
    """dσ/dT for m → 0 (k = E), factored as 2πα²δ²/(m_e T²) × [...]."""
    expr = dsigma_dT_free().subs(m, 0).subs(k, E)
    return sp.simplify(expr / (2 * sp.pi * alpha**2 * delta**2 / (m_e * T**2)))


def slow_heavy_limit():
    """Leading term of dσ/dT for m → ∞ at fixed β and T (E = γm, k = γβm): 2πα²δ²/(m_e β² T²)."""
    expr = dsigma_dT_free().subs({E: gamma * m, k: gamma * beta * m})
    expr = expr.subs(gamma, 1 / sp.sqrt(1 - beta**2))
    lead = sp.limit(expr, m, sp.oo)
    # what is left depends on T/(m_e γ²β²) ≤ 2 (the T_max bound); take T → 0 of the bracket
    return sp.simplify(sp.limit(lead * T**2, T, 0) / T**2)


@lru_cache(maxsize=None)
def T_max_free():
    """Largest energy transfer to a free electron at rest.

    With the recoil electron at angle φ to **k** and momentum p′² = T² + 2m_eT, energy and
    momentum conservation give k p′ cos φ = T(E + m_e), i.e.
    k²(T² + 2m_eT)cos²φ = T²(E + m_e)²; solve for T ≠ 0 and take the head-on recoil cos φ = 1.
    """
    cphi = sp.Symbol("cos_phi", positive=True)
    sols = sp.solve(sp.Eq(k**2 * (T**2 + 2 * m_e * T) * cphi**2, T**2 * (E + m_e) ** 2), T)
    T_phi = [x for x in sols if x != 0][0]
    T_head_on = T_phi.subs(cphi, 1)
    # (E + m_e)² − k² = m² + m_e² + 2m_eE on shell
    num, den = sp.fraction(sp.together(T_head_on))
    den = sp.expand(den).subs(k**2, E**2 - m**2)
    return sp.simplify(num / sp.expand(den))


def T_max_free_closed():
    """The closed form 2m_e k² / (m² + m_e² + 2m_eE)."""
    return 2 * m_e * k**2 / (m**2 + m_e**2 + 2 * m_e * E)


@lru_cache(maxsize=None)
def E_min_free():
    """Smallest total energy E at which a free electron at rest can receive T (inverse of T_max)."""
    Ex = sp.Symbol("E_x", positive=True)
    eq = sp.Eq(2 * m_e * (Ex**2 - m**2), T * (m**2 + m_e**2 + 2 * m_e * Ex))
    sols = sp.solve(eq, Ex)
    # the physical root is the one that is positive for T > 0
    root = [x for x in sols if sp.simplify(x.subs({T: 1, m: 1, m_e: 1})).is_positive][0]
    return sp.simplify(root)


# ----------------------------------------------------------------------------------------------
# 4. Impulse approximation: p_z, the cos θ ↔ q ↔ p_z map and its Jacobian, s̄, t̄, ū, X̄, X_sim
# ----------------------------------------------------------------------------------------------
def q_squared_of_cos():
    """q² = ‖**k** − **k′**‖² = k² + k′² − 2kk′c."""
    return k**2 + kp**2 - 2 * k * kp * c


def q_squared_stable():
    """The same, cancellation-free: (k − k′)² + 2kk′(1 − c), with k − k′ = T(E + E′)/(k + k′)."""
    return (T * (E + Ep) / (k + kp)) ** 2 + 2 * k * kp * (1 - c)


def check_q_squared_stable():
    """Difference between the naive and the stable q² on shell (0 when they agree)."""
    diff = q_squared_of_cos() - q_squared_stable()
    diff = diff.subs(Ep, E - T)
    kp_val = sp.sqrt((E - T) ** 2 - m**2)
    k_val = sp.sqrt(E**2 - m**2)
    return sp.simplify(diff.subs({kp: kp_val, k: k_val}))


def pz_energy_conservation():
    """p_z from energy conservation with the initial electron energy set to m_e.

    The electron with momentum **p** absorbs (T, **q**): (E_i + T)² = m_e² + |**p** + **q**|²,
    E_i² = m_e² + p².  Then 2E_iT + T² = 2 **p**·**q** + q² exactly; with E_i → m_e and
    p_z ≡ −**p**·**q̂** (Ribberfors' sign) this gives p_z = (q² − T² − 2m_eT)/(2q).
    """
    p_dot_q = sp.Symbol("p_dot_q", real=True)
    Ei = sp.Symbol("E_i", positive=True)
    sol = sp.solve(sp.Eq(2 * Ei * T + T**2, 2 * p_dot_q + q**2), p_dot_q)[0]
    return sp.simplify(-sol.subs(Ei, m_e) / q)


def pz_of_q():
    """p_z(q) at fixed T (monotonic in q)."""
    return (q**2 - T**2 - 2 * m_e * T) / (2 * q)


def pz_of_t():
    """p_z = −(2m_eT + t)/(2q) with t = T² − q²."""
    return -(2 * m_e * T + (T**2 - q**2)) / (2 * q)


def pz_of_cos():
    """p_z as Qiao et al. (2021) write it: (EE′ − kk′cosθ − m² − m_eT)/q."""
    return (E * Ep - k * kp * c - m**2 - m_e * T) / q


def check_pz_forms():
    """All three forms of p_z agree on shell (returns two differences that must be 0)."""
    qsq = q_squared_of_cos()
    a = sp.simplify(pz_of_q() - pz_of_t())
    b = pz_of_cos() - pz_of_q()
    b = sp.expand(b * q).subs(q**2, qsq).subs(Ep, E - T)
    b = b.subs({k: sp.sqrt(E**2 - m**2), kp: sp.sqrt((E - T) ** 2 - m**2)})
    return a, sp.simplify(sp.expand(b))


def q_of_pz_roots():
    """Invert p_z(q) for q > 0: q² − 2p_z q − (T² + 2m_eT) = 0."""
    return sp.solve(sp.Eq(pz_of_q(), pz), q)


W = T**2 + 2 * m_e * T  # q² on the free-electron ridge (p_z = 0)


def q_of_pz():
    """The positive root, q = p_z + √(p_z² + W), W = T² + 2m_eT, in two cancellation-free branches:
    as written for p_z ≥ 0 and rationalised, q = W/(√(p_z² + W) − p_z), for p_z < 0."""
    a = sp.Abs(pz)
    big = a + sp.sqrt(a**2 + W)  # = q for p_z ≥ 0, = W/q for p_z < 0 (product of the two roots' magnitudes is W)
    return sp.Piecewise((big, pz >= 0), (W / big, True))


def q_of_pz_check():
    """The two-branch form equals the positive root p_z + √(p_z² + W) (returns the differences)."""
    plain = pz + sp.sqrt(pz**2 + W)
    ppos, pneg = sp.Symbol("p", positive=True), sp.Symbol("p", negative=True)
    return (
        sp.simplify(q_of_pz().subs(pz, ppos) - plain.subs(pz, ppos)),
        sp.simplify(sp.radsimp(q_of_pz().subs(pz, pneg) - plain.subs(pz, pneg))),
    )


def dq_dpz():
    """Jacobian dq/dp_z = q/√(p_z² + W) (> 0: the map is monotonic), from differentiating the root."""
    return sp.simplify(sp.diff(pz + sp.sqrt(pz**2 + W), pz))


def dq_dpz_of_q():
    """The Jacobian written with q itself: √(p_z² + W) = q − p_z, so dq/dp_z = q/(q − p_z)
    (no square root, no cancellation: q − p_z ≥ abs(p_z))."""
    return q / (q - pz)


def check_dq_dpz_of_q():
    """q/(q − p_z) at q = q(p_z) minus dq/dp_z (must vanish)."""
    plain = pz + sp.sqrt(pz**2 + W)
    return sp.simplify(dq_dpz_of_q().subs(q, plain) - dq_dpz())


def dcos_dq():
    """d(cos θ)/dq = −q/(k k′) at fixed T (from q² = k² + k′² − 2kk′c)."""
    csol = sp.solve(sp.Eq(q**2, q_squared_of_cos()), c)[0]
    return sp.simplify(sp.diff(csol, q))


def E_of_pz():
    """Initial electron energy assigned to the momentum component p_z: E(p_z) = √(m_e² + p_z²)."""
    return sp.sqrt(m_e**2 + pz**2)


def k_dot_khat_factor():
    """k(k − k′c) written without cancellation: (T(E + E′) + q²)/2, using k² − k′² = E² − E′²."""
    return (T * (2 * E - T) + q**2) / 2


def K1_bar():
    """K̄₁ = p·k with p = (E(p_z), −p_z q̂): E(p_z)E + p_z k(k − k′c)/q."""
    return E_of_pz() * E + pz * k_dot_khat_factor() / q


def t_bar():
    """t̄ = t = T² − q²."""
    return T**2 - q**2


def stu_bar():
    """(s̄, t̄, ū) of Qiao et al. (2021): s̄ = M² + 2K̄₁, t̄ = T² − q², ū = m_e² − m² + 2(EE′ − kk′c) − 2K̄₁.

    EE′ − kk′c = m² − t/2 on shell, so ū = M² − 2K̄₁ − t̄ and s̄ + t̄ + ū = 2M² identically.
    """
    s_bar = M2 + 2 * K1_bar()
    tb = t_bar()
    ee_kk = m**2 - tb / 2  # EE' − kk'cosθ
    u_bar = m_e**2 - m**2 + 2 * ee_kk - 2 * K1_bar()
    return s_bar, tb, u_bar


def X_bar_stu():
    """X̄ = X(s̄, t̄, ū)."""
    sb, tb, ub = stu_bar()
    return X_stu.subs({s_: sb, t_: tb, u_: ub}, simultaneous=True)


def X_bar_K():
    """X̄ in the K form with K₂ = K₁ + t/2 (numerically stable: a sum of squares)."""
    return X_K.subs({K2: K1 + t_ / 2}).subs({K1: K1_bar(), t_: t_bar()}, simultaneous=True)


def stu_sim():
    """The simplified invariants of Qiao et al. (2021): K₁ → m_eE (the electron treated as at rest in s)."""
    s_sim = M2 + 2 * m_e * E
    tb = t_bar()
    u_sim = m_e**2 - m**2 - 2 * m_e * E + 2 * (m**2 - tb / 2)
    return s_sim, tb, u_sim


def X_sim_stu():
    """X_sim = X(s_sim, t, u_sim)."""
    ss, tb, us = stu_sim()
    return X_stu.subs({s_: ss, t_: tb, u_: us}, simultaneous=True)


def ridge_check():
    """On the free-electron ridge (p_z = 0, q² = W) X̄ reduces to the free X: returns X̄ − X_free."""
    free = (E**2 + (E - T) ** 2 - T * (m_e + m**2 / m_e)) / T**2
    xb = X_bar_K().subs(pz, 0).subs(q, sp.sqrt(W))
    return sp.simplify(xb - free)


Qw = sp.Symbol("Q", positive=True)  # a momentum transfer bound (keV)


@lru_cache(maxsize=None)
def E_min_window():
    """Smallest total energy E at which the forward momentum transfer q_min = k − k′ reaches down
    to Q (so that the RIA window [p_z(q_min), p_z(q_max)] overlaps a profile support ending at
    p_z(Q)). With E′ = E − T and E² − k² = E′² − k′² = m², k − k′ = Q gives
    k = (2ET − T² + Q²)/(2Q); squaring E² − m² = k² yields a quadratic in E whose positive root is
    returned. Valid for m > 0 and T < Q < √(T² + 2mT) (q_min falls from √(T² + 2mT) at E = m + T
    towards T as E → ∞); outside that range the whole window is open from E = m + T."""
    Ex = sp.Symbol("E_x", positive=True)
    k_of_E = (2 * Ex * T - T**2 + Qw**2) / (2 * Qw)
    sols = sp.solve(sp.Eq(Ex**2 - m**2, k_of_E**2), Ex)
    # pick the root that is positive for T < Q (test point T = 1, Q = 2, m = 3)
    vals = [x.subs({T: 1, Qw: 2, m: 3, m_e: 1}) for x in sols]
    return sp.simplify(sols[[i for i, v in enumerate(vals) if v.is_positive][0]])


# ----------------------------------------------------------------------------------------------
# 5. Photon projectile (Ribberfors 1975) and Klein–Nishina
# ----------------------------------------------------------------------------------------------
X_ribberfors = K1 / K2 + K2 / K1 + 2 * m_e**2 * (1 / K1 - 1 / K2) + m_e**4 * (1 / K1 - 1 / K2) ** 2
"""Ribberfors' X(K₁, K₂) for Compton scattering on a moving electron."""


def K2_photon():
    """K₂ = p·k′ for the photon with p = (E(p_z), −p_z q̂): with k = E, k′ = E′ and
    kk′c = (E² + E′² − q²)/2,  K₂ = E(p_z)E′ + p_z (E² − E′² − q²)/(2q), E² − E′² = T(2E − T)."""
    Epr = E - T
    return E_of_pz() * Epr + pz * (T * (2 * E - T) - q**2) / (2 * q)


def K1_photon():
    """K₁ = p·k for the photon: E(p_z)E + p_z (E² − E′² + q²)/(2q), E² − E′² = T(2E − T)."""
    return E_of_pz() * E + pz * (T * (2 * E - T) + q**2) / (2 * q)


def klein_nishina_dsigma_dOmega():
    """Klein–Nishina dσ/dΩ = (r₀²/2)(E′/E)²(E′/E + E/E′ − sin²θ), r₀ = α/m_e, E′ from Compton."""
    r0 = alpha / m_e
    Epr = E / (1 + E / m_e * (1 - c))
    return r0**2 / 2 * (Epr / E) ** 2 * (Epr / E + E / Epr - (1 - c**2))


def ribberfors_free_limit():
    """X(K₁ = m_eE, K₂ = m_eE′) − (E′/E + E/E′ − sin²θ) with the Compton E′: must vanish."""
    Epr = E / (1 + E / m_e * (1 - c))
    x = X_ribberfors.subs({K1: m_e * E, K2: m_e * Epr})
    return sp.simplify(x - (Epr / E + E / Epr - (1 - c**2)))


def klein_nishina_dsigma_dT():
    """Klein–Nishina dσ/dT (T = E − E′) = 2π dσ/dΩ abs(dcosθ/dE′) = (πr₀²m_e/E²) X(m_eE, m_eE′)."""
    r0 = alpha / m_e
    Epr = E - T
    x = X_ribberfors.subs({K1: m_e * E, K2: m_e * Epr})
    return sp.simplify(sp.pi * r0**2 * m_e / E**2 * x)


def klein_nishina_check():
    """dσ/dT from dσ/dΩ × 2π abs(dc/dE′) minus :func:`klein_nishina_dsigma_dT` (must vanish)."""
    Epr = sp.Symbol("Epr", positive=True)
    c_of = 1 - m_e * (1 / Epr - 1 / E)
    dcdE = sp.diff(c_of, Epr)
    dsdo = klein_nishina_dsigma_dOmega().subs(c, c_of)
    expr = 2 * sp.pi * dsdo * dcdE
    return sp.simplify(expr.subs(Epr, E - T) - klein_nishina_dsigma_dT())

