"""Differential event rates dR/dT in a detector: flux × cross section × atoms per kg.

dR/dT(T) = ρ_A ∫ dE dφ/dE(E) dσ/dT(E, T) + Σ_lines ρ_A φ_line dσ/dT(E_line, T),

with ρ_A the atoms per kg of the target and dφ/dE the flux with its solid angle folded in
(:mod:`mcpria_lite.sources`). Units: T in keV, rates in counts/(keV kg day) ("cpkkd").

Each method is integrated only where it is kinematically allowed (the lower limit in E is
essential physics, Qiao et al. 2021):

* FEA: E ≥ E_min(T), the energy at which a free electron at rest can receive T;
* RIA: E > m + T and the p_z window reaching the profile support (:func:`mcpria_lite.kinematics.E_min_impulse`);
* EPA: E > m + T.

With a steeply falling flux this difference in the lower limit is what separates the methods at
low mass.

**A sum of terms.** An interaction with couplings g (a millicharge δ, a magnetic moment μ, …)
gives a cross section Σ_k c_k(g) dσ_k/dT, each c_k a monomial in the couplings, so the rate is
Σ_k c_k(g) R_k(T) (:func:`dR_dT_terms`, :class:`RateTerms`). A source whose flux itself depends on
a coupling (dark cosmic rays: dφ ∝ δ^(α−1)) multiplies every c_k by that power: :class:`RateTerms`
folds it into each term's powers, so ``total(delta=δ)`` is the whole δ dependence. Weak terms
differ between ν_e and ν_μ,τ: a flux split by flavour is integrated per flavour and summed.

**How a method evaluates a rate.** The flux's quadrature nodes and weights (above the method's
lower limit in E, per flavour group for weak terms) go to the method's ``rate_terms``
(:class:`mcpria_lite.methods.base.MethodBase`): by default the cross section at every node; the
impulse approximation integrates the flux first, on p_z integrals shared by every node
(:mod:`mcpria_lite.methods.impulse_rates`). ``evaluation="direct"`` forces the cross section at every
node, the reference the tests and benchmarks compare with.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Mapping

import numpy as np
from numpy.typing import ArrayLike

from .._validate import choice, coupling, positive_array
from ..methods import MethodBase
from ..methods.base import MethodLike, array_options, check_supports
from ..methods.base import rate_terms as method_rate_terms
from ..methods import get as get_method
from ..particles import interactions as _inter
from ..particles.interactions import InteractionLike
from ..sources.flux import Source
from ..targets.lookup import as_target
from ..targets.protocol import TargetLike
from ..units import SECONDS_PER_DAY
from .cross_sections import dsigma_dT_terms

__all__ = ["dR_dT", "dR_dT_terms", "RateTerm", "RateTerms", "rate_scaling_exponent", "Evaluation"]

#: How a rate is evaluated (the method's own path, or the cross section at every flux node).
Evaluation = Literal["method", "direct"]

#: (T values) × (flux nodes) per chunk of a rate: the energies T are processed in chunks of this
#: many (T, E) pairs, so that memory does not grow with the number of T values.
_NODES_PER_CHUNK = 500_000


def _flux_coupling_powers(flux: Source) -> dict[str, float]:
    """The powers of the couplings by which the flux itself scales (dark cosmic rays: δ^(α−1))."""
    own = getattr(flux, "coupling_powers", None)
    if own is not None:
        return {str(k): float(v) for k, v in dict(own).items() if float(v) != 0.0}
    p = float(getattr(flux, "delta_power", 0.0))
    return {"delta": p} if p != 0.0 else {}


def rate_scaling_exponent(flux: Source) -> float:
    """n in dR/dT ∝ δⁿ for a pure millicharge: 2 (the cross section) + the flux's own δ power.

    2 for neutrinos, α + 1 for dark cosmic rays. Meaningful only when the rate is the single
    millicharge term (no weak or other interaction added); the general case is
    :func:`dR_dT_terms`, whose millicharge term carries exactly these powers.
    """
    return 2.0 + _flux_coupling_powers(flux).get("delta", 0.0)


# ------------------------------------------------------------------------------------------------
# terms
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RateTerm:
    """One term of a rate: its name and the monomial Π_g g^(powers[g]) multiplying it.

    ``powers`` include the flux's own coupling power (so they may be non-integer, e.g. δ^3.7 for
    dark cosmic rays with α = 2.7). ``standard_model`` is ``True`` for a term without couplings of
    the interaction (the Standard-Model weak background).
    """

    name: str
    powers: Mapping[str, float]
    standard_model: bool = False

    def coefficient(self, couplings: Mapping[str, float]) -> float:
        """Π_g couplings[g]^powers[g] (1 for a term without couplings)."""
        c = 1.0
        try:
            for g, n in self.powers.items():
                c *= couplings[g] ** n
        except OverflowError:
            c = math.inf
        if not math.isfinite(c):
            raise ValueError(f"couplings: the coefficient of the term {self.name!r} overflows float64 at "
                             f"{dict(couplings)!r} (powers {dict(self.powers)!r})")
        return float(c)


@dataclass(frozen=True)
class RateTerms:
    """A rate as a sum of terms, dR/dT = Σ_k c_k(g) R_k(T), in counts/(keV kg day).

    Attributes
    ----------
    T_keV : numpy.ndarray
        Energy transfers, keV.
    terms : tuple of RateTerm
        Names and coupling powers (the flux's own power folded in).
    values : numpy.ndarray
        R_k(T) at unit couplings, cpkkd, shape ``(len(terms),) + T_keV.shape``.
    couplings : Mapping
        The couplings used where :meth:`total` is not told otherwise (the interaction's own; δ = 1
        for the millicharge of :func:`dR_dT` without an interaction).
    """

    T_keV: np.ndarray
    terms: tuple[RateTerm, ...]
    values: np.ndarray
    couplings: Mapping[str, float] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        """The terms' names."""
        return tuple(t.name for t in self.terms)

    @property
    def coupling_names(self) -> tuple[str, ...]:
        """Every coupling some term depends on."""
        return tuple(sorted({g for t in self.terms for g in t.powers}))

    def _couplings(self, given: Mapping[str, float]) -> dict[str, float]:
        allowed = self.coupling_names
        for g, v in given.items():
            if g not in allowed:
                raise ValueError(f"couplings: unknown coupling {g!r}; this rate depends on {list(allowed)!r}")
            if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)) or not math.isfinite(v):
                raise ValueError(f"couplings: {g} must be a finite real number, got {v!r}")
        out = {g: float(self.couplings.get(g, 1.0)) for g in allowed}
        out.update({g: float(v) for g, v in given.items()})
        for t in self.terms:
            for g, n in t.powers.items():
                if out[g] < 0 and float(n) != int(n):
                    raise ValueError(f"couplings: {g} must be >= 0 (the term {t.name!r} has the power {n:g}), "
                                     f"got {out[g]!r}")
        return out

    def coefficients(self, **couplings: float) -> np.ndarray:
        """c_k(g) of every term at the given couplings (others: :attr:`couplings`)."""
        c = self._couplings(couplings)
        return np.array([t.coefficient(c) for t in self.terms])

    def total(self, **couplings: float) -> np.ndarray:
        """dR/dT = Σ_k c_k(g) R_k in cpkkd, shape of ``T_keV``."""
        return np.tensordot(self.coefficients(**couplings), self.values, axes=1)

    def new_physics(self, **couplings: float) -> np.ndarray:
        """The terms with couplings only (the signal above the Standard-Model weak background)."""
        c = self.coefficients(**couplings)
        keep = np.array([not t.standard_model for t in self.terms])
        return np.tensordot(np.where(keep, c, 0.0), self.values, axes=1)


