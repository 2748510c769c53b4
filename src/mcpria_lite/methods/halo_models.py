"""The atomic models for a slow projectile (halo dark matter), by name: what each is and for which
elements, each building a :class:`mcpria_lite.targets.slow_response.LongitudinalResponse`.

* ``DFS`` (Ar, Ge, Xe and every element with a committed table): this project's Dirac–Hartree–Slater R_L
  tables (the method "DFS", :meth:`mcpria_lite.methods.dfs.AbInitioResponse.halo_response`), from each
  subshell's threshold (the first row just above the outermost one: Xe 12.25 eV, Ge 8 eV, Ar 15.9 eV) to 60 keV;
* ``DFS-impulse`` (Ge, Xe): the impulse limit (m_e/q) J(p_z) of the same orbitals at every q, the atomic
  input of the impulse approximation, to show where it fails for a slow projectile;
* ``roberts2023`` (Xe): the relativistic Hartree–Fock K(E, q) of Caddell, Flambaum & Roberts (2023)
  (:func:`mcpria_lite.targets.ionization_factor.roberts2023_ionization_factor`), thresholds at their
  Hartree–Fock eigenvalues;
* ``DFS+roberts2023`` (Xe), **deprecated**: DFS where its tables are known, the Roberts et al. K below. It
  filled a 20 eV gap of the earlier tables; since they start at each threshold it covers only the 0.3 eV
  between the Roberts et al. 5p₃/₂ eigenvalue (11.97 eV) and the DFS tables' first row (12.25 eV), and
  differs from ``DFS`` by nothing a detector resolves. :func:`atomic_model` still builds it, with a ``FutureWarning``; it is not
  offered by :func:`model_names` nor on the command line;
* ``darkarc2019`` (Ar): a peer's atomic input — the ionisation form factors W₁(k', q) of the DarkARC code
  (Catena, Emken, Spaldin & Tarantino 2020; Roothaan–Hartree–Fock bound states of Bunge et al. (1993),
  Coulomb continuum states of charge Z_eff = n √(2|E_B|/E_H)) as the obscura code ships them (MIT), for the
  3p, 3s, 2p and 2s subshells at obscura's binding energies, with R_L = W₁/(4 E_er) (E_er = E − B); 1s is
  left out (3.2 keV, nothing of a halo spectrum);
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

The best model available for an element, :func:`best_model` (the command line's default), is the first of
:data:`PREFERENCE` that covers it: the Roberts et al. K for xenon (relativistic Hartree–Fock with non-local
exchange and the hole–particle interaction, a more complete calculation of the same atom than the local
exchange of the DFS potential), the DFS tables for the other elements that have them, the hydrogenic
reference otherwise.

Not here, with the reason their ``halo_response`` gives: the RIA, the EPA and the FEA
(:attr:`mcpria_lite.methods.base.MethodBase.slow_projectile_reason`). A new model is one call of
:func:`register_model`.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..targets.slow_response import LongitudinalResponse, SubshellResponse
from .base import METHODS

__all__ = ["AtomicModel", "ATOMIC_MODELS", "register_model", "atomic_model", "model_names", "best_model", "PREFERENCE"]


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
    deprecated : str
        Empty, or why the model is deprecated and what to use instead (:func:`atomic_model` then warns).
    """

    name: str
    label: str
    elements: tuple[str, ...] | None
    build: Callable[[str], LongitudinalResponse]
    plot_style: dict = field(default_factory=dict)
    deprecated: str = ""


#: The registered models by name.
ATOMIC_MODELS: dict[str, AtomicModel] = {}


def register_model(model: AtomicModel) -> AtomicModel:
    """Register ``model`` under its name (a duplicate name raises ``ValueError``)."""
    if model.name in ATOMIC_MODELS:
        raise ValueError(f"an atomic model named {model.name!r} is already registered")
    ATOMIC_MODELS[model.name] = model
    return model


def model_names(element: str | None = None, deprecated: bool = False) -> tuple[str, ...]:
    """The registered models (covering ``element`` if given; the deprecated ones only if ``deprecated``)."""
    return tuple(n for n, m in ATOMIC_MODELS.items()
                 if (element is None or m.elements is None or element in m.elements)
                 and (deprecated or not m.deprecated))


#: The order of preference of :func:`best_model` (see the module docstring for the reasons).
PREFERENCE: tuple[str, ...] = ("roberts2023", "DFS", "hydrogenic")


def best_model(element: str) -> str:
    """The name of the best atomic model available for ``element``: the first of :data:`PREFERENCE` that covers it."""
    from ..targets.atoms import element_symbol

    symbol = element_symbol(element)
    for name in PREFERENCE:
        m = ATOMIC_MODELS[name]
        if m.elements is None or symbol in m.elements:
            return name
    raise ValueError(f"element: no atomic model covers {symbol!r}")  # pragma: no cover - hydrogenic covers all


