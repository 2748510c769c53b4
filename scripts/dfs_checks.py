#!/usr/bin/env python
"""The per-atom checks of an ab initio response table, recorded in the table's provenance.

Run after ``scripts/dfs_response.py`` (and ``scripts/dfs_photo.py`` for the photoionization check)::

    python scripts/dfs_checks.py Ar Ge Xe

For each element: the model's K and L eigenvalues against the tabulated (Elam et al.) binding
energies; the Bethe sum rule of the subshells bound by < 0.25 keV at q = 10, 15, 27 keV
(:func:`mcpria_lite.targets.dfs.response.bethe_sum_rule`); the large-q hand-over to the impulse
limit of every subshell whose ridge lies in the table
(:func:`mcpria_lite.targets.dfs.response.impulse_handover`); the largest deviation of every
subshell's photoionization cross section from Kissel's (xraylib) between 1 and 100 keV, 2 % above
the edge and where Kissel's slope is smooth (``dfs_photo_<El>.json``), or why it is missing. Written
as ``provenance["checks"]`` of ``data/atoms/dfs_response_<El>.npz`` (the arrays are untouched).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from mcpria_lite import units
from mcpria_lite.targets import atoms
from mcpria_lite.targets.dfs import atom as ds
from mcpria_lite.targets.dfs import photoionization as ph
from mcpria_lite.targets.dfs import response as ar

DATA = Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "atoms"


def checks(el: str) -> dict:
    tgt = atoms.atom(el)
    atom = ds.load_atom(el)
    tab = ar.response_table(el)
    out: dict = {"eigenvalues_keV": {}, "bethe_sum_rule": {}, "impulse_handover": {}, "kissel_1_100_keV": {}}
    for o, s in zip(atom.orbitals, tgt.shells):
        if s.name[0] in "12":
            out["eigenvalues_keV"][s.name] = {"model": round(o.binding_keV, 5), "tabulated": s.binding_keV,
                                              "rel_dev": round(o.binding_keV / s.binding_keV - 1, 4)}
    for q in (10.0, 15.0, 27.0):
        got, exp = ar.bethe_sum_rule(el, q)
        out["bethe_sum_rule"][f"q={q:g} keV"] = round(got / exp, 4)
    for i, s in enumerate(tab.subshells):
        w = tab.p_scale_au[i] * units.AU_MOMENTUM_KEV / units.M_E
        a, b, c = 1 / (2 * units.M_E), 3 * w, -tab.T_keV[-1]
        q = min(tab.q_max_keV[i], 0.999 * (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a))
        if tab.binding_keV[i] >= 0.5 * tab.T_keV[-1] or q < 8 * tab.p_scale_au[i] * units.AU_MOMENTUM_KEV:
            continue
        h = ar.impulse_handover(el, s, q)
        out["impulse_handover"][s] = {k: round(v, 4) if isinstance(v, float) else v for k, v in h.items()}
    path = DATA / f"dfs_photo_{el}.json"
    if not path.is_file():
        out["kissel_1_100_keV"] = "not computed (no dfs_photo_<El>.json)"
        return out
    photo = json.loads(path.read_text())
    E = np.array(photo["omega_keV"])
    sig = np.array(photo["sigma_per_electron_barn"])
    sel = (E >= 0.99) & (E <= 100.0)
    for i, s in enumerate(tgt.shells):
        k = ph.kissel_per_electron(tgt.Z, s.iupac, E[sel])
        ok = ph.smooth_reference_mask(E[sel], k) & (E[sel] > 1.02 * s.binding_keV) & (k > 0)
        if ok.sum() < 3:
            out["kissel_1_100_keV"][s.name] = "fewer than 3 comparable energies (edge above 100 keV or Kissel not smooth)"
            continue
        out["kissel_1_100_keV"][s.name] = round(float(np.max(np.abs(sig[i, sel][ok] / k[ok] - 1))), 4)
    return out


def main(elements):
    for el in elements:
        c = checks(el)
        path = DATA / f"dfs_response_{el}.npz"
        with np.load(path) as z:
            arrays = {k: z[k] for k in z.files}
        prov = json.loads(str(arrays.pop("provenance")))
        prov["checks"] = c
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, **arrays, provenance=json.dumps(prov))
        tmp.replace(path)
        print(el, json.dumps(c, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:] or ["Ge", "Xe"])
