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
:mod:`mcpria_lite.inference.likelihood`. A monoenergetic deposit (absorption of a dark-matter boson
of mass m: a line at T = m) is the one-node quadrature T = [m], weight 1 (:func:`line_signal`), so
that s(E) = ε(E) X R G(E; m, σ(m)) with R the line's rate in counts/(kg day):
:func:`dark_photon_signal` (κ) and :func:`axion_signal` (g_ae).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from .. import _validate
from ..methods import get as get_method
from ..methods.base import MethodLike
from ..particles import interactions as _int
from ..particles.dark_photon import DarkPhoton
from ..rates import dark_photons as _dark
from ..rates import event_rates as _rates
from ..sources.dark_photons import LOCAL_DM_DENSITY_GEV_CM3, AxionLikeDarkMatter, DarkPhotonDarkMatter
from ..sources.cosmic_rays import DM_CONVENTION, dark_cosmic_rays
from ..sources.solar import solar_neutrinos
from ..targets.lookup import target as _target
from .releases import DataSet

__all__ = ["TNodes", "t_nodes", "reconstructed_density", "expected_counts", "SignalModel", "neutrino_signal",
           "dark_cosmic_ray_signal", "line_signal", "line_spectrum", "dark_photon_signal", "axion_signal",
           "TermSpectrum", "neutrino_spectrum", "dark_cosmic_ray_spectrum", "rates_on", "NEUTRINO_INTERACTIONS"]


@dataclass(frozen=True, eq=False)
class TNodes:
    """Quadrature in the deposited energy T: ∫ f(T) dT ≈ Σ w_i f(T_i) (Gauss–Legendre panels)."""

    T_keV: np.ndarray
    weights_keV: np.ndarray


def _t_range(release: DataSet, n_sigma: float) -> tuple[float, float]:
    lo, hi = release.window_keV
    sig = release.resolution

    def reach_lo(T):
        return T + n_sigma * float(sig(np.array(T))) - lo

    def reach_hi(T):
        return T - n_sigma * float(sig(np.array(T))) - hi

    T_lo = brentq(reach_lo, 1e-6, lo) if lo > 0 and reach_lo(1e-6) < 0 else 1e-6
    T_hi = brentq(reach_hi, hi, 100 * hi + 100.0)
    return T_lo, T_hi


