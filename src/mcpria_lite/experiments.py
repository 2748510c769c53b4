"""Released detector data (events, background model, efficiency, exposure) and the signal in them.

A :class:`DataRelease` is everything a re-analysis of a low-energy electronic-recoil search needs:

* the reconstructed energies of the observed events (unbinned) in an energy window;
* the background model in *reconstructed* energy (events per keV per exposure) with the relative
  uncertainty of its normalisation;
* the total efficiency versus reconstructed energy, the exposure, the target element;
* the energy resolution σ(T) as an explicit, cited parameter (releases rarely contain it).

It is loaded from ONE manifest file (JSON) that names the tables beside it
(:func:`load_release`). The package ships the XENONnT SR0 release (:func:`xenonnt_sr0`; E. Aprile
et al. (XENON Collaboration), Phys. Rev. Lett. 129, 161805 (2022), arXiv:2207.11330).

**Adding another release** (LZ, PandaX-4T, a germanium experiment). Put the released tables (whitespace- or comma-separated text; a header line of column names for
comma-separated files) beside a manifest ``my_release.json`` with the keys of the shipped
``data/xenonnt_sr0.json``::

    {"format": "mcpria-lite data release 1", "name": "my-release", "title": "...",
     "target": "Ge", "citation": "...", "window_keV": [0.2, 10.0],
     "exposure": {"value": 100.0, "unit": "kg day"},
     "events": {"file": "events.txt"},
     "background": {"file": "bkg.txt", "unit": "counts/(keV kg day)",
                    "representation": "points", "relative_uncertainty": 0.05},
     "efficiency": {"file": "eff.txt"},
     "resolution": {"model": "quadrature", "sigma0_keV": 0.05, "fano": 0.11,
                    "pair_energy_keV": 0.00296, "reference": "..."}}

and call ``load_release("my_release.json")``. Every check below applies: events outside the window,
an efficiency outside [0, 1] or not covering the window, a background model not covering the
window, a non-positive exposure raise :class:`ValueError` naming the field. Nothing is clipped.

The signal in reconstructed energy E (events/keV) is

    s(E) = ε(E) · X · ∫ dT G(E; T, σ(T)) dR/dT(T),

X the exposure (kg day), dR/dT in counts/(keV kg day), G a normalised Gaussian of width σ(T) at
the deposited energy T (the ionization energy is deposited in the liquid: the hole relaxes by
X-rays and Auger electrons inside it). :func:`reconstructed_density` evaluates it at any E (the
event energies for the unbinned likelihood), with the T integral on Gauss–Legendre panels broken
at the target's shell edges. It is the same convolution as :func:`mcpria_lite.detector_response.smear`,
which returns cell averages on a grid instead of point values.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Literal

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtr

from . import _validate
from . import detector_response as _dr
from . import interactions as _int
from .units import DAYS_PER_YEAR

__all__ = [
    "BackgroundModel",
    "DataRelease",
    "load_release",
    "xenonnt_sr0",
    "RELEASES",
    "get",
    "TNodes",
    "t_nodes",
    "reconstructed_density",
    "expected_counts",
    "SignalModel",
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
        object.__setattr__(self, "E_keV", E)
        object.__setattr__(self, "rate", r)
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
        σ(T) in keV at the deposited energy T (e.g. :class:`mcpria_lite.detector_response.RelativeResolution`).
    citation : str
        The publication of the data.
    provenance : str
        How the files relate to what the collaboration released.
    published_limits : dict
        The collaboration's own limits from these data, ``{interaction: {"value", "unit", "cl", ...}}``.
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
        object.__setattr__(self, "events_keV", np.sort(ev))
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
        from . import atoms as _atoms  # the symbol must name an element

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
def _read_table(path: Path, columns: tuple[str, ...] | None, what: str) -> list[np.ndarray]:
    """Columns of a comma- (with a header line) or whitespace-separated table; '#' starts a comment."""
    try:
        text = path.read_text()
    except OSError as exc:
        raise ValueError(f"{what}.file: cannot read {str(path)!r}: {exc}") from exc
    lines = [ln.split("#", 1)[0].strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise ValueError(f"{what}.file: {str(path)!r} contains no data")
    comma = "," in lines[-1] or "," in lines[0]
    header = None
    first = [c.strip() for c in (lines[0].split(",") if comma else lines[0].split())]
    try:
        [float(c) for c in first]
    except ValueError:
        header, lines = first, lines[1:]
    try:
        rows = np.array([[float(c) for c in (ln.split(",") if comma else ln.split())] for ln in lines])
    except ValueError as exc:
        raise ValueError(f"{what}.file: {str(path)!r} has a non-numeric entry: {exc}") from exc
    if rows.ndim != 2:
        raise ValueError(f"{what}.file: {str(path)!r} has rows of different lengths")
    if columns is None:
        return [rows[:, i] for i in range(rows.shape[1])]
    out = []
    for i, col in enumerate(columns):
        if header is not None and col is not None:
            if col not in header:
                raise ValueError(f"{what}: column {col!r} not in {str(path)!r} (columns {header})")
            out.append(rows[:, header.index(col)])
        else:
            if i >= rows.shape[1]:
                raise ValueError(f"{what}.file: {str(path)!r} has {rows.shape[1]} column(s), need {len(columns)}")
            out.append(rows[:, i])
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
                       (spec.get("energy_column"), spec.get("rate_column")), "background")
    r = r * RATE_UNITS_PER_KG_DAY_KEV[unit]
    rep = spec.get("representation", "points")
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
                         (spec.get("energy_column"), spec.get("value_column")), "efficiency")
    if np.any(~np.isfinite(eps)) or np.any((eps < 0) | (eps > 1)):
        raise ValueError(f"efficiency: values must lie in [0, 1], got range [{eps.min()!r}, {eps.max()!r}]")
    hold = spec.get("hold_last_value_to_keV")
    if hold is not None:
        hold = _validate.positive_scalar("efficiency.hold_last_value_to_keV", hold, "keV")
        if hold > E[-1]:
            E, eps = np.append(E, hold), np.append(eps, eps[-1])
    return _dr.TabulatedEfficiency(E, eps, reference=ref)


def load_release(path) -> DataRelease:
    """Load a :class:`DataRelease` from a JSON manifest (tables are read relative to its folder).

    Parameters
    ----------
    path : str
        The manifest, a path (``str`` or ``pathlib.Path``; see the module docstring and the shipped
        ``data/xenonnt_sr0.json``).

    Returns
    -------
    DataRelease

    Raises
    ------
    ValueError
        For a missing field, an unreadable table, or any check of :class:`DataRelease`.
    """
    p = Path(path)
    try:
        spec = json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"path: cannot read the manifest {str(p)!r}: {exc}") from exc
    base = p.parent
    where = "manifest"
    ev_spec = _need(spec, "events", where)
    (events,) = _read_table(base / _need(ev_spec, "file", "events"), (ev_spec.get("column"),), "events")
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
        published_limits=dict(spec.get("published_limits", {})),
        bibtex_key=str(spec.get("bibtex_key", "")),
    )


@lru_cache(maxsize=None)
def xenonnt_sr0() -> DataRelease:
    """The XENONnT SR0 low-energy electronic-recoil release shipped with the package.

    433 events in (1, 30) keV, exposure 1.16 tonne·year, best-fit background B0 with its
    normalisation uncertainty 1.3/15.8 = 8.2 %, total efficiency (E. Aprile et al. (XENON
    Collaboration), Phys. Rev. Lett. 129, 161805 (2022), arXiv:2207.11330), and the XENON1T
    resolution σ/E = 0.310/√(E/keV) + 0.0037 (Aprile et al., Phys. Rev. D 102, 072004 (2020)),
    which the release does not contain.
    """
    with resources.as_file(resources.files("mcpria_lite") / "data" / "xenonnt_sr0.json") as p:
        return load_release(p)


#: Shipped releases by name (the CLI's ``--data``).
RELEASES: dict[str, Callable[[], DataRelease]] = {"xenonnt-sr0": xenonnt_sr0}


def get(name: str) -> DataRelease:
    """A shipped release by name (see :data:`RELEASES`)."""
    _validate.choice("data", name, tuple(RELEASES))
    return RELEASES[name]()


# ------------------------------------------------------------------------------------------------
# the signal in reconstructed energy
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class TNodes:
    """Quadrature in the deposited energy T: ∫ f(T) dT ≈ Σ w_i f(T_i) (Gauss–Legendre panels)."""

    T_keV: np.ndarray
    weights_keV: np.ndarray


def _t_range(release: DataRelease, n_sigma: float) -> tuple[float, float]:
    lo, hi = release.window_keV
    sig = release.resolution

    def reach_lo(T):
        return T + n_sigma * float(sig(np.array(T))) - lo

    def reach_hi(T):
        return T - n_sigma * float(sig(np.array(T))) - hi

    T_lo = brentq(reach_lo, 1e-6, lo) if lo > 0 and reach_lo(1e-6) < 0 else 1e-6
    T_hi = brentq(reach_hi, hi, 100 * hi + 100.0)
    return T_lo, T_hi


def t_nodes(release: DataRelease, breaks_keV=(), n_sigma: float = 6.0, panel_sigma: float = 1.0,
            n_gauss: int = 6) -> TNodes:
    """Gauss–Legendre nodes in T covering every deposited energy that can be reconstructed in the window.

    T runs from where T + n_sigma·σ(T) reaches the window's lower edge to where T − n_sigma·σ(T)
    reaches its upper edge; panels are broken at ``breaks_keV`` (e.g. shell binding energies,
    where a stepping spectrum jumps) and are at most ``panel_sigma``·σ wide, ``n_gauss`` nodes each.
    """
    n_sigma = _validate.positive_scalar("n_sigma", n_sigma)
    panel_sigma = _validate.positive_scalar("panel_sigma", panel_sigma)
    T_lo, T_hi = _t_range(release, n_sigma)
    b = np.asarray(breaks_keV, dtype=float).ravel()
    edges = np.unique(np.concatenate([[T_lo, T_hi], b[(b > T_lo) & (b < T_hi)]]))
    x, w = np.polynomial.legendre.leggauss(int(n_gauss))
    Ts, Ws = [], []
    for a, c in zip(edges[:-1], edges[1:]):
        t = a
        while t < c:
            width = panel_sigma * float(release.resolution(np.array(t)))
            u = min(c, t + width)
            if c - u < 0.25 * width:
                u = c
            Ts.append(0.5 * (u - t) * x + 0.5 * (u + t))
            Ws.append(0.5 * (u - t) * w)
            t = u
    return TNodes(np.concatenate(Ts), np.concatenate(Ws))


def _kernel(release: DataRelease, nodes: TNodes, E: np.ndarray) -> np.ndarray:
    """ε(E) X G(E; T_i, σ_i) w_i, shape (n_T, n_E): the linear map dR/dT(T_i) → events/keV at E."""
    sig = np.asarray(release.resolution(nodes.T_keV), dtype=float)
    z = (E[None, :] - nodes.T_keV[:, None]) / sig[:, None]
    g = np.exp(-0.5 * z * z) / (math.sqrt(2 * math.pi) * sig[:, None])
    return (nodes.weights_keV * release.exposure_kg_day)[:, None] * g * np.asarray(release.efficiency(E))[None, :]


def _kernel_counts(release: DataRelease, nodes: TNodes, n_E: int = 6001) -> np.ndarray:
    """∫_window ε(E) X G(E; T_i, σ_i) dE w_i, shape (n_T,): dR/dT(T_i) → expected events in the window."""
    lo, hi = release.window_keV
    E = np.linspace(lo, hi, n_E)
    sig = np.asarray(release.resolution(nodes.T_keV), dtype=float)
    # ε is piecewise linear and G smooth: Simpson on a fine grid, then the tails of G outside are 0 by definition.
    z = (E[None, :] - nodes.T_keV[:, None]) / sig[:, None]
    g = np.exp(-0.5 * z * z) / (math.sqrt(2 * math.pi) * sig[:, None]) * np.asarray(release.efficiency(E))[None, :]
    from scipy.integrate import simpson

    return nodes.weights_keV * release.exposure_kg_day * simpson(g, x=E, axis=1)


def reconstructed_density(release: DataRelease, nodes: TNodes, dR_dT_values, E_keV) -> np.ndarray:
    """Signal events per keV at reconstructed energies E: ε(E) X ∫ dT G(E; T, σ(T)) dR/dT(T).

    Parameters
    ----------
    release : DataRelease
        Supplies ε, σ and the exposure X.
    nodes : TNodes
        Quadrature in T (:func:`t_nodes`).
    dR_dT_values : array_like
        dR/dT at ``nodes.T_keV`` in counts/(keV kg day), shape (..., n_T) (e.g. one row per term).
    E_keV : array_like
        Reconstructed energies (keV) inside the window.

    Returns
    -------
    numpy.ndarray
        events/keV, shape (..., n_E).
    """
    f = _validate.finite_array("dR_dT_values", dR_dT_values)
    E = _validate.finite_array("E_keV", E_keV).ravel()
    lo, hi = release.window_keV
    if np.any((E < lo) | (E > hi)):
        raise ValueError(f"E_keV must lie in the window [{lo:g}, {hi:g}] keV")
    return f @ _kernel(release, nodes, E)


def expected_counts(release: DataRelease, nodes: TNodes, dR_dT_values) -> np.ndarray:
    """Expected signal events in the window: ∫_window dE ε(E) X ∫ dT G(E; T, σ(T)) dR/dT(T); shape (...,)."""
    f = _validate.finite_array("dR_dT_values", dR_dT_values)
    return f @ _kernel_counts(release, nodes)


@dataclass(frozen=True, eq=False)
class SignalModel:
    """A new-physics signal in a release: Σ_k θ^(p_k) s_k(E) with one coupling θ ≥ 0.

    Attributes
    ----------
    release : DataRelease
    coupling : str
        Name of the coupling θ (``"mu_B"``, ``"delta"``, ``"r2_cm2"``).
    unit : str
        Its unit, for printing.
    label : str
        What the signal is (interaction, flux, atomic method).
    powers : tuple of float
        p_k of each term.
    term_names : tuple of str
    nodes : TNodes
        Quadrature in T on which ``dR_dT`` is given.
    dR_dT : numpy.ndarray
        (n_terms, n_T) counts/(keV kg day) at θ = 1 (deposited energy).
    event_density : numpy.ndarray
        (n_terms, n_events) events/keV at the observed events, θ = 1.
    counts : numpy.ndarray
        (n_terms,) expected events in the window at θ = 1.
    sign : float
        +1, or −1 for the negative branch of a coupling with odd terms (θ → −θ).
    """

    release: DataRelease
    coupling: str
    unit: str
    label: str
    powers: tuple
    term_names: tuple
    nodes: TNodes
    dR_dT: np.ndarray
    event_density: np.ndarray
    counts: np.ndarray
    sign: float = 1.0

    @classmethod
    def from_rates(cls, release: DataRelease, nodes: TNodes, dR_dT_values, powers, *, coupling: str,
                   unit: str = "", label: str = "", term_names=None, sign: float = 1.0) -> "SignalModel":
        """Fold per-term dR/dT at the T nodes (counts/(keV kg day), θ = 1) through the detector."""
        v = np.atleast_2d(_validate.finite_array("dR_dT_values", dR_dT_values))
        p = tuple(float(x) for x in np.atleast_1d(powers))
        if v.shape != (len(p), nodes.T_keV.size):
            raise ValueError(f"dR_dT_values must have shape (n_terms={len(p)}, n_T={nodes.T_keV.size}), got {v.shape}")
        if sign not in (1.0, -1.0, 1, -1):
            raise ValueError(f"sign must be +1 or -1, got {sign!r}")
        names = tuple(term_names) if term_names is not None else tuple(f"{coupling}^{q:g}" for q in p)
        return cls(release, coupling, unit, label, p, names, nodes, v,
                   reconstructed_density(release, nodes, v, release.events_keV),
                   expected_counts(release, nodes, v), float(sign))

    @property
    def has_odd_terms(self) -> bool:
        """True when a term is odd in the coupling (an interference term), so that the two signs differ."""
        return bool(np.any(np.mod(np.asarray(self.powers), 2) == 1))

    def coefficients(self, theta) -> np.ndarray:
        """(sign·θ)^(p_k), shape θ.shape + (n_terms,)."""
        th = np.asarray(theta, dtype=float)[..., None]
        p = np.asarray(self.powers)
        s = np.where(np.mod(p, 2) == 1, self.sign, 1.0)
        return s * th ** p

    def total_counts(self, theta) -> np.ndarray:
        """Expected signal events in the window at coupling θ."""
        return self.coefficients(theta) @ self.counts

    def density(self, theta, E_keV) -> np.ndarray:
        """Signal events/keV at reconstructed energies E (keV) at coupling θ (scalar)."""
        return self.coefficients(float(theta)) @ reconstructed_density(self.release, self.nodes, self.dR_dT, E_keV)


# ------------------------------------------------------------------------------------------------
# signals of the projectile's electromagnetic properties
# ------------------------------------------------------------------------------------------------
#: Interactions a limit can be set on, with their coupling, its unit and the flux they use.
INTERACTIONS = {
    "magnetic-moment": ("mu_B", "mu_B", "solar neutrinos"),
    "millicharge": ("delta", "e", "solar neutrinos"),
    "charge-radius": ("r2_cm2", "cm^2", "solar neutrinos"),
    "dark-cosmic-ray": ("delta", "e", "dark cosmic rays"),
}
__all__ += ["INTERACTIONS", "neutrino_signal", "dark_cosmic_ray_signal"]

_TYPICAL = {"mu_B": 1e-11, "delta": 1e-13, "r2_cm2": 1e-32}
_INTERACTION_CLASSES = {"magnetic-moment": _int.MagneticMoment, "millicharge": _int.Millicharge,
                        "charge-radius": _int.ChargeRadius}


def _coarse_T(nodes: TNodes, breaks_keV, per_decade: int) -> tuple[np.ndarray, list]:
    """Points at which to evaluate dR/dT: per_decade log-spaced points in every interval between the
    shell edges (both ends just inside it), and the intervals' slices."""
    T = nodes.T_keV
    b = np.asarray(breaks_keV, dtype=float).ravel()
    edges = np.unique(np.concatenate([[T.min()], b[(b > T.min()) & (b < T.max())], [T.max()]]))
    pts, parts = [], []
    start = 0
    for a, c in zip(edges[:-1], edges[1:]):
        lo, hi = a * (1 + 1e-9), c * (1 - 1e-9)
        n = max(2, int(math.ceil(per_decade * math.log10(hi / lo))) + 1)
        x = np.geomspace(lo, hi, n)
        pts.append(x)
        parts.append((a, c, slice(start, start + n)))
        start += n
    return np.concatenate(pts), parts


