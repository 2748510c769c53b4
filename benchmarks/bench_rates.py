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

GOAL_S = 0.3  # Xe (and Ge), 1000 T, solar neutrinos, RIA


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
    goal = {}
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
            if label == "solar ν" and meth == "RIA":
                goal[el] = (t_new, t_ref / t_new, diff)
    for el, (t_new, ratio, diff) in goal.items():
        ok = t_new < GOAL_S and ratio >= 30 and diff <= 1e-3
        print(f"goal {el}, solar ν, RIA: {t_new:.3f} s < {GOAL_S} s, {ratio:.0f}× ≥ 30×, {diff:.1e} ≤ 1e-3: "
              f"{'met' if ok else 'NOT met'}")
    try:
        from mcpria_lite import interactions as inter
    except ImportError:
        return
    print(f"\nsum of terms: solar ν (flavour split), RIA, {T.size} T values (direct path on every 20th T, "
          "its time scaled); max |rel diff| of the total")
    sub = T[::20]
    for el in ("Xe", "Ge"):
        for name, it in [("weak", inter.Weak()), ("delta+weak", inter.Millicharge(1e-12) + inter.Weak()),
                         ("mu+weak", inter.MagneticMoment(1e-11) + inter.Weak())]:
            rates.dR_dT_terms(el, T[:3], nu, "RIA", it)
            t_new, new = best_time(lambda: rates.dR_dT_terms(el, T, nu, "RIA", it))
            t0 = time.perf_counter()
            ref = rates._dR_dT_terms_reference(el, sub, nu, "RIA", it)
            t_ref = (time.perf_counter() - t0) * T.size / sub.size
            a, b = rates.dR_dT_terms(el, sub, nu, "RIA", it).total(), ref.total()
            diff = float(np.max(np.abs(a[b > 0] / b[b > 0] - 1)))
            print(f"{el:6s} {name:16s} {len(new.terms):d} terms         {t_new:7.3f} s {t_ref:7.1f} s "
                  f"{t_ref / t_new:6.0f}× {diff:15.1e}", flush=True)


if __name__ == "__main__":
    main()