def t_nodes(release: DataSet, breaks_keV=(), n_sigma: float = 6.0, panel_sigma: float = 1.0,
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


def _kernel(release: DataSet, nodes: TNodes, E: np.ndarray) -> np.ndarray:
    """ε(E) X G(E; T_i, σ_i) w_i, shape (n_T, n_E): the linear map dR/dT(T_i) → events/keV at E."""
    sig = np.asarray(release.resolution(nodes.T_keV), dtype=float)
    z = (E[None, :] - nodes.T_keV[:, None]) / sig[:, None]
    g = np.exp(-0.5 * z * z) / (math.sqrt(2 * math.pi) * sig[:, None])
    return (nodes.weights_keV * release.exposure_kg_day)[:, None] * g * np.asarray(release.efficiency(E))[None, :]


def _kernel_counts(release: DataSet, nodes: TNodes, n_E: int = 6001) -> np.ndarray:
    """∫_window ε(E) X G(E; T_i, σ_i) dE w_i, shape (n_T,): dR/dT(T_i) → expected events in the window."""
    lo, hi = release.window_keV
    E = np.linspace(lo, hi, n_E)
    sig = np.asarray(release.resolution(nodes.T_keV), dtype=float)
    # ε is piecewise linear and G smooth: Simpson on a fine grid, then the tails of G outside are 0 by definition.
    z = (E[None, :] - nodes.T_keV[:, None]) / sig[:, None]
    g = np.exp(-0.5 * z * z) / (math.sqrt(2 * math.pi) * sig[:, None]) * np.asarray(release.efficiency(E))[None, :]
    from scipy.integrate import simpson

    return nodes.weights_keV * release.exposure_kg_day * simpson(g, x=E, axis=1)


def reconstructed_density(release: DataSet, nodes: TNodes, dR_dT_values, E_keV) -> np.ndarray:
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


def expected_counts(release: DataSet, nodes: TNodes, dR_dT_values) -> np.ndarray:
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

    release: DataSet
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
    def from_rates(cls, release: DataSet, nodes: TNodes, dR_dT_values, powers, *, coupling: str,
                   unit: str = "", label: str = "", term_names=None, sign: float = 1.0) -> "SignalModel":
        """Fold per-term dR/dT at the T nodes (counts/(keV kg day), θ = 1) through the detector."""
        v = np.atleast_2d(_validate.finite_array("dR_dT_values", dR_dT_values))
        p = tuple(float(x) for x in np.atleast_1d(powers))
        if v.shape != (len(p), nodes.T_keV.size):
            raise ValueError(f"dR_dT_values must have shape (n_terms={len(p)}, n_T={nodes.T_keV.size}), got {v.shape}")
        if isinstance(sign, (bool, np.bool_)) or sign not in (1.0, -1.0, 1, -1):
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


def _coarse_T(T: np.ndarray, breaks_keV, per_decade: int) -> tuple[np.ndarray, list]:
    """Points at which to evaluate dR/dT: per_decade log-spaced points in every interval between the
    shell edges (both ends just inside it) spanning the energies T, and the intervals' slices."""
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


def _interpolate_to_nodes(T: np.ndarray, Tc: np.ndarray, parts, values: np.ndarray) -> np.ndarray:
    """dR/dT at the energies T from the coarse points, interval by interval: log–log where a term keeps
    one strict sign in the interval (exact for power laws), linear otherwise."""
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


def _in_release(release: DataSet, nodes: TNodes, compute):
    """``compute()``, with a method's range error (a ``ValueError``) prefixed by what the data set needs:
    the energy transfers its window and resolution reach (the user passed the data set, not T)."""
    try:
        return compute()
    except ValueError as e:
        lo, hi = release.window_keV
        raise ValueError(f"data set {release.name!r}: its signal needs energy transfers from "
                         f"{nodes.T_keV.min():.3g} to {nodes.T_keV.max():.3g} keV (the window {lo:g}-{hi:g} keV "
                         f"widened by the energy resolution); {e}") from e


def rates_on(rate_fn, T_keV, breaks_keV=(), per_decade: int | None = None) -> np.ndarray:
    """``rate_fn(T)`` → (n_terms, n_T) at the energies T (keV, any order), computed directly
    (``per_decade=None``) or at ``per_decade`` log-spaced points per decade between the ``breaks_keV``
    (shell edges) and interpolated (log–log where a term keeps its sign)."""
    T = _validate.positive_array("T_keV", T_keV, "keV").ravel()
    if per_decade is None:
        return np.atleast_2d(rate_fn(T))
    if isinstance(per_decade, bool) or not isinstance(per_decade, int) or per_decade < 1:
        raise ValueError(f"per_decade must be a positive integer, None or 'auto', got {per_decade!r}")
    Tc, parts = _coarse_T(T, breaks_keV, int(per_decade))
    return _interpolate_to_nodes(T, Tc, parts, np.atleast_2d(rate_fn(Tc)))


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


@dataclass(frozen=True, eq=False)
class TermSpectrum:
    """A signal's deposited-energy spectrum, detector-independent: Σ_k (sign·θ)^(p_k) dR_k/dT.

    Attributes
    ----------
    T_keV : numpy.ndarray
        Deposited energies (keV), shape (n_T,) (any order: e.g. the quadrature nodes of several data sets).
    dR_dT : numpy.ndarray
        (n_terms, n_T) counts/(keV kg day) of each term at unit coupling.
    powers, term_names : tuple
        p_k and the terms' names.
    coupling, unit, label : str
        The coupling θ, its unit, and what the spectrum is (interaction, flux, method, atomic inputs).
    target : str
        The target it was computed for (its symbol).
    """

    T_keV: np.ndarray
    dR_dT: np.ndarray
    powers: tuple
    term_names: tuple
    coupling: str
    unit: str
    label: str
    target: str = ""

    @property
    def has_odd_terms(self) -> bool:
        """Whether a term is odd in the coupling (an interference term), so that the two signs differ."""
        return bool(np.any(np.mod(np.asarray(self.powers), 2) == 1))

    def part(self, sl) -> "TermSpectrum":
        """The spectrum at the nodes ``sl`` (a slice or index array) only."""
        return TermSpectrum(self.T_keV[sl], self.dR_dT[:, sl], self.powers, self.term_names, self.coupling,
                            self.unit, self.label, self.target)


def neutrino_spectrum(target, T_keV, interaction: str, method: str = "RIA", *, flux=None,
                      interference: bool | None = None, per_decade: int | None | str = "auto",
                      **method_options) -> TermSpectrum:
    """The new-physics part of the solar-neutrino dR/dT at the deposited energies T, per term.

    Parameters
    ----------
    target : str or Target
        The detector atom (a symbol, or a target object, e.g. ``mcpria_lite.target("Xe", profiles="dirac-fock")``).
    T_keV : array_like
        Deposited energies (keV).
    interaction : {"magnetic-moment", "millicharge", "charge-radius"}
        One of :data:`NEUTRINO_INTERACTIONS`; the terms returned are the new-physics ones (the μ² term;
        for δ and ⟨r²⟩ the pure and the interference terms): the SM weak recoils are background.
    method : str
        Atomic method.
    flux : mcpria_lite.sources.flux.Flux, optional
        Default :func:`mcpria_lite.sources.solar.solar_neutrinos` (all components).
    interference : bool or None
        The interference with the weak amplitude (millicharge, charge radius): ``True`` requires it
        (``ValueError`` where the method has no weak amplitude), ``False`` leaves it out (the pure term
        only), ``None`` includes it where the method has it.
    per_decade : int, None or "auto"
        As in :func:`neutrino_signal`.
    **method_options
        Passed to :func:`mcpria_lite.rates.event_rates.dR_dT_terms`.
    """
    _validate.choice("interaction", interaction, NEUTRINO_INTERACTIONS)
    spec = _int.INTERACTIONS[interaction]
    coupling, unit = spec.coupling, spec.unit
    assert coupling is not None  # NEUTRINO_INTERACTIONS holds only the interactions with a coupling
    meth = get_method(method)
    tg = _target(target) if isinstance(target, str) else target
    flux = flux if flux is not None else solar_neutrinos()
    label = f"solar-ν {interaction}, {meth.name}"
    # an instance at a typical size: the term spectra are at unit couplings whatever it is
    inter = spec.build()
    # the interference with the weak amplitude, where there is one and the method has it (not the EPA)
    interferes = any(t.powers.get(coupling, 0) == 1 for t in (inter + _int.Weak()).terms)
    why = meth.supports(inter + _int.Weak()) if interferes else None
    if interference and interferes and why is not None:
        raise ValueError(f"method {meth.name!r} cannot compute the weak interference of {interaction}: {why}")
    with_weak = interferes and interference is not False and why is None
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

    T = _validate.positive_array("T_keV", T_keV, "keV").ravel()
    v = rates_on(rate_terms, T, tg.binding_keV, _per_decade(per_decade, method))
    idx, powers, names = _new_physics_terms(computed[-1], coupling)
    return TermSpectrum(T, v[idx], tuple(powers), tuple(names), coupling, unit, label,
                        str(getattr(tg, "symbol", target)))


def neutrino_signal(release: DataSet, interaction: str, method: str = "RIA", *, flux=None,
                    sign: float = 1.0, interference: bool = True, nodes: TNodes | None = None,
                    per_decade: int | None | str = "auto", target_options: dict | None = None,
                    **method_options) -> SignalModel:
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
        Include the interference with the weak amplitude (millicharge, charge radius) where the method
        has it; ``False``: the pure term only (δ², as in the sensitivity tables of Qiao et al. 2021).
        The EPA never has it (the contact weak amplitude has no equivalent photons).
    nodes : TNodes, optional
        Quadrature in T (default :func:`t_nodes` broken at the target's shell edges).
    per_decade : int, None or "auto"
        dR/dT is computed at this many log-spaced T per decade between consecutive shell edges and
        interpolated (log–log) to the nodes (0.1 % for the RIA at 12); ``None``: computed at every
        node. ``"auto"``: the method's ``coarse_T_per_decade`` (12 for the RIA methods, costly; every
        node for FEA and EPA, cheap).
    target_options : dict, optional
        Passed to :func:`mcpria_lite.targets.lookup.target` (e.g. ``{"profiles": "dirac-fock"}``).
    **method_options
        Passed to :func:`mcpria_lite.rates.event_rates.dR_dT_terms` (the EPA takes its regulator from the flux's
        projectile).
    """
    if not isinstance(interference, (bool, np.bool_)):  # "no" is not False
        raise ValueError(f"interference must be True or False, got {interference!r}")
    if isinstance(sign, (bool, np.bool_)) or sign not in (1.0, -1.0, 1, -1):
        raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    tg = _target(release.target, **(target_options or {}))
    nodes = nodes or t_nodes(release, breaks_keV=tg.binding_keV)
    spec = _in_release(release, nodes, lambda: neutrino_spectrum(
        tg, nodes.T_keV, interaction, method, flux=flux, interference=None if interference else False,
        per_decade=per_decade, **method_options))
    return SignalModel.from_rates(release, nodes, spec.dR_dT, spec.powers, coupling=spec.coupling, unit=spec.unit,
                                  label=spec.label, term_names=spec.term_names, sign=sign)


def dark_cosmic_ray_spectrum(target, T_keV, m_keV: float, method: MethodLike = "RIA", *, convention: dict | None = None,
                             per_decade: int | None | str = "auto", **method_options) -> TermSpectrum:
    """The dark-cosmic-ray millicharged-particle dR/dT of mass m_χ at the deposited energies T: one
    term ∝ δ^(α+1) (flux :func:`mcpria_lite.sources.cosmic_rays.dark_cosmic_rays` with the convention of
    :data:`mcpria_lite.sources.cosmic_rays.DM_CONVENTION` unless ``convention`` overrides it)."""
    m = _validate.positive_scalar("m_keV", m_keV, "keV")
    conv = dict(DM_CONVENTION, **(convention or {}))
    flux = dark_cosmic_rays(m, **conv)
    tg = _target(target) if isinstance(target, str) else target
    T = _validate.positive_array("T_keV", T_keV, "keV").ravel()
    v = rates_on(lambda x: _rates.dR_dT(tg, x, flux, method, delta=1.0, **method_options), T,
                 tg.binding_keV, _per_decade(per_decade, method))
    p = _rates.rate_scaling_exponent(flux)
    return TermSpectrum(T, v, (p,), (f"delta^{p:g}",), "delta", "e",
                        f"dark cosmic rays m={m:g} keV, {get_method(method).name}", str(getattr(tg, "symbol", target)))


def dark_cosmic_ray_signal(release: DataSet, m_keV: float, method: MethodLike = "RIA", *,
                           nodes: TNodes | None = None, convention: dict | None = None,
                           per_decade: int | None | str = "auto", target_options: dict | None = None,
                           **method_options) -> SignalModel:
    """The dark-cosmic-ray millicharged-particle signal of mass m_χ: dR/dT ∝ δ^(α+1) (one term).

    The flux is :func:`mcpria_lite.sources.cosmic_rays.dark_cosmic_rays` with the convention of
    :data:`mcpria_lite.sources.cosmic_rays.DM_CONVENTION` unless ``convention`` overrides it;
    ``per_decade`` and ``target_options`` as in :func:`neutrino_signal`.
    """
    tg = _target(release.target, **(target_options or {}))
    nodes = nodes or t_nodes(release, breaks_keV=tg.binding_keV)
    spec = _in_release(release, nodes, lambda: dark_cosmic_ray_spectrum(
        tg, nodes.T_keV, m_keV, method, convention=convention, per_decade=per_decade, **method_options))
    return SignalModel.from_rates(release, nodes, spec.dR_dT, spec.powers, coupling="delta", unit="e",
                                  label=spec.label, term_names=spec.term_names)


# ------------------------------------------------------------------------------------------------
# lines: absorption of dark-matter bosons
# ------------------------------------------------------------------------------------------------
def line_signal(release: DataSet, T_keV: float, rate_per_kg_day: float, *, coupling: str, power: float = 2.0,
                unit: str = "", label: str = "") -> SignalModel:
    """A monoenergetic deposit at T (keV) with rate R (counts/(kg day) at coupling 1, ∝ θ^power) in a release:
    s(E) = ε(E) X R G(E; T, σ(T)) through the release's efficiency ε, exposure X and resolution σ.

    T must lie inside the release's window (a line outside it is not measured by the released events).
    """
    T = _validate.positive_scalar("T_keV", T_keV, "keV")
    lo, hi = release.window_keV
    if not lo <= T <= hi:
        raise ValueError(f"T_keV (the line, i.e. the mass) must lie in the window of {release.name}, [{lo:g}, {hi:g}] keV, "
                         f"got {T_keV!r}")
    R = _validate.positive_scalar("rate_per_kg_day", rate_per_kg_day, "counts/(kg day)")
    nodes = TNodes(np.array([T]), np.array([1.0]))
    return SignalModel.from_rates(release, nodes, np.array([[R]]), (float(power),), coupling=coupling, unit=unit,
                                  label=label or f"line at {T:g} keV", term_names=(f"{coupling}^{float(power):g}",))


def line_spectrum(detector, T_keV: float, rate_per_kg_day: float, E_keV) -> np.ndarray:
    """The observed spectrum of a line (counts/(keV kg day)) at reconstructed energies E in a detector:
    ε(E) R G(E; T, σ(T)), for a :class:`mcpria_lite.detection.detectors.Detector` or a
    :class:`mcpria_lite.detection.releases.DataRelease` (their ``resolution`` σ(T) and ``efficiency`` ε(E);
    no efficiency means 1). A detector without a resolution cannot show a line: ``ValueError``."""
    T = _validate.positive_scalar("T_keV", T_keV, "keV")
    R = _validate.positive_scalar("rate_per_kg_day", rate_per_kg_day, "counts/(kg day)")
    E = _validate.finite_array("E_keV", E_keV)
    sigma = getattr(detector, "resolution", None)
    if sigma is None:
        raise ValueError(f"detector must have a resolution sigma(T) to show a line (e.g. "
                         f"detector.with_(resolution=QuadratureResolution(...))), got {getattr(detector, 'name', detector)!r}")
    s = float(np.asarray(sigma(np.array(T)), dtype=float))
    eff = getattr(detector, "efficiency", None)
    e = np.ones_like(E) if eff is None else np.asarray(eff(E), dtype=float)
    return R * e * np.exp(-0.5 * ((E - T) / s) ** 2) / (math.sqrt(2 * math.pi) * s)


def dark_photon_signal(release: DataSet, m_keV: float, *, rho_GeV_cm3: float = LOCAL_DM_DENSITY_GEV_CM3,
                       photoabsorption_source: str = "henke+kissel", in_medium: bool = True) -> SignalModel:
    """Absorption of dark-photon dark matter of mass m (keV) in a release: a line at T = m with rate ∝ κ²
    (:func:`mcpria_lite.rates.dark_photons.absorption_rate`; ρ in GeV/cm³, σ_γ from
    ``photoabsorption_source``, the in-medium mixing unless ``in_medium=False``). Coupling ``"kappa"``."""
    dm = DarkPhotonDarkMatter(DarkPhoton(mass_keV=_validate.positive_scalar("m_keV", m_keV, "keV")), rho_GeV_cm3)
    R = _dark.absorption_rate(_target(release.target), dm, photoabsorption_source=photoabsorption_source,
                              in_medium=in_medium)
    return line_signal(release, dm.mass_keV, R, coupling="kappa", label=f"dark-photon dark matter m_V={dm.mass_keV:g} keV "
                       f"(σ_γ {photoabsorption_source}{', in medium' if in_medium else ''})")


def axion_signal(release: DataSet, m_keV: float, *, rho_GeV_cm3: float = LOCAL_DM_DENSITY_GEV_CM3,
                 photoabsorption_source: str = "henke+kissel") -> SignalModel:
    """Axio-electric absorption of axion-like dark matter of mass m (keV): a line at T = m with rate ∝ g_ae²
    (:func:`mcpria_lite.rates.dark_photons.absorption_rate`). Coupling ``"g_ae"``."""
    dm = AxionLikeDarkMatter(_validate.positive_scalar("m_keV", m_keV, "keV"), 1.0, rho_GeV_cm3)
    R = _dark.absorption_rate(_target(release.target), dm, photoabsorption_source=photoabsorption_source)
    return line_signal(release, dm.mass_keV, R, coupling="g_ae",
                       label=f"axion-like dark matter m_a={dm.mass_keV:g} keV (σ_γ {photoabsorption_source})")
