"""The weak lepton tensor (ν, ν̄) contracted with the vector, axial and vector–axial responses: the
response decomposition holds for a free electron, the free electron reproduces every weak free cross
section exactly, the magnetic moment does not interfere, ν̄ is ν with g_L ↔ g_R, and the vector–vector
contraction equals the photon-exchange one of :mod:`mcpria_lite.derivation.lepton_tensor`."""

from __future__ import annotations

import pytest
import sympy as sp

from mcpria_lite.derivation import amplitudes as am
from mcpria_lite.derivation import lepton_tensor as lt
from mcpria_lite.derivation import weak_lepton_tensor as wl
from mcpria_lite.derivation.kinematics import E, T, m, m_e, q


@pytest.fixture(scope="module")
def free():
    return wl.free_electron_weak_responses()


def test_free_electron_tensor_has_the_decomposition(free):
    # every component the decomposition says is zero or repeated (W^{03}_VV = (T/q)W^{00}, W^{22} = W^{11},
    # W^{12}_VA = −W^{21}_VA = W^{12}_AV, no symmetric V–A part, …)
    for c in free["checks"]:
        for Tv in (0.3, 7.0, 300.0):
            assert abs(complex(c.subs({T: Tv, m_e: 511.0}))) < 1e-9
    # the vector part is the free response of lepton_tensor.free_electron_response
    wL, wT, _ = lt.free_electron_response()
    assert sp.simplify(free["L"] - wL) == 0 and sp.simplify(free["T"] - wT) == 0


@pytest.mark.parametrize("kind", ["neutrino", "antineutrino"])
def test_free_electron_gives_the_free_cross_sections(free, kind):
    q0 = sp.sqrt(T**2 + 2 * m_e * T)
    jac = (m_e + T) / q0
    kz = (2 * E * T - T**2 + q0**2) / (2 * q0)
    terms = wl.weak_lepton_tensor_terms(kind)
    assert set(terms) == {(), (("delta", 1),), (("r2", 1),)}  # no μ·weak for a massless neutrino
    for powers, d in terms.items():
        tot = sum(v.subs({lt.Q2s: q0**2 - T**2, lt.kperp2: E**2 - kz**2}).subs(q, q0) * free[X] * jac
                  for X, v in d.items())
        assert sp.simplify(tot - am.free_dsigma_dT_term(kind, powers)) == 0, powers


def test_magnetic_moment_does_not_interfere_with_weak():
    for kind in ("neutrino", "antineutrino"):
        for X, lam in wl.weak_contraction(kind, "M", "WV").items():
            assert sp.simplify(lam) == 0
        for X, lam in wl.weak_contraction(kind, "M", "WA").items():
            assert sp.simplify(lam) == 0


def test_antineutrino_is_neutrino_with_gL_gR_swapped():
    nu, nub = wl.weak_lepton_tensor_terms("neutrino"), wl.weak_lepton_tensor_terms("antineutrino")
    for powers in nu:
        for X in wl.WEAK_RESPONSES:
            a = nu[powers].get(X, 0)
            b = nub[powers].get(X, 0)
            swapped = sp.sympify(a).subs({am.g_L: am.g_R, am.g_R: am.g_L}, simultaneous=True)
            assert sp.simplify(b - swapped) == 0, (powers, X)
    # the vector–axial (R_T′) part is what tells ν from ν̄: it changes sign at fixed couplings
    # (ν: ∝ g_L² − g_R² = g_V g_A; ν̄ the opposite)
    a, b = nu[()]["TP"], nub[()]["TP"]
    assert sp.simplify(a) != 0 and sp.simplify(a + b) == 0
    assert sp.simplify(sp.expand(a).coeff(am.g_R**2) + sp.expand(a).coeff(am.g_L**2)) == 0


def test_vector_vector_contraction_is_the_photon_exchange_one():
    lamL, lamT = lt.longitudinal_transverse_contraction("massive", "C", "C")
    d = wl.weak_contraction("neutrino", "C", "C")
    assert sp.simplify(d["L"] - lamL.subs(m, 0)) == 0
    assert sp.simplify(d["T"] - lamT.subs(m, 0)) == 0
