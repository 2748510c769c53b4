"""The atomic ionisation factor K(E, q): ours from the Dirac–Hartree–Slater response, and the
relativistic Hartree–Fock table of xenon of Caddell, Flambaum & Roberts as a reference.

Definition (Caddell, Flambaum & Roberts, Phys. Rev. D 108, 083030 (2023), arXiv:2305.05125; data
github.com/benroberts999/AtomicIonisation, MIT licence):

.. math::

    K(E, q) = \\sum_{n\\kappa m}\\sum_{f} E_H\\,|\\langle f|e^{i\\mathbf q\\cdot\\mathbf r}|n\\kappa m\\rangle|^2
    \\,\\delta(E - \\varepsilon_f + \\varepsilon_{n\\kappa}) = E_H\\,R_L(E, q),

dimensionless, with E_H the hartree, E the energy deposition and q the momentum transfer, and R_L
the longitudinal response of :mod:`mcpria_lite.targets.dfs.response` (keV⁻¹, summed over subshells).
A slow charge (electron impact, dark matter through a light mediator) probes ∫dq K/q³, a heavy
mediator ∫dq q K; the Bethe sum rule is ∫dE E K(E, q) = E_H N q²/2m_e.

Units: E and q in keV (the package's convention, :mod:`mcpria_lite.units`); K dimensionless.

The reference table (``data/atoms/roberts2023_K_Xe_v.npz``, written by
``scripts/roberts_ionization_factor.py``) is a reduced copy of ``tables/K_Xe_hf_v_6_hp_orth_mat.txt``:
ampsci's relativistic Hartree–Fock [Xe] core, vector coupling, multipoles L ≤ 6 of e^{iq·r},
hole–particle interaction, continuum orthogonalised to the core, Hartree–Fock eigenvalues as
thresholds; 0.005–10 keV in E and 0.1–5000 keV in q. Its provenance and the licence notice are in
:func:`roberts2023_provenance` and ``data/atoms/roberts2023_K_Xe_v.PROVENANCE.md``.
"""

from __future__ import annotations

import functools
import json

import numpy as np

from .. import _validate, units

__all__ = ["ionization_factor", "roberts2023_ionization_factor", "roberts2023_grid", "roberts2023_provenance",
           "roberts2023_thresholds",
           "below_ridge_window", "q_moment", "energy_weighted_sum"]

_REFERENCE_FILE = "roberts2023_K_Xe_v.npz"


def _as_float_arrays(E_keV, q_keV) -> tuple[np.ndarray, np.ndarray]:
    E = _validate.nonnegative_array("E_keV", E_keV)  # finite, real (no bool/str), in the energy range
    q = _validate.nonnegative_array("q_keV", q_keV)
    try:
        return tuple(np.broadcast_arrays(E, q))  # type: ignore[return-value]
    except ValueError:
        raise ValueError(f"E_keV and q_keV must broadcast to one shape, got {E.shape} and {q.shape}") from None


def ionization_factor(element, E_keV, q_keV) -> np.ndarray:
    """K(E, q) = E_H R_L(E, q) of ``element`` from its committed Dirac–Hartree–Slater response table.

    Parameters
    ----------
    element : str or int
        An element with a committed response table (``"Ge"``, ``"Xe"``).
    E_keV : array_like
        Energy deposition E = T (keV): at or below the lowest threshold (K = 0), or inside the
        table's range.
    q_keV : array_like
        Momentum transfer (keV), at least the table's smallest q. Beyond each subshell's tabulated
        q the impulse limit of the same orbitals is used
        (:meth:`mcpria_lite.targets.dfs.response.ResponseTable.R_L`).

    Returns
    -------
    numpy.ndarray
        K, dimensionless, broadcast shape of ``E_keV`` and ``q_keV``.

    Raises
    ------
    ValueError
        Naming ``E_keV`` or ``q_keV`` and the allowed range, for values outside the table.
    """
    from .dfs.response import response_table

    E, q = _as_float_arrays(E_keV, q_keV)
    tab = response_table(element)
    if np.any(~np.isfinite(E)) or np.any(E < 0) or np.any(E > tab.T_keV[-1]):
        raise ValueError(f"E_keV must be in [0, {tab.T_keV[-1]:g}] keV (the {tab.symbol} response table), got "
                         f"[{np.min(E):g}, {np.max(E):g}]")
    for i, B in enumerate(tab.binding_keV):
        if np.any((E > B) & (E < tab.T_start_keV(i))):
            raise ValueError(f"E_keV must be <= {B:g} keV or in [{tab.T_start_keV(i):g}, {tab.T_keV[-1]:g}] keV "
                             f"(the {tab.symbol} response table of {tab.subshells[i]})")
    if np.any(~np.isfinite(q)) or np.any(q < tab.q_min_keV):
        raise ValueError(f"q_keV must be >= {tab.q_min_keV:g} keV (the {tab.symbol} response table), got "
                         f"min {np.min(q):g}")
    return np.reshape(units.HARTREE_KEV * tab.R_L(E, q), E.shape)


