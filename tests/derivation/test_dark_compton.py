"""The dark-Compton derivation (V + e → γ + e of a massive vector): identities that must vanish.

Independent checks of the squared amplitude: the trace with −g polarisation sums against the closed
form X_V; its m_V → 0 limit against Ribberfors' photon kernel and its m_e → 0 limit against the
published crossed "QCD Compton" matrix element; current conservation as a matrix identity; a second
calculation with explicit polarisation vectors (no −g anywhere) for the transverse and longitudinal
parts separately, in exact rational arithmetic; the free-electron limits (Klein–Nishina, Thomson).
"""

from __future__ import annotations

import pytest
import sympy as sp

from mcpria_lite.derivation import dark_compton as D


@pytest.mark.parametrize("name", ["X_V_check", "massless_vector_limit", "massless_electron_limit",
                                  "dark_check_pz_forms", "flux_factor_check", "longitudinal_vanishes_for_massless"])
def test_symbolic_identity_vanishes(name):
    assert getattr(D, name)() == 0


def test_current_conservation_matrices_vanish():
    for M in D.current_conservation():
        assert M == sp.zeros(4)


def test_explicit_polarisation_vectors_reproduce_transverse_and_longitudinal_exactly():
    assert D.explicit_polarisation_check_exact() == [(0, 0)] * len(D.EXACT_POINTS)


def test_the_explicit_check_can_fail():
    """The same exact sums do not match a wrong split (X_V for the transverse part)."""
    mV_, k_, me_, c_, s_ = D.EXACT_POINTS[0]
    w_ = sp.sqrt(k_**2 + mV_**2)
    wp_ = (mV_**2 + 2 * me_ * w_) / (2 * (me_ + w_ - k_ * c_))
    frame = {D.K1: me_ * w_, D.K2: me_ * wp_, D.Pn: me_, D.Kn: w_, D.KPn: wp_, D.m_e: me_, D.m_V: mV_}
    assert sp.nsimplify(D.X_L().subs(frame)) != 0  # so X_T = X_V − X_L differs from X_V at this point


@pytest.mark.parametrize("pol", ["unpolarised", "transverse", "longitudinal"])
def test_free_electron_forms_and_delta_profile(pol):
    assert D.dsigma_dT_from_dOmega_check(pol) == 0
    assert D.delta_profile_check(pol) == 0


def test_thomson_and_klein_nishina_limits():
    assert D.thomson_limit() == 1
    assert D.klein_nishina_limit() == (0, sp.Rational(2, 3))  # transverse → KN; three states → ⅔ KN


def test_kinematics_of_the_free_electron_and_the_impulse_approximation():
    assert D.dark_T_range_free()[2:] == (0, 0)
    assert D.ridge_in_window_check() == [0, 0]
    a, b, c1, c2 = D.K_forms_check()
    assert (a, b) == (0, 0)
    assert sp.simplify(c1 - D.m_e * D.omega) == 0 and sp.simplify(c2 - D.m_e * (D.omega - D.T)) == 0
    diff, T0 = D.sigma_v_dark_matter_check()
    assert diff == 0 and sp.simplify(T0 - D.m_V**2 / (2 * (D.m_V + D.m_e))) == 0
    assert sp.simplify(D.dark_dcos_dq() + D.q / (D.kV * D.omega_p)) == 0
