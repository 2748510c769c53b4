"""Symbolic derivation (SymPy) of the kinematics and amplitudes of χ(E, k) + e → χ(E′, k′) + e.

This module is the single source of every kinematic formula and every squared amplitude in the
package. The chapters "Kinematics" and "Beyond the millicharge" import it and show each step;
:func:`generate_source` turns the final expressions into plain NumPy code, committed as
``mcpria_lite._kinematics_generated`` (kinematics, §1–5) and ``mcpria_lite._amplitudes_generated``
(the interaction terms of §6: Dirac traces for charge, magnetic moment, charge radius and weak
scattering) and ``mcpria_lite._lepton_tensor_generated`` (§8: the projectile tensor of the
photon-exchange terms contracted with the longitudinal and transverse atomic responses, V_L and V_T). The test ``tests/test_kinematics_generated.py`` regenerates both and fails when a
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


# ----------------------------------------------------------------------------------------------
# 6. Interactions: Dirac traces for charge, magnetic moment, charge radius and weak scattering
# ----------------------------------------------------------------------------------------------
# The squared amplitude of every interaction is computed here from explicit Dirac matrices (Dirac
# representation, metric (+, −, −, −)): the projectile current ū(k′) Γ^μ u(k) times the electron
# current ū(p′) Γ_μ u(p), summed over spins with the density matrices below, contracted over μ, ν,
# and written in the invariants K₁ = p·k, K₂ = p·k′, w = k·k′ (then s, t, u). Because only three
# independent momenta enter, the electron rest frame p = (m_e, 0) with k in the z direction and k′
# in the x–z plane is general; the result is converted to invariants exactly.
#
# Amplitude (Peskin & Schroeder conventions; charges in units of the positive elementary charge e,
# the electron has −e, the projectile δ·e):
#   M = −(4πα/t) [ū′ (F(t) γ^μ + i μ σ^{μν} q_ν/(2m_e)) u] [ū′_e γ_μ u_e]
#       − (G_F/√2) [ū′ γ^μ (1 − γ⁵) u] [ū′_e γ_μ (g_V − g_A γ⁵) u_e],
# q = k′ − k the photon momentum flowing into the projectile vertex, μ in Bohr magnetons
# μ_B = e/(2m_e), g_V = g_L + g_R, g_A = g_L − g_R (Vogel & Engel, PRD 39, 3378 (1989)).
# Charge form factor: F(t) = δ + t⟨r²⟩/3. For a left-handed neutrino this is the chiral vertex
# (t⟨r²⟩/6) γ^μ (1 − γ⁵) of the usual definition, i.e. the vector-coupling shift
# g_V → g_V + (2√2πα/3G_F)⟨r²⟩ (s_W² → s_W² + (√2πα/3G_F)⟨r²⟩): Vogel & Engel's convention. With the
# pure Dirac form factor F₁ = δ + t⟨r²⟩/6 the same data give a ⟨r²⟩ twice as large (the factor 2 by
# which published limits differ).
#
# Polarisation: a massive projectile is unpolarised, ½ Σ_s; a massless neutrino is left-handed
# (u ū → P_L k̸) and a massless antineutrino right-handed (v v̄ → P_L k̸ in the line v̄(k) Γ v(k′)).
# The electron is averaged over its spin, ½ Σ. The result "⟨M²⟩" is the spin-averaged squared
# amplitude of the physical beam; for a vector or magnetic coupling of a massless projectile it
# equals the unpolarised (1/4)Σ|M|² (checked in the tests).
G_F = sp.Symbol("G_F", positive=True)
g_L, g_R = sp.symbols("g_L g_R", real=True)
mu_B = sp.Symbol("mu_B", real=True)  # magnetic moment in Bohr magnetons (the coupling μ_ν/μ_B)
r2 = sp.Symbol("r2", real=True)  # charge radius ⟨r²⟩ in natural units (keV⁻²)
w_ = sp.Symbol("w", real=True)  # k·k′

_I = sp.I
_G0 = sp.diag(1, 1, -1, -1)
_PAULI = (sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -_I], [_I, 0]]), sp.Matrix([[1, 0], [0, -1]]))
_GAMMA = [_G0] + [sp.Matrix(sp.BlockMatrix([[sp.zeros(2), s], [-s, sp.zeros(2)]])) for s in _PAULI]
_G5 = _I * _GAMMA[0] * _GAMMA[1] * _GAMMA[2] * _GAMMA[3]
_ETA = (1, -1, -1, -1)
_ONE = sp.eye(4)
_PL = (_ONE - _G5) / 2


def gamma_matrices():
    """The Dirac matrices γ⁰…γ³ and γ⁵ = iγ⁰γ¹γ²γ³ (Dirac representation) used in the traces."""
    return list(_GAMMA), _G5


def _slash(p):
    return sum((_ETA[i] * p[i] * _GAMMA[i] for i in range(4)), sp.zeros(4))


def _dbar(M):
    """Dirac adjoint of a vertex matrix: γ⁰ M† γ⁰."""
    return _GAMMA[0] * M.H * _GAMMA[0]


def _sigma(a, b):
    return _I / 2 * (_GAMMA[a] * _GAMMA[b] - _GAMMA[b] * _GAMMA[a])


# frame for the traces: electron at rest, k along z, k′ in the x–z plane (general for 3 momenta)
_Ek, _kz, _Ekp, _kxp, _kzp = sp.symbols("E_k k_z E_kp k_xp k_zp", real=True)
_P = (m_e, 0, 0, 0)
_K = (_Ek, 0, 0, _kz)
_KP = (_Ekp, _kxp, 0, _kzp)
_PP = tuple(_P[i] + _K[i] - _KP[i] for i in range(4))
_Q_IN = tuple(_KP[i] - _K[i] for i in range(4))  # photon momentum into the projectile vertex


def _vertices(q4):
    """Projectile-line vertex structures Γ^μ (upper index): vector, magnetic, weak (V − A)."""
    vec = [_GAMMA[a] for a in range(4)]
    mag = [
        _I * sum((_sigma(a, b) * _ETA[b] * q4[b] for b in range(4)), sp.zeros(4)) / (2 * m_e) for a in range(4)
    ]
    weak = [_GAMMA[a] * (_ONE - _G5) for a in range(4)]
    return {"V": vec, "M": mag, "W": weak}


_E_VERTICES = {"V": [_GAMMA[a] for a in range(4)], "A": [_GAMMA[a] * _G5 for a in range(4)]}

#: The amplitude pieces: (projectile structure, electron structure, coupling factor).
#: A "coupling factor" multiplies the product of the two currents in M.
_PIECES = {
    "C": ("V", "V", -4 * sp.pi * alpha * (delta + t_ * r2 / 3) / t_),
    "M": ("M", "V", -4 * sp.pi * alpha * mu_B / t_),
    "WV": ("W", "V", -G_F / sp.sqrt(2) * (g_L + g_R)),
    "WA": ("W", "A", G_F / sp.sqrt(2) * (g_L - g_R)),
}

PROJECTILE_KINDS = ("massive", "neutrino", "antineutrino")


def _densities(kind):
    """(first, second) density matrices in Tr[first Γ second Γ̄] for the projectile line."""
    if kind == "massive":  # ū(k′) Γ u(k): Tr[(k̸′ + m) Γ ½(k̸ + m) Γ̄]
        return _slash(_KP) + m * _ONE, (_slash(_K) + m * _ONE) / 2
    if kind == "neutrino":  # left-handed ν: u ū → P_L k̸
        return _slash(_KP), _PL * _slash(_K)
    if kind == "antineutrino":  # v̄(k) Γ v(k′): Tr[(P_L k̸) Γ k̸′ Γ̄], right-handed ν̄
        return _PL * _slash(_K), _slash(_KP)
    raise ValueError(kind)


def _to_invariants(expr, mass):
    """Rewrite a frame expression in K₁ = p·k, K₂ = p·k′, w = k·k′ (exact, on shell k² = k′² = mass²)."""
    expr = sp.expand(expr)
    expr = expr.subs(_kxp**2, _Ekp**2 - mass**2 - _kzp**2)
    expr = sp.expand(expr).subs(_kzp, (_Ek * _Ekp - w_) / _kz)
    expr = sp.expand(expr).subs(_kz**2, _Ek**2 - mass**2)
    expr = sp.expand(expr)
    expr = expr.subs({_Ek: K1 / m_e, _Ekp: K2 / m_e})
    return sp.expand(sp.cancel(expr))


@lru_cache(maxsize=None)
def _pair_trace(kind, a, b):
    """Σ_spins (current a)(current b)* contracted over Lorentz indices, in invariants (no couplings)."""
    mass = m if kind == "massive" else sp.Integer(0)
    first, second = _densities(kind)
    first, second = first.subs(m, mass), second.subs(m, mass)
    va, ea = _PIECES[a][0], _PIECES[a][1]
    vb, eb = _PIECES[b][0], _PIECES[b][1]
    proj = _vertices(_Q_IN)
    A, B = proj[va], proj[vb]
    Ea, Eb = _E_VERTICES[ea], _E_VERTICES[eb]
    rho_pp = _slash(_PP) + m_e * _ONE
    rho_p = (_slash(_P) + m_e * _ONE) / 2
    # Tr[X Y] = Σ_ab X_ab Y_ba: the left products once per index, the adjoints once per index
    left = [sp.expand(first * A[i] * second) for i in range(4)]
    right = [_dbar(B[j]).T for j in range(4)]
    eleft = [sp.expand(rho_pp * Ea[i] * rho_p) for i in range(4)]
    eright = [_dbar(Eb[j]).T for j in range(4)]
    total = 0
    for i in range(4):
        for j in range(4):
            L = sp.expand(sum(left[i].multiply_elementwise(right[j])))
            if L == 0:
                continue
            El = sp.expand(sum(eleft[i].multiply_elementwise(eright[j])))
            total += _ETA[i] * _ETA[j] * L * El
    return _to_invariants(total, mass)


def _stu(expr, mass):
    """K₁, K₂, w → s, t, u: K₁ = (s − M²)/2, K₂ = (M² − u)/2, w = mass² − t/2."""
    Mq = m_e**2 + mass**2
    return expr.subs({K1: (s_ - Mq) / 2, K2: (Mq - u_) / 2, w_: mass**2 - t_ / 2}, simultaneous=True)


@lru_cache(maxsize=None)
def amplitude_squared(kind="massive", pieces=("C", "M")):
    """⟨M²⟩(s, t, u) for the projectile ``kind`` with the amplitude pieces ``pieces``.

    ``kind``: "massive" (unpolarised, mass m; photon exchange only, pieces ⊂ {"C", "M"}),
    "neutrino" or "antineutrino" (massless, left-/right-handed; any pieces). The result is a
    polynomial in the couplings δ (``delta``), μ (``mu_B``), ⟨r²⟩ (``r2``) and contains G_F, g_L, g_R.
    """
    mass = m if kind == "massive" else sp.Integer(0)
    total = 0
    for i, a in enumerate(pieces):
        for b in pieces[i:]:
            ca, cb = _PIECES[a][2], _PIECES[b][2]
            tr = _pair_trace(kind, a, b)
            if a == b:
                total += ca * cb * tr
            else:  # 2 Re(c_a c_b* T_ab); T_ba = T_ab* and the couplings are real
                total += ca * cb * (tr + sp.conjugate(tr))
    return sp.expand(_stu(total, mass))


#: The monomials in the couplings (δ, μ, ⟨r²⟩) and their names. ``weak`` is the coupling-free
#: Standard-Model term.
COUPLING_SYMBOLS = {"delta": delta, "mu_B": mu_B, "r2": r2}


def amplitude_terms(kind="neutrino"):
    """⟨M²⟩ split into monomials of the couplings: {powers (tuple of (name, power)): coefficient(s, t, u)}.

    For "massive" only the photon-exchange pieces (charge, charge radius, magnetic moment) enter;
    for (anti)neutrinos also the weak one. Coefficients that vanish identically are dropped.
    (Cached; a fresh dict is returned.)
    """
    return dict(_amplitude_terms(kind))


@lru_cache(maxsize=None)
def _amplitude_terms(kind):
    pieces = ("C", "M") if kind == "massive" else ("C", "M", "WV", "WA")
    total = amplitude_squared(kind, pieces)
    syms = list(COUPLING_SYMBOLS.values())
    poly = sp.Poly(total, *syms)
    out = {}
    for monom, coeff in zip(poly.monoms(), poly.coeffs()):
        coeff = sp.factor(sp.cancel(coeff))
        if coeff == 0:
            continue
        key = tuple((n, p) for n, p in zip(COUPLING_SYMBOLS, monom) if p)
        out[key] = coeff
    return out


def term_name(powers) -> str:
    """A readable name for a monomial: () → "weak", (("delta", 2),) → "delta^2", (("delta", 1),) → "delta*weak"."""
    if not powers:
        return "weak"
    deg = sum(p for _, p in powers)
    parts = [n if p == 1 else f"{n}^{p}" for n, p in powers]
    name = "*".join(parts)
    return name + "*weak" if deg == 1 else name


def _on_shell_K(expr, mass):
    """s, t, u → (K₁, t) with the final electron on shell: s = M² + 2K₁, u = M² − 2K₁ − t."""
    Mq = m_e**2 + mass**2
    return sp.cancel(expr.subs({s_: Mq + 2 * K1, u_: Mq - 2 * K1 - t_}, simultaneous=True))


def free_dsigma_dT_term(kind, powers):
    """Free electron at rest: the dσ/dT coefficient of one monomial, ⟨M²⟩/(32π m_e k²) with
    K₁ = m_eE and t = −2m_eT (natural units, per electron)."""
    mass = m if kind == "massive" else sp.Integer(0)
    amp = amplitude_terms(kind)[tuple(powers)]
    Mq = m_e**2 + mass**2
    amp = amp.subs({s_: Mq + 2 * m_e * E, t_: -2 * m_e * T, u_: Mq - 2 * m_e * (E - T)}, simultaneous=True)
    ksq = E**2 - mass**2
    return sp.cancel(amp / (32 * sp.pi * m_e * ksq))


# closed forms of the literature for the massless neutrino on a free electron at rest
def weak_closed_form(gl=g_L, gr=g_R):
    """(2G_F² m_e/π)[g_L² + g_R²(1 − T/E)² − g_L g_R m_e T/E²] (Vogel & Engel 1989; Kayser et al. 1979)."""
    return 2 * G_F**2 * m_e / sp.pi * (gl**2 + gr**2 * (1 - T / E) ** 2 - gl * gr * m_e * T / E**2)


def magnetic_closed_form():
    """(πα²/m_e²) μ² (1/T − 1/E) (Vogel & Engel 1989)."""
    return sp.pi * alpha**2 / m_e**2 * mu_B**2 * (1 / T - 1 / E)


def vector_shift_closed_form():
    """The weak formula with g_{L,R} → g_{L,R} + Δ/2, Δ = −√2πα δ/(G_F m_e T) + (2√2πα/3G_F)⟨r²⟩:
    the charge (photon propagator 1/t = −1/(2m_eT)) and the charge radius as vector-coupling shifts.
    Its expansion in δ and ⟨r²⟩ gives every charge–weak and radius–weak interference term."""
    shift = -sp.sqrt(2) * sp.pi * alpha * delta / (G_F * m_e * T) + 2 * sp.sqrt(2) * sp.pi * alpha * r2 / (3 * G_F)
    return sp.expand(weak_closed_form(g_L + shift / 2, g_R + shift / 2))


def closed_form_terms():
    """:func:`vector_shift_closed_form` + :func:`magnetic_closed_form` split into coupling monomials."""
    total = sp.expand(vector_shift_closed_form() + magnetic_closed_form())
    poly = sp.Poly(total, *COUPLING_SYMBOLS.values())
    out = {}
    for monom, coeff in zip(poly.monoms(), poly.coeffs()):
        out[tuple((n, p) for n, p in zip(COUPLING_SYMBOLS, monom) if p)] = sp.cancel(coeff)
    return out


def antineutrino_minus_swapped_neutrino(flip_charge=False):
    """⟨M²⟩ of ν̄ minus that of ν with g_L ↔ g_R (and, if ``flip_charge``, δ, ⟨r²⟩ → −δ, −⟨r²⟩).

    The couplings δ, μ, ⟨r²⟩ are those of the neutrino *field*; the antineutrino carries the
    opposite charge −δ (and −⟨r²⟩). The trace with v spinors gives ν̄ = ν(g_L ↔ g_R) at the same
    field couplings (this returns 0 for ``flip_charge=False``): written in the projectile's own
    charge, the charge–weak and radius–weak interference terms flip sign between ν and ν̄
    (``flip_charge=True`` then does not vanish). Kayser et al., PRD 20, 87 (1979).
    """
    nu = amplitude_squared("neutrino", ("C", "M", "WV", "WA"))
    nub = amplitude_squared("antineutrino", ("C", "M", "WV", "WA"))
    f = -1 if flip_charge else 1
    swapped = nu.subs({g_L: g_R, g_R: g_L, delta: f * delta, r2: f * r2}, simultaneous=True)
    return sp.simplify(sp.expand(nub - swapped).subs(u_, 2 * m_e**2 - s_ - t_))


# --- equivalent photons from the transverse part of the projectile tensor --------------------
omega_, Q2_ = sp.symbols("omega Q2", positive=True)


@lru_cache(maxsize=None)
def transverse_tensor(kind, a, b):
    """½(L^{xx} + L^{yy}) of the projectile line for pieces a, b (photon (ω, 0, 0, √(ω² + Q²))
    absorbed by the atom at rest, Q² = −t > 0), as a function of E, ω, Q² (and m)."""
    mass = m if kind == "massive" else sp.Integer(0)
    Qz = sp.sqrt(omega_**2 + Q2_)
    kz = (2 * E * omega_ + Q2_) / (2 * Qz)  # from (k − q)² = m²
    kx = sp.sqrt(E**2 - mass**2 - kz**2)
    k4 = (E, kx, 0, kz)
    qg = (omega_, 0, 0, Qz)
    kp4 = tuple(k4[i] - qg[i] for i in range(4))
    q_in = tuple(-x for x in qg)
    proj = _vertices(q_in)
    subs = dict(zip(_K + _KP, k4 + kp4))
    first, second = _densities(kind)
    first = first.subs(subs).subs(m, mass)
    second = second.subs(subs).subs(m, mass)
    A, B = proj[_PIECES[a][0]], proj[_PIECES[b][0]]
    L = sum(((first * A[i] * second * _dbar(B[i])).trace() for i in (1, 2))) / 2
    return sp.cancel(sp.expand(L))


def equivalent_photon_density(kind="massive", piece="C"):
    """dN/(dω dQ²) for one photon-exchange piece ("C": charge δ, "M": magnetic moment μ).

    dN/(dω dQ²) = (α/π)(ω/2E²) g² L_T/Q⁴ with L_T (``transverse_tensor``) kept to its leading
    order in Q² at m = 0 plus the mass term: for the charge L_T ≈ −2m² + 2(E/ω)²(1 − y + y²/2)Q²,
    which gives Budnev's spectrum exactly (checked); for the magnetic moment
    L_T ≈ (m²/2m_e²) Q² + E²(1 − y)/(2m_e²ω²) Q⁴: the extra power of Q² cancels the photon pole,
    so a massless projectile has no logarithm. The normalisation (α/π)(ω/2E²) is fixed by the
    charge, whose L_T is the one of Budnev et al., Phys. Rep. 15, 181 (1975).
    """
    L = transverse_tensor(kind, piece, piece)
    order = 2 if piece == "C" else 3  # terms through Q² (charge) or Q⁴ (magnetic)
    Lser = sp.series(L, Q2_, 0, order).removeO()
    g = {"C": delta, "M": mu_B}[piece]
    return sp.simplify(alpha / sp.pi * omega_ / (2 * E**2) * g**2 * Lser / Q2_**2)


def equivalent_photon_number_sym(kind="massive", piece="C"):
    """dN/dω: :func:`equivalent_photon_density` integrated from Q²min = m²ω²/(E(E − ω)) to Q²max
    (symbols ``Q2min``, ``Q2max``)."""
    Q2min, Q2max = sp.symbols("Q2min Q2max", positive=True)
    n = equivalent_photon_density(kind, piece)
    if kind == "massive" and piece == "C":  # Budnev's variables: m² through Q²min
        n = n.subs(m**2, Q2min * E * (E - omega_) / omega_**2)
    N = sp.integrate(sp.expand(n), (Q2_, Q2min, Q2max))
    return sp.simplify(N), (Q2min, Q2max)


def budnev_spectrum():
    """Budnev's dN/dω of a charge δ: (αδ²/πω)[(1 − y + y²/2) ln(Q²max/Q²min) − (1 − y)(1 − Q²min/Q²max)]."""
    Q2min, Q2max = sp.symbols("Q2min Q2max", positive=True)
    y = omega_ / E
    return alpha * delta**2 / (sp.pi * omega_) * (
        (1 - y + y**2 / 2) * sp.log(Q2max / Q2min) - (1 - y) * (1 - Q2min / Q2max)
    )


