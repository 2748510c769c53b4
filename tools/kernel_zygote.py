#!/usr/bin/env python3
"""A warm interpreter that starts the book's Jupyter kernels by forking itself (``make book`` only).

Each chapter runs in a fresh kernel, and a fresh Python process spends ~1 s importing NumPy, SciPy,
SymPy, Matplotlib and the package before the chapter's first line does any work: ~15 s of CPU for
fourteen chapters. This process imports them once, then reads requests on stdin, one JSON object per
line ``{"argv": [...], "env": {...}, "cwd": "..."}``, and for each forks a child that becomes
``python -m ipykernel_launcher <argv>`` with that environment and working directory, and answers with
the child's pid. The child is a kernel like any other whose interpreter has already imported those
modules (as if a first cell had); it has its own process group, its standard output goes to this
process's standard error, and it exits when this process dies (ipykernel watches its parent).

Only modules without start-up side effects are imported here: not ``matplotlib.pyplot`` nor the inline
backend, which hook into the kernel's shell when first imported (the chapter's own first
``import matplotlib.pyplot`` does that, as in any kernel); ``matplotlib`` itself is imported with the
inline backend selected, as ipykernel selects it. Used by ``tools/build_book.py``, which falls back to
ordinary kernels when this process cannot start.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys

WARM_MODULES = (
    "numpy", "scipy.special", "scipy.optimize", "scipy.interpolate", "sympy", "matplotlib",
    "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "myst_nb",
    "mcpria_lite", "mcpria_lite.targets", "mcpria_lite.methods", "mcpria_lite.rates", "mcpria_lite.detection",
    "mcpria_lite.inference", "mcpria_lite.plotting", "mcpria_lite.derivation",
)


def _become_kernel(request: dict) -> None:
    """In the forked child: run the kernel of ``request``, then exit (never returns)."""
    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setpgrp()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(2, 1)  # never write into the request pipe
        # ipykernel exits when its parent (this zygote) is gone; it reads the parent from JPY_PARENT_PID
        # at import, which happened here before the request's environment existed, so pass it explicitly
        sys.argv = ["ipykernel_launcher", *request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        status = 0
    finally:
        os._exit(status)


def main() -> None:
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # as ipykernel sets it
    for name in WARM_MODULES:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernels are reaped as they end
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request)
        out.write(f"{pid}\n")
        out.flush()


if __name__ == "__main__":
    main()
