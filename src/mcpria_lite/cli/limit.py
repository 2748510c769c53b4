"""The ``limit`` subcommand: upper limits from released data, as files.

Examples::

    mcpria-lite limit --data xenonnt-sr0 --interaction magnetic-moment --method FEA
    mcpria-lite limit --data lz-ws2022 --data lz-ws2024 --data pandax4t-run1 --data xenonnt-sr0 \\
        --interaction magnetic-moment --band --format csv --output mu_nu.csv --plot mu_nu.png
    mcpria-lite limit --interaction dark-cosmic-ray --mass-keV 0.01:100:5 --band --format json
    mcpria-lite limit --data path/to/my_data_folder --interaction millicharge

``--data`` is repeatable (a combination: the product of the data sets' likelihoods, each with its own
background nuisances) and takes shipped names or the path of a user's manifest or data folder.
``--band`` computes the limit with every atomic method and atomic-input choice that applies (the
theory band) and marks the central one; a method that does not apply is refused with its reason
(the EPA for a magnetic moment), or, in a band, listed in the header with it. Output: an aligned
table (default), CSV or JSON (``--format``) with a metadata header and the columns of
:data:`mcpria_lite.inference.limit_files.COLUMNS`, to stdout or ``--output FILE``; ``--plot FILE``
draws the limits (and the band). Output paths are checked before anything is computed.

Wire it into a parser with :func:`register` and dispatch to :func:`run`.
"""

from __future__ import annotations

import sys

import numpy as np

from ..detection import datasets as _ds
from ..inference import limit_files as _lf
from ..inference.binned_likelihood import STATISTICS
from ..inference.limits import MODELS, central_method, limit, theory_band
from ..methods import METHODS

__all__ = ["register", "run", "compute"]


def register(subparsers):
    """Add the ``limit`` subcommand to an ``argparse`` sub-parser collection; returns its parser
    (an ``argparse.ArgumentParser``)."""
    p = subparsers.add_parser(
        "limit", help="upper limit on a coupling from released detector data (profile likelihood), as files",
        description="One-sided upper limit (profile likelihood ratio, Cowan et al. 2011) on a coupling from one "
                    "data set or the combination of several, with an optional theory band over the atomic methods "
                    "and inputs that apply. Data sets: " + ", ".join(_ds.DATASETS) + " (or a manifest/folder path).")
    p.add_argument("--data", action="append", metavar="NAME|PATH",
                   help="data set (repeatable: combination); default xenonnt-sr0")
    p.add_argument("--interaction", choices=MODELS, default="magnetic-moment",
                   help="coupling to constrain (solar neutrinos, or dark cosmic rays of --mass-keV)")
    p.add_argument("--method", choices=tuple(METHODS), default=None,
                   help=f"atomic method (default {central_method()}; FEA = stepping)")
    p.add_argument("--band", action="store_true",
                   help="theory band: every method and atomic-input choice that applies (overrides --method)")
    p.add_argument("--mass-keV", default=None, metavar="M|A:B:N|A,B",
                   help="dark-cosmic-ray mass(es) m_chi in keV")
    p.add_argument("--no-interference", action="store_true",
                   help="millicharge / charge radius: the pure term only, without the weak interference")
    p.add_argument("--cl", type=float, default=0.9, help="confidence level (default 0.9)")
    p.add_argument("--statistic", choices=STATISTICS, default="q-tilde",
                   help="q-tilde (one-sided, c = 1.642 at 90 %%) or delta-chi2 (2.706)")
    p.add_argument("--sign", type=int, choices=(1, -1), default=None,
                   help="sign of the coupling when the signal interferes with the weak amplitude (default both)")
    p.add_argument("--expected", action="store_true", help="also the background-only Asimov (median expected) limit")
    p.add_argument("--format", choices=_lf.FORMATS, default="table", help="output format (header + fixed columns)")
    p.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    p.add_argument("--plot", metavar="FILE", help="also draw the limits (png, pdf, svg; needs matplotlib)")
    p.set_defaults(func=run)
    return p


def _masses(text):
    """``--mass-keV``: ``M``, ``A,B,C`` or ``A:B:N`` (N log-spaced values from A to B), keV, > 0."""
    if text is None:
        return [None]
    try:
        if ":" in text:
            a, b, n = text.split(":")
            a, b, n = float(a), float(b), int(n)
            if not (0 < a < b and n >= 2):
                raise ValueError
            vals = list(np.geomspace(a, b, n))
        else:
            vals = [float(x) for x in text.split(",")]
    except ValueError:
        raise ValueError(f"--mass-keV must be 'M', 'A,B,C' or 'A:B:N' (0 < A < B, N >= 2), got {text!r}") from None
    if not all(np.isfinite(v) and v > 0 for v in vals):
        raise ValueError(f"--mass-keV values must be finite and > 0 keV, got {text!r}")
    return [float(v) for v in vals]


