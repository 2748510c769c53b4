"""A line in a data release (absorption of a dark-matter boson) and the shipped published limit curves."""

from __future__ import annotations

import dataclasses
import math
import shutil
from importlib import resources

import numpy as np
import pytest

from mcpria_lite.detection import releases as ex
from mcpria_lite.detection import signals as sg
from mcpria_lite.detection.response import TabulatedEfficiency
from mcpria_lite.particles.dark_photon import DarkPhoton
from mcpria_lite.rates import dark_photons as dr
from mcpria_lite.sources.dark_photons import DarkPhotonDarkMatter
from mcpria_lite.targets import target


def toy_release(b_rate=15.8 / (1000 * 365.25), window=(1.0, 30.0), eff=1.0):
    """XENONnT's exposure and resolution with a flat background and a flat efficiency."""
    sr0 = ex.xenonnt_sr0()
    bkg = ex.BackgroundModel(E_keV=np.array([0.0, 100.0]), rate=np.array([b_rate]), kind="histogram",
                             relative_uncertainty=1e-3, reference="toy")
    return dataclasses.replace(sr0, name="toy", background=bkg, window_keV=window,
                               efficiency=TabulatedEfficiency(np.array([0.0, 100.0]), np.array([eff, eff])),
                               events_keV=np.array([5.0]))


def test_line_through_efficiency_and_resolution_is_the_closed_form():
    """counts = R X ε × (Gaussian fraction in the window); density = R X ε G(E; T, σ(T))."""
    rel = toy_release(eff=0.7)
    R, T = 2.0e-3, 29.0  # counts/(kg day); near the upper edge, so that the window cuts the line
    s = sg.line_signal(rel, T, R, coupling="kappa")
    sig = float(rel.resolution(np.array(T)))
    frac = 0.5 * (math.erf((30.0 - T) / (math.sqrt(2) * sig)) - math.erf((1.0 - T) / (math.sqrt(2) * sig)))
    assert float(s.counts[0]) == pytest.approx(R * rel.exposure_kg_day * 0.7 * frac, rel=1e-6)
    E = np.array([27.5, 29.0, 30.0])
    g = np.exp(-0.5 * ((E - T) / sig) ** 2) / (math.sqrt(2 * math.pi) * sig)
    np.testing.assert_allclose(s.density(1.0, E), R * rel.exposure_kg_day * 0.7 * g, rtol=1e-12)
    np.testing.assert_allclose(s.total_counts(3.0), 9.0 * s.counts[0])  # ∝ κ²


def test_dark_photon_signal_carries_the_absorption_rate():
    rel = ex.xenonnt_sr0()
    s = sg.dark_photon_signal(rel, 10.0)
    R = dr.absorption_rate(target("Xe"), DarkPhotonDarkMatter(DarkPhoton(mass_keV=10.0)))
    assert s.dR_dT[0, 0] == pytest.approx(R) and s.coupling == "kappa" and s.powers == (2.0,)
    assert sg.axion_signal(rel, 10.0).coupling == "g_ae"


def test_line_outside_the_window_is_refused():
    rel = ex.xenonnt_sr0()
    for m in (0.5, 31.0, 140.0):
        with pytest.raises(ValueError, match=r"window of xenonnt-sr0, \[1, 30\] keV"):
            sg.dark_photon_signal(rel, m)


def test_published_curves_are_shipped_and_read():
    rel = ex.xenonnt_sr0()
    m, k = rel.published_curve("dark-photon")
    m2, g = rel.published_curve("axion-electron")
    assert m.size == 74 and m[0] == 1.0 and m[-1] == 138.0 and np.array_equal(m, m2)
    assert k[0] == pytest.approx(5.409505685595691898e-17) and g[0] == pytest.approx(9.575487221153568880e-15)
    assert rel.published_limits["dark-photon"]["rho_GeV_cm3"] == 0.3
    with pytest.raises(ValueError, match="published limit curve"):
        rel.published_curve("magnetic-moment")


def test_a_changed_limit_table_is_refused(tmp_path):
    src = resources.files("mcpria_lite") / "data" / "releases" / "xenonnt_sr0"
    dst = tmp_path / "rel"
    shutil.copytree(str(src), dst)
    assert ex.load_release(dst / "xenonnt_sr0.json").published_curve("dark-photon")[0].size == 74
    lines = (dst / "bdm_limits.txt").read_text().splitlines()
    (dst / "bdm_limits.txt").write_text("\n".join(lines[:-1]) + "\n")
    with pytest.raises(ValueError, match="sha256"):
        ex.load_release(dst / "xenonnt_sr0.json")
    text = (dst / "xenonnt_sr0.json").read_text().replace('"value_column": 2', '"value_column": 7')
    (dst / "xenonnt_sr0.json").write_text(text.replace('"sha256": "16cc', '"sha256_": "16cc'))
    with pytest.raises(ValueError, match="value_column"):
        ex.load_release(dst / "xenonnt_sr0.json")


def test_line_spectrum_in_a_user_detector_and_a_release():
    from mcpria_lite.detection.detectors import HPGE_NEXT_GEN
    from mcpria_lite.detection.response import ErfEfficiency, QuadratureResolution

    ge = HPGE_NEXT_GEN.with_(resolution=QuadratureResolution(sigma0_keV=0.03, fano=0.11, pair_energy_keV=2.96e-3),
                             efficiency=ErfEfficiency(T50_keV=0.15, width_keV=0.03))
    E = np.linspace(0.5, 1.5, 4001)
    y = sg.line_spectrum(ge, 1.0, 2.0, E)
    assert np.trapezoid(y, E) == pytest.approx(2.0 * float(ge.efficiency(np.array(1.0))), rel=1e-6)
    rel = toy_release(eff=0.7)
    np.testing.assert_allclose(sg.line_spectrum(rel, 10.0, 1.0, [10.0]),
                               sg.line_signal(rel, 10.0, 1.0, coupling="kappa").density(1.0, [10.0]) / rel.exposure_kg_day)
    with pytest.raises(ValueError, match="resolution"):
        sg.line_spectrum(HPGE_NEXT_GEN, 1.0, 1.0, E)
