"""Cross sections: RIA against its exact limits (δ-function profile → FEA, photon → Klein–Nishina),
the angular integral against scipy quad over cos θ, reference ratios from an
independent calculation), the p_max study, EPA limits, scaling, robustness and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import integrate

import mcpria_lite as ml
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite import kinematics as kin
from mcpria_lite.units import ALPHA, AU_MOMENTUM_KEV, M_E


# the model atom of free electrons at rest (Z electrons in a Gaussian profile of width σ → 0)
from mcpria_lite.targets.atoms import NarrowProfileTarget  # noqa: E402



MASSES = [0.0, 0.01, 1.0, 1e3, 1e6]


def _energies(m):
    """From near the kinematic threshold of T = 0.01 keV to 1 GeV kinetic (total E in keV)."""
    e_thr = float(kin.E_min(0.01, m))
    return [e_thr * 1.5, m + 30.0 + 2 * e_thr, m + 1e3, m + 1e6]


@pytest.mark.parametrize("m", MASSES)
def test_narrow_profile_gives_fea(m):
    tg = NarrowProfileTarget()
    for E in _energies(m):
        tmax = float(kin.T_max(E, m))
        T = tmax * np.array([1e-3, 0.1, 0.5, 0.9])
        T = T[T >= 1e-4]
        ria = ml.dsigma_dT(tg, T, E, m, method="RIA")
        fea = tg.Z * kin.dsigma_dT_free(T, E, m)
        np.testing.assert_allclose(ria, fea, rtol=1e-5)


def test_printed_prefactor_differs_by_E_over_k():
    """The E′/E prefactor printed by Qiao et al. (2021) differs from the exact k′/k by (E′/E)/(k′/k): nothing for
    massless projectiles, a large factor for slow heavy MCPs."""
    tg = NarrowProfileTarget()
    for m, E in [(0.0, 400.0), (1e6, 1e6 * 1.0000005)]:
        T = 0.5 * float(kin.T_max(E, m))
        exact = ml.dsigma_dT(tg, T, E, m)
        printed = ml.dsigma_dT(tg, T, E, m, prefactor="E'/E")
        k, kp = float(kin.momentum(E, m)), float(kin.momentum(E - T, m))
        assert printed / exact == pytest.approx(((E - T) / E) / (kp / k), rel=1e-10)
    # a slow heavy MCP losing most of its kinetic energy (allowed in the RIA, not for a free
    # electron): k′ → 0 and the printed form is far off
    m, E, T = 1e3, 1e3 + 1.0, 0.9
    ratio = ml.dsigma_dT("Ge", T, E, m, prefactor="E'/E") / ml.dsigma_dT("Ge", T, E, m)
    k, kp = float(kin.momentum(E, m)), float(kin.momentum(E - T, m))
    assert float(ratio) == pytest.approx(((E - T) / E) / (kp / k), rel=1e-12)
    assert float(ratio) > 3


@pytest.mark.parametrize("E", [59.54, 661.7])
def test_photon_narrow_profile_gives_klein_nishina(E):
    tg = NarrowProfileTarget()
    T = np.linspace(0.02, 0.98, 9) * 2 * E**2 / (M_E + 2 * E)
    np.testing.assert_allclose(
        ml.compton_dsigma_dT(tg, T, E), tg.Z * kin.klein_nishina_dsigma_dT(T, E), rtol=1e-5
    )


@pytest.mark.parametrize("el,E,m,T", [("Ge", 420.0, 0.0, 0.3), ("Xe", 1e5, 10.0, 2.0), ("Ge", 2e3, 1e3, 1.5)])
def test_angular_integral_against_quad(el, E, m, T):
    """dσ/dT (p_z quadrature) = 2π ∫ d cos θ d²σ/dTdΩ with scipy quad over cos θ."""
    tg = ml.target(el)
    # breakpoints where the profile varies: the cos θ of p_z = 0, ±1, ±10, ±50 a.u.
    k, kp = float(kin.momentum(E, m)), float(kin.momentum(E - T, m))
    dk = float(kin.k_minus_kprime(T, E, m))
    pts = []
    for p in [0, -1, 1, -10, 10, -50, 50, -100, 100]:
        q = float(kin.q_of_pz(p, T))
        if dk < q < k + kp:
            pts.append(1 - (q**2 - dk**2) / (2 * k * kp))  # cos θ at that q
    one_minus = sorted(1 - c for c in pts)  # integrate in u = 1 − cos θ ∈ [0, 2]
    f = lambda u: float(ml.ddcs(tg, T, E, m, 1 - u))  # noqa: E731
    edges = [0.0] + [u for u in one_minus if 0 < u < 2] + [2.0]
    with warnings.catch_warnings():  # quad may flag round-off at 1e-8; the comparison below decides
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        total = sum(
            integrate.quad(f, a, b, limit=400, epsabs=0, epsrel=1e-8)[0] for a, b in zip(edges[:-1], edges[1:])
        )
    ref = 2 * np.pi * total
    assert float(ml.dsigma_dT(tg, T, E, m)) == pytest.approx(ref, rel=1e-4)


# RIA/(Z·FEA_free) with Biggs profiles, p_max = 100 a.u., ν of 420 keV
REFERENCE_RATIOS = [
    ("Ge", 0.1, 2.2), ("Ge", 1.0, 1.04), ("Ge", 1.5, 1.7), ("Ge", 12.0, 1.2), ("Ge", 30.0, 1.07),
    ("Xe", 0.1, 1.7), ("Xe", 1.0, 1.8), ("Xe", 10.0, 1.27), ("Xe", 40.0, 1.13),
]


@pytest.mark.parametrize("el,T,ratio", REFERENCE_RATIOS)
def test_reference_ratios(el, T, ratio):
    tg = ml.target(el)
    for E, m in [(420.0, 0.0), (1e6, 100.0)]:  # neutrino; relativistic massive χ (agree to 1 %)
        r = float(ml.dsigma_dT(tg, T, E, m) / (tg.Z * kin.dsigma_dT_free(T, E, m)))
        assert r == pytest.approx(ratio, rel=0.05)


@pytest.mark.parametrize("el,T", [("Ge", 40.0), ("Ge", 80.0), ("Xe", 100.0), ("Xe", 200.0)])
def test_ria_approaches_fea_far_above_K_edge(el, T):
    tg = ml.target(el)
    r = float(ml.dsigma_dT(tg, T, 1e4, 0.0) / ml.dsigma_dT(tg, T, 1e4, 0.0, method="FEA"))
    assert abs(r - 1) < 0.07


@pytest.mark.parametrize("el,tol_60_130,tol_80_120", [("Ge", 0.01, 0.005), ("Xe", 0.035, 0.02)])
def test_p_max_study(el, tol_60_130, tol_80_120):
    tg = ml.target(el)
    T = np.array([0.1, 1.0, 10.0, 40.0])
    for E, m in [(1000.0, 0.0), (1e6, 100.0)]:
        ref = ml.dsigma_dT(tg, T, E, m, p_max_au=100)
        for p, tol in [(60, tol_60_130), (80, tol_80_120), (120, tol_80_120), (130, tol_60_130)]:
            np.testing.assert_allclose(ml.dsigma_dT(tg, T, E, m, p_max_au=p), ref, rtol=tol)


def test_forward_singularity_guard():
    with pytest.raises(ValueError, match="p_max_au"):
        ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, p_max_au=137.036)
    # a massive χ never reaches t = 0: fine
    assert np.isfinite(ml.dsigma_dT("Ge", 1.0, 1e4, 10.0, p_max_au=137.0))


def test_epa_leading_log():
    """For T ≪ E the EPA tends to (2αδ²/π) σ_γ(T)/T · [L − 1/2], L = ln(E/m) (the leading-log
    form for DM, with the Budnev non-logarithmic term)."""
    tg = ml.target("Ge")
    E, m, T = 1e5, 1.0, np.array([0.2, 1.0, 5.0])
    epa = ml.dsigma_dT(tg, T, E, m, method="EPA")
    L = np.log(E / m)
    lead = 2 * ALPHA / np.pi * tg.photoabsorption(T) / T * (L - 0.5)
    np.testing.assert_allclose(epa, lead, rtol=1e-3)


def test_epa_massless_needs_regulator():
    with pytest.raises(ValueError, match="m_regulator_keV"):
        ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, method="EPA")
    a = ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, method="EPA", m_regulator_keV=1e-4)
    b = ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, method="EPA", m_regulator_keV=1e-5)
    # one decade of regulator mass adds 2 ln 10 to ln(Q²max/Q²min) (Budnev spectrum, y = T/E)
    y = 1.0 / 420.0
    ln_a = np.log(420.0 * 419.0 / 1e-8)
    br = lambda ln: (1 - y + y**2 / 2) * ln - (1 - y)  # noqa: E731
    assert float(b / a) == pytest.approx(br(ln_a + 2 * np.log(10)) / br(ln_a), rel=1e-9)


@pytest.mark.parametrize("method", cs.PAPER_METHODS)  # DFS: test_dfs_method.py
def test_delta_squared_scaling_and_positivity(method):
    tg = ml.target("Xe")
    T = np.logspace(-2, 1.5, 50)
    kw = {"m_regulator_keV": 1e-4} if method == "EPA" else {}
    a = ml.dsigma_dT(tg, T, 1e3, 0.0, delta=1.0, method=method, **kw)
    b = ml.dsigma_dT(tg, T, 1e3, 0.0, delta=3e-7, method=method, **kw)
    np.testing.assert_allclose(b, 9e-14 * a, rtol=1e-12)
    assert np.all(a >= 0) and np.any(a > 0)


def test_shell_edges_switch_on():
    """Just above the Ge K edge the RIA jumps (saw-tooth) and the FEA step count gains 2 electrons."""
    tg = ml.target("Ge")
    B = float(tg.binding_keV[0])
    lo, hi = B * (1 - 1e-6), B * (1 + 1e-6)
    assert float(cs.z_effective(tg, hi) - cs.z_effective(tg, lo)) == pytest.approx(2.0)
    r_lo, r_hi = ml.dsigma_dT(tg, [lo, hi], 1e3, 0.0)
    assert r_hi > r_lo * 1.01


def test_ddcs_broadcast_and_simplified():
    tg = ml.target("Ge")
    c = np.linspace(0.9, 1.0, 7)
    full = ml.ddcs(tg, 1.0, 420.0, 0.0, c)
    simp = ml.ddcs(tg, 1.0, 420.0, 0.0, c, method="RIA-simplified")
    assert full.shape == simp.shape == (7,)
    assert np.all(full >= 0) and np.all(np.isfinite(full))


def test_sweep_no_nan_no_warning():
    """T 10 eV–100 keV, E from threshold to 10 GeV, m 0–1 GeV: finite, non-negative, no warning
    (pytest turns warnings into errors)."""
    T = np.logspace(-2, 2, 25)
    for el in ("Ge", "Xe"):
        tg = ml.target(el)
        for m in [0.0, 1e-3, 1.0, 1e3, 1e6]:
            for E in [m + 101.0, m + 1e4, 1e7 + m]:
                TT = T[T < E - m]
                for method in cs.PAPER_METHODS:
                    kw = {"m_regulator_keV": 1e-4} if (method == "EPA" and m == 0) else {}
                    if method == "EPA" and m > 0:  # the EPA refuses a projectile too slow for quasi-real photons
                        from mcpria_lite.methods.equivalent_photons import quasi_real_E_min

                        slow = E < quasi_real_E_min(TT, m)
                        if np.any(slow):
                            with pytest.raises(ValueError, match="too slow"):
                                ml.dsigma_dT(tg, TT, E, m, method=method)
                        TT = TT[~slow]
                        if TT.size == 0:
                            continue
                    y = ml.dsigma_dT(tg, TT, E, m, method=method, **kw)
                    assert np.all(np.isfinite(y)) and np.all(y >= 0), (el, m, E, method)


BAD = [
    (dict(T_keV=0.0), "T_keV"),
    (dict(T_keV=-1.0), "T_keV"),
    (dict(T_keV=np.nan), "T_keV"),
    (dict(E_keV=0.5, m_keV=1.0), "E_keV"),
    (dict(T_keV=99.5, E_keV=100.0, m_keV=1.0), "T_keV"),
    (dict(m_keV=-1.0), "m_keV"),
    (dict(delta=0.0), "delta"),
    (dict(delta=-1e-9), "delta"),
    (dict(method="XYZ"), "method"),
    (dict(target="Kryptonite"), "element|symbol|Kryptonite"),
]


@pytest.mark.parametrize("override,name", BAD)
def test_bad_input(override, name):
    args = dict(target="Ge", T_keV=1.0, E_keV=420.0, m_keV=0.0, delta=1.0, method="RIA")
    args.update(override)
    with pytest.raises(ValueError, match=name):
        ml.dsigma_dT(**args)


def test_fea_above_endpoint_is_zero():
    E, m = 30.0, 0.0
    tmax = float(kin.T_max(E, m))
    assert float(ml.dsigma_dT("Ge", tmax * 1.01, E, m, method="FEA")) == 0.0
    # but the RIA is non-zero there: the bound electron's momentum supplies the rest
    assert float(ml.dsigma_dT("Ge", tmax * 1.01, E, m)) > 0


def test_units_of_pz_window():
    """The relativistic forward edge of the window sits at p_z ≈ −m_e/AU = −137.04 a.u."""
    lo, hi = kin.pz_range_au(1.0, 1e6, 0.0)
    assert float(lo) == pytest.approx(-M_E / AU_MOMENTUM_KEV, rel=1e-9)
    assert hi > 1e3


def test_epa_leading_log_option():
    """spectrum="leading-log" is (2αδ²/π) σ_γ/T · ln(Q_max/Q_min): with Q²max = T² and
    Q²min = m²T²/(E(E − T)) that is L = ln(√(E(E − T))/m) exactly."""
    tg = ml.target("Xe")
    E, m, T = np.array([2e3, 1e5]), 1.0, 0.5
    got = ml.dsigma_dT(tg, T, E, m, method="EPA", epa_spectrum="leading-log")
    L = np.log(np.sqrt(E * (E - T)) / m)
    np.testing.assert_allclose(got, 2 * ALPHA / np.pi * tg.photoabsorption(T) / T * L, rtol=1e-12)
    with pytest.raises(ValueError, match="spectrum"):
        ml.dsigma_dT(tg, T, 1e3, m, method="EPA", epa_spectrum="full")


def test_z_effective_matches_the_targets_staircase():
    """The FEA step count equals Target.ionizable_electrons (two views of one staircase)."""
    for el in ("Ge", "Xe"):
        tg = ml.target(el)
        T = np.concatenate([tg.binding_keV * (1 - 1e-9), tg.binding_keV * (1 + 1e-9), np.logspace(-2, 2, 50)])
        np.testing.assert_array_equal(cs.z_effective(tg, T), tg.ionizable_electrons(T))
