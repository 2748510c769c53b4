"""The signal of a model in a data release, in reconstructed energy, and the model's signals.

The signal in reconstructed energy E (events/keV) is

    s(E) = ε(E) · X · ∫ dT G(E; T, σ(T)) dR/dT(T),

X the exposure (kg day), dR/dT in counts/(keV kg day), G a normalised Gaussian of width σ(T) at
the deposited energy T (the ionization energy is deposited in the liquid: the hole relaxes by
X-rays and Auger electrons inside it). :func:`reconstructed_density` evaluates it at any E (the
event energies for the unbinned likelihood), with the T integral on Gauss–Legendre panels broken
at the target's shell edges. It is the same convolution as :func:`mcpria_lite.detection.response.smear`,
which returns cell averages on a grid instead of point values.

:func:`neutrino_signal` (solar neutrinos with a magnetic moment, millicharge or charge radius, the
interactions of :data:`mcpria_lite.particles.interactions.INTERACTIONS`) and
:func:`dark_cosmic_ray_signal` build :class:`SignalModel` objects for
:mod:`mcpria_lite.inference.likelihood`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from .. import _validate
from ..methods import get as get_method
from ..particles import interactions as _int
from ..rates import event_rates as _rates
from ..sources.cosmic_rays import DM_CONVENTION, dark_cosmic_rays
from ..sources.solar import solar_neutrinos
from ..targets.lookup import target as _target
from .releases import DataRelease

__all__ = ["TNodes", "t_nodes", "reconstructed_density", "expected_counts", "SignalModel", "neutrino_signal",
           "dark_cosmic_ray_signal"]


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
#: The interactions of the projectile a solar-neutrino signal can carry (one coupling each).
NEUTRINO_INTERACTIONS: tuple[str, ...] = tuple(n for n, s in _int.INTERACTIONS.items() if s.coupling is not None)


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


def _per_decade(per_decade, method):
    if per_decade == "auto":
        return get_method(method).coarse_T_per_decade
    return per_decade


def _in_release(release: DataRelease, nodes: TNodes, compute):
    """``compute()``, with a method's range error (a ``ValueError``) prefixed by what the data set needs:
    the energy transfers its window and resolution reach (the user passed the data set, not T)."""
    try:
        return compute()
    except ValueError as e:
        lo, hi = release.window_keV
        raise ValueError(f"data set {release.name!r}: its signal needs energy transfers from "
                         f"{nodes.T_keV.min():.3g} to {nodes.T_keV.max():.3g} keV (the window {lo:g}-{hi:g} keV "
                         f"widened by the energy resolution); {e}") from e


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
        Atomic method (``"FEA"`` = stepping, ``"RIA"``, ``"EPA"``, …) of :mod:`mcpria_lite.rates.cross_sections`.
    flux : mcpria_lite.sources.flux.Flux, optional
        Default :func:`mcpria_lite.sources.solar.solar_neutrinos` (all components).
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
        Passed to :func:`mcpria_lite.rates.event_rates.dR_dT_terms` (the EPA takes its regulator from the flux's
        projectile).
    """
    _validate.choice("interaction", interaction, NEUTRINO_INTERACTIONS)
    spec = _int.INTERACTIONS[interaction]
    coupling, unit = spec.coupling, spec.unit
    meth = get_method(method)
    tg = _target(release.target)
    nodes = nodes or t_nodes(release, breaks_keV=tg.binding_keV)
    flux = flux if flux is not None else solar_neutrinos()
    label = f"solar-ν {interaction}, {meth.name}"
    # an instance at a typical size: the term spectra are at unit couplings whatever it is
    inter = spec.build()
    # the interference with the weak amplitude, where there is one and the method has it (not the EPA)
    interferes = any(t.powers.get(coupling, 0) == 1 for t in (inter + _int.Weak()).terms)
    with_weak = interferes and interference and meth.supports(inter + _int.Weak()) is None
    if with_weak:
        inter = inter + _int.Weak()
    if interferes and not with_weak:
        label += f" ({coupling}² only, without weak interference)"
    elif meth.label != meth.name:  # the method's longer name, e.g. "FEA (stepping)"
        label += meth.label[len(meth.name):]
    computed = []

    def rate_terms(T):
        computed.append(_rates.dR_dT_terms(tg, T, flux, method, inter, **method_options))
        return np.asarray(computed[-1].values)

    v = _in_release(release, nodes,
                    lambda: _rates_at_nodes(rate_terms, nodes, tg.binding_keV, _per_decade(per_decade, method)))
    idx, powers, names = _new_physics_terms(computed[-1], coupling)
    return SignalModel.from_rates(release, nodes, v[idx], powers, coupling=coupling, unit=unit, label=label,
                                  term_names=names, sign=sign)


def dark_cosmic_ray_signal(release: DataRelease, m_keV: float, method: str = "RIA", *,
                           nodes: TNodes | None = None, convention: dict | None = None,
                           per_decade: int | None | str = "auto", **method_options) -> SignalModel:
    """The dark-cosmic-ray millicharged-particle signal of mass m_χ: dR/dT ∝ δ^(α+1) (one term).

    The flux is :func:`mcpria_lite.sources.cosmic_rays.dark_cosmic_rays` with the convention of
    :data:`mcpria_lite.sources.cosmic_rays.DM_CONVENTION` unless ``convention`` overrides it;
    ``per_decade`` as in :func:`neutrino_signal`.
    """
    m = _validate.positive_scalar("m_keV", m_keV, "keV")
    conv = dict(DM_CONVENTION, **(convention or {}))
    flux = dark_cosmic_rays(m, **conv)
    tg = _target(release.target)
    nodes = nodes or t_nodes(release, breaks_keV=tg.binding_keV)
    v = _in_release(release, nodes, lambda: _rates_at_nodes(
        lambda T: _rates.dR_dT(tg, T, flux, method, delta=1.0, **method_options), nodes, tg.binding_keV,
        _per_decade(per_decade, method)))
    p = _rates.rate_scaling_exponent(flux)
    return SignalModel.from_rates(release, nodes, v, (p,), coupling="delta", unit="e",
                                  label=f"dark cosmic rays m={m:g} keV, {get_method(method).name}", term_names=(f"delta^{p:g}",))
