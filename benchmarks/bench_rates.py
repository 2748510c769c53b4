"""Benchmark: dR/dT on 1000 T values in [0.01, 30] keV, the shared-p_z RIA against the direct path.

For Ge and Xe, solar neutrinos and dark cosmic rays (m = 0.01 … 100 keV), every method, prints the
time of :func:`mcpria_lite.rates.dR_dT` (RIA: one p_z integral per T, see :mod:`mcpria_lite.rates`),
the time of the direct evaluation :func:`mcpria_lite.rates._dR_dT_reference` (dσ/dT at every flux
node, the code path before) in the same run, their ratio and the largest relative difference.
Goal (issue "rates as fast as the cross sections"): Xe, solar neutrinos, RIA < 0.3 s.

Usage: python benchmarks/bench_rates.py [--n-T 1000] [--quick]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import mcpria_lite as ml
from mcpria_lite import fluxes, rates


def best_time(fn, repeat=3):
    ts = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    return min(ts), out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-T", type=int, default=1000, help="number of T values")
    ap.add_argument("--quick", action="store_true", help="only the solar-neutrino RIA rows")
    args = ap.parse_args(argv)
    T = np.linspace(0.01, 30.0, args.n_T)
    nu = fluxes.solar_neutrinos()
    cases = [("solar ν", nu, "RIA"), ("solar ν", nu, "RIA-simplified"), ("solar ν", nu, "FEA"),
             ("solar ν", nu, "EPA")]
    if not args.quick:
        cases += [(f"DCR m={m:g} keV", fluxes.dark_cosmic_rays(m), meth)
                  for m in (0.01, 1.0, 100.0) for meth in ("RIA", "FEA", "EPA")]
    print(f"dR/dT on {T.size} T values in [0.01, 30] keV (best of 3; direct path once)")
    print(f"{'target':6s} {'flux':16s} {'method':15s} {'new':>9s} {'direct':>9s} {'ratio':>7s} {'max |rel diff|':>15s}")
    for el in ("Xe", "Ge"):
        tg = ml.target(el)
        for label, flux, meth in cases:
            kw = {"m_regulator_keV": 1e-4} if (meth == "EPA" and flux.m_keV == 0) else {}
            rates.dR_dT(tg, T[:3], flux, meth, **kw)  # warm-up (profile tables, caches)
            t_new, new = best_time(lambda: rates.dR_dT(tg, T, flux, meth, **kw))
            t0 = time.perf_counter()
            ref = rates._dR_dT_reference(tg, T, flux, meth, **kw)
            t_ref = time.perf_counter() - t0
            on = ref > 0
            diff = float(np.max(np.abs(new[on] / ref[on] - 1))) if np.any(on) else 0.0
            print(f"{el:6s} {label:16s} {meth:15s} {t_new:7.3f} s {t_ref:7.3f} s {t_ref / t_new:6.0f}× {diff:15.1e}",
                  flush=True)


if __name__ == "__main__":
    main()
