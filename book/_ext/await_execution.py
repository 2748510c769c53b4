"""Sphinx extension: read each chapter once its executed copy is in the cache (``make book``).

``tools/build_book.py`` executes the chapters in a pool of kernels and starts Sphinx at the same time,
with ``execute_notebooks: cache`` and the environment variable ``MCPRIA_BOOK_EXECUTION_DONE`` naming a
file it creates once every chapter has executed. It also passes ``MCPRIA_BOOK_EXECUTION_ORDER``, the chapters'
paths in the order the kernels take them up. This extension then has Sphinx read the pages that are not
notebooks first (the API pages: their autodoc runs while the first chapters execute), then the chapters
in that order (not alphabetically), so that when the last chapter has executed little is left to read;
for a chapter still running it makes MyST-NB wait until the cache holds it (polling every 0.1 s)
instead of executing it a second time. Without the variables (JupyterLab, the test build, ``--serial``)
it does nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ENV = "MCPRIA_BOOK_EXECUTION_DONE"
ORDER_ENV = "MCPRIA_BOOK_EXECUTION_ORDER"


def _read_in_execution_order(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: the pages that are not executed first, then the chapters as they execute."""
    order = {os.path.realpath(p): k for k, p in enumerate(os.environ[ORDER_ENV].split(os.pathsep))}

    def key(docname: str) -> tuple[int, int]:
        k = order.get(os.path.realpath(str(env.doc2path(docname))))
        return (0, 0) if k is None else (1, k)

    docnames.sort(key=key)  # in place (stable: the other pages keep their alphabetical order)


def _await_cached_copy(done_marker: Path) -> None:
    from jupyter_cache import get_cache
    from myst_nb.core.execute.cache import NotebookClientCache

    if getattr(NotebookClientCache, "_mcpria_awaits", False):
        return
    start_client = NotebookClientCache.start_client
    parent = os.getppid()

    def start_client_when_executed(self):
        cache = get_cache(self.nb_config.execution_cache_path or ".jupyter_cache")
        while not done_marker.exists() and os.getppid() == parent:  # stop waiting if the build script died
            try:
                cache.match_cache_notebook(self.notebook)
                break
            except KeyError:
                time.sleep(0.1)
        return start_client(self)

    NotebookClientCache.start_client = start_client_when_executed
    NotebookClientCache._mcpria_awaits = True


def setup(app):
    marker = os.environ.get(ENV)
    if marker:
        _await_cached_copy(Path(marker))
    if os.environ.get(ORDER_ENV):
        app.connect("env-before-read-docs", _read_in_execution_order)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
