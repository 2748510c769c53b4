"""Measured energy spectra (EDELWEISS RED30): the charge readout's identities, the binned signal keeps the
rate, the release's file checked on load."""
import json
import shutil
from dataclasses import replace

import numpy as np
import pytest

from mcpria_lite.detection import energy_spectra as es
from mcpria_lite.methods.halo_models import atomic_model
from mcpria_lite.particles.dark_matter import LIGHT, HaloDarkMatter
from mcpria_lite.rates.halo_rates import halo_spectrum

RO = es.ChargeReadout(78.0, 0.53, 0.003, 0.00067)


def test_pairs_and_the_electron_equivalent_calibration():
    """n = 1 + floor((E − gap)/ε); a deposit of n ε with n pairs reads n ε in eVee whatever the bias (the
    calibration that defines eVee), and the drift of each pair adds e V of phonons."""
    assert list(RO.pairs([0.0005, 0.00067, 0.0036, 0.00367, 0.0100])) == [0, 1, 1, 2, 4]
    n = np.arange(1, 6)
    np.testing.assert_allclose(RO.E_ee_keV(n * 0.003, n), n * 0.003, rtol=1e-14)
    assert RO.E_ee_keV(0.0, 1) == pytest.approx(0.078 / (1 + 26.0))
    assert RO.sigma_keVee == pytest.approx(0.53 * 0.003)


def test_binned_rate_keeps_the_total_rate():
    """Bins that cover every E_ee hold the whole spectrum: Σ rate × width = ∫ dR/dE dE."""
    s = halo_spectrum(HaloDarkMatter(1e5, 1e-36, LIGHT), atomic_model("DFS", "Ge"))
    edges = np.linspace(0.0, 1.0, 4001)
    r = RO.binned_rate(s, edges[:-1], edges[1:])
    assert np.sum(r * np.diff(edges)) == pytest.approx(s.rate(), rel=1e-6)
    assert np.all(r >= 0)


def test_red30_as_released():
    d = es.get("edelweiss-red30")
    assert d.target == "Ge" and d.n_bins == 112 and d.readout.bias_V == 78.0 and d.readout.resolution_pairs == 0.53
    assert d.lo[0] == pytest.approx(0.006322 - 0.0007502 / 2) and np.all(d.lo[1:] >= d.hi[:-1] - 1e-15)
    assert d.rate[0] == pytest.approx(154732140.0) and d.published_limit("heavy") is None


@pytest.mark.parametrize("edit,what", [
    (lambda m, c: (m, c.replace("154732140.00", "-1")), "rate_dru"),
    (lambda m, c: ({**m, "charge_readout": {**m["charge_readout"], "epsilon_eV": 0.0}}, c), "epsilon_eV"),
    (lambda m, c: ({**m, "charge_readout": {**m["charge_readout"], "gap_eV": 5.0}}, c), "gap_keV"),
    (lambda m, c: ({k: v for k, v in m.items() if k != "target"}, c), "target"),
    (lambda m, c: (m, c.replace("0.007073,", "0.0062,")), "overlap"),
])
def test_bad_release_is_refused(tmp_path, edit, what):
    src = es.DATA_SETS["edelweiss-red30"].parent
    shutil.copytree(src, tmp_path / "d")
    man = json.loads((tmp_path / "d" / "manifest.json").read_text())
    csv = (tmp_path / "d" / "spectrum.csv").read_text()
    man, csv = edit(man, csv)
    (tmp_path / "d" / "manifest.json").write_text(json.dumps(man))
    (tmp_path / "d" / "spectrum.csv").write_text(csv)
    with pytest.raises(ValueError, match=what):
        es.load(tmp_path / "d" / "manifest.json")


def test_readout_bad_input():
    with pytest.raises(ValueError, match="bias_V"):
        es.ChargeReadout(-1.0, 0.5, 0.003, 0.00067)
    with pytest.raises(ValueError, match="resolution_pairs"):
        replace(RO, resolution_pairs=float("nan"))
