"""The dipole linear response (IPA / RPA / TDLDA) of :mod:`mcpria_lite.targets.dfs.linear_response`.

Checks that can fail: the angular factors against the non-relativistic sum; hydrogen's exact static
polarisability (9/2 a.u.) and photoionization cross section (Stobbe; η = 0.01 eV: the Lorentzian
tails of the strength near threshold add ∝ η/ω², 0.6 % at 80 eV); the K = 0 limit against the
package's own subshell σ (velocity form, all multipoles) for Xe 4d and 5p; the committed Xe TDLDA
(all shells coupled, and the correlated response with the N and O shells coupled) against the measured
photoabsorption (Henke et al.: the 4d giant resonance's position, height and width; 300 eV – 2 keV), the
correlated response against the IPA above the M edges, the Thomas–Reiche–Kuhn sum of the 4d5s5p shells, and the
measured static polarisability.
"""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite import units
from mcpria_lite.targets.dfs import linear_response as lr
from mcpria_lite.targets.dfs import photoionization as ph
from mcpria_lite.targets.dfs.angular import wigner3j
from mcpria_lite.targets.photoabsorption import photoabsorption_cross_section

H_EV = units.HARTREE_KEV * 1e3


@pytest.mark.parametrize("li", [0, 1, 2, 3])
def test_reduced_C1_sums_to_nonrelativistic(li):
    """Σ over j_i and j_f of (2j_i+1)-weighted ⟨κ_f‖C¹‖κ_i⟩² = 2(2l_i+1)(2l_f+1)(l_i 1 l_f; 0 0 0)²."""
    kis = [k for k in (-(li + 1), li) if k != 0]
    for lf in (li - 1, li + 1):
        if lf < 0:
            continue
        tot = sum(c2 for ki in kis for kf, c2 in lr.dipole_channels(ki) if (kf if kf > 0 else -kf - 1) == lf)
        want = 2 * (2 * li + 1) * (2 * lf + 1) * wigner3j(2 * li, 2, 2 * lf, 0, 0, 0) ** 2
        assert tot == pytest.approx(want, rel=1e-12)


def _hydrogen(settings):
    from mcpria_lite.targets.dfs import atom as ds

    g = ds.RadialGrid(r_min=1e-6, r_max=settings.r_max, h=settings.h, r_c=settings.dr_max / settings.h)
    rV = np.full(g.n, -1.0)
    E, G, F = ds.solve_bound_states(g, rV, np.array([1]), np.array([-1]))
    o = ds.BoundOrbital("1s1/2", 1, -1, 0, 1.0, float(E[0]), G[0], F[0])
    return ds.DiracSlaterAtom(Z=1, grid=g, rV=rV, orbitals=(o,))


def test_hydrogen_static_polarisability_and_stobbe():
    """Hydrogen (one electron, −1/r): α(0) = 9/2 a.u.; σ(ω) = (2⁹π²α a₀²/3)(I/ω)⁴ e^{−4 arctan(k)/k}/(1 − e^{−2π/k}), k = √(ω/I − 1)⁻¹."""
    s = lr.ResponseSettings(r_max=60.0, eta_eV=0.01)
    atom = _hydrogen(s)
    a0, _ = lr._core(atom, np.array([1e-4j]), "ipa", s, ("1s1/2",))
    assert a0[0].real == pytest.approx(4.5, rel=2e-3)
    w_eV = np.array([20.0, 40.0, 80.0])
    a, _ = lr._core(atom, (w_eV + 1j * s.eta_eV) / H_EV, "ipa", s, ("1s1/2",))
    sig = 4 * np.pi * (w_eV / H_EV) / lr.C_AU * a.imag              # bohr²
    I = -atom.orbitals[0].energy_au
    eta = 1.0 / np.sqrt(w_eV / H_EV / I - 1.0)
    stobbe = (2 ** 9 * np.pi ** 2 / (3 * lr.C_AU) * (I / (w_eV / H_EV)) ** 4
              * np.exp(-4 * eta * np.arctan(1 / eta)) / (1 - np.exp(-2 * np.pi * eta)))
    np.testing.assert_allclose(sig, stobbe, rtol=0.02)


