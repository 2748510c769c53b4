"""The ``limit`` subcommand: a 90 % C.L. upper limit from a shipped data release.

Example::

    mcpria-lite limit --data xenonnt-sr0 --interaction magnetic-moment --method FEA
    mcpria-lite limit --data xenonnt-sr0 --interaction dark-cosmic-ray --mass-keV 1 --method RIA --format json

Wire it into a parser with :func:`register` and dispatch to :func:`run`.
"""

from __future__ import annotations

import json
import sys

from ..detection import releases as _ex
from ..inference.likelihood import LimitResult
from ..inference.limits import MODELS, limit
from ..methods import METHODS

__all__ = ["register", "run", "compute"]


def register(subparsers):
    """Add the ``limit`` subcommand to an ``argparse`` sub-parser collection; returns its parser
    (an ``argparse.ArgumentParser``)."""
    p = subparsers.add_parser(
        "limit", help="upper limit on a coupling from released detector data (profile likelihood)",
        description="One-sided upper limit (profile likelihood ratio, Cowan et al. 2011) on a projectile "
                    "coupling from a shipped data release.")
    p.add_argument("--data", choices=tuple(_ex.RELEASES), default="xenonnt-sr0", help="data release")
    p.add_argument("--interaction", choices=MODELS, default="magnetic-moment",
                   help="coupling to constrain (solar neutrinos, or dark cosmic rays of --mass-keV)")
    p.add_argument("--method", choices=tuple(METHODS), default="RIA", help="atomic method (FEA = stepping)")
    p.add_argument("--mass-keV", type=float, default=None, help="dark-cosmic-ray mass m_chi in keV")
    p.add_argument("--cl", type=float, default=0.9, help="confidence level (default 0.9)")
    p.add_argument("--sign", type=int, choices=(1, -1), default=None,
                   help="sign of the coupling when the signal interferes with the weak amplitude "
                        "(default: both signs)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)
    return p


def compute(args) -> list[LimitResult]:
    """The :class:`~mcpria_lite.inference.likelihood.LimitResult` list of :func:`mcpria_lite.inference.limits.limit`
    for parsed arguments (``--mass-keV`` named as on the command line); ValueError on bad input."""
    try:
        return limit(args.data, args.interaction, args.method, mass_keV=args.mass_keV, cl=args.cl, sign=args.sign)
    except ValueError as exc:
        raise ValueError(str(exc).replace("mass_keV", "--mass-keV").replace("the model ", "--interaction ")) from None


def run(args) -> int:
    """Run the subcommand: print the limit(s) as text or JSON; 2 and a message on stderr for bad input."""
    try:
        results = compute(args)
    except ValueError as exc:
        sys.stderr.write(f"mcpria-lite limit: error: {exc}\n")
        return 2
    rel = _ex.get(args.data)
    pub = rel.published_limits.get(args.interaction)
    if args.format == "json":
        out = {"data": rel.summary(), "published": pub, "limits": [r.to_dict() for r in results]}
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return 0
    first = results[0]
    lines = [
        f"{rel.title}: {rel.n_events} events, {rel.exposure_kg_day:.4g} kg day, "
        f"B0 {first.background_counts:.1f} expected (normalisation ±{100 * rel.background.relative_uncertainty:.1f} %)",
        f"signal: {first.label}",
    ]
    for res in results:
        side = "" if len(results) == 1 else (f" ({res.coupling} > 0)" if res.sign > 0 else f" ({res.coupling} < 0)")
        lines += [
            f"best fit{side}: |{res.coupling}| = {res.theta_hat:.3e} {res.unit}, B0 normalisation {res.b_hat:.4f}",
            f"{100 * res.cl:.0f} % C.L. upper limit{side}: |{res.coupling}| < {res.limit:.3e} {res.unit} "
            f"({res.signal_counts_at_limit:+.1f} signal events; q~ = {res.critical_value:.3f})",
        ]
    if pub is not None:
        lines.append(f"published ({pub.get('reference', rel.citation)}): {pub['value']:.2g} {pub.get('unit', '')}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
