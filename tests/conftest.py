"""Shared test fixtures and the bad-input summary line.

``book_build`` (session scope)
    Builds the whole book ONCE per pytest session, strictly and from nothing:
    ``jupyter-book build <repo> --all -W -n --keep-going --path-output <tmp> --config <tmp>/_config.yml``
    where the config is the project's ``_config.yml`` with ``execute_notebooks: "off"``: the pages are
    built from the committed chapters, which the same ``make test`` run executes once under nbval.

    Why this keeps the strict build's guarantees with each chapter executed once: nbval re-runs
    every chapter top to bottom in the current environment and fails on an error in any cell and on
    any text output that differs from the committed one, a new stderr stream (a warning) included;
    ``test_book_html.test_notebook_outputs_are_clean`` fails if a committed chapter holds an error,
    a stderr stream or cells not executed in order. So when both pass, the committed outputs are
    what the current package prints, and the build needs not execute them again; the build itself
    still fails on every Sphinx warning (references, citations, glue keys, figures). Only image
    bytes are not compared (by design); ``test_book_html`` checks that every figure is stored as a
    PNG. ``make book`` keeps ``execute_notebooks: force``.
    The result carries the exit code, the Sphinx problem lines and the ``html`` folder; tests that
    only need pages (the browser test) use the html even when the strict build reported warnings.
    Set ``MCPRIA_BOOK_HTML=<folder>/_build/html`` to reuse an existing build instead (development
    only: nothing checks that it is up to date).

The test process keeps the memory it frees (glibc's ``mallopt``, :func:`_keep_freed_memory`): without it
every NumPy array above 128 kB is a fresh ``mmap`` whose pages fault in one by one and are unmapped when
it is freed (measured on tests/targets, tests/inference and tests/rates: 1.25 million page faults and 15 s
of system time without, 0.54 million and 9 s with).

``bad_input_tally`` (session scope)
    Outcome of every case of ``tests/test_bad_input_matrix.py``; printed at the end of the run as
    ``bad-input matrix: N cases, R raised ValueError naming the argument, Z documented zeros ...``.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")


def _keep_freed_memory() -> None:
    """glibc only: serve arrays up to 32 MB from the heap (not one ``mmap`` each) and never trim it,
    so freed pages are reused instead of unmapped and faulted in again. Changes no result."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc
        return
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    mallopt(M_MMAP_THRESHOLD, 32 << 20)  # glibc's largest mmap threshold on 64-bit systems
    mallopt(M_TRIM_THRESHOLD, 1 << 30)


_keep_freed_memory()


class BookBuild:
    """Outcome of the book build: exit code, Sphinx problem lines, log tail and the html folder."""

    def __init__(self, returncode: int, problems: list[str], log_tail: str, html: Path) -> None:
        self.returncode, self.problems, self.log_tail, self.html = returncode, problems, log_tail, html

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.problems and (self.html / "index.html").is_file()


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """The whole book, built once per session (strict flags; see the module docstring)."""
    reuse = os.environ.get("MCPRIA_BOOK_HTML")
    if reuse:
        html = Path(reuse)
        return BookBuild(0 if (html / "index.html").is_file() else 1, [], f"reused {html}", html)
    if importlib.util.find_spec("jupyter_book") is None:
        pytest.fail(f"jupyter-book is not installed for {sys.executable}: run `make test`")
    out = tmp_path_factory.mktemp("book")
    config = _config_without_execution(out / "_config.yml")
    # tools/run_jupyter_book.py: the jupyter-book CLI with fewer garbage collections and no teardown
    cmd = [sys.executable, str(ROOT / "tools" / "run_jupyter_book.py"), "build", str(ROOT), "--all", "-W", "-n", "--keep-going", "--path-output", str(out),
           "--config", str(config)]
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    log = res.stdout + "\n" + res.stderr
    problems = [line for line in log.splitlines() if SPHINX_PROBLEM.search(line)]
    tail = "\n".join(log.splitlines()[-60:])
    return BookBuild(res.returncode, problems, tail, out / "_build" / "html")


def _config_without_execution(path: Path) -> Path:
    """The project's _config.yml with ``execute_notebooks: "off"``, written to ``path``
    (``write_config`` of tools/build_book.py, the one place that rewrites the config)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_mcpria_build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_config(path, "off")


_TALLY_KEY = pytest.StashKey[Counter]()


@pytest.fixture(scope="session")
def bad_input_tally(request: pytest.FixtureRequest) -> Counter:
    """Counter of bad-input outcomes: 'raised', 'zero', 'finite', 'bug' (filled by test_bad_input_matrix)."""
    return request.config.stash.setdefault(_TALLY_KEY, Counter())


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    tally = config.stash.get(_TALLY_KEY, None)
    if not tally:
        return
    n = sum(tally.values())
    terminalreporter.write_sep("-", "bad-input matrix")
    terminalreporter.write_line(
        f"bad-input matrix: {n} cases, {tally['raised']} raised ValueError naming the argument and "
        f"its allowed range, {tally['zero']} returned the documented zero (or inf), "
        f"{tally['finite']} extreme inputs gave a finite value, {tally['bug']} misbehaved (xfail BUG, see the report)"
    )