def test_ipa_limit_equals_package_subshell_sigma():
    """K = 0 (η = 0.02 eV): the 4d and 5p shares equal the package's σ_nκ (velocity form, all multipoles,
    threshold at the model eigenvalue) within 2 %."""
    s = lr.ResponseSettings(eta_eV=0.02)
    om = np.array([95.0, 110.0, 125.0])
    R = lr.dipole_response("Xe", om, "ipa", s)
    for group in (("4d3/2", "4d5/2"), ("5p1/2", "5p3/2")):
        mine = sum(R.partial_Mb[n] for n in group)
        ref = np.zeros(om.size)
        for j, w in enumerate(om):
            atom, grids = ph.atom_for_momenta("Xe", float(ph.momentum_au(w / H_EV)))
            for n in group:
                o = atom.orbital(n)
                ref[j] += ph.subshell_cross_section(atom, grids, o, w * 1e-3, -o.energy_au * units.HARTREE_KEV).sigma_barn * 1e-6
        np.testing.assert_allclose(mine, ref, rtol=0.02, err_msg=str(group))


@pytest.fixture(scope="module")
def table():
    return lr.tdlda_table("Xe")


@pytest.mark.parametrize("model", ["tdlda", "tdlda_coupled"])
def test_tdlda_giant_resonance_against_measured(table, model):
    """The 4d giant resonance of the TDLDA σ (all shells coupled, or the N and O shells) against Henke et al.'s
    measured-data table: position (the midpoint of the half-maximum crossings; the measured top is flat within
    1 % over 96-101 eV) within 5 eV and the maximum within 8 eV, height within 20 %, width within 30 %; the IPA
    misses the position by > 10 eV."""
    om = np.asarray(table["omega_eV"])
    E_h = np.linspace(om[0], om[-1], 841)
    meas = lr.resonance_figures(E_h, photoabsorption_cross_section(54, E_h * 1e-3, "henke") / 1e-18)
    td = lr.resonance_figures(om, np.asarray(table[model]["sigma_Mb"]))
    ipa = lr.resonance_figures(om, np.asarray(table["ipa"]["sigma_Mb"]))
    assert abs(td.center_eV - meas.center_eV) < 5.0
    assert abs(td.position_eV - meas.position_eV) < 8.0
    assert td.height_Mb == pytest.approx(meas.height_Mb, rel=0.20)
    assert td.fwhm_eV == pytest.approx(meas.fwhm_eV, rel=0.30)
    assert abs(ipa.center_eV - meas.center_eV) > 10.0 and abs(ipa.position_eV - meas.position_eV) > 10.0


@pytest.mark.parametrize("model", ["tdlda", "tdlda_coupled"])
def test_tdlda_above_the_N_shells(table, model):
    """Above 1.2 keV the correlated σ of the N and O shells (frozen core) equals their independent-particle σ
    within 3 %; from 300 to 600 eV the TDLDA/IPA ratio (all shells coupled, or the N and O shells) follows the
    measured/IPA ratio (Henke et al.) within 6 %."""
    he = table["high_energy"]
    om = np.asarray(he["omega_eV"])
    sel = om >= 1200.0
    np.testing.assert_allclose(np.asarray(he["outer_tdlda"])[sel], np.asarray(he["outer_ipa"])[sel], rtol=0.03)
    mid = (om >= 300.0) & (om <= 600.0)
    meas = photoabsorption_cross_section(54, om[mid] * 1e-3, "henke") / 1e-18
    ipa = np.asarray(he["ipa"])[mid]
    np.testing.assert_allclose(np.asarray(he[model])[mid] / ipa, meas / ipa, rtol=0.06)


def test_correlated_sigma_equals_ipa_above_the_M_edges(table):
    """From 1 to 2 keV the correlated σ_γ (N and O shells coupled) equals the independent-particle one within 3 %:
    the outer shells' induced field no longer acts on the absorbing M shell. The measured σ does the same
    (next test)."""
    he = table["high_energy"]
    om = np.asarray(he["omega_eV"])
    sel = om >= 1000.0
    assert sel.sum() >= 4
    np.testing.assert_allclose(np.asarray(he["tdlda_coupled"])[sel], np.asarray(he["ipa"])[sel], rtol=0.03)


def test_correlated_sigma_against_measured_above_the_M_edges(table):
    """From 750 eV to 2 keV (clear of the M edges, 3d to 3s, whose positions differ by up to ~20 eV between the
    model's eigenvalues and the measured edges) the correlated σ_γ is within 5 % of Henke et al.'s; the all-shell
    TDLDA (the M shell's own collective term included) misses by more than 5 % there (the comparison can fail)."""
    he = table["high_energy"]
    om = np.asarray(he["omega_eV"])
    sel = om >= 750.0
    meas = photoabsorption_cross_section(54, om[sel] * 1e-3, "henke") / 1e-18
    np.testing.assert_allclose(np.asarray(he["tdlda_coupled"])[sel], meas, rtol=0.05)
    assert np.max(np.abs(np.asarray(he["tdlda"])[sel] / meas - 1)) > 0.05


