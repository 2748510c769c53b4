"""The BLAS threads of the package's small matrix products, chosen deliberately: one.

The impulse approximation's products (open shells × profiles, (n_T, ≤ 17) @ (≤ 17, n_p)) have an
inner dimension no larger than the number of subshells: memory-bound, they gain nothing from BLAS
threads, and on a machine whose cores are busy the threads wait for each other — measured on this
project's 2-core machine under load, (1000 × 17) @ (17 × 336) took 0.28 ms on one thread and 6–21 ms
on two. :func:`single_blas_thread` runs a function with numpy's BLAS limited to one thread
(threadpoolctl, ~20 µs per call) and restores the caller's setting afterwards; nothing else in the
process is changed.

``MCPRIA_BLAS_THREADS=n`` in the environment chooses another number; ``0`` leaves BLAS alone.
Without threadpoolctl installed the functions run unchanged.
"""

from __future__ import annotations

import functools
import os

__all__ = ["single_blas_thread", "blas_threads", "limited"]

_ENV = "MCPRIA_BLAS_THREADS"


def blas_threads() -> int | None:
    """The number of BLAS threads for the small products (``None``: leave BLAS alone)."""
    text = os.environ.get(_ENV, "1").strip()
    try:
        n = int(text)
    except ValueError:
        raise ValueError(f"{_ENV} must be an integer >= 0 (0: leave BLAS alone), got {text!r}") from None
    if n < 0:
        raise ValueError(f"{_ENV} must be an integer >= 0 (0: leave BLAS alone), got {text!r}")
    return None if n == 0 else n


@functools.lru_cache(maxsize=None)
def _controller(user_api: str):
    """The thread pools of one API among the libraries loaded now (call it after importing the
    library whose threads are to be limited: the scan is done once)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # optional: without it, the libraries keep their own threads
        return None
    ctl = ThreadpoolController().select(user_api=user_api)
    return ctl if ctl.lib_controllers else None


def limited(user_api: str = "blas"):
    """A context manager limiting the ``"blas"`` or ``"openmp"`` pools to :func:`blas_threads` threads.

    The same holds for OpenMP: xraylib_np's photoabsorption loops start an OpenMP team for a few dozen
    energies, which on a busy 2-core machine took 10–25 ms instead of 0.3 ms."""
    import contextlib

    n = blas_threads()
    ctl = _controller(user_api) if n is not None else None
    return contextlib.nullcontext() if ctl is None else ctl.limit(limits=n)


def single_blas_thread(func):
    """Decorator: run ``func`` with numpy's BLAS limited to :func:`blas_threads` threads."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with limited("blas"):
            return func(*args, **kwargs)

    return wrapper
