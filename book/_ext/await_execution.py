"""Sphinx extension: read each chapter once its executed copy is in the cache (``make book``).

``tools/build_book.py`` executes the chapters in a pool of kernels and starts Sphinx at the same time,
with ``execute_notebooks: cache`` and the environment variable ``MCPRIA_BOOK_EXECUTION_DONE`` naming a
file it creates once every chapter has executed. Sphinx meanwhile reads the API pages and every chapter
already executed; for a chapter still running, this extension makes MyST-NB wait until the cache holds
it (polling every 0.1 s) instead of executing it a second time. Without the variable (JupyterLab, the
test build, ``--serial``) it does nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ENV = "MCPRIA_BOOK_EXECUTION_DONE"


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
    return {"parallel_read_safe": True, "parallel_write_safe": True}
