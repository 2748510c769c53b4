"""Command line: ``python -m mcpria_lite tables [--target Ge|Xe] [--format markdown|csv]``.

Prints the dark-matter and solar-neutrino millicharge sensitivity tables (FEA, EPA, RIA) of the
next-generation HPGe and LXe detectors, computed now, beside the values of Qiao et al. (2021)
and their ratio.
"""

from __future__ import annotations

import argparse
import sys

from .sensitivities import TABLE_METHODS, dm_table, neutrino_table


def _fmt(x) -> str:
    return "" if x is None else f"{x:.2e}"


def _ratio(x) -> str:
    return "" if x is None else f"{x:.2f}"


def _markdown_table(title: str, first: str, groups) -> list[str]:
    """Lines of one markdown table: a row per (label, rows), a column per method."""
    lines = [title, "", f"| {first} | " + " | ".join(TABLE_METHODS) + " |", "|" + "---|" * (len(TABLE_METHODS) + 1)]
    for label, rows in groups:
        cells = []
        for meth in TABLE_METHODS:
            r = next(x for x in rows if x.method == meth)
            cells.append(f"{r.delta:.2e} / {_fmt(r.paper)} = {_ratio(r.ratio)}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines + [""]


def format_tables(targets, fmt: str = "markdown") -> str:
    """The DM and neutrino tables as markdown or CSV text."""
    out = []
    dm = dm_table(targets=targets)
    nu = neutrino_table(targets=targets)
    if fmt == "csv":
        out.append("table,target,m_keV,method,delta,paper,ratio")
        for r in dm:
            out.append(f"dm,{r.target},{r.m_keV:g},{r.method},{r.delta:.4e},{_fmt(r.paper)},{_ratio(r.ratio)}")
        for r in nu:
            out.append(f"neutrino,{r.target},0,{r.method},{r.delta:.4e},{_fmt(r.paper)},{_ratio(r.ratio)}")
        return "\n".join(out) + "\n"
    for t in targets:
        rows = [r for r in dm if r.target == t]
        masses = sorted({r.m_keV for r in rows}, reverse=True)
        out += _markdown_table(
            f"Dark-cosmic-ray millicharge sensitivity, {t} (this work / paper = ratio)", "m_χ (keV)",
            [(f"{m:g}", [x for x in rows if x.m_keV == m]) for m in masses])
    out += _markdown_table(
        "Solar-neutrino millicharge sensitivity (this work / paper = ratio)", "target",
        [(t, [x for x in nu if x.target == t]) for t in targets])
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mcpria_lite", description="mcpria-lite command line")
    sub = ap.add_subparsers(dest="command", required=True)
    tb = sub.add_parser("tables", help="print the sensitivity tables with the paper's values")
    tb.add_argument("--target", choices=("Ge", "Xe"), action="append", help="target (repeatable; default both)")
    tb.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    args = ap.parse_args(argv)
    if args.command == "tables":
        targets = tuple(args.target) if args.target else ("Ge", "Xe")
        sys.stdout.write(format_tables(targets, args.format))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
