"""Binned data sets: the shipped LZ and PandaX-4T tables, the schema checks on load, the folding."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate
from scipy.special import ndtr

from mcpria_lite.detection import binned as bn
from mcpria_lite.detection import datasets as ds
from mcpria_lite.detection import signals as sig
from mcpria_lite.detection.response import RelativeResolution

ROOT = Path(bn.__file__).resolve().parents[1] / "data" / "releases_gpl3"


@pytest.mark.parametrize("name, n_obs, fit_sum, n_bins", [
    # the manifests' sums over every bin of the table (SNuDD's files), and the bins of the default window
    ("lz-ws2022", 471, 463.381, 19), ("lz-ws2024", 1787, 1765.58, 19), ("pandax4t-run1", 1431, 1439.08, 29)])
def test_shipped_sets_load_with_their_counts(name, n_obs, fit_sum, n_bins):
    r = ds.get(name)
    assert isinstance(r, bn.BinnedRelease) and r.target == "Xe"
    assert int(r.table_observed.sum()) == n_obs
    assert r.table_background.sum() == pytest.approx(fit_sum, rel=1e-4)
    assert r.n_bins == n_bins and r.window_keV[0] == 1.0
    m = json.loads(Path(r.path).read_text())
    assert m["background"]["sums"]["observed_all_bins"] == n_obs
    # the GPL licence text travels with every folder
    assert "GNU GENERAL PUBLIC LICENSE" in (Path(r.path).parent / "LICENSE").read_text()
    assert (Path(r.path).parent / "PROVENANCE.md").is_file()


def test_registry_names_paths_and_folders():
    assert {"xenonnt-sr0", "lz-ws2022", "lz-ws2024", "pandax4t-run1"} <= set(ds.names())
    a = ds.get("lz-ws2024")
    assert ds.get(ROOT / "lz_ws2024").name == "lz-ws2024"
    assert ds.get(str(ROOT / "lz_ws2024" / "lz_ws2024.json")).name == "lz-ws2024"
    assert ds.get(a) is a and not ds.is_binned(ds.get("xenonnt-sr0"))
    with pytest.raises(ValueError, match="data must be one of"):
        ds.get("lz-2022")


def test_split_background_keeps_the_fit_and_the_collaborations_neutrino_count():
    r = ds.get("lz-ws2022")
    non, nu = bn.background_components(r, "split")
    # over the manifest's events window (the whole table) the SM-ν template holds the fitted 38.1 events
    full = r.with_window(0.0, 20.0)
    _, nu_full = bn.background_components(full, "split")
    assert nu_full.counts.sum() == pytest.approx(38.1, rel=1e-9)
    assert nu.relative_uncertainty == pytest.approx(0.06037) and non.relative_uncertainty == pytest.approx(0.05288)
    # the two components add up to the collaboration's fit wherever the fit exceeds the SM-ν template
    assert np.allclose(non.counts + nu.counts, np.maximum(r.background_fit, nu.counts))
    (one,) = bn.background_components(r, "single")
    assert np.array_equal(one.counts, r.background_fit)


def test_folding_a_flat_spectrum_against_direct_integration():
    """A flat dR/dT through the deposited-efficiency response: each bin against scipy's quad of
    ε(T) [Φ((hi − T)/σ) − Φ((lo − T)/σ)] written out independently."""
    r = ds.get("lz-ws2022")
    nodes = bn.binned_nodes(r)
    spec = sig.TermSpectrum(nodes.T_keV, np.ones((1, nodes.T_keV.size)), (2.0,), ("x",), "g", "", "flat", "Xe")
    counts = bn.binned_signal(r, spec, nodes).counts[0]
    eps, res = r.efficiency, r.resolution
    e = r.edges_keV
    for i in (0, 5, 18):
        f = lambda T: float(eps(np.array(T))) * (ndtr((e[i + 1] - T) / float(res(np.array(T))))
                                                 - ndtr((e[i] - T) / float(res(np.array(T)))))
        ref, _ = integrate.quad(f, nodes.T_keV.min(), nodes.T_keV.max(), limit=400, points=[0.25, 1, 2, 5, 20])
        assert counts[i] == pytest.approx(ref * r.exposure_kg_day, rel=2e-4)


def test_reconstructed_convention_with_unit_efficiency_conserves_events():
    """With ε = 1 at the reconstructed energy and a narrow line well inside the window, every event
    lands in a bin: Σ N_i = X ∫ dR/dT."""
    r = ds.get("pandax4t-run1")
    eff = bn.BoundedEfficiency([0.0, 100.0], [1.0, 1.0])
    r1 = bn.BinnedRelease(**{**{f: getattr(r, f) for f in r.__dataclass_fields__},
                             "efficiency": eff, "efficiency_applied_at": "reconstructed",
                             "resolution": RelativeResolution(0.2, 0.0)})
    nodes = bn.binned_nodes(r1)
    line = np.exp(-0.5 * ((nodes.T_keV - 10.0) / 0.3) ** 2)
    spec = sig.TermSpectrum(nodes.T_keV, line[None, :], (2.0,), ("x",), "g", "", "line", "Xe")
    total = bn.binned_signal(r1, spec, nodes).counts.sum()
    assert total == pytest.approx(r.exposure_kg_day * 0.3 * np.sqrt(2 * np.pi), rel=1e-6)


# ------------------------------------------------------------------------------------------------
# bad files: a ValueError naming the file and the line
# ------------------------------------------------------------------------------------------------
@pytest.fixture()
def copy(tmp_path):
    dst = tmp_path / "lz_ws2022"
    shutil.copytree(ROOT / "lz_ws2022", dst)
    return dst


def _edit(path: Path, old: str, new: str):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


def test_missing_column(copy):
    f = copy / "lz_ws2022_bins.csv"
    _edit(f, "E_lo_keV,E_hi_keV,E_centre_keV,observed,background_fit", "E_lo_keV,E_hi_keV,E_centre_keV,counts,background_fit")
    line = _line_of(f, "E_lo_keV,")
    with pytest.raises(ValueError, match=rf"lz_ws2022_bins\.csv, line {line}: missing column.*observed"):
        bn.load_binned_release(copy)


def test_negative_count(copy):
    f = copy / "lz_ws2022_bins.csv"
    _edit(f, "3.0,4.0,3.5,", "3.0,4.0,3.5,-")
    line = _line_of(f, "3.0,4.0,3.5,")
    with pytest.raises(ValueError, match=rf"lz_ws2022_bins\.csv, line {line}: negative count"):
        bn.load_binned_release(copy)


def test_non_integer_count(copy):
    f = copy / "lz_ws2022_bins.csv"
    row = next(ln for ln in f.read_text().splitlines() if ln.startswith("5.0,6.0,"))
    n = row.split(",")[3]
    _edit(f, row, row.replace(f",{n},", f",{n}.5,", 1))
    with pytest.raises(ValueError, match=rf"line {_line_of(f, '5.0,6.0,')}: count .* is not an integer"):
        bn.load_binned_release(copy)


def test_unsorted_energies(copy):
    f = copy / "lz_ws2022_bins.csv"
    lines = f.read_text().splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith("7.0,8.0,"))
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=rf"lz_ws2022_bins\.csv, line {i + 2}: bin energies not increasing"):
        bn.load_binned_release(copy)


def test_gap_between_bins(copy):
    f = copy / "lz_ws2022_bins.csv"
    _edit(f, "9.0,10.0,9.5,", "9.2,10.0,9.5,")
    with pytest.raises(ValueError, match=rf"line {_line_of(f, '9.2,10.0')}: bins must be contiguous"):
        bn.load_binned_release(copy)


def test_negative_background(copy):
    f = copy / "lz_ws2022_bins.csv"
    row = next(ln for ln in f.read_text().splitlines() if ln.startswith("11.0,12.0,"))
    _edit(f, row, row.rsplit(",", 1)[0] + ",-3.0")
    with pytest.raises(ValueError, match=rf"line {_line_of(f, '11.0,12.0,')}: negative background"):
        bn.load_binned_release(copy)


def test_efficiency_above_one(copy):
    f = copy / "lz_ws2022_efficiency.csv"
    rows = [ln for ln in f.read_text().splitlines() if ln and not ln.startswith("#") and not ln.startswith("E_keV")]
    target = rows[len(rows) // 2]
    _edit(f, target, target.split(",")[0] + ",1.02")
    with pytest.raises(ValueError, match=rf"lz_ws2022_efficiency\.csv, line {_line_of(f, ',1.02')}: efficiency 1.02 "
                                         r"outside \[0, 1\]"):
        bn.load_binned_release(copy)


def test_efficiency_energies_not_increasing(copy):
    f = copy / "lz_ws2022_efficiency.csv"
    rows = [ln for ln in f.read_text().splitlines() if ln and not ln.startswith("#") and not ln.startswith("E_keV")]
    a, b = rows[5], rows[6]
    text = f.read_text().replace(a + "\n" + b, b + "\n" + a, 1)
    f.write_text(text)
    with pytest.raises(ValueError, match=r"lz_ws2022_efficiency\.csv, line \d+: efficiency energies not increasing"):
        bn.load_binned_release(copy)


def test_manifest_errors_name_the_line(copy):
    f = copy / "lz_ws2022.json"
    _edit(f, '"unit": "tonne year"', '"unit": "tonne fortnight"')
    with pytest.raises(ValueError, match=rf"lz_ws2022\.json, line {_line_of(f, 'tonne fortnight')}: exposure.unit"):
        bn.load_binned_release(copy)
    shutil.copy(ROOT / "lz_ws2022" / "lz_ws2022.json", f)
    _edit(f, '"applied_at": "deposited"', '"applied_at": "somewhere"')
    with pytest.raises(ValueError, match=rf"line {_line_of(f, 'somewhere')}: efficiency.applied_at"):
        bn.load_binned_release(copy)
    shutil.copy(ROOT / "lz_ws2022" / "lz_ws2022.json", f)
    _edit(f, '"window_keV": [\n  1.0,', '"window_keV": [\n  1.5,')
    with pytest.raises(ValueError, match="must fall on bin edges"):
        bn.load_binned_release(copy)
    f.write_text("{ not json")
    with pytest.raises(ValueError, match=r"lz_ws2022\.json, line 1: not valid JSON"):
        bn.load_binned_release(copy)


def test_a_users_folder_loads_by_path(copy):
    _edit(copy / "lz_ws2022.json", '"name": "lz-ws2022"', '"name": "my-data"')
    r = ds.get(copy)
    assert r.name == "my-data" and r.n_events == ds.get("lz-ws2022").n_events