def magnetic_epa_number():
    """dN/dω of a magnetic moment μ (μ_B) for a projectile of mass m, Q² from Q²min to Q²max:
    (αμ²/(4πm_e²))[(m²ω/E²) ln(Q²max/Q²min) + (1 − ω/E)(Q²max − Q²min)/ω]; for m = 0 there is no
    logarithm (:func:`equivalent_photon_number_sym` for ``piece="M"`` reduces to this, checked)."""
    Q2min, Q2max = sp.symbols("Q2min Q2max", positive=True)
    return alpha * mu_B**2 / (4 * sp.pi * m_e**2) * (
        m**2 * omega_ / E**2 * sp.log(Q2max / Q2min) + (1 - omega_ / E) * (Q2max - Q2min) / omega_
    )


def amplitude_results() -> list[Result]:
    """Generated-code entries for every interaction term: ⟨M²⟩ in the K₁ form (final electron on
    shell, K₂ = K₁ + t/2) for the impulse approximation (K₁ = K̄₁, t = t̄) and the free electron
    (K₁ = m_eE, t = −2m_eT)."""
    out = []
    for kind in PROJECTILE_KINDS:
        mass = m if kind == "massive" else sp.Integer(0)
        for powers, coeff in amplitude_terms(kind).items():
            expr = sp.factor(_on_shell_K(coeff, mass))
            name = f"amp2_{kind}_" + _code_name(powers)
            args = (K1, t_, m_e, m, alpha) if kind == "massive" else (K1, t_, m_e, alpha, G_F, g_L, g_R)
            doc = f"⟨M²⟩ coefficient of {term_name(powers)} for a {kind} projectile (K1 = p·k, t; natural units)."
            out.append(Result(name, expr, args, doc))
            cargs = (m_e, m, alpha) if kind == "massive" else (m_e, alpha, G_F, g_L, g_R)
            out.append(
                Result(
                    f"amp2c_{kind}_" + _code_name(powers),
                    sp.Tuple(*monomial_coefficients(expr)),
                    cargs,
                    f"Coefficients c[a, b] of K1**a t**(b - 2) (a = 0..2, b = 0..4, row-major) of {name}.",
                )
            )
    # the closed form (equal to equivalent_photon_number_sym("massive", "M"), tested), whose
    # logarithm stays ln(Q2max/Q2min): simplify() would merge it into ln(Q2max**(m²ω²)·…), which
    # overflows in float64
    N = magnetic_epa_number()
    q2min, q2max = sp.symbols("Q2min Q2max", positive=True)
    out.append(
        Result(
            "epa_number_magnetic",
            N / mu_B**2,
            (omega_, E, m, q2min, q2max, m_e, alpha),
            "Equivalent-photon number dN/dω of a unit magnetic moment (μ_B), Q² from Q2min to Q2max.",
        )
    )
    return out


