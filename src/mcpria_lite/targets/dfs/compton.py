"""Momentum densities and Compton profiles of the Dirac–Hartree–Slater orbitals
(:mod:`mcpria_lite.targets.dfs.atom`).

ρ_nκ(p) = g² + f² from the Hankel transforms of the large and small radial components, and the
subshell profiles J_nκ(p_z) = (N/2) ∫_{abs(p_z)}^∞ ρ(p) p dp (Biggs, Mendelsohn & Mann
:cite:p:`biggs1975`). They are the impulse limit of the ab initio response at large momentum transfer
(:func:`mcpria_lite.targets.dfs.response.impulse_response_L`).
"""

from __future__ import annotations

import numpy as np
from scipy.interpolate import CubicSpline

from .atom import BoundOrbital, DiracSlaterAtom, RadialGrid, _l_of

__all__ = ["momentum_densities", "compton_profiles"]


def _hankel_pair(grid_src: RadialGrid, o: BoundOrbital, grid: RadialGrid, p: np.ndarray,
                 window: np.ndarray, jl) -> np.ndarray:
    """g² + f² at momenta p from the orbital resampled on ``grid`` (times a smooth window)."""
    tt = np.log(grid.r) + grid.r / grid_src.r_c
    Gf = CubicSpline(grid_src.t, o.G)(tt) * window
    Ff = CubicSpline(grid_src.t, o.F)(tt) * window
    w = grid.drdt * grid.r * _uniform_simpson_weights(grid.t)
    lbar = int(_l_of(np.array([-o.kappa]))[0])
    g = np.sqrt(2 / np.pi) * (jl(o.l) @ (Gf * w))
    f = np.sqrt(2 / np.pi) * (jl(lbar) @ (Ff * w))
    return g * g + f * f


def _uniform_simpson_weights(t: np.ndarray) -> np.ndarray:
    """Weights w with w·y = ``scipy.integrate.simpson(y, x=t)`` on a uniform grid t.

    Composite Simpson h/3 (1, 4, 2, …, 4, 1); for an even number of points, as SciPy (≥ 1.11) does,
    Simpson on all but the last point plus Cartwright's three-point rule for the last interval
    (h/12 (−1, 8, 5) on the last three points). A Hankel transform is then one matrix–vector product.
    """
    n = t.size
    h = (t[-1] - t[0]) / (n - 1)
    if n < 3 or not np.allclose(np.diff(t), h, rtol=1e-9, atol=0.0):
        raise ValueError("t must be a uniform grid of at least 3 points")
    m = n if n % 2 else n - 1  # points covered by composite Simpson
    w = np.zeros(n)
    w[1:m - 1:2], w[2:m - 1:2] = 4.0, 2.0
    w[0] = w[m - 1] = 1.0
    w *= h / 3
    if m < n:
        w[n - 3:] += h / 12 * np.array([-1.0, 8.0, 5.0])
    return w


class _BesselCache:
    def __init__(self, p: np.ndarray, r: np.ndarray):
        self.pr = p[:, None] * r[None, :]
        self.cache: dict[int, np.ndarray] = {}

    def __call__(self, l: int) -> np.ndarray:
        from scipy.special import spherical_jn

        if l not in self.cache:
            self.cache[l] = spherical_jn(l, self.pr)
        return self.cache[l]


def momentum_densities(atom: DiracSlaterAtom, *, p_split: float = 10.0, p_max_au: float = 500.0,
                       r_taper: tuple[float, float] = (2.0, 4.0)) -> tuple[np.ndarray, np.ndarray]:
    """Radial momentum densities ρ_nκ(p) = g² + f² (a.u.), ∫ρ p² dp = 1, per orbital.

    g(p) = √(2/π) ∫ j_l(pr) G(r) r dr, f(p) = √(2/π) ∫ j_l̄(pr) F(r) r dr (l̄: the l of −κ).
    Two bands: p ≤ p_split on a grid resolving p r over the whole atom; p_split < p ≤ p_max_au
    on a grid with Δr ≤ 0.5/p_max_au out to ``r_taper[1]`` bohr, the orbital smoothly (cos²)
    switched off between ``r_taper`` (the outer, smooth part of an orbital has no Fourier
    components at p > p_split: its local wave number there is ≲ 2 a.u.).

    Returns
    -------
    p : ndarray
        Momentum grid (a.u.).
    rho : ndarray (n_orbitals, n_p)
    """
    pa = np.linspace(0.0, p_split, 161)
    pb = np.geomspace(p_split, p_max_au, 161)[1:]
    r_end = atom.grid.r[-1]
    ga = RadialGrid(r_min=atom.grid.r_min, r_max=r_end, h=0.02, r_c=0.25 / p_split / 0.02)
    gb = RadialGrid(r_min=atom.grid.r_min, r_max=r_taper[1], h=0.02, r_c=0.5 / p_max_au / 0.02)
    x = np.clip((gb.r - r_taper[0]) / (r_taper[1] - r_taper[0]), 0.0, 1.0)
    win_b = np.cos(0.5 * np.pi * x) ** 2
    ja, jb = _BesselCache(pa, ga.r), _BesselCache(pb, gb.r)
    rho = []
    for o in atom.orbitals:
        ra = _hankel_pair(atom.grid, o, ga, pa, np.ones(ga.n), ja)
        rb = _hankel_pair(atom.grid, o, gb, pb, win_b, jb)
        rho.append(np.concatenate([ra, rb]))
    return np.concatenate([pa, pb]), np.array(rho)


def compton_profiles(atom: DiracSlaterAtom, pz_au, **options) -> np.ndarray:
    """Subshell Compton profiles J_nκ(p_z) (a.u.⁻¹, occupation included) of the atom's orbitals.

    For the spherically averaged subshell J(p_z) = (N/2) ∫_{abs(p_z)}^∞ ρ(p) p dp with the
    momentum density of :func:`momentum_densities`, so that ∫J dp_z = N (Biggs, Mendelsohn &
    Mann :cite:p:`biggs1975`).

    Parameters
    ----------
    atom : DiracSlaterAtom
    pz_au : array_like
        Projected momenta (a.u.); J = 0 beyond the momentum grid's end (``p_max_au``, 500 a.u.).
    **options
        Passed to :func:`momentum_densities`.

    Returns
    -------
    ndarray, shape (n_orbitals, *shape(pz_au))
    """
    pz = np.abs(np.asarray(pz_au, float))
    p, rho = momentum_densities(atom, **options)
    integrand = rho * p[None, :]
    seg = 0.5 * (integrand[:, 1:] + integrand[:, :-1]) * np.diff(p)[None, :]
    tail = np.concatenate([np.cumsum(seg[:, ::-1], axis=1)[:, ::-1], np.zeros((len(rho), 1))], axis=1)
    occ = np.array([o.occupancy for o in atom.orbitals])
    J_nodes = 0.5 * occ[:, None] * tail
    return np.array([np.interp(pz, p, Jn, right=0.0) for Jn in J_nodes])
