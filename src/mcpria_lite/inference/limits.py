"""Limits on a coupling from a shipped data release, by name: the data set, the model, the method.

:func:`limit` is what ``mcpria-lite limit`` computes: the one-sided profile-likelihood upper limit
(:func:`mcpria_lite.inference.likelihood.upper_limit`) on a solar-neutrino coupling
(``mcpria_lite.detection.signals.NEUTRINO_INTERACTIONS``) or on the millicharge of dark cosmic
rays of a given mass, for each sign of the coupling where the signal has a term odd in it.
"""

from __future__ import annotations

from typing import Literal

from ..detection import releases as _rel
from ..detection import signals as _sig
from ..methods.base import MethodLike
from . import likelihood as _lk

__all__ = ["MODELS", "limit"]

#: The models a limit can be set on (the solar-neutrino interactions and dark cosmic rays).
MODELS: tuple[str, ...] = (*_sig.NEUTRINO_INTERACTIONS, "dark-cosmic-ray")


def limit(data: str = "xenonnt-sr0", model: str = "magnetic-moment", method: MethodLike = "RIA", *,
          mass_keV: float | None = None, cl: float = 0.9, sign: Literal[1, -1] | None = None) -> list[_lk.LimitResult]:
    """The upper limit(s) on ``model``'s coupling from the release ``data`` with atomic ``method``.

    Parameters
    ----------
    data : str
        A shipped release (:data:`mcpria_lite.detection.releases.RELEASES`).
    model : str
        One of :data:`MODELS`: a solar-neutrino interaction, or ``"dark-cosmic-ray"`` (needs ``mass_keV``).
    method : str
        The atomic method (:mod:`mcpria_lite.methods`).
    mass_keV : float, optional
        The dark-cosmic-ray mass m_χ in keV (only for ``"dark-cosmic-ray"``).
    cl : float
        Confidence level.
    sign : {+1, -1}, optional
        The sign of a coupling whose signal interferes with the weak amplitude; default: both signs
        when the signal has an odd term, else +1.

    Returns
    -------
    list of LimitResult
        One per sign.
    """
    rel = _rel.get(data)
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    if model == "dark-cosmic-ray":
        if mass_keV is None:
            raise ValueError("mass_keV is required for the model dark-cosmic-ray")
        return [_lk.upper_limit(rel, _sig.dark_cosmic_ray_signal(rel, mass_keV, method), cl=cl)]
    if mass_keV is not None:
        raise ValueError(f"mass_keV applies to dark-cosmic-ray only, not to {model}")
    sig = _sig.neutrino_signal(rel, model, method, sign=sign or 1)
    out = [_lk.upper_limit(rel, sig, cl=cl)]
    if sign is None and sig.has_odd_terms:
        out.append(_lk.upper_limit(rel, _sig.neutrino_signal(rel, model, method, sign=-1), cl=cl))
    return out
