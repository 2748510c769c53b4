#!/usr/bin/env python
"""Subshell response functions R_L(T, q), R_T(T, q) of the Dirac–Hartree–Slater Ge and Xe atoms.

Run outside the book build (≈ 22 min per atom on one core, both atoms side by side on two)::

    OMP_NUM_THREADS=1 python scripts/dfs_response.py            # Ge and Xe
    OMP_NUM_THREADS=1 python scripts/dfs_response.py Xe --nT 12  # a coarse first look
    DFS_OUT=/tmp/new OMP_NUM_THREADS=1 python scripts/dfs_response.py Ge  # write elsewhere

Writes ``src/mcpria_lite/data/atoms/dfs_response_<El>.npz`` (compressed). The grid follows the Bethe
ridge: per subshell, T on a logarithmic grid and, at each T, q at fixed values of Ribberfors'
p_z = (q² − T² − 2m_eT)/(2q) (:func:`mcpria_lite.targets.dfs.response.ridge_nodes_pz_au`: uniform with
spacing p_rms/5 across the ridge, where R changes fastest, geometric in the smooth wings), from
q = ``q_min`` to the subshell's q_max = min(300 keV, 30/⟨r⟩_nκ), with one T step of margin on both
ends so that every (T, q) inside has four computed neighbours. Beyond q_max the impulse
approximation is the model. Stored per subshell: the p_z nodes and scale, R_L and R_T (keV⁻¹,
NaN where not computed), the partial-wave cut κ′_max and the share of the outermost partial waves
(convergence), the impulse-approximation R_L from the same orbitals at the same nodes (the overlap
at large q), and provenance (JSON string). Physics: ``mcpria_lite.targets.dfs.response``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import time
from pathlib import Path

import numpy as np

from mcpria_lite import units
from mcpria_lite.targets.dfs import response as ar
from mcpria_lite.targets import atoms
from mcpria_lite.targets.dfs import continuum
from mcpria_lite.targets.dfs import atom as dirac_slater
from mcpria_lite.targets.dfs import photoionization as ph

# where the tables go: the package's data folder, or $DFS_OUT (to compare a new table with the committed one)
OUT = Path(os.environ.get("DFS_OUT", Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data"))
Q_TOP = 300.0     # keV: the largest q tabulated for any subshell
MARGIN = 1.3      # > one step of the T grid: the q range computed beyond [q_min, q_max]


def build(symbol: str, nT: int, kappa_cap: int, q_min: float = 0.005, n_core: int = 51) -> None:
    tgt = atoms.atom(symbol)
    base = dirac_slater.load_atom(symbol)
    T = np.geomspace(max(0.02, 1.2 * tgt.ionization_threshold_keV), 30.0, nT)
    ns = len(tgt.shells)
    pz_grid = np.linspace(0.0, 500.0, 5001)
    J = dirac_slater.compton_profiles(base, pz_grid)
    norm = np.trapezoid(J, pz_grid, axis=1)
    p_rms = np.sqrt(np.trapezoid(J * pz_grid**2, pz_grid, axis=1) / norm)
    nodes = []
    qmax_keV = np.zeros(ns)
    r_means = np.zeros(ns)
    for i, o in enumerate(base.orbitals):
        r_means[i] = float(base.grid.integrate(base.grid.r * (o.G ** 2 + o.F ** 2)))
        qmax_keV[i] = min(Q_TOP, 30.0 / r_means[i] * units.AU_MOMENTUM_KEV)
        lo = float(ar.ridge_pz_au(q_min / MARGIN, T[-1]))
        hi = float(ar.ridge_pz_au(MARGIN * qmax_keV[i], T[0]))
        nodes.append(ar.ridge_nodes_pz_au(p_rms[i], lo, hi, n_core))
    n_p = max(len(n) for n in nodes)
    PZ = np.full((ns, n_p), np.nan)
    for i, n in enumerate(nodes):
        PZ[i, : len(n)] = n
    RL = np.full((ns, nT, n_p), np.nan)
    RT = np.full_like(RL, np.nan)
    lastL = np.full_like(RL, np.nan)
    RIA = np.full_like(RL, np.nan)
    kmax = np.zeros((ns, nT), int)
    t0 = time.perf_counter()
    n_calls = 0
    for i, (o, s) in enumerate(zip(base.orbitals, tgt.shells)):
        pz = nodes[i]
        for j, Tj in enumerate(T):
            q = ar.ridge_q_keV(pz, Tj)
            inside = np.nonzero((q >= q_min / MARGIN) & (q <= MARGIN * qmax_keV[i]))[0]
            k0, k1 = max(inside[0] - 1, 0), min(inside[-1] + 1, len(pz) - 1)
            sel = np.arange(k0, k1 + 1)
            qs = q[sel]
            RIA[i, j, sel] = ar.impulse_response_L(lambda p, Ji=J[i]: np.interp(np.abs(p), pz_grid, Ji, right=0.0),
                                                   Tj, qs)
            if Tj <= s.binding_keV:
                RL[i, j, sel] = 0.0
                RT[i, j, sel] = 0.0
                lastL[i, j, sel] = 0.0
                continue
            p = float(continuum.momentum_au((Tj - s.binding_keV) / units.HARTREE_KEV))
            q_top_au = qs.max() / units.AU_MOMENTUM_KEV
            band = int(np.ceil(np.log2(max(p + q_top_au, 1.0))))
            atom, grids = ph._atom_on_band(symbol, band)
            K = int(min(kappa_cap, max(8, np.ceil(1.5 * (q_top_au + p) * r_means[i]) + 6)))
            a, b, c, _ = ar.subshell_response(atom, grids, atom.orbitals[i], float(Tj), qs, s.binding_keV, K)
            RL[i, j, sel], RT[i, j, sel], lastL[i, j, sel] = a, b, c
            kmax[i, j] = K
            n_calls += 1
        print(f"  {symbol} {o.name}: q_max {qmax_keV[i]:.1f} keV, {len(pz)} p_z nodes, "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
    dt = time.perf_counter() - t0
    prov = {
        "model": f"Dirac-Hartree-Slater (alpha_x=1, Latter tail), data/dfs_{symbol}.npz",
        "definitions": "R_L = N/(2j+1) sum_m sum_f |<f|exp(iq.r)|i>|^2 delta(T-eps_f-B); R_T the same with "
                       "alpha.e_(+1) exp(iq.r), e_(+1) transverse; keV^-1; sigma_gamma(T) = 4 pi^2 alpha/T R_T(T,T)",
        "thresholds": "tabulated binding energies (mcpria_lite.targets.lookup.target)",
        "grid": {"T_keV": [float(T[0]), float(T[-1]), nT, "log"],
                 "q": "per subshell and T at the p_z nodes pz_au (Ribberfors p_z, a.u.): "
                      f"q = atomic_response.ridge_q_keV(pz, T), {n_core} uniform nodes on +-5 p_rms, "
                      f"wings x1.35; computed for q in [q_min/{MARGIN}, {MARGIN} q_max] plus one node",
                 "q_min_keV": q_min, "q_max_keV": "min(300, 30/<r>_nk a.u.) per subshell"},
        "kappa_max": "adaptive per (subshell, T): min(cap, max(8, 1.5 (q_top + p) <r> + 6)), q_top the largest q computed",
        "kappa_cap": kappa_cap,
        "seconds": round(dt, 1),
        "subshell_calls": n_calls,
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    path = OUT / f"dfs_response_{symbol}.npz"
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, T_keV=T, pz_au=PZ, p_scale_au=p_rms, q_min_keV=q_min,
                        subshells=np.array([s.name for s in tgt.shells]),
                        binding_keV=tgt.binding_keV, occupancy=tgt.occupancy, R_L=RL, R_T=RT,
                        last_partial_wave_fraction_L=lastL.astype(np.float32), kappa_max=kmax, q_max_keV=qmax_keV,
                        R_L_impulse=RIA, provenance=json.dumps(prov))
    tmp.replace(path)
    print(f"{symbol}: {dt:.0f} s ({n_calls} subshell calls) -> {path.name}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elements", nargs="*", default=["Ge", "Xe"])
    ap.add_argument("--nT", type=int, default=36)
    ap.add_argument("--kappa-cap", type=int, default=80)
    ap.add_argument("--q-min", type=float, default=0.005, help="smallest momentum transfer (keV)")
    ap.add_argument("--n-core", type=int, default=51, help="uniform p_z nodes across the ridge")
    a = ap.parse_args()
    for el in a.elements:
        build(el, a.nT, a.kappa_cap, a.q_min, a.n_core)
