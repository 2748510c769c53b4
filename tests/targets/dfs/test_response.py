"""Atomic response functions R_L, R_T of Dirac–Hartree–Slater atoms: hydrogen against Bethe's
exact generalised oscillator strength, the f-sum rule, the impulse limit, σ_γ = (4π²α/T) R_T(T, T),
thresholds and ranges of the committed tables."""

from __future__ import annotations


import numpy as np
import pytest
from scipy.integrate import simpson

from mcpria_lite import units
from mcpria_lite.targets.dfs import response as ar
from mcpria_lite.targets.dfs import continuum as ct
from mcpria_lite.targets.dfs import atom as ds
from mcpria_lite.targets.dfs import compton
from mcpria_lite.targets.dfs import photoionization as ph


@pytest.fixture(scope="module")
def hydrogen(coulomb_hydrogen_atom):
    return coulomb_hydrogen_atom(30.0, 20.0)


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
    J = compton.compton_profiles(atom, pz)[0]
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
@pytest.fixture(scope="module", params=["Ge", "Xe", "Ar", "Na", "O", "Ca", "Si", "I", "Cs", "W"])
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
    # σ_γ = (4π²α/T) R_T(T, T) for every subshell at T = q (interpolated), against the committed
    # photoionization cross sections of the same model (an independent calculation: photon multipoles)
    import json
    from importlib import resources

    photo = json.loads((resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_photo_{table.symbol}.json").read_text())
    E = np.array(photo["omega_keV"])
    sig = np.array(photo["sigma_per_electron_barn"]) * np.array(photo["occupancy"])[:, None]
    for Tn in (2.0, 8.0, 25.0):
        for i, s in enumerate(table.subshells):
            nodes = table.T_keV[table.T_keV > table.binding_keV[i]]
            if nodes.size == 0 or Tn <= nodes[0] or Tn > table.q_max_keV[i]:
                continue
            if not np.any((E > table.binding_keV[i]) & (E <= Tn)):  # no photoionization node between the edge
                continue                                              # and Tn to interpolate from (Si 1s at 2 keV)
            RT = table.R_T(Tn, Tn, subshell=s)
            s_tab = 4 * np.pi**2 * units.ALPHA / Tn * RT * units.HBARC2_KEV2_CM2 / units.BARN_CM2
            s_ref = np.exp(np.interp(np.log(Tn), np.log(E), np.log(np.maximum(sig[i], 1e-300))))
            # bilinear interpolation of the table in (ln T, p_z, ln R): a few per cent
            assert s_tab == pytest.approx(s_ref, rel=0.05), (s, Tn)


def test_table_partial_waves_converged(table):
    last = np.nan_to_num(table.last_partial_wave_fraction_L)
    q = np.nan_to_num(np.array([table.q_nodes_keV(i) for i in range(len(table.subshells))]), nan=1e9)
    # the outermost partial waves |κ′| = κ_max (≤ 80) carry < 0.2 % of R_L up to each subshell's q_max
    # (achieved: Ge 1.1e-3 at 3d5/2, q = 157 keV; Xe 1.9e-4), < 1e-6 below 20 keV. (The sum's remainder is
    # a few times the last share: at κ_max = 48 a share of 7e-3 left 6 % of the Xe 5p ridge out.)
    assert last[q <= table.q_max_keV[:, None, None]].max() < 2e-3
    # Na, Ca: their diffuse ns valence electron (5.1, 6.1 eV) keeps 1.8e-6, 1.3e-6 in the last wave below 20 keV;
    # Cs 6s (3.9 eV, the most diffuse orbital of all the tables) 5.2e-5: its remainder ~1e-4 of R_L, stated
    tol = {"Na": 2e-6, "Ca": 2e-6, "Cs": 6e-5}.get(table.symbol, 1e-6)
    assert last[q < 20.0].max() < tol


def test_table_every_point_inside_has_computed_neighbours(table):
    # the (T, p_z) grid is computed with one T step of margin: inside [q_min, q_max] of a subshell
    # the interpolation never touches a node that was not computed (no hold, no extrapolation)
    tab = table
    rng = np.random.default_rng(1)
    for i, s in enumerate(tab.subshells):
        above = tab.T_keV[tab.first_row[i]:]        # the subshell's own rows, from its threshold node
        if above.size < 2:
            continue
        T = np.exp(rng.uniform(np.log(above[0]), np.log(tab.T_keV[-1]), 4000))
        q = np.exp(rng.uniform(np.log(tab.q_min_keV), np.log(tab.q_max_keV[i]), 4000))
        x_nodes = np.arcsinh(tab.pz_au[i][np.isfinite(tab.pz_au[i])] / tab.p_scale_au[i])
        x = np.arcsinh(ar.ridge_pz_au(q, T) / tab.p_scale_au[i])
        iT = np.searchsorted(tab.T_keV, T) - 1
        ix = np.searchsorted(x_nodes, x) - 1
        assert np.all((ix >= 0) & (ix + 1 < x_nodes.size)), s
        for dT in (0, 1):
            for dx in (0, 1):
                assert np.all(np.isfinite(tab.R_L_grid[i][iT + dT, ix + dx])), (s, dT, dx)


def test_table_interpolation_between_nodes_against_a_direct_calculation(table):
    # halfway between the table's nodes in T and in p_z, across the Bethe ridge of an outer subshell,
    # against subshell_response computed there: the ridge-following grid resolves the Compton peak
    tab = table
    i = len(tab.subshells) - 1
    s = tab.subshells[i]
    j = int(np.searchsorted(tab.T_keV, 0.3))
    T = float(np.sqrt(tab.T_keV[j] * tab.T_keV[j + 1]))
    pz = tab.pz_au[i][np.isfinite(tab.pz_au[i])]
    core = pz[np.abs(pz) <= 2.5 * tab.p_scale_au[i]]
    q = ar.ridge_q_keV(0.5 * (core[1:] + core[:-1]), T)
    q = q[q <= tab.q_max_keV[i]]
    B = tab.binding_keV[i]
    p = float(ct.momentum_au((T - B) / units.HARTREE_KEV))
    atom, grids = ph._atom_on_band(tab.symbol, int(np.ceil(np.log2(p + q.max() / units.AU_MOMENTUM_KEV))))
    RL, RT, _, _ = ar.subshell_response(atom, grids, atom.orbitals[i], T, q, B, int(tab.kappa_max[i, j + 1]))
    # achieved: ≤ 0.6 % (Ge 4p3/2, Xe 5p3/2), from the cubic interpolation along p_z
    # Na 3s: 2.5 % in the far wing, where R has fallen to 1 % of its peak within two nodes; Ca 4s: 8 % there
    # (R at 0.8 % of its peak, beside the wing's minimum)
    # W 6s: 10 % at R = 1.5 % of its peak, 6 % on the flank beyond the Compton peak (R at 10 % of the peak)
    tol = {"Na": 0.03, "Ca": 0.09, "Cs": 0.03, "W": 0.11}.get(tab.symbol, 0.015)   # Cs 6s: 2.5 %
    np.testing.assert_allclose(tab.R_L(T, q, subshell=s), RL, rtol=tol)
    np.testing.assert_allclose(tab.R_T(T, q, subshell=s), RT, rtol=tol)


def test_table_impulse_fallback_and_ranges(table):
    tab = table
    i = len(tab.subshells) - 1       # outermost subshell: smallest tabulated q_max
    s = tab.subshells[i]
    q_hi = 1.5 * tab.q_max_keV[i]
    T = np.linspace(max(tab.binding_keV[i] * 2, tab.T_keV[0]), tab.T_keV[-1], 5)
    got = tab.R_L(T, q_hi, subshell=s)
    pz, J = tab._profiles()
    ia = ar.impulse_response_L(lambda p: np.interp(np.abs(p), pz, J[i], right=0.0), T, q_hi)
    np.testing.assert_allclose(got, ia, rtol=1e-12)
    with pytest.raises(ValueError, match="q_keV must be <="):
        tab.R_T(T, q_hi, subshell=s)
    with pytest.raises(ValueError, match="q_keV"):
        tab.R_L(1.0, 0.5 * tab.q_min_keV)
    with pytest.raises(ValueError, match="T_keV"):
        tab.R_L(2 * tab.T_keV[-1], 10.0)
    with pytest.raises(ValueError, match="subshell"):
        tab.R_L(1.0, 10.0, subshell="9z1/2")
    with pytest.raises(ValueError, match="element"):
        ar.ResponseTable("Og")


@pytest.mark.parametrize("q", [10.0, 15.0, 27.0])
def test_table_f_sum_rule(table, q):
    # Bethe sum rule Σ_f (E_f − E_i)|<f|e^{iqr}|i>|² = N q²/2m_e for the subshells bound by < 0.25 keV
    # (Ge: 22, Xe: 26 electrons), whose whole response lies inside the table at these q (at q ≲ 8 keV the
    # low side of the Xe 5p ridge falls below the table's first T, 0.02 keV), with the Pauli-blocked
    # transitions and the threshold shifts (atomic_response.bethe_sum_rule); achieved ≤ 0.6 %
    # The tables now start at each threshold: at q = 10 keV the Xe sum is 2.3 % low, the share of the 4p
    # near-threshold shape resonance (a peak ~15 eV above the 4p edge, narrower than the T grid's 12 rows
    # per decade, which the threshold node and the next row straddle); the older tables held their first
    # row's value down to the edge and were 0.6 % off by that accident. 3 % at 10 keV, 2 % above.
    # Ca: 6.8 % low at q = 10 keV (its 3p near-threshold resonance, 25–40 eV, between the T rows, as the Xe 4p)
    got, expect = ar.bethe_sum_rule(table.symbol, q)
    rel = (0.08 if table.symbol == "Ca" else 0.03) if q < 12 else 0.02
    assert got == pytest.approx(expect, rel=rel), (table.symbol, q)


def _largest_q_with_the_ridge_inside(tab, i):
    """The largest tabulated q of subshell i whose Bethe ridge (T = q²/2m_e ± 3 widths) lies in the table."""
    w = tab.p_scale_au[i] * units.AU_MOMENTUM_KEV / units.M_E          # ridge width per unit q
    a, b, c = 1 / (2 * units.M_E), 3 * w, -tab.T_keV[-1]
    return min(tab.q_max_keV[i], 0.999 * (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a))


def test_table_hands_over_to_the_impulse_limit(table):
    # At large q (q ≥ 8 p_rms of the subshell), the ab initio R_L against the impulse approximation from
    # the same orbitals (atomic_response.impulse_handover, fine T grid), at each subshell's last tabulated
    # q (q_max = 30/<r>, ≤ 300 keV) or, where the ridge would leave the table's T range, the largest q
    # that keeps it inside. The number sum ∫R_L dT and the ridge's centre ∫T R_L dT/∫R_L dT within 4 %
    # (achieved: ≤ 2.0 % on the 30 keV tables; Ge 3s1/2 at q = 181 keV, whose ridge only the 60 keV
    # tables hold, 2.9 %; Ar 1s, 2s, 2p 3.0–3.4 % (the sums) and Ar 2s 3.6 % (the centre, q = 205 keV): the ab initio sums a little lower, Pauli-blocked transitions into occupied
    # orbitals); the peak only within 15 % (achieved: ≤ 10 %): the ab initio ridge of a many-node orbital
    # is narrower and taller than its impulse limit (the high-momentum part of J comes from the inner
    # lobes, where the potential is not small against q²/2m_e), while for nodeless hydrogen 1s and 2p
    # the peaks agree within 1–3 % at q = 12 p (test_hydrogen_ridge_peak_at_large_q).
    tab = table
    checked = 0
    for i, s in enumerate(tab.subshells):
        q = _largest_q_with_the_ridge_inside(tab, i)
        if tab.binding_keV[i] >= 0.5 * tab.T_keV[-1] or q < 8 * tab.p_scale_au[i] * units.AU_MOMENTUM_KEV:
            continue
        h = ar.impulse_handover(tab.symbol, s, q)
        assert h["ridge_inside"], (s, h)
        checked += 1
        assert abs(h["sum_ratio"] - 1) < 0.04, (s, h)
        assert abs(h["mean_T_ratio"] - 1) < (0.045 if tab.symbol == "Si" else 0.04), (s, h)  # Si 2p1/2: 4.1 %
        assert abs(h["peak_ratio"] - 1) < 0.15, (s, h)
    assert checked >= min(5, len(tab.subshells))


def test_table_dipole_limit_length_equals_velocity(table):
    # q → 0: <f|e^{iqz}|i> → iq<f|z|i> and <f|α_x|i> = i(E_f − E_i)<f|x|i> for eigenstates of one
    # Hamiltonian, so R_T(T, 0) = (E_f − E_i)² R_L(T, q)/q² with the model's energy difference
    # E_f − E_i = T − B_tabulated + B_model (gauge invariance: length and velocity forms agree).
    tab = table
    atom = ds.load_atom(tab.symbol)
    for i, s in enumerate(tab.subshells):
        m = tab.T_keV > 1.05 * tab.binding_keV[i]
        if not m.any():
            continue
        qn = tab.q_nodes_keV(i)[m]
        k = np.argmax(np.isfinite(tab.R_L_grid[i][m]), axis=1)       # the smallest computed q of each row
        rows = np.arange(int(m.sum()))
        q = qn[rows, k]
        assert np.all(q < 0.01)
        dE = tab.T_keV[m] - tab.binding_keV[i] + atom.orbitals[i].binding_keV
        ratio = tab.R_T_grid[i][m][rows, k] / (dE**2 * tab.R_L_grid[i][m][rows, k] / q**2)
        # Na 3s (5.1 eV): 1.0 % at the first node above its edge
        np.testing.assert_allclose(ratio, 1.0, rtol=1.2e-2 if table.symbol == "Na" else 5e-3, err_msg=s)


def _hydrogen_state(n, kappa, name, l, p_max):
    grids = ct.continuum_grids(1e-6, 60.0, p_max)
    g = grids.inner
    rV = np.full(g.n, -1.0)
    E, G, F = ds.solve_bound_states(g, rV, np.array([n]), np.array([kappa]))
    o = ds.BoundOrbital(name, n, kappa, l, 1.0, float(E[0]), G[0], F[0])
    return ds.DiracSlaterAtom(Z=1, grid=g, rV=rV, orbitals=(o,)), grids, o


@pytest.mark.parametrize("n, kappa, name, l, q_over_p, K, tol", [(1, -1, "1s1/2", 0, 12.0, 46, 0.02),
                                                                 (2, 1, "2p1/2", 1, 12.0, 82, 0.035)])
def test_hydrogen_ridge_peak_at_large_q(n, kappa, name, l, q_over_p, K, tol):
    # nodeless orbitals at q = 12 p_n (p_n = 1/n a.u.), the q/p of the Xe/Ge tables' last q: the ab initio
    # ridge peak against the impulse approximation of the same orbital (achieved: 1s 1.0 %, 2p 2.6 %;
    # the correction falls like 1/q, 2p at q = 6 p_n: 6 %); the many-node outer orbitals of Ge and Xe
    # differ by more, see test_table_hands_over_to_the_impulse_limit
    p_bound = 1.0 / n
    q_au = q_over_p * p_bound
    atom, grids, o = _hydrogen_state(n, kappa, name, l, 2 * q_au + 4)
    B = -o.energy_au * units.HARTREE_KEV
    pz = np.linspace(0.0, 60.0, 6001)
    J = compton.compton_profiles(atom, pz)[0]
    q = q_au * units.AU_MOMENTUM_KEV
    T = q * q / (2 * units.M_E) + np.linspace(-0.5, 0.5, 13) * q * units.AU_MOMENTUM_KEV * p_bound / units.M_E
    RL = np.array([ar.subshell_response(atom, grids, o, float(t), np.array([q]), B, K, transverse=False)[0][0]
                   for t in T])
    ia = ar.impulse_response_L(lambda p: np.interp(np.abs(p), pz, J, right=0.0), T, q)
    assert RL.max() / ia.max() == pytest.approx(1.0, abs=tol)


def test_transverse_impulse_model_at_the_hand_over(table):
    # beyond a subshell's last tabulated q the method DFS takes R_T = R_L^IA [(E_q − m)/(E_q + m) + <p_z²>/m²]
    # (the free electron's spin current on the ridge plus the orbital current of the bound momenta):
    # at q_max, wherever the ridge lies inside the table, its ∫R_T dT against the table's within 5 %
    # (achieved: ≤ 2.3 % for the Xe 4d3/2 and 5s1/2 of the 30 keV tables; Xe 4s1/2 at q = 158 keV, whose
    # ridge (T ≈ 24 keV) only the 60 keV tables hold, 4.1 %: the bound s electron's orbital current)
    from mcpria_lite.methods import dfs as am

    tab = table
    tb = am._tables(tab.symbol)
    checked = 0
    for i, s in enumerate(tab.subshells):
        q = tab.q_max_keV[i]
        width = q * tab.p_scale_au[i] * units.AU_MOMENTUM_KEV / units.M_E
        if q * q / (2 * units.M_E) + 3 * width >= tab.T_keV[-1] or tab.binding_keV[i] >= tab.T_keV[-1]:
            continue
        T = np.geomspace(tab.T_start_keV(i), tab.T_keV[-1], 6000)
        Eq = np.sqrt(units.M_E**2 + q * q)
        model = tab.R_L_impulse(T, q, s) * ((Eq - units.M_E) / (Eq + units.M_E) + tb.pz2_keV2[i] / units.M_E**2)
        ratio = np.trapezoid(tab.interpolate("T", i, T, q), T) / np.trapezoid(model, T)
        assert ratio == pytest.approx(1.0, abs=0.05), (s, ratio)
        checked += 1
    assert checked >= 3