#: The monomials K₁^a t^b of every ⟨M²⟩ term: a = 0, 1, 2 and b = −2 … 2.
MONOMIAL_POWERS = tuple((a, b) for a in range(3) for b in range(-2, 3))


def monomial_coefficients(expr) -> list:
    """The coefficients of ``expr`` (a term of ⟨M²⟩ in K₁ and t) on ``MONOMIAL_POWERS``.

    Every term is a polynomial of degree ≤ 2 in K₁ times t^b, −2 ≤ b ≤ 2 (checked here): the
    impulse approximation integrates the 15 monomials once and combines them per term, so the
    cost of the quadrature does not grow with the number of terms.
    """
    poly = sp.Poly(sp.expand(expr * t_**2), K1, t_)
    coeffs = {(a, b - 2): c for (a, b), c in zip(poly.monoms(), poly.coeffs())}
    if not set(coeffs) <= set(MONOMIAL_POWERS):
        raise ValueError(f"a term outside the monomial basis: {sorted(coeffs)}")
    rebuilt = sum(c * K1**a * t_**b for (a, b), c in coeffs.items())
    assert sp.simplify(rebuilt - expr) == 0
    return [sp.simplify(coeffs.get(ab, 0)) for ab in MONOMIAL_POWERS]


def _code_name(powers) -> str:
    return "weak" if not powers else "_".join(f"{n}{p}" for n, p in powers)


