"""Binned Poisson likelihood with Gaussian-constrained background normalisations, and one-sided limits.

For observed counts n_i in the bins of a data set (:class:`mcpria_lite.detection.binned.BinnedRelease`),
background templates T_ji (events per bin at their nominal normalisation; component j with a relative
Gaussian prior of width σ_j, :func:`mcpria_lite.detection.binned.background_components`), and signal
terms S_ki (events per bin at unit coupling, :func:`mcpria_lite.detection.binned.binned_signal`),

    λ_i(θ, a) = Σ_j a_j T_ji + Σ_k c_k(θ) S_ki,     c_k = (sign)^[p_k odd] θ^(p_k),
    −2 ln L(θ, a) = 2 Σ_i [λ_i − n_i + n_i ln(n_i/λ_i)] + Σ_j ((a_j − a_obs,j)/σ_j)²

(the Poisson deviance plus the constraints; a_obs = 1 for the data, fluctuated in toys). The a_j ≥ 0
are profiled by a projected Newton iteration with backtracking (the function is convex in a), for one
data set or a batch of toys at once. The limit uses q̃(θ) of Cowan, Cranmer, Gross & Vitells,
Eur. Phys. J. C 71, 1554 (2011), as :mod:`mcpria_lite.inference.likelihood` does: the one-sided 90 %
C.L. upper limit solves q̃ = Φ⁻¹(0.9)² = 1.642 (``statistic="q-tilde"``), or Δχ² = 2.706, the χ²₁
quantile that most re-analyses use (``statistic="delta-chi2"``).

The generic pieces (:func:`best_fit`, :func:`profile_upper_limit`, :func:`batch_minimum`) work on
any profile function θ → −2 ln L; :mod:`mcpria_lite.inference.combined` uses them for sums of
likelihoods.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
from scipy import optimize
from scipy.special import chdtri

from .. import _validate
from .likelihood import critical_value

__all__ = ["STATISTICS", "critical", "BinnedLikelihood", "best_fit", "profile_upper_limit", "batch_minimum"]

#: The test statistics of a limit, q̃ with its asymptotic one-sided critical value (Cowan et al. 2011) or
#: Δχ² with the χ²₁ quantile (the convention of many published re-analyses).
STATISTICS: tuple[str, ...] = ("q-tilde", "delta-chi2")


def critical(cl: float = 0.9, statistic: str = "q-tilde") -> float:
    """The critical value of the limit: Φ⁻¹(cl)² for ``"q-tilde"``, the χ²₁ ``cl`` quantile for ``"delta-chi2"``."""
    _validate.choice("statistic", statistic, STATISTICS)
    c = critical_value(cl)  # checks cl
    return c if statistic == "q-tilde" else float(chdtri(1, 1.0 - float(cl)))  # the χ²₁ quantile


def statistic_label(cl: float, statistic: str) -> str:
    """How a file header names the statistic."""
    c = critical(cl, statistic)
    if statistic == "q-tilde":
        return (f"profile likelihood ratio q~ (Cowan, Cranmer, Gross & Vitells 2011), one-sided, critical value "
                f"{c:.3f}; background normalisations profiled with Gaussian priors")
    return (f"profile likelihood ratio, Delta chi2 = {c:.3f} (chi2_1 quantile); background normalisations profiled "
            "with Gaussian priors")


class BinnedLikelihood:
    """−2 ln L(θ, a) of the module docstring, for one data set or a batch of toys.

    Parameters
    ----------
    observed : array_like
        n_i ≥ 0, shape (..., n_bins) (a leading batch axis for toys; Asimov data may be non-integer).
    templates : array_like
        T_ji ≥ 0, shape (J, n_bins).
    sigmas : array_like
        σ_j > 0, shape (J,).
    signal_counts : array_like
        S_ki, shape (K, n_bins).
    powers : array_like
        p_k, shape (K,).
    sign : float
        +1, or −1 for the negative branch of a coupling with odd terms.
    a_obs : array_like, optional
        Centres of the priors, shape (..., J) (default 1).
    """

    def __init__(self, observed, templates, sigmas, signal_counts, powers, sign: float = 1.0, a_obs=None,
                 name: str = ""):
        self.n = _validate.nonnegative_array("observed", observed, "events")
        self.T = np.atleast_2d(_validate.nonnegative_array("templates", templates, "events"))
        self.sig = _validate.positive_array("sigmas", sigmas, "").ravel()
        self.S = np.atleast_2d(_validate.finite_array("signal_counts", signal_counts))
        self.p = _validate.finite_array("powers", powers).ravel()
        nb = self.n.shape[-1]
        if self.T.shape[1] != nb or self.sig.size != self.T.shape[0] or self.S.shape != (self.p.size, nb):
            raise ValueError(f"shapes: observed (..., n={nb}), templates (J, n), sigmas (J,), signal_counts (K, n), "
                             f"powers (K,); got {self.n.shape}, {self.T.shape}, {self.sig.shape}, {self.S.shape}, "
                             f"{self.p.shape}")
        if sign not in (1, -1, 1.0, -1.0):
            raise ValueError(f"sign must be +1 or -1, got {sign!r}")
        self.sign = float(sign)
        self.batch = self.n.shape[:-1]
        a = np.ones(self.batch + (self.T.shape[0],)) if a_obs is None else np.asarray(a_obs, dtype=float)
        self.a_obs = np.broadcast_to(a, self.batch + (self.T.shape[0],)).copy()
        self.name = str(name)
        self._odd = np.where(np.mod(self.p, 2) == 1, self.sign, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            self._nlogn = np.where(self.n > 0, self.n * np.log(np.where(self.n > 0, self.n, 1.0)), 0.0)

    # --- pieces ------------------------------------------------------------------------------------
    @property
    def pmax(self) -> float:
        return float(self.p.max())

    def signal(self, theta) -> np.ndarray:
        """Σ_k c_k(θ) S_k, shape θ.shape + (n_bins,)."""
        th = np.asarray(theta, dtype=float)[..., None]
        return (self._odd * th ** self.p) @ self.S

    def _f(self, a, s, n, nlogn, a_obs) -> np.ndarray:
        lam = a @ self.T + s
        bad = np.any((lam < 0) | ((lam <= 0) & (n > 0)), axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = lam - n + nlogn - np.where(n > 0, n * np.log(np.where(lam > 0, lam, 1.0)), 0.0)
        f = 2.0 * t.sum(axis=-1) + np.sum(((a - a_obs) / self.sig) ** 2, axis=-1)
        return np.where(bad, np.inf, f)

    def nll(self, theta, a) -> np.ndarray:
        """−2 ln L (up to a constant independent of θ and a)."""
        s = self.signal(np.broadcast_to(np.asarray(theta, dtype=float), self.batch))
        return self._f(np.asarray(a, dtype=float), s, self.n, self._nlogn, self.a_obs)

    def profile(self, theta) -> tuple[np.ndarray, np.ndarray]:
        """(â(θ), −2 ln L(θ, â)) per data set of the batch; −2 ln L = inf where no a ≥ 0 makes every
        expectation positive (a signal deficit larger than the background)."""
        th = np.broadcast_to(np.asarray(theta, dtype=float), self.batch)
        s = self.signal(th).reshape(-1, self.n.shape[-1])
        n = self.n.reshape(-1, self.n.shape[-1])
        nlogn = self._nlogn.reshape(n.shape)
        a_obs = self.a_obs.reshape(-1, self.T.shape[0])
        a = np.ones_like(a_obs)
        f = self._f(a, s, n, nlogn, a_obs)
        for _ in range(40):  # start where every expectation is positive
            bad = ~np.isfinite(f)
            if not np.any(bad):
                break
            a[bad] *= 2.0
            f[bad] = self._f(a[bad], s[bad], n[bad], nlogn[bad], a_obs[bad])
        inv2 = 1.0 / self.sig**2
        active = np.isfinite(f)
        for _ in range(60):
            idx = np.nonzero(active)[0]
            if idx.size == 0:
                break
            ai, si, ni = a[idx], s[idx], n[idx]
            lam = ai @ self.T + si
            with np.errstate(divide="ignore", invalid="ignore"):
                r = np.where(ni > 0, ni / np.where(lam > 0, lam, 1.0), 0.0)
                w = np.where(ni > 0, ni / np.where(lam > 0, lam * lam, 1.0), 0.0)
            g = 2.0 * (1.0 - r) @ self.T.T + 2.0 * (ai - a_obs[idx]) * inv2
            H = 2.0 * np.einsum("bi,ji,ki->bjk", w, self.T, self.T) + 2.0 * np.diag(inv2)[None]
            # projected Newton: a component at its bound a_j = 0 with the gradient pushing below stays
            # there, and the step of the others solves the reduced system
            fixed = (ai <= 0) & (g > 0)
            if np.any(fixed):
                keep = ~fixed
                H = H * (keep[:, :, None] & keep[:, None, :]) + np.eye(H.shape[-1])[None] * fixed[:, :, None]
                g = np.where(fixed, 0.0, g)
            step = np.linalg.solve(H, g[..., None])[..., 0]
            t = np.ones(idx.size)
            fi = f[idx]
            for _ in range(40):
                a_new = np.maximum(ai - t[:, None] * step, 0.0)
                f_new = self._f(a_new, si, ni, nlogn[idx], a_obs[idx])
                worse = ~(f_new <= fi + 1e-12 * np.maximum(1.0, np.abs(fi)))
                if not np.any(worse):
                    break
                t = np.where(worse, 0.5 * t, t)
            ok = f_new <= fi + 1e-12 * np.maximum(1.0, np.abs(fi))
            moved = np.max(np.abs(np.where(ok[:, None], a_new, ai) - ai), axis=-1)
            a[idx] = np.where(ok[:, None], a_new, ai)
            f[idx] = np.where(ok, f_new, fi)
            active[idx] = ok & (moved > 1e-12)
        return a.reshape(self.batch + (self.T.shape[0],)), f.reshape(self.batch)

    def profile_nll(self, theta) -> float | np.ndarray:
        """−2 ln L(θ, â(θ)); a float for a single data set."""
        f = self.profile(theta)[1]
        return float(f) if f.ndim == 0 else f

    def theta_scale(self) -> float:
        """θ at which the largest term alone gives √(background) events (the scale of the problem)."""
        NB = float(np.sum(self.T))
        N = np.abs(self.S.sum(axis=1))
        use = N > 0
        if not np.any(use):
            raise ValueError("the signal has no expected events in these bins at any coupling")
        return float(np.exp(np.min((0.5 * np.log(NB) - np.log(N[use])) / self.p[use])))

    # --- derived likelihoods ---------------------------------------------------------------------
    def subset(self, idx) -> "BinnedLikelihood":
        """The toys ``idx`` of a batch."""
        return BinnedLikelihood(self.n[idx], self.T, self.sig, self.S, self.p, self.sign, self.a_obs[idx], self.name)

    def expected(self, theta: float = 0.0) -> np.ndarray:
        """Expected events per bin at nominal background and coupling θ."""
        return self.T.sum(axis=0) + self.signal(float(theta))

    def asimov(self, theta: float = 0.0) -> "BinnedLikelihood":
        """The likelihood of the Asimov data set: every bin holds its expectation at θ, a_obs = 1."""
        mu = self.expected(theta)
        if np.any(mu < 0):
            raise ValueError("theta: the expectation is negative in some bin at this coupling")
        return BinnedLikelihood(mu, self.T, self.sig, self.S, self.p, self.sign, None, self.name + " (Asimov)")

    def toys(self, theta: float, n_toys: int, rng: np.random.Generator) -> "BinnedLikelihood":
        """A batch of Poisson toys at coupling θ and nominal background, the priors' centres fluctuated."""
        n_toys = int(n_toys)
        if n_toys < 1:
            raise ValueError(f"n_toys must be >= 1, got {n_toys!r}")
        mu = self.expected(theta)
        if np.any(mu < 0):
            raise ValueError("theta: the expectation is negative in some bin at this coupling")
        n = rng.poisson(np.broadcast_to(mu, (n_toys, mu.size))).astype(float)
        a_obs = 1.0 + self.sig[None, :] * rng.standard_normal((n_toys, self.sig.size))
        return BinnedLikelihood(n, self.T, self.sig, self.S, self.p, self.sign, a_obs, self.name + " (toys)")


