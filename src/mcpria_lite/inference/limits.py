"""Limits from released data by name: one or several data sets, any registered model, any method, and
the theory band over the methods and atomic inputs that apply.

:func:`limit` is what ``mcpria-lite limit`` computes: the one-sided profile-likelihood upper limit on
a model's coupling (:data:`mcpria_lite.detection.models.MODELS`: the solar-neutrino magnetic moment,
millicharge and charge radius, the dark-cosmic-ray millicharge, and any model registered later) from
one data set or the combination of several (:mod:`mcpria_lite.inference.combined`; unbinned and binned
data sets mix), for each sign of the coupling where the signal has a term odd in it.

:func:`theory_band` repeats the limit for every atomic method that applies to the model and every
choice of the atomic inputs that method depends on (:attr:`mcpria_lite.methods.base.MethodBase.atomic_variants`:
Biggs or Dirac–Fock Compton profiles for the impulse approximation, the photoabsorption data for
the equivalent-photon approximation). Data, background and statistics are the same in every row:
the spread is the atomic-physics uncertainty of the limit. A method is left out, with its reason,
where it does not apply (:meth:`mcpria_lite.methods.base.MethodBase.applies`: the EPA never for a
magnetic moment; no weak amplitude in the EPA for the interference terms) or where its tables end
below the deposited energies the data need (the ab initio DFS weak tables start at 0.1 keV). The central value is the
method flagged :attr:`~mcpria_lite.methods.base.MethodBase.theory_band_central` (the relativistic
impulse approximation) with its first atomic-input choice (Biggs et al. profiles).

The deposited-energy spectrum of a model is computed once for all data sets on the same target (on
their quadrature nodes together) and cached for the process.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from ..detection import binned as _bn
from ..detection import datasets as _ds
from ..detection import models as _models
from ..detection import signals as _sig
from ..methods import METHODS
from ..methods import get as get_method
from ..methods.base import AtomicInputs
from ..targets.lookup import target as _target
from .binned_likelihood import STATISTICS, critical
from .combined import BinnedMember, CombinedLikelihood, Member, UnbinnedMember

__all__ = ["MODELS", "LimitRecord", "TheoryBand", "limit", "theory_band", "applicability", "central_method",
           "combination", "band_methods", "deposited_energy_nodes"]

#: The models a limit can be set on (names of :data:`mcpria_lite.detection.models.MODELS`).
MODELS: tuple[str, ...] = tuple(_models.MODELS)


@dataclass(frozen=True)
class LimitRecord:
    """One upper limit, with everything a file about it needs (:mod:`mcpria_lite.inference.limit_files`).

    Attributes
    ----------
    data : tuple of str
        The data set(s); several: their combination.
    model, coupling, unit : str
    sign : float
        +1 or −1: the sign of the coupling (matters when ``two_signs``).
    two_signs : bool
        The signal has a term odd in the coupling (interference), so the signs give different limits.
    method, method_label, atomic_inputs : str
        The atomic method and its atomic-input choice.
    parameters : dict
        The model's parameters (``mass_keV``, ``interference``).
    cl, statistic, critical_value :
        Confidence level, test statistic, its critical value.
    limit, theta_hat, expected_limit : float
        Upper limit on the size of the coupling, best fit (≥ 0), limit on background-only Asimov data
        (NaN if not computed).
    signal_events_at_limit : tuple of float
        Expected signal events at the limit, per data set.
    label, flux : str
        What the signal is; the flux it assumes.
    central : bool
        The central choice of a theory band.
    """

    data: tuple
    model: str
    coupling: str
    unit: str
    sign: float
    two_signs: bool
    method: str
    method_label: str
    atomic_inputs: str
    parameters: dict
    cl: float
    statistic: str
    critical_value: float
    limit: float
    theta_hat: float
    expected_limit: float
    signal_events_at_limit: tuple
    label: str
    flux: str
    central: bool = False

    @property
    def sign_label(self) -> str:
        """'' for a coupling whose signs give the same limit, else '+' or '-'."""
        return "" if not self.two_signs else ("+" if self.sign > 0 else "-")

    def to_dict(self) -> dict:
        """Plain numbers and strings (JSON-ready); :meth:`mcpria_lite.inference.limits.LimitRecord.from_dict`
        reads it back."""
        d = asdict(self)
        d["data"] = list(self.data)
        d["signal_events_at_limit"] = list(self.signal_events_at_limit)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "LimitRecord":
        """The record of :meth:`to_dict` (e.g. read from a JSON file)."""
        d = dict(d)
        d["data"] = tuple(d["data"])
        d["signal_events_at_limit"] = tuple(d["signal_events_at_limit"])
        d["expected_limit"] = float("nan") if d.get("expected_limit") is None else float(d["expected_limit"])
        return cls(**d)


@dataclass(frozen=True)
class TheoryBand:
    """The limits of one coupling (one sign) over the methods and atomic inputs that apply.

    Attributes
    ----------
    central : LimitRecord
        The central choice (:func:`central_method` with its first atomic inputs, where it applies).
    rows : tuple of LimitRecord
        Every method and atomic-input choice that applies, the central one included.
    skipped : tuple
        (method, atomic inputs, reason) of every method or choice that does not apply.
    """

    central: LimitRecord
    rows: tuple
    skipped: tuple = field(default=())

    @property
    def low(self) -> float:
        return min(r.limit for r in self.rows)

    @property
    def high(self) -> float:
        return max(r.limit for r in self.rows)

    def to_dict(self) -> dict:
        """JSON-ready; :meth:`mcpria_lite.inference.limits.TheoryBand.from_dict` reads it back."""
        return {"central": self.rows.index(self.central), "rows": [r.to_dict() for r in self.rows],
                "skipped": [list(x) for x in self.skipped]}

    @classmethod
    def from_dict(cls, d: dict) -> "TheoryBand":
        """The band of :meth:`to_dict` (e.g. read from a JSON file)."""
        rows = tuple(LimitRecord.from_dict(r) for r in d["rows"])
        return cls(central=rows[int(d["central"])], rows=rows, skipped=tuple(tuple(x) for x in d["skipped"]))

    def describe(self) -> str:
        c = self.central
        return (f"central {c.method} ({c.atomic_inputs or 'no atomic-input choice'}); band over "
                + ", ".join(f"{r.method}{' (' + r.atomic_inputs + ')' if r.atomic_inputs else ''}" for r in self.rows))


# ------------------------------------------------------------------------------------------------
# which methods apply
# ------------------------------------------------------------------------------------------------
def central_method() -> str:
    """The method whose limit is the centre of a theory band (flagged in :mod:`mcpria_lite.methods`)."""
    for name, m in METHODS.items():
        if getattr(m, "theory_band_central", False):
            return name
    raise ValueError("no registered method is flagged theory_band_central")


def band_methods() -> tuple[str, ...]:
    """The methods a theory band spans (the central one first)."""
    c = central_method()
    return (c,) + tuple(n for n, m in METHODS.items() if getattr(m, "in_theory_band", True) and n != c)


def deposited_energy_nodes(ds):
    """The quadrature nodes in the deposited energy on which a signal in the data set ``ds`` is computed
    (:func:`mcpria_lite.detection.binned.binned_nodes` or :func:`mcpria_lite.detection.signals.t_nodes`)."""
    ds = _ds.get(ds)
    if _ds.is_binned(ds):
        return _bn.binned_nodes(ds)
    return _sig.t_nodes(ds, breaks_keV=_target(ds.target).binding_keV)


@lru_cache(maxsize=64)
def _nodes_cached(ds):
    return deposited_energy_nodes(ds)


def applicability(data, model: str, method: str, **params) -> str | None:
    """``None`` if ``method`` may set a limit on ``model`` from ``data``, else the reason it may not."""
    spec = _models.get_model(model)
    p = spec.check_parameters(params)
    meth = get_method(method)
    inter_kw = {k: v for k, v in p.items() if k in spec.options}
    why = meth.applies(spec.interaction(**inter_kw))
    if why is not None:
        return why
    for ds in _as_list(data):
        tmax = meth.T_max_keV(_target(ds.target))
        need = float(np.max(_nodes_cached(ds).T_keV))
        if need > tmax:
            return (f"method {meth.name!r} has data up to T = {tmax:g} keV only; the data set {ds.name!r} "
                    f"(window {ds.window_keV[0]:g}-{ds.window_keV[1]:g} keV with its resolution) needs deposited "
                    f"energies up to {need:.1f} keV")
    return None


def _as_list(data) -> list:
    items = [data] if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__") else list(data)
    if not items:
        raise ValueError("data: give at least one data set")
    out = [_ds.get(d) for d in items]
    names = [d.name for d in out]
    if len(set(names)) != len(names):
        raise ValueError(f"data: each data set may appear once, got {names}")
    return out


# ------------------------------------------------------------------------------------------------
# signals and the combination
# ------------------------------------------------------------------------------------------------
def _freeze(d: dict) -> tuple:
    return tuple(sorted((k, v if not isinstance(v, dict) else _freeze(v)) for k, v in d.items()))


@lru_cache(maxsize=256)
def _spectra(data: tuple, model: str, method: str, params: tuple,
             atomic: AtomicInputs | None) -> dict[str, tuple[_sig.TNodes, _sig.TermSpectrum]]:
    """The model's spectrum on the nodes of every data set (one computation per target); cached."""
    spec = _models.get_model(model)
    p = dict(params)
    a = atomic or AtomicInputs()
    out: dict[str, tuple[_sig.TNodes, _sig.TermSpectrum]] = {}
    by_target: dict[str, list] = {}
    for ds in data:
        by_target.setdefault(ds.target, []).append(ds)
    for tgt, group in by_target.items():
        nodes = [_nodes_cached(ds) for ds in group]
        T = np.concatenate([n.T_keV for n in nodes])
        full = spec.spectrum(_target(tgt, **a.target_options), T, method, **p, **a.method_options)
        start = 0
        for ds, n in zip(group, nodes):
            out[ds.name] = (n, full.part(slice(start, start + n.T_keV.size)))
            start += n.T_keV.size
    return out


