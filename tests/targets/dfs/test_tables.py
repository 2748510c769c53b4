"""The table generator: the same numbers serially and as tasks on a 2-worker Dask cluster.

A tiny table (one Ge subshell, three T rows, a few partial waves and p_z nodes) is computed twice,
in this process and on a ``dask.distributed.LocalCluster`` of two worker processes; the assembled
arrays must agree to 1e-12 (the tasks are pure functions of their arguments). Skipped where Dask is
not installed (the ``tables`` extra; ``make test`` installs it with the ``test`` extra).
"""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite.targets.dfs import tables

TINY = tables.TableSpec("Ge", T_max_keV=0.02, per_decade=2.0, kappa_cap=6, n_core=7, subshells=(11,), T_block=1)


def test_the_plan_covers_every_row_of_the_subshell_once():
    p = tables.plan(TINY)
    rows = sorted(r for b in p.blocks for r in b.rows)
    assert rows == list(range(p.first_row[11], p.T_keV.size))
    # the first row is the threshold node, just above the tabulated binding energy
    assert p.T_keV[p.first_row[11]] == pytest.approx(tables.threshold_node_keV(p.binding_keV[11]))
    assert p.binding_keV[11] < p.T_keV[p.first_row[11]] < 1.02 * p.binding_keV[11] + 1e-4


@pytest.mark.distributed
def test_distributed_run_equals_serial_run():
    pytest.importorskip("distributed")
    p = tables.plan(TINY)
    serial = tables.assemble(p, tables.run_blocks(p.blocks, cluster=None))
    dist = tables.assemble(p, tables.run_blocks(p.blocks, cluster="local", n_workers=2))
    for key in ("R_L", "R_T", "last_partial_wave_fraction_L", "R_L_impulse"):
        a, b = serial[key], dist[key]
        assert np.array_equal(np.isfinite(a), np.isfinite(b)), key
        ok = np.isfinite(a)
        assert ok.sum() > 10 and np.all(a[ok][a[ok] != 0] > 0)
        np.testing.assert_allclose(b[ok], a[ok], rtol=1e-12, atol=0, err_msg=key)
    assert np.array_equal(serial["kappa_max"], dist["kappa_max"])


def test_spec_rejects_bad_input():
    with pytest.raises(ValueError, match="T_max_keV"):
        tables.TableSpec("Ge", T_max_keV=-1.0)
    with pytest.raises(ValueError, match="kappa_cap"):
        tables.TableSpec("Ge", kappa_cap=1)
