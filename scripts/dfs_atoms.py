#!/usr/bin/env python
"""Self-consistent Dirac–Hartree–Slater potentials (Latter's tail) for the ab initio response.

Run outside the book build (a few seconds per atom)::

    python scripts/dfs_atoms.py            # Ge and Xe
    python scripts/dfs_atoms.py Ar Kr      # any Z <= 100

Writes ``src/mcpria_lite/data/atoms/dfs_<El>.npz`` (r V(r) on the default grid, eigenvalues,
configuration, provenance). ``mcpria_lite.targets.dfs.atom.load_atom`` re-solves the orbitals in the
stored potential. Model and numerics: ``mcpria_lite.targets.dfs.atom`` (Liberman, Cromer & Waber,
Comput. Phys. Commun. 2, 107 (1971); Slater exchange α_x = 1; Latter's tail; point nucleus).
"""

from __future__ import annotations

import datetime
import platform
import sys
import time
from pathlib import Path

import numpy as np

from mcpria_lite.targets import atoms
from mcpria_lite.targets.dfs import atom as dirac_slater

OUT = Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "atoms"


def main(elements: list[str]) -> None:
    for el in elements:
        t0 = time.perf_counter()
        atom = dirac_slater.dirac_slater_atom(el)
        dt = time.perf_counter() - t0
        res = dirac_slater.self_consistency_residual(atom)
        tgt = atoms.atom(el)
        prov = {
            "model": "Dirac-Hartree-Slater, Slater exchange alpha_x=1, Latter tail -(Z-N+1)/r, point nucleus",
            "reference": "Liberman, Cromer & Waber, Comput. Phys. Commun. 2, 107 (1971)",
            "configuration": "mcpria_lite.targets.lookup.target(el) shells (Biggs et al. 1975 occupations)",
            "c_au": dirac_slater.C_AU,
            "scf_tolerance": 1e-7,
            "scf_iterations": atom.iterations,
            "self_consistency_residual": res,
            "seconds": round(dt, 2),
            "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "numpy": np.__version__,
        }
        path = OUT / f"dfs_{tgt.symbol}.npz"
        tmp = path.with_suffix(".tmp.npz")
        dirac_slater.save_atom(atom, tmp, prov)
        tmp.replace(path)
        print(f"{tgt.symbol}: {atom.iterations} iterations, {dt:.1f} s, residual {res:.1e} -> {path.name}")
        for o, s in zip(atom.orbitals, tgt.shells):
            print(f"  {o.name:7s} -eps = {o.binding_keV:10.5f} keV   tabulated {s.binding_keV:10.5f} keV")


if __name__ == "__main__":
    main(sys.argv[1:] or ["Ge", "Xe"])