def test_trk_sum_rule_outer_shells(table):
    """S(ξ) = ξ² α(iξ) of the 18 4d5s5p electrons (all final states, Pauli-blocked ones included):
    within 3 % of 18 at ξ = 1 keV for IPA and TDLDA, the two within 0.5 % of each other (TDLDA
    only moves oscillator strength)."""
    sr = table["sum_rule"]
    xi = np.asarray(sr["xi_eV"])
    k = int(np.argmin(np.abs(xi - 1000.0)))
    assert sr["ipa"][k] == pytest.approx(18.0, rel=0.03)
    assert sr["tdlda"][k] == pytest.approx(18.0, rel=0.03)
    assert sr["tdlda"][k] == pytest.approx(sr["ipa"][k], rel=0.005)


def test_static_polarisability_measured(table):
    """TDLDA α(0) (all shells coupled, and the N and O shells) within 10 % of 27.32 a.u., the recommended
    (measured) value of Schwerdtfeger & Nagle (2019); the IPA is > 30 % off."""
    a = table["static_polarizability_au"]
    assert a["tdlda"] == pytest.approx(27.32, rel=0.10)
    assert a["tdlda_coupled"] == pytest.approx(27.32, rel=0.10)
    assert abs(a["ipa"] / 27.32 - 1) > 0.3


@pytest.mark.parametrize("model", ["tdlda", "tdlda_coupled"])
def test_convergence_record(table, model):
    """Every variation of the numerics moves σ_TDLDA (all shells, or the N and O shells coupled) at 80-150 eV
    by < 2 % (η halved: < 5 %)."""
    conv = table["convergence"]
    ref = np.asarray(conv["default"][f"{model}_sigma_Mb"])
    for name, rec in conv.items():
        if name in ("omega_eV", "default"):
            continue
        tol = 0.05 if name.startswith("eta") else 0.02
        np.testing.assert_allclose(rec[f"{model}_sigma_Mb"], ref, rtol=tol, err_msg=name)


@pytest.mark.parametrize("bad", [dict(kernel="hf"), dict(omega_eV=[-1.0]), dict(omega_eV=[3000.0]),
                                 dict(omega_eV=[np.nan]), dict(subshells=("9z",))])
def test_bad_input(bad):
    kw = dict(element="Xe", omega_eV=[100.0], kernel="ipa") | bad
    with pytest.raises(ValueError):
        lr.dipole_response(**kw)


@pytest.mark.parametrize("bad", [dict(eta_eV=0.0), dict(r_max=1.0), dict(r_far=10.0), dict(h=np.inf)])
def test_bad_settings(bad):
    with pytest.raises(ValueError):
        lr.ResponseSettings(**bad)


def test_dipole_correction_limits(table):
    """The factor is the correlated σ_TDLDA/σ_IPA (N and O shells coupled) at q ≤ q_D, from both tables; 1 from
    3 q_D on and beyond 2.5 keV; within 2 % of 1 from 1 to 2 keV."""
    qD = lr.dipole_limit_q_keV("Xe")
    assert 0.1 < qD < 2.0
    om = np.asarray(table["omega_eV"])
    i = int(np.argmin(np.abs(om - 100.0)))
    C = table["tdlda_coupled"]["sigma_Mb"][i] / table["ipa"]["sigma_Mb"][i]
    assert lr.dipole_correction("Xe", om[i] * 1e-3, 0.5 * qD) == pytest.approx(C, rel=1e-9)
    he = table["high_energy"]
    j = he["omega_eV"].index(800.0)
    assert lr.dipole_correction("Xe", 0.8, 0.5 * qD) == pytest.approx(he["tdlda_coupled"][j] / he["ipa"][j], rel=1e-9)
    np.testing.assert_allclose(lr.dipole_correction("Xe", [0.1, 0.1], [3 * qD, 30.0]), 1.0)
    np.testing.assert_allclose(lr.dipole_correction("Xe", [2.5, 5.0, 1e-3], 0.1 * qD), 1.0)
    np.testing.assert_allclose(lr.dipole_correction("Xe", [1.0, 1.5, 2.0], 0.1 * qD), 1.0, rtol=0.02)
    with pytest.raises(ValueError):
        lr.dipole_correction("Xe", -1.0, 1.0)


