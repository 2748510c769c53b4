#!/usr/bin/env python3
"""Rebuild the binned data folders of ``src/mcpria_lite/data/releases_gpl3/`` from a git mirror of SNuDD (GPL-3.0).

    python scripts/build_snudd_releases.py <git dir of a SNuDD mirror> [commit]

(the folders shipped were built from commit 11622ded104994959a649d85e263c2d9f933ea74).

Reads the files with ``git --git-dir=<mirror> show <commit>:<path>`` (nothing is modified in the
mirror), copies them verbatim under <set>/source/, and writes the 1-keV tables, the manifests, the
PROVENANCE.md files and a copy of SNuDD's LICENSE (GPL-3.0 text) into every folder. The numbers
that SNuDD keeps only in analysis notebooks (background components of the collaborations' fits,
exposures) are taken from the notebook versions named below, which were deleted from SNuDD's tree
in commit de00fe94 ("Cleaned up notebooks") and are read from its parent d9e3dd2d.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1] / "src" / "mcpria_lite" / "data" / "releases_gpl3"
REPO_URL = "https://github.com/SNuDD/SNuDD"
NB_COMMIT = "d9e3dd2d8c49dbbd6e8a9e4caf905cbc57960cce"  # parent of de00fe94 (notebooks deleted there)


def git_show(mirror: str, commit: str, path: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={mirror}", "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


def sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def load_pairs(text: str, delimiter=None) -> np.ndarray:
    rows = []
    for ln in text.splitlines():
        s = ln.strip()
        if not s or s.startswith("#"):
            continue
        parts = [p.strip() for p in (s.split(delimiter) if delimiter else s.split())]
        try:
            rows.append([float(p) for p in parts])
        except ValueError:
            continue  # a header line without '#'
    return np.array(rows)


def write_csv(path: Path, header, rows, comment_lines=()):
    with path.open("w", newline="") as f:
        for c in comment_lines:
            f.write(f"# {c}\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def fmt(x, nd=6):
    return float(f"{x:.{nd}g}")


# ------------------------------------------------------------------------------------------------
# What SNuDD's analysis notebooks state (read from NB_COMMIT); events in the data set's full window.
# ------------------------------------------------------------------------------------------------
COMPONENTS = {
    "lz_ws2022": {
        "notebook": "notebooks/LZ_ER2025.ipynb",
        "dict": "ws2022 (comment: 'WS2022 1D fit results: (central_value, error)')",
        "items": [("beta decays + detector gammas", 336, 20), ("136Xe 2vbb", 27.8, 4.3),
                  ("127Xe + 125Xe EC", 9.3, 0.8), ("124Xe DEC", 5.0, 1.4), ("37Ar", 47.6, 9.4),
                  ("accidental coincidences", 1.2, 0.3)],
        "solar_nu": (38.1, 2.3),
        "solar_nu_note": "markdown cell 'our predictions are close (38.1 ± 2.3)' (the collaboration's number; SNuDD's own stepping×RRPA prediction is 35.2 events)",
    },
    "lz_ws2024": {
        "notebook": "notebooks/LZ_ER2025.ipynb",
        "dict": "ws2024 (comment: 'WS2024 1D fit results: (central_value, error)')",
        "items": [("214Pb beta", 1096, 46), ("85Kr + 39Ar betas + detector gammas", 236, 31),
                  ("136Xe 2vbb", 108, 16), ("218Po + 212Pb betas", 93.1, 10.9), ("3H + 14C", 62.9, 3.4),
                  ("124Xe DEC", 19.8, 4.0), ("127Xe + 125Xe EC", 2.8, 0.6), ("Rn beta tagging", 0.62, 0.02)],
        "solar_nu": (151.0, 9.0),
        "solar_nu_note": "commented-out dict entry 'solar_nu_ER': (151, 9) and markdown 'a little more than what we calculate (151±9)' (SNuDD's own prediction: 132.4 events)",
    },
    "pandax4t_run1": {
        "notebook": "notebooks/PandaX_ER2024.ipynb",
        "dict": "bkg_run1",
        "items": [("tritium", 118.4, 31.1), ("214Pb", 700.3, 45.3), ("212Pb", 96.5, 23.8), ("85Kr", 272.2, 58.9),
                  ("material", 105.9, 7.8), ("136Xe", 62.3, 4.6), ("127Xe", 0.0, 0.0), ("124Xe", 3.9, 1.1),
                  ("accidental", 7.0, 1.9)],
        "solar_nu": (72.6, 8.1),
        "solar_nu_note": "commented-out dict entry 'solar_nu_ER': (72.6 ± 8.1) and markdown 'without RRPA we match their results quite well (72.6±8.1)' (SNuDD's own stepping×RRPA prediction: 55.8 events)",
    },
}

SETS = {
    "lz_ws2022": dict(
        name="lz-ws2022",
        title="LZ WS2022 low-energy electronic recoils (1D ROI), 0-20 keV in 1-keV bins",
        citation=("D. S. Akerib et al. (LZ Collaboration), Search for New Physics via Low-Energy Electron Recoils "
                  "with a 4.2 Tonne x Year Exposure from the LZ Experiment, arXiv:2511.17350 (2025)"),
        arxiv="2511.17350",
        bibtex_key="lz2025er",
        related=["J. Aalbers et al. (LZ Collaboration), A search for new physics in low-energy electron recoils "
                 "from the first LZ exposure, arXiv:2307.15753 (first analysis of "
                 "the same 60-live-day exposure)"],
        files=dict(data="snudd/data/exps/LZ2025/WS2022_data_hist_data.txt",
                   bkg="snudd/data/exps/LZ2025/BKG_FIT_WS2022.csv",
                   eff="snudd/data/exps/LZ2025/WS2022_1DROI_eff_data.txt"),
        exposure=dict(value=0.9, unit="tonne year",
                      reference=("SNuDD notebooks/LZ_ER2025.ipynb (commit d9e3dd2): '0.9 tonne-years (60 live days, "
                                 "5.5t fiducial)'; 60/365.25 x 5.5 = 0.903; WS2022 + WS2024 = 4.2 t yr as in the "
                                 "title of arXiv:2511.17350")),
        window=[1.0, 20.0], snudd_window=[0.0, 20.0],
        resolution=dict(model="relative", a=0.33, b=0.0,
                        reference=("sigma/E = 0.33/sqrt(E/keV): SNuDD resolution.resolution_lux (res_lz_er), the LUX "
                                   "form its docstring cites (arXiv:1610.02076); SNuDD's notebook marks it 'not sure "
                                   "if this should be updated'. LZ's own resolution is not in the files.")),
        published={"re-analysis Atzori Corona et al. 2023 (LZ first-exposure data)": {
            "magnetic-moment": {"value": 1.1e-11, "unit": "mu_B", "cl": 0.9},
            "millicharge": {"value": 1.5e-13, "unit": "e", "cl": 0.9, "atomic_treatment": "EPA (abstract)"},
            "reference": ("M. Atzori Corona, W. M. Bonivento, M. Cadeddu, N. Cargioli, F. Dordei, "
                          "arXiv:2207.05036; they analysed the LZ WIMP-search data of arXiv:2207.03764, "
                          "not this 1D-ROI histogram")}},
    ),
    "lz_ws2024": dict(
        name="lz-ws2024",
        title="LZ WS2024 low-energy electronic recoils (1D ROI), 0-20 keV in 1-keV bins",
        citation=("D. S. Akerib et al. (LZ Collaboration), Search for New Physics via Low-Energy Electron Recoils "
                  "with a 4.2 Tonne x Year Exposure from the LZ Experiment, arXiv:2511.17350 (2025)"),
        arxiv="2511.17350",
        bibtex_key="lz2025er",
        related=["J. Aalbers et al. (LZ Collaboration), Dark Matter Search Results from 4.2 Tonne-Years of Exposure "
                 "of the LUX-ZEPLIN (LZ) Experiment, arXiv:2410.17036 (the WS2024 run: 220 live days)"],
        files=dict(data="snudd/data/exps/LZ2025/WS2024_data_hist_data.txt",
                   bkg="snudd/data/exps/LZ2025/BKG_FIT_WS2024.csv",
                   eff="snudd/data/exps/LZ2025/WS2024_1DROI_eff_data.txt",
                   eff2d="snudd/data/exps/LZ2025/WS2024_2DROI_eff_data.txt"),
        exposure=dict(value=3.3, unit="tonne year",
                      reference=("SNuDD notebooks/LZ_ER2025.ipynb (commit d9e3dd2): 'The exposure for LZ WS2024 is "
                                 "3.3 tonne-years'; 0.9 + 3.3 = 4.2 t yr, the total of arXiv:2511.17350")),
        window=[1.0, 20.0], snudd_window=[0.0, 20.0],
        resolution=dict(model="relative", a=0.33, b=0.0,
                        reference=("sigma/E = 0.33/sqrt(E/keV): SNuDD resolution.resolution_lux (res_lz_er), the LUX "
                                   "form its docstring cites (arXiv:1610.02076). LZ's own resolution is not in the files.")),
        published={},
    ),
    "pandax4t_run1": dict(
        name="pandax4t-run1",
        title="PandaX-4T Run 1 low-energy electronic recoils, 0-30 keV in 1-keV bins",
        citation=("X. Zeng et al. (PandaX Collaboration), Exploring New Physics with PandaX-4T Low Energy Electronic "
                  "Recoil Data, arXiv:2408.07641 (2024)"),
        arxiv="2408.07641",
        bibtex_key="pandax2024er",
        related=["Z. Bo et al. (PandaX Collaboration), Dark Matter Search Results from 1.54 Tonne Year Exposure of "
                 "PandaX-4T, arXiv:2408.00664 (Run0 + Run1 exposures)"],
        files=dict(data="snudd/data/exps/pandaX/ER2024/run1_evts.csv",
                   bkg="snudd/data/exps/pandaX/ER2024/run1_bkg.csv",
                   eff="snudd/data/exps/pandaX/ER2024/efficiency_ER_run1.csv"),
        exposure=dict(value=363.3, unit="tonne day",
                      reference=("SNuDD notebooks/PandaX_ER2024.ipynb (commit d9e3dd2): '363.3 tonne day for Run1', "
                                 "used as 363.3/365 t yr; Run1 is about 1.00 t yr in PandaX's own papers")),
        window=[1.0, 30.0], snudd_window=[0.0, 30.0],
        resolution=dict(model="polynomial_absolute", coefficients_keV=[0.073, 0.173, -6.5e-3, 1.1e-4],
                        reference=("sigma(E)/keV = 0.073 + 0.173 E - 6.5e-3 E^2 + 1.1e-4 E^3 (E in keV): the "
                                   "coefficients of SNuDD resolution.resolution_pandaX (docstring cites "
                                   "arXiv:2206.02339), read as an absolute width. SNuDD's code converts them to GeV "
                                   "with the wrong power and uses the result as sigma/E, i.e. a constant sigma/E = "
                                   "7.3 % (see snudd_usage); its notebook results predate that code (they used "
                                   "sigma/E = 0.33/sqrt(E/keV) + 0.016). Not checked against the PandaX paper.")),
        published={},
    ),
}


def build_set(mirror: str, commit: str, key: str, lic: bytes):
    spec = SETS[key]
    out = HERE / key
    (out / "source").mkdir(parents=True, exist_ok=True)
    raw = {}
    for role, path in spec["files"].items():
        b = git_show(mirror, commit, path)
        raw[role] = b
        (out / "source" / Path(path).name).write_bytes(b)
    (out / "LICENSE").write_bytes(lic)
    delim = "," if key == "pandax4t_run1" else None
    data = load_pairs(raw["data"].decode(), delim)
    bkg = load_pairs(raw["bkg"].decode(), ",")
    eff = load_pairs(raw["eff"].decode(), "," if key == "pandax4t_run1" else None)
    centres = np.round(data[:, 0] - 0.5) + 0.5
    assert np.allclose(data[:, 0], centres, atol=1e-9), "data centres not at half-integers"
    off = np.abs(bkg[:, 0] - centres)
    assert off.max() < 0.1 and len(bkg) == len(data)
    lo, hi = centres - 0.5, centres + 0.5
    obs_raw = data[:, 1]
    obs = np.round(obs_raw).astype(int)
    rows, header = [], ["E_lo_keV", "E_hi_keV", "E_centre_keV", "observed", "background_fit"]
    extra = []
    if key == "pandax4t_run1":
        header.append("observed_digitized")
        extra.append("observed_digitized: the digitized value in SNuDD's file; 'observed' is it rounded to an integer "
                     f"(largest change {np.abs(obs_raw - obs).max():.3f} events)")
    if key == "lz_ws2024":
        header.append("background_fit_centre_keV_digitized")
        extra.append("background_fit_centre_keV_digitized: the energy SNuDD's background table gives for the value "
                     f"(digitized; assigned to the 1-keV bin whose centre is nearest, largest offset {off.max():.3f} keV)")
    for i in range(len(data)):
        r = [f"{lo[i]:.1f}", f"{hi[i]:.1f}", f"{centres[i]:.1f}", int(obs[i]), f"{bkg[i, 1]:.6g}"]
        if key == "pandax4t_run1":
            r.append(f"{obs_raw[i]:.6g}")
        if key == "lz_ws2024":
            r.append(f"{bkg[i, 0]:.6g}")
        rows.append(r)
    assert np.all(obs >= 0) and np.all(bkg[:, 1] >= 0)
    write_csv(out / f"{key}_bins.csv", header, rows, [
        f"{spec['title']}; from SNuDD {REPO_URL} commit {commit} (GPL-3.0-or-later), see PROVENANCE.md",
        "observed, background_fit: events per 1-keV bin of reconstructed energy (SNuDD's 'Counts[1/keV]' / 'Events')",
        "background_fit: the collaboration's best-fit background, efficiency and resolution folded in, "
        "Standard-Model solar-neutrino ER included",
        *extra])
    eff_rows = [[f"{e:.6g}", f"{v:.6g}"] for e, v in eff]
    assert np.all(np.diff(eff[:, 0]) > 0) and np.all((eff[:, 1] >= 0) & (eff[:, 1] <= 1))
    write_csv(out / f"{key}_efficiency.csv", ["E_keV", "efficiency"], eff_rows, [
        f"total efficiency of {spec['name']}, SNuDD file {spec['files']['eff']} unchanged (commit {commit[:12]})",
        "SNuDD interpolates it linearly (InterpolatedUnivariateSpline k=1) and sets it to 0 outside the table"])
    if "eff2d" in raw:
        e2 = load_pairs(raw["eff2d"].decode())
        write_csv(out / f"{key}_efficiency_2droi.csv", ["E_keV", "efficiency"],
                  [[f"{e:.6g}", f"{v:.6g}"] for e, v in e2], [
                      f"2D-ROI efficiency of {spec['name']}, SNuDD file {spec['files']['eff2d']} unchanged; SNuDD "
                      "does not use it (its analysis uses the 1D-ROI table)"])
    comp = COMPONENTS[key]
    crow = []
    for n, v, s in comp["items"]:
        crow.append([n, fmt(v), fmt(s), fmt(s / v) if v > 0 else "", "no"])
    nu_v, nu_s = comp["solar_nu"]
    crow.append(["solar-neutrino ER (Standard Model)", fmt(nu_v), fmt(nu_s), fmt(nu_s / nu_v), "yes"])
    write_csv(out / f"{key}_background_components.csv",
              ["component", "events", "sigma_events", "relative_uncertainty", "is_solar_neutrino"], crow, [
                  f"fitted background components of {spec['name']} in the full table window "
                  f"{spec['snudd_window']} keV (events, 1 sigma)",
                  f"from SNuDD {comp['notebook']} at commit {NB_COMMIT[:12]}: dict {comp['dict']}; solar nu: "
                  f"{comp['solar_nu_note']}",
                  "only totals per component: SNuDD has no per-component spectra for this data set"])
    non = np.array([[v, s] for _, v, s in comp["items"]])
    tot_non, sig_non = float(non[:, 0].sum()), float(np.sqrt((non[:, 1] ** 2).sum()))
    tot_all = tot_non + nu_v
    sig_all = float(np.sqrt(sig_non**2 + nu_s**2))
    sums = dict(fit_all_bins=fmt(bkg[:, 1].sum()), observed_all_bins=int(obs.sum()),
                components_non_nu=fmt(tot_non), components_with_nu=fmt(tot_all))
    return spec, raw, sums, dict(tot_non=tot_non, sig_non=sig_non, nu=(nu_v, nu_s), tot_all=tot_all,
                                 sig_all=sig_all), obs, bkg, off


def manifest(key, spec, commit, raw, sums, unc, lic_sha):
    snudd_res = {
        "lz_ws2022": "resolution_lux: sigma/E = 0.33e-3/sqrt(E/GeV) = 0.33/sqrt(E/keV) (Resolution(res_lz_er))",
        "lz_ws2024": "resolution_lux: sigma/E = 0.33e-3/sqrt(E/GeV) = 0.33/sqrt(E/keV) (Resolution(res_lz_er))",
        "pandax4t_run1": ("resolution_pandaX at HEAD returns 0.073 + 0.173e-6 E + ... with E in GeV, used as sigma/E: "
                          "effectively sigma/E = 0.073 for keV energies (the keV->GeV conversion multiplies by 1e-6 "
                          "where it should divide); the PandaX notebook was run (commit 601ada5) with the earlier "
                          "sigma/E = 0.33/sqrt(E/keV) + 0.016"),
    }[key]
    sn_sigma = {"lz_ws2022": 0.053, "lz_ws2024": 0.036, "pandax4t_run1": 0.0618}[key]
    m = {
        "format": "mcpria-lite binned data release 1",
        "name": spec["name"],
        "title": spec["title"],
        "target": "Xe",
        "citation": spec["citation"],
        "arxiv": spec["arxiv"],
        "bibtex_key": spec["bibtex_key"],
        "related_publications": spec["related"],
        "licence": f"GPL-3.0-or-later, from SNuDD (commit {commit})",
        "licence_file": "LICENSE",
        "licence_note": ("SNuDD's LICENSE is the GPL-3.0 text; its README/setup give no 'only'/'or later' choice; GPL-3 "
                         "section 14 then lets the recipient choose any version, hence '-or-later'. The numbers are "
                         "SNuDD's digitization of the collaboration's published figures."),
        "source": {
            "repository": REPO_URL,
            "commit": commit,
            "files_sha256": {p: sha256(raw[r]) for r, p in spec["files"].items()},
            "licence_sha256": lic_sha,
            "notebook_commit": NB_COMMIT,
        },
        "bins": {"file": f"{key}_bins.csv", "lo_column": "E_lo_keV", "hi_column": "E_hi_keV",
                 "observed_column": "observed", "unit": "events per 1-keV bin of reconstructed energy"},
        "window_keV": spec["window"],
        "window_note": (f"bins used by default; SNuDD's own fit uses every bin, {spec['snudd_window']} keV (the "
                        "first bin, 0-1 keV, holds 0 events and ~0 fitted background: the collaboration's model has no "
                        "acceptance there, while Gaussian smearing of the deposited energy leaks signal into it)"),
        "window_snudd_keV": spec["snudd_window"],
        "exposure": spec["exposure"],
        "energy": {
            "variable": "reconstructed electron-equivalent energy, keVee (SNuDD: 'ER[keVee]', 'Bin Center [keV]')",
            "reconstruction": ("electron-equivalent energy from S1 and S2 (the usual combined-energy scale of LXe TPCs; not "
                               "stated in SNuDD). SNuDD treats ER energies as unquenched (quenching_electron = 1) and "
                               "smears the deposited energy with a Gaussian of the width below"),
            "resolution": spec["resolution"],
            "snudd_resolution": snudd_res,
        },
        "efficiency": {
            "file": f"{key}_efficiency.csv", "energy_column": "E_keV", "value_column": "efficiency",
            "applied_at": "deposited",
            "outside_table": 0.0,
            "note": ("SNuDD's Convolver multiplies the theoretical spectrum by the efficiency at the deposited energy "
                     "E' and then integrates the Gaussian response over each bin: N_i = X int dE' eps(E') dR/dE'(E') "
                     "[Phi((E_hi - E')/sigma(E')) - Phi((E_lo - E')/sigma(E'))]; eps = 0 outside the table"),
        },
        "background": {
            "file": f"{key}_bins.csv", "column": "background_fit", "unit": "events per 1-keV bin",
            "includes": ["efficiency", "resolution", "Standard-Model solar-neutrino electron recoils"],
            "components_file": f"{key}_background_components.csv",
            "sums": sums,
        },
        "nuisance_priors": {
            "default": "split",
            "split": [
                {"name": "non-neutrino background", "template": "background_fit minus the SM solar-neutrino template "
                 "(clipped at 0)", "relative_uncertainty": fmt(unc["sig_non"] / unc["tot_non"], 4),
                 "reference": "quadrature sum of the component uncertainties over their total (components file)"},
                {"name": "solar-neutrino ER (SM)", "template": "SM solar-neutrino spectrum folded through this data set",
                 "relative_uncertainty": fmt(unc["nu"][1] / unc["nu"][0], 4),
                 "expected_events": unc["nu"][0], "events_window_keV": spec["snudd_window"],
                 "normalise_template_to_expected_events": True,
                 "reference": "the collaboration's fitted solar-neutrino count (components file); the template's "
                              "shape is computed, its integral over events_window_keV set to expected_events"},
            ],
            "single": {"relative_uncertainty": fmt(unc["sig_all"] / unc["tot_all"], 4),
                       "reference": "one normalisation for background_fit: quadrature sum of all uncertainties "
                                    "(solar nu included) over the total"},
            "snudd": {"relative_uncertainty": sn_sigma,
                      "how": ("SNuDD: N_pred = (1 + alpha) (background_fit - own SM solar-nu prediction, clipped at 0) "
                              "+ N_signal(incl. SM nu), chi2 = Poisson deviance + (alpha/sigma_alpha)^2, alpha "
                              "profiled; sigma_alpha = quadrature sum / total of the non-neutrino components"
                              + ("; NB the PandaX notebook passes sigma_alpha = 0.0364 (LZ WS2024's) in its "
                                 "profiled scan, not the 0.0618 it computes" if key == "pandax4t_run1" else ""))},
        },
        "snudd_usage": {
            "signal": ("dR/dE_R per tonne-year per keV from snudd.targets.Electron(Nucleus(54,132), binding_xe, "
                       "rrpa_scaling): stepping approximation (Z_eff(E_R) from snudd/data/binding_energies/"
                       "binding_xenon.csv) times the RRPA/stepping ratio of snudd/rrpa.py between 0.254 and 28.4 keV "
                       "(1 outside), for every interaction; sin^2 theta_W = 0.23122"),
            "counts": "Convolver(E_Rs, spectrum, efficiency, resolution).convolved_binned_rate(E1, E2) * exposure",
            "exposure_units": "tonne year (spectra are per tonne-year)",
            "statistics": "Poisson deviance chi2 over all bins, one background nuisance, Delta chi2 = 2.71 for 90 % C.L.",
            "notebook": COMPONENTS[key]["notebook"] + f" at {NB_COMMIT} (deleted later from SNuDD's tree)",
        },
        "published_limits": spec["published"],
    }
    return m


def provenance(key, spec, commit, raw, sums, off, obs, lic_sha):
    lines = [f"# {spec['name']}: provenance", "",
             f"{spec['title']}.", "",
             f"Publication of the data: {spec['citation']}.", ""]
    lines += [f"Related: {r}." for r in spec["related"]] + [""]
    lines += ["## Source", "",
              f"- Repository: {REPO_URL} (SNuDD, D. W. P. Amaral, D. Cerdeño, A. Cheek, V. Costa, P. Foldenauer), "
              f"licence GPL-3.0 (file `LICENSE` here is SNuDD's, sha256 {lic_sha}).",
              f"- Commit: `{commit}` (snapshot read with `git --git-dir=<mirror> show {commit[:12]}:<path>`).",
              "- Files (copied verbatim to `source/`):"]
    for r, p in spec["files"].items():
        lines.append(f"  - `{p}` (sha256 `{sha256(raw[r])}`)")
    lines += [f"- Numbers SNuDD keeps only in a notebook: `{COMPONENTS[key]['notebook']}` at commit `{NB_COMMIT}` "
              "(deleted from the tree in `de00fe94` 'Cleaned up notebooks'): the background components and their "
              "uncertainties, the solar-neutrino count, the exposure.", "",
              "SNuDD does not say which figure of the publication it digitized. "
              + ("The LZ efficiency files carry the comment 'from arXiv:2511.17350' in `snudd/efficiencies.py`."
                 if key.startswith("lz") else
                 "The PandaX ER2024 files carry no citation in SNuDD (`snudd/efficiencies.py` cites arXiv:2407.10892 "
                 "only for its separate PandaX nuclear-recoil efficiency `pandaX/pandaX.csv`); the folder name 'ER2024', "
                 "the Run1 exposure and the background components point to the PandaX-4T ER paper arXiv:2408.07641, "
                 "which analysed Run0 + Run1 (1.54 t yr); these files are its Run1 part."), "",
              "## Transformations", "",
              f"- `{key}_bins.csv`: bin edges = centre ± 0.5 keV (SNuDD's centres are at half-integers); observed "
              "counts and the background fit copied (the background column rounded to 6 significant digits).",
              ]
    if key == "pandax4t_run1":
        lines.append("- PandaX counts are digitized (non-integer, e.g. 26.9038): `observed` is the nearest integer, the "
                     "digitized value is kept in `observed_digitized`; the largest change is "
                     f"{np.abs(np.round(load_pairs(raw['data'].decode(), ',')[:, 1]) - load_pairs(raw['data'].decode(), ',')[:, 1]).max():.3f} events.")
    if key == "lz_ws2024":
        lines.append(f"- The WS2024 background table has digitized abscissae (1.4947, 2.4805, ...); each value is assigned to "
                     f"the 1-keV bin of the nearest centre (largest offset {off.max():.3f} keV); the abscissa is kept "
                     "in `background_fit_centre_keV_digitized`.")
    lines += [f"- `{key}_efficiency.csv`: SNuDD's table unchanged (header renamed)."
              + (" `lz_ws2024_efficiency_2droi.csv`: the 2D-ROI table, unused by SNuDD." if key == "lz_ws2024" else ""),
              f"- `{key}_background_components.csv`: typed from the notebook dictionaries (values and 1σ errors as "
              "there).",
              f"- `{key}.json`: the manifest (format, exposure, window, resolution, efficiency convention, nuisance "
              "priors, how SNuDD uses the files).", "",
              "## Checks", "",
              f"- Sum of the background fit over all bins: {sums['fit_all_bins']} events; sum of the notebook's "
              f"components: {sums['components_non_nu']} + solar ν = {sums['components_with_nu']} events (agreement "
              "confirms that the fit is in events per bin and includes the solar-neutrino ER).",
              f"- Observed events over all bins: {sums['observed_all_bins']}.", "",
              "## Not verified", "",
              "- The figure, binning and ROI of the publication, and the exposure, were not checked against the paper "
              "(no access to its text here); the values are SNuDD's.",
              "- The energy resolution is not in SNuDD's data files: see `energy.resolution` in the manifest.", ""]
    (HERE / key / "PROVENANCE.md").write_text("\n".join(lines))


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    mirror = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else subprocess.run(
        ["git", f"--git-dir={mirror}", "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    lic = git_show(mirror, commit, "LICENSE")
    (HERE / "LICENSE").write_bytes(lic)
    lic_sha = sha256(lic)
    for key in SETS:
        spec, raw, sums, unc, obs, bkg, off = build_set(mirror, commit, key, lic)
        m = manifest(key, spec, commit, raw, sums, unc, lic_sha)
        (HERE / key / f"{key}.json").write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n")
        provenance(key, spec, commit, raw, sums, off, obs, lic_sha)
        print(key, sums, {k: (round(v, 4) if isinstance(v, float) else v) for k, v in unc.items()})


if __name__ == "__main__":
    main()
