"""What each method says about itself: where it applies, its data range, its atomic inputs."""

import mcpria_lite as ml
from mcpria_lite.methods import METHODS
from mcpria_lite.particles import interactions as I


def test_epa_does_not_apply_to_a_magnetic_moment():
    epa = METHODS["EPA"]
    why = epa.applies(I.MagneticMoment())  # refused outright (supports), so no limit or band uses it
    assert why is not None and why == epa.supports(I.MagneticMoment()) and "magnetic" in why
    assert epa.applies(I.Millicharge()) is None
    assert epa.applies(I.Millicharge() + I.Weak()) is not None  # no EPA of the contact weak amplitude


def test_applies_never_allows_what_supports_refuses():
    for m in METHODS.values():
        for inter in (I.Millicharge(), I.MagneticMoment(), I.ChargeRadius(), I.Millicharge() + I.Weak(),
                      I.ChargeRadius() + I.Weak()):
            if m.supports(inter) is not None:
                assert m.applies(inter) is not None


def test_theory_band_flags_and_variants():
    central = [n for n, m in METHODS.items() if m.theory_band_central]
    assert len(central) == 1
    assert METHODS[central[0]].atomic_variants[0].target_options == {"profiles": "biggs"}
    assert [n for n, m in METHODS.items() if m.is_stepping] == ["FEA"]
    assert not METHODS["RIA-simplified"].in_theory_band
    assert {v.method_options["photoabsorption_source"] for v in METHODS["EPA"].atomic_variants} == {
        "henke+kissel", "chantler", "kissel"}
    assert hash(METHODS["RIA"].atomic_variants[1]) != hash(METHODS["RIA"].atomic_variants[0])


def test_data_ranges():
    xe = ml.target("Xe")
    assert METHODS["DFS"].T_max_keV(xe) == 60.0
    assert METHODS["RIA"].T_max_keV(xe) == float("inf")
