"""Formulas as experimenters write them: scintillator dopants and wrongly cased symbols."""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.targets import compounds


@pytest.mark.parametrize("formula, host, dopant", [
    ("NaI(Tl)", "NaI", "Tl"), ("CsI(Na)", "CsI", "Na"), ("LaBr3(Ce)", "LaBr3", "Ce"), ("NaI:Tl", "NaI", "Tl"),
    ("Ca(OH)2", "Ca(OH)2", None), ("(CH2)2", "(CH2)2", None), ("NaI", "NaI", None),
])
def test_split_dopant(formula, host, dopant):
    assert compounds.split_dopant(formula) == (host, dopant)


def test_doped_scintillator_is_its_host_with_a_note():
    doped, host = ml.target("NaI(Tl)"), ml.target("NaI")
    # Z of NaI is 11 + 53 = 64 (not 145 with a thallium atom per formula unit)
    assert doped.Z == 64 and doped.dopant == "Tl" and "ignored" in doped.note and "Tl" in repr(doped)
    assert doped.molar_mass == pytest.approx(host.molar_mass, rel=1e-14)
    T = np.array([0.5, 5.0])
    np.testing.assert_allclose(ml.dsigma_dT(doped, T, 1e3, 0.0, 1.0, "FEA"), ml.dsigma_dT(host, T, 1e3, 0.0, 1.0, "FEA"),
                               rtol=1e-14)
    assert ml.target("NaI").note == "" and ml.target("NaI").dopant is None


def test_detector_with_a_doped_target():
    d = ml.detection.detectors.Detector("my NaI", "NaI(Tl)", 1.0, 3.5)
    assert d.target_object().dopant == "Tl"


@pytest.mark.parametrize("bad, hint", [("ge", "'Ge'"), ("GE", "'Ge'"), ("xe", "'Xe'"), ("nai", "'NaI'"),
                                       ("germanium", "'Ge'"), ("csi", "'CsI'")])
def test_wrong_case_suggests_the_symbol(bad, hint):
    with pytest.raises(ValueError) as exc:
        ml.target(bad)
    msg = str(exc.value)
    assert f"did you mean {hint}" in msg and "element" in msg
    assert "ParseException" not in msg and "line:" not in msg and "col:" not in msg


def test_no_parser_internals_for_nonsense():
    with pytest.raises(ValueError) as exc:
        ml.target("Qq(")
    assert "char" not in str(exc.value) and "Expected" not in str(exc.value)


def test_element_symbol_suggestion():
    with pytest.raises(ValueError, match="did you mean 'Ge'"):
        ml.targets.atoms.element_symbol("ge")


def test_unknown_dopant_element_is_not_a_dopant():
    with pytest.raises(ValueError, match="element"):
        ml.target("NaI(Qq)")
