"""A combined likelihood over data sets: a product of their likelihoods, nuisances per data set.

    −2 ln L_comb(θ) = Σ_d min_{ν_d} [−2 ln L_d(θ, ν_d)]

The coupling θ is shared; every data set d profiles its own background normalisations ν_d (the
unbinned b of :class:`mcpria_lite.inference.likelihood.UnbinnedLikelihood`, the a_j of
:class:`mcpria_lite.inference.binned_likelihood.BinnedLikelihood`). A member is anything with the
small interface of :class:`Member` (its profile, the scale of its coupling, its Asimov data set and
its toys), so unbinned and binned data sets mix freely, and a new kind of data set joins by
providing the same methods. The upper limit is the one-sided limit of the q̃ statistic (Cowan,
Cranmer, Gross & Vitells, Eur. Phys. J. C 71, 1554 (2011)) on the summed profile.

Two properties any correct combination has, and which the tests check: a combination of
one member is that member's own limit, and on background-only Asimov data (the median expectation)
the combination is at least as strong as its strongest member. On *observed* data the second need
not hold: a member whose data fluctuate below its background sets a limit below its expectation,
and members that fluctuate upward pull the combination above it.

:func:`coverage` extends the toy coverage check to a combination: toys of every member at the same
true coupling, the q̃ of their sum.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Protocol

import numpy as np

from .. import _validate
from ..detection.binned import BackgroundComponent, BinnedRelease, BinnedSignal
from ..detection.releases import DataSet
from ..detection.signals import SignalModel
from . import likelihood as _lk
from .binned_likelihood import BinnedLikelihood, batch_minimum, best_fit, critical, profile_upper_limit

__all__ = ["Member", "UnbinnedMember", "BinnedMember", "CombinedLikelihood", "CombinedLimit", "CombinedCoverage",
           "coverage"]


class Member(Protocol):
    """What a data set contributes to a combination."""

    name: str
    coupling: str
    unit: str
    sign: float

    @property
    def pmax(self) -> float: ...

    def profile_nll(self, theta) -> float | np.ndarray: ...

    def theta_scale(self) -> float: ...

    def asimov(self, theta: float = 0.0) -> "Member": ...

    def toys(self, theta: float, n_toys: int, rng: np.random.Generator) -> "Member": ...

    def signal_events(self, theta: float) -> float: ...

    def nuisances(self, theta: float) -> list: ...


@dataclass(eq=False)
class UnbinnedMember:
    """An unbinned release (:class:`mcpria_lite.detection.releases.DataRelease`) with a signal
    (:class:`mcpria_lite.detection.signals.SignalModel`)."""

    release: DataSet
    signal: SignalModel
    likelihood: _lk.UnbinnedLikelihood | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.likelihood is None:
            self.likelihood = _lk.UnbinnedLikelihood.from_signal(self.release, self.signal)
        self.name = self.name or self.release.name
        self.coupling: str = self.signal.coupling
        self.unit: str = self.signal.unit
        self.sign: float = float(self.signal.sign)

    @property
    def _lik(self) -> _lk.UnbinnedLikelihood:
        assert self.likelihood is not None  # set by __post_init__
        return self.likelihood

    @property
    def pmax(self) -> float:
        return float(np.max(self.signal.powers))

    def profile_nll(self, theta) -> float | np.ndarray:
        v = self._lik.profile_nll(theta)
        return float(v) if np.ndim(v) == 0 else np.asarray(v)

    def theta_scale(self) -> float:
        return self._lik.theta_scale()

    def asimov(self, theta: float = 0.0) -> "UnbinnedMember":
        return UnbinnedMember(self.release, self.signal, _lk.asimov_likelihood(self.release, self.signal, theta),
                              self.name + " (Asimov)")

    def toys(self, theta: float, n_toys: int, rng: np.random.Generator) -> "UnbinnedMember":
        seed = int(rng.integers(2**32))
        return UnbinnedMember(self.release, self.signal, _lk.toy_datasets(self.release, self.signal, theta, n_toys, seed),
                              self.name + " (toys)")

    def signal_events(self, theta: float) -> float:
        return float(self.signal.total_counts(theta))

    def background_events(self) -> float:
        return float(self.release.background_counts())

    def observed_events(self) -> int:
        return int(self.release.n_events)

    def nuisances(self, theta: float) -> list:
        return [float(self._lik.profile_b(theta))]


@dataclass(eq=False)
class BinnedMember:
    """A binned data set (:class:`mcpria_lite.detection.binned.BinnedRelease`) with a signal
    (:class:`mcpria_lite.detection.binned.BinnedSignal`) and background components."""

    release: BinnedRelease
    signal: BinnedSignal
    components: tuple[BackgroundComponent, ...] = ()
    likelihood: BinnedLikelihood | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.likelihood is None:
            if not self.components:
                raise ValueError("components: a binned member needs its background components")
            self.likelihood = BinnedLikelihood(self.release.observed, np.stack([c.counts for c in self.components]),
                                               [c.relative_uncertainty for c in self.components], self.signal.counts,
                                               self.signal.powers, self.signal.sign, name=self.release.name)
        self.name = self.name or self.release.name
        self.coupling: str = self.signal.coupling
        self.unit: str = self.signal.unit
        self.sign: float = float(self.signal.sign)

    @property
    def _lik(self) -> BinnedLikelihood:
        assert self.likelihood is not None  # set by __post_init__
        return self.likelihood

    @property
    def pmax(self) -> float:
        return self._lik.pmax

    def profile_nll(self, theta) -> float | np.ndarray:
        return self._lik.profile_nll(theta)

    def theta_scale(self) -> float:
        return self._lik.theta_scale()

    def asimov(self, theta: float = 0.0) -> "BinnedMember":
        return BinnedMember(self.release, self.signal, self.components, self._lik.asimov(theta),
                            self.name + " (Asimov)")

    def toys(self, theta: float, n_toys: int, rng: np.random.Generator) -> "BinnedMember":
        return BinnedMember(self.release, self.signal, self.components, self._lik.toys(theta, n_toys, rng),
                            self.name + " (toys)")

    def signal_events(self, theta: float) -> float:
        return float(self.signal.total_counts(theta))

    def background_events(self) -> float:
        return float(sum(c.counts.sum() for c in self.components))

    def observed_events(self) -> int:
        return int(self.release.n_events)

    def nuisances(self, theta: float) -> list:
        return [float(x) for x in np.ravel(self._lik.profile(theta)[0])]


@dataclass(frozen=True)
class CombinedLimit:
    """A one-sided upper limit from one or more data sets."""

    data: tuple
    coupling: str
    unit: str
    sign: float
    cl: float
    statistic: str
    critical_value: float
    limit: float
    theta_hat: float
    signal_events_at_limit: tuple
    background_events: tuple
    observed_events: tuple
    nuisances_at_limit: tuple = field(default=())

    def to_dict(self) -> dict:
        """Plain numbers and strings (JSON-ready)."""
        d = asdict(self)
        d["data"] = list(self.data)
        return d


class CombinedLikelihood:
    """The sum of the members' profiled −2 ln L (the product of their likelihoods)."""

    def __init__(self, members):
        self.members = list(members)
        if not self.members:
            raise ValueError("members: a combination needs at least one data set")
        first = self.members[0]
        for m in self.members[1:]:
            if (m.coupling, m.sign) != (first.coupling, first.sign):
                raise ValueError(f"members must share the coupling and its sign: {first.name} has "
                                 f"({first.coupling}, {first.sign:+g}), {m.name} has ({m.coupling}, {m.sign:+g})")
        names = [m.name for m in self.members]
        if len(set(names)) != len(names):
            raise ValueError(f"members: a data set may enter a combination once, got {names}")
        self.coupling, self.unit, self.sign = first.coupling, first.unit, first.sign

    @property
    def names(self) -> tuple:
        return tuple(m.name for m in self.members)

    @property
    def pmax(self) -> float:
        return max(m.pmax for m in self.members)

    def theta_scale(self) -> float:
        """The smallest scale of the members that carry a signal (a member without one adds a constant)."""
        scales = []
        for m in self.members:
            try:
                scales.append(m.theta_scale())
            except ValueError:
                continue
        if not scales:
            raise ValueError("the signal has no expected events in any data set of the combination")
        return min(scales)

    def profile_nll(self, theta):
        """Σ_d −2 ln L_d(θ, ν̂_d(θ))."""
        return sum(m.profile_nll(theta) for m in self.members)

    def best_fit(self) -> tuple[float, float]:
        """(θ̂ ≥ 0, min −2 ln L)."""
        return best_fit(self.profile_nll, self.theta_scale(), self.pmax)

    def upper_limit(self, cl: float = 0.9, statistic: str = "q-tilde") -> CombinedLimit:
        """The one-sided upper limit on the shared coupling."""
        th, t_hat, _ = profile_upper_limit(self.profile_nll, self.theta_scale(), self.pmax, cl, statistic)
        return CombinedLimit(
            data=self.names, coupling=self.coupling, unit=self.unit, sign=self.sign, cl=float(cl), statistic=statistic,
            critical_value=critical(cl, statistic), limit=th, theta_hat=t_hat,
            signal_events_at_limit=tuple(m.signal_events(th) for m in self.members),
            background_events=tuple(m.background_events() for m in self.members),
            observed_events=tuple(m.observed_events() for m in self.members),
            nuisances_at_limit=tuple(tuple(m.nuisances(th)) for m in self.members))

    def asimov(self, theta: float = 0.0) -> "CombinedLikelihood":
        """Every member on its Asimov data set at θ (θ = 0: the median background-only expectation)."""
        return CombinedLikelihood([m.asimov(theta) for m in self.members])

    def expected_limit(self, cl: float = 0.9, statistic: str = "q-tilde") -> float:
        """The limit on the background-only Asimov data (the median expected limit, asymptotically)."""
        return self.asimov(0.0).upper_limit(cl, statistic).limit

    def without(self, name: str) -> "CombinedLikelihood":
        """The combination with the member ``name`` removed."""
        rest = [m for m in self.members if m.name != name]
        if len(rest) == len(self.members):
            raise ValueError(f"name must be one of {list(self.names)}, got {name!r}")
        return CombinedLikelihood(rest)


