"""The type check: mypy over the package (``[tool.mypy]`` in pyproject.toml), part of ``make test``.

mypy reads the annotations of the public API -- the protocols of a method, a target, a source and a
data set (:mod:`mcpria_lite.methods.base`, :mod:`mcpria_lite.targets.protocol`,
:mod:`mcpria_lite.sources.flux`, :mod:`mcpria_lite.detection.releases`) and the functions annotated
with them -- and checks every module against them, and ``protocol_conformance.py`` beside this file
checks that the package's own classes follow the protocols. Its cache lives in the system's temporary
folder (one per checkout): a first run takes ~8 s of CPU, a run with nothing changed well under 1 s.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import mcpria_lite as ml
from mcpria_lite.detection.releases import DataSet, xenonnt_sr0
from mcpria_lite.methods import METHODS
from mcpria_lite.methods.base import Method, MinimalMethod
from mcpria_lite.sources.flux import Source
from mcpria_lite.targets.atoms import NarrowProfileTarget
from mcpria_lite.targets.protocol import AtomicTarget, Material

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_finds_no_error():
    cache = Path(tempfile.gettempdir()) / f"mcpria-lite-mypy-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-color-output"],
                         cwd=ROOT, capture_output=True, text=True)
    assert "No module named mypy" not in run.stderr, "mypy is missing: install the test extra (make env)"
    assert run.returncode == 0, f"mypy found type errors:\n{run.stdout}{run.stderr}"
    assert "Success" in run.stdout


def test_the_objects_follow_the_protocols_at_run_time():
    # the structural checks the package makes with isinstance (register, get, the rates' flux check)
    assert all(isinstance(m, Method) and isinstance(m, MinimalMethod) for m in METHODS.values())
    assert isinstance(ml.target("Ge"), Material) and isinstance(ml.target("NaI"), Material)
    assert isinstance(NarrowProfileTarget(), AtomicTarget) and not isinstance(NarrowProfileTarget(), Material)
    assert isinstance(ml.solar_neutrinos(), Source) and isinstance(ml.dark_cosmic_rays(10.0), Source)
    assert isinstance(xenonnt_sr0(), DataSet)
    assert not isinstance(object(), Source) and not isinstance("Ge", AtomicTarget)
