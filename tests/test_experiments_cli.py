"""The ``limit`` subcommand, run in-process through a parser built here."""

import argparse
import json

import pytest

from mcpria_lite import _cli_limit


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
    assert "upper limit: mu_B <" in out and "published" in out and "6.3e-12" in out


def test_magnetic_moment_limit_json(capsys):
    rc, out, _ = _run(["limit", "--interaction", "magnetic-moment", "--method", "FEA", "--format", "json"], capsys)
    d = json.loads(out)
    assert rc == 0 and d["coupling"] == "mu_B" and d["cl"] == 0.9
    assert d["limit"] == pytest.approx(6.3e-12, rel=0.3)
    assert d["published"]["value"] == 6.3e-12


def test_dark_cosmic_ray_needs_a_mass(capsys):
    rc, _, err = _run(["limit", "--interaction", "dark-cosmic-ray", "--method", "FEA"], capsys)
    assert rc == 2 and "--mass-keV" in err
    rc, out, _ = _run(["limit", "--interaction", "dark-cosmic-ray", "--mass-keV", "1", "--method", "FEA",
                       "--format", "json"], capsys)
    d = json.loads(out)
    assert rc == 0 and d["coupling"] == "delta" and 0 < d["limit"] < 1e-3


def test_bad_choices_are_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        _run(["limit", "--data", "lz-2022"], capsys)
    with pytest.raises(SystemExit):
        _run(["limit", "--method", "Born"], capsys)
