"""Monotone piecewise-cubic (PCHIP) interpolation coefficients, without importing scipy.interpolate.

Used for the atoms' Compton profiles (:mod:`mcpria_lite.targets.atoms`) and the measured ⁸B neutrino
spectrum (:mod:`mcpria_lite.sources.solar`). scipy's ``PchipInterpolator`` gives the same coefficients
(a test compares them); its import alone costs more than building every profile of a target.
"""

from __future__ import annotations

import numpy as np

__all__ = ["pchip_coefficients", "pchip_evaluate", "pchip_integral"]


def pchip_coefficients(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Piecewise-cubic coefficients c (4, n − 1, …) of the PCHIP interpolant of y(x) along axis 0.

    Fritsch–Carlson derivatives (weighted harmonic mean of the neighbouring slopes, zero at a
    change of sign) with Moler's one-sided, shape-preserving end points, exactly as
    ``scipy.interpolate.PchipInterpolator`` (``.c``; a test compares them), whose import alone
    costs more than building every profile of a target.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    y2 = y.reshape(y.shape[0], -1)
    h = np.diff(x)[:, None]
    m = np.diff(y2, axis=0) / h
    d = np.zeros_like(y2)
    if y2.shape[0] == 2:
        d[0] = d[1] = m[0]
    else:
        sm = np.sign(m)
        cond = (sm[1:] != sm[:-1]) | (m[1:] == 0) | (m[:-1] == 0)
        w1 = 2 * h[1:] + h[:-1]
        w2 = h[1:] + 2 * h[:-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            whmean = (w1 / m[:-1] + w2 / m[1:]) / (w1 + w2)
        inner = np.zeros_like(whmean)
        inner[~cond] = 1.0 / whmean[~cond]
        d[1:-1] = inner

        def edge(h0, h1, m0, m1):
            e = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
            mask = np.sign(e) != np.sign(m0)
            mask2 = (np.sign(m0) != np.sign(m1)) & (np.abs(e) > 3.0 * np.abs(m0))
            e = np.where(mask, 0.0, np.where(~mask & mask2, 3.0 * m0, e))
            return e

        d[0] = edge(h[0], h[1], m[0], m[1])
        d[-1] = edge(h[-1], h[-2], m[-1], m[-2])
    t = (d[:-1] + d[1:] - 2 * m) / h
    c = np.stack((t / h, (m - d[:-1]) / h - t, d[:-1], y2[:-1]))
    return c.reshape((4, y.shape[0] - 1) + y.shape[1:])


def pchip_evaluate(x_nodes: np.ndarray, c: np.ndarray, x) -> np.ndarray:
    """The piecewise cubic with coefficients ``c`` (:func:`pchip_coefficients`) at ``x``; 0 outside the nodes."""
    x = np.asarray(x, dtype=float)
    i = np.clip(np.searchsorted(x_nodes, x, side="right") - 1, 0, x_nodes.size - 2)
    d = x - x_nodes[i]
    v = ((c[0, i] * d + c[1, i]) * d + c[2, i]) * d + c[3, i]
    return np.where((x >= x_nodes[0]) & (x <= x_nodes[-1]), v, 0.0)


def pchip_integral(x_nodes: np.ndarray, c: np.ndarray) -> float:
    """The exact integral of the piecewise cubic over the whole node range."""
    h = np.diff(x_nodes)
    return float(np.sum(c[0] * h**4 / 4 + c[1] * h**3 / 3 + c[2] * h**2 / 2 + c[3] * h))
