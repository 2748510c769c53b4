"""Data sets that are measured energy spectra (rates per keV), and what a halo spectrum leaves in their bins:
the germanium bolometers with charge amplification (EDELWEISS RED30).

**The detector.** A germanium crystal with Neganov–Trofimov–Luke amplification (:class:`ChargeReadout`): an
energy deposit E (keV) makes n_eh = 1 + ⌊(E − E_gap)/ε⌋ electron–hole pairs (E ≥ E_gap; the convention of
semiconductor DM–electron analyses, as in obscura's ``Electron_Hole_Pairs``), the drift of the pairs across
the bias V adds n_eh·eV of phonons, and the heat signal, calibrated in electron-equivalent energy, reads
E_ee = (E + n_eh eV)/(1 + eV/ε); a Gaussian baseline resolution σ (in pairs, times ε) smears it. No Fano
fluctuation of n_eh. The atomic response of a free Ge atom stands in for the crystal's: it has nothing
below the atom's 4p/4s threshold (7.9 eV), while the crystal's valence bands start at the 0.67 eV gap —
an approximation at the lowest energies, which the book states.

**The data.** One folder under ``mcpria_lite/data/releases/<name>/`` with a manifest (format
``"mcpria-lite energy-rate data set 1"``), a spectrum table (columns ``E_center_keVee``, ``width_keVee``,
``rate_dru``: bin centre and width in keVee, rate in counts/(keV kg day), efficiency-corrected as released;
neighbouring bins whose edges centre ± width/2 differ by less than 1 % of a width, the rounding of the
printed values, share the upper bin's left edge)
and a ``PROVENANCE.md``; ``charge_readout`` in the manifest gives V, the resolution in pairs, ε and E_gap.
:data:`DATA_SETS` lists the shipped ones, :func:`get` loads one, :func:`load` reads any manifest; every field
is checked on load (a negative rate, overlapping bins, a non-positive ε raise ``ValueError`` naming the
file and the field).

**The statistic** (a rate-only release carries no exposure, so no counts): the *rate bound* — the signal's
mean rate in a bin may not exceed the measured rate there; σ̄_e^lim = min over bins of
σ̄_ref × measured/expected. It is not a confidence level (a Poisson 90 % limit is weaker by about
1.28/√N for a bin of N events).
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.special import ndtr

from .manifests import read_manifest, shipped_manifests

__all__ = ["FORMAT", "ChargeReadout", "EnergyRateData", "load", "get", "DATA_SETS"]

#: The manifest format this module reads.
FORMAT = "mcpria-lite energy-rate data set 1"


def _positive(name, v) -> float:
    if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {v!r}")
    return float(v)


@dataclass(frozen=True)
class ChargeReadout:
    """Charge quantisation and NTL-amplified heat readout of a semiconductor bolometer.

    Attributes
    ----------
    bias_V : float
        Drift voltage (V); each pair adds e·V of phonons.
    resolution_pairs : float
        Gaussian baseline resolution (RMS), in electron–hole pairs.
    epsilon_keV : float
        Mean energy per electron–hole pair (keV), ≈ 0.003 in germanium.
    gap_keV : float
        Band gap (keV): the smallest energy that makes one pair.
    label : str
    """

    bias_V: float
    resolution_pairs: float
    epsilon_keV: float
    gap_keV: float
    label: str = ""

    def __post_init__(self) -> None:
        for k in ("bias_V", "resolution_pairs", "epsilon_keV", "gap_keV"):
            object.__setattr__(self, k, _positive(k, getattr(self, k)))
        if self.gap_keV >= self.epsilon_keV:
            raise ValueError(f"gap_keV must be below epsilon_keV ({self.epsilon_keV!r}), got {self.gap_keV!r}")

    @property
    def sigma_keVee(self) -> float:
        """The resolution in keVee (pairs × ε)."""
        return self.resolution_pairs * self.epsilon_keV

    def pairs(self, E_keV) -> np.ndarray:
        """n_eh = 1 + ⌊(E − E_gap)/ε⌋ for E ≥ E_gap, else 0."""
        E = np.asarray(E_keV, float)
        return np.where(E >= self.gap_keV, 1 + np.floor((E - self.gap_keV) / self.epsilon_keV), 0).astype(int)

    def E_ee_keV(self, E_keV, n_pairs) -> np.ndarray:
        """The heat signal in keVee, (E + n eV)/(1 + eV/ε)."""
        eV = 1e-3 * self.bias_V
        return (np.asarray(E_keV, float) + np.asarray(n_pairs) * eV) / (1.0 + eV / self.epsilon_keV)

    def describe(self) -> dict:
        return {"charge_readout": self.label, "bias_V": self.bias_V, "resolution_pairs_rms": self.resolution_pairs,
                "epsilon_keV": self.epsilon_keV, "gap_keV": self.gap_keV}

    def binned_rate(self, spectrum, lo_keVee, hi_keVee) -> np.ndarray:
        """The mean rate (counts/(keV kg day)) in bins [lo, hi] of E_ee of a halo spectrum
        (:class:`mcpria_lite.rates.halo_rates.HaloSpectrum`): the deposits grouped by pair number (each step
        [E_gap + (n − 1)ε, E_gap + nε] integrated exactly, its E_ee at the step's middle), Gaussian smearing."""
        lo, hi = np.asarray(lo_keVee, float), np.asarray(hi_keVee, float)
        E0 = float(spectrum.missing_below_keV or spectrum.E_keV[0])
        E1 = float(min(spectrum.E_keV[-1], spectrum.E_max_keV))
        if E1 <= E0:
            return np.zeros(lo.size)
        n = np.arange(max(int(self.pairs(E0)), 1), int(self.pairs(E1)) + 1)
        a = np.clip(self.gap_keV + (n - 1) * self.epsilon_keV, E0, E1)
        b = np.clip(self.gap_keV + n * self.epsilon_keV, E0, E1)
        counts = sum(spectrum.integral(i, a, b) for i in range(len(spectrum.subshells)))   # counts/(kg day)
        mu = self.E_ee_keV(0.5 * (a + b), n)
        s = self.sigma_keVee
        frac = ndtr((hi[None, :] - mu[:, None]) / s) - ndtr((lo[None, :] - mu[:, None]) / s)
        return (counts @ frac) / (hi - lo)


@dataclass(frozen=True, eq=False)
class EnergyRateData:
    """A measured energy spectrum (see the module docstring).

    Attributes
    ----------
    name, title, target, citation : str
    bibkeys : tuple of str
    lo, hi : numpy.ndarray
        Bin edges (keVee).
    rate : numpy.ndarray
        Measured (efficiency-corrected) rate per bin, counts/(keV kg day).
    readout : ChargeReadout
    statistics : str
    caveats : tuple of str
    folder : pathlib.Path
    licence : str
    """

    name: str
    title: str
    target: str
    citation: str
    bibkeys: tuple
    lo: np.ndarray
    hi: np.ndarray
    rate: np.ndarray
    readout: ChargeReadout
    statistics: str
    caveats: tuple
    folder: Path | None = None
    licence: str = ""
    published: tuple = field(default=())

    @property
    def n_bins(self) -> int:
        return int(self.rate.size)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f"{1e3 * a:.1f}-{1e3 * b:.1f} eVee" for a, b in zip(self.lo, self.hi))

    def published_limit(self, mediator: str):
        """No published curve is shipped with a rate data set (``None``)."""
        return None

    def summary(self) -> dict:
        return {"name": self.name, "title": self.title, "target": self.target, "citation": self.citation,
                "observable": "E_ee (keVee)", "n_bins": self.n_bins, "E_range_keVee": [float(self.lo[0]), float(self.hi[-1])],
                "caveats": list(self.caveats)}

    def expected_rate(self, spectrum, readout: ChargeReadout | None = None) -> np.ndarray:
        """The signal's mean rate per bin (counts/(keV kg day)) from a halo spectrum."""
        return (readout or self.readout).binned_rate(spectrum, self.lo, self.hi)


