"""The ``dark-photon-limit`` subcommand, run in-process (through the package's own parser)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mcpria_lite.cli.main import main


def test_table_json_csv_and_plot(capsys, tmp_path):
    assert main(["dark-photon-limit", "--masses-keV", "2,10"]) == 0
    out = capsys.readouterr().out
    assert "upper limits on kappa (dark-photon)" in out and "ratio" in out
    assert main(["dark-photon-limit", "--masses-keV", "5", "--format", "json", "--expected"]) == 0
    d = json.loads(capsys.readouterr().out)
    (lim,) = d["limits"]
    assert lim["coupling"] == "kappa" and lim["mass_keV"] == 5.0 and 0.9 < lim["ratio"] < 1.13
    assert lim["expected"] > 0 and d["data"]["name"] == "xenonnt-sr0"
    png = tmp_path / "gae.png"
    assert main(["dark-photon-limit", "--model", "axion-electron", "--masses-keV", "3,20", "--format", "csv",
                 "--photoabsorption", "dfs", "--plot", str(png)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [float(r["mass_keV"]) for r in rows] == [3.0, 20.0] and all(r["expected"] == "" for r in rows)
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize("argv,needle", [
    (["--masses-keV", "40"], "--masses-keV must lie in the window"),
    (["--masses-keV", "0.5"], "--masses-keV must lie in the window"),
    (["--masses-keV", "a,b"], "--masses-keV must be comma-separated"),
    (["--masses-keV", "5", "--rho-GeV-cm3", "-1"], "--rho-GeV-cm3"),
])
def test_bad_input_exits_2_with_a_message(capsys, argv, needle):
    assert main(["dark-photon-limit", *argv]) == 2
    assert needle in capsys.readouterr().err