# ----------------------------------------------------------------------------------------------
# 7. Code generation
# ----------------------------------------------------------------------------------------------
def generated_functions() -> list[Result]:
    """The expressions turned into code, with their argument order and docstrings."""
    Kb1 = K1_bar()
    tb = t_bar()
    Xbar = sp.factor_terms(X_K.subs(K2, K1 + t_ / 2))
    return [
        Result("x_stu", X_stu, (s_, t_, u_, m_e, m), "X(s, t, u) of e⁻μ⁻-type scattering; (1/4)Σ|M|² = 2e⁴δ²X."),
        Result("x_k1k2", X_K, (K1, K2, t_, m_e, m), "X in terms of K1 = p·k, K2 = p·k′."),
        Result(
            "dsigma_dT_free",
            dsigma_dT_free(),
            (T, E, k, m_e, m, alpha, delta),
            "Free electron at rest: dσ/dT in natural units (keV⁻³ for keV inputs), per electron.",
        ),
        Result("t_max_free", T_max_free_closed(), (E, k, m_e, m), "Free-electron endpoint T_max(E)."),
        Result("e_min_free", E_min_free(), (T, m_e, m), "Smallest total energy E with T_max(E) ≥ T."),
        Result("e_min_window", E_min_window(), (T, Qw, m), "Smallest E with q_min = k − k′ ≤ Q (m > 0, T < Q)."),
        Result("pz_of_q", pz_of_q(), (q, T, m_e), "p_z(q) = (q² − T² − 2m_eT)/(2q) (Ribberfors' sign)."),
        Result("q_of_pz", q_of_pz(), (pz, T, m_e), "Inverse map q(p_z), cancellation-free on both sides of the ridge."),
        Result("dq_dpz", dq_dpz(), (pz, T, m_e), "Jacobian dq/dp_z of the map at fixed T."),
        Result("dq_dpz_of_q", dq_dpz_of_q(), (q, pz), "Jacobian dq/dp_z = q/(q − p_z) given q = q(p_z)."),
        Result("dcos_dq", dcos_dq(), (q, k, kp), "Jacobian d(cos θ)/dq at fixed T."),
        Result("k1_bar", Kb1, (pz, q, T, E, m_e), "K̄1 = p·k for the electron momentum component p_z."),
        Result("t_bar", tb, (q, T), "t̄ = t = T² − q²."),
        Result("x_bar_k1", Xbar, (K1, t_, m_e, m), "X̄ in the K form, K2 = K1 + t/2 (stable)."),
        Result("x_ribberfors", X_ribberfors, (K1, K2, m_e), "Ribberfors' X(K1, K2) for photons."),
        Result("k1_photon", K1_photon(), (pz, q, T, E, m_e), "K1 = p·k for a photon projectile."),
        Result("k2_photon", K2_photon(), (pz, q, T, E, m_e), "K2 = p·k′ for a photon projectile."),
        Result(
            "klein_nishina_dsigma_dT",
            klein_nishina_dsigma_dT(),
            (T, E, m_e, alpha),
            "Klein–Nishina dσ/dT (natural units) for a photon on a free electron at rest.",
        ),
    ]


