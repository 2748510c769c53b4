"""Figures of the book: one style, and the few multi-panel figures the chapters share.

The chapters compute with the package and draw with a short cell; what is longer, or drawn by
more than one chapter, lives here:

* :func:`use_book_style`: the matplotlib settings of every chapter (a modest resolution, so that
  the committed notebooks stay small; font sizes for a page about 880 px wide).
* :func:`method_comparison_figure`: dσ/dT of every method of :data:`mcpria_lite.rates.cross_sections.PAPER_METHODS`
  on two targets, with the ratios to the free-electron approximation and the subshell edges.
* :func:`exposure_figure`: excluded millicharge against exposure, one panel per particle.
* :func:`neutrino_bounds_figure`: published neutrino-millicharge limits and projections
  (:data:`mcpria_lite.paper.NEUTRINO_BOUNDS`) next to the sensitivities a chapter computed.

Units: energies in keV, dσ/dT in cm²/keV per atom (as everywhere in the package).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:  # annotations only (matplotlib comes with the book and plot extras)
    from matplotlib.typing import RcKeyType

__all__ = [
    "BOOK_RC",
    "use_book_style",
    "figure_png",
    "ratio",
    "sci",
    "edge_clusters",
    "mark_edges",
    "method_comparison_figure",
    "ExposureCurve",
    "exposure_figure",
    "BoundPoint",
    "neutrino_bounds_figure",
]

#: matplotlib settings of the book. ``figure.dpi`` fixes the size of the PNG stored in a chapter
#: (the inline backend renders at the figure's dpi): 80 dpi gives 880 px for an 11-inch-wide
#: figure, the width of the book's text column.
BOOK_RC: dict[str, Any] = {
    "figure.dpi": 80,
    "font.size": 10,
    "axes.titlesize": 10,
    "legend.fontsize": 8,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
}


def use_book_style() -> None:
    """Apply :data:`BOOK_RC` to matplotlib and store figures as compact PNGs (call once per chapter).

    In an IPython kernel the PNG of a displayed figure is rendered at the figure's dpi and then
    reduced to a 256-colour palette without dithering (:func:`figure_png`): the figures look the
    same and take about a third of the space in the committed notebooks. Nothing else changes:
    the figure is still shown by ``plt.show()`` and stored as ``image/png`` (which nbval does not
    compare).
    """
    import matplotlib as mpl

    mpl.rcParams.update(cast("dict[RcKeyType, Any]", BOOK_RC))  # its keys are matplotlib's rc names
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the book extra
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    # load the inline backend now: when it loads it registers its own PNG formatter, which would
    # replace this one if it came later
    getattr(plt, "_get_backend_mod", lambda: None)()
    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)


def figure_png(fig) -> bytes | None:
    """PNG bytes of ``fig`` at its dpi, tight bounding box, as a 256-colour palette image.

    Returns ``None`` for a figure without axes (IPython then shows nothing, as it does by default).
    """
    import io

    from PIL import Image

    if not fig.axes:
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight", facecolor=fig.get_facecolor(),
                edgecolor=fig.get_edgecolor())
    buf.seek(0)
    img = Image.open(buf).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                   dither=Image.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 2) -> str:
    """``x`` as prose text with ``digits`` significant figures: 1.1 × 10⁻¹² (plain below 10⁴ and above 10⁻²)."""
    x = float(x)
    if not np.isfinite(x):
        return "∞" if x > 0 else "NaN"
    if x == 0 or 1e-2 <= abs(x) < 1e4:
        return f"{x:.{digits}g}"
    m, e = f"{x:.{digits - 1}e}".split("e")
    return f"{m} × 10{str(int(e)).translate(_SUPERSCRIPT)}"


def ratio(a, b) -> np.ndarray:
    """a / b where b is finite and positive, NaN elsewhere (a gap in a plotted curve, no warning)."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    return np.divide(a, b, out=np.full(a.shape, np.nan), where=np.isfinite(b) & (b > 0))


