"""Energy-normalised Dirac continuum orbitals in a central potential.

For a photo- or collision electron of kinetic energy ε (hartree) and Dirac quantum number κ the
regular solution (G, F) of the radial Dirac equation of :mod:`mcpria_lite.targets.dfs.atom` is
integrated outward (same Magnus propagators) through the atom and on into the pure Coulomb tail
−ζ/r, ζ = Z − N + 1 (Latter's tail), and normalised on the energy scale,

.. math::

    \\int_0^\\infty (G_\\varepsilon G_{\\varepsilon'} + F_\\varepsilon F_{\\varepsilon'})\\,dr
    = \\delta(\\varepsilon - \\varepsilon'),

which fixes the asymptotic amplitude of the large component,
G → [(ε + 2c²)/(π c² p)]^{1/2} cos(p r + …), c p = [ε(ε + 2c²)]^{1/2} (derived in the module's
test; the non-relativistic limit is the familiar (2/πk)^{1/2}). The amplitude is read off with
the phase–amplitude (WKB) invariant of the radial equation,

.. math::

    C^2 = \\frac{1}{W}\\left[p_{\\rm eff} G^2 + \\frac{G'^2}{p_{\\rm eff}}\\right], \\qquad
    W = \\varepsilon - V + 2c^2,\\; p_{\\rm eff}^2 = \\frac{(\\varepsilon - V)W}{c^2} - \\frac{\\kappa(\\kappa+1)}{r^2},

G' = W F/c − κG/r, which is constant up to O((p r)^{-2}) where the potential is Coulombic and
→ 1/(π c²) for the normalised wave; it is evaluated over the outermost third of a continuation
of length max(12 (abs(κ) + 1)/p, 60/p) bohr, with its residual oscillation (phase 2θ) fitted out. Only the amplitude is needed: cross sections summed over
the photoelectron's directions and spins do not depend on the phase shifts. Checks (tests):
small-r amplitude of the Coulomb wave against Sommerfeld's factor, hydrogen 1s photoionization
against the exact Stobbe formula.

Units: atomic units (hartree, bohr).
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np
from scipy.interpolate import CubicSpline

from .atom import (
    C_AU,
    RadialGrid,
    _GAUSS,
    _magnus_propagators,
    propagate_outward,
)

__all__ = ["ContinuumGrids", "continuum_grids", "continuum_waves", "momentum_au"]


def momentum_au(eps_au, c: float = C_AU) -> np.ndarray:
    """Relativistic electron momentum p (a.u.) of kinetic energy ε (hartree): c p = √(ε(ε + 2c²))."""
    eps = np.asarray(eps_au, float)
    return np.sqrt(eps * (eps + 2 * c * c)) / c


@dataclass(frozen=True)
class ContinuumGrids:
    """Inner grid (where matrix elements are taken) and its coarse continuation.

    Attributes
    ----------
    inner : RadialGrid
        Resolves a wave of momentum up to ``p_max_au`` everywhere (Δr ≤ 0.3/p_max).
    r_far : float
        Least length of the continuation beyond ``inner`` (bohr); it is extended to
        max(12(abs(κ) + 1)/p, 60/p).
    dr_outer : float
        Largest step of the continuation (bohr); at most 0.6/p.
    """

    inner: RadialGrid
    r_far: float
    dr_outer: float


def continuum_grids(r_min: float, r_inner: float, p_max_au: float, *, h: float = 0.02,
                    dr_outer: float = 0.5, r_far: float = 20.0) -> ContinuumGrids:
    """Grids for continuum waves up to momentum ``p_max_au`` (a.u.)."""
    dr = min(0.3 / max(p_max_au, 1e-3), 0.5)
    inner = RadialGrid(r_min=r_min, r_max=r_inner, h=h, r_c=dr / h)
    return ContinuumGrids(inner=inner, r_far=r_far, dr_outer=dr_outer)


def _r_start_index(grid: RadialGrid, kappa: np.ndarray, Z: float, p: np.ndarray) -> np.ndarray:
    # start where the regular solution is ~1e-30 of its value at the inner turning point
    # (the centrifugal barrier against the nuclear attraction or the kinetic energy)
    k = np.abs(kappa).astype(float)
    r_tp = np.maximum(np.minimum(k * (k + 1) / (2.0 * Z), np.sqrt(k * (k + 1)) / p), grid.r[0])
    r_s = r_tp * 10.0 ** (-30.0 / k)
    return np.clip(np.searchsorted(grid.r, r_s) - 1, 0, grid.n - 2)


def continuum_waves(rV: np.ndarray, Z: float, zeta: float, eps_au, kappa,
                    grids: ContinuumGrids, c: float = C_AU):
    """Energy-normalised regular continuum waves (G, F) on ``grids.inner``.

    Parameters
    ----------
    rV : ndarray
        r V(r) (hartree·bohr) at the points of ``grids.inner`` (interpolated by the same cubic
        spline in t as for the bound states), equal to −ζ at its last point; −ζ/r beyond.
    Z : float
        Nuclear charge (small-r behaviour r^γ, γ = √(κ² − (Z/c)²)).
    zeta : float
        Charge of the Coulomb tail (Z − N + 1 for a neutral atom's Latter tail: 1).
    eps_au, kappa : array_like
        Kinetic energies (hartree, > 0) and κ (≠ 0), broadcast to one batch.
    grids : ContinuumGrids

    Returns
    -------
    G, F : ndarray (B, n_inner)
        Normalised per hartree (bohr^−1/2 hartree^−1/2).
    spread : ndarray (B,)
        Relative spread (max − min)/mean of the WKB invariant over the normalisation window
        (a diagnostic of the normalisation's accuracy).
    """
    eps, kap = np.broadcast_arrays(np.asarray(eps_au, float), np.asarray(kappa, int))
    eps = eps.ravel()
    kap = kap.ravel()
    if np.any(eps <= 0):
        raise ValueError(f"eps_au must be positive (kinetic energy in hartree), got min {eps.min()!r}")
    if np.any(kap == 0):
        raise ValueError("kappa must be non-zero")
    B = eps.size
    g = grids.inner
    if abs(rV[-1] + zeta) > 1e-9 * max(1.0, zeta):
        raise ValueError(f"rV must reach the Coulomb tail -zeta={-zeta} at the grid's end, got {rV[-1]!r}")
    rVg = CubicSpline(g.t, rV)(g.t[:-1, None] + g.h * _GAUSS[None, :])
    Vg = rVg / g.r_gauss
    props = _magnus_propagators(g, kap, eps, Vg, c)
    p = momentum_au(eps, c)
    i0 = _r_start_index(g, kap, Z, p)
    gam = np.sqrt(kap * kap - (Z / c) ** 2)
    y0 = np.vstack([np.ones(B), (gam + kap) * c / Z])
    G, F = propagate_outward(props, y0, start=i0)
    # continuation on a uniform grid into the pure Coulomb tail: steps of at most 0.6 rad of
    # phase (the Magnus propagator has a resonance at p Δr ≈ π), out to where the centrifugal
    # and Coulomb corrections to the WKB amplitude are ≲ 1e-4
    r_end = g.r[-1]
    p_min = float(p.min())
    dr = min(grids.dr_outer, 0.6 / float(p.max()))
    r_far = r_end + max(grids.r_far, float(np.max(12.0 * (np.abs(kap) + 1))) / p_min, 60.0 / p_min)
    n_out = int(np.ceil((r_far - r_end) / dr))
    outer = _LinearGrid(r_end + dr * np.arange(n_out + 1))
    Vo = -zeta / outer.r_gauss
    props_o = _magnus_propagators(outer, kap, eps, Vo, c)
    Go, Fo = propagate_outward(props_o, np.vstack([G[:, -1], F[:, -1]]))
    # WKB invariant over the outer third, its oscillation (phase 2θ) fitted out
    sel = outer.r >= r_end + 2.0 * (r_far - r_end) / 3.0
    r = outer.r[sel][None, :]
    V = -zeta / r
    W = eps[:, None] - V + 2 * c * c
    peff2 = (eps[:, None] - V) * W / (c * c) - kap[:, None] * (kap[:, None] + 1) / (r * r)
    if np.any(peff2 <= 0):
        raise RuntimeError("continuum normalisation window inside the centrifugal barrier")
    pe = np.sqrt(peff2)
    Gs, Fs = Go[:, sel], Fo[:, sel]
    dG = W * Fs / c - kap[:, None] * Gs / r
    inv = (pe * Gs * Gs + dG * dG / pe) / W
    theta = np.arctan2(dG / pe, Gs)
    C2 = np.empty(B)
    for b in range(B):
        X = np.column_stack([np.ones(theta.shape[1]), np.cos(2 * theta[b]), np.sin(2 * theta[b])])
        C2[b] = np.linalg.lstsq(X, inv[b], rcond=None)[0][0]
    spread = (inv.max(axis=1) - inv.min(axis=1)) / C2
    scale = 1.0 / np.sqrt(np.pi * c * c * C2)
    return G * scale[:, None], F * scale[:, None], spread


class _LinearGrid:
    """Minimal grid protocol (t = r, uniform step) for :func:`_magnus_propagators`."""

    def __init__(self, r: np.ndarray):
        self.r = r
        self.h = float(r[1] - r[0])
        self.r_gauss = r[:-1, None] + self.h * _GAUSS[None, :]
        self.drdt_gauss = np.ones_like(self.r_gauss)
