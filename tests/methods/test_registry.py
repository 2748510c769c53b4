"""Methods: the narrow-profile limit RIA = Z × free for every interaction and mass, smooth p_max
behaviour without a 1/t² pole, typed options, lower energy limits, the registry, and the cost of
adding terms."""

from __future__ import annotations


import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite.particles import interactions as I
from mcpria_lite import kinematics as kin
from mcpria_lite import methods as M
from mcpria_lite.particles import projectiles as P
from mcpria_lite.targets.atoms import NarrowProfileTarget

PHOTON_ALL = I.Millicharge(1e-3) + I.MagneticMoment(2e-3) + I.ChargeRadius(1e-30)
NU_ALL = I.Millicharge(1e-12) + I.MagneticMoment(1e-11) + I.ChargeRadius(3e-32) + I.Weak()
MASSES = [0.0, 0.01, 1.0, 1e3, 1e6]  # the masses and energies of tests/rates/test_cross_sections.py


def _energies(m):
    """From near the kinematic threshold of T = 0.01 keV to 1 GeV kinetic (total E in keV)."""
    e_thr = float(kin.E_min(0.01, m))
    return [e_thr * 1.5, m + 30.0 + 2 * e_thr, m + 1e3, m + 1e6]


@pytest.mark.parametrize("m", MASSES)
def test_narrow_profile_gives_free_for_every_photon_term(m):
    tg = NarrowProfileTarget()
    proj = P.Projectile(name="chi", mass_keV=m)
    for E in _energies(m):
        T = float(kin.T_max(E, m)) * np.array([1e-3, 0.1, 0.5, 0.9])
        T = T[T >= 1e-4]
        ria = cs.dsigma_dT_terms(tg, T, E, projectile=proj, interaction=PHOTON_ALL, method="RIA")
        free = tg.Z * PHOTON_ALL.dsigma_dT_free_terms(T, E, proj)
        np.testing.assert_allclose(ria, free, rtol=1e-5, atol=1e-300)


@pytest.mark.parametrize("proj", [P.neutrino("nu_e"), P.neutrino("nu_mu_tau"), P.antineutrino("nu_e")], ids=str)
def test_narrow_profile_gives_free_for_weak_and_every_interference(proj):
    tg = NarrowProfileTarget()
    for E in _energies(0.0):
        T = float(kin.T_max(E, 0.0)) * np.array([1e-3, 0.1, 0.5, 0.9])
        T = T[T >= 1e-4]
        ria = cs.dsigma_dT_terms(tg, T, E, projectile=proj, interaction=NU_ALL, method="RIA")
        free = tg.Z * NU_ALL.dsigma_dT_free_terms(T, E, proj)
        np.testing.assert_allclose(ria, free, rtol=1e-5, atol=1e-300)


def test_sum_equals_sum_of_parts_and_coefficients():
    nu = P.neutrino("nu_e")
    T = np.array([0.5, 2.0, 20.0])
    x = I.Millicharge(1e-12) + I.Weak()
    total = ml.dsigma_dT("Xe", T, 420.0, projectile=nu, interaction=x)
    terms = cs.dsigma_dT_terms("Xe", T, 420.0, projectile=nu, interaction=x, method="RIA")
    np.testing.assert_allclose(total, x.coefficients() @ terms, rtol=1e-14)
    w = ml.dsigma_dT("Xe", T, 420.0, projectile=nu, interaction=I.Weak())
    np.testing.assert_allclose(terms[1], w, rtol=1e-14)
    d = ml.dsigma_dT("Xe", T, 420.0, 0.0, 1e-12)
    np.testing.assert_allclose(1e-24 * terms[0], d, rtol=1e-13)


@pytest.mark.parametrize("inter", [I.Weak(), I.MagneticMoment()], ids=repr)
def test_ria_is_smooth_in_p_max_without_a_double_pole(inter):
    """No 1/t² pole: any p_max up to m_e c (137.04 a.u.) is allowed and the result changes smoothly
    (the profile tail beyond 100 a.u. carries < 1e-3 of the electrons)."""
    nu = P.neutrino("nu_e")
    T = np.array([0.5, 5.0, 30.0])
    vals = [ml.dsigma_dT(ml.target("Xe", p_max_au=p), T, 420.0, projectile=nu, interaction=inter) for p in (100.0, 120.0, 136.0, cs.PZ_FORWARD_AU)]
    for v in vals[1:]:
        np.testing.assert_allclose(v, vals[0], rtol=2e-3)
    with pytest.raises(ValueError, match="p_max_au"):
        ml.dsigma_dT(ml.target("Xe", p_max_au=cs.PZ_FORWARD_AU), T, 420.0, projectile=nu, interaction=I.Millicharge())


