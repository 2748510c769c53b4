"""The ``limit`` subcommand, run in-process through a parser built here."""

import argparse
import json

import pytest

from mcpria_lite.cli import limit as _cli_limit


def _run(argv, capsys):
    ap = argparse.ArgumentParser(prog="mcpria-lite")
    sub = ap.add_subparsers(dest="command", required=True)
    _cli_limit.register(sub)
    args = ap.parse_args(argv)
    rc = args.func(args)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_magnetic_moment_limit_text(capsys):
    rc, out, _ = _run(["limit", "--data", "xenonnt-sr0", "--interaction", "magnetic-moment", "--method", "FEA"], capsys)
    assert rc == 0
    assert "upper limit: |mu_B| <" in out and "published" in out and "6.3e-12" in out


def test_magnetic_moment_limit_json(capsys):
    rc, out, _ = _run(["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--format", "json"], capsys)
    d = json.loads(out)
    (lim,) = d["limits"]
    assert rc == 0 and lim["coupling"] == "mu_B" and lim["cl"] == 0.9
    assert lim["limit"] == pytest.approx(6.3e-12, rel=0.3)
    assert d["published"]["value"] == 6.3e-12 and d["data"]["n_events"] == 433


def test_dark_cosmic_ray_needs_a_mass(capsys):
    rc, _, err = _run(["limit", "--interaction", "dark-cosmic-ray", "--method", "FEA"], capsys)
    assert rc == 2 and "--mass-keV" in err
    rc, out, _ = _run(["limit", "--interaction", "dark-cosmic-ray", "--mass-keV", "1", "--method", "FEA",
                       "--format", "json"], capsys)
    (lim,) = json.loads(out)["limits"]
    assert rc == 0 and lim["coupling"] == "delta" and 0 < lim["limit"] < 1e-3


def test_bad_choices_are_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        _run(["limit", "--data", "lz-2022"], capsys)
    with pytest.raises(SystemExit):
        _run(["limit", "--method", "Born"], capsys)


def test_bad_values_give_a_message_and_exit_code_2(capsys):
    rc, _, err = _run(["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--cl", "1.5"], capsys)
    assert rc == 2 and "cl" in err
    rc, _, err = _run(["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--mass-keV", "1"], capsys)
    assert rc == 2 and "--mass-keV" in err


def test_millicharge_reports_each_sign_when_it_interferes(capsys):
    rc, out, _ = _run(["limit", "--interaction", "millicharge", "--method", "FEA", "--format", "json"], capsys)
    lims = json.loads(out)["limits"]
    assert rc == 0 and len(lims) in (1, 2)  # two once the weak interference is available
    assert all(0 < x["limit"] < 1e-11 for x in lims)
