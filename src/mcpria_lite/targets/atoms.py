"""Target atoms: shells, binding energies, Compton profiles J_nl(p_z) and photoabsorption.

``target`` builds (once per process, cached) a :class:`Target` for any element Z = 1..100
from pip-installed tables:

Compton profiles, ``profiles="biggs"`` (default)
    Biggs, Mendelsohn & Mann (1975) :cite:p:`biggs1975` through ``xraylib``
    :cite:p:`schoonjans2011`: non-relativistic Hartree–Fock for Z ≤ 36 (nl shells), relativistic
    (Dirac–Hartree–Fock–Slater, j-resolved subshells) for Z ≥ 37. ``xraylib`` returns
    ``ComptonProfile_Partial(Z, shell, p_z)`` **per electron** on its subshell indices (K, L1, L2,
    L3, M1, …); for Z ≤ 36 a non-relativistic nl shell with l > 0 appears as two subshells with
    identical per-electron profiles (Ge 2p → L2, L3). We keep the subshells split, each with its own
    Biggs occupation (Ge: L2 2 e, L3 4 e; M4 4, M5 6; N2 1, N3 1) and its own binding energy. The
    occupations are the Biggs configurations (:data:`BIGGS_OCCUPATIONS`, the table xraylib itself
    uses), not ``xraylib.ElectronConfig`` (Kissel's configurations, a different data set).
    The table has 31 nodes from 0 to 100 a.u. (:data:`BIGGS_PZ_NODES_AU`) with three significant
    figures; ``xraylib``'s own cubic spline wiggles between them and refuses p_z > 100. We read the
    nodes (rounded back to the tabulated three figures; a value that rises with abs(p_z), a
    misprint, is replaced by interpolation between its neighbours: only Eu 2p1/2 at 30 a.u.),
    interpolate ln J against ln(1 + abs(p_z))
    with a monotone cubic (PCHIP), continue beyond the last node with the last segment's slope
    in the same variables, and scale each shell so that ∫_{-100}^{100} J_nl dp_z = N_nl.
Compton profiles, ``profiles="dirac-fock"``
    Our own Dirac–Hartree–Fock subshell profiles (``scripts/dirac_fock_profiles.py``, tables in
    ``mcpria_lite/data/atoms/dirac_fock_<symbol>.json``), interpolated the same way. These tables are
    computed, not rounded, and extend to 137 a.u., where the Xe K shell still has 0.6 % of its
    electrons beyond; so they are normalised over all p_z (table plus the analytic integral of the
    continuation), not over the table's range. Available for the elements whose file exists.
Binding energies
    Elam, Ravel & Sieber :cite:p:`elam2002` (``xraydb.xray_edges``) per IUPAC subshell, falling back
    to ``xraylib.EdgeEnergy`` and, for outer valence levels missing from both, to the first
    ionization energy. The tables list valence levels of solids relative to the Fermi level
    (Ge N1 5.0 eV, N2/N3 3.0 eV), below the free atom's first ionization energy (Ge 7.90 eV).
    ``valence="free-atom"`` (default) raises every binding energy to at least the first ionization
    energy IE₁ (no electron of a free atom can be removed with less; for the Ge 4p this is exact);
    ``valence="solid"`` keeps the tabulated values. The choice matters only for energy transfers
    below ~30 eV. Both Biggs and Dirac–Fock targets use these tabulated energies, so that the two
    differ only in J_nl; the Dirac–Fock orbital energies (Koopmans) are kept in
    :attr:`Target.model_binding_keV` for comparison.

Shells are ordered by their IUPAC subshell index (K, L1, L2, …), i.e. from the innermost
outward. All energies are in keV, p_z in atomic units (a.u. of momentum, α m_e c).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np

from .. import _validate
from .._pchip import pchip_coefficients  # noqa: F401  (also a public name of this module)
from .. import units
from .photoabsorption import SOURCES as PHOTOABSORPTION_SOURCES
from .photoabsorption import PhotoabsorptionSource
from .photoabsorption import photoabsorption_cross_section

__all__ = [
    "Shell",
    "Target",
    "NarrowProfileTarget",
    "atom",
    "available_elements",
    "available_profiles",
    "element_symbol",
    "first_ionization_energy_keV",
    "BIGGS_PZ_NODES_AU",
    "BIGGS_OCCUPATIONS",
    "PROFILE_SOURCES",
    "VALENCE_MODELS",
]

Z_MAX = 100
#: Accepted ``profiles`` keywords.
PROFILE_SOURCES: tuple[str, ...] = ("biggs", "dirac-fock")
ProfileSource = Literal["biggs", "dirac-fock"]
#: Accepted ``valence`` keywords.
VALENCE_MODELS: tuple[str, ...] = ("free-atom", "solid")
Valence = Literal["free-atom", "solid"]

#: The 31 momentum nodes (a.u.) of the Biggs et al. (1975) tables, found by probing xraylib
#: (its values are exact three-significant-figure numbers at these p_z and nowhere else).
BIGGS_PZ_NODES_AU: np.ndarray = np.array(
    [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.4, 3.0,
     4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0, 100.0]
)
BIGGS_PZ_NODES_AU.setflags(write=False)

#: IUPAC subshell labels in xraylib's shell-index order (index = position).
IUPAC_SUBSHELLS: tuple[str, ...] = (
    "K", "L1", "L2", "L3", "M1", "M2", "M3", "M4", "M5", "N1", "N2", "N3", "N4", "N5", "N6", "N7",
    "O1", "O2", "O3", "O4", "O5", "O6", "O7", "P1", "P2", "P3", "P4", "P5", "Q1", "Q2", "Q3",
)
_SHELL_LETTER_N = {"K": 1, "L": 2, "M": 3, "N": 4, "O": 5, "P": 6, "Q": 7}
# subshell number -> (l letter, j label)
_SUBSHELL_LJ = {1: ("s", "1/2"), 2: ("p", "1/2"), 3: ("p", "3/2"), 4: ("d", "3/2"), 5: ("d", "5/2"),
                6: ("f", "5/2"), 7: ("f", "7/2")}

# Biggs et al. (1975) electron configurations per xraylib subshell index, Z = 1..100, as used by
# xraylib to build its Compton-profile tables (xraylib data/comptonprofiles/
# biggs_electron_configuration.dat). Non-relativistic nl shells are split over the two j
# subshells (e.g. 2p^6 -> L2 2, L3 4; Ge 4p^2 -> N2 1, N3 1). Checked in tests/targets/test_atoms.py:
# the occupied subshells are exactly those xraylib has profiles for, Σ = Z, and Σ occ·J_i
# reproduces xraylib's total profile at the nodes.
_BIGGS_CONFIG_TEXT = """
1|2|2 1|2 2|2 2 1|2 2 2|2 2 1 2|2 2 1 3|2 2 2 3|2 2 2 4
2 2 2 4 1|2 2 2 4 2|2 2 2 4 2 1|2 2 2 4 2 1 1|2 2 2 4 2 1 2|2 2 2 4 2 1 3|2 2 2 4 2 2 3|2 2 2 4 2 2 4
2 2 2 4 2 2 4 0 0 1|2 2 2 4 2 2 4 0 0 2|2 2 2 4 2 2 4 0 1 2|2 2 2 4 2 2 4 1 1 2|2 2 2 4 2 2 4 1 2 2
2 2 2 4 2 2 4 2 3 1|2 2 2 4 2 2 4 2 3 2|2 2 2 4 2 2 4 2 4 2|2 2 2 4 2 2 4 3 4 2|2 2 2 4 2 2 4 3 5 2
2 2 2 4 2 2 4 4 6 1|2 2 2 4 2 2 4 4 6 2|2 2 2 4 2 2 4 4 6 2 0 1|2 2 2 4 2 2 4 4 6 2 1 1
2 2 2 4 2 2 4 4 6 2 1 2|2 2 2 4 2 2 4 4 6 2 1 3|2 2 2 4 2 2 4 4 6 2 2 3|2 2 2 4 2 2 4 4 6 2 2 4
K36 0 0 0 0 1|K36 0 0 0 0 2|K36 0 1 0 0 2|K36 1 1 0 0 2|K36 2 2 0 0 1|K36 4 1 0 0 1|K36 4 1 0 0 2
K36 4 3 0 0 1|K36 4 4 0 0 1|K36 4 6|K36 4 6 0 0 1|K36 4 6 0 0 2|K36 4 6 0 0 2 0 1|K36 4 6 0 0 2 0 2
K36 4 6 0 0 2 2 1|K36 4 6 0 0 2 2 2|K36 4 6 0 0 2 2 3|K36 4 6 0 0 2 2 4
X54 0 0 0 0 1|X54 0 0 0 0 2|X54 0 1 0 0 2
K36 4 6 0 1 2 2 4 0 1 0 0 2|K36 4 6 1 2 2 2 4 0 0 0 0 2|K36 4 6 2 2 2 2 4 0 0 0 0 2
K36 4 6 2 3 2 2 4 0 0 0 0 2|K36 4 6 3 3 2 2 4 0 0 0 0 2|K36 4 6 6 1 2 2 4 0 0 0 0 2
K36 4 6 6 1 2 2 4 0 1 0 0 2|K36 4 6 6 3 2 2 4 0 0 0 0 2|K36 4 6 6 4 2 2 4 0 0 0 0 2
K36 4 6 6 5 2 2 4 0 0 0 0 2|K36 4 6 6 6 2 2 4 0 0 0 0 2|K36 4 6 6 7 2 2 4 0 0 0 0 2
K36 4 6 6 8 2 2 4 0 0 0 0 2|K36 4 6 6 8 2 2 4 0 1 0 0 2|K36 4 6 6 8 2 2 4 1 1 0 0 2
K36 4 6 6 8 2 2 4 1 2 0 0 2|K36 4 6 6 8 2 2 4 2 2 0 0 2|K36 4 6 6 8 2 2 4 4 1 0 0 2
K36 4 6 6 8 2 2 4 4 2 0 0 2|K36 4 6 6 8 2 2 4 4 3 0 0 2|K36 4 6 6 8 2 2 4 4 5 0 0 1
K36 4 6 6 8 2 2 4 4 6 0 0 1|Y78 2|Y78 2 0 1|Y78 2 1 1|Y78 2 2 1|Y78 2 2 2|Y78 2 2 3|Y78 2 2 4
Y78 2 2 4 0 0 1|Y78 2 2 4 0 0 2|Y78 2 2 4 0 1 2|Y78 2 2 4 1 1 2
A76 1 1 2 2 4 0 1 2|A76 1 2 2 2 4 0 1 2|A76 2 2 2 2 4 0 1 2|A76 3 3 2 2 4 0 0 2|A76 6 1 2 2 4 0 0 2
A76 6 1 2 2 4 0 1 2|A76 6 3 2 2 4 0 0 2|A76 6 4 2 2 4 0 0 2|A76 6 5 2 2 4 0 0 2|A76 6 6 2 2 4 0 0 2
"""
# Abbreviations in the text above (to keep it short and checkable):
#   K36 = "2 2 2 4 2 2 4 4 6 2 2 4" (K..N3 of Kr-like core, 12 subshells, 36 e; continues N4 ...)
#   X54 = K36 + "4 6 0 0 2 2 4" (Xe-like core through O3, 54 e)
#   Y78 = K36 + "4 6 6 8 2 2 4 4 6 0 0" (K..O7, 78 e; continues P1 ...)
#   A76 = K36 + "4 6 6 8 2 2 4 4 6" (K..O5, 76 e; continues O6 O7 P1 ... for the actinides)
_ABBREV = {
    "K36": "2 2 2 4 2 2 4 4 6 2 2 4",
    "X54": "2 2 2 4 2 2 4 4 6 2 2 4 4 6 0 0 2 2 4",
    "Y78": "2 2 2 4 2 2 4 4 6 2 2 4 4 6 6 8 2 2 4 4 6 0 0",
    "A76": "2 2 2 4 2 2 4 4 6 2 2 4 4 6 6 8 2 2 4 4 6",
}


def _parse_biggs_config() -> dict[int, tuple[float, ...]]:
    entries = [e.strip() for e in _BIGGS_CONFIG_TEXT.replace("\n", "|").split("|") if e.strip()]
    out = {}
    for Z, e in enumerate(entries, start=1):
        for key, val in _ABBREV.items():
            if e.startswith(key):
                e = val + e[len(key):]
        out[Z] = tuple(float(v) for v in e.split())
    return out


#: Biggs occupations per xraylib subshell index for Z = 1..100 (tuple index = shell index).
BIGGS_OCCUPATIONS: dict[int, tuple[float, ...]] = _parse_biggs_config()

# NIST Atomic Spectra Database first ionization energies (eV), Z = 1..100, rounded to 0.01 eV
# (Kramida et al., NIST ASD). All 100 values agree within 0.01 eV with the NIST data shipped by the
# `mendeleev` package (tests/targets/test_atoms.py::test_first_ionization_energies_match_nist, run when
# mendeleev is installed).
_IE1_EV = (
    13.60, 24.59, 5.39, 9.32, 8.30, 11.26, 14.53, 13.62, 17.42, 21.56,  # H..Ne
    5.14, 7.65, 5.99, 8.15, 10.49, 10.36, 12.97, 15.76, 4.34, 6.11,  # Na..Ca
    6.56, 6.83, 6.75, 6.77, 7.43, 7.90, 7.88, 7.64, 7.73, 9.39,  # Sc..Zn
    6.00, 7.90, 9.79, 9.75, 11.81, 14.00, 4.18, 5.69, 6.22, 6.63,  # Ga..Zr
    6.76, 7.09, 7.12, 7.36, 7.46, 8.34, 7.58, 8.99, 5.79, 7.34,  # Nb..Sn
    8.61, 9.01, 10.45, 12.13, 3.89, 5.21, 5.58, 5.54, 5.47, 5.53,  # Sb..Nd
    5.58, 5.64, 5.67, 6.15, 5.86, 5.94, 6.02, 6.11, 6.18, 6.25,  # Pm..Yb
    5.43, 6.83, 7.55, 7.86, 7.83, 8.44, 8.97, 8.96, 9.23, 10.44,  # Lu..Hg
    6.11, 7.42, 7.29, 8.41, 9.32, 10.75, 4.07, 5.28, 5.38, 6.31,  # Tl..Th
    5.89, 6.19, 6.27, 6.03, 5.97, 5.99, 6.20, 6.28, 6.37, 6.50,  # Pa..Fm
)


# --------------------------------------------------------------------------------------------
# elements
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _symbols() -> tuple[str, ...]:
    import xraylib

    return tuple(xraylib.AtomicNumberToSymbol(Z) for Z in range(1, Z_MAX + 1))


def element_symbols() -> tuple[str, ...]:
    """The standard symbols of the elements Z = 1..100, in order of Z (case-sensitive)."""
    return _symbols()


def available_elements(profiles: str = "biggs") -> tuple[str, ...]:
    """Element symbols for which ``target`` can build a target with these ``profiles``."""
    _validate.choice("profiles", profiles, PROFILE_SOURCES)
    if profiles == "biggs":
        return _symbols()
    return tuple(s for s in _symbols() if _dirac_fock_resource(s).is_file())


def available_profiles(element) -> tuple[str, ...]:
    """The ``profiles`` keywords available for ``element`` (symbol or Z)."""
    Z = _atomic_number(element)
    sym = _symbols()[Z - 1]
    return tuple(p for p in PROFILE_SOURCES if sym in available_elements(p))


def _atomic_number(element) -> int:
    if isinstance(element, (bool, np.bool_)):
        raise ValueError(f"element must be a symbol such as 'Ge' or an integer Z in 1..{Z_MAX}, got {element!r}")
    if isinstance(element, (int, np.integer)):
        if not 1 <= int(element) <= Z_MAX:
            raise ValueError(f"element Z must be an integer in 1..{Z_MAX}, got {element!r}")
        return int(element)
    if isinstance(element, str):
        syms = _symbols()
        if element in syms:
            return syms.index(element) + 1
        fixed = element.strip().capitalize()
        if fixed in syms:
            raise ValueError(f"unknown element symbol {element!r}; did you mean {fixed!r}? (element symbols are "
                             f"case-sensitive; allowed: a standard symbol or an integer Z in 1..{Z_MAX})")
        raise ValueError(
            f"unknown element symbol {element!r}; allowed (case-sensitive) symbols are "
            f"{', '.join(syms)} or an integer Z in 1..{Z_MAX}"
        )
    raise ValueError(f"element must be a symbol such as 'Ge' or an integer Z in 1..{Z_MAX}, got {element!r}")


def element_symbol(element) -> str:
    """Standard symbol of ``element`` (symbol, Z, or an atom's :class:`Target`)."""
    if isinstance(element, Target):
        return element.symbol
    return _symbols()[_atomic_number(element) - 1]


def first_ionization_energy_keV(element) -> float:
    """First ionization energy IE₁ of the neutral atom in keV (NIST ASD, 0.01 eV precision)."""
    return _IE1_EV[_atomic_number(element) - 1] * units.EV


# --------------------------------------------------------------------------------------------
# shells
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shell:
    """One atomic subshell of a target.

    Attributes
    ----------
    name : str
        Spectroscopic label with j, e.g. ``"1s1/2"``, ``"2p3/2"``. For the non-relativistic Biggs
        profiles (Z ≤ 36) the two j subshells of an nl shell carry the same per-electron profile.
    iupac : str
        IUPAC (X-ray) label: ``"K"``, ``"L1"``, ``"L2"``, ``"L3"``, ``"M1"``, …
    occupancy : float
        Number of electrons N_nl (∫J_nl dp_z = N_nl).
    binding_keV : float
        Binding (ionization) energy B_nl in keV used for the threshold θ(T − B_nl).
    nl : str
        Orbital label without j, e.g. ``"2p"``.
    binding_source : str
        Where ``binding_keV`` comes from.
    """

    name: str
    iupac: str
    occupancy: float
    binding_keV: float
    nl: str = ""
    binding_source: str = ""


def _iupac_to_nlj(label: str) -> tuple[str, str]:
    n = _SHELL_LETTER_N[label[0]]
    k = 1 if label == "K" else int(label[1:])
    l_letter, j = _SUBSHELL_LJ[k]
    return f"{n}{l_letter}", f"{n}{l_letter}{j}"


@functools.lru_cache(maxsize=None)
def _tabulated_binding_keV(Z: int, iupac: str) -> tuple[float | None, str]:
    """(binding energy in keV or None, source) from Elam (xraydb), else xraylib.EdgeEnergy."""
    import xraylib

    from .elam import edges_eV

    edges = edges_eV(Z)
    if iupac in edges and edges[iupac] > 0:
        return float(edges[iupac]) * units.EV, "Elam (xraydb)"
    try:
        e = xraylib.EdgeEnergy(Z, IUPAC_SUBSHELLS.index(iupac))
    except ValueError:
        e = 0.0
    if e > 0:
        return float(e), "xraylib EdgeEnergy"
    return None, ""


def _binding_energies(Z: int, labels: list[str], valence: str) -> list[tuple[float, str]]:
    ie1 = first_ionization_energy_keV(Z)
    out = []
    for lab in labels:
        b, src = _tabulated_binding_keV(Z, lab)
        if b is None:
            b, src = ie1, "first ionization energy (NIST; level not tabulated)"
        if valence == "free-atom" and b < ie1:
            b, src = ie1, f"first ionization energy (NIST; tabulated value {b / units.EV:.1f} eV)"
        out.append((b, src))
    return out


# --------------------------------------------------------------------------------------------
# profile tables
# --------------------------------------------------------------------------------------------
def _round_sig(x: np.ndarray, sig: int = 3) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        mag = np.floor(np.log10(np.abs(x)))
    scale = 10.0 ** (sig - 1 - mag)
    return np.round(x * scale) / scale


@functools.lru_cache(maxsize=None)
def _biggs_table(Z: int):
    """(pz nodes, labels, occupations, per-electron J at nodes (n_nodes, n_shells))."""
    import xraylib_np

    occ_all = BIGGS_OCCUPATIONS[Z]
    idx = [i for i, o in enumerate(occ_all) if o > 0]
    J = xraylib_np.ComptonProfile_Partial(
        np.array([Z], dtype=np.int64), np.array(idx, dtype=np.int64), BIGGS_PZ_NODES_AU.copy()
    )[0]  # (n_shells, n_nodes)
    J = _round_sig(J, 3).T
    if np.any(J <= 0):
        raise RuntimeError(f"xraylib returned a non-positive Biggs profile value for Z={Z}")
    labels = [IUPAC_SUBSHELLS[i] for i in idx]
    repairs = _repair_misprints(J, labels)
    return BIGGS_PZ_NODES_AU, labels, np.array([occ_all[i] for i in idx]), J, repairs


def _repair_misprints(J: np.ndarray, labels: list[str]) -> list[str]:
    """Replace table values that rise with abs(p_z) (impossible: J is non-increasing) in place.

    A profile J(p_z) = 2π ∫_{abs(p_z)}^∞ p ρ(p) dp cannot increase with abs(p_z). A node more than
    1 % above its predecessor is a misprint of the table (Eu 2p1/2 at 30 a.u. reads 4.61 instead of
    a few 1e-3); it is replaced by the log-linear interpolation in ln(1 + p_z) between its
    neighbours. Returns a description of every repair.
    """
    x = np.log1p(BIGGS_PZ_NODES_AU)
    out = []
    for j, lab in enumerate(labels):
        for k in range(1, J.shape[0] - 1):
            if J[k, j] > 1.01 * J[k - 1, j] and J[k + 1, j] <= J[k - 1, j]:
                w = (x[k] - x[k - 1]) / (x[k + 1] - x[k - 1])
                new = float(np.exp((1 - w) * np.log(J[k - 1, j]) + w * np.log(J[k + 1, j])))
                out.append(f"{lab} at {BIGGS_PZ_NODES_AU[k]:g} a.u.: {J[k, j]:.3g} -> {new:.3g}")
                J[k, j] = new
    return out


def _dirac_fock_resource(symbol: str):
    return resources.files("mcpria_lite").joinpath("data", "atoms", f"dirac_fock_{symbol}.json")


@functools.lru_cache(maxsize=None)
def _dirac_fock_table(symbol: str):
    res = _dirac_fock_resource(symbol)
    if not res.is_file():
        have = ", ".join(available_elements("dirac-fock")) or "none yet"
        raise ValueError(
            f"profiles='dirac-fock' is not available for {symbol}: the table "
            f"mcpria_lite/data/atoms/dirac_fock_{symbol}.json has not been generated "
            f"(run scripts/dirac_fock_profiles.py; available: {have})"
        )
    d = json.loads(res.read_text())
    pz = np.asarray(d["pz_au"], dtype=float)
    shells = sorted(d["shells"], key=lambda s: IUPAC_SUBSHELLS.index(s["iupac"]))
    labels = [s["iupac"] for s in shells]
    occ = np.array([float(s["occupancy"]) for s in shells])
    J = np.array([np.asarray(s["J"], dtype=float) for s in shells]).T  # includes occupancy
    names = [s["name"] for s in shells]
    model_b = np.array([float(s["binding_keV"]) for s in shells])
    meta = {k: d[k] for k in ("method", "basis", "total_energy_hartree", "provenance") if k in d}
    return pz, labels, occ, J, names, model_b, meta


# --------------------------------------------------------------------------------------------
# the interpolant
# --------------------------------------------------------------------------------------------
class _LogProfile:
    """Monotone interpolation of ln J_i against x = ln(1 + abs(p_z)) for all shells at once."""

    def __init__(self, pz_nodes: np.ndarray, J_nodes: np.ndarray):
        x = np.log1p(np.asarray(pz_nodes, dtype=float))
        y = np.log(np.maximum(J_nodes, np.finfo(float).tiny))
        self.x_last = float(x[-1])
        self.pz_last = float(pz_nodes[-1])
        self.y_last = y[-1].copy()
        self.slope = (y[-1] - y[-2]) / (x[-1] - x[-2])
        # PPoly representation: c (4, n_int, n_shells), breakpoints x
        self._c = np.ascontiguousarray(pchip_coefficients(x, y))
        self._xb = np.ascontiguousarray(x)

    def log_values(self, a: np.ndarray) -> np.ndarray:
        """ln J at abs(p_z) = a (1-D), shape (a.size, n_shells)."""
        x = np.log1p(a)
        k = np.clip(np.searchsorted(self._xb, x, side="right") - 1, 0, self._xb.size - 2)
        t = (x - self._xb[k])[:, None]
        c = self._c
        y = ((c[0, k] * t + c[1, k]) * t + c[2, k]) * t + c[3, k]
        beyond = x > self.x_last
        if np.any(beyond):
            y[beyond] = self.y_last + (x[beyond] - self.x_last)[:, None] * self.slope
        return y


_GL_X, _GL_W = np.polynomial.legendre.leggauss(16)


def _integrate_abs(prof: _LogProfile, p_nodes: np.ndarray, p_hi: float) -> np.ndarray:
    """∫_{-p_hi}^{p_hi} J dp for every shell: 16-point Gauss–Legendre on every node interval."""
    edges = np.unique(np.concatenate([[0.0], p_nodes[p_nodes < p_hi], [p_hi]]))
    a, b = edges[:-1], edges[1:]
    pts = (0.5 * (b - a)[:, None] * _GL_X[None, :] + 0.5 * (a + b)[:, None]).ravel()
    w = (0.5 * (b - a)[:, None] * _GL_W[None, :]).ravel()
    return 2.0 * (w[:, None] * np.exp(prof.log_values(pts))).sum(axis=0)


# --------------------------------------------------------------------------------------------
# Target
# --------------------------------------------------------------------------------------------
class Target:
    """An atom with its shells, Compton profiles and photoabsorption cross section.

    Build it with ``target``; do not instantiate directly.

    Attributes
    ----------
    symbol, Z, name : str, int, str
        Element symbol, atomic number, English name.
    molar_mass : float
        Standard atomic weight in g/mol (``xraydb``).
    atoms_per_kg : float
        N_A · 1000 / molar_mass.
    p_max_au : float
        Support of the profiles: J = 0 for abs(p_z) > p_max_au.
    profiles : str
        ``"biggs"`` or ``"dirac-fock"``.
    valence : str
        ``"free-atom"`` or ``"solid"`` (binding energies of the valence levels).
    shells : tuple[Shell, ...]
        Ordered from the innermost (K) outward.
    binding_keV, occupancy : numpy.ndarray
        Per shell, in the order of ``shells``.
    normalisation : numpy.ndarray
        Factor applied to each shell's interpolated profile so that it integrates to its
        occupation over ``normalisation_range_au`` (diagnostic; ≈ 1).
    normalisation_range_au : float
        100 for Biggs (the table's range), inf for Dirac–Fock (table plus continuation).
    model_binding_keV : numpy.ndarray or None
        Orbital binding energies of the profile model (Dirac–Fock, Koopmans) when available.
    provenance : dict
        Sources of the data.
    """

    def __init__(self, *, Z, profiles, p_max_au, valence, labels, names, occupancy, pz_nodes,
                 J_nodes_total, normalise_with_tail=False, model_binding_keV=None, provenance=None):
        from .elam import element_name, molar_mass

        self.Z = int(Z)
        self.symbol = _symbols()[self.Z - 1]
        self.name = element_name(self.Z).capitalize()
        self.molar_mass = molar_mass(self.Z)
        self.atoms_per_kg = units.atoms_per_kg(self.molar_mass)
        self.p_max_au = float(p_max_au)
        self.profiles = profiles
        self.valence = valence
        self.provenance = dict(provenance or {})
        self.model_binding_keV = None if model_binding_keV is None else np.asarray(model_binding_keV, float)

        binding = _binding_energies(self.Z, labels, valence)
        self.shells = tuple(
            Shell(name=nm, iupac=lab, occupancy=float(o), binding_keV=float(b), nl=_iupac_to_nlj(lab)[0],
                  binding_source=src)
            for nm, lab, o, (b, src) in zip(names, labels, occupancy, binding)
        )
        self.occupancy = np.array([s.occupancy for s in self.shells])
        self.binding_keV = np.array([s.binding_keV for s in self.shells])
        self.occupancy.setflags(write=False)
        self.binding_keV.setflags(write=False)
        self.ionization_threshold_keV = float(self.binding_keV.min())

        self._pz_nodes = np.asarray(pz_nodes, dtype=float)
        self._J_nodes = np.asarray(J_nodes_total, dtype=float)  # (n_nodes, n_shells), occupancy included
        self._prof = _LogProfile(self._pz_nodes, self._J_nodes)
        norm_range = float(self._pz_nodes[-1])
        integral = _integrate_abs(self._prof, self._pz_nodes, norm_range)
        if normalise_with_tail:
            # add the analytic integral of the continuation J_last ((1+p)/(1+p_last))^s beyond the table
            s = self._prof.slope
            tail = np.where(s < -1.0, np.exp(self._prof.y_last) * (1.0 + norm_range) / np.maximum(-s - 1.0, 1e-300), 0.0)
            integral = integral + 2.0 * tail
            norm_range = np.inf
        self.normalisation = self.occupancy / integral
        self.normalisation.setflags(write=False)
        self.normalisation_range_au = norm_range
        self._log_norm = np.log(self.normalisation)
        self._index = self._build_index()
        self._build_table()

    # ---- lookup ------------------------------------------------------------------------------
    def _build_index(self) -> dict[str, tuple[int, ...]]:
        idx: dict[str, list[int]] = {}
        for i, s in enumerate(self.shells):
            for key in {s.name, s.iupac, s.nl}:
                idx.setdefault(key, []).append(i)
        return {k: tuple(v) for k, v in idx.items()}

    def shell_indices(self, shell) -> tuple[int, ...]:
        """Indices of the shells selected by ``shell`` (index, name, IUPAC label or nl label)."""
        n = len(self.shells)
        if isinstance(shell, (int, np.integer)) and not isinstance(shell, (bool, np.bool_)):
            if not -n <= int(shell) < n:
                raise ValueError(f"shell index must be in 0..{n - 1} for {self.symbol}, got {shell!r}")
            return (int(shell) % n,)
        if isinstance(shell, str) and shell in self._index:
            return self._index[shell]
        allowed = sorted(self._index, key=lambda k: self._index[k])
        raise ValueError(
            f"unknown shell {shell!r} for {self.symbol}; allowed: an index 0..{n - 1} or one of {allowed}"
        )

    # ---- profiles ----------------------------------------------------------------------------
    #: Number of uniform steps in x = ln(1 + abs(p_z)) of the evaluation table (see shell_profiles).
    N_TABLE: int = 8192

    def _build_table(self) -> None:
        x_max = np.log1p(self.p_max_au)
        x = np.linspace(0.0, x_max, self.N_TABLE + 1)
        J = self._exact_shell_profiles(np.expm1(x))  # (n_shells, N+1)
        # one extra column so that index N (abs(p_z) = p_max exactly) interpolates inside the table
        self._tab = np.ascontiguousarray(np.concatenate([J, J[:, -1:]], axis=1))
        self._dtab = np.ascontiguousarray(np.diff(self._tab, axis=1))
        self._inv_dx = self.N_TABLE / x_max

    def _exact_shell_profiles(self, a: np.ndarray) -> np.ndarray:
        """The defining interpolant (PCHIP in ln J vs ln(1+abs(p_z)), normalised), no p_max cut."""
        a = np.abs(np.asarray(a, dtype=float)).ravel()
        return np.exp(self._prof.log_values(a) + self._log_norm).T

    def shell_profiles(self, pz_au) -> np.ndarray:
        """J_nl(p_z) of every shell, in a.u.⁻¹ per atom (occupancy included).

        The defining interpolant (monotone PCHIP of ln J against ln(1 + abs(p_z)), normalised per
        shell) is tabulated once per target on 8192 uniform steps in ln(1 + abs(p_z)) up to
        ``p_max_au`` and evaluated here by linear interpolation of J: relative deviation from the
        PCHIP < 1e-5, monotone, and fast (one gather per shell; the hot path of the RIA integral).

        Parameters
        ----------
        pz_au : float or ArrayLike
            Projected electron momentum in atomic units (any sign; J is even).

        Returns
        -------
        numpy.ndarray
            Shape ``(n_shells,) + np.shape(pz_au)``; exactly 0 where abs(p_z) > ``p_max_au``.
        """
        pz = _validate.finite_array("pz_au", pz_au)
        a = np.abs(pz).ravel()
        u = np.log1p(a) * self._inv_dx
        inside = a <= self.p_max_au
        if not np.all(inside):
            u = np.where(inside, u, 0.0)
        k = u.astype(np.intp)
        t = u - k
        out = np.take(self._dtab, k, axis=1)
        out *= t
        out += np.take(self._tab, k, axis=1)
        if not np.all(inside):
            out[:, ~inside] = 0.0
        return out.reshape((len(self.shells),) + pz.shape)

    def compton_profile(self, pz_au, shell=None) -> np.ndarray:
        """Compton profile J(p_z) in a.u.⁻¹ per atom.

        Parameters
        ----------
        pz_au : float or ArrayLike
            p_z in atomic units.
        shell : None, int or str
            None for the total; an index into :attr:`shells`; a name (``"2p3/2"``), an IUPAC label
            (``"L3"``) or an nl label (``"2p"``: the sum of its j subshells).

        Returns
        -------
        numpy.ndarray
            Same shape as ``pz_au``; even in p_z; 0 for abs(p_z) > ``p_max_au``.
        """
        J = self.shell_profiles(pz_au)
        if shell is None:
            return J.sum(axis=0)
        sel = self.shell_indices(shell)
        return J[list(sel)].sum(axis=0)

    def ionizable_electrons(self, T_keV) -> np.ndarray:
        """Number of electrons an energy transfer T can free: Σ_nl N_nl θ(T − B_nl), θ(0) = 0.

        Parameters
        ----------
        T_keV : float or ArrayLike
            Energy transfer in keV (≥ 0).

        Returns
        -------
        numpy.ndarray
            Same shape as ``T_keV``; a staircase rising from 0 (below the ionization threshold)
            to Z (above the K binding energy).
        """
        T = _validate.nonnegative_array("T_keV", T_keV)
        return (self.occupancy * (T[..., None] > self.binding_keV)).sum(axis=-1)

    # ---- photoabsorption -----------------------------------------------------------------------
    def photoabsorption(self, E_keV, source: PhotoabsorptionSource = "henke+kissel") -> np.ndarray:
        """Total photoabsorption cross section σ_γ(E) in cm² per atom.

        See :func:`mcpria_lite.targets.photoabsorption.photoabsorption_cross_section`; ``source`` is one of
        ``"henke+kissel"`` (default: Henke below 20 keV, Kissel above 30 keV, blended between),
        ``"henke"``, ``"kissel"``, ``"elam"``, ``"chantler"``. E must be > 0 and inside the set's
        range (default set: 10 eV – 20 MeV).
        """
        return photoabsorption_cross_section(self.Z, E_keV, source=source)

    def __repr__(self) -> str:
        return (f"Target({self.symbol!r}, Z={self.Z}, profiles={self.profiles!r}, p_max_au={self.p_max_au:g}, "
                f"valence={self.valence!r}, {len(self.shells)} shells)")


@functools.lru_cache(maxsize=None)
def _build(Z: int, profiles: str, p_max_au: float, valence: str) -> Target:
    sym = _symbols()[Z - 1]
    if profiles == "biggs":
        pz, labels, occ, J_pe, repairs = _biggs_table(Z)
        names = [_iupac_to_nlj(lab)[1] for lab in labels]
        return Target(Z=Z, profiles=profiles, p_max_au=p_max_au, valence=valence, labels=labels, names=names,
                      occupancy=occ, pz_nodes=pz, J_nodes_total=J_pe * occ[None, :],
                      provenance={"profiles": "Biggs, Mendelsohn & Mann (1975) via xraylib ComptonProfile_Partial",
                                  "binding": "Elam et al. (2002) via xraydb; xraylib EdgeEnergy; NIST IE1",
                                  "photoabsorption": PHOTOABSORPTION_SOURCES,
                                  "repaired_table_values": repairs})
    pz, labels, occ, J, names, model_b, meta = _dirac_fock_table(sym)
    return Target(Z=Z, profiles=profiles, p_max_au=p_max_au, valence=valence, labels=labels, names=names,
                  occupancy=occ, pz_nodes=pz, J_nodes_total=J, normalise_with_tail=True, model_binding_keV=model_b,
                  provenance={"profiles": f"Dirac-Fock table mcpria_lite/data/atoms/dirac_fock_{sym}.json", **meta})


def atom(element: str | int, profiles: ProfileSource = "biggs", p_max_au: float = 100.0,
         valence: Valence = "free-atom") -> Target:
    """The atom ``element`` with shells, Compton profiles and photoabsorption.

    Parameters
    ----------
    element : str or int
        Standard (case-sensitive) element symbol such as ``"Ge"``, or Z in 1..100 (a chemical
        formula: :func:`mcpria_lite.targets.lookup.target`).
    profiles : str
        Compton-profile set (module docstring). ``"dirac-fock"`` needs the generated table.
    p_max_au : float
        Profile support in a.u.: J_nl(p_z) = 0 for abs(p_z) > p_max_au (regulates the forward
        singularity of the RIA). Beyond the last tabulated node (100 a.u. for Biggs) the profile
        continues with the last segment's slope in (ln(1 + p_z), ln J); allowed (0, 137.036]
        (m_e c in a.u.).
    valence : str
        Binding energies of valence levels (module docstring).

    Returns
    -------
    Target
        Cached: the same object for the same normalised arguments.

    Raises
    ------
    ValueError
        Unknown element or keyword, p_max_au out of range, missing Dirac–Fock table.
    """
    Z = _atomic_number(element)
    _validate.choice("profiles", profiles, PROFILE_SOURCES)
    _validate.choice("valence", valence, VALENCE_MODELS)
    p_max = _validate.positive_scalar("p_max_au", p_max_au, "a.u.")
    m_e_au = units.M_E / units.AU_MOMENTUM_KEV
    if p_max > m_e_au * (1 + 1e-12):
        raise ValueError(f"p_max_au must be in (0, {m_e_au:.3f}] a.u. (m_e c), got {p_max!r}")
    return _build(Z, profiles, float(p_max), valence)


class NarrowProfileTarget:
    """A model atom whose electrons are (almost) free and at rest: the check of every impulse method.

    ``Z`` electrons share one shell with a Gaussian Compton profile of width ``sigma_au`` (a.u.),
    bound by ``binding_keV``. As σ → 0 and B → 0 the profile tends to Z·δ(p_z), and the impulse
    approximation must reproduce Z × the free-electron cross section of every interaction
    (Ribberfors, PRB 12, 2067 (1975), for the photon: Klein–Nishina). It follows the target protocol
    of :func:`mcpria_lite.targets.lookup.as_target` (``shell_profiles``, ``binding_keV``,
    ``occupancy``, ``p_max_au`` and quadrature panels ``pz_panel_edges_au`` scaled to σ).

    Parameters
    ----------
    Z : int
        Number of electrons (> 0).
    sigma_au : float
        Width of the Gaussian profile in a.u. (> 0); the support is cut at 40σ.
    binding_keV : float
        Binding energy of the shell in keV (> 0).
    """

    def __init__(self, Z: int = 32, sigma_au: float = 1e-5, binding_keV: float = 1e-9):
        if isinstance(Z, bool) or not isinstance(Z, (int, np.integer)) or Z < 1:
            raise ValueError(f"Z must be a positive integer, got {Z!r}")
        for name, v in (("sigma_au", sigma_au), ("binding_keV", binding_keV)):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v) or v <= 0:
                raise ValueError(f"{name} must be a finite number > 0, got {v!r}")
        self.Z = int(Z)
        self.sigma = float(sigma_au)
        self.binding_keV = np.array([float(binding_keV)])
        self.occupancy = np.array([float(Z)])
        self.p_max_au = 40 * self.sigma
        self.pz_panel_edges_au = tuple(self.sigma * np.array([0, 0.5, 1, 1.5, 2, 3, 4, 6, 9, 14, 20, 40]))

    def shell_profiles(self, pz_au) -> np.ndarray:
        """J(p_z) in a.u.⁻¹, shape (1, …): Z·exp(−p_z²/2σ²)/(√(2π)σ), zero beyond 40σ."""
        pz = np.asarray(pz_au, float)
        g = self.Z * np.exp(-0.5 * (pz / self.sigma) ** 2) / (np.sqrt(2 * np.pi) * self.sigma)
        return np.where(np.abs(pz) <= self.p_max_au, g, 0.0)[None, ...]

    def __repr__(self) -> str:
        return f"NarrowProfileTarget(Z={self.Z}, sigma_au={self.sigma:g}, binding_keV={self.binding_keV[0]:g})"
