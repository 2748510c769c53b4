"""Benchmark: RIA dσ/dT for Ge and Xe (all shells) on 1000 T values at one E.

Prints the time of :func:`mcpria_lite.dsigma_dT` (p_z quadrature, vectorised over T and shells) and
compares it with a naive reference written here: scipy ``quad`` over cos θ, per T and per shell, of
the double-differential cross section. The reference is run on a subset of the T values (it is
slow); its cost per T is scaled to 1000 values for the speed-up.

Usage: python benchmarks/bench_cross_sections.py [--n-ref 24]
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from scipy import integrate

import mcpria_lite as ml
from mcpria_lite import _kinematics_generated as g
from mcpria_lite import kinematics as kin
from mcpria_lite.units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E


def naive_dsigma_dT(tg, T, E, m):
    """2π ∫ d cos θ Σ_shells θ(T − B) d²σ_shell/dTdΩ with scipy quad, shell by shell."""
    k, kp = float(kin.momentum(E, m)), float(kin.momentum(E - T, m))
    dk = float(kin.k_minus_kprime(T, E, m))
    # u = 1 − cos θ; without break points quad would miss the narrow window around the ridge
    brk = []
    for p in (0.0, -1.0, 1.0, -10.0, 10.0, -50.0, 50.0, -100.0, 100.0):
        q = float(kin.q_of_pz(p, T))
        if dk < q < k + kp:
            brk.append((q**2 - dk**2) / (2 * k * kp))
    edges = [0.0] + sorted(u for u in brk if 0 < u < 2) + [2.0]
    total = 0.0
    for i, B in enumerate(tg.binding_keV):
        if T <= B:
            continue

        def f(u, i=i):
            q = np.sqrt(dk**2 + 2 * k * kp * u)
            p = g.pz_of_q(q, T, M_E)
            J = float(tg.compton_profile(p / AU_MOMENTUM_KEV, shell=i)) / AU_MOMENTUM_KEV
            if J == 0.0:
                return 0.0
            Epz = np.sqrt(M_E**2 + p**2)
            X = g.x_bar_k1(g.k1_bar(p, q, T, E, M_E), g.t_bar(q, T), M_E, m)
            return ALPHA**2 / (2 * q * Epz) * (kp / k) * X * J

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", integrate.IntegrationWarning)
            for a, b in zip(edges[:-1], edges[1:]):
                total += integrate.quad(f, a, b, limit=200, epsabs=0, epsrel=1e-8)[0]
    return 2 * np.pi * total * HBARC2_KEV2_CM2


def best_time(fn, repeat=7):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return min(ts)


def interleaved_best(fns: dict, repeat: int = 5) -> dict:
    """Best time of each function, the functions called in turn within each round, so that every
    ratio between them comes from timings of the same rounds (a loaded machine slows them alike)."""
    best = {k: float("inf") for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best


def blas_note() -> str:
    """How many BLAS threads the impulse approximation's products use (mcpria_lite._threads)."""
    from mcpria_lite import _threads

    n = _threads.blas_threads()
    return ("BLAS: numpy's own threads (MCPRIA_BLAS_THREADS=0)" if n is None
            else f"BLAS: {n} thread(s) in the impulse approximation's products (MCPRIA_BLAS_THREADS)")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-ref", type=int, default=6, help="T values for the naive reference")
    args = ap.parse_args(argv)
    E, m = 420.0, 0.0  # a pp-neutrino-like projectile; the kernel cost does not depend on it
    T = np.logspace(-2, 2, 1000)
    print(f"RIA dσ/dT, 1000 T values in [0.01, 100] keV, E = {E:g} keV, m = {m:g} keV")
    print(f"{'target':6s} {'shells':>6s} {'mcpria-lite':>12s} {'naive/T':>10s} {'speed-up':>9s} {'max |rel diff|':>15s}")
    for el in ("Ge", "Xe"):
        tg = ml.target(el)
        ml.dsigma_dT(tg, T, E, m)  # warm-up (profile tables, caches)
        t_fast = best_time(lambda: ml.dsigma_dT(tg, T, E, m))
        sub = np.logspace(np.log10(0.05), np.log10(80.0), args.n_ref)
        t0 = time.perf_counter()
        ref = np.array([naive_dsigma_dT(tg, t, E, m) for t in sub])
        t_ref_per_T = (time.perf_counter() - t0) / len(sub)
        fast = ml.dsigma_dT(tg, sub, E, m)
        diff = np.max(np.abs(fast[ref > 0] / ref[ref > 0] - 1))
        speed = t_ref_per_T * len(T) / t_fast
        print(f"{el:6s} {len(tg.shells):6d} {t_fast * 1e3:9.1f} ms {t_ref_per_T * 1e3:7.1f} ms {speed:8.0f}× {diff:15.1e}")


if __name__ == "__main__":
    main()
