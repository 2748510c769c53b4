"""Continuum waves and photoionization of Dirac–Hartree–Slater atoms: Coulomb normalisation,
hydrogen against Stobbe's exact formula, Ge and Xe subshells against Kissel (xraylib), totals
against Henke/Kissel, 3j symbols against sympy."""

from __future__ import annotations


import json
from importlib import resources

import numpy as np
import pytest
import xraylib
from scipy.special import loggamma

from mcpria_lite import units
from mcpria_lite.targets.dfs import angular
from mcpria_lite.targets import atoms
from mcpria_lite.targets.dfs import continuum as ct
from mcpria_lite.targets.dfs import atom as ds
from mcpria_lite.targets.dfs import photoionization as ph


def test_wigner3j_against_sympy():
    from sympy.physics.wigner import wigner_3j

    rng = np.random.default_rng(1)
    for _ in range(25):
        j1, j2 = rng.integers(0, 12, 2) / 2
        j3 = rng.choice(np.arange(abs(j1 - j2), j1 + j2 + 1))
        m1 = rng.choice(np.arange(-j1, j1 + 1))
        m2 = rng.choice(np.arange(-j2, j2 + 1))
        m3 = -m1 - m2
        ref = float(wigner_3j(j1, j2, j3, m1, m2, m3)) if abs(m3) <= j3 else 0.0
        got = angular.wigner3j(int(2 * j1), int(2 * j2), int(2 * j3), int(2 * m1), int(2 * m2), int(2 * m3))
        assert got == pytest.approx(ref, abs=1e-12)


def test_spinor_angular_factors():
    # s1/2: <½|σ_{+1}|−½> = −√2 and Y_00 = 1/√(4π)
    assert angular.spinor_sigma_plus_Y(-1, 1, 0, -1, -1) == pytest.approx(-np.sqrt(2 / (4 * np.pi)))
    # completeness: Σ over all final (κa, ma) of |<κa ma|σ_{+1} Y_L0|κb mb>|² is the norm of
    # σ_{+1} Y_L0 Ω_κb mb. For s1/2, mb = −½: σ_{+1} Y_L0 Y_00 χ_↓ = −√2 Y_L0 Y_00 χ_↑, norm 2/(4π)
    # for every L; mb = +½: σ_{+1} χ_↑ = 0.
    for tmb, expect in ((1, 0.0), (-1, 4 * 2 / (4 * np.pi))):
        tot = 0.0
        for L in range(4):
            for ka in [k for k in range(-8, 9) if k != 0]:
                for tma in range(-(2 * abs(ka) - 1), 2 * abs(ka), 2):
                    tot += angular.spinor_sigma_plus_Y(ka, tma, L, -1, tmb) ** 2
        assert tot == pytest.approx(expect, abs=1e-12)


@pytest.mark.parametrize("kappa", [-1, -2, 2, -3])
def test_coulomb_continuum_amplitude_near_origin(kappa):
    # energy-normalised Coulomb wave of Z = 1: G → √(2/πk) C_l(η) (kr)^{l+1} (1 − Zr/(l+1)),
    # η = −Z/k. For κ > 0 the Dirac large component also has an r^l term of relative size
    # ~(Zα)²/(Zr): compared at r = 0.02 there, at r = 1e-4 for κ < 0.
    Z = 1.0
    grids = ct.continuum_grids(1e-6, 60.0, 5.0)
    eps = np.array([0.02, 0.3, 2.0])
    G, F, spread = ct.continuum_waves(np.full(grids.inner.n, -Z), Z, 1.0, eps, kappa, grids)
    l = -kappa - 1 if kappa < 0 else kappa
    r = grids.inner.r
    i = np.searchsorted(r, 1e-4 if kappa < 0 else 2e-2)
    k = np.sqrt(2 * eps)
    eta = -Z / k
    Cl = 2**l * np.exp(-np.pi * eta / 2 + np.real(loggamma(l + 1 + 1j * eta)) - loggamma(2 * l + 2).real)
    pred = np.sqrt(2 / (np.pi * k)) * Cl * (k * r[i]) ** (l + 1) * (1 - Z * r[i] / (l + 1))
    np.testing.assert_allclose(G[:, i], pred, rtol=1e-3 if kappa < 0 else 5e-3)
    assert np.all(spread < 1e-2)


