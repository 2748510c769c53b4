"""A rate's memory does not grow with the number of energies: the energies are processed in chunks
(:mod:`mcpria_lite.rates.event_rates`), the FEA takes Z_eff(T) out of the flux sum, and no array
outlives its chunk. Measured with tracemalloc (numpy reports its buffers to it)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import mcpria_lite as ml

NU = ml.solar_neutrinos()


def _peak_MB(method, n):
    T = np.geomspace(0.05, 30.0, n)
    tracemalloc.start()
    try:
        ml.dR_dT("Xe", T, NU, method, 1e-12)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("method", ["FEA", "EPA", "RIA"])
def test_peak_memory_does_not_grow_with_the_number_of_energies(method):
    ml.dR_dT("Xe", np.array([1.0]), NU, method, 1e-12)  # targets, tables and caches built once
    small, large = _peak_MB(method, 3000), _peak_MB(method, 15000)
    # five times the energies: the output grows by 0.1 MB, the working arrays not at all
    assert large < 1.3 * small + 2.0, (small, large)
    assert large < 150.0  # 1e5 energies then stay well inside 0.5 GB
