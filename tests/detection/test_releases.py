"""The shipped XENONnT SR0 release and the signal in reconstructed energy."""

import json

import numpy as np
import pytest

from mcpria_lite.detection import response as dr
from mcpria_lite import detection as ex
from mcpria_lite.units import DAYS_PER_YEAR


@pytest.fixture(scope="module")
def sr0():
    return ex.xenonnt_sr0()


def test_release_matches_the_collaborations_description(sr0):
    # readme of the release: 433 events below 30 keV; paper: 1.16 tonne-year, window (1, 30) keV
    assert sr0.n_events == 433
    assert sr0.window_keV == (1.0, 30.0)
    assert np.all((sr0.events_keV > 1.0) & (sr0.events_keV < 30.0))
    assert sr0.exposure_kg_day == pytest.approx(1.16 * 1000 * DAYS_PER_YEAR)
    assert sr0.target == "Xe"
    assert "161805" in sr0.citation and "2207.11330" in sr0.citation
    assert sr0.published_limits["magnetic-moment"]["value"] == pytest.approx(6.3e-12)


def test_background_rate_is_the_papers_15p8_events_per_tonne_year_keV(sr0):
    # abstract: (15.8 ± 1.3) events/(t yr keV) in (1, 30) keV, efficiency-corrected; B0 of the release
    # is in reconstructed energy with the efficiency folded in, so B0/ε averages to it.
    E = np.linspace(1, 30, 29001)[:-1] + 5e-4
    per_t_yr = sr0.background(E) * 1000 * DAYS_PER_YEAR
    assert np.mean(per_t_yr / sr0.efficiency(E)) == pytest.approx(15.8, abs=1.3)
    assert sr0.background.relative_uncertainty == pytest.approx(1.3 / 15.8, rel=1e-3)
    # and the expected B0 events are close to the 433 observed (Poisson width 21)
    assert abs(sr0.background_counts() - 433) < 3 * np.sqrt(433)


def test_efficiency_table_is_the_released_curve(sr0):
    eff = sr0.efficiency
    assert isinstance(eff, dr.TabulatedEfficiency)
    assert eff.T_keV[-1] == 30.0 and eff.efficiency[-1] == eff.efficiency[-2]  # held last value, declared
    assert 0.0 < float(eff(1.0)) < 0.15 and 0.75 < float(eff(10.0)) < 0.85


def test_reconstructed_density_agrees_with_detector_response_smear(sr0):
    # two independent implementations of ε(E) X ∫dT G(E; T, σ(T)) dR/dT: point values here,
    # cell averages of detector_response.smear on a fine grid there
    nodes = ex.t_nodes(sr0)
    f = lambda T: 1e-3 * np.exp(-T / 6.0)  # noqa: E731 - a smooth falling spectrum, cpkkd
    E = np.linspace(3.0, 25.0, 12)
    ours = ex.reconstructed_density(sr0, nodes, f(nodes.T_keV), E)
    grid = np.linspace(0.01, 50.0, 2500)
    sm = dr.detector_response(grid, f(grid), sr0.resolution, None)
    ref = np.interp(E, grid, sm) * sr0.efficiency(E) * sr0.exposure_kg_day
    np.testing.assert_allclose(ours, ref, rtol=2e-3)


def test_expected_counts_of_a_flat_spectrum_is_exposure_times_integrated_efficiency(sr0):
    nodes = ex.t_nodes(sr0)
    n = ex.expected_counts(sr0, nodes, np.ones(nodes.T_keV.size))
    E = np.linspace(1, 30, 29001)
    assert n == pytest.approx(sr0.exposure_kg_day * np.trapezoid(sr0.efficiency(E), E), rel=1e-3)


def test_narrow_resolution_returns_efficiency_times_spectrum(tmp_path):
    rel = _write_release(tmp_path, resolution={"model": "relative", "a": 2e-3, "b": 0.0, "reference": "test"})
    nodes = ex.t_nodes(rel)
    E = np.array([2.5, 5.0, 7.5])
    d = ex.reconstructed_density(rel, nodes, 1.0 / nodes.T_keV, E)
    np.testing.assert_allclose(d, rel.exposure_kg_day * rel.efficiency(E) / E, rtol=1e-3)


def _write_release(tmp_path, **override):
    """A small germanium-like release in whitespace-separated text files, as a user would write it."""
    (tmp_path / "events.txt").write_text("# E [keV]\n1.2\n3.4\n5.6\n")
    (tmp_path / "bkg.txt").write_text("\n".join(f"{e:.2f} {1.0 + 0.01 * e:.4f}" for e in np.linspace(0.5, 10.5, 21)))
    (tmp_path / "eff.txt").write_text("0.5 0.1\n1.0 0.8\n10.5 0.9\n")
    spec = {
        "format": "mcpria-lite data release 1", "name": "toy-ge", "title": "toy", "target": "Ge",
        "citation": "none (test)", "window_keV": [1.0, 10.0],
        "exposure": {"value": 100.0, "unit": "kg day"},
        "events": {"file": "events.txt"},
        "background": {"file": "bkg.txt", "unit": "counts/(keV kg day)", "representation": "points",
                       "relative_uncertainty": 0.05},
        "efficiency": {"file": "eff.txt"},
        "resolution": {"model": "quadrature", "sigma0_keV": 0.05, "fano": 0.11, "pair_energy_keV": 0.00296,
                       "reference": "test"},
    }
    spec.update(override)
    p = tmp_path / "release.json"
    p.write_text(json.dumps(spec))
    return ex.load_release(p)


