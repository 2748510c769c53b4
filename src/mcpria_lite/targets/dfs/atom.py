"""Dirac–Hartree–Slater (Dirac–Fock–Slater) atoms: self-consistent central potential and bound
radial Dirac orbitals.

The model is the relativistic independent-particle atom of Liberman, Cromer & Waber
:cite:p:`liberman1971`: every electron moves in one local central potential

.. math::

    V(r) = -\\frac{Z}{r} + V_H(r) - \\frac{3}{2}\\alpha_x \\left(\\frac{3\\rho(r)}{\\pi}\\right)^{1/3},
    \\qquad r V(r) \\le -(Z - N + 1) \\text{ (Latter's tail)},

with the Hartree potential V_H of the spherical electron density ρ, Slater's exchange
(α_x = 1, the choice of Liberman et al. and of Scofield's photoionization tables
:cite:p:`scofield1973`; α_x = 2/3 is Kohn–Sham–Gáspár) and Latter's correction
:cite:p:`latter1955`, which makes an electron far outside the atom see the charge of the ion it
leaves behind, −(Z − N + 1)/r. The nucleus is a point charge.

Radial Dirac equation (atomic units, ħ = m_e = e = 1, c = 1/α; energies E without the rest
energy): with ψ = r⁻¹ (G Ω_κm, i F Ω_−κm),

.. math::

    G' = -\\frac{\\kappa}{r} G + \\frac{E - V + 2c^2}{c} F, \\qquad
    F' = \\frac{\\kappa}{r} F - \\frac{E - V}{c} G,

normalised ∫(G² + F²) dr = 1. κ = −(l + 1) for j = l + ½ and κ = l for j = l − ½; the large
component G of the state (n, κ) has n − l − 1 nodes.

Numerics
--------
* Radial grid uniform in t = ln r + r/r_c (logarithmic near the nucleus, linear beyond r_c:
  :class:`RadialGrid`).
* Each grid interval is crossed with the fourth-order Magnus propagator exp(Ω) :cite:p:`blanes2009` of the linear
  2×2 system (exact for a locally constant coefficient matrix, so it stays accurate where the
  solution oscillates many times per step). Ω is traceless, so exp(Ω) is closed-form. The
  propagators of all intervals are multiplied by a parallel prefix scan, vectorised over the
  grid and over all orbitals at once: no Python loop over grid points.
* Bound states: outward solution from r^γ at the origin, inward solution from the decaying
  exponential, matched in G at the classical turning point; node counting brackets the
  energy, the first-order correction δE = c G(r_m)[F_out(r_m) − F_in(r_m)] / ∫(G² + F²)
  converges it.
* Self-consistency by linear mixing of r V(r), starting from the Thomas–Fermi potential
  (Latter's fit :cite:p:`latter1955`).

Units inside this module: atomic units (hartree, bohr); :attr:`BoundOrbital.binding_keV`
converts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.special import lambertw

from ... import units
from ..._validate import freeze_arrays

__all__ = [
    "C_AU",
    "RadialGrid",
    "BoundOrbital",
    "DiracSlaterAtom",
    "dirac_coulomb_energy",
    "kappa_of",
    "solve_bound_states",
    "dirac_slater_atom",
    "default_grid",
    "available_atoms",
    "load_atom",
    "save_atom",
    "self_consistency_residual",
]

#: Speed of light in atomic units, c = 1/α.
C_AU: float = 1.0 / units.ALPHA

_L_LETTERS = "spdfghik"
_GAUSS = np.array([0.5 - np.sqrt(3.0) / 6.0, 0.5 + np.sqrt(3.0) / 6.0])


# ---------------------------------------------------------------------------------------------
# grid
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RadialGrid:
    """Radial grid uniform in t = ln r + r/r_c.

    Parameters
    ----------
    r_min : float
        First point (bohr).
    r_max : float
        Last point is the first grid point at or beyond r_max (bohr).
    h : float
        Step in t. Near the nucleus Δr ≈ r h, beyond r_c Δr → r_c h.
    r_c : float
        Crossover radius (bohr) between logarithmic and linear spacing.
    """

    r_min: float
    r_max: float
    h: float
    r_c: float

    def __post_init__(self):
        for name in ("r_min", "r_max", "h", "r_c"):
            v = getattr(self, name)
            if not (np.isfinite(v) and v > 0):
                raise ValueError(f"{name} must be a positive finite number, got {v!r}")
        if self.r_max <= self.r_min:
            raise ValueError(f"r_max must exceed r_min={self.r_min}, got {self.r_max!r}")

    @staticmethod
    def _r_of_t(t: np.ndarray, r_c: float) -> np.ndarray:
        # t = ln r + r/r_c  <=>  w + ln w = u with w = r/r_c, u = t − ln r_c  <=>  w = W(e^u)
        u = np.asarray(t, float) - np.log(r_c)
        w = np.real(lambertw(np.exp(np.minimum(u, 600.0))))
        big = u > 600.0
        if np.any(big):
            wb = u[big] - np.log(u[big])
            for _ in range(6):  # Newton on w + ln w − u
                wb = wb - (wb + np.log(wb) - u[big]) / (1.0 + 1.0 / wb)
            w = np.where(big, 0.0, w)
            w[big] = wb
        return r_c * w

    @functools.cached_property
    def t(self) -> np.ndarray:
        """Uniform grid in t."""
        t0 = np.log(self.r_min) + self.r_min / self.r_c
        t1 = np.log(self.r_max) + self.r_max / self.r_c
        n = int(np.ceil((t1 - t0) / self.h)) + 1
        return t0 + self.h * np.arange(n)

    @functools.cached_property
    def r(self) -> np.ndarray:
        """Grid radii (bohr)."""
        return self._r_of_t(self.t, self.r_c)

    @functools.cached_property
    def drdt(self) -> np.ndarray:
        """dr/dt = r r_c/(r + r_c) at the grid points."""
        r = self.r
        return r * self.r_c / (r + self.r_c)

    @functools.cached_property
    def r_gauss(self) -> np.ndarray:
        """Radii of the two Gauss–Legendre nodes of every interval, shape (n − 1, 2)."""
        tg = self.t[:-1, None] + self.h * _GAUSS[None, :]
        return self._r_of_t(tg, self.r_c)

    @functools.cached_property
    def drdt_gauss(self) -> np.ndarray:
        """dr/dt at the Gauss nodes, shape (n − 1, 2)."""
        r = self.r_gauss
        return r * self.r_c / (r + self.r_c)

    @property
    def n(self) -> int:
        """Number of grid points."""
        return self.t.size

    def integrate(self, f: np.ndarray, axis: int = -1) -> np.ndarray:
        """∫ f(r) dr over the grid (Simpson's rule in t), f sampled at :attr:`r`."""
        from scipy.integrate import simpson  # here, not at import: scipy.integrate takes ~0.5 s to import

        return simpson(f * self.drdt, x=self.t, axis=axis)

    def cumulative(self, f: np.ndarray) -> np.ndarray:
        """∫_{r_min}^{r} f dr at every grid point (cumulative Simpson in t)."""
        from scipy.integrate import cumulative_simpson

        return cumulative_simpson(f * self.drdt, x=self.t, initial=0.0)


# ---------------------------------------------------------------------------------------------
# analytic reference: Dirac–Coulomb levels
# ---------------------------------------------------------------------------------------------
def dirac_coulomb_energy(Z: float, n: int, kappa: int, c: float = C_AU) -> float:
    """Bound-state energy (hartree, rest energy subtracted) of a Dirac electron in −Z/r.

    Sommerfeld's fine-structure formula,
    E = c² [(1 + (Zα/(n − abs(κ) + γ))²)^(−1/2) − 1], γ = √(κ² − (Zα)²).
    """
    za = Z / c
    gam = np.sqrt(kappa * kappa - za * za)
    return c * c * (1.0 / np.sqrt(1.0 + (za / (n - abs(kappa) + gam)) ** 2) - 1.0)


def kappa_of(l: int, j2: int) -> int:
    """Relativistic quantum number κ from l and 2j (κ = −(l+1) for j = l+½, κ = l for j = l−½)."""
    if j2 == 2 * l + 1:
        return -(l + 1)
    if j2 == 2 * l - 1 and l > 0:
        return l
    raise ValueError(f"j = {j2}/2 is not l ± 1/2 for l = {l}")


def _l_of(kappa: np.ndarray) -> np.ndarray:
    kappa = np.asarray(kappa)
    return np.where(kappa < 0, -kappa - 1, kappa)


# ---------------------------------------------------------------------------------------------
# propagation
# ---------------------------------------------------------------------------------------------
class _MagnusGrid(Protocol):  # what _magnus_propagators reads from a grid (RadialGrid, or a uniform one)
    @property
    def h(self) -> float: ...
    @property
    def r_gauss(self) -> np.ndarray: ...
    @property
    def drdt_gauss(self) -> np.ndarray: ...


#: Elements per batch block of the elementwise propagator work: a few rows of a grid at a time keep
#: the working arrays in the CPU cache (the same arithmetic, element by element, about twice as fast as
#: whole (B, n) arrays, which are memory-bound).
_BLOCK_ELEMENTS = 1 << 15


def _row_blocks(n_rows: int, n_cols: int):
    """Slices of at least one row covering ``n_rows`` rows in blocks of ≲ ``_BLOCK_ELEMENTS`` elements."""
    step = max(1, _BLOCK_ELEMENTS // max(n_cols, 1))
    return [slice(i, min(i + step, n_rows)) for i in range(0, n_rows, step)]


def _magnus_propagators(grid: _MagnusGrid, kappa: np.ndarray, E: np.ndarray, V_gauss: np.ndarray,
                        c: float = C_AU):
    """Fourth-order Magnus propagators of every grid interval for a batch of (κ, E).

    Returns the four components (a, b, c, d) of exp(Ω), each of shape (B, n − 1): y_{i+1} =
    [[a, b], [c, d]]_i y_i for y = (G, F). Computed in blocks of batch rows (``_BLOCK_ELEMENTS``).
    """
    V_gauss = np.asarray(V_gauss, float)
    kappa, E = np.broadcast_arrays(np.asarray(kappa, float), np.asarray(E, float))
    if V_gauss.ndim != 2 or kappa.ndim != 1:  # a batch of potentials: as one block
        return _magnus_block(grid, kappa, E, V_gauss, c)
    blocks = _row_blocks(kappa.shape[0], V_gauss.shape[0])
    if len(blocks) == 1:
        return _magnus_block(grid, kappa, E, V_gauss, c)
    out = tuple(np.empty((kappa.shape[0], V_gauss.shape[0])) for _ in range(4))
    for rows in blocks:
        for o, x in zip(out, _magnus_block(grid, kappa[rows], E[rows], V_gauss, c)):
            o[rows] = x
    return out


def _magnus_block(grid: _MagnusGrid, kappa: np.ndarray, E: np.ndarray, V_gauss: np.ndarray, c: float):
    """:func:`_magnus_propagators` for one block of batch rows."""
    kappa = np.asarray(kappa, float)[:, None, None]
    E = np.asarray(E, float)[:, None, None]
    r = grid.r_gauss[None]
    s = grid.drdt_gauss[None]
    V = V_gauss[None] if V_gauss.ndim == 2 else V_gauss
    A11 = -kappa / r * s
    A12 = (E - V + 2.0 * c * c) / c * s
    A21 = -(E - V) / c * s
    h = grid.h
    # Ω = h/2 (A1 + A2) + (√3/12) h² [A2, A1]; A traceless: A = [[a, b], [c, -a]]
    a1, a2 = A11[..., 0], A11[..., 1]
    b1, b2 = A12[..., 0], A12[..., 1]
    c1, c2 = A21[..., 0], A21[..., 1]
    w = np.sqrt(3.0) / 12.0 * h * h
    # [A2, A1] = A2 A1 − A1 A2 for traceless 2x2 matrices
    com_a = b2 * c1 - c2 * b1
    com_b = 2.0 * (a2 * b1 - a1 * b2)
    com_c = 2.0 * (c2 * a1 - c1 * a2)
    oa = 0.5 * h * (a1 + a2) + w * com_a
    ob = 0.5 * h * (b1 + b2) + w * com_b
    oc = 0.5 * h * (c1 + c2) + w * com_c
    s2 = oa * oa + ob * oc
    sq = np.sqrt(np.abs(s2))
    with np.errstate(over="ignore", invalid="ignore"):
        sq_c = np.minimum(sq, 700.0)
        f0 = np.where(s2 >= 0, np.cosh(sq_c), np.cos(sq))
        f1 = np.where(sq < 1e-8, 1.0 + s2 / 6.0,
                      np.where(s2 >= 0, np.sinh(sq_c), np.sin(sq)) / np.where(sq < 1e-8, 1.0, sq))
    return f0 + f1 * oa, f1 * ob, f1 * oc, f0 - f1 * oa


def _prefix_products(a, b, c, d):
    """Cumulative products S_i = M_i ⋯ M_0 of 2×2 matrices along the last axis (Hillis–Steele),
    in blocks of rows of the leading axes (``_BLOCK_ELEMENTS``; each row is independent)."""
    a, b, c, d = (np.array(x, float) for x in (a, b, c, d))
    if a.ndim < 2:
        return _prefix_block(a, b, c, d)
    shape = a.shape
    flat = [x.reshape(-1, shape[-1]) for x in (a, b, c, d)]  # views of the fresh copies
    for rows in _row_blocks(flat[0].shape[0], shape[-1]):
        _prefix_block(*(x[rows] for x in flat))
    return a, b, c, d


def _prefix_block(a, b, c, d):
    """:func:`_prefix_products` of one block, in place (the scan reads every operand of a level
    before it writes the level's results)."""
    m = a.shape[-1]
    s = 1
    with np.errstate(over="ignore", invalid="ignore"):
        while s < m:
            A, B, C, D = a[..., s:], b[..., s:], c[..., s:], d[..., s:]
            a0, b0, c0, d0 = a[..., :-s], b[..., :-s], c[..., :-s], d[..., :-s]
            na = A * a0 + B * c0
            nb = A * b0 + B * d0
            nc = C * a0 + D * c0
            nd = C * b0 + D * d0
            a[..., s:], b[..., s:], c[..., s:], d[..., s:] = na, nb, nc, nd
            s *= 2
    return a, b, c, d


def propagate_outward(props, y0: np.ndarray, start: np.ndarray | None = None,
                      stop: np.ndarray | None = None):
    """Solution on the grid from y0 at the point ``start`` (per batch member).

    Intervals outside [start, stop) are replaced by the identity, so the returned solution is
    y0 at and before ``start`` and frozen at its value at ``stop`` beyond.

    Parameters
    ----------
    props : tuple of arrays (B, n − 1)
        Interval propagators from :func:`_magnus_propagators`.
    y0 : ndarray (2, B)
        (G, F) at the start point.
    """
    a, b, c, d = props
    nb, m = a.shape
    idx = np.arange(m)[None, :]
    mask = np.ones((nb, m), bool)
    if start is not None:
        mask &= idx >= np.asarray(start)[:, None]
    if stop is not None:
        mask &= idx < np.asarray(stop)[:, None]
    a = np.where(mask, a, 1.0)
    b = np.where(mask, b, 0.0)
    c = np.where(mask, c, 0.0)
    d = np.where(mask, d, 1.0)
    a, b, c, d = _prefix_products(a, b, c, d)
    G = np.empty((nb, m + 1))
    F = np.empty((nb, m + 1))
    G[:, 0], F[:, 0] = y0[0], y0[1]
    with np.errstate(over="ignore", invalid="ignore"):
        G[:, 1:] = a * y0[0][:, None] + b * y0[1][:, None]
        F[:, 1:] = c * y0[0][:, None] + d * y0[1][:, None]
    return G, F


def propagate_inward(props, y_end: np.ndarray, start: np.ndarray, stop: np.ndarray):
    """Inward solution: y = y_end at grid point ``start`` (and beyond), integrated down to ``stop``."""
    a, b, c, d = props
    # inverse of a unit-determinant matrix, intervals in reverse order
    ia, ib, ic, id_ = d[:, ::-1], -b[:, ::-1], -c[:, ::-1], a[:, ::-1]
    m = a.shape[1]
    # reversed interval j corresponds to interval i = m - 1 - j; keep i in [stop, start)
    rs = m - np.asarray(start)
    re = m - np.asarray(stop)
    G, F = propagate_outward((ia, ib, ic, id_), y_end, start=rs, stop=re)
    return G[:, ::-1], F[:, ::-1]


# ---------------------------------------------------------------------------------------------
# bound states
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoundOrbital:
    """One bound radial Dirac orbital (n, κ) with its occupation.

    Attributes
    ----------
    name : str
        Spectroscopic label, e.g. ``"2p3/2"``.
    n, kappa, l : int
        Principal quantum number, Dirac κ, orbital angular momentum of the large component.
    occupancy : float
        Electrons in the subshell.
    energy_au : float
        Orbital eigenvalue in hartree (rest energy subtracted; negative).
    G, F : numpy.ndarray
        Large and small radial components on the atom's grid (bohr^−1/2), ∫(G² + F²) dr = 1.
    """

    name: str
    n: int
    kappa: int
    l: int
    occupancy: float
    energy_au: float
    G: np.ndarray = field(repr=False)
    F: np.ndarray = field(repr=False)

    @property
    def j(self) -> float:
        """Total angular momentum j = abs(κ) − ½."""
        return abs(self.kappa) - 0.5

    @property
    def binding_keV(self) -> float:
        """−ε in keV (the model's Koopmans-like binding energy)."""
        return -self.energy_au * units.HARTREE_KEV


def _turning_index(grid: RadialGrid, V: np.ndarray, E: np.ndarray, l: np.ndarray) -> np.ndarray:
    r = grid.r[None, :]
    allowed = E[:, None] > V[None, :] + l[:, None] * (l[:, None] + 1) / (2 * r * r)
    n = grid.n
    last = n - 1 - np.argmax(allowed[:, ::-1], axis=1)
    return np.where(allowed.any(axis=1), last, -1)


def solve_bound_states(grid: RadialGrid, rV: np.ndarray, n: np.ndarray, kappa: np.ndarray,
                       E_guess: np.ndarray | None = None, Z_nuc: float | None = None,
                       tol: float = 1e-11, max_iter: int = 200, c: float = C_AU):
    """Bound Dirac states (n, κ) of the central potential V = rV/r, all at once.

    Parameters
    ----------
    grid : RadialGrid
    rV : ndarray
        r·V(r) at the grid points (hartree·bohr); −Z at the nucleus.
    n, kappa : array of int
        Quantum numbers of the wanted states.
    E_guess : array, optional
        Starting energies (hartree); default: the hydrogen-like energy of the nuclear charge −rV(0)
        screened to half.
    Z_nuc : float, optional
        Nuclear charge for the small-r series (default −rV at the first point).
    tol : float
        Relative energy tolerance.

    Returns
    -------
    E : ndarray (B,)
        Eigenvalues in hartree.
    G, F : ndarray (B, n_grid)
        Normalised radial components.

    Raises
    ------
    RuntimeError
        If an eigenvalue does not converge within ``max_iter`` iterations.
    """
    n = np.asarray(n, int)
    kappa = np.asarray(kappa, int)
    l = _l_of(kappa)
    if np.any(n <= l):
        raise ValueError(f"n must exceed l for every state, got n={n.tolist()}, l={l.tolist()}")
    B = n.size
    r = grid.r
    V = rV / r
    Z0 = float(-rV[0]) if Z_nuc is None else float(Z_nuc)
    spline = CubicSpline(grid.t, rV)
    V_gauss = spline(grid.t[:-1, None] + grid.h * _GAUSS[None, :]) / grid.r_gauss
    E_lo = np.array([dirac_coulomb_energy(Z0, ni, ki, c) for ni, ki in zip(n, kappa)]) * 1.0001
    E_hi = np.zeros(B)
    if E_guess is None:
        E = 0.25 * E_lo
    else:
        E = np.clip(np.asarray(E_guess, float), E_lo * 0.9999, -1e-12)
    nodes_target = n - l - 1
    gam = np.sqrt(kappa * kappa - (Z0 / c) ** 2)
    y0 = np.vstack([np.full(B, 1e-30), 1e-30 * (gam + kappa) * c / Z0])
    done = np.zeros(B, bool)
    G = F = None
    for _ in range(max_iter):
        im = _turning_index(grid, V, E, l)
        too_low = im < 2
        too_high = im >= grid.n - 3
        lam = np.sqrt(np.maximum(-E * (E + 2 * c * c), 1e-300)) / c
        r_inf = r[np.clip(im, 0, grid.n - 1)] + 50.0 / lam
        i_inf = np.minimum(np.searchsorted(r, r_inf), grid.n - 1)
        im_c = np.clip(im, 2, grid.n - 4)
        i_inf = np.maximum(i_inf, im_c + 2)
        props = _magnus_propagators(grid, kappa, E, V_gauss, c)
        Go, Fo = propagate_outward(props, y0, stop=im_c)
        y_end = np.vstack([np.ones(B), -lam * c / (E + 2 * c * c)])
        Gi, Fi = propagate_inward(props, y_end, start=i_inf, stop=im_c)
        rows = np.arange(B)
        scale = Go[rows, im_c] / Gi[rows, im_c]
        Gi *= scale[:, None]
        Fi *= scale[:, None]
        idx = np.arange(grid.n)[None, :]
        inner = idx <= im_c[:, None]
        outside = idx > i_inf[:, None]
        G = np.where(inner, Go, np.where(outside, 0.0, Gi))
        F = np.where(inner, Fo, np.where(outside, 0.0, Fi))
        sgn = np.sign(G)
        nodes = np.sum((sgn[:, 1:] * sgn[:, :-1]) < 0, axis=1)
        norm = grid.integrate(G * G + F * F)
        dE = c * Go[rows, im_c] * (Fo[rows, im_c] - Fi[rows, im_c]) / norm
        new_E = E.copy()
        for k in range(B):
            if done[k]:
                continue
            if too_low[k]:
                E_lo[k] = E[k]
                new_E[k] = 0.5 * (E[k] + E_hi[k])
            elif too_high[k] or nodes[k] > nodes_target[k]:
                E_hi[k] = min(E_hi[k], E[k])
                new_E[k] = 0.5 * (E[k] + E_lo[k])
            elif nodes[k] < nodes_target[k]:
                E_lo[k] = max(E_lo[k], E[k])
                new_E[k] = 0.5 * (E[k] + E_hi[k])
            elif abs(dE[k]) < tol * abs(E[k]):
                done[k] = True
            else:
                if dE[k] > 0:
                    E_lo[k] = max(E_lo[k], E[k])
                else:
                    E_hi[k] = min(E_hi[k], E[k])
                trial = E[k] + dE[k]
                if not (E_lo[k] < trial < E_hi[k]):
                    trial = 0.5 * (E_lo[k] + E_hi[k])
                new_E[k] = trial
        if done.all():
            break
        E = new_E
    else:
        bad = [f"n={ni}, kappa={ki}" for ni, ki, dk in zip(n, kappa, done) if not dk]
        raise RuntimeError(f"bound states did not converge: {', '.join(bad)}")
    norm = np.sqrt(grid.integrate(G * G + F * F))
    sign = np.sign(G[:, 1])  # positive near the origin
    G = G / (norm * sign)[:, None]
    F = F / (norm * sign)[:, None]
    return E, G, F


# ---------------------------------------------------------------------------------------------
# self-consistent field
# ---------------------------------------------------------------------------------------------
def _thomas_fermi_rV(r: np.ndarray, Z: float, N: float) -> np.ndarray:
    """r V of the Thomas–Fermi atom (Latter's analytic fit) with Latter's tail."""
    b = 0.8853 * Z ** (-1.0 / 3.0)
    x = r / b
    sx = np.sqrt(x)
    phi = 1.0 / (1.0 + 0.02747 * sx + 1.243 * x - 0.1486 * x * sx + 0.2302 * x * x
                 + 0.007298 * x * x * sx + 0.006944 * x ** 3)
    return np.minimum(-Z * phi, -(Z - N + 1.0))


def _parse_name(name: str) -> tuple[int, int, int]:
    """'2p3/2' -> (n, l, 2j)."""
    i = 0
    while name[i].isdigit():
        i += 1
    n = int(name[:i])
    l = _L_LETTERS.index(name[i])
    j2 = int(name[i + 1:].split("/")[0])
    return n, l, j2


@dataclass(frozen=True)
class DiracSlaterAtom:
    """A converged Dirac–Hartree–Slater atom.

    Attributes
    ----------
    Z : int
        Nuclear charge.
    grid : RadialGrid
    rV : numpy.ndarray
        r V(r) at the grid points (hartree·bohr).
    orbitals : tuple[BoundOrbital, ...]
        Occupied subshells, in the order of the configuration given.
    exchange_alpha : float
        Slater exchange coefficient α_x.
    iterations : int
        Self-consistency iterations used.
    """

    Z: int
    grid: RadialGrid
    rV: np.ndarray = field(repr=False)
    orbitals: tuple[BoundOrbital, ...] = field(repr=False)
    exchange_alpha: float = 1.0
    iterations: int = 0

    @property
    def n_electrons(self) -> float:
        """Number of electrons."""
        return float(sum(o.occupancy for o in self.orbitals))

    def orbital(self, name: str) -> BoundOrbital:
        """The orbital called ``name`` (e.g. ``"1s1/2"``)."""
        for o in self.orbitals:
            if o.name == name:
                return o
        raise ValueError(f"name must be one of {[o.name for o in self.orbitals]}, got {name!r}")

    def potential_rV(self, r: np.ndarray) -> np.ndarray:
        """r V(r) (hartree·bohr) at any r: spline inside the grid, Latter's tail beyond."""
        r = np.asarray(r, float)
        t = np.log(r) + r / self.grid.r_c
        inside = CubicSpline(self.grid.t, self.rV)(np.clip(t, self.grid.t[0], self.grid.t[-1]))
        tail = -(self.Z - self.n_electrons + 1.0)
        out = np.where(r >= self.grid.r[-1], tail, inside)
        return np.where(r <= self.grid.r[0], self.rV[0], out)

    def on_grid(self, grid: RadialGrid) -> "DiracSlaterAtom":
        """The same atom (same potential) with its orbitals re-solved on another grid."""
        rV = self.potential_rV(grid.r)
        n = np.array([o.n for o in self.orbitals])
        kap = np.array([o.kappa for o in self.orbitals])
        E, G, F = solve_bound_states(grid, rV, n, kap, E_guess=np.array([o.energy_au for o in self.orbitals]),
                                     Z_nuc=self.Z)
        orbs = tuple(replace(o, energy_au=float(e), G=g, F=f) for o, e, g, f in zip(self.orbitals, E, G, F))
        return replace(self, grid=grid, rV=rV, orbitals=orbs)


def _potential_from_density(grid: RadialGrid, Z: float, N: float, D: np.ndarray, alpha_x: float) -> np.ndarray:
    """r V(r) of nucleus + Hartree + Slater exchange (+ Latter tail) for the radial density D = 4πr²ρ."""
    r = grid.r
    q_in = grid.cumulative(D)                          # charge inside r
    out = grid.cumulative(D / r)
    q_out = out[-1] - out                               # ∫_r^∞ D/r' dr'
    rVH = q_in + r * q_out
    rho = np.maximum(D, 0.0) / (4.0 * np.pi * r * r)
    rVx = -1.5 * alpha_x * (3.0 * rho / np.pi) ** (1.0 / 3.0) * r
    return np.minimum(-Z + rVH + rVx, -(Z - N + 1.0))


def default_grid(Z: int) -> RadialGrid:
    """The self-consistency grid: r from 10⁻⁵/Z to 60 bohr, h = 0.02, r_c = 3 bohr (~2000 points)."""
    return RadialGrid(r_min=1e-5 / Z, r_max=60.0, h=0.02, r_c=3.0)


def dirac_slater_atom(element, configuration: dict[str, float] | None = None, *,
                      exchange_alpha: float = 1.0, grid: RadialGrid | None = None,
                      mixing: float = 0.4, tol: float = 1e-7, max_iter: int = 200) -> DiracSlaterAtom:
    """Self-consistent Dirac–Hartree–Slater atom with Latter's tail.

    Parameters
    ----------
    element : str or int
        Element symbol or Z (1..100).
    configuration : dict, optional
        Subshell occupations, e.g. ``{"1s1/2": 2, "2s1/2": 2, ...}``. Default: the
        configuration of :func:`mcpria_lite.targets.lookup.target` (the Biggs et al. one, j-resolved).
    exchange_alpha : float
        Slater's α_x (1: Slater, Liberman et al.; 2/3: Kohn–Sham). Allowed (0, 1.5].
    grid : RadialGrid, optional
        Default :func:`default_grid`.
    mixing : float
        Fraction of the new potential mixed in per iteration, (0, 1].
    tol : float
        Convergence on max abs(Δ(rV))/Z and on the relative eigenvalue change.

    Returns
    -------
    DiracSlaterAtom
    """
    from .. import atoms

    if not (0 < exchange_alpha <= 1.5):
        raise ValueError(f"exchange_alpha must be in (0, 1.5], got {exchange_alpha!r}")
    if not (0 < mixing <= 1):
        raise ValueError(f"mixing must be in (0, 1], got {mixing!r}")
    tgt = atoms.atom(element)
    Z = tgt.Z
    if configuration is None:
        configuration = {s.name: s.occupancy for s in tgt.shells if s.occupancy > 0}
    names = list(configuration)
    occ = np.array([float(configuration[k]) for k in names])
    nlj = [_parse_name(k) for k in names]
    for k, (nn, ll, j2), o in zip(names, nlj, occ):
        if not (0 <= o <= j2 + 1):
            raise ValueError(f"configuration[{k!r}] must be in [0, {j2 + 1}], got {o!r}")
    n = np.array([x[0] for x in nlj])
    kap = np.array([kappa_of(x[1], x[2]) for x in nlj])
    N = float(occ.sum())
    grid = grid or default_grid(Z)
    rV = _thomas_fermi_rV(grid.r, Z, N)
    E = None
    for it in range(1, max_iter + 1):
        E_new, G, F = solve_bound_states(grid, rV, n, kap, E_guess=E, Z_nuc=Z)
        D = np.sum(occ[:, None] * (G * G + F * F), axis=0)
        rV_out = _potential_from_density(grid, Z, N, D, exchange_alpha)
        dV = np.max(np.abs(rV_out - rV)) / Z
        dE = np.inf if E is None else np.max(np.abs(E_new - E) / np.abs(E_new))
        E = E_new
        if dV < tol and dE < tol:
            break
        rV = (1.0 - mixing) * rV + mixing * rV_out
    else:
        raise RuntimeError(f"Dirac–Slater self-consistency for Z={Z} did not converge in {max_iter} iterations")
    orbs = tuple(
        BoundOrbital(name=k, n=int(nn), kappa=int(kk), l=int(x[1]), occupancy=float(o), energy_au=float(e),
                     G=g, F=f)
        for k, nn, kk, x, o, e, g, f in zip(names, n, kap, nlj, occ, E, G, F)
    )
    return DiracSlaterAtom(Z=Z, grid=grid, rV=rV, orbitals=orbs, exchange_alpha=float(exchange_alpha),
                           iterations=it)


# ---------------------------------------------------------------------------------------------
# committed potentials
# ---------------------------------------------------------------------------------------------
def _table_path(symbol: str):
    from importlib import resources

    return resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_{symbol}.npz"


def available_atoms() -> tuple[str, ...]:
    """Elements with a committed Dirac–Slater potential (``data/atoms/dfs_<symbol>.npz``)."""
    from importlib import resources

    d = resources.files("mcpria_lite") / "data" / "atoms"
    return tuple(sorted(p.name[4:-4] for p in d.iterdir() if p.name.startswith("dfs_") and p.name.endswith(".npz")
                        and "_" not in p.name[4:-4]))


def save_atom(atom: DiracSlaterAtom, path, provenance: dict | None = None) -> None:
    """Write the converged potential and eigenvalues of ``atom`` to a compressed ``.npz``."""
    import json

    g = atom.grid
    np.savez_compressed(
        path, Z=atom.Z, rV=atom.rV, grid=np.array([g.r_min, g.r_max, g.h, g.r_c]),
        names=np.array([o.name for o in atom.orbitals]), occupancy=np.array([o.occupancy for o in atom.orbitals]),
        energy_au=np.array([o.energy_au for o in atom.orbitals]), exchange_alpha=atom.exchange_alpha,
        iterations=atom.iterations, provenance=json.dumps(provenance or {}),
    )


@functools.lru_cache(maxsize=None)
def load_atom(element) -> DiracSlaterAtom:
    """The committed self-consistent Dirac–Slater atom (potential from ``data/atoms/dfs_<symbol>.npz``).

    The orbitals are re-solved in the stored potential (≈ 0.1 s). Cached per element.

    Raises
    ------
    ValueError
        If no table exists for ``element`` (see :func:`available_atoms`).
    """
    import json

    from .. import atoms

    sym = atoms.element_symbol(element)
    path = _table_path(sym)
    if not path.is_file():
        raise ValueError(f"element must be one of {available_atoms()} (committed Dirac–Slater tables), got {element!r}")
    with path.open("rb") as fh, np.load(fh) as z:
        grid = RadialGrid(*map(float, z["grid"]))
        names = [str(x) for x in z["names"]]
        occ = z["occupancy"].astype(float)
        E0 = z["energy_au"].astype(float)
        rV = z["rV"].astype(float)
        Z = int(z["Z"])
        alpha = float(z["exchange_alpha"])
        its = int(z["iterations"])
        json.loads(str(z["provenance"]))
    nlj = [_parse_name(k) for k in names]
    n = np.array([x[0] for x in nlj])
    kap = np.array([kappa_of(x[1], x[2]) for x in nlj])
    E, G, F = solve_bound_states(grid, rV, n, kap, E_guess=E0, Z_nuc=Z)
    orbs = tuple(BoundOrbital(name=k, n=int(nn), kappa=int(kk), l=int(x[1]), occupancy=float(o), energy_au=float(e),
                              G=g, F=f) for k, nn, kk, x, o, e, g, f in zip(names, n, kap, nlj, occ, E, G, F))
    atom = DiracSlaterAtom(Z=Z, grid=grid, rV=rV, orbitals=orbs, exchange_alpha=alpha, iterations=its)
    return freeze_arrays(atom)  # cached: read-only for every caller


def self_consistency_residual(atom: DiracSlaterAtom) -> float:
    """max abs(r V_out − r V_in) / Z after one more iteration (≈ 0 for a converged atom)."""
    D = sum(o.occupancy * (o.G ** 2 + o.F ** 2) for o in atom.orbitals)
    rV_out = _potential_from_density(atom.grid, atom.Z, atom.n_electrons, D, atom.exchange_alpha)
    return float(np.max(np.abs(rV_out - atom.rV)) / atom.Z)
