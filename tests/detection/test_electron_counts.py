"""Electron-count data sets: the shipped ones load, the S2 response puts counts where they belong, and a
bad manifest names the file and the field."""
import json
import shutil

import numpy as np
import pytest
from scipy.stats import norm

from mcpria_lite.detection import electron_counts as ec


def test_shipped_data_sets():
    assert set(ec.DATA_SETS) >= {"xenon10", "xenon100", "xenon1t", "pandax4t"}
    x10 = ec.get("xenon10")
    assert x10.exposure_kg_day == 15.0 and x10.observed.tolist() == [126, 60, 12, 3, 2, 0, 2]
    assert ec.get("xenon100").exposure_kg_day == pytest.approx(30 * 365.25)
    assert ec.get("xenon1t").observed.tolist() == [5, 5, 4, 2, 1, 0]
    assert ec.get("pandax4t").flat_efficiency == 0.14
    assert x10.published_limit("heavy").at(1e5) == pytest.approx(9.73e-39, rel=1e-3)
    with pytest.raises(ValueError, match="data"):
        ec.get("lz2023")


def test_s2_response_puts_three_electrons_in_the_third_window():
    """1 event/(kg day) with n_e = 3 in XENON10: S2 ~ N(81, 6.7√3) PE, 75.5 % inside 68–94 PE."""
    d = ec.get("xenon10")
    R = np.zeros(d.n_e_max + 1)
    R[3] = 1.0
    c = d.expected_counts(R)
    assert np.argmax(c) == 2
    assert c.sum() == pytest.approx(15 * 0.92, rel=0.05)          # trigger efficiency ≈ 1 at 81 PE
    inside = norm.cdf(94.5, 81, 6.7 * np.sqrt(3)) - norm.cdf(67.5, 81, 6.7 * np.sqrt(3))
    assert c[2] / (15 * 0.92) == pytest.approx(inside, abs=0.01)


def test_n_e_bins_with_per_bin_efficiency():
    d = ec.get("xenon1t")
    R = np.zeros(d.n_e_max + 1)
    R[7] = 2.0
    c = d.expected_counts(R)
    assert c[2] == pytest.approx(2.0 * 15330 * 9.76999 / 21.9) and c.sum() == c[2]
    with pytest.raises(ValueError, match="rate_per_ne"):
        d.expected_counts(np.ones(5))


def _copy(tmp_path, name="xenon10"):
    dst = tmp_path / name
    shutil.copytree(ec.DATA_SETS[name].parent, dst)
    return dst / "manifest.json"


@pytest.mark.parametrize("edit,what", [
    (lambda s: s.pop("exposure"), "'exposure'"),
    (lambda s: s["exposure"].update(unit="kg fortnight"), "exposure.unit"),
    (lambda s: s["exposure"].update(value=-1), "exposure.value"),
    (lambda s: s.update(observable="energy"), "observable"),
    (lambda s: s["efficiency"].update(flat=1.3), "efficiency.flat"),
    (lambda s: s.update(format="other"), "format"),
    (lambda s: s["s2_response"].update(mu_pe_per_electron=0), "s2_response"),
])
def test_bad_manifest_names_file_and_field(tmp_path, edit, what):
    m = _copy(tmp_path)
    spec = json.loads(m.read_text())
    edit(spec)
    m.write_text(json.dumps(spec))
    with pytest.raises(ValueError, match="manifest.json") as exc:
        ec.load(m)
    assert what in str(exc.value)


def test_bad_tables_name_file_and_column(tmp_path):
    m = _copy(tmp_path)
    b = m.parent / "bins.csv"
    b.write_text(b.read_text().replace("126", "12.6"))
    with pytest.raises(ValueError, match="bins.csv.*observed"):
        ec.load(m)
    m = _copy(tmp_path / "b")
    e = m.parent / "trigger_efficiency_pe.csv"
    e.write_text("\n".join(e.read_text().splitlines()[:100]) + "\n")
    with pytest.raises(ValueError, match="trigger_efficiency_pe.csv.*ends at 99 PE"):
        ec.load(m)


def test_a_user_data_set_is_one_folder(tmp_path):
    """The recipe of the module docstring: a manifest and a bins file, n_e bins with a background."""
    (tmp_path / "bins.csv").write_text("label,lo,hi,observed,background\nlow,1,2,10,8.5\nhigh,3,5,1,0.4\n")
    (tmp_path / "manifest.json").write_text(json.dumps({
        "format": ec.FORMAT, "name": "toy", "title": "toy", "target": "Xe", "citation": "none",
        "exposure": {"value": 2.0, "unit": "kg day"}, "observable": "n_e", "bins": {"file": "bins.csv"},
        "efficiency": {"flat": 0.5}, "background": {"column": "background"}}))
    d = ec.load(tmp_path / "manifest.json")
    R = np.zeros(8)
    R[[1, 2, 4]] = 1.0
    np.testing.assert_allclose(d.expected_counts(R), [2.0, 1.0])
    assert d.background.tolist() == [8.5, 0.4]
