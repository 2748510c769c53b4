"""Tests of mcpria_lite.detection.detectors: the presets of Qiao et al. (2021), lookup and validation."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mcpria_lite.detection import detectors
from mcpria_lite.detection.detectors import Detector


def test_presets_match_qiao2021():
    # Qiao et al. (2021): HPGe 100 eV, 0.1 cpkkd; LXe 500 eV, 1e-4 cpkkd
    ge, xe = detectors.HPGE_NEXT_GEN, detectors.LXE_NEXT_GEN
    assert (ge.target, ge.threshold_keV, ge.background_cpkkd) == ("Ge", 0.1, 0.1)
    assert (xe.target, xe.threshold_keV, xe.background_cpkkd) == ("Xe", 0.5, 1e-4)
    assert "2009.14320" in ge.reference and "2009.14320" in xe.reference


def test_background_in_events_per_tonne_year():
    # 1 cpkkd = 1000 kg × 365.25 d = 3.65e5 events/(t yr keV)
    np.testing.assert_allclose(detectors.HPGE_NEXT_GEN.background_per_tonne_year_keV, 0.1 * 365250.0)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("next-generation HPGe", "HPGE_NEXT_GEN"),
        ("Next-Generation hpge", "HPGE_NEXT_GEN"),
        ("HPGe", "HPGE_NEXT_GEN"),
        ("Ge", "HPGE_NEXT_GEN"),
        ("next-generation LXe", "LXE_NEXT_GEN"),
        ("lxe", "LXE_NEXT_GEN"),
        ("Xe", "LXE_NEXT_GEN"),
    ],
)
def test_get(name, expected):
    assert detectors.get(name) is getattr(detectors, expected)


def test_get_unknown_lists_allowed():
    with pytest.raises(ValueError) as exc:
        detectors.get("CDEX-300")
    assert "next-generation HPGe" in str(exc.value) and "next-generation LXe" in str(exc.value)


def test_custom_detector_and_immutability():
    d = Detector("my Ge", "Ge", threshold_keV=0.2, background_cpkkd=1.0, reference="test")
    assert d.threshold_keV == 0.2 and d.background_cpkkd == 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.threshold_keV = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(threshold_keV=0.0), "threshold_keV"),
        (dict(threshold_keV=-0.1), "threshold_keV"),
        (dict(threshold_keV=np.nan), "threshold_keV"),
        (dict(background_cpkkd=0.0), "background_cpkkd"),
        (dict(background_cpkkd=-1e-3), "background_cpkkd"),
        (dict(background_cpkkd=np.inf), "background_cpkkd"),
        (dict(target="germanium"), "target"),
        (dict(target="ge"), "target"),
        (dict(name=""), "name"),
    ],
)
def test_validation(kwargs, match):
    args = dict(name="x", target="Ge", threshold_keV=0.1, background_cpkkd=0.1, reference="")
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        Detector(**args)
