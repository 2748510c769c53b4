"""Compound targets: NaI, CsI, CaWO4, … as the union of their atoms' shells.

In all three approximations the atomic cross section is a sum over shells (the RIA and FEA sum
Σ_nl θ(T − B_nl)(…); the EPA uses the total photoabsorption cross section), and in the impulse
approximation the electrons scatter incoherently. A chemical compound is therefore treated as the
union of the shells of its atoms, each atom counted with its stoichiometric number:

* ``binding_keV`` and ``occupancy``: the atoms' arrays concatenated, occupancy × count;
* ``shell_profiles(p_z)``: the atoms' per-shell profiles stacked, × count;
* ``photoabsorption(E)`` = Σ count_i σ_γ,i(E) (additivity of atomic cross sections);
* ``Z`` = Σ count_i Z_i (electrons per formula unit);
* ``atoms_per_kg``: **formula units** per kg, N_A · 1000 / M, M = Σ count_i M_i.

With this protocol :func:`mcpria_lite.rates.cross_sections.dsigma_dT` returns dσ/dT **per formula unit** and
:func:`mcpria_lite.rates.event_rates.dR_dT` the rate **per kg of compound**, with no change to their code
(:func:`mcpria_lite.targets.lookup.as_target` accepts any object with this protocol). By
construction dσ/dT(compound) = Σ count_i dσ/dT(atom i) and
dR/dT(compound) = Σ w_i dR/dT(element i) with the mass fractions w_i = count_i M_i / M
(``tests/targets/test_compounds.py``).

What this ignores: chemical binding. Valence binding energies, valence Compton profiles and
near-edge photoabsorption (chemical shifts, solid-state band structure, scintillator quenching)
of the compound differ from those of free atoms; the effect is confined to energy transfers of
tens of eV around the outer levels and to the fine structure near edges. The ionic valence
configuration (Na⁺ I⁻) is not modelled either: each atom keeps its neutral-atom shells.

Dopants: scintillator notation ``"NaI(Tl)"``, ``"CsI(Na)"``, ``"LaBr3(Ce)"`` or ``"NaI:Tl"`` (one
element in parentheses at the end of the formula, without a count, or after a colon) names a
trace activator, typically ~0.1 % by mass. It is ignored -- the target is the host ``NaI`` -- and
the compound records it (``Compound.dopant``, ``Compound.note``). A dopant that matters
must be written with its stoichiometry instead (``"Na0.999Tl0.001I"``).

Element symbols are case-sensitive (``"Ge"``, not ``"ge"``): a wrongly cased formula is an error
that suggests the intended one ("did you mean 'Ge'?").

Formulas are parsed by :func:`periodictable.formula` (Kienzle et al., the ``periodictable``
package), not by hand. Molar masses are the standard atomic weights used by each element's
:class:`~mcpria_lite.targets.atoms.Target` (``xraydb``), which agree with ``periodictable``'s formula
mass to < 1e-4.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import cast

import numpy as np

from .. import _validate
from .. import units
from . import atoms as _atoms
from .photoabsorption import PhotoabsorptionSource

__all__ = ["Compound", "compound", "parse_formula", "split_dopant"]

_DOPANT = (re.compile(r"^(?P<host>.+?)\((?P<dopant>[A-Z][a-z]?)\)$"), re.compile(r"^(?P<host>.+?):(?P<dopant>[A-Z][a-z]?)$"))


def split_dopant(formula: str) -> tuple[str, str | None]:
    """The host formula and the trace dopant of scintillator notation: ``"NaI(Tl)"`` → ``("NaI", "Tl")``.

    A formula without dopant notation is returned unchanged with ``None``. ``"Ca(OH)2"`` has no
    dopant (a group with a count, not a single element).
    """
    if isinstance(formula, str):
        for rx in _DOPANT:
            m = rx.match(formula.strip())
            if m and m.group("dopant") in _atoms.element_symbols():
                return m.group("host"), m.group("dopant")
    return formula, None


def _suggest(formula: str) -> str | None:
    """Re-case a formula token by token ('ge' → 'Ge', 'nai' → 'NaI'), or None if that fails too."""
    syms = set(_atoms.element_symbols())
    low = formula.strip()
    out, i = "", 0
    while i < len(low):
        c = low[i]
        if c.isalpha():
            two = low[i:i + 2].capitalize()
            one = c.upper()
            if len(two) == 2 and two[1].isalpha() and two in syms:
                out, i = out + two, i + 2
                continue
            if one in syms:
                out, i = out + one, i + 1
                continue
            return None
        out, i = out + c, i + 1
    return out if out != formula else None


def _did_you_mean(formula: str) -> str:
    import periodictable

    text = formula.strip()
    for el in periodictable.elements:
        if el.number and el.name.lower() == text.lower() and 1 <= el.number <= _atoms.Z_MAX:
            return f"; did you mean {el.symbol!r}?"
    guess = _suggest(text)
    if guess is not None:
        try:
            periodictable.formula(guess)
            return f"; did you mean {guess!r}? (element symbols are case-sensitive)"
        except Exception:  # noqa: BLE001 - the suggestion is only a hint
            return ""
    return ""


def _simple_formula(formula) -> tuple[tuple[str, float], ...] | None:
    """A formula of element symbols and integer counts only (``"Xe"``, ``"NaI"``, ``"CaWO4"``), read
    without periodictable (whose import costs more than a whole rate); ``None`` for anything else
    (parentheses, dopants, decimals, errors), which periodictable then parses (a test compares both)."""
    import re

    if not isinstance(formula, str):
        return None
    text = formula.strip()
    parts = re.findall(r"([A-Z][a-z]?)([1-9][0-9]*)?", text)
    if not parts or "".join(a + b for a, b in parts) != text:
        return None
    syms = set(_atoms.element_symbols())
    out: dict[str, float] = {}
    for sym, n in parts:
        if sym not in syms:
            return None
        out[sym] = out.get(sym, 0.0) + float(n or 1)
    return tuple(out.items())


def parse_formula(formula: str) -> tuple[tuple[str, float], ...]:
    """Element symbols and stoichiometric counts of a chemical formula, in order of appearance.

    Parameters
    ----------
    formula : str
        E.g. ``"NaI"``, ``"CaWO4"``, ``"H2O"``, ``"(CH2)2"``; parsed by :func:`periodictable.formula`.
        A trace dopant in scintillator notation (``"NaI(Tl)"``, ``"NaI:Tl"``) is left out: the
        result is that of the host (:func:`split_dopant`).

    Returns
    -------
    tuple of (str, float)
        ``(("Ca", 1.0), ("W", 1.0), ("O", 4.0))`` for ``"CaWO4"``; counts may be fractional.

    Raises
    ------
    ValueError
        For anything that is not a neutral formula of natural elements Z = 1..100 (unparseable
        text, unknown symbols, empty strings, isotopes, ions, non-positive counts).
    """
    simple = _simple_formula(formula)
    if simple is not None:
        return simple
    import periodictable

    hint = ("a chemical formula such as 'NaI' or 'CaWO4' (case-sensitive element symbols, parsed by "
            f"periodictable), or an element symbol or an integer Z in 1..{_atoms.Z_MAX}")
    if not isinstance(formula, str) or not formula.strip():
        raise ValueError(f"element must be {hint}; got {formula!r}")
    given = formula
    formula, _ = split_dopant(formula)
    try:
        f = periodictable.formula(formula)
        atoms = dict(f.atoms)
    except Exception:  # periodictable raises ValueError or pyparsing's ParseException
        raise ValueError(f"element must be {hint}; got {given!r}, which is not a formula of known element "
                         f"symbols{_did_you_mean(formula)}") from None
    if not atoms:
        raise ValueError(f"element must be {hint}; got {formula!r} (no atoms)")
    out = []
    for el, n in atoms.items():
        if getattr(el, "isotope", None) is not None or bool(getattr(el, "charge", 0)):
            raise ValueError(f"element must be {hint} of natural, neutral elements; got {formula!r} ({el})")
        if not 1 <= el.number <= _atoms.Z_MAX:
            raise ValueError(f"element must be {hint}; got {formula!r} ({el} has Z = {el.number})")
        if not (np.isfinite(n) and n > 0):
            raise ValueError(f"element must be {hint}; got {formula!r} (count {n!r} of {el})")
        out.append((_atoms.element_symbol(int(el.number)), float(n)))
    # periodictable merges repeated elements (e.g. "CH3COOH") into one count each
    return tuple(out)


@dataclass(frozen=True)
class _Part:
    target: _atoms.Target
    count: float
    start: int
    stop: int


class Compound:
    """A target made of several atoms with stoichiometric counts (per formula unit).

    Build it with :func:`compound` or :func:`mcpria_lite.targets.lookup.target` (any string that is not an
    element symbol is read as a formula). It has the target protocol used by the cross-section
    and rate code (module docstring).

    Attributes
    ----------
    formula : str
        The formula as given, e.g. ``"CaWO4"`` or ``"NaI(Tl)"``; also ``symbol``.
    host, dopant : str, str or None
        The formula without its trace dopant and the dopant's symbol (``"NaI"``, ``"Tl"``;
        ``dopant`` is ``None`` without dopant notation). The dopant is not part of the target.
    note : str
        Says that a dopant was ignored (empty otherwise).
    components : list of (Target, float)
        Each atom and its count per formula unit.
    Z : float
        Electrons per formula unit, Σ count_i Z_i (an int when all counts are integers).
    molar_mass : float
        g/mol per formula unit, Σ count_i M_i.
    atoms_per_kg : float
        Formula units per kg, N_A · 1000 / molar_mass.
    mass_fractions : dict[str, float]
        Element symbol → count_i M_i / molar_mass.
    p_max_au, profiles, valence
        Common to all components.
    shells : tuple[Shell, ...]
        The components' shells in order, names prefixed with the element (``"Na 1s1/2"``) and
        occupancy × count.
    binding_keV, occupancy : numpy.ndarray
        Per shell, in the order of :attr:`shells`.
    """

    def __init__(self, formula: str, parts: tuple[tuple[str, float], ...], profiles: str = "biggs",
                 p_max_au: float = 100.0, valence: str = "free-atom"):
        self.formula = str(formula)
        self.symbol = self.formula
        self.host, self.dopant = split_dopant(self.formula)
        self.note = ("" if self.dopant is None else
                     f"the trace dopant {self.dopant} of {self.formula} is ignored: the target is {self.host}")
        self.name = self.formula
        self.profiles = profiles
        self.valence = valence
        self.p_max_au = float(p_max_au)
        self._parts: list[_Part] = []
        shells = []
        i = 0
        for sym, n in parts:
            # the keywords were validated by compound() (Compound is not built directly)
            t = _atoms.atom(sym, profiles=cast(_atoms.ProfileSource, profiles), p_max_au=p_max_au,
                            valence=cast(_atoms.Valence, valence))
            k = len(t.shells)
            self._parts.append(_Part(t, float(n), i, i + k))
            i += k
            for s in t.shells:
                shells.append(_atoms.Shell(name=f"{t.symbol} {s.name}", iupac=f"{t.symbol} {s.iupac}",
                                           occupancy=s.occupancy * n, binding_keV=s.binding_keV,
                                           nl=f"{t.symbol} {s.nl}", binding_source=s.binding_source))
        self.shells = tuple(shells)
        self.components = [(p.target, p.count) for p in self._parts]
        self.occupancy = np.array([s.occupancy for s in self.shells])
        self.binding_keV = np.array([s.binding_keV for s in self.shells])
        self.occupancy.setflags(write=False)
        self.binding_keV.setflags(write=False)
        self.ionization_threshold_keV = float(self.binding_keV.min())
        z = sum(p.count * p.target.Z for p in self._parts)
        self.Z = int(round(z)) if all(float(p.count).is_integer() for p in self._parts) else float(z)
        self.molar_mass = float(sum(p.count * p.target.molar_mass for p in self._parts))
        self.atoms_per_kg = units.atoms_per_kg(self.molar_mass)
        self.mass_fractions = {p.target.symbol: p.count * p.target.molar_mass / self.molar_mass for p in self._parts}

    # ---- the target protocol -----------------------------------------------------------------
    def shell_profiles(self, pz_au) -> np.ndarray:
        """J_nl(p_z) of every shell of every atom, × count, in a.u.⁻¹ per formula unit.

        Shape ``(n_shells,) + np.shape(pz_au)``, in the order of :attr:`shells`.
        """
        return np.concatenate([p.count * p.target.shell_profiles(pz_au) for p in self._parts], axis=0)

    def compton_profile(self, pz_au, shell=None) -> np.ndarray:
        """Compton profile J(p_z) per formula unit (a.u.⁻¹): the total, or one shell by index/name."""
        J = self.shell_profiles(pz_au)
        if shell is None:
            return J.sum(axis=0)
        names = [s.name for s in self.shells]
        if isinstance(shell, (int, np.integer)) and not isinstance(shell, (bool, np.bool_)):
            if not -len(names) <= int(shell) < len(names):
                raise ValueError(f"shell index must be in 0..{len(names) - 1} for {self.formula}, got {shell!r}")
            return J[int(shell)]
        if shell in names:
            return J[names.index(shell)]
        raise ValueError(f"unknown shell {shell!r} for {self.formula}; allowed: an index or one of {names}")

    def ionizable_electrons(self, T_keV) -> np.ndarray:
        """Electrons per formula unit that T can free: Σ N_nl θ(T − B_nl), θ(0) = 0."""
        T = _validate.nonnegative_array("T_keV", T_keV)
        return (self.occupancy * (T[..., None] > self.binding_keV)).sum(axis=-1)

    def photoabsorption(self, E_keV, source: PhotoabsorptionSource = "henke+kissel") -> np.ndarray:
        """σ_γ(E) per formula unit in cm²: Σ count_i σ_γ,i(E) (free-atom additivity; no chemical shifts)."""
        return np.asarray(sum(p.count * p.target.photoabsorption(E_keV, source=source) for p in self._parts))

    def __repr__(self) -> str:
        comp = " ".join(f"{p.target.symbol}{p.count:g}" for p in self._parts)
        extra = f", dopant {self.dopant} ignored" if self.dopant else ""
        return (f"Compound({self.formula!r}: {comp}, Z={self.Z}, profiles={self.profiles!r}, "
                f"p_max_au={self.p_max_au:g}, {len(self.shells)} shells{extra})")


@functools.lru_cache(maxsize=None)
def _build(formula: str, profiles: _atoms.ProfileSource, p_max_au: float, valence: _atoms.Valence) -> Compound:
    return Compound(formula, parse_formula(formula), profiles=profiles, p_max_au=p_max_au, valence=valence)


def compound(formula: str, profiles: _atoms.ProfileSource = "biggs", p_max_au: float = 100.0,
             valence: _atoms.Valence = "free-atom") -> Compound:
    """The compound target ``formula`` (cached), e.g. ``compound("NaI")``.

    Parameters are those of :func:`mcpria_lite.targets.lookup.target` and apply to every atom. A formula with a
    single element (``"Ar"``, ``"Xe2"``) is also a :class:`Compound` here; :func:`mcpria_lite.targets.lookup.target`
    returns the plain :class:`~mcpria_lite.targets.atoms.Target` for an element symbol.

    Raises
    ------
    ValueError
        Unparseable formula or unknown element (message names ``element``), bad keywords.
    """
    parts = parse_formula(formula)
    _validate.choice("profiles", profiles, _atoms.PROFILE_SOURCES)
    _validate.choice("valence", valence, _atoms.VALENCE_MODELS)
    p_max = _validate.positive_scalar("p_max_au", p_max_au, "a.u.")
    for sym, _ in parts:  # validates p_max_au and the profile set for every element
        _atoms.atom(sym, profiles=profiles, p_max_au=p_max, valence=valence)
    return _build(formula, profiles, p_max, valence)
