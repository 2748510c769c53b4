#!/usr/bin/env python
"""Weak-interaction response functions of the Dirac–Hartree–Slater atoms (vector, axial and
vector–axial, per subshell), on Dask: the tables ``data/atoms/dfs_weak_<El>.npz``.

Run outside the book build, like ``scripts/dfs_response.py`` (same options and the same Dask plan
machinery, :mod:`mcpria_lite.targets.dfs.tables` with ``weak=True``), on a coarser grid: by default
6 T rows per decade from 0.1 keV (the solar-ν range) to 60 keV, plus one node above each subshell's
edge, and q at the p_z nodes of the response tables. Physics:
:mod:`mcpria_lite.targets.dfs.weak_response`. Does not touch ``dfs_response_<El>.npz``::

    nice -n 10 python scripts/dfs_weak.py Ge Xe
    DFS_OUT=/tmp/new python scripts/dfs_weak.py Ge --serial

Wall and CPU time per atom are in each table's provenance.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from mcpria_lite.targets.dfs import tables

OUT = Path(os.environ.get("DFS_OUT", Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "atoms"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elements", nargs="*", default=["Ge", "Xe"])
    ap.add_argument("--T-min", type=float, default=0.1, help="first T row (keV)")
    ap.add_argument("--T-max", type=float, default=60.0, help="last T row (keV)")
    ap.add_argument("--per-decade", type=float, default=6.0, help="T nodes per decade")
    ap.add_argument("--kappa-cap", type=int, default=80)
    ap.add_argument("--q-min", type=float, default=0.005, help="smallest momentum transfer (keV)")
    ap.add_argument("--n-core", type=int, default=51, help="uniform p_z nodes across the ridge")
    ap.add_argument("--T-block", type=int, default=2, help="T rows per task")
    ap.add_argument("--subshells", type=int, nargs="*", default=None, help="indices (a partial table, for tests)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:port)")
    g.add_argument("--serial", action="store_true", help="run every piece in this process (no Dask)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the local cluster")
    a = ap.parse_args()
    cluster = None if a.serial else (a.scheduler or "local")
    OUT.mkdir(parents=True, exist_ok=True)
    for el in a.elements:
        spec = tables.TableSpec(el, a.T_max, a.per_decade, a.kappa_cap, a.q_min, a.n_core,
                                tuple(a.subshells) if a.subshells else None, a.T_block, weak=True, T_min_keV=a.T_min)
        tables.generate(spec, OUT / f"dfs_weak_{el}.npz", cluster=cluster, n_workers=a.workers)


if __name__ == "__main__":
    main()
