#!/usr/bin/env python3
"""Execute every chapter and build the HTML book (Jupyter Book 1.x).

Run with the project's interpreter (``make book`` does this)::

    .venv/bin/python tools/build_book.py                  # -> _build/html/index.html
    .venv/bin/python tools/build_book.py --strict         # clean output, -W -n --keep-going
    .venv/bin/python tools/build_book.py --path-output /tmp/book

Every chapter is executed on every build (``execute_notebooks: force`` in ``_config.yml``), so the
numbers shown always come from the current package. ``--strict`` turns every Sphinx warning (a
failing cell, a broken reference or citation, a missing file) into a failure, building from an
empty output folder so that nothing is skipped as up to date.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def jupyter_book_command() -> list[str]:
    """The ``jupyter-book`` executable of the interpreter running this script."""
    exe = Path(sys.executable).parent / "jupyter-book"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    sys.exit("[book] jupyter-book not found: run `python3 tools/env.py ensure` and use "
             ".venv/bin/python (or `make book`)")


def build(strict: bool = False, path_output: Path | None = None) -> int:
    out_root = (path_output or ROOT).resolve()
    build_dir = out_root / "_build"
    if strict:
        # a full rebuild from nothing: -W only catches everything when no page is "up to date"
        for sub in ("html", "doctrees", ".doctrees", "jupyter_execute"):
            shutil.rmtree(build_dir / sub, ignore_errors=True)
    cmd = jupyter_book_command() + ["build", str(ROOT), "--all"]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    if path_output is not None:
        cmd += ["--path-output", str(out_root)]
    print(f"[book] building{' (strict)' if strict else ''}: executing every chapter ...", flush=True)
    t0 = time.monotonic()
    res = subprocess.run(cmd, cwd=ROOT)
    dt = time.monotonic() - t0
    index = build_dir / "html" / "index.html"
    if res.returncode != 0:
        print(f"[book] FAILED after {dt:.0f} s (exit {res.returncode}); see the log above",
              flush=True)
        return res.returncode
    if not index.exists():
        print(f"[book] build reported success but {index} is missing", flush=True)
        return 1
    print(f"[book] done in {dt:.0f} s. Open in a browser: {index}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true",
                        help="clean output dir, then -W -n --keep-going (warnings are errors)")
    parser.add_argument("--path-output", type=Path, default=None, metavar="DIR",
                        help="write the build to DIR/_build instead of ./_build")
    args = parser.parse_args(argv)
    return build(strict=args.strict, path_output=args.path_output)


if __name__ == "__main__":
    sys.exit(main())
