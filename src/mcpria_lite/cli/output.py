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

__all__ = ["parse_grid", "render", "save_plot", "check_output_paths", "MAX_GRID", "MAX_MASSES"]


#: The most values a grid option may hold (``--T-keV``: a rate's arrays are values × flux nodes, ~30 MB
#: each at this size); ``--masses-keV`` at most ``MAX_MASSES`` (each a sensitivity, seconds).
MAX_GRID = 10_000
MAX_MASSES = 1_000


def parse_grid(text: str, name: str = "grid", max_n: int = MAX_GRID) -> np.ndarray:
    """``"A:B:N"`` → N log-spaced values in [A, B]; ``"A,B,C"`` → those values; ``"A"`` → [A] (keV).

    At most ``max_n`` values (a larger grid is refused before anything is allocated)."""
    try:
        if ":" in text:
            sa, sb, sn = text.split(":")
            a, b, n = float(sa), float(sb), int(sn)
            if not (math.isfinite(a) and math.isfinite(b) and a > 0 and b > a and n >= 1):
                raise ValueError
            if n > max_n:
                raise OverflowError
            return np.geomspace(a, b, n) if n > 1 else np.array([a])
        parts = text.split(",")
        if len(parts) > max_n:
            raise OverflowError
        vals = np.array([float(x) for x in parts])
    except OverflowError:
        raise ValueError(f"{name} may hold at most {max_n} values, got {text!r}") from None
    except ValueError:
        raise ValueError(f"{name} must be 'A:B:N' (N log-spaced values, 0 < A < B), 'A,B,C' or a number, "
                         f"got {text!r}") from None
    if not np.all(np.isfinite(vals)) or np.any(vals <= 0):
        raise ValueError(f"{name} values must be finite and > 0, got {text!r}")
    return vals


def check_output_paths(args) -> None:
    """``--output`` and ``--plot`` must name a file that can be written: checked before any computation."""
    import os

    for option in ("output", "plot"):
        path = getattr(args, option, None)
        if not path:
            continue
        folder = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path):
            raise ValueError(f"--{option} {path!r} is a folder; give a file name")
        if not os.path.isdir(folder):
            raise ValueError(f"--{option} {path!r}: the folder {folder!r} does not exist")
        if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
            raise ValueError(f"--{option} {path!r} cannot be written (permission denied)")



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
    """Draw a figure with ``draw(ax)`` and write it to ``path`` at 150 dpi (needs matplotlib)."""
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
    fig.savefig(path, dpi=150)
    plt.close(fig)


def _emit(rows, args, plot: Callable | None = None) -> None:
    _write(render(rows, args.format), args)
    if getattr(args, "plot", None):
        if plot is None:  # pragma: no cover - every subcommand with --plot passes one
            raise ValueError("--plot is not available for this subcommand")
        save_plot(args.plot, plot)


def _plot_series(series: dict[str, tuple], xlabel: str, ylabel: str, title: str = ""):
    def draw(ax):
        if title:
            ax.set_title(title, fontsize=10)
        for label, (x, y) in series.items():
            y = np.asarray(y, dtype=float)
            ok = np.isfinite(y) & (y > 0)
            ax.loglog(np.asarray(x)[ok], y[ok], label=label)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
    return draw
