"""Detector response: Gaussian energy resolution and detection efficiency applied to dR/dT.

A detector does not measure the deposited energy T but a reconstructed energy T_rec, distributed
around T with a resolution σ(T), and it records an event with an efficiency ε(T_rec) (trigger,
cuts). The measured spectrum is

    dR/dT_rec = ε(T_rec) ∫ dT  dR/dT(T) · G(T_rec; T, σ(T)),

G a normalised Gaussian. :func:`smear` does the convolution on a grid, :func:`apply_efficiency`
the multiplication, :func:`detector_response` both.

Resolution models (user functions of T in keV returning σ in keV; any callable works):

* :class:`QuadratureResolution`: σ² = σ₀² + F ε T, electronic noise σ₀ in quadrature with the
  Fano-limited statistics of F·(T/ε) charge carriers (semiconductors: HPGe, Si);
* :class:`RelativeResolution`: σ/T = a/√(T/keV) + b, the form fitted by XENON1T to its
  electron-recoil calibration lines; :data:`XENON1T_ER_RESOLUTION` holds the published fit.

Efficiency models: :class:`ErfEfficiency` (a threshold turn-on), :class:`TabulatedEfficiency`
(a published curve, linearly interpolated), or any callable of T_rec returning values in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.special import erf, ndtr

from .. import _validate

__all__ = [
    "QuadratureResolution",
    "RelativeResolution",
    "PolynomialResolution",
    "XENON1T_ER_RESOLUTION",
    "ErfEfficiency",
    "TabulatedEfficiency",
    "smear",
    "apply_efficiency",
    "detector_response",
]


@dataclass(frozen=True)
class QuadratureResolution:
    """σ(T) = √(σ₀² + F ε T): noise ⊕ Fano-limited carrier statistics (keV).

    Attributes
    ----------
    sigma0_keV : float
        Energy-independent (electronic-noise, pedestal) width in keV (≥ 0).
    fano : float
        Fano factor F (≥ 0).
    pair_energy_keV : float
        Mean energy per charge carrier ε in keV (> 0), e.g. the electron–hole pair energy.
    reference : str
        Where the numbers come from.
    """

    sigma0_keV: float
    fano: float
    pair_energy_keV: float
    reference: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sigma0_keV", _validate.nonnegative_scalar("sigma0_keV", self.sigma0_keV, "keV"))
        object.__setattr__(self, "fano", _validate.nonnegative_scalar("fano", self.fano))
        object.__setattr__(self, "pair_energy_keV",
                           _validate.positive_scalar("pair_energy_keV", self.pair_energy_keV, "keV"))

    def __call__(self, T_keV) -> np.ndarray:
        """σ in keV at the deposited energy T (keV, ≥ 0)."""
        T = _validate.nonnegative_array("T_keV", T_keV)
        return np.sqrt(self.sigma0_keV**2 + self.fano * self.pair_energy_keV * T)


@dataclass(frozen=True)
class RelativeResolution:
    """σ(T)/T = a/√(T/keV) + b, i.e. σ = a√(T·keV) + bT (keV).

    Attributes
    ----------
    a : float
        Stochastic term (dimensionless, for T in keV), ≥ 0.
    b : float
        Constant term (dimensionless), ≥ 0.
    reference : str
        Where the numbers come from.
    """

    a: float
    b: float
    reference: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", _validate.nonnegative_scalar("a", self.a))
        object.__setattr__(self, "b", _validate.nonnegative_scalar("b", self.b))

    def __call__(self, T_keV) -> np.ndarray:
        """σ in keV at the deposited energy T (keV, ≥ 0)."""
        T = _validate.nonnegative_array("T_keV", T_keV)
        return self.a * np.sqrt(T) + self.b * T


#: XENON1T electron-recoil energy resolution, σ/E = 31.71 %/√(E/keV) + 0.15 % (Aprile et al.
#: (XENON), Eur. Phys. J. C 80, 785 (2020), arXiv:2003.03825, fit to calibration lines; used
#: down to 1 keV in the XENON1T low-energy electron-recoil analysis). Below ~1 keV it is an
#: extrapolation.
XENON1T_ER_RESOLUTION = RelativeResolution(
    a=0.3171, b=0.0015,
    reference="Aprile et al. (XENON), Eur. Phys. J. C 80, 785 (2020), arXiv:2003.03825",
)


@dataclass(frozen=True)
class PolynomialResolution:
    """σ(T) = Σ_k c_k (T/keV)^k keV: an absolute width polynomial in the deposited energy.

    Attributes
    ----------
    coefficients_keV : tuple of float
        c_0, c_1, … (keV); σ must come out > 0 for T ≥ 0 (checked on 0–100 keV).
    reference : str
        Where the numbers come from (and the range in which the fit holds).
    """

    coefficients_keV: tuple
    reference: str = ""

    def __post_init__(self) -> None:
        c = _validate.finite_array("coefficients_keV", self.coefficients_keV).ravel()
        if c.size < 1:
            raise ValueError("coefficients_keV must hold at least one coefficient (keV)")
        object.__setattr__(self, "coefficients_keV", tuple(float(x) for x in c))
        T = np.linspace(0.0, 100.0, 1001)
        if np.any(np.polynomial.polynomial.polyval(T, c) <= 0):
            raise ValueError(f"coefficients_keV {tuple(c)} give σ(T) <= 0 somewhere in [0, 100] keV")

    def __call__(self, T_keV) -> np.ndarray:
        """σ in keV at the deposited energy T (keV, ≥ 0)."""
        T = _validate.nonnegative_array("T_keV", T_keV)
        return np.polynomial.polynomial.polyval(T, np.asarray(self.coefficients_keV))


@dataclass(frozen=True)
class ErfEfficiency:
    """Threshold turn-on ε(T) = ε_max · ½[1 + erf((T − T₅₀)/(√2 w))].

    Attributes
    ----------
    T50_keV : float
        Energy of 50 % of ε_max (keV, > 0).
    width_keV : float
        Gaussian width w of the turn-on (keV, > 0).
    plateau : float
        ε_max in (0, 1].
    reference : str
        Where the numbers come from.
    """

    T50_keV: float
    width_keV: float
    plateau: float = 1.0
    reference: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "T50_keV", _validate.positive_scalar("T50_keV", self.T50_keV, "keV"))
        object.__setattr__(self, "width_keV", _validate.positive_scalar("width_keV", self.width_keV, "keV"))
        p = _validate.positive_scalar("plateau", self.plateau)
        if p > 1:
            raise ValueError(f"plateau must be in (0, 1], got {p!r}")
        object.__setattr__(self, "plateau", p)

    def __call__(self, T_keV) -> np.ndarray:
        """ε at the reconstructed energy T (keV)."""
        T = _validate.finite_array("T_keV", T_keV)
        return self.plateau * 0.5 * (1.0 + erf((T - self.T50_keV) / (np.sqrt(2.0) * self.width_keV)))


class TabulatedEfficiency:
    """ε(T) linearly interpolated in a table; 0 below the first node, the last value above.

    Parameters
    ----------
    T_keV : array_like
        Strictly increasing energies (keV).
    efficiency : array_like
        Values in [0, 1] at those energies.
    reference : str
        Where the table comes from.
    """

    def __init__(self, T_keV, efficiency, reference: str = ""):
        T = _validate.finite_array("T_keV", T_keV)
        e = _validate.finite_array("efficiency", efficiency)
        if T.ndim != 1 or T.size < 2 or e.shape != T.shape:
            raise ValueError("T_keV and efficiency must be 1-D arrays of the same length (≥ 2)")
        if np.any(np.diff(T) <= 0):
            raise ValueError("T_keV must be strictly increasing")
        if np.any((e < 0) | (e > 1)):
            raise ValueError("efficiency must lie in [0, 1]")
        self.T_keV, self.efficiency, self.reference = _validate.frozen(T), _validate.frozen(e), str(reference)

    def __call__(self, T_keV) -> np.ndarray:
        """ε at the reconstructed energy T (keV)."""
        T = _validate.finite_array("T_keV", T_keV)
        return np.interp(T, self.T_keV, self.efficiency, left=0.0, right=float(self.efficiency[-1]))


def _grid(T_keV, values) -> tuple[np.ndarray, np.ndarray]:
    T = _validate.nonnegative_array("T_keV", T_keV)
    f = _validate.finite_array("values", values)
    if T.ndim != 1 or T.size < 2:
        raise ValueError("T_keV must be a 1-D grid with at least 2 points")
    if np.any(np.diff(T) <= 0):
        raise ValueError("T_keV must be strictly increasing")
    if f.shape != T.shape:
        raise ValueError(f"values must have the shape of T_keV {T.shape}, got {f.shape}")
    return T, f


def _cells(T: np.ndarray) -> np.ndarray:
    """Cell edges around the grid points: the grid's ends and the midpoints (trapezoid weights)."""
    return np.concatenate([[T[0]], 0.5 * (T[1:] + T[:-1]), [T[-1]]])


