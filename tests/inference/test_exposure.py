"""One exposure-based sensitivity for every single-coupling interaction, with the Standard-Model
weak recoils in the background and every interference term in the signal.

References: the magnetic-moment cross section of a free electron, dσ/dT = (πα²/m_e²)(μ/μ_B)²(1/T − 1/E)
(Vogel & Engel, PRD 39, 3378 (1989)), integrated by hand over a window where Z_eff is constant, for a
⁷Be-like line; the Poisson median upper limit (2.303 + ... from mcpria_lite.inference.statistics, itself
tested against Feldman & Cousins' table); the roots of a quadratic for the millicharge with its
weak interference.
"""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.detection import detectors
from mcpria_lite.inference import statistics
from mcpria_lite.inference.exposure import exposure_sensitivity
from mcpria_lite.particles import interactions as I
from mcpria_lite.particles import projectiles as P
from mcpria_lite.units import ALPHA, HBARC2_KEV2_CM2, M_E

E_LINE, PHI = 861.8, 5e9                      # keV, cm⁻² s⁻¹
NU_LINE = ml.line_flux((E_LINE, PHI), projectile=P.neutrino("nu_e"))
WIN = (1.2, 4.5)                               # Xe: above M1 (1.15 keV), below L3 (4.78 keV): Z_eff = 44
X = 3e5                                        # kg day
DET = detectors.LXE_NEXT_GEN.with_(exposure_kg_day=X, window_keV=WIN, background_cpkkd=1e-3)


def _zeff(target, T):
    return sum(s.occupancy for s in target.shells if s.binding_keV < T)


def _mu_signal_per_muB2():
    """μ² signal counts at μ = 1 μ_B, FEA, by hand."""
    xe = ml.target("Xe")
    assert _zeff(xe, WIN[0]) == _zeff(xe, WIN[1]) == 44
    a, b = WIN
    integral = np.log(b / a) - (b - a) / E_LINE
    sigma = np.pi * ALPHA**2 / M_E**2 * HBARC2_KEV2_CM2 * integral * 44  # cm² per atom
    return X * xe.atoms_per_kg * 86400.0 * PHI * sigma


def test_magnetic_moment_limit_is_the_closed_form_with_weak_in_the_background():
    s_up = statistics.median_upper_limit(1e-3 * (WIN[1] - WIN[0]) * X, 0.9)
    want = np.sqrt(s_up / _mu_signal_per_muB2())
    got = exposure_sensitivity(DET, NU_LINE, "FEA", interaction=I.MagneticMoment)
    np.testing.assert_allclose(got, want, rtol=2e-3)  # the signal grid's trapezoid rule
    # the same with an instance (no weak term at all): the weak term never enters the signal
    np.testing.assert_allclose(exposure_sensitivity(DET, NU_LINE, "FEA", interaction=I.MagneticMoment(1e-11)),
                               got, rtol=1e-10)


def test_standard_model_recoils_can_be_added_to_the_background():
    xe = ml.target("Xe")
    Tg = np.linspace(*WIN, 4001)
    weak = np.trapezoid(44 * I.Weak().dsigma_dT_free(Tg, E_LINE, P.neutrino("nu_e")), Tg)
    n_weak = X * xe.atoms_per_kg * 86400.0 * PHI * weak
    b = 1e-3 * (WIN[1] - WIN[0]) * X
    s_up = statistics.median_upper_limit(b + n_weak, 0.9)
    want = np.sqrt(s_up / _mu_signal_per_muB2())
    got = exposure_sensitivity(DET, NU_LINE, "FEA", interaction=I.MagneticMoment, standard_model="add-to-background")
    np.testing.assert_allclose(got, want, rtol=2e-3)
    assert got > exposure_sensitivity(DET, NU_LINE, "FEA", interaction=I.MagneticMoment)


def test_millicharge_with_its_weak_interference_is_the_larger_root():
    """Signal δ²A + δC: the limit for the destructive sign solves δ²A − |δ||C| = s_up."""
    T = np.geomspace(*WIN, 400)
    rt = ml.rates.dR_dT_terms("Xe", T, NU_LINE, "FEA", I.Millicharge() + I.Weak())
    names = list(rt.names)
    A = X * np.trapezoid(rt.values[names.index("delta^2")], T)
    C = X * np.trapezoid(rt.values[names.index("delta*weak")], T)
    s_up = statistics.median_upper_limit(1e-3 * (WIN[1] - WIN[0]) * X, 0.9)
    want = (abs(C) + np.sqrt(C**2 + 4 * A * s_up)) / (2 * A)
    got = exposure_sensitivity(DET, NU_LINE, "FEA", interaction=I.Millicharge)
    np.testing.assert_allclose(got, want, rtol=2e-3)
    pure = exposure_sensitivity(DET, NU_LINE, "FEA")  # the paper's δ² alone
    np.testing.assert_allclose(pure, np.sqrt(s_up / A), rtol=2e-3)
    assert got > pure


def test_charge_radius_and_asimov_run_and_order():
    nu = ml.solar_neutrinos(["pp", "7Be"])
    poi = exposure_sensitivity(DET, nu, "FEA", interaction=I.ChargeRadius)
    asi = exposure_sensitivity(DET, nu, "FEA", interaction=I.ChargeRadius, statistic="asimov")
    assert 1e-33 < poi < 1e-28 and 1e-33 < asi < 1e-28
    # more exposure, a stronger limit (background-dominated: roughly X^(-1/4) for a square, faster with interference)
    two = exposure_sensitivity(DET, nu, "FEA", interaction=I.MagneticMoment, exposure_kg_day=[X, 16 * X])
    assert two[1] < two[0]


@pytest.mark.parametrize("kw, match", [
    ({"interaction": I.Weak}, "interaction"),
    ({"interaction": I.Weak()}, "exactly one coupling"),
    ({"interaction": I.MagneticMoment, "standard_model": "signal"}, "standard_model"),
])
def test_bad_input(kw, match):
    with pytest.raises(ValueError, match=match):
        exposure_sensitivity(DET, NU_LINE, "FEA", **kw)
