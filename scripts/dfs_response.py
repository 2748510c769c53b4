#!/usr/bin/env python
"""Subshell response functions R_L(T, q), R_T(T, q) of the Dirac–Hartree–Slater atoms, on Dask.

Run outside the book build. The pieces (element × subshell × block of T rows) are tasks of a
``dask.distributed`` cluster: by default a local cluster of ``--workers`` single-threaded processes
on this machine; ``--scheduler tcp://host:8786`` sends them to a running cluster (e.g. one started
with dask-jobqueue on a batch system: README, "Generating the ab initio tables on a cluster");
``--serial`` runs them in this process (no Dask needed). Elements run one after the other::

    python scripts/dfs_response.py Ge Xe                      # local cluster, 2 workers
    python scripts/dfs_response.py Ar --workers 4
    python scripts/dfs_response.py Xe --scheduler tcp://10.0.0.1:8786
    OMP_NUM_THREADS=1 python scripts/dfs_response.py Na --serial
    DFS_OUT=/tmp/new python scripts/dfs_response.py Ge      # write elsewhere (to compare)

Needs the element's potential (``scripts/dfs_atoms.py``). Writes
``src/mcpria_lite/data/atoms/dfs_response_<El>.npz`` (compressed). Grid, stored arrays and
provenance: :mod:`mcpria_lite.targets.dfs.tables`; physics: :mod:`mcpria_lite.targets.dfs.response`.
Wall time per atom: in each table's provenance (``wall_seconds``, and ``cpu_seconds`` summed over
its tasks).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from mcpria_lite.targets.dfs import tables

# where the tables go: the package's data folder, or $DFS_OUT (to compare a new table with the committed one)
OUT = Path(os.environ.get("DFS_OUT", Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "atoms"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elements", nargs="*", default=["Ge", "Xe"])
    ap.add_argument("--T-max", type=float, default=60.0, help="last T row (keV)")
    ap.add_argument("--per-decade", type=float, default=12.0, help="T nodes per decade")
    ap.add_argument("--kappa-cap", type=int, default=80)
    ap.add_argument("--q-min", type=float, default=0.005, help="smallest momentum transfer (keV)")
    ap.add_argument("--n-core", type=int, default=51, help="uniform p_z nodes across the ridge")
    ap.add_argument("--T-block", type=int, default=3, help="T rows per task")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:port)")
    g.add_argument("--serial", action="store_true", help="run every piece in this process (no Dask)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the local cluster")
    a = ap.parse_args()
    cluster = None if a.serial else (a.scheduler or "local")
    OUT.mkdir(parents=True, exist_ok=True)
    for el in a.elements:
        spec = tables.TableSpec(el, a.T_max, a.per_decade, a.kappa_cap, a.q_min, a.n_core, T_block=a.T_block)
        tables.generate(spec, OUT / f"dfs_response_{el}.npz", cluster=cluster, n_workers=a.workers)


if __name__ == "__main__":
    main()
