#!/usr/bin/env python3
"""Run the whole test suite in ONE pytest invocation (so CI reads one closing line).

Run with the project's interpreter (``make test`` does this)::

    .venv/bin/python tools/run_tests.py            # everything
    .venv/bin/python tools/run_tests.py -x -k toc  # extra arguments go to pytest

What runs:

* the unit tests in ``tests/`` (plain pytest files, collected as usual);
* nbval over every chapter ``book/*.ipynb``: each chapter is re-executed top to bottom in the current
  environment and every stored text output is compared with the fresh one, after masking only
  volatile text (memory addresses, timings) listed in ``book/sanitize.cfg``;
* ``tests/test_book_html.py``: a strict build of the whole book from an empty output folder
  (``jupyter-book build . --all -W -n --keep-going``), then checks on the built HTML (no remote
  scripts or stylesheets, MathJax served locally, math present on the kinematics page).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PYTEST_ARGS = [
    "tests", "book",
    "--nbval", "--nbval-current-env",
    "--nbval-sanitize-with", "book/sanitize.cfg",
    "-p", "no:cacheprovider",
    # never collect build output or editor checkpoints
    "--ignore-glob=*/_build/*", "--ignore-glob=*/.ipynb_checkpoints/*",
    "--ignore-glob=*/jupyter_execute/*",
]


def main(argv: list[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    cmd = [sys.executable, "-m", "pytest", *PYTEST_ARGS, *extra]
    print("[test] " + " ".join(["pytest", *PYTEST_ARGS, *extra]), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
