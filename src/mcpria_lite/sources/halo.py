"""Dark-matter velocity distributions in the detector frame and the mean inverse speed η(v_min).

η(v_min) = ∫ d³v f(v)/v θ(v − v_min) (detector frame) is all a halo contributes to a two-body
scattering rate (Lewin & Smith, Astropart. Phys. 6, 87 (1996)). Three ways to give it:

* :class:`StandardHaloModel` — the Maxwell–Boltzmann halo truncated at the Galactic escape speed, with
  the closed-form η of Savage, Freese & Gondolo, Phys. Rev. D 74, 043531 (2006) (the same form as
  Lewin & Smith), and by default the parameters recommended by Baxter et al., Eur. Phys. J. C 81, 907
  (2021), arXiv:2105.00599: ρ = 0.3 GeV/cm³, v₀ = 238 km/s, v_esc = 544 km/s, and v_E = 250.5 km/s.
  250.5 km/s is ``|v_⊙|`` = ``|v_LSR + v_pec|``, the speed of the Sun (equal to the length of the Earth's
  velocity averaged over a year, the orbit averaging to zero); the annual average of the Earth's
  *speed* ``|v_E(t)|`` is larger, 252.1 km/s (second order in the orbital speed; :class:`EarthMotion`).
  Every parameter can be changed; bad values raise ``ValueError`` naming the argument.
* :class:`TabulatedSpeedDistribution` — a user's detector-frame speed distribution f(v) on a grid.
* :class:`TabulatedEta` — a user's η(v_min) table.
* :class:`MonochromaticBeam` — one speed (a test case: the free-electron check of
  :mod:`mcpria_lite.rates.halo_rates`).

Annual modulation: :class:`EarthMotion` gives v_E(t) = ``|v_LSR + v_pec + v_⊕(t)|`` (circular Earth orbit,
the orbital basis vectors of Freese, Lisanti & Savage, Rev. Mod. Phys. 85, 1561 (2013),
arXiv:1209.3339; v_LSR = (0, v₀, 0) and v_pec = (11.1, 12.2, 7.3) km/s as recommended by Baxter et
al.), and :meth:`StandardHaloModel.at_time` the halo on a given day.

Units: speeds in km/s in the public functions, η in s/km (:func:`eta_natural`: η in units of 1/c for
the natural-unit rate formulas), densities in GeV/cm³.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import erf

from .._validate import finite_array
from ..units import C_KM_S

__all__ = [
    "VelocityIntegral",
    "StandardHaloModel",
    "EarthMotion",
    "TabulatedSpeedDistribution",
    "TabulatedEta",
    "MonochromaticBeam",
    "eta_natural",
]

def _positive(name: str, value: float, unit: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number ({unit}), got {value!r}") from None
    if not (math.isfinite(x) and x > 0):
        raise ValueError(f"{name} must be a positive finite number ({unit}), got {value!r}")
    return x


def _nonnegative(name: str, value: float, unit: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a non-negative number ({unit}), got {value!r}") from None
    if not (math.isfinite(x) and x >= 0):
        raise ValueError(f"{name} must be a non-negative finite number ({unit}), got {value!r}")
    return x


def _speeds(name: str, v: ArrayLike) -> NDArray[np.float64]:
    a = finite_array(name, v)
    if np.any(a < 0):
        raise ValueError(f"{name} must be >= 0 km/s (allowed range [0, inf) km/s)")
    return a


@runtime_checkable
class VelocityIntegral(Protocol):
    """What a rate needs from a halo: the local density and η(v_min)."""

    rho_GeV_cm3: float

    def eta(self, v_min_km_s: ArrayLike) -> NDArray[np.float64]:
        """η(v_min) in s/km."""
        ...

    @property
    def v_max_km_s(self) -> float:
        """Largest detector-frame speed (η = 0 above it)."""
        ...

    def describe(self) -> dict:
        """The halo's parameters (for the provenance of a result)."""
        ...


def eta_natural(halo: VelocityIntegral, v_min_c: ArrayLike) -> NDArray[np.float64]:
    """η in units of 1/c at v_min given in units of c (for formulas with c = 1)."""
    v = np.asarray(v_min_c, dtype=float) * C_KM_S
    return halo.eta(np.maximum(v, 0.0)) * C_KM_S