@pytest.fixture(scope="module")
def hydrogen(coulomb_hydrogen_atom):
    return coulomb_hydrogen_atom(60.0, 30.0)


@pytest.mark.parametrize("omega_eV, rtol", [(15.0, 2e-4), (40.0, 2e-4), (150.0, 2e-4), (2000.0, 3e-3)])
def test_hydrogen_photoionization_is_stobbe(hydrogen, omega_eV, rtol):
    atom, grids = hydrogen
    o = atom.orbitals[0]
    I = -o.energy_au
    w = omega_eV / 1000 / units.HARTREE_KEV
    eta = 1 / np.sqrt(2 * (w - I))
    # Stobbe (1930): σ = (2⁹π²α a₀²/3)(I/ω)⁴ exp(−4η arccot η)/(1 − exp(−2πη))
    stobbe = 2**9 * np.pi**2 / 3 * units.ALPHA * (I / w) ** 4 * np.exp(-4 * eta * np.arctan(1 / eta)) \
        / (1 - np.exp(-2 * np.pi * eta)) * ph.BOHR2_BARN
    res = ph.subshell_cross_section(atom, grids, o, omega_eV / 1000, I * units.HARTREE_KEV)
    assert res.sigma_barn == pytest.approx(stobbe, rel=rtol)


# ---- committed Ge / Xe tables against Kissel ---------------------------------------------------
def _table(symbol):
    path = resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_photo_{symbol}.json"
    return json.loads(path.read_text())


def _kissel(Z, iupac, E):
    return ph.kissel_per_electron(Z, iupac, E)


def physical_kissel_mask(E, k):
    return ph.smooth_reference_mask(E, k)


def test_smooth_reference_mask_catches_a_break():
    E = np.geomspace(1, 100, 20)
    k = E ** -2.5
    assert ph.smooth_reference_mask(E, k).all()
    k2 = np.where(E > 20, k * (E / 20) ** -6.0, k)
    m = ph.smooth_reference_mask(E, k2)
    assert m[E < 15].all() and not m[E > 18].any()


# achieved per-subshell agreement 1.2–100 keV (max |σ/σ_Kissel − 1| where Kissel is usable):
# Ge K 0.5 %, L 0.5–0.9 %, M1–M3 ≤ 0.4 %, M4/M5 1.7 %, N ≤ 0.5 %; Xe K–L ≤ 0.4 %, M1 1.8 %
# (next to its edge), other M, N, O ≤ 0.8 %; Ar K 1.1 %, L1 1.0 %, L2/L3 0.3 %, M ≤ 0.6 %; Si (atom) K 0.8 %, L ≤ 1.6 %, M ≤ 0.6 %;
# Na ≤ 1.1 %; O ≤ 1.8 % (2s); Ca ≤ 1.4 %; I ≤ 1.3 %; Cs ≤ 0.9 %; W ≤ 0.8 % but 4f 2.0 %. Asserted with a margin:
TOL = 0.025


@pytest.mark.parametrize("symbol", ["Ge", "Xe", "Ar", "Si", "Na", "O", "Ca", "I", "Cs", "W"])
def test_subshells_against_kissel_1_to_100_keV(symbol):
    tab = _table(symbol)
    tgt = atoms.atom(symbol)
    E = np.array(tab["omega_keV"])
    sig = np.array(tab["sigma_per_electron_barn"])
    sel = (E >= 0.99) & (E <= 100.0)
    n_compared = 0
    for i, s in enumerate(tgt.shells):
        k = _kissel(tgt.Z, s.iupac, E[sel])
        # not within 2 % above the edge (tabulated vs Kissel's own edge energies)
        ok = physical_kissel_mask(E[sel], k)
        ok &= E[sel] > 1.02 * s.binding_keV
        if ok.sum() < 3:
            # Kissel has no usable values for the outermost s electron of Ca, Cs, W (4s, 6s, 6s), and W's K edge
            # (69.5 keV) leaves two grid points below 100 keV: those alone may go uncompared
            outermost = s.binding_keV == min(x.binding_keV for x in tgt.shells)
            assert (outermost and s.nl.endswith("s")) or s.binding_keV > 50.0, s.name
            continue
        assert ok.sum() >= 3, s.name
        dev = np.max(np.abs(sig[i, sel][ok] / k[ok] - 1))
        assert dev < TOL, (s.name, dev)
        n_compared += 1
    assert n_compared >= len(tgt.shells) - 2


