"""Data-release manifests and tables (issue 25, items 4 and 9): the columns a manifest names are
found by name or the load fails naming file, field and line; the cached release is read-only."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mcpria_lite import detection as ex
from mcpria_lite.detection import releases


def _release(tmp_path, bkg_text, **bkg_fields):
    (tmp_path / "events.txt").write_text("2.0\n3.0\n")
    (tmp_path / "bkg.txt").write_text(bkg_text)
    (tmp_path / "eff.txt").write_text("0.0 0.5\n12.0 0.5\n")
    spec = {"format": "mcpria-lite data release 1", "name": "t", "target": "Ge", "citation": "test",
            "window_keV": [1.0, 10.0], "exposure": {"value": 10.0, "unit": "kg day"},
            "events": {"file": "events.txt"},
            "background": {"file": "bkg.txt", "unit": "counts/(keV kg day)", "relative_uncertainty": 0.1,
                           **bkg_fields},
            "efficiency": {"file": "eff.txt"},
            "resolution": {"model": "relative", "a": 0.3, "b": 0.0, "reference": "test"}}
    p = tmp_path / "m.json"
    p.write_text(json.dumps(spec, indent=1))
    return p


def test_named_columns_in_a_table_without_header_are_an_error(tmp_path):
    # three columns, no header: the manifest's names cannot be matched; by position the rate was the
    # second column (10x low in the sweep's case), silently
    text = "0.0 0.1 1.0\n12.0 0.1 1.0\n"
    m = _release(tmp_path, text, energy_column="E_keV", rate_column="rate")
    with pytest.raises(ValueError) as e:
        ex.load_release(m)
    msg = str(e.value)
    assert "bkg.txt" in msg and "rate_column" in msg and "header" in msg and "line 1" in msg


def test_named_columns_are_taken_by_name(tmp_path):
    text = "E_keV,other,rate\n0.0,0.1,1.0\n12.0,0.1,1.0\n"
    m = _release(tmp_path, text, energy_column="E_keV", rate_column="rate")
    rel = ex.load_release(m)
    np.testing.assert_allclose(rel.background(5.0), 1.0)


def test_unnamed_columns_must_be_exactly_the_ones_needed(tmp_path):
    m = _release(tmp_path, "0.0 0.1 1.0\n12.0 0.1 1.0\n")
    with pytest.raises(ValueError, match=r"bkg\.txt.*3 columns"):
        ex.load_release(m)


@pytest.mark.parametrize("text, line", [("E,r\n0 1\n12,1\n", 2),             # a row of another length
                                        ("E,r\n0,1\n12,x\n", 3),             # not a number
                                        ("E,r,s\n0,1\n12,1\n", 2)])          # header longer than the rows
def test_table_errors_name_the_file_and_line(tmp_path, text, line):
    m = _release(tmp_path, text, energy_column="E", rate_column="r")
    with pytest.raises(ValueError, match=rf"bkg\.txt.*line {line}"):
        ex.load_release(m)


def test_cached_release_is_read_only():
    """One in-place edit by a user must not change every later limit in the process."""
    rel = ex.xenonnt_sr0()
    arrays = {"events_keV": rel.events_keV, "background.E_keV": rel.background.E_keV,
              "background.rate": rel.background.rate, "efficiency.T_keV": rel.efficiency.T_keV,
              "efficiency.efficiency": rel.efficiency.efficiency}
    for name, a in arrays.items():
        with pytest.raises(ValueError, match="read-only"):
            a[0] = 1e3
    assert releases.get("xenonnt-sr0") is rel
    assert rel.events_keV[0] < 30.0


def test_a_release_does_not_alias_the_caller_s_arrays():
    rel = ex.xenonnt_sr0()
    mine = np.array(rel.events_keV)
    import dataclasses

    r2 = dataclasses.replace(rel, events_keV=mine)
    mine[0] = 29.0
    assert r2.events_keV[0] == rel.events_keV[0]


def _writable(obj, depth=3, seen=None):
    """Names of the writable arrays reachable through ``obj``'s attributes (and tuples)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth < 0:
        return []
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        return ["array"] if obj.flags.writeable and obj.size else []
    items = dict(enumerate(obj)) if isinstance(obj, (tuple, list)) else getattr(obj, "__dict__", {})
    return [f"{k}.{x}" for k, v in items.items() if not str(k).startswith("_")  # public: what a user reaches
            for x in _writable(v, depth - 1, seen)]


