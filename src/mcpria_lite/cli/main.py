"""The ``mcpria-lite`` command line (also ``python -m mcpria_lite``).

Subcommands (``mcpria-lite SUBCOMMAND --help`` lists every option):

* ``cross-section``: dσ/dT (cm²/keV per atom or formula unit) of any target, method and
  interaction on a grid of energy transfers;
* ``rate``: dR/dT (counts/(keV kg day)) for solar neutrinos, dark cosmic rays or a flux read
  from a file;
* ``sensitivity``: the coupling at which the rate at threshold equals the background (the
  criterion of Qiao et al., JHEP 03 (2021) 184), or the median limit for an exposure, for a
  detector preset or any target/threshold/background;
* ``mass-scan``: the dark-cosmic-ray millicharge sensitivity over a range of masses;
* ``tables``: the paper's sensitivity tables computed now, beside the published values;
* ``detectors``: the detector presets;
* ``limit``: limits from released data (:mod:`mcpria_lite.cli.limit`);
* ``dark-photon-limit``: κ(m_V) of dark-photon dark matter (or g_ae) from released data, beside the
  published curve (:mod:`mcpria_lite.cli.dark_photon`).
* ``halo-rate``, ``halo-limit``: halo dark matter–electron rates and limits (:mod:`mcpria_lite.cli.halo`).

Output as an aligned table (default), CSV or JSON (``--format``), to stdout or ``--output FILE``;
``--plot FILE`` writes a figure (needs matplotlib). Loops that take more than two seconds show a
progress bar (tqdm) on stderr; ``--no-progress`` hides it.

Energy grids: ``A:B:N`` is N logarithmically spaced values from A to B, ``A,B,C`` a list, or a
single number.
"""

from __future__ import annotations

import math
import sys
TYPE_CHECKING = False  # (not typing.TYPE_CHECKING: importing typing costs start-up time)

from .. import __version__

if TYPE_CHECKING:  # imported where used: ``mcpria-lite --version`` must not import numpy or the physics
    import argparse
    from typing import Callable

    from ..particles.interactions import InteractionSpec

def _close(word, options, n=1, cutoff=0.6):
    import difflib

    return difflib.get_close_matches(word, options, n=n, cutoff=cutoff)


#: Output column of each coupling, named with its unit (never a bare unit such as "mu_B").
COUPLING_COLUMNS = {"delta": "delta_e", "mu_B": "mu_nu_muB", "r2_cm2": "r2_nu_cm2"}
_EXAMPLE = {"delta": 1e-12, "mu_B": 1e-11, "r2_cm2": 1e-32}
#: The neutrinos (and antineutrinos) of ``--projectile`` (:data:`mcpria_lite.particles.projectiles.NEUTRINO_NAMES`).
PROJECTILES = ("nu_e", "nu_mu_tau", "nu_e_bar", "nu_mu_tau_bar", "chi")

# ------------------------------------------------------------------------------------------------
# parsing helpers
# ------------------------------------------------------------------------------------------------
def parse_grid(text: str, name: str = "grid", max_n: int | None = None):
    """``"A:B:N"`` → N log-spaced values in [A, B]; ``"A,B,C"`` → those values; ``"A"`` → [A] (keV); at most
    ``max_n`` values (:func:`mcpria_lite.cli.output.parse_grid`)."""
    from .output import MAX_GRID
    from .output import parse_grid as _parse

    return _parse(text, name, MAX_GRID if max_n is None else max_n)


def _real(option: str, lo: float | None = None, *, closed: bool = False, hi: float | None = None):
    """An argparse ``type``: a finite number, > ``lo`` (>= with ``closed``) and < ``hi``; the error names
    ``option`` (argparse then exits with status 2)."""

    def parse(text: str) -> float:
        import argparse

        try:
            v = float(text)
        except ValueError:
            v = math.nan
        ok = math.isfinite(v) and (lo is None or (v >= lo if closed else v > lo)) and (hi is None or v < hi)
        if not ok:
            rng = "" if lo is None else (f" {'>=' if closed else '>'} {lo:g}")
            rng += "" if hi is None else f"{' and' if rng else ''} < {hi:g}"
            raise argparse.ArgumentTypeError(f"{option} must be a finite number{rng}, got {text!r}")
        return v

    return parse


