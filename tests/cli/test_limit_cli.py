"""The ``limit`` subcommand, run in-process: files with a metadata header and fixed columns, plots,
combinations, bands, and refusals before anything is computed."""

import argparse
import csv
import io
import json
import os

import pytest

from mcpria_lite.cli import limit as _cli_limit
from mcpria_lite.inference.limit_files import COLUMNS


def _run(argv, capsys):
    ap = argparse.ArgumentParser(prog="mcpria-lite")
    sub = ap.add_subparsers(dest="command", required=True)
    _cli_limit.register(sub)
    args = ap.parse_args(argv)
    rc = args.func(args)
    out = capsys.readouterr()
    return rc, out.out, out.err


def _csv(text):
    body = [ln for ln in text.splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(body))))


def test_table_has_the_header_and_the_columns(capsys):
    rc, out, _ = _run(["limit", "--data", "xenonnt-sr0", "--interaction", "magnetic-moment", "--method", "FEA"], capsys)
    assert rc == 0
    head = [ln for ln in out.splitlines() if ln.startswith("#")]
    for key in ("# data set: name=xenonnt-sr0", "# model: magnetic-moment", "# flux: solar neutrinos",
                "# methods: FEA", "# cl: 0.9", "# statistics: profile likelihood ratio q~", "# package: mcpria-lite",
                "# date: ", "# published: xenonnt-sr0: 6.3e-12 mu_B"):
        assert any(h.startswith(key) for h in head), key
    table = [ln for ln in out.splitlines() if not ln.startswith("#")]
    assert table[0].split() == list(COLUMNS)


def test_csv_to_a_file_with_the_published_value_within_30_percent(tmp_path, capsys):
    f = tmp_path / "mu.csv"
    rc, out, _ = _run(["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--format", "csv",
                       "--output", str(f)], capsys)
    assert rc == 0 and out == ""
    (row,) = _csv(f.read_text())
    assert list(row) == list(COLUMNS) and row["coupling"] == "mu_B" and row["mass_keV"] == ""
    assert float(row["limit"]) == pytest.approx(6.3e-12, rel=0.3)


def test_json_combination_of_every_data_set(capsys):
    argv = ["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--format", "json", "--expected"]
    for d in ("lz-ws2022", "lz-ws2024", "pandax4t-run1", "xenonnt-sr0"):
        argv += ["--data", d]
    rc, out, _ = _run(argv, capsys)
    d = json.loads(out)
    assert rc == 0 and d["columns"] == list(COLUMNS)
    (row,) = d["rows"]
    assert row["data"] == "lz-ws2022+lz-ws2024+pandax4t-run1+xenonnt-sr0"
    assert len(row["signal_events_at_limit"].split(";")) == 4
    assert row["expected_limit"] < 8.0e-12  # below every member's expected limit (SR0's, the best, is ~8.7e-12)
    lic = [x["licence"] for x in d["metadata"]["data_sets"]]
    assert sum("GPL-3.0" in x for x in lic) == 3


def test_band_with_a_plot(tmp_path, capsys):
    png = tmp_path / "band.png"
    rc, out, _ = _run(["limit", "--data", "lz-ws2022", "--interaction", "magnetic-moment", "--band", "--format", "csv",
                       "--plot", str(png)], capsys)
    rows = _csv(out)
    assert rc == 0 and png.stat().st_size > 10_000
    assert {r["method"] for r in rows} == {"RIA", "FEA", "DFS"}
    (central,) = [r for r in rows if r["central"] == "yes"]
    assert central["method"] == "RIA" and central["atomic_inputs"] == "Biggs profiles"
    assert all(float(r["band_low"]) <= float(r["limit"]) <= float(r["band_high"]) for r in rows)
    assert "# central_choice: RIA with Biggs profiles" in out
    assert "# methods_not_applicable: EPA: the EPA does not apply to a magnetic moment" in out


def test_dark_cosmic_ray_masses(capsys):
    rc, out, _ = _run(["limit", "--interaction", "dark-cosmic-ray", "--mass-keV", "0.1,10", "--method", "FEA",
                       "--format", "csv"], capsys)
    rows = _csv(out)
    assert rc == 0 and [float(r["mass_keV"]) for r in rows] == [0.1, 10.0]
    assert all(0 < float(r["limit"]) < 1e-3 for r in rows)


def test_refusals_exit_2_with_the_reason(capsys):
    rc, _, err = _run(["limit", "--interaction", "magnetic-moment", "--method", "EPA"], capsys)
    assert rc == 2 and "does not apply to a magnetic moment" in err
    rc, _, err = _run(["limit", "--interaction", "dark-cosmic-ray", "--method", "FEA"], capsys)
    assert rc == 2 and "--mass-keV" in err
    rc, _, err = _run(["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--mass-keV", "1"], capsys)
    assert rc == 2 and "--mass-keV" in err
    rc, _, err = _run(["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--cl", "1.5"], capsys)
    assert rc == 2 and "cl" in err
    rc, _, err = _run(["limit", "--data", "lz-2022"], capsys)
    assert rc == 2 and "data must be one of" in err
    with pytest.raises(SystemExit):
        _run(["limit", "--method", "Born"], capsys)


def test_output_paths_are_checked_before_computing(tmp_path, capsys, monkeypatch):
    def boom(*a, **k):  # pragma: no cover - must not be reached
        raise AssertionError("computed before checking the output path")

    monkeypatch.setattr(_cli_limit, "limit", boom)
    for opt, path, msg in (("--output", tmp_path / "no" / "x.csv", "does not exist"),
                           ("--output", tmp_path, "is a folder"),
                           ("--plot", tmp_path / "x.xyz", "must end in one of")):
        rc, _, err = _run(["limit", "--method", "FEA", opt, str(path)], capsys)
        assert rc == 2 and msg in err and opt in err
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(ro, 0o500)
    try:
        if not os.access(ro, os.W_OK):  # root can write anywhere
            rc, _, err = _run(["limit", "--method", "FEA", "--output", str(ro / "x.csv")], capsys)
            assert rc == 2 and "not writable" in err
    finally:
        os.chmod(ro, 0o700)


def test_a_users_data_folder(tmp_path, capsys):
    import shutil

    from mcpria_lite.detection import datasets as ds

    src = ds.DATASETS["lz-ws2022"].parent
    shutil.copytree(src, tmp_path / "mine")
    rc, out, _ = _run(["limit", "--data", str(tmp_path / "mine"), "--interaction", "magnetic-moment", "--method", "FEA",
                       "--format", "csv"], capsys)
    (row,) = _csv(out)
    assert rc == 0 and row["data"] == "lz-ws2022"
    assert float(row["limit"]) == pytest.approx(1.1e-11, rel=0.3)
