"""Elam, Ravel & Sieber's binding energies, element names and molar masses, read from the SQLite
file that the ``xraydb`` package ships, with the standard library's ``sqlite3``.

The same numbers as ``xraydb.xray_edges``, ``xraydb.atomic_name`` and ``xraydb.atomic_mass`` (a test
compares every element), without importing ``xraydb`` and SQLAlchemy, which cost about half a
second: every target needs these numbers, and the command line starts faster without that import.
The photoabsorption tables (:mod:`mcpria_lite.targets.photoabsorption`) still use ``xraydb``.
Units: edges in eV as in the file (the callers convert), molar masses in g/mol.
"""

from __future__ import annotations

import functools
import importlib.util
import sqlite3
from pathlib import Path

__all__ = ["edges_eV", "element_name", "molar_mass"]


@functools.lru_cache(maxsize=1)
def _database() -> Path:
    spec = importlib.util.find_spec("xraydb")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("the xraydb package (Elam et al. tables) is not installed: pip install xraydb")
    path = Path(next(iter(spec.submodule_search_locations))) / "xraydb.sqlite"
    if not path.is_file():
        raise ValueError(f"xraydb's database {path} is missing: re-install xraydb")
    return path


@functools.lru_cache(maxsize=None)
def _element(Z: int) -> tuple[str, str, float]:
    with sqlite3.connect(f"file:{_database()}?mode=ro", uri=True) as con:
        row = con.execute("select element, name, molar_mass from elements where atomic_number = ?", (int(Z),)).fetchone()
    if row is None:
        raise ValueError(f"Z must be an atomic number in xraydb's element table (1..98), got {Z!r}")
    return str(row[0]), str(row[1]), float(row[2])


@functools.lru_cache(maxsize=None)
def edges_eV(Z: int) -> dict[str, float]:
    """Binding (absorption-edge) energies in eV by IUPAC subshell label (``"K"``, ``"L3"``, …)."""
    symbol = _element(Z)[0]
    with sqlite3.connect(f"file:{_database()}?mode=ro", uri=True) as con:
        rows = con.execute("select iupac_symbol, absorption_edge from xray_levels where element = ?",
                           (symbol,)).fetchall()
    return {str(k): float(v) for k, v in rows}


def element_name(Z: int) -> str:
    """The element's name (``"germanium"``)."""
    return _element(Z)[1]


def molar_mass(Z: int) -> float:
    """Molar mass in g/mol."""
    return _element(Z)[2]