def _given(args, *names: str) -> list[str]:
    """The options among ``names`` (attribute names) that the user gave, as typed on the command line."""
    return ["--" + n.replace("_", "-") for n in names if getattr(args, n, None) is not None]


def _refuse(args, names, why: str) -> None:
    bad = _given(args, *names)
    if bad:
        raise ValueError(f"{', '.join(bad)} {'does' if len(bad) == 1 else 'do'} not apply {why}")


def _progress(iterable, args, desc: str, total: int | None = None):
    if getattr(args, "no_progress", False):
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, total=total, delay=2.0, file=sys.stderr, leave=False)


def _read_flux_file(path: str):
    import numpy as np

    try:
        data = np.loadtxt(path, delimiter=None if not path.endswith(".csv") else ",", comments="#", ndmin=2)
    except (OSError, ValueError) as exc:
        raise ValueError(f"--flux-file {path!r}: expected two columns E_keV, dphi_dE (cm^-2 s^-1 keV^-1); {exc}") from None
    if data.shape[1] != 2:
        raise ValueError(f"--flux-file {path!r} must have exactly two columns (E_keV, dphi_dE), got {data.shape[1]}")
    return data[:, 0], data[:, 1]


def _build_flux(args, mass_keV: float | None = None):
    """The flux of --flux / --flux-file; an option the chosen flux does not use is an error naming it."""
    from .. import sources as fluxes
    from ..particles import projectiles

    m = args.mass_keV if mass_keV is None else mass_keV
    if args.flux_file:
        if args.flux is not None:
            raise ValueError(f"--flux-file replaces --flux {args.flux}: give one of them")
        _refuse(args, ("components", "alpha"), "to --flux-file (they describe the built-in fluxes)")
        kind = args.projectile or "nu_e"
        if kind == "chi":
            if m is None:
                raise ValueError("--mass-keV is required for --projectile chi")
            proj = projectiles.millicharged_particle(m)
        else:
            if m is not None:
                raise ValueError(f"--mass-keV applies to --projectile chi; --projectile {kind} is a massless neutrino")
            proj = projectiles.neutrino(kind)  # one of PROJECTILES, parsed by argparse
        E, y = _read_flux_file(args.flux_file)
        return fluxes.tabulated_flux(E, y, projectile=proj, interpolation=args.interpolation or "log-log",
                                     name=args.flux_file)
    _refuse(args, ("projectile", "interpolation"), f"to --flux {args.flux or 'solar'} (they describe a --flux-file)")
    if (args.flux or "solar") == "solar":
        _refuse(args, ("mass_keV", "alpha"), "to --flux solar (massless solar neutrinos)")
        if args.components is None:
            return fluxes.solar_neutrinos(fluxes.SOLAR_COMPONENTS)
        comps = [c.strip() for c in args.components.split(",")]
        if not all(comps):
            raise ValueError(f"--components must name solar components separated by commas (e.g. pp,7Be; "
                             f"leave it out for all), got {args.components!r}")
        return fluxes.solar_neutrinos(comps)
    _refuse(args, ("components",), "to --flux dark-cosmic-rays (it names solar components)")
    if m is None:
        raise ValueError("--mass-keV is required for --flux dark-cosmic-rays")
    return fluxes.dark_cosmic_rays(m, alpha=2.7 if args.alpha is None else args.alpha)


def _detector(args):
    """The detector of --detector, or one built from --target/--threshold-keV/--background-cpkkd."""
    from ..detection import detectors

    if args.detector:
        det = detectors.get(args.detector)
        if args.target is not None and not det.target_matches(args.target):
            raise ValueError(f"--target {args.target} contradicts --detector {args.detector!r}, whose target is "
                             f"{det.target_symbol}; give one of them, or matching ones")
        changes = {k: v for k, v in (("threshold_keV", args.threshold_keV),
                                     ("background_cpkkd", args.background_cpkkd)) if v is not None}
        return det.with_(**changes) if changes else det
    if args.target is None or args.threshold_keV is None or args.background_cpkkd is None:
        raise ValueError("give --detector NAME, or all of --target, --threshold-keV and --background-cpkkd")
    return detectors.Detector(f"{args.target} detector", args.target, args.threshold_keV, args.background_cpkkd,
                              "command line")