def test_self_interaction_correction_of_one_electron_is_the_independent_particle_response():
    """For one electron there is no electron-electron interaction: the self-interaction-corrected TDLDA kernel
    vanishes and the response equals the independent-particle one (hydrogen)."""
    s = lr.ResponseSettings(r_max=60.0, eta_eV=0.05)
    atom = _hydrogen(s)
    z = np.array([5.0 + 0.05j, 20.0 + 0.05j, 3.0j]) / H_EV
    ipa, _ = lr._core(atom, z, "ipa", s, ("1s1/2",))
    td, _ = lr._core(atom, z, "tdlda", s, ("1s1/2",))
    sic, _ = lr._core(atom, z, "tdlda", s, ("1s1/2",), None, "subshell-averaged")
    np.testing.assert_allclose(sic, ipa, rtol=1e-7)
    assert np.max(np.abs(td / ipa - 1)) > 0.05            # the uncorrected Hartree kernel acts on the electron itself


@pytest.mark.parametrize("bad", [dict(self_interaction="full"), dict(self_interaction="subshell-averaged", kernel="rpa"),
                                 dict(feedback=("9z",)), dict(feedback=()),
                                 dict(feedback=("5p3/2",), self_interaction="subshell-averaged")])
def test_bad_diagnostic_options(bad):
    kw = dict(element="Xe", omega_eV=[100.0], kernel="tdlda") | bad
    with pytest.raises(ValueError):
        lr.dipole_response(**kw)


@pytest.fixture(scope="module")
def diagnostics(table):
    return table["diagnostics"]


def test_excess_above_the_M_edges_is_the_M_shells_own_feedback(diagnostics):
    """Above 1.2 keV every other shell's induced field has no effect on σ (the N and O shells' response has died
    out): with the M shell's induced density held out of the kernel σ_TDLDA equals σ_IPA within 3 %. The excess of
    the all-shell TDLDA is the M shell's: fed back alone it gives the all-shell σ within 2 %."""
    ipa = np.asarray(diagnostics["ipa"]["sigma_Mb"])
    np.testing.assert_allclose(diagnostics["tdlda_feedback_KLNO"]["sigma_Mb"], ipa, rtol=0.03)
    np.testing.assert_allclose(diagnostics["tdlda_feedback_M"]["sigma_Mb"], diagnostics["tdlda"]["sigma_Mb"], rtol=0.02)


def test_excess_above_the_M_edges_is_not_numerical(diagnostics):
    """η from 1 to 5 eV, half the radial steps, a larger matrix grid or a farther outgoing-wave start move
    σ_TDLDA/σ_IPA at 1.2 and 2 keV by < 1 %."""
    num = diagnostics["numerics"]
    om = np.asarray(diagnostics["omega_eV"])
    sel = np.isin(om, num["omega_eV"])
    ref = np.asarray(diagnostics["tdlda"]["sigma_Mb"])[sel] / np.asarray(diagnostics["ipa"]["sigma_Mb"])[sel]
    for name, rec in num.items():
        if name == "omega_eV":
            continue
        np.testing.assert_allclose(np.asarray(rec["tdlda"]) / np.asarray(rec["ipa"]), ref, rtol=0.01, err_msg=name)


@pytest.mark.xfail(strict=True, reason="known: the all-shell TDLDA stays 7-12 % above the IPA from 1.2 to 2 keV "
                                       "(the M shell's own feedback; book/correlations.ipynb); the correlated "
                                       "response the package uses couples the N and O shells only")
def test_all_shell_tdlda_equals_ipa_above_the_M_edges(table):
    """Far above the M edges the correlated σ_γ must equal the independent-particle one within 3 % (the measured
    cross section does, Henke et al.)."""
    he = table["high_energy"]
    om = np.asarray(he["omega_eV"])
    sel = (om >= 1200.0) & (om <= 2000.0)
    np.testing.assert_allclose(np.asarray(he["tdlda"])[sel], np.asarray(he["ipa"])[sel], rtol=0.03)


def test_coupled_subshells_of_xenon():
    """The correlated response couples xenon's N and O shells (4s … 5p3/2); the M, L, K shells absorb as
    independent particles."""
    assert set(lr.coupled_subshells("Xe")) == {"4s1/2", "4p1/2", "4p3/2", "4d3/2", "4d5/2", "5s1/2", "5p1/2", "5p3/2"}
    with pytest.raises(ValueError):
        lr.coupled_subshells("Xx")
