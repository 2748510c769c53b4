"""Sensitivity on a coupling: the paper's criterion, for any interaction, and the paper's tables.

The criterion of Qiao et al. (2021): a detector is sensitive to a coupling when the differential
rate of the signal at its threshold exceeds its background, dR/dT(T_th; g) = B.

* Millicharge without an interaction argument (the paper's tables): dR/dT ∝ δⁿ exactly (n = 2 for
  neutrinos, α + 1 for dark cosmic rays whose flux itself scales as δ^(α−1)), so
  δ = (B / dR/dT(T_th; δ = 1))^(1/n), closed form.
* Any interaction (:mod:`mcpria_lite.particles.interactions`): the rate is a sum of terms c_k(g) R_k. The
  signal is the new-physics part (terms with a coupling; the Standard-Model weak term is the
  background already contained in B). One pure power, c = g^p: closed form g = (B/R)^(1/p). Several
  terms (e.g. δ² and the δ–weak interference of a millicharged neutrino): the smallest g > 0 with
  abs(signal(g)) = B, for either sign of the coupling where odd powers appear (the larger of the two
  magnitudes is returned: both signs are then reached), by a bracketing root finder (scipy brentq).

For a neutrino flux, passing an interaction *class* (``MagneticMoment``, ``Millicharge``,
``ChargeRadius``) adds the Standard-Model ``Weak()`` amplitude, so that every interference term is
included (except in the EPA, which has no weak amplitude); an instance is used as given.

Units: thresholds in keV, backgrounds in counts/(keV kg day), masses in keV; the coupling in the
interaction's unit (δ in e, μ in μ_B, ⟨r²⟩ in cm²).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from .. import paper as _paper
from .._validate import choice, did_you_mean, positive_scalar
from ..detection import detectors as _det
from ..methods import METHODS
from ..methods import get as get_method
from ..methods.base import MethodLike
from ..particles import interactions as _inter
from ..particles import projectiles as _proj
from ..rates.event_rates import dR_dT, dR_dT_terms, rate_scaling_exponent
from ..sources.cosmic_rays import DM_CONVENTION, dark_cosmic_rays
from ..sources.flux import Source
from ..sources.solar import solar_neutrinos
from ..targets.protocol import TargetLike

__all__ = [
    "sensitivity",
    "rate_terms",
    "DM_CONVENTION",
    "NEUTRINO_EPA_REGULATOR_KEV",
    "dm_table",
    "neutrino_table",
    "TableRow",
]

#: The dark-cosmic-ray convention used for every method (Qiao et al. 2021, chosen by the FEA scan
#: in the chapter "Sensitivity") with spectral index α, solid angle Ω (sr) and E ≥ factor·m.

#: The neutrino mass (keV) regulating the EPA logarithm for solar neutrinos, 0.1 eV
#: (:data:`mcpria_lite.particles.projectiles.NEUTRINO_EPA_REGULATOR_KEV`).
NEUTRINO_EPA_REGULATOR_KEV = _proj.NEUTRINO_EPA_REGULATOR_KEV

TABLE_MASSES_KEV = (100.0, 10.0, 1.0, 0.1, 0.01)
#: The methods of the paper's sensitivity tables (the columns of its published values).
TABLE_METHODS: tuple[str, ...] = tuple(_paper.NEUTRINO_SENSITIVITY["Ge"])

_SOLVABLE = (_inter.Millicharge, _inter.MagneticMoment, _inter.ChargeRadius)


def _method_option_names() -> set:
    names = {"n_E", "epa_spectrum"}
    for m in METHODS.values():
        names |= {f.name for f in fields(m.Options)}
    return names


def _flux_projectile(flux) -> _proj.Projectile:
    """The flux's projectile; a flux without one: a massless flux is ν_e (with the EPA regulator),
    a massive one a millicharged χ."""
    p = getattr(flux, "projectile", None)
    if isinstance(p, _proj.Projectile):
        return p
    m = float(flux.m_keV)
    return _proj.neutrino("nu_e") if m == 0 else _proj.millicharged_particle(m)


def _resolve_interaction(interaction, projectile, meth):
    """(interaction instance, name of the coupling solved for)."""
    if isinstance(interaction, type):
        if interaction not in _SOLVABLE:
            raise ValueError(
                f"interaction must be one of Millicharge, MagneticMoment, ChargeRadius (class or instance), "
                f"or a sum containing exactly one of them, got {interaction!r}"
            )
        inst: _inter.Interaction = interaction()
        # a neutrino's weak amplitude interferes, where the method has it (not the EPA: no photon pole)
        if projectile.is_neutrino and projectile.mass_keV == 0 and meth.supports(inst + _inter.Weak()) is None:
            inst = inst + _inter.Weak()
        return inst, next(iter(interaction().couplings))
    inst = _inter.as_interaction(interaction)
    if len(inst.couplings) != 1:
        raise ValueError(
            f"interaction must have exactly one coupling to solve for, got {inst!r} with couplings {sorted(inst.couplings)}"
        )
    return inst, next(iter(inst.couplings))


def rate_terms(target, T_keV, flux, method="RIA", interaction=None, *, n_E: int = 48, **method_options):
    """Per-term differential rates R_k(T) at unit couplings, counts/(keV kg day), shape (n_terms, nT).

    The values of :func:`mcpria_lite.rates.event_rates.dR_dT_terms` (per flavour for a flux split into ν_e and
    ν_μ,τ), flattened in T, in the order of ``interaction.terms``.
    """
    inter = _inter.as_interaction(interaction)
    rt = dR_dT_terms(target, T_keV, flux, method, inter, n_E=n_E, **method_options)
    return np.asarray(rt.values).reshape(len(inter.terms), -1)


def _solve(terms, rates, name, B) -> float:
    """Smallest abs(g) with abs(Σ_new c_k(g) R_k) = B for both signs of g (the larger magnitude)."""
    from scipy.optimize import brentq

    powers = [t.powers.get(name, 0) for t in terms]
    new = [(p, r) for t, p, r in zip(terms, powers, rates) if t.powers and r != 0]
    if not new:
        return float("inf")
    if len(new) == 1:  # one pure power: closed form
        p, r = new[0]
        return float((B / abs(r)) ** (1.0 / p))
    out = []
    for sign in (1.0, -1.0):

        def f(lg):
            g = sign * np.exp(lg)
            return np.log(abs(sum(r * g**p for p, r in new)) + 1e-300) - np.log(B)

        # bracket: scan log g from far below to far above the single-term estimates
        est = [np.log(B / abs(r)) / p for p, r in new]
        grid = np.linspace(min(est) - 10, max(est) + 10, 400)
        vals = np.array([f(x) for x in grid])
        idx = np.flatnonzero((vals[:-1] < 0) & (vals[1:] >= 0))
        out.append(np.exp(brentq(f, grid[idx[0]], grid[idx[0] + 1], xtol=1e-14, rtol=1e-13)) if idx.size else np.inf)
    return float(max(out))


def sensitivity(
    target: TargetLike | None = None,
    flux: Source | None = None,
    method: MethodLike = "RIA",
    threshold_keV: float | None = None,
    background_cpkkd: float | None = None,
    *,
    detector: _det.Detector | str | None = None,
    interaction: _inter.InteractionLike | None = None,
    **rate_options: Any,
) -> float:
    """The coupling at which the signal rate at threshold equals the background.

    Parameters
    ----------
    target : Target or str, optional
        Detector atom; optional when ``detector`` is given (a different one raises ``ValueError``).
    flux : Flux
        Projectile flux (its projectile, or its mass, sets the projectile).
    method : str or Method
        "RIA", "RIA-simplified", "FEA", "EPA", or any method registered in :mod:`mcpria_lite.methods`.
    threshold_keV, background_cpkkd : float
        Energy threshold (keV) and background (counts/(keV kg day)); or give ``detector``.
    detector : Detector or str, optional
        A preset (:mod:`mcpria_lite.detection.detectors`) supplying target, threshold and background.
    interaction : type or Interaction, optional
        ``None``: the millicharge of Qiao et al. (2021), closed form (the paper's tables).
        ``MagneticMoment``, ``Millicharge``, ``ChargeRadius`` (class: solved for, with ``Weak()``
        added for a neutrino flux) or an instance/sum with exactly one coupling.
    **rate_options
        Method options (``p_max_au``, ``m_regulator_keV``, ``Q2_max``, …) and ``n_E``.

    Returns
    -------
    float
        δ (e), μ (μ_B) or ⟨r²⟩ magnitude (cm²); ``inf`` if the signal at threshold vanishes.
    """
    allowed = set(inspect.signature(sensitivity).parameters) - {"rate_options"}
    unknown = set(rate_options) - _method_option_names()
    if unknown:
        hint = did_you_mean(sorted(unknown)[0], [*allowed, *_method_option_names()])
        raise ValueError(
            f"sensitivity got unexpected keyword(s) {sorted(unknown)}{hint}; keywords must be one of {sorted(allowed)} "
            f"or the method options {sorted(_method_option_names())}"
        )
    if flux is None:
        raise ValueError("flux is required: it must be a mcpria_lite.sources.flux.Flux, got None")
    if not isinstance(flux, Source):
        raise ValueError(f"flux must be a mcpria_lite.sources.flux.Flux, got {type(flux).__name__}")
    if detector is not None:
        if not isinstance(detector, (str, _det.Detector)):
            raise ValueError(f"detector must be a mcpria_lite.detection.detectors.Detector or a preset name, got {detector!r}")
        det = _det.get(detector)
        if target is None:
            target = det.target
        elif not det.target_matches(target):
            sym = getattr(target, "symbol", target)
            raise ValueError(
                f"target {sym!r} contradicts detector {det.name!r}, whose target is {det.target_symbol!r} "
                f"(give one of them, or a matching pair)"
            )
        threshold_keV = det.threshold_keV if threshold_keV is None else threshold_keV
        if background_cpkkd is None:  # the background at the threshold used (a detector may have a shaped one)
            T_th = positive_scalar("threshold_keV", threshold_keV, "keV")
            try:
                background_cpkkd = float(det.background_at(T_th))
            except ValueError as exc:
                raise ValueError(f"threshold_keV = {T_th!r} keV: the detector's background is not known there "
                                 f"({exc})") from None
    if target is None:
        raise ValueError("target is required (or pass detector=...)")
    if threshold_keV is None or background_cpkkd is None:
        raise ValueError("threshold_keV and background_cpkkd are required (or pass detector=...)")
    T = positive_scalar("threshold_keV", threshold_keV, "keV")
    B = positive_scalar("background_cpkkd", background_cpkkd, "counts/(keV kg day)")
    if interaction is None:  # the paper's millicharge: dR/dT ∝ δⁿ
        r1 = float(dR_dT(target, T, flux, method=method, delta=1.0, **rate_options))
        if r1 <= 0:
            return float("inf")
        return float((B / r1) ** (1.0 / rate_scaling_exponent(flux)))
    proj = _flux_projectile(flux)
    inter, name = _resolve_interaction(interaction, proj, get_method(method))
    extra = float(getattr(flux, "delta_power", 0.0))
    if extra and name != "delta":
        raise ValueError(
            f"interaction: this flux scales as δ^{extra:g} with the millicharge; solving for {name!r} needs a flux "
            "that does not depend on the coupling (or interaction=Millicharge)"
        )
    rates = rate_terms(target, T, flux, method, inter, **rate_options)[:, 0]
    terms = inter.terms
    if extra:  # fold the flux's own δ power into every term
        terms = tuple(_inter.Term(t.name, {**t.powers, "delta": t.powers.get("delta", 0) + extra}) for t in terms)
    return _solve(terms, rates, name, B)


@dataclass(frozen=True)
class TableRow:
    """One entry of a sensitivity table: our δ, the paper's, and their ratio."""

    target: str
    method: str
    m_keV: float | None
    delta: float
    paper: float | None

    @property
    def ratio(self) -> float | None:
        return None if self.paper is None else self.delta / self.paper


def dm_table(targets=("Ge", "Xe"), masses=TABLE_MASSES_KEV, methods=TABLE_METHODS, convention=None) -> list[TableRow]:
    """δ sensitivity to dark-cosmic-ray MCPs for the paper's detectors, with the paper's values."""
    extra = dict(convention or {}) if isinstance(convention, dict) or convention is None else None
    if extra is None or set(extra) - set(DM_CONVENTION):
        raise ValueError(f"convention must be a dict with keys among {sorted(DM_CONVENTION)} (the dark-cosmic-ray "
                         f"convention), got {convention!r}")
    conv = dict(DM_CONVENTION, **extra)
    rows = []
    for tname in targets:
        det = _det.get(tname)
        for m in masses:
            flux = dark_cosmic_rays(m, **conv)
            for meth in methods:
                choice("method", meth, set(METHODS))
                d = sensitivity(det.target, flux, meth, detector=det)
                paper = _paper.DM_SENSITIVITY.get(det.target_symbol, {}).get(meth, {}).get(float(m))
                rows.append(TableRow(det.target_symbol, meth, float(m), d, paper))
    return rows


def neutrino_table(targets=("Ge", "Xe"), methods=TABLE_METHODS, components=None) -> list[TableRow]:
    """δ_ν sensitivity to the solar-neutrino millicharge, with the paper's values."""
    flux = solar_neutrinos() if components is None else solar_neutrinos(components)
    rows = []
    for tname in targets:
        det = _det.get(tname)
        for meth in methods:
            d = sensitivity(det.target, flux, meth, detector=det)
            paper = _paper.NEUTRINO_SENSITIVITY.get(det.target_symbol, {}).get(meth)
            rows.append(TableRow(det.target_symbol, meth, None, d, paper))
    return rows
