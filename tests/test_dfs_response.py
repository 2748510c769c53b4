"""Atomic response functions R_L, R_T of Dirac–Hartree–Slater atoms: hydrogen against Bethe's
exact generalised oscillator strength, the f-sum rule, the impulse limit, σ_γ = (4π²α/T) R_T(T, T),
thresholds and ranges of the committed tables."""

from __future__ import annotations

from conftest import coulomb_hydrogen

import numpy as np
import pytest
from scipy.integrate import simpson

from mcpria_lite import atomic_response as ar, continuum as ct, dirac_slater as ds, photoionization as ph, units


@pytest.fixture(scope="module")
def hydrogen():
    return coulomb_hydrogen(30.0, 20.0)


def bethe_hydrogen_RL(T_keV, q_au):
    """Bethe (1930): Σ_f |<f|e^{iq·r}|1s>|² δ(ε_f − ε) for hydrogen, per keV (non-relativistic)."""
    k = np.sqrt(2 * (T_keV / units.HARTREE_KEV - 0.5))
    a = q_au**2 - k**2 + 1
    R = 2**8 * q_au**2 * (q_au**2 + (1 + k**2) / 3) * np.exp(-2 / k * np.arctan2(2 * k, a)) \
        / ((a**2 + 4 * k**2) ** 3) / (1 - np.exp(-2 * np.pi / k))
    return R / units.HARTREE_KEV


def test_hydrogen_longitudinal_response_is_bethe(hydrogen):
    atom, grids = hydrogen
    o = atom.orbitals[0]
    B = -o.energy_au * units.HARTREE_KEV
    q_au = np.array([0.5, 1.0, 3.0])
    for T in (0.0145, 0.03, 0.1, 0.3):
        RL = ar.subshell_response(atom, grids, o, T, q_au * units.AU_MOMENTUM_KEV, B, 20, transverse=False)[0]
        # non-relativistic reference: relativistic corrections of order ε/c² (≤ 2e-3 here)
        np.testing.assert_allclose(RL, bethe_hydrogen_RL(T, q_au), rtol=3e-3)


def test_hydrogen_f_sum_rule(hydrogen):
    # Σ_f (E_f − E_0)|<f|e^{iqr}|0>|² = q²/2m; at q = 3 a.u. the bound–bound part is < 1e-3
    atom, grids = hydrogen
    o = atom.orbitals[0]
    B = -o.energy_au * units.HARTREE_KEV
    q = 3.0 * units.AU_MOMENTUM_KEV
    x = np.linspace(np.log(B * 1.02), np.log(3.0), 25)
    T = np.exp(x)
    RL = np.array([ar.subshell_response(atom, grids, o, t, [q], B, 16, transverse=False)[0][0] for t in T])
    fsum = simpson(T * T * RL, x=x)
    assert fsum == pytest.approx(q**2 / (2 * units.M_E), rel=0.01)


def test_hydrogen_impulse_limit(hydrogen):
    # peak of R_L at q = 3 a.u. against (m/q) J(p_z) of the same orbital, J_1s(0) = 8/(3π)
    atom, grids = hydrogen
    o = atom.orbitals[0]
    B = -o.energy_au * units.HARTREE_KEV
    q = 3.0 * units.AU_MOMENTUM_KEV
    T = q**2 / (2 * units.M_E) + B * np.linspace(-1.0, 1.0, 9)
    RL = np.array([ar.subshell_response(atom, grids, o, t, [q], B, 12, transverse=False)[0][0] for t in T])
    pz = np.linspace(0, 40, 4001)
    J = ds.compton_profiles(atom, pz)[0]
    assert J[0] == pytest.approx(8 / (3 * np.pi), rel=3e-3)
    RIA = ar.impulse_response_L(lambda p: np.interp(np.abs(p), pz, J), T, q)
    assert RL.max() == pytest.approx(RIA.max(), rel=0.02)


def test_real_photon_limit_is_photoionization():
    # σ_γ(T) = (4π²α/T) R_T(T, q = T) for the Ge K shell at 20 keV
    atom, grids = ph.atom_for_momenta("Ge", 64.0)
    o = atom.orbitals[0]
    B = 11.103
    T = 20.0
    RL, RT, _, _ = ar.subshell_response(atom, grids, o, T, [T], B, 12)
    sigma = ph.subshell_cross_section(atom, grids, o, T, B, kappa_max=12).sigma_barn * units.BARN_CM2
    assert 4 * np.pi**2 * units.ALPHA / T * RT[0] * units.HBARC2_KEV2_CM2 == pytest.approx(sigma, rel=1e-10)


def test_below_threshold_is_zero(hydrogen):
    atom, grids = hydrogen
    o = atom.orbitals[0]
    RL, RT, _, _ = ar.subshell_response(atom, grids, o, 0.010, [1.0, 5.0], 0.0136, 8)
    assert np.all(RL == 0) and np.all(RT == 0)


