"""Reference numbers from the peer code wimprates (PyPI, MIT licence) for the xenon DM-electron rate.

Run in a separate environment with wimprates 0.5.0 installed (pip install wimprates==0.5.0; it is not a
dependency of mcpria-lite):  python scripts/wimprates_peer.py
Writes src/mcpria_lite/data/peers/wimprates_dme_xe.json (< 1 s). The tests and the light-dark-matter
chapter compare against that JSON without wimprates.

wimprates' rate_dme(erec, n, l, mw, sigma_dme, f_dm) is dR/dE_er per shell, with E_er the kinetic
energy of the ionised electron (not the deposited energy E = E_er + E_b): v_min = (E_er + E_b)/q + q/2m.
Its ionisation form factors are the Essig, Volansky & Yu (2017) ones (T.-T. Yu, ddldm site, 2018).
"""
from __future__ import annotations

import json
import platform
import time
import warnings

warnings.filterwarnings("ignore")
import numericalunits as nu  # noqa: E402
import numpy as np  # noqa: E402
from scipy.integrate import quad  # noqa: E402
from scipy.special import erf  # noqa: E402

import wimprates as wr  # noqa: E402
from wimprates import electron as wre  # noqa: E402

SIGMA_CM2 = 1e-40
MASSES_GEV = [0.01, 0.03, 0.1, 1.0]
E_DEP_EV = [15.0, 20.0, 30.0, 50.0, 80.0, 120.0, 200.0, 300.0]
SHELLS = [(5, 1), (5, 0), (4, 2), (4, 1), (4, 0)]
CPKKD = 1.0 / (nu.keV * nu.kg * nu.day)

# wimprates 0.5.0 with numpy >= 2 / recent scipy: dme_ionization_ff returns a shape-(1,) array, and
# scipy.integrate.quad then raises "TypeError: only 0-dimensional arrays can be converted to Python
# scalars". Runtime shim (the package files are untouched): return the same value as a float.
_ff_orig = wre.dme_ionization_ff


def _ff_scalar(shell, e_er, q):
    return float(np.asarray(_ff_orig(shell, e_er, q)).reshape(-1)[0])


wre.dme_ionization_ff = _ff_scalar


def rate(E_er_eV: float, n: int, l: int, m_GeV: float, f_dm: str) -> float:
    if E_er_eV <= 0:
        return 0.0
    r = wr.rate_dme(E_er_eV * nu.eV, n, l, m_GeV * nu.GeV / nu.c0**2, SIGMA_CM2 * nu.cm**2, f_dm=f_dm)
    return float(r / CPKKD)


