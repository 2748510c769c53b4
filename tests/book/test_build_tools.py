"""``make book``'s execution machinery (tools/build_book.py, tools/kernel_zygote.py).

A kernel forked from the warm interpreter must behave as a fresh kernel: its figures appear as inline
PNG outputs (so the zygote must not import pyplot or the inline backend, which hook into a kernel's
shell when first imported), its first cell has execution count 1, it runs in the chapter's folder, and
it is gone once its chapter is done.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_zygote_imports_nothing_that_hooks_into_a_shell():
    zygote = _load("kernel_zygote")
    for name in zygote.WARM_MODULES:
        assert importlib.util.find_spec(name) is not None, name
        assert not name.startswith(("matplotlib.pyplot", "matplotlib_inline", "matplotlib.backends")), name


def test_longest_chapters_first():
    bb = _load("build_book")
    chapters = bb.toc_notebooks()
    assert chapters and all(bb.expected_seconds(p) > 0 for p in chapters)
    assert max(chapters, key=bb.expected_seconds).stem in {"ab_initio", "cross_sections", "light_dark_matter"}


def test_a_forked_kernel_is_a_fresh_kernel(monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    import shutil
    import tempfile

    bb = _load("build_book")
    sockets = tempfile.mkdtemp(prefix="mcpria-test-")  # short: a socket path has at most 107 bytes
    sys.path.insert(0, str(TOOLS))  # build_book imports run_jupyter_book from its own folder
    try:
        monkeypatch.setenv(bb.SOCKETS_ENV, sockets)
        bb._start_zygote()
        assert bb._ZYGOTE is not None, "the zygote did not start"
        worker = bb._ipc_worker()
        pids = []
        for _ in range(2):  # a second kernel from the same zygote as well
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell("import os, sys\nprint(os.getpid(), 'numpy' in sys.modules, os.getcwd())"),
                        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()")]
            NotebookClient(nb, kernel_manager_class=worker.kernel_manager_class, kernel_name="python3", timeout=60,
                           shutdown_kernel="immediate", resources={"metadata": {"path": str(ROOT / "book")}}).execute()
            pid, warm, cwd = nb.cells[0].outputs[0]["text"].split()
            assert warm == "True" and cwd == str(ROOT / "book")
            assert nb.cells[0].execution_count == 1
            assert any("image/png" in o.get("data", {}) for o in nb.cells[1].outputs), nb.cells[1].outputs
            pids.append(int(pid))
        assert len(set(pids)) == 2
        time.sleep(0.5)
        for pid in pids:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
    finally:
        bb._stop_zygote()
        sys.path.remove(str(TOOLS))
        shutil.rmtree(sockets, ignore_errors=True)
