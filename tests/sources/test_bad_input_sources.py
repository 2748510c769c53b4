"""Bad input to the users' tools: flux constructors, oscillations, detectors, formulas and the CLI grid.

Each case must raise ValueError (never TypeError, a NumPy error or a silent NaN), from the function
the user called, with a message naming the argument and saying what is allowed -- the same rule as
tests/test_bad_input_matrix.py.
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.inference.sensitivities import sensitivity
from mcpria_lite.inference.exposure import exposure_sensitivity
from mcpria_lite.detection import detectors
from mcpria_lite import sources as fluxes
from mcpria_lite.sources import oscillations
from mcpria_lite.particles import projectiles
from mcpria_lite.cli.main import parse_grid

NAN, INF = math.nan, math.inf
ALLOWED = re.compile(r"allowed|must|one of|required|range|did you mean", re.I)
NU = projectiles.neutrino()
CHI = projectiles.millicharged_particle(100.0)
E2 = [100.0, 1000.0]
SUN = fluxes.solar_neutrinos(["pp"])

CASES = []


def case(id_, call, arg):
    CASES.append(pytest.param(call, arg, id=id_))


for k, v in {"nan": NAN, "inf": INF, "text": "abc", "scalar": 5.0, "decreasing": [1000.0, 100.0]}.items():
    case(f"tabulated_flux-E_{k}", lambda v=v: fluxes.tabulated_flux(v, [1.0, 1.0], projectile=NU), ("E_keV", "dphi_dE"))
for k, v in {"neg": [1.0, -1.0], "nan": [1.0, NAN], "zeros": [0.0, 0.0], "shape": [1.0]}.items():
    case(f"tabulated_flux-dphi_{k}", lambda v=v: fluxes.tabulated_flux(E2, v, projectile=NU), "dphi_dE")
case("tabulated_flux-projectile_missing", lambda: fluxes.tabulated_flux(E2, [1, 1]), "projectile")
case("tabulated_flux-projectile_text", lambda: fluxes.tabulated_flux(E2, [1, 1], projectile="nu_e"), "projectile")
case("tabulated_flux-below_mass", lambda: fluxes.tabulated_flux([50.0, 200.0], [1, 1], projectile=CHI), "E_keV")
case("tabulated_flux-interpolation", lambda: fluxes.tabulated_flux(E2, [1, 1], projectile=NU, interpolation="cubic"),
     "interpolation")
case("tabulated_flux-energy", lambda: fluxes.tabulated_flux(E2, [1, 1], projectile=NU, energy="kin"), "energy")
case("tabulated_flux-solid_angle", lambda: fluxes.tabulated_flux(E2, [1, 1], projectile=NU, solid_angle_sr=-1.0),
     "solid_angle_sr")
case("tabulated_flux-delta_power", lambda: fluxes.tabulated_flux(E2, [1, 1], projectile=NU, delta_power=NAN),
     "delta_power")
for k, v in {"neg": lambda E: -E, "nan": lambda E: E * NAN, "zero": lambda E: 0 * E}.items():
    case(f"callable_flux-f_{k}", lambda v=v: fluxes.callable_flux(v, 1.0, 10.0, projectile=NU), ("dphi_dE", "f"))
for k, (lo, hi) in {"reversed": (10.0, 1.0), "inf": (1.0, INF), "nan": (NAN, 2.0), "neg": (-1.0, 2.0)}.items():
    case(f"callable_flux-range_{k}", lambda lo=lo, hi=hi: fluxes.callable_flux(np.ones_like, lo, hi, projectile=NU),
         ("E_min_keV", "E_max_keV"))
for k, v in {"below_mass": [(50.0, 1.0)], "zero_flux": [(500.0, 0.0)], "nan": [(NAN, 1.0)], "empty": [],
             "text": ["ab"], "neg_flux": [(500.0, -1.0)]}.items():
    case(f"line_flux-{k}", lambda v=v: fluxes.line_flux(v, projectile=CHI), ("E_keV", "phi_cm2_s", "lines"))
case("line_flux-outside_range", lambda: fluxes.line_flux((500.0, 1.0), projectile=NU, E_max_keV=400.0), "E_keV")
for k, args in {"amplitude": (0.0, 2.0, 1.0), "index_inf": (1.0, 1.0, 1.0), "E_min": (1.0, 2.0, -1.0),
                "pivot": (1.0, 2.0, 1.0, INF, -2.0)}.items():
    kw = {"pivot_keV": args[4]} if len(args) > 4 else {}
    case(f"power_law_flux-{k}", lambda a=args[:4], kw=kw: fluxes.power_law_flux(*a, projectile=NU, **kw),
         ("amplitude_cm2_s_keV", "index", "E_min_keV", "pivot_keV"))
case("flux-sum_projectiles", lambda: fluxes.line_flux((500.0, 1.0), projectile=NU)
     + fluxes.line_flux((500.0, 1.0), projectile=CHI), "projectile")
case("flux-abstract", lambda: fluxes.Flux(name="x", projectile=NU, E_min_keV=1.0, E_max_keV=2.0), "Flux")
case("flavour_quadrature-n", lambda: SUN.flavour_quadrature(n=0), "n")
case("flavour_quadrature-E_lo", lambda: SUN.flavour_quadrature(E_lo=NAN), "E_lo")
case("solar_neutrinos-oscillated", lambda: fluxes.solar_neutrinos(oscillated="yes"), "oscillated")

for k, v in {"neg": -1.0, "nan": NAN, "text": "abc"}.items():
    case(f"survival_probability-E_{k}", lambda v=v: oscillations.survival_probability(v, "pp"), "E_keV")
case("survival_probability-component", lambda: oscillations.survival_probability(1.0, "CNO"), "component")
case("survival_probability-radius", lambda: oscillations.survival_probability(1.0, r_over_Rsun=-0.1), "r_over_Rsun")
case("electron_density-radius", lambda: oscillations.electron_density_cm3(1.5), "r_over_Rsun")
case("OscillationParameters-theta13", lambda: oscillations.OscillationParameters(0.3, 0.0, 7e-5), "sin2_theta13")


def _det(**kw):
    args = dict(name="d", target="Ge", threshold_keV=0.1, background_cpkkd=0.1)
    args.update(kw)
    return lambda: detectors.Detector(**args)


for k, v in {"zero": 0.0, "nan": NAN, "array": [1.0, 2.0]}.items():
    case(f"Detector-exposure_{k}", _det(exposure_kg_day=v), "exposure_kg_day")
for k, v in {"reversed": (2.0, 1.0), "below_threshold": (0.01, 1.0), "nan": (NAN, 1.0), "three": (0.1, 1.0, 2.0)}.items():
    case(f"Detector-window_{k}", _det(window_keV=v), "window_keV")
case("Detector-efficiency", _det(efficiency=1.0), "efficiency")
case("Detector-resolution", _det(resolution=0.1), "resolution")
case("Detector-target_case", _det(target="ge"), "target")
case("Detector-target_type", _det(target=3.5), "target")
XE = detectors.LXE_NEXT_GEN.with_(exposure_kg_day=1e3, window_keV=(0.5, 5.0))
case("exposure_sensitivity-statistic", lambda: exposure_sensitivity(XE, SUN, "FEA", statistic="cls"), "statistic")
case("exposure_sensitivity-cl", lambda: exposure_sensitivity(XE, SUN, "FEA", cl=1.5), "cl")
case("exposure_sensitivity-n_bins", lambda: exposure_sensitivity(XE, SUN, "FEA", statistic="asimov", n_bins=0), "n_bins")
case("exposure_sensitivity-keyword", lambda: exposure_sensitivity(XE, SUN, "FEA", pmax_au=50.0), "pmax_au")
case("sensitivity-keyword", lambda: sensitivity(flux=SUN, method="FEA", detector=XE, n_e=3), "n_e")
case("TabulatedBackground-T", lambda: detectors.TabulatedBackground([1.0], [1.0]), "T_keV")
case("TabulatedBackground-negative", lambda: detectors.TabulatedBackground([1.0, 2.0], [1.0, -2.0]), "cpkkd")
for bad in ("ge", "nai", "Xx", "NaI(", ""):
    case(f"target-{bad or 'empty'}", lambda bad=bad: ml.target(bad), "element")
for bad in ("1:0.5:3", "a,b", "0:1:3", "-1"):
    case(f"cli.parse_grid-{bad}", lambda bad=bad: parse_grid(bad, "--T-keV"), "--T-keV")


@pytest.mark.parametrize("call, arg", CASES)
def test_bad_input(call, arg):
    args = (arg,) if isinstance(arg, str) else arg
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            try:
                result = call()
            except ValueError as exc:
                msg = str(exc)
            except Exception as exc:  # noqa: BLE001 - any other type is a failure
                pytest.fail(f"raised {type(exc).__name__} instead of ValueError: {exc}", pytrace=False)
            else:
                pytest.fail(f"did not raise; returned {result!r}", pytrace=False)
    assert any(re.search(rf"(?<![\w-]){re.escape(a)}(?![\w])", msg) for a in args), \
        f"message does not name {' or '.join(args)}: {msg!r}"
    assert ALLOWED.search(msg), f"message does not state what is allowed: {msg!r}"