def _interaction(interaction, projectile):
    """The interaction of a call (``None``: the millicharge at δ = 1, one term δ²), validated for the projectile."""
    inter = _inter.Millicharge(1.0) if interaction is None else _inter.as_interaction(interaction)
    inter.basis(projectile)  # ValueError naming the projectile where it does not fit the interaction
    return inter


# ------------------------------------------------------------------------------------------------
# public entry points
# ------------------------------------------------------------------------------------------------
def _check_common(method, target, T_keV, flux):
    meth = get_method(method)
    tg = as_target(target)
    T = positive_array("T_keV", T_keV)
    if not isinstance(flux, Source):
        raise ValueError(f"flux must be a mcpria_lite.sources.flux.Flux (a Source), got {type(flux).__name__}")
    return meth, tg, T


def _check_n_E(n_E) -> int:
    from ..sources.flux import MAX_NODES

    if isinstance(n_E, bool) or not isinstance(n_E, (int, np.integer)) or not 1 <= n_E <= MAX_NODES:
        raise ValueError(f"n_E must be an integer in [1, {MAX_NODES}] (n, the quadrature nodes per flux component), "
                         f"got {n_E!r}")
    return int(n_E)


def _with_flavour(projectile, flavour):
    return projectile if projectile.flavour == flavour else dataclasses.replace(projectile, flavour=flavour)