def edge_clusters(target, lo_keV: float, hi_keV: float) -> list[tuple[str, list[float]]]:
    """Subshell binding energies of ``target`` in [lo, hi] keV, grouped for labelling.

    Edges of one shell (same letter) within 20 % of each other share a label such as ``"L1–3"``
    or ``"M4,5"``. Returns ``[(label, [binding energies in keV]), ...]`` from the highest edge down.
    """
    shells = sorted((s for s in target.shells if lo_keV <= s.binding_keV <= hi_keV), key=lambda s: -s.binding_keV)
    groups: list[tuple[list[str], list[float]]] = []
    for s in shells:
        if groups and groups[-1][0][0][0] == s.iupac[0] and groups[-1][1][-1] / s.binding_keV < 1.2:
            groups[-1][0].append(s.iupac)
            groups[-1][1].append(s.binding_keV)
        else:
            groups.append(([s.iupac], [s.binding_keV]))
    out = []
    for names, energies in groups:
        nums = sorted({n[1:] for n in names})
        if nums == [""]:
            suffix = ""
        elif len(nums) == 1:
            suffix = nums[0]
        elif len(nums) == 2:
            suffix = ",".join(nums)
        else:
            suffix = f"{nums[0]}–{nums[-1]}"
        out.append((names[0][0] + suffix, energies))
    return out


def mark_edges(axes, target, label_ax, lo_keV: float, hi_keV: float) -> None:
    """A grey line at every subshell edge in [lo, hi] keV on each of ``axes``; labels on ``label_ax``."""
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(label_ax.transData, label_ax.transAxes)
    for i, (label, energies) in enumerate(edge_clusters(target, lo_keV, hi_keV)):
        for b in energies:
            for ax in axes:
                ax.axvline(b, color="0.75", lw=0.7, zorder=0)
        label_ax.text(max(energies) * 1.05, 0.98 - 0.055 * (i % 2), label, transform=trans, fontsize=7.5,
                      color="0.3", va="top")


def _style(method: str) -> dict:
    """The line style a method carries (:attr:`mcpria_lite.methods.base.MethodBase.plot_style`)."""
    from .methods import get

    return dict(getattr(get(method), "plot_style", {}))


def _spectra(target, T_grid: np.ndarray, E_keV: float, m_keV: float):
    """dσ/dT of every method on the part of the grid below E − m; zeros as NaN (log axes).

    A massless projectile is a neutrino (:func:`mcpria_lite.particles.projectiles.neutrino`), which carries
    the mass regulating its EPA; a massive one is a millicharged particle of mass ``m_keV``.
    """
    from .methods import paper_methods
    from .rates import cross_sections as cs
    from .particles.projectiles import millicharged_particle, neutrino

    T = T_grid[T_grid < E_keV - m_keV]
    proj = neutrino("nu_e") if m_keV == 0 else millicharged_particle(m_keV)
    out = {meth: cs.dsigma_dT(target, T, E_keV, method=meth, projectile=proj) for meth in paper_methods()}
    return T, {k: np.where(v > 0, v, np.nan) for k, v in out.items()}


