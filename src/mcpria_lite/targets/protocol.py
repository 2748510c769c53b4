"""What a target is to the methods: the protocol every atom, compound or model atom follows.

A target provides ``shell_profiles(pz_au)`` → (n_shells, …) Compton profiles in a.u.⁻¹,
``binding_keV`` and ``occupancy`` arrays (per shell), ``p_max_au`` (the profiles' support) and
``atoms_per_kg``; for the equivalent-photon approximation ``photoabsorption(E_keV)`` (cm² per atom);
optionally ``pz_panel_edges_au`` (increasing, from 0: the impulse quadrature's panel edges in p_z).
:class:`~mcpria_lite.targets.atoms.Target`, :class:`~mcpria_lite.targets.compounds.Compound` and
:class:`~mcpria_lite.targets.atoms.NarrowProfileTarget` follow it; so can a user's own object.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["AtomicTarget", "open_shells"]


@runtime_checkable
class AtomicTarget(Protocol):
    """The members the methods read (structural)."""

    binding_keV: np.ndarray
    occupancy: np.ndarray
    p_max_au: float

    def shell_profiles(self, pz_au) -> np.ndarray: ...


def open_shells(target, T) -> np.ndarray:
    """θ(T − B_nl) for every shell, shape T.shape + (n_shells,): the shells that T can ionize."""
    return (np.asarray(T)[..., None] > target.binding_keV).astype(float)
