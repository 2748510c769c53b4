"""Binned released data: observed events per energy bin, a fitted background, its components, and the signal in them.

Many collaborations release a histogram rather than event energies: counts in bins of reconstructed
energy, the best-fit background per bin (efficiency and resolution already folded in), the total
efficiency, and the fitted size of each background component with its uncertainty. A
:class:`BinnedRelease` holds such a data set; :func:`load_binned_release` reads it from ONE manifest
(JSON, ``"format": "mcpria-lite binned data release 1"``) that names its tables, and checks every
table against the schema on load. A bad table is rejected with a ``ValueError`` naming the file and
the line: a missing column, a count that is negative or not an integer, a negative background,
energies not increasing, bins that overlap or leave gaps, an efficiency outside [0, 1]. Nothing is
clipped or repaired.

Shipped (``mcpria_lite/data/releases_gpl3/<name>/``, GPL-3.0-or-later, digitized in the SNuDD
repository, see the ``PROVENANCE.md`` of each folder): LZ WS2022 and WS2024 (D. S. Akerib et al.
(LZ), arXiv:2511.17350) and PandaX-4T Run 1 (X. Zeng et al. (PandaX), arXiv:2408.07641). A user's
own data set is one folder of the same shape, loaded by path (:func:`load_binned_release`, or
``--data PATH`` on the command line)::

    {"format": "mcpria-lite binned data release 1", "name": "my-data", "title": "...",
     "target": "Xe", "citation": "...", "window_keV": [1.0, 20.0],
     "exposure": {"value": 1.0, "unit": "tonne year"},
     "bins": {"file": "bins.csv", "lo_column": "E_lo_keV", "hi_column": "E_hi_keV",
              "observed_column": "observed"},
     "background": {"file": "bins.csv", "column": "background_fit"},
     "efficiency": {"file": "eff.csv", "energy_column": "E_keV", "value_column": "efficiency",
                    "applied_at": "deposited", "outside_table": 0.0},
     "energy": {"resolution": {"model": "relative", "a": 0.33, "b": 0.0, "reference": "..."}},
     "nuisance_priors": {"default": "single", "single": {"relative_uncertainty": 0.05}}}

Tables are comma-separated with one header line; ``#`` starts a comment line. Counts and the
background are events per bin.

**Signal per bin.** For a deposited-energy spectrum dR/dT (counts/(keV kg day)) and exposure X,

    N_i = X ∫ dT dR/dT(T) ε(T) [Φ((E_hi,i − T)/σ(T)) − Φ((E_lo,i − T)/σ(T))]     (``applied_at = "deposited"``)
    N_i = X ∫ dT dR/dT(T) ∫_bin i dE ε(E) G(E; T, σ(T))                         (``applied_at = "reconstructed"``),

the first the convention of the SNuDD digitization (efficiency at the deposited energy), the second
that of :mod:`mcpria_lite.detection.signals`. The T integral runs on Gauss–Legendre panels at most
σ(T) and 0.5 keV wide, broken at the target's shell edges (:func:`binned_nodes`).

**Background components and their priors** (``nuisance_priors``): ``"single"`` — one normalisation
of the whole fit; ``"split"`` — the Standard-Model solar-neutrino recoils (their shape computed here
with the stepping treatment, their sum over ``events_window_keV`` set to the collaboration's fitted
count) and the rest (fit minus that template), each with its own relative uncertainty
(:func:`background_components`).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal, NoReturn

import numpy as np
from scipy.special import ndtr

from .. import _validate
from ..methods import METHODS
from ..particles import interactions as _int
from ..rates import event_rates as _rates
from ..sources.solar import solar_neutrinos
from ..targets.lookup import target as _target
from . import response as _dr
from .releases import EXPOSURE_UNITS_KG_DAY
from .signals import TermSpectrum, TNodes, rates_on

__all__ = ["FORMAT", "BinnedRelease", "BackgroundComponent", "BinnedSignal", "load_binned_release",
           "binned_nodes", "response_matrix", "binned_signal", "background_components", "NUISANCE_MODES",
           "BoundedEfficiency"]

#: The ``format`` string of a binned manifest.
FORMAT = "mcpria-lite binned data release 1"
#: The background treatments a manifest can declare (``nuisance_priors``).
NUISANCE_MODES = ("split", "single")
AppliedAt = Literal["deposited", "reconstructed"]


# ------------------------------------------------------------------------------------------------
# reading and checking files (every message names the file and the line)
# ------------------------------------------------------------------------------------------------
def _line_of(text: str, path: str) -> int:
    """The line of the key ``path`` (``"exposure.unit"``: ``"unit"`` after ``"exposure"``) in a JSON
    text; the line of the deepest key found, 1 if none."""
    lines = text.splitlines()
    start, found = 0, 1
    for key in [k for k in path.split(".") if k]:
        for n in range(start, len(lines)):
            if f'"{key}"' in lines[n]:
                start, found = n + 1, n + 1
                break
        else:
            break
    return found


class _Manifest:
    """A manifest's dict with its file and text, so that every error can name the file and the line."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"{path}: cannot read the manifest: {exc}") from exc
        try:
            self.spec = json.loads(self.text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}, line {exc.lineno}: not valid JSON: {exc.msg}") from exc
        if not isinstance(self.spec, dict):
            raise ValueError(f"{path}, line 1: the manifest must be a JSON object")

    def fail(self, path: str, msg: str) -> NoReturn:
        """``ValueError`` naming the file and the line of the key ``path`` (dotted)."""
        raise ValueError(f"{self.path}, line {_line_of(self.text, path)}: {msg}")

    def need(self, d: dict, key: str, where: str, kind=None):
        full = (where + "." if where else "") + key
        if not isinstance(d, dict) or key not in d:
            self.fail(where, f"missing field {full!r}")
        v = d[key]
        if kind is not None and not isinstance(v, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.fail(full, f"field {full!r} must be a {names}, got {v!r}")
        return v

    def number(self, d: dict, key: str, where: str, lo=None, hi=None, lo_open=False) -> float:
        v = self.need(d, key, where, (int, float))
        v = float(v)
        if not math.isfinite(v) or (lo is not None and (v <= lo if lo_open else v < lo)) or (hi is not None and v > hi):
            rng = f"{'(' if lo_open else '['}{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
            self.fail((where + "." if where else "") + key,
                      f"field {(where + '.' if where else '') + key!r} must lie in {rng}, got {v!r}")
        return v


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """Rows of a comma-separated table (one header line; ``#`` comment lines) as (line number, {column: float})."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from exc
    header, rows = None, []
    for ln, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([s]))]
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise ValueError(f"{path}, line {ln}: missing column(s) {missing} (the header has {header})")
            continue
        if len(cells) != len(header):
            raise ValueError(f"{path}, line {ln}: {len(cells)} fields, the header has {len(header)}")
        row = {}
        for h in required:
            c = cells[header.index(h)]
            try:
                row[h] = float(c)
            except ValueError:
                raise ValueError(f"{path}, line {ln}: column {h!r} is not a number: {c!r}") from None
            if not math.isfinite(row[h]):
                raise ValueError(f"{path}, line {ln}: column {h!r} is not finite: {c!r}")
        rows.append((ln, row))
    if header is None:
        raise ValueError(f"{path}, line 1: no header line (expected the columns {list(required)})")
    if len(rows) < 2:
        raise ValueError(f"{path}, line {len(text.splitlines())}: needs at least two data rows, got {len(rows)}")
    return rows


# ------------------------------------------------------------------------------------------------
# the data set
# ------------------------------------------------------------------------------------------------
class BoundedEfficiency:
    """ε(E) linear in a table, a fixed value (``outside``) outside it.

    Parameters
    ----------
    E_keV, efficiency : array_like
        Strictly increasing energies (keV) and values in [0, 1].
    outside : float
        ε outside the table (0 for the SNuDD tables: no acceptance where nothing is tabulated).
    reference : str
    """

    def __init__(self, E_keV, efficiency, outside: float = 0.0, reference: str = ""):
        self.table = _dr.TabulatedEfficiency(E_keV, efficiency, reference)
        o = _validate.nonnegative_scalar("outside", outside)
        if o > 1:
            raise ValueError(f"outside must lie in [0, 1], got {outside!r}")
        self.outside, self.reference = o, str(reference)

    @property
    def range_keV(self) -> tuple[float, float]:
        return float(self.table.T_keV[0]), float(self.table.T_keV[-1])

    def __call__(self, E_keV) -> np.ndarray:
        E = _validate.finite_array("E_keV", E_keV)
        lo, hi = self.range_keV
        return np.where((E >= lo) & (E <= hi), np.interp(E, self.table.T_keV, self.table.efficiency), self.outside)


@dataclass(frozen=True, eq=False)
class BinnedRelease:
    """A binned data set: every bin of its table, and the window of bins an analysis uses.

    Attributes
    ----------
    name, title, target, citation : str
        Identifier (``"lz-ws2022"``), title, element symbol of the medium, publication.
    table_edges_keV : numpy.ndarray
        Edges of every bin of the table (n + 1), reconstructed energy.
    table_observed : numpy.ndarray
        Observed events per bin (integers ≥ 0), shape (n,).
    table_background : numpy.ndarray
        The collaboration's best-fit background per bin (events, efficiency and resolution folded in).
    window_keV : tuple of float
        The bins used: [lo, hi] on bin edges.
    exposure_kg_day : float
    efficiency : callable
        ε(E) in [0, 1].
    efficiency_applied_at : {"deposited", "reconstructed"}
        Where the efficiency acts (module docstring).
    resolution : callable
        σ(T) (keV) at the deposited energy.
    nuisance_priors : dict
        The manifest's ``nuisance_priors``.
    published_limits : dict
        Limits from these data quoted by the manifest.
    bibtex_key, path : str
        Bibliography key; the manifest's path.
    """

    name: str
    title: str
    target: str
    table_edges_keV: np.ndarray
    table_observed: np.ndarray
    table_background: np.ndarray
    window_keV: tuple
    exposure_kg_day: float
    efficiency: Callable
    efficiency_applied_at: str
    resolution: Callable
    nuisance_priors: dict
    citation: str = ""
    published_limits: dict = field(default_factory=dict)
    bibtex_key: str = ""
    path: str = ""

    def __post_init__(self) -> None:
        e = _validate.finite_array("table_edges_keV", self.table_edges_keV)
        if e.ndim != 1 or e.size < 3 or np.any(np.diff(e) <= 0):
            raise ValueError("table_edges_keV must be at least 3 strictly increasing bin edges (keV)")
        for nm in ("table_observed", "table_background"):
            a = _validate.nonnegative_array(nm, getattr(self, nm), "events")
            if a.shape != (e.size - 1,):
                raise ValueError(f"{nm} must have one value per bin ({e.size - 1}), got shape {a.shape}")
        w = self._window_slice(self.window_keV)
        object.__setattr__(self, "window_keV", (float(e[w.start]), float(e[w.stop])))
        object.__setattr__(self, "exposure_kg_day", _validate.positive_scalar("exposure_kg_day",
                                                                              self.exposure_kg_day, "kg day"))
        _validate.choice("efficiency_applied_at", self.efficiency_applied_at, ("deposited", "reconstructed"))

    def _window_slice(self, window) -> slice:
        e = np.asarray(self.table_edges_keV, dtype=float)
        w = _validate.finite_array("window_keV", window)
        if w.shape != (2,) or not w[0] < w[1]:
            raise ValueError(f"window_keV must be (lo, hi) with lo < hi, got {window!r}")
        i0, i1 = int(np.argmin(np.abs(e - w[0]))), int(np.argmin(np.abs(e - w[1])))
        if abs(e[i0] - w[0]) > 1e-9 or abs(e[i1] - w[1]) > 1e-9:
            raise ValueError(f"window_keV {tuple(float(x) for x in w)} must fall on bin edges of the table "
                             f"({e[0]:g} to {e[-1]:g} keV)")
        return slice(i0, i1)

    @property
    def _sl(self) -> slice:
        return self._window_slice(self.window_keV)

    @property
    def edges_keV(self) -> np.ndarray:
        """Bin edges of the window (keV)."""
        s = self._sl
        return np.asarray(self.table_edges_keV[s.start:s.stop + 1], dtype=float)

    @property
    def observed(self) -> np.ndarray:
        """Observed events per bin of the window."""
        return np.asarray(self.table_observed[self._sl], dtype=float)

    @property
    def background_fit(self) -> np.ndarray:
        """The collaboration's fitted background per bin of the window (events)."""
        return np.asarray(self.table_background[self._sl], dtype=float)

    @property
    def n_bins(self) -> int:
        return int(self.observed.size)

    @property
    def n_events(self) -> int:
        """Observed events in the window."""
        return int(round(float(self.observed.sum())))

    def background_counts(self) -> float:
        """The fitted background in the window (events)."""
        return float(self.background_fit.sum())

    def with_window(self, lo_keV: float, hi_keV: float) -> "BinnedRelease":
        """The same data set with another window of bins."""
        return replace(self, window_keV=(float(lo_keV), float(hi_keV)))

    def summary(self) -> dict:
        """Plain-number summary (for tables, the command line and JSON)."""
        return {"name": self.name, "target": self.target, "window_keV": list(self.window_keV),
                "exposure_kg_day": self.exposure_kg_day, "n_events": self.n_events,
                "background_counts": self.background_counts(), "n_bins": self.n_bins, "citation": self.citation}


# ------------------------------------------------------------------------------------------------
# loading
# ------------------------------------------------------------------------------------------------
def _resolution(m: _Manifest, spec: dict):
    model = m.need(spec, "model", "energy.resolution", str)
    ref = str(spec.get("reference", ""))
    try:
        if model == "relative":
            return _dr.RelativeResolution(a=m.number(spec, "a", "energy.resolution", 0.0),
                                          b=m.number(spec, "b", "energy.resolution", 0.0), reference=ref)
        if model == "polynomial_absolute":
            return _dr.PolynomialResolution(tuple(m.need(spec, "coefficients_keV", "energy.resolution", list)), ref)
        if model == "quadrature":
            return _dr.QuadratureResolution(
                sigma0_keV=m.number(spec, "sigma0_keV", "energy.resolution", 0.0),
                fano=m.number(spec, "fano", "energy.resolution", 0.0),
                pair_energy_keV=m.number(spec, "pair_energy_keV", "energy.resolution", 0.0, lo_open=True),
                reference=ref)
    except ValueError as exc:
        if str(exc).startswith(str(m.path)):
            raise
        m.fail("energy.resolution", f"energy.resolution: {exc}")
    m.fail("energy.resolution.model", f"energy.resolution.model must be 'relative', 'polynomial_absolute' or 'quadrature', got {model!r}")


def _check_increasing(path: Path, lines, x, what: str) -> None:
    bad = np.nonzero(np.diff(x) <= 0)[0]
    if bad.size:
        i = int(bad[0]) + 1
        raise ValueError(f"{path}, line {lines[i]}: {what} not increasing ({x[i]:g} keV after {x[i - 1]:g} keV "
                         f"on line {lines[i - 1]})")


def _bins(m: _Manifest, base: Path):
    b = m.need(m.spec, "bins", "", dict)
    bg = m.need(m.spec, "background", "", dict)
    cols = tuple(m.need(b, k, "bins", str) for k in ("lo_column", "hi_column", "observed_column"))
    bcol = m.need(bg, "column", "background", str)
    path = base / m.need(b, "file", "bins", str)
    bpath = base / m.need(bg, "file", "background", str)
    rows = _read_csv(path, cols + ((bcol,) if bpath == path else ()))
    lines = [ln for ln, _ in rows]
    lo, hi, obs = (np.array([r[c] for _, r in rows]) for c in cols)
    _check_increasing(path, lines, lo, "bin energies")
    for i, ln in enumerate(lines):
        if not hi[i] > lo[i]:
            raise ValueError(f"{path}, line {ln}: bin upper edge {hi[i]:g} keV not above its lower edge {lo[i]:g} keV")
        if i and abs(lo[i] - hi[i - 1]) > 1e-9:
            raise ValueError(f"{path}, line {ln}: bins must be contiguous: this bin starts at {lo[i]:g} keV, the one "
                             f"before ends at {hi[i - 1]:g} keV")
        if obs[i] < 0:
            raise ValueError(f"{path}, line {ln}: negative count {obs[i]:g} in column {cols[2]!r}")
        if obs[i] != round(obs[i]):
            raise ValueError(f"{path}, line {ln}: count {obs[i]!r} in column {cols[2]!r} is not an integer")
    if bpath == path:
        bkg = np.array([r[bcol] for _, r in rows])
    else:
        brows = _read_csv(bpath, (cols[0], bcol))
        if len(brows) != len(rows) or any(abs(r[cols[0]] - x) > 1e-9 for (_, r), x in zip(brows, lo)):
            raise ValueError(f"{bpath}, line {brows[0][0]}: the background table must list the bins of {path.name}")
        lines = [ln for ln, _ in brows]
        bkg = np.array([r[bcol] for _, r in brows])
    for i, ln in enumerate(lines):
        if bkg[i] < 0:
            raise ValueError(f"{bpath}, line {ln}: negative background {bkg[i]:g} events in column {bcol!r}")
    return np.concatenate([lo, hi[-1:]]), obs.astype(int), bkg


def _efficiency(m: _Manifest, base: Path) -> tuple[BoundedEfficiency, str]:
    e = m.need(m.spec, "efficiency", "", dict)
    ec, vc = m.need(e, "energy_column", "efficiency", str), m.need(e, "value_column", "efficiency", str)
    path = base / m.need(e, "file", "efficiency", str)
    rows = _read_csv(path, (ec, vc))
    lines = [ln for ln, _ in rows]
    E = np.array([r[ec] for _, r in rows])
    v = np.array([r[vc] for _, r in rows])
    _check_increasing(path, lines, E, "efficiency energies")
    for i, ln in enumerate(lines):
        if not 0.0 <= v[i] <= 1.0:
            raise ValueError(f"{path}, line {ln}: efficiency {v[i]:g} outside [0, 1]")
    applied = m.need(e, "applied_at", "efficiency", str)
    if applied not in ("deposited", "reconstructed"):
        m.fail("efficiency.applied_at", f"efficiency.applied_at must be 'deposited' or 'reconstructed', got {applied!r}")
    outside = m.number(e, "outside_table", "efficiency", 0.0, 1.0) if "outside_table" in e else 0.0
    return BoundedEfficiency(E, v, outside, reference=str(m.spec.get("citation", ""))), applied


def _priors(m: _Manifest) -> dict:
    pri = m.need(m.spec, "nuisance_priors", "", dict)
    default = m.need(pri, "default", "nuisance_priors", str)
    if default not in NUISANCE_MODES:
        m.fail("nuisance_priors.default", f"nuisance_priors.default must be one of {list(NUISANCE_MODES)}, got {default!r}")
    for mode in NUISANCE_MODES:
        if mode not in pri:
            continue
        if mode == "single":
            m.number(m.need(pri, "single", "nuisance_priors", dict), "relative_uncertainty",
                     "nuisance_priors.single", 0.0, lo_open=True)
        else:
            split = m.need(pri, "split", "nuisance_priors", list)
            if len(split) != 2 or not all(isinstance(x, dict) for x in split):
                m.fail("nuisance_priors.split", "nuisance_priors.split must list two components: the non-neutrino background and "
                                "the Standard-Model solar-neutrino recoils")
            for comp in split:
                m.number(comp, "relative_uncertainty", "nuisance_priors.split", 0.0, lo_open=True)
            nu = split[1]
            m.number(nu, "expected_events", "nuisance_priors.split", 0.0, lo_open=True)
            w = m.need(nu, "events_window_keV", "nuisance_priors.split", list)
            if len(w) != 2 or not all(isinstance(x, (int, float)) for x in w) or not w[0] < w[1]:
                m.fail("nuisance_priors.split.events_window_keV", f"nuisance_priors.split events_window_keV must be [lo, hi], got {w!r}")
    if default not in pri:
        m.fail("nuisance_priors.default", f"nuisance_priors.default is {default!r} but nuisance_priors has no {default!r} entry")
    return pri


def load_binned_release(path, window_keV=None) -> BinnedRelease:
    """Load and check a binned data set from its manifest (tables read relative to its folder).

    Parameters
    ----------
    path : str or pathlib.Path
        The manifest, or a folder holding exactly one ``*.json`` manifest.
    window_keV : (float, float), optional
        The bins to use, on bin edges (default: the manifest's ``window_keV``).

    Raises
    ------
    ValueError
        Naming the file and the line, for any field or table that fails the schema.
    """
    p = Path(path)
    if p.is_dir():
        found = sorted(p.glob("*.json"))
        if len(found) != 1:
            raise ValueError(f"path: the folder {str(p)!r} must hold exactly one manifest (*.json), found {len(found)}")
        p = found[0]
    m = _Manifest(p)
    fmt = m.spec.get("format")
    if fmt != FORMAT:
        m.fail("format", f"format must be {FORMAT!r}, got {fmt!r}")
    base = p.parent
    name = m.need(m.spec, "name", "", str)
    target = m.need(m.spec, "target", "", str)
    edges, obs, bkg = _bins(m, base)
    eff, applied = _efficiency(m, base)
    ex = m.need(m.spec, "exposure", "", dict)
    unit = m.need(ex, "unit", "exposure", str)
    if unit not in EXPOSURE_UNITS_KG_DAY:
        m.fail("exposure.unit", f"exposure.unit must be one of {list(EXPOSURE_UNITS_KG_DAY)}, got {unit!r}")
    value = m.number(ex, "value", "exposure", 0.0, lo_open=True)
    energy = m.need(m.spec, "energy", "", dict)
    res = _resolution(m, m.need(energy, "resolution", "energy", dict))
    pri = _priors(m)
    w = m.need(m.spec, "window_keV", "", list) if window_keV is None else list(window_keV)
    try:
        return BinnedRelease(
            name=name, title=str(m.spec.get("title", name)), target=target, table_edges_keV=edges,
            table_observed=obs, table_background=bkg, window_keV=tuple(w),
            exposure_kg_day=value * EXPOSURE_UNITS_KG_DAY[unit], efficiency=eff, efficiency_applied_at=applied,
            resolution=res, nuisance_priors=pri, citation=str(m.need(m.spec, "citation", "", str)),
            published_limits=dict(m.spec.get("published_limits", {})), bibtex_key=str(m.spec.get("bibtex_key", "")),
            path=str(p))
    except ValueError as exc:
        m.fail("window_keV", str(exc))


# ------------------------------------------------------------------------------------------------
# folding a spectrum into the bins
# ------------------------------------------------------------------------------------------------
def binned_nodes(release: BinnedRelease, n_sigma: float = 6.0, T_floor_keV: float = 0.01, n_gauss: int = 6,
                 max_panel_keV: float = 0.5) -> TNodes:
    """Gauss–Legendre nodes in the deposited energy T for the bins of the window: panels at most σ(T)
    and ``max_panel_keV`` wide, broken at the target's shell edges (and at the nodes of an efficiency
    table applied at the deposited energy), from ``T_floor_keV`` (or where
    T + n_sigma·σ(T) reaches the window) to the window's top + n_sigma·σ there."""
    from scipy.optimize import brentq

    lo, hi = release.window_keV
    sig = release.resolution
    T_lo = T_floor_keV
    if lo > T_floor_keV and T_floor_keV + n_sigma * float(sig(np.array(T_floor_keV))) < lo:
        T_lo = brentq(lambda T: T + n_sigma * float(sig(np.array(T))) - lo, T_floor_keV, lo)
    T_hi = hi + n_sigma * float(sig(np.array(hi)))
    b = np.asarray(_target(release.target).binding_keV, dtype=float)
    table = getattr(release.efficiency, "table", None)
    if release.efficiency_applied_at == "deposited" and table is not None:
        b = np.concatenate([b, table.T_keV])  # the efficiency's kinks (linear interpolation) are panel edges
    edges = np.unique(np.concatenate([[T_lo, T_hi], b[(b > T_lo) & (b < T_hi)]]))
    x, w = np.polynomial.legendre.leggauss(int(n_gauss))
    Ts, Ws = [], []
    for a, c in zip(edges[:-1], edges[1:]):
        t = a
        while t < c:
            width = min(max_panel_keV, float(sig(np.array(t))))
            u = min(c, t + width)
            if c - u < 0.25 * width:
                u = c
            Ts.append(0.5 * (u - t) * x + 0.5 * (u + t))
            Ws.append(0.5 * (u - t) * w)
            t = u
    return TNodes(np.concatenate(Ts), np.concatenate(Ws))


def response_matrix(release: BinnedRelease, nodes: TNodes, n_sub: int = 24) -> np.ndarray:
    """(n_bins, n_T): expected events in each bin of the window per unit dR/dT (counts/(keV kg day)) at each node."""
    T, w = nodes.T_keV, nodes.weights_keV
    sig = np.asarray(release.resolution(T), dtype=float)
    e = release.edges_keV
    lo, hi = e[:-1], e[1:]
    if release.efficiency_applied_at == "deposited":
        P = ndtr((hi[:, None] - T[None, :]) / sig[None, :]) - ndtr((lo[:, None] - T[None, :]) / sig[None, :])
        K = P * np.asarray(release.efficiency(T))[None, :]
    else:
        K = np.zeros((lo.size, T.size))
        x, wx = np.polynomial.legendre.leggauss(int(n_sub))
        for i in range(lo.size):
            E = 0.5 * (hi[i] - lo[i]) * x + 0.5 * (hi[i] + lo[i])
            we = 0.5 * (hi[i] - lo[i]) * wx * np.asarray(release.efficiency(E))
            z = (E[:, None] - T[None, :]) / sig[None, :]
            K[i] = we @ (np.exp(-0.5 * z * z) / (math.sqrt(2 * math.pi) * sig[None, :]))
    return K * (w * release.exposure_kg_day)[None, :]


@dataclass(frozen=True, eq=False)
class BinnedSignal:
    """A signal in the bins of a binned data set: Σ_k (sign·θ)^(p_k) N_k,i.

    Attributes
    ----------
    release : BinnedRelease
    coupling, unit, label : str
    powers, term_names : tuple
    counts : numpy.ndarray
        (n_terms, n_bins): expected events per bin of each term at unit coupling.
    sign : float
        +1, or −1 for the negative branch of a coupling with odd terms.
    """

    release: BinnedRelease
    coupling: str
    unit: str
    label: str
    powers: tuple
    term_names: tuple
    counts: np.ndarray
    sign: float = 1.0

    @property
    def has_odd_terms(self) -> bool:
        return bool(np.any(np.mod(np.asarray(self.powers), 2) == 1))

    def coefficients(self, theta) -> np.ndarray:
        """(sign·θ)^(p_k), shape θ.shape + (n_terms,)."""
        th = np.asarray(theta, dtype=float)[..., None]
        p = np.asarray(self.powers)
        return np.where(np.mod(p, 2) == 1, self.sign, 1.0) * th ** p

    def per_bin(self, theta) -> np.ndarray:
        """Expected signal events per bin at coupling θ."""
        return self.coefficients(theta) @ self.counts

    def total_counts(self, theta) -> float:
        return float(np.sum(self.per_bin(theta)))

    def with_sign(self, sign: float) -> "BinnedSignal":
        if sign not in (1, -1, 1.0, -1.0):
            raise ValueError(f"sign must be +1 or -1, got {sign!r}")
        return replace(self, sign=float(sign))


def binned_signal(release: BinnedRelease, spectrum: TermSpectrum, nodes: TNodes | None = None,
                  sign: float = 1.0) -> BinnedSignal:
    """Fold a :class:`~mcpria_lite.detection.signals.TermSpectrum` computed at ``nodes``
    (default :func:`binned_nodes`) into the bins of ``release``."""
    nodes = nodes or binned_nodes(release)
    if spectrum.T_keV.shape != nodes.T_keV.shape or not np.allclose(spectrum.T_keV, nodes.T_keV, rtol=1e-12, atol=0):
        raise ValueError("spectrum must be computed at the nodes' energies (binned_nodes(release).T_keV)")
    if spectrum.target and spectrum.target != release.target:
        raise ValueError(f"spectrum is for the target {spectrum.target!r}, the data set {release.name!r} is "
                         f"{release.target!r}")
    counts = spectrum.dR_dT @ response_matrix(release, nodes).T
    return BinnedSignal(release, spectrum.coupling, spectrum.unit, spectrum.label, spectrum.powers,
                        spectrum.term_names, counts, float(sign))


# ------------------------------------------------------------------------------------------------
# background components
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BackgroundComponent:
    """One background template of a binned likelihood: events per bin of the window at its nominal
    normalisation, and the relative 1σ width of the Gaussian prior on that normalisation."""

    name: str
    counts: np.ndarray
    relative_uncertainty: float
    reference: str = ""


@lru_cache(maxsize=32)
def _sm_neutrino_table(release: BinnedRelease) -> np.ndarray:
    """SM solar-ν events per bin of the whole table with the stepping treatment (cached per data set
    object: a changed resolution or efficiency is a new object)."""
    full = replace(release, window_keV=(float(release.table_edges_keV[0]), float(release.table_edges_keV[-1])))
    nodes = binned_nodes(full)
    tg = _target(release.target)
    flux = solar_neutrinos()
    stepping = _stepping()
    v = rates_on(lambda T: np.asarray(_rates.dR_dT_terms(tg, T, flux, stepping, _int.Weak()).values), nodes.T_keV)
    return v.sum(axis=0) @ response_matrix(full, nodes).T


def _stepping():
    """The method of the free-electron cross section times the number of open shells (stepping), by
    its registered attribute rather than its name."""
    for m in METHODS.values():
        if getattr(m, "is_stepping", False):
            return m.name
    raise ValueError("no registered method is the stepping approximation")


def background_components(release: BinnedRelease, mode: str | None = None) -> tuple[BackgroundComponent, ...]:
    """The background templates and priors of ``release`` for the nuisance ``mode`` (default the
    manifest's ``nuisance_priors.default``): ``"single"`` (the whole fit, one normalisation) or
    ``"split"`` (non-neutrino background and SM solar-neutrino recoils; module docstring)."""
    pri = release.nuisance_priors
    mode = pri.get("default", "single") if mode is None else mode
    _validate.choice("mode", mode, NUISANCE_MODES)
    if mode not in pri:
        raise ValueError(f"mode {mode!r}: the data set {release.name!r} declares no such prior (it has "
                         f"{[k for k in NUISANCE_MODES if k in pri]})")
    if mode == "single":
        s = pri["single"]
        return (BackgroundComponent("background fit", release.background_fit, float(s["relative_uncertainty"]),
                                    str(s.get("reference", ""))),)
    non, nu = pri["split"]
    table = _sm_neutrino_table(release)
    e = np.asarray(release.table_edges_keV)
    lo, hi = (float(x) for x in nu["events_window_keV"])
    in_w = (e[:-1] >= lo - 1e-9) & (e[1:] <= hi + 1e-9)
    scale = float(nu["expected_events"]) / float(table[in_w].sum())
    nu_counts = scale * table[release._sl]
    rest = np.clip(release.background_fit - nu_counts, 0.0, None)
    return (BackgroundComponent(str(non.get("name", "non-neutrino background")), rest,
                                float(non["relative_uncertainty"]), str(non.get("reference", ""))),
            BackgroundComponent(str(nu.get("name", "solar-neutrino ER (SM)")), nu_counts,
                                float(nu["relative_uncertainty"]), str(nu.get("reference", ""))))