@pytest.mark.parametrize("symbol", ["Ge", "Xe", "Ar", "Si", "Na", "O", "Ca", "I", "Cs", "W"])
def test_total_against_henke_kissel(symbol):
    tab = _table(symbol)
    tgt = atoms.atom(symbol)
    E = np.array(tab["omega_keV"])
    sig = np.array(tab["sigma_per_electron_barn"]) * np.array(tab["occupancy"])[:, None]
    tot = sig.sum(axis=0) * units.BARN_CM2
    ref = tgt.photoabsorption(E)
    sel = (E >= 1.0) & (E <= 100.0)
    # away from the edges (the tabulated and Henke/Kissel edge energies differ slightly)
    near_edge = np.any(np.abs(E[:, None] / tgt.binding_keV[None, :] - 1) < 0.03, axis=1)
    np.testing.assert_allclose(tot[sel & ~near_edge], ref[sel & ~near_edge], rtol=0.08)


def test_high_energy_s_shell_ratio_is_density_at_nucleus():
    # at ω ≫ B, σ_ns ∝ |ψ_ns(0)|²: the ratio of two s subshells tends to the ratio of their
    # densities at the nucleus (coefficient of r^γ); this is where Kissel's outer-shell values fail
    tab = _table("Ge")
    E = np.array(tab["omega_keV"])
    sig = np.array(tab["sigma_per_electron_barn"])
    atom = ds.load_atom("Ge")
    r = atom.grid.r
    gam = np.sqrt(1 - (32 / ds.C_AU) ** 2)
    c = {o.name: (o.G[3] / r[3] ** gam) ** 2 for o in atom.orbitals if o.kappa == -1}
    i3, i4 = tab["subshells"].index("3s1/2"), tab["subshells"].index("4s1/2")
    assert sig[i4, -1] / sig[i3, -1] == pytest.approx(c["4s1/2"] / c["3s1/2"], rel=0.1)


@pytest.mark.parametrize("symbol", ["Ge", "Xe", "Ar", "Si", "Na", "O", "Ca", "I", "Cs", "W"])
def test_convergence_record(symbol):
    tab = _table(symbol)
    assert len(tab["convergence"]) > 10
    for row in tab["convergence"]:
        assert abs(row["rel_change_kappa_doubled"]) < 1e-3, row
        assert abs(row["rel_change_step_halved"]) < 1e-3, row
    assert np.max(tab["normalisation_spread"]) < 1e-2


def test_table_reproduced_by_the_code():
    tab = _table("Ge")
    E = np.array(tab["omega_keV"])
    j = int(np.argmin(np.abs(E - 20.0)))
    names, sig = ph.photoionization_cross_sections("Ge", [E[j]], per_electron=True)
    i = names.index("1s1/2")
    assert sig[i, 0] == pytest.approx(tab["sigma_per_electron_barn"][i][j], rel=1e-8)


def test_below_threshold_is_zero_and_bad_input():
    names, sig = ph.photoionization_cross_sections("Ge", [5.0])
    assert sig[names.index("1s1/2"), 0] == 0.0
    with pytest.raises(ValueError, match="omega_keV"):
        ph.photoionization_cross_sections("Ge", [-1.0])
    with pytest.raises(ValueError, match="omega_keV"):
        ph.photoionization_cross_sections("Ge", [1e4])
    with pytest.raises(ValueError, match="eps_au"):
        ct.continuum_waves(np.full(10, -1.0), 1.0, 1.0, [-0.1], [-1], ct.continuum_grids(1e-5, 10.0, 1.0))
