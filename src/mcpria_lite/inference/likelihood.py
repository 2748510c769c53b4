"""Extended unbinned Poisson likelihood, profile-likelihood-ratio upper limits and toy coverage.

For observed events at reconstructed energies E_i in a window, a background model B(E) (events/keV
at its nominal normalisation, N_B events in the window) whose normalisation b has a relative
Gaussian uncertainty σ_b, and a signal Σ_k c_k(θ) s_k(E) with one coupling θ ≥ 0
(c_k = θ^(p_k), N_k events in the window per term),

    −2 ln L(θ, b) = 2 [ b N_B + Σ_k c_k N_k − Σ_i ln( b B(E_i) + Σ_k c_k s_k(E_i) ) ] + ((b − b_obs)/σ_b)²

(up to a constant), b_obs = 1 for the data (the collaboration's best fit; its quoted uncertainty is
σ_b). The nuisance b is profiled, b̂(θ) solving ∂/∂b = 0 (a concave, increasing equation: Newton
from b = 1 converges monotonically), and the test statistic for an upper limit is Cowan, Cranmer,
Gross & Vitells, Eur. Phys. J. C 71, 1554 (2011), eq. (16):

    q̃(θ) = −2 ln [L(θ, b̂(θ)) / L(θ̂, b̂)],  θ̂ the best fit constrained to 0 ≤ θ̂ ≤ θ;  q̃ = 0 if θ̂ > θ.

Asymptotically (Wilks/Wald, one parameter), q̃(θ) under θ is ½ δ(0) + ½ χ²₁ for the
values of θ that matter for a limit: only upward fluctuations count against θ, so half of the
toys give q̃ = 0. The one-sided 90 % C.L. upper limit θ_up solves q̃(θ_up) = c with
P(q̃ > c) = ½ P(χ²₁ > c) = 0.10, i.e. c = [Φ⁻¹(0.90)]² = 1.2816² = 1.642 (:func:`critical_value`),
not the two-sided 2.706 = 1.645². :func:`coverage` checks this with seeded toys (the auxiliary
measurement b_obs fluctuated too): the fraction of toys generated at θ whose q̃(θ) ≤ c is the
coverage of the limit at θ.

Minimisation and root finding use :mod:`scipy.optimize` (``newton`` vectorised over toys,
``minimize_scalar``, ``brentq``, ``elementwise.find_minimum``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy import optimize
from scipy.special import chdtrc, ndtr, ndtri  # not scipy.stats: its import alone costs ~0.2 s
from scipy.optimize import elementwise

from .. import _validate
from ..detection.releases import DataSet
from ..detection.signals import SignalModel, reconstructed_density

__all__ = [
    "critical_value",
    "UnbinnedLikelihood",
    "LimitResult",
    "upper_limit",
    "goodness_of_fit",
    "GoodnessOfFit",
    "coverage",
    "Coverage",
    "expected_limits",
    "toy_datasets",
    "asimov_likelihood",
    "significance_of_signal",
    "asymptotic_coverage",
]


def _release(release):
    """``release`` must be a :class:`~mcpria_lite.detection.releases.DataRelease` (``ValueError`` naming it)."""
    from ..detection.releases import DataRelease

    if not isinstance(release, DataRelease):
        raise ValueError(f"release must be a mcpria_lite.detection.releases.DataRelease (e.g. "
                         f"mcpria_lite.detection.releases.get('xenonnt-sr0')), got {type(release).__name__}")
    return release


def _signal(signal):
    """``signal`` must be a :class:`~mcpria_lite.detection.signals.SignalModel` (``ValueError`` naming it)."""
    from ..detection.signals import SignalModel

    if not isinstance(signal, SignalModel):
        raise ValueError(f"signal must be a mcpria_lite.detection.signals.SignalModel (e.g. from "
                         f"mcpria_lite.detection.signals.neutrino_signal), got {type(signal).__name__}")
    return signal


#: Most toy data sets per call (each holds every event of the window: memory ∝ n_toys × events).
MAX_TOYS = 100_000


def _toys(n_toys, seed) -> tuple[int, int]:
    return _validate.integer("n_toys", n_toys, 1, MAX_TOYS), _validate.integer("seed", seed, 0)


def critical_value(cl: float = 0.9) -> float:
    """Asymptotic critical value of q̃ for a one-sided upper limit at confidence level ``cl``: Φ⁻¹(cl)²."""
    c = _validate.positive_scalar("cl", cl)
    if not 0.5 < c < 1:
        raise ValueError(f"cl must be in (0.5, 1), got {cl!r}")
    return float(ndtri(c) ** 2)


class UnbinnedLikelihood:
    """−2 ln L(θ, b) of the module docstring, for one data set or a batch of toy data sets.

    Parameters
    ----------
    background_density : array_like
        B(E_i), events/keV at the nominal normalisation, shape (..., n) (a leading batch axis for toys).
    background_counts : float
        N_B, expected background events in the window at the nominal normalisation (> 0).
    signal_density : array_like
        s_k(E_i) at θ = 1, events/keV, shape (n_terms, ..., n).
    signal_counts : array_like
        N_k at θ = 1, shape (n_terms,).
    powers : tuple of float
        p_k (c_k = sign^(p_k odd) θ^(p_k)).
    sigma_b : float
        Relative uncertainty of the background normalisation (> 0).
    weights : array_like, optional
        1 for a real event, 0 for padding (toys of different sizes in one array), shape (..., n).
    b_obs : array_like, optional
        Centre of the Gaussian constraint (1 for the data; fluctuated in toys), shape (...).
    sign : float
        +1, or −1 to flip the odd terms (negative couplings with interference).
    """

    def __init__(self, background_density, background_counts, signal_density, signal_counts, powers,
                 sigma_b: float, weights=None, b_obs=None, sign: float = 1.0):
        self.B = _validate.nonnegative_array("background_density", background_density, "events/keV")
        self.N_B = _validate.positive_scalar("background_counts", background_counts, "events")
        self.s = _validate.finite_array("signal_density", signal_density)
        self.N_s = _validate.finite_array("signal_counts", signal_counts).ravel()
        self.p = np.asarray(powers, dtype=float).ravel()
        if self.s.shape != (self.p.size,) + self.B.shape or self.N_s.shape != self.p.shape:
            raise ValueError(f"signal_density must have shape (n_terms={self.p.size},) + {self.B.shape} and "
                             f"signal_counts ({self.p.size},); got {self.s.shape} and {self.N_s.shape}")
        self.sigma_b = _validate.positive_scalar("sigma_b", sigma_b)
        self.w = np.ones_like(self.B) if weights is None else np.asarray(weights, dtype=float)
        self.b_obs = np.ones(self.B.shape[:-1]) if b_obs is None else np.asarray(b_obs, dtype=float)
        self.sign = float(sign)
        self._odd = np.where(np.mod(self.p, 2) == 1, self.sign, 1.0)

    @classmethod
    def from_signal(cls, release: DataSet, signal: SignalModel) -> "UnbinnedLikelihood":
        """The likelihood of a :class:`~mcpria_lite.detection.releases.DataRelease`'s events for a
        :class:`~mcpria_lite.detection.signals.SignalModel`."""
        release, signal = _release(release), _signal(signal)
        return cls(release.background_density(release.events_keV), release.background_counts(),
                   signal.event_density, signal.counts, signal.powers,
                   release.background.relative_uncertainty, sign=signal.sign)

    def subset(self, idx) -> "UnbinnedLikelihood":
        """The likelihood of the toys ``idx`` of a batch."""
        return UnbinnedLikelihood(self.B[idx], self.N_B, self.s[:, idx], self.N_s, self.p, self.sigma_b,
                                  weights=self.w[idx], b_obs=self.b_obs[idx], sign=self.sign)

    # --- pieces ----------------------------------------------------------------------------------
    def coefficients(self, theta) -> np.ndarray:
        """c_k(θ), shape θ.shape + (n_terms,)."""
        th = np.asarray(theta, dtype=float)[..., None]
        return self._odd * th ** self.p

    def _signal(self, theta):
        c = np.moveaxis(self.coefficients(np.broadcast_to(theta, self.B.shape[:-1])), -1, 0)  # (K, ...)
        dens = np.sum(c[..., None] * self.s, axis=0)
        counts = np.tensordot(self.N_s, c, axes=(0, 0))
        return dens, counts

    def nll(self, theta, b) -> np.ndarray:
        """−2 ln L (without constants) at coupling θ ≥ 0 and normalisation b > 0; shape of the batch."""
        dens, counts = self._signal(theta)
        b = np.asarray(b, dtype=float)
        lam = b[..., None] * self.B + dens
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(self.w > 0, np.log(np.where(lam > 0, lam, np.nan)), 0.0)
        val = 2.0 * (b * self.N_B + counts - np.sum(self.w * logs, axis=-1)) + ((b - self.b_obs) / self.sigma_b) ** 2
        return np.where(np.isnan(val), np.inf, val)

    def _g(self, b, dens, idx=None):
        """∂(−2 ln L)/∂b / 2 at b (per data set), the equation b̂ solves; ``idx`` selects data sets."""
        B, w, bo = (self.B, self.w, self.b_obs) if idx is None else (self.B[idx], self.w[idx], self.b_obs[idx])
        return self.N_B - np.sum(w * B / (b[..., None] * B + dens), axis=-1) + (b - bo) / self.sigma_b**2

    def profile_b(self, theta) -> np.ndarray | float:
        """b̂(θ) ≥ 0: the normalisation minimising −2 ln L at fixed θ.

        Vectorised Newton (``scipy.optimize.newton``) from b = 1; where it does not converge inside
        the domain b B + s > 0 (a signal far above the data), the bracketing
        ``scipy.optimize.elementwise.find_root`` on that data set. b̂ = 0 when the minimum lies below 0.
        """
        dens, _ = self._signal(theta)
        batch = self.B.shape[:-1]
        B = self.B.reshape((-1, self.B.shape[-1]))
        D = dens.reshape(B.shape)
        W = self.w.reshape(B.shape)
        bo = np.broadcast_to(self.b_obs, batch).reshape(-1)
        L = UnbinnedLikelihood.__new__(UnbinnedLikelihood)
        L.__dict__.update(self.__dict__)
        L.B, L.w, L.b_obs = B, W, bo
        s2 = self.sigma_b**2
        active = (W > 0) & (B > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            b_lo = np.maximum(0.0, np.max(np.where(active, -D / np.where(B > 0, B, 1.0), -np.inf), axis=-1))

        cache: dict[bytes, np.ndarray] = {}

        def ratio(b):  # B/(b B + s), shared by the function and its derivative at the same b
            key = b.tobytes()
            if key not in cache:
                cache.clear()
                cache[key] = B / (b[:, None] * B + D)
            return cache[key]

        def g(b):
            return self.N_B - np.sum(W * ratio(b), axis=-1) + (b - bo) / s2

        def dg(b):
            r = ratio(b)
            return np.sum(W * r * r, axis=-1) + 1.0 / s2

        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            res = optimize.newton(g, np.ones(bo.shape), fprime=dg, tol=1e-12, maxiter=50,
                                  full_output=True, disp=False)
        root, converged = res[0], res[1]
        if isinstance(converged, optimize.RootResults):  # scipy takes the scalar path for one element
            converged = np.array([converged.converged])
        b = np.array(root, dtype=float).reshape(-1)
        bad = ~np.asarray(converged) | ~np.isfinite(b) | (b <= b_lo)
        if np.any(bad):
            idx = np.nonzero(bad)[0]
            lo = b_lo[idx] * (1 + 1e-12) + 1e-300
            n_w = np.sum(W[idx], axis=-1)
            hi = 2 * n_w / self.N_B + 2 * b_lo[idx] + np.abs(bo[idx]) + 1.0
            g_lo = L._g(lo, D[idx], idx)
            at_zero = g_lo >= 0  # the minimum is at (or below) the boundary b = b_lo
            b[idx[at_zero]] = lo[at_zero]
            rest = idx[~at_zero]
            if rest.size:
                r = elementwise.find_root(lambda x, k: L._g(x, D[k.astype(int)], k.astype(int)),
                                          (lo[~at_zero], hi[~at_zero]), args=(rest.astype(float),),
                                          tolerances={"xrtol": 1e-13})
                b[rest] = r.x
        return b.reshape(batch) if batch else float(b[0])

    def profile_nll(self, theta) -> np.ndarray:
        """−2 ln L(θ, b̂(θ))."""
        return self.nll(theta, self.profile_b(theta))

    # --- fits --------------------------------------------------------------------------------------
    def theta_scale(self) -> float:
        """θ at which the largest single term alone gives √N_B expected events (the scale of the problem)."""
        use = self.N_s != 0
        if not np.any(use):
            raise ValueError("the signal has no expected events in the window at any coupling")
        logs = (0.5 * np.log(self.N_B) - np.log(np.abs(self.N_s[use]))) / self.p[use]
        return float(np.exp(np.min(logs)))

    def best_fit(self, theta_max: float | None = None) -> tuple[float, float, float]:
        """(θ̂, b̂, −2 ln L at the minimum) for a single data set, θ̂ in [0, theta_max]."""
        if self.B.ndim != 1:
            raise ValueError("best_fit is for one data set; use the vectorised toy functions for batches")
        scale = self.theta_scale()
        tmax = 20 * scale if theta_max is None else float(theta_max)
        grid = tmax * np.linspace(0.0, 1.0, 81) ** (1.0 / self.p.max())
        prof = np.array([self.profile_nll(t) for t in grid])
        j = int(np.argmin(prof))
        if j == 0:
            lo, hi = grid[0], grid[1]
        else:
            lo, hi = grid[j - 1], grid[min(j + 1, grid.size - 1)]
        res = optimize.minimize_scalar(lambda t: float(self.profile_nll(t)), bounds=(lo, hi), method="bounded",
                                       options={"xatol": 1e-6 * scale})
        t_hat, f_hat = (float(res.x), float(res.fun)) if res.fun < prof[j] else (float(grid[j]), float(prof[j]))
        if j == 0 and float(self.profile_nll(0.0)) <= f_hat:
            t_hat, f_hat = 0.0, float(self.profile_nll(0.0))
        return t_hat, float(self.profile_b(t_hat)), f_hat

    def q_tilde(self, theta, fit=None) -> float:
        """q̃(θ) of Cowan et al. (2011) for a single data set (0 when θ̂ > θ)."""
        t_hat, _, f_hat = self.best_fit() if fit is None else fit
        th = _validate.nonnegative_scalar("theta", theta)
        if th <= t_hat:
            return 0.0
        return max(float(self.profile_nll(th)) - f_hat, 0.0)

    def upper_limit(self, cl: float = 0.9) -> tuple[float, tuple[float, float, float]]:
        """(θ_up, (θ̂, b̂, min −2 ln L)): the one-sided upper limit, q̃(θ_up) = critical_value(cl)."""
        c = critical_value(cl)
        fit = self.best_fit()
        t_hat, _, f_hat = fit
        scale = self.theta_scale()
        lo = t_hat
        hi = max(t_hat, scale)
        while float(self.profile_nll(hi)) - f_hat < c:
            lo, hi = hi, 2 * hi + scale
            if hi > 1e6 * scale:
                raise ValueError("no upper limit found: the likelihood does not rise with the coupling")
        th = optimize.brentq(lambda t: float(self.profile_nll(t)) - f_hat - c, lo, hi, xtol=1e-10 * scale, rtol=1e-10)
        return float(th), fit


@dataclass(frozen=True)
class LimitResult:
    """A one-sided upper limit on a coupling from a data release."""

    data: str
    label: str
    coupling: str
    unit: str
    cl: float
    limit: float
    theta_hat: float
    b_hat: float
    b_at_limit: float
    signal_counts_at_limit: float
    background_counts: float
    n_events: int
    critical_value: float
    sign: float = 1.0

    def to_dict(self) -> dict:
        """Plain numbers and strings (JSON-ready)."""
        return asdict(self)


def upper_limit(release: DataSet, signal: SignalModel, cl: float = 0.9) -> LimitResult:
    """The one-sided upper limit on ``signal.coupling`` from ``release`` (profile likelihood, q̃).

    Parameters
    ----------
    release : mcpria_lite.detection.releases.DataRelease
    signal : mcpria_lite.detection.signals.SignalModel
    cl : float
        Confidence level in (0.5, 1).
    """
    L = UnbinnedLikelihood.from_signal(_release(release), _signal(signal))
    th, (t_hat, b_hat, _) = L.upper_limit(cl)
    return LimitResult(
        data=release.name, label=signal.label, coupling=signal.coupling, unit=signal.unit, cl=float(cl),
        limit=th, theta_hat=t_hat, b_hat=b_hat, b_at_limit=float(L.profile_b(th)),
        signal_counts_at_limit=float(signal.total_counts(th)), background_counts=release.background_counts(),
        n_events=release.n_events, critical_value=critical_value(cl), sign=signal.sign,
    )


# ------------------------------------------------------------------------------------------------
# goodness of fit of the background alone
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoodnessOfFit:
    """Background-only fit: best normalisation and its pull, binned Pearson χ², Kolmogorov–Smirnov."""

    b_hat: float
    b_pull: float
    chi2: float
    ndof: int
    chi2_pvalue: float
    ks_statistic: float
    ks_pvalue: float
    bin_edges_keV: tuple
    observed: tuple
    expected: tuple


def goodness_of_fit(release: DataSet, bin_width_keV: float = 1.0) -> GoodnessOfFit:
    """Fit b alone (θ = 0) and test the background model B0 against the events.

    The normalisation b̂ maximises the extended likelihood with its Gaussian constraint; the
    pull (b̂ − 1)/σ_b shows whether the data prefer another normalisation than the quoted best fit.
    Pearson χ² in bins of ``bin_width_keV`` (ndof = bins − 1 for the fitted b) and the
    Kolmogorov–Smirnov test of the unbinned energies against the normalised B0 (shape only).
    """
    bw = _validate.positive_scalar("bin_width_keV", bin_width_keV, "keV")
    lo, hi = _release(release).window_keV
    if bw > (hi - lo) / 2:
        raise ValueError(f"bin_width_keV must be <= {(hi - lo) / 2:g} keV (at least two bins in the window "
                         f"[{lo:g}, {hi:g}] keV, or the χ² has no degree of freedom), got {bin_width_keV!r}")
    L = UnbinnedLikelihood(release.background_density(release.events_keV), release.background_counts(),
                           np.zeros((1, release.n_events)), np.zeros(1), (2.0,),
                           release.background.relative_uncertainty)
    b_hat = float(L.profile_b(0.0))
    n_bins = max(1, int(round((hi - lo) / bw)))
    edges = np.linspace(lo, hi, n_bins + 1)
    obs, _ = np.histogram(release.events_keV, edges)
    exp = b_hat * release.exposure_kg_day * np.array(
        [release.background.integral(a, c) for a, c in zip(edges[:-1], edges[1:])])
    if np.any(exp <= 0):
        k = int(np.argmax(exp <= 0))
        raise ValueError(f"bin_width_keV = {bw:g} keV: the bin [{edges[k]:g}, {edges[k + 1]:g}] keV expects no "
                         "background, so Pearson's χ² is undefined there; choose wider bins")
    chi2 = float(np.sum((obs - exp) ** 2 / exp))
    ndof = n_bins - 1
    total = release.background.integral(lo, hi)

    def cdf(x):
        x = np.atleast_1d(x)
        return np.array([release.background.integral(lo, float(v)) / total if v > lo else 0.0 for v in x])

    from scipy.stats import kstest  # only here

    ks = kstest(release.events_keV, cdf)
    return GoodnessOfFit(b_hat, (b_hat - 1.0) / release.background.relative_uncertainty, chi2, ndof,
                         float(chdtrc(ndof, chi2)), float(ks.statistic), float(ks.pvalue),
                         tuple(edges), tuple(int(v) for v in obs), tuple(float(v) for v in exp))


# ------------------------------------------------------------------------------------------------
# toys
# ------------------------------------------------------------------------------------------------
def _grid_densities(release: DataSet, signal: SignalModel, n_grid: int):
    lo, hi = release.window_keV
    E = np.linspace(lo, hi, n_grid)
    s = reconstructed_density(release, signal.nodes, signal.dR_dT, E)  # (K, n_grid)
    return E, s


def toy_datasets(release: DataSet, signal: SignalModel, theta: float, n_toys: int, seed: int,
                 n_grid: int = 5801) -> UnbinnedLikelihood:
    """Seeded toy data sets at coupling θ and the nominal background, with the auxiliary b_obs fluctuated.

    Returns
    -------
    UnbinnedLikelihood
        A batched likelihood (one row per toy, padded events weighted 0).
    """
    n_toys, seed = _toys(n_toys, seed)
    _release(release), _signal(signal)
    rng = np.random.default_rng(seed)
    E, s_grid = _grid_densities(release, signal, n_grid)
    c = signal.coefficients(theta)
    true_s = c @ s_grid
    # sample energies from the true density by inverse CDF on the grid (background as its histogram)
    lo, hi = release.window_keV
    fine = np.linspace(lo, hi, 20 * n_grid)
    dens = release.background_density(fine) + np.interp(fine, E, true_s)
    if np.any(dens < 0):
        raise ValueError("the total expected density is negative somewhere at this coupling")
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (dens[1:] + dens[:-1]) * np.diff(fine))])
    n_exp = release.background_counts() + float(c @ signal.counts)
    n = rng.poisson(n_exp, size=n_toys)
    n_max = max(1, int(n.max()))
    u = rng.random((n_toys, n_max)) * cdf[-1]
    ev = np.interp(u, cdf, fine)
    w = (np.arange(n_max)[None, :] < n[:, None]).astype(float)
    B = release.background_density(ev.ravel()).reshape(ev.shape)
    s = np.stack([np.interp(ev, E, sk) for sk in s_grid])
    sig_b = release.background.relative_uncertainty
    b_obs = 1.0 + sig_b * rng.standard_normal(n_toys)
    return UnbinnedLikelihood(B, release.background_counts(), s, signal.counts, signal.powers, sig_b,
                              weights=w, b_obs=b_obs, sign=signal.sign)


def _batch_min(L: UnbinnedLikelihood, theta_hi: np.ndarray, n_grid: int = 24):
    """min over θ in [0, θ_hi] of the profile −2 ln L for each toy: (θ̂, value) (grid + elementwise.find_minimum)."""
    u = np.linspace(0.0, 1.0, n_grid) ** (1.0 / L.p.max())
    grid = theta_hi[:, None] * u[None, :]  # (n_toys, n_grid)
    prof = np.stack([L.profile_nll(grid[:, j]) for j in range(n_grid)], axis=1)
    j = np.argmin(prof, axis=1)
    rows = np.arange(grid.shape[0])
    t_best, f_best = grid[rows, j], prof[rows, j]
    inner = (j > 0) & (j < n_grid - 1)
    if np.any(inner):
        idx = np.nonzero(inner)[0]
        res = elementwise.find_minimum(_profile_of_subset(L),
                                       (grid[idx, j[idx] - 1], grid[idx, j[idx]], grid[idx, j[idx] + 1]),
                                       args=(idx,), tolerances={"xatol": 1e-6 * float(np.max(theta_hi))})
        better = res.f_x < f_best[idx]
        t_best[idx] = np.where(better, res.x, t_best[idx])
        f_best[idx] = np.where(better, res.f_x, f_best[idx])
    return t_best, f_best


def _profile_of_subset(L: UnbinnedLikelihood):
    """f(θ, idx): the profile −2 ln L of toys ``idx`` at θ (elementwise scipy solvers pass the
    unfinished elements only, with their indices)."""

    def f(theta, idx):
        return L.subset(np.asarray(idx, dtype=int)).profile_nll(np.asarray(theta, dtype=float))

    return f


@dataclass(frozen=True)
class Coverage:
    """Toy coverage of the upper limit at a true coupling."""

    theta_true: float
    n_toys: int
    seed: int
    cl: float
    critical_value: float
    covered_fraction: float
    binomial_error: float
    q_tilde_quantile: float
    q_tilde: np.ndarray


def coverage(release: DataSet, signal: SignalModel, theta_true: float, n_toys: int = 300, seed: int = 1,
             cl: float = 0.9) -> Coverage:
    """Fraction of seeded toys generated at θ_true whose limit covers it: q̃(θ_true) ≤ critical_value(cl).

    Also returns the empirical ``cl`` quantile of q̃(θ_true) (compare with the asymptotic critical value).
    """
    th = _validate.positive_scalar("theta_true", theta_true)
    n_toys, seed = _toys(n_toys, seed)
    c = critical_value(cl)
    L = toy_datasets(release, signal, th, n_toys, seed)
    n = L.B.shape[0]
    f_true = L.profile_nll(np.full(n, th))
    _, f_min = _batch_min(L, np.full(n, th))
    q = np.maximum(f_true - np.minimum(f_min, f_true), 0.0)
    frac = float(np.mean(q <= c))
    return Coverage(th, n, int(seed), float(cl), c, frac, float(np.sqrt(frac * (1 - frac) / n)),
                    float(np.quantile(q, cl)), q)


def expected_limits(release: DataSet, signal: SignalModel, n_toys: int = 200, seed: int = 2, cl: float = 0.9,
                    quantiles=(0.16, 0.5, 0.84)) -> dict:
    """Quantiles of the upper limit over background-only toys (the expected sensitivity band)."""
    n_toys, seed = _toys(n_toys, seed)
    c = critical_value(cl)
    L0 = UnbinnedLikelihood.from_signal(_release(release), _signal(signal))
    scale = L0.theta_scale()
    L = toy_datasets(release, signal, 0.0, n_toys, seed)
    n = L.B.shape[0]
    t_hat, f_hat = _batch_min(L, np.full(n, 20 * scale))
    hi = np.maximum(t_hat, scale) * 1.0
    for _ in range(60):
        bad = L.profile_nll(hi) - f_hat < c
        if not np.any(bad):
            break
        hi = np.where(bad, 2 * hi, hi)
    prof = _profile_of_subset(L)
    res = elementwise.find_root(lambda t, idx, f0: prof(t, idx) - f0 - c, (t_hat, hi),
                                args=(np.arange(n), f_hat), tolerances={"xatol": 1e-8 * scale})
    lim = np.asarray(res.x)
    return {"quantiles": tuple(float(x) for x in quantiles),
            "limits": tuple(float(np.quantile(lim, x)) for x in quantiles), "n_toys": n, "seed": int(seed)}


# ------------------------------------------------------------------------------------------------
# asymptotics (Cowan et al. 2011)
# ------------------------------------------------------------------------------------------------
def asimov_likelihood(release: DataSet, signal: SignalModel, theta_data: float,
                      n_cells: int = 2900) -> UnbinnedLikelihood:
    """The likelihood of the Asimov data set at coupling ``theta_data``: every cell of the window
    holds exactly its expected events (as weights), the auxiliary b_obs = 1."""
    lo, hi = _release(release).window_keV
    _signal(signal)
    n_cells = _validate.integer("n_cells", n_cells, 2, 10**6)
    edges = np.linspace(lo, hi, int(n_cells) + 1)
    E = 0.5 * (edges[1:] + edges[:-1])
    s = reconstructed_density(release, signal.nodes, signal.dR_dT, E)
    B = release.background_density(E)
    w = (B + signal.coefficients(theta_data) @ s) * np.diff(edges)
    return UnbinnedLikelihood(B, release.background_counts(), s, signal.counts, signal.powers,
                              release.background.relative_uncertainty, weights=w, sign=signal.sign)


def significance_of_signal(release: DataSet, signal: SignalModel, theta: float) -> float:
    """μ/σ of the signal at θ: √q₀ on the Asimov data set at θ (the median discovery significance,
    Cowan et al. 2011, eq. (97)), with μ the expected signal events and σ the standard deviation of
    its fit."""
    th = _validate.positive_scalar("theta", theta)
    L = asimov_likelihood(release, signal, th)
    return float(np.sqrt(max(float(L.profile_nll(0.0) - L.profile_nll(th)), 0.0)))


def asymptotic_coverage(mu_over_sigma, cl: float = 0.9) -> np.ndarray:
    """Coverage of the q̃ upper limit with the fixed critical value c = critical_value(cl) at a true
    signal μ/σ (Cowan et al. 2011, eq. (65)): F(c) = Φ(√c) for c ≤ μ²/σ², Φ((c + μ²/σ²)/(2μ/σ))
    above. It is ``cl`` once μ/σ ≥ √c and rises to 1 as μ/σ → 0 (the limit over-covers near 0)."""
    r = np.minimum(_validate.positive_array("mu_over_sigma", mu_over_sigma, ""), 1e100)  # beyond: exactly cl
    c = critical_value(cl)
    return np.where(c <= r**2, ndtr(np.sqrt(c)), ndtr((c + r**2) / (2 * r)))
