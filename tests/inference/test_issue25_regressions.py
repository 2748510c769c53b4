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
    # the class asks for the Standard-Model weak interference as well (both signs tried, the weaker kept):
    # it moves a neutrino's limit by about a per cent here, never by δ₀
    cls = exposure_sensitivity(hpge, flux, "FEA", interaction=ml.Millicharge)
    assert 1.0 <= cls / ref < 1.1


def test_exposure_sensitivity_dark_cosmic_rays_interaction_instance(hpge):
    """Dark cosmic rays: the flux itself scales as δ^(α−1); δ₀ of the instance must not enter either."""
    flux = ml.dark_cosmic_rays(1.0)
    ref = exposure_sensitivity(hpge, flux, "FEA")
    got = exposure_sensitivity(hpge, flux, "FEA", interaction=ml.Millicharge(1e-9))
    np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_sensitivity_reads_a_tabulated_background_at_the_threshold_given():
    """sensitivity(detector=D, threshold_keV=T) compares the rate with B(T), not with B at D's own
    threshold (a factor 3.16 in the case of the sweep)."""
    bg = detectors.TabulatedBackground([0.1, 1.0, 10.0], [10.0, 1.0, 0.1], reference="test")
    det = detectors.Detector("shaped", "Ge", 0.1, bg, "test")
    flux = ml.solar_neutrinos()
    for T in (0.1, 0.3, 2.0):
        got = ml.sensitivity(flux=flux, method="FEA", detector=det, threshold_keV=T)
        ref = ml.sensitivity("Ge", flux, "FEA", T, float(bg(T)))
        np.testing.assert_allclose(got, ref, rtol=1e-12)
    with pytest.raises(ValueError, match="threshold_keV"):
        ml.sensitivity(flux=flux, method="FEA", detector=det, threshold_keV=20.0)  # outside the table


# ------------------------------------------------------------------------------------------------
# resources: the Feldman–Cousins construction is bounded (issue 25, "Resources")
# ------------------------------------------------------------------------------------------------
def test_feldman_cousins_is_fast_up_to_its_cap_and_refuses_beyond():
    import time

    from mcpria_lite.inference import statistics as st

    t0 = time.perf_counter()
    ul = st.feldman_cousins_upper_limit(100, 100.0)
    assert time.perf_counter() - t0 < 4.0  # 13 s before
    # large-count behaviour: close to the Gaussian unified interval, ~1.645 sqrt(b) for n = b
    assert 0.9 < ul / (1.645 * 10.0) < 1.2
    with pytest.raises(ValueError, match=r"background.*<= 1000.*poisson"):
        st.feldman_cousins_upper_limit(900, 2000.0)
    with pytest.raises(ValueError, match="n_observed"):
        st.feldman_cousins_upper_limit(10**6, 0.0)
    with pytest.raises(ValueError, match="statistic|method"):
        st.median_upper_limit(1e6, method="feldman-cousins")


def test_feldman_cousins_speedup_changes_no_limit():
    """Against the values of the unrestricted construction (computed before the change)."""
    from mcpria_lite.inference import statistics as st

    before = {(0, 0.0): 2.435915069580078, (5, 3.0): 6.987093734741212, (10, 10.0): 6.500466308593749,
              (20, 15.5): 13.024322433471678, (30, 30.0): 10.105042724609376, (100, 100.0): 17.54004119873047}
    for (n, b), want in before.items():
        assert st.feldman_cousins_upper_limit(n, b) == pytest.approx(want, rel=1e-6)
