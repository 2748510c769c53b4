"""A rate at energies given twice is the rate at each, twice: no method may pool the flux of repeated T.

(The DFS rate path integrates the flux per distinct T; a combination of data sets passes the
concatenated, repeated energy nodes of its members, which doubled DFS's rate before this test.)
"""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.methods import METHODS

T = np.array([0.5, 2.0, 7.0, 2.0, 0.5, 12.0])


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("interaction", [ml.MagneticMoment(1e-11), ml.Millicharge(1e-12) + ml.Weak()])
def test_repeated_energies_are_computed_independently(method, interaction):
    flux = ml.solar_neutrinos(["pp", "7Be"])
    if METHODS[method].applies(interaction) is not None:
        pytest.skip(f"{method} does not apply: {METHODS[method].applies(interaction)}")
    got = np.asarray(ml.dR_dT("Xe", T, flux, method, interaction=interaction))
    once = np.asarray(ml.dR_dT("Xe", np.unique(T), flux, method, interaction=interaction))
    expect = once[np.searchsorted(np.unique(T), T)]
    np.testing.assert_allclose(got, expect, rtol=1e-12)