def test_ria_weak_over_stepping_in_xenon():
    """The impulse approximation of weak scattering stays within a few tens of per cent of the
    stepping approximation (Chen et al., arXiv:1610.04177, RRPA 10–30 % below stepping at 0.3–30 keV);
    both approach each other well above the K edge."""
    nu = P.neutrino("nu_e")
    T = np.array([1.0, 5.0, 20.0, 60.0])
    ria = ml.dsigma_dT("Xe", T, 420.0, projectile=nu, interaction=I.Weak())
    fea = ml.dsigma_dT("Xe", T, 420.0, projectile=nu, interaction=I.Weak(), method="FEA")
    r = ria / fea
    assert np.all((r > 0.6) & (r < 1.1))
    assert abs(r[-1] - 1) < 0.05


def test_options_a_method_does_not_use_raise():
    nu = P.neutrino("nu_e")
    with pytest.raises(ValueError, match=r"'FEA'.*p_max_au"):
        ml.dsigma_dT("Ge", 1.0, 420.0, projectile=nu, method="FEA", p_max_au=90.0)
    with pytest.raises(ValueError, match=r"'RIA'.*Q2_max"):
        ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, method="RIA", Q2_max=1.0)
    with pytest.raises(ValueError, match="weak has no EPA"):
        ml.dsigma_dT("Ge", 1.0, 420.0, projectile=nu, interaction=I.Weak(), method="EPA")
    with pytest.raises(ValueError, match="m_regulator_keV"):
        ml.dsigma_dT("Ge", 1.0, 420.0, 1.0, method="EPA", m_regulator_keV=1e-4)
    with pytest.raises(ValueError, match="prefactor"):
        M.RIAOptions(prefactor="exactly")
    with pytest.raises(ValueError, match="m_keV"):
        ml.dsigma_dT("Ge", 1.0, 420.0, 1.0, projectile=nu)
    with pytest.raises(ValueError, match="delta"):
        ml.dsigma_dT("Ge", 1.0, 420.0, projectile=nu, delta=2.0, interaction=I.Weak())


def test_prefactor_names():
    a = ml.dsigma_dT("Ge", 1.0, 2e3, 1e3, prefactor="E'/E")
    b = ml.dsigma_dT("Ge", 1.0, 2e3, 1e3, prefactor="k'/k")
    k, kp = kin.momentum(2e3, 1e3), kin.final_momentum(1.0, 2e3, 1e3)
    assert float(a / b) == pytest.approx(float(((2e3 - 1.0) / 2e3) / (kp / k)), rel=1e-12)
    assert float(ml.dsigma_dT("Ge", 1.0, 2e3, 1e3, prefactor="exact")) == float(b)


def test_massless_epa_uses_the_projectile_regulator():
    nu = P.neutrino("nu_e")  # epa_regulator_keV = 1e-4
    a = ml.dsigma_dT("Ge", 1.0, 420.0, projectile=nu, method="EPA")
    b = ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, method="EPA", m_regulator_keV=1e-4)
    assert float(a) == pytest.approx(float(b), rel=1e-14)
    # the magnetic moment: the EPA refuses it, whatever the regulator, and says why
    plain = P.Projectile(name="nu without regulator", mass_keV=0.0, flavour="nu_e")
    with pytest.raises(ValueError, match="does not apply to a magnetic moment"):
        ml.dsigma_dT("Ge", 1.0, 420.0, projectile=plain, interaction=I.MagneticMoment(), method="EPA")


def test_epa_refuses_a_slow_projectile_and_a_slow_flux():
    """Quasi-real photons need |p − p′| ≤ √2 T: a halo-like χ (v = 1e-3) has |q| ≥ T/v ≫ T."""
    m = 1e6
    E_halo = m * (1 + 0.5e-6)
    with pytest.raises(ValueError, match="too slow"):
        ml.dsigma_dT("Xe", 0.1, E_halo, m, method="EPA")
    halo = ml.line_flux((E_halo, 1e5), projectile=P.millicharged_particle(m))
    with pytest.raises(ValueError, match="too slow"):
        ml.dR_dT("Xe", 0.1, halo, "EPA", 1e-10)
    assert float(ml.dR_dT("Xe", 0.1, halo, "RIA", 1e-10)) > 0  # the impulse approximation applies
    # fast enough: E ≥ √2 m for m ≫ T (v ≥ 0.71c)
    assert float(ml.dsigma_dT("Xe", 0.1, 1.42 * m, m, method="EPA")) > 0
    with pytest.raises(ValueError, match="too slow"):
        ml.dsigma_dT("Xe", 0.1, 1.41 * m, m, method="EPA")


