"""The impulse approximation runs its small products on one BLAS thread and leaves the caller's setting as it was."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import mcpria_lite as ml
from mcpria_lite import _threads
from mcpria_lite.methods import impulse


def _numpy_blas_threads():
    """The threads of numpy's own BLAS (scipy may load another one during a call)."""
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas" and "numpy" in i["filepath"]]


def test_one_thread_inside_the_caller_setting_outside(monkeypatch):
    seen = []
    orig = impulse.shared_pz_rate_terms

    def spy(*a, **k):
        seen.append(_numpy_blas_threads())
        return orig(*a, **k)

    monkeypatch.setattr(impulse, "shared_pz_rate_terms", spy)
    with threadpool_limits(2, user_api="blas"):
        before = _numpy_blas_threads()
        if not before:
            pytest.skip("numpy's BLAS is not visible to threadpoolctl here")
        ml.dR_dT("Xe", np.array([1.0, 2.0]), ml.solar_neutrinos(["pp"]), "RIA", 1e-12)
        assert _numpy_blas_threads() == before
    assert seen and all(n == 1 for n in seen[0])


def test_environment_chooses(monkeypatch):
    monkeypatch.setenv("MCPRIA_BLAS_THREADS", "0")
    assert _threads.blas_threads() is None
    monkeypatch.setenv("MCPRIA_BLAS_THREADS", "3")
    assert _threads.blas_threads() == 3
    monkeypatch.setenv("MCPRIA_BLAS_THREADS", "many")
    with pytest.raises(ValueError, match="MCPRIA_BLAS_THREADS"):
        _threads.blas_threads()
