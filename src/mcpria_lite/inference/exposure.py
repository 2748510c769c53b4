"""The coupling an experiment with a given detector and exposure can exclude (median, counting).

``exposure_sensitivity`` folds the signal through the detector's resolution and efficiency,
counts signal and background in the analysis window and turns the median background-only upper
limit into a limit on the millicharge (:mod:`mcpria_lite.inference.statistics`).
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .. import _validate
from ..detection.detectors import Detector, TabulatedBackground
from ..methods import get as get_method
from ..methods.base import MethodLike
from ..particles.interactions import Millicharge
from ..rates.event_rates import dR_dT, rate_scaling_exponent
from ..sources.flux import Source
from . import statistics as _st

__all__ = ["exposure_sensitivity"]


_OWN_ARGS = {"target", "T_keV", "E_keV", "m_keV", "flux", "method", "delta"}


def _check_rate_options(caller: str, method: MethodLike, options: dict) -> None:
    """Unknown keywords are an error naming ``caller`` and the keywords it accepts.

    The accepted ones are the keywords of :func:`mcpria_lite.rates.event_rates.dR_dT` and the options of
    ``method`` (:mod:`mcpria_lite.methods`).
    """
    accepted = {n for n, p in inspect.signature(dR_dT).parameters.items()
                if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
    try:
        accepted |= {f.name for f in dataclasses.fields(get_method(method).Options)}
    except ValueError:
        return  # an unknown method: the rate names it and the allowed ones
    accepted -= _OWN_ARGS
    unknown = sorted(set(options) - accepted)
    if unknown:
        raise ValueError(f"{caller}() got unknown keyword argument(s) {unknown} for method {method!r}; "
                         f"allowed keywords: {sorted(accepted)}")


def exposure_sensitivity(detector: Detector, flux: Source, method: MethodLike = "RIA", *,
                         exposure_kg_day: ArrayLike | None = None, window_keV: tuple[float, float] | None = None,
                         cl: float = 0.9, statistic: _st.Statistic = "poisson", n_bins: int = 10, n_T: int = 200,
                         **rate_options: Any) -> float | np.ndarray:
    """Median δ excluded at confidence level ``cl`` by an experiment with ``detector``.

    The signal dR/dT is computed at δ = 1 on a logarithmic grid of ``n_T`` energies covering
    the window (extended by 5σ of the resolution on both sides), passed through the
    resolution and efficiency (:meth:`Detector.measured_spectrum <mcpria_lite.detection.detectors.Detector.measured_spectrum>`), and counted in the window; the
    background is counted from :meth:`Detector.background_at <mcpria_lite.detection.detectors.Detector.background_at>`. Then, as in
    :func:`mcpria_lite.inference.statistics.exposure_sensitivity` (which this reproduces exactly for a
    flat background): ``statistic="poisson"`` or ``"feldman-cousins"``, the median
    background-only count and its upper limit (:func:`mcpria_lite.inference.statistics.median_upper_limit`);
    ``"asimov"``, the binned Asimov likelihood over ``n_bins`` logarithmic bins
    (:func:`mcpria_lite.inference.statistics.asimov_upper_limit`). The limit on the counts becomes a
    limit on δ through dR ∝ δⁿ (:func:`mcpria_lite.rates.event_rates.rate_scaling_exponent`).

    Parameters
    ----------
    detector : Detector
        The detector (:mod:`mcpria_lite.detection.detectors`): target, resolution, efficiency,
        background, and the default exposure and window.
    flux : Flux
    method : {"RIA", "RIA-simplified", "FEA", "EPA"}
    exposure_kg_day : float or array_like, optional
        Exposure(s) in kg·day; default the detector's.
    window_keV : (float, float), optional
        Analysis window; default the detector's.
    cl : float
        Confidence level in (0, 1).
    statistic : {"poisson", "feldman-cousins", "asimov"}
    n_bins : int
        Bins of the Asimov likelihood.
    n_T : int
        Energies of the signal grid (≥ 20).
    **rate_options
        Passed to :func:`mcpria_lite.rates.event_rates.dR_dT`; ``interaction`` may only be
        ``Millicharge`` (class or instance: the δ an instance carries does not enter, the limit is on δ).

    Returns
    -------
    float or numpy.ndarray
        δ_CL in units of e, a float for a scalar exposure.
    """
    _check_rate_options("exposure_sensitivity", method, rate_options)
    inter = rate_options.pop("interaction", None)
    if inter is not None and not (inter is Millicharge or isinstance(inter, Millicharge)):
        raise ValueError("interaction: exposure_sensitivity solves for the millicharge delta only "
                         "(allowed: None or Millicharge); other couplings need a likelihood with every rate term")
    # the limit is on δ itself: the signal is computed at δ = 1 whatever δ an instance carries
    X = detector.exposure_kg_day if exposure_kg_day is None else exposure_kg_day
    if X is None:
        raise ValueError("exposure_kg_day is required (kg day): give it here or in the Detector")
    X = _validate.positive_array("exposure_kg_day", X, "kg day")
    win = detector.window_keV if window_keV is None else detector.check_window(window_keV)
    if win is None:
        raise ValueError("window_keV is required (T1, T2) keV: give it here or in the Detector")
    _validate.choice("statistic", statistic, ("poisson", "feldman-cousins", "asimov"))
    if isinstance(n_T, bool) or not isinstance(n_T, (int, np.integer)) or n_T < 20:
        raise ValueError(f"n_T must be an integer >= 20 (energies of the signal grid), got {n_T!r}")
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be an integer >= 1, got {n_bins!r}")
    a, b = win
    lo, hi = a, b
    if detector.resolution is not None:
        s_lo = float(np.asarray(detector.resolution(np.asarray(a)), dtype=float))
        s_hi = float(np.asarray(detector.resolution(np.asarray(b)), dtype=float))
        lo, hi = max(a - 5.0 * s_lo, 0.05 * a), b + 5.0 * s_hi
    T = np.geomspace(lo, hi, int(n_T))
    T[0], T[-1] = lo, hi
    if lo < a < hi:  # the window ends on the grid
        T = np.unique(np.concatenate([T, [a, b]]))
    r1 = np.asarray(dR_dT(detector.target_object(), T, flux, method, 1.0, **rate_options), dtype=float)
    meas = detector.measured_spectrum(T, r1)
    n = rate_scaling_exponent(flux)
    try:
        return _limits(detector, T, meas, n, X, (a, b), cl, statistic, int(n_bins))
    except ValueError as exc:  # the counts scale with the exposure: name it
        if "background" not in str(exc):
            raise
        raise ValueError(f"exposure_kg_day (up to {float(np.max(X)):g} kg day) gives a background the statistic "
                         f"{statistic!r} cannot take: {exc}") from None


def _limits(detector, T, meas, n, X, window, cl, statistic, n_bins):
    """δ limits for every exposure in ``X`` (see :func:`exposure_sensitivity`)."""
    a, b = window
    if not isinstance(detector.background_cpkkd, TabulatedBackground):
        out = _st.exposure_sensitivity(T, meas, n, X, float(detector.background_cpkkd), (a, b), cl=cl,
                                       method=statistic, n_bins=int(n_bins))
        return float(out) if out.ndim == 0 else out
    bg = detector.background_cpkkd
    out = np.empty(X.shape)
    s1: np.ndarray | float  # per bin (Asimov) or in the window (counting)
    if statistic == "asimov":
        edges = np.geomspace(a, b, int(n_bins) + 1)
        s1 = _st.bin_counts(T, meas, 1.0, edges)
        b1 = np.array([bg.counts(1.0, (edges[k], edges[k + 1])) for k in range(int(n_bins))])
        for i, x in np.ndenumerate(X):
            out[i] = _st.asimov_upper_limit(x * s1, x * b1, cl) ** (1.0 / n)
    else:
        s1 = _st.expected_counts(T, meas, 1.0, (a, b))
        for i, x in np.ndenumerate(X):
            out[i] = _st.delta_limit(_st.median_upper_limit(bg.counts(x, (a, b)), cl, method=statistic),
                                     x * s1, n)
    return float(out) if out.ndim == 0 else out
