"""Any target by name: an element symbol or Z (an atom), or a chemical formula (a compound).

``target`` is the package's entry point (``mcpria_lite.target``); :func:`as_target` accepts a
target object too; :func:`z_effective` counts the electrons an energy transfer can free.
"""

from __future__ import annotations

from typing import Any, TYPE_CHECKING, cast

import numpy as np
from numpy.typing import ArrayLike

from .._validate import positive_array, positive_scalar
from . import atoms as _atoms
from .compounds import Compound, compound
from .protocol import AtomicTarget, TargetLike, open_shells

if TYPE_CHECKING:  # annotations only
    from typing_extensions import TypeIs

__all__ = ["target", "as_target", "with_p_max", "z_effective"]


def target(element: str | int, profiles: _atoms.ProfileSource = "biggs", p_max_au: float = 100.0,
           valence: _atoms.Valence = "free-atom") -> _atoms.Target | Compound:
    """The target ``element``: an atom (:func:`mcpria_lite.targets.atoms.atom`) for an element symbol
    (case-sensitive, ``"Ge"``) or Z in 1..100, otherwise a compound for a chemical formula
    (``"NaI"``, ``"CaWO4"``, ``"NaI(Tl)"``; :func:`mcpria_lite.targets.compounds.compound`).

    Parameters
    ----------
    element : str or int or Target or Compound
        Element symbol, Z, or chemical formula (a target object stands for its symbol or formula: the
        other arguments apply).
    profiles : str
        Compton-profile set: ``"biggs"`` (default) or ``"dirac-fock"`` (where the table exists).
    p_max_au : float
        Profile support in a.u., allowed (0, 137.036] (m_e c in a.u.).
    valence : str
        Binding energies of valence levels: ``"free-atom"`` (default) or ``"solid"``.

    Returns
    -------
    Target or Compound
        Cached: the same object for the same normalised arguments.
    """
    if isinstance(element, (_atoms.Target, Compound)):  # a target object stands for its symbol or formula
        element = element.formula if isinstance(element, Compound) else element.symbol
    if isinstance(element, str) and element not in _atoms.element_symbols():
        return compound(element, profiles=profiles, p_max_au=p_max_au, valence=valence)
    return _atoms.atom(element, profiles=profiles, p_max_au=p_max_au, valence=valence)


def _is_target(x: object) -> TypeIs[AtomicTarget]:
    return isinstance(x, _atoms.Target) or hasattr(x, "shell_profiles")


def as_target(target_like: TargetLike) -> AtomicTarget:
    """A target object: a :class:`~mcpria_lite.targets.atoms.Target`, any object with the target
    protocol (:mod:`mcpria_lite.targets.protocol`), or anything ``target`` takes."""
    if _is_target(target_like):
        return target_like
    return target(target_like)


def with_p_max(tg: AtomicTarget, p_max_au: float | None) -> AtomicTarget:
    """``tg`` with the profile support ``p_max_au`` (a.u.; ``None``: unchanged)."""
    if p_max_au is None or float(p_max_au) == tg.p_max_au:
        return tg
    p = positive_scalar("p_max_au", p_max_au, "a.u.")
    if isinstance(tg, Compound):
        return compound(tg.formula, profiles=cast(Any, tg.profiles), p_max_au=p, valence=cast(Any, tg.valence))
    if not isinstance(tg, _atoms.Target):
        raise ValueError("p_max_au can be changed only for the atoms and compounds of mcpria_lite.target() "
                         f"(a user's target object sets its own support), got {type(tg).__name__}")
    return _atoms.atom(tg.symbol, profiles=tg.profiles, p_max_au=p, valence=tg.valence)


def z_effective(target_like: TargetLike, T_keV: ArrayLike) -> np.ndarray:
    """Number of electrons with binding energy below T: Z_eff(T) = Σ N_nl θ(T − B_nl)."""
    tg = as_target(target_like)
    T = positive_array("T_keV", T_keV)
    return open_shells(tg, T) @ tg.occupancy
