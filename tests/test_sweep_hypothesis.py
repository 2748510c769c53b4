"""Property-based sweep of the public API's numeric arguments (issue 25): finite and ≥ 0, or a
ValueError naming the argument.

Every public function with a numeric argument is listed in :data:`CALLS` with a valid call. For each,
hypothesis replaces ONE argument by an adversarial value — any float64 (NaN, ±inf, subnormals,
±1e308), any integer, NumPy scalars, ``True``, a numeric string, ``None``, a list, an empty array,
an array of the wrong shape — keeps the others valid, and requires that the call either

* returns numbers that are all finite and ≥ 0 (``inf`` only where a function documents it, e.g. a
  sensitivity whose signal vanishes; a sign only where the quantity has one, e.g. p_z), or
* raises :class:`ValueError` whose message names the argument (as a whole word).

Python warnings are errors (the project's ``filterwarnings = error``, and ``-W error`` on the command
line), so an overflow or invalid operation on the way fails even if its NaN is masked later. The draws
are derandomised (reproducible, no example database); the whole sweep runs in about ten seconds.
For a longer hunt with new cases: ``MCPRIA_SWEEP_SCALE=20 MCPRIA_SWEEP_SEED=7 pytest tests/test_sweep_hypothesis.py``
(more examples per function, random draws from that seed).
"""

from __future__ import annotations

import math
import os
import re
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import mcpria_lite as ml
from mcpria_lite import kinematics as kin
from mcpria_lite.detection import detectors as D
from mcpria_lite.detection import response as R
from mcpria_lite.inference import likelihood as lk
from mcpria_lite.inference import statistics as S
from mcpria_lite.inference.exposure import exposure_sensitivity
from mcpria_lite.particles import projectiles as P
from mcpria_lite.particles.equivalent_photons import equivalent_photon_number
from mcpria_lite import units
from mcpria_lite.sources.oscillations import electron_density_cm3, survival_probability
from mcpria_lite.sources.solar import fermi_function_positron
from mcpria_lite.targets.ionization_factor import ionization_factor
from mcpria_lite.targets.lookup import z_effective
from mcpria_lite.targets.photoabsorption import photoabsorption_cross_section

_SCALE = float(os.environ.get("MCPRIA_SWEEP_SCALE", "1"))
_SEED = os.environ.get("MCPRIA_SWEEP_SEED")
SETTINGS = dict(deadline=None, derandomize=_SEED is None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# ------------------------------------------------------------------------------------------------
# adversarial values
# ------------------------------------------------------------------------------------------------
_SPECIAL = [0.0, -0.0, -1.0, 1e-320, 5e-324, 1e-300, 1e-30, 1e30, 1e154, 1e200, 1e300, 1.7976931348623157e308,
            -1e300, math.nan, math.inf, -math.inf, np.float32(1.0), np.int64(3), np.float64(0.5), True, False,
            "1.0", None, [1.0, 2.0], [], np.array([]), np.ones((2, 2)), 0.5 + 0.5j]
ADVERSARIAL = st.one_of(
    st.sampled_from(_SPECIAL),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e4, 1e4),
    st.integers(-10**6, 10**6),
)


@dataclass
class Call:
    """A valid call ``fn(**kwargs)`` whose arguments ``numeric`` are swept; ``names`` maps an
    argument to the words an error may use for it; ``result`` turns the return value into numbers."""

    fn: Callable
    kwargs: dict
    numeric: tuple
    names: dict = field(default_factory=dict)
    result: Callable = lambda r: r  # noqa: E731
    allow_inf: bool = False
    signed: bool = False  # the quantity has a sign (only finiteness is required)
    examples: int = 25
    values: st.SearchStrategy = ADVERSARIAL


NU_PP = ml.solar_neutrinos(["pp"])
DCR = ml.dark_cosmic_rays(1.0)
NU = P.neutrino()
GE = ml.target("Ge")
HPGE = D.HPGE_NEXT_GEN.with_(exposure_kg_day=1e3, window_keV=(0.1, 1.0))
T5 = np.array([0.1, 0.3, 1.0, 3.0, 10.0])


def _total(flux):
    return flux.total()


