"""The halo-rate and halo-limit subcommands: numbers equal the package's, outputs parse, bad input is an
error naming the option."""
import csv
import io
import json

import numpy as np
import pytest

from mcpria_lite.cli.main import main
from mcpria_lite.inference.halo_limits import halo_limit
from mcpria_lite.methods.halo_models import atomic_model
from mcpria_lite.particles.dark_matter import HaloDarkMatter
from mcpria_lite.rates.halo_rates import dR_dE


def test_halo_rate_csv_equals_the_package(capsys):
    assert main(["halo-rate", "--target", "Xe", "--mass-keV", "1e5", "--E-keV", "0.03,0.1", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ours = dR_dE([0.03, 0.1], HaloDarkMatter(1e5, 1e-40), atomic_model("roberts2023", "Xe"))   # the default for Xe
    np.testing.assert_allclose([float(r["dR_dE_cpkkd"]) for r in rows], ours, rtol=1e-4)


def test_halo_rate_ne_and_plot(capsys, tmp_path):
    png = tmp_path / "ne.png"
    assert main(["halo-rate", "--mass-keV", "1e5", "--ne", "--format", "json", "--plot", str(png)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["n_e"] == 1 and rows[0]["rate_per_kg_day"] > 0 and png.stat().st_size > 1000


def test_halo_limit_json_has_provenance(capsys, tmp_path):
    out = tmp_path / "l.json"
    assert main(["halo-limit", "--data", "xenon10", "--mediator", "light", "--masses-keV", "1e5", "--format", "json",
                 "--output", str(out)]) == 0
    d = json.loads(out.read_text())
    assert d["provenance"]["data_set"]["name"] == "xenon10" and d["provenance"]["mediator"] == "light"
    ref = halo_limit("xenon10", "roberts2023", "light", [1e5])
    assert d["limits"][0]["atomic_model"] == "roberts2023"
    assert d["limits"][0]["sigma_e_limit_cm2"] == pytest.approx(ref.sigma_e_cm2[0], rel=1e-12)
    assert d["limits"][0]["delta"] == pytest.approx(ref.delta[0], rel=1e-12)


@pytest.mark.parametrize("data", ["darkside50", "darkside50-2018"])
def test_halo_limit_darkside50_defaults_to_dfs_argon(capsys, data):
    assert main(["halo-limit", "--data", data, "--masses-keV", "1e5", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO("\n".join(l for l in capsys.readouterr().out.splitlines() if not l.startswith("#")))))
    ref = halo_limit(data, "DFS", "heavy", [1e5])
    assert rows[0]["atomic_model"] == "DFS" and float(rows[0]["sigma_e_limit_cm2"]) == pytest.approx(ref.sigma_e_cm2[0])


def test_halo_limit_edelweiss_red30(capsys):
    assert main(["halo-limit", "--data", "edelweiss-red30", "--mediator", "light", "--masses-keV", "1e4,1e5",
                 "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    ref = halo_limit("edelweiss-red30", "DFS", "light", [1e4, 1e5])
    assert d["provenance"]["statistic"] == "rate-bound" and d["limits"][0]["atomic_model"] == "DFS"
    np.testing.assert_allclose([r["sigma_e_limit_cm2"] for r in d["limits"]], ref.sigma_e_cm2, rtol=1e-12)


def test_halo_rate_ne_argon(capsys):
    assert main(["halo-rate", "--target", "Ar", "--mass-keV", "1e5", "--ne", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["model"] == "DFS" and rows[0]["rate_per_kg_day"] > rows[5]["rate_per_kg_day"] > 0


def test_deprecated_model_still_runs_with_a_warning(capsys):
    with pytest.warns(FutureWarning, match="deprecated"):
        assert main(["halo-rate", "--mass-keV", "1e5", "--model", "DFS+roberts2023", "--E-keV", "0.03"]) == 0


@pytest.mark.parametrize("argv,what", [
    (["halo-rate", "--E-keV", "0.05"], "--mass-keV"),
    (["halo-rate", "--mass-keV", "1e5", "--model", "DFS", "--E-keV", "0.0122"], "--E-keV"),
    (["halo-rate", "--mass-keV", "1e5", "--target", "Ge", "--model", "roberts2023"], "element"),
    (["halo-rate", "--mass-keV", "1e5", "--v-esc", "100"], "v_esc_km_s"),
    (["halo-limit", "--data", "xenon10", "--statistic", "likelihood"], "background model"),
    (["halo-limit", "--masses-keV", "-3"], "--masses-keV"),
    (["halo-limit", "--data", "edelweiss-red30", "--statistic", "likelihood"], "rate-bound"),
])
def test_bad_input_is_an_error_naming_it(capsys, argv, what):
    assert main(argv) == 2
    assert what in capsys.readouterr().err