# ------------------------------------------------------------------------------------------------
# output
# ------------------------------------------------------------------------------------------------
def render(rows: list[dict], fmt: str, meta: dict | None = None) -> str:
    """Rows (dicts with the same keys) as an aligned table, CSV or JSON text
    (:func:`mcpria_lite.cli.output.render`).

    ``meta`` (target, interaction, coupling, …): columns of every row in CSV and JSON, so that a file
    says what it holds; a first line ``# key value, …`` above the aligned table."""
    from .output import render as _render

    meta = meta or {}
    if fmt in ("csv", "json"):
        return _render([{**meta, **r} for r in rows], fmt)
    text = _render(rows, fmt)
    return f"# {_title(meta)}\n{text}" if meta and rows else text


def _emit(rows, args, plot: Callable | None = None, meta: dict | None = None) -> None:
    _write(render(rows, args.format, meta), args)
    if getattr(args, "plot", None):
        if plot is None:  # pragma: no cover - every subcommand with --plot passes one
            raise ValueError("--plot is not available for this subcommand")
        from .output import save_plot

        save_plot(args.plot, plot)


def _plot_series(series: dict[str, tuple], xlabel: str, ylabel: str, title: str = ""):
    """The log–log plot of ``series`` (``cli.output._plot_series``, imported when a subcommand runs, not at start-up)."""
    from .output import _plot_series as plot_series

    return plot_series(series, xlabel, ylabel, title)


# ------------------------------------------------------------------------------------------------
# subcommands
# ------------------------------------------------------------------------------------------------
def _methods(args) -> list[str]:
    from ..methods import METHODS

    ms = args.method or ["RIA"]
    for m in ms:
        if m not in METHODS:
            hint = _close(m, list(METHODS), n=1, cutoff=0.5)
            raise ValueError(f"--method must be one of {', '.join(METHODS)}, got {m!r}"
                             + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    return ms


def _interaction(name: str) -> "InteractionSpec":
    from ..particles.interactions import INTERACTIONS, interaction_spec

    try:
        return interaction_spec(name)
    except ValueError:
        hint = _close(name, list(INTERACTIONS), n=1, cutoff=0.5)
        raise ValueError(f"--interaction must be one of {', '.join(INTERACTIONS)}, got {name!r}"
                         + (f" (did you mean {hint[0]!r}?)" if hint else "")) from None


def _coupling_value(args, ic: "InteractionSpec") -> float | None:
    """The coupling of ``--coupling``: required for an interaction that has one (no silent default)."""
    if ic.coupling is None:
        if args.coupling is not None:
            raise ValueError(f"--coupling does not apply to --interaction {ic.name} (it has no coupling)")
        return None
    if args.coupling is None:
        raise ValueError(f"--coupling is required for --interaction {ic.name}: {ic.coupling} in {ic.unit} "
                         f"(e.g. {_EXAMPLE.get(ic.coupling, ic.default):g}); there is no default")
    v = args.coupling
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"--coupling must be > 0 ({ic.coupling} in {ic.unit}), got {v!r}")
    try:
        ic.build(v)
    except ValueError as exc:
        raise ValueError(f"--coupling {v!r}: {exc}") from None
    return v


def _coupling_meta(ic: "InteractionSpec", g) -> dict:
    """The interaction and its coupling as output columns (name with unit)."""
    meta: dict = {"interaction": ic.name}
    if ic.coupling is not None:
        meta[COUPLING_COLUMNS.get(ic.coupling, ic.coupling)] = float(g)
    return meta


def _title(meta: dict) -> str:
    return ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in meta.items())


def _projectile(args, m_keV: float):
    """χ of mass --mass-keV (> 0) or a massless neutrino of --projectile; a contradiction is an error."""
    from ..particles import projectiles

    if m_keV > 0:
        if args.projectile not in (None, "chi"):
            raise ValueError(f"--projectile {args.projectile} is a massless neutrino, but --mass-keV {m_keV:g} was "
                             "given: use --projectile chi (a massive millicharged particle) or leave out --mass-keV")
        return projectiles.millicharged_particle(m_keV)
    if args.projectile == "chi":
        raise ValueError("--mass-keV (> 0) is required for --projectile chi")
    return projectiles.neutrino(args.projectile or "nu_e")


