#!/usr/bin/env python3
"""Execute chapters top to bottom in place, as they are committed (outputs and execution counts).

Run with the project's interpreter::

    .venv/bin/python tools/execute_chapters.py book/kinematics.ipynb [book/other.ipynb ...]
    .venv/bin/python tools/execute_chapters.py --all

Each notebook runs in its own ``python3`` kernel with the notebook's folder as working directory
(as nbval and the book build run it) and is written back only if every cell succeeded. Prints
the time of each chapter and its three slowest cells.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cell_seconds(cell) -> float:
    ex = cell.get("metadata", {}).get("execution", {})
    try:
        a = datetime.fromisoformat(ex["iopub.execute_input"].rstrip("Z"))
        b = datetime.fromisoformat(ex["shell.execute_reply"].rstrip("Z"))
    except (KeyError, ValueError):
        return 0.0
    return (b - a).total_seconds()


# The same single-threaded BLAS/OpenMP as `make test` (tools/run_tests.py), so that the committed
# outputs are computed with the same summation order as nbval's fresh run.
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def execute(path: Path, timeout: int = 600) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    t0 = time.monotonic()
    for k, v in THREAD_ENV.items():  # inherited by the kernel started below
        os.environ.setdefault(k, v)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    dt = time.monotonic() - t0
    slow = sorted(((_cell_seconds(c), i) for i, c in enumerate(nb.cells) if c.cell_type == "code"), reverse=True)[:3]
    nbformat.write(nb, path)
    print(f"[execute] {path.relative_to(ROOT)}: {dt:.1f} s; slowest cells "
          + ", ".join(f"#{i} {s:.1f} s" for s, i in slow), flush=True)
    return dt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every chapter book/*.ipynb")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "book").glob("*.ipynb")) if args.all else [p.resolve() for p in args.notebooks]
    if not paths:
        parser.error("give notebooks or --all")
    total = sum(execute(p) for p in paths)
    print(f"[execute] {len(paths)} chapter(s) in {total:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
