"""The coupling an experiment with a given detector and exposure can exclude (median, counting).

``exposure_sensitivity`` folds the signal through the detector's resolution and efficiency,
counts signal and background in the analysis window and turns the median background-only upper
limit into a limit on a coupling (:mod:`mcpria_lite.inference.statistics`): the millicharge of
Qiao et al. (2021), or the one coupling of any interaction (a magnetic moment, a charge radius, a
millicharge with its weak interference), with the Standard-Model weak recoils where they belong —
in the background, never in the signal; every interference term in the signal.
"""

from __future__ import annotations

import contextlib

import dataclasses
import inspect

import numpy as np
from scipy.special import ndtri

from .. import _validate
from ..detection.detectors import TabulatedBackground
from ..methods import get as get_method
from ..rates.event_rates import dR_dT, dR_dT_terms, rate_scaling_exponent
from . import statistics as _st
from .sensitivities import _flux_projectile, _resolve_interaction

__all__ = ["exposure_sensitivity"]


_OWN_ARGS = {"target", "T_keV", "E_keV", "m_keV", "flux", "method", "delta", "interaction"}


def _check_rate_options(caller: str, method: str, options: dict) -> None:
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
        own = [n for n in inspect.signature(exposure_sensitivity).parameters if n != "rate_options"]
        raise ValueError(f"{caller}() got unknown keyword argument(s) {unknown} for method {method!r}"
                         f"{_validate.did_you_mean(unknown[0], [*accepted, *own])}; allowed keywords: "
                         f"{sorted(accepted | set(own))}")


def _signal_grid(detector, window) -> tuple[float, float]:
    """The energies of the signal: the window extended by 5σ of the resolution on both sides."""
    a, b = window
    lo, hi = a, b
    if detector.resolution is not None:
        s_lo = float(np.asarray(detector.resolution(np.asarray(a)), dtype=float))
        s_hi = float(np.asarray(detector.resolution(np.asarray(b)), dtype=float))
        lo, hi = max(a - 5.0 * s_lo, 0.05 * a), b + 5.0 * s_hi
    return lo, hi


def _asimov_q(s, b) -> float:
    """−2 ln λ of Asimov background-only data against the signal s (signed, per bin); 0 when the
    total signal is not an excess (a one-sided test excludes only hypotheses predicting more events)."""
    if not np.sum(s) > 0:
        return 0.0
    tot = s + b
    if np.any(tot <= 0):
        return float("inf")
    safe_b = np.where(b > 0, b, 1.0)
    return float(2.0 * np.sum(np.where(b > 0, s - safe_b * np.log1p(s / safe_b), s)))


def _coupling_limit(excluded, est: float) -> float:
    """Smallest g > 0 at which ``excluded(g)`` turns true, by a scan in ln g around ``est`` and bisection."""
    grid = np.linspace(np.log(est) - 12.0, np.log(est) + 12.0, 241)
    flags = [excluded(np.exp(x)) for x in grid]
    if not any(flags):
        return float("inf")
    k = flags.index(True)
    if k == 0:
        return float(np.exp(grid[0]))
    lo, hi = grid[k - 1], grid[k]
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if excluded(np.exp(mid)) else (mid, hi)
    return float(np.exp(hi))


