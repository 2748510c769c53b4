"""Released detector data (events, background model, efficiency, exposure) and the signal in them.

A :class:`DataRelease` is everything a re-analysis of a low-energy electronic-recoil search needs:

* the reconstructed energies of the observed events (unbinned) in an energy window;
* the background model in *reconstructed* energy (events per keV per exposure) with the relative
  uncertainty of its normalisation;
* the total efficiency versus reconstructed energy, the exposure, the target element;
* the energy resolution σ(T) as an explicit, cited parameter (releases rarely contain it).

It is loaded from ONE manifest file (JSON) that names the tables beside it
(:func:`load_release`). The releases shipped with the package are the manifests found under
``mcpria_lite/data/releases/*/`` (:data:`RELEASES`, by the manifest's ``name``): a new data set is
one folder with its manifest, tables and provenance, and needs no code. Shipped: the XENONnT SR0
release (:func:`xenonnt_sr0`; E. Aprile et al. (XENON Collaboration), Phys. Rev. Lett. 129, 161805
(2022), arXiv:2207.11330).

**Adding another release** (LZ, PandaX-4T, a germanium experiment). Put the released tables (whitespace- or comma-separated text; a header line of column names for
comma-separated files) beside a manifest ``my_release.json`` with the keys of the shipped
``data/releases/xenonnt_sr0/xenonnt_sr0.json``::

    {"format": "mcpria-lite data release 1", "name": "my-release", "title": "...",
     "target": "Ge", "citation": "...", "window_keV": [0.2, 10.0],
     "exposure": {"value": 100.0, "unit": "kg day"},
     "events": {"file": "events.txt"},
     "background": {"file": "bkg.txt", "unit": "counts/(keV kg day)",
                    "representation": "points", "relative_uncertainty": 0.05},
     "efficiency": {"file": "eff.txt"},
     "resolution": {"model": "quadrature", "sigma0_keV": 0.05, "fano": 0.11,
                    "pair_energy_keV": 0.00296, "reference": "..."}}

and call ``load_release("my_release.json")``. The manifest is first validated against the schema
of its format (``data/releases/release-1.schema.json``, :mod:`mcpria_lite.detection.manifests`): a
wrong type, a missing or an unknown field is a :class:`ValueError` naming the file, the field and
its line. A column named in the manifest is found by name in the table's header line. Then every
check below applies: events outside the window, an efficiency outside [0, 1] or not covering the
window, a background model not covering the window, a non-positive exposure raise
:class:`ValueError` naming the field. Nothing is clipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Literal, Protocol, runtime_checkable

import numpy as np

from .. import _validate
from . import response as _dr
from .manifests import load_manifest
from ..units import DAYS_PER_YEAR

__all__ = [
    "BackgroundModel",
    "DataRelease",
    "DataSet",
    "load_release",
    "xenonnt_sr0",
    "RELEASES",
    "get",
    "EXPOSURE_UNITS_KG_DAY",
    "RATE_UNITS_PER_KG_DAY_KEV",
]

#: Exposure units accepted in a manifest, in kg·day (a year is the Julian year of :mod:`mcpria_lite.units`).
EXPOSURE_UNITS_KG_DAY = {
    "kg day": 1.0,
    "kg year": DAYS_PER_YEAR,
    "tonne day": 1000.0,
    "tonne year": 1000.0 * DAYS_PER_YEAR,
}
#: Background-rate units accepted in a manifest, in events/(kg day keV).
RATE_UNITS_PER_KG_DAY_KEV = {
    "counts/(keV kg day)": 1.0,
    "events/(kg day keV)": 1.0,
    "events/(kg year keV)": 1.0 / DAYS_PER_YEAR,
    "events/(tonne year keV)": 1.0 / (1000.0 * DAYS_PER_YEAR),
}

#: How a tabulated background of a release is read: ``"bin_centres"`` (a histogram, constant in
#: equal bins centred on the tabulated energies) or ``"points"`` (linear between the tabulated
#: energies).
Representation = Literal["bin_centres", "points"]


# ------------------------------------------------------------------------------------------------
# background model
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class BackgroundModel:
    """Background rate in reconstructed energy, events/(kg day keV), with its normalisation uncertainty.

    Attributes
    ----------
    E_keV : numpy.ndarray
        ``"histogram"``: the n + 1 bin edges (keV); ``"linear"``: the n nodes (keV), strictly increasing.
    rate : numpy.ndarray
        events/(kg day keV), ≥ 0: n bin contents (histogram) or n node values (linear interpolation).
    kind : {"histogram", "linear"}
        Piecewise constant in bins, or linear between nodes.
    relative_uncertainty : float
        Relative 1σ uncertainty of the overall normalisation (> 0), the width of the Gaussian
        constraint on it in the likelihood.
    reference : str
        Where the model and its uncertainty come from.
    """

    E_keV: np.ndarray
    rate: np.ndarray
    kind: Literal["histogram", "linear"]
    relative_uncertainty: float
    reference: str = ""

    def __post_init__(self) -> None:
        E = _validate.finite_array("background.E_keV", self.E_keV)
        r = _validate.finite_array("background.rate", self.rate)
        if self.kind not in ("histogram", "linear"):
            raise ValueError(f"background.kind must be 'histogram' or 'linear', got {self.kind!r}")
        n_expected = r.size + 1 if self.kind == "histogram" else r.size
        if E.ndim != 1 or r.ndim != 1 or E.size != n_expected or r.size < 1:
            raise ValueError(
                f"background: {self.kind} needs {'n + 1 edges' if self.kind == 'histogram' else 'n nodes'} "
                f"for n rates, got {E.size} energies and {r.size} rates")
        if np.any(np.diff(E) <= 0):
            raise ValueError("background.E_keV must be strictly increasing")
        if np.any(r < 0):
            raise ValueError(f"background.rate must be >= 0 events/(kg day keV), got minimum {r.min()!r}")
        object.__setattr__(self, "E_keV", _validate.frozen(E))
        object.__setattr__(self, "rate", _validate.frozen(r))
        object.__setattr__(self, "relative_uncertainty", _validate.positive_scalar(
            "background.relative_uncertainty", self.relative_uncertainty))

    @property
    def range_keV(self) -> tuple[float, float]:
        """Energies (keV) over which the model is defined."""
        return float(self.E_keV[0]), float(self.E_keV[-1])

    def __call__(self, E_keV) -> np.ndarray:
        """Rate in events/(kg day keV) at reconstructed energies E (keV) inside :attr:`range_keV`."""
        E = _validate.finite_array("E_keV", E_keV)
        lo, hi = self.range_keV
        if np.any((E < lo) | (E > hi)):
            raise ValueError(f"E_keV must lie in the background model's range [{lo:g}, {hi:g}] keV")
        if self.kind == "linear":
            return np.interp(E, self.E_keV, self.rate)
        i = np.clip(np.searchsorted(self.E_keV, E, side="right") - 1, 0, self.rate.size - 1)
        return self.rate[i]

    def integral(self, lo_keV: float, hi_keV: float) -> float:
        """∫ rate dE over [lo, hi] (events/(kg day)); [lo, hi] inside :attr:`range_keV`."""
        a, b = self.range_keV
        if not (a <= lo_keV < hi_keV <= b):
            raise ValueError(f"[lo_keV, hi_keV] must lie in the background model's range [{a:g}, {b:g}] keV")
        if self.kind == "linear":
            x = np.concatenate([[lo_keV], self.E_keV[(self.E_keV > lo_keV) & (self.E_keV < hi_keV)], [hi_keV]])
            return float(np.trapezoid(np.interp(x, self.E_keV, self.rate), x))
        e = self.E_keV
        overlap = np.clip(np.minimum(e[1:], hi_keV) - np.maximum(e[:-1], lo_keV), 0.0, None)
        return float(np.sum(overlap * self.rate))


# ------------------------------------------------------------------------------------------------
# the data release
# ------------------------------------------------------------------------------------------------
@runtime_checkable
class DataSet(Protocol):
    """What the signal folding (:mod:`mcpria_lite.detection.signals`) and the likelihood
    (:mod:`mcpria_lite.inference.likelihood`) read from a data set (structural: every
    :class:`DataRelease`, or a user's object). Energies are reconstructed energies in keV."""

    @property
    def name(self) -> str: ...

    @property
    def target(self) -> str: ...

    @property
    def window_keV(self) -> tuple[float, float]: ...

    @property
    def events_keV(self) -> np.ndarray: ...

    @property
    def n_events(self) -> int: ...

    @property
    def exposure_kg_day(self) -> float: ...

    @property
    def background(self) -> BackgroundModel: ...

    @property
    def efficiency(self) -> Callable[[np.ndarray], np.ndarray]: ...

    @property
    def resolution(self) -> Callable[[np.ndarray], np.ndarray]: ...

    def background_density(self, E_keV: np.ndarray) -> np.ndarray: ...

    def background_counts(self) -> float: ...


def _check_efficiency_callable(efficiency, lo: float, hi: float) -> None:
    if not callable(efficiency):
        raise ValueError("efficiency must be a callable ε(E_keV) (e.g. a TabulatedEfficiency)")
    if isinstance(efficiency, _dr.TabulatedEfficiency):
        a, b = float(efficiency.T_keV[0]), float(efficiency.T_keV[-1])
        if a > lo or b < hi:
            raise ValueError(
                f"efficiency: the table covers [{a:g}, {b:g}] keV but must cover the window [{lo:g}, {hi:g}] keV "
                "(extend it explicitly, e.g. with 'hold_last_value_to_keV' in a manifest)")
    E = np.linspace(lo, hi, 2001)
    eps = np.asarray(efficiency(E), dtype=float)
    if eps.shape != E.shape or not np.all(np.isfinite(eps)) or np.any((eps < 0) | (eps > 1)):
        raise ValueError(f"efficiency(E) must be finite and in [0, 1] over the window [{lo:g}, {hi:g}] keV")


@dataclass(frozen=True, eq=False)
class DataRelease:
    """A published low-energy data set: events, background model, efficiency, exposure, resolution.

    Build it with :func:`load_release` from a manifest, or directly. All energies are
    reconstructed energies in keV.

    Attributes
    ----------
    name, title : str
        Short identifier (``"xenonnt-sr0"``) and a human-readable title.
    target : str
        Element symbol of the detector medium (``"Xe"``); the signal is computed per kg of it.
    events_keV : numpy.ndarray
        Reconstructed energies of the observed events, all inside ``window_keV``, sorted.
    window_keV : tuple of float
        The analysis window [lo, hi] in keV (0 ≤ lo < hi).
    exposure_kg_day : float
        Exposure in kg·day (> 0).
    background : BackgroundModel
        Background in reconstructed energy; must cover the window.
    efficiency : callable
        Total efficiency ε(E) in [0, 1] on the window (applied to the signal; the background model
        already contains it).
    resolution : callable
        σ(T) in keV at the deposited energy T (e.g. :class:`mcpria_lite.detection.response.RelativeResolution`).
    citation : str
        The publication of the data.
    provenance : str
        How the files relate to what the collaboration released.
    published_limits : dict
        The collaboration's own limits from these data, ``{model: {"value", "unit", "cl", ...}}``; a limit
        curve versus mass read from a released table carries the arrays ``"mass_keV"`` and ``"limit"``
        (:meth:`published_curve`).
    bibtex_key : str
        Key of ``citation`` in the book's bibliography.
    """

    name: str
    title: str
    target: str
    events_keV: np.ndarray
    window_keV: tuple[float, float]
    exposure_kg_day: float
    background: BackgroundModel
    efficiency: Callable
    resolution: Callable
    citation: str
    provenance: str = ""
    published_limits: dict = field(default_factory=dict)
    bibtex_key: str = ""

    def __post_init__(self) -> None:
        w = _validate.finite_array("window_keV", self.window_keV)
        if w.shape != (2,) or not (0 <= w[0] < w[1]):
            raise ValueError(f"window_keV must be (lo, hi) with 0 <= lo < hi keV, got {self.window_keV!r}")
        lo, hi = float(w[0]), float(w[1])
        object.__setattr__(self, "window_keV", (lo, hi))
        ev = _validate.finite_array("events_keV", self.events_keV)
        if ev.ndim != 1:
            raise ValueError("events_keV must be a 1-D array of reconstructed energies (keV)")
        outside = (ev < lo) | (ev > hi)
        if np.any(outside):
            raise ValueError(
                f"events_keV: {int(outside.sum())} event(s) outside the window [{lo:g}, {hi:g}] keV "
                f"(e.g. {float(ev[outside][0])!r} keV); select the events of the window, nothing is clipped")
        object.__setattr__(self, "events_keV", _validate.frozen(np.sort(ev)))
        object.__setattr__(self, "exposure_kg_day", _validate.positive_scalar(
            "exposure_kg_day", self.exposure_kg_day, "kg day"))
        if not isinstance(self.background, BackgroundModel):
            raise ValueError("background must be a BackgroundModel")
        a, b = self.background.range_keV
        if a > lo or b < hi:
            raise ValueError(
                f"background: the model covers [{a:g}, {b:g}] keV but must cover the window [{lo:g}, {hi:g}] keV")
        _check_efficiency_callable(self.efficiency, lo, hi)
        if not callable(self.resolution):
            raise ValueError("resolution must be a callable σ(T_keV) in keV")
        T = np.linspace(max(lo, 1e-3) / 10, 2 * hi, 64)
        s = np.asarray(self.resolution(T), dtype=float)
        if s.shape != T.shape or not np.all(np.isfinite(s)) or np.any(s <= 0):
            raise ValueError("resolution(T) must be finite and > 0 keV near the window")
        from ..targets import atoms as _atoms  # the symbol must name an element

        if isinstance(self.target, _atoms.Target):  # an atom's target object stands for its symbol
            object.__setattr__(self, "target", self.target.symbol)
        try:
            _atoms.element_symbol(self.target)
        except Exception as exc:  # noqa: BLE001 - re-raised as the documented error
            raise ValueError(f"target must be an element symbol such as 'Xe' or 'Ge', got {self.target!r}") from exc

    # --- derived quantities ------------------------------------------------------------------------
    @property
    def n_events(self) -> int:
        """Number of observed events in the window."""
        return int(self.events_keV.size)

    @property
    def width_keV(self) -> float:
        """Width of the window, keV."""
        return self.window_keV[1] - self.window_keV[0]

    def background_density(self, E_keV) -> np.ndarray:
        """Expected background events per keV at reconstructed energy E (at the nominal normalisation)."""
        return self.background(E_keV) * self.exposure_kg_day

    def background_counts(self) -> float:
        """Expected background events in the window at the nominal normalisation."""
        return self.background.integral(*self.window_keV) * self.exposure_kg_day

    def with_window(self, lo_keV: float, hi_keV: float) -> "DataRelease":
        """The same release restricted to a sub-window [lo, hi] of its own (the events inside it kept)."""
        lo, hi = float(lo_keV), float(hi_keV)
        a, b = self.window_keV
        if not (a <= lo < hi <= b):
            raise ValueError(f"(lo_keV, hi_keV) must lie inside the release's window [{a:g}, {b:g}] keV, "
                             f"got ({lo_keV!r}, {hi_keV!r})")
        keep = (self.events_keV >= lo) & (self.events_keV <= hi)
        return replace(self, events_keV=self.events_keV[keep], window_keV=(lo, hi))

    def published_curve(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """(mass in keV, limit) of the collaboration's published limit curve on ``model``'s coupling (e.g.
        ``"dark-photon"``: κ; ``"axion-electron"``: g_ae), as read and validated from the shipped table."""
        entry = self.published_limits.get(model)
        if entry is None or "mass_keV" not in entry:
            curves = [k for k, v in self.published_limits.items() if "mass_keV" in v]
            raise ValueError(f"model must name a published limit curve of {self.name} ({curves}), got {model!r}")
        return np.asarray(entry["mass_keV"]), np.asarray(entry["limit"])

    def summary(self) -> dict:
        """Plain-number summary (for tables, the CLI and JSON output)."""
        return {
            "name": self.name,
            "target": self.target,
            "window_keV": list(self.window_keV),
            "exposure_kg_day": self.exposure_kg_day,
            "n_events": self.n_events,
            "background_counts": self.background_counts(),
            "background_relative_uncertainty": self.background.relative_uncertainty,
            "citation": self.citation,
        }


# ------------------------------------------------------------------------------------------------
# loading from a manifest
# ------------------------------------------------------------------------------------------------
def _read_table(path: Path, columns: tuple[tuple[str, str | None], ...] | None, what: str) -> list[np.ndarray]:
    """The columns of a comma- or whitespace-separated table; '#' starts a comment.

    ``columns``: one ``(manifest field, column name or None)`` per column wanted (``None``: every column,
    by position). Named columns are
    found in the table's header line (its first line, if not numeric); a table without header
    cannot have named columns, and unnamed ones are taken by position only when the table has
    exactly that many columns. Every error names the file, the manifest field and the line.
    """
    try:
        text = path.read_text()
    except OSError as exc:
        raise ValueError(f"{what}.file: cannot read {str(path)!r}: {exc}") from exc
    lines = [(i, ln.split("#", 1)[0].strip()) for i, ln in enumerate(text.splitlines(), start=1)]
    lines = [(i, ln) for i, ln in lines if ln]
    if not lines:
        raise ValueError(f"{what}.file: {str(path)!r} contains no data")
    comma = any("," in ln for _, ln in lines[:2]) or "," in lines[-1][1]

    def split(ln: str) -> list[str]:
        return [c.strip() for c in ln.split(",")] if comma else ln.split()

    header, header_line = None, lines[0][0]
    first = split(lines[0][1])
    try:
        [float(c) for c in first]
    except ValueError:
        header, lines = first, lines[1:]
    if not lines:
        raise ValueError(f"{what}.file: {str(path)!r} has a header line but no data")
    width = len(header) if header is not None else len(split(lines[0][1]))
    rows = []
    for i, ln in lines:
        cells = split(ln)
        if len(cells) != width:
            ref = "the header line" if header is not None else f"line {lines[0][0]}"
            raise ValueError(f"{what}.file: {str(path)!r} line {i} has {len(cells)} column(s), {ref} {width}")
        try:
            rows.append([float(c) for c in cells])
        except ValueError:
            raise ValueError(f"{what}.file: {str(path)!r} line {i} has a non-numeric entry: {ln!r}") from None
    table = np.array(rows, dtype=float)
    if columns is None:
        return [table[:, k] for k in range(table.shape[1])]
    named = [(f, c) for f, c in columns if c is not None]
    if named and header is None:
        fields = ", ".join(f"{what}.{f} = {c!r}" for f, c in named)
        raise ValueError(f"{what}: the manifest names the column(s) {fields}, but {str(path)!r} has no header "
                         f"line (line {lines[0][0]} is numeric): add a header line of column names")
    if not named and table.shape[1] != len(columns):
        raise ValueError(f"{what}.file: {str(path)!r} has {table.shape[1]} columns, {len(columns)} expected "
                         f"(line {lines[0][0]}); with more columns, give a header line and name the columns to use "
                         f"({', '.join(f'{what}.{f}' for f, _ in columns)})")
    out = []
    for k, (f, col) in enumerate(columns):
        if col is None:
            if header is not None and named:
                raise ValueError(f"{what}.{f}: the other columns of {str(path)!r} are named, name this one too "
                                 f"(columns {header})")
            out.append(table[:, k])
            continue
        assert header is not None  # named columns need a header (checked above)
        if col not in header:
            raise ValueError(f"{what}.{f}: column {col!r} is not in the header of {str(path)!r} "
                             f"(line {header_line}: columns {header})")
        out.append(table[:, header.index(col)])
    return out


def _need(d: dict, key: str, where: str):
    if key not in d:
        raise ValueError(f"{where}: missing field {key!r}")
    return d[key]


def _resolution(spec: dict):
    model = _need(spec, "model", "resolution")
    ref = str(spec.get("reference", ""))
    if model == "relative":
        return _dr.RelativeResolution(a=_need(spec, "a", "resolution"), b=_need(spec, "b", "resolution"), reference=ref)
    if model == "quadrature":
        return _dr.QuadratureResolution(
            sigma0_keV=_need(spec, "sigma0_keV", "resolution"), fano=_need(spec, "fano", "resolution"),
            pair_energy_keV=_need(spec, "pair_energy_keV", "resolution"), reference=ref)
    raise ValueError(f"resolution.model must be 'relative' or 'quadrature', got {model!r}")


def _background(spec: dict, base: Path) -> BackgroundModel:
    unit = _need(spec, "unit", "background")
    if unit not in RATE_UNITS_PER_KG_DAY_KEV:
        raise ValueError(f"background.unit must be one of {list(RATE_UNITS_PER_KG_DAY_KEV)}, got {unit!r}")
    E, r = _read_table(base / _need(spec, "file", "background"),
                       (("energy_column", spec.get("energy_column")), ("rate_column", spec.get("rate_column"))),
                       "background")
    r = r * RATE_UNITS_PER_KG_DAY_KEV[unit]
    rep = spec.get("representation", "points")
    kind: Literal["histogram", "linear"]
    if rep == "bin_centres":
        d = np.diff(E)
        if E.size < 2 or not np.allclose(d, d[0], rtol=1e-6, atol=0):
            raise ValueError("background.representation 'bin_centres' needs equally spaced centres")
        edges = np.concatenate([E - d[0] / 2, [E[-1] + d[0] / 2]])
        kind, Ex = "histogram", edges
    elif rep == "points":
        kind, Ex = "linear", E
    else:
        raise ValueError(f"background.representation must be 'bin_centres' or 'points', got {rep!r}")
    return BackgroundModel(E_keV=Ex, rate=r, kind=kind,
                           relative_uncertainty=_need(spec, "relative_uncertainty", "background"),
                           reference=str(spec.get("uncertainty_reference", "")))


def _efficiency(spec: dict, base: Path, ref: str):
    E, eps = _read_table(base / _need(spec, "file", "efficiency"),
                         (("energy_column", spec.get("energy_column")), ("value_column", spec.get("value_column"))),
                         "efficiency")
    if np.any(~np.isfinite(eps)) or np.any((eps < 0) | (eps > 1)):
        raise ValueError(f"efficiency: values must lie in [0, 1], got range [{eps.min()!r}, {eps.max()!r}]")
    hold = spec.get("hold_last_value_to_keV")
    if hold is not None:
        hold = _validate.positive_scalar("efficiency.hold_last_value_to_keV", hold, "keV")
        if hold > E[-1]:
            E, eps = np.append(E, hold), np.append(eps, eps[-1])
    return _dr.TabulatedEfficiency(E, eps, reference=ref)


def _published_limits(spec: dict, base: Path) -> dict:
    """The ``published_limits`` of a manifest; an entry with a ``file`` is a limit curve versus mass read
    from that table (columns ``mass_column``, ``value_column``; ``sha256`` checked when given): masses
    strictly increasing and > 0, limits finite and > 0."""
    import hashlib

    if not isinstance(spec, dict):
        raise ValueError("published_limits must be an object {model: {...}}")
    out = {}
    for name, entry in spec.items():
        where = f"published_limits.{name}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where} must be an object")
        entry = dict(entry)
        if "file" in entry:
            path = base / str(entry["file"])
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise ValueError(f"{where}.file: cannot read {str(path)!r}: {exc}") from exc
            if "sha256" in entry and hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                raise ValueError(f"{where}.file: {str(path)!r} does not match its sha256 (the released table was changed)")
            cols = _read_table(path, None, where)
            i, j = int(_need(entry, "mass_column", where)), int(_need(entry, "value_column", where))
            if not (0 <= i < len(cols) and 0 <= j < len(cols)):
                raise ValueError(f"{where}: mass_column/value_column must lie in 0..{len(cols) - 1}, got {i}, {j}")
            mass, val = cols[i], cols[j]
            if mass.size < 2 or np.any(mass <= 0) or np.any(np.diff(mass) <= 0):
                raise ValueError(f"{where}: the masses must be > 0 keV and strictly increasing")
            if not np.all(np.isfinite(val)) or np.any(val <= 0):
                raise ValueError(f"{where}: the limits must be finite and > 0")
            entry["mass_keV"], entry["limit"] = mass, val
        out[str(name)] = entry
    return out


def load_release(path) -> DataRelease:
    """Load a :class:`DataRelease` from a JSON manifest (tables are read relative to its folder).

    Parameters
    ----------
    path : str
        The manifest, a path (``str`` or ``pathlib.Path``; see the module docstring and the shipped
        ``data/releases/xenonnt_sr0/xenonnt_sr0.json``).

    Returns
    -------
    DataRelease

    Raises
    ------
    ValueError
        For a missing field, an unreadable table, or any check of :class:`DataRelease`.
    """
    p = Path(path) if isinstance(path, (str, Path)) else path
    spec = load_manifest(p, "mcpria-lite data release 1")  # schema: every field's type, range and name
    base = p.parent
    where = "manifest"
    ev_spec = _need(spec, "events", where)
    (events,) = _read_table(base / _need(ev_spec, "file", "events"), (("column", ev_spec.get("column")),), "events")
    n_exp = ev_spec.get("expected_count")
    if n_exp is not None and int(n_exp) != events.size:
        raise ValueError(f"events: the manifest announces {n_exp} events, the file has {events.size}")
    exp = _need(spec, "exposure", where)
    unit = _need(exp, "unit", "exposure")
    if unit not in EXPOSURE_UNITS_KG_DAY:
        raise ValueError(f"exposure.unit must be one of {list(EXPOSURE_UNITS_KG_DAY)}, got {unit!r}")
    value = _validate.positive_scalar("exposure.value", _need(exp, "value", "exposure"), unit)
    citation = str(_need(spec, "citation", where))
    return DataRelease(
        name=str(_need(spec, "name", where)),
        title=str(spec.get("title", spec["name"])),
        target=str(_need(spec, "target", where)),
        events_keV=events,
        window_keV=tuple(_need(spec, "window_keV", where)),
        exposure_kg_day=value * EXPOSURE_UNITS_KG_DAY[unit],
        background=_background(_need(spec, "background", where), base),
        efficiency=_efficiency(_need(spec, "efficiency", where), base, citation),
        resolution=_resolution(_need(spec, "resolution", where)),
        citation=citation,
        provenance=str(spec.get("provenance", "")),
        published_limits=_published_limits(spec.get("published_limits", {}), base),
        bibtex_key=str(spec.get("bibtex_key", "")),
    )


def xenonnt_sr0() -> DataRelease:
    """The XENONnT SR0 low-energy electronic-recoil release shipped with the package.

    433 events in (1, 30) keV, exposure 1.16 tonne·year, best-fit background B0 with its
    normalisation uncertainty 1.3/15.8 = 8.2 %, total efficiency (E. Aprile et al. (XENON
    Collaboration), Phys. Rev. Lett. 129, 161805 (2022), arXiv:2207.11330), and the XENON1T
    resolution σ/E = 0.310/√(E/keV) + 0.0037 (Aprile et al., Phys. Rev. D 102, 072004 (2020)),
    which the release does not contain.
    """
    return get("xenonnt-sr0")


def _shipped_manifests() -> dict[str, Path]:
    """{name: manifest path} of every release under ``mcpria_lite/data/releases/*/``."""
    root = resources.files("mcpria_lite") / "data" / "releases"
    out = {}
    for folder in sorted(root.iterdir(), key=lambda x: x.name):
        for f in sorted(folder.iterdir(), key=lambda x: x.name) if folder.is_dir() else ():
            if f.name.endswith(".json"):
                spec = json.loads(f.read_text())
                if spec.get("format") == "mcpria-lite data release 1":
                    out[str(spec["name"])] = Path(str(f))
    return out


#: Shipped releases by name (the command line's ``--data``): the manifests under ``data/releases``.
RELEASES: dict[str, Path] = _shipped_manifests()


@lru_cache(maxsize=None)
def get(name: str) -> DataRelease:
    """A shipped release by name (see :data:`RELEASES`), loaded once per process."""
    _validate.choice("data", name, tuple(RELEASES))
    return load_release(RELEASES[name])


