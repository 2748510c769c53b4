"""The ``halo-rate`` and ``halo-limit`` subcommands: halo dark matter scattering on atomic electrons.

Examples::

    mcpria-lite halo-rate --target Xe --model DFS --mass-keV 1e5 --mediator heavy --E-keV 0.015:0.5:20
    mcpria-lite halo-rate --target Xe --mass-keV 1e5 --ne --format csv          # the rate per electron number
    mcpria-lite halo-limit --data xenon10 --mediator light --model DFS --format json --output l.json
    mcpria-lite halo-limit --data darkside50 --mediator heavy --statistic likelihood
    mcpria-lite halo-limit --data edelweiss-red30 --mediator light --masses-keV 1e3:1e5:20
    mcpria-lite halo-limit --data xenon10 --mediator heavy --masses-keV 1e4:1e6:20 --plot limit.png

Atomic models: :mod:`mcpria_lite.methods.halo_models`; data sets:
:mod:`mcpria_lite.detection.electron_counts` and :mod:`mcpria_lite.detection.energy_spectra`; halo: :class:`mcpria_lite.sources.halo.StandardHaloModel`
(``--rho``, ``--v0``, ``--v-esc``, ``--v-E`` change it). Output as a table, CSV or JSON like the other
subcommands; ``--plot FILE`` draws the spectrum or the limit (with the published limit beside it).
"""

from __future__ import annotations

import numpy as np

from ..detection.electron_yield import YIELD_MODELS, ne_spectrum
from ..inference.halo_limits import MEDIATORS, STATISTICS, data_set, data_set_names, halo_limit
from ..methods.halo_models import ATOMIC_MODELS, atomic_model, best_model
from ..particles.dark_matter import HaloDarkMatter
from ..rates.halo_rates import dR_dE, halo_spectrum
from ..sources.halo import StandardHaloModel
from .output import _emit, _plot_series, _write, parse_grid, render, save_plot

__all__ = ["register", "cmd_halo_rate", "cmd_halo_limit"]


def _halo(args) -> StandardHaloModel:
    return StandardHaloModel(rho_GeV_cm3=args.rho, v0_km_s=args.v0, v_esc_km_s=args.v_esc, v_E_km_s=args.v_E)


def _halo_args(p) -> None:
    p.add_argument("--rho", type=float, default=0.3, help="local density, GeV/cm^3 (default 0.3)")
    p.add_argument("--v0", type=float, default=238.0, help="most probable speed v0, km/s (default 238)")
    p.add_argument("--v-esc", dest="v_esc", type=float, default=544.0, help="escape speed, km/s (default 544)")
    p.add_argument("--v-E", dest="v_E", type=float, default=250.5, help="detector speed, km/s (default 250.5 = |v_sun|)")


def _common(p) -> None:
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    p.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    p.add_argument("--plot", metavar="FILE", help="also write a figure (png, pdf, svg; needs matplotlib)")
    p.add_argument("--mediator", choices=tuple(MEDIATORS), default="heavy",
                   help="heavy (F_DM = 1) or light (F_DM = (alpha m_e/q)^2)")
    p.add_argument("--model", choices=tuple(ATOMIC_MODELS), default=None,
                   help="atomic model (default: the best one for the target, roberts2023 for Xe, DFS for Ar and Ge; "
                        "DFS+roberts2023 is deprecated)")
    _halo_args(p)


def cmd_halo_rate(args) -> None:
    """dR/dE (counts/(keV kg day)) on a grid of deposited energies, per subshell or summed; or (``--ne``)
    the rate per electron number (counts/(kg day))."""
    if args.mass_keV is None or not args.mass_keV > 0:
        raise ValueError("--mass-keV (> 0) is required")
    dm = HaloDarkMatter(args.mass_keV, args.sigma_e_cm2, MEDIATORS[args.mediator])
    if args.model is None:
        args.model = best_model(args.target)
    r = atomic_model(args.model, args.target)
    h = _halo(args)
    if args.ne:
        if r.element not in YIELD_MODELS:
            raise ValueError(f"--ne needs an electron-yield model; there is one for {', '.join(sorted(YIELD_MODELS))} "
                             f"only, got --target {args.target}")
        R = ne_spectrum(halo_spectrum(dm, r, h), YIELD_MODELS[r.element], n_max=args.ne_max)
        rows = [{"model": args.model, "n_e": int(n), "rate_per_kg_day": float(v)} for n, v in enumerate(R) if n >= 1]
        _emit(rows, args, _plot_series({args.model: (np.arange(1, R.size), R[1:])}, "n_e", "rate (counts/(kg day))"))
        return
    E = parse_grid(args.E_keV, "--E-keV")
    try:
        y = dR_dE(E, dm, r, h, per_subshell=args.per_subshell)
    except ValueError as exc:
        raise ValueError(str(exc).replace("E_keV", "--E-keV")) from None
    rows = []
    if args.per_subshell:
        for name, yy in zip(r.names, y):
            if np.any(yy > 0):
                rows += [{"model": args.model, "subshell": name, "E_keV": float(e), "dR_dE_cpkkd": float(v)}
                         for e, v in zip(E, yy)]
        series = {name: (E, yy) for name, yy in zip(r.names, y) if np.any(yy > 0)}
    else:
        rows = [{"model": args.model, "E_keV": float(e), "dR_dE_cpkkd": float(v)} for e, v in zip(E, y)]
        series = {args.model: (E, y)}
    _emit(rows, args, _plot_series(series, "E (keV)", "dR/dE (counts/(keV kg day))"))