def _member(ds, nodes: _sig.TNodes, spectrum: _sig.TermSpectrum, sign: float, mode: str | None) -> Member:
    if _ds.is_binned(ds):
        binned = _bn.binned_signal(ds, spectrum, nodes, sign)
        return BinnedMember(ds, binned, _bn.background_components(ds, mode))
    sig = _sig.SignalModel.from_rates(ds, nodes, spectrum.dR_dT, spectrum.powers, coupling=spectrum.coupling,
                                      unit=spectrum.unit, label=spectrum.label, term_names=spectrum.term_names,
                                      sign=sign)
    return UnbinnedMember(ds, sig)


def combination(data, model: str, method: str | None = None, *, sign: float = 1.0,
                atomic: AtomicInputs | None = None, nuisance_mode: str | None = None,
                **params) -> CombinedLikelihood:
    """The :class:`~mcpria_lite.inference.combined.CombinedLikelihood` of ``data`` (names, paths or data-set
    objects) for ``model`` with ``method`` (default :func:`central_method`) and ``atomic`` inputs
    (default the method's first choice). ``ValueError`` (with the method's reason) where the method
    does not apply. ``nuisance_mode``: the binned data sets' background treatment (default each
    manifest's)."""
    dsets = _as_list(data)
    method = method or central_method()
    meth = get_method(method)
    why = applicability(dsets, model, method, **params)
    if why is not None:
        raise ValueError(f"method {meth.name!r} for {model}: {why}")
    spec = _models.get_model(model)
    p = spec.check_parameters(params)
    atomic = atomic if atomic is not None else meth.atomic_variants[0]
    if sign not in (1, -1, 1.0, -1.0):
        raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    sp = _spectra(tuple(dsets), model, meth.name, _freeze(p), atomic)
    return CombinedLikelihood([_member(ds, *sp[ds.name], float(sign), nuisance_mode) for ds in dsets])


