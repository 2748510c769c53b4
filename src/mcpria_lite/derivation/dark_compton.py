"""Atomic "dark Compton" scattering V(k) + e(p) → γ(k′) + e(p′) in SymPy: the squared amplitude of a
massive vector absorbed and a photon emitted, its limits, and the impulse-approximation kernel.

A dark photon V of mass m_V and kinetic mixing κ couples to the electron current like the photon,
with charge κe. The traces use the explicit Dirac matrices of :mod:`mcpria_lite.derivation.amplitudes`
(Dirac representation, metric (+, −, −, −)) and the symbols of :mod:`mcpria_lite.derivation.kinematics`
(m_e, K₁ = p·k, K₂ = p·k′, T, q, p_z):

§1  the spin- and polarisation-summed squared amplitude Σ abs(M)² = 8e⁴κ² X_V(K₁, K₂, m_V) with the
    massive-vector polarisation sum −g + kk/m_V² (the kk term vanishes by current conservation,
    :func:`current_conservation`, a matrix identity) and the photon sum −g;
§2  checks: m_V → 0 gives Ribberfors' X(K₁, K₂) exactly (:func:`massless_vector_limit`); m_e → 0
    gives the crossed q q̄ → γ* g ("QCD Compton") matrix element (:func:`massless_electron_limit`);
    the longitudinal part X_L (the current's component along the atom's rest frame n) and the
    transverse part X_T = X_V − X_L, each checked against a second calculation with explicit
    polarisation vectors and no −g anywhere (:func:`explicit_polarisation_check`);
§3  free electron at rest: ω′(θ), the T range, dσ/dΩ, dσ/dT, the Thomson limit σv → κ²σ_T of a
    V at rest, the Klein–Nishina limit of the transverse part (the unpolarised average → ⅔ KN:
    the third, longitudinal state decouples as m_V → 0);
§4  impulse approximation (Ribberfors 1975): p_z from energy conservation (the same map
    p_z(q, T) as for every projectile: it comes from the electron side only), the q window
    [abs(k − ω′), k + ω′], K̄₁, K̄₂, the flux factor, the δ-profile (free-electron) limit and the
    dark-matter (k → 0) limit.

Conventions. ω = total energy of V, k = abs(k) = √(ω² − m_V²), ω′ = photon energy, T = ω − ω′,
θ = angle between k and k′ in the atom's rest frame, q = abs(k − k′). Averages over the vector's
states: "unpolarised" (⅓Σ over three states; dark-photon dark matter), "transverse" (½Σ over the
helicity ±1 states, the photon-like part), "longitudinal" (helicity 0 in the atom's rest frame).
The electron spin is averaged (½Σ) and the photon polarisation summed in all three.
X_L at the impulse approximation's off-shell K̄₁, K̄₂ can turn slightly negative far in the profile
tails (≲ 1 % of its peak); the unpolarised and transverse kernels stay positive (the tests check
them on grids).

The generated NumPy code (``mcpria_lite.particles._dark_compton_generated``, wrapped by
:mod:`mcpria_lite.particles.dark_photon`) is written from :func:`dark_compton_results`.

References: Ribberfors, Phys. Rev. B 12, 2067 (1975); Peskin & Schroeder (1995) §5.5 (Compton,
Ward identity); R. K. Ellis, W. J. Stirling, B. R. Webber, *QCD and collider physics* (CUP 1996),
the q q̄ → γ* g and q g → γ* q matrix elements; M. Pospelov, A. Ritz, M. Voloshin, Phys. Rev. D 78,
115012 (2008) (the Thomson limit of vector absorption with photon emission).
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from . import kinematics as d
from .amplitudes import _ETA, _GAMMA, _ONE, _dbar, _slash
from .kinematics import K1, K2, Result, T, X_ribberfors, alpha, c, m_e, pz, q
from .kinematics import k as kV  # abs(k) of the vector (the kinematics' symbol "k")

__all__ = [
    "m_V", "omega", "omega_p", "kappa", "Pn", "Kn", "KPn", "K1t", "X_V", "POLARISATIONS",
    "trace_sum_polarisations", "current_conservation", "X_V_check", "massless_vector_limit",
    "massless_electron_limit", "H_nn", "X_L", "X_T", "explicit_polarisation_check",
    "longitudinal_vanishes_for_massless", "EXACT_POINTS", "explicit_polarisation_check_exact", "dark_k_of_omega", "dark_omega_prime_free", "dark_T_range_free",
    "averaged_amplitude_squared", "dark_dsigma_dOmega_free", "dark_dsigma_dT_free", "dsigma_dT_from_dOmega_check",
    "sigma_v_at_rest", "thomson_limit", "klein_nishina_limit", "dark_q_squared_of_cos", "dark_pz_of_cos",
    "dark_check_pz_forms", "dark_q_window", "ridge_in_window_check", "dark_dcos_dq", "K1_dark", "K2_dark",
    "K_forms_check", "flux_factor_check", "ria_dsigma_dT_integrand", "delta_profile_check", "pz_dark_matter",
    "sigma_v_dark_matter_check", "dark_compton_checks", "dark_compton_results",
]

# ----------------------------------------------------------------------------------------------
# Symbols (new ones; the package's m_e, K1, K2, T, q, p_z, c, alpha are reused)
# ----------------------------------------------------------------------------------------------
m_V = sp.Symbol("m_V", positive=True)          # dark-photon mass
omega = sp.Symbol("omega", positive=True)      # total energy of V
omega_p = sp.Symbol("omega'", positive=True)   # photon energy
kappa = sp.Symbol("kappa", positive=True)      # kinetic mixing
_w = sp.Symbol("w", real=True)                 # k·k′
Pn, Kn, KPn = sp.symbols("Pn Kn KPn", real=True)  # p·n, k·n, k′·n with n the atom's 4-velocity

K1t = K1 + m_V**2 / 2
"""K̃₁ = (s − m_e²)/2 = K₁ + m_V²/2: the s-channel propagator is 1/(2K̃₁)."""

# frame for the traces: electron at rest, k along z, k′ in the x–z plane (general for 3 momenta)
_Ek, _kz, _Ekp, _kxp, _kzp = sp.symbols("E_k k_z E_kp k_xp k_zp", real=True)
_Ds, _Du = sp.symbols("D_s D_u")  # 1/(s − m_e²) and 1/(u − m_e²), kept symbolic in the traces
_P = (m_e, 0, 0, 0)
_K = (_Ek, 0, 0, _kz)
_KP = (_Ekp, _kxp, 0, _kzp)
_PP = tuple(_P[i] + _K[i] - _KP[i] for i in range(4))


def _add(a, b, sign=1):
    return tuple(a[i] + sign * b[i] for i in range(4))


def _operator(eps_V, eps_g, P=_P, K=_K, KP=_KP, Ds=_Ds, Du=_Du):
    """Dirac operator O of M = e²κ ū(p′) O u(p) for given polarisation 4-vectors (upper index)
    or, when an argument is an int, for the Lorentz index μ (γ^μ in its place).

    O = ε̸′* (p̸ + k̸ + m_e) ε̸ /(s − m_e²) + ε̸ (p̸ − k̸′ + m_e) ε̸′* /(u − m_e²)
    (s-channel: V absorbed first; u-channel: photon emitted first). Real polarisation vectors.
    """
    def slash_or_gamma(x):
        return _GAMMA[x] if isinstance(x, int) else _slash(x)

    eV, eg = slash_or_gamma(eps_V), slash_or_gamma(eps_g)
    A = _slash(_add(P, K)) + m_e * _ONE
    B = _slash(_add(P, KP, -1)) + m_e * _ONE
    return eg * A * eV * Ds + eV * B * eg * Du


def _spin_sum(O, P=_P, PP=_PP):
    """Σ_spins abs(ū(p′) O u(p))² = Tr[(p̸′ + m_e) O (p̸ + m_e) Ō].

    Tr[X Y] = Σ_ab X_ab Y_ba: only the diagonal of the last product is formed and expanded (the
    same expanded polynomial as expanding all 16 entries and tracing, about 5 times faster).
    """
    X = (_slash(PP) + m_e * _ONE) * O * (_slash(P) + m_e * _ONE)
    Y = _dbar(O)
    return sp.expand(sp.Add(*(X[a, b] * Y[b, a] for a in range(4) for b in range(4))))


def _to_invariants(expr):
    """Frame expression → K₁ = p·k = m_eE_k, K₂ = p·k′ = m_eE_kp, w = k·k′ (k² = m_V², k′² = 0),
    then the final electron on shell, (p + k − k′)² = m_e² ⇔ w = K₁ − K₂ + m_V²/2, and the
    propagators 1/(s − m_e²) = 1/(2K₁ + m_V²), 1/(u − m_e²) = −1/(2K₂)."""
    e = sp.expand(expr).subs(_kxp**2, _Ekp**2 - _kzp**2)
    e = sp.expand(e).subs(_kzp, (_Ek * _Ekp - _w) / _kz)
    num, den = sp.fraction(sp.together(sp.expand(e)))
    num = sp.expand(num)
    for _ in range(8):
        num = sp.expand(num.subs(_kz**2, _Ek**2 - m_V**2))
    e = sp.expand(num / den).subs({_Ek: K1 / m_e, _Ekp: K2 / m_e})
    e = e.subs(_w, K1 - K2 + m_V**2 / 2).subs({_Ds: 1 / (2 * K1 + m_V**2), _Du: -1 / (2 * K2)})
    return sp.factor(sp.cancel(e))


# ----------------------------------------------------------------------------------------------
# 1. Σ abs(M)² with −g + kk/m_V² for V and −g for the photon
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def trace_sum_polarisations():
    """Σ_{spins, 3 V pol., 2 γ pol.} abs(M)² / (e⁴κ²) in K₁, K₂ (−g for both polarisation sums;
    the kk/m_V² term of the massive sum is dropped, see ``current_conservation``).

    Σ_pol ε_μ ε*_μ′ = −g_μμ′ (and the same for the photon) turns the double sum into
    Σ_{μν} η_μ η_ν Tr[(p̸′ + m_e) O^{μν} (p̸ + m_e) Ō^{μν}] (the two minus signs cancel).
    """
    tot = 0
    for mu in range(4):
        for nu in range(4):
            tot += _ETA[mu] * _ETA[nu] * _spin_sum(_operator(mu, nu))
    return _to_invariants(tot)


def current_conservation():
    """(p̸′ + m_e) [k_μ O^{μν}] (p̸ + m_e) for ν = 0…3 on shell: four 4×4 matrices that vanish.

    ū(p′) k_μ O^{μν} u(p) = 0 for all spins ⇔ the projected matrix vanishes (u ū summed = p̸ + m_e),
    so the kk/m_V² term of the massive polarisation sum drops out of Σ abs(M)² for any m_V
    (Ward identity of the electron line; Peskin & Schroeder §5.5). Evaluated in the electron
    rest frame, k = (ω, 0, 0, k), k′ = ω′(1, sinθ, 0, cosθ), with ω′ from energy–momentum
    conservation (``dark_omega_prime_free``).
    """
    s = sp.Symbol("s_theta", positive=True)
    K = (omega, 0, 0, kV)
    KP = (omega_p, omega_p * s, 0, omega_p * c)
    PP = _add(_add(_P, K), KP, -1)
    Ds = 1 / (2 * m_e * omega + m_V**2)
    Du = -1 / (2 * m_e * omega_p)
    wp = dark_omega_prime_free()
    out = []
    for nu in range(4):
        O = _operator(K, nu, K=K, KP=KP, Ds=Ds, Du=Du)  # ε_V → k (upper index: k̸ = γ^μ k_μ)
        Mx = (_slash(PP) + m_e * _ONE) * O * (_slash(_P) + m_e * _ONE)
        Mx = Mx.applyfunc(lambda x: sp.expand(x * 2 * m_e * omega_p * (2 * m_e * omega + m_V**2)))
        Mx = Mx.applyfunc(lambda x: sp.expand(x.subs(s**2, 1 - c**2)).subs(kV**2, omega**2 - m_V**2))
        Mx = Mx.applyfunc(lambda x: _vanishing_or_simplified(x.subs(omega_p, wp)))
        out.append(Mx)
    return out


def _vanishing_or_simplified(x):
    """0 when the expanded numerator of ``x`` over a common denominator is 0 (an exact test for a
    rational function), otherwise ``sp.simplify(x)``."""
    if sp.expand(sp.numer(sp.together(x))) == 0:
        return sp.Integer(0)
    return sp.simplify(x)


X_V = (
    K1t / K2 + K2 / K1t + 2 * m_e**2 * (1 / K1t - 1 / K2) + m_e**4 * (1 / K1t - 1 / K2) ** 2
    + m_V**2 * (1 / K1t - 1 / K2) + m_V**2 * m_e**2 / 2 * (1 / K1t**2 + 1 / K2**2) + m_V**4 / (2 * K1t * K2)
)
"""X_V(K₁, K₂, m_V): Σ_{spins, 3 pol., 2 pol.} abs(M)² = 8e⁴κ² X_V, with K̃₁ = K₁ + m_V²/2.
The first four terms are Ribberfors' X(K̃₁, K₂); the last three carry m_V²."""