#: The generated modules and the derivation results each holds (one generator writes both).
GENERATED_MODULES = {
    "_kinematics_generated": ("kinematics", "mcpria_lite.kinematics"),
    "_amplitudes_generated": ("interaction amplitudes", "mcpria_lite.interactions"),
    "_lepton_tensor_generated": ("lepton tensors V_L, V_T of the photon-exchange terms", "mcpria_lite.ab_initio_method"),
}


def module_results(module: str = "_kinematics_generated") -> list[Result]:
    """The results generated into ``module`` (see :data:`GENERATED_MODULES`)."""
    if module == "_kinematics_generated":
        return generated_functions()
    if module == "_amplitudes_generated":
        return amplitude_results()
    if module == "_lepton_tensor_generated":
        return lepton_tensor_results()
    raise ValueError(f"module must be one of {sorted(GENERATED_MODULES)}, got {module!r}")


_HEADER = '''"""GENERATED by mcpria_lite.derivation.generate_source() -- do not edit by hand: {what}.

Regenerate with ``python -m mcpria_lite.derivation`` after changing the derivation; the test
tests/test_kinematics_generated.py fails when this file and the derivation differ.
Natural units (hbar = c = 1); the wrappers in {wrapper} take keV and validate input.
sympy version used: {version}
"""

import numpy

'''