# ------------------------------------------------------------------------------------------------
# fits of any profile θ → −2 ln L
# ------------------------------------------------------------------------------------------------
def best_fit(profile: Callable[[float], float], scale: float, pmax: float,
             theta_max: float | None = None) -> tuple[float, float]:
    """(θ̂, −2 ln L(θ̂)) over θ in [0, theta_max] (default 20·scale): a grid in θ^pmax, then a bounded
    refinement; θ̂ = 0 when the boundary is at least as good."""
    tmax = 20 * scale if theta_max is None else float(theta_max)
    grid = tmax * np.linspace(0.0, 1.0, 81) ** (1.0 / pmax)
    prof = np.array([float(profile(t)) for t in grid])
    j = int(np.argmin(prof))
    lo, hi = (grid[0], grid[1]) if j == 0 else (grid[j - 1], grid[min(j + 1, grid.size - 1)])
    res = optimize.minimize_scalar(lambda t: float(profile(t)), bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-7 * scale})
    t_hat, f_hat = (float(res.x), float(res.fun)) if res.fun < prof[j] else (float(grid[j]), float(prof[j]))
    if prof[0] <= f_hat + 1e-9:
        t_hat, f_hat = 0.0, float(prof[0])
    return t_hat, f_hat


def profile_upper_limit(profile: Callable[[float], float], scale: float, pmax: float, cl: float = 0.9,
                        statistic: str = "q-tilde") -> tuple[float, float, float]:
    """(θ_up, θ̂, min −2 ln L): the one-sided upper limit where the profile rises by :func:`critical` above
    its minimum over θ ≥ 0 (q̃: the best fit constrained to 0 ≤ θ̂ ≤ θ)."""
    c = critical(cl, statistic)
    t_hat, f_hat = best_fit(profile, scale, pmax)

    def excess(t):
        v = float(profile(t)) - f_hat - c
        return v if math.isfinite(v) else 1e12

    lo, hi = t_hat, max(t_hat, scale)
    while excess(hi) < 0:
        lo, hi = hi, 2 * hi + scale
        if hi > 1e6 * scale:
            raise ValueError("no upper limit found: the likelihood does not rise with the coupling")
    th = optimize.brentq(excess, lo, hi, xtol=1e-10 * scale, rtol=1e-10)
    return float(th), t_hat, f_hat


