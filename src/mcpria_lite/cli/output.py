"""Output and parsing helpers shared by the subcommands: energy grids, tables (aligned text, CSV,
JSON) and figures."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from typing import Callable

import numpy as np

__all__ = ["parse_grid", "render", "save_plot"]


def parse_grid(text: str, name: str = "grid") -> np.ndarray:
    """``"A:B:N"`` → N log-spaced values in [A, B]; ``"A,B,C"`` → those values; ``"A"`` → [A] (keV)."""
    try:
        if ":" in text:
            sa, sb, sn = text.split(":")
            a, b, n = float(sa), float(sb), int(sn)
            if not (a > 0 and b > a and n >= 1):
                raise ValueError
            return np.geomspace(a, b, n) if n > 1 else np.array([a])
        vals = np.array([float(x) for x in text.split(",")])
    except ValueError:
        raise ValueError(f"{name} must be 'A:B:N' (N log-spaced values, 0 < A < B), 'A,B,C' or a number, "
                         f"got {text!r}") from None
    if not np.all(np.isfinite(vals)) or np.any(vals <= 0):
        raise ValueError(f"{name} values must be finite and > 0, got {text!r}")
    return vals



def _fmt_cell(v) -> str:
    if isinstance(v, float):
        return "inf" if math.isinf(v) else f"{v:.4e}"
    return "" if v is None else str(v)


def render(rows: list[dict], fmt: str) -> str:
    """Rows (dicts with the same keys) as an aligned table, CSV or JSON text."""
    if fmt == "json":
        return json.dumps(rows, indent=1, allow_nan=True) + "\n"
    if not rows:
        return ""
    keys = list(rows[0])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(keys)
        for r in rows:
            w.writerow([_fmt_cell(r[k]) if isinstance(r[k], float) else r[k] for k in keys])
        return buf.getvalue()
    cells = [[_fmt_cell(r[k]) for k in keys] for r in rows]
    width = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    line = lambda xs: "  ".join(x.rjust(w) for x, w in zip(xs, width))  # noqa: E731
    return "\n".join([line(keys), line(["-" * w for w in width])] + [line(c) for c in cells]) + "\n"


def _write(text: str, args) -> None:
    """The rendered output to ``--output FILE`` or to stdout."""
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


def save_plot(path: str, draw: Callable) -> None:
    """Draw a figure with ``draw(ax)`` and write it to ``path`` (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ValueError("--plot needs matplotlib (pip install matplotlib)") from None
    fig, ax = plt.subplots(figsize=(6, 4.2))
    draw(ax)
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _emit(rows, args, plot: Callable | None = None) -> None:
    _write(render(rows, args.format), args)
    if getattr(args, "plot", None):
        if plot is None:  # pragma: no cover - every subcommand with --plot passes one
            raise ValueError("--plot is not available for this subcommand")
        save_plot(args.plot, plot)


def _plot_series(series: dict[str, tuple], xlabel: str, ylabel: str):
    def draw(ax):
        for label, (x, y) in series.items():
            y = np.asarray(y, dtype=float)
            ok = np.isfinite(y) & (y > 0)
            ax.loglog(np.asarray(x)[ok], y[ok], label=label)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
    return draw
