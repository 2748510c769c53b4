#!/usr/bin/env python3
"""Run the whole test suite: unit tests + strict book build, and nbval over every chapter.

Run with the project's interpreter (``make test`` does this)::

    .venv/bin/python tools/run_tests.py            # everything (two pytest runs side by side)
    .venv/bin/python tools/run_tests.py --serial   # one pytest run, in one process
    .venv/bin/python tools/run_tests.py -x -k toc  # extra arguments go to pytest (unit part)

What runs, each chapter executed exactly once:

* the unit tests in ``tests/``, among them ``tests/book/test_book_html.py``: a strict build of the whole
  book from an empty output folder (``jupyter-book build . --all -W -n --keep-going``) with notebook
  execution off, from the committed chapters, then checks on the built HTML (no remote resources,
  MathJax served locally, every figure once and captioned), and ``tests/packaging/test_types.py``:
  the type check, mypy over the package (``[tool.mypy]`` in pyproject.toml; a type error fails it);
* nbval over every chapter ``book/*.ipynb``: each chapter is re-executed top to bottom in the current
  environment and every stored text output is compared with the fresh one, after masking only
  volatile text (memory addresses, timings) listed in ``book/sanitize.cfg``. An error in a cell, a
  changed number or a new stderr stream (a warning) fails it.

Together they are the guarantee of a build that executes every chapter (see tests/conftest.py):
the chapters' committed outputs are what the current package prints, and the pages built from
them have no Sphinx warning. The two parts are independent, so by default they run as two pytest
processes side by side (the machine's two cores); the exit status is non-zero if either fails, and
the closing line names both results. (A few slow unit-test files, ``BALANCE``, run in the
nbval process to even out the two.)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMON = ["-p", "no:cacheprovider",
          # never collect build output or editor checkpoints
          "--ignore-glob=*/_build/*", "--ignore-glob=*/.ipynb_checkpoints/*",
          "--ignore-glob=*/jupyter_execute/*"]
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "book/sanitize.cfg"]
# Unit-test files that run in the nbval process, so that the two processes take about as long
# (measured: unit tests + build ~1.6x the chapters otherwise). Not the SymPy derivation tests:
# they share cached derivations with the other unit tests.
BALANCE = ("tests/rates/test_rates_fast.py", "tests/rates/test_rates_sensitivity.py")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # two processes on two cores: no BLAS/OpenMP oversubscription
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("MKL_NUM_THREADS", "1")
    return env


def _summary(log: str) -> str:
    lines = [ln.strip("= ").strip() for ln in log.splitlines() if ln.strip()]
    finals = [ln for ln in lines if (" passed" in ln or " failed" in ln or " error" in ln) and " in " in ln]
    return finals[-1] if finals else (lines[-1] if lines else "no output")


def _counts(summary: str) -> dict[str, int]:
    """{"passed": n, "failed": n, "skipped": n, ...} from a pytest closing line."""
    import re

    out: dict[str, int] = {}
    for n, word in re.findall(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)", summary):
        key = "error" if word.startswith("error") else word
        out[key] = out.get(key, 0) + int(n)
    return out


def serial(extra: list[str]) -> int:
    cmd = [sys.executable, "-m", "pytest", "tests", "book", *NBVAL, *COMMON, *extra]
    print("[test] " + " ".join(cmd[2:]), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=_env()).returncode


def parallel(extra: list[str]) -> int:
    moved = [f for f in BALANCE if (ROOT / f).is_file()]
    runs = {
        "unit tests + strict book build": [sys.executable, "-m", "pytest", "tests", *COMMON,
                                           *(f"--ignore={f}" for f in moved), *extra],
        "chapters under nbval": [sys.executable, "-m", "pytest", "book", *moved, *NBVAL, *COMMON],
    }
    logs = {name: ROOT / "_build" / f"test-{i}.log" for i, name in enumerate(runs)}
    (ROOT / "_build").mkdir(exist_ok=True)
    t0 = time.monotonic()
    procs = {}
    for name, cmd in runs.items():
        print(f"[test] {name}: pytest " + " ".join(cmd[3:]), flush=True)
        procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=logs[name].open("w"),
                                       stderr=subprocess.STDOUT)
    codes = {name: p.wait() for name, p in procs.items()}
    dt = time.monotonic() - t0
    results = []
    for name in runs:
        text = logs[name].read_text(encoding="utf-8", errors="replace")
        print(f"\n{'=' * 30} {name} (exit {codes[name]}) {'=' * 30}\n{text}", flush=True)
        results.append(f"{name}: {_summary(text)}")
    status = "FAILED" if any(codes.values()) else "ok"
    print(f"[test] {status} in {dt:.0f} s -- " + "; ".join(results), flush=True)
    # one closing line for both processes, in the plain 'N passed, N failed, N skipped' form
    total: dict[str, int] = {}
    for r in results:
        for k, v in _counts(r).items():
            total[k] = total.get(k, 0) + v
    failed = total.get("failed", 0) + total.get("error", 0) + sum(1 for c in codes.values() if c and c != 1)
    print(f"total: {total.get('passed', 0)} passed, {failed} failed, {total.get('skipped', 0)} skipped",
          flush=True)
    return max(codes.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serial", action="store_true", help="one pytest process for everything")
    args, extra = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return serial(extra) if args.serial else parallel(extra)


if __name__ == "__main__":
    sys.exit(main())