def batch_minimum(profile: Callable[[np.ndarray], np.ndarray], theta_hi, pmax: float, n_grid: int = 24,
                  n_golden: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Per data set of a batch, (θ̂, min) of ``profile`` over θ in [0, θ_hi]: a grid in θ^pmax, then a
    golden-section search in the bracket around the best grid point (vectorised over the batch)."""
    hi = np.asarray(theta_hi, dtype=float)
    u = np.linspace(0.0, 1.0, int(n_grid)) ** (1.0 / pmax)
    grid = hi[:, None] * u[None, :]
    prof = np.stack([profile(grid[:, j]) for j in range(grid.shape[1])], axis=1)
    j = np.argmin(prof, axis=1)
    rows = np.arange(hi.size)
    t_best, f_best = grid[rows, j].copy(), prof[rows, j].copy()
    a = grid[rows, np.maximum(j - 1, 0)]
    b = grid[rows, np.minimum(j + 1, grid.shape[1] - 1)]
    g = (math.sqrt(5) - 1) / 2
    x1, x2 = b - g * (b - a), a + g * (b - a)
    f1, f2 = profile(x1), profile(x2)
    for _ in range(int(n_golden)):
        left = f1 < f2
        b = np.where(left, x2, b)
        a = np.where(left, a, x1)
        x2n = np.where(left, x1, a + g * (b - a))
        x1n = np.where(left, b - g * (b - a), x2)
        x1, x2 = x1n, x2n
        fx = profile(np.where(left, x1, x2))
        f1, f2 = np.where(left, fx, f2), np.where(left, f1, fx)
    x = np.where(f1 < f2, x1, x2)
    fx = np.minimum(f1, f2)
    better = fx < f_best
    return np.where(better, x, t_best), np.where(better, fx, f_best)