def main() -> None:
    t0 = time.time()
    halo = wr.StandardHaloModel()
    v0 = halo.v_0 / (nu.km / nu.s)
    vesc = halo.v_esc / (nu.km / nu.s)
    vE = wr.v_earth() / (nu.km / nu.s)
    rho = halo.rho_dm / (nu.GeV / nu.c0**2 / nu.cm**3)
    z = vesc / v0
    N_esc = erf(z) - 2 / np.sqrt(np.pi) * z * np.exp(-z * z)
    norm = quad(lambda v: wr.observed_speed_dist(v * nu.km / nu.s) * nu.km / nu.s, 0, vesc + vE + 1, limit=200)[0]
    shells = {}
    for n, l in SHELLS:
        s = wre.shell_str(n, l)
        d = wre.shell_data[s]
        shells[s] = {
            "binding_eV": wre.binding_es_for_dme(n, l) / nu.eV,
            "table_E_er_eV": [13.605693122994 * float(np.exp(2 * d["lnks"][0])), 13.605693122994 * float(np.exp(2 * d["lnks"][-1]))],
            "table_q_keV": [float(np.exp(d["lnqs"][0])) * 3.7289394, float(np.exp(d["lnqs"][-1])) * 3.7289394],
        }
    out = {
        "what": "dR/dE per xenon shell from wimprates.rate_dme, standard halo, sigma_e = 1e-40 cm^2",
        "package": {"name": "wimprates", "version": wr.__version__, "licence": "MIT (Copyright (c) 2018 Jelle Aalbers)",
                    "source": "https://pypi.org/project/wimprates/0.5.0/ (github.com/JelleAalbers/wimprates)"},
        "python": platform.python_version(), "numpy": np.__version__,
        "shim": ("wimprates.electron.dme_ionization_ff replaced at run time by float(original(...)[0]) because "
                 "quad rejects its shape-(1,) return value under numpy>=2; numerically identical"),
        "call": ("wimprates.rate_dme(E_er_eV*nu.eV, n, l, m_GeV*nu.GeV/nu.c0**2, 1e-40*nu.cm**2, f_dm=F) "
                 "/ (1/(nu.keV*nu.kg*nu.day)), F in {'1', '1_q2'}, t=None, halo_model=None (defaults)"),
        "units": {"rate": "counts/(keV kg day), per keV of E_er (= per keV of deposited energy at fixed shell)",
                  "E_er": "eV, kinetic energy of the ionised electron", "E_dep": "eV, deposited energy E_er + binding_eV",
                  "mass": "GeV"},
        "target": "per kg of xenon: 1/m_Xe with m_Xe = 131.293 u (wimprates.mn())",
        "halo": {"v0_km_s": v0, "v_esc_km_s": vesc, "v_E_km_s": vE, "rho_GeV_cm3": rho,
                 "v_E_note": ("t=None -> wimprates.v_earth(t=59.37 d after J2000) = |v_LSR(0, v0, 0) + v_pec(11.1, 12.2, 7.3) "
                              "+ v_orbit 29.8 km/s (orbit vectors of arXiv:1209.3339, as cited in wimprates/halo.py)|"),
                 "speed_distribution": "wimprates.observed_speed_dist: Maxwellian truncated at |v + v_E| = v_esc (sharp cut), detector frame",
                 "eta": "precomputed on 1000 linear v_min points in [0, v_esc + v_E], linear interpolation, 0 above",
                 "normalisation_integral": norm, "N_esc": float(N_esc), "N_esc_squared": float(N_esc**2),
                 "normalisation_note": ("observed_speed_dist multiplies by N_esc = erf(z) - 2z exp(-z^2)/sqrt(pi) where the "
                                        "Lewin & Smith normalisation divides by it: the speed distribution integrates to N_esc^2 "
                                        "= 0.970, so every wimprates rate is 3.0 % below a unit-normalised truncated Maxwellian "
                                        "with the same v0, v_esc, v_E")},
        "form_factor": {"source": "Essig, Volansky & Yu, PRD 96, 043017 (2017), arXiv:1703.00910; T.-T. Yu ddldm tables 2018-11-05 "
                                  "(wimprates/data/dme/REFERENCE)",
                        "shells_included": [wre.shell_str(*s) for s in SHELLS],
                        "normalisation": "dR/dE_er = N_T rho/m sigma_e/(8 mu^2 E_er) Int dq q |f_ion(E_er,q)|^2 |F_DM|^2 eta(v_min)",
                        "q_integral": "quad over [0, q_max of the table]; |f_ion|^2 = 0 outside the table (below q_min or E_er range)",
                        "shells": shells},
        "sigma_e_cm2": SIGMA_CM2, "masses_GeV": MASSES_GEV,
        "points": [],
    }
    for F, med in (("1", "heavy"), ("1_q2", "light")):
        for m in MASSES_GEV:
            for E in E_DEP_EV:
                per = {}
                for n, l in SHELLS:
                    s = wre.shell_str(n, l)
                    per[s] = rate(E - shells[s]["binding_eV"], n, l, m, F)
                out["points"].append({"mediator": med, "f_dm": F, "m_GeV": m, "E_dep_eV": E,
                                      "E_er_eV": {s: E - shells[s]["binding_eV"] for s in per},
                                      "dRdE_cpkkd": per, "dRdE_total_cpkkd": sum(per.values())})
    # a per-shell grid in E_er as well (the function's own variable)
    grid = []
    for F, med in (("1", "heavy"), ("1_q2", "light")):
        for m in (0.1, 1.0):
            for E_er in (1.0, 5.0, 20.0, 50.0, 100.0):
                grid.append({"mediator": med, "m_GeV": m, "E_er_eV": E_er,
                             "dRdE_cpkkd": {wre.shell_str(n, l): rate(E_er, n, l, m, F) for n, l in SHELLS}})
    out["grid_E_er"] = grid
    # the squared ionisation form factor itself (dimensionless), to compare atomic models without a halo
    ffp = []
    for n, l in SHELLS:
        sh = wre.shell_str(n, l)
        for E_er in (10.0, 30.0, 100.0):
            for q_keV in (10.0, 30.0, 100.0):
                v = float(wre.dme_ionization_ff(sh, E_er * nu.eV, q_keV * nu.keV / nu.c0))
                ffp.append({"shell": sh, "E_er_eV": E_er, "q_keV": q_keV, "f_ion_squared": v})
    out["form_factor_points"] = ffp
    out["form_factor_call"] = "wimprates.electron.dme_ionization_ff(shell, E_er_eV*nu.eV, q_keV*nu.keV/nu.c0)"
    out["seconds"] = round(time.time() - t0, 1)
    from pathlib import Path

    dest = Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "peers" / "wimprates_dme_xe.json"
    with open(dest, "w") as fh:
        json.dump(out, fh, indent=1)
    print("done in", out["seconds"], "s; halo", v0, vesc, vE, rho, "norm", norm)


if __name__ == "__main__":
    main()
