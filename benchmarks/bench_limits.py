"""Benchmark: a combined three-data-set μ_ν limit from a cold start, against a reference path in the same run.

The data sets: LZ WS2024 and PandaX-4T Run 1 (binned) and XENONnT SR0 (unbinned). Each timing is a
fresh interpreter (``python -c``), so it includes importing the package and loading the data:

* **package**: :func:`mcpria_lite.inference.limits.limit` (the spectrum computed once on the three
  data sets' nodes together; binned nuisances profiled by a projected Newton iteration);
* **reference**: the same limit written the textbook way: the spectrum computed for each data set
  separately (:func:`mcpria_lite.detection.signals.neutrino_spectrum` per set), every binned
  −2 ln L minimised over its normalisations with ``scipy.optimize.minimize`` (L-BFGS-B, a ≥ 0) at
  each coupling, the summed profile scanned and the limit found with ``brentq``.

Prints both times, their ratio and the two limits (they must agree to 1e-4). Issue goal: a few
seconds from a cold start. Also the command line, cold: ``mcpria-lite limit --data ... --format csv``.

Usage: python benchmarks/bench_limits.py [--method FEA|RIA] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

DATA = ("lz-ws2024", "pandax4t-run1", "xenonnt-sr0")

PACKAGE = """
import sys
from mcpria_lite.inference.limits import limit
(r,) = limit(list(sys.argv[2:]), "magnetic-moment", sys.argv[1])
print(repr(r.limit))
"""

REFERENCE = """
import sys
import numpy as np
from scipy import optimize
from mcpria_lite.detection import datasets as ds, binned as bn, signals as sig
from mcpria_lite.inference import likelihood as lk, binned_likelihood as bl
method = sys.argv[1]
profiles = []
scales = []
for name in sys.argv[2:]:
    d = ds.get(name)
    if ds.is_binned(d):
        nodes = bn.binned_nodes(d)
        sp = sig.neutrino_spectrum(d.target, nodes.T_keV, "magnetic-moment", method)
        S = bn.binned_signal(d, sp, nodes).counts
        comps = bn.background_components(d)
        T = np.stack([c.counts for c in comps]); s = np.array([c.relative_uncertainty for c in comps])
        n = d.observed
        def prof(theta, T=T, s=s, n=n, S=S, p=np.asarray(sp.powers)):
            mu_s = (theta ** p) @ S
            def f(a):
                lam = a @ T + mu_s
                if np.any(lam <= 0):
                    return 1e300
                return 2 * np.sum(lam - n + np.where(n > 0, n * np.log(np.where(n > 0, n, 1) / lam), 0)) + np.sum(((a - 1) / s) ** 2)
            return optimize.minimize(f, np.ones(len(s)), method="L-BFGS-B", bounds=[(0, None)] * len(s),
                                     options={"ftol": 1e-14, "gtol": 1e-10}).fun
        profiles.append(prof)
        scales.append(bl.BinnedLikelihood(n, T, s, S, sp.powers).theta_scale())
    else:
        s1 = sig.neutrino_signal(d, "magnetic-moment", method)
        L = lk.UnbinnedLikelihood.from_signal(d, s1)
        profiles.append(lambda t, L=L: float(L.profile_nll(t)))
        scales.append(L.theta_scale())
total = lambda t: sum(f(t) for f in profiles)
sc = min(scales)
grid = sc * np.linspace(0, 1, 41) ** 0.5 * 20
vals = [total(t) for t in grid]
j = int(np.argmin(vals))
lo, hi = grid[max(j - 1, 0)], grid[min(j + 1, len(grid) - 1)]
res = optimize.minimize_scalar(total, bounds=(lo, hi), method="bounded", options={"xatol": 1e-7 * sc})
t_hat, f_hat = (res.x, res.fun) if res.fun < vals[j] else (grid[j], vals[j])
if vals[0] <= f_hat + 1e-9:
    t_hat, f_hat = 0.0, vals[0]
c = lk.critical_value(0.9)
up = t_hat + sc
while total(up) - f_hat < c:
    up *= 2
print(repr(optimize.brentq(lambda t: total(t) - f_hat - c, t_hat, up, xtol=1e-10 * sc, rtol=1e-10)))
"""


def cold(code: str, args, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - t0)
        out = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stdout
    return min(times), out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--method", default="FEA", help="atomic method (default FEA; RIA: the central method)")
    ap.add_argument("--repeat", type=int, default=3, help="cold starts per path (the best is reported)")
    a = ap.parse_args(argv)
    args = [a.method, *DATA]
    t_imp, _ = cold("import mcpria_lite.inference.limits", [], a.repeat)
    t_pkg, lim_pkg = cold(PACKAGE, args, a.repeat)
    t_ref, lim_ref = cold(REFERENCE, args, a.repeat)
    exe = Path(sys.executable).parent / "mcpria-lite"
    cli = [str(exe), "limit", "--interaction", "magnetic-moment", "--method", a.method, "--format", "csv"]
    for d in DATA:
        cli += ["--data", d]
    ts = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        subprocess.run(cli, capture_output=True, check=True)
        ts.append(time.perf_counter() - t0)
    rel = abs(float(lim_pkg) / float(lim_ref) - 1)
    print(f"combined mu_nu limit, {' + '.join(DATA)}, method {a.method}, cold start (best of {a.repeat}):")
    print(f"  import of mcpria_lite.inference.limits   {t_imp:6.2f} s")
    print(f"  package path                              {t_pkg:6.2f} s   limit {float(lim_pkg):.5e} mu_B")
    print(f"  reference path (per-set spectra, scipy)   {t_ref:6.2f} s   limit {float(lim_ref):.5e} mu_B")
    print(f"  ratio reference / package                 {t_ref / t_pkg:6.2f}      (limits agree to {rel:.1e})")
    print(f"  command line (mcpria-lite limit ... csv)  {min(ts):6.2f} s")
    return 0 if rel < 1e-4 else 1


if __name__ == "__main__":
    raise SystemExit(main())
