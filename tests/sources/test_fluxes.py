"""Tests of mcpria_lite.sources: normalisations, spectral shapes, δ-scaling and quadrature rules.

References used here are independent of the module: adaptive quadrature (scipy.integrate.quad),
closed-form power-law integrals, the allowed β⁺ shape re-typed from the textbook formula, and
Bahcall's tabulated mean neutrino energies.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from mcpria_lite import sources as fluxes
from mcpria_lite.units import ALPHA, GEV, M_E

# Fluxes of Haxton, Robertson & Serenelli (2013), GS98, cm^-2 s^-1 -- typed here from the review,
# independently of the module's table.
HRS2013_GS98 = {
    "pp": 5.98e10,
    "7Be": 5.00e9,
    "pep": 1.44e8,
    "13N": 2.96e8,
    "15O": 2.23e8,
    "17F": 5.52e6,
    "8B": 5.58e6,
    "hep": 8.04e3,
}
CONTINUA = ("pp", "13N", "15O", "17F", "8B", "hep")
ALLOWED = ("pp", "13N", "15O", "17F", "hep")  # ⁸B is the measured spectrum (test_b8_is_the_measured_spectrum)


def _quad(f, a, b, **kw):
    val, err = quad(f, a, b, limit=400, epsabs=0.0, epsrel=1e-11, **kw)
    return val


def _integral(comp, f, a, b):
    """∫_a^b f: scipy quad, or for ⁸B (a cubic between the table's nodes) 4-point Gauss–Legendre on
    every table interval (exact for E^k × a cubic, k ≤ 2; quad stumbles on the joins)."""
    if comp.name != "8B":
        return _quad(f, a, b)
    E_t = fluxes.solar.b8_spectrum()[0]
    edges = np.unique(np.clip(np.concatenate([[a, b], np.asarray(E_t)]), a, b))
    x, w = np.polynomial.legendre.leggauss(4)
    mid, half = 0.5 * (edges[1:] + edges[:-1]), 0.5 * np.diff(edges)
    nodes = (mid[:, None] + half[:, None] * x).ravel()
    return float(np.sum((half[:, None] * w).ravel() * np.array([f(e) for e in nodes])))


def _allowed_shape(E, Q, Z):
    """Textbook allowed β⁺ shape E_ν² p W F(Z, W), F = 2πη/(e^{2πη} − 1), η = Z α W / p."""
    W = Q - E + M_E
    p = math.sqrt(max(W * W - M_E * M_E, 0.0))
    if p == 0.0 or E < 0 or E > Q:
        return 0.0
    x = 2 * math.pi * Z * ALPHA * W / p
    return E * E * p * W * x / math.expm1(x)


# ------------------------------------------------------------------------------------------------
# solar neutrinos
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CONTINUA)
def test_continuum_integral_equals_quoted_flux(name):
    comp = fluxes.solar_neutrino_component(name)
    Q = comp.E_max_keV
    integral = _integral(comp, lambda E: float(comp.dphi_dE(E)), 0.0, Q)
    np.testing.assert_allclose(integral, HRS2013_GS98[name], rtol=1e-6)
    # ⁸B's total is its callable rule's (32 Gauss–Legendre nodes on 16 sub-panels per panel)
    np.testing.assert_allclose(comp.total(), HRS2013_GS98[name], rtol=1e-9 if name == "8B" else 1e-12)
    assert comp.lines == ()


@pytest.mark.parametrize("name", ALLOWED)
def test_spectral_shape_is_allowed_beta_plus_with_fermi_function(name):
    comp = fluxes.solar_neutrino_component(name)
    Q, Z = comp.E_max_keV, fluxes.BETA_DAUGHTER_Z[name]
    E = np.linspace(0.01, 0.99, 41) * Q
    ref = np.array([_allowed_shape(e, Q, Z) for e in E])
    ratio = comp.dphi_dE(E) / ref
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-10)


def test_pp_mean_energy_and_end_point():
    pp = fluxes.solar_neutrino_component("pp")
    n0 = _quad(lambda E: float(pp.dphi_dE(E)), 0.0, 420.0)
    n1 = _quad(lambda E: E * float(pp.dphi_dE(E)), 0.0, 420.0)
    # Bahcall's tabulated pp spectrum: <E> ≈ 0.265 MeV
    assert abs(n1 / n0 - 265.0) / 265.0 < 0.01
    np.testing.assert_allclose(pp.mean_energy(), n1 / n0, rtol=1e-9)
    # end point: 2 Δ(¹H) − Δ(²H) − 2 m_e = 1442.2 − 1022.0 = 420.2 keV (AME); Bahcall quotes 0.420 MeV
    assert abs(pp.E_max_keV - 420.2) < 0.5
    above = pp.dphi_dE(np.array([420.0 + 1e-9, 420.5, 430.0, 1e4]))
    assert np.all(above == 0.0)
    below = pp.dphi_dE(np.array([419.9, 419.0, 400.0]))
    assert np.all(below > 0.0)
    assert pp.dphi_dE(-1.0) == 0.0


@pytest.mark.parametrize(
    "name, mean_keV, rtol",
    # Bahcall, Neutrino Astrophysics (1989) / Bahcall & Ulrich (1988): mean neutrino energies
    [("13N", 706.3, 5e-3), ("15O", 996.4, 5e-3), ("17F", 997.7, 5e-3), ("hep", 9628.0, 5e-3),
     # ⁸B: the measured spectrum of Winter et al. (2006), against the earlier measured-and-calculated
     # spectrum of Bahcall et al., PRC 54, 411 (1996), mean 6.735 ± 0.036 MeV
     ("8B", 6735.0, 0.01)],
)
def test_mean_energies_against_bahcall(name, mean_keV, rtol):
    comp = fluxes.solar_neutrino_component(name)
    np.testing.assert_allclose(comp.mean_energy(), mean_keV, rtol=rtol)


def test_b8_is_the_measured_spectrum():
    """⁸B: Winter et al. (2006), Table IV — the total is the solar-model flux, the peak at 6.5 MeV,
    nothing above 15.3 MeV, and the interpolant equals the table at its nodes."""
    b8 = fluxes.solar_neutrino_component("8B")
    np.testing.assert_allclose(b8.total(), HRS2013_GS98["8B"], rtol=1e-9)
    integral = _integral(b8, lambda E: float(b8.dphi_dE(E)), 0.0, 15300.0)
    np.testing.assert_allclose(integral, HRS2013_GS98["8B"], rtol=1e-6)
    E = np.linspace(100.0, 15000.0, 1491)
    assert abs(E[np.argmax(b8.dphi_dE(E))] - 6500.0) <= 50.0
    assert np.all(b8.dphi_dE(np.array([15300.0 + 1.0, 16000.0])) == 0.0)
    # Table IV at 1, 6.5 and 10 MeV: 12.976, 131.134, 78.387 per MeV per 1000 (the cubic passes through
    # the nodes; its integral differs from the table's trapezoid sum by < 1e-5)
    np.testing.assert_allclose(b8.dphi_dE(np.array([1000.0, 6500.0, 10000.0])) / HRS2013_GS98["8B"] * 1e6,
                               [12.976, 131.134, 78.387], rtol=2e-5)


def test_lines_7be_and_pep():
    be = fluxes.solar_neutrino_component("7Be")
    assert dict(be.lines) == pytest.approx({861.8: 0.897 * 5.00e9, 384.3: 0.103 * 5.00e9}, rel=1e-12)
    np.testing.assert_allclose(be.total(), 5.00e9, rtol=1e-12)
    assert np.all(be.dphi_dE(np.linspace(0.0, 2000.0, 101)) == 0.0)
    pep = fluxes.solar_neutrino_component("pep")
    assert len(pep.lines) == 1
    assert abs(pep.lines[0][0] - 1442.0) < 0.5
    np.testing.assert_allclose(pep.lines[0][1], 1.44e8, rtol=1e-12)


@pytest.mark.parametrize("name", CONTINUA)
@pytest.mark.parametrize("k", [0, 1, 2])
def test_quadrature_moments_with_array_limits(name, k):
    comp = fluxes.solar_neutrino_component(name)
    Q = comp.E_max_keV
    E_lo = np.array([-5.0, 0.0, 1e-3 * Q, 0.1 * Q, 0.5 * Q, 0.97 * Q, 0.9999 * Q])
    E_hi = np.array([np.inf, Q, 0.7 * Q, Q, 0.99 * Q, 2.0 * Q, np.inf])
    E, w = comp.quadrature(E_lo, E_hi, n=64)
    assert E.shape == w.shape == (7, 64)
    got = np.sum(w * E**k, axis=-1)
    ref = np.array([_integral(comp, lambda e: e**k * float(comp.dphi_dE(e)), max(lo, 0.0), min(hi, Q))
                    for lo, hi in zip(E_lo, E_hi)])
    if name == "8B":  # a table's cubic interpolant: Gauss–Legendre panels cross its joins (≤ 1e-6 of the flux)
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6 * Q**k * comp.total())
    else:
        np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-12 * Q**k * comp.total())
    # nodes that carry weight lie inside the requested interval (a callable source, ⁸B, parks the
    # nodes of panels outside it elsewhere, with weight 0)
    on = w > 0
    assert np.all((E >= np.maximum(E_lo, 0.0)[:, None] - 1e-9 * Q)[on])
    assert np.all((E <= np.minimum(E_hi, Q)[:, None] + 1e-9 * Q)[on])


def test_quadrature_broadcasts_lower_and_upper_limits():
    pp = fluxes.solar_neutrino_component("pp")
    E_lo = np.linspace(0.0, 400.0, 12).reshape(3, 4)
    E, w = pp.quadrature(E_lo, None, n=16)
    assert E.shape == w.shape == (3, 4, 16)
    E2, w2 = pp.quadrature(E_lo[:, :, None], np.array([300.0, 420.0]), n=16)
    assert E2.shape == (3, 4, 2, 16)
    np.testing.assert_allclose(w2[..., 1, :].sum(-1), w.sum(-1), rtol=1e-12)


def test_empty_ranges_have_zero_weight_and_finite_nodes():
    sun = fluxes.solar_neutrinos()
    E, w = sun.quadrature(np.array([3e4, np.inf, 500.0]), np.array([np.inf, np.inf, 100.0]), n=8)
    assert np.all(np.isfinite(E))
    assert np.all(w == 0.0)
    assert np.all((E >= sun.E_min_keV) & (E <= sun.E_max_keV))


def test_solar_sum_quadrature_and_exact_lines():
    sun = fluxes.solar_neutrinos()
    assert set(sun.components) == set(fluxes.SOLAR_COMPONENTS)
    np.testing.assert_allclose(sun.total(), sum(HRS2013_GS98.values()), rtol=1e-9)
    n = 32
    assert sun.n_nodes(n) == 6 * n + 3
    # lower limits straddling the lines: 384.3, 861.8, 1442.2 keV
    E_lo = np.array([0.0, 384.3, 384.4, 861.8, 900.0, 1442.2, 1442.3])
    E, w = sun.quadrature(E_lo, n=n)
    assert E.shape == (E_lo.size, 6 * n + 3)
    line_E = np.array([e for e, _ in sun.lines])
    line_phi = np.array([p for _, p in sun.lines])
    for i, lo in enumerate(E_lo):
        cont = sum(
            _integral(c, lambda e, c=c: float(c.dphi_dE(e)), max(lo, 0.0), c.E_max_keV)
            for c in sun.components.values()
            if c.has_continuum and lo < c.E_max_keV
        )
        # an f that is 1 on the continuum and picks out the lines through a non-smooth weight
        lines_in = line_phi[line_E >= lo].sum()
        np.testing.assert_allclose(w[i].sum(), cont + lines_in, rtol=1e-6)
    # lines are represented exactly: the line nodes carry the line energies and fluxes
    E_l, w_l = E[:, -3:], w[0, -3:]
    np.testing.assert_array_equal(E_l[0], line_E)
    np.testing.assert_array_equal(w_l, line_phi)
    # inclusive limits: a line at exactly E_lo or E_hi counts
    _, w_edge = fluxes.solar_neutrino_component("pep").quadrature(1442.2, 1442.2)
    assert w_edge.sum() == 1.44e8


def test_solar_dphi_dE_is_sum_of_components_and_subset_selection():
    sun = fluxes.solar_neutrinos()
    E = np.geomspace(1.0, 2e4, 50)
    np.testing.assert_allclose(
        sun.dphi_dE(E), sum(c.dphi_dE(E) for c in sun.components.values()), rtol=1e-12
    )
    pp_be = fluxes.solar_neutrinos(("pp", "7Be"))  # the components kept by Qiao et al. (2021)
    assert list(pp_be.components) == ["pp", "7Be"]
    np.testing.assert_allclose(pp_be.total(), 5.98e10 + 5.00e9, rtol=1e-9)
    assert pp_be.delta_power == 0.0 and pp_be.m_keV == 0.0
    # neutrino flux does not depend on δ
    assert pp_be.total(delta=1e-12) == pp_be.total()


def test_solar_validation():
    with pytest.raises(ValueError, match="pp"):
        fluxes.solar_neutrinos(("pp", "7Li"))
    with pytest.raises(ValueError, match="GS98"):
        fluxes.solar_neutrinos(model="XYZ")
    with pytest.raises(ValueError):
        fluxes.solar_neutrinos(())
    with pytest.raises(ValueError):
        fluxes.solar_neutrinos(("pp", "pp"))
    pp = fluxes.solar_neutrino_component("pp")
    with pytest.raises(ValueError, match="n"):
        pp.quadrature(n=0)
    with pytest.raises(ValueError, match="E_lo"):
        pp.quadrature(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="delta"):
        pp.total(delta=-1.0)
    with pytest.raises(ValueError, match="E_keV"):
        pp.dphi_dE(np.nan)


def test_fermi_function_limits():
    # Z = 0: no Coulomb correction
    np.testing.assert_allclose(fluxes.fermi_function_positron(0, [600.0, 2000.0]), 1.0)
    # repulsive: F < 1, → 1 at high energy for small Z, → 0 at the end point
    F = fluxes.fermi_function_positron(1, [M_E, M_E + 1e-6, 600.0, 1e6])
    assert F[0] == 0.0 and F[1] < 1e-100 and 0 < F[2] < 1 and abs(F[3] - 1) < 0.03


# ------------------------------------------------------------------------------------------------
# dark cosmic rays
# ------------------------------------------------------------------------------------------------


def _dcr_analytic_total(N, delta, alpha, m, E_min, omega):
    """∫_{E_min}^∞ N δ^(α−1) (GeV/m)(E/GeV)^(−α) dE Ω, E in GeV -> cm^-2 s^-1."""
    m_GeV, E_GeV = m / GEV, E_min / GEV
    return N * delta ** (alpha - 1) / m_GeV * E_GeV ** (1 - alpha) / (alpha - 1) * omega


@pytest.mark.parametrize("m", [0.01, 1.0, 100.0])
@pytest.mark.parametrize("alpha", [2.0, 2.7, 3.0])
def test_dark_cosmic_ray_total_matches_analytic(m, alpha):
    f = fluxes.dark_cosmic_rays(m, alpha=alpha)
    assert f.E_min_keV == pytest.approx(10 * m) and f.E_max_keV == np.inf and f.lines == ()
    ref = _dcr_analytic_total(30.0, 1.0, alpha, m, 10 * m, 4 * np.pi)
    np.testing.assert_allclose(f.total(), ref, rtol=1e-12)
    np.testing.assert_allclose(_quad(lambda E: float(f.dphi_dE(E)), 10 * m, np.inf), ref, rtol=1e-6)
    E, w = f.quadrature(n=16)
    np.testing.assert_allclose(w.sum(), ref, rtol=1e-12)


def test_dark_cosmic_ray_formula_point_values():
    # dφ/dE at E = 1 GeV for m = 1 GeV: N Ω per GeV = 30 * 4π / 1e6 per keV
    f = fluxes.dark_cosmic_rays(GEV, alpha=2.7, E_min_factor=None)
    np.testing.assert_allclose(f.dphi_dE(GEV), 30.0 * 4 * np.pi / GEV, rtol=1e-12)
    g = fluxes.dark_cosmic_rays(1.0, alpha=2.7, solid_angle_sr=1.0)
    E = np.array([5.0, 10.0, 100.0, 1e4])
    ref = 30.0 * (GEV / 1.0) * (E / GEV) ** -2.7 / GEV
    ref[E < 10.0] = 0.0
    np.testing.assert_allclose(g.dphi_dE(E), ref, rtol=1e-12)


@pytest.mark.parametrize("alpha", [2.0, 2.7, 3.3])
def test_delta_scaling_exponent_is_alpha_minus_one(alpha):
    f = fluxes.dark_cosmic_rays(1.0, alpha=alpha)
    assert f.delta_power == pytest.approx(alpha - 1)
    d1, d2 = 1e-9, 3.7e-7
    E = np.array([12.0, 100.0, 1e5])
    exponent = np.log(f.dphi_dE(E, delta=d2) / f.dphi_dE(E, delta=d1)) / np.log(d2 / d1)
    np.testing.assert_allclose(exponent, alpha - 1, rtol=1e-12)
    np.testing.assert_allclose(
        np.log(f.total(d2) / f.total(d1)) / np.log(d2 / d1), alpha - 1, rtol=1e-12
    )
    _, w1 = f.quadrature(50.0, delta=d1, n=8)
    _, w2 = f.quadrature(50.0, delta=d2, n=8)
    np.testing.assert_allclose(np.log(w2 / w1) / np.log(d2 / d1), alpha - 1, rtol=1e-12)


@pytest.mark.parametrize("j", [-1, 1, 2, 3])
def test_power_law_quadrature_inverse_energy_weights(j):
    """Σ w E^-j vs ∫_{E_lo}^∞ C E^{-α-j} dE = C E_lo^{1-α-j}/(α+j-1) for array E_lo."""
    m, alpha = 1.0, 2.7
    f = fluxes.dark_cosmic_rays(m, alpha=alpha)
    C = 30.0 * 4 * np.pi * (GEV / m) * GEV ** (alpha - 1)
    E_lo = np.array([1.0, 10.0, 10.5, 37.0, 1e3, 1e6])
    E, w = f.quadrature(E_lo, n=12)
    a = np.maximum(E_lo, 10.0)
    ref = C * a ** (1 - alpha - j) / (alpha + j - 1)
    np.testing.assert_allclose(np.sum(w * E ** (-float(j)), axis=-1), ref, rtol=1e-9)


def test_power_law_quadrature_finite_upper_limit_and_fea_like_integrand():
    m, alpha = 0.1, 2.7
    f = fluxes.dark_cosmic_rays(m, alpha=alpha)
    C = 30.0 * 4 * np.pi * (GEV / m) * GEV ** (alpha - 1)
    E_lo = np.array([1.0, 5.0, 2.0, 50.0])
    E_hi = np.array([2.0, 1e8, np.inf, 10.0])  # last one empty
    E, w = f.quadrature(E_lo, E_hi, n=64)
    for k in (0.0, -1.0):
        a, b = np.maximum(E_lo, 1.0), E_hi
        ref = np.where(b > a, C * (a ** (1 - alpha + k) - b ** (1 - alpha + k)) / (alpha - 1 - k), 0.0)
        np.testing.assert_allclose(np.sum(w * E**k, axis=-1), ref, rtol=1e-9)

    # a free-electron-like cross section: [E² + (E−T)² − T(m_e + m²/m_e)] / (E² − m²), smooth in 1/E
    T = 0.3

    def g(E):
        return (E**2 + (E - T) ** 2 - T * (M_E + m**2 / M_E)) / (E**2 - m**2)

    E, w = f.quadrature(np.array([1.0, 3.0, 40.0]), n=64)
    got = np.sum(w * g(E), axis=-1)
    ref = [_quad(lambda e: float(f.dphi_dE(e)) * g(e), lo, np.inf) for lo in (1.0, 3.0, 40.0)]
    np.testing.assert_allclose(got, ref, rtol=1e-6)


def test_kinematic_lower_limit_option():
    f = fluxes.dark_cosmic_rays(2.0, E_min_factor=None)
    assert f.E_min_keV == 2.0
    assert f.dphi_dE(2.0) > 0 and f.dphi_dE(1.999) == 0.0
    ratio = f.total() / fluxes.dark_cosmic_rays(2.0, E_min_factor=10.0).total()
    np.testing.assert_allclose(ratio, 10.0 ** (2.7 - 1), rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    alpha=st.floats(1.2, 4.0),
    log_lo=st.floats(-2.0, 7.0),
    j=st.integers(0, 4),
)
def test_power_law_quadrature_property(alpha, log_lo, j):
    f = fluxes.dark_cosmic_rays(0.01, alpha=alpha, E_min_factor=None)
    E_lo = max(10.0**log_lo, 0.01)
    E, w = f.quadrature(E_lo, n=4)  # exact for polynomials in 1/E up to degree 7
    C = 30.0 * 4 * np.pi * (GEV / 0.01) * GEV ** (alpha - 1)
    ref = C * E_lo ** (1 - alpha - j) / (alpha + j - 1)
    np.testing.assert_allclose(np.sum(w * E ** (-float(j))), ref, rtol=1e-9)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(m_keV=0.0), "m_keV"),
        (dict(m_keV=-1.0), "m_keV"),
        (dict(m_keV=1.0, alpha=1.0), "alpha"),
        (dict(m_keV=1.0, alpha=0.5), "alpha"),
        (dict(m_keV=1.0, solid_angle_sr=-1.0), "solid_angle_sr"),
        (dict(m_keV=1.0, solid_angle_sr=0.0), "solid_angle_sr"),
        (dict(m_keV=1.0, solid_angle_sr=13.0), "solid_angle_sr"),
        (dict(m_keV=1.0, E_min_factor=0.5), "E_min_factor"),
        (dict(m_keV=1.0, normalisation=0.0), "normalisation"),
        (dict(m_keV=np.nan), "m_keV"),
    ],
)
def test_dark_cosmic_ray_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fluxes.dark_cosmic_rays(**kwargs)


def test_unknown_component_message_lists_allowed():
    with pytest.raises(ValueError) as exc:
        fluxes.solar_neutrino_component("7Li")
    for name in fluxes.SOLAR_COMPONENTS:
        assert name in str(exc.value)
