"""The profiles' monotone interpolant: our PCHIP coefficients are scipy's PchipInterpolator's."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.interpolate import PchipInterpolator

import mcpria_lite as ml
from mcpria_lite.targets.atoms import pchip_coefficients


@pytest.mark.parametrize("el", ["H", "Ge", "Xe", "U"])
def test_profile_coefficients_equal_scipy(el):
    t = ml.target(el)
    x = np.log1p(np.asarray(t._pz_nodes, dtype=float))
    y = np.log(np.maximum(t._J_nodes, np.finfo(float).tiny))
    np.testing.assert_allclose(pchip_coefficients(x, y), PchipInterpolator(x, y, axis=0).c, rtol=1e-13, atol=0)


def test_shape_preserving_cases_equal_scipy():
    rng = np.random.default_rng(1)
    x = np.cumsum(rng.uniform(0.1, 1.0, 30))
    for y in (rng.normal(size=30), np.sin(x), np.r_[np.zeros(10), np.ones(20)], rng.normal(size=(30, 3))):
        np.testing.assert_allclose(pchip_coefficients(x, y), PchipInterpolator(x, y, axis=0).c, rtol=1e-12,
                                   atol=1e-14)
    np.testing.assert_allclose(pchip_coefficients(x[:2], y[:2]), PchipInterpolator(x[:2], y[:2], axis=0).c)
