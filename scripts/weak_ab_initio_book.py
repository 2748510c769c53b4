#!/usr/bin/env python3
"""Every number of the chapter "The weak interaction ab initio", computed once.

    nice -n 10 .venv/bin/python scripts/weak_ab_initio_book.py   # -> book/data/weak_ab_initio.json

What is computed (solar neutrinos of :func:`mcpria_lite.sources.solar.solar_neutrinos`, oscillated;
Standard-Model weak scattering, s_W² = 0.2386):

* dR/dT of Xe and Ge with the ab initio method "DFS" (weak tables ``dfs_weak_<El>.npz``), stepping
  ("FEA") and the relativistic impulse approximation ("RIA") on 0.1–30 keV, and Xe above the K edge;
* the same DFS rate at the T of the digitized RRPA/stepping ratio of Chen et al. (2017)
  (``book/data/chen2017_rrpa_xe``);
* 90 % C.L. limits from XENONnT SR0 on μ_ν, δ_ν (with the weak interference, both signs) and ⟨r²⟩
  with FEA, RIA and DFS (:func:`mcpria_lite.inference.limits.limit`).

The file records the package version, the date and the wall time of each part.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

import mcpria_lite as ml
from mcpria_lite.inference import limits as L
from mcpria_lite.inference.limit_files import package_version
from mcpria_lite.particles import interactions as it

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "book" / "data" / "weak_ab_initio.json"
RRPA = ROOT / "book" / "data" / "chen2017_rrpa_xe" / "rrpa_over_stepping_xe.csv"
METHODS = ("FEA", "RIA", "DFS")


def rates(element, T, methods=METHODS):
    flux = ml.solar_neutrinos()
    out = {}
    for m in methods:
        t0 = time.perf_counter()
        out[m] = ml.dR_dT(element, T, flux, method=m, interaction=it.Weak()).tolist()
        out[f"{m}_seconds"] = round(time.perf_counter() - t0, 1)
        print(f"  {element} {m}: {out[f'{m}_seconds']} s", flush=True)
    return out


def main() -> None:
    t_all = time.perf_counter()
    res: dict = {"package_version": package_version(),
                 "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                 "flux": "solar_neutrinos() (GS98, all components, oscillated)", "interaction": repr(it.Weak())}
    T = np.geomspace(0.1, 30.0, 64)
    res["T_keV"] = T.tolist()
    for el in ("Xe", "Ge"):
        print(el, flush=True)
        res[el] = rates(el, T)
    T_K = np.linspace(36.0, 60.0, 13)
    res["T_above_K_keV"] = T_K.tolist()
    res["Xe_above_K"] = rates("Xe", T_K, ("FEA", "DFS"))
    T_r = np.loadtxt(RRPA, delimiter=",", comments="#", skiprows=2, usecols=0)
    res["T_rrpa_keV"] = T_r.tolist()
    res["Xe_rrpa_points"] = rates("Xe", T_r, ("FEA", "DFS"))
    lim = {}
    for key, model in (("mu", "magnetic-moment"), ("delta", "millicharge"), ("r2", "charge-radius")):
        for m in METHODS:
            t0 = time.perf_counter()
            recs = L.limit("xenonnt-sr0", model, m)
            lim[f"{key}|{m}"] = [{"sign": r.sign, "limit": r.limit, "unit": r.unit, "coupling": r.coupling,
                                  "two_signs": r.two_signs} for r in recs]
            lim[f"{key}|{m}|seconds"] = round(time.perf_counter() - t0, 1)
            print(f"  limit {key} {m}: {[r.limit for r in recs]} ({lim[f'{key}|{m}|seconds']} s)", flush=True)
    res["limits_xenonnt_sr0"] = lim
    res["wall_seconds"] = round(time.perf_counter() - t_all, 1)
    OUT.write_text(json.dumps(res, indent=1))
    print("wrote", OUT, res["wall_seconds"], "s")


if __name__ == "__main__":
    main()