# -----------------------------------------------------------------------------------------------
# Earth's motion
# -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EarthMotion:
    """Earth's velocity in the Galactic rest frame, Galactic coordinates (x → Galactic centre,
    y → rotation, z → north Galactic pole), km/s.

    v_E(t) = v_LSR + v_pec + v_orb (ê₁ cos ω(t − t₁) + ê₂ sin ω(t − t₁)), ω = 2π/(365.25 d), t in days
    since J2000.0 (2000-01-01 12:00 TT), t₁ = 79.5 d the March equinox 2000-03-21 00:00 UT; ê₁, ê₂ from
    Freese, Lisanti & Savage (2013); v_LSR = (0, v₀, 0) with v₀ of the
    halo, v_pec = (11.1, 12.2, 7.3) km/s (Schönrich, Binney & Dehnen 2010, as recommended by Baxter
    et al. 2021), v_orb = 29.8 km/s. A circular orbit: good to ~1 % in ``|v_E|``.
    """

    v_pec_km_s: tuple[float, float, float] = (11.1, 12.2, 7.3)
    v_orbit_km_s: float = 29.8
    e1: tuple[float, float, float] = (0.9931, 0.1170, -0.01032)
    e2: tuple[float, float, float] = (-0.0670, 0.4927, -0.8676)
    t_equinox_days: float = 79.5
    year_days: float = 365.25

    def __post_init__(self) -> None:
        _nonnegative("v_orbit_km_s", self.v_orbit_km_s, "km/s")
        _positive("year_days", self.year_days, "days")
        if len(self.v_pec_km_s) != 3 or not all(math.isfinite(float(x)) for x in self.v_pec_km_s):
            raise ValueError(f"v_pec_km_s must be three finite numbers (km/s), got {self.v_pec_km_s!r}")

    def velocity(self, t_days: ArrayLike, v0_km_s: float) -> NDArray[np.float64]:
        """Earth's velocity vector(s), shape (..., 3), km/s, at days ``t_days`` since J2000.0."""
        t = np.asarray(t_days, dtype=float)
        phi = 2 * np.pi / self.year_days * (t - self.t_equinox_days)
        v_sun = np.array([0.0, float(v0_km_s), 0.0]) + np.asarray(self.v_pec_km_s, float)
        orb = self.v_orbit_km_s * (np.cos(phi)[..., None] * np.asarray(self.e1) + np.sin(phi)[..., None] * np.asarray(self.e2))
        return v_sun + orb

    def speed(self, t_days: ArrayLike, v0_km_s: float) -> NDArray[np.float64]:
        """``|v_E(t)|`` in km/s."""
        return np.linalg.norm(self.velocity(t_days, v0_km_s), axis=-1)

    def sun_speed(self, v0_km_s: float) -> float:
        """``|v_LSR + v_pec|`` (km/s), the Sun's speed in the Galactic frame: 250.5 km/s for v₀ = 238 km/s."""
        return float(np.linalg.norm(np.array([0.0, v0_km_s, 0.0]) + np.asarray(self.v_pec_km_s, float)))