def test_every_cached_table_is_read_only():
    """The class of item 9: what a cached loader returns to every caller holds no writable array."""
    import mcpria_lite as ml
    from mcpria_lite.targets.dfs import atom, response

    for name, obj in [("xenonnt_sr0", ex.xenonnt_sr0()), ("response_table(Ge)", response.response_table("Ge")),
                      ("load_atom(Ge)", atom.load_atom("Ge"))]:
        assert _writable(obj) == [], name
    for el in ("Ge", "NaI"):
        tg = ml.target(el)
        public = {k: v for k, v in vars(tg).items() if not k.startswith("_")}
        assert _writable(list(public.values())) == [], el


# ------------------------------------------------------------------------------------------------
# manifests validated against their schema on load: file, field and line in every message
# ------------------------------------------------------------------------------------------------
def _with(tmp_path, edit):
    m = _release(tmp_path, "0.0 1.0\n12.0 1.0\n")
    spec = json.loads(m.read_text())
    edit(spec)
    m.write_text(json.dumps(spec, indent=1))
    return m


def _line_of(m, needle):
    return next(i for i, ln in enumerate(m.read_text().splitlines(), start=1) if needle in ln)


@pytest.mark.parametrize("edit, field, needle", [
    (lambda s: s["exposure"].update(value="1.16"), "exposure.value", '"value"'),              # coerced before
    (lambda s: s["exposure"].update(value=True), "exposure.value", '"value"'),
    (lambda s: s.update(exposure=1.16), "exposure", '"exposure"'),                            # AttributeError
    (lambda s: s.update(window_keV=5.0), "window_keV", '"window_keV"'),                       # TypeError
    (lambda s: s["events"].update(expected_count=433.9), "events.expected_count", '"expected_count"'),  # truncated
    (lambda s: s["background"].update(relative_uncertaintly=0.1), "background.relative_uncertaintly",
     '"relative_uncertaintly"'),                                                               # typo ignored
    (lambda s: s["resolution"].update(model="quadrature"), "resolution", '"resolution"'),     # fields missing
    (lambda s: s.update(format="mcpria-lite data release 2"), "format", '"format"'),
])
def test_schema_errors_name_file_field_and_line(tmp_path, edit, field, needle):
    m = _with(tmp_path, edit)
    with pytest.raises(ValueError) as e:
        ex.load_release(m)
    msg = str(e.value)
    assert f"m.json: {field}" in msg and f"(line {_line_of(m, needle)})" in msg, msg


def test_a_manifest_that_is_not_an_object(tmp_path):
    m = tmp_path / "m.json"
    m.write_text("42\n")
    with pytest.raises(ValueError, match=r"m\.json: .*line 1"):
        ex.load_release(m)
    m.write_text('{"name": "x",\n "target": }\n')
    with pytest.raises(ValueError, match=r"m\.json: not valid JSON \(line 2"):
        ex.load_release(m)


def test_the_shipped_manifests_follow_their_schema():
    from mcpria_lite.detection import manifests

    for name, path in releases.RELEASES.items():
        spec = manifests.load_manifest(path)
        assert spec["name"] == name


def test_json_lines_maps_every_field():
    from mcpria_lite.detection.manifests import json_lines

    text = '{\n "a": 1,\n "b": {\n  "c": [1,\n   2]\n },\n "d": "x"\n}\n'
    L = json_lines(text)
    assert L[("a",)] == 2 and L[("b",)] == 3 and L[("b", "c")] == 4 and L[("b", "c", 1)] == 5 and L[("d",)] == 7
