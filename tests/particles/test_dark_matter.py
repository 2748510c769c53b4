"""The halo dark-matter particle: mediator form factors, σ̄_e, and the millicharged χ's σ̄_e ↔ δ against the
package's own free-electron millicharge cross section in the slow limit."""
import math

import numpy as np
import pytest

from mcpria_lite.particles.dark_matter import (HEAVY, LIGHT, Q0_KEV, HaloDarkMatter, Mediator, millicharge_delta,
                                               millicharge_sigma_e_cm2, reduced_mass_keV)
from mcpria_lite.particles.interactions import Millicharge
from mcpria_lite.particles.projectiles import millicharged_particle
from mcpria_lite.units import ALPHA, HBARC2_KEV2_CM2, M_E


def test_heavy_light_ratio_is_one_at_the_reference_momentum():
    """σ̄_e is defined at q₀ = αm_e: there every mediator has F_DM = 1."""
    assert LIGHT.F_DM(Q0_KEV) / HEAVY.F_DM(Q0_KEV) == pytest.approx(1.0, rel=1e-15)
    for m_phi in (1e-3, 1.0, 100.0, 1e6):
        assert Mediator.of_mass(m_phi).F_DM(Q0_KEV) == pytest.approx(1.0, rel=1e-14)
    assert Q0_KEV == pytest.approx(3.7289, rel=1e-4)  # α m_e = 1 a.u. of momentum


def test_massive_mediator_tends_to_heavy_and_light():
    q = np.geomspace(0.1, 1000.0, 7)
    np.testing.assert_allclose(Mediator.of_mass(1e9).F_DM(q), 1.0, rtol=1e-9)
    np.testing.assert_allclose(Mediator.of_mass(1e-6).F_DM(q), (Q0_KEV / q) ** 2, rtol=1e-9)
    assert LIGHT.F_DM(2 * Q0_KEV) == pytest.approx(0.25)


@pytest.mark.parametrize("kw,name", [({"kind": "medium"}, "kind"), ({"kind": "massive", "m_phi_keV": -1.0}, "m_phi_keV"),
                                     ({"kind": "heavy", "m_phi_keV": 3.0}, "m_phi_keV")])
def test_mediator_bad_input(kw, name):
    with pytest.raises(ValueError, match=name):
        Mediator(**kw)


def test_form_factor_bad_q():
    with pytest.raises(ValueError, match="q_keV"):
        LIGHT.F_DM(0.0)
    with pytest.raises(ValueError, match="q_keV"):
        LIGHT.F_DM(float("nan"))


@pytest.mark.parametrize("args,name", [((1e5, -1e-40), "sigma_e_cm2"), ((0.0, 1e-40), "mass_keV"),
                                       ((1e5, float("inf")), "sigma_e_cm2"), ((1e5, 1e-40, "light"), "mediator")])
def test_dark_matter_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        HaloDarkMatter(*args)


def test_delta_must_match_sigma():
    with pytest.raises(ValueError, match="sigma_e_cm2"):
        HaloDarkMatter(1e5, 1e-30, LIGHT, delta=1e-10)
    with pytest.raises(ValueError, match="light mediator"):
        HaloDarkMatter(1e5, 1e-30, HEAVY, delta=1e-10)


def test_millicharge_sigma_is_rutherford():
    """σ̄_e |F_DM|²/(4μ²v²) equals the non-relativistic Rutherford dσ/dq² = 4πα²δ²/(v²q⁴) at every q."""
    m, delta, v = 1e5, 1e-9, 1e-3
    dm = HaloDarkMatter.millicharged(m, delta)
    assert dm.mediator.kind == "light" and dm.delta == delta
    mu = reduced_mass_keV(m)
    for q in (0.5, Q0_KEV, 10.0):
        lhs = dm.sigma_e_keV2 * float(dm.F_DM(q)) ** 2 / (4 * mu * mu * v * v)
        assert lhs == pytest.approx(4 * math.pi * ALPHA**2 * delta**2 / (v * v * q**4), rel=1e-12)


@pytest.mark.parametrize("m_keV", [1e3, 1e5, 1e7])
def test_millicharge_sigma_against_the_package_free_electron_cross_section(m_keV):
    """The halo χ's σ̄_e(δ) against :meth:`Millicharge.dsigma_dT_free` (the relativistic free-electron cross
    section of the earlier chapters, derived in SymPy) for a slow χ: dσ/dT = σ̄_e m_e |F_DM(q)|²/(2μ²v²),
    q² = 2m_eT, up to relativistic corrections O(v²) = 1e-6."""
    delta, v = 1e-10, 1e-3
    chi = millicharged_particle(m_keV)
    gamma = 1 / math.sqrt(1 - v * v)
    E = m_keV * gamma
    mu = reduced_mass_keV(m_keV)
    T = np.array([0.02, 0.3, 0.9]) * 2 * mu**2 * v**2 / M_E          # inside the free endpoint
    ours = Millicharge(delta).dsigma_dT_free(T, E, chi)
    dm = HaloDarkMatter.millicharged(m_keV, delta)
    q = np.sqrt(2 * M_E * T)
    halo = dm.sigma_e_cm2 * M_E * dm.F_DM(q) ** 2 / (2 * mu * mu * v * v)
    np.testing.assert_allclose(ours, halo, rtol=2e-5)


def test_millicharge_inverse_and_heavy_limit():
    s = millicharge_sigma_e_cm2(1e-10, 1e6)
    assert millicharge_delta(s, 1e6) == pytest.approx(1e-10)
    np.testing.assert_allclose(millicharge_delta(np.array([s, 4 * s]), 1e6), [1e-10, 2e-10])
    # a heavy χ: μ → m_e, σ̄_e = 16π δ²/(α² m_e²) (ħc)²
    assert millicharge_sigma_e_cm2(1.0, 1e12) == pytest.approx(16 * math.pi / (ALPHA**2 * M_E**2) * HBARC2_KEV2_CM2,
                                                               rel=1e-6)
    with pytest.raises(ValueError, match="sigma_e_cm2"):
        millicharge_delta(0.0, 1e6)
