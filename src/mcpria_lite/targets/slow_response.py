"""What a slow projectile (halo dark matter, v ~ 10⁻³ c) needs from an atom: the longitudinal response
R_L(E, q) of each subshell, with the (E, q) range where it is known.

A slow projectile couples to the electrons' charge density only (the current is suppressed by v), so
the atom enters its rate through

.. math::

    R_L(E, q) = \\sum_i \\sum_f |\\langle f|e^{i\\mathbf q\\cdot\\mathbf r}|i\\rangle|^2\\,\\delta(E - E_f + E_i)
    \\quad(\\mathrm{keV}^{-1}),\\qquad K(E, q) = E_H\\,R_L(E, q),

the longitudinal response of :mod:`mcpria_lite.targets.dfs.response` and the ionisation factor K of
Caddell, Flambaum & Roberts (2023) (:mod:`mcpria_lite.targets.ionization_factor`). A
:class:`LongitudinalResponse` holds it per subshell (:class:`SubshellResponse`: name, n·l, threshold,
occupancy and a vectorised R_L(E, q)), so that the detector model can treat each subshell's hole
(:mod:`mcpria_lite.detection.electron_yield`). The atomic methods build these objects
(:meth:`mcpria_lite.methods.base.MethodBase.halo_response`; the models by name:
:mod:`mcpria_lite.methods.halo_models`); the rates use them (:mod:`mcpria_lite.rates.halo_rates`).

Where a response is not known it says so: E between the lowest threshold and ``E_min_keV``
(a table that starts above the first threshold) or above ``E_max_keV`` raises
``ValueError``; q outside ``q_range_keV`` contributes nothing, and each model's description states
why that is negligible (or that it is not). Energies and momenta in keV.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .. import units
from .._validate import finite_array

__all__ = ["SubshellResponse", "LongitudinalResponse"]


@dataclass(frozen=True, eq=False)
class SubshellResponse:
    """One subshell's longitudinal response.

    Attributes
    ----------
    name : str
        The subshell (e.g. ``"5p3/2"``).
    nl : str
        Its n·l label (``"5p"``): what the electron-yield model keys its hole de-excitation on.
    binding_keV : float
        The threshold (keV): R_L = 0 for E at or below it.
    occupancy : float
        Electrons in the subshell.
    R_L : callable
        (E, q) arrays of one shape (keV) ↦ R_L (keV⁻¹), vectorised; called only for E above the
        threshold and inside the response's (E, q) range.
    """

    name: str
    nl: str
    binding_keV: float
    occupancy: float
    R_L: Callable[[np.ndarray, np.ndarray], np.ndarray]


class LongitudinalResponse:
    """R_L(E, q) of one element for a slow projectile, per subshell, with its range.

    Parameters
    ----------
    element : str
        The element's symbol.
    label : str
        How tables and figures name the atomic model.
    subshells : sequence of SubshellResponse
    E_range_keV : (float, float)
        (E_min, E_max): the response is known for E in [E_min, E_max]; below the lowest threshold it
        is zero. E between the lowest threshold and E_min (a table that starts above the first
        threshold), or above E_max, raises ``ValueError``.
    q_range_keV : (float, float)
        The momentum transfers (keV) over which R_L is known; outside, it is taken as zero (stated in
        ``description``).
    description : str
        What the model is, its source, and what it neglects.
    grid : callable, optional
        (E nodes, q nodes) ↦ R_L per subshell on the product grid, shape (n_subshells, n_E, n_q): a
        faster way to the same numbers as the subshells' R_L (used by :meth:`on_grid`).
    """

    def __init__(self, element: str, label: str, subshells, E_range_keV, q_range_keV, description: str = "",
                 grid=None):
        self.element = str(element)
        self.label = str(label)
        self.subshells: tuple[SubshellResponse, ...] = tuple(subshells)
        if not self.subshells:
            raise ValueError("subshells must hold at least one SubshellResponse")
        lo, hi = (float(x) for x in E_range_keV)
        qlo, qhi = (float(x) for x in q_range_keV)
        if not (0 < lo < hi and 0 < qlo < qhi):
            raise ValueError(f"E_range_keV and q_range_keV must be (low, high) with 0 < low < high, got "
                             f"{E_range_keV!r}, {q_range_keV!r}")
        self.E_min_keV, self.E_max_keV = lo, hi
        self.q_min_keV, self.q_max_keV = qlo, qhi
        self.description = description
        self._grid_fn = grid
        self._grids: dict = {}

    # -- structure ---------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.subshells)

    @property
    def binding_keV(self) -> np.ndarray:
        return np.array([s.binding_keV for s in self.subshells])

    @property
    def threshold_keV(self) -> float:
        """The lowest threshold in keV (R_L = 0 below it)."""
        return float(self.binding_keV.min())

    @property
    def missing_below_keV(self) -> float | None:
        """E_min if the response is unknown between the first threshold and E_min (a gap), else None."""
        return self.E_min_keV if self.E_min_keV > self.threshold_keV * (1 + 1e-9) else None

    def describe(self) -> dict:
        """What the model is (for the provenance of a result)."""
        return {"atomic_model": self.label, "element": self.element, "description": self.description,
                "E_range_keV": [self.E_min_keV, self.E_max_keV], "q_range_keV": [self.q_min_keV, self.q_max_keV],
                "subshells": {s.name: s.binding_keV for s in self.subshells}}

    def __repr__(self) -> str:
        return f"<LongitudinalResponse {self.label} ({self.element}, {len(self.subshells)} subshells)>"

    # -- values ------------------------------------------------------------------------------
    def check_E(self, E_keV) -> np.ndarray:
        """E (keV) as an array; ``ValueError`` naming E_keV where the response is not known."""
        E = finite_array("E_keV", E_keV)
        if np.any(E < 0):
            raise ValueError("E_keV must be >= 0 keV (allowed range [0, inf) keV)")
        gap = (E > self.threshold_keV) & (E < self.E_min_keV)
        if np.any(gap) or np.any(E > self.E_max_keV):
            raise ValueError(
                f"E_keV must be <= {self.threshold_keV:g} keV (below every threshold: R_L = 0) or in "
                f"[{self.E_min_keV:g}, {self.E_max_keV:g}] keV for the atomic model {self.label!r} of "
                f"{self.element}, got [{np.min(E):g}, {np.max(E):g}] keV")
        return E

    def R_L(self, E_keV, q_keV, subshell: str | None = None) -> np.ndarray:
        """R_L (keV⁻¹) summed over subshells, or of one ``subshell``, at (E, q) broadcast together (keV)."""
        E = self.check_E(E_keV)
        q = finite_array("q_keV", q_keV)
        if np.any(q <= 0):
            raise ValueError("q_keV must be > 0 keV (allowed range (0, inf) keV)")
        E, q = np.broadcast_arrays(E, q)
        if subshell is not None and subshell not in self.names:
            raise ValueError(f"subshell must be one of {self.names}, got {subshell!r}")
        out = np.zeros(E.shape)
        inside = (q >= self.q_min_keV) & (q <= self.q_max_keV)
        for s in self.subshells:
            if subshell is not None and s.name != subshell:
                continue
            ok = inside & (E > s.binding_keV)
            if np.any(ok):
                out[ok] += s.R_L(E[ok], q[ok])
        return out

    def K(self, E_keV, q_keV, subshell: str | None = None) -> np.ndarray:
        """The ionisation factor K = E_H R_L (dimensionless)."""
        return units.HARTREE_KEV * self.R_L(E_keV, q_keV, subshell)

    def on_grid(self, E_keV: np.ndarray, q_keV: np.ndarray) -> np.ndarray:
        """R_L per subshell on the product grid, shape (n_subshells, n_E, n_q) (keV⁻¹), cached per grid.

        Every E must be known (:meth:`check_E`); q outside ``q_min_keV``–``q_max_keV`` gives 0.
        The rates of :mod:`mcpria_lite.rates.halo_rates` integrate over these grids, so a response is
        evaluated once per grid whatever the number of dark-matter masses."""
        E = np.ascontiguousarray(self.check_E(E_keV), dtype=float)
        q = np.ascontiguousarray(finite_array("q_keV", q_keV), dtype=float)
        key = (E.tobytes(), q.tobytes())
        if key not in self._grids and self._grid_fn is not None:
            out = np.array(self._grid_fn(E, q), dtype=float)
            out[:, :, (q < self.q_min_keV) | (q > self.q_max_keV)] = 0.0
            out.setflags(write=False)
            self._grids[key] = out
        if key not in self._grids:
            EE, QQ = np.meshgrid(E, q, indexing="ij")
            inside = (QQ >= self.q_min_keV) & (QQ <= self.q_max_keV)
            out = np.zeros((len(self.subshells),) + EE.shape)
            for i, s in enumerate(self.subshells):
                ok = inside & (EE > s.binding_keV)
                if np.any(ok):
                    out[i][ok] = s.R_L(EE[ok], QQ[ok])
            out.setflags(write=False)
            if len(self._grids) > 8:
                self._grids.clear()
            self._grids[key] = out
        return self._grids[key]
