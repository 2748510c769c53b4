"""The simplified RIA kernel of Qiao et al. (JHEP 03 (2021) 184, arXiv:2009.14320) against limits.

The paper's simplified kernel sets the electron's initial four-momentum to that of an electron at
rest in the invariants, s̄ → m_e² + m_χ² + 2m_eE and ū → m_e² + m_χ² − 2m_eE − t (so that
s̄ + t̄ + ū = 2m_e² + 2m_χ²). Two limits follow that do not use the package's kernel code:

* an atom whose electrons all have p_z ≈ 0 (a narrow Gaussian profile) must give Z times the
  free-electron cross section of an electron at rest, in closed form
  (:func:`mcpria_lite.kinematics.dsigma_dT_free`), for every mass and energy;
* for a relativistic projectile the electron's motion changes s̄ and ū only by O(p/E): the
  simplified and the full kernel agree to a few per cent on Ge and Xe (and the simplified one is
  not the full one: they differ measurably near the Xe inner shells).
"""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite import kinematics as kin
from mcpria_lite.targets.atoms import NarrowProfileTarget

NARROW = NarrowProfileTarget()


@pytest.mark.parametrize("m", [0.0, 0.01, 1.0, 1e3, 1e6])
@pytest.mark.parametrize("kinetic", [30.0, 1e3, 1e6])
def test_narrow_profile_gives_z_free_electrons_at_rest(m, kinetic):
    E = m + kinetic
    T = float(kin.T_max(E, m)) * np.array([1e-3, 0.1, 0.5, 0.9])
    T = T[T >= 1e-4]
    simp = ml.dsigma_dT(NARROW, T, E, m, method="RIA-simplified")
    free = NARROW.Z * kin.dsigma_dT_free(T, E, m)
    np.testing.assert_allclose(simp / free, 1.0, rtol=1e-5)


@pytest.mark.parametrize("el", ["Ge", "Xe"])
@pytest.mark.parametrize("E, m", [(420.0, 0.0), (1e6, 100.0)])
def test_relativistic_projectile_simplified_close_to_full(el, E, m):
    tg = ml.target(el)
    T = np.array([0.1, 1.0, 10.0, 30.0])
    full = ml.dsigma_dT(tg, T, E, m, method="RIA")
    simp = ml.dsigma_dT(tg, T, E, m, method="RIA-simplified")
    assert np.all(full > 0)
    np.testing.assert_allclose(simp / full, 1.0, atol=0.08)
    assert np.max(np.abs(simp / full - 1)) > 1e-4  # a different kernel, not the full one again