def generate_source(module: str = "_kinematics_generated") -> str:
    """Return the source of ``mcpria_lite._kinematics_generated`` (or of another generated module)."""
    from sympy.printing.numpy import NumPyPrinter

    printer = NumPyPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    what, wrapper = GENERATED_MODULES[module] if module in GENERATED_MODULES else (None, None)
    out = [_HEADER.format(what=what, wrapper=wrapper, version=sp.__version__)]
    for r in module_results(module):
        names = [_py_name(a) for a in r.args]
        expr = r.expr.subs({a: sp.Symbol(n, real=True) for a, n in zip(r.args, names)}, simultaneous=True)
        subexprs, (reduced,) = sp.cse(expr, symbols=sp.numbered_symbols("_x"), optimizations="basic")
        out.append(f"def {r.name}({', '.join(names)}):\n")
        out.append(f'    """{r.doc}"""\n')
        for sym, sub in subexprs:
            out.append(f"    {sym} = {printer.doprint(sub)}\n")
        out.append(f"    return {printer.doprint(reduced)}\n\n\n")
    return "".join(out).rstrip() + "\n"


def _py_name(sym: sp.Symbol) -> str:
    return {"E'": "Ep", "k'": "kp", "K_1": "K1", "K_2": "K2", "Q2min": "Q2min", "Q2max": "Q2max"}.get(sym.name, sym.name)