def X_V_check():
    """trace/8 − X_V (must vanish)."""
    return sp.simplify(trace_sum_polarisations() / 8 - X_V)


def massless_vector_limit():
    """X_V(m_V = 0) − X_Ribberfors(K₁, K₂) (must vanish: the photon Compton kernel)."""
    return sp.simplify(X_V.subs(m_V, 0) - X_ribberfors)


def massless_electron_limit():
    """X_V(m_e = 0) + (s/u + u/s + 2m_V² t/(su)) with s = 2K₁ + m_V², u = −2K₂, t = m_V² − s − u
    (must vanish). The bracket is the crossed q q̄ → γ* g matrix element (t² + u² + 2sQ²)/(tu)
    (s ↔ t, overall − for crossing a fermion), i.e. the published "QCD Compton" q g → γ* q with
    Q² = m_V² (Ellis, Stirling & Webber 1996)."""
    s = 2 * K1 + m_V**2
    u = -2 * K2
    t = m_V**2 - s - u
    return sp.simplify(X_V.subs(m_e, 0) + (s / u + u / s + 2 * m_V**2 * t / (s * u)))


# ----------------------------------------------------------------------------------------------
# 2. Longitudinal / transverse split (atom rest frame n = (1, 0, 0, 0))
# ----------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def H_nn():
    """n_μ n_ν H^{μν} / (e⁴κ²), H^{μν} = Σ_{spins, γ pol.} M^μ M^{ν*} (the V index left open),
    for a general unit time-like n (n² = 1), in K₁, K₂ and Pn = p·n, Kn = k·n, KPn = k′·n.

    Computed in the electron rest frame with n = (n0, nx, ny, nz); ny enters only as ny², which
    n² = 1 eliminates, and n0, nz, nx are solved from p·n, k·n, k′·n.
    """
    n0, nx, ny, nz = sp.symbols("n0 nx ny nz", real=True)
    N = (n0, nx, ny, nz)
    tot = 0
    for nu in range(4):
        tot += -_ETA[nu] * _spin_sum(_operator(N, nu))  # photon: −g
    e = sp.expand(sp.expand(tot).subs(ny**2, n0**2 - nx**2 - nz**2 - 1))
    assert not e.has(ny)
    e = e.subs(n0, Pn / m_e)
    e = sp.expand(e.subs(nz, (_Ek * Pn / m_e - Kn) / _kz))
    e = sp.expand(e.subs(nx, (_Ekp * Pn / m_e - _kzp * (_Ek * Pn / m_e - Kn) / _kz - KPn) / _kxp))
    num, den = sp.fraction(sp.together(sp.expand(sp.cancel(e))))
    num = sp.expand(num)
    for _ in range(8):
        num = sp.expand(num.subs(_kxp**2, _Ekp**2 - _kzp**2))
    return _to_invariants(num / den)