def test_quadrature_weights_are_exact_for_quintics():
    w = ar.simpson_richardson_weights(9, 0.25)
    x = np.arange(9) * 0.25
    assert w @ x**5 == pytest.approx(2.0**6 / 6, rel=1e-12)
    with pytest.raises(ValueError, match="4k"):
        ar.simpson_richardson_weights(8, 0.1)


def test_hydrogen_response_converged_in_kappa_and_grid(hydrogen):
    atom, grids = hydrogen
    o = atom.orbitals[0]
    B = -o.energy_au * units.HARTREE_KEV
    q = np.array([1.0, 3.0]) * units.AU_MOMENTUM_KEV
    T = 0.12
    RL, RT, lastL, lastT = ar.subshell_response(atom, grids, o, T, q, B, 20)
    RL2, RT2, _, _ = ar.subshell_response(atom, grids, o, T, q, B, 24)
    np.testing.assert_allclose(RL2, RL, rtol=1e-4)
    np.testing.assert_allclose(RT2, RT, rtol=1e-4)
    assert np.all(lastL < 1e-4)
    fine = ct.continuum_grids(1e-6, 30.0, 20.0, h=0.01)
    Ef, Gf, Ff = ds.solve_bound_states(fine.inner, np.full(fine.inner.n, -1.0), np.array([1]), np.array([-1]))
    of = ds.BoundOrbital("1s1/2", 1, -1, 0, 1.0, float(Ef[0]), Gf[0], Ff[0])
    af = ds.DiracSlaterAtom(Z=1, grid=fine.inner, rV=np.full(fine.inner.n, -1.0), orbitals=(of,))
    RLf, RTf, _, _ = ar.subshell_response(af, fine, of, T, q, B, 20)
    np.testing.assert_allclose(RLf, RL, rtol=1e-4)
    np.testing.assert_allclose(RTf, RT, rtol=1e-4)


# ---- committed Ge / Xe tables ------------------------------------------------------------------
@pytest.fixture(scope="module", params=["Ge", "Xe"])
def table(request):
    return ar.response_table(request.param)


def test_table_thresholds_and_sum_over_subshells(table):
    tab = table
    T = np.array([0.5 * tab.binding_keV.min(), tab.T_keV[-1]])
    q = np.full(2, 10.0)
    assert tab.R_L(T[:1], q[:1])[0] == 0.0
    # the total is the sum of its subshells; a subshell is zero below its own edge
    tot = tab.R_L(T[1:], q[1:])
    parts = sum(tab.R_L(T[1:], q[1:], subshell=s) for s in tab.subshells)
    np.testing.assert_allclose(tot, parts, rtol=1e-12)
    k = tab.subshells.index("1s1/2")
    below = 0.9 * tab.binding_keV[k]
    if tab.T_keV[0] < below < tab.T_keV[-1]:
        assert tab.R_L(below, 20.0, subshell="1s1/2") == 0.0
        assert tab.R_T(below, 20.0, subshell="1s1/2") == 0.0


def test_table_real_photon_limit_against_photoionization_table(table):
    # σ_γ = (4π²α/T) R_T(T, T) for every subshell at table nodes with T = q (interpolated in q)
    import json
    from importlib import resources

    photo = json.loads((resources.files("mcpria_lite") / "data" / f"dfs_photo_{table.symbol}.json").read_text())
    E = np.array(photo["omega_keV"])
    sig = np.array(photo["sigma_per_electron_barn"]) * np.array(photo["occupancy"])[:, None]
    for Tn in (2.0, 8.0, 25.0):
        if Tn < table.q_keV[0] or Tn > table.T_keV[-1]:
            continue
        for i, s in enumerate(table.subshells):
            nodes = table.T_keV[table.T_keV > table.binding_keV[i]]
            if nodes.size == 0 or Tn <= nodes[0] or Tn > table.q_max_keV[i]:
                continue
            RT = table.R_T(Tn, Tn, subshell=s)
            s_tab = 4 * np.pi**2 * units.ALPHA / Tn * RT * units.HBARC2_KEV2_CM2 / units.BARN_CM2
            s_ref = np.exp(np.interp(np.log(Tn), np.log(E), np.log(np.maximum(sig[i], 1e-300))))
            # bilinear interpolation of the table in (ln T, ln q, ln R): a few per cent
            assert s_tab == pytest.approx(s_ref, rel=0.05), (s, Tn)


def test_table_partial_waves_converged(table):
    last = np.nan_to_num(table.last_partial_wave_fraction_L)
    # outermost partial waves carry < 2 % of R_L everywhere, < 0.1 % for q below 20 keV
    assert last.max() < 0.02
    assert last[:, :, table.q_keV < 20.0].max() < 1e-3