def atomic_model(name: str, element: str) -> LongitudinalResponse:
    """The response of model ``name`` for ``element`` (cached: one object per model and element)."""
    from ..targets.atoms import element_symbol

    if name not in ATOMIC_MODELS:
        raise ValueError(f"model must be one of {sorted(ATOMIC_MODELS)!r}, got {name!r}")
    symbol = element_symbol(element)
    m = ATOMIC_MODELS[name]
    if m.elements is not None and symbol not in m.elements:
        raise ValueError(f"element must be one of {m.elements!r} for the atomic model {name!r}, got {symbol!r}")
    if m.deprecated:
        warnings.warn(f"the atomic model {name!r} is deprecated: {m.deprecated}", FutureWarning, stacklevel=2)
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


def _darkarc(symbol: str) -> LongitudinalResponse:
    """DarkARC's W₁ tables (obscura's ``data/Atomic_Response_Functions``), log-bilinear in (k', q)."""
    from importlib import resources

    from ..units import M_E

    with resources.as_file(resources.files("mcpria_lite") / "data" / "atoms" / f"darkarc_W1_{symbol}.npz") as f:
        z = np.load(f)
        d = {k: z[k] for k in z.files}
    lk, lq = np.log(d["k_keV"]), np.log(d["q_keV"])

    def R_L(E, q, W, B):
        Eer = E - B
        k = np.sqrt(2.0 * M_E * np.maximum(Eer, 0.0))
        x = (np.log(np.clip(k, d["k_keV"][0], d["k_keV"][-1])) - lk[0]) / (lk[1] - lk[0])
        y = (np.log(np.clip(q, d["q_keV"][0], d["q_keV"][-1])) - lq[0]) / (lq[1] - lq[0])
        i = np.clip(np.floor(x).astype(int), 0, lk.size - 2)
        j = np.clip(np.floor(y).astype(int), 0, lq.size - 2)
        t, u = x - i, y - j
        lW = np.log(np.maximum(W, 1e-300))
        v = ((1 - t) * (1 - u) * lW[i, j] + t * (1 - u) * lW[i + 1, j] + (1 - t) * u * lW[i, j + 1]
             + t * u * lW[i + 1, j + 1])
        inside = (k >= d["k_keV"][0]) & (k <= d["k_keV"][-1])
        return np.where(inside & (Eer > 0), np.exp(v) / (4.0 * np.where(Eer > 0, Eer, 1.0)), 0.0)

    subs = [SubshellResponse(str(n), str(n), 1e-3 * float(B), float(o),
                             functools.partial(R_L, W=d[f"W1_{n}"].astype(float), B=1e-3 * float(B)))
            for n, B, o in zip(d["shells"], d["binding_eV"], d["occupancy"])]
    E_max = 1e-3 * float(d["binding_eV"].min()) + float(d["k_keV"][-1]) ** 2 / (2.0 * M_E)
    return LongitudinalResponse(
        symbol, "DarkARC (RHF, Coulomb continuum)", subs, (1e-3 * float(d["binding_eV"].min()) * (1 + 1e-9), E_max),
        (float(d["q_keV"][0]), float(d["q_keV"][-1])),
        "the ionisation form factors W1(k', q) of the DarkARC code (Catena, Emken, Spaldin & Tarantino 2020): "
        "Roothaan-Hartree-Fock bound states (Bunge et al. 1993), Coulomb continuum of charge Z_eff = n sqrt(2|E_B|/E_H), "
        "as shipped by obscura (MIT); subshells 3p, 3s, 2p, 2s at obscura's binding energies; q outside 1-1000 keV "
        "not tabulated (0)")


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
                           {"color": "C2", "lw": 1.6, "ls": "--"},
                           deprecated="the DFS tables now start at each subshell's threshold, so it differs from 'DFS' "
                                      "only in the 0.3 eV between the Roberts et al. 5p3/2 eigenvalue (11.97 eV) and "
                                      "the tables' first row (12.25 eV); use 'DFS' (or 'roberts2023', the best xenon "
                                      "model)"))
register_model(AtomicModel("darkarc2019", "DarkARC (RHF, Coulomb continuum)", ("Ar",), _darkarc,
                           {"color": "C5", "lw": 1.4, "ls": "--"}))
register_model(AtomicModel("DFS+TDLDA", "DFS + TDLDA (dipole)", ("Xe",), _dfs_tdlda, {"color": "C3", "lw": 1.4, "ls": "--"}))
register_model(AtomicModel("hydrogenic", "hydrogenic (Slater Z_eff)", None, _hydrogenic,
                           {"color": "0.4", "lw": 1.2, "ls": "-."}))

# the DFS models cover the elements with a committed table
object.__setattr__(ATOMIC_MODELS["DFS"], "elements", _dfs_elements())
object.__setattr__(ATOMIC_MODELS["DFS-impulse"], "elements", _dfs_elements())