def _signs(data, model, method, atomic, params, sign) -> tuple[list, bool]:
    if sign is not None:
        if sign not in (1, -1):
            raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    dsets = _as_list(data)
    meth = get_method(method)
    sp = _spectra(tuple(dsets), model, meth.name, _freeze(_models.get_model(model).check_parameters(params)),
                  atomic if atomic is not None else meth.atomic_variants[0])
    odd = next(iter(sp.values()))[1].has_odd_terms
    if sign is not None:
        return [float(sign)], odd
    return ([1.0, -1.0] if odd else [1.0]), odd


def limit(data="xenonnt-sr0", model: str = "magnetic-moment", method: str | None = None, *, sign: int | None = None,
          cl: float = 0.9, statistic: str = "q-tilde", atomic: AtomicInputs | None = None, expected: bool = False,
          nuisance_mode: str | None = None, mass_keV: float | None = None, **params) -> list[LimitRecord]:
    """The upper limit(s) on ``model``'s coupling from ``data`` (one data set or several, combined).

    Parameters
    ----------
    data : str or list
        One data set or several (combined): shipped names
        (:data:`mcpria_lite.detection.datasets.DATASETS`), manifest or folder paths, or data-set objects.
    model : str
        One of :data:`MODELS`.
    method : str, optional
        The atomic method (default :func:`central_method`); ``ValueError`` with the method's reason
        where it does not apply (the EPA for a magnetic moment).
    sign : {+1, -1}, optional
        The sign of a coupling whose signal interferes with the weak amplitude; default both signs
        when the signal has an odd term, else +1.
    cl : float
        Confidence level in (0.5, 1).
    statistic : {"q-tilde", "delta-chi2"}
        :func:`mcpria_lite.inference.binned_likelihood.critical`.
    atomic : AtomicInputs, optional
        The atomic-input choice (default the method's first).
    expected : bool
        Also compute the background-only Asimov (median expected) limit (else NaN).
    nuisance_mode : str, optional
        Background treatment of binned data sets (:data:`mcpria_lite.detection.binned.NUISANCE_MODES`).
    mass_keV : float, optional
        The dark-matter mass of a model that takes one (``"dark-cosmic-ray"``).
    **params
        Other model options (``interference=False``: the millicharge or charge radius without the
        interference with the weak amplitude).

    Returns
    -------
    list of LimitRecord
        One per sign.
    """
    _validate_common(cl, statistic)
    if mass_keV is not None:
        params["mass_keV"] = mass_keV
    method = method or central_method()
    meth = get_method(method)
    dsets = _as_list(data)
    spec = _models.get_model(model)
    p = spec.check_parameters(params)
    why = applicability(dsets, model, meth.name, **params)
    if why is not None:
        raise ValueError(f"method {meth.name!r} for {model}: {why}")
    atomic = atomic if atomic is not None else meth.atomic_variants[0]
    signs, odd = _signs(dsets, model, meth.name, atomic, params, sign)
    central = meth.name == central_method() and atomic == meth.atomic_variants[0]
    out = []
    for s in signs:
        comb = combination(dsets, model, meth.name, sign=s, atomic=atomic, nuisance_mode=nuisance_mode, **params)
        lim = comb.upper_limit(cl, statistic)
        exp = comb.expected_limit(cl, statistic) if expected else float("nan")
        sp = _spectra(tuple(dsets), model, meth.name, _freeze(p), atomic)
        label = next(iter(sp.values()))[1].label
        out.append(LimitRecord(
            data=tuple(d.name for d in dsets), model=model, coupling=lim.coupling, unit=lim.unit, sign=s,
            two_signs=odd, method=meth.name, method_label=meth.label, atomic_inputs=atomic.label,
            parameters={k: v for k, v in p.items()}, cl=float(cl), statistic=statistic,
            critical_value=lim.critical_value, limit=lim.limit, theta_hat=lim.theta_hat, expected_limit=exp,
            signal_events_at_limit=lim.signal_events_at_limit, label=label, flux=spec.flux(**p), central=central))
    return out