def method_comparison_figure(targets: Sequence, runs: Sequence[tuple[float, float, str]], title: str,
                             T_grid_keV, *, reference: str = "FEA", impulse: tuple[str, ...] = ("RIA", "RIA-simplified"),
                             photon: str = "EPA"):
    """dσ/dT of the methods of Qiao et al. (2021) on two targets, with ratios to the ``reference``.

    Parameters
    ----------
    targets : list of two :class:`mcpria_lite.targets.atoms.Target`
        Left and right column.
    runs : list of tuple
        Each ``(E_keV, m_keV, label)``.
        Projectile total energy and mass (keV). Every method but ``photon`` is drawn for the first
        run, ``photon`` (the EPA) for every run (one colour each: the EPA depends on the mass).
    title : str
        Appended to the target name in each column's title.
    T_grid_keV : array_like
        Energy transfers (keV, increasing); the part below E − m is used.
    reference, impulse, photon : str
        The method of the ratios' denominator (the FEA), the methods of the middle panel (the RIA
        and its simplified kernel) and the method of the lower panel (the EPA).

    Returns
    -------
    (matplotlib.figure.Figure, dict)
        The figure and the curves: ``data[symbol, i] = (T, {method: dσ/dT})`` for run ``i``.
    """
    import matplotlib.pyplot as plt
    import matplotlib.ticker as mticker

    from .methods import paper_methods

    T_grid = np.asarray(T_grid_keV, dtype=float)
    fig, axes = plt.subplots(3, 2, figsize=(11, 7.6), sharex=True, height_ratios=[3, 1.25, 1.25],
                             constrained_layout=True)
    data = {}
    for col, tg in enumerate(targets):
        top, r1, r2 = axes[:, col]
        for i, (E, m, label) in enumerate(runs):
            T, s = _spectra(tg, T_grid, E, m)
            data[tg.symbol, i] = (T, s)
            for meth in (paper_methods() if i == 0 else (photon,)):
                st = dict(_style(meth))
                if meth == photon and len(runs) > 1:
                    st.update(color=f"C{3 + i}")
                lab = meth if len(runs) == 1 or meth != photon else f"{photon}, {label}"
                top.loglog(T, s[meth], label=lab, **st)
                if meth == impulse[0]:
                    for im in impulse:
                        r1.semilogx(T, ratio(s[im], s[reference]), label=f"{im}/{reference}", **_style(im))
                if meth == photon:
                    r2.loglog(T, ratio(s[photon], data[tg.symbol, 0][1][reference]),
                              label=lab.replace(photon, f"{photon}/{reference}"), **st)
        for r in (r1, r2):
            r.axhline(1.0, color="0.5", lw=0.8)
        r1.set_yscale("log")
        r1.yaxis.set_major_locator(mticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        r1.yaxis.set_major_formatter(mticker.FormatStrFormatter("%g"))
        r1.yaxis.set_minor_formatter(mticker.NullFormatter())
        # y range from the impulse and reference curves (the EPA may fall decades lower: see its ratio panel)
        main = np.concatenate([data[tg.symbol, 0][1][k] for k in (impulse[0], reference)])
        top.set_ylim(0.2 * np.nanmin(main), 5 * np.nanmax([np.nanmax(data[tg.symbol, i][1][k])
                                                            for i in range(len(runs)) for k in paper_methods()]))
        r2_vals = np.concatenate([ratio(data[tg.symbol, i][1][photon], data[tg.symbol, 0][1][reference])
                                  for i in range(len(runs))])
        r2.set_ylim(max(np.nanmin(r2_vals), 1e-3 * np.nanmedian(r2_vals)) / 2, 2 * max(np.nanmax(r2_vals), 1.0))
        mark_edges(axes[:, col], tg, top, T_grid[0], T_grid[-1])
        top.set_title(f"{tg.name}: {title}")
        r2.set_xlabel(r"energy transfer $T$ (keV)")
        top.set_xlim(T_grid[0], T_grid[-1])
    axes[0, 0].set_ylabel(r"$d\sigma/dT$ (cm$^2$/keV per atom)")
    axes[1, 0].set_ylabel(f"{impulse[0]} / {reference}")
    axes[2, 0].set_ylabel(f"{photon} / {reference}")
    axes[0, 1].legend(fontsize=7.5, loc="upper right", bbox_to_anchor=(1.0, 0.88))
    axes[1, 1].legend(fontsize=7.5, loc="upper right")
    axes[2, 1].legend(fontsize=7.5, loc="lower left")
    return fig, data


@dataclass(frozen=True)
class ExposureCurve:
    """One detector's excluded coupling against exposure (one colour in :func:`exposure_figure`).

    Attributes
    ----------
    label : str
        Detector label (legend).
    color : str
        Matplotlib colour.
    counting : numpy.ndarray
        Excluded coupling at each exposure from single-window counting (solid line).
    likelihood : numpy.ndarray or None
        Excluded coupling from the binned likelihood (dashed), drawn where ``likelihood_valid``.
    likelihood_valid : numpy.ndarray or None
        Boolean mask of the exposures where the likelihood's asymptotics hold.
    criterion : float or None
        The exposure-independent criterion of Qiao et al. (dotted horizontal line).
    """

    label: str
    color: str
    counting: np.ndarray
    likelihood: np.ndarray | None = None
    likelihood_valid: np.ndarray | None = None
    criterion: float | None = None


def exposure_figure(exposures_kg_day, panels: Sequence[tuple[str, Sequence[ExposureCurve]]],
                    figsize: tuple[float, float] = (11, 4.4)):
    """Excluded coupling against exposure (kg·day), one panel per ``(y label, curves)`` pair."""
    import matplotlib.pyplot as plt

    X = np.asarray(exposures_kg_day, dtype=float)
    fig, axes = plt.subplots(1, len(panels), figsize=figsize, squeeze=False)
    for ax, (ylabel, curves) in zip(axes[0], panels):
        for c in curves:
            ax.loglog(X, c.counting, "-", color=c.color, lw=1.8, label=f"{c.label}: Poisson counting")
            if c.likelihood is not None:
                ok = np.ones(X.shape, bool) if c.likelihood_valid is None else np.asarray(c.likelihood_valid)
                ax.loglog(X[ok], np.asarray(c.likelihood)[ok], "--", color=c.color, lw=1.8,
                          label=f"{c.label}: binned likelihood")
            if c.criterion is not None:
                ax.axhline(c.criterion, color=c.color, ls=":", lw=1.4, label=f"{c.label}: paper's criterion")
        ax.set_xlabel("exposure (kg day)")
        ax.set_ylabel(ylabel)
        ax.grid(which="both", alpha=0.25)
    axes[0, 0].legend(fontsize=7.5, ncol=2)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class BoundPoint:
    """A sensitivity drawn in :func:`neutrino_bounds_figure`.

    Attributes
    ----------
    label : str
        Row label.
    delta : float
        The bound on the neutrino millicharge, ``|δ_ν|`` (units of e).
    color : str
        Marker colour.
    marker : str
        Matplotlib marker (``"D"`` by default).
    reference : float or None
        A value to compare with on the same row (drawn as a black cross), e.g. the paper's entry.
    """

    label: str
    delta: float
    color: str
    marker: str = "D"
    reference: float | None = None


def neutrino_bounds_figure(points: Sequence[BoundPoint], legend: Sequence[tuple[str, str]] = (),
                           reference_label: str | None = None, figsize: tuple[float, float] = (8.5, 5.4)):
    """Published neutrino-millicharge limits and projections, then ``points``, one row each.

    The bounds are :data:`mcpria_lite.paper.NEUTRINO_BOUNDS` (filled circles: limits at 90 % CL;
    open: projections). ``legend`` adds ``(marker, label)`` entries for the kinds of ``points``;
    ``reference_label`` names the crosses of :attr:`BoundPoint.reference`.
    """
    import matplotlib.pyplot as plt

    from .paper import NEUTRINO_BOUNDS

    fig, ax = plt.subplots(figsize=figsize)
    labels = []
    for y, b in enumerate(NEUTRINO_BOUNDS):
        ax.plot(b["delta"], y, "o", color="0.25", mfc="none" if b["projected"] else "0.25", ms=8)
        labels.append(f"{b['name']} ({b['target']})")
    for p in points:
        y = len(labels)
        ax.plot(p.delta, y, p.marker, color=p.color, ms=7)
        if p.reference is not None:
            ax.plot(p.reference, y, "x", color="k", ms=7)
        labels.append(p.label)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel(r"neutrino millicharge $|\delta_\nu|$ (units of $e$)")
    ax.grid(axis="x", which="both", alpha=0.3)
    ax.plot([], [], "o", color="0.25", label="published limit (90 % CL)")
    ax.plot([], [], "o", color="0.25", mfc="none", label="projection")
    for marker, label in legend:
        ax.plot([], [], marker, color="0.5", label=label)
    if reference_label is not None:
        ax.plot([], [], "x", color="k", label=reference_label)
    ax.legend(fontsize=7.5, loc="best")
    fig.tight_layout()
    return fig
