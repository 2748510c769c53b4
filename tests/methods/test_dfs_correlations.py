"""The many-body (TDLDA) dipole correction in the method DFS (option ``correlations``) and in the halo atomic
model ``DFS+TDLDA`` (:mod:`mcpria_lite.targets.dfs.linear_response`)."""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite.targets.dfs import linear_response as lr


@pytest.fixture(scope="module")
def table():
    return lr.tdlda_table("Xe")


def test_dfs_tdlda_option_and_halo_model(table):
    """DFS with correlations='tdlda' raises for an element without a table and is refused as an unknown value;
    the halo model DFS+TDLDA equals DFS at halo-DM momentum transfers (q ≫ 3 q_D)."""
    from mcpria_lite.methods.dfs import DFSOptions
    from mcpria_lite.methods.halo_models import atomic_model

    with pytest.raises(ValueError):
        DFSOptions(correlations="rpae")
    a, b = atomic_model("DFS", "Xe"), atomic_model("DFS+TDLDA", "Xe")
    E = np.array([0.08, 0.1, 0.15])
    q = np.array([30.0, 50.0, 80.0])
    for sa, sb in zip(a.subshells, b.subshells):
        np.testing.assert_allclose(sb.R_L(E, q), sa.R_L(E, q), rtol=1e-12)
    low = np.full(3, 0.3 * lr.dipole_limit_q_keV("Xe"))
    i4d = [k for k, s in enumerate(a.subshells) if s.name == "4d5/2"][0]
    r = b.subshells[i4d].R_L(E, low) / a.subshells[i4d].R_L(E, low)
    np.testing.assert_allclose(r, lr.dipole_correction("Xe", E, low), rtol=1e-12)


def test_dfs_method_with_correlations(table):
    """A relativistic millicharge: dσ/dT with correlations='tdlda' differs from DFS at 100 eV (the dipole region
    carries much of it), equals it at 3 keV (beyond the correlated table's 2 keV, where the correction has faded
    to 1) and needs a TDLDA table (Ge has none)."""
    import mcpria_lite as ml
    from mcpria_lite.particles.projectiles import millicharged_particle

    p, inter = millicharged_particle(1e3), ml.Millicharge(1.0)
    T = np.array([0.1, 3.0])
    a = ml.dsigma_dT("Xe", T, 1e4, method="DFS", projectile=p, interaction=inter)
    b = ml.dsigma_dT("Xe", T, 1e4, method="DFS", projectile=p, interaction=inter, correlations="tdlda")
    assert b[0] / a[0] > 1.3
    assert b[1] == pytest.approx(a[1], rel=1e-12)
    with pytest.raises(ValueError):
        ml.dsigma_dT("Ge", T, 1e4, method="DFS", projectile=p, interaction=inter, correlations="tdlda")
