"""Sensitivities for any interaction: the closed form for one pure power, the root finder with
interference, an analytic magnetic-moment estimate, detector/target consistency, bad keywords."""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite import sources as fluxes
from mcpria_lite.particles import interactions as I
from mcpria_lite.inference import sensitivities as S
from mcpria_lite.units import ALPHA, HBARC2_KEV2_CM2, M_E, SECONDS_PER_DAY

NU = fluxes.solar_neutrinos()


def test_acceptance_magnetic_moment_in_lxe():
    mu = S.sensitivity("Xe", NU, "RIA", detector="LXe", interaction=I.MagneticMoment)
    assert 1e-12 < mu < 1e-10
    # the returned μ solves μ² R_μμ(T_th) = B
    inter = I.MagneticMoment() + I.Weak()
    R = S.rate_terms("Xe", 0.5, NU, "RIA", inter)[:, 0]
    i = [t.name for t in inter.terms].index("mu_B^2")
    assert mu**2 * R[i] == pytest.approx(1e-4, rel=1e-10)


def test_magnetic_fea_against_the_analytic_rate():
    """FEA: dR/dT = ρ_A Z_eff (πα²μ²/m_e²)(Φ/T − Σφ/E) for T ≪ E_ν; the 1/E sum from the flux nodes."""
    tg = ml.target("Ge")
    T = 0.1
    zeff = float(cs.z_effective(tg, T))
    E, w = NU.quadrature(E_lo=float(ml.kinematics.E_min(T, 0.0)), n=200)
    est = tg.atoms_per_kg * zeff * np.pi * ALPHA**2 / M_E**2 * (np.sum(w) / T - np.sum(w / E)) * HBARC2_KEV2_CM2 * SECONDS_PER_DAY
    mu = S.sensitivity("Ge", NU, "FEA", detector="HPGe", interaction=I.MagneticMoment)
    assert mu == pytest.approx(np.sqrt(0.1 / est), rel=0.01)


def test_millicharge_with_weak_interference_solves_the_quadratic():
    d = S.sensitivity(None, NU, "RIA", detector="LXe", interaction=I.Millicharge)
    inter = I.Millicharge() + I.Weak()
    R = dict(zip([t.name for t in inter.terms], S.rate_terms("Xe", 0.5, NU, "RIA", inter)[:, 0]))
    sig = [abs(s * s * d**2 * R["delta^2"] + s * d * R["delta*weak"]) for s in (1, -1)]
    assert min(sig) == pytest.approx(1e-4, rel=1e-8) or max(sig) == pytest.approx(1e-4, rel=1e-8)
    # both signs reach the background at |δ| ≤ d
    assert all(x >= 1e-4 * (1 - 1e-8) for x in sig)
    # the interference changes the answer relative to the pure δ² law of the paper's table
    d0 = S.sensitivity("Xe", NU, "RIA", detector="LXe")
    assert abs(d / d0 - 1) > 0.05


def test_charge_radius_with_interference_reaches_the_background_for_both_signs():
    r2 = S.sensitivity("Xe", NU, "RIA", detector="LXe", interaction=I.ChargeRadius)
    inter = I.ChargeRadius() + I.Weak()
    R = dict(zip([t.name for t in inter.terms], S.rate_terms("Xe", 0.5, NU, "RIA", inter)[:, 0]))
    sig = {s: s * s * r2**2 * R["r2_cm2^2"] + s * r2 * R["r2_cm2*weak"] for s in (1, -1)}
    assert min(abs(v) for v in sig.values()) >= 1e-4 * (1 - 1e-8)
    assert any(abs(v) == pytest.approx(1e-4, rel=1e-8) for v in sig.values())
    # positive ⟨r²⟩ interferes constructively with ν_e e (g_V > 0): the + sign needs less
    assert R["r2_cm2*weak"] > 0


def test_closed_form_for_one_term_equals_legacy():
    """Millicharge instance without weak: one pure power, the same δ as the paper's closed form."""
    a = S.sensitivity("Ge", NU, "FEA", detector="HPGe", interaction=I.Millicharge(1.0))
    b = S.sensitivity("Ge", NU, "FEA", detector="HPGe")
    assert a == pytest.approx(b, rel=1e-6)


def test_dark_cosmic_rays_fold_the_flux_power():
    flux = fluxes.dark_cosmic_rays(1.0, **S.DM_CONVENTION)
    a = S.sensitivity("Xe", flux, "FEA", detector="LXe", interaction=I.Millicharge(1.0))
    b = S.sensitivity("Xe", flux, "FEA", detector="LXe")
    assert a == pytest.approx(b, rel=1e-6)
    with pytest.raises(ValueError, match="interaction"):
        S.sensitivity("Xe", flux, "FEA", detector="LXe", interaction=I.MagneticMoment)


def test_target_contradicting_detector_and_bad_keywords():
    with pytest.raises(ValueError, match="contradicts"):
        S.sensitivity("Ge", NU, "RIA", detector="LXe")
    with pytest.raises(ValueError, match="sensitivity.*must be one of"):
        S.sensitivity("Xe", NU, "RIA", detector="LXe", interation=I.MagneticMoment)
    with pytest.raises(ValueError, match="target"):
        S.sensitivity(None, NU, "RIA", 0.5, 1e-4)
    with pytest.raises(ValueError, match="'FEA'"):
        S.sensitivity("Xe", NU, "FEA", detector="LXe", interaction=I.MagneticMoment, p_max_au=90.0)
    with pytest.raises(ValueError, match="EPA"):
        S.sensitivity("Xe", NU, "EPA", detector="LXe", interaction=I.ChargeRadius)


def test_magnetic_epa_refused_because_far_below_ria():
    """No logarithm: with Q² up to T² the quasi-real photons carry a tiny part of the magnetic cross
    section (σ_γ × the magnetic photon number is > 10× below the RIA), so the EPA refuses it."""
    from mcpria_lite.particles import projectiles as P

    nu, T = P.neutrino("nu_e"), np.array([0.5, 1.0, 3.0])
    dn = I.MagneticMoment(1.0).equivalent_photon_number(T, 420.0, nu)
    epa_like = dn * ml.target("Xe").photoabsorption(T)
    ria = ml.dsigma_dT("Xe", T, 420.0, method="RIA", projectile=nu, interaction=I.MagneticMoment(1.0))
    assert np.all(ria / epa_like > 10)
    with pytest.raises(ValueError, match="does not apply to a magnetic moment"):
        S.sensitivity("Xe", NU, "EPA", detector="LXe", interaction=I.MagneticMoment)
