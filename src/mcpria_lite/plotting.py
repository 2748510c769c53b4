"""Figures of the book: one style, and the few multi-panel figures the chapters share.

The chapters compute with the package and draw with a short cell; what is longer, or drawn by
more than one chapter, lives here:

* :func:`use_book_style`: the matplotlib settings of every chapter (150 dpi, 11–12 pt text, so that a
  figure shown at the width of the book's page reads at 12–14 px);
* :func:`sci` and :func:`glue_value`, :func:`glue_sci`: numbers for the prose of a chapter
  (``1.1 × 10⁻¹²``), glued so that nothing is typed by hand.
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
    "sci",
    "glue_value",
    "light_log_ticks",
    "glue_sci",
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
#: (the inline backend renders at the figure's dpi): at 150 dpi an 11-inch-wide figure is 1650 px,
#: shown at the page width (about 880 px) with its 11–12 pt text at 12–13 px; narrower figures
#: (8–9 in) read larger still.
BOOK_RC: dict[str, Any] = {
    "figure.dpi": 150,
    "savefig.dpi": 150,
    "font.size": 12,
    "axes.titlesize": 12,
    "axes.labelsize": 12,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "lines.linewidth": 1.8,
}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 2) -> str:
    """A number for prose: ``1.1 × 10⁻¹²`` (``digits`` significant figures); plain decimals between
    10⁻³ and 10⁴ (``0.38``, ``250``)."""
    x = float(x)
    if x == 0 or not np.isfinite(x):
        return f"{x:g}"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.{digits}g}"
    mant, exp = f"{x:.{digits - 1}e}".split("e")
    return f"{mant} × 10{str(int(exp)).translate(_SUPERSCRIPT)}"


def glue_value(key: str, x: float, sig: int = 6) -> None:
    """Glue ``x`` (rounded to ``sig`` significant figures) for ``{glue:text}`key:.2f``` in the prose.
    The one helper for every number a chapter glues. Returns nothing, so that a cell ending with it
    shows no stray value."""
    from myst_nb import glue

    glue(key, float(format(float(x), f".{sig}g")), display=False)


def glue_sci(key: str, x: float, digits: int = 2) -> None:
    """Glue ``x`` as text formatted by :func:`sci` (``{glue:text}`key:s```, e.g. 1.1 × 10⁻¹²)."""
    from myst_nb import glue

    glue(key, sci(x, digits), display=False)


def use_book_style() -> None:
    """Apply :data:`BOOK_RC` to matplotlib and store figures as compact PNGs (call once per chapter).

    In an IPython kernel the PNG of a displayed figure is rendered at the figure's dpi and then
    reduced to a 256-colour palette without dithering (:func:`figure_png`): the figures look the
    same and take about a third of the space in the notebooks. Nothing else changes:
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
    img = _render_tight(fig)
    # the fast octree palette and the default compression: 0.1 s a figure at 150 dpi, against 0.8 s
    # for a median-cut palette with an optimised file (10 % smaller) — the book is built in a minute
    img = img.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _render_tight(fig, pad_inches: float = 0.1):
    """The figure as a PIL image cropped to its tight bounding box, drawn once.

    ``savefig(bbox_inches="tight")`` draws a figure twice (once to measure, once to save); here it is
    drawn once on its Agg canvas and the pixels outside the tight box are cut away. A figure whose
    artists reach beyond its canvas (a legend placed outside the axes) falls back to ``savefig``.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    bbox = fig.get_tightbbox(canvas.get_renderer())
    w, h = fig.get_size_inches()
    x0, y0, x1, y1 = bbox.x0 - pad_inches, bbox.y0 - pad_inches, bbox.x1 + pad_inches, bbox.y1 + pad_inches
    if x0 < 0 or y0 < 0 or x1 > w or y1 > h:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight", pad_inches=pad_inches,
                    facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor())
        buf.seek(0)
        return Image.open(buf)
    img = Image.fromarray(np.asarray(canvas.buffer_rgba()))
    d = fig.dpi
    H = img.size[1]
    return img.crop((int(x0 * d), int(H - y1 * d), int(np.ceil(x1 * d)), int(np.ceil(H - y0 * d))))


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
        label_ax.text(max(energies) * 1.05, 0.98 - 0.07 * (i % 2), label, transform=trans, fontsize=10,
                      color="0.3", va="top")


def light_log_ticks(ax, axis: str = "x") -> None:
    """Minor ticks at 2 and 5 times each decade (unlabelled) on a logarithmic axis: a 6-panel figure
    with the default eight per decade spends most of its drawing time creating ticks."""
    import matplotlib.ticker as mticker

    for a in ((ax.xaxis,) if axis == "x" else (ax.yaxis,) if axis == "y" else (ax.xaxis, ax.yaxis)):
        if a.get_scale() == "log":
            a.set_minor_locator(mticker.LogLocator(subs=(2.0, 5.0)))
            a.set_minor_formatter(mticker.NullFormatter())


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
    out, refused = {}, {}
    for meth in paper_methods():
        try:
            out[meth] = cs.dsigma_dT(target, T, E_keV, method=meth, projectile=proj)
        except ValueError as exc:  # a method that does not apply here (the EPA for a slow projectile)
            out[meth], refused[meth] = np.full(T.shape, np.nan), str(exc)
    return T, {k: np.where(v > 0, v, np.nan) for k, v in out.items()}, refused


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
    fig, axes = plt.subplots(3, 2, figsize=(11, 8.6), sharex=True, height_ratios=[3, 1.3, 1.3],
                             constrained_layout=True)
    data = {}
    for col, tg in enumerate(targets):
        top, r1, r2 = axes[:, col]
        for i, (E, m, label) in enumerate(runs):
            T, s, refused = _spectra(tg, T_grid, E, m)
            data[tg.symbol, i] = (T, s)
            if photon in refused:  # say so where its curve would be
                r2.text(0.5, 0.5, f"{photon} does not apply here:\nthe projectile is too slow for quasi-real photons"
                        if "too slow" in refused[photon] else f"{photon} does not apply here",
                        transform=r2.transAxes, ha="center", va="center", color="0.3",
                        bbox=dict(facecolor="white", edgecolor="none", alpha=0.9))
            for meth in (paper_methods() if i == 0 else (photon,)):
                if meth in refused:  # not drawn, not in the legend: the panel says why
                    continue
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
        # y range: every curve inside the frame (none cut at an edge)
        drawn = [data[tg.symbol, i][1][k] for i in range(len(runs)) for k in paper_methods()
                 if np.any(np.isfinite(data[tg.symbol, i][1][k]))]
        top.set_ylim(0.3 * min(np.nanmin(v) for v in drawn), 8 * max(np.nanmax(v) for v in drawn))
        r2_vals = np.concatenate([ratio(data[tg.symbol, i][1][photon], data[tg.symbol, 0][1][reference])
                                  for i in range(len(runs))])
        if np.any(np.isfinite(r2_vals)):
            r2.set_ylim(max(np.nanmin(r2_vals), 1e-3 * np.nanmedian(r2_vals)) / 2, 2 * max(np.nanmax(r2_vals), 1.0))
        else:
            r2.set_ylim(0.1, 10.0)
        mark_edges(axes[:, col], tg, top, T_grid[0], T_grid[-1])
        for ax in axes[:, col]:
            light_log_ticks(ax)
        top.set_title(f"{tg.name}: {title}")
        r2.set_xlabel(r"energy transfer $T$ (keV)")
        top.set_xlim(T_grid[0], T_grid[-1])
    axes[0, 0].set_ylabel(r"$d\sigma/dT$ (cm$^2$/keV per atom)")
    axes[1, 0].set_ylabel(f"{impulse[0]} / {reference}")
    axes[2, 0].set_ylabel(f"{photon} / {reference}")
    for ax, kw in ((axes[0, 1], dict(loc="upper right", bbox_to_anchor=(1.0, 0.86))),
                   (axes[1, 1], dict(loc="upper right")), (axes[2, 1], dict(loc="lower left"))):
        if ax.get_legend_handles_labels()[0]:  # (no EPA curve where it does not apply)
            ax.legend(**kw)
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
    axes[0, 0].legend(ncol=1)
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
                           reference_label: str | None = None, figsize: tuple[float, float] = (9.5, 6.5)):
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
    ax.set_yticklabels(labels)
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
    ax.legend(loc="best")
    fig.tight_layout()
    return fig