# -----------------------------------------------------------------------------------------------
# standard halo
# -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StandardHaloModel:
    """Isotropic Maxwell–Boltzmann halo f(v) ∝ exp(−v²/v₀²) truncated at ``|v|`` = v_esc (Galactic frame),
    seen from a detector moving with speed v_E. The defaults are those of Baxter et al., EPJC 81, 907 (2021).

    Parameters
    ----------
    rho_GeV_cm3 : float
        Local DM density, 0.3 GeV/cm³.
    v0_km_s : float
        Most probable speed (= circular speed of the LSR), 238 km/s.
    v_esc_km_s : float
        Galactic escape speed, 544 km/s; must exceed ``v_E_km_s`` (the closed form of η assumes it).
    v_E_km_s : float
        Detector speed in the Galactic frame, 250.5 km/s: ``|v_⊙|`` = ``|v_LSR + v_pec|`` with the v₀ and v_pec
        of Baxter et al., the length of the Earth's velocity averaged over a year. The annual average
        of the speed ``|v_E(t)|`` is 252.1 km/s (:meth:`EarthMotion.speed`; wimprates' default date,
        29 Feb 2000, gives 252.13 km/s). Use :meth:`at_time` for a date.
    earth : EarthMotion
        The Earth's motion used by :meth:`at_time`.

    Raises
    ------
    ValueError
        Naming the argument, for a non-positive or non-finite value or v_esc ≤ v_E.
    """

    rho_GeV_cm3: float = 0.3
    v0_km_s: float = 238.0
    v_esc_km_s: float = 544.0
    v_E_km_s: float = 250.5
    earth: EarthMotion = field(default_factory=EarthMotion)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rho_GeV_cm3", _positive("rho_GeV_cm3", self.rho_GeV_cm3, "GeV/cm^3"))
        object.__setattr__(self, "v0_km_s", _positive("v0_km_s", self.v0_km_s, "km/s"))
        object.__setattr__(self, "v_esc_km_s", _positive("v_esc_km_s", self.v_esc_km_s, "km/s"))
        object.__setattr__(self, "v_E_km_s", _nonnegative("v_E_km_s", self.v_E_km_s, "km/s"))
        if not self.v_esc_km_s > self.v_E_km_s:
            raise ValueError(f"v_esc_km_s must exceed v_E_km_s (the detector would be unbound), got v_esc_km_s="
                             f"{self.v_esc_km_s!r} <= v_E_km_s={self.v_E_km_s!r}")
        if not isinstance(self.earth, EarthMotion):
            raise ValueError(f"earth must be an EarthMotion, got {self.earth!r}")

    # --- derived --------------------------------------------------------------------------------
    @property
    def N_esc(self) -> float:
        """Normalisation of the truncated Maxwellian relative to the untruncated one,
        erf(z) − 2z e^{−z²}/√π with z = v_esc/v₀ (Lewin & Smith 1996, App. 1a)."""
        z = self.v_esc_km_s / self.v0_km_s
        return float(erf(z) - 2.0 * z * np.exp(-z * z) / np.sqrt(np.pi))

    @property
    def v_max_km_s(self) -> float:
        """The largest speed in the detector frame, v_esc + v_E (km/s)."""
        return self.v_esc_km_s + self.v_E_km_s

    def describe(self) -> dict:
        """The parameters, for the provenance of a result."""
        return {"halo": "standard halo model (truncated Maxwellian)", "rho_GeV_cm3": self.rho_GeV_cm3,
                "v0_km_s": self.v0_km_s, "v_esc_km_s": self.v_esc_km_s, "v_E_km_s": self.v_E_km_s}

    def at_time(self, t_days: float) -> "StandardHaloModel":
        """The same halo seen on day ``t_days`` since J2000.0 (v_E from ``earth``)."""
        vE = float(self.earth.speed(float(t_days), self.v0_km_s))
        return replace(self, v_E_km_s=vE)

    # --- distributions --------------------------------------------------------------------------
    def f_galactic(self, v_km_s: ArrayLike) -> NDArray[np.float64]:
        """3-D velocity distribution in the Galactic frame at speed ``|v|`` (s³/km³), ∫d³v f = 1."""
        v = _speeds("v_km_s", v_km_s)
        norm = self.N_esc * (np.sqrt(np.pi) * self.v0_km_s) ** 3
        return np.where(v < self.v_esc_km_s, np.exp(-(v / self.v0_km_s) ** 2) / norm, 0.0)

    def speed_distribution(self, v_km_s: ArrayLike) -> NDArray[np.float64]:
        """Detector-frame speed distribution f(v) = ∮ v² f_gal(``|v + v_E|``) dΩ (s/km), ∫ f dv = 1."""
        v = _speeds("v_km_s", v_km_s)
        v0, ve, vesc = self.v0_km_s, self.v_E_km_s, self.v_esc_km_s
        if ve == 0.0:
            return 4 * np.pi * v**2 * self.f_galactic(v)
        vs = np.where(v > 0, v, 1.0)
        cmax = np.clip((vesc**2 - vs**2 - ve**2) / (2 * vs * ve), -1.0, 1.0)
        y = vs / (np.sqrt(np.pi) * v0 * ve * self.N_esc) * (
            np.exp(-((vs - ve) / v0) ** 2) - np.exp(-(vs**2 + ve**2 + 2 * vs * ve * cmax) / v0**2))
        return np.where((v > 0) & (v < vesc + ve), np.maximum(y, 0.0), 0.0)

    def eta(self, v_min_km_s: ArrayLike) -> NDArray[np.float64]:
        """Mean inverse speed η(v_min) = ∫_{v>v_min} f(v)/v dv (s/km), closed form.

        With x = v_min/v₀, y = v_E/v₀, z = v_esc/v₀ (z > y) (Savage, Freese & Gondolo 2006; Lewin &
        Smith 1996):

        - x < z − y:      η = [erf(x+y) − erf(x−y) − (4/√π) y e^{−z²}] / (2 N_esc v₀ y)
        - z − y ≤ x < z + y: η = [erf(z) − erf(x−y) − (2/√π)(z + y − x) e^{−z²}] / (2 N_esc v₀ y)
        - x ≥ z + y:      η = 0
        """
        vmin = _speeds("v_min_km_s", v_min_km_s)
        v0 = self.v0_km_s
        x = vmin / v0
        y = self.v_E_km_s / v0
        z = self.v_esc_km_s / v0
        N = self.N_esc
        ez = np.exp(-z * z)
        if y == 0.0:
            # detector at rest in the Galactic frame: η = 2 (e^{−x²} − e^{−z²}) / (√π v₀ N_esc) for x < z
            return np.where(x < z, 2.0 * (np.exp(-x * x) - ez) / (np.sqrt(np.pi) * v0 * N), 0.0)
        low = (erf(x + y) - erf(x - y) - 4.0 / np.sqrt(np.pi) * y * ez) / (2.0 * N * v0 * y)
        mid = (erf(z) - erf(x - y) - 2.0 / np.sqrt(np.pi) * (z + y - x) * ez) / (2.0 * N * v0 * y)
        out = np.where(x < z - y, low, np.where(x < z + y, mid, 0.0))
        return np.maximum(out, 0.0)