def test_quasi_real_limit_against_a_direct_solve():
    from scipy.optimize import brentq

    from mcpria_lite.methods.equivalent_photons import quasi_real_E_min

    for m, T in [(100.0, 1.0), (1.0, 0.5), (1e3, 0.1), (0.01, 0.1), (5.0, 30.0)]:
        def f(E):
            p, pp = np.sqrt(E**2 - m**2), np.sqrt(max((E - T) ** 2 - m**2, 0.0))
            return (p - pp) ** 2 - 2 * T**2  # Q²min(exact) − Q²max with Q²max = T²

        lo = m + T
        want = lo if f(lo) <= 0 else brentq(f, lo, 100 * (m + T), xtol=1e-13, rtol=1e-13)
        np.testing.assert_allclose(float(quasi_real_E_min(T, m)), want, rtol=1e-9)


def test_E_lower_limits():
    chi = P.millicharged_particle(1.0)
    T = 0.1
    assert float(M.METHODS["FEA"].E_lower_limit(T, chi)) == pytest.approx(float(kin.E_min(T, 1.0)))
    assert float(M.E_lower_limit(T, chi, "RIA")) == pytest.approx(1.1)
    assert float(M.E_lower_limit(T, chi, "EPA")) == pytest.approx(1.1)
    with pytest.raises(ValueError, match="FEA"):
        M.E_lower_limit(T, chi, "FEA", p_max_au=90.0)


def test_registry_accepts_a_new_method_without_edits():
    class Half:
        name = "half-FEA"
        Options = M.FEAOptions

        def options(self, **kw):
            return M.METHODS["FEA"].options(**kw)

        def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
            return 0.5 * M.METHODS["FEA"].dsigma_dT_terms(target, T, E, projectile, interaction, options)

        def E_lower_limit(self, T_keV, projectile, target=None, **options):
            return M.METHODS["FEA"].E_lower_limit(T_keV, projectile, **options)

    M.register(Half())
    try:
        assert "half-FEA" in cs.METHODS
        a = ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, method="half-FEA")
        assert float(a) == pytest.approx(0.5 * float(ml.dsigma_dT("Ge", 1.0, 420.0, 0.0, method="FEA")))
    finally:
        del M.METHODS["half-FEA"]


def test_a_method_with_only_the_minimum_has_the_defaults_of_the_rest():
    class Half:  # the documented minimum (mcpria_lite.methods.base.MinimalMethod), no supports/label/rate path
        name = "half-FEA-2"
        Options = M.FEAOptions

        def options(self, **kw):
            return M.METHODS["FEA"].options(**kw)

        def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
            return 0.5 * M.METHODS["FEA"].dsigma_dT_terms(target, T, E, projectile, interaction, options)

        def E_lower_limit(self, T_keV, projectile, target=None, **options):
            return M.METHODS["FEA"].E_lower_limit(T_keV, projectile, **options)

    half = Half()
    assert isinstance(half, M.base.MinimalMethod) and not isinstance(half, M.Method)
    assert M.register(half) is half
    try:
        for m in (M.get("half-FEA-2"), M.get(half)):  # by name, or the object itself
            assert isinstance(m, M.Method)
            assert (m.name, m.label, m.in_paper, m.coarse_T_per_decade, m.plot_style) == ("half-FEA-2", "half-FEA-2",
                                                                                         False, None, {})
            assert m.supports(I.Weak()) is None
        # the rates read supports and rate_terms: the cross section at every flux node, half of the FEA's
        flux = ml.solar_neutrinos()
        T = np.array([0.5, 2.0])
        r = ml.dR_dT("Ge", T, flux, method="half-FEA-2", interaction=I.MagneticMoment(1e-11))
        np.testing.assert_allclose(r, 0.5 * ml.dR_dT("Ge", T, flux, method="FEA", interaction=I.MagneticMoment(1e-11)),
                                   rtol=1e-12)
        assert "half-FEA-2" not in M.paper_methods()
    finally:
        del M.METHODS["half-FEA-2"]
