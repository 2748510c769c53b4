"""Limits on halo dark matter–electron scattering (σ̄_e, or the millicharge δ) from the electron-count
data sets and the measured energy spectra, per data set, atomic model, mediator, halo and detector model.

The chain, for each mass: the per-subshell spectrum of the atomic model
(:func:`mcpria_lite.rates.halo_rates.halo_spectrum`), the electron numbers it makes
(:func:`mcpria_lite.detection.electron_yield.ne_spectrum`), the counts in the data set's bins
(:meth:`mcpria_lite.detection.electron_counts.ElectronCountData.expected_counts`), all at a reference
σ̄_e (the signal is linear in σ̄_e), then the statistic:

* ``"strongest-bin"`` — as the S2-only papers did (Essig et al. 2012, 2017 and the experiments after
  them): for each bin the classical Poisson upper limit on its signal with no background subtracted
  (:func:`mcpria_lite.inference.statistics.poisson_upper_limit`), σ̄_e^lim = min over bins; no trials
  factor for the choice of the bin (as in those papers);
* ``"likelihood"`` — where the data set has a background model (expected counts per bin): the binned
  Poisson likelihood of signal plus that background, the one-sided likelihood-ratio test statistic and
  its asymptotic critical value (:func:`mcpria_lite.inference.likelihood.critical_value`). DarkSide-50
  (2023) ships one (digitised from the paper's figure); a data set that adds one gets it;
* ``"rate-bound"`` — for a measured energy spectrum without exposure
  (:mod:`mcpria_lite.detection.energy_spectra`, EDELWEISS RED30): the signal's rate in a bin may not exceed
  the measured rate; the strongest bin. Not a confidence level (the module says why).

By default each data set gets its papers' statistic: ``"strongest-bin"`` for the electron counts,
``"rate-bound"`` for an energy spectrum; the atomic model defaults to the best for the target
(:func:`mcpria_lite.methods.halo_models.best_model`).

Each :class:`HaloLimit` carries what produced it (data set, atomic model, halo, electron-yield model,
statistic, C.L., package version) and writes itself as CSV or JSON (:meth:`HaloLimit.write`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from .._validate import finite_array
from ..detection import electron_counts as _ec
from ..detection import electron_yield as _ey
from ..detection import energy_spectra as _es
from ..methods.halo_models import atomic_model, best_model
from ..particles.dark_matter import HEAVY, LIGHT, HaloDarkMatter, Mediator, millicharge_delta
from ..rates.halo_rates import halo_spectrum
from ..sources.halo import StandardHaloModel
from .likelihood import critical_value
from .statistics import poisson_upper_limit

__all__ = ["HaloLimit", "signal_counts", "strongest_bin_limit", "likelihood_limit", "rate_bound_limit", "halo_limit",
           "STATISTICS", "MEDIATORS", "data_set", "data_set_names"]

#: The statistics of :func:`halo_limit`.
STATISTICS = ("strongest-bin", "likelihood", "rate-bound")


def data_set_names() -> tuple[str, ...]:
    """Every shipped data set a halo limit can use: the electron counts and the energy spectra."""
    return tuple(sorted(set(_ec.DATA_SETS) | set(_es.DATA_SETS)))


def data_set(data):
    """A shipped data set by name (:func:`data_set_names`) or the loaded object itself."""
    if isinstance(data, (_ec.ElectronCountData, _es.EnergyRateData)):
        return data
    if data in _ec.DATA_SETS:
        return _ec.get(data)
    if data in _es.DATA_SETS:
        return _es.get(data)
    raise ValueError(f"data must be one of {list(data_set_names())!r} or a loaded data set, got {data!r}")
#: Mediators by name.
MEDIATORS = {"heavy": HEAVY, "light": LIGHT}
_SIGMA_REF = 1e-38


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mcpria-lite")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installation
        return "unknown"


def signal_counts(data: _ec.ElectronCountData, dm: HaloDarkMatter, response, halo=None,
                  yield_model: _ey.SecondaryQuantaModel | None = None):
    """Expected counts per bin of ``data`` for the particle ``dm``, and the spectrum they come from."""
    if response.element != data.target:
        raise ValueError(f"the atomic model is for {response.element}, the data set {data.name!r} for {data.target}")
    ym = yield_model if yield_model is not None else _ey.YIELD_MODELS.get(data.target)
    if ym is None:
        raise ValueError(f"no electron-yield model for target {data.target!r}; pass yield_model")
    s = halo_spectrum(dm, response, halo)
    return data.expected_counts(_ey.ne_spectrum(s, ym, n_max=data.n_e_max + 1)), s


def strongest_bin_limit(expected_at_ref, observed, sigma_ref_cm2: float, cl: float = 0.9) -> tuple[float, int, np.ndarray]:
    """(σ̄_e limit, index of the strongest bin, per-bin limits) from the expected counts per bin at
    σ̄_e = ``sigma_ref_cm2``: the Poisson upper limit per bin, no background (inf where a bin has no signal)."""
    s = finite_array("expected_at_ref", expected_at_ref)
    if np.any(s < 0):
        raise ValueError("expected_at_ref must be >= 0 (counts)")
    mu = np.array([poisson_upper_limit(int(n), 0.0, cl) for n in np.asarray(observed)])
    with np.errstate(divide="ignore"):
        per = np.where(s > 0, sigma_ref_cm2 * mu / np.where(s > 0, s, 1.0), np.inf)
    i = int(np.argmin(per))
    return float(per[i]), i, per


def rate_bound_limit(expected_at_ref, measured, sigma_ref_cm2: float) -> tuple[float, int, np.ndarray]:
    """(σ̄_e limit, index of the strongest bin, per-bin limits): the signal's rate may not exceed the measured
    rate in any bin; inf where a bin has no signal."""
    s = finite_array("expected_at_ref", expected_at_ref)
    m = finite_array("measured", measured)
    if np.any(s < 0) or np.any(m < 0) or s.shape != m.shape:
        raise ValueError("expected_at_ref and measured must be >= 0 and of the same shape")
    with np.errstate(divide="ignore"):
        per = np.where(s > 0, sigma_ref_cm2 * m / np.where(s > 0, s, 1.0), np.inf)
    i = int(np.argmin(per))
    return float(per[i]), i, per


def likelihood_limit(expected_at_ref, observed, background, sigma_ref_cm2: float, cl: float = 0.9) -> float:
    """One-sided upper limit on σ̄_e from the binned Poisson likelihood with a known background per bin:
    q(σ) = 2[ln L(σ̂) − ln L(σ)] for σ > σ̂ ≥ 0 equals the asymptotic critical value Φ⁻¹(cl)²."""
    s = finite_array("expected_at_ref", expected_at_ref) / sigma_ref_cm2
    n = np.asarray(observed, float)
    b = finite_array("background", background)
    if np.any(b < 0) or b.shape != s.shape or n.shape != s.shape:
        raise ValueError("background must be >= 0 and of the shape of the bins")
    if not np.any(s > 0):
        return float("inf")

    def nll(x):
        mu = x * s + b
        return float(np.sum(mu - np.where(n > 0, n * np.log(np.maximum(mu, 1e-300)), 0.0)))

    hi = float(np.sum(n) + 10 * np.sqrt(np.sum(n) + 1) + 10) / float(np.max(s))
    xs = np.concatenate([[0.0], np.geomspace(hi * 1e-9, hi, 400)])
    vals = np.array([nll(x) for x in xs])
    k = int(np.argmin(vals))
    x_hat, nll_hat = xs[k], vals[k]
    if 0 < k < xs.size - 1:                                   # refine the best fit between its neighbours
        r = minimize_scalar(nll, bounds=(xs[k - 1], xs[k + 1]), method="bounded", options={"xatol": 1e-10 * xs[k + 1]})
        if r.fun < nll_hat:
            x_hat, nll_hat = float(r.x), float(r.fun)
    c = critical_value(cl)
    j = k + int(np.argmax(2 * (vals[k:] - nll_hat) > c)) if np.any(2 * (vals[k:] - nll_hat) > c) else None
    if j is None:
        return float("inf")
    return float(brentq(lambda x: 2 * (nll(x) - nll_hat) - c, max(xs[j - 1], x_hat), xs[j]))


@dataclass
class HaloLimit:
    """A limit curve σ̄_e(m_χ) and what produced it.

    Attributes
    ----------
    data, atomic_model, mediator, statistic : str
    cl : float
    mass_keV, sigma_e_cm2 : numpy.ndarray
        The masses and the limits (inf where the data set sees no signal).
    strongest_bin : list of str
        The bin that sets each limit (strongest-bin statistic), or ``""``.
    provenance : dict
        Data set, atomic model, halo, electron-yield model, statistic, C.L., package version, notes.
    """

    data: str
    atomic_model: str
    mediator: str
    statistic: str
    cl: float
    mass_keV: np.ndarray
    sigma_e_cm2: np.ndarray
    strongest_bin: list = field(default_factory=list)
    provenance: dict = field(default_factory=dict)

    @property
    def delta(self) -> np.ndarray:
        """The millicharge δ of a millicharged halo χ at the limit (light mediator only)."""
        if self.mediator != "light":
            raise ValueError("delta is defined for the light mediator (a millicharge) only")
        return np.array([millicharge_delta(s, m) if np.isfinite(s) else np.inf
                         for s, m in zip(self.sigma_e_cm2, self.mass_keV)])

    def rows(self) -> list[dict]:
        out = []
        for k, (m, s) in enumerate(zip(self.mass_keV, self.sigma_e_cm2)):
            r = {"data": self.data, "atomic_model": self.atomic_model, "mediator": self.mediator,
                 "m_chi_MeV": float(m) / 1e3, "sigma_e_limit_cm2": float(s),
                 "strongest_bin": self.strongest_bin[k] if self.strongest_bin else ""}
            if self.mediator == "light":
                r["delta"] = float(self.delta[k])
            out.append(r)
        return out

    def to_json(self) -> str:
        return json.dumps({"provenance": self.provenance, "limits": self.rows()}, indent=1, allow_nan=True) + "\n"

    def to_csv(self) -> str:
        buf = io.StringIO()
        for line in json.dumps(self.provenance, indent=1).splitlines():
            buf.write(f"# {line}\n")
        rows = self.rows()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()

    def write(self, path) -> None:
        """Write the limit with its provenance as CSV (``.csv``, provenance as ``#`` lines) or JSON."""
        p = str(path)
        if not p.endswith((".csv", ".json")):
            raise ValueError(f"path must end in .csv or .json, got {p!r}")
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(self.to_csv() if p.endswith(".csv") else self.to_json())


def _mediator(mediator) -> tuple[str, Mediator]:
    if isinstance(mediator, Mediator):
        return (mediator.kind if mediator.kind in MEDIATORS else mediator.label), mediator
    if mediator not in MEDIATORS:
        raise ValueError(f"mediator must be one of {sorted(MEDIATORS)} or a Mediator, got {mediator!r}")
    return mediator, MEDIATORS[mediator]


def halo_limit(data: str = "xenon10", model: str | None = None, mediator="heavy", masses_keV=None, *,
               halo=None, yield_model: _ey.SecondaryQuantaModel | None = None, cl: float = 0.9,
               statistic: str | None = None, readout: _es.ChargeReadout | None = None) -> HaloLimit:
    """The σ̄_e limit curve of data set ``data`` with atomic ``model`` (:mod:`mcpria_lite.methods.halo_models`).

    Parameters
    ----------
    data : str
        A shipped data set (:func:`data_set_names`) or a loaded
        :class:`~mcpria_lite.detection.electron_counts.ElectronCountData` or
        :class:`~mcpria_lite.detection.energy_spectra.EnergyRateData`.
    model : str, optional
        An atomic model registered for the data set's target; default the best one for it
        (:func:`mcpria_lite.methods.halo_models.best_model`).
    mediator : {"heavy", "light"} or Mediator
    masses_keV : array_like
        Dark-matter masses (keV); default 12 masses from 10 MeV to 1 GeV.
    halo : mcpria_lite.sources.halo.StandardHaloModel, optional
        Default: :class:`mcpria_lite.sources.halo.StandardHaloModel` (Baxter et al. parameters).
    yield_model : SecondaryQuantaModel, optional
        Default: the target's (:data:`mcpria_lite.detection.electron_yield.YIELD_MODELS`).
    cl : float
        Confidence level (not used by ``"rate-bound"``).
    statistic : {"strongest-bin", "likelihood", "rate-bound"}, optional
        ``"likelihood"`` needs a data set with a background model, ``"rate-bound"`` is the one statistic of an
        energy spectrum; default the data set's (see the module docstring).
    readout : ChargeReadout, optional
        For an energy spectrum: the charge readout instead of the data set's.
    """
    d = data_set(data)
    energy = isinstance(d, _es.EnergyRateData)
    if statistic is None:
        statistic = "rate-bound" if energy else "strongest-bin"
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {STATISTICS}, got {statistic!r}")
    if energy != (statistic == "rate-bound"):
        raise ValueError(f"statistic {statistic!r} does not apply to the data set {d.name!r}: "
                         + ("a measured energy spectrum without exposure takes 'rate-bound'" if energy
                            else "'rate-bound' is for measured energy spectra; use 'strongest-bin' or 'likelihood'"))
    if statistic == "likelihood" and getattr(d, "background", None) is None:
        raise ValueError(f"statistic 'likelihood' needs a background model; the data set {d.name!r} has none "
                         f"(use 'strongest-bin')")
    if not 0 < cl < 1:
        raise ValueError(f"cl must be in (0, 1), got {cl!r}")
    med_name, med = _mediator(mediator)
    masses = np.geomspace(1e4, 1e6, 12) if masses_keV is None else finite_array("masses_keV", masses_keV)
    if np.any(masses <= 0):
        raise ValueError("masses_keV must be > 0 keV")
    h = StandardHaloModel() if halo is None else halo
    ym = yield_model if yield_model is not None else _ey.YIELD_MODELS.get(d.target)
    ro = (readout if readout is not None else d.readout) if isinstance(d, _es.EnergyRateData) else None
    if ro is None and ym is None:
        raise ValueError(f"yield_model is required for data set {d.name!r}: no electron-yield model is known for its "
                         f"target {d.target!r} (known: {sorted(_ey.YIELD_MODELS)})")
    if model is None:
        model = best_model(d.target)
    response = atomic_model(model, d.target)
    limits, best = [], []
    notes: list[str] = []
    if response.element != d.target:
        raise ValueError(f"the atomic model is for {response.element}, the data set {d.name!r} for {d.target}")
    for m in np.atleast_1d(masses):
        if energy:
            spec = halo_spectrum(HaloDarkMatter(float(m), _SIGMA_REF, med), response, h)
            lim, i, _ = rate_bound_limit(d.expected_rate(spec, ro), d.rate, _SIGMA_REF)
            best.append(d.labels[i] if np.isfinite(lim) else "")
            limits.append(lim)
            continue
        counts, spec = signal_counts(d, HaloDarkMatter(float(m), _SIGMA_REF, med), response, h, ym)
        if statistic == "strongest-bin":
            lim, i, _ = strongest_bin_limit(counts, d.observed, _SIGMA_REF, cl)
            best.append(d.labels[i] if np.isfinite(lim) else "")
        else:
            lim = likelihood_limit(counts, d.observed, d.background, _SIGMA_REF, cl)
            best.append("")
        limits.append(lim)
        if not spec.complete and not notes:
            notes.append(f"spectra above {spec.E_max_keV:g} keV not computed (masses above ~2.8 GeV)")
    if response.missing_below_keV:
        notes.append(f"the atomic model's response starts at {1e3 * response.missing_below_keV:g} eV: the "
                     f"signal between the first threshold ({1e3 * response.threshold_keV:g} eV) and there is "
                     "not included (a conservative limit)")
    detector = ro if ro is not None else ym
    assert detector is not None                                   # checked above
    prov = {"data_set": d.summary(), "atomic_model": response.describe(), "mediator": med_name,
            "halo": h.describe() if hasattr(h, "describe") else repr(h),
            ("charge_readout" if ro is not None else "electron_yield"): detector.describe(), "statistic": statistic, "cl": None if energy else cl,
            "package": {"name": "mcpria-lite", "version": _version()}, "notes": notes}
    return HaloLimit(d.name, model, med_name, statistic, cl, np.atleast_1d(masses).astype(float), np.array(limits),
                     best, prov)
