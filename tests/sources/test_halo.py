"""The standard halo model: the closed-form η against direct numerical integration of the 3-D truncated
Maxwellian, normalisation, bad parameters, user tables, annual modulation."""
import math

import numpy as np
import pytest
from scipy.integrate import quad

from mcpria_lite.sources.halo import (EarthMotion, MonochromaticBeam, StandardHaloModel, TabulatedEta,
                                      TabulatedSpeedDistribution, eta_natural)
from mcpria_lite.units import C_KM_S


def eta_direct(h: StandardHaloModel, vmin: float) -> float:
    """η by integrating the 3-D truncated Maxwellian directly: ∫ dv v ∫ dcosθ 2π f_gal(|v + v_E|),
    f_gal written out here (not the module's), normalised numerically."""
    v0, ve, vesc = h.v0_km_s, h.v_E_km_s, h.v_esc_km_s

    def fgal(w):
        return math.exp(-(w / v0) ** 2) if w < vesc else 0.0

    def ang(v):
        # ∫_{-1}^{1} dc f_gal(sqrt(v² + ve² + 2 v ve c)), with the cut where |v + v_E| = v_esc
        cmax = min(1.0, (vesc**2 - v * v - ve * ve) / (2 * v * ve))
        if cmax <= -1.0:
            return 0.0
        return quad(lambda c: fgal(math.sqrt(max(v * v + ve * ve + 2 * v * ve * c, 0.0))), -1.0, cmax,
                    epsabs=0, epsrel=1e-11)[0]

    norm = 2 * math.pi * quad(lambda v: v * v * ang(v), 0, vesc + ve, limit=200, epsrel=1e-11,
                              points=[vesc - ve])[0]
    num = 2 * math.pi * quad(lambda v: v * ang(v), vmin, vesc + ve, limit=200, epsrel=1e-11,
                             points=[max(vmin, vesc - ve)])[0]
    return num / norm


@pytest.mark.parametrize("vmin", [0.0, 50.0, 200.0, 290.0, 300.0, 450.0, 600.0, 780.0])
def test_eta_closed_form_matches_direct_integration(vmin):
    h = StandardHaloModel()
    assert h.eta(vmin) == pytest.approx(eta_direct(h, vmin), rel=2e-7, abs=1e-15)


def test_eta_other_parameters_and_edges():
    h = StandardHaloModel(v0_km_s=220.0, v_esc_km_s=600.0, v_E_km_s=232.0)
    for vmin in (10.0, 368.0, 500.0, 831.0):
        assert h.eta(vmin) == pytest.approx(eta_direct(h, vmin), rel=2e-7, abs=1e-15)
    assert h.eta(h.v_max_km_s) == 0.0 and h.eta(h.v_max_km_s + 1) == 0.0
    # continuous at the two branch points
    for vb in (h.v_esc_km_s - h.v_E_km_s, h.v_max_km_s):
        assert h.eta(vb - 1e-6) == pytest.approx(float(h.eta(vb + 1e-6)), abs=1e-10)   # slope ~ f/v ~ 1e-5 s²/km²


def test_eta_detector_at_rest():
    h = StandardHaloModel(v_E_km_s=0.0)
    assert h.eta(100.0) == pytest.approx(eta_direct(StandardHaloModel(v_E_km_s=1e-3), 100.0), rel=1e-5)


def test_speed_distribution_normalised_and_consistent_with_eta():
    h = StandardHaloModel()
    assert quad(lambda v: float(h.speed_distribution(v)), 0, h.v_max_km_s, points=[h.v_esc_km_s - h.v_E_km_s],
                limit=200)[0] == pytest.approx(1.0, rel=1e-9)
    for vmin in (0.0, 300.0, 700.0):
        num = quad(lambda v: float(h.speed_distribution(v)) / v, max(vmin, 1e-9), h.v_max_km_s,
                   points=[h.v_esc_km_s - h.v_E_km_s], limit=200)[0]
        assert h.eta(vmin) == pytest.approx(num, rel=1e-8)


def test_eta_zero_vmin_is_mean_inverse_speed_and_natural_units():
    h = StandardHaloModel()
    # η(0) = <1/v>; natural units multiply by c
    assert eta_natural(h, 0.0) == pytest.approx(float(h.eta(0.0)) * C_KM_S)
    assert 1 / h.eta(0.0) == pytest.approx(300.0, rel=0.15)   # a typical speed of a few hundred km/s


