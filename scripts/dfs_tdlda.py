#!/usr/bin/env python
"""Dipole photoabsorption of xenon beyond the independent-particle approximation (TDLDA), 10–220 eV.

Run outside the book build (≈ 15 min on one core)::

    OMP_NUM_THREADS=1 python scripts/dfs_tdlda.py          # 10-220 eV, convergence, sum rule
    OMP_NUM_THREADS=1 python scripts/dfs_tdlda.py high     # 300 eV - 2 keV on a finer grid (own file)
    OMP_NUM_THREADS=1 python scripts/dfs_tdlda.py diagnose # where the all-shell excess above the M edges comes from

Writes ``src/mcpria_lite/data/atoms/dfs_tdlda_Xe.json`` (and ``dfs_tdlda_Xe_high.json``): σ(ω) of the independent-particle (IPA),
RPA (Coulomb kernel) and TDLDA (Coulomb + Slater-exchange kernel) responses, and of the correlated response the
package uses (``tdlda_coupled``: TDLDA with only the N and O shells' channels coupled, ``lr.coupled_subshells``), of the committed
Dirac–Hartree–Slater atom on a 2-eV grid, the absorbed share of the 4d, 5s and 5p subshells, the
complex polarisability, a convergence record (η, radial step, linear step, r_max, r_far), the static
polarisability and the oscillator-strength sum S(ξ) = ξ² α(iξ) of the 4d5s5p shells on the
imaginary axis (Thomas–Reiche–Kuhn: S → 18 as ξ → ∞).
Physics and numerics: ``mcpria_lite.targets.dfs.linear_response``.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import subprocess
import time
from pathlib import Path

import numpy as np

from mcpria_lite.targets.dfs import linear_response as lr

OUT = Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "atoms" / "dfs_tdlda_Xe.json"
OUT_HIGH = OUT.with_name("dfs_tdlda_Xe_high.json")
OMEGA_EV = np.arange(10.0, 220.01, 2.0)
GROUPS = {"4d": ("4d3/2", "4d5/2"), "5s": ("5s1/2",), "5p": ("5p1/2", "5p3/2")}
CONV_OMEGA = np.array([80.0, 100.0, 120.0, 150.0])
VARIANTS = {
    "default": {},
    "eta_0.25": {"eta_eV": 0.25},
    "h_0.02": {"h": 0.02},
    "dr_max_0.03": {"dr_max": 0.03},
    "r_max_40": {"r_max": 40.0},
    "r_far_300": {"r_far": 300.0},
}
SUM_XI_EV = np.array([300.0, 1000.0])
SUM_SUBSHELLS = ("4d3/2", "4d5/2", "5s1/2", "5p1/2", "5p3/2")
SUM_SETTINGS = lr.ResponseSettings(dr_max=0.015)
HIGH_OMEGA_EV = np.array([300.0, 400.0, 500.0, 600.0, 650.0, 700.0, 750.0, 800.0, 900.0, 1000.0, 1100.0, 1200.0,
                          1500.0, 2000.0])
COUPLED = lr.coupled_subshells("Xe")
#: The responses written: their kernel, and the subshells feeding back where not all do (the correlated response).
MODELS: dict[str, lr.Kernel] = {"ipa": "ipa", "rpa": "rpa", "tdlda": "tdlda", "tdlda_coupled": "tdlda"}
FEEDBACK = {"tdlda_coupled": COUPLED}
OUTER = ("4s1/2", "4p1/2", "4p3/2", "4d3/2", "4d5/2", "5s1/2", "5p1/2", "5p3/2")
HIGH_SETTINGS = lr.ResponseSettings(dr_max=0.025, eta_eV=2.0)


def high() -> None:
    """σ_IPA and σ_TDLDA from 300 eV to 2 keV (finer radial step for the faster photoelectrons, η = 2 eV
    over the M edges), in ``dfs_tdlda_Xe_high.json``."""
    t = time.time()
    rec = {"omega_eV": HIGH_OMEGA_EV.tolist(), "settings": dataclasses.asdict(HIGH_SETTINGS),
           "coupled_subshells": list(COUPLED)}
    for k in ("ipa", "tdlda", "tdlda_coupled"):
        rec[k] = lr.dipole_response("Xe", HIGH_OMEGA_EV, MODELS[k], HIGH_SETTINGS, feedback=FEEDBACK.get(k)).sigma_Mb.tolist()
        print(k, flush=True)
    # frozen core: only the N and O shells respond (their own σ; the M, L, K shells' polarisation left out)
    rec["outer_subshells"] = list(OUTER)
    for k in ("ipa", "tdlda"):
        rec[f"outer_{k}"] = lr.dipole_response("Xe", HIGH_OMEGA_EV, MODELS[k], HIGH_SETTINGS, OUTER).sigma_Mb.tolist()
        print("outer", k, flush=True)
    rec["seconds"] = round(time.time() - t, 1)
    rec["generated"] = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                        "commit": _git_commit()}
    OUT_HIGH.write_text(json.dumps(rec, indent=1))
    print("added high_energy", rec["seconds"], "s")


OUT_DIAG = OUT.with_name("dfs_tdlda_Xe_diagnostics.json")
DIAG_OMEGA_EV = np.array([1200.0, 1500.0, 2000.0])
DIAG_BEYOND_EV = np.array([3000.0, 4000.0])
SHELLS = {"K": "1", "L": "2", "M": "3", "N": "4", "O": "5"}
DIAG_NUMERICS = {"eta_1": {"eta_eV": 1.0}, "eta_5": {"eta_eV": 5.0}, "dr_max_0.0125": {"dr_max": 0.0125},
                 "h_0.015": {"h": 0.015}, "r_far_400": {"r_far": 400.0}, "r_max_40": {"r_max": 40.0}}


def diagnose() -> None:
    """The all-shell σ_TDLDA/σ_IPA above the Xe M edges taken apart (``dfs_tdlda_Xe_diagnostics.json``): the absorbed
    share of each shell; the kernel fed back by some shells' induced density only (the others answer the total field
    as independent particles); the subshell-averaged self-interaction correction; the numerics; 3 and 4 keV."""
    t = time.time()
    s0 = HIGH_SETTINGS
    names = tuple(o.name for o in lr.response_atom("Xe", s0).orbitals)
    shell = {k: tuple(n for n in names if n.startswith(v)) for k, v in SHELLS.items()}
    rec: dict = {"omega_eV": DIAG_OMEGA_EV.tolist(), "settings": dataclasses.asdict(s0), "shells": shell}

    def run(key, kernel, **kw):
        R = lr.dipole_response("Xe", DIAG_OMEGA_EV, kernel, s0, **kw)
        rec[key] = {"sigma_Mb": R.sigma_Mb.tolist(),
                    "absorbed_Mb": {k: np.sum([R.partial_Mb[n] for n in v], axis=0).tolist() for k, v in shell.items()}}
        print(key, round(time.time() - t), "s", flush=True)

    run("ipa", "ipa")
    run("rpa", "rpa")
    run("tdlda", "tdlda")
    for lab, sh in (("M", ("M",)), ("MNO", ("M", "N", "O")), ("NO", ("N", "O")), ("KLNO", ("K", "L", "N", "O"))):
        run(f"tdlda_feedback_{lab}", "tdlda", feedback=sum((shell[k] for k in sh), ()))
    run("tdlda_sic", "tdlda", self_interaction="subshell-averaged")
    num = {"omega_eV": DIAG_OMEGA_EV[[0, -1]].tolist()}
    for name, kw in DIAG_NUMERICS.items():
        s = dataclasses.replace(s0, **kw)
        a = lr.dipole_response("Xe", DIAG_OMEGA_EV[[0, -1]], "ipa", s).sigma_Mb
        b = lr.dipole_response("Xe", DIAG_OMEGA_EV[[0, -1]], "tdlda", s).sigma_Mb
        num[name] = {"settings": dataclasses.asdict(s), "ipa": a.tolist(), "tdlda": b.tolist()}
        print("numerics", name, round(time.time() - t), "s", flush=True)
    rec["numerics"] = num
    z = DIAG_BEYOND_EV + 1j * s0.eta_eV
    fac = 4.0 * np.pi * (DIAG_BEYOND_EV / lr.HARTREE_EV) / lr.C_AU * lr.MB_PER_BOHR2
    rec["beyond"] = {"omega_eV": DIAG_BEYOND_EV.tolist(),
                     **{k: (fac * lr.polarizability("Xe", z, k, s0).imag).tolist() for k in ("ipa", "tdlda")}}
    rec["seconds"] = round(time.time() - t, 1)
    rec["generated"] = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                        "script": "scripts/dfs_tdlda.py diagnose", "commit": _git_commit()}
    OUT_DIAG.write_text(json.dumps(rec, indent=1))
    print("wrote", OUT_DIAG, rec["seconds"], "s")


def _git_commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "HEAD"], cwd=OUT.parents[4], text=True).strip()
    except Exception:  # noqa: BLE001 - provenance only
        return "unknown"


def main() -> None:
    t0 = time.time()
    settings = lr.ResponseSettings()
    out: dict = {
        "element": "Xe",
        "model": "Dirac-Hartree-Slater (alpha_x = 1, Latter tail), committed potential data/atoms/dfs_Xe",
        "method": "dipole linear response from the radial Dirac Green's function (Zangwill & Soven 1980), "
                  "complex frequency omega + i eta; kernels: ipa (none), rpa (Coulomb), tdlda (Coulomb + Slater exchange)",
        "units": {"omega": "eV", "sigma": "Mb per atom", "alpha": "bohr^3"},
        "settings": dataclasses.asdict(settings),
        "omega_eV": OMEGA_EV.tolist(),
        "coupled_subshells": list(COUPLED),
    }
    for k in MODELS:
        t = time.time()
        om = OMEGA_EV if k != "rpa" else OMEGA_EV[::2]      # RPA (no exchange kernel): for comparison only
        R = lr.dipole_response("Xe", om, MODELS[k], settings, feedback=FEEDBACK.get(k))
        out[k] = {
            "omega_eV": om.tolist(),
            "sigma_Mb": R.sigma_Mb.tolist(),
            "alpha_re": R.alpha_au.real.tolist(),
            "alpha_im": R.alpha_au.imag.tolist(),
            "partial_Mb": {g: np.sum([R.partial_Mb[s] for s in subs], axis=0).tolist() for g, subs in GROUPS.items()},
            "seconds": round(time.time() - t, 1),
        }
        out["eigenvalues_eV"] = R.eigenvalues_eV
        print(k, out[k]["seconds"], "s", flush=True)
    conv = {"omega_eV": CONV_OMEGA.tolist()}
    for name, kw in VARIANTS.items():
        s = dataclasses.replace(settings, **kw)
        conv[name] = {"settings": dataclasses.asdict(s),
                      **{f"{k}_sigma_Mb": lr.dipole_response("Xe", CONV_OMEGA, MODELS[k], s,
                                                             feedback=FEEDBACK.get(k)).sigma_Mb.tolist()
                         for k in ("tdlda", "tdlda_coupled", "ipa")}}
        print("convergence", name, flush=True)
    out["convergence"] = conv
    out["static_polarizability_au"] = {k: float(lr.polarizability("Xe", [1e-3j], m, feedback=FEEDBACK.get(k))[0].real)
                                       for k, m in MODELS.items()}
    out["sum_rule"] = {
        "subshells": list(SUM_SUBSHELLS), "electrons": 18.0, "xi_eV": SUM_XI_EV.tolist(),
        "settings": dataclasses.asdict(SUM_SETTINGS),
        **{k: (lr.polarizability("Xe", 1j * SUM_XI_EV, k, SUM_SETTINGS, SUM_SUBSHELLS).real
               * (SUM_XI_EV / lr.HARTREE_EV) ** 2).tolist() for k in ("ipa", "tdlda")},
    }
    out["seconds_total"] = round(time.time() - t0, 1)
    out["generated"] = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                        "script": "scripts/dfs_tdlda.py", "commit": _git_commit()}
    OUT.write_text(json.dumps(out, indent=1))
    print("wrote", OUT, out["seconds_total"], "s")


if __name__ == "__main__":
    import sys

    {"high": high, "diagnose": diagnose}.get(sys.argv[1] if sys.argv[1:] else "", main)()
