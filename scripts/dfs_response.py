#!/usr/bin/env python
"""Subshell response functions R_L(T, q), R_T(T, q) of the Dirac–Hartree–Slater Ge and Xe atoms.

Run outside the book build (≈ 10–15 min per atom on one busy core)::

    OMP_NUM_THREADS=1 python scripts/dfs_response.py            # Ge and Xe
    OMP_NUM_THREADS=1 python scripts/dfs_response.py Xe --nT 16 --nq 16   # a coarse first look

Writes ``src/mcpria_lite/data/dfs_response_<El>.npz`` (compressed): the (T, q) grid (keV), per
subshell R_L and R_T (keV⁻¹), the partial-wave cut κ′_max and the share of the outermost partial
waves (convergence), the impulse-approximation R_L from the same orbitals on the same grid (the
overlap at large q), and provenance (JSON string). Each subshell is tabulated up to
q_max = min(q grid end, 30/⟨r⟩_nκ) (beyond it the impulse approximation is the model); entries
above q_max are NaN. Physics: ``mcpria_lite.atomic_response``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
from pathlib import Path

import numpy as np

from mcpria_lite import atomic_response as ar, atoms, continuum, dirac_slater, photoionization as ph, units

OUT = Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data"


def build(symbol: str, nT: int, nq: int, kappa_cap: int, q_min: float = 0.005) -> None:
    tgt = atoms.target(symbol)
    base = dirac_slater.load_atom(symbol)
    T = np.geomspace(max(0.02, 1.2 * tgt.ionization_threshold_keV), 30.0, nT)
    q = np.geomspace(q_min, 300.0, nq)                  # keV
    q_au = q / units.AU_MOMENTUM_KEV
    ns = len(tgt.shells)
    RL = np.full((ns, nT, nq), np.nan)
    RT = np.full_like(RL, np.nan)
    lastL = np.zeros_like(RL)
    kmax = np.zeros((ns, nT), int)
    qmax_keV = np.zeros(ns)
    pz = np.linspace(0.0, 500.0, 5001)
    J = dirac_slater.compton_profiles(base, pz)
    RIA = np.zeros_like(RL)
    t0 = time.perf_counter()
    for i, (o, s) in enumerate(zip(base.orbitals, tgt.shells)):
        r_mean = float(base.grid.integrate(base.grid.r * (o.G ** 2 + o.F ** 2)))
        qmax_au = min(q_au[-1], 30.0 / r_mean)
        qmax_keV[i] = qmax_au * units.AU_MOMENTUM_KEV
        sel = q_au <= qmax_au * (1 + 1e-9)
        RIA[i] = ar.impulse_response_L(lambda p, Ji=J[i]: np.interp(np.abs(p), pz, Ji, right=0.0),
                                       T[:, None], q[None, :])
        for j, Tj in enumerate(T):
            if Tj <= s.binding_keV:
                RL[i, j, sel] = 0.0
                RT[i, j, sel] = 0.0
                continue
            p = float(continuum.momentum_au((Tj - s.binding_keV) / units.HARTREE_KEV))
            band = int(np.ceil(np.log2(max(p + qmax_au, 1.0))))
            atom, grids = ph._atom_on_band(symbol, band)
            K = int(min(kappa_cap, max(8, np.ceil(1.5 * (qmax_au + p) * r_mean) + 6)))
            a, b, c, _ = ar.subshell_response(atom, grids, atom.orbitals[i], float(Tj), q[sel],
                                               s.binding_keV, K)
            RL[i, j, sel], RT[i, j, sel], lastL[i, j, sel] = a, b, c
            kmax[i, j] = K
        print(f"  {symbol} {o.name}: q_max {qmax_au:.1f} a.u., {time.perf_counter() - t0:.0f} s", flush=True)
    dt = time.perf_counter() - t0
    prov = {
        "model": f"Dirac-Hartree-Slater (alpha_x=1, Latter tail), data/dfs_{symbol}.npz",
        "definitions": "R_L = N/(2j+1) sum_m sum_f |<f|exp(iq.r)|i>|^2 delta(T-eps_f-B); R_T the same with "
                       "alpha.e_(+1) exp(iq.r), e_(+1) transverse; keV^-1; sigma_gamma(T) = 4 pi^2 alpha/T R_T(T,T)",
        "thresholds": "tabulated binding energies (mcpria_lite.atoms.target)",
        "kappa_max": "adaptive per (subshell, T): min(cap, max(8, 1.5 (q_max + p) <r> + 6))",
        "kappa_cap": kappa_cap,
        "grid": {"T_keV": [float(T[0]), float(T[-1]), nT, "log"], "q_keV": [q_min, 300.0, nq, "log"]},
        "seconds": round(dt, 1),
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    path = OUT / f"dfs_response_{symbol}.npz"
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, T_keV=T, q_keV=q, subshells=np.array([s.name for s in tgt.shells]),
                        binding_keV=tgt.binding_keV, occupancy=tgt.occupancy, R_L=RL, R_T=RT,
                        last_partial_wave_fraction_L=lastL, kappa_max=kmax, q_max_keV=qmax_keV,
                        R_L_impulse=RIA, provenance=json.dumps(prov))
    tmp.replace(path)
    print(f"{symbol}: {dt:.0f} s -> {path.name}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elements", nargs="*", default=["Ge", "Xe"])
    ap.add_argument("--nT", type=int, default=36)
    ap.add_argument("--nq", type=int, default=30)
    ap.add_argument("--kappa-cap", type=int, default=48)
    ap.add_argument("--q-min", type=float, default=0.005, help="smallest momentum transfer (keV)")
    a = ap.parse_args()
    for el in a.elements:
        build(el, a.nT, a.nq, a.kappa_cap, a.q_min)
