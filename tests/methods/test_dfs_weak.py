"""The ab initio method with the weak interaction: the free electron at rest (its responses R_X =
w_X δ(T + m_e − E′)) through the method's lepton tensors reproduces the free-electron cross sections
of the weak, δ·weak and ⟨r²⟩·weak terms (the FEA formulas of Vogel & Engel 1989; Kayser et al. 1979) to
1e-6 for ν_e, ν_μ,τ and their antineutrinos; the δ·weak interference flips sign between ν and ν̄ in
the projectile's own charge; the method's rates with the committed weak tables."""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite import units
from mcpria_lite.methods import dfs
from mcpria_lite.particles import interactions as it
from mcpria_lite.particles.projectiles import antineutrino, neutrino


def _free_responses(T):
    """w_X (exact, :func:`mcpria_lite.derivation.weak_lepton_tensor.free_electron_weak_responses`)."""
    m = units.M_E
    q0 = np.sqrt(T * T + 2 * m * T)
    d = 2 * (T + m)
    wL = (T + 2 * m) / d
    return {"L": wL, "T": T / d, "A0": T / d, "A03": q0 / d, "AL": wL, "AT": wL, "TP": q0 / d}, q0, (m + T) / q0


PROJECTILES = [neutrino("nu_e"), neutrino("nu_mu_tau"), antineutrino("nu_e"), antineutrino("nu_mu_tau")]


@pytest.mark.parametrize("proj", PROJECTILES, ids=lambda p: p.name)
def test_free_electron_reproduces_the_weak_free_cross_sections(proj):
    inter = it.Weak() + it.Millicharge(1e-12) + it.ChargeRadius(1e-32)
    tens = dfs.AbInitioResponse._tensor(inter, proj)
    E = np.array([50.0, 420.0, 862.0, 1.44e3, 1e4])[:, None]
    T = np.array([0.05, 0.7, 3.0, 20.0, 60.0])[None, :]
    E, T = np.broadcast_arrays(E, T)
    ok = T < 2 * E * E / (units.M_E + 2 * E)        # below the free endpoint
    E, T = E[ok], T[ok]
    w, q0, jac = _free_responses(T)
    Q2 = q0 * q0 - T * T
    kz = (2 * E * T - T * T + q0 * q0) / (2 * q0)
    kp2 = E * E - kz * kz
    free = inter.dsigma_dT_free_terms(T, E, proj)
    names = [t.name for t in inter.terms]
    for j, name in enumerate(names):
        if name not in ("weak", "delta*weak", "r2_cm2*weak"):
            continue
        V = tens.V(j, E, T, q0, 0.0, Q2, kp2)
        got = sum(v * w[k] * jac for v, k in zip(V, tens.kinds) if v is not None)
        np.testing.assert_allclose(got, free[j], rtol=1e-6, err_msg=name)


def test_delta_weak_interference_flips_sign_between_nu_and_nubar():
    # the δ·weak term at the field's charge: ν̄ = ν(g_L ↔ g_R); in the projectile's own charge (−δ for ν̄)
    # it has the opposite sign of the ν's where the weak vector coupling dominates (ν_e: g_V > 0 for both)
    inter = it.Weak() + it.Millicharge(1e-12)
    j = [t.name for t in inter.terms].index("delta*weak")
    E, T = np.array([862.0]), np.array([1.0])
    w, q0, jac = _free_responses(T)
    Q2 = q0 * q0 - T * T
    kz = (2 * E * T - T * T + q0 * q0) / (2 * q0)
    out = {}
    for anti in (False, True):
        proj = antineutrino("nu_e") if anti else neutrino("nu_e")
        tens = dfs.AbInitioResponse._tensor(inter, proj)
        V = tens.V(j, E, T, q0, 0.0, Q2, E * E - kz * kz)
        out[anti] = float(sum(v * w[k] * jac for v, k in zip(V, tens.kinds) if v is not None)[0])
    own_charge_nubar = -out[True]
    assert out[False] != 0 and np.sign(own_charge_nubar) == -np.sign(out[False])


def test_supports_every_interaction():
    for inter in (it.Weak(), it.Weak() + it.Millicharge(), it.Weak() + it.ChargeRadius(),
                  it.Weak() + it.MagneticMoment(), it.Weak() + it.Millicharge() + it.MagneticMoment()):
        assert dfs.DFS.supports(inter) is None


def test_sm_xe_rate_above_the_K_edge_is_stepping():
    # above the K edge every electron can be freed and T is far above the outer shells' binding: the ab
    # initio rate equals stepping within a few % (achieved 0.98, 0.97, 0.96: it falls slowly with T, as the
    # vector (charge-radius) part alone does, the inner shells' responses at q ~ 200 keV, chapter ab_initio)
    T = np.array([38.0, 45.0, 55.0])
    flux = ml.solar_neutrinos()
    d = ml.dR_dT("Xe", T, flux, method="DFS", interaction=it.Weak())
    f = ml.dR_dT("Xe", T, flux, method="FEA", interaction=it.Weak())
    np.testing.assert_allclose(d / f, 1.0, atol=0.05)


def test_weak_rates_fast_path_equals_direct():
    from mcpria_lite import rates

    T = np.array([0.3, 2.0, 12.0])
    flux = ml.solar_neutrinos()
    inter = it.Weak() + it.Millicharge(1e-12) + it.ChargeRadius(1e-32)
    fast = np.asarray(rates.dR_dT_terms("Ge", T, flux, "DFS", inter).values)
    direct = np.asarray(rates.dR_dT_terms("Ge", T, flux, "DFS", inter, evaluation="direct").values)
    np.testing.assert_allclose(fast, direct, rtol=1e-6, atol=1e-30 * np.abs(direct).max())


def test_weak_below_the_table_names_the_range():
    with pytest.raises(ValueError, match="weak response.*this calculation needs energy transfers there"):
        ml.dsigma_dT("Xe", [0.05], 420.0, projectile=neutrino("nu_e"), interaction=it.Weak(), method="DFS")


@pytest.mark.parametrize("kind", ["neutrino", "antineutrino"])
def test_vector_vertices_skip_the_axial_responses(kind):
    """The rate path skips the responses a term does not couple to: the charge and charge-radius vertices
    are vector currents, so their interference with the weak amplitude couples to R_L, R_T and, through
    the V−A lepton current, to the vector–axial R_T′ only — never to R_A0, R_A03, R_AL, R_AT; the weak
    term itself couples to all seven."""
    tens = dfs._Tensor((it.Weak() + it.Millicharge(1e-12) + it.ChargeRadius(1e-32)).terms, dfs._WEAK_KINDS, kind,
                       0.7, 0.2)
    E, T, q = np.array([500.0]), np.array([2.0]), np.array([30.0])
    Q2 = q * q - T * T
    for j, term in enumerate(tens.terms):
        V = tens.V(j, E, T, q, 0.0, Q2, 0.5 * Q2)
        coupled = {k for k, v in zip(tens.kinds, V) if v is not None}
        if term.name == "weak":
            assert coupled == set(dfs._WEAK_KINDS)
        elif "weak" in term.name:
            assert coupled == {"L", "T", "TP"}, term.name
