"""Limits on dark-photon dark matter (κ) and axion-like dark matter (g_ae) from a shipped data release.

Absorption of a dark-matter boson of mass m deposits T = m: a line (:func:`mcpria_lite.detection.signals.line_signal`).
Its shape in the data (ε(E) G(E; m, σ(m))) does not depend on the model, only its rate R(m) θ² does
(θ = κ or g_ae). So the likelihood (:func:`mcpria_lite.inference.likelihood.upper_limit`, unbinned profile
likelihood, background normalisation profiled) is maximised once per mass for the line's rate,
:func:`line_rate_limit` (cached), and every coupling limit follows exactly as θ_up = √(R_up/R(m)): the
dark photon with any photoabsorption set or without the in-medium factor, and g_ae, share one fit.

:func:`limits` returns one :class:`BosonLimit` per mass with the collaboration's published value from the
release's table (``published_limits`` of the manifest) and the ratio. The masses must lie in the
release's window (1–30 keV for XENONnT SR0: its events stop at 30 keV although its published curve runs to
138 keV): ``ValueError`` otherwise.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from .. import _validate
from ..detection import releases as _rel
from ..detection import signals as _sig
from ..particles.dark_photon import DarkPhoton
from ..rates import dark_photons as _dark
from ..sources.dark_photons import LOCAL_DM_DENSITY_GEV_CM3, AxionLikeDarkMatter, DarkPhotonDarkMatter
from ..targets.lookup import target as _target
from . import likelihood as _lk

__all__ = ["MODELS", "LineLimit", "BosonLimit", "line_rate_limit", "limits"]

#: The models, absorption of dark-photon dark matter (κ) and of axion-like dark matter (g_ae).
MODELS: tuple[str, ...] = ("dark-photon", "axion-electron")
_COUPLING = {"dark-photon": "kappa", "axion-electron": "g_ae"}


@dataclass(frozen=True)
class LineLimit:
    """The upper limit on the rate of a line at T = m in a release (model independent).

    Attributes
    ----------
    data : str
        The release.
    mass_keV, cl : float
        The line's energy and the confidence level.
    rate_limit : float
        Upper limit on the line's rate, counts/(kg day) (before efficiency and window).
    counts_at_limit : float
        Expected signal events in the window at the limit.
    acceptance : float
        Fraction of the line's events that are reconstructed in the window and pass the efficiency.
    expected_rate_limit : float or None
        The Asimov (background-only, median) limit on the rate, when asked for.
    """

    data: str
    mass_keV: float
    cl: float
    rate_limit: float
    counts_at_limit: float
    acceptance: float
    expected_rate_limit: float | None = None


@lru_cache(maxsize=512)
def _line_limit(data: str, m: float, cl: float, expected: bool) -> LineLimit:
    rel = _rel.get(data)
    sig = _sig.line_signal(rel, m, 1.0, coupling="rate", power=1.0, unit="counts/(kg day)")
    res = _lk.upper_limit(rel, sig, cl=cl)
    exp = None
    if expected:
        exp = float(_lk.asimov_likelihood(rel, sig, 0.0).upper_limit(cl)[0])
    acc = float(sig.counts[0]) / rel.exposure_kg_day
    return LineLimit(data=rel.name, mass_keV=m, cl=cl, rate_limit=res.limit, counts_at_limit=res.signal_counts_at_limit,
                     acceptance=acc, expected_rate_limit=exp)


def line_rate_limit(data: str, mass_keV: float, *, cl: float = 0.9, expected: bool = False) -> LineLimit:
    """The upper limit on the rate of a line at T = ``mass_keV`` in the shipped release ``data`` (cached).

    ``expected=True`` adds the Asimov median limit (:func:`mcpria_lite.inference.likelihood.asimov_likelihood`)."""
    m = _validate.positive_scalar("mass_keV", mass_keV, "keV")
    c = _validate.positive_scalar("cl", cl)
    if not 0.5 < c < 1:
        raise ValueError(f"cl must lie in (0.5, 1), got {cl!r}")
    _validate.choice("data", data, tuple(_rel.RELEASES))
    return _line_limit(data, m, c, bool(expected))


@dataclass(frozen=True)
class BosonLimit:
    """A limit on κ (dark photon) or g_ae (axion-like) at one mass, beside the published one."""

    data: str
    model: str
    coupling: str
    mass_keV: float
    cl: float
    limit: float
    published: float
    ratio: float
    expected: float | None
    rate_per_coupling2: float
    counts_at_limit: float
    acceptance: float
    photoabsorption_source: str
    in_medium: bool
    rho_GeV_cm3: float

    def to_dict(self) -> dict:
        """Plain numbers and strings (JSON-ready)."""
        return asdict(self)


def _published_at(rel, model: str, m: float) -> float:
    try:
        mass, lim = rel.published_curve(model)
    except ValueError:
        return math.nan
    if not mass[0] <= m <= mass[-1]:
        return math.nan
    return float(np.exp(np.interp(np.log(m), np.log(mass), np.log(lim))))


def limits(data: str = "xenonnt-sr0", model: str = "dark-photon", masses_keV=None, *,
           photoabsorption_source: str = "henke+kissel", in_medium: bool = True,
           rho_GeV_cm3: float = LOCAL_DM_DENSITY_GEV_CM3, cl: float = 0.9, expected: bool = False) -> list[BosonLimit]:
    """Upper limits on κ(m_V) or g_ae(m_a) from the shipped release ``data``, one per mass.

    Parameters
    ----------
    data : str
        A shipped release (:data:`mcpria_lite.detection.releases.RELEASES`).
    model : {"dark-photon", "axion-electron"}
    masses_keV : array_like, optional
        Masses inside the release's window; default: the published curve's masses inside it.
    photoabsorption_source : str
        σ_γ (:data:`mcpria_lite.rates.dark_photons.PHOTOABSORPTION_SOURCES`).
    in_medium : bool
        The in-medium mixing κ_eff (dark photon only).
    rho_GeV_cm3 : float
        Local dark-matter density (the published limits use 0.3).
    cl : float
        Confidence level.
    expected : bool
        Also the Asimov median limit.

    Returns
    -------
    list of BosonLimit
        ``published`` and ``ratio`` are NaN where the release has no published curve at that mass.
    """
    _validate.choice("model", model, MODELS)
    _validate.choice("data", data, tuple(_rel.RELEASES))
    _validate.choice("photoabsorption_source", photoabsorption_source, _dark.PHOTOABSORPTION_SOURCES)
    rel = _rel.get(data)
    lo, hi = rel.window_keV
    if masses_keV is None:
        try:
            mass, _ = rel.published_curve(model)
        except ValueError:
            raise ValueError(f"masses_keV is required: {data} has no published {model} curve") from None
        masses = mass[(mass >= lo) & (mass <= hi)]
    else:
        masses = np.atleast_1d(_validate.positive_array("masses_keV", masses_keV))
    out_of_reach = masses[(masses < lo) | (masses > hi)]
    if out_of_reach.size:
        raise ValueError(f"masses_keV must lie in the window of {data}, [{lo:g}, {hi:g}] keV (a line outside it is "
                         f"not in the released events), got {float(out_of_reach[0])!r}")
    tg = _target(rel.target)
    rows = []
    for m in masses:
        m = float(m)
        dm: DarkPhotonDarkMatter | AxionLikeDarkMatter
        if model == "dark-photon":
            dm = DarkPhotonDarkMatter(DarkPhoton(mass_keV=m), rho_GeV_cm3)
        else:
            dm = AxionLikeDarkMatter(m, 1.0, rho_GeV_cm3)
        R = _dark.absorption_rate(tg, dm, photoabsorption_source=photoabsorption_source, in_medium=in_medium)
        ll = line_rate_limit(data, m, cl=cl, expected=expected)
        lim = math.sqrt(ll.rate_limit / R)
        pub = _published_at(rel, model, m)
        rows.append(BosonLimit(
            data=rel.name, model=model, coupling=_COUPLING[model], mass_keV=m, cl=float(cl), limit=lim, published=pub,
            ratio=lim / pub if pub == pub else math.nan,
            expected=None if ll.expected_rate_limit is None else math.sqrt(ll.expected_rate_limit / R),
            rate_per_coupling2=R, counts_at_limit=ll.counts_at_limit, acceptance=ll.acceptance,
            photoabsorption_source=photoabsorption_source, in_medium=bool(in_medium and model == "dark-photon"),
            rho_GeV_cm3=float(rho_GeV_cm3)))
    return rows
