"""Dirac traces of every interaction (charge, magnetic moment, charge radius, weak) in SymPy.

The squared amplitudes of :mod:`mcpria_lite.particles.interactions` (generated into
``mcpria_lite.particles._amplitudes_generated``), their free-electron limits and closed forms, and the
equivalent-photon numbers. Builds on the kinematic symbols of :mod:`mcpria_lite.derivation.kinematics`.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .kinematics import (E, K1, K2, Result, T, alpha, delta, m, m_e, s_, t_, u_)  # noqa: F401



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


def on_shell_K(expr, mass):
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
            expr = sp.factor(on_shell_K(coeff, mass))
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

