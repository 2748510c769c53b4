"""The command line refuses what it cannot honour (issue 25, items 5 and 6, and the CLI cases of
its other lists): a NaN or negative mass, options that the chosen flux or analysis does not use,
output paths that cannot be written (checked before computing), grids beyond a cap and couplings
that overflow. Each is exit status 2 with a message naming the option, never a number computed
for something else."""

from __future__ import annotations

import json

import pytest

from mcpria_lite.cli.main import main


def run(capsys, *argv):
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse's own errors (type checks, choices)
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err


CS = ("cross-section", "--target", "Ge", "--E-keV", "1e3", "--T-keV", "1", "--method", "FEA", "--coupling", "1e-12")


@pytest.mark.parametrize("mass", ["nan", "-10", "inf"])
def test_nan_or_negative_mass_is_refused(capsys, mass):
    rc, out, err = run(capsys, *CS, "--mass-keV", mass)
    assert rc == 2 and out == "" and "--mass-keV" in err


@pytest.mark.parametrize("argv", [("--E-keV", "nan"), ("--coupling", "nan"), ("--coupling", "1e200")])
def test_non_finite_or_overflowing_numbers_are_refused(capsys, argv):
    base = list(CS)
    if argv[0] == "--E-keV":
        base[base.index("--E-keV") + 1] = argv[1]
        argv = ()
    rc, out, err = run(capsys, *base, *argv)
    assert rc == 2 and out == "", err
    assert "Traceback" not in err


def test_massive_projectile_must_be_chi(capsys):
    rc, _, err = run(capsys, *CS, "--mass-keV", "1", "--projectile", "nu_mu_tau")
    assert rc == 2 and "--projectile" in err and "--mass-keV" in err
    rc, out, _ = run(capsys, *CS, "--mass-keV", "1", "--projectile", "chi", "--format", "json")
    assert rc == 0 and json.loads(out)


@pytest.mark.parametrize("extra, option", [
    (("--mass-keV", "1"), "--mass-keV"),
    (("--projectile", "chi"), "--projectile"),
    (("--alpha", "3"), "--alpha"),
    (("--interpolation", "linear"), "--interpolation"),
])
def test_options_solar_does_not_use_are_refused(capsys, extra, option):
    rc, out, err = run(capsys, "rate", "--target", "Ge", "--T-keV", "1", "--method", "FEA", "--coupling", "1e-12", "--flux", "solar", *extra)
    assert rc == 2 and out == "" and option in err and "--flux solar" in err


def test_components_only_for_solar_and_never_empty(capsys):
    rc, _, err = run(capsys, "rate", "--target", "Ge", "--T-keV", "1", "--method", "FEA", "--coupling", "1e-12", "--flux", "dark-cosmic-rays",
                     "--mass-keV", "1", "--components", "pp")
    assert rc == 2 and "--components" in err
    rc, _, err = run(capsys, "rate", "--target", "Ge", "--T-keV", "1", "--method", "FEA", "--coupling", "1e-12", "--components", "")
    assert rc == 2 and "--components" in err
    rc, _, err = run(capsys, "rate", "--target", "Ge", "--T-keV", "1", "--method", "FEA", "--coupling", "1e-12", "--components", "pp,,7Be")
    assert rc == 2 and "--components" in err


def test_flux_file_does_not_silently_replace_other_flux_options(capsys, tmp_path):
    f = tmp_path / "flux.csv"
    f.write_text("300, 1e6\n1000, 1e5\n3000, 1e3\n")
    base = ("rate", "--target", "Ge", "--T-keV", "1", "--method", "FEA", "--coupling", "1e-12", "--flux-file", str(f))
    rc, _, err = run(capsys, *base, "--flux", "dark-cosmic-rays", "--mass-keV", "1")
    assert rc == 2 and "--flux-file" in err and "--flux" in err
    rc, _, err = run(capsys, *base, "--mass-keV", "1")  # a neutrino file: the mass would be ignored
    assert rc == 2 and "--mass-keV" in err
    rc, _, err = run(capsys, *base, "--alpha", "3")
    assert rc == 2 and "--alpha" in err
    rc, out, _ = run(capsys, *base, "--projectile", "chi", "--mass-keV", "1", "--format", "json")
    assert rc == 0 and json.loads(out)


@pytest.mark.parametrize("extra", [("--cl", "0.95"), ("--statistic", "asimov")])
def test_sensitivity_statistics_options_need_an_exposure(capsys, extra):
    rc, out, err = run(capsys, "sensitivity", "--detector", "HPGe", "--method", "FEA", "--components", "pp", *extra)
    assert rc == 2 and out == "" and extra[0] in err and "--exposure-kg-day" in err


def test_output_paths_are_checked_before_computing(capsys, tmp_path):
    missing = tmp_path / "no" / "such" / "out.csv"
    rc, out, err = run(capsys, *CS, "--output", str(missing))
    assert rc == 2 and "--output" in err and "Traceback" not in err
    rc, out, err = run(capsys, *CS, "--output", str(tmp_path))  # a folder
    assert rc == 2 and "--output" in err
    rc, out, err = run(capsys, *CS, "--plot", str(missing.with_suffix(".png")))
    assert rc == 2 and "--plot" in err


def test_grid_sizes_are_capped(capsys):
    rc, _, err = run(capsys, "cross-section", "--target", "Ge", "--E-keV", "1e3", "--T-keV", "0.1:10:100000000",
                     "--method", "FEA")
    assert rc == 2 and "--T-keV" in err and "at most" in err
    rc, _, err = run(capsys, "mass-scan", "--detector", "HPGe", "--masses-keV", "0.01:100:1000000", "--method", "FEA")
    assert rc == 2 and "--masses-keV" in err and "at most" in err
