"""Data sets binned in the number of electrons (the S2-only searches of liquid-xenon TPCs), and the
counts a rate per electron number leaves in their bins.

Each data set is one folder under ``mcpria_lite/data/releases/<name>/`` holding a manifest (JSON, format
``"mcpria-lite electron-count data set 1"``), its tables and a ``PROVENANCE.md``; :data:`DATA_SETS` lists
the shipped ones by name, :func:`get` loads one (once per process), :func:`load` reads any manifest.
Shipped: ``xenon10``, ``xenon100``, ``xenon1t``, ``pandax4t`` (xenon) and ``darkside50`` (2023, with a
background model), ``darkside50-2018`` (argon; electron yield
:data:`mcpria_lite.detection.electron_yield.OBSCURA_AR`) — what each is, and what in it is undocumented, in
its manifest's ``caveats`` and ``PROVENANCE.md``. EDELWEISS RED30 (germanium) is a measured energy
spectrum: :mod:`mcpria_lite.detection.energy_spectra`.

**The signal in the bins.** From R(n_e), the rate per electron number (counts/(kg day), n_e = 0, 1, …;
:func:`mcpria_lite.detection.electron_yield.ne_spectrum`):

* ``observable = "n_e"``: bins are inclusive n_e ranges [lo, hi]; counts = exposure × efficiency ×
  Σ_{n_e in bin} R(n_e);
* ``observable = "s2_pe"``: bins are inclusive S2 ranges in photoelectrons; an event of n_e electrons has
  S2 ~ Gaussian(μ n_e, σ √n_e) PE (``s2_response``), evaluated at each integer PE, times the efficiency
  at that PE; counts = exposure × flat efficiency × Σ_PE∈bin ε(PE) Σ_n R(n) N(PE; μn, σ√n) (the
  treatment of Essig et al. (2012, 2017), as in obscura).

**Adding a data set** is one folder and no code: a ``manifest.json`` such as::

    {"format": "mcpria-lite electron-count data set 1", "name": "my-s2", "title": "...", "target": "Xe",
     "citation": "...", "bibkeys": [], "exposure": {"value": 100.0, "unit": "kg day"},
     "observable": "n_e", "bins": {"file": "bins.csv"}, "efficiency": {"flat": 0.5},
     "statistics": "...", "caveats": [], "published_limits": [], "licence": "...", "provenance": "PROVENANCE.md"}

with ``bins.csv`` of columns ``label,lo,hi,observed`` (optional ``efficiency``, per bin, with
``"efficiency": {"per_bin_column": "efficiency"}``; optional ``background``, expected counts per bin,
with ``"background": {"column": "background", "reference": "..."}``); for ``"s2_pe"`` add
``"s2_response": {"mu_pe_per_electron": …, "sigma_pe_per_electron": …}`` and an efficiency curve
``{"curve": {"file": "eff.csv", "columns": ["trigger", "acceptance"]}}`` with one row per integer PE
(column ``s2_pe``; the named columns are multiplied). Put the folder under ``data/releases/`` (it is
then in :data:`DATA_SETS`) or call :func:`load` on the manifest. Every field is checked on load: a
missing field, a count that is not a non-negative integer, an efficiency outside [0, 1], a curve that
does not cover the bins, overlapping bins raise ``ValueError`` naming the file and the field.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..units import DAYS_PER_YEAR
from .manifests import read_manifest, shipped_manifests

__all__ = ["FORMAT", "ElectronCountData", "PublishedLimit", "load", "get", "DATA_SETS", "EXPOSURE_UNITS_KG_DAY"]

#: The manifest format this module reads.
FORMAT = "mcpria-lite electron-count data set 1"
#: Exposure units accepted in a manifest, in kg·day.
EXPOSURE_UNITS_KG_DAY = {"kg day": 1.0, "kg year": DAYS_PER_YEAR, "tonne day": 1000.0,
                         "tonne year": 1000.0 * DAYS_PER_YEAR}


@dataclass(frozen=True)
class PublishedLimit:
    """A published 90 % C.L. limit curve on σ̄_e shipped with a data set."""

    mediator: str
    mass_keV: np.ndarray
    sigma_e_cm2: np.ndarray
    reference: str
    bibkey: str = ""
    note: str = ""

    def at(self, mass_keV) -> np.ndarray:
        """Log-log interpolation of the curve (NaN outside its mass range)."""
        m = np.asarray(mass_keV, float)
        x, y = np.log(self.mass_keV), np.log(self.sigma_e_cm2)
        inside = (m >= self.mass_keV[0]) & (m <= self.mass_keV[-1])
        return np.where(inside, np.exp(np.interp(np.log(np.clip(m, 1e-300, None)), x, y)), np.nan)


@dataclass(frozen=True, eq=False)
class ElectronCountData:
    """A data set binned in electrons or in S2 photoelectrons (see the module docstring).

    Attributes
    ----------
    name, title, target, citation : str
    bibkeys : tuple of str
        Keys of the book's bibliography for the citation.
    exposure_kg_day : float
    observable : {"n_e", "s2_pe"}
    labels : tuple of str
    lo, hi : numpy.ndarray
        Inclusive bin ranges (n_e or PE).
    observed : numpy.ndarray of int
    efficiency_per_bin : numpy.ndarray
        Per-bin efficiency (n_e bins; 1 where not given), times :attr:`flat_efficiency`.
    flat_efficiency : float
    pe_efficiency : numpy.ndarray or None
        ε(PE) for PE = 1, 2, … (s2_pe data sets).
    mu_pe, sigma_pe : float or None
        S2 photoelectrons per electron (mean, σ per electron).
    background : numpy.ndarray or None
        Expected background counts per bin, if the data set has a background model.
    statistics : str
        How the publications set limits with it.
    caveats : tuple of str
    published : tuple of PublishedLimit
    folder : pathlib.Path
    """

    name: str
    title: str
    target: str
    citation: str
    bibkeys: tuple
    exposure_kg_day: float
    observable: str
    labels: tuple
    lo: np.ndarray
    hi: np.ndarray
    observed: np.ndarray
    efficiency_per_bin: np.ndarray
    flat_efficiency: float
    pe_efficiency: np.ndarray | None
    mu_pe: float | None
    sigma_pe: float | None
    background: np.ndarray | None
    statistics: str
    caveats: tuple
    published: tuple = field(default=())
    folder: Path | None = None
    licence: str = ""

    @property
    def n_bins(self) -> int:
        return int(self.observed.size)

    @property
    def n_e_max(self) -> int:
        """The largest electron number whose S2 can reach the bins (the n_e spectrum needed)."""
        if self.observable == "n_e":
            return int(self.hi.max())
        return int(math.ceil(self.hi.max() / self.mu_pe)) + 12

    def published_limit(self, mediator: str) -> PublishedLimit | None:
        return next((p for p in self.published if p.mediator == mediator), None)

    def summary(self) -> dict:
        """What the data set is (for the provenance of a result)."""
        return {"name": self.name, "title": self.title, "target": self.target, "citation": self.citation,
                "exposure_kg_day": self.exposure_kg_day, "observable": self.observable, "n_bins": self.n_bins,
                "observed": self.observed.tolist(), "caveats": list(self.caveats)}

    def expected_counts(self, rate_per_ne) -> np.ndarray:
        """Expected counts per bin from R(n_e), n_e = 0, 1, … (counts/(kg day)); the spectrum must reach
        :attr:`n_e_max` (``ValueError`` otherwise)."""
        R = np.asarray(rate_per_ne, float)
        if R.ndim != 1 or R.size <= self.n_e_max:
            raise ValueError(f"rate_per_ne must cover n_e = 0…{self.n_e_max} for data set {self.name!r}, got "
                             f"{R.size} values")
        if self.observable == "n_e":
            cum = np.concatenate([[0.0], np.cumsum(R)])
            s = cum[self.hi.astype(int) + 1] - cum[self.lo.astype(int)]
            return self.exposure_kg_day * self.flat_efficiency * self.efficiency_per_bin * s
        assert self.pe_efficiency is not None and self.mu_pe is not None and self.sigma_pe is not None  # PE data
        n = np.arange(1, R.size)
        pe = np.arange(1, self.pe_efficiency.size + 1, dtype=float)
        sd = self.sigma_pe * np.sqrt(n)
        gauss = np.exp(-0.5 * ((pe[None, :] - self.mu_pe * n[:, None]) / sd[:, None]) ** 2) / (np.sqrt(2 * np.pi) * sd[:, None])
        spec = (R[1:] @ gauss) * self.pe_efficiency                       # per integer PE
        cum = np.concatenate([[0.0], np.cumsum(spec)])
        return self.exposure_kg_day * self.flat_efficiency * (cum[self.hi.astype(int)] - cum[self.lo.astype(int) - 1])


# ------------------------------------------------------------------------------------------------
# loading and validation
# ------------------------------------------------------------------------------------------------
def _err(path, what) -> ValueError:
    return ValueError(f"{path}: {what}")


def _field(spec, key, path, kind=None):
    if key not in spec:
        raise _err(path, f"field {key!r} is missing")
    v = spec[key]
    if kind is not None and not isinstance(v, kind):
        raise _err(path, f"field {key!r} must be {kind.__name__ if isinstance(kind, type) else kind}, got {v!r}")
    return v


def _read_csv(path: Path) -> dict[str, list[str]]:
    if not path.is_file():
        raise _err(path, "file not found")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise _err(path, "no rows")
    return {k: [r[k] for r in rows] for k in rows[0]}


def _numbers(path, col, values, integer=False) -> np.ndarray:
    try:
        a = np.array([float(v) for v in values])
    except (TypeError, ValueError):
        raise _err(path, f"column {col!r} must hold numbers") from None
    if not np.all(np.isfinite(a)):
        raise _err(path, f"column {col!r} must be finite")
    if integer and (np.any(a < 0) or np.any(a != np.round(a))):
        raise _err(path, f"column {col!r} must hold non-negative integers")
    return a


def _fraction(path, name, a) -> np.ndarray:
    a = np.atleast_1d(np.asarray(a, float))
    if np.any(~np.isfinite(a)) or np.any(a < 0) or np.any(a > 1):
        raise _err(path, f"{name} must lie in [0, 1]")
    return a


def load(manifest) -> ElectronCountData:
    """Read and check the data set of ``manifest`` (a path to its JSON file)."""
    path = Path(manifest)
    spec = read_manifest(path, FORMAT)
    folder = path.parent
    name = _field(spec, "name", path, str)
    exp = _field(spec, "exposure", path, dict)
    unit = exp.get("unit")
    if unit not in EXPOSURE_UNITS_KG_DAY:
        raise _err(path, f"field 'exposure.unit' must be one of {sorted(EXPOSURE_UNITS_KG_DAY)}, got {unit!r}")
    value = exp.get("value")
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise _err(path, f"field 'exposure.value' must be > 0, got {value!r}")
    observable = _field(spec, "observable", path, str)
    if observable not in ("n_e", "s2_pe"):
        raise _err(path, f"field 'observable' must be 'n_e' or 's2_pe', got {observable!r}")
    bins_spec = _field(spec, "bins", path, dict)
    bpath = folder / _field(bins_spec, "file", path, str)
    cols = _read_csv(bpath)
    for c in ("label", "lo", "hi", "observed"):
        if c not in cols:
            raise _err(bpath, f"column {c!r} is missing")
    lo = _numbers(bpath, "lo", cols["lo"], integer=True)
    hi = _numbers(bpath, "hi", cols["hi"], integer=True)
    obs = _numbers(bpath, "observed", cols["observed"], integer=True).astype(int)
    if np.any(hi < lo) or np.any(lo[1:] <= hi[:-1]) or (observable == "s2_pe" and np.any(lo < 1)):
        raise _err(bpath, "bins must be ascending, non-overlapping inclusive ranges lo <= hi (PE >= 1)")
    eff_spec = spec.get("efficiency", {})
    if not isinstance(eff_spec, dict):
        raise _err(path, "field 'efficiency' must be an object")
    flat = float(_fraction(path, "efficiency.flat", eff_spec.get("flat", 1.0))[0])
    per_bin = np.ones(obs.size)
    if "per_bin_column" in eff_spec:
        col = eff_spec["per_bin_column"]
        if col not in cols:
            raise _err(bpath, f"column {col!r} (efficiency.per_bin_column) is missing")
        per_bin = _fraction(bpath, f"column {col!r}", _numbers(bpath, col, cols[col]))
    pe_eff = mu = sig = None
    if observable == "s2_pe":
        s2 = _field(spec, "s2_response", path, dict)
        mu, sig = s2.get("mu_pe_per_electron"), s2.get("sigma_pe_per_electron")
        if not all(isinstance(x, (int, float)) and x > 0 for x in (mu, sig)):
            raise _err(path, "fields 's2_response.mu_pe_per_electron' and 'sigma_pe_per_electron' must be > 0")
        curve = eff_spec.get("curve")
        if curve is None:
            pe_eff = np.ones(int(hi.max()))
        else:
            cpath = folder / _field(curve, "file", path, str)
            ccols = _read_csv(cpath)
            if "s2_pe" not in ccols:
                raise _err(cpath, "column 's2_pe' is missing")
            pe = _numbers(cpath, "s2_pe", ccols["s2_pe"], integer=True)
            if not np.array_equal(pe, np.arange(1, pe.size + 1)):
                raise _err(cpath, "column 's2_pe' must be 1, 2, 3, … (one row per integer PE)")
            if pe.size < hi.max():
                raise _err(cpath, f"the efficiency curve ends at {pe.size} PE, below the last bin's {int(hi.max())} PE")
            pe_eff = np.ones(pe.size)
            for c in _field(curve, "columns", path, list):
                if c not in ccols:
                    raise _err(cpath, f"column {c!r} (efficiency.curve.columns) is missing")
                pe_eff = pe_eff * _fraction(cpath, f"column {c!r}", _numbers(cpath, c, ccols[c]))
    background = None
    if "background" in spec:
        bcol = _field(spec["background"], "column", path, str)
        if bcol not in cols:
            raise _err(bpath, f"column {bcol!r} (background.column) is missing")
        background = _numbers(bpath, bcol, cols[bcol])
        if np.any(background < 0):
            raise _err(bpath, f"column {bcol!r} must be >= 0 (expected background counts)")
    published = []
    for k, p in enumerate(spec.get("published_limits", [])):
        ppath = folder / _field(p, "file", path, str)
        pc = _read_csv(ppath)
        for c in ("mass_GeV", "sigma_e_limit_cm2"):
            if c not in pc:
                raise _err(ppath, f"column {c!r} is missing")
        m = _numbers(ppath, "mass_GeV", pc["mass_GeV"]) * 1e6
        s = _numbers(ppath, "sigma_e_limit_cm2", pc["sigma_e_limit_cm2"])
        if np.any(np.diff(m) <= 0) or np.any(s <= 0):
            raise _err(ppath, "masses must increase and limits be > 0")
        med = _field(p, "mediator", path, str)
        if med not in ("heavy", "light"):
            raise _err(path, f"field 'published_limits[{k}].mediator' must be 'heavy' or 'light', got {med!r}")
        published.append(PublishedLimit(med, m, s, str(p.get("reference", "")), str(p.get("bibkey", "")),
                                        str(p.get("note", ""))))
    return ElectronCountData(
        name=name, title=str(_field(spec, "title", path, str)), target=str(_field(spec, "target", path, str)),
        citation=str(_field(spec, "citation", path, str)), bibkeys=tuple(spec.get("bibkeys", ())),
        exposure_kg_day=float(value) * EXPOSURE_UNITS_KG_DAY[unit], observable=observable,
        labels=tuple(cols["label"]), lo=lo, hi=hi, observed=obs, efficiency_per_bin=per_bin, flat_efficiency=flat,
        pe_efficiency=pe_eff, mu_pe=None if mu is None else float(mu), sigma_pe=None if sig is None else float(sig),
        background=background, statistics=str(spec.get("statistics", "")), caveats=tuple(spec.get("caveats", ())),
        published=tuple(published), folder=folder, licence=str(spec.get("licence", "")))


#: The shipped data sets by name (their manifests).
DATA_SETS: dict[str, Path] = shipped_manifests(FORMAT)


@functools.lru_cache(maxsize=None)
def get(name: str) -> ElectronCountData:
    """A shipped data set by name (:data:`DATA_SETS`), loaded once per process."""
    if name not in DATA_SETS:
        raise ValueError(f"data must be one of {sorted(DATA_SETS)!r}, got {name!r}")
    return load(DATA_SETS[name])
