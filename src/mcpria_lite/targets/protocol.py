"""What a target is to the methods: the protocols every atom, compound or model atom follows.

A target (:class:`AtomicTarget`) provides ``shell_profiles(pz_au)`` → (n_shells, …) Compton profiles
in a.u.⁻¹, ``binding_keV`` and ``occupancy`` arrays (per shell) and ``p_max_au`` (the profiles'
support); optionally ``pz_panel_edges_au`` (increasing, from 0: the impulse quadrature's panel edges
in p_z). A detector's material (:class:`Material`) also has ``atoms_per_kg`` (the event rates are
per kg) and ``photoabsorption(E_keV, source=...)`` (cm² per atom; the equivalent-photon
approximation). :class:`~mcpria_lite.targets.atoms.Target` and
:class:`~mcpria_lite.targets.compounds.Compound` are materials;
:class:`~mcpria_lite.targets.atoms.NarrowProfileTarget` is an atomic target only; so can a user's own
object be either.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike

from .photoabsorption import PhotoabsorptionSource

__all__ = ["AtomicTarget", "Material", "TargetLike", "open_shells"]


@runtime_checkable
class AtomicTarget(Protocol):
    """The members every method reads (structural); the impulse and free-electron approximations need no more."""

    @property
    def binding_keV(self) -> np.ndarray:
        """Binding energy of each shell, keV."""
        ...

    @property
    def occupancy(self) -> np.ndarray:
        """Electrons in each shell."""
        ...

    @property
    def p_max_au(self) -> float:
        """Support of the profiles in a.u. (J = 0 for abs(p_z) > p_max_au)."""
        ...

    def shell_profiles(self, pz_au: ArrayLike) -> np.ndarray:
        """Compton profiles J_nl(p_z) of every shell, a.u.⁻¹, shape (n_shells,) + pz_au's shape."""
        ...


@runtime_checkable
class Material(AtomicTarget, Protocol):
    """A target a detector is made of: also its atoms per kg (rates) and photoabsorption (the EPA)."""

    @property
    def atoms_per_kg(self) -> float:
        """Atoms (formula units for a compound) per kg."""
        ...

    def photoabsorption(self, E_keV: ArrayLike, source: PhotoabsorptionSource = "henke+kissel") -> np.ndarray:
        """Photoabsorption cross section at photon energies E, cm² per atom (formula unit)."""
        ...


#: A target as the public functions take it (a target object, or an element symbol, Z or chemical
#: formula as for :func:`mcpria_lite.targets.lookup.target`).
TargetLike = AtomicTarget | str | int


def open_shells(target: AtomicTarget, T: ArrayLike) -> np.ndarray:
    """θ(T − B_nl) for every shell, shape T.shape + (n_shells,): the shells that T can ionize."""
    return (np.asarray(T)[..., None] > target.binding_keV).astype(float)