@lru_cache(maxsize=None)
def X_L():
    """X_L: Σ_{spins, γ pol.} abs(ε_L·M)² = 8e⁴κ² X_L for the longitudinal state in the frame n.

    ε_L = [k (k·n) − n m_V²]/(m_V abs(k)), abs(k)² = (k·n)² − m_V². By current
    conservation (k_μ H^{μν} = 0) only its n part contributes: ε_L·H·ε_L = (m_V²/abs(k)²) H_nn.
    """
    return sp.factor(m_V**2 / (Kn**2 - m_V**2) * H_nn() / 8)


def X_T():
    """X_T = X_V − X_L: Σ over the two transverse states (8e⁴κ² X_T)."""
    return X_V - X_L()


def explicit_polarisation_check():
    """Independent calculation: explicit ε_T1 = (0,1,0,0), ε_T2 = (0,0,1,0),
    ε_L = (k, 0, 0, ω)/m_V for V along z and ε′₁ = (0, cosθ, 0, −sinθ), ε′₂ = (0, 0, 1, 0) for the
    photon, each abs(M)² summed over spins (no −g anywhere), in the electron rest frame = atom frame,
    compared with 8X_T and 8X_L at K₁ = m_eω, K₂ = m_eω′, p·n = m_e, k·n = ω, k′·n = ω′.

    Returns (ΣT/8 − X_T, ΣL/8 − X_L), each simplified (both must vanish).
    """
    s = sp.Symbol("s_theta", positive=True)
    K = (omega, 0, 0, kV)
    KP = (omega_p, omega_p * s, 0, omega_p * c)
    PP = _add(_add(_P, K), KP, -1)
    Ds = 1 / (2 * m_e * omega + m_V**2)
    Du = -1 / (2 * m_e * omega_p)
    eT = [(0, 1, 0, 0), (0, 0, 1, 0)]
    eL = (kV / m_V, 0, 0, omega / m_V)
    eg = [(0, c, 0, -s), (0, 0, 1, 0)]

    def summed(eVs):
        tot = 0
        for eV in eVs:
            for e2 in eg:
                tot += _spin_sum(_operator(eV, e2, K=K, KP=KP, Ds=Ds, Du=Du), PP=PP)
        return tot

    def on_shell(x):
        x = sp.expand(x).subs(s**2, 1 - c**2)
        x = sp.expand(x).subs(kV**2, omega**2 - m_V**2)
        return x.subs(omega_p, dark_omega_prime_free())

    frame = {K1: m_e * omega, K2: m_e * omega_p, Pn: m_e, Kn: omega, KPn: omega_p}
    xt = X_T().subs(frame)
    xl = X_L().subs(frame)
    dT = on_shell(summed(eT) / 8 - xt)
    dL = on_shell(summed([eL]) / 8 - xl)
    simp = lambda x: sp.simplify(sp.factor(sp.cancel(x.subs(kV, sp.sqrt(omega**2 - m_V**2)))))  # noqa: E731
    return simp(dT), simp(dL)