#: Most points of a grid :func:`smear` accepts (the convolution is O(n²) in time: ≈ 1 s at the cap).
SMEAR_MAX_POINTS = 20_000
#: Elements of one block of the probability matrix (rows × cells): memory stays ≈ 3 × 8 × this bytes.
_SMEAR_BLOCK_ELEMENTS = 2_000_000


def _call_response(name: str, f: Callable, T: np.ndarray) -> np.ndarray:
    """``f(T)`` as a float array of T's shape; a failing call or another shape is a ``ValueError``
    naming ``name`` (the user's callable)."""
    try:
        out = np.asarray(f(T), dtype=float)
    except Exception as exc:  # noqa: BLE001 - any failure of the user's callable is reported as bad input
        raise ValueError(f"{name} must be a callable of one array of energies T_keV (keV); calling it with an "
                         f"array of shape {T.shape} raised {type(exc).__name__}: {exc}") from None
    try:
        return np.broadcast_to(out, T.shape)
    except ValueError:
        raise ValueError(f"{name}(T_keV) must return a scalar or an array of the shape of T_keV {T.shape}, "
                         f"got shape {out.shape}") from None


def smear(T_keV, values, sigma_keV: Callable) -> np.ndarray:
    """Convolve a spectrum with a Gaussian resolution σ(T): dR/dT_rec on the same grid.

    The spectrum is read as trapezoid-weighted samples f_i at the grid points T_i (cell widths
    w_i between midpoints). The events of cell i, w_i f_i, are spread over the reconstructed-energy
    cells j with the exact Gaussian probabilities P_ij = Φ((e_{j+1} − T_i)/σ_i) − Φ((e_j − T_i)/σ_i),
    σ_i = σ(T_i) at the *true* energy, and divided by w_j:

        smeared_j = Σ_i w_i f_i P_ij / w_j.

    Hence the trapezoid integral is preserved exactly up to the Gaussian tails that leave the
    grid, ∫ smeared = Σ_i w_i f_i [Φ((T_N − T_i)/σ_i) − Φ((T_0 − T_i)/σ_i)]; choose a grid that
    extends a few σ beyond the spectrum (events reconstructed outside the grid are lost, as
    below a detector's threshold; a spectrum that does not vanish at the grid's ends loses about
    half of the events of the end cells). Each value is a cell average of the smeared density.

    Parameters
    ----------
    T_keV : array_like
        Strictly increasing 1-D grid of energies (keV, ≥ 0); need not be uniform.
    values : array_like
        dR/dT at the grid points (any unit per keV), same shape.
    sigma_keV : callable
        σ(T) in keV for an array of true energies T (keV); finite and ≥ 0 on the grid (σ = 0:
        that point is not smeared).

    Returns
    -------
    numpy.ndarray
        The smeared spectrum at the grid points, same unit as ``values``.
    """
    T, f = _grid(T_keV, values)
    if T.size > SMEAR_MAX_POINTS:
        raise ValueError(f"T_keV may hold at most {SMEAR_MAX_POINTS} points for smear (the convolution is O(n²) "
                         f"in time), got {T.size}")
    if not callable(sigma_keV):
        raise ValueError("sigma_keV must be a callable σ(T_keV) returning keV")
    sig = _call_response("sigma_keV", sigma_keV, T)
    if not np.all(np.isfinite(sig)) or np.any(sig < 0):
        raise ValueError("sigma_keV(T) must be finite and >= 0 keV at every grid point")
    e = _cells(T)
    w = np.diff(e)
    zero = sig == 0
    out = np.zeros(T.size)
    rows = max(1, _SMEAR_BLOCK_ELEMENTS // (T.size + 1))  # blocks of rows: memory O(n), not O(n²)
    for lo in range(0, T.size, rows):
        i = slice(lo, min(lo + rows, T.size))
        z = (e[None, :] - T[i, None]) / np.where(zero[i], 1.0, sig[i])[:, None]  # (rows, edges)
        P = np.diff(ndtr(z), axis=1)  # (rows, j)
        if np.any(zero[i]):  # no smearing where σ = 0 (e.g. σ ∝ √T at T = 0)
            k = np.flatnonzero(zero[i])
            P[k] = 0.0
            P[k, lo + k] = 1.0
        out += (w[i] * f[i]) @ P
    return out / w


def apply_efficiency(T_keV, values, efficiency: Callable) -> np.ndarray:
    """values × ε(T): the detection efficiency at the reconstructed energy, applied multiplicatively."""
    T = _validate.finite_array("T_keV", T_keV)
    f = _validate.finite_array("values", values)
    if not callable(efficiency):
        raise ValueError("efficiency must be a callable ε(T_keV) with values in [0, 1]")
    try:
        shape = np.broadcast_shapes(T.shape, f.shape)
    except ValueError:
        raise ValueError(f"the shapes of T_keV {T.shape} and values {f.shape} do not broadcast together") from None
    eps = _call_response("efficiency", efficiency, np.broadcast_to(T, shape))
    if not np.all(np.isfinite(eps)) or np.any((eps < 0) | (eps > 1)):
        raise ValueError("efficiency(T) must return values in [0, 1]")
    return f * eps


def detector_response(T_keV, values, resolution: Callable | None = None,
                      efficiency: Callable | None = None) -> np.ndarray:
    """The measured spectrum: :func:`smear` with ``resolution`` (if given), then ``efficiency`` (if given)."""
    T, f = _grid(T_keV, values)
    out = smear(T, f, resolution) if resolution is not None else f.copy()
    return apply_efficiency(T, out, efficiency) if efficiency is not None else out
