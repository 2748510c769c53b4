"""Benchmark: a 50-mass halo dark-matter limit curve for one data set and one atomic model.

XENON10, the atomic model "DFS", heavy and light mediator, 50 masses from 10 MeV to 1 GeV:
the time of :func:`mcpria_lite.inference.halo_limits.halo_limit` (the response tabulated once per model on
fixed (E, q) grids, :func:`mcpria_lite.rates.halo_rates.halo_spectrum`), from a cold start of the model
and warm, against the direct path in the same run — the same chain with the spectrum from
:func:`mcpria_lite.rates.halo_rates.dR_dE` (Gauss–Legendre in ln q at every energy node, the response
evaluated anew for each mass) on a few masses, scaled to 50 — their ratio and the largest relative
difference of the limits. Goal (issue 19): a 50-mass curve in a few seconds.

Usage: python benchmarks/bench_halo.py [--n-ref 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from mcpria_lite.detection.electron_counts import get
from mcpria_lite.detection.electron_yield import ESSIG2017_XE, ne_spectrum
from mcpria_lite.inference.halo_limits import MEDIATORS, halo_limit, strongest_bin_limit
from mcpria_lite.methods.halo_models import atomic_model
from mcpria_lite.particles.dark_matter import HaloDarkMatter
from mcpria_lite.rates import halo_rates as hr

GOAL_S = 5.0


def direct_limit(data, response, mediator, m_keV, sigma_ref=1e-38):
    """The limit with the spectrum from the direct q integral at every node of the same E grid."""
    dm = HaloDarkMatter(m_keV, sigma_ref, MEDIATORS[mediator])
    E = hr._grid(response)[0]
    E = E[E < hr.E_max_keV(m_keV)]
    y = hr.dR_dE(E, dm, response, per_subshell=True)
    fast = hr.halo_spectrum(dm, response)
    full = np.zeros_like(fast.dR_dE)
    full[:, : E.size] = y
    spec = hr.HaloSpectrum(fast.E_keV, full, fast.subshells, fast.nl, fast.binding_keV, fast.missing_below_keV,
                           fast.E_max_keV, fast.complete, fast.provenance)
    counts = data.expected_counts(ne_spectrum(spec, ESSIG2017_XE, n_max=data.n_e_max + 1))
    return strongest_bin_limit(counts, data.observed, sigma_ref)[0]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-ref", type=int, default=3, help="masses of the direct reference path")
    args = ap.parse_args(argv)
    masses = np.geomspace(1e4, 1e6, 50)
    data = get("xenon10")
    t0 = time.perf_counter()
    response = atomic_model("DFS", "Xe")
    halo_limit(data, "DFS", "heavy", masses[:1])
    t_model = time.perf_counter() - t0
    print(f"atomic model DFS (Xe) built and tabulated: {t_model:.2f} s (once per process)")
    for med in ("heavy", "light"):
        t0 = time.perf_counter()
        L = halo_limit(data, "DFS", med, masses)
        t_fast = time.perf_counter() - t0
        ref_m = masses[np.linspace(10, 49, args.n_ref).astype(int)]
        t0 = time.perf_counter()
        ref = np.array([direct_limit(data, response, med, m) for m in ref_m])
        t_ref = (time.perf_counter() - t0) / len(ref_m) * len(masses)
        fast = np.interp(np.log(ref_m), np.log(masses), L.sigma_e_cm2)
        at = halo_limit(data, "DFS", med, ref_m).sigma_e_cm2
        diff = np.max(np.abs(at / ref - 1))
        print(f"xenon10, {med:5s} mediator, 50 masses: {t_fast:.2f} s warm (goal < {GOAL_S:g} s); direct path "
              f"{t_ref:.1f} s (from {len(ref_m)} masses): {t_ref / t_fast:.0f}x; largest relative difference of the "
              f"limits {diff:.1e} (interpolated curve vs direct {np.max(np.abs(fast / ref - 1)):.1e})")


if __name__ == "__main__":
    main()