@functools.lru_cache(maxsize=1)
def _reference() -> dict:
    from importlib import resources

    path = resources.files("mcpria_lite") / "data" / "atoms" / _REFERENCE_FILE
    with path.open("rb") as fh, np.load(fh) as z:
        out = {k: z[k] for k in z.files if k != "provenance"}
        out["provenance"] = json.loads(str(z["provenance"]))
    for k in ("E_keV", "q_keV", "K", "E_au", "q_au", "threshold_keV"):
        out[k] = out[k].astype(float)
        out[k].setflags(write=False)
    out["lnE"], out["lnq"] = np.log(out["E_keV"]), np.log(out["q_keV"])
    return out


def roberts2023_grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nodes of the shipped reference table of xenon.

    Returns
    -------
    E_keV : numpy.ndarray (n_E,)
        Energy deposition (keV), ascending; the file's hartree values times
        :data:`mcpria_lite.units.HARTREE_KEV`.
    q_keV : numpy.ndarray (n_q,)
        Momentum transfer (keV), ascending; the file's 1/a0 values times
        :data:`mcpria_lite.units.AU_MOMENTUM_KEV`.
    K : numpy.ndarray (n_E, n_q)
        K(E, q) at the nodes (dimensionless), as written in the published table (zero below the
        5p threshold).

    Copies: changing them does not change the table.
    """
    r = _reference()
    return r["E_keV"].copy(), r["q_keV"].copy(), r["K"].copy()


def roberts2023_thresholds() -> dict[str, float]:
    """The reference table's thresholds (keV) by subshell (``"5p3/2"``, …): the Hartree–Fock
    eigenvalues of Caddell, Flambaum & Roberts (2023), ``tables/ampsci/Xenon.out``."""
    r = _reference()
    return {str(n).replace("_", ""): float(b) for n, b in zip(r["subshells"], r["threshold_keV"])}


def roberts2023_provenance() -> dict:
    """Provenance of the reference table: source repository, commit, path, licence (with its text),
    the calculation, the unit conversion, which nodes were kept and the interpolation error of the
    reduced table at the dropped nodes."""
    return json.loads(json.dumps(_reference()["provenance"]))


def roberts2023_ionization_factor(E_keV, q_keV) -> np.ndarray:
    """K(E, q) of xenon from the relativistic Hartree–Fock table of Caddell, Flambaum & Roberts (2023).

    Bilinear interpolation in (ln E, ln q, ln K) between the nodes of :func:`roberts2023_grid`;
    in a cell with a zero corner (below the 5p threshold) bilinear in K itself. Never extrapolates.

    Parameters
    ----------
    E_keV : array_like
        Energy deposition (keV), inside the table's E range (0.005–10 keV).
    q_keV : array_like
        Momentum transfer (keV), inside the table's q range (0.1–5000 keV).

    Returns
    -------
    numpy.ndarray
        K, dimensionless, broadcast shape of ``E_keV`` and ``q_keV``.

    Raises
    ------
    ValueError
        Naming ``E_keV`` or ``q_keV`` and the table's range, for any value outside it (or not finite).
    """
    r = _reference()
    E, q = _as_float_arrays(E_keV, q_keV)
    Eg, qg = r["E_keV"], r["q_keV"]
    # the file prints its nodes to 6 significant digits: accept the nominal ends of its grid
    # (E 0.005-10 keV, q 0.1-5000 keV), which differ from the printed ones by up to 1e-6
    tol = 1e-5
    if np.any(~np.isfinite(E)) or np.any(E < Eg[0] * (1 - tol)) or np.any(E > Eg[-1] * (1 + tol)):
        raise ValueError(f"E_keV must be in [{Eg[0]:.5g}, {Eg[-1]:.5g}] keV (the Roberts et al. xenon table), got "
                         f"[{np.min(E):g}, {np.max(E):g}]")
    if np.any(~np.isfinite(q)) or np.any(q < qg[0] * (1 - tol)) or np.any(q > qg[-1] * (1 + tol)):
        raise ValueError(f"q_keV must be in [{qg[0]:.5g}, {qg[-1]:.5g}] keV (the Roberts et al. xenon table), got "
                         f"[{np.min(q):g}, {np.max(q):g}]")
    x = np.clip(np.log(E), r["lnE"][0], r["lnE"][-1])
    y = np.clip(np.log(q), r["lnq"][0], r["lnq"][-1])
    i = np.clip(np.searchsorted(r["lnE"], x, side="right") - 1, 0, Eg.size - 2)
    j = np.clip(np.searchsorted(r["lnq"], y, side="right") - 1, 0, qg.size - 2)
    u = (x - r["lnE"][i]) / (r["lnE"][i + 1] - r["lnE"][i])
    v = (y - r["lnq"][j]) / (r["lnq"][j + 1] - r["lnq"][j])
    K = r["K"]
    corners = np.stack([K[i, j], K[i + 1, j], K[i, j + 1], K[i + 1, j + 1]])
    w = np.stack([(1 - u) * (1 - v), u * (1 - v), (1 - u) * v, u * v])
    positive = np.all(corners > 0, axis=0)
    with np.errstate(divide="ignore"):
        log_interp = np.exp(np.sum(w * np.log(np.where(corners > 0, corners, 1.0)), axis=0))
    lin_interp = np.sum(w * corners, axis=0)
    return np.where(positive, log_interp, lin_interp)


def _K(source: str, element, E, q) -> np.ndarray:
    if source == "DFS":
        return ionization_factor(element, E, q)
    if source == "roberts2023":
        from . import atoms

        if atoms.element_symbol(element) != "Xe":
            raise ValueError(f"element must be 'Xe' for source='roberts2023' (the only reference table), got "
                             f"{element!r}")
        return roberts2023_ionization_factor(E, q)
    raise ValueError(f"source must be 'DFS' or 'roberts2023', got {source!r}")


def _log_grid(name: str, lo_hi, num: int) -> np.ndarray:
    try:
        lo, hi = (float(x) for x in lo_hi)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) in keV, got {lo_hi!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo < hi):
        raise ValueError(f"{name} must satisfy 0 < low < high (keV), got {lo_hi!r}")
    if int(num) < 3:
        raise ValueError(f"num must be >= 3, got {num!r}")
    return np.geomspace(lo, hi, int(num))


def below_ridge_window(E_keV: float, q_low_keV: float = 0.1, q_cap_keV: float = 20.0) -> tuple[float, float]:
    """Momentum transfers (keV) below the Bethe ridge at energy deposition ``E_keV``:
    q from ``q_low_keV`` to min(q_cap, ½√(2m_e E)).

    There the multipole expansion of e^{iq·r} converges with L ≤ 6, the cut of the reference table of
    Caddell, Flambaum & Roberts; on the ridge q ≈ √(2m_e E) of the outer shells it does not
    (``tests/targets/test_ionization_factor.py`` recomputes our response with their cut)."""
    E = float(E_keV)
    if not (np.isfinite(E) and E > 0):
        raise ValueError(f"E_keV must be > 0 keV, got {E_keV!r}")
    return (float(q_low_keV), float(min(q_cap_keV, 0.5 * np.sqrt(2 * units.M_E * E))))


def q_moment(E_keV: float, power: float, q_range_keV: tuple[float, float], *, source: str = "DFS",
             element="Xe", num: int = 801) -> float:
    """∫ dq q^power K(E, q) over ``q_range_keV`` at one energy deposition (keV^(power+1)).

    ``power = -3`` is the electron-impact / slow-charge (light-mediator) integrand of Caddell,
    Flambaum & Roberts (2023), ``power = 1`` the heavy-mediator one. Trapezoidal rule in ln q on
    ``num`` log-spaced points.

    Parameters
    ----------
    E_keV : float
        Energy deposition (keV).
    power : float
    q_range_keV : (float, float)
        Integration range in q (keV), inside the table of ``source``.
    source : {"DFS", "roberts2023"}
        Our Dirac–Hartree–Slater K (:func:`ionization_factor`) or the reference table of xenon
        (:func:`roberts2023_ionization_factor`).
    element : str or int
    num : int

    Returns
    -------
    float
    """
    q = _log_grid("q_range_keV", q_range_keV, num)
    K = _K(source, element, np.full_like(q, float(E_keV)), q)
    return float(np.trapezoid(q ** (power + 1.0) * K, np.log(q)))


def energy_weighted_sum(q_keV: float, E_range_keV: tuple[float, float], *, source: str = "DFS",
                        element="Xe", num: int = 2001) -> float:
    """∫ dE E K(E, q) over ``E_range_keV`` at one momentum transfer (keV²).

    Over all E it is the Bethe sum rule E_H N q²/2m_e (N electrons, less the Pauli-blocked
    transitions); over a finite window it compares the strength two calculations put there.
    Trapezoidal rule in ln E on ``num`` log-spaced points (edges cost O(1/num)).

    Parameters
    ----------
    q_keV : float
        Momentum transfer (keV).
    E_range_keV : (float, float)
        Integration range in E (keV), inside the table of ``source``.
    source : {"DFS", "roberts2023"}
    element : str or int
    num : int

    Returns
    -------
    float
    """
    E = _log_grid("E_range_keV", E_range_keV, num)
    K = _K(source, element, E, np.full_like(E, float(q_keV)))
    return float(np.trapezoid(E ** 2 * K, np.log(E)))
