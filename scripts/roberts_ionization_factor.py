#!/usr/bin/env python
"""Reduced copy of the relativistic Hartree–Fock ionisation factor K(E, q) of xenon of Caddell,
Flambaum & Roberts (Phys. Rev. D 108, 083030 (2023), arXiv:2305.05125).

Run outside the book build, on the table of the companion repository
github.com/benroberts999/AtomicIonisation (MIT licence)::

    git --git-dir=<AtomicIonisation>/.git show HEAD:tables/K_Xe_hf_v_6_hp_orth_mat.txt > K_Xe.txt
    git --git-dir=<AtomicIonisation>/.git show HEAD:tables/ampsci/Xenon.out > Xenon.out
    python scripts/roberts_ionization_factor.py K_Xe.txt --ampsci-out Xenon.out --commit <sha of that HEAD>

The file (ampsci ``mat`` format) holds comment lines (``#``), a block of E values (hartree), a
block of q values (1/a0) and the K matrix (one row per E, one column per q; K dimensionless).
Writes ``src/mcpria_lite/data/atoms/roberts2023_K_Xe_v.npz`` (compressed) with every ``--step``-th node
of both grids (plus the last one; in E the two nodes that bracket each subshell threshold, the
Hartree–Fock eigenvalues listed in the ampsci output, so that no edge is smeared over more than one
cell of the original grid; and, greedily, the nodes at which the reduced table would miss the full
one by more than ``--tol`` where K exceeds 1e-4 of its largest value at that E or q: the 4d
resonance and the structure above the 4p and 4s edges), the thresholds, the nodes converted to keV with the constants of
:mod:`mcpria_lite.units` (E_keV = E_au · HARTREE_KEV, q_keV = q_au · AU_MOMENTUM_KEV), the node
values in atomic units as they are written in the file, the indices of the kept nodes in the full
grids, and provenance (JSON string) including the licence notice and the interpolation error of the
reduced table at the dropped nodes. Read by :mod:`mcpria_lite.targets.ionization_factor`.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
from pathlib import Path

import numpy as np

from mcpria_lite import units

OUT = Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "roberts2023_K_Xe_v.npz"
REPO = "github.com/benroberts999/AtomicIonisation"
PATH = "tables/K_Xe_hf_v_6_hp_orth_mat.txt"
LICENCE = """MIT License