#: Exact kinematic points (m_V, k, m_e, cos θ, sin θ) with rational ω = √(k² + m_V²) and cos²θ + sin²θ = 1.
EXACT_POINTS = (
    (sp.Integer(3), sp.Integer(4), sp.Integer(7), sp.Rational(3, 5), sp.Rational(4, 5)),
    (sp.Integer(5), sp.Integer(12), sp.Integer(2), sp.Rational(-8, 17), sp.Rational(15, 17)),
    (sp.Integer(8), sp.Integer(15), sp.Integer(511), sp.Rational(7, 25), sp.Rational(24, 25)),
    (sp.Integer(20), sp.Integer(21), sp.Rational(1, 3), sp.Rational(-12, 13), sp.Rational(5, 13)),
)


def explicit_polarisation_check_exact(points=EXACT_POINTS):
    """The check of ``explicit_polarisation_check`` in exact rational arithmetic at the kinematic points
    ``points`` (m_V, k, m_e, cos θ, sin θ): the explicit-vector spin sums minus 8X_T and 8X_L, per point
    (all must be 0). Seconds instead of minutes: the traces are taken with numbers."""
    out = []
    for mV_, k_, me_, c_, s_ in points:
        w_ = sp.sqrt(k_**2 + mV_**2)
        assert w_.is_Rational, "omega must be rational"
        assert c_**2 + s_**2 == 1
        wp_ = (mV_**2 + 2 * me_ * w_) / (2 * (me_ + w_ - k_ * c_))
        P = (me_, 0, 0, 0)
        K = (w_, 0, 0, k_)
        KP = (wp_, wp_ * s_, 0, wp_ * c_)
        PP = _add(_add(P, K), KP, -1)
        Ds = 1 / (2 * me_ * w_ + mV_**2)
        Du = -1 / (2 * me_ * wp_)
        eg = [(0, c_, 0, -s_), (0, 0, 1, 0)]

        def summed(eVs):
            tot = 0
            for eV in eVs:
                for e2 in eg:
                    O = _operator(eV, e2, P=P, K=K, KP=KP, Ds=Ds, Du=Du).subs(m_e, me_)
                    tot += sp.expand(((_slash(PP) + me_ * _ONE) * O * (_slash(P) + me_ * _ONE) * _dbar(O)).trace())
            return sp.nsimplify(tot)

        frame = {K1: me_ * w_, K2: me_ * wp_, Pn: me_, Kn: w_, KPn: wp_, m_e: me_, m_V: mV_}
        xt = sp.nsimplify(X_T().subs(frame))
        xl = sp.nsimplify(X_L().subs(frame))
        eL = (k_ / mV_, 0, 0, w_ / mV_)
        out.append((sp.simplify(summed([(0, 1, 0, 0), (0, 0, 1, 0)]) / 8 - xt), sp.simplify(summed([eL]) / 8 - xl)))
    return out


