"""Numerical sweep: dσ/dT and dR/dT over the whole parameter space, warnings as errors.

dσ/dT of Ge and Xe by every method on a grid of 20 energy transfers T (10 eV – 100 keV, log) ×
16 total energies per T (from just above the kinematic limit E = m + T up to 10 GeV, log) × 6
masses (0, 10 eV, 1 keV, 100 keV, 10 MeV, 1 GeV): 2 × 4 × 6 × 320 = 15 360 points, one vectorised
call per (target, method, mass). dR/dT for solar neutrinos and for dark cosmic rays of five
masses, every method, both targets, on 40 energy transfers.

Inside every call Python warnings are errors and NumPy raises on any floating-point error
(overflow, invalid, divide by zero, underflow), so a NaN or inf produced on the way fails even if
it is later masked. Every value must be finite and ≥ 0, and positive where the physics requires
it (above the first ionization energy and inside the free-electron endpoint for FEA and RIA;
everywhere for the EPA), so that a silent zero fails too.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite import sources as fluxes
from mcpria_lite import kinematics as kin
from mcpria_lite.particles.projectiles import NEUTRINO_EPA_REGULATOR_KEV
from mcpria_lite.methods.equivalent_photons import quasi_real_E_min

T_GRID = np.geomspace(0.01, 100.0, 20)  # keV
N_E = 16
E_TOP = 1e7  # keV: 10 GeV total energy
MASSES = [0.0, 0.01, 1.0, 100.0, 1e4, 1e6]  # keV
TARGETS = ["Ge", "Xe"]
EPA_REGULATOR = NEUTRINO_EPA_REGULATOR_KEV  # keV, for m = 0 (the EPA logarithm needs a mass)


def _grid(m: float) -> tuple[np.ndarray, np.ndarray]:
    """(T, E) of shape (20, 16): for each T, E from m + 1.001 T (just above E = m + T) to 10 GeV."""
    K = np.geomspace(1.001 * T_GRID, E_TOP - m, N_E, axis=1)  # kinetic energy E − m > T
    return np.broadcast_to(T_GRID[:, None], K.shape), m + K


def _strict(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            return fn(*args, **kw)


@pytest.mark.parametrize("el", TARGETS)
@pytest.mark.parametrize("method", cs.PAPER_METHODS)  # DFS: test_dfs_method.py
def test_dsigma_dT_sweep(el, method):
    tg = ml.target(el)
    problems = []
    for m in MASSES:
        T, E = _grid(m)
        kw = {"m_regulator_keV": EPA_REGULATOR} if (method == "EPA" and m == 0) else {}
        if method == "EPA" and m > 0:  # the EPA refuses projectiles too slow for quasi-real photons
            slow = E < quasi_real_E_min(T, m)
            if np.any(slow):
                with pytest.raises(ValueError, match="too slow"):
                    ml.dsigma_dT(tg, T, E, m, method=method)
            T, E = T[~slow], E[~slow]
        val = _strict(ml.dsigma_dT, tg, T, E, m, method=method, **kw)
        assert val.shape == T.shape
        bad = ~np.isfinite(val) | (val < 0)
        if np.any(bad):
            i = np.argwhere(bad)[0]
            problems.append(f"m={m:g} keV: {bad.sum()} values not finite or negative, "
                            f"e.g. T={T[tuple(i)]:.4g} E={E[tuple(i)]:.6g}: {val[tuple(i)]!r}")
            continue
        # where the physics requires a positive cross section
        if method == "EPA":
            need = np.ones_like(T, dtype=bool)
        else:
            tmax = kin.T_max(E, m)
            need = (T > tg.ionization_threshold_keV) & (T < (1 - 1e-9) * tmax)
        zero = need & (val <= 0)
        if np.any(zero):
            i = np.argwhere(zero)[0]
            problems.append(f"m={m:g} keV: {zero.sum()} zeros where dσ/dT must be > 0, "
                            f"e.g. T={T[tuple(i)]:.4g} E={E[tuple(i)]:.6g}")
        if method in ("RIA", "RIA-simplified"):
            # the impulse approximation must vanish where no bound electron can take T at all:
            # below the first binding energy
            below = T <= tg.ionization_threshold_keV
            if np.any(val[below] != 0):
                problems.append(f"m={m:g} keV: non-zero dσ/dT below the ionization threshold")
    assert not problems, f"{el} {method}:\n" + "\n".join(problems)


RATE_T = np.geomspace(0.01, 100.0, 40)
DM_MASSES = [0.01, 1.0, 100.0, 1e4, 1e6]


def _fluxes():
    yield "solar neutrinos", fluxes.solar_neutrinos()
    for m in DM_MASSES:
        yield f"dark cosmic rays m={m:g} keV", fluxes.dark_cosmic_rays(m)


@pytest.mark.parametrize("el", TARGETS)
@pytest.mark.parametrize("method", ["RIA", "FEA", "EPA"])
def test_dR_dT_sweep(el, method):
    tg = ml.target(el)
    problems = []
    for name, flux in _fluxes():
        kw = {"m_regulator_keV": EPA_REGULATOR} if (method == "EPA" and flux.m_keV == 0) else {}
        rate = _strict(ml.dR_dT, tg, RATE_T, flux, method, n_E=24, **kw)
        if not (np.all(np.isfinite(rate)) and np.all(rate >= 0)):
            problems.append(f"{name}: non-finite or negative dR/dT {rate}")
            continue
        # every flux here reaches T = 10 eV – 1 keV, so the rate there must be positive
        low = (RATE_T > tg.ionization_threshold_keV) & (RATE_T < 1.0)
        if not np.all(rate[low] > 0):
            problems.append(f"{name}: zero rate at T < 1 keV above threshold: {rate[low]}")
    assert not problems, f"{el} {method}:\n" + "\n".join(problems)