def write_generated(path=None, module: str = "_kinematics_generated") -> str:
    """Write the generated ``module`` next to this file (or to ``path``); return the path."""
    from pathlib import Path

    path = Path(path) if path else Path(__file__).with_name(f"{module}.py")
    path.write_text(generate_source(module))
    return str(path)


# ----------------------------------------------------------------------------------------------
# 8. The lepton tensor contracted with the atomic response (the ab initio method "DFS")
# ----------------------------------------------------------------------------------------------
# An atom at rest absorbs the photon (T, q) with q = k − k′ along z. Current conservation of the
# atom's transition current, T ρ_fi = q J^z_fi, leaves two response functions of a spherical,
# unpolarised atom: W^{00} = R_L, W^{03} = W^{30} = (T/q) R_L, W^{33} = (T²/q²) R_L,
# W^{11} = W^{22} = R_T (one transverse polarisation), all other components zero
# (:mod:`mcpria_lite.atomic_response`; Donnelly & Walecka's decomposition as used by Chen et al.,
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
    """Projectile tensor L^{μν} = Tr[ρ′ Γ_a^μ ρ Γ̄_b^ν] (spin-averaged as in :func:`amplitude_squared`)
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
    out = {}
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
    """Response of one free electron at rest, in the normalisation of :mod:`mcpria_lite.atomic_response`.

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


if __name__ == "__main__":  # pragma: no cover
    for _mod in GENERATED_MODULES:
        print("wrote", write_generated(module=_mod))