def longitudinal_vanishes_for_massless():
    """X_L at fixed K₁, K₂, p·n, k·n, k′·n for m_V → 0 (must be 0): a massless V is transverse."""
    return sp.simplify(sp.limit(X_L(), m_V, 0))


# ----------------------------------------------------------------------------------------------
# 3. Free electron at rest
# ----------------------------------------------------------------------------------------------
def dark_k_of_omega():
    """abs(k) = √(ω² − m_V²) of the massive vector."""
    return sp.sqrt(omega**2 - m_V**2)


@lru_cache(maxsize=None)
def dark_omega_prime_free():
    """ω′(θ) for an electron at rest: (p + k − k′)² = m_e² ⇒ ω′ = (m_V² + 2m_eω)/(2(m_e + ω − k cosθ))."""
    wp = sp.Symbol("wp", positive=True)
    pp = (m_e + omega - wp, -wp * sp.sqrt(1 - c**2), 0, kV - wp * c)
    eq = sp.expand(d.minkowski(pp, pp) - m_e**2).subs(kV**2, omega**2 - m_V**2)
    return sp.solve(eq, wp)[0]


@lru_cache(maxsize=None)
def dark_T_range_free():
    """(T_min, T_max) = ω − ω′(cosθ = ±1): (ω ∓ k)²/(2(m_e + ω ∓ k)); checked against the closed forms.

    Returns (T_min, T_max, difference_min, difference_max) with the differences 0.
    """
    wp = dark_omega_prime_free()
    tmin = sp.simplify(omega - wp.subs(c, 1))
    tmax = sp.simplify(omega - wp.subs(c, -1))
    cmin = (omega - kV) ** 2 / (2 * (m_e + omega - kV))
    cmax = (omega + kV) ** 2 / (2 * (m_e + omega + kV))
    red = lambda x: sp.simplify(sp.factor(sp.expand(sp.numer(sp.together(x))).subs(kV**2, omega**2 - m_V**2)))  # noqa: E731
    return cmin, cmax, red(tmin - cmin), red(tmax - cmax)


POLARISATIONS = {"unpolarised": 3, "transverse": 2, "longitudinal": 1}


def averaged_amplitude_squared(pol="unpolarised", frame_values=None):
    """⟨abs(M)²⟩ = 8e⁴κ² X_pol / (2 n_pol): electron spin averaged (½), V averaged over its n_pol
    states, photon summed. X_pol = X_V, X_T, X_L (the last two need p·n, k·n, k′·n)."""
    e2 = 4 * sp.pi * alpha
    X = {"unpolarised": X_V, "transverse": X_T(), "longitudinal": X_L()}[pol]
    if frame_values:
        X = X.subs(frame_values)
    return 8 * e2**2 * kappa**2 * X / (2 * POLARISATIONS[pol])


def dark_dsigma_dOmega_free(pol="unpolarised"):
    """dσ/dΩ (lab, electron at rest) = ⟨abs(M)²⟩ ω′ / (64π² m_e k (m_e + ω − k cosθ)).

    From dσ = ⟨abs(M)²⟩/(4 m_e k) dΦ₂; the flux 4√((p·k)² − m_e²m_V²) = 4m_e k; the δ of energy
    gives the factor E_p′/(m_e + ω − k cosθ)."""
    wp = dark_omega_prime_free()
    frame = {K1: m_e * omega, K2: m_e * wp, Pn: m_e, Kn: omega, KPn: wp}
    amp = averaged_amplitude_squared(pol, frame)
    return amp * wp / (64 * sp.pi**2 * m_e * kV * (m_e + omega - kV * c))