def _interpolate_to_nodes(nodes: TNodes, Tc: np.ndarray, parts, values: np.ndarray) -> np.ndarray:
    """dR/dT at the nodes from the coarse points, interval by interval: log–log where a term keeps
    one strict sign in the interval (exact for power laws), linear otherwise."""
    T = nodes.T_keV
    v = np.atleast_2d(values)
    out = np.zeros((v.shape[0], T.size))
    for a, c, sl in parts:
        m = (T >= a) & (T <= c)
        x = Tc[sl]
        for k in range(v.shape[0]):
            y = v[k, sl]
            if np.all(y > 0) or np.all(y < 0):
                sg = np.sign(y[0])
                out[k, m] = sg * np.exp(np.interp(np.log(T[m]), np.log(x), np.log(sg * y)))
            else:
                out[k, m] = np.interp(T[m], x, y)
    return out


def _per_decade(per_decade, method: str):
    if per_decade == "auto":
        return 12 if method.startswith("RIA") else None
    return per_decade


def _rates_at_nodes(rate_fn, nodes: TNodes, breaks_keV, per_decade: int | None) -> np.ndarray:
    """rate_fn(T) → (n_terms, n_T) evaluated on the nodes, directly or through :func:`_coarse_T`."""
    if per_decade is None:
        return np.atleast_2d(rate_fn(nodes.T_keV))
    if not isinstance(per_decade, int) or per_decade < 1:
        raise ValueError(f"per_decade must be a positive integer, None or 'auto', got {per_decade!r}")
    Tc, parts = _coarse_T(nodes, breaks_keV, int(per_decade))
    return _interpolate_to_nodes(nodes, Tc, parts, np.atleast_2d(rate_fn(Tc)))


