"""The analytic reference atom of the ab initio tests (hydrogen in a pure Coulomb potential)."""

from __future__ import annotations

import pytest


def coulomb_hydrogen(r_inner_au: float, p_max_au: float):
    """Hydrogen 1s in the pure Coulomb potential (rV = −1) on the continuum grids of
    :func:`mcpria_lite.targets.dfs.continuum.continuum_grids` (inner region to ``r_inner_au``, continuum momenta
    up to ``p_max_au``, a.u.): the analytic reference atom of the ab initio tests.
    Returns ``(DiracSlaterAtom, grids)``."""
    import numpy as np

    from mcpria_lite.targets.dfs import continuum as ct
    from mcpria_lite.targets.dfs import atom as ds

    grids = ct.continuum_grids(1e-6, r_inner_au, p_max_au)
    g = grids.inner
    rV = np.full(g.n, -1.0)
    E, G, F = ds.solve_bound_states(g, rV, np.array([1]), np.array([-1]))
    o = ds.BoundOrbital("1s1/2", 1, -1, 0, 1.0, float(E[0]), G[0], F[0])
    return ds.DiracSlaterAtom(Z=1, grid=g, rV=rV, orbitals=(o,)), grids


@pytest.fixture(scope="module", name="coulomb_hydrogen_atom")
def _coulomb_hydrogen_atom():
    """:func:`coulomb_hydrogen` as a fixture factory."""
    return coulomb_hydrogen