def _err(path, what) -> ValueError:
    return ValueError(f"{path}: {what}")


def load(manifest) -> EnergyRateData:
    """Read and check the data set of ``manifest`` (a path to its JSON file)."""
    path = Path(manifest)
    spec = read_manifest(path, FORMAT)
    for k in ("name", "title", "target", "citation", "spectrum", "charge_readout"):
        if k not in spec:
            raise _err(path, f"field {k!r} is missing")
    sp = spec["spectrum"]
    if sp.get("energy_unit") != "keVee":
        raise _err(path, f"field 'spectrum.energy_unit' must be 'keVee', got {sp.get('energy_unit')!r}")
    spath = path.parent / str(sp.get("file", ""))
    if not spath.is_file():
        raise _err(spath, "file not found")
    with open(spath, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cols = ("E_center_keVee", "width_keVee", "rate_dru")
    if not rows or any(c not in rows[0] for c in cols):
        raise _err(spath, f"columns {cols} are required")
    try:
        a = {c: np.array([float(r[c]) for r in rows]) for c in cols}
    except ValueError:
        raise _err(spath, "columns must hold numbers") from None
    if not all(np.all(np.isfinite(v)) for v in a.values()):
        raise _err(spath, "values must be finite")
    if np.any(a["width_keVee"] <= 0) or np.any(a["E_center_keVee"] <= 0):
        raise _err(spath, "column 'width_keVee' and 'E_center_keVee' must be > 0")
    if np.any(a["rate_dru"] < 0):
        raise _err(spath, "column 'rate_dru' must be >= 0")
    lo = a["E_center_keVee"] - 0.5 * a["width_keVee"]
    hi = a["E_center_keVee"] + 0.5 * a["width_keVee"]
    touch = np.abs(hi[:-1] - lo[1:]) < 1e-2 * a["width_keVee"][1:]        # rounding of the printed values
    if np.any(np.diff(a["E_center_keVee"]) <= 0) or np.any((lo[1:] < hi[:-1]) & ~touch):
        raise _err(spath, "bins must be ascending and must not overlap (by more than 1 % of a width)")
    hi[:-1] = np.where(touch, lo[1:], hi[:-1])
    cr = spec["charge_readout"]
    try:
        readout = ChargeReadout(cr.get("bias_V"), cr.get("resolution_pairs_rms"), 1e-3 * _positive(
            "charge_readout.epsilon_eV", cr.get("epsilon_eV")), 1e-3 * _positive("charge_readout.gap_eV", cr.get("gap_eV")),
            label=f"{spec['name']} (as released)")
    except ValueError as exc:
        raise _err(path, f"field 'charge_readout': {exc}") from None
    return EnergyRateData(str(spec["name"]), str(spec["title"]), str(spec["target"]), str(spec["citation"]),
                          tuple(spec.get("bibkeys", ())), lo, hi, a["rate_dru"], readout,
                          str(spec.get("statistics", "")), tuple(spec.get("caveats", ())), path.parent,
                          str(spec.get("licence", "")))


#: The shipped energy-rate data sets by name (their manifests).
DATA_SETS: dict[str, Path] = shipped_manifests(FORMAT)


@functools.lru_cache(maxsize=None)
def get(name: str) -> EnergyRateData:
    """A shipped data set by name (:data:`DATA_SETS`), loaded once per process."""
    if name not in DATA_SETS:
        raise ValueError(f"data must be one of {sorted(DATA_SETS)!r}, got {name!r}")
    return load(DATA_SETS[name])
