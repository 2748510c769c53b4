"""Kinematics: identities, limits, endpoints and precision, checked against independent evaluations
(explicit 4-vectors in 40-digit mpmath arithmetic, direct root finding, analytic Klein–Nishina)."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from scipy import integrate, optimize

from mcpria_lite import derivation as d
from mcpria_lite import kinematics as kin
from mcpria_lite.units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E, R_E_CM

mp.mp.dps = 40
MASSES = [0.0, 0.01, 1.0, 1e3, 1e6]  # keV: massless, 10 eV, 1 keV, 1 MeV, 1 GeV


def _free_cos_theta(T, E, m):
    """cos θ of χ for a free electron at rest receiving T (mpmath): from t = −2m_eT."""
    T, E, m = mp.mpf(T), mp.mpf(E), mp.mpf(m)
    Ep = E - T
    k, kp = mp.sqrt(E**2 - m**2), mp.sqrt(Ep**2 - m**2)
    return (E * Ep - m**2 - mp.mpf(M_E) * T) / (k * kp)


def _four_vectors(T, E, m, c):
    T, E, m, c = (mp.mpf(x) for x in (T, E, m, c))
    me = mp.mpf(M_E)
    Ep = E - T
    k, kp = mp.sqrt(E**2 - m**2), mp.sqrt(Ep**2 - m**2)
    s_th = mp.sqrt(1 - c**2)
    kin_ = [E, 0, 0, k]
    kout = [Ep, kp * s_th, 0, kp * c]
    p = [me, 0, 0, 0]
    return p, kin_, kout


def _mink(a, b):
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


def _add(a, b, sign=1):
    return [x + sign * y for x, y in zip(a, b)]


def _cases():
    for m in MASSES:
        for gamma_or_E in [("E", 400.0), ("gamma", 1.5), ("gamma", 100.0)]:
            if gamma_or_E[0] == "E":
                E = m + gamma_or_E[1]
            else:
                E = gamma_or_E[1] * max(m, 1.0) if m > 0 else gamma_or_E[1] * 100.0
            tmax = float(kin.T_max(E, m))
            for frac in (1e-3, 0.3, 0.999):
                yield T_from(frac, tmax), E, m


def T_from(frac, tmax):
    return frac * tmax


# ------------------------------------------------------------------------------------------------
def test_symbolic_identities():
    assert d.mandelstam()["identity"] == 0
    assert d.t_from_recoil() == -2 * d.T * d.m_e
    assert d.X_equivalence() == 0
    sb, tb, ub = d.stu_bar()
    assert sp.simplify(sb + tb + ub - 2 * d.M2) == 0
    ss, ts, us = d.stu_sim()
    assert sp.simplify(ss + ts + us - 2 * d.M2) == 0
    assert sp.simplify(d.dsigma_dT_free() - d.dsigma_dT_free_closed()) == 0
    assert sp.simplify(d.T_max_free() - d.T_max_free_closed()) == 0
    assert d.check_q_squared_stable() == 0
    assert d.check_pz_forms() == (0, 0)
    assert sp.simplify(d.pz_energy_conservation() - d.pz_of_q()) == 0
    assert d.ridge_check() == 0
    assert d.ribberfors_free_limit() == 0
    assert d.klein_nishina_check() == 0


@pytest.mark.parametrize("T,E,m", list(_cases()))
def test_stu_sum_numeric(T, E, m):
    """s + t + u = 2m_e² + 2m² from explicit 4-vectors (free kinematics), and s̄ + t̄ + ū likewise."""
    c = _free_cos_theta(T, E, m)
    p, k1, k2 = _four_vectors(T, E, m, c)
    s = _mink(_add(p, k1), _add(p, k1))
    t = _mink(_add(k1, k2, -1), _add(k1, k2, -1))
    u = _mink(_add(p, k2, -1), _add(p, k2, -1))
    M2 = 2 * mp.mpf(M_E) ** 2 + 2 * mp.mpf(m) ** 2
    assert abs((s + t + u - M2) / M2) < 1e-30
    # Qiao et al.'s s̄, ū from K̄1 at an arbitrary p_z and angle
    from mcpria_lite import _kinematics_generated as g

    cos = 0.3
    q = float(np.sqrt(kin.q_squared(T, E, m, cos)))
    Ep = E - T
    k, kp = float(kin.momentum(E, m)), float(kin.momentum(Ep, m))
    K1 = g.k1_bar(7.0 * AU_MOMENTUM_KEV, q, T, E, M_E)
    sbar = M_E**2 + m**2 + 2 * K1
    tbar = g.t_bar(q, T)
    ubar = M_E**2 - m**2 + 2 * (E * Ep - k * kp * cos) - 2 * K1
    assert sbar + tbar + ubar == pytest.approx(2 * M_E**2 + 2 * m**2, rel=1e-9)


@pytest.mark.parametrize("T,E,m", list(_cases()))
def test_fea_equals_amplitude(T, E, m):
    """dσ/dT (generated) = (1/4)Σ|M|²/(32π m_e k²) from explicit 4-vectors, to 1e-12."""
    c = _free_cos_theta(T, E, m)
    p, k1, k2 = _four_vectors(T, E, m, c)
    s = _mink(_add(p, k1), _add(p, k1))
    t = _mink(_add(k1, k2, -1), _add(k1, k2, -1))
    u = _mink(_add(p, k2, -1), _add(p, k2, -1))
    M2 = mp.mpf(M_E) ** 2 + mp.mpf(m) ** 2
    X = (s**2 + u**2 + 4 * t * M2 - 2 * M2**2) / t**2
    e2 = 4 * mp.pi * mp.mpf(ALPHA)
    amp2 = 2 * e2**2 * X
    k = mp.sqrt(mp.mpf(E) ** 2 - mp.mpf(m) ** 2)
    ref = amp2 / (32 * mp.pi * mp.mpf(M_E) * k**2) * mp.mpf(HBARC2_KEV2_CM2)
    got = kin.dsigma_dT_free(T, E, m)
    assert float(got) == pytest.approx(float(ref), rel=1e-12)


@pytest.mark.parametrize("E", [30.0, 420.0, 1e4, 1e6])
@pytest.mark.parametrize("T", [0.01, 1.0, 10.0])
def test_massless_limit(E, T):
    if T >= float(kin.T_max(E, 0.0)):
        pytest.skip("T above the endpoint")
    ref = 2 * np.pi * ALPHA**2 / (M_E * T**2) * (1 - T / E + T**2 / (2 * E**2) - M_E * T / (2 * E**2))
    assert float(kin.dsigma_dT_free(T, E, 0.0)) == pytest.approx(ref * HBARC2_KEV2_CM2, rel=1e-12)


@pytest.mark.parametrize("m", [1e5, 1e6, 1e7])
@pytest.mark.parametrize("beta", [1e-3, 1e-2])
def test_slow_heavy_limit(m, beta):
    """m → ∞ at fixed β: dσ/dT → 2πα²/(m_e β² T²) for T ≪ T_max (correction ∝ T/T_max)."""
    gamma = 1 / np.sqrt(1 - beta**2)
    E = gamma * m
    tmax = float(kin.T_max(E, m))
    assert tmax == pytest.approx(2 * M_E * beta**2 * gamma**2, rel=2 * M_E * gamma / m + 1e-9)
    T = 1e-4 * tmax
    ref = 2 * np.pi * ALPHA**2 / (M_E * beta**2 * T**2) * HBARC2_KEV2_CM2
    assert float(kin.dsigma_dT_free(T, E, m)) == pytest.approx(ref, rel=3e-4)


def _largest_T_at_angle(c, E, m):
    """Direct 2-body solve: the largest T in (0, E − m) with E + m_e = E′ + √(m_e² + q²) at cos θ = c.

    Uses the naive q² = k² + k′² − 2kk′c (independent of the package) and vectorised bisection.
    """
    c = np.atleast_1d(c)[:, None]
    kin_E = E - m
    x = np.logspace(-14, -0.3, 1200)
    Tg = kin_E * np.unique(np.concatenate([x, 1 - x]))[None, :]

    def r(T):
        k2, kp2 = E**2 - m**2, (E - T) ** 2 - m**2
        q2 = k2 + kp2 - 2 * np.sqrt(k2 * kp2) * c
        return np.sqrt(M_E**2 + q2) - M_E - T

    v = r(Tg)
    change = np.sign(v[:, :-1]) != np.sign(v[:, 1:])
    has = change.any(axis=1)
    idx = change.shape[1] - 1 - np.argmax(change[:, ::-1], axis=1)
    lo, hi = Tg[0, idx], Tg[0, idx + 1]
    s_lo = np.sign(r(lo[:, None] * np.ones_like(c))[:, 0])
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        same = np.sign(r(mid[:, None] * np.ones_like(c))[:, 0]) == s_lo
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    return np.where(has, 0.5 * (lo + hi), 0.0)


@pytest.mark.parametrize("m", MASSES)
@pytest.mark.parametrize("kin_E", [1.0, 100.0, 1e4, 1e7])
def test_T_max_by_direct_two_body_solve(m, kin_E):
    """T_max equals the largest T over all scattering angles from a direct energy–momentum solve."""
    E = m + kin_E
    cs = np.linspace(-1, 1, 801)
    Ts = _largest_T_at_angle(cs, E, m)
    j = int(np.argmax(Ts))
    res = optimize.minimize_scalar(
        lambda c: -_largest_T_at_angle(c, E, m)[0],
        bounds=(cs[max(j - 1, 0)], cs[min(j + 1, len(cs) - 1)]),
        method="bounded",
        options={"xatol": 1e-13},
    )
    direct = max(Ts[j], -res.fun)
    assert float(kin.T_max(E, m)) == pytest.approx(direct, rel=1e-7)
    assert float(kin.E_min(float(kin.T_max(E, m)), m)) == pytest.approx(E, rel=1e-10)


@pytest.mark.parametrize("m", [0.0, 1.0, 1e3])
@pytest.mark.parametrize("E_kin", [10.0, 500.0, 5e4])
def test_pz_zero_on_ridge(m, E_kin):
    E = m + E_kin
    for T in np.array([0.01, 0.5, 0.99]) * float(kin.T_max(E, m)):
        c = float(_free_cos_theta(T, E, m))
        # p_z vanishes up to the rounding of cos θ itself (δc ~ 1e-16 → δq/q ~ kk′δc/q²)
        k, kp = float(kin.momentum(E, m)), float(kin.momentum(E - T, m))
        q = np.sqrt(float(kin.q_squared(T, E, m, c)))
        tol = 4e-16 * (k * kp / q + 4 * q) / AU_MOMENTUM_KEV
        assert abs(float(kin.pz_au(T, E, m, c))) < tol


@pytest.mark.parametrize("m", [0.0, 1.0, 1e3])
def test_q_squared_precision(m):
    """E = 1 GeV, T = 0.1 keV: q² keeps full precision (relative error < 1e-12) at every angle."""
    E, T = 1e6, 0.1
    for c in [1.0, 1 - 1e-12, 1 - 1e-6, 0.5, -1.0]:
        Em, Tm, mm, cm = (mp.mpf(x) for x in (E, T, m, c))
        k = mp.sqrt(Em**2 - mm**2)
        kp = mp.sqrt((Em - Tm) ** 2 - mm**2)
        ref = k**2 + kp**2 - 2 * k * kp * cm
        got = float(kin.q_squared(T, E, m, c))
        assert abs(got - float(ref)) / float(ref) < 1e-12


def test_q_pz_map_and_jacobians():
    from mcpria_lite import _kinematics_generated as g

    T = np.array([0.05, 1.0, 30.0])[:, None]
    pz = np.linspace(-130, 130, 27)[None, :] * AU_MOMENTUM_KEV
    q = g.q_of_pz(pz, T, M_E)
    assert np.all(q > 0)
    np.testing.assert_allclose(g.pz_of_q(q, T, M_E), np.broadcast_to(pz, q.shape), rtol=1e-12, atol=1e-10)
    h = 1e-4
    num = (g.q_of_pz(pz + h, T, M_E) - g.q_of_pz(pz - h, T, M_E)) / (2 * h)
    np.testing.assert_allclose(g.dq_dpz(pz, T, M_E), num, rtol=1e-7)
    np.testing.assert_allclose(g.dq_dpz_of_q(q, pz), num, rtol=1e-7)
    # d cos θ / dq from q² = k² + k′² − 2kk′c
    E, m, TT = 300.0, 0.0, 20.0
    k, kp = float(kin.momentum(E, m)), float(kin.momentum(E - TT, m))
    c0 = 0.2
    q0 = np.sqrt(float(kin.q_squared(TT, E, m, c0)))
    dc = 1e-6
    q1 = np.sqrt(float(kin.q_squared(TT, E, m, c0 + dc)))
    assert g.dcos_dq(q0, k, kp) == pytest.approx(dc / (q1 - q0), rel=1e-5)


@pytest.mark.parametrize("E", [59.54, 661.7, 5000.0])
def test_klein_nishina_total(E):
    """∫ dσ/dT dT over [0, T_max] equals the analytic Klein–Nishina total cross section."""
    x = E / M_E
    sigma = 2 * np.pi * R_E_CM**2 * (
        (1 + x) / x**2 * (2 * (1 + x) / (1 + 2 * x) - np.log(1 + 2 * x) / x)
        + np.log(1 + 2 * x) / (2 * x)
        - (1 + 3 * x) / (1 + 2 * x) ** 2
    )
    tmax = 2 * E**2 / (M_E + 2 * E)
    val, _ = integrate.quad(lambda T: float(kin.klein_nishina_dsigma_dT(T, E)), 1e-12, tmax, limit=200)
    assert val == pytest.approx(sigma, rel=1e-8)


# ------------------------------------------------------------------------------------------------
BAD = [
    (kin.momentum, (10.0, 10.0), "E_keV"),
    (kin.momentum, (5.0, 10.0), "E_keV"),
    (kin.momentum, (10.0, -1.0), "m_keV"),
    (kin.momentum, (np.nan, 1.0), "E_keV"),
    (kin.T_max, (np.inf, 1.0), "E_keV"),
    (kin.dsigma_dT_free, (0.0, 100.0, 1.0), "T_keV"),
    (kin.dsigma_dT_free, (-1.0, 100.0, 1.0), "T_keV"),
    (kin.dsigma_dT_free, (99.0, 100.0, 1.0), "T_keV"),
    (kin.dsigma_dT_free, (1.0, 100.0, 1.0, 0.0), "delta"),
    (kin.dsigma_dT_free, (np.nan, 100.0, 1.0), "T_keV"),
    (kin.dsigma_dT_free, (1.0, 100.0, np.nan), "m_keV"),
    (kin.q_squared, (1.0, 100.0, 1.0, 1.5), "cos_theta"),
    (kin.E_min, (1.0, -2.0), "m_keV"),
    (kin.klein_nishina_dsigma_dT, (100.0, 100.0), "T_keV"),
]


@pytest.mark.parametrize("func,args,name", BAD)
def test_bad_input_names_argument(func, args, name):
    with pytest.raises(ValueError, match=name):
        func(*args)


def test_above_endpoint_is_zero_not_nan():
    E, m = 100.0, 1.0
    T = np.linspace(1e-3, E - m - 1e-3, 1000)
    y = kin.dsigma_dT_free(T, E, m)
    assert np.all(np.isfinite(y)) and np.all(y >= 0)
    assert np.all(y[T > kin.T_max(E, m)] == 0)


@pytest.mark.parametrize("m", [1.0, 100.0, 1e4, 1e6])
@pytest.mark.parametrize("T", [0.1, 1.0, 30.0])
def test_E_min_impulse_opens_the_window(m, T):
    """Just above E_min_impulse the lowest p_z of the window drops below +p_max; just below it
    the whole window lies beyond the profile's support."""
    p_max = 100.0
    E0 = float(kin.E_min_impulse(T, m, p_max))
    if E0 <= m + T * (1 + 1e-12):
        lo, _ = kin.pz_range_au(T, m + T * 1.0001, m)
        assert float(lo) < p_max  # open from the kinematic threshold
        return
    lo_above, _ = kin.pz_range_au(T, E0 * (1 + 1e-9), m)
    lo_below, _ = kin.pz_range_au(T, E0 * (1 - 1e-9), m)
    assert float(lo_below) > p_max > float(lo_above)


@pytest.mark.parametrize("beta", [1e-3, 0.01, 0.6, 1 - 1e-9])
def test_total_energy_from_beta(beta):
    """γm with k/E = β: the momentum of that energy gives back the velocity (to the float64
    resolution of E − m = mβ²/2 + …)."""
    m = 1e6
    E = float(kin.total_energy(m, beta))
    assert float(kin.momentum(E, m)) / E == pytest.approx(beta, rel=1e-7)
    with pytest.raises(ValueError, match="beta"):
        kin.total_energy(m, 1.0)
