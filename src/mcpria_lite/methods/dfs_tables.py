"""The ab initio method's tables per element: which elements have them, and the response tables with
the impulse model's Compton profiles, loaded once per element (``_tables``).

The tables themselves: :func:`mcpria_lite.targets.dfs.response.response_table` (R_L, R_T) and
:func:`mcpria_lite.targets.dfs.weak_response.weak_response_table` (with the axial responses); the method
that uses them: :mod:`mcpria_lite.methods.dfs`.
"""

from __future__ import annotations

import functools

import numpy as np

from ..units import AU_MOMENTUM_KEV

__all__ = ["available_elements", "available_weak_elements", "CRYSTAL_CAVEAT"]


class _Tables:
    """The element's :class:`~mcpria_lite.targets.dfs.response.ResponseTable` (or, for the weak terms,
    its :class:`~mcpria_lite.targets.dfs.weak_response.WeakResponseTable`) and the impulse model's
    profiles and ⟨p_z²⟩ per subshell (per element, cached)."""

    def __init__(self, symbol: str, weak: bool = False):
        from ..targets.dfs.response import response_table
        from ..targets.dfs.weak_response import weak_response_table

        tab = weak_response_table(symbol) if weak else response_table(symbol)
        self.weak = weak
        self.table = tab
        self.symbol = symbol
        self.T_grid = tab.T_keV
        self.q_min = tab.q_min_keV
        self.B = tab.binding_keV
        self.subshells = tab.subshells
        self.q_last = tab.q_max_keV

    # The profiles are computed on first use (about 0.5 s per atom): only momentum transfers beyond the
    # table's q range (the impulse hand-over) need them, not a photon-limit or low-q evaluation.
    @functools.cached_property
    def pz_au(self) -> np.ndarray:
        """p_z nodes of the Compton profiles (a.u.), shape (n_pz,)."""
        return self.table._profiles()[0]

    @functools.cached_property
    def J(self) -> np.ndarray:
        """Subshell Compton profiles J(p_z) (a.u.⁻¹), shape (n_sub, n_pz)."""
        return self.table._profiles()[1]

    @functools.cached_property
    def pz2_keV2(self) -> np.ndarray:
        """⟨p_z²⟩ per subshell (keV²)."""
        norm = np.trapezoid(self.J, self.pz_au, axis=1)
        return np.trapezoid(self.J * self.pz_au**2, self.pz_au, axis=1) / norm * AU_MOMENTUM_KEV**2


#: Elements whose detectors are crystals, for which the tables (free atoms) are only an approximation,
#: and the caveat the halo models' descriptions carry.
CRYSTAL_CAVEAT = {
    "Si": "; a free Si atom, not the response of a silicon crystal (band gap 1.1 eV, valence bands and the "
          "17 eV plasmon decide it below ~50 eV)",
    "Ge": "; a free Ge atom, not the response of a germanium crystal (band gap 0.67 eV, valence bands and the "
          "16 eV plasmon decide it below ~50 eV)",
}


@functools.lru_cache(maxsize=None)
def available_elements() -> tuple[str, ...]:
    """Elements with a committed response table (``data/atoms/dfs_response_<symbol>.npz``)."""
    from importlib import resources

    d = resources.files("mcpria_lite") / "data" / "atoms"
    names = [p.name for p in d.iterdir() if p.name.startswith("dfs_response_") and p.name.endswith(".npz")]
    return tuple(sorted(n[len("dfs_response_"):-len(".npz")] for n in names))


@functools.lru_cache(maxsize=None)
def available_weak_elements() -> tuple[str, ...]:
    """Elements with a committed weak-response table (``data/atoms/dfs_weak_<symbol>.npz``)."""
    from importlib import resources

    d = resources.files("mcpria_lite") / "data" / "atoms"
    names = [p.name for p in d.iterdir() if p.name.startswith("dfs_weak_") and p.name.endswith(".npz")]
    return tuple(sorted(n[len("dfs_weak_"):-len(".npz")] for n in names))


@functools.lru_cache(maxsize=None)
def _tables(symbol: str, weak: bool = False) -> _Tables:
    return _Tables(symbol, weak)
