"""Limits by name and their theory band: which methods apply, the central choice, the spread."""

import pytest

from mcpria_lite.inference import limits as L


def test_magnetic_moment_band_leaves_out_the_epa_with_its_reason():
    (band,) = L.theory_band("lz-ws2022", "magnetic-moment", methods=("RIA", "FEA", "EPA"))  # DFS: see the CLI test
    methods = [(r.method, r.atomic_inputs) for r in band.rows]
    assert ("FEA", "") in methods and ("RIA", "Biggs profiles") in methods and ("RIA", "Dirac-Fock profiles") in methods
    assert all(m != "EPA" for m, _ in methods)
    (skip,) = [s for s in band.skipped if s[0] == "EPA"]
    assert "does not apply to a magnetic moment" in skip[2]
    c = band.central
    assert c.central and c.method == L.central_method() and c.atomic_inputs == "Biggs profiles"
    assert band.low <= c.limit <= band.high
    # the 1/T magnetic signal is not dominated by the binding region: the atomic physics moves it by < 5 %
    assert band.high / band.low < 1.05


def test_the_api_refuses_the_epa_for_a_magnetic_moment():
    with pytest.raises(ValueError, match="EPA.*does not apply to a magnetic moment"):
        L.limit("xenonnt-sr0", "magnetic-moment", "EPA")


def test_dfs_covers_every_data_set_and_refuses_beyond_its_tables():
    """The tables reach 60 keV: every released data set's window (with its resolution) is inside; the
    magnetic-moment limit (a 1/T signal, not dominated by the binding region) is the stepping one within
    the 10 % that binding moves the keV spectrum. Beyond the tables the method refuses, naming the need."""
    for name in ("xenonnt-sr0", "lz-ws2022", "lz-ws2024", "pandax4t-run1"):
        assert L.applicability([name], "magnetic-moment", "DFS") is None
    dfs = L.limit("xenonnt-sr0", "magnetic-moment", "DFS")[0].limit
    fea = L.limit("xenonnt-sr0", "magnetic-moment", "FEA")[0].limit
    assert 0.9 < dfs / fea < 1.1
    from mcpria_lite.rates.cross_sections import dsigma_dT
    with pytest.raises(ValueError, match="up to 60 keV.*needs energy transfers up to 70 keV"):
        dsigma_dT("Xe", [70.0], 1e5, 1e3, 1e-6, "DFS")


def test_millicharge_bands():
    # with the weak interference: only the methods that have the weak amplitude, both signs
    pos, neg = L.theory_band("lz-ws2024", "millicharge")
    assert {r.method for r in pos.rows} == {"FEA", "RIA", "DFS"} and pos.central.sign == 1 and neg.central.sign == -1
    assert {s[0] for s in pos.skipped} >= {"EPA"}
    # the pure delta^2 term: the EPA applies, once per photoabsorption data set
    (pure,) = L.theory_band("lz-ws2024", "millicharge", interference=False, methods=("RIA", "EPA"))
    epa = [r for r in pure.rows if r.method == "EPA"]
    assert len(epa) == 3 and len({r.atomic_inputs for r in epa}) == 3
    # binding suppresses the rate near threshold: stepping (no profile) sets the weakest delta^2 limit
    fea = L.limit("lz-ws2024", "millicharge", "FEA", interference=False)[0]
    assert fea.limit > pure.central.limit


def test_parameters_are_checked():
    with pytest.raises(ValueError, match="mass_keV is required"):
        L.limit("xenonnt-sr0", "dark-cosmic-ray", "FEA")
    with pytest.raises(ValueError, match="mass_keV does not apply"):
        L.limit("xenonnt-sr0", "magnetic-moment", "FEA", mass_keV=1.0)
    with pytest.raises(ValueError, match="interference does not apply"):
        L.limit("xenonnt-sr0", "magnetic-moment", "FEA", interference=False)
    with pytest.raises(ValueError, match="each data set may appear once"):
        L.limit(["lz-ws2022", "lz-ws2022"], "magnetic-moment", "FEA")
    with pytest.raises(ValueError, match="model"):
        L.limit("xenonnt-sr0", "dark-photon", "FEA")


def test_dark_cosmic_ray_combination_is_one_limit_per_mass():
    (r,) = L.limit(["lz-ws2022", "xenonnt-sr0"], "dark-cosmic-ray", "FEA", mass_keV=1.0, expected=True)
    assert r.coupling == "delta" and r.parameters["mass_keV"] == 1.0 and r.expected_limit > 0
    (a,) = L.limit("xenonnt-sr0", "dark-cosmic-ray", "FEA", mass_keV=1.0, expected=True)
    assert r.expected_limit < a.expected_limit