def test_a_users_release_is_one_file_and_a_call(tmp_path):
    rel = _write_release(tmp_path)
    assert rel.n_events == 3 and rel.target == "Ge"
    assert rel.background_counts() == pytest.approx(100.0 * np.trapezoid(1 + 0.01 * np.linspace(1, 10, 19), np.linspace(1, 10, 19)), rel=1e-6)
    assert ex.get("xenonnt-sr0") is ex.xenonnt_sr0()


def test_stepping_magnetic_moment_signal_scales_as_mu_squared(sr0):
    s = ex.neutrino_signal(sr0, "magnetic-moment", "FEA")
    assert s.powers == (2.0,)
    assert s.total_counts(2e-12) == pytest.approx(4 * s.total_counts(1e-12))


def test_stepping_magnetic_moment_is_the_free_formula_times_Z_eff(sr0):
    # Vogel & Engel, PRD 39, 3378 (1989): dσ/dT = (π α²/m_e²)(μ/μ_B)² (1/T − 1/E) per free electron;
    # stepping: times the number of electrons with binding below T. Computed here by hand for the
    # two ⁷Be lines (862 and 384 keV reach every T of the window).
    from mcpria_lite.targets import atoms
    from mcpria_lite import sources as fluxes
    from mcpria_lite.rates import cross_sections as xs
    from mcpria_lite.units import ALPHA, HBARC2_KEV2_CM2, M_E, SECONDS_PER_DAY

    be7 = fluxes.solar_neutrino_component("7Be")
    T = np.array([2.0, 10.0, 30.0, 40.0])
    nodes = ex.TNodes(T, np.ones_like(T))
    s = ex.neutrino_signal(sr0, "magnetic-moment", "FEA", flux=be7, nodes=nodes)
    tg = atoms.atom("Xe")
    by_hand = sum(phi * (1 / T - 1 / E) for E, phi in be7.lines) * np.pi * ALPHA**2 / M_E**2 * HBARC2_KEV2_CM2
    by_hand = by_hand * xs.z_effective("Xe", T) * tg.atoms_per_kg * SECONDS_PER_DAY
    np.testing.assert_allclose(s.dR_dT[0], by_hand, rtol=1e-6)
    assert xs.z_effective("Xe", 40.0) == 54 and xs.z_effective("Xe", 10.0) == 52


def test_millicharge_interferes_with_the_weak_amplitude(sr0):
    full = ex.neutrino_signal(sr0, "millicharge", "FEA")
    pure = ex.neutrino_signal(sr0, "millicharge", "FEA", interference=False)
    assert full.powers == (2.0, 1.0) and full.has_odd_terms and not pure.has_odd_terms
    np.testing.assert_allclose(full.counts[0], pure.counts[0], rtol=1e-6)  # the δ² term is the same
    neg = ex.neutrino_signal(sr0, "millicharge", "FEA", sign=-1)
    # the interference flips with the sign of δ
    assert full.total_counts(1e-13) - neg.total_counts(1e-13) == pytest.approx(2 * 1e-13 * full.counts[1])


def test_rates_interpolated_between_shell_edges_match_the_direct_computation(sr0):
    a = ex.neutrino_signal(sr0, "millicharge", "FEA", per_decade=None)
    b = ex.neutrino_signal(sr0, "millicharge", "FEA", per_decade=12)
    np.testing.assert_allclose(b.dR_dT, a.dR_dT, rtol=5e-3)
    np.testing.assert_allclose(b.counts, a.counts, rtol=1e-3)
    with pytest.raises(ValueError, match="per_decade"):
        ex.neutrino_signal(sr0, "millicharge", "FEA", per_decade=0)


def test_ria_interpolated_between_edges_matches_every_node(sr0):
    a = ex.neutrino_signal(sr0, "magnetic-moment", "RIA", per_decade=None)
    b = ex.neutrino_signal(sr0, "magnetic-moment", "RIA")
    np.testing.assert_allclose(b.dR_dT, a.dR_dT, rtol=3e-3)
    np.testing.assert_allclose(b.counts, a.counts, rtol=1e-3)


def test_dark_cosmic_ray_limit_scales_with_the_flux_normalisation(sr0):
    # rate ∝ N δ^(α+1): a flux k times larger lowers the δ limit by k^(1/(α+1)) (same signal shape)
    from mcpria_lite.inference import likelihood as lk

    s1 = ex.dark_cosmic_ray_signal(sr0, 1.0, "FEA")
    s2 = ex.dark_cosmic_ray_signal(sr0, 1.0, "FEA", convention={"normalisation": 300.0})
    assert s1.powers == (3.7,)
    ratio = lk.upper_limit(sr0, s1).limit / lk.upper_limit(sr0, s2).limit
    assert ratio == pytest.approx(10.0 ** (1 / 3.7), rel=1e-6)


def test_shipped_tables_are_the_released_files_byte_for_byte():
    # the manifest records the SHA-256 of the collaboration's files; the shipped CSVs are those files
    # with a header line and a comma for the space between the columns
    import hashlib
    from importlib import resources

    data = resources.files("mcpria_lite") / "data" / "releases" / "xenonnt_sr0"
    spec = json.loads((data / "xenonnt_sr0.json").read_text())
    shipped = {"data_unbinned_1to30kev.txt": spec["events"]["file"], "bkg_model.txt": spec["background"]["file"],
               "efficiency.txt": spec["efficiency"]["file"]}
    for released, csv in shipped.items():
        rows = (data / csv).read_text().splitlines()[1:]
        text = "\n".join(r.replace(",", " ") for r in rows) + "\n"
        assert hashlib.sha256(text.encode()).hexdigest() == spec["source_sha256"][released]