CALLS: dict[str, Call] = {
    # kinematics
    "kin.momentum": Call(kin.momentum, dict(E_keV=10.0, m_keV=1.0), ("E_keV", "m_keV")),
    "kin.total_energy": Call(kin.total_energy, dict(m_keV=1.0, beta=0.5), ("m_keV", "beta")),
    "kin.T_max": Call(kin.T_max, dict(E_keV=10.0, m_keV=1.0), ("E_keV", "m_keV")),
    "kin.E_min": Call(kin.E_min, dict(T_keV=1.0, m_keV=1.0), ("T_keV", "m_keV")),
    "kin.E_min_impulse": Call(kin.E_min_impulse, dict(T_keV=1.0, m_keV=1.0, p_max_au=100.0),
                              ("T_keV", "m_keV", "p_max_au")),
    "kin.q_range": Call(kin.q_range, dict(T_keV=1.0, E_keV=10.0, m_keV=1.0), ("T_keV", "E_keV", "m_keV"),
                        result=lambda r: np.concatenate([np.ravel(x) for x in r])),
    "kin.pz_au": Call(kin.pz_au, dict(T_keV=1.0, E_keV=10.0, m_keV=1.0, cos_theta=0.5),
                      ("T_keV", "E_keV", "m_keV", "cos_theta"), signed=True),
    "kin.dsigma_dT_free": Call(kin.dsigma_dT_free, dict(T_keV=1.0, E_keV=100.0, m_keV=1.0, delta=1.0),
                               ("T_keV", "E_keV", "m_keV", "delta")),
    "kin.klein_nishina": Call(kin.klein_nishina_dsigma_dT, dict(T_keV=1.0, E_gamma_keV=100.0),
                              ("T_keV", "E_gamma_keV")),
    # projectiles and interactions
    "Projectile": Call(lambda mass_keV: P.Projectile(name="x", mass_keV=mass_keV), dict(mass_keV=1.0),
                       ("mass_keV",), result=lambda p: p.mass_keV),
    "millicharged_particle": Call(P.millicharged_particle, dict(mass_keV=1.0), ("mass_keV",),
                                  result=lambda p: p.mass_keV),
    "Millicharge": Call(ml.Millicharge, dict(delta=1e-9), ("delta",), result=lambda i: i.coefficients()),
    "MagneticMoment": Call(ml.MagneticMoment, dict(mu_B=1e-11), ("mu_B",), result=lambda i: i.coefficients()),
    "ChargeRadius": Call(ml.ChargeRadius, dict(r2_cm2=1e-32), ("r2_cm2",), result=lambda i: i.coefficients(),
                         signed=True),
    "Weak": Call(ml.Weak, dict(sin2_theta_w=0.23), ("sin2_theta_w",), result=lambda i: i.sin2_theta_w),
    # targets
    "target.p_max_au": Call(lambda p_max_au: ml.target("Ge", p_max_au=p_max_au).p_max_au, dict(p_max_au=50.0),
                            ("p_max_au",)),
    "Target.compton_profile": Call(GE.compton_profile, dict(pz_au=0.5), ("pz_au",)),
    "Target.photoabsorption": Call(GE.photoabsorption, dict(E_keV=1.0), ("E_keV",)),
    "z_effective": Call(lambda T_keV: z_effective("Ge", T_keV), dict(T_keV=1.0), ("T_keV",)),
    "photoabsorption_cross_section": Call(lambda Z, E_keV: photoabsorption_cross_section(Z, E_keV),
                                          dict(Z=32, E_keV=1.0), ("Z", "E_keV"), names={"Z": ("Z", "element")}),
    "ionization_factor": Call(lambda E_keV, q_keV: ionization_factor("Xe", E_keV, q_keV), dict(E_keV=0.1, q_keV=5.0),
                              ("E_keV", "q_keV"), examples=15),
    "survival_probability": Call(lambda E_keV: survival_probability(E_keV, "pp"), dict(E_keV=300.0), ("E_keV",)),
    "electron_density_cm3": Call(electron_density_cm3, dict(r_over_Rsun=0.1), ("r_over_Rsun",)),
    "fermi_function_positron": Call(lambda W_keV: fermi_function_positron(5, W_keV), dict(W_keV=800.0), ("W_keV",)),
    "E_lower_limit[RIA]": Call(lambda T_keV, m: ml.methods.E_lower_limit(T_keV, m, "RIA"), dict(T_keV=1.0, m=1.0),
                               ("T_keV", "m"), names={"m": ("m_keV",)}),
    "units.pz_au_to_keV": Call(units.pz_au_to_keV, dict(pz_au=1.0), ("pz_au",), signed=True),
    # cross sections
    **{f"dsigma_dT[{m}]": Call(lambda T_keV, E_keV, m_keV, delta, m=m: ml.dsigma_dT("Ge", T_keV, E_keV, m_keV, delta, m),
                               dict(T_keV=1.0, E_keV=1e3, m_keV=1.0, delta=1e-9),
                               ("T_keV", "E_keV", "m_keV", "delta"), examples=20)
       for m in ("RIA", "RIA-simplified", "FEA", "EPA")},
    "dsigma_dT[RIA].p_max_au": Call(lambda p_max_au: ml.dsigma_dT("Ge", 1.0, 1e3, 1.0, p_max_au=p_max_au),
                                    dict(p_max_au=80.0), ("p_max_au",), examples=15),
    "dsigma_dT[EPA].Q2_max": Call(lambda Q2_max: ml.dsigma_dT("Ge", 1.0, 1e3, 1.0, method="EPA", Q2_max=Q2_max),
                                  dict(Q2_max=10.0), ("Q2_max",), examples=15),
    "dsigma_dT[DFS]": Call(lambda T_keV, E_keV: ml.dsigma_dT("Ge", T_keV, E_keV, method="DFS", projectile=NU),
                           dict(T_keV=1.0, E_keV=1e3), ("T_keV", "E_keV"), examples=12),
    "ddcs": Call(lambda T_keV, E_keV, cos_theta: ml.ddcs("Ge", T_keV, E_keV, 1.0, cos_theta),
                 dict(T_keV=1.0, E_keV=1e3, cos_theta=0.999), ("T_keV", "E_keV", "cos_theta"), examples=15),
    "compton_dsigma_dT": Call(lambda T_keV, E_gamma_keV: ml.compton_dsigma_dT("Ge", T_keV, E_gamma_keV),
                              dict(T_keV=1.0, E_gamma_keV=100.0), ("T_keV", "E_gamma_keV"),
                              names={"E_gamma_keV": ("E_gamma_keV", "E_keV")}, examples=15),
    "equivalent_photon_number": Call(equivalent_photon_number,
                                     dict(T_keV=1.0, E_keV=1e3, m_keV=1.0, delta=1.0, m_regulator_keV=None,
                                          Q2_max=10.0),
                                     ("T_keV", "E_keV", "m_keV", "delta", "m_regulator_keV", "Q2_max")),
    # sources
    "dark_cosmic_rays": Call(ml.dark_cosmic_rays, dict(m_keV=1.0, alpha=2.7, solid_angle_sr=4.0, E_min_factor=10.0,
                                                       normalisation=30.0),
                             ("m_keV", "alpha", "solid_angle_sr", "E_min_factor", "normalisation"), result=_total,
                             names={"E_min_factor": ("E_min_factor", "E_min_keV")}),
    "power_law_flux": Call(lambda amplitude_cm2_s_keV, index, E_min_keV, E_max_keV: ml.power_law_flux(
                               amplitude_cm2_s_keV, index, E_min_keV, E_max_keV, projectile=NU),
                           dict(amplitude_cm2_s_keV=1.0, index=2.0, E_min_keV=1.0, E_max_keV=100.0),
                           ("amplitude_cm2_s_keV", "index", "E_min_keV", "E_max_keV"), result=_total),
    "tabulated_flux": Call(lambda E_keV, dphi_dE: ml.tabulated_flux(E_keV, dphi_dE, projectile=NU),
                           dict(E_keV=[1.0, 10.0, 100.0], dphi_dE=[1.0, 2.0, 0.5]), ("E_keV", "dphi_dE"),
                           result=_total,
                           values=st.one_of(ADVERSARIAL, st.lists(st.floats(allow_nan=True, allow_infinity=True),
                                                                  min_size=3, max_size=3))),
    "callable_flux": Call(lambda scale, E_min_keV, E_max_keV: ml.callable_flux(
                              lambda E: scale * np.exp(-E / 50.0), E_min_keV, E_max_keV, projectile=NU),
                          dict(scale=1.0, E_min_keV=1.0, E_max_keV=100.0), ("scale", "E_min_keV", "E_max_keV"),
                          result=_total, names={"scale": ("dphi_dE", "f")}),
    "line_flux": Call(lambda E_keV, phi: ml.line_flux((E_keV, phi), projectile=NU), dict(E_keV=100.0, phi=1.0),
                      ("E_keV", "phi"), result=_total, names={"phi": ("phi", "phi_cm2_s", "flux")}),
    "Flux.dphi_dE": Call(DCR.dphi_dE, dict(E_keV=100.0, delta=1e-9), ("E_keV", "delta")),
    "Flux.quadrature": Call(lambda E_lo, n: DCR.quadrature(E_lo=E_lo, n=n)[1], dict(E_lo=50.0, n=16), ("E_lo", "n")),
    # rates
    "dR_dT[FEA]": Call(lambda T_keV, delta, n_E: ml.dR_dT("Ge", T_keV, NU_PP, "FEA", delta, n_E=n_E),
                       dict(T_keV=1.0, delta=1e-12, n_E=16), ("T_keV", "delta", "n_E"), examples=15),
    "dR_dT[RIA] dark cosmic rays": Call(lambda T_keV, delta: ml.dR_dT("Ge", T_keV, DCR, "RIA", delta, n_E=16),
                                        dict(T_keV=1.0, delta=1e-9), ("T_keV", "delta"), examples=12),
    # detection
    "Detector": Call(lambda threshold_keV, background_cpkkd, exposure_kg_day: D.Detector(
                         "d", "Ge", threshold_keV, background_cpkkd, "test", exposure_kg_day=exposure_kg_day),
                     dict(threshold_keV=0.1, background_cpkkd=1.0, exposure_kg_day=10.0),
                     ("threshold_keV", "background_cpkkd", "exposure_kg_day"),
                     result=lambda d: [d.threshold_keV, d.threshold_background_cpkkd]),
    "Detector.window_keV": Call(lambda window_keV: D.HPGE_NEXT_GEN.with_(window_keV=window_keV).window_keV,
                                dict(window_keV=(0.1, 1.0)), ("window_keV",)),
    "TabulatedBackground": Call(lambda T_keV, cpkkd: D.TabulatedBackground(T_keV, cpkkd)(0.5),
                                dict(T_keV=[0.1, 1.0], cpkkd=[1.0, 2.0]), ("T_keV", "cpkkd")),
    "ErfEfficiency": Call(lambda T50_keV, width_keV: R.ErfEfficiency(T50_keV=T50_keV, width_keV=width_keV)(T5),
                          dict(T50_keV=0.2, width_keV=0.05), ("T50_keV", "width_keV")),
    "QuadratureResolution": Call(lambda sigma0_keV, fano, pair_energy_keV: R.QuadratureResolution(
                                     sigma0_keV=sigma0_keV, fano=fano, pair_energy_keV=pair_energy_keV)(T5),
                                 dict(sigma0_keV=0.03, fano=0.11, pair_energy_keV=2.96e-3),
                                 ("sigma0_keV", "fano", "pair_energy_keV")),
    "RelativeResolution": Call(lambda a, b: R.RelativeResolution(a=a, b=b)(T5), dict(a=0.3, b=0.004), ("a", "b")),
    "smear": Call(lambda T_keV, values: R.smear(T_keV, values, lambda t: 0.1 * np.sqrt(t)),
                  dict(T_keV=T5, values=np.ones(5)), ("T_keV", "values")),
    # inference
    "poisson_upper_limit": Call(S.poisson_upper_limit, dict(n_observed=3, background=1.0, cl=0.9),
                                ("n_observed", "background", "cl")),
    "feldman_cousins_upper_limit": Call(S.feldman_cousins_upper_limit, dict(n_observed=2, background=1.0, cl=0.9),
                                        ("n_observed", "background", "cl"), examples=20,
                                        values=st.one_of(st.sampled_from(_SPECIAL[:16] + _SPECIAL[16:22]),
                                                         st.floats(-5.0, 12.0), st.integers(-5, 12),
                                                         st.sampled_from([2000.0, 10**6, 1e300])),
                                        names={"n_observed": ("n_observed",)}),
    "median_upper_limit": Call(S.median_upper_limit, dict(background=3.0, cl=0.9), ("background", "cl")),
    "asimov_upper_limit": Call(S.asimov_upper_limit, dict(signal=np.array([1.0, 2.0]), background=np.array([3.0, 1.0]),
                                                          cl=0.9), ("signal", "background", "cl"), allow_inf=True),
    "expected_counts": Call(S.expected_counts, dict(T_keV=T5, dR_dT=np.ones(5), exposure_kg_day=10.0,
                                                    window_keV=(0.2, 5.0)),
                            ("T_keV", "dR_dT", "exposure_kg_day", "window_keV")),
    "background_counts": Call(S.background_counts, dict(background_cpkkd=1.0, exposure_kg_day=10.0,
                                                        window_keV=(0.2, 5.0)),
                              ("background_cpkkd", "exposure_kg_day", "window_keV")),
    "delta_limit": Call(S.delta_limit, dict(signal_limit=2.3, signal_at_delta_1=1e20, exponent=2.0),
                        ("signal_limit", "signal_at_delta_1", "exponent"), allow_inf=True),
    "critical_value": Call(lk.critical_value, dict(cl=0.9), ("cl",)),
    "asymptotic_coverage": Call(lk.asymptotic_coverage, dict(mu_over_sigma=1.0, cl=0.9), ("mu_over_sigma", "cl")),
    "sensitivity": Call(lambda threshold_keV, background_cpkkd: ml.sensitivity("Ge", NU_PP, "FEA", threshold_keV,
                                                                                background_cpkkd),
                        dict(threshold_keV=0.1, background_cpkkd=0.1), ("threshold_keV", "background_cpkkd"),
                        allow_inf=True, examples=15),
    "exposure_sensitivity": Call(lambda exposure_kg_day, cl: exposure_sensitivity(HPGE, NU_PP, "FEA",
                                                                                  exposure_kg_day=exposure_kg_day, cl=cl),
                                 dict(exposure_kg_day=1e3, cl=0.9), ("exposure_kg_day", "cl"), allow_inf=True,
                                 examples=8),
}