def _terms_values(meth, tg, T, flux, inter, n_E: int, opts: dict, evaluation: Evaluation) -> np.ndarray:
    """R_k at unit couplings, cpkkd, shape (n_terms, nT), for flat T."""
    projectile = flux.projectile
    m = float(flux.m_keV)
    if "epa_spectrum" in opts:  # the name of this option in the millicharge call of dsigma_dT
        opts["spectrum"] = opts.pop("epa_spectrum")
    o = meth.options(**opts)
    for name, v in array_options(o).items():  # a rate pairs options with its own flux nodes
        raise ValueError(f"{name} must be a single value in a rate (an array of shape {v.shape} cannot be paired "
                         "with the flux's quadrature nodes); compute dsigma_dT per point instead")
    E_lo = meth.E_lower_limit(T, projectile, target=tg, **opts)
    # one evaluation with the caller's options: bad options raise here, named as in dsigma_dT
    T_chk = T[:1] if T.size else np.array([1.0])
    E_chk = np.array([max(float(meth.E_lower_limit(T_chk, projectile, target=tg, **opts)[0]), m + T_chk[0]) * 1.5 + 1.0])
    dsigma_dT_terms(tg, T_chk, E_chk, projectile=projectile, interaction=inter, method=meth, **opts)
    if T.size == 0:
        return np.zeros((len(inter.terms), 0))
    rate = MethodBase.rate_terms if evaluation == "direct" else method_rate_terms
    # the flux nodes of every T are (nT, nE) arrays, and a method's work arrays are larger still:
    # T in chunks keeps the memory bounded at any length (≈ 0.1 GB for 1e5 T) at no cost in time
    n_nodes = flux.quadrature(E_lo=E_lo[:1], n=n_E)[0].shape[-1]
    step = max(1, _NODES_PER_CHUNK // max(n_nodes, 1))
    values = np.empty((len(inter.terms), T.size))
    for a in range(0, T.size, step):
        Tc, E_lo_c = T[a:a + step], E_lo[a:a + step]
        if inter.has_weak:  # {flavour: weights} on shared nodes: the weak terms differ between flavours
            E_nodes, weights = flux.flavour_quadrature(E_lo=E_lo_c, n=n_E)
            groups = [(_with_flavour(projectile, f), w) for f, w in weights.items()]
        else:  # the same kernel for every flavour: the weights summed over flavours
            E_nodes, w_all = flux.quadrature(E_lo=E_lo_c, n=n_E)
            groups = [(projectile, w_all)]
        kin_ok = (E_nodes - Tc[:, None] > m) & (E_nodes > E_lo_c[:, None])
        values[:, a:a + step] = rate(meth, tg, Tc, E_nodes, groups, kin_ok, inter, o)
    return values * tg.atoms_per_kg * SECONDS_PER_DAY


def dR_dT_terms(target: TargetLike, T_keV: ArrayLike, flux: Source, method: MethodLike = "RIA",
                interaction: InteractionLike | None = None, *, n_E: int = 48,
                evaluation: Evaluation = "method", **method_options: Any) -> RateTerms:
    """The rate as a sum of terms Σ_k c_k(g) R_k(T), R_k at unit couplings, in cpkkd.

    Parameters
    ----------
    target : Target or str
        Detector atom (rates per kg of this element).
    T_keV : float or array_like
        Energy transfers (deposited energies), keV, > 0.
    flux : Flux
        Incoming flux; its own coupling power (dark cosmic rays: δ^(α−1)) is folded into every
        term's powers.
    method : {"RIA", "RIA-simplified", "FEA", "EPA"}
    interaction : optional
        An interaction of :mod:`mcpria_lite.particles.interactions` (its basis of terms); ``None``: the
        millicharge, one term δ².
    n_E : int
        Quadrature nodes per continuum component of the flux.
    evaluation : {"method", "direct"}
        The method's own rate path (default) or the cross section at every flux node (the reference).
    **method_options
        Passed to the cross section (``p_max_au``, ``m_regulator_keV``, ``prefactor``, …).

    Returns
    -------
    RateTerms
        ``values`` of shape ``(n_terms,) + T_keV.shape``; ``total(**couplings)`` is dR/dT.
    """
    choice("evaluation", evaluation, ("method", "direct"))
    meth, tg, T = _check_common(method, target, T_keV, flux)
    n = _check_n_E(n_E)
    inter = _interaction(interaction, flux.projectile)
    check_supports(meth, inter)
    fp = _flux_coupling_powers(flux)
    terms = tuple(
        RateTerm(str(t.name), MappingProxyType({g: float(dict(t.powers).get(g, 0.0)) + fp.get(g, 0.0)
                                                for g in dict.fromkeys([*map(str, dict(t.powers)), *fp])}),
                 standard_model=not dict(t.powers))
        for t in inter.basis(flux.projectile)
    )
    values = _terms_values(meth, tg, T.ravel(), flux, inter, n, dict(method_options), evaluation)
    couplings = {str(g): float(v) for g, v in dict(inter.couplings).items()}
    for g in fp:
        couplings.setdefault(g, 1.0)
    return RateTerms(T_keV=T, terms=terms, values=values.reshape((len(terms),) + T.shape), couplings=couplings)


def dR_dT(
    target: TargetLike,
    T_keV: ArrayLike,
    flux: Source,
    method: MethodLike = "RIA",
    delta: float = 1.0,
    *,
    interaction: InteractionLike | None = None,
    n_E: int = 48,
    evaluation: Evaluation = "method",
    **method_options: Any,
) -> np.ndarray:
    """Differential event rate dR/dT in counts/(keV kg day).

    Parameters
    ----------
    target : Target or str
        Detector atom (per kg of this element).
    T_keV : float or array_like
        Energy transfer (deposited energy), keV, > 0.
    flux : Flux
        Incoming flux (:func:`mcpria_lite.sources.solar.solar_neutrinos`,
        :func:`mcpria_lite.sources.cosmic_rays.dark_cosmic_rays`, or a user's :class:`~mcpria_lite.sources.flux.Flux`).
        Its mass ``m_keV`` is the projectile mass.
    method : {"RIA", "RIA-simplified", "FEA", "EPA"}
    delta : float
        Millicharge in units of e (> 0) when ``interaction`` is ``None``; dR/dT ∝ δ^(2 + flux.delta_power).
    interaction : optional
        An interaction of :mod:`mcpria_lite.particles.interactions`, at its own couplings (then ``delta``
        must stay 1; the flux's own δ power uses the interaction's ``delta``).
    n_E : int
        Quadrature nodes per continuum component of the flux.
    evaluation : {"method", "direct"}
        The method's own rate path (default) or the cross section at every flux node (the reference).
    **method_options
        Passed to :func:`mcpria_lite.rates.cross_sections.dsigma_dT` (``p_max_au``, ``m_regulator_keV``, …). For the EPA
        with a massless flux ``m_regulator_keV`` is required.

    Returns
    -------
    numpy.ndarray
        dR/dT in cpkkd, shape of ``T_keV``.

    Notes
    -----
    The RIA is evaluated on shared p_z integrals per T (module docstring); the direct evaluation
    at every flux node agrees to < 1e-4.
    """
    _check_common(method, target, T_keV, flux)
    d = coupling("delta", delta, "(units of e)")
    if interaction is not None and d != 1.0:
        raise ValueError("delta applies to the millicharge without an interaction; with interaction=... "
                         "its couplings are the interaction's (e.g. interactions.Millicharge(delta))")
    rt = dR_dT_terms(target, T_keV, flux, method, interaction, n_E=n_E, evaluation=evaluation, **method_options)
    return rt.total(delta=d) if interaction is None else rt.total()
