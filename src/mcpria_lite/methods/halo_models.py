"""The atomic models for a slow projectile (halo dark matter), by name: what each is and for which
elements, each building a :class:`mcpria_lite.targets.slow_response.LongitudinalResponse`.

* ``DFS`` (Ge, Xe): this project's Dirac–Hartree–Slater R_L tables (the method "DFS",
  :meth:`mcpria_lite.methods.dfs.AbInitioResponse.halo_response`), from just above each subshell's threshold;
* ``DFS-impulse`` (Ge, Xe): the impulse limit (m_e/q) J(p_z) of the same orbitals at every q, the atomic
  input of the impulse approximation, to show where it fails for a slow projectile;
* ``roberts2023`` (Xe): the relativistic Hartree–Fock K(E, q) of Caddell, Flambaum & Roberts (2023)
  (:func:`mcpria_lite.targets.ionization_factor.roberts2023_ionization_factor`), thresholds at their
  Hartree–Fock eigenvalues;
* ``DFS+roberts2023`` (Xe): DFS where its tables are known, the Roberts et al. K below (only 5p is open there);
* ``DFS+TDLDA`` (Xe): DFS with the many-body (TDLDA) correction of the dipole response carried to low q,
  :func:`mcpria_lite.targets.dfs.linear_response.dipole_correction` (1 beyond 3 q_D ≈ 1.5 keV: halo-DM
  kinematics, q ≳ E/v_max, lie beyond it, so this model equals DFS there; it shows that);
* ``hydrogenic`` (any element): Slater-screened hydrogenic orbitals in the impulse approximation
  (:mod:`mcpria_lite.targets.hydrogenic`), the simple reference.

The Roberts et al. table is the sum over subshells. The detector model needs to know which subshell
holds the hole (:mod:`mcpria_lite.detection.electron_yield`), so ``roberts2023`` splits K over the
subshells that are open in the Hartree–Fock model in proportion to the DFS R_L of those subshells at the
same (E, q) (by occupancy where the DFS table has no value, below its first row, where only 5p is open): the
total is theirs, only its attribution to subshells is ours.

Not here, with the reason their ``halo_response`` gives: the RIA, the EPA and the FEA
(:attr:`mcpria_lite.methods.base.MethodBase.slow_projectile_reason`). A new model is one call of
:func:`register_model`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..targets.slow_response import LongitudinalResponse, SubshellResponse
from .base import METHODS

__all__ = ["AtomicModel", "ATOMIC_MODELS", "register_model", "atomic_model", "model_names"]


@dataclass(frozen=True)
class AtomicModel:
    """A named atomic model for slow projectiles.

    Attributes
    ----------
    name : str
        What a user types.
    label : str
        How tables and figures name it.
    elements : tuple of str or None
        The elements it covers (``None``: every element of :func:`mcpria_lite.targets.atoms.atom`).
    build : callable
        element symbol ↦ :class:`~mcpria_lite.targets.slow_response.LongitudinalResponse`.
    plot_style : dict
        Matplotlib line style in the book's figures.
    """

    name: str
    label: str
    elements: tuple[str, ...] | None
    build: Callable[[str], LongitudinalResponse]
    plot_style: dict = field(default_factory=dict)


#: The registered models by name.
ATOMIC_MODELS: dict[str, AtomicModel] = {}


def register_model(model: AtomicModel) -> AtomicModel:
    """Register ``model`` under its name (a duplicate name raises ``ValueError``)."""
    if model.name in ATOMIC_MODELS:
        raise ValueError(f"an atomic model named {model.name!r} is already registered")
    ATOMIC_MODELS[model.name] = model
    return model


def model_names(element: str | None = None) -> tuple[str, ...]:
    """The registered models (covering ``element`` if given)."""
    return tuple(n for n, m in ATOMIC_MODELS.items()
                 if element is None or m.elements is None or element in m.elements)


def atomic_model(name: str, element: str) -> LongitudinalResponse:
    """The response of model ``name`` for ``element`` (cached: one object per model and element)."""
    from ..targets.atoms import element_symbol

    if name not in ATOMIC_MODELS:
        raise ValueError(f"model must be one of {sorted(ATOMIC_MODELS)!r}, got {name!r}")
    symbol = element_symbol(element)
    m = ATOMIC_MODELS[name]
    if m.elements is not None and symbol not in m.elements:
        raise ValueError(f"element must be one of {m.elements!r} for the atomic model {name!r}, got {symbol!r}")
    return _build(name, symbol)


@functools.lru_cache(maxsize=None)
def _build(name: str, symbol: str) -> LongitudinalResponse:
    return ATOMIC_MODELS[name].build(symbol)


# ------------------------------------------------------------------------------------------------
# the models
# ------------------------------------------------------------------------------------------------
def _dfs(symbol: str, response: str = "ab initio") -> LongitudinalResponse:
    return METHODS["DFS"].halo_response(symbol, response=response)


def _dfs_elements() -> tuple[str, ...]:
    from .dfs import available_elements

    return available_elements()


def _roberts(symbol: str) -> LongitudinalResponse:
    """Roberts et al. K, split over subshells by the DFS shares (see the module docstring)."""
    from ..targets.ionization_factor import roberts2023_grid, roberts2023_ionization_factor, roberts2023_thresholds
    from ..units import HARTREE_KEV

    dfs = _dfs(symbol)
    hf = roberts2023_thresholds()
    names = [s.name for s in dfs.subshells if s.name in hf]
    B = np.array([hf[n] for n in names])
    occ = np.array([next(s.occupancy for s in dfs.subshells if s.name == n) for n in names])
    idx = {n: i for i, n in enumerate(names)}
    E_nodes, q_nodes, _ = roberts2023_grid()

    def shares(E, q):
        """(n_sub, n) shares of K per subshell at the points (E, q)."""
        open_ = E[None, :] > B[:, None]
        w = np.where(open_, occ[:, None], 0.0)
        known = E >= dfs.E_min_keV
        if np.any(known):
            d = np.zeros((len(names), int(known.sum())))
            for s in dfs.subshells:
                if s.name in idx:
                    ok = E[known] > s.binding_keV
                    if np.any(ok):
                        d[idx[s.name], ok] = s.R_L(E[known][ok], q[known][ok])
            d = np.where(open_[:, known], d, 0.0)
            tot = d.sum(axis=0)
            w[:, known] = np.where(tot > 0, d, w[:, known])
        tot = w.sum(axis=0)
        return np.where(tot > 0, w / np.where(tot > 0, tot, 1.0), 0.0)

    def R_L(E, q, i):
        qq = np.clip(q, q_nodes[0], q_nodes[-1])
        K = roberts2023_ionization_factor(E, qq)
        return K / HARTREE_KEV * shares(E, q)[i]

    def grid(E, q):
        """K on the grid once, the DFS subshells on the grid once, then the shares."""
        EE, QQ = np.meshgrid(E, q, indexing="ij")
        K = roberts2023_ionization_factor(EE, np.clip(QQ, q_nodes[0], q_nodes[-1]))
        w = np.where(EE[None] > B[:, None, None], occ[:, None, None], 0.0)
        known = (E >= dfs.E_min_keV) & (E <= dfs.E_max_keV)
        if np.any(known):
            dg = dfs.on_grid(E[known], q)
            d = np.stack([dg[dfs.names.index(n)] for n in names])
            d = np.where(EE[None, known] > B[:, None, None], d, 0.0)
            tot = d.sum(axis=0)
            w[:, known] = np.where(tot[None] > 0, d, w[:, known])
        tot = w.sum(axis=0)
        return K[None] / HARTREE_KEV * np.where(tot > 0, w / np.where(tot > 0, tot, 1.0), 0.0)

    subs = [SubshellResponse(n, n.split("/")[0][:-1], float(B[i]), float(occ[i]), functools.partial(R_L, i=i))
            for i, n in enumerate(names)]
    return LongitudinalResponse(
        symbol, "Roberts et al. RHF", subs, (float(E_nodes[0]), float(E_nodes[-1])),
        (float(q_nodes[0]), float(q_nodes[-1])),
        "relativistic Hartree-Fock K(E, q) of Caddell, Flambaum & Roberts (2023) (ampsci, hole-particle "
        "interaction, L <= 6), thresholds at their Hartree-Fock eigenvalues; the total K is theirs, its split "
        "over subshells follows the DFS R_L (occupancy below the DFS tables' first row); q outside 0.1-5000 keV not tabulated (0)", grid)


def _dfs_plus_roberts(symbol: str) -> LongitudinalResponse:
    dfs = _dfs(symbol)
    rob = atomic_model("roberts2023", symbol)
    cut = dfs.E_min_keV
    lowest = min(dfs.subshells, key=lambda s: s.binding_keV)
    below = [s for s in rob.subshells if s.binding_keV < cut]
    if any(s.nl != lowest.nl for s in below):
        raise ValueError(f"the Roberts et al. subshells open below {cut:g} keV must all be {lowest.nl}")

    def R_L(E, q, s):
        out = np.zeros(E.shape)
        hi = E >= cut
        if np.any(hi):
            out[hi] = s.R_L(E[hi], q[hi])
        lo = ~hi
        if s is lowest and np.any(lo):
            out[lo] = rob.R_L(E[lo], q[lo])   # all of the Roberts et al. K there (5p only)
        return out

    subs = [SubshellResponse(s.name, s.nl, min(s.binding_keV, rob.threshold_keV) if s is lowest else s.binding_keV,
                             s.occupancy, functools.partial(R_L, s=s)) for s in dfs.subshells]
    return LongitudinalResponse(
        symbol, f"DFS + RHF < {1e3 * cut:g} eV", subs, (rob.E_min_keV, dfs.E_max_keV), (dfs.q_min_keV, dfs.q_max_keV),
        f"the DFS tables from {1e3 * cut:g} eV; below, the Roberts et al. K (only 5p is open there), thresholds of "
        f"the Roberts et al. model below {1e3 * cut:g} eV")


def _dfs_tdlda(symbol: str) -> LongitudinalResponse:
    from ..targets.dfs.linear_response import dipole_correction, dipole_limit_q_keV

    dfs = _dfs(symbol)

    def R_L(E, q, s):
        return s.R_L(E, q) * dipole_correction(symbol, E, q)

    subs = [SubshellResponse(s.name, s.nl, s.binding_keV, s.occupancy, functools.partial(R_L, s=s)) for s in dfs.subshells]
    return LongitudinalResponse(
        symbol, "DFS + TDLDA (dipole)", subs, (dfs.E_min_keV, dfs.E_max_keV), (dfs.q_min_keV, dfs.q_max_keV),
        f"{dfs.description}; times sigma_TDLDA/sigma_IPA of the dipole photoabsorption for q <= "
        f"{dipole_limit_q_keV(symbol):.2f} keV, faded out by 3 q_D (the same subshell shares)")


def _hydrogenic(symbol: str) -> LongitudinalResponse:
    from ..targets import hydrogenic as hy
    from ..targets.atoms import atom

    t = atom(symbol)
    subs = [SubshellResponse(s.name, s.nl, float(s.binding_keV), float(s.occupancy),
                             functools.partial(lambda E, q, i: hy.impulse_R_L(t, i, E, q), i=i))
            for i, s in enumerate(t.shells)]
    z = hy.zeff_of_target(t)
    outer = min(t.shells, key=lambda s: s.binding_keV).nl
    return LongitudinalResponse(
        symbol, "hydrogenic (Slater Z_eff)", subs, (float(min(s.binding_keV for s in t.shells)) * (1 + 1e-9), 1e4),
        (1e-3, 1e7),
        f"hydrogenic orbitals of charge n Z_eff/n* (Slater's rules; {outer}: Z_eff = {z[outer][0]:.2f}, "
        f"n* = {z[outer][1]:g}) in the impulse approximation, tabulated binding energies as thresholds")


register_model(AtomicModel("DFS", "DFS (ab initio)", None, _dfs, {"color": "C2", "lw": 1.8}))
register_model(AtomicModel("DFS-impulse", "DFS orbitals, impulse limit", None,
                           functools.partial(_dfs, response="impulse"), {"color": "C2", "lw": 1.1, "ls": ":"}))
register_model(AtomicModel("roberts2023", "Roberts et al. RHF", ("Xe",), _roberts, {"color": "C1", "lw": 1.6}))
register_model(AtomicModel("DFS+roberts2023", "DFS + RHF below the DFS edge", ("Xe",), _dfs_plus_roberts,
                           {"color": "C2", "lw": 1.6, "ls": "--"}))
register_model(AtomicModel("DFS+TDLDA", "DFS + TDLDA (dipole)", ("Xe",), _dfs_tdlda, {"color": "C3", "lw": 1.4, "ls": "--"}))
register_model(AtomicModel("hydrogenic", "hydrogenic (Slater Z_eff)", None, _hydrogenic,
                           {"color": "0.4", "lw": 1.2, "ls": "-."}))

# the DFS models cover the elements with a committed table
object.__setattr__(ATOMIC_MODELS["DFS"], "elements", _dfs_elements())
object.__setattr__(ATOMIC_MODELS["DFS-impulse"], "elements", _dfs_elements())
