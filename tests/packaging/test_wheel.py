"""The wheel ships the package data: build it, look inside, and load the data from an unpacked copy.

Built with ``pip wheel --no-deps --no-build-isolation`` (no network, the installed setuptools) into a
temporary directory; then the Dirac–Fock tables are read by a fresh interpreter that imports
``mcpria_lite`` from the unpacked wheel, not from this source tree.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = sorted(p.relative_to(ROOT / "src" / "mcpria_lite" / "data").as_posix()
              for p in (ROOT / "src" / "mcpria_lite" / "data").rglob("*") if p.suffix in (".json", ".npz", ".csv"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                        str(out), str(ROOT)], capture_output=True, text=True, timeout=300,
                       env={"PIP_NO_INDEX": "1", "TMPDIR": str(build), "PATH": "/usr/bin:/bin", "HOME": str(build)})
    assert r.returncode == 0, r.stderr[-2000:]
    (whl,) = out.glob("mcpria_lite-*.whl")
    return whl


def test_wheel_contains_the_data_and_the_license(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert DATA, "no data files in the source tree"
    for f in DATA:
        assert f"mcpria_lite/data/{f}" in names, f
    assert any(n.endswith("licenses/LICENSE") or n.endswith("/LICENSE") for n in names)
    assert "mcpria_lite/sources/oscillations.py" in names and "mcpria_lite/__main__.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "mcpria-lite = mcpria_lite.cli.main:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_data_load_from_the_unpacked_wheel(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import mcpria_lite as ml; "
        "assert ml.__file__.startswith(sys.argv[1]), ml.__file__; "
        "t = ml.target('Ge', profiles='dirac-fock'); "
        "print(t.Z, len(t.shells), float(t.compton_profile(0.0)))"
    )
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    Z, n_shells, J0 = r.stdout.split()
    # the Ge total profile at p_z = 0 is 7.03 a.u.⁻¹ (Biggs et al. 1975); Dirac–Fock agrees within 2 %
    assert int(Z) == 32 and int(n_shells) >= 7 and abs(float(J0) - 7.03) / 7.03 < 0.02


def test_wheel_declares_both_licences_and_ships_the_gpl_data_with_theirs(wheel):
    z = zipfile.ZipFile(wheel)
    names = z.namelist()
    meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT AND GPL-3.0-or-later" in meta
    lic = [n for n in names if "/licenses/" in n]
    assert any(n.endswith("licenses/LICENSE") for n in lic)
    assert any(n.endswith("releases_gpl3/LICENSE") for n in lic)
    for folder in ("lz_ws2022", "lz_ws2024", "pandax4t_run1"):
        for f in ("LICENSE", "PROVENANCE.md", f"{folder}.json"):
            assert f"mcpria_lite/data/releases_gpl3/{folder}/{f}" in names, (folder, f)
        assert any(n.startswith(f"mcpria_lite/data/releases_gpl3/{folder}/source/") for n in names)
