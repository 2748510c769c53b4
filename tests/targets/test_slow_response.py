"""The longitudinal response for slow projectiles (its range is enforced) and the hydrogenic reference
(Slater's rules as published, normalised momentum densities, sum rules of its impulse response)."""
import numpy as np
import pytest
from scipy.integrate import quad

from mcpria_lite.targets import hydrogenic as hy
from mcpria_lite.targets.atoms import atom
from mcpria_lite.targets.slow_response import LongitudinalResponse, SubshellResponse
from mcpria_lite.units import M_E


def test_slater_zeff_textbook_values():
    """Slater (1930): Xe 5p Z_eff = 54 − (7·0.35 + 18·0.85 + 28) = 8.25; Xe 4d 54 − (9·0.35 + 36) = 14.85;
    Ge 4p 32 − (3·0.35 + 18·0.85 + 10) = 5.65; n* = 4.0 (n = 5), 3.7 (n = 4)."""
    xe, ge = hy.zeff_of_target(atom("Xe")), hy.zeff_of_target(atom("Ge"))
    assert xe["5p"][:2] == pytest.approx((8.25, 4.0))
    assert xe["4d"][:2] == pytest.approx((14.85, 3.7))
    assert ge["4p"][:2] == pytest.approx((5.65, 3.7))
    assert xe["1s"][0] == pytest.approx(53.7)


@pytest.mark.parametrize("n,l", [(1, 0), (2, 1), (4, 2), (5, 0), (5, 1)])
def test_hydrogenic_momentum_density_normalised(n, l):
    assert quad(lambda p: p * p * hy.hydrogenic_momentum_density(n, l, p), 0, np.inf, limit=400)[0] == \
        pytest.approx(1.0, rel=1e-9)


def test_hydrogenic_1s_profile_closed_form():
    """J_1s(p_z) = 8 Z⁵/(3π (Z² + p_z²)³) for charge Z."""
    pz = np.array([0.0, 0.5, 2.0, 10.0])
    Z = 3.0
    np.testing.assert_allclose(hy.hydrogenic_compton_profile(1, 0, Z, pz), 8 * Z**5 / (3 * np.pi * (Z * Z + pz**2) ** 3),
                               rtol=2e-4)


def test_hydrogenic_impulse_response_sum_rules_at_large_q():
    """∫R_L dE = N and ∫E R_L dE = N q²/2m_e for the impulse response once the ridge is far above threshold."""
    t = atom("Xe")
    i = [s.name for s in t.shells].index("4d5/2")
    q = 400.0
    ridge = q * q / (2 * M_E)
    E = np.linspace(1e-4, 6 * ridge, 200001)
    R = hy.impulse_R_L(t, i, E, q)
    n, f = np.trapezoid(R, E), np.trapezoid(E * R, E)
    assert n == pytest.approx(6.0, rel=5e-3)
    assert f == pytest.approx(6.0 * ridge, rel=2e-2)


def _toy():
    s = SubshellResponse("1s", "1s", 0.01, 2.0, lambda E, q: np.ones_like(E))
    return LongitudinalResponse("H", "toy", [s], (0.02, 1.0), (1.0, 100.0))


def test_response_range_is_enforced():
    r = _toy()
    assert r.R_L(0.005, 10.0) == 0.0                    # below the threshold: zero
    assert r.missing_below_keV == 0.02
    with pytest.raises(ValueError, match="E_keV"):       # between threshold and table start: unknown
        r.R_L(0.015, 10.0)
    with pytest.raises(ValueError, match="E_keV"):
        r.R_L(2.0, 10.0)
    assert r.R_L(0.5, 1000.0) == 0.0 and r.R_L(0.5, 10.0) == 1.0   # q outside the range: zero
    with pytest.raises(ValueError, match="q_keV"):
        r.R_L(0.5, -1.0)
    with pytest.raises(ValueError, match="subshell"):
        r.R_L(0.5, 10.0, subshell="2p")
    with pytest.raises(ValueError, match="E_range_keV"):
        LongitudinalResponse("H", "bad", r.subshells, (1.0, 0.5), (1.0, 2.0))
