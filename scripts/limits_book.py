#!/usr/bin/env python3
"""Every limit the chapter "Limits from data" shows, computed once: bands, combinations, checks, toys.

    .venv/bin/python scripts/limits_book.py            # -> book/data/limits_book.json (about 10 min on 1 core)

The chapter (``book/limits.ipynb``) reads the result, recomputes a sample of it live (the hidden
checks fail if the package has drifted from the file), shows it, and writes the downloadable
``book/limits/`` files from it with :mod:`mcpria_lite.inference.limit_files`. What is computed:

* the theory band (:func:`mcpria_lite.inference.limits.theory_band`, with the Asimov expected limit)
  of the magnetic moment, the millicharge with and without the weak interference and the charge
  radius, for XENONnT SR0, LZ WS2022, LZ WS2024, PandaX-4T Run 1, LZ WS2022 + WS2024, and all four;
* the dark-cosmic-ray millicharge δ(m_χ) at five masses, for SR0 and all four;
* LZ WS2022 against Atzori Corona et al. (arXiv:2207.05036) with the variants of the analysis that
  the chapter discusses (statistic, efficiency convention, first bin, EPA regulator, resolution);
* the combination's checks: Asimov limits of every member and combination, and toy coverage.

The file records the package version, the date, and the wall time of each part.
"""

from __future__ import annotations

import dataclasses
import json
import math
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "book" / "data" / "limits_book.json"

from mcpria_lite.detection import datasets as ds  # noqa: E402
from mcpria_lite.detection.response import RelativeResolution  # noqa: E402
from mcpria_lite.inference import combined as C  # noqa: E402
from mcpria_lite.inference import limits as L  # noqa: E402
from mcpria_lite.inference.limit_files import package_version  # noqa: E402
from mcpria_lite.methods import METHODS  # noqa: E402

#: The data choices of every table: one data set, or a combination ("+" between the names).
DATA = {"xenonnt-sr0": ["xenonnt-sr0"], "lz-ws2022": ["lz-ws2022"], "lz-ws2024": ["lz-ws2024"],
        "pandax4t-run1": ["pandax4t-run1"], "lz-ws2022+lz-ws2024": ["lz-ws2022", "lz-ws2024"],
        "all four": ["lz-ws2022", "lz-ws2024", "pandax4t-run1", "xenonnt-sr0"]}
#: The couplings: (key, model, model options).
COUPLINGS = [("mu", "magnetic-moment", {}), ("delta", "millicharge", {}),
             ("delta2", "millicharge", {"interference": False}), ("r2", "charge-radius", {})]
MASSES = (0.01, 0.1, 1.0, 10.0, 100.0)
#: the experiments' treatment of the Standard-Model background (the method flagged is_stepping: FEA)
STEPPING = next(n for n, m in METHODS.items() if m.is_stepping)