def cmd_halo_limit(args) -> None:
    """The σ̄_e limit curve (and δ for the light mediator) of a data set with an atomic model."""
    masses = parse_grid(args.masses_keV, "--masses-keV")
    if args.model is None:
        args.model = best_model(data_set(args.data).target)
    L = halo_limit(args.data, args.model, args.mediator, masses, halo=_halo(args), cl=args.cl, statistic=args.statistic)
    if args.format == "json":
        _write(L.to_json(), args)
    elif args.format == "csv":
        _write(L.to_csv(), args)
    else:
        _write(render(L.rows(), "table"), args)
    if args.plot:
        pub = data_set(args.data).published_limit(L.mediator)

        def draw(ax):
            ok = np.isfinite(L.sigma_e_cm2)
            ax.loglog(L.mass_keV[ok] / 1e3, L.sigma_e_cm2[ok], label=f"{args.data}, {ATOMIC_MODELS[args.model].label}")
            if pub is not None:
                ax.loglog(pub.mass_keV / 1e3, pub.sigma_e_cm2, "k--", label=f"published: {pub.reference}")
            ax.set_xlabel("m_χ (MeV)")
            what = "rate bound" if L.statistic == "rate-bound" else f"{100 * L.cl:g} % C.L. limit"
            ax.set_ylabel(f"σ̄_e {what} (cm²), {L.mediator} mediator")

        save_plot(args.plot, draw)


def register(subparsers) -> None:
    """Add ``halo-rate`` and ``halo-limit`` to an ``argparse`` sub-parser collection."""
    p = subparsers.add_parser("halo-rate", help="halo dark matter-electron ionisation rate dR/dE (or per n_e)",
                              description="dR/dE (counts/(keV kg day)) of halo dark matter scattering on the electrons "
                                          "of an atom, in one atomic model; --ne: the rate per electron number (Xe).")
    p.add_argument("--target", default="Xe", help="element (Xe; Ar, Ge with the DFS, DFS-impulse and hydrogenic models)")
    p.add_argument("--mass-keV", dest="mass_keV", type=float, help="dark-matter mass m_chi in keV (1e5 = 100 MeV)")
    p.add_argument("--sigma-e-cm2", dest="sigma_e_cm2", type=float, default=1e-40, help="sigma_e in cm^2 (default 1e-40)")
    p.add_argument("--E-keV", dest="E_keV", default="0.02:0.5:25",
                   help="deposited energies: 'A:B:N' log-spaced, 'A,B,C' or a number (default 0.02:0.5:25)")
    p.add_argument("--per-subshell", action="store_true", help="one row per subshell")
    p.add_argument("--ne", action="store_true", help="the rate per electron number instead (Xe: Essig et al. 2017; Ar: obscura's argon model)")
    p.add_argument("--ne-max", dest="ne_max", type=int, default=15, help="largest n_e with --ne (default 15)")
    _common(p)
    p.set_defaults(func=cmd_halo_rate)

    p = subparsers.add_parser("halo-limit", help="90 %% C.L. limit on sigma_e (and delta) from an electron-count data set",
                              description="Upper limit on sigma_e of halo dark matter from a shipped S2-only data set, "
                                          "per atomic model and mediator (strongest bin, Poisson, as the papers did).")
    p.add_argument("--data", choices=data_set_names(), default="xenon10",
                   help="data set (electron counts: xenon10, xenon100, xenon1t, pandax4t, darkside50, darkside50-2018; "
                        "energy spectrum: edelweiss-red30)")
    p.add_argument("--masses-keV", dest="masses_keV", default="1e4:1e6:12",
                   help="dark-matter masses in keV (default 1e4:1e6:12, 10 MeV to 1 GeV)")
    p.add_argument("--cl", type=float, default=0.9, help="confidence level (default 0.9)")
    p.add_argument("--statistic", choices=STATISTICS, default=None,
                   help="strongest-bin (Poisson per bin, as the papers; default for electron counts), likelihood "
                        "(needs a background model: darkside50) or rate-bound (energy spectra; their default)")
    _common(p)
    p.set_defaults(func=cmd_halo_limit)

