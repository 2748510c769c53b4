"""A user's own sources: tabulated, callable, line and power-law spectra.

* ``tabulated_flux``: arrays (E, dφ/dE), interpolated log–log (power law between nodes) or
  linearly;
* ``callable_flux``: any function dφ/dE(E) on a finite range [E_min, E_max];
* ``line_flux``: one or several monochromatic lines (no energy range needed);
* ``power_law_flux``: A (E/E_pivot)^(−γ) on [E_min, E_max], E_max may be infinite.

Each constructor validates its input: energies at or above the projectile mass, non-negative
spectra, lines inside a given range -- a ``ValueError`` otherwise, never a silently empty source.

Quadrature rules:

* power law E^−α to infinity: Gauss–Jacobi in y = E_lo/E ∈ (0, 1], whose weight function
  y^(α−3) (α > 2; y^(α−2) for α ≤ 2) carries the spectrum; for α > 2 the rule is exact for
  f ∈ span{E, 1, 1/E, …, E^−(2n−2)} (cross sections tend to a constant plus powers of 1/E at
  large E). Integrands growing like ln E converge algebraically: ~1e-7 relative at n = 64.
* power law on a finite interval [E_lo, E_hi]: Gauss–Legendre in ln E, where the integrand
  E^(1−α) f(E) is an entire function of ln E for f polynomial in 1/E.
* tabulated and callable spectra: composite Gauss–Legendre in ln E (in E on a panel starting at
  E = 0), ⌈n/P⌉ nodes on each of P panels. A table's panels are its own intervals (so the kinks of
  the interpolant sit on panel edges and the rule converges exponentially inside each), grouped
  into n/2 panels when the table has more intervals than that; a callable's panels are split at
  its ``breakpoints_keV``.
* lines: one node per line at its energy, weight φ_line if E_lo ≤ E_line ≤ E_hi, else 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal

import numpy as np

from .. import _validate
from ..particles.projectiles import Projectile
from .flux import (_FOUR_PI, Flux, _check_lines, _check_projectile, _gauss_jacobi_unit,
                   _gauss_legendre)

__all__ = ["LineFlux", "PowerLawFlux", "TabulatedFlux", "CallableFlux", "tabulated_flux", "callable_flux",
           "line_flux", "power_law_flux"]


@dataclass(frozen=True, kw_only=True)
class LineFlux(Flux):
    """Monochromatic lines only (⁷Be, pep, or ``line_flux``): no continuum.

    ``E_min_keV``/``E_max_keV`` default to the lowest and highest line; every line must lie
    inside them and above the projectile mass.
    """

    # ``None``: the lowest/highest line; a float after __post_init__, as for every Flux
    E_min_keV: float | None = None  # type: ignore[assignment]
    E_max_keV: float | None = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        m = _check_projectile(self.projectile).mass_keV
        lines = _check_lines(self.lines, m)
        if not lines:
            raise ValueError("lines must hold at least one (E_keV, phi_cm2_s) pair")
        Es = [E for E, _ in lines]
        if self.E_min_keV is None:
            object.__setattr__(self, "E_min_keV", min(Es))
        if self.E_max_keV is None:
            object.__setattr__(self, "E_max_keV", max(Es))
        super().__post_init__()

    @property
    def has_continuum(self) -> bool:
        return False

    def _continuum_total(self) -> float:
        return 0.0


#: The largest total flux (cm⁻² s⁻¹ at unit couplings) a power law may carry: rates are computed at
#: unit couplings and multiply it by cross sections × atoms per kg × seconds per day (≲ 1e15), which
#: must stay inside float64 (1.8e308) with room to spare.
MAX_FLUX_CM2_S = 1e250


def _log_power_law_total(A: float, alpha: float, p: float, lo: float, hi: float) -> float:
    """ln of (an upper bound of) ∫_lo^hi A (E/p)^(−α) dE, computed in logs (never overflows)."""
    x1 = math.log(lo / p)
    k = 1.0 - alpha
    if not math.isfinite(hi):
        return math.log(A * p) + k * x1 - math.log(alpha - 1.0)
    x2 = math.log(hi / p)
    return math.log(A * p) + max(k * x1, k * x2) + math.log(max(x2 - x1, 1e-300))


def _check_power_law_magnitude(name: str, A: float, alpha: float, p: float, lo: float, hi: float) -> None:
    """``ValueError`` naming ``name`` (the spectral index) when the flux exceeds :data:`MAX_FLUX_CM2_S`."""
    limit = math.log(MAX_FLUX_CM2_S)
    L = _log_power_law_total(A, alpha, p, lo, hi)
    if L <= limit:
        return
    hint = ""
    if not math.isfinite(hi) and lo < p:  # falling to infinity from below the pivot: bisect the largest index
        a, b = 1.0 + 1e-9, alpha
        for _ in range(200):
            mid = 0.5 * (a + b)
            a, b = (mid, b) if _log_power_law_total(A, mid, p, lo, hi) <= limit else (a, mid)
        hint = f"; the largest {name} for E_min = {lo:g} keV (pivot {p:g} keV) is {a:.4g}"
    raise ValueError(
        f"{name} = {alpha:g}: the flux at unit coupling would integrate to ~1e{L / math.log(10):.0f} cm^-2 s^-1 "
        f"(E from {lo:g} to {hi:g} keV, pivot {p:g} keV), beyond what float64 rates can hold "
        f"({MAX_FLUX_CM2_S:g}): rates are computed at unit coupling{hint}")


@dataclass(frozen=True, kw_only=True)
class PowerLawFlux(Flux):
    """A power law dφ/dE = A (E/E_pivot)^(−α) on [E_min, E_max] (cm⁻² s⁻¹ keV⁻¹, Ω folded in).

    Build it with ``power_law_flux`` or, for dark cosmic rays, ``dark_cosmic_rays``
    (Hu, Kusenko & Takhistov 2017: A = N δ^(α−1) (GeV/m_χ) GeV⁻¹ sr⁻¹ × Ω at E_pivot = 1 GeV).

    Attributes
    ----------
    alpha : float
        Spectral index α (> 1 if E_max is infinite).
    amplitude_cm2_s_keV : float
        A, the flux density at the pivot (solid angle included), cm⁻² s⁻¹ keV⁻¹ at δ = 1.
    pivot_keV : float
        E_pivot in keV.
    normalisation, E_min_factor : float or None
        For dark cosmic rays, N (cm⁻² s⁻¹ GeV⁻¹ sr⁻¹) and E_min/m_χ (``None``: kinematic);
        ``None`` for a generic power law.
    """

    alpha: float
    amplitude_cm2_s_keV: float
    pivot_keV: float
    normalisation: float | None = None
    E_min_factor: float | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        a = _validate.finite_array("alpha", self.alpha)
        if a.ndim != 0:
            raise ValueError(f"alpha must be a finite scalar, got {self.alpha!r}")
        if not math.isfinite(self.E_max_keV) and not a > 1:
            raise ValueError(f"alpha must be > 1 for a power law extending to E_max_keV = inf (allowed range "
                             f"(1, inf)), got {self.alpha!r}")
        _validate.positive_scalar("amplitude_cm2_s_keV", self.amplitude_cm2_s_keV, "cm^-2 s^-1 keV^-1")
        _validate.positive_scalar("pivot_keV", self.pivot_keV, "keV")
        if not self.E_min_keV > 0:
            raise ValueError(f"E_min_keV must be > 0 keV for a power law, got {self.E_min_keV!r}")
        if not self.E_min_keV < self.E_max_keV:
            raise ValueError(f"E_min_keV must be < E_max_keV, got [{self.E_min_keV!r}, {self.E_max_keV!r}] keV")
        _check_power_law_magnitude("alpha", float(self.amplitude_cm2_s_keV), float(a), float(self.pivot_keV),
                                   self.E_min_keV, self.E_max_keV)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        return self.amplitude_cm2_s_keV * np.exp(-self.alpha * np.log(E / self.pivot_keV))

    def _continuum_total(self) -> float:
        A, p, a = self.amplitude_cm2_s_keV, self.pivot_keV, self.alpha
        x1 = math.log(self.E_min_keV / p)
        if not math.isfinite(self.E_max_keV):
            return A * p * math.exp((1.0 - a) * x1) / (a - 1.0)
        x2 = math.log(self.E_max_keV / p)
        k = 1.0 - a
        if k == 0.0:
            return A * p * (x2 - x1)
        return A * p * math.exp(k * x1) * math.expm1(k * (x2 - x1)) / k

    def _continuum_rule(self, a, b, n):
        alpha = self.alpha
        A, piv = self.amplitude_cm2_s_keV, self.pivot_keV
        a = a[..., None]
        b = b[..., None]
        # (i) b = inf: E = a / y, ∫_a^∞ A (E/p)^-α f dE = A p (a/p)^(1-α) ∫_0^1 y^(α-2) f(a/y) dy.
        # Gauss–Jacobi with weight y^(α-2-s) applied to y^s f(a/y): s = 1 for α > 2 makes the rule
        # exact for f ∈ span{E, 1, 1/E, ..., E^-(2n-2)}; s = 0 for α ≤ 2 (where ∫E dφ diverges).
        finite = np.isfinite(b)
        if np.all(finite):
            E_inf = w_inf = None
        else:
            shift = 1.0 if alpha > 2.0 else 0.0
            y, v = _gauss_jacobi_unit(n, alpha - 2.0 - shift)
            E_inf = a / y
            w_inf = A * piv * np.exp((1.0 - alpha) * np.log(a / piv)) * (v * y**shift)
        # (ii) b finite: t = ln E, ∫ A (E/p)^-α E f dt (Gauss–Legendre in ln E)
        x, w = _gauss_legendre(n)
        bb = np.where(finite, b, 2.0 * a)
        la, lb = np.log(a), np.log(bb)
        half = 0.5 * (lb - la)
        t = la + half * (x + 1.0)
        E_fin = np.exp(t)
        w_fin = A * piv * half * w * np.exp((1.0 - alpha) * (t - math.log(piv)))
        if E_inf is None:
            return E_fin, w_fin
        return np.where(finite, E_fin, E_inf), np.where(finite, w_fin, w_inf)


# --- tabulated and callable spectra: composite Gauss–Legendre on panels ------------------------------
def _panel_rule(edges: np.ndarray, a: np.ndarray, b: np.ndarray, n: int, density: Callable):
    """Composite Gauss–Legendre over fixed panels ``edges`` (finite, increasing), restricted to [a, b].

    ⌈n/P⌉ nodes per panel, in ln E on panels with a positive lower edge, in E otherwise. Returns
    nodes and weights of shape a.shape + (P·⌈n/P⌉,), the weights multiplied by density(E).
    """
    P = edges.size - 1
    m = -(-n // P)
    x, wg = _gauss_legendre(m)
    e0, e1 = edges[:-1], edges[1:]
    lo = np.clip(a[..., None], e0, e1)
    hi = np.clip(b[..., None], e0, e1)
    empty = ~(hi > lo)
    lo = np.where(empty, e0, lo)
    hi = np.where(empty, e1, hi)
    log = e0 > 0
    la = np.log(np.where(log, lo, 1.0))[..., None]
    lb = np.log(np.where(log, hi, 1.0))[..., None]
    hl = 0.5 * (lb - la)
    E_log = np.exp(la + hl * (x + 1.0))
    w_log = hl * wg * E_log
    lo_, hi_ = lo[..., None], hi[..., None]
    hlin = 0.5 * (hi_ - lo_)
    E_lin = lo_ + hlin * (x + 1.0)
    w_lin = hlin * wg
    sel = log[:, None]
    E = np.where(sel, E_log, E_lin)
    w = np.where(sel, w_log, w_lin)
    w = np.where(empty[..., None], 0.0, w * density(E))
    shape = a.shape + (P * m,)
    return E.reshape(shape), w.reshape(shape)


def _check_density(name: str, values, E) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if v.shape != np.shape(E):
        v = np.broadcast_to(v, np.shape(E))
    if not np.all(np.isfinite(v)) or np.any(v < 0):
        bad = np.asarray(E)[~(np.isfinite(v) & (v >= 0))]
        raise ValueError(f"{name} must return finite values >= 0 cm^-2 s^-1 keV^-1 (allowed range [0, inf)); "
                         f"got a negative or non-finite value at E = {float(bad.ravel()[0])!r} keV")
    return v


@dataclass(frozen=True, kw_only=True)
class TabulatedFlux(Flux):
    """A spectrum tabulated at energies E_i (total energy, keV), interpolated between them.

    ``interpolation="log-log"``: a power law between neighbouring nodes,
    dφ/dE = y_i (E/E_i)^s_i with s_i = ln(y_{i+1}/y_i)/ln(E_{i+1}/E_i) (linear on an interval
    where one end is 0); ``"linear"``: straight lines. 0 outside [E_0, E_N]. Build it with
    ``tabulated_flux``.
    """

    E_table_keV: tuple[float, ...]
    dphi_dE_table: tuple[float, ...]
    interpolation: Literal["log-log", "linear"] = "log-log"
    _E: np.ndarray = field(init=False, repr=False, compare=False)  # set by __post_init__
    _y: np.ndarray = field(init=False, repr=False, compare=False)
    _total: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        E = np.array(self.E_table_keV, dtype=float)
        y = np.array(self.dphi_dE_table, dtype=float)
        E.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "_E", E)
        object.__setattr__(self, "_y", y)
        dx = np.diff(E)
        # the integral in logs, segment by segment (tables may span 1e-300 ... 1e300)
        logs = []
        for i in range(E.size - 1):
            y0, y1 = float(y[i]), float(y[i + 1])
            if self.interpolation == "log-log" and y0 > 0 and y1 > 0:
                L = math.log(E[i + 1] / E[i])
                s1 = (math.log(y1) - math.log(y0)) / L + 1.0
                x = s1 * L  # ∫ = y0 E_i (e^x − 1)/s1 = y0 E_i L (e^x − 1)/x
                rel = (x - math.log(x) if x > 30 else math.log(math.expm1(x) / x)) if x > 0 else (
                    0.0 if x == 0 else math.log(-math.expm1(x) / -x))
                logs.append(math.log(y0) + math.log(E[i]) + math.log(L) + rel)
            elif y0 > 0 or y1 > 0:
                logs.append(math.log(0.5 * dx[i]) + math.log(y0 + y1) if y0 + y1 < 1e300 else
                            math.log(0.5 * dx[i]) + math.log(max(y0, y1)) + math.log1p(min(y0, y1) / max(y0, y1)))
        top = max(logs, default=-math.inf)
        log_total = top + math.log(sum(math.exp(v - top) for v in logs)) if logs else -math.inf
        if log_total > math.log(MAX_FLUX_CM2_S):
            raise ValueError(f"dphi_dE: the table integrates to ~1e{log_total / math.log(10):.0f} cm^-2 s^-1, beyond "
                             f"what float64 rates can hold ({MAX_FLUX_CM2_S:g}; rates are computed at unit coupling)")
        object.__setattr__(self, "_total", math.exp(log_total) if logs else 0.0)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        Et, yt = self._E, self._y
        if self.interpolation == "linear":
            return np.interp(E, Et, yt)
        i = np.clip(np.searchsorted(Et, E, side="right") - 1, 0, Et.size - 2)
        E0, E1, y0, y1 = Et[i], Et[i + 1], yt[i], yt[i + 1]
        pos = (y0 > 0) & (y1 > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ly0 = np.log(np.where(pos, y0, 1.0))
            s = np.where(pos, (np.log(np.where(pos, y1, 1.0)) - ly0) / np.log(E1 / E0), 0.0)
            ll = np.exp(ly0 + s * np.log(E / E0))  # in logs: never above max(y0, y1)
        lin = y0 + (y1 - y0) * (E - E0) / (E1 - E0)
        return np.where(pos, ll, lin)

    def _continuum_total(self) -> float:
        return self._total

    def _edges(self, n: int) -> np.ndarray:
        K = self._E.size - 1
        P = min(K, max(1, n // 2))
        idx = np.unique(np.round(np.linspace(0, K, P + 1)).astype(int))
        return self._E[idx]

    def _n_continuum(self, n: int) -> int:
        P = self._edges(n).size - 1
        return P * -(-n // P)

    def _continuum_rule(self, a, b, n):
        return _panel_rule(self._edges(n), a, b, n, self._continuum)


@dataclass(frozen=True, kw_only=True)
class CallableFlux(Flux):
    """A spectrum given by a function dφ/dE(E) (cm⁻² s⁻¹ keV⁻¹, E total energy in keV) on a
    finite range. Build it with ``callable_flux``.

    ``breakpoints_keV`` split the range into panels (put them at kinks or steps of the function);
    the total flux is computed once with 32 Gauss–Legendre nodes on each of 16 sub-panels of
    every panel.
    """

    function: Callable
    breakpoints_keV: tuple[float, ...] = ()
    _total: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not callable(self.function):
            raise ValueError(f"dphi_dE must be a callable f(E_keV) -> cm^-2 s^-1 keV^-1, got {self.function!r}")
        if not (math.isfinite(self.E_max_keV) and self.E_min_keV < self.E_max_keV):
            raise ValueError(f"E_min_keV < E_max_keV, both finite, is required for a callable spectrum (use "
                             f"power_law_flux for a tail to infinity), got [{self.E_min_keV!r}, {self.E_max_keV!r}]")
        for bp in self.breakpoints_keV:
            if not (isinstance(bp, (int, float)) and self.E_min_keV < bp < self.E_max_keV):
                raise ValueError(f"breakpoints_keV must lie strictly inside (E_min_keV, E_max_keV) = "
                                 f"({self.E_min_keV!r}, {self.E_max_keV!r}) keV, got {bp!r}")
        edges = self._edges()
        fine = np.unique(np.concatenate([np.linspace(e0, e1, 17) if e0 <= 0 else np.geomspace(e0, e1, 17)
                                         for e0, e1 in zip(edges[:-1], edges[1:])]))
        with np.errstate(over="ignore"):  # an overflow is reported below, naming the function
            _, w = _panel_rule(fine, np.asarray(self.E_min_keV), np.asarray(self.E_max_keV), 32 * (fine.size - 1),
                               self._continuum)
            total = float(np.sum(w))
        if not total <= MAX_FLUX_CM2_S:
            raise ValueError(f"dphi_dE: the function integrates to {total:g} cm^-2 s^-1 over [{self.E_min_keV:g}, "
                             f"{self.E_max_keV:g}] keV, beyond what float64 rates can hold ({MAX_FLUX_CM2_S:g}; "
                             "rates are computed at unit coupling)")
        object.__setattr__(self, "_total", total)

    def _edges(self) -> np.ndarray:
        return np.array([self.E_min_keV, *sorted(self.breakpoints_keV), self.E_max_keV], dtype=float)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        E = np.asarray(E, dtype=float)
        try:
            v = self.function(E)
        except Exception:  # noqa: BLE001 - a scalar-only user function
            try:
                v = np.vectorize(lambda e: float(self.function(float(e))), otypes=[float])(E)
            except Exception as exc:  # noqa: BLE001 - the user's function failing is bad input, named
                raise ValueError(f"dphi_dE (the callable f(E_keV)) raised {type(exc).__name__}: {exc}") from None
        return _check_density("dphi_dE", v, E)

    def _continuum_total(self) -> float:
        return self._total

    def _n_continuum(self, n: int) -> int:
        P = self._edges().size - 1
        return P * -(-n // P)

    def _continuum_rule(self, a, b, n):
        return _panel_rule(self._edges(), a, b, n, self._continuum)


def _solid_angle(solid_angle_sr):
    if solid_angle_sr is None:
        return None, 1.0
    om = _validate.positive_scalar("solid_angle_sr", solid_angle_sr, "sr")
    if om > _FOUR_PI * (1.0 + 1e-12):
        raise ValueError(f"solid_angle_sr must be in (0, 4*pi] sr or None, got {solid_angle_sr!r}")
    return om, om


def _energy_offset(energy: str, projectile: Projectile) -> float:
    _validate.choice("energy", energy, ("total", "kinetic"))
    return projectile.mass_keV if energy == "kinetic" else 0.0


def _check_range(E_min_keV, E_max_keV, m: float, allow_inf: bool) -> tuple[float, float]:
    lo = _validate.nonnegative_scalar("E_min_keV", E_min_keV, "keV")
    hi: np.ndarray | float  # the array, then its float
    hi = np.asarray(E_max_keV, dtype=float) if E_max_keV is not None else np.asarray(np.inf)
    if hi.ndim != 0 or np.isnan(hi) or (not allow_inf and not np.isfinite(hi)):
        raise ValueError(f"E_max_keV must be a {'' if allow_inf else 'finite '}number in keV, got {E_max_keV!r}")
    hi = float(hi)
    if not lo < hi:
        raise ValueError(f"E_min_keV must be < E_max_keV (keV), got [{E_min_keV!r}, {E_max_keV!r}]")
    if lo < m:
        raise ValueError(f"E_min_keV must be >= the projectile mass m = {m:g} keV (E is the total energy; "
                         f"allowed range [m, E_max_keV)), got {lo!r}")
    return lo, hi


def tabulated_flux(E_keV, dphi_dE, *, projectile: Projectile | None = None,
                   interpolation: Literal["log-log", "linear"] = "log-log", energy: Literal["total", "kinetic"] = "total",
                   solid_angle_sr: float | None = None, delta_power: float = 0.0,
                   name: str = "tabulated flux") -> TabulatedFlux:
    """A source from a table of the differential flux dφ/dE.

    Parameters
    ----------
    E_keV : array_like
        Strictly increasing energies in keV (≥ 2 nodes), total energy E (or the kinetic energy
        with ``energy="kinetic"``: then E = kinetic + m). The lowest total energy must be ≥ the
        projectile mass; > 0 for ``interpolation="log-log"``.
    dphi_dE : array_like
        dφ/dE at those energies, cm⁻² s⁻¹ keV⁻¹ (or per sr with ``solid_angle_sr``), finite
        and ≥ 0, not all 0.
    projectile : Projectile
        The particle of the source (:mod:`mcpria_lite.particles.projectiles`), required.
    interpolation : {"log-log", "linear"}
        ``"log-log"`` (default): linear in (ln E, ln dφ/dE), i.e. a power law between nodes
        (linear on an interval where one end is 0); ``"linear"``: linear in (E, dφ/dE).
        The flux is 0 outside the table.
    energy : {"total", "kinetic"}
        Whether ``E_keV`` holds total or kinetic energies.
    solid_angle_sr : float or None
        ``None`` (default): the table is per cm² s keV. A number in (0, 4π]: the table is per sr
        and is multiplied by it.
    delta_power : float
        The flux scales as δ**delta_power (0 by default).
    name : str
        Label.

    Returns
    -------
    TabulatedFlux
        Integrated with the composite Gauss–Legendre rule of the module docstring; ``total()``
        is the exact integral of the interpolant.
    """
    proj = _check_projectile(projectile)
    _validate.choice("interpolation", interpolation, ("log-log", "linear"))
    E = _validate.finite_array("E_keV", E_keV) + _energy_offset(energy, proj)
    y = _validate.finite_array("dphi_dE", dphi_dE)
    if E.ndim != 1 or E.size < 2:
        raise ValueError(f"E_keV must be a 1-D array of at least 2 energies (keV), got shape {E.shape}")
    if y.shape != E.shape:
        raise ValueError(f"dphi_dE must have the shape of E_keV {E.shape}, got {y.shape}")
    if np.any(np.diff(E) <= 0):
        raise ValueError("E_keV must be strictly increasing (allowed: E_0 < E_1 < ... in keV)")
    if np.any(y < 0) or not np.any(y > 0):
        raise ValueError("dphi_dE must be >= 0 cm^-2 s^-1 keV^-1 everywhere and > 0 somewhere (allowed range [0, inf))")
    m = proj.mass_keV
    if E[0] < m * (1.0 - 1e-12):
        raise ValueError(f"E_keV must be >= the projectile mass m = {m:g} keV (total energy; allowed range "
                         f"[m, inf)), got a lowest energy {float(E[0])!r}")
    if interpolation == "log-log" and not E[0] > 0:
        raise ValueError("E_keV must be > 0 keV for interpolation='log-log' (allowed range (0, inf); use "
                         "interpolation='linear' for a table starting at E = 0)")
    om, factor = _solid_angle(solid_angle_sr)
    return TabulatedFlux(name=name, projectile=proj, delta_power=delta_power, solid_angle_sr=om,
                         E_min_keV=float(E[0]), E_max_keV=float(E[-1]), E_table_keV=tuple(E.tolist()),
                         dphi_dE_table=tuple((factor * y).tolist()), interpolation=interpolation)


def callable_flux(f: Callable, E_min_keV: float, E_max_keV: float, *, projectile: Projectile | None = None,
                  breakpoints_keV: Iterable[float] = (), energy: Literal["total", "kinetic"] = "total",
                  solid_angle_sr: float | None = None, delta_power: float = 0.0,
                  name: str = "callable flux") -> CallableFlux:
    """A source from a function dφ/dE(E) on a finite range.

    Parameters
    ----------
    f : callable
        dφ/dE in cm⁻² s⁻¹ keV⁻¹ (or per sr with ``solid_angle_sr``) of the energy in keV; called
        with a NumPy array (a scalar-only function is vectorised). It must return finite values
        ≥ 0 on [E_min_keV, E_max_keV] (checked on every node it is evaluated at).
    E_min_keV, E_max_keV : float
        The range, finite, E_min_keV < E_max_keV; total energies (≥ the projectile mass) or
        kinetic energies with ``energy="kinetic"``. ``f`` is always called with the energy
        in the convention given here.
    projectile : Projectile
        The particle of the source, required.
    breakpoints_keV : iterable of float
        Energies strictly inside the range where ``f`` has a kink or step (panel edges of the
        quadrature; same energy convention).
    energy, solid_angle_sr, delta_power, name
        As for ``tabulated_flux``.

    Returns
    -------
    CallableFlux
        Integrated with composite Gauss–Legendre in ln E on the panels between breakpoints.
    """
    proj = _check_projectile(projectile)
    if not callable(f):
        raise ValueError(f"f must be a callable dphi_dE(E_keV) returning cm^-2 s^-1 keV^-1, got {f!r}")
    off = _energy_offset(energy, proj)
    lo, hi = _check_range(_validate.nonnegative_scalar("E_min_keV", E_min_keV, "keV") + off,
                          _validate.finite_array("E_max_keV", E_max_keV) + off, proj.mass_keV, allow_inf=False)
    om, factor = _solid_angle(solid_angle_sr)
    bps = tuple(float(b) + off for b in _validate.finite_array("breakpoints_keV", list(breakpoints_keV)).ravel())

    def density(E, _f=f, _off=off, _k=factor):
        return _k * np.asarray(_f(E - _off), dtype=float)

    flux = CallableFlux(name=name, projectile=proj, delta_power=delta_power, solid_angle_sr=om, E_min_keV=lo,
                        E_max_keV=hi, function=density, breakpoints_keV=bps)
    if not flux.total() > 0:
        raise ValueError("f must be > 0 somewhere on [E_min_keV, E_max_keV] (the flux integrates to 0)")
    return flux


def line_flux(lines, *, projectile: Projectile | None = None, E_min_keV: float | None = None,
              E_max_keV: float | None = None, delta_power: float = 0.0, name: str = "line flux") -> LineFlux:
    """Monochromatic lines, e.g. a radioactive source or a mono-energetic beam.

    Parameters
    ----------
    lines : tuple, list or dict
        ``(E_keV, phi_cm2_s)``, ``[(E1, phi1), (E2, phi2), ...]`` or ``{E1: phi1, ...}``: the
        total energy of each line in keV (> the projectile mass) and its flux in cm⁻² s⁻¹ (> 0).
    projectile : Projectile
        The particle of the source, required.
    E_min_keV, E_max_keV : float, optional
        Not needed. If given, every line must lie inside [E_min_keV, E_max_keV] (a line outside
        is a ``ValueError``, not a silently dropped line).
    delta_power, name
        As for ``tabulated_flux``.

    Returns
    -------
    LineFlux
    """
    proj = _check_projectile(projectile)
    items: list
    if isinstance(lines, dict):
        items = list(lines.items())
    else:
        items = list(lines) if not isinstance(lines, (str, bytes)) else [lines]
        if len(items) == 2 and all(isinstance(v, (int, float, np.floating, np.integer)) for v in items):
            items = [tuple(items)]
    checked = _check_lines(items, proj.mass_keV,
                           None if E_min_keV is None else _validate.finite_array("E_min_keV", E_min_keV),
                           None if E_max_keV is None else _validate.finite_array("E_max_keV", E_max_keV))
    if not checked:
        raise ValueError("lines must hold at least one (E_keV, phi_cm2_s) pair")
    return LineFlux(name=name, projectile=proj, delta_power=delta_power, lines=checked,
                    E_min_keV=None if E_min_keV is None else float(E_min_keV),
                    E_max_keV=None if E_max_keV is None else float(E_max_keV))


def power_law_flux(amplitude_cm2_s_keV: float, index: float, E_min_keV: float, E_max_keV: float = np.inf, *,
                   projectile: Projectile | None = None, pivot_keV: float | None = None,
                   solid_angle_sr: float | None = None, delta_power: float = 0.0,
                   name: str = "power-law flux") -> PowerLawFlux:
    """A power law dφ/dE = A (E/E_pivot)^(−γ) on [E_min, E_max] (E total energy, keV).

    Parameters
    ----------
    amplitude_cm2_s_keV : float
        A in cm⁻² s⁻¹ keV⁻¹ (per sr with ``solid_angle_sr``), > 0.
    index : float
        γ; > 1 when ``E_max_keV`` is infinite.
    E_min_keV, E_max_keV : float
        Range, E_min_keV ≥ the projectile mass and > 0, E_max_keV > E_min_keV (may be ``inf``).
    projectile : Projectile
        The particle of the source, required.
    pivot_keV : float, optional
        E_pivot (default: E_min_keV).
    solid_angle_sr, delta_power, name
        As for ``tabulated_flux``.

    Returns
    -------
    PowerLawFlux
        Integrated with Gauss–Jacobi in E_lo/E to infinity, Gauss–Legendre in ln E on a finite
        range (module docstring).
    """
    proj = _check_projectile(projectile)
    A = _validate.positive_scalar("amplitude_cm2_s_keV", amplitude_cm2_s_keV, "cm^-2 s^-1 keV^-1")
    g = _validate.finite_array("index", index)
    if g.ndim != 0:
        raise ValueError(f"index must be a finite scalar, got {index!r}")
    lo, hi = _check_range(E_min_keV, E_max_keV, proj.mass_keV, allow_inf=True)
    if not lo > 0:
        raise ValueError(f"E_min_keV must be > 0 keV for a power law (allowed range (0, inf)), got {E_min_keV!r}")
    if not np.isfinite(hi) and not g > 1:
        raise ValueError(f"index must be > 1 for a power law extending to E_max_keV = inf (allowed range (1, inf)), "
                         f"got {index!r}")
    piv = lo if pivot_keV is None else _validate.positive_scalar("pivot_keV", pivot_keV, "keV")
    om, factor = _solid_angle(solid_angle_sr)
    _check_power_law_magnitude("index", A * factor, float(g), piv, lo, hi)
    return PowerLawFlux(name=name, projectile=proj, delta_power=delta_power, solid_angle_sr=om, E_min_keV=lo,
                        E_max_keV=hi, alpha=float(g), amplitude_cm2_s_keV=A * factor, pivot_keV=piv)
