"""The shipped XENONnT SR0 release and the signal in reconstructed energy."""

import json

import numpy as np
import pytest

from mcpria_lite import detector_response as dr
from mcpria_lite import experiments as ex
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


def test_stepping_magnetic_moment_follows_the_free_formula_with_Z_eff():
    # Vogel & Engel (1989): dσ/dT ∝ 1/T − 1/E per electron; ⁷Be lines (862, 384 keV) both reach 10–30 keV
    from mcpria_lite import cross_sections as xs
    from mcpria_lite import fluxes

    be7 = fluxes.solar_neutrino_component("7Be")
    T = np.array([0.5, 10.0, 30.0, 40.0])
    r = ex._stepping_magnetic_moment_dR_dT("Xe", T, be7)
    shape = np.array([sum(phi * (1 / t - 1 / E) for E, phi in be7.lines) for t in T])
    ratio = r / (shape * xs.z_effective("Xe", T))
    np.testing.assert_allclose(ratio / ratio[0], 1.0, rtol=1e-10)
    assert xs.z_effective("Xe", 40.0) == 54 and xs.z_effective("Xe", 10.0) == 52


def test_rates_interpolated_between_shell_edges_match_the_direct_computation(sr0):
    a = ex.neutrino_signal(sr0, "millicharge", "FEA", per_decade=None)
    b = ex.neutrino_signal(sr0, "millicharge", "FEA", per_decade=12)
    np.testing.assert_allclose(b.dR_dT, a.dR_dT, rtol=5e-3)
    np.testing.assert_allclose(b.counts, a.counts, rtol=1e-3)
    with pytest.raises(ValueError, match="per_decade"):
        ex.neutrino_signal(sr0, "millicharge", "FEA", per_decade=0)


@pytest.mark.skipif(ex._rate_terms_api() is None, reason="mcpria_lite.interactions / rates.dR_dT_terms not available")
def test_temporary_stepping_magnetic_moment_equals_the_interactions_module(sr0):
    from mcpria_lite import fluxes, interactions, rates

    T = np.array([0.3, 1.5, 5.0, 12.0, 40.0])
    flux = fluxes.solar_neutrinos()
    rt = rates.dR_dT_terms("Xe", T, flux, "FEA", interactions.MagneticMoment(1e-11))
    np.testing.assert_allclose(rt.new_physics(mu_B=1.0), ex._stepping_magnetic_moment_dR_dT("Xe", T, flux), rtol=1e-6)
