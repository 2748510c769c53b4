"""The classes of bad input behind issue 25, beyond its nine wrong numbers: every case is a
ValueError naming the argument (never a TypeError/AttributeError/OverflowError traceback, never a
coerced value), and valid input of NumPy scalar types or target objects is accepted."""

from __future__ import annotations

import re

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.detection import detectors as D
from mcpria_lite.detection import releases
from mcpria_lite.detection import response as R
from mcpria_lite.inference import likelihood as lk
from mcpria_lite.inference import statistics as st
from mcpria_lite.inference.sensitivities import dm_table
from mcpria_lite.particles import projectiles as P

NU = ml.solar_neutrinos(["pp"])


def _signals():
    from mcpria_lite.detection import signals

    return signals


CASES = {
    # tracebacks before
    "method_list": (lambda: ml.dsigma_dT("Ge", 1.0, 1e3, 1.0, method=["RIA"]), "method"),
    "spectrum_list": (lambda: ml.dsigma_dT("Ge", 1.0, 1e3, 1.0, method="EPA", spectrum=["budnev"]), "spectrum"),
    "prefactor_list": (lambda: ml.dsigma_dT("Ge", 1.0, 1e3, 1.0, prefactor=["k'/k"]), "prefactor"),
    "m_list_with_projectile": (lambda: ml.dsigma_dT("Ge", 1.0, 1e3, [1, 2], projectile=P.millicharged_particle(1.0)),
                               "m_keV"),
    "sensitivity_detector_42": (lambda: ml.sensitivity(flux=NU, detector=42), "detector"),
    "upper_limit_None": (lambda: lk.upper_limit(None, None), "release"),
    "goodness_of_fit_None": (lambda: lk.goodness_of_fit(None), "release"),
    "dm_table_convention_key": (lambda: dm_table(targets=("Ge",), masses=(1.0,), methods=("FEA",),
                                                 convention={"alfa": 2.0}), "convention"),
    "efficiency_signature": (lambda: D.HPGE_NEXT_GEN.with_(efficiency=lambda: 1.0), "efficiency"),
    "resolution_signature": (lambda: D.HPGE_NEXT_GEN.with_(resolution=lambda a, b: 1.0), "resolution"),
    "load_release_None": (lambda: releases.load_release(None), "path"),
    "huge_coupling": (lambda: ml.dsigma_dT("Ge", 1.0, 1e3, 1.0, 1e200), "delta"),
    "huge_coupling_rate": (lambda: ml.dR_dT("Ge", 1.0, ml.dark_cosmic_rays(1.0), "FEA", 1e99), "delta"),
    "huge_mu": (lambda: ml.MagneticMoment(1e200), "mu_B"),
    # coerced before
    "poisson_True": (lambda: st.poisson_upper_limit(True), "n_observed"),
    "Q2_max_True": (lambda: ml.dsigma_dT("Ge", 1.0, 1e3, 1.0, method="EPA", Q2_max=True), "Q2_max"),
    "T_string": (lambda: ml.dsigma_dT("Ge", "1.0", 1e3, 1.0), "T_keV"),
    "T_bool": (lambda: ml.dsigma_dT("Ge", True, 1e3, 1.0), "T_keV"),
    "n_toys_2.5": (lambda: lk.coverage(None, None, 1.0, n_toys=2.5), "n_toys"),
    "seed_float": (lambda: lk.coverage(None, None, 1.0, seed=1.5), "seed"),
    "interference_no": (lambda: _signals().neutrino_signal(releases.xenonnt_sr0(), "millicharge", "FEA",
                                                           interference="no"), "interference"),
    "sign_True": (lambda: _signals().neutrino_signal(releases.xenonnt_sr0(), "millicharge", "FEA", sign=True), "sign"),
    # unclear messages before
    "smear_sigma_shape": (lambda: R.smear(np.array([1.0, 2, 3]), np.ones(3), lambda T: np.ones(2)), "sigma_keV"),
    "efficiency_shape": (lambda: R.apply_efficiency(np.array([1.0, 2, 3]), np.ones(3), lambda T: np.ones(2)),
                         "efficiency"),
    # no degrees of freedom: the p-value was NaN
    "goodness_of_fit_one_bin": (lambda: lk.goodness_of_fit(releases.xenonnt_sr0(), 20.0), "bin_width_keV"),
    # resources
    "smear_too_large": (lambda: R.smear(np.linspace(1, 2, 10**6), np.ones(10**6), lambda T: 0.1), "T_keV"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_valueerror_naming_the_argument(case):
    call, arg = CASES[case]
    with pytest.raises(ValueError) as e:
        call()
    assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(arg)}(?![A-Za-z0-9])", str(e.value)), str(e.value)


def test_numpy_scalars_are_numbers():
    assert P.Projectile(name="x", mass_keV=np.int64(1)).mass_keV == 1.0
    assert P.millicharged_particle(np.float32(1.0)).mass_keV == 1.0
    assert P.Projectile(name="n", mass_keV=np.float64(0.0), epa_regulator_keV=np.float32(1e-4)).epa_mass_keV > 0
    np.testing.assert_allclose(ml.dsigma_dT("Ge", np.float32(1.0), np.int64(1000), np.int32(1), method="FEA"),
                               ml.dsigma_dT("Ge", 1.0, 1000.0, 1.0, method="FEA"), rtol=1e-6)


def test_compounds_take_p_max_au():
    a = ml.dsigma_dT("NaI", 1.0, 1e3, 1.0, p_max_au=50.0)
    b = ml.dsigma_dT(ml.target("NaI", p_max_au=50.0), 1.0, 1e3, 1.0)
    np.testing.assert_allclose(a, b, rtol=1e-12)


def test_detector_with_a_target_object_is_its_target():
    det = D.Detector("x", ml.target("Ge"), 0.1, 0.1)
    ref = ml.sensitivity("Ge", NU, "FEA", 0.1, 0.1)
    np.testing.assert_allclose(ml.sensitivity("Ge", NU, "FEA", detector=det), ref, rtol=1e-12)
    np.testing.assert_allclose(ml.sensitivity(flux=NU, method="FEA", detector=det), ref, rtol=1e-12)
    with pytest.raises(ValueError, match="contradicts"):
        ml.sensitivity("Xe", NU, "FEA", detector=det)


def test_goodness_of_fit_has_degrees_of_freedom():
    g = lk.goodness_of_fit(releases.xenonnt_sr0(), 1.0)
    assert g.ndof >= 1 and 0.0 <= g.chi2_pvalue <= 1.0


def test_smear_memory_is_bounded():
    """A large grid is smeared in row blocks (memory ∝ n, not n²), exactly as in one block."""
    T = np.linspace(1.0, 10.0, 3000)
    f = np.exp(-T)
    full = R.smear(T, f, lambda t: 0.05 * np.sqrt(t))
    import mcpria_lite.detection.response as resp

    old = resp._SMEAR_BLOCK_ELEMENTS
    try:
        resp._SMEAR_BLOCK_ELEMENTS = 50_000  # force many small blocks
        blocked = R.smear(T, f, lambda t: 0.05 * np.sqrt(t))
    finally:
        resp._SMEAR_BLOCK_ELEMENTS = old
    np.testing.assert_allclose(blocked, full, rtol=1e-12, atol=1e-300)


def test_target_objects_stand_for_their_symbols():
    from dataclasses import replace

    from mcpria_lite.targets import atoms

    ge, nai = ml.target("Ge"), ml.target("NaI")
    assert ml.target(ge) is ge and ml.target(nai) is nai
    assert ml.target(ge, p_max_au=50.0).p_max_au == 50.0
    assert atoms.element_symbol(ge) == "Ge"
    assert replace(releases.xenonnt_sr0(), target=ml.target("Xe")).target == "Xe"


@pytest.mark.parametrize("call", [lambda: ml.solar_neutrinos().quadrature(n=10**6),
                                  lambda: ml.dR_dT("Ge", 1.0, ml.solar_neutrinos(), "FEA", n_E=10**6)])
def test_node_counts_are_capped(call):
    """A huge node count hung (O(n²) Gauss–Jacobi roots): refused, naming n or n_E and the range."""
    with pytest.raises(ValueError, match=r"\bn(_E)? must be an integer in \[1, 4096\]"):
        call()