Copyright (c) 2023 Benjamin M. Roberts and Ashlee R. Caddell

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def parse_mat(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """E (hartree), q (1/a0) and K[E, q] of an ampsci ``mat`` file."""
    blocks: dict[str, list[list[float]]] = {"E": [], "q": [], "K": []}
    cur = None
    for line in path.read_text().splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            low = s.lower()
            cur = "E" if "e values" in low else "q" if "q values" in low else "K" if "k values" in low else cur
            continue
        if cur is None:
            raise ValueError(f"{path}: data before the first block header")
        blocks[cur].append([float(x) for x in s.split()])
    E = np.concatenate([np.array(r) for r in blocks["E"]])
    q = np.concatenate([np.array(r) for r in blocks["q"]])
    K = np.array(blocks["K"], dtype=float)
    if K.shape != (E.size, q.size):
        raise ValueError(f"{path}: K has shape {K.shape}, expected ({E.size}, {q.size})")
    return E, q, K


HF_LINE = re.compile(r"^\s*\d+\s+(\d+[spdfgh]_\d+/2)\s+-?\d+\s+\S+\s+\d+\s+\S+\s+(-\d+\.\d+)\s+-?\d+\.\d+\s*$")


def hartree_fock_levels(path: Path) -> dict[str, float]:
    """Core orbitals and their Hartree–Fock energies (hartree) from the first listing of an ampsci output."""
    levels: dict[str, float] = {}
    for line in path.read_text().splitlines():
        m = HF_LINE.match(line)
        if m:
            if m.group(1) in levels:
                break
            levels[m.group(1)] = float(m.group(2))
    if not levels:
        raise ValueError(f"{path}: no Hartree-Fock orbital listing found")
    return levels


def kept(n: int, step: int, also=()) -> np.ndarray:
    """Every ``step``-th index of 0..n-1, the last one and the indices ``also``."""
    return np.unique(np.r_[np.arange(0, n, step), n - 1, np.asarray(also, int)])


def _line_error(x: np.ndarray, K: np.ndarray, idx) -> np.ndarray:
    """Largest |K_interp/K − 1| at every dropped node i of axis 0 (linear in x, ln K between kept
    nodes; only where K > 1e-4 of that line's largest value and the bracketing lines are non-zero)."""
    idx = np.array(sorted(idx))
    out = np.zeros(len(x))
    lK = np.log(np.maximum(K, 1e-300))
    for a, b in zip(idx[:-1], idx[1:]):
        if b - a < 2 or not (K[a] > 0).all() or not (K[b] > 0).all():
            continue
        for i in range(a + 1, b):
            w = (x[i] - x[a]) / (x[b] - x[a])
            m = K[i] > 1e-4 * K[i].max()
            if m.any():
                out[i] = np.max(np.abs(np.exp((1 - w) * lK[a][m] + w * lK[b][m]) / K[i][m] - 1))
    return out


def refine(x: np.ndarray, K: np.ndarray, idx, tol: float) -> np.ndarray:
    """Add nodes of axis 0 one at a time where :func:`_line_error` exceeds ``tol``."""
    S = set(int(i) for i in idx)
    while True:
        e = _line_error(x, K, S)
        i = int(np.argmax(e))
        if e[i] <= tol:
            return np.array(sorted(S))
        S.add(i)


def interpolation_error(E, q, K, iE, iq) -> dict:
    """|K_reduced/K − 1| at the dropped nodes, bilinear in (ln E, ln q, ln K) where K > 0 on all
    four corners of the reduced cell (the interpolation of mcpria_lite.targets.ionization_factor): at all
    of them, and at those where K > 1e-4 of its largest value at that E."""
    from scipy.interpolate import RegularGridInterpolator

    sub = K[np.ix_(iE, iq)]
    f = RegularGridInterpolator((np.log(E[iE]), np.log(q[iq])), np.log(np.maximum(sub, 1e-300)))
    pos = RegularGridInterpolator((np.log(E[iE]), np.log(q[iq])), (sub > 0).astype(float))
    EE, QQ = np.meshgrid(np.log(E), np.log(q), indexing="ij")
    pts = np.stack([EE.ravel(), QQ.ravel()], axis=-1)
    inside = (pos(pts) > 1 - 1e-12).reshape(K.shape) & (K > 0)
    dropped = np.ones(K.shape, bool)
    dropped[np.ix_(iE, iq)] = False
    rel = np.abs(np.exp(f(pts)).reshape(K.shape) / np.where(K > 0, K, 1.0) - 1)
    out = {}
    large = K > 1e-4 * K.max(axis=1, keepdims=True)
    for name, m in (("all", inside & dropped), ("K_above_1e-4_of_row_max", inside & dropped & large)):
        err = rel[m]
        out[name] = {"nodes": int(m.sum()), "median": float(np.median(err)), "p99": float(np.quantile(err, 0.99)),
                     "max": float(err.max())}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("table", type=Path, help=f"the file {PATH} of {REPO}")
    ap.add_argument("--ampsci-out", type=Path, required=True,
                    help="tables/ampsci/Xenon.out of the same repository (the Hartree-Fock thresholds)")
    ap.add_argument("--commit", required=True, help="commit of the repository the file was taken from")
    ap.add_argument("--step", type=int, default=4, help="keep every step-th node of E and of q")
    ap.add_argument("--tol", type=float, default=0.05, help="largest interpolation error along E or q at a "
                    "dropped node (where K > 1e-4 of its maximum on that line)")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    raw = a.table.read_bytes()
    E_au, q_au, K = parse_mat(a.table)
    levels = {k: v for k, v in hartree_fock_levels(a.ampsci_out).items() if -v < E_au[-1]}
    first_above = np.searchsorted(E_au, [-v for v in levels.values()])
    iE = kept(E_au.size, a.step, np.r_[first_above - 1, first_above])
    iq = kept(q_au.size, a.step)
    iE = refine(np.log(E_au), K[:, iq], iE, a.tol)
    iq = refine(np.log(q_au), K[iE].T, iq, a.tol)
    err = interpolation_error(E_au, q_au, K, iE, iq)
    prov = {
        "source": f"https://{REPO}",
        "commit": a.commit,
        "path": PATH,
        "sha256_of_file": hashlib.sha256(raw).hexdigest(),
        "publication": "A. R. Caddell, V. V. Flambaum, B. M. Roberts, Phys. Rev. D 108, 083030 (2023), "
                       "arXiv:2305.05125",
        "calculation": "ampsci Module::Kionisation: relativistic Hartree-Fock [Xe] core (V^N), vector coupling "
                       "(Gamma = 1), multipoles L <= 6 of exp(iq.r), hole-particle interaction (HF self-interaction "
                       "subtracted for the continuum), continuum explicitly orthogonalised to the core; subshells "
                       "2s..5p (1s inaccessible below 10 keV); HF eigenvalues as thresholds "
                       "(tables/ampsci/Xenon.in, Xenon.out)",
        "definition": "K(E,q) = sum_{n kappa m} sum_{kappa' m'} E_H |<eps kappa' m'|exp(iq.r)|n kappa m>|^2, "
                      "continuum energy-normalised; dimensionless; E energy deposition, q momentum transfer",
        "units_in_file": "E in hartree, q in 1/a0 (atomic units), K dimensionless",
        "conversion": {"E_keV": "E_au * mcpria_lite.units.HARTREE_KEV", "HARTREE_KEV": units.HARTREE_KEV,
                       "q_keV": "q_au * mcpria_lite.units.AU_MOMENTUM_KEV (alpha m_e c)",
                       "AU_MOMENTUM_KEV": units.AU_MOMENTUM_KEV, "constants": "CODATA 2022 via scipy"},
        "thresholds": "Hartree-Fock eigenvalues of the accessible subshells (hartree), from "
                      "tables/ampsci/Xenon.out: " + json.dumps(levels),
        "kept": f"every {a.step}th node of E and of q plus the last one, and in E the two nodes bracketing each "
                f"threshold, and nodes added where the interpolation along E or q would miss a dropped node by more "
                f"than {a.tol:g} (K > 1e-4 of its maximum on that line): {iE.size} of {E_au.size} E nodes, "
                f"{iq.size} of {q_au.size} q nodes; K values unchanged (as written in the file)",
        "interpolation_error_at_dropped_nodes": err,
        "licence": "MIT",
        "licence_text": LICENCE,
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "script": "scripts/roberts_ionization_factor.py",
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(a.out, E_keV=E_au[iE] * units.HARTREE_KEV, q_keV=q_au[iq] * units.AU_MOMENTUM_KEV,
                        K=K[np.ix_(iE, iq)], threshold_keV=-np.array(list(levels.values())) * units.HARTREE_KEV,
                        subshells=np.array(list(levels)), E_au=E_au[iE], q_au=q_au[iq], E_index=iE, q_index=iq,
                        provenance=json.dumps(prov))
    print(f"{a.out.name}: {iE.size} x {iq.size} nodes, {a.out.stat().st_size / 1e3:.0f} kB; interpolation error "
          f"at dropped nodes: {json.dumps(err)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