# -----------------------------------------------------------------------------------------------
# user tables
# -----------------------------------------------------------------------------------------------
def _grid(name: str, v: ArrayLike) -> NDArray[np.float64]:
    a = _speeds(name, v)
    if a.ndim != 1 or a.size < 3 or np.any(np.diff(a) <= 0):
        raise ValueError(f"{name} must be a strictly increasing 1-D grid of >= 3 speeds (km/s)")
    return a


@dataclass(frozen=True, eq=False)
class TabulatedSpeedDistribution:
    """A detector-frame speed distribution f(v) given on a grid (km/s, s/km; linear between nodes,
    zero outside). ``normalise=True`` rescales it to ∫ f dv = 1; otherwise its integral must be 1
    within 1 % (``ValueError`` if not)."""

    v_km_s: ArrayLike
    f_s_km: ArrayLike
    rho_GeV_cm3: float = 0.3
    normalise: bool = False
    _v: NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _f: NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _g: NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _tail: NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        v = _grid("v_km_s", self.v_km_s)
        try:
            f = np.asarray(self.f_s_km, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("f_s_km must be an array of numbers (s/km)") from None
        if f.shape != v.shape or np.any(~np.isfinite(f)) or np.any(f < 0):
            raise ValueError(f"f_s_km must be finite, >= 0 and of the shape of v_km_s {v.shape}, got {f.shape}")
        object.__setattr__(self, "rho_GeV_cm3", _positive("rho_GeV_cm3", self.rho_GeV_cm3, "GeV/cm^3"))
        norm = float(np.trapezoid(f, v))
        if not norm > 0:
            raise ValueError("f_s_km must have a positive integral")
        if self.normalise:
            f = f / norm
        elif abs(norm - 1.0) > 0.01:
            raise ValueError(f"f_s_km must integrate to 1 over v_km_s (got {norm:.4g}); pass normalise=True to rescale")
        # cumulative ∫_{v}^{v_max} f/v dv with the trapezoidal rule on the nodes (f/v finite: f(0) = 0 expected)
        g = np.where(v > 0, f / np.where(v > 0, v, 1.0), 0.0)
        seg = 0.5 * (g[1:] + g[:-1]) * np.diff(v)
        tail = np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])
        object.__setattr__(self, "_v", v)
        object.__setattr__(self, "_f", f)
        object.__setattr__(self, "_g", g)
        object.__setattr__(self, "_tail", tail)

    @property
    def v_max_km_s(self) -> float:
        return float(self._v[-1])

    def describe(self) -> dict:
        """What the halo is, for the provenance of a result."""
        return {"halo": "tabulated speed distribution f(v)", "rho_GeV_cm3": self.rho_GeV_cm3,
                "n_nodes": int(self._v.size), "v_max_km_s": self.v_max_km_s}

    def speed_distribution(self, v_km_s: ArrayLike) -> NDArray[np.float64]:
        v = _speeds("v_km_s", v_km_s)
        return np.interp(v, self._v, self._f, left=0.0, right=0.0)

    def eta(self, v_min_km_s: ArrayLike) -> NDArray[np.float64]:
        """η(v_min) (s/km): the tabulated tail integral, exact for f linear between nodes up to the
        trapezoidal error of f/v."""
        vm = _speeds("v_min_km_s", v_min_km_s)
        v, g, tail = self._v, self._g, self._tail
        i = np.clip(np.searchsorted(v, vm, side="right") - 1, 0, v.size - 2)
        gm = np.interp(vm, v, g)
        partial = 0.5 * (gm + g[i + 1]) * (v[i + 1] - vm)
        out = partial + tail[i + 1]
        out = np.where(vm < v[0], tail[0] + 0.0, out)
        return np.where(vm >= v[-1], 0.0, out)