def cmd_cross_section(args) -> None:
    import numpy as np

    from ..rates.cross_sections import dsigma_dT

    T = parse_grid(args.T_keV, "--T-keV")
    ic = _interaction(args.interaction)
    g = _coupling_value(args, ic)
    m = args.mass_keV if args.mass_keV is not None else 0.0
    proj = _projectile(args, m)
    meta = {"target": args.target, "projectile": proj.name, "E_keV": float(args.E_keV), **_coupling_meta(ic, g)}
    rows, series = [], {}
    for meth in _methods(args):
        y = dsigma_dT(args.target, T, args.E_keV, method=meth, projectile=proj, interaction=ic.build(g))
        y = np.atleast_1d(np.asarray(y, dtype=float))
        series[meth] = (T, y)
        rows += [{"method": meth, "T_keV": float(t), "dsigma_dT_cm2_per_keV": float(v)} for t, v in zip(T, y)]
    _emit(rows, args, _plot_series(series, "T (keV)", "dσ/dT (cm²/keV per atom)", "dσ/dT: " + _title(meta)), meta)


def cmd_rate(args) -> None:
    import numpy as np

    from ..rates.event_rates import dR_dT

    T = parse_grid(args.T_keV, "--T-keV")
    ic = _interaction(args.interaction)
    g = _coupling_value(args, ic)
    flux = _build_flux(args)
    meta = {"target": args.target, "flux": _flux_label(args, flux), **_coupling_meta(ic, g)}
    rows, series = [], {}
    for meth in _progress(_methods(args), args, "methods"):
        y = np.atleast_1d(np.asarray(dR_dT(args.target, T, flux, meth, interaction=ic.build(g)), dtype=float))
        series[meth] = (T, y)
        rows += [{"method": meth, "T_keV": float(t), "dR_dT_cpkkd": float(v)} for t, v in zip(T, y)]
    _emit(rows, args, _plot_series(series, "T (keV)", "dR/dT (counts/(keV kg day))", "dR/dT: " + _title(meta)), meta)


def _flux_label(args, flux) -> str:
    if args.flux_file:
        return f"{args.flux_file} ({args.projectile})"
    if (args.flux or "solar") == "solar":
        return "solar " + (args.components if args.components else "(all components)")
    return f"dark cosmic rays (m_chi {flux.m_keV:g} keV, alpha {2.7 if args.alpha is None else args.alpha:g})"


def _solve(det, flux, meth, ic: InteractionSpec, args) -> float:
    from ..inference.exposure import exposure_sensitivity
    from ..inference.sensitivities import sensitivity

    kw: dict = {} if ic.name == "millicharge" else {"interaction": ic.cls}
    if args.exposure_kg_day is not None or args.window_keV is not None:
        return float(exposure_sensitivity(det, flux, meth, exposure_kg_day=args.exposure_kg_day,
                                          window_keV=args.window_keV, cl=0.9 if args.cl is None else args.cl,
                                          statistic=args.statistic or "poisson", **kw))
    _refuse(args, ("cl", "statistic"), "to the rate criterion (no confidence level): they go with --exposure-kg-day")
    return float(sensitivity(flux=flux, method=meth, detector=det, **kw))


def cmd_sensitivity(args) -> None:
    ic = _interaction(args.interaction)
    if ic.coupling is None:
        raise ValueError(f"--interaction {ic.name} has no coupling to solve for; give one of "
                         "millicharge, magnetic-moment, charge-radius")
    det = _detector(args)
    flux = _build_flux(args)
    col = COUPLING_COLUMNS.get(ic.coupling, ic.coupling)
    crit = ("rate at threshold = background" if args.exposure_kg_day is None and args.window_keV is None
            else f"median {100 * (0.9 if args.cl is None else args.cl):g} % C.L. ({args.statistic or 'poisson'})")
    rows = []
    for meth in _progress(_methods(args), args, "methods"):
        rows.append({"detector": det.name, "target": det.target_symbol, "method": meth,
                     "interaction": ic.name, "criterion": crit, col: _solve(det, flux, meth, ic, args)})
    _emit(rows, args, None)


