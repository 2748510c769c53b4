"""The ln Q² quadrature of the ab initio method (DFS): integration windows, cells and nodes.

A row (T, E) of a cross section or rate integrates in s = ln Q² (Q² = q² − T²) from the forward limit
Q²min to Q²max (``_window``, cancellation-free). The cells' edges depend on T alone
(``_cell_edges``): a lattice in ln Q² and the edges at fixed Ribberfors p_z around the
free-electron ridge (:data:`mcpria_lite.methods.dfs_quadrature.PZ_EDGES_AU`), so that every projectile energy of one T shares the atomic
response on every cell; each cell carries _N_GL Gauss–Legendre nodes (``_gl``), and the cells cut
by a window's ends are interpolated from the full cell's nodes (their interpolating polynomial, in
:mod:`mcpria_lite.methods.dfs`). Rows are processed in chunks of distinct T (``_chunks_by_T``): memory bounded
whatever the number of energies. The integrands (lepton tensors × responses) are in
:mod:`mcpria_lite.methods.dfs`.
"""

from __future__ import annotations

import numpy as np

from .. import _kinematics_generated as _kg
from ..units import AU_MOMENTUM_KEV, M_E

__all__ = ["PZ_EDGES_AU"]

#: Panel edges in p_z (a.u.) around the free-electron ridge, used on both sides.
PZ_EDGES_AU = (0.0, 0.3, 0.7, 1.5, 3.0, 6.0, 12.0, 25.0, 50.0, 100.0)
_LATTICE_DS = 1.0  # spacing of the fixed cell edges in ln Q² (plus the ridge edges)
_N_GL = 6
_GL_X, _GL_W = np.polynomial.legendre.leggauss(_N_GL)
_U_CHUNK = 512       # distinct T per pass (bounds the master-node arrays: ~ n_c × 6 × 8 B × 8 arrays per T)
_ROW_CHUNK = 4096    # rows (T, E) per pass of the row-wise parts


def _q_window(T, E, m):
    """k, k′, q_min = k − k′ (cancellation-free), q_max, Q²min = q_min² − T² (cancellation-free)."""
    Ep = E - T
    k = np.sqrt((E - m) * (E + m))
    kp = np.sqrt((Ep - m) * (Ep + m))
    qmin = T * (E + Ep) / (k + kp)
    m2 = m * m
    Q2min = T * (m2 / (E + k) + m2 / (Ep + kp)) / (k + kp) * (qmin + T)
    qmax = k + kp
    return k, kp, qmin, qmax, Q2min


def _window(T, E, m):
    """Integration window in s = ln Q² per row: (lo, hi, Q²min, Q²max)."""
    _, _, _, qmax, Q2min = _q_window(T, E, m)
    Q2max = (qmax - T) * (qmax + T)
    # m = 0 (no millicharge term): the integrand vanishes like Q² at Q² → 0; start 30 e-folds below T²
    lo = np.log(np.where(Q2min > 0, Q2min, 1e-13 * T * T))
    return lo, np.log(Q2max), Q2min, Q2max


def _cell_edges(T, lo, hi):
    """Cell edges in s = ln Q² that depend on T alone (per row of T, from an edge at or below ``lo`` to
    one at or above ``hi``): a lattice of spacing _LATTICE_DS from s = ln T² − 8 to the ridge edge at
    p_z = +100 a.u., of spacing 4 _LATTICE_DS beyond (where the integrand is smooth: the nearly real
    photons, and the tail far above the ridge), and the ridge edges at the fixed p_z of
    :data:`PZ_EDGES_AU`. Shape (n, n_edges), +inf-padded."""
    pz = np.array(sorted({sg * p for p in PZ_EDGES_AU for sg in (-1.0, 1.0)})) * AU_MOMENTUM_KEV
    qr = _kg.q_of_pz(pz[None, :], T[:, None], M_E)
    with np.errstate(divide="ignore", invalid="ignore"):
        ridge = np.log((qr - T[:, None]) * (qr + T[:, None]))
    d, D = _LATTICE_DS, 4 * _LATTICE_DS
    rows = []
    for j in range(T.size):
        f_lo = np.floor((np.log(T[j] ** 2) - 8.0) / d) * d
        f_hi = max(np.ceil(ridge[j, -1] / d) * d, f_lo + d)
        below = f_lo - D * np.arange(1, max(int(np.ceil((f_lo - lo[j]) / D)), 0) + 1)
        above = f_hi + D * np.arange(1, max(int(np.ceil((hi[j] - f_hi) / D)), 0) + 1)
        lat = np.concatenate([below, np.arange(f_lo, f_hi + 0.5 * d, d), above])
        first = lat[lat <= lo[j]].max(initial=lat.min())
        last = lat[lat >= hi[j]].min(initial=lat.max())
        lat = lat[(lat >= first) & (lat <= last)]
        r = ridge[j][np.isfinite(ridge[j]) & (ridge[j] > first) & (ridge[j] < last)]
        rows.append(np.sort(np.concatenate([lat, r])))
    n = max(2, max(len(e) for e in rows))
    out = np.full((T.size, n), np.inf)
    for j, e in enumerate(rows):
        out[j, : len(e)] = e
    return out


def _gl(a, b):
    """Gauss–Legendre nodes s and weights over the cells [a, b] (broadcast), shape a.shape + (n_GL,)."""
    half = (b - a) / 2
    return ((a + b) / 2)[..., None] + half[..., None] * _GL_X, half[..., None] * _GL_W


def _end_cells_of_rows(edges, inv, lo, hi):
    """Per row: the cells that hold the window's ends (c_lo, c_hi), vectorised (edges +inf-padded)."""
    e = edges[inv]
    n_fin = np.sum(np.isfinite(e), axis=1)
    c_lo = np.clip(np.sum(e <= lo[:, None], axis=1) - 1, 0, n_fin - 2)
    c_hi = np.clip(np.sum(e < hi[:, None], axis=1) - 1, 0, n_fin - 2)
    return c_lo, c_hi


def _kperp2(Q2, q, T, E, m, Q2min, Q2max):
    return np.maximum((Q2 - Q2min) * (Q2max - Q2), 0.0) / (4 * q * q)


def _chunks_by_T(T):
    """(distinct T, the rows of each chunk of distinct T, their index into the chunk's T) in chunks of
    :data:`_U_CHUNK` distinct T."""
    uT, inv = np.unique(T, return_inverse=True)
    order = np.argsort(inv, kind="stable")
    bounds = np.searchsorted(inv[order], np.arange(0, uT.size + _U_CHUNK, _U_CHUNK))
    for c, u0 in enumerate(range(0, uT.size, _U_CHUNK)):
        rows = order[bounds[c]: bounds[c + 1]]
        yield uT[u0: u0 + _U_CHUNK], rows, inv[rows] - u0
