"""A user's own sources: tabulated, callable, line and power-law fluxes, and sums of them.

References: closed-form integrals of power laws and of the log–log interpolant, scipy.integrate.quad,
and the behaviour promised in the docstrings (ValueError for impossible sources, never a silent 0).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

import mcpria_lite as ml
from mcpria_lite import sources as fluxes
from mcpria_lite.particles import projectiles
from mcpria_lite.sources import callable_flux, line_flux, power_law_flux, tabulated_flux

NU = projectiles.neutrino("nu_e")
CHI = projectiles.millicharged_particle(100.0)


def _quad(f, a, b, points=None):
    return quad(f, a, b, limit=500, epsabs=0.0, epsrel=1e-11, points=points)[0]


# ---- the observations of the issue, re-run ------------------------------------------------------
def test_bare_flux_is_an_error_pointing_to_the_constructors():
    with pytest.raises(ValueError, match="tabulated_flux"):
        fluxes.Flux(name="mine", m_keV=0, delta_power=0, solid_angle_sr=1, E_min_keV=1800, E_max_keV=8000)


def test_user_continuous_flux_gives_a_rate():
    E = np.linspace(1800.0, 8000.0, 20)
    f = tabulated_flux(E, np.full(E.size, 1e3), projectile=NU, interpolation="linear")
    r = ml.dR_dT("Ge", 1.0, f, "RIA")
    assert np.isfinite(r) and r > 0


def test_pure_lines_need_no_range_and_bad_lines_are_loud():
    f = line_flux([(1000.0, 1e6), (2000.0, 2e6)], projectile=NU)
    assert (f.E_min_keV, f.E_max_keV) == (1000.0, 2000.0) and f.total() == 3e6
    assert ml.dR_dT("Ge", 1.0, f, "FEA") > 0
    with pytest.raises(ValueError, match="outside"):
        line_flux([(3000.0, 1e6)], projectile=NU, E_min_keV=1000.0, E_max_keV=2000.0)
    with pytest.raises(ValueError, match="projectile mass"):
        line_flux((50.0, 1e6), projectile=CHI)
    with pytest.raises(ValueError, match="projectile mass"):
        fluxes.LineFlux(name="x", projectile=CHI, lines=((100.0, 1.0),))
    with pytest.raises(ValueError, match="outside"):
        fluxes.LineFlux(name="x", projectile=NU, lines=((100.0, 1.0),), E_min_keV=200.0, E_max_keV=300.0)


def test_line_flux_input_forms():
    a = line_flux((861.8, 4.5e9), projectile=NU)
    b = line_flux({861.8: 4.5e9}, projectile=NU)
    c = line_flux([(861.8, 4.5e9)], projectile=NU)
    assert a.lines == b.lines == c.lines == ((861.8, 4.5e9),)


# ---- tabulated ------------------------------------------------------------------------------------
def test_log_log_table_of_a_power_law_is_exact():
    E = np.geomspace(10.0, 1e4, 7)
    y = 5.0 * (E / 10.0) ** -2.3
    f = tabulated_flux(E, y, projectile=NU)
    Ef = np.geomspace(11.0, 9e3, 50)
    np.testing.assert_allclose(f.dphi_dE(Ef), 5.0 * (Ef / 10.0) ** -2.3, rtol=1e-12)
    exact = 5.0 * 10.0 / 1.3 * (1 - 1e3**-1.3)
    np.testing.assert_allclose(f.total(), exact, rtol=1e-12)
    Eq, w = f.quadrature()
    np.testing.assert_allclose(w.sum(), exact, rtol=1e-12)
    # a moment against adaptive quadrature of the interpolant
    m1 = _quad(lambda e: e * float(f.dphi_dE(e)), 10.0, 1e4, points=list(E[1:-1]))
    np.testing.assert_allclose((w * Eq).sum(), m1, rtol=1e-9)


def test_linear_table_and_quadrature_limits():
    E = np.array([0.0, 100.0, 300.0, 400.0])
    y = np.array([0.0, 2.0, 1.0, 0.0])
    f = tabulated_flux(E, y, projectile=NU, interpolation="linear")
    np.testing.assert_allclose(f.total(), 100 + 300 + 50, rtol=1e-14)
    lo = np.array([50.0, 150.0, 350.0, 500.0])
    _, w = f.quadrature(E_lo=lo)
    ref = [_quad(lambda e: float(np.interp(e, E, y)), a, 400.0, points=[100.0, 300.0]) if a < 400 else 0.0
           for a in lo]
    np.testing.assert_allclose(w.sum(axis=-1), ref, rtol=1e-12, atol=1e-300)
    assert f.n_nodes(64) == f.quadrature()[0].shape[-1]


def test_fine_table_grouped_panels_converge():
    E = np.geomspace(1.0, 1e3, 400)
    y = np.exp(-E / 200.0)
    f = tabulated_flux(E, y, projectile=NU)
    Eq, w = f.quadrature(n=64)
    assert Eq.shape[-1] <= 96
    np.testing.assert_allclose(w.sum(), f.total(), rtol=2e-5)  # kinks inside grouped panels


def test_kinetic_energy_and_per_sr_tables():
    Tk = np.array([10.0, 20.0, 40.0])
    f = tabulated_flux(Tk, [1.0, 1.0, 1.0], projectile=CHI, energy="kinetic", solid_angle_sr=2.0,
                       interpolation="linear")
    assert f.E_min_keV == 110.0 and f.E_max_keV == 140.0
    np.testing.assert_allclose(f.total(), 2.0 * 30.0)


@pytest.mark.parametrize("kw, arg", [
    (dict(E_keV=[1.0, 1.0], dphi_dE=[1.0, 1.0]), "E_keV"),
    (dict(E_keV=[1.0, 2.0], dphi_dE=[1.0, -1.0]), "dphi_dE"),
    (dict(E_keV=[1.0, 2.0], dphi_dE=[0.0, 0.0]), "dphi_dE"),
    (dict(E_keV=[1.0, 2.0], dphi_dE=[1.0, np.nan]), "dphi_dE"),
    (dict(E_keV=[1.0, 2.0, 3.0], dphi_dE=[1.0, 1.0]), "dphi_dE"),
    (dict(E_keV=[0.0, 2.0], dphi_dE=[1.0, 1.0]), "E_keV"),
    (dict(E_keV=[50.0, 200.0], dphi_dE=[1.0, 1.0], projectile=CHI), "E_keV"),
    (dict(E_keV=[1.0, 2.0], dphi_dE=[1.0, 1.0], projectile=None), "projectile"),
    (dict(E_keV=[1.0, 2.0], dphi_dE=[1.0, 1.0], interpolation="spline"), "interpolation"),
    (dict(E_keV=[1.0, 2.0], dphi_dE=[1.0, 1.0], solid_angle_sr=20.0), "solid_angle_sr"),
])
def test_tabulated_bad_input(kw, arg):
    args = dict(projectile=NU)
    args.update(kw)
    with pytest.raises(ValueError, match=arg):
        tabulated_flux(**args)


# ---- callable -------------------------------------------------------------------------------------
def test_callable_flux_total_and_moments():
    f = callable_flux(lambda E: 1e4 * np.exp(-E / 300.0), 10.0, 3000.0, projectile=NU)
    exact = 1e4 * 300.0 * (math.exp(-10 / 300) - math.exp(-10))
    np.testing.assert_allclose(f.total(), exact, rtol=1e-12)
    E, w = f.quadrature(E_lo=[100.0, 1000.0])
    ref = [1e4 * 300.0 * (math.exp(-a / 300) - math.exp(-10)) for a in (100.0, 1000.0)]
    np.testing.assert_allclose(w.sum(axis=-1), ref, rtol=1e-10)


def test_callable_scalar_function_and_breakpoints():
    step = lambda E: 2.0 if E < 500.0 else 1.0  # noqa: E731 - scalar-only on purpose
    f = callable_flux(step, 100.0, 1000.0, projectile=NU, breakpoints_keV=[500.0])
    np.testing.assert_allclose(f.total(), 2.0 * 400 + 500, rtol=1e-12)


@pytest.mark.parametrize("args, kw, arg", [
    ((lambda E: -np.ones_like(E), 1.0, 2.0), {}, "dphi_dE"),
    ((lambda E: np.zeros_like(E), 1.0, 2.0), {}, "f"),
    ((lambda E: np.ones_like(E), 2.0, 1.0), {}, "E_min_keV"),
    ((lambda E: np.ones_like(E), 1.0, np.inf), {}, "E_max_keV"),
    ((lambda E: np.ones_like(E), 50.0, 200.0), dict(projectile=CHI), "E_min_keV"),
    (("abc", 1.0, 2.0), {}, "f"),
    ((lambda E: np.ones_like(E), 1.0, 2.0), dict(breakpoints_keV=[3.0]), "breakpoints_keV"),
])
def test_callable_bad_input(args, kw, arg):
    k = dict(projectile=NU)
    k.update(kw)
    with pytest.raises(ValueError, match=arg):
        callable_flux(*args, **k)


# ---- power law ------------------------------------------------------------------------------------
def test_power_law_matches_dark_cosmic_rays():
    m = 10.0
    dcr = fluxes.dark_cosmic_rays(m)
    # 30 (GeV/m) (E/GeV)^-2.7 per GeV per sr × 4π, written at the pivot 1 GeV in keV⁻¹
    A = 30.0 * 4 * math.pi * (1e6 / m) / 1e6
    pl = power_law_flux(A, 2.7, 10 * m, projectile=dcr.projectile, pivot_keV=1e6, delta_power=1.7)
    E = np.geomspace(200.0, 1e9, 30)
    np.testing.assert_allclose(pl.dphi_dE(E), dcr.dphi_dE(E), rtol=1e-12)
    np.testing.assert_allclose(pl.total(), dcr.total(), rtol=1e-12)
    np.testing.assert_allclose(ml.dR_dT("Ge", 0.5, pl, "FEA", 1e-8), ml.dR_dT("Ge", 0.5, dcr, "FEA", 1e-8), rtol=1e-12)


def test_power_law_finite_range():
    f = power_law_flux(2.0, 1.0, 10.0, 1000.0, projectile=NU)
    np.testing.assert_allclose(f.total(), 2.0 * 10.0 * math.log(100.0), rtol=1e-12)
    f = power_law_flux(2.0, 0.5, 10.0, 1000.0, projectile=NU, pivot_keV=10.0)
    np.testing.assert_allclose(f.quadrature()[1].sum(), _quad(lambda e: 2.0 * (e / 10) ** -0.5, 10, 1000), rtol=1e-12)


@pytest.mark.parametrize("args, arg", [
    ((0.0, 2.0, 1.0), "amplitude_cm2_s_keV"),
    ((1.0, 0.5, 1.0), "index"),
    ((1.0, 2.0, 0.0), "E_min_keV"),
    ((1.0, 2.0, 5.0, 2.0), "E_min_keV"),
])
def test_power_law_bad_input(args, arg):
    with pytest.raises(ValueError, match=arg):
        power_law_flux(*args, projectile=NU)


# ---- sums -----------------------------------------------------------------------------------------
def test_sum_is_linear_in_rates_and_flavours():
    t = tabulated_flux([300.0, 3000.0], [1e5, 1e3], projectile=NU)
    ln = line_flux((1000.0, 1e7), projectile=NU)
    s = t + ln
    assert isinstance(s, fluxes.SumFlux) and s.total() == pytest.approx(t.total() + ln.total(), rel=1e-14)
    for meth in ("FEA", "RIA"):
        np.testing.assert_allclose(ml.dR_dT("Xe", 2.0, s, meth), ml.dR_dT("Xe", 2.0, t, meth)
                                   + ml.dR_dT("Xe", 2.0, ln, meth), rtol=1e-12)
    assert sum([t, ln]).total() == pytest.approx(s.total())
    t2 = t + t
    assert len(t2.components) == 2  # duplicate names get a suffix
    sun_plus = fluxes.solar_neutrinos(["pp"]) + ln
    E, w = sun_plus.flavour_quadrature()
    E1, w1 = sun_plus.quadrature()
    np.testing.assert_allclose(w["nu_e"] + w["nu_mu_tau"], w1, rtol=1e-14)
    assert w["nu_mu_tau"][-1] == 0.0  # the user's line is not oscillated


def test_sum_of_different_projectiles_is_an_error():
    with pytest.raises(ValueError, match="projectile"):
        line_flux((1000.0, 1.0), projectile=NU) + line_flux((1000.0, 1.0), projectile=CHI)
    with pytest.raises(ValueError, match="delta_power"):
        line_flux((1000.0, 1.0), projectile=NU) + line_flux((1000.0, 1.0), projectile=NU, delta_power=1.0)


def test_projectiles_of_the_built_in_sources():
    assert fluxes.solar_neutrinos().projectile.flavour == "nu_e"
    assert fluxes.solar_neutrinos().m_keV == 0.0
    d = fluxes.dark_cosmic_rays(3.0)
    assert d.projectile == projectiles.millicharged_particle(3.0) and d.m_keV == 3.0
