"""Bad input to a data release: a ValueError naming the field; nothing clipped."""

import dataclasses
import json

import numpy as np
import pytest

from mcpria_lite.detection import response as dr
from mcpria_lite import detection as ex


@pytest.fixture(scope="module")
def sr0():
    return ex.xenonnt_sr0()


def test_events_outside_the_window(sr0):
    with pytest.raises(ValueError, match="events_keV.*outside the window"):
        dataclasses.replace(sr0, events_keV=np.append(sr0.events_keV, 31.0))
    with pytest.raises(ValueError, match="events_keV.*outside the window"):
        dataclasses.replace(sr0, events_keV=np.append(sr0.events_keV, 0.5))


@pytest.mark.parametrize("bad", [1.2, -0.1])
def test_efficiency_out_of_range(sr0, bad, tmp_path):
    E = np.linspace(0.5, 31, 10)
    eff = np.full(10, 0.5)
    eff[3] = bad
    with pytest.raises(ValueError, match="efficiency"):
        dataclasses.replace(sr0, efficiency=lambda x: np.interp(x, E, eff))
    with pytest.raises(ValueError, match="efficiency"):
        dataclasses.replace(sr0, efficiency=dr.TabulatedEfficiency(E, eff))
    m = _manifest(tmp_path)
    (tmp_path / "eff.txt").write_text("\n".join(f"{a} {b}" for a, b in zip(E, eff)))
    with pytest.raises(ValueError, match="efficiency"):
        ex.load_release(m)


def test_efficiency_not_covering_the_window(sr0):
    with pytest.raises(ValueError, match="efficiency.*cover the window"):
        dataclasses.replace(sr0, efficiency=dr.TabulatedEfficiency([1.0, 20.0], [0.5, 0.5]))


def test_background_not_covering_the_window(sr0):
    b = sr0.background
    short = ex.BackgroundModel(E_keV=b.E_keV[:-20], rate=b.rate[:-20], kind="histogram",
                               relative_uncertainty=b.relative_uncertainty)
    with pytest.raises(ValueError, match="background.*cover the window"):
        dataclasses.replace(sr0, background=short)
    with pytest.raises(ValueError, match="background.rate"):
        ex.BackgroundModel(E_keV=[0, 1, 2], rate=[1.0, -1.0], kind="histogram", relative_uncertainty=0.1)
    with pytest.raises(ValueError, match="background.relative_uncertainty"):
        ex.BackgroundModel(E_keV=[0, 1, 2], rate=[1.0, 1.0], kind="histogram", relative_uncertainty=0.0)


@pytest.mark.parametrize("value", [0.0, -1.0])
def test_exposure_not_positive(sr0, value, tmp_path):
    with pytest.raises(ValueError, match="exposure_kg_day"):
        dataclasses.replace(sr0, exposure_kg_day=value)
    m = _manifest(tmp_path, exposure={"value": value, "unit": "kg day"})
    with pytest.raises(ValueError, match="exposure.value"):
        ex.load_release(m)


def test_manifest_errors_name_the_field(tmp_path):
    with pytest.raises(ValueError, match="exposure.unit"):
        ex.load_release(_manifest(tmp_path, exposure={"value": 1.0, "unit": "kg fortnight"}))
    with pytest.raises(ValueError, match="missing field 'window_keV'"):
        ex.load_release(_manifest(tmp_path, window_keV=None))
    with pytest.raises(ValueError, match="resolution.model"):
        ex.load_release(_manifest(tmp_path, resolution={"model": "magic"}))
    with pytest.raises(ValueError, match="path: cannot read"):
        ex.load_release(tmp_path / "nope.json")
    with pytest.raises(ValueError, match="window_keV"):
        ex.load_release(_manifest(tmp_path, window_keV=[5.0, 2.0]))
    with pytest.raises(ValueError, match="data"):
        ex.get("lz-2022")


def test_signal_bad_input(sr0):
    with pytest.raises(ValueError, match="interaction"):
        ex.neutrino_signal(sr0, "anapole", "FEA")
    with pytest.raises(ValueError, match="m_keV"):
        ex.dark_cosmic_ray_signal(sr0, -1.0, "FEA")
    nodes = ex.t_nodes(sr0)
    with pytest.raises(ValueError, match="E_keV must lie in the window"):
        ex.reconstructed_density(sr0, nodes, np.ones(nodes.T_keV.size), [0.5])


def _manifest(tmp_path, **override):
    (tmp_path / "events.txt").write_text("2.0\n3.0\n")
    (tmp_path / "bkg.txt").write_text("0.0 1.0\n12.0 1.0\n")
    if not (tmp_path / "eff.txt").exists():
        (tmp_path / "eff.txt").write_text("0.0 0.5\n12.0 0.5\n")
    spec = {"format": "mcpria-lite data release 1", "name": "t", "target": "Ge", "citation": "test",
            "window_keV": [1.0, 10.0],
            "exposure": {"value": 10.0, "unit": "kg day"}, "events": {"file": "events.txt"},
            "background": {"file": "bkg.txt", "unit": "counts/(keV kg day)", "relative_uncertainty": 0.1},
            "efficiency": {"file": "eff.txt"},
            "resolution": {"model": "relative", "a": 0.3, "b": 0.0, "reference": "test"}}
    for k, v in override.items():
        if v is None:
            spec.pop(k)
        else:
            spec[k] = v
    p = tmp_path / "m.json"
    p.write_text(json.dumps(spec))
    return p
