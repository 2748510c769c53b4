"""Cost of the atomic methods and of sums of interaction terms, as ratios of timings of the same run.

Prints, for 1000 energy transfers on Xe (a 420 keV neutrino): dσ/dT of every method (the ab initio
"DFS" with its response tables already loaded) relative to the RIA, and the RIA cost of a sum of
interactions (δ + μ + ⟨r²⟩ + weak, nine terms) relative to the millicharge alone (one term).
The functions compared are called in turn, five rounds, best of each (:func:`interleaved_best`):
every ratio comes from the same rounds, so the RIA against itself is 1 by construction and a busy
machine slows numerator and denominator alike. No assertions (timings are figures, not tests).
"""

from __future__ import annotations

import numpy as np

import mcpria_lite as ml
from mcpria_lite.rates import cross_sections as cs
from mcpria_lite.particles import interactions as I
from mcpria_lite.particles.projectiles import neutrino

from bench_cross_sections import blas_note, interleaved_best  # noqa: E402  (this folder is on sys.path when run as a script)


def main() -> None:
    nu = neutrino("nu_e")
    xe = ml.target("Xe")
    T = np.geomspace(0.03, 29.0, 1000)
    ml.dsigma_dT(xe, T[:3], 420.0, method="DFS", projectile=nu)  # load the response tables once
    t = interleaved_best({meth: (lambda meth=meth: ml.dsigma_dT(xe, T, 420.0, method=meth, projectile=nu))
                          for meth in cs.METHODS})
    print(f"dσ/dT, Xe, 1000 T, ν of 420 keV, millicharge (best of 5 interleaved rounds; {blas_note()})")
    print(f"{'method':16s} {'time':>9s} {'/ RIA':>7s}")
    for meth in cs.METHODS:
        print(f"{meth:16s} {1e3 * t[meth]:7.1f} ms {t[meth] / t['RIA']:6.2f}×")
    E = np.full_like(T, 420.0)
    nine_i = I.Millicharge(1e-12) + I.MagneticMoment(1e-11) + I.ChargeRadius(3e-32) + I.Weak()
    k = interleaved_best({
        1: lambda: cs.dsigma_dT_terms(xe, T, E, projectile=nu, interaction=I.Millicharge(), method="RIA"),
        9: lambda: cs.dsigma_dT_terms(xe, T, E, projectile=nu, interaction=nine_i, method="RIA")})
    print(f"RIA terms: 1 term {1e3 * k[1]:.1f} ms, 9 terms {1e3 * k[9]:.1f} ms: {k[9] / k[1]:.2f}× the one-term cost")

if __name__ == "__main__":
    main()
