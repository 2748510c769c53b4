"""The typed first-ionization-energy table of :mod:`mcpria_lite.targets.atoms` against independent data.

No package of the environment ships NIST's first ionization energies (``mendeleev`` is in no
extra; ``xraydb.ionization_potential`` is the mean energy per ion pair of a detector gas, not IE₁).
The table is therefore checked against what is independent of it:

* hydrogen: IE₁ = Ry·μ/m_e, the Rydberg energy α²m_e/2 with the reduced mass (CODATA constants of
  :mod:`mcpria_lite.units`, 13.598 eV);
* the noble gases He–Xe: the binding energy of the outermost subshell in the Elam et al. tables
  (``xraydb.xray_edges``, gas-phase levels referred to the vacuum, 0.1 eV precision) is IE₁;
* the shell structure: every noble gas is a local maximum of IE₁(Z) and every alkali metal a
  local minimum (Z = 2…87).
"""

from __future__ import annotations

import numpy as np
import pytest
import xraydb
from scipy.constants import physical_constants

from mcpria_lite import units
from mcpria_lite.targets import atoms

M_P_OVER_M_E = physical_constants["proton-electron mass ratio"][0]  # CODATA (scipy.constants)


def _ie_eV(z: int) -> float:
    return atoms.first_ionization_energy_keV(z) / units.EV


def test_hydrogen_is_the_reduced_mass_rydberg_energy():
    ry_eV = 0.5 * units.ALPHA**2 * units.M_E / units.EV
    assert _ie_eV(1) == pytest.approx(ry_eV / (1.0 + 1.0 / M_P_OVER_M_E), abs=0.006)


@pytest.mark.parametrize("el", ["He", "Ne", "Ar", "Kr", "Xe"])
def test_noble_gas_equals_elam_outermost_binding_energy(el):
    edges = xraydb.xray_edges(el)
    outer = min(e.energy for e in edges.values())  # eV
    assert atoms.first_ionization_energy_keV(el) / units.EV == pytest.approx(outer, abs=0.15)


def test_noble_gases_are_maxima_and_alkali_metals_minima():
    ie = np.array([_ie_eV(z) for z in range(1, 101)])
    assert np.all(ie > 3.5) and np.all(ie < 25.0)
    for z in (2, 10, 18, 36, 54, 86):
        assert ie[z - 1] > ie[z - 2] and ie[z - 1] > ie[z], f"Z = {z} is not a local maximum"
    for z in (3, 11, 19, 37, 55, 87):
        assert ie[z - 1] < ie[z - 2] and ie[z - 1] < ie[z], f"Z = {z} is not a local minimum"