def exposure_sensitivity(detector, flux, method: str = "RIA", *, interaction=None, exposure_kg_day=None,
                         window_keV=None, cl: float = 0.9, statistic: str = "poisson", n_bins: int = 10,
                         n_T: int = 200, standard_model: str = "in-background", **rate_options):
    """Median coupling excluded at confidence level ``cl`` by an experiment with ``detector``.

    The rate terms R_k(T) at unit couplings (:func:`mcpria_lite.rates.event_rates.dR_dT_terms`) are
    computed on a logarithmic grid of ``n_T`` energies covering the window (extended by 5σ of the
    resolution on both sides), each passed through the resolution and efficiency
    (:meth:`Detector.measured_spectrum <mcpria_lite.detection.detectors.Detector.measured_spectrum>`)
    and counted in the window; the background is counted from
    :meth:`Detector.background_at <mcpria_lite.detection.detectors.Detector.background_at>`.

    The signal is the sum of the terms that carry the coupling (its square, and its interference
    with the Standard-Model weak amplitude, of either sign). The Standard-Model weak term itself is
    background: by default (``standard_model="in-background"``) it is taken to be contained in the
    detector's background, as in the rate criterion of Qiao et al. (2021)
    (:func:`mcpria_lite.inference.sensitivities.sensitivity`); ``"add-to-background"`` adds its
    counts to the detector's background.

    Statistics: ``"poisson"`` or ``"feldman-cousins"``, the median background-only count and its
    upper limit s_CL (:func:`mcpria_lite.inference.statistics.median_upper_limit`), and the
    smallest coupling whose signal reaches s_CL; ``"asimov"``, the binned Asimov likelihood over
    ``n_bins`` logarithmic bins (−2 ln λ = [Φ⁻¹(cl)]², :func:`mcpria_lite.inference.statistics.asimov_upper_limit`).
    One pure power of the coupling (the paper's millicharge: dR ∝ δⁿ,
    :func:`mcpria_lite.rates.event_rates.rate_scaling_exponent`) is solved in closed form, exactly as
    :func:`mcpria_lite.inference.statistics.exposure_sensitivity` for a flat background; with an
    interference term both signs of the coupling are tried and the larger magnitude is returned
    (the limit then holds for either sign).

    Parameters
    ----------
    detector : Detector
        The detector (:mod:`mcpria_lite.detection.detectors`): target, resolution, efficiency,
        background, and the default exposure and window.
    flux : Flux
    method : {"RIA", "RIA-simplified", "FEA", "EPA", "DFS"}
    interaction : type or Interaction, optional
        ``None``: the millicharge of Qiao et al. (2021) alone (δ², no weak interference).
        ``Millicharge``, ``MagneticMoment``, ``ChargeRadius`` as a class: solved for, with the
        Standard-Model ``Weak()`` added for a neutrino flux where the method has it (as in
        :func:`mcpria_lite.inference.sensitivities.sensitivity`); or an instance/sum with exactly one
        coupling.
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
    standard_model : {"in-background", "add-to-background"}
        Where the Standard-Model weak recoils go (above); never into the signal.
    **rate_options
        Passed to :func:`mcpria_lite.rates.event_rates.dR_dT_terms` (``n_E``, method options).

    Returns
    -------
    float or numpy.ndarray
        The coupling at the limit in the interaction's unit (δ in e, μ in μ_B, ⟨r²⟩ magnitude in
        cm²), a float for a scalar exposure; ``inf`` where no signal is seen.
    """
    _check_rate_options("exposure_sensitivity", method, rate_options)
    X = detector.exposure_kg_day if exposure_kg_day is None else exposure_kg_day
    if X is None:
        raise ValueError("exposure_kg_day is required (kg day): give it here or in the Detector")
    X = _validate.positive_array("exposure_kg_day", X, "kg day")
    win = detector.window_keV if window_keV is None else detector.check_window(window_keV)
    if win is None:
        raise ValueError("window_keV is required (T1, T2) keV: give it here or in the Detector")
    _validate.choice("statistic", statistic, ("poisson", "feldman-cousins", "asimov"))
    _validate.choice("standard_model", standard_model, ("in-background", "add-to-background"))
    if isinstance(n_T, bool) or not isinstance(n_T, (int, np.integer)) or n_T < 20:
        raise ValueError(f"n_T must be an integer >= 20 (energies of the signal grid), got {n_T!r}")
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be an integer >= 1, got {n_bins!r}")
    a, b = win
    lo, hi = _signal_grid(detector, win)
    T = np.geomspace(lo, hi, int(n_T))
    T[0], T[-1] = lo, hi
    if lo < a < hi:  # the window ends on the grid
        T = np.unique(np.concatenate([T, [a, b]]))
    tg = detector.target_object()
    if interaction is None:  # the paper's millicharge: one term, dR ∝ δⁿ
        r1 = np.asarray(dR_dT(tg, T, flux, method, 1.0, **rate_options), dtype=float)
        with _naming_exposure(X):
            return _pure_power(detector, T, detector.measured_spectrum(T, r1), rate_scaling_exponent(flux), X, (a, b),
                               cl, statistic, int(n_bins), sm_counts=None)
    inter, name = _resolve_interaction(interaction, _flux_projectile(flux), get_method(method))
    rt = dR_dT_terms(tg, T, flux, method, inter, **rate_options)
    meas = [detector.measured_spectrum(T, np.asarray(v, dtype=float)) for v in rt.values]
    sm = [m for t, m in zip(rt.terms, meas) if t.standard_model]
    new = [(t, m) for t, m in zip(rt.terms, meas) if not t.standard_model]
    sm_spec = np.sum(sm, axis=0) if (sm and standard_model == "add-to-background") else None
    powers = [float(t.powers.get(name, 0.0)) for t, _ in new]
    with _naming_exposure(X):
        if len(new) == 1 and powers[0] > 0:  # one pure power of the coupling: closed form
            return _pure_power(detector, T, new[0][1], powers[0], X, (a, b), cl, statistic, int(n_bins), sm_spec)
        return _interfering(detector, T, new, powers, X, (a, b), cl, statistic, int(n_bins), sm_spec)


