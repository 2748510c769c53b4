"""The ``dark-photon-limit`` subcommand: κ(m_V) (or g_ae(m_a)) from a shipped data release, beside the published curve.

Examples::

    mcpria-lite dark-photon-limit                                   # XENONnT SR0, the published masses in 1-30 keV
    mcpria-lite dark-photon-limit --masses-keV 2,5,10 --photoabsorption dfs --format json
    mcpria-lite dark-photon-limit --model axion-electron --format csv --output gae.csv --plot gae.png

Wire it into a parser with :func:`register` and dispatch to :func:`run`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys

import numpy as np

from ..detection import releases as _rel
from ..inference.dark_photon_limits import MODELS, BosonLimit, limits
from ..rates.dark_photons import PHOTOABSORPTION_SOURCES

__all__ = ["register", "run", "compute", "rows"]

_COLUMNS = ("mass_keV", "limit", "expected", "published", "ratio", "acceptance", "counts_at_limit")


def register(subparsers):
    """Add the ``dark-photon-limit`` subcommand to an ``argparse`` sub-parser collection; returns its parser."""
    p = subparsers.add_parser(
        "dark-photon-limit", help="limits on dark-photon (kappa) or axion-like (g_ae) dark matter from released data",
        description="90 %% C.L. upper limits on the kinetic mixing kappa of dark-photon dark matter (or on g_ae of "
                    "axion-like dark matter) versus mass, from a shipped data release with the package's unbinned "
                    "profile likelihood: absorption is a line at T = m through the detector's efficiency and "
                    "resolution. Printed beside the collaboration's published limit and the ratio.")
    p.add_argument("--data", choices=tuple(_rel.RELEASES), default="xenonnt-sr0", help="data release")
    p.add_argument("--model", choices=MODELS, default="dark-photon", help="dark-photon (kappa) or axion-electron (g_ae)")
    p.add_argument("--masses-keV", dest="masses_keV", default=None,
                   help="comma-separated masses in keV inside the release's window (default: the published masses in it)")
    p.add_argument("--photoabsorption", choices=PHOTOABSORPTION_SOURCES, default="henke+kissel",
                   help="photoabsorption cross section: measured sets or 'dfs' (ab initio, Ge and Xe)")
    p.add_argument("--no-in-medium", dest="in_medium", action="store_false",
                   help="dark photon: leave out the in-medium mixing kappa_eff = kappa/|n|^2")
    p.add_argument("--rho-GeV-cm3", dest="rho_GeV_cm3", type=float, default=0.3,
                   help="local dark-matter density in GeV/cm^3 (default 0.3, as the published limits)")
    p.add_argument("--cl", type=float, default=0.9, help="confidence level (default 0.9)")
    p.add_argument("--expected", action="store_true", help="also the Asimov (median, background-only) limit")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    p.add_argument("--plot", metavar="FILE", help="also write a figure of the limits and their ratio (needs matplotlib)")
    p.set_defaults(func=run)
    return p


def _masses(text):
    if text is None:
        return None
    try:
        vals = np.array([float(x) for x in str(text).split(",")])
    except ValueError:
        raise ValueError(f"--masses-keV must be comma-separated numbers (keV), got {text!r}") from None
    if not np.all(np.isfinite(vals)) or np.any(vals <= 0):
        raise ValueError(f"--masses-keV must be finite and > 0 keV, got {text!r}")
    return vals


def compute(args) -> list[BosonLimit]:
    """The :class:`~mcpria_lite.inference.dark_photon_limits.BosonLimit` list for parsed arguments (ValueError on bad input,
    with the option names of the command line)."""
    try:
        return limits(args.data, args.model, _masses(args.masses_keV), photoabsorption_source=args.photoabsorption,
                      in_medium=args.in_medium, rho_GeV_cm3=args.rho_GeV_cm3, cl=args.cl, expected=args.expected)
    except ValueError as exc:
        raise ValueError(str(exc).replace("masses_keV", "--masses-keV").replace("rho_GeV_cm3", "--rho-GeV-cm3")) from None


def rows(results: list[BosonLimit]) -> list[dict]:
    """The printed columns of each limit (NaN/None where there is no published or expected value)."""
    return [{k: getattr(r, k) for k in _COLUMNS} for r in results]


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def _render(results: list[BosonLimit], fmt: str) -> str:
    rs = rows(results)
    if fmt == "json":
        clean = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.to_dict().items()} for r in results]
        return json.dumps({"data": _rel.get(results[0].data).summary(), "limits": clean}, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(_COLUMNS)
        for r in rs:
            w.writerow(["" if (v is None or (isinstance(v, float) and math.isnan(v))) else repr(float(v)) for v in r.values()])
        return buf.getvalue()
    first = results[0]
    head = (f"{_rel.get(first.data).title}: 90 % C.L. upper limits on {first.coupling} ({first.model}), "
            f"rho = {first.rho_GeV_cm3:g} GeV/cm^3, sigma_gamma {first.photoabsorption_source}"
            f"{', in-medium mixing' if first.in_medium else ''}; published = the collaboration's curve")
    cells = [[_cell(v) for v in r.values()] for r in rs]
    width = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(_COLUMNS)]
    line = lambda xs: "  ".join(x.rjust(w) for x, w in zip(xs, width))  # noqa: E731
    return "\n".join([head, line(_COLUMNS), line(["-" * w for w in width])] + [line(c) for c in cells]) + "\n"


def _plot(results: list[BosonLimit], path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ValueError("--plot needs matplotlib (pip install matplotlib)") from None
    m = np.array([r.mass_keV for r in results])
    lim = np.array([r.limit for r in results])
    pub = np.array([r.published for r in results])
    fig, (a1, a2) = plt.subplots(2, 1, figsize=(6, 5.2), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    a1.semilogy(m, lim, "o-", ms=4, label="this re-analysis")
    if np.any(np.isfinite(pub)):
        a1.semilogy(m, pub, "k--", label="published")
        a2.plot(m, lim / pub, "o-", ms=4)
    a2.axhline(1.0, color="k", lw=0.6)
    a1.set_ylabel(f"{results[0].coupling} (90 % C.L.)")
    a2.set_ylabel("ours / published")
    a2.set_xlabel("mass [keV]")
    a1.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)


def run(args) -> int:
    """Run the subcommand: print the limits (table, CSV or JSON); 2 and a message on stderr for bad input."""
    try:
        results = compute(args)
        text = _render(results, args.format)
        if args.plot:
            _plot(results, args.plot)
    except ValueError as exc:
        sys.stderr.write(f"mcpria-lite dark-photon-limit: error: {exc}\n")
        return 2
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0