def cmd_mass_scan(args) -> None:
    ic = _interaction(args.interaction)
    if ic.name != "millicharge":
        raise ValueError("mass-scan is for the dark-cosmic-ray millicharge: --interaction millicharge only")
    det = _detector(args)
    from .output import MAX_MASSES

    masses = parse_grid(args.masses_keV, "--masses-keV", max_n=MAX_MASSES)
    methods = _methods(args)
    rows: list[dict] = []
    series: dict[str, tuple[list, list]] = {m: ([], []) for m in methods}
    jobs = [(m, meth) for m in masses for meth in methods]
    from .. import sources as fluxes

    for m, meth in _progress(jobs, args, "mass scan", total=len(jobs)):
        d = _solve(det, fluxes.dark_cosmic_rays(float(m), alpha=args.alpha), meth, ic, args)
        rows.append({"detector": det.name, "method": meth, "m_keV": float(m), "delta_e": d})
        series[meth][0].append(m)
        series[meth][1].append(d)
    _emit(rows, args, _plot_series(series, "m_χ (keV)", "δ (e)",
                                   f"dark-cosmic-ray millicharge sensitivity, {det.name} (α = {args.alpha:g})"))


def _markdown_table(title: str, first: str, groups, methods) -> list[str]:
    """Lines of one markdown table: a row per (label, rows), a column per method."""
    lines = [title, "", f"| {first} | " + " | ".join(methods) + " |", "|" + "---|" * (len(methods) + 1)]
    for label, rows in groups:
        cells = []
        for meth in methods:
            r = next(x for x in rows if x.method == meth)
            cells.append(f"{r.delta:.2e} / {_fmt(r.paper)} = {_ratio(r.ratio)}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines + [""]


def _fmt(x) -> str:
    return "" if x is None else f"{x:.2e}"


def _ratio(x) -> str:
    return "" if x is None else f"{x:.2f}"


def format_tables(targets, fmt: str = "markdown") -> str:
    """The paper's DM and neutrino sensitivity tables, computed now, as markdown, CSV or JSON text."""
    from ..inference.sensitivities import TABLE_METHODS, dm_table, neutrino_table

    import json

    dm = dm_table(targets=targets)
    nu = neutrino_table(targets=targets)
    if fmt in ("csv", "json"):
        recs = [{"table": "dm", "target": r.target, "m_keV": r.m_keV, "method": r.method, "delta": r.delta,
                 "paper": r.paper, "ratio": r.ratio} for r in dm]
        recs += [{"table": "neutrino", "target": r.target, "m_keV": 0.0, "method": r.method, "delta": r.delta,
                  "paper": r.paper, "ratio": r.ratio} for r in nu]
        if fmt == "json":
            return json.dumps(recs, indent=1) + "\n"
        out = ["table,target,m_keV,method,delta,paper,ratio"]
        out += [f"{r['table']},{r['target']},{r['m_keV']:g},{r['method']},{r['delta']:.4e},{_fmt(r['paper'])},"
                f"{_ratio(r['ratio'])}" for r in recs]
        return "\n".join(out) + "\n"
    out = []
    for t in targets:
        rows = [r for r in dm if r.target == t]
        masses = sorted({r.m_keV for r in rows if r.m_keV is not None}, reverse=True)
        out += _markdown_table(
            f"Dark-cosmic-ray millicharge sensitivity, {t} (this work / paper = ratio)", "m_χ (keV)",
            [(f"{m:g}", [x for x in rows if x.m_keV == m]) for m in masses], TABLE_METHODS)
    out += _markdown_table(
        "Solar-neutrino millicharge sensitivity (this work / paper = ratio)", "target",
        [(t, [x for x in nu if x.target == t]) for t in targets], TABLE_METHODS)
    return "\n".join(out) + "\n"


def _write(text: str, args) -> None:
    """The rendered output to ``--output FILE`` or to stdout (:func:`mcpria_lite.cli.output._write`)."""
    from .output import _write as write

    write(text, args)


def cmd_tables(args) -> None:
    targets = tuple(args.target) if args.target else ("Ge", "Xe")
    _write(format_tables(targets, args.format), args)


def cmd_detectors(args) -> None:
    from ..detection import detectors

    rows = [{"name": d.name, "target": d.target_symbol, "threshold_keV": d.threshold_keV,
             "background_cpkkd": d.threshold_background_cpkkd,
             "reference": d.reference if args.format != "table" or len(d.reference) <= 60 else d.reference[:59] + "…"}
            for d in detectors.PRESETS.values()]
    _emit(rows, args, None)


# ------------------------------------------------------------------------------------------------
# the parser
# ------------------------------------------------------------------------------------------------
def _common_output(p, plot: bool = True) -> None:
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    if plot:
        p.add_argument("--plot", metavar="FILE", help="also write a figure (png, pdf, svg; needs matplotlib)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def _physics(p, T: bool = False) -> None:
    from ..particles.interactions import INTERACTIONS

    p.add_argument("--method", action="append", metavar="METHOD",
                   help="RIA (default), RIA-simplified, FEA, EPA or DFS (ab initio, Ge and Xe); repeatable")
    p.add_argument("--interaction", default="millicharge", help=f"one of {', '.join(INTERACTIONS)}")
    if T:
        p.add_argument("--T-keV", dest="T_keV", default="0.1:10:30",
                       help="energy transfers: 'A:B:N' log-spaced, 'A,B,C' or a number (default 0.1:10:30)")
        p.add_argument("--coupling", type=float,
                       help="the coupling, required unless --interaction weak: delta in e (millicharge), "
                            "mu_nu in mu_B (magnetic-moment), <r^2> in cm^2 (charge-radius)")


def _flux_args(p) -> None:
    # defaults are None: an option the chosen flux does not use is then an error, not silently dropped
    p.add_argument("--flux", choices=("solar", "dark-cosmic-rays"), default=None, help="solar (default) or dark-cosmic-rays")
    p.add_argument("--components", help="solar components, comma-separated (default all), e.g. pp,7Be")
    p.add_argument("--mass-keV", dest="mass_keV", type=_real("--mass-keV", 0.0),
                   help="mass in keV of the dark cosmic rays or of the chi of --flux-file")
    p.add_argument("--alpha", type=_real("--alpha", 1.0), default=None, help="dark-cosmic-ray spectral index (default 2.7)")
    p.add_argument("--flux-file", help="your own spectrum: two columns E_keV (total energy), dphi_dE (cm^-2 s^-1 keV^-1)")
    p.add_argument("--projectile", choices=PROJECTILES, default=None,
                   help="projectile of --flux-file: nu_e (default), nu_mu_tau, *_bar (antineutrino, e.g. nu_e_bar of a "
                        "reactor), chi (needs --mass-keV)")
    p.add_argument("--interpolation", choices=("log-log", "linear"), default=None,
                   help="interpolation of --flux-file (default log-log)")


def _detector_args(p) -> None:
    p.add_argument("--detector", help="a preset (see 'mcpria-lite detectors'), e.g. HPGe, LXe, NaI")
    p.add_argument("--target", help="element or formula, e.g. Ge, Xe, NaI, CaWO4")
    p.add_argument("--threshold-keV", dest="threshold_keV", type=_real("--threshold-keV", 0.0))
    p.add_argument("--background-cpkkd", dest="background_cpkkd", type=_real("--background-cpkkd", 0.0),
                   help="counts/(keV kg day)")
    p.add_argument("--exposure-kg-day", dest="exposure_kg_day", type=_real("--exposure-kg-day", 0.0),
                   help="exposure: gives the median limit of a counting experiment instead of the rate criterion")
    p.add_argument("--window-keV", dest="window_keV", type=_real("--window-keV", 0.0), nargs=2, metavar=("T1", "T2"),
                   help="analysis window for --exposure-kg-day")
    p.add_argument("--cl", type=_real("--cl", 0.0, hi=1.0), default=None,
                   help="confidence level of --exposure-kg-day (default 0.9)")
    p.add_argument("--statistic", choices=("poisson", "feldman-cousins", "asimov"), default=None,
                   help="statistic of --exposure-kg-day (default poisson)")


def _parser_class():
    import argparse

    class Parser(argparse.ArgumentParser):
        """An argument parser that points a misspelled option to its right name (difflib)."""

        def parse_args(self, args=None, namespace=None):
            ns, extras = self.parse_known_args(args, namespace)
            if extras:
                sub = self._subparser(ns)
                known = [o for a in (sub or self)._actions for o in a.option_strings]
                msgs = []
                for x in extras:
                    word = x.split("=", 1)[0]
                    hint = _close(word, known, n=1, cutoff=0.6) if word.startswith("-") else []
                    msgs.append(f"{x} (did you mean {hint[0]}?)" if hint else x)
                (sub or self).error("unrecognized arguments: " + " ".join(msgs))
            return ns

        def _subparser(self, ns):
            for a in self._actions:
                if isinstance(a, argparse._SubParsersAction):
                    return a.choices.get(str(getattr(ns, "command", None)))
            return None

    return Parser


def build_parser() -> "argparse.ArgumentParser":
    """The argument parser of ``mcpria-lite``."""
    from . import limit

    ap = _parser_class()(
        prog="mcpria-lite",
        description="Atomic ionization by millicharged particles and neutrinos: cross sections, rates and "
                    "sensitivities (Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184).")
    ap.add_argument("--version", action="version", version=f"mcpria-lite {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    p = sub.add_parser("cross-section", help="dsigma/dT on a grid of energy transfers")
    p.add_argument("--target", required=True, help="element or formula, e.g. Ge, Xe, NaI")
    p.add_argument("--E-keV", dest="E_keV", type=_real("--E-keV", 0.0), required=True,
                   help="projectile total energy in keV")
    p.add_argument("--mass-keV", dest="mass_keV", type=_real("--mass-keV", 0.0, closed=True),
                   help="projectile mass in keV (default 0)")
    p.add_argument("--projectile", choices=PROJECTILES, default=None,
                   help="nu_e (default), nu_mu_tau, *_bar (antineutrino), or chi (needs --mass-keV > 0)")
    _physics(p, T=True)
    _common_output(p)
    p.set_defaults(func=cmd_cross_section)

    p = sub.add_parser("rate", help="dR/dT for a flux")
    p.add_argument("--target", required=True, help="element or formula")
    _flux_args(p)
    _physics(p, T=True)
    _common_output(p)
    p.set_defaults(func=cmd_rate)

    p = sub.add_parser("sensitivity", help="the coupling at which the rate at threshold equals the background "
                                           "(or the median limit for an exposure)")
    _flux_args(p)
    _detector_args(p)
    _physics(p)
    _common_output(p, plot=False)
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("mass-scan", help="dark-cosmic-ray millicharge sensitivity over masses")
    p.add_argument("--masses-keV", dest="masses_keV", default="0.01:100:9", help="masses (default 0.01:100:9)")
    p.add_argument("--alpha", type=_real("--alpha", 1.0), default=2.7, help="spectral index (default 2.7)")
    _detector_args(p)
    _physics(p)
    _common_output(p)
    p.set_defaults(func=cmd_mass_scan)

    p = sub.add_parser("tables", help="the paper's sensitivity tables computed now, with the published values")
    p.add_argument("--target", choices=("Ge", "Xe"), action="append", help="target (repeatable; default both)")
    p.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown")
    p.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser("detectors", help="list the detector presets")
    _common_output(p, plot=False)
    p.set_defaults(func=cmd_detectors)

    from . import dark_photon, halo

    limit.register(sub)
    dark_photon.register(sub)
    halo.register(sub)
    return ap


def main(argv=None) -> int:
    """Run the command line; returns the exit status (0 on success, 2 on bad input)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # without building every subcommand (and importing what they need)
        print(f"mcpria-lite {__version__}")
        return 0
    ap = build_parser()
    args = ap.parse_args(argv)
    from .output import check_output_paths

    try:
        check_output_paths(args)  # before computing: a bad path must not cost the computation
        out = args.func(args)
        if isinstance(out, int):
            return out
    except ValueError as exc:
        print(f"mcpria-lite {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