def _numbers(value) -> np.ndarray:
    if isinstance(value, (tuple, list)):
        return np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in value]) if value else np.zeros(0)
    return np.ravel(np.asarray(value, dtype=float))


def _names(call: Call, arg: str) -> tuple:
    return call.names.get(arg, (arg,))


def _check(call: Call, arg: str, value) -> None:
    kwargs = dict(call.kwargs, **{arg: value})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            out = call.result(call.fn(**kwargs))
        except ValueError as exc:
            msg = str(exc)
            named = any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9])", msg) for n in _names(call, arg))
            assert named, f"{arg}={value!r}: the ValueError does not name {arg!r}: {msg}"
            return
    x = _numbers(out)
    ok = np.isfinite(x) | (call.allow_inf & (x == np.inf))
    assert np.all(ok), f"{arg}={value!r}: returned a non-finite value {x[~ok][:4]}"
    if not call.signed:
        assert np.all(x >= 0), f"{arg}={value!r}: returned a negative value {x[x < 0][:4]}"


@pytest.mark.parametrize("name", sorted(CALLS))
def test_finite_and_nonnegative_or_a_valueerror_naming_the_argument(name):
    call = CALLS[name]
    _check(call, call.numeric[0], call.kwargs[call.numeric[0]])  # the valid call itself passes

    @settings(max_examples=max(1, int(call.examples * _SCALE)), **SETTINGS)
    @given(arg=st.sampled_from(call.numeric), value=call.values)
    def sweep(arg, value):
        _check(call, arg, value)

    if _SEED is not None:
        sweep = seed(int(_SEED))(sweep)
    sweep()
