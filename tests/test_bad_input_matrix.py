"""Bad input to every public function: a ValueError naming the argument, or the documented zero.

One parametrised matrix over the public API (kinematics, atoms/Target, compounds, cross sections,
fluxes, detectors, rates, sensitivities). Each case is either

* ``raises(arg)``: the call must raise :class:`ValueError` (not TypeError, not a NumPy error,
  never a silent NaN) whose message names the argument ``arg`` (as a whole word) and states what
  is allowed (a range, the allowed values, or that the shapes must broadcast); or
* ``finite`` (extreme but allowed values, e.g. E = 1e200 keV): either a ValueError naming the
  argument, or a finite, non-negative result -- never NaN or inf; floating-point underflow is
  allowed on the way (rounding to 0 is legitimate), overflow and invalid operations are not;
* ``zero``: an input the documentation declares physically empty (T above a method's own limit,
  below every binding energy, outside a flux's range, …) must return exactly 0 — finite, no
  warning — while a nearby allowed input (the ``control``) returns a positive number, so that
  the zero is not the function being broken.

Warnings are errors inside every case (and NumPy floating-point errors raise), so a NaN produced
on the way also fails. Cases that currently misbehave are marked ``xfail(strict=True)`` with the
reason ``BUG: …`` (so the suite turns red once they are fixed and the mark must go). The run ends
with a summary line printed by ``tests/conftest.py``::

    bad-input matrix: N cases, R raised ValueError naming the argument ..., Z returned the documented zero ...
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite import methods as ml_methods
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite.detection import detectors
from mcpria_lite import sources as fluxes
from mcpria_lite.rates import event_rates as rates
from mcpria_lite.inference import sensitivities
from mcpria_lite import kinematics as kin

NAN, INF = math.nan, math.inf
# The message must say what is allowed: one of these phrases.
ALLOWED_PHRASE = re.compile(r"allowed|must|one of|broadcast|required|range|\bin \[|\bin \(", re.I)


@dataclass(frozen=True)
class Case:
    id: str
    call: Callable[[], object]
    args: tuple[str, ...] = ()  # accepted argument names in the message (raise cases)
    zero: bool = False  # documented zero instead of an exception
    inf: bool = False  # documented inf (sensitivity when the rate vanishes)
    control: Callable[[], object] | None = None  # nearby valid input that must give > 0
    bug: str | None = None  # known misbehaviour: xfail(strict=True, reason=bug)
    finite: bool = False  # extreme but allowed input: finite >= 0 result or a ValueError naming args
    extreme: bool = False  # tolerate floating-point underflow (values near the float range)


CASES: list[Case] = []


def raises(id_, call, arg, bug=None):
    CASES.append(Case(id_, call, (arg,) if isinstance(arg, str) else tuple(arg), bug=bug))


def zero(id_, call, control, bug=None, extreme=False):
    CASES.append(Case(id_, call, zero=True, control=control, bug=bug, extreme=extreme))


def finite(id_, call, arg, bug=None):
    CASES.append(Case(id_, call, (arg,) if isinstance(arg, str) else tuple(arg), finite=True, bug=bug,
                      extreme=True))


# ------------------------------------------------------------------------------------------------
# shared bad values
# ------------------------------------------------------------------------------------------------
BAD_ENERGY = {"neg": -1.0, "zero": 0.0, "nan": NAN, "inf": INF, "-inf": -INF, "text": "abc"}
BAD_MASS = {"neg": -1.0, "nan": NAN, "inf": INF, "-inf": -INF, "array": [1.0, 2.0], "text": "abc"}
BAD_DELTA = {"zero": 0.0, "neg": -1e-3, "nan": NAN, "inf": INF}
BAD_COS = {"nan": NAN, "inf": INF, "above1": 1.5, "below-1": -1.5}
T0, E0, M0 = 1.0, 1e3, 10.0  # a valid (T, E, m): T < E − m


def _with(fn, **kw):
    return lambda: fn(**kw)


# ------------------------------------------------------------------------------------------------
# kinematics
# ------------------------------------------------------------------------------------------------
TEM_FUNCS = {
    "final_momentum": kin.final_momentum,
    "k_minus_kprime": kin.k_minus_kprime,
    "q_range": kin.q_range,
    "pz_range_au": kin.pz_range_au,
    "dsigma_dT_free": kin.dsigma_dT_free,
}
TEMC_FUNCS = {"q_squared": kin.q_squared, "mandelstam_t": kin.mandelstam_t, "pz_au": kin.pz_au}


def _tem_call(f, T, E, m, extra=()):
    return lambda: f(T, E, m, *extra)


for name, f in {**TEM_FUNCS, **TEMC_FUNCS}.items():
    extra = (0.5,) if name in TEMC_FUNCS else ()
    for k, v in BAD_ENERGY.items():
        raises(f"kin.{name}-T_{k}", _tem_call(f, v, E0, M0, extra), "T_keV")
        raises(f"kin.{name}-E_{k}", _tem_call(f, T0, v, M0, extra), "E_keV")
    for k, v in BAD_MASS.items():
        raises(f"kin.{name}-m_{k}", _tem_call(f, T0, E0, v, extra), "m_keV")
    raises(f"kin.{name}-E_eq_m", _tem_call(f, T0, M0, M0, extra), "E_keV")
    raises(f"kin.{name}-T_eq_E-m", _tem_call(f, E0 - M0, E0, M0, extra), "T_keV")
    raises(f"kin.{name}-T_above_E-m", _tem_call(f, 2 * E0, E0, M0, extra), "T_keV")
    raises(f"kin.{name}-shapes", _tem_call(f, np.ones(3), np.full(2, E0), M0, extra), ("T_keV", "E_keV"))
for name, f in TEMC_FUNCS.items():
    for k, v in BAD_COS.items():
        raises(f"kin.{name}-cos_{k}", (lambda f=f, v=v: f(T0, E0, M0, v)), "cos_theta")
    raises(f"kin.{name}-cos_shape", (lambda f=f: f(np.ones(3), np.full(3, E0), M0, np.zeros(2))),
           ("cos_theta", "T_keV", "E_keV"))
for k, v in BAD_DELTA.items():
    raises(f"kin.dsigma_dT_free-delta_{k}", lambda v=v: kin.dsigma_dT_free(T0, E0, M0, v), "delta")

for name, f in {"momentum": kin.momentum, "T_max": kin.T_max, "check_projectile": kin.check_projectile}.items():
    for k, v in BAD_ENERGY.items():
        raises(f"kin.{name}-E_{k}", lambda f=f, v=v: f(v, M0), "E_keV")
    for k, v in BAD_MASS.items():
        raises(f"kin.{name}-m_{k}", lambda f=f, v=v: f(E0, v), "m_keV")
    raises(f"kin.{name}-E_below_m", lambda f=f: f(5.0, M0), "E_keV")

for name, f in {"E_min": kin.E_min, "E_min_impulse": kin.E_min_impulse}.items():
    for k, v in BAD_ENERGY.items():
        raises(f"kin.{name}-T_{k}", lambda f=f, v=v: f(v, M0), "T_keV")
    for k, v in BAD_MASS.items():
        raises(f"kin.{name}-m_{k}", lambda f=f, v=v: f(T0, v), "m_keV")
for k, v in {"neg": -1.0, "nan": NAN, "inf": INF}.items():
    raises(f"kin.E_min_impulse-p_max_{k}", lambda v=v: kin.E_min_impulse(T0, M0, v), "p_max_au")

for k, v in BAD_ENERGY.items():
    raises(f"kin.klein_nishina-T_{k}", lambda v=v: kin.klein_nishina_dsigma_dT(v, 100.0), "T_keV")
    raises(f"kin.klein_nishina-E_{k}", lambda v=v: kin.klein_nishina_dsigma_dT(T0, v), ("E_gamma_keV", "E_keV"))
    raises(f"kin.pz_of_q_au-q_{k}", lambda v=v: kin.pz_of_q_au(v, T0), "q_keV")
    raises(f"kin.pz_of_q_au-T_{k}", lambda v=v: kin.pz_of_q_au(10.0, v), "T_keV")
    raises(f"kin.q_of_pz-T_{k}", lambda v=v: kin.q_of_pz(1.0, v), "T_keV")
for k, v in {"nan": NAN, "inf": INF, "-inf": -INF, "text": "abc"}.items():
    raises(f"kin.q_of_pz-pz_{k}", lambda v=v: kin.q_of_pz(v, T0), "pz_au")
raises("kin.klein_nishina-T_eq_E", lambda: kin.klein_nishina_dsigma_dT(100.0, 100.0), "T_keV")
raises("kin.pz_of_q_au-shapes", lambda: kin.pz_of_q_au(np.full(3, 10.0), np.ones(2)), ("q_keV", "T_keV"))
raises("kin.q_of_pz-shapes", lambda: kin.q_of_pz(np.zeros(3), np.ones(2)), ("pz_au", "T_keV"))

# documented zeros of the free-electron formulas: above the free endpoint T_max (but T < E − m)
_M_HEAVY, _E_HEAVY = 1e6, 1e6 + 100.0  # 1 GeV particle with 100 keV kinetic energy: T_max ≈ 0.2 keV
_TMAX_HEAVY = float(kin.T_max(_E_HEAVY, _M_HEAVY))
zero("kin.dsigma_dT_free-T_above_T_max", lambda: kin.dsigma_dT_free(50.0, _E_HEAVY, _M_HEAVY),
     control=lambda: kin.dsigma_dT_free(0.5 * _TMAX_HEAVY, _E_HEAVY, _M_HEAVY))
zero("kin.klein_nishina-T_above_Compton_edge", lambda: kin.klein_nishina_dsigma_dT(99.0, 100.0),
     control=lambda: kin.klein_nishina_dsigma_dT(20.0, 100.0))


# ------------------------------------------------------------------------------------------------
# atoms: target() and Target methods
# ------------------------------------------------------------------------------------------------
GE = ml.target("Ge")
for k, v in {"unknown": "Qq", "lowercase": "ge", "Z0": 0, "Z101": 101, "bool": True, "float": 32.0,
             "none": None}.items():
    raises(f"atoms.target-element_{k}", lambda v=v: ml.target(v), "element")
raises("atoms.target-profiles_unknown", lambda: ml.target("Ge", profiles="hartree"), "profiles")
raises("atoms.target-valence_unknown", lambda: ml.target("Ge", valence="metal"), "valence")
for k, v in {"zero": 0.0, "neg": -5.0, "nan": NAN, "inf": INF, "above_mec": 200.0}.items():
    raises(f"atoms.target-p_max_{k}", lambda v=v: ml.target("Ge", p_max_au=v), "p_max_au")
for k, v in {"nan": NAN, "inf": INF, "-inf": -INF, "text": "abc"}.items():
    raises(f"Target.compton_profile-pz_{k}", lambda v=v: GE.compton_profile(v), "pz_au")
    raises(f"Target.shell_profiles-pz_{k}", lambda v=v: GE.shell_profiles(v), "pz_au")
for k, v in {"unknown_label": "X9", "index_high": 99, "index_low": -99, "float": 1.5, "bool": True,
             "wrong_element": "5p"}.items():
    raises(f"Target.compton_profile-shell_{k}", lambda v=v: GE.compton_profile(0.0, shell=v), "shell")
for k, v in BAD_ENERGY.items():
    raises(f"Target.photoabsorption-E_{k}", lambda v=v: GE.photoabsorption(v), "E_keV")
raises("Target.photoabsorption-E_below_table", lambda: GE.photoabsorption(1e-3), "E_keV")
raises("Target.photoabsorption-E_above_table", lambda: GE.photoabsorption(1e6), "E_keV")
raises("Target.photoabsorption-source_unknown", lambda: GE.photoabsorption(1.0, source="nist"), "source")
for k, v in {"neg": -1.0, "nan": NAN, "inf": INF}.items():
    raises(f"Target.ionizable_electrons-T_{k}", lambda v=v: GE.ionizable_electrons(v), "T_keV")
zero("Target.compton_profile-beyond_p_max", lambda: GE.compton_profile(150.0),
     control=lambda: GE.compton_profile(90.0))
zero("Target.ionizable_electrons-below_IE1", lambda: GE.ionizable_electrons(0.005),
     control=lambda: GE.ionizable_electrons(0.01))


# compounds (target() reads any other string as a chemical formula)
for k, v in {"unknown_element": "NaXx", "unbalanced": "Na(I", "empty": ""}.items():
    raises(f"compounds.target-formula_{k}", lambda v=v: ml.target(v), "element")
raises("compounds.target-profiles_unknown", lambda: ml.target("NaI", profiles="hartree"), "profiles")
raises("compounds.target-valence_unknown", lambda: ml.target("NaI", valence="metal"), "valence")
for k, v in {"neg": -1.0, "nan": NAN, "above_mec": 200.0}.items():
    raises(f"compounds.target-p_max_{k}", lambda v=v: ml.target("NaI", p_max_au=v), "p_max_au")
NAI = ml.target("NaI")
raises("Compound.compton_profile-shell_unknown", lambda: NAI.compton_profile(0.0, shell="X9"), "shell")
raises("Compound.compton_profile-shell_index", lambda: NAI.compton_profile(0.0, shell=99), "shell")
raises("Compound.compton_profile-pz_nan", lambda: NAI.compton_profile(NAN), "pz_au")
raises("Compound.photoabsorption-E_neg", lambda: NAI.photoabsorption(-1.0), "E_keV")
raises("Compound.photoabsorption-source_unknown", lambda: NAI.photoabsorption(1.0, source="nist"), "source")
raises("Compound.ionizable_electrons-T_neg", lambda: NAI.ionizable_electrons(-1.0), "T_keV")
zero("Compound.dsigma_dT[RIA]-T_below_every_binding", lambda: ml.dsigma_dT(NAI, 0.003, 1e3, 10.0),
     control=lambda: ml.dsigma_dT(NAI, 0.02, 1e3, 10.0))


# ------------------------------------------------------------------------------------------------
# cross sections
# ------------------------------------------------------------------------------------------------
METHODS = cs.METHODS
_EPA = {"m_regulator_keV": 1e-4}


def _xs(method="RIA", target="Ge", T=T0, E=E0, m=M0, delta=1.0, **kw):
    return lambda: ml.dsigma_dT(target, T, E, m, delta, method, **kw)


for meth in METHODS:
    for k, v in BAD_ENERGY.items():
        raises(f"xs.dsigma_dT[{meth}]-T_{k}", _xs(meth, T=v), "T_keV")
        raises(f"xs.dsigma_dT[{meth}]-E_{k}", _xs(meth, E=v), "E_keV")
    for k, v in BAD_MASS.items():
        raises(f"xs.dsigma_dT[{meth}]-m_{k}", _xs(meth, m=v), "m_keV")
    for k, v in BAD_DELTA.items():
        raises(f"xs.dsigma_dT[{meth}]-delta_{k}", _xs(meth, delta=v), "delta")
    raises(f"xs.dsigma_dT[{meth}]-delta_array", _xs(meth, delta=[1.0, 2.0]), "delta")
    raises(f"xs.dsigma_dT[{meth}]-E_eq_m", _xs(meth, E=M0), "E_keV")
    raises(f"xs.dsigma_dT[{meth}]-T_eq_E-m", _xs(meth, T=E0 - M0), "T_keV")
    raises(f"xs.dsigma_dT[{meth}]-T_above_E-m", _xs(meth, T=5 * E0), "T_keV")
    raises(f"xs.dsigma_dT[{meth}]-shapes", _xs(meth, T=np.ones(3), E=np.full(2, E0)), ("T_keV", "E_keV"))
    raises(f"xs.dsigma_dT[{meth}]-target_unknown", _xs(meth, target="Qq"), "element")
    raises(f"xs.dsigma_dT[{meth}]-target_Z0", _xs(meth, target=0), "element")
raises("xs.dsigma_dT-method_unknown", _xs("CIA"), "method")
raises("xs.dsigma_dT-method_lowercase", _xs("ria"), "method")
raises("xs.dsigma_dT-prefactor_unknown", _xs(prefactor="approx"), "prefactor")
for k, v in {"zero": 0.0, "neg": -1.0, "nan": NAN, "inf": INF, "above_mec": 200.0}.items():
    raises(f"xs.dsigma_dT[RIA]-p_max_{k}", _xs(p_max_au=v), "p_max_au")
raises("xs.dsigma_dT[RIA]-p_max_forward_singular_m0", _xs(m=0.0, p_max_au=cs.PZ_FORWARD_AU), "p_max_au")
raises("xs.dsigma_dT[EPA]-m0_without_regulator", _xs("EPA", m=0.0), "m_regulator_keV")
for k, v in {"zero": 0.0, "neg": -1.0, "nan": NAN, "inf": INF}.items():
    raises(f"xs.dsigma_dT[EPA]-m_regulator_{k}", _xs("EPA", m=0.0, m_regulator_keV=v), "m_regulator_keV")
    raises(f"xs.dsigma_dT[EPA]-Q2_max_{k}", _xs("EPA", Q2_max=v), "Q2_max")
raises("xs.dsigma_dT[EPA]-Q2_max_unknown", _xs("EPA", Q2_max="q2"), "Q2_max")
raises("xs.dsigma_dT[EPA]-photoabsorption_source_unknown", _xs("EPA", photoabsorption_source="nist"), "source")
# the EPA needs σ_γ(T); outside the photoabsorption table the error must name T (the argument the
# caller gave), not the internal photon-energy name of Target.photoabsorption
raises("xs.dsigma_dT[EPA]-T_below_photoabsorption_table", _xs("EPA", T=0.005), "T_keV")

# documented zeros
zero("xs.dsigma_dT[FEA]-T_above_free_endpoint", _xs("FEA", T=50.0, E=_E_HEAVY, m=_M_HEAVY),
     control=_xs("FEA", T=0.5 * _TMAX_HEAVY, E=_E_HEAVY, m=_M_HEAVY))
for meth in ("RIA", "RIA-simplified", "FEA"):
    zero(f"xs.dsigma_dT[{meth}]-T_below_every_binding", _xs(meth, T=0.005), control=_xs(meth, T=0.02))
# a slow heavy particle: the p_z window [p_z(k − k′), p_z(k + k′)] lies beyond the profile support
_M_SLOW, _E_SLOW = 1e6, 1e6 + 1.0
zero("xs.dsigma_dT[RIA]-window_beyond_p_max", _xs("RIA", T=0.9, E=_E_SLOW, m=_M_SLOW),
     control=_xs("RIA", T=0.05, E=_E_SLOW, m=_M_SLOW))
# the simplified kernel (an electron at rest) ends at the free end point T_max(E) (issue 25): beyond it, zero
zero("xs.dsigma_dT[RIA-simplified]-T_beyond_free_endpoint", _xs("RIA-simplified", T=1000.0, E=2001.0, m=1000.0),
     control=_xs("RIA-simplified", T=100.0, E=2001.0, m=1000.0))
zero("xs.equivalent_photon_number-Q2min_above_Q2max",
     lambda: cs.equivalent_photon_number(1.0, 2e3, 1e3, Q2_max=1e-6),
     control=lambda: cs.equivalent_photon_number(1.0, 2e3, 1e3, Q2_max=10.0))

for meth in ("RIA", "RIA-simplified"):
    def _dd(meth=meth, T=T0, E=E0, m=M0, c=0.5, delta=1.0, target="Ge"):
        return lambda: ml.ddcs(target, T, E, m, c, delta, meth)

    for k, v in BAD_ENERGY.items():
        raises(f"xs.ddcs[{meth}]-T_{k}", _dd(T=v), "T_keV")
        raises(f"xs.ddcs[{meth}]-E_{k}", _dd(E=v), "E_keV")
    for k, v in BAD_MASS.items():
        raises(f"xs.ddcs[{meth}]-m_{k}", _dd(m=v), "m_keV")
    for k, v in BAD_COS.items():
        raises(f"xs.ddcs[{meth}]-cos_{k}", _dd(c=v), "cos_theta")
    for k, v in BAD_DELTA.items():
        raises(f"xs.ddcs[{meth}]-delta_{k}", _dd(delta=v), "delta")
    raises(f"xs.ddcs[{meth}]-T_above_E-m", _dd(T=2 * E0), "T_keV")
    raises(f"xs.ddcs[{meth}]-shapes_TE", _dd(T=np.ones(3), E=np.full(2, E0)), ("T_keV", "E_keV"))
    raises(f"xs.ddcs[{meth}]-shapes_cos", _dd(T=np.ones(3), c=np.zeros(2)), ("cos_theta", "T_keV"))
    raises(f"xs.ddcs[{meth}]-target_unknown", _dd(target="Qq"), "element")
    zero(f"xs.ddcs[{meth}]-T_below_every_binding", _dd(T=0.005), control=_dd(T=0.02, c=0.999))
raises("xs.ddcs-method_FEA", lambda: ml.ddcs("Ge", T0, E0, M0, 0.5, method="FEA"), "method")

for k, v in BAD_ENERGY.items():
    raises(f"xs.compton-T_{k}", lambda v=v: ml.compton_dsigma_dT("Ge", v, 100.0), "T_keV")
    raises(f"xs.compton-E_{k}", lambda v=v: ml.compton_dsigma_dT("Ge", T0, v), ("E_gamma_keV", "E_keV"))
raises("xs.compton-T_eq_E", lambda: ml.compton_dsigma_dT("Ge", 100.0, 100.0), "T_keV")
raises("xs.compton-shapes", lambda: ml.compton_dsigma_dT("Ge", np.ones(3), np.full(2, 100.0)), ("T_keV", "E_keV"))
raises("xs.compton-target_unknown", lambda: ml.compton_dsigma_dT("Qq", T0, 100.0), "element")
for k, v in {"zero": 0.0, "nan": NAN, "above_mec": 200.0}.items():
    raises(f"xs.compton-p_max_{k}", lambda v=v: ml.compton_dsigma_dT("Ge", T0, 100.0, p_max_au=v), "p_max_au")
zero("xs.compton-T_below_every_binding", lambda: ml.compton_dsigma_dT("Ge", 0.005, 100.0),
     control=lambda: ml.compton_dsigma_dT("Ge", 0.05, 100.0))

for k, v in BAD_ENERGY.items():
    raises(f"xs.equivalent_photon_number-T_{k}", lambda v=v: cs.equivalent_photon_number(v, E0, M0), "T_keV")
    raises(f"xs.equivalent_photon_number-E_{k}", lambda v=v: cs.equivalent_photon_number(T0, v, M0), "E_keV")
for k, v in BAD_MASS.items():
    raises(f"xs.equivalent_photon_number-m_{k}", lambda v=v: cs.equivalent_photon_number(T0, E0, v), "m_keV")
for k, v in BAD_DELTA.items():
    raises(f"xs.equivalent_photon_number-delta_{k}", lambda v=v: cs.equivalent_photon_number(T0, E0, M0, v), "delta")
raises("xs.equivalent_photon_number-m0_without_regulator", lambda: cs.equivalent_photon_number(T0, E0, 0.0),
       "m_regulator_keV")
raises("xs.equivalent_photon_number-T_above_E-m", lambda: cs.equivalent_photon_number(2 * E0, E0, M0), "T_keV")
raises("xs.equivalent_photon_number-Q2_max_shape",
       lambda: cs.equivalent_photon_number(np.ones(3), E0, M0, Q2_max=np.ones(2)), ("Q2_max", "T_keV"))

for k, v in {"neg": -1.0, "zero": 0.0, "nan": NAN, "inf": INF}.items():
    raises(f"xs.z_effective-T_{k}", lambda v=v: cs.z_effective("Ge", v), "T_keV")
raises("xs.z_effective-target_unknown", lambda: cs.z_effective("Qq", 1.0), "element")
zero("xs.z_effective-below_every_binding", lambda: cs.z_effective("Ge", 0.005),
     control=lambda: cs.z_effective("Ge", 0.02))


# extreme but allowed inputs near the ends of the float range (E² overflows beyond ~1.3e154 keV,
# T² underflows below ~1e-154 keV): a finite answer or a ValueError, never NaN or inf
for meth in ("RIA", "RIA-simplified", "FEA"):  # beyond 1e-60 keV its powers leave float64: refused
    raises(f"xs.dsigma_dT[{meth}]-T_tiny_below_binding", _xs(meth, T=1e-200), "T_keV")
for meth, what in (("RIA", "a ValueError naming the internal 'pz_au'"), ("RIA-simplified",
                   "a ValueError naming the internal 'pz_au'"), ("FEA", "NaN"), ("EPA", "inf")):
    finite(f"xs.dsigma_dT[{meth}]-E_huge", _xs(meth, E=1e200), "E_keV")
finite("xs.dsigma_dT[EPA]-m_tiny", _xs("EPA", m=1e-200), "m_keV")
for meth in ("RIA", "FEA"):
    finite(f"xs.dsigma_dT[{meth}]-m_tiny", _xs(meth, m=1e-200), "m_keV")
finite("kin.momentum-E_huge", lambda: kin.momentum(1e200, M0), "E_keV")
finite("kin.T_max-E_huge", lambda: kin.T_max(1e200, M0), "E_keV")
finite("kin.momentum-E_large_physical", lambda: kin.momentum(1e20, M0), "E_keV")
finite("kin.T_max-E_large_physical", lambda: kin.T_max(1e20, M0), "E_keV")


# ------------------------------------------------------------------------------------------------
# fluxes
# ------------------------------------------------------------------------------------------------
NU = fluxes.solar_neutrinos()
# a massless projectile without an EPA regulator (solar_neutrinos() carries one)
NU_NO_REGULATOR = fluxes.line_flux((861.8, 4.5e9), projectile=ml.projectiles.Projectile(
    name="massless, unregulated", mass_keV=0.0, flavour="nu_e"))
DCR = fluxes.dark_cosmic_rays(1e3)
raises("flux.solar_neutrinos-component_unknown", lambda: fluxes.solar_neutrinos(["pp", "7Li"]), "component")
raises("flux.solar_neutrinos-component_string_unknown", lambda: fluxes.solar_neutrinos("CNO"), "component")
raises("flux.solar_neutrinos-components_empty", lambda: fluxes.solar_neutrinos([]), "components")
raises("flux.solar_neutrinos-components_repeated", lambda: fluxes.solar_neutrinos(["pp", "pp"]), "components")
raises("flux.solar_neutrinos-model_unknown", lambda: fluxes.solar_neutrinos(model="AGSS09"), "model")
raises("flux.solar_neutrino_component-unknown", lambda: fluxes.solar_neutrino_component("7Li"), "component")
for k, v in {"zero": 0.0, "neg": -1.0, "nan": NAN, "inf": INF, "array": [1.0, 2.0]}.items():
    raises(f"flux.dark_cosmic_rays-m_{k}", lambda v=v: fluxes.dark_cosmic_rays(v), "m_keV")
for k, v in {"one": 1.0, "below1": 0.5, "nan": NAN, "inf": INF}.items():
    raises(f"flux.dark_cosmic_rays-alpha_{k}", lambda v=v: fluxes.dark_cosmic_rays(1e3, alpha=v), "alpha")
for k, v in {"zero": 0.0, "above_4pi": 13.0, "nan": NAN}.items():
    raises(f"flux.dark_cosmic_rays-solid_angle_{k}", lambda v=v: fluxes.dark_cosmic_rays(1e3, solid_angle_sr=v),
           "solid_angle_sr")
for k, v in {"zero": 0.0, "below1": 0.5, "nan": NAN}.items():
    raises(f"flux.dark_cosmic_rays-E_min_factor_{k}", lambda v=v: fluxes.dark_cosmic_rays(1e3, E_min_factor=v),
           "E_min_factor")
for k, v in {"zero": 0.0, "neg": -30.0, "nan": NAN}.items():
    raises(f"flux.dark_cosmic_rays-normalisation_{k}", lambda v=v: fluxes.dark_cosmic_rays(1e3, normalisation=v),
           "normalisation")
for fname, fl in {"solar": NU, "dcr": DCR}.items():
    for k, v in {"nan": NAN, "inf": INF, "-inf": -INF, "text": "abc"}.items():
        raises(f"flux.dphi_dE[{fname}]-E_{k}", lambda fl=fl, v=v: fl.dphi_dE(v), "E_keV")
    for k, v in BAD_DELTA.items():
        raises(f"flux.dphi_dE[{fname}]-delta_{k}", lambda fl=fl, v=v: fl.dphi_dE(1e4, delta=v), "delta")
        raises(f"flux.quadrature[{fname}]-delta_{k}", lambda fl=fl, v=v: fl.quadrature(delta=v), "delta")
    for k, v in {"zero": 0, "neg": -3, "float": 8.5, "bool": True}.items():
        raises(f"flux.quadrature[{fname}]-n_{k}", lambda fl=fl, v=v: fl.quadrature(n=v), "n")
    raises(f"flux.quadrature[{fname}]-E_lo_nan", lambda fl=fl: fl.quadrature(E_lo=NAN), "E_lo")
    raises(f"flux.quadrature[{fname}]-E_hi_nan", lambda fl=fl: fl.quadrature(E_hi=[1e4, NAN]), "E_hi")
    raises(f"flux.quadrature[{fname}]-E_lo_text", lambda fl=fl: fl.quadrature(E_lo="abc"), "E_lo")
    raises(f"flux.quadrature[{fname}]-shapes", lambda fl=fl: fl.quadrature(E_lo=np.full(3, 1e3), E_hi=np.full(2, 1e9)),
           ("E_lo", "E_hi"))
zero("flux.dphi_dE[solar]-above_every_endpoint", lambda: NU.dphi_dE(2e4), control=lambda: NU.dphi_dE(300.0))
zero("flux.dphi_dE[solar]-negative_energy", lambda: NU.dphi_dE(-5.0), control=lambda: NU.dphi_dE(300.0))
zero("flux.dphi_dE[dcr]-below_E_min", lambda: DCR.dphi_dE(5e3), control=lambda: DCR.dphi_dE(2e4))
zero("flux.quadrature[solar]-E_lo_above_every_endpoint", lambda: NU.quadrature(E_lo=2e4)[1],
     control=lambda: NU.quadrature(E_lo=100.0)[1].sum())


# ------------------------------------------------------------------------------------------------
# detectors
# ------------------------------------------------------------------------------------------------
def _det(**kw):
    args = dict(name="my detector", target="Ge", threshold_keV=0.1, background_cpkkd=0.1)
    args.update(kw)
    return lambda: detectors.Detector(**args)


raises("det.Detector-name_empty", _det(name=" "), "name")
raises("det.Detector-target_lowercase", _det(target="ge"), "target")
raises("det.Detector-target_number", _det(target=32), "target")
raises("det.Detector-target_unknown_symbol", _det(target="Qq"), "target")
for k, v in {"zero": 0.0, "neg": -0.1, "nan": NAN, "inf": INF, "array": [0.1, 0.2]}.items():
    raises(f"det.Detector-threshold_{k}", _det(threshold_keV=v), "threshold_keV")
    raises(f"det.Detector-background_{k}", _det(background_cpkkd=v), "background_cpkkd")
raises("det.get-unknown", lambda: detectors.get("CDEX-50"), ("name", "detector"))
raises("det.get-none", lambda: detectors.get(None), ("name", "detector"))


# ------------------------------------------------------------------------------------------------
# rates and sensitivities
# ------------------------------------------------------------------------------------------------
def _rate(target="Ge", T=0.5, flux=DCR, method="FEA", delta=1.0, **kw):
    return lambda: ml.dR_dT(target, T, flux, method, delta, **kw)


for meth in METHODS:
    for k, v in BAD_ENERGY.items():
        raises(f"rates.dR_dT[{meth}]-T_{k}", _rate(method=meth, T=v), "T_keV")
    for k, v in BAD_DELTA.items():
        raises(f"rates.dR_dT[{meth}]-delta_{k}", _rate(method=meth, delta=v), "delta")
    raises(f"rates.dR_dT[{meth}]-target_unknown", _rate(method=meth, target="Qq"), "element")
    raises(f"rates.dR_dT[{meth}]-flux_not_a_Flux", _rate(method=meth, flux="solar"), "flux")
raises("rates.dR_dT-method_unknown", _rate(method="CIA"), "method")
raises("rates.dR_dT-n_E_zero", _rate(n_E=0), "n")
raises("rates.dR_dT[EPA]-neutrinos_without_regulator", _rate(method="EPA", flux=NU_NO_REGULATOR), "m_regulator_keV")
raises("rates.dR_dT[RIA]-p_max_bad", _rate(method="RIA", p_max_au=-1.0), "p_max_au")
for k, v in BAD_ENERGY.items():
    raises(f"rates.E_lower_limit-T_{k}", lambda v=v: ml_methods.E_lower_limit(v, M0, "RIA"), "T_keV")
for k, v in BAD_MASS.items():
    raises(f"rates.E_lower_limit-m_{k}", lambda v=v: ml_methods.E_lower_limit(T0, v, "FEA"), "m_keV")
raises("rates.E_lower_limit-method_unknown", lambda: ml_methods.E_lower_limit(T0, M0, "CIA"), "method")
for meth in ("RIA", "FEA"):
    zero(f"rates.dR_dT[{meth}]-T_below_every_binding", _rate(method=meth, T=0.005, flux=NU),
         control=_rate(method=meth, T=0.05, flux=NU))
zero("rates.dR_dT[FEA]-T_beyond_every_neutrino", _rate(method="FEA", T=3e4, flux=NU),
     control=_rate(method="FEA", T=5e3, flux=NU))


def _sens(target="Ge", flux=DCR, method="FEA", threshold_keV=0.1, background_cpkkd=0.1, **kw):
    return lambda: sensitivities.sensitivity(target, flux, method, threshold_keV, background_cpkkd, **kw)


for k, v in {"zero": 0.0, "neg": -0.1, "nan": NAN, "inf": INF}.items():
    raises(f"sens.sensitivity-threshold_{k}", _sens(threshold_keV=v), "threshold_keV")
    raises(f"sens.sensitivity-background_{k}", _sens(background_cpkkd=v), "background_cpkkd")
raises("sens.sensitivity-threshold_missing", _sens(threshold_keV=None), "threshold_keV")
raises("sens.sensitivity-background_missing", _sens(background_cpkkd=None), "background_cpkkd")
raises("sens.sensitivity-method_unknown", _sens(method="CIA"), "method")
raises("sens.sensitivity-target_unknown", _sens(target="Qq"), "element")
raises("sens.sensitivity-flux_not_a_Flux", _sens(flux=None), "flux")
raises("sens.sensitivity-detector_unknown",
       lambda: sensitivities.sensitivity("Ge", DCR, "FEA", detector="CDEX-50"), ("name", "detector"))
raises("sens.sensitivity[EPA]-neutrinos_without_regulator", _sens(flux=NU_NO_REGULATOR, method="EPA"), "m_regulator_keV")
CASES.append(Case("sens.sensitivity-threshold_below_every_binding_is_inf", _sens(threshold_keV=0.005), inf=True,
                  control=_sens(threshold_keV=0.1)))


# ------------------------------------------------------------------------------------------------
# the ab initio atom: response tables and the ionisation factor
# ------------------------------------------------------------------------------------------------
from mcpria_lite.targets.dfs import response as _ar  # noqa: E402
from mcpria_lite.targets import ionization_factor as _ionf  # noqa: E402

_XE_TABLE = _ar.response_table("Xe")
raises("ar.ridge_pz_au-q_negative", lambda: _ar.ridge_pz_au(-1.0, 1.0), "q_keV")
raises("ar.ridge_pz_au-T_nan", lambda: _ar.ridge_pz_au(1.0, np.nan), "T_keV")
raises("ar.ridge_q_keV-pz_nan", lambda: _ar.ridge_q_keV(np.nan, 1.0), "pz_au")
raises("ar.ridge_q_keV-T_zero", lambda: _ar.ridge_q_keV(0.0, 0.0), "T_keV")
raises("ar.response_table-unknown", lambda: _ar.response_table("Og"), "element")
raises("ar.R_L-q_below_table", lambda: _XE_TABLE.R_L(1.0, 1e-4), "q_keV")
raises("ar.R_L-T_above_table", lambda: _XE_TABLE.R_L(70.0, 10.0), "T_keV")
raises("ar.R_T-q_beyond_subshell", lambda: _XE_TABLE.R_T(5.0, 1e3, subshell="5p3/2"), "q_keV")
raises("ar.R_L-subshell_unknown", lambda: _XE_TABLE.R_L(1.0, 10.0, subshell="9z1/2"), "subshell")
zero("ar.R_L-below_every_threshold", lambda: _XE_TABLE.R_L(0.005, 10.0), control=lambda: _XE_TABLE.R_L(1.0, 10.0),
     extreme=True)
raises("ar.impulse_handover-q_beyond", lambda: _ar.impulse_handover("Xe", "5p3/2", 1e4), "q_keV")
raises("ar.impulse_handover-subshell", lambda: _ar.impulse_handover("Xe", "9z1/2"), "subshell")
raises("ar.bethe_sum_rule-q_negative", lambda: _ar.bethe_sum_rule("Xe", -1.0), "q_keV")
raises("ar.bethe_sum_rule-binding_too_small", lambda: _ar.bethe_sum_rule("Xe", 10.0, max_binding_keV=0.001),
       "max_binding_keV")
raises("ionf.below_ridge_window-E_zero", lambda: _ionf.below_ridge_window(0.0), "E_keV")
raises("ionf.ionization_factor-E_above", lambda: _ionf.ionization_factor("Xe", 70.0, 1.0), "E_keV")
raises("ionf.roberts2023-E_above", lambda: _ionf.roberts2023_ionization_factor(20.0, 1.0), "E_keV")


# ------------------------------------------------------------------------------------------------
# the test
# ------------------------------------------------------------------------------------------------
def _param(c: Case):
    marks = [pytest.mark.xfail(strict=True, reason=c.bug)] if c.bug else []
    return pytest.param(c, id=c.id, marks=marks)


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


def _strict(call, extreme=False):
    """Run ``call`` with every warning and every NumPy floating-point error turned into an error
    (underflow excepted for ``extreme`` inputs near the ends of the float range)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore" if extreme else "raise"):
            return call()