def _validate_common(cl, statistic):
    critical(cl, statistic)  # checks both
    if statistic not in STATISTICS:  # pragma: no cover - critical() raised already
        raise ValueError(statistic)


def theory_band(data="xenonnt-sr0", model: str = "magnetic-moment", *, sign: int | None = None, cl: float = 0.9,
                statistic: str = "q-tilde", methods=None, expected: bool = False, mass_keV: float | None = None,
                **params) -> list[TheoryBand]:
    """The limit over every method (and atomic-input choice) that applies, one band per sign.

    ``methods``: restrict to these (default :func:`band_methods`). Methods that do not apply are listed
    in :attr:`TheoryBand.skipped` with their reason. ``ValueError`` when none applies.
    """
    _validate_common(cl, statistic)
    if mass_keV is not None:
        params["mass_keV"] = mass_keV
    dsets = _as_list(data)
    rows: dict[float, list] = {}
    skipped = []
    for name in (methods or band_methods()):
        meth = get_method(name)
        why = applicability(dsets, model, meth.name, **params)
        if why is not None:
            skipped.append((meth.name, "", why))
            continue
        for atomic in meth.atomic_variants:
            try:
                recs = limit(dsets, model, meth.name, sign=sign, cl=cl, statistic=statistic, atomic=atomic,
                             expected=expected, **params)
            except ValueError as exc:  # an atomic input without data here (a table's range)
                skipped.append((meth.name, atomic.label, str(exc)))
                continue
            for r in recs:
                rows.setdefault(r.sign, []).append(r)
    if not rows:
        raise ValueError(f"no method applies to {model} with these data: "
                         + "; ".join(f"{m}: {why}" for m, _, why in skipped))
    out = []
    for s, rs in rows.items():
        central = next((r for r in rs if r.central), rs[0])
        out.append(TheoryBand(central=central, rows=tuple(rs), skipped=tuple(skipped)))
    return out
