"""A detector from what an experimenter knows, and its two sensitivities in one call each.

References: the closed form of the paper's criterion (δ = (B / dR/dT(δ = 1))^(1/n)), the
independent chain of mcpria_lite.inference.statistics wired by hand, and counting identities (a tabulated
flat background equals the flat one; an efficiency ε = 1/2 halves the signal counts).
"""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.inference.sensitivities import sensitivity
from mcpria_lite.inference.exposure import exposure_sensitivity
from mcpria_lite.detection import detectors
from mcpria_lite.inference import statistics
from mcpria_lite.detection.response import ErfEfficiency, QuadratureResolution, TabulatedEfficiency
from mcpria_lite.detection.detectors import Detector, TabulatedBackground

NU = ml.sources.solar_neutrinos(["pp", "7Be"])
XE = detectors.LXE_NEXT_GEN.with_(exposure_kg_day=1e5, window_keV=(0.5, 5.0))


def test_paper_criterion_is_one_call():
    d = detectors.HPGE_NEXT_GEN
    r1 = float(ml.dR_dT("Ge", 0.1, NU, "FEA"))
    np.testing.assert_allclose(sensitivity(flux=NU, method="FEA", detector=d), (0.1 / r1) ** 0.5, rtol=1e-12)
    np.testing.assert_allclose(sensitivity(flux=NU, method="RIA", detector=d), ml.sensitivity("Ge", NU, "RIA", detector="HPGe"), rtol=1e-14)


def test_exposure_limit_equals_the_hand_wired_chain():
    T = np.geomspace(0.5, 5.0, 200)
    r = ml.dR_dT("Xe", T, NU, "RIA")
    for stat in ("poisson", "feldman-cousins", "asimov"):
        want = statistics.exposure_sensitivity(T, r, 2.0, 1e5, 1e-4, (0.5, 5.0), method=stat)
        np.testing.assert_allclose(exposure_sensitivity(XE, NU, "RIA", statistic=stat), want, rtol=1e-12)


def test_exposure_limit_scales_like_the_counting_statistics():
    # large background: the median Poisson limit grows like √b, so δ ∝ (√X / X)^(1/2) = X^(-1/4)
    X = np.array([1e7, 1e9])
    d = exposure_sensitivity(XE, NU, "FEA", exposure_kg_day=X)
    np.testing.assert_allclose(d[1] / d[0], 100 ** -0.25, rtol=0.02)


def test_tabulated_flat_background_equals_flat():
    tb = TabulatedBackground([0.1, 1.0, 10.0], [1e-4, 1e-4, 1e-4], reference="test")
    d2 = XE.with_(background_cpkkd=tb)
    for stat in ("poisson", "asimov"):
        np.testing.assert_allclose(exposure_sensitivity(d2, NU, "FEA", statistic=stat),
                                   exposure_sensitivity(XE, NU, "FEA", statistic=stat), rtol=1e-12)
    assert d2.threshold_background_cpkkd == pytest.approx(1e-4)


def test_efficiency_one_half_scales_delta_by_two_to_the_quarter():
    half = TabulatedEfficiency([0.0, 100.0], [0.5, 0.5])
    d = XE.with_(efficiency=half)
    # the same upper limit on the counts: δ² · s/2 = δ0² · s, so δ = √2 δ0 (rate ∝ δ²)
    np.testing.assert_allclose(exposure_sensitivity(d, NU, "FEA"), exposure_sensitivity(XE, NU, "FEA") * 2**0.5,
                               rtol=1e-12)


def test_resolution_and_efficiency_are_applied():
    d = XE.with_(resolution=QuadratureResolution(sigma0_keV=0.05, fano=0.0, pair_energy_keV=0.0137),
                 efficiency=ErfEfficiency(T50_keV=0.6, width_keV=0.1))
    a, b = exposure_sensitivity(d, NU, "RIA"), exposure_sensitivity(XE, NU, "RIA")
    assert np.isfinite(a) and a > b  # losing events below 0.6 keV can only weaken the limit


def test_target_can_be_a_compound_or_an_object():
    d = Detector("CaWO4 test", "CaWO4", 0.5, 1.0)
    assert np.isfinite(sensitivity(flux=NU, method="FEA", detector=d))
    df = Detector("Ge DF", ml.target("Ge", profiles="dirac-fock"), 0.1, 0.1)
    assert df.target_matches("Ge") and not df.target_matches("Xe") and df.target_symbol == "Ge"
    assert detectors.get(df) is df


@pytest.mark.parametrize("kw, arg", [
    (dict(exposure_kg_day=-1.0), "exposure_kg_day"),
    (dict(window_keV=(0.05, 1.0)), "window_keV"),
    (dict(window_keV=(2.0, 1.0)), "window_keV"),
    (dict(efficiency=0.5), "efficiency"),
    (dict(resolution="gauss"), "resolution"),
    (dict(background_cpkkd=TabulatedBackground([0.2, 1.0], [1.0, 1.0])), "T_keV"),
])
def test_detector_bad_input(kw, arg):
    args = dict(name="x", target="Ge", threshold_keV=0.1, background_cpkkd=0.1)
    args.update(kw)
    with pytest.raises(ValueError, match=arg):
        Detector(**args)


def test_exposure_sensitivity_needs_exposure_and_window():
    with pytest.raises(ValueError, match="exposure_kg_day"):
        exposure_sensitivity(detectors.HPGE_NEXT_GEN, NU, "FEA", window_keV=(0.1, 1.0))
    with pytest.raises(ValueError, match="window_keV"):
        exposure_sensitivity(detectors.HPGE_NEXT_GEN, NU, "FEA", exposure_kg_day=1.0)
    with pytest.raises(ValueError, match="statistic"):
        exposure_sensitivity(XE, NU, "FEA", statistic="bayes")
    with pytest.raises(ValueError, match="n_T"):
        exposure_sensitivity(XE, NU, "FEA", n_T=3)


def test_tabulated_background_bad_input():
    with pytest.raises(ValueError, match="T_keV"):
        TabulatedBackground([1.0, 0.5], [1.0, 1.0])
    with pytest.raises(ValueError, match="cpkkd"):
        TabulatedBackground([0.5, 1.0], [1.0, -1.0])
    with pytest.raises(ValueError, match="T_keV"):
        TabulatedBackground([0.5, 1.0], [1.0, 1.0])(2.0)