def _new_physics_terms(rt, coupling):
    """(indices, powers, names) of the terms of a RateTerms with non-empty powers (the SM term is in B0)."""
    idx, powers, names = [], [], []
    for i, term in enumerate(rt.terms):
        p = {g: float(n) for g, n in dict(term.powers).items() if float(n) != 0.0}
        if getattr(term, "standard_model", not p) or not p:
            continue  # the Standard-Model term: already in the background model
        if set(p) != {coupling}:
            raise ValueError(f"term {term.name!r} depends on {sorted(p)}, expected only {coupling!r}")
        idx.append(i)
        powers.append(p[coupling])
        names.append(term.name)
    return idx, powers, names


def neutrino_signal(release: DataRelease, interaction: str, method: str = "RIA", *, flux=None,
                    sign: float = 1.0, interference: bool = True, nodes: TNodes | None = None,
                    per_decade: int | None | str = "auto", **method_options) -> SignalModel:
    """The solar-neutrino new-physics signal in a release, per atomic method.

    Parameters
    ----------
    release : DataRelease
    interaction : {"magnetic-moment", "millicharge", "charge-radius"}
        Flavour-independent magnetic moment μ_ν (μ_B), millicharge δ_ν (e) or charge radius ⟨r²⟩ (cm²).
        The signal is the new-physics part only (the μ² term; for δ and ⟨r²⟩ the quadratic form minus
        its Standard-Model part, i.e. the pure and the interference terms): the SM weak recoils are
        already in the background model.
    method : str
        Atomic method (``"FEA"`` = stepping, ``"RIA"``, ``"EPA"``, …) of :mod:`mcpria_lite.cross_sections`.
    flux : mcpria_lite.fluxes.Flux, optional
        Default :func:`mcpria_lite.fluxes.solar_neutrinos` (all components).
    sign : {+1, -1}
        The sign of the coupling (matters when an interference term is odd in it).
    interference : bool
        Include the interference with the weak amplitude (millicharge, charge radius); ``False``:
        the pure term only (δ², as in the sensitivity tables of Qiao et al. 2021). The EPA never
        has it (the contact weak amplitude has no equivalent photons).
    nodes : TNodes, optional
        Quadrature in T (default :func:`t_nodes` broken at the target's shell edges).
    per_decade : int, None or "auto"
        dR/dT is computed at this many log-spaced T per decade between consecutive shell edges and
        interpolated (log–log) to the nodes (0.1 % for the RIA at 12); ``None``: computed at every
        node. ``"auto"``: 12 for the RIA methods (costly), every node for FEA and EPA (cheap; the
        EPA's photoabsorption edges need not sit at the target's binding energies).
    **method_options
        Passed to :func:`mcpria_lite.rates.dR_dT_terms` (the EPA takes its regulator from the flux's
        projectile).
    """
    from . import atoms as _atoms
    from . import fluxes as _fl
    from . import rates as _rates

    _validate.choice("interaction", interaction, ("magnetic-moment", "millicharge", "charge-radius"))
    coupling, unit, _ = INTERACTIONS[interaction]
    tg = _atoms.target(release.target)
    nodes = nodes or t_nodes(release, breaks_keV=tg.binding_keV)
    flux = flux if flux is not None else _fl.solar_neutrinos()
    label = f"solar-ν {interaction}, {method}"
    # an instance at a typical size: the term spectra are at unit couplings whatever it is
    inter = _INTERACTION_CLASSES[interaction](**{coupling: _TYPICAL[coupling]})
    with_weak = interaction != "magnetic-moment" and method != "EPA" and interference
    if with_weak:
        inter = inter + _int.Weak()  # the interference with the weak amplitude (not in the EPA: contact)
    if interaction != "magnetic-moment" and not with_weak:
        label += f" ({coupling}² only, without weak interference)"
    elif method == "FEA":
        label += " (stepping)"
    computed = []

    def rate_terms(T):
        computed.append(_rates.dR_dT_terms(tg, T, flux, method, inter, **method_options))
        return np.asarray(computed[-1].values)

    v = _rates_at_nodes(rate_terms, nodes, tg.binding_keV, _per_decade(per_decade, method))
    idx, powers, names = _new_physics_terms(computed[-1], coupling)
    return SignalModel.from_rates(release, nodes, v[idx], powers, coupling=coupling, unit=unit, label=label,
                                  term_names=names, sign=sign)