def _check_outputs(args) -> None:
    if args.output:
        _lf.check_writable(args.output, "--output")
    if args.plot:
        _lf.check_writable(args.plot, "--plot")
        try:
            import matplotlib
        except ImportError:
            raise ValueError("--plot needs matplotlib (pip install matplotlib)") from None
        from matplotlib.figure import Figure

        ext = args.plot.rsplit(".", 1)[-1].lower() if "." in args.plot else ""
        if ext not in Figure().canvas.get_supported_filetypes():
            raise ValueError(f"--plot {args.plot!r}: the file name must end in one of "
                             f"{', '.join(sorted(Figure().canvas.get_supported_filetypes()))}")
        del matplotlib


def compute(args):
    """(records, bands) for parsed arguments; ``ValueError`` (with the option's name) on bad input."""
    data = args.data or ["xenonnt-sr0"]
    params = {"interference": False} if args.no_interference else {}
    records, bands = [], []
    try:
        for m in _masses(args.mass_keV):
            kw = dict(params, mass_keV=m)
            if args.band:
                bs = theory_band(data, args.interaction, sign=args.sign, cl=args.cl, statistic=args.statistic,
                                 expected=args.expected, **kw)
                bands += bs
                records += [r for b in bs for r in b.rows]
            else:
                records += limit(data, args.interaction, args.method, sign=args.sign, cl=args.cl,
                                 statistic=args.statistic, expected=args.expected, **kw)
    except ValueError as exc:
        msg = str(exc).replace("mass_keV", "--mass-keV").replace("interference", "--no-interference")
        raise ValueError(msg.replace("the model ", "--interaction ")) from None
    return records, bands


def _plot(records, bands, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    first = records[0]
    fig, ax = plt.subplots(figsize=(7, 4.4))
    masses = sorted({r.parameters.get("mass_keV") for r in records if r.parameters.get("mass_keV") is not None})
    if masses:
        groups: dict[tuple[str, str, str], list] = {}
        for r in records:
            groups.setdefault((r.method, r.atomic_inputs, r.sign_label), []).append(r)
        for (meth, atomic, sign), rs in groups.items():
            rs = sorted(rs, key=lambda r: r.parameters["mass_keV"])
            ax.loglog([r.parameters["mass_keV"] for r in rs], [r.limit for r in rs], "o-",
                      lw=2.2 if rs[0].central else 1.2,
                      label=f"{meth}{' ' + atomic if atomic else ''}{' ' + sign if sign else ''}")
        if bands:
            lo: dict[float, tuple[float, float]] = {}
            for b in bands:
                m = b.central.parameters["mass_keV"]
                lo[m] = (min(lo.get(m, (np.inf,))[0], b.low), max(lo.get(m, (0, 0))[1], b.high))
            ms = sorted(lo)
            ax.fill_between(ms, [lo[m][0] for m in ms], [lo[m][1] for m in ms], color="0.85", label="theory band")
        ax.set_xlabel(r"$m_\chi$ (keV)")
    else:
        labels = [f"{r.method}{' ' + r.atomic_inputs if r.atomic_inputs else ''}{' ' + r.sign_label if r.sign_label else ''}"
                  for r in records]
        y = np.arange(len(records))
        ax.scatter([r.limit for r in records], y, c=["C3" if r.central else "C0" for r in records], zorder=3)
        for b in bands:
            idx = [i for i, r in enumerate(records) if any(r is x for x in b.rows)]
            ax.axvspan(b.low, b.high, color="0.9", zorder=0)
            ax.plot([b.low, b.high], [min(idx) - 0.4] * 2, color="0.4", lw=3)
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_xscale("log")
        ax.set_xlabel(f"90 % C.L.-type upper limit on |{first.coupling}| ({first.unit})".replace(
            "90 %", f"{100 * first.cl:g} %"))
    ax.set_ylabel(f"|{first.coupling}| ({first.unit})" if masses else "")
    ax.set_title(" + ".join(first.data) + f": {first.model}", fontsize=10)
    if masses:
        ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)


def run(args) -> int:
    """Run the subcommand; 2 and a message on stderr for bad input (checked before computing)."""
    try:
        _check_outputs(args)
        records, bands = compute(args)
        text = _lf.render(records, args.format, bands)
        if args.output:
            _lf.write(args.output, text)
        else:
            sys.stdout.write(text)
        if args.plot:
            _plot(records, bands, args.plot)
    except ValueError as exc:
        sys.stderr.write(f"mcpria-lite limit: error: {exc}\n")
        return 2
    return 0