@pytest.mark.parametrize("kw,name", [
    ({"v_esc_km_s": 200.0}, "v_esc_km_s"),          # v_esc < v_E
    ({"v_esc_km_s": 250.5}, "v_esc_km_s"),          # equal
    ({"v0_km_s": 0.0}, "v0_km_s"),
    ({"v0_km_s": float("nan")}, "v0_km_s"),
    ({"rho_GeV_cm3": -0.3}, "rho_GeV_cm3"),
    ({"v_E_km_s": -1.0}, "v_E_km_s"),
    ({"v_esc_km_s": "fast"}, "v_esc_km_s"),
])
def test_bad_parameters_name_the_argument(kw, name):
    with pytest.raises(ValueError, match=name):
        StandardHaloModel(**kw)


def test_bad_vmin():
    with pytest.raises(ValueError, match="v_min_km_s"):
        StandardHaloModel().eta(-1.0)


def test_tabulated_speed_distribution_reproduces_shm():
    h = StandardHaloModel()
    v = np.linspace(0.0, h.v_max_km_s, 4001)
    t = TabulatedSpeedDistribution(v, h.speed_distribution(v))
    for vmin in (0.0, 150.0, 400.0, 700.0):
        assert t.eta(vmin) == pytest.approx(float(h.eta(vmin)), rel=2e-4, abs=1e-9)
    with pytest.raises(ValueError, match="normalise"):
        TabulatedSpeedDistribution(v, 2 * h.speed_distribution(v))
    t2 = TabulatedSpeedDistribution(v, 2 * h.speed_distribution(v), normalise=True)
    assert t2.eta(300.0) == pytest.approx(float(t.eta(300.0)))
    with pytest.raises(ValueError, match="v_km_s"):
        TabulatedSpeedDistribution(v[::-1], h.speed_distribution(v))


def test_tabulated_eta():
    h = StandardHaloModel()
    v = np.linspace(0.0, h.v_max_km_s, 2001)
    t = TabulatedEta(v, h.eta(v))
    assert t.eta(333.3) == pytest.approx(float(h.eta(333.3)), rel=1e-5)
    assert t.eta(h.v_max_km_s + 10) == 0.0
    with pytest.raises(ValueError, match="non-increasing"):
        TabulatedEta([0.0, 100.0, 200.0], [1e-3, 2e-3, 0.0])
    with pytest.raises(ValueError, match="eta_s_km"):
        TabulatedEta([0.0, 100.0, 200.0], [1e-3, -1.0, 0.0])


def test_annual_modulation():
    e = EarthMotion()
    h = StandardHaloModel()
    assert e.sun_speed(238.0) == pytest.approx(250.5, abs=0.1)     # |v_sun|, Baxter et al.'s v_E
    t = np.linspace(0, 365.25, 2000, endpoint=False)
    s = e.speed(t, 238.0)
    # the time average of |v_E(t)| exceeds |v_sun| at second order in v_orb: 252.1 km/s
    assert s.mean() == pytest.approx(252.1, abs=0.2)
    t_max = t[np.argmax(s)]
    assert 145 < t_max < 160                      # around 1 June (day ~152 after 1 Jan)
    assert (s.max() - s.min()) / 2 == pytest.approx(14.6, abs=1.0)   # v_orb cos(60°)
    june = h.at_time(152.0)
    assert june.v_E_km_s > h.v_E_km_s and june.v0_km_s == h.v0_km_s
    # more fast particles in June: η at large v_min grows
    assert june.eta(600.0) > h.eta(600.0)


def test_monochromatic_beam():
    b = MonochromaticBeam(300.0)
    assert b.eta(299.0) == pytest.approx(1 / 300.0) and b.eta(301.0) == 0.0


def test_describe_names_the_parameters():
    d = StandardHaloModel(v_E_km_s=252.13).describe()
    assert d["v_E_km_s"] == 252.13 and d["v0_km_s"] == 238.0 and d["v_esc_km_s"] == 544.0 and d["rho_GeV_cm3"] == 0.3