@contextlib.contextmanager
def _naming_exposure(X):
    """A count bound of :mod:`mcpria_lite.inference.statistics` exceeded: the user's handle on it is the exposure."""
    try:
        yield
    except ValueError as e:
        if "counts beyond are not exact" in str(e):
            raise ValueError(f"exposure_kg_day (up to {float(np.max(X)):.3g} kg day) gives more counts than the "
                             f"statistics handle exactly: {e}") from e
        raise


def _background(detector, X: float, edges, sm_spec, T) -> np.ndarray:
    """Background counts in the bins between ``edges`` for exposure X (the SM recoils added if given)."""
    bg = detector.background_cpkkd
    if isinstance(bg, TabulatedBackground):
        out = np.array([bg.counts(X, (edges[k], edges[k + 1])) for k in range(len(edges) - 1)])
    else:
        out = np.array([_st.background_counts(float(bg), X, (edges[k], edges[k + 1])) for k in range(len(edges) - 1)])
    if sm_spec is not None:
        out = out + _st.bin_counts(T, sm_spec, X, edges)
    return out


def _edges(window, statistic: str, n_bins: int) -> np.ndarray:
    a, b = window
    return np.geomspace(a, b, n_bins + 1) if statistic == "asimov" else np.array([a, b])


def _pure_power(detector, T, meas, n: float, X, window, cl, statistic, n_bins, sm_counts):
    """The limit when the signal is one term ∝ gⁿ (exact)."""
    a, b = window
    bg = detector.background_cpkkd
    if sm_counts is None and not isinstance(bg, TabulatedBackground):
        out = _st.exposure_sensitivity(T, meas, n, X, float(bg), (a, b), cl=cl, method=statistic, n_bins=n_bins)
        return float(out) if out.ndim == 0 else out
    edges = _edges(window, statistic, n_bins)
    out = np.empty(X.shape)
    if statistic == "asimov":
        s1 = _st.bin_counts(T, meas, 1.0, edges)
        for i, x in np.ndenumerate(X):
            out[i] = _st.asimov_upper_limit(x * s1, _background(detector, x, edges, sm_counts, T), cl) ** (1.0 / n)
    else:
        e1 = _st.expected_counts(T, meas, 1.0, (a, b))
        for i, x in np.ndenumerate(X):
            b_x = float(_background(detector, x, edges, sm_counts, T)[0])
            out[i] = _st.delta_limit(_st.median_upper_limit(b_x, cl, method=statistic), x * e1, n)
    return float(out) if out.ndim == 0 else out


def _interfering(detector, T, new, powers, X, window, cl, statistic, n_bins, sm_spec):
    """The limit when the signal is a polynomial in the coupling (a square and an interference)."""
    edges = _edges(window, statistic, n_bins)
    S = np.array([_st.bin_counts(T, m, 1.0, edges) for _, m in new])  # (n_terms, n_bins) per kg day
    p = np.array(powers)
    q_cl = float(ndtri(_st._cl(cl))) ** 2  # one-sided: 1.642 at 90 % (as statistics.asimov_upper_limit)
    out = np.empty(X.shape)
    for i, x in np.ndenumerate(X):
        bkg = _background(detector, x, edges, sm_spec, T)
        if statistic == "asimov":
            def excluded(g, sign):
                return _asimov_q(x * ((sign * g) ** p) @ S, bkg) >= q_cl
        else:
            s_up = _st.median_upper_limit(float(bkg.sum()), cl, method=statistic)

            def excluded(g, sign):
                return float(np.sum(x * ((sign * g) ** p) @ S)) >= s_up
        tot = np.abs(S.sum(axis=1)) * x
        ok = tot > 0
        if not np.any(ok):
            out[i] = np.inf
            continue
        est = float(np.min((max(float(bkg.sum()), 1.0) / tot[ok]) ** (1.0 / p[ok])))
        odd = np.all(p == np.round(p)) and np.any(np.round(p) % 2 == 1)
        signs = (1.0, -1.0) if odd else (1.0,)  # an odd power: the coupling's sign matters
        out[i] = max(_coupling_limit(lambda g, s=s: excluded(g, s), est) for s in signs)
    return float(out) if out.ndim == 0 else out