@lru_cache(maxsize=None)
def dark_dsigma_dT_free(pol="unpolarised"):
    """dσ/dT (T = ω − ω′, electron at rest) = ⟨abs(M)²⟩/(32π m_e k²) at K₁ = m_eω, K₂ = m_e(ω − T)
    (from dσ/dt_e = ⟨abs(M)²⟩/(16πλ), λ = 4m_e²k², t_e = (p − p′)² = −2m_eT)."""
    frame = {K1: m_e * omega, K2: m_e * (omega - T), Pn: m_e, Kn: omega, KPn: omega - T}
    return averaged_amplitude_squared(pol, frame) / (32 * sp.pi * m_e * kV**2)


def dsigma_dT_from_dOmega_check(pol="unpolarised"):
    """2π dσ/dΩ abs(dcosθ/dω′) − dσ/dT (must vanish): the two free-electron forms agree."""
    wp = sp.Symbol("wp", positive=True)
    c_of = (m_e + omega - (m_V**2 + 2 * m_e * omega) / (2 * wp)) / kV  # inverse of ω′(θ)
    dc = sp.diff(c_of, wp)
    expr = 2 * sp.pi * dark_dsigma_dOmega_free(pol).subs(c, c_of) * sp.Abs(dc)
    expr = expr.subs(omega_p, wp)
    diff = expr.subs(wp, omega - T) - dark_dsigma_dT_free(pol)
    diff = diff.subs(kV, sp.sqrt(omega**2 - m_V**2))
    return sp.simplify(diff)


@lru_cache(maxsize=None)
def sigma_v_at_rest():
    """σv for a V at rest (ω = m_V, k → 0) on an electron at rest, unpolarised (exact in m_V/m_e):
    σv = 4π (dσ/dΩ)(k/ω) (isotropic). Returns (σv, σv/(κ²σ_T)), σ_T = 8πα²/(3m_e²)."""
    wp = m_V * (m_V + 2 * m_e) / (2 * (m_e + m_V))
    frame = {K1: m_e * m_V, K2: m_e * wp}
    amp = averaged_amplitude_squared("unpolarised", frame)
    sv = sp.simplify(4 * sp.pi * amp * wp / (64 * sp.pi**2 * m_e * (m_e + m_V)) / m_V)
    sigma_T = 8 * sp.pi * alpha**2 / (3 * m_e**2)
    return sv, sp.simplify(sv / (kappa**2 * sigma_T))


def thomson_limit():
    """lim_{m_V/m_e → 0} σv/(κ²σ_T) (must be 1: a slow V drives the electron like a photon)."""
    return sp.limit(sigma_v_at_rest()[1], m_V, 0)


def klein_nishina_limit():
    """Transverse dσ/dT at m_V → 0 minus Klein–Nishina (``mcpria_lite.derivation.klein_nishina_dsigma_dT``
    with E = ω) (must vanish), and the unpolarised one over KN (→ 2/3: the third state is
    longitudinal and decouples)."""
    tr = dark_dsigma_dT_free("transverse").subs(kV, sp.sqrt(omega**2 - m_V**2))
    un = dark_dsigma_dT_free("unpolarised").subs(kV, sp.sqrt(omega**2 - m_V**2))
    kn = d.klein_nishina_dsigma_dT().subs(d.E, omega)
    a = sp.simplify(sp.limit(tr, m_V, 0) / kappa**2 - kn)
    b = sp.simplify(sp.limit(un, m_V, 0) / (kappa**2 * kn))
    return a, b


# ----------------------------------------------------------------------------------------------
# 4. Impulse approximation (Ribberfors): p_z, window, K̄₁, K̄₂, flux, limits
# ----------------------------------------------------------------------------------------------
def dark_q_squared_of_cos():
    """q² = abs(k − k′)² = k² + ω′² − 2kω′ cosθ."""
    return kV**2 + omega_p**2 - 2 * kV * omega_p * c


def dark_pz_of_cos():
    """p_z in the angle form: (ωω′ − kω′cosθ − m_V²/2 − m_eT)/q (cf. the MCP form with m² → m_V²/2:
    only the incoming particle is massive)."""
    return (omega * omega_p - kV * omega_p * c - m_V**2 / 2 - m_e * T) / q


def dark_check_pz_forms():
    """p_z(q) of the package, (q² − T² − 2m_eT)/(2q), equals the angle form on shell (returns 0).

    p_z comes from the electron side only (energy conservation with E_i = m_e,
    ``mcpria_lite.derivation.pz_energy_conservation``), so it is the same function of (q, T)
    for photons, MCPs and dark photons; only q(θ) and its window change."""
    diff = sp.expand(dark_pz_of_cos() * q - d.pz_of_q() * q).subs(q**2, dark_q_squared_of_cos())
    diff = diff.subs(omega_p, omega - T).subs(kV**2, omega**2 - m_V**2)
    return sp.simplify(sp.expand(diff))


def dark_q_window():
    """(q_min, q_max) = (abs(k − ω′), k + ω′): forward and backward photon at fixed T."""
    return sp.Abs(kV - omega_p), kV + omega_p