def test_table_impulse_fallback_and_ranges(table):
    tab = table
    i = len(tab.subshells) - 1       # outermost subshell: smallest tabulated q_max
    s = tab.subshells[i]
    q_hi = 1.5 * tab.q_max_keV[i]
    if q_hi < tab.q_keV[-1]:
        T = np.linspace(max(tab.binding_keV[i] * 2, tab.T_keV[0]), tab.T_keV[-1], 5)
        got = tab.R_L(T, q_hi, subshell=s)
        pz, J = tab._profiles()
        ia = ar.impulse_response_L(lambda p: np.interp(np.abs(p), pz, J[i], right=0.0), T, q_hi)
        np.testing.assert_allclose(got, ia, rtol=1e-12)
        with pytest.raises(ValueError, match="q_keV must be <="):
            tab.R_T(T, q_hi, subshell=s)
    with pytest.raises(ValueError, match="q_keV"):
        tab.R_L(1.0, 0.5 * tab.q_keV[0])
    with pytest.raises(ValueError, match="T_keV"):
        tab.R_L(2 * tab.T_keV[-1], 10.0)
    with pytest.raises(ValueError, match="subshell"):
        tab.R_L(1.0, 10.0, subshell="9z1/2")
    with pytest.raises(ValueError, match="element"):
        ar.ResponseTable("Og")


def test_table_f_sum_rule(table):
    # Bethe sum rule Σ_f (E_f − E_i)|<f|e^{iqr}|i>|² = N q²/2m_e over ALL final states. The table
    # holds the empty continuum only: for a group of subshells the missing part is the
    # Pauli-blocked transitions into the deeper occupied orbitals, S (computed from the same
    # orbitals), plus the shift of every threshold from the model eigenvalue to the tabulated
    # binding energy. Group: the subshells bound by < 0.25 keV (Ge: 22, Xe: 26 electrons),
    # whose whole response lies inside the table for q = 8–30 keV.
    tab = table
    atom, _ = ph.atom_for_momenta(tab.symbol, 16.0)
    x = np.log(tab.T_keV)
    group = np.nonzero(tab.binding_keV < 0.25)[0]
    js = np.nonzero((tab.q_keV > 8) & (tab.q_keV < 30))[0]
    for j in js[:: max(1, len(js) // 2)]:
        q = tab.q_keV[j]
        R = [np.nan_to_num(tab.R_L_grid[i, :, j]) for i in group]
        fsum = sum(simpson(tab.T_keV**2 * Ri, x=x) for Ri in R)
        pauli = sum(ar.occupied_transition_strength(atom, i, q)[0] for i in group)
        shift = sum((tab.binding_keV[i] + atom.orbitals[i].energy_au * units.HARTREE_KEV)
                    * simpson(tab.T_keV * Ri, x=x) for i, Ri in zip(group, R))
        expect = tab.occupancy_of(group) * q**2 / (2 * units.M_E) - pauli + shift
        # achieved: within 1 % for Ge and Xe at q = 8–27 keV
        assert fsum == pytest.approx(expect, rel=0.02), (tab.symbol, q)


def test_table_hands_over_to_the_impulse_limit(table):
    # At the last tabulated q of the outermost subshells (q_max = 30/<r>), the ab initio R_L on the
    # Compton peak (T nodes where the impulse R_L exceeds half its maximum) against the impulse
    # approximation from the same orbitals: the largest jump is 7 % (36 T x 30 q table; 11 % on the
    # 36 x 20 one): binding corrections that fall off slowly with q (hydrogen 1s: 1 % at q = 3 a.u.).
    tab = table
    n_out = max(int(s[0]) for s in tab.subshells)
    for i, s in enumerate(tab.subshells):
        if int(s[0]) != n_out:
            continue
        j = int(np.searchsorted(tab.q_keV, tab.q_max_keV[i] * (1 + 1e-9))) - 1
        ia = tab.R_L_impulse_grid[i, :, j]
        peak = ia > 0.5 * ia.max()
        ratio = tab.R_L_grid[i, peak, j] / ia[peak]
        assert np.all(np.abs(ratio - 1) < 0.12), (s, ratio)


def test_table_dipole_limit_length_equals_velocity(table):
    # q → 0: <f|e^{iqz}|i> → iq<f|z|i> and <f|α_x|i> = i(E_f − E_i)<f|x|i> for eigenstates of one
    # Hamiltonian, so R_T(T, 0) = (E_f − E_i)² R_L(T, q)/q² with the model's energy difference
    # E_f − E_i = T − B_tabulated + B_model (gauge invariance: length and velocity forms agree).
    tab = table
    atom = ds.load_atom(tab.symbol)
    q = tab.q_keV[0]
    assert q < 0.01
    for i, s in enumerate(tab.subshells):
        m = tab.T_keV > 1.05 * tab.binding_keV[i]
        if not m.any():
            continue
        dE = tab.T_keV[m] - tab.binding_keV[i] + atom.orbitals[i].binding_keV
        ratio = tab.R_T_grid[i, m, 0] / (dE**2 * tab.R_L_grid[i, m, 0] / q**2)
        np.testing.assert_allclose(ratio, 1.0, rtol=5e-3, err_msg=s)