def _values(result) -> np.ndarray:
    if isinstance(result, tuple):
        return np.concatenate([np.ravel(np.asarray(r, dtype=float)) for r in result])
    return np.ravel(np.asarray(result, dtype=float))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case: Case, bad_input_tally):
    bad_input_tally["bug"] += 1  # provisional: replaced below when the case behaves
    if case.zero or case.inf:
        got = _values(_strict(case.call, case.extreme))
        want = np.inf if case.inf else 0.0
        assert got.size and np.all(got == want), f"expected the documented {want} everywhere, got {got[:8]}"
        ctl = _values(_strict(case.control))
        assert np.all(np.isfinite(ctl)) and np.any(ctl > 0), \
            f"the control input next to the documented {want} should give a finite positive value, got {ctl[:8]}"
        outcome = "zero"
    else:
        try:
            result = _strict(case.call, case.extreme)
        except ValueError as exc:
            msg = str(exc)
        except Exception as exc:  # noqa: BLE001 - any other exception type is a failure
            pytest.fail(f"raised {type(exc).__name__} instead of ValueError: {exc}", pytrace=False)
        else:
            if case.finite:
                got = _values(result)
                assert np.all(np.isfinite(got)) and np.all(got >= 0), f"returned {got[:8]} (not finite >= 0)"
                bad_input_tally["bug"] -= 1
                bad_input_tally["finite"] += 1
                return
            pytest.fail(f"did not raise; returned {np.asarray(result)!r}", pytrace=False)
        named = [a for a in case.args if re.search(rf"(?<![\w]){re.escape(a)}(?![\w])", msg)]
        assert named, f"message does not name the argument {' or '.join(case.args)}: {msg!r}"
        assert ALLOWED_PHRASE.search(msg), f"message does not state what is allowed: {msg!r}"
        outcome = "raised"
    bad_input_tally["bug"] -= 1
    bad_input_tally[outcome] += 1