@dataclass(frozen=True, eq=False)
class TabulatedEta:
    """A user's η(v_min) table (km/s → s/km): linear interpolation, η = 0 beyond the last node,
    η(v_min < first node) = first value. η must be ≥ 0 and non-increasing (``ValueError``)."""

    v_min_km_s: ArrayLike
    eta_s_km: ArrayLike
    rho_GeV_cm3: float = 0.3
    _v: NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _e: NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        v = _grid("v_min_km_s", self.v_min_km_s)
        try:
            e = np.asarray(self.eta_s_km, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("eta_s_km must be an array of numbers (s/km)") from None
        if e.shape != v.shape or np.any(~np.isfinite(e)) or np.any(e < 0):
            raise ValueError(f"eta_s_km must be finite, >= 0 and of the shape of v_min_km_s {v.shape}")
        if np.any(np.diff(e) > 1e-12 * max(float(e.max()), 1e-300)):
            raise ValueError("eta_s_km must be non-increasing in v_min (it is a tail integral of f(v)/v)")
        object.__setattr__(self, "rho_GeV_cm3", _positive("rho_GeV_cm3", self.rho_GeV_cm3, "GeV/cm^3"))
        object.__setattr__(self, "_v", v)
        object.__setattr__(self, "_e", e)

    @property
    def v_max_km_s(self) -> float:
        return float(self._v[-1])

    def describe(self) -> dict:
        """What the halo is, for the provenance of a result."""
        return {"halo": "tabulated eta(v_min)", "rho_GeV_cm3": self.rho_GeV_cm3, "n_nodes": int(self._v.size),
                "v_max_km_s": self.v_max_km_s}

    def eta(self, v_min_km_s: ArrayLike) -> NDArray[np.float64]:
        vm = _speeds("v_min_km_s", v_min_km_s)
        return np.where(vm >= self._v[-1], 0.0, np.interp(vm, self._v, self._e))


@dataclass(frozen=True)
class MonochromaticBeam:
    """All particles at one speed v (a test case): η(v_min) = θ(v − v_min)/v."""

    v_km_s: float
    rho_GeV_cm3: float = 0.3

    def __post_init__(self) -> None:
        object.__setattr__(self, "v_km_s", _positive("v_km_s", self.v_km_s, "km/s"))
        object.__setattr__(self, "rho_GeV_cm3", _positive("rho_GeV_cm3", self.rho_GeV_cm3, "GeV/cm^3"))

    @property
    def v_max_km_s(self) -> float:
        return float(self.v_km_s)

    def describe(self) -> dict:
        """What the halo is, for the provenance of a result."""
        return {"halo": "monochromatic beam", "v_km_s": float(self.v_km_s), "rho_GeV_cm3": float(self.rho_GeV_cm3)}

    def eta(self, v_min_km_s: ArrayLike) -> NDArray[np.float64]:
        vm = _speeds("v_min_km_s", v_min_km_s)
        return np.where(vm <= self.v_km_s, 1.0 / self.v_km_s, 0.0)
