"""Cost of the atomic methods and of sums of interaction terms, as ratios to one reference run.

Prints, for 1000 energy transfers on Xe (a 420 keV neutrino): dσ/dT of every method (the ab initio
"DFS" with its response tables already loaded) relative to the RIA, and the RIA cost of a sum of
interactions (δ + μ + ⟨r²⟩ + weak, nine terms) relative to the millicharge alone (one term).
Best of five runs each; no assertions (timings are figures, not tests).
"""

from __future__ import annotations

import numpy as np

import mcpria_lite as ml
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite.particles import interactions as I
from mcpria_lite.particles.projectiles import neutrino

from bench_cross_sections import best_time  # noqa: E402  (this folder is on sys.path when run as a script)


def best(f) -> float:
    return best_time(f, repeat=5)


def main() -> None:
    nu = neutrino("nu_e")
    xe = ml.target("Xe")
    T = np.geomspace(0.03, 29.0, 1000)
    ml.dsigma_dT(xe, T[:3], 420.0, method="DFS", projectile=nu)  # load the response tables once
    ref = best(lambda: ml.dsigma_dT(xe, T, 420.0, method="RIA", projectile=nu))
    print("dσ/dT, Xe, 1000 T, ν of 420 keV, millicharge (best of 5)")
    print(f"{'method':16s} {'time':>9s} {'/ RIA':>7s}")
    for meth in cs.METHODS:
        t = best(lambda: ml.dsigma_dT(xe, T, 420.0, method=meth, projectile=nu))
        print(f"{meth:16s} {1e3 * t:7.1f} ms {t / ref:6.2f}×")
    E = np.full_like(T, 420.0)
    one = best(lambda: cs.dsigma_dT_terms(xe, T, E, projectile=nu, interaction=I.Millicharge(), method="RIA"))
    nine_i = I.Millicharge(1e-12) + I.MagneticMoment(1e-11) + I.ChargeRadius(3e-32) + I.Weak()
    nine = best(lambda: cs.dsigma_dT_terms(xe, T, E, projectile=nu, interaction=nine_i, method="RIA"))
    print(f"RIA terms: 1 term {1e3 * one:.1f} ms, 9 terms {1e3 * nine:.1f} ms: {nine / one:.2f}× the one-term cost")


if __name__ == "__main__":
    main()
