#!/usr/bin/env python3
"""Create and maintain the project's virtual environment (standard library only).

Usage (from anywhere; paths are resolved relative to the repository root)::

    python3 tools/env.py ensure                       # extras book,test (default)
    python3 tools/env.py ensure --extras book,test,dev
    python3 tools/env.py ensure --force               # re-install even if up to date
    python3 tools/env.py status

``ensure`` creates ``.venv`` if it is missing (or broken), upgrades pip once, and runs
``pip install -e .[EXTRAS]``. It records a stamp in ``.venv/mcpria-lite-stamp.json`` holding the
SHA-256 of ``pyproject.toml`` and the extras installed; the next call re-installs only when
``pyproject.toml`` changed or new extras are requested, so it costs a fraction of a second when
nothing changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
STAMP = VENV / "mcpria-lite-stamp.json"
DEFAULT_EXTRAS = ("book", "test")
MIN_PYTHON = (3, 11)
# -qq: only pip's errors (a failed install still fails loudly, with its exit code); hides the
# per-package notices of a machine's pip configuration and the build back-end's chatter.
PIP_QUIET = ("-qq", "--disable-pip-version-check")


def _say(msg: str) -> None:
    print(f"[env] {msg}", flush=True)


def venv_python() -> Path:
    """Path of the interpreter inside .venv (POSIX or Windows layout)."""
    posix = VENV / "bin" / "python"
    return posix if os.name != "nt" else VENV / "Scripts" / "python.exe"


def _pyproject_hash() -> str:
    return hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()


def _read_stamp() -> dict:
    try:
        return json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return {}


def _write_stamp(extras: set[str]) -> None:
    STAMP.write_text(json.dumps({"pyproject_sha256": _pyproject_hash(),
                                 "extras": sorted(extras)}, indent=2) + "\n")


def _venv_works() -> bool:
    py = venv_python()
    if not py.exists():
        return False
    try:
        out = subprocess.run([str(py), "-c", "import sys; print(sys.version_info[:2] >= (3, 11))"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == "True"


def _quiet_kernels() -> None:
    """Keep IPython kernels started from .venv from logging warnings on their stderr.

    ipykernel >= 7 logs "Kernel is running over TCP without encryption" at start-up. A kernel
    started by nbval writes that straight to the terminal, where it can land on pytest's closing
    line. This file (read by every kernel run with .venv's Python) only raises the kernel's own
    log level; cell outputs, including stderr and warnings raised by code, are not affected.
    """
    cfg = VENV / "etc" / "ipython" / "ipython_kernel_config.json"
    content = json.dumps({"IPKernelApp": {"log_level": "ERROR"}}, indent=2) + "\n"
    if not cfg.exists() or cfg.read_text() != content:
        cfg.parent.mkdir(parents=True, exist_ok=True)
        cfg.write_text(content)


def _run(cmd: list[str]) -> None:
    """Run a command from the repository root; exit with its code if it fails."""
    res = subprocess.run(cmd, cwd=ROOT)
    if res.returncode != 0:
        _say(f"command failed (exit {res.returncode}): {' '.join(cmd)}")
        sys.exit(res.returncode)


_EXTRAS_TEXT = {
    "book": "the book (jupyter-book 1.x, myst-nb, matplotlib, ipykernel, nbconvert)",
    "test": "the tests (pytest, nbval, hypothesis)",
    "dev": "JupyterLab and ruff",
    "plot": "matplotlib",
    "dirac-fock": "pyscf",
}


def _what(extras: set[str]) -> str:
    parts = ["the package and its dependencies (numpy, scipy, sympy, xraylib, xraydb, periodictable, tqdm, "
             "threadpoolctl)"]
    parts += [_EXTRAS_TEXT.get(e, e) for e in sorted(extras)]
    return ", ".join(parts)


def _pip_is_recent(py: str) -> bool:
    out = subprocess.run([py, "-m", "pip", "--version"], capture_output=True, text=True)
    try:
        major, minor = (int(x) for x in out.stdout.split()[1].split(".")[:2])
    except (IndexError, ValueError):
        return False
    return (major, minor) >= (21, 3)


def _parse_extras(text: str | None) -> set[str]:
    if not text:
        return set(DEFAULT_EXTRAS)
    return {e.strip() for e in text.split(",") if e.strip()}


def ensure(extras: set[str], force: bool = False) -> Path:
    """Make sure .venv exists and holds ``-e .[extras]`` for the current pyproject.toml."""
    if sys.version_info[:2] < MIN_PYTHON:
        _say(f"Python >= {MIN_PYTHON[0]}.{MIN_PYTHON[1]} is needed to create .venv "
             f"(this is {sys.version.split()[0]}); run with e.g. `make PYTHON=python3.11 ...`")
        sys.exit(2)
    t0 = time.monotonic()
    created = False
    if not _venv_works():
        if VENV.exists():
            _say(f"{VENV.name} exists but has no working Python >= 3.11: re-creating it")
        else:
            _say(f"creating {VENV.name} with {sys.executable} ({sys.version.split()[0]})")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
        created = True

    _quiet_kernels()
    py = str(venv_python())
    stamp = _read_stamp()
    up_to_date = (not force and not created
                  and stamp.get("pyproject_sha256") == _pyproject_hash()
                  and extras <= set(stamp.get("extras", [])))
    if up_to_date:
        _say(f"{VENV.name} up to date (extras: {','.join(sorted(stamp['extras']))})")
        return venv_python()

    if created and not _pip_is_recent(py):  # Python 3.11's own pip (23.x) installs -e .[extras]: no upgrade
        _say("upgrading pip (older than 21.3, which cannot install this project in editable mode)")
        _run([py, "-m", "pip", "install", *PIP_QUIET, "--upgrade", "pip"])
    # keep previously installed extras so that `ensure` after `ensure --extras dev` stays quiet
    all_extras = extras | set(stamp.get("extras", [])) if not created else extras
    spec = f".[{','.join(sorted(all_extras))}]" if all_extras else "."
    _say(f"installing -e {spec} (pyproject.toml changed or first install): {_what(all_extras)}; "
         "about 120 packages, 0.75 GB, 1–3 minutes from PyPI (less from pip's cache)")
    _run([py, "-m", "pip", "install", *PIP_QUIET, "-e", spec])
    _write_stamp(all_extras)
    _say(f"{VENV.name} ready in {time.monotonic() - t0:.0f} s")
    return venv_python()


def status() -> int:
    stamp = _read_stamp()
    if not _venv_works():
        _say(f"{VENV.name}: missing or broken")
        return 1
    fresh = stamp.get("pyproject_sha256") == _pyproject_hash()
    _say(f"{VENV.name}: {venv_python()}; extras {stamp.get('extras', [])}; "
         f"{'up to date' if fresh else 'needs re-install (pyproject.toml changed)'}")
    return 0 if fresh else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_ensure = sub.add_parser("ensure", help="create/update .venv and install the project")
    p_ensure.add_argument("--extras", default=None,
                          help="comma-separated extras of pyproject.toml (default: book,test)")
    p_ensure.add_argument("--force", action="store_true", help="re-install even if up to date")
    sub.add_parser("status", help="report whether .venv is up to date")
    args = parser.parse_args(argv)
    if args.command == "ensure":
        ensure(_parse_extras(args.extras), force=args.force)
        return 0
    return status()


if __name__ == "__main__":
    sys.exit(main())