def dark_cosmic_ray_signal(release: DataRelease, m_keV: float, method: str = "RIA", *,
                           nodes: TNodes | None = None, convention: dict | None = None,
                           per_decade: int | None | str = "auto", **method_options) -> SignalModel:
    """The dark-cosmic-ray millicharged-particle signal of mass m_χ: dR/dT ∝ δ^(α+1) (one term).

    The flux is :func:`mcpria_lite.fluxes.dark_cosmic_rays` with the convention of
    :data:`mcpria_lite.sensitivities.DM_CONVENTION` unless ``convention`` overrides it;
    ``per_decade`` as in :func:`neutrino_signal`.
    """
    from . import atoms as _atoms
    from . import fluxes as _fl
    from . import rates as _rates
    from .sensitivities import DM_CONVENTION

    m = _validate.positive_scalar("m_keV", m_keV, "keV")
    conv = dict(DM_CONVENTION, **(convention or {}))
    flux = _fl.dark_cosmic_rays(m, **conv)
    tg = _atoms.target(release.target)
    nodes = nodes or t_nodes(release, breaks_keV=tg.binding_keV)
    v = _rates_at_nodes(lambda T: _rates.dR_dT(tg, T, flux, method, delta=1.0, **method_options), nodes,
                        tg.binding_keV, _per_decade(per_decade, method))
    p = _rates.rate_scaling_exponent(flux)
    return SignalModel.from_rates(release, nodes, v, (p,), coupling="delta", unit="e",
                                  label=f"dark cosmic rays m={m:g} keV, {method}", term_names=(f"delta^{p:g}",))