def ridge_in_window_check():
    """On the free ridge p_z = 0, q² = W = T² + 2m_eT. At T = T_min, T_max (``dark_T_range_free``)
    q² at cosθ = +1, −1 equals W (returns the two differences, 0): the free-electron T range is
    exactly where the ridge lies inside the window."""
    tmin, tmax, _, _ = dark_T_range_free()
    out = []
    for Tx, cx in ((tmin, 1), (tmax, -1)):
        qq = dark_q_squared_of_cos().subs(c, cx).subs(omega_p, omega - Tx)
        W = (T**2 + 2 * m_e * T).subs(T, Tx)
        diff = sp.together(sp.expand(qq - W))
        num = sp.expand(sp.numer(diff))
        for _ in range(4):
            num = sp.expand(num.subs(kV**2, omega**2 - m_V**2))
        out.append(sp.simplify(num))
    return out


def dark_dcos_dq():
    """dcosθ/dq = −q/(kω′) at fixed T."""
    csol = sp.solve(sp.Eq(q**2, dark_q_squared_of_cos()), c)[0]
    return sp.simplify(sp.diff(csol, q))


def K1_dark():
    """K̄₁ = p·k with p = (E(p_z), −p_z q̂): E(p_z)ω + p_z (k·q)/q, k·q = (k² − ω′² + q²)/2,
    k² − ω′² = T(2ω − T) − m_V²."""
    return d.E_of_pz() * omega + pz * (T * (2 * omega - T) - m_V**2 + q**2) / (2 * q)


def K2_dark():
    """K̄₂ = p·k′: E(p_z)ω′ + p_z (k′·q)/q, k′·q = (k² − ω′² − q²)/2, ω′ = ω − T."""
    return d.E_of_pz() * (omega - T) + pz * (T * (2 * omega - T) - m_V**2 - q**2) / (2 * q)


def K_forms_check():
    """K̄₁, K̄₂ against the direct dot products with k·q = k² − kω′cosθ, k′·q = kω′cosθ − ω′²
    (returns two differences, 0); and their ridge values m_eω, m_eω′ at p_z = 0."""
    kq = kV**2 - kV * omega_p * c
    kpq = kV * omega_p * c - omega_p**2
    a = K1_dark() - (d.E_of_pz() * omega + pz * kq / q)
    b = K2_dark() - (d.E_of_pz() * omega_p + pz * kpq / q)
    sub = lambda x: sp.simplify(sp.expand(x.subs(omega_p, omega - T)).subs(  # noqa: E731
        c, (kV**2 + (omega - T) ** 2 - q**2) / (2 * kV * (omega - T))).subs(kV**2, omega**2 - m_V**2))
    return sub(a), sub(b), sp.simplify(K1_dark().subs(pz, 0)), sp.simplify(K2_dark().subs(pz, 0))


def flux_factor_check():
    """Covariant flux 4√((p·k)² − m_e²m_V²) for the electron at rest equals the impulse
    approximation's non-covariant 4E(p_z)k at p_z = 0 (returns the difference, 0). In the
    impulse approximation the flux is 4E(p_z)abs(k) (beam flux times electron density, the
    package's convention for photons and MCPs)."""
    cov = 4 * sp.sqrt((m_e * omega) ** 2 - m_e**2 * m_V**2)
    return sp.simplify(cov - 4 * d.E_of_pz().subs(pz, 0) * kV).subs(kV, sp.sqrt(omega**2 - m_V**2))


def ria_dsigma_dT_integrand(pol="unpolarised"):
    """dσ/dT = (1/(32πk²)) ∫ dq ⟨abs(M)²⟩(K̄₁, K̄₂) J(p_z)/E(p_z):
    d²σ/(dT dΩ) = (ω′/k) ⟨abs(M)²⟩ J /(64π² q E(p_z)) (flux 4E(p_z)k, phase space ω′dω′dΩ/(16π²)… as for
    photons with k′ → ω′), and dΩ = 2π dcosθ = 2π q dq/(kω′). Returns the integrand per dq (× J)."""
    amp = averaged_amplitude_squared(pol, {K1: K1_dark(), K2: K2_dark(), Pn: d.E_of_pz(), Kn: omega, KPn: omega - T})
    return amp / (32 * sp.pi * kV**2 * d.E_of_pz())


def delta_profile_check(pol="unpolarised"):
    """J = δ(p_z): ∫ dq (dq/dp_z)… → integrand at p_z = 0, q = √W, times dq/dp_z = 1 there; minus
    the free dσ/dT (must vanish)."""
    at_ridge = ria_dsigma_dT_integrand(pol).subs(pz, 0).subs(q, sp.sqrt(T**2 + 2 * m_e * T))
    jac = d.dq_dpz().subs(pz, 0)
    return sp.simplify(at_ridge * jac - dark_dsigma_dT_free(pol))


def pz_dark_matter():
    """k → 0 (V at rest, ω = m_V): the window shrinks to q = ω′ = m_V − T and
    p_z(T) = (ω′² − T² − 2m_eT)/(2ω′) = (m_V² − 2m_VT − 2m_eT)/(2(m_V − T))."""
    return sp.simplify(d.pz_of_q().subs(q, m_V - T))


