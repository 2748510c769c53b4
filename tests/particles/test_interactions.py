"""Interactions: basis and coefficients, free cross sections against the closed forms of Vogel &
Engel (1989) evaluated independently here, the ν/ν̄ relation, EPA spectra, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite.particles import interactions as I
from mcpria_lite import kinematics as kin
from mcpria_lite.particles import projectiles as P
from mcpria_lite.units import ALPHA, HBARC2_KEV2_CM2, M_E

NU_E, NU_MU = P.neutrino("nu_e"), P.neutrino("nu_mu_tau")
NUBAR_E = P.antineutrino("nu_e")
S2W = 0.2386
GF = 1.1663787e-17  # keV⁻² (PDG)
T = np.array([0.3, 3.0, 30.0])
E = 420.0


def _weak(gl, gr):
    return 2 * GF**2 * M_E / np.pi * (gl**2 + gr**2 * (1 - T / E) ** 2 - gl * gr * M_E * T / E**2) * HBARC2_KEV2_CM2


def test_basis_names_and_powers():
    x = I.Millicharge(1e-12) + I.Weak()
    assert [t.name for t in x.basis(NU_E)] == ["delta^2", "weak", "delta*weak"]
    assert [t.powers for t in x.terms] == [{"delta": 2}, {}, {"delta": 1}]
    np.testing.assert_allclose(x.coefficients(), [1e-24, 1.0, 1e-12])
    np.testing.assert_allclose(x.coefficients(delta=2.0), [4.0, 1.0, 2.0])
    assert I.MagneticMoment(1e-11).couplings == {"mu_B": 1e-11}
    assert I.Weak().couplings == {}
    assert [t.name for t in I.ChargeRadius(1e-32).terms] == ["r2_cm2^2"]
    assert [t.name for t in (I.ChargeRadius(1e-32) + I.Weak()).terms] == ["r2_cm2^2", "weak", "r2_cm2*weak"]


def test_forward_behaviour():
    assert I.Millicharge().forward == "1/t^2"
    assert I.MagneticMoment().forward == "1/t"
    assert I.Weak().forward == "none" and I.ChargeRadius().forward == "none"
    assert (I.MagneticMoment() + I.Weak()).forward == "1/t"


def test_weak_free_cross_section_nu_e_nu_mu_and_antineutrino():
    gl_e, gl_mu, gr = 0.5 + S2W, -0.5 + S2W, S2W
    np.testing.assert_allclose(I.Weak().dsigma_dT_free(T, E, NU_E), _weak(gl_e, gr), rtol=1e-6)
    np.testing.assert_allclose(I.Weak().dsigma_dT_free(T, E, NU_MU), _weak(gl_mu, gr), rtol=1e-6)
    np.testing.assert_allclose(I.Weak().dsigma_dT_free(T, E, NUBAR_E), _weak(gr, gl_e), rtol=1e-6)


def test_weak_total_cross_section_against_textbook_number():
    """σ(ν_e e) ≈ 9.5e-45 cm² (E/MeV) for E ≫ m_e (Giunti & Kim, Fundamentals of Neutrino Physics):
    at 100 MeV the integral of our dσ/dT must come out at 9.2–9.7e-43 cm²."""
    E_ = 1e5
    Tg = np.geomspace(1e-6, kin.T_max(E_, 0.0) * (1 - 1e-12), 4001)
    sig = np.trapezoid(I.Weak().dsigma_dT_free(Tg, E_, NU_E), Tg)
    assert 9.2e-43 < sig < 9.8e-43


def test_magnetic_free_cross_section():
    ref = np.pi * ALPHA**2 / M_E**2 * (1 / T - 1 / E) * HBARC2_KEV2_CM2 * 1e-22
    np.testing.assert_allclose(I.MagneticMoment(1e-11).dsigma_dT_free(T, E, NU_E), ref, rtol=1e-12)


def test_magnetic_moment_1_over_T_versus_millicharge_1_over_T2():
    lo, hi = I.MagneticMoment().dsigma_dT_free([0.1, 1.0], 1e4, NU_E)
    assert lo / hi == pytest.approx(10.0, rel=2e-3)
    lo, hi = I.Millicharge().dsigma_dT_free([0.1, 1.0], 1e4, NU_E)
    assert lo / hi == pytest.approx(100.0, rel=2e-3)


def test_millicharge_term_equals_round_one_free_cross_section():
    for m, Ee in [(0.0, 420.0), (1.0, 30.0), (1e6, 1.2e6)]:
        p = P.Projectile(name="chi", mass_keV=m)
        Tm = float(kin.T_max(Ee, m)) * np.array([0.01, 0.5, 0.99])
        np.testing.assert_allclose(I.Millicharge(1e-3).dsigma_dT_free(Tm, Ee, p), kin.dsigma_dT_free(Tm, Ee, m, 1e-3), rtol=1e-12)


def test_charge_and_radius_as_vector_shift():
    """δ and ⟨r²⟩ together with weak: the weak formula with g_{L,R} + Δ/2, Δ = −√2πα δ/(G_F m_e T) +
    (2√2πα/3G_F)⟨r²⟩/(ħc)² (Vogel & Engel 1989)."""
    delta, r2 = 3e-12, 2e-32
    x = I.Millicharge(delta) + I.ChargeRadius(r2) + I.Weak()
    shift = -np.sqrt(2) * np.pi * ALPHA * delta / (GF * M_E * T) + 2 * np.sqrt(2) * np.pi * ALPHA / (3 * GF) * r2 / HBARC2_KEV2_CM2
    gl, gr = 0.5 + S2W + shift / 2, S2W + shift / 2
    np.testing.assert_allclose(x.dsigma_dT_free(T, E, NU_E), _weak(gl, gr), rtol=1e-6)
    # the same for ν̄ (g_L ↔ g_R at the same field couplings)
    np.testing.assert_allclose(x.dsigma_dT_free(T, E, NUBAR_E), _weak(gr, gl), rtol=1e-6)


def test_interference_sign_flips_between_nu_and_nubar_of_equal_physical_charge():
    """A ν of charge +δ and a ν̄ of charge +δ (the field charge −δ): the δ·weak terms have opposite signs."""
    x = I.Millicharge(1e-12) + I.Weak()
    i = [t.name for t in x.terms].index("delta*weak")
    nu = x.dsigma_dT_free_terms(T, E, NU_E)[i] * (+1)
    nubar = x.dsigma_dT_free_terms(T, E, NUBAR_E)[i] * (-1)
    assert np.all(np.sign(nu) == -np.sign(nubar))


def test_magnetic_has_no_interference_for_massless():
    x = I.MagneticMoment(1e-11) + I.Millicharge(1e-12)
    i = [t.name for t in x.terms].index("delta*mu_B")
    assert np.all(x.dsigma_dT_free_terms(T, E, NU_E)[i] == 0)
    massive = P.Projectile(name="chi", mass_keV=100.0)
    assert np.all(x.dsigma_dT_free_terms(T, 1e4, massive)[i] != 0)


def test_epa_numbers():
    # charge: Budnev; magnetic: (αμ²/4πm_e²)(1 − T/E) T for m = 0, Q²max = T², no logarithm, no regulator
    n = I.MagneticMoment().equivalent_photon_terms(T, E, P.Projectile(name="nu", mass_keV=0.0))[0]
    np.testing.assert_allclose(n, ALPHA / (4 * np.pi * M_E**2) * (1 - T / E) * T, rtol=1e-12)
    assert I.Weak().equivalent_photon_terms(T, E, NU_E) is None
    assert I.ChargeRadius().equivalent_photon_number(T, E, NU_E) is None
    y = T / E
    q2min = 1e-8 * T**2 / (E * (E - T))
    bud = ALPHA / (np.pi * T) * ((1 - y + y**2 / 2) * np.log(T**2 / q2min) - (1 - y) * (1 - q2min / T**2))
    np.testing.assert_allclose(I.Millicharge().equivalent_photon_terms(T, E, NU_E)[0], bud, rtol=1e-12)


@pytest.mark.parametrize(
    "make,name",
    [
        (lambda: I.Millicharge(-1e-12), "delta"),
        (lambda: I.Millicharge("1e-12"), "delta"),
        (lambda: I.MagneticMoment(-1.0), "mu_B"),
        (lambda: I.MagneticMoment(np.nan), "mu_B"),
        (lambda: I.ChargeRadius(1e-6), "r2_cm2"),
        (lambda: I.ChargeRadius([1e-32]), "r2_cm2"),
        (lambda: I.Weak(1.5), "sin2_theta_w"),
        (lambda: I.Weak().dsigma_dT_free(1.0, 420.0, P.millicharged_particle(1.0)), "flavour"),
        (lambda: I.Weak().dsigma_dT_free(1.0, 420.0, P.Projectile(name="m", mass_keV=1.0, flavour="nu_e")), "mass_keV"),
        (lambda: I.Weak() + I.Weak(), "twice"),
        (lambda: I.Millicharge().coefficients(mu_B=1.0), "mu_B"),
        (lambda: I.as_interaction("weak"), "interaction"),
    ],
)
def test_bad_input(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_scalar_inputs_give_scalars():
    v = I.Weak().dsigma_dT_free(1.0, 400.0, NU_MU)
    assert np.ndim(v) == 0 and v > 0


def test_magnetic_epa_number_finite_for_a_heavy_projectile():
    """The generated magnetic EPA keeps ln(Q²max/Q²min): for χ of 1 MeV at ω = 10 keV a merged
    ln(Q²max^(m²ω²)·Q²min^(−m²ω²)) overflows float64. Closed form: (αμ²/(4πm_e²))[(m²ω/E²) ln(Q²max/Q²min)
    + (1 − ω/E)(Q²max − Q²min)/ω] (μ = 1 μ_B)."""
    import math

    from mcpria_lite.particles import _amplitudes_generated as ag
    from mcpria_lite.units import ALPHA, M_E

    m, E, w = 1e3, 1e4, 10.0
    q2min, q2max = m**2 * w**2 / (E * (E - w)), w**2
    expect = ALPHA / (4 * math.pi * M_E**2) * (m**2 * w / E**2 * math.log(q2max / q2min)
                                               + (1 - w / E) * (q2max - q2min) / w)
    got = float(ag.epa_number_magnetic(w, E, m, q2min, q2max, M_E, ALPHA))
    assert math.isfinite(got)
    assert got == pytest.approx(expect, rel=1e-12)