@dataclass(frozen=True)
class CombinedCoverage:
    """Toy coverage of a combined upper limit at a true coupling."""

    data: tuple
    theta_true: float
    n_toys: int
    seed: int
    cl: float
    critical_value: float
    covered_fraction: float
    binomial_error: float
    q_tilde_quantile: float


def coverage(combined: CombinedLikelihood, theta_true: float, n_toys: int = 200, seed: int = 1,
             cl: float = 0.9) -> CombinedCoverage:
    """Fraction of seeded toys at θ_true (every member's data and prior centres fluctuated) whose
    combined q̃(θ_true) ≤ the critical value: the coverage of the combined limit at θ_true."""
    th = _validate.positive_scalar("theta_true", theta_true)
    n_toys = int(n_toys)
    if n_toys < 2:
        raise ValueError(f"n_toys must be >= 2, got {n_toys!r}")
    rng = np.random.default_rng(seed)
    toys = [m.toys(th, n_toys, rng) for m in combined.members]

    def prof(t):
        return sum(np.asarray(m.profile_nll(np.broadcast_to(np.asarray(t, dtype=float), (n_toys,))), dtype=float)
                   for m in toys)

    f_true = prof(np.full(n_toys, th))
    _, f_min = batch_minimum(prof, np.full(n_toys, th), combined.pmax)
    q = np.maximum(f_true - np.minimum(f_min, f_true), 0.0)
    c = critical(cl, "q-tilde")
    frac = float(np.mean(q <= c))
    return CombinedCoverage(combined.names, th, n_toys, int(seed), float(cl), c, frac,
                            float(np.sqrt(frac * (1 - frac) / n_toys)), float(np.quantile(q, cl)))
