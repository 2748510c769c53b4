"""Regressions of the adversarial sweep (issue 25) in the inference layer: each case returned a
wrong number without an error before its fix."""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.detection import detectors
from mcpria_lite.inference.exposure import exposure_sensitivity


@pytest.fixture(scope="module")
def hpge():
    return detectors.HPGE_NEXT_GEN.with_(exposure_kg_day=1e3, window_keV=(0.1, 1.0))


@pytest.mark.parametrize("delta0", [1e-10, 1e-13, 1.0, 3.0])
def test_exposure_sensitivity_does_not_depend_on_the_millicharge_of_the_interaction(hpge, delta0):
    """The limit on δ is a property of the experiment: Millicharge(δ₀) names what is solved for,
    its δ₀ must not rescale the answer (it returned δ/δ₀ before)."""
    flux = ml.solar_neutrinos()
    ref = exposure_sensitivity(hpge, flux, "FEA")
    got = exposure_sensitivity(hpge, flux, "FEA", interaction=ml.Millicharge(delta0))
    np.testing.assert_allclose(got, ref, rtol=1e-12)
    cls = exposure_sensitivity(hpge, flux, "FEA", interaction=ml.Millicharge)
    np.testing.assert_allclose(cls, ref, rtol=1e-12)


def test_exposure_sensitivity_dark_cosmic_rays_interaction_instance(hpge):
    """Dark cosmic rays: the flux itself scales as δ^(α−1); δ₀ of the instance must not enter either."""
    flux = ml.dark_cosmic_rays(1.0)
    ref = exposure_sensitivity(hpge, flux, "FEA")
    got = exposure_sensitivity(hpge, flux, "FEA", interaction=ml.Millicharge(1e-9))
    np.testing.assert_allclose(got, ref, rtol=1e-12)