def _clean(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def bands() -> dict:
    out = {}
    for key, model, opts in COUPLINGS:
        for name, data in DATA.items():
            t0 = time.time()
            bs = L.theory_band(data, model, expected=True, **opts)
            out[f"{key}|{name}"] = [b.to_dict() for b in bs]
            print(f"[band] {key:6s} {name:22s} " + "  ".join(f"{b.central.sign:+.0f}: {b.central.limit:.3e} "
                  f"[{b.low:.3e}, {b.high:.3e}]" for b in bs) + f"  ({time.time() - t0:.0f} s)", flush=True)
    for name in ("xenonnt-sr0", "all four"):
        for m in MASSES:
            t0 = time.time()
            bs = L.theory_band(DATA[name], "dark-cosmic-ray", mass_keV=m, expected=True)
            out[f"dcr{m:g}|{name}"] = [b.to_dict() for b in bs]
            print(f"[band] dcr {m:g} keV {name:14s} {bs[0].central.limit:.3e} [{bs[0].low:.3e}, {bs[0].high:.3e}] "
                  f"({time.time() - t0:.0f} s)", flush=True)
    return out


def lz_check() -> list:
    """LZ WS2022 alone, variants of the analysis (label, model, method, options, data-set changes)."""
    rel = ds.get("lz-ws2022")
    rec = lambda r: r.to_dict()  # noqa: E731
    rows = []

    def add(label, data, model, method, **kw):
        (r,) = L.limit(data, model, method, **kw)
        rows.append({**rec(r), "analysis": label})
        print(f"[lz] {label:70s} {r.limit:.3e}", flush=True)

    deposited_all = dataclasses.replace(rel, window_keV=(0.0, 20.0))
    recon = dataclasses.replace(rel, efficiency_applied_at="reconstructed")
    recon_all = dataclasses.replace(rel, efficiency_applied_at="reconstructed", window_keV=(0.0, 20.0))
    x1t = dataclasses.replace(rel, resolution=RelativeResolution(0.310, 0.0037))
    for method in (STEPPING, L.central_method()):
        add(f"mu, {method}, this chapter's analysis", rel, "magnetic-moment", method)
        add(f"mu, {method}, Delta chi2 = 2.71", rel, "magnetic-moment", method, statistic="delta-chi2")
    add("mu, FEA, first bin (0-1 keV) kept", deposited_all, "magnetic-moment", STEPPING)
    add("mu, FEA, one normalisation for the whole fit", rel, "magnetic-moment", STEPPING, nuisance_mode="single")
    add("mu, FEA, efficiency at the reconstructed energy", recon, "magnetic-moment", STEPPING)
    add("mu, FEA, resolution 0.310/sqrt(E) + 0.0037", x1t, "magnetic-moment", STEPPING)
    epa = "EPA"  # the re-analysis' treatment of the millicharge
    add("delta, EPA (delta^2), this chapter's analysis", rel, "millicharge", epa, interference=False, expected=True)
    add("delta, EPA, Delta chi2 = 2.71", rel, "millicharge", epa, interference=False, statistic="delta-chi2")
    add("delta, EPA, efficiency at the reconstructed energy", recon, "millicharge", epa, interference=False)
    add("delta, EPA, first bin kept", deposited_all, "millicharge", epa, interference=False)
    add("delta, EPA, efficiency at reconstructed E, first bin kept, Delta chi2", recon_all, "millicharge", epa,
        interference=False, statistic="delta-chi2")
    return rows


def combination_checks() -> dict:
    out = {"asimov": {}, "observed": {}, "coverage": []}
    for method in (STEPPING, L.central_method()):
        comb = L.combination(DATA["all four"], "magnetic-moment", method)
        for m in comb.members:
            one = C.CombinedLikelihood([m])
            out["asimov"][f"{method}|{m.name}"] = one.expected_limit()
            out["observed"][f"{method}|{m.name}"] = one.upper_limit().limit
        for name, data in DATA.items():
            if len(data) > 1:
                c = L.combination(data, "magnetic-moment", method)
                out["asimov"][f"{method}|{name}"] = c.expected_limit()
                out["observed"][f"{method}|{name}"] = c.upper_limit().limit
        print(f"[checks] {method}: {out['asimov']}", flush=True)
    for data, factor, n, seed in ((["lz-ws2022", "xenonnt-sr0"], 1.0, 400, 21), (["lz-ws2022", "xenonnt-sr0"], 2.5, 400, 22),
                                  (DATA["all four"], 2.0, 300, 23)):
        comb = L.combination(data, "magnetic-moment", STEPPING)
        lim = comb.upper_limit().limit
        cov = C.coverage(comb, factor * lim, n_toys=n, seed=seed)
        out["coverage"].append({"data": "+".join(data), "factor": factor, "theta_true": cov.theta_true,
                                "n_toys": n, "seed": seed, "covered": cov.covered_fraction,
                                "error": cov.binomial_error, "q_quantile": cov.q_tilde_quantile})
        print(f"[coverage] {'+'.join(data)} at {factor} x limit: {cov.covered_fraction:.3f} +- {cov.binomial_error:.3f}",
              flush=True)
    return out


def main() -> int:
    t0 = time.time()
    res = {"provenance": {"script": "scripts/limits_book.py", "package": f"mcpria-lite {package_version()}",
                          "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "python": sys.version.split()[0],
                          "numpy": np.__version__}}
    timings = {}
    for key, fn in (("bands", bands), ("lz_check", lz_check), ("combination", combination_checks)):
        t = time.time()
        res[key] = fn()
        timings[key] = round(time.time() - t, 1)
    res["provenance"]["seconds"] = timings
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(_clean(res), indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