def sigma_v_dark_matter_check():
    """d(σv)/dT for k → 0: (k/ω)(2k)(integrand) = ⟨abs(M)²⟩J(p_z)/(16πωE(p_z)); with J = δ(p_z)
    integrated over T it must equal the free σv at rest (``sigma_v_at_rest``). Returns the difference."""
    p_dm = pz_dark_matter()
    T0 = sp.solve(sp.numer(sp.together(p_dm)), T)[0]  # the free ridge m_V²/(2(m_V + m_e))
    dpdT = sp.diff(p_dm, T).subs(T, T0)
    amp = averaged_amplitude_squared("unpolarised", {K1: m_e * m_V, K2: m_e * (m_V - T0)})
    sv = amp / (16 * sp.pi * m_V * m_e) / sp.Abs(dpdT)
    return sp.simplify(sv - sigma_v_at_rest()[0]), sp.simplify(T0)


def dark_compton_checks() -> dict:
    """Every symbolic check of this module, name → value (each must be 0, or the stated constant)."""
    out = {
        "X_V: trace/8 - X_V": X_V_check(),
        "m_V -> 0: X_V - X_Ribberfors": massless_vector_limit(),
        "m_e -> 0: X_V vs crossed QCD Compton": massless_electron_limit(),
        "current conservation (4 matrices)": sum((sum(abs(x) for x in M) for M in current_conservation()), sp.Integer(0)),
        "explicit polarisations (T, L)": explicit_polarisation_check(),
        "X_L(m_V -> 0)": longitudinal_vanishes_for_massless(),
        "T range closed forms": dark_T_range_free()[2:],
        "dsigma/dT vs 2pi dsigma/dOmega (unpol)": dsigma_dT_from_dOmega_check("unpolarised"),
        "dsigma/dT vs 2pi dsigma/dOmega (transverse)": dsigma_dT_from_dOmega_check("transverse"),
        "Thomson limit sigma v/(kappa^2 sigma_T) [1]": thomson_limit(),
        "KN: transverse - KN, unpol/KN [0, 2/3]": klein_nishina_limit(),
        "p_z forms": dark_check_pz_forms(),
        "ridge inside window at T_min/T_max": ridge_in_window_check(),
        "dcos/dq [-q/(k omega')]": dark_dcos_dq(),
        "K1, K2 forms; ridge values [0, 0, m_e omega, m_e omega']": K_forms_check(),
        "flux factor": flux_factor_check(),
        "delta profile = free (unpol)": delta_profile_check("unpolarised"),
        "delta profile = free (transverse)": delta_profile_check("transverse"),
        "DM k->0: sigma v from RIA ridge - free; T_free": sigma_v_dark_matter_check(),
        "sigma v at rest / (kappa^2 sigma_T), exact": sigma_v_at_rest()[1],
    }
    return out


# ----------------------------------------------------------------------------------------------
# The expressions turned into code (mcpria_lite.particles._dark_compton_generated)
# ----------------------------------------------------------------------------------------------
def dark_compton_results() -> list[Result]:
    """Generated-code entries: X_V, X_L, K̄₁, K̄₂ of the impulse approximation, the free-electron
    T range, dσ/dT and σv at rest (natural units)."""
    dt = sp.simplify(dark_dsigma_dT_free("unpolarised").subs(kV, sp.sqrt(omega**2 - m_V**2)))
    tmin, tmax, _, _ = dark_T_range_free()
    return [
        Result("x_dark_v", X_V, (K1, K2, m_e, m_V),
               "X_V(K1, K2, m_V): the sum over spins and all polarisations is 8 e^4 kappa^2 X_V."),
        Result("x_dark_l", X_L(), (K1, K2, Pn, Kn, KPn, m_e, m_V),
               "X_L, longitudinal V in the atom frame n: sum 8 e^4 kappa^2 X_L; Pn = p.n, Kn = k.n = omega, "
               "KPn = k'.n = omega'."),
        Result("k1_dark", K1_dark(), (pz, q, T, omega, m_e, m_V),
               "K1 = p.k for the electron momentum component p_z (massive vector, photon out)."),
        Result("k2_dark", K2_dark(), (pz, q, T, omega, m_e, m_V),
               "K2 = p.k' (the photon) for the electron momentum component p_z."),
        Result("t_min_dark", tmin, (omega, kV, m_e), "Free-electron T_min = (omega - k)^2/(2(m_e + omega - k))."),
        Result("t_max_dark", tmax, (omega, kV, m_e), "Free-electron T_max = (omega + k)^2/(2(m_e + omega + k))."),
        Result("dsigma_dT_free_dark_unpolarised", dt / kappa**2, (T, omega, m_e, m_V, alpha),
               "Free electron at rest, unpolarised V: dsigma/dT / kappa^2 (natural units, per electron)."),
        Result("sigma_v_rest", sigma_v_at_rest()[0] / kappa**2, (m_e, m_V, alpha),
               "sigma*v / kappa^2 of a V at rest on a free electron at rest (unpolarised, natural units)."),
    ]
