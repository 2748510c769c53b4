"""The flux of incoming particles: what every source is, and how two sources add.

A :class:`Flux` gives the differential flux dφ/dE of a continuum (cm⁻² s⁻¹ keV⁻¹, already
multiplied by the solid angle for fluxes quoted per steradian), a tuple of monochromatic lines,
the :class:`~mcpria_lite.particles.projectiles.Projectile` it carries (``flux.projectile``;
``flux.m_keV`` is its mass), how everything scales with the millicharge δ (dφ ∝ δ**delta_power), and
-- the part the event rates use -- a quadrature rule adapted to the spectrum::

    E, w = flux.quadrature(E_lo, E_hi, n=64)
    rate_integral = (w * f(E)).sum(axis=-1)   # ≈ ∫ dE dφ/dE f(E) + Σ_lines φ_line f(E_line)

``E_lo`` and ``E_hi`` may be arrays (one kinematic lower limit per energy transfer T), so an
integral over E for every T is a single vectorised call. ``Flux.flavour_quadrature`` splits the
same weights by the flavour arriving at the detector, with the flux's ν_e survival probability
(``Flux.nu_e_survival``; the solar neutrinos of :mod:`mcpria_lite.sources.solar` carry theirs).

Energies E are **total** energies of the projectile in keV (for neutrinos E = E_ν, for a massive
dark-matter particle E = m_χ + kinetic energy). Any two fluxes of the same projectile add up:
``f + g`` is a :class:`SumFlux` (each part keeps its own quadrature rule).

The sources: :mod:`mcpria_lite.sources.spectra` (a user's tabulated, callable, line and power-law
spectra), :mod:`mcpria_lite.sources.solar` (solar neutrinos), :mod:`mcpria_lite.sources.cosmic_rays`
(dark cosmic rays). Quadrature accuracy is measured in the tests against :func:`scipy.integrate.quad`.
Nodes outside the requested range (lines, empty intervals) carry weight exactly 0 but are still
returned at finite energies inside the flux's own range, so ``w * f(E)`` is finite as long as f is
finite there.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from typing import Callable, Protocol, runtime_checkable

import numpy as np
from scipy.special import roots_jacobi, roots_legendre

from .. import _validate
from ..particles.projectiles import Projectile

__all__ = ["Flux", "Source", "SumFlux"]

_FOUR_PI = 4.0 * math.pi


@runtime_checkable
class Source(Protocol):
    """What the event rates read from a flux (structural: every :class:`Flux`, or a user's object).

    The projectile and its mass, the power of the millicharge δ by which the flux itself scales
    (``delta_power``; a source scaling with other couplings may also carry ``coupling_powers``, a
    mapping coupling → power, which the rates read in its place), and the quadrature rules of
    :meth:`Flux.quadrature` and :meth:`Flux.flavour_quadrature`.
    """

    @property
    def projectile(self) -> Projectile: ...

    @property
    def m_keV(self) -> float: ...

    @property
    def delta_power(self) -> float: ...

    def quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0) -> tuple[np.ndarray, np.ndarray]: ...

    def flavour_quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0
                           ) -> tuple[np.ndarray, dict[str, np.ndarray]]: ...


# ------------------------------------------------------------------------------------------------
# Quadrature building blocks (cached, read-only)
# ------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    # scipy's rule (tridiagonal eigen-solver / Newton for large n) rather than numpy's leggauss,
    # whose dense eigvalsh can take ~1 s for n = 256 on a loaded multi-threaded BLAS
    x, w = roots_legendre(n)
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


@functools.lru_cache(maxsize=64)
def _gauss_jacobi_unit(n: int, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Nodes y_i ∈ (0, 1), weights v_i with Σ v_i g(y_i) ≈ ∫_0^1 y^b g(y) dy."""
    x, w = roots_jacobi(n, 0.0, b)
    y = 0.5 * (1.0 + x)
    v = w * 2.0 ** (-(b + 1.0))
    y.setflags(write=False)
    v.setflags(write=False)
    return y, v


#: The most quadrature nodes a rule may have (the Gauss–Jacobi roots cost O(n²): n = 1e6 never ends).
MAX_NODES = 4096


def _check_n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_NODES:
        raise ValueError(f"n must be an integer in [1, {MAX_NODES}] (number of quadrature nodes), got {n!r}")
    return int(n)


def _limit_array(name: str, x, default: float) -> np.ndarray:
    if x is None:
        return np.asarray(default, dtype=float)
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real number or an array of real numbers in keV, got {x!r}") from exc
    if np.any(np.isnan(a)):
        raise ValueError(f"{name} must not contain NaN (allowed: any real value in keV, ±inf included)")
    return a


_CONSTRUCTORS = ("tabulated_flux(E_keV, dphi_dE, projectile=...), callable_flux(f, E_min_keV, E_max_keV, "
                 "projectile=...), line_flux(lines, projectile=...), power_law_flux(...), solar_neutrinos(), "
                 "dark_cosmic_rays(m_keV)")


def _check_projectile(projectile) -> Projectile:
    if projectile is None:
        raise ValueError(
            "projectile is required: a mcpria_lite.particles.projectiles.Projectile, e.g. projectiles.neutrino('nu_e') "
            "or projectiles.millicharged_particle(m_keV)")
    if not isinstance(projectile, Projectile):
        raise ValueError(f"projectile must be a mcpria_lite.particles.projectiles.Projectile (e.g. projectiles.neutrino()), "
                         f"got {type(projectile).__name__}")
    return projectile


def _check_lines(lines, m: float, E_min=None, E_max=None) -> tuple[tuple[float, float], ...]:
    """Validated ((E_keV, phi_cm2_s), ...): finite, E > m (and inside [E_min, E_max] if given), phi > 0."""
    out = []
    for item in lines:
        try:
            E, phi = item
            E, phi = float(E), float(phi)
        except (TypeError, ValueError):
            raise ValueError(f"lines must be pairs (E_keV, phi_cm2_s) of real numbers, got {item!r}") from None
        if not (math.isfinite(E) and math.isfinite(phi)):
            raise ValueError(f"lines must be finite (E_keV, phi_cm2_s) pairs, got {item!r}")
        if not E > m:
            raise ValueError(f"line energy E_keV={E!r} must be above the projectile mass m = {m:g} keV "
                             f"(E is the total energy; allowed range (m, inf) keV)")
        if not phi > 0:
            raise ValueError(f"line flux phi_cm2_s must be > 0 cm^-2 s^-1 (allowed range (0, inf)), got {phi!r} "
                             f"for the line at {E:g} keV")
        if (E_min is not None and E < E_min) or (E_max is not None and E > E_max):
            raise ValueError(f"line energy E_keV={E!r} lies outside the range [E_min_keV, E_max_keV] = "
                             f"[{E_min!r}, {E_max!r}] keV (allowed: inside the range)")
        out.append((E, phi))
    return tuple(out)


@dataclass(frozen=True, kw_only=True)
class Flux:
    """A flux of projectiles: continuum dφ/dE plus monochromatic lines (abstract base).

    Build one with a constructor (``tabulated_flux``, ``callable_flux``,
    ``line_flux``, ``power_law_flux``, ``solar_neutrinos``,
    ``dark_cosmic_rays``); ``Flux(...)`` itself has no spectrum and raises ``ValueError``.

    Attributes
    ----------
    name : str
        Human-readable label.
    projectile : Projectile
        The incoming particle (:mod:`mcpria_lite.particles.projectiles`): its mass, flavour and, for a
        massless one, the regulator of the equivalent-photon approximation.
    delta_power : float
        The flux scales as δ**delta_power with the millicharge δ (α − 1 for dark cosmic rays,
        0 for neutrinos and by default for a user's source).
    solid_angle_sr : float or None
        Solid angle already folded into :meth:`dphi_dE` (fluxes quoted per sr are multiplied by
        it; 4π for an isotropic flux); ``None`` for a spectrum given per cm² s keV.
    E_min_keV, E_max_keV : float
        Range of the spectrum in total energy E (keV), E_min_keV ≥ the projectile mass;
        ``E_max_keV`` may be ``numpy.inf``.
    lines : tuple
        Monochromatic lines as pairs (energy in keV, flux in cm⁻² s⁻¹ at δ = 1); empty if none.
    """

    name: str
    projectile: Projectile
    delta_power: float = 0.0
    nu_e_survival: Callable[[np.ndarray], np.ndarray] | None = field(default=None, compare=False, repr=False)
    solid_angle_sr: float | None = None
    E_min_keV: float
    E_max_keV: float
    lines: tuple[tuple[float, float], ...] = ()

    def __new__(cls, *args, **kwargs):
        if cls is Flux:
            raise ValueError("Flux is the abstract base of every source and has no spectrum; build a flux with "
                             f"one of the constructors (allowed): {_CONSTRUCTORS}")
        return object.__new__(cls)

    def __post_init__(self) -> None:
        _check_projectile(self.projectile)
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        dp = _validate.finite_array("delta_power", self.delta_power)
        if dp.ndim != 0:
            raise ValueError("delta_power must be a finite scalar (the flux scales as delta**delta_power)")
        object.__setattr__(self, "delta_power", float(dp))
        if self.solid_angle_sr is not None:
            om = _validate.positive_scalar("solid_angle_sr", self.solid_angle_sr, "sr")
            if om > 4.0 * math.pi * (1.0 + 1e-12):
                raise ValueError(f"solid_angle_sr must be in (0, 4*pi] sr or None, got {self.solid_angle_sr!r}")
        m = self.projectile.mass_keV
        lo = float(self.E_min_keV)
        hi = float(self.E_max_keV)
        if math.isnan(lo) or math.isnan(hi) or not math.isfinite(lo) or not lo <= hi:
            raise ValueError(f"E_min_keV and E_max_keV must satisfy finite E_min_keV <= E_max_keV (keV), "
                             f"got [{self.E_min_keV!r}, {self.E_max_keV!r}]")
        if lo < m * (1.0 - 1e-12):
            raise ValueError(f"E_min_keV must be >= the projectile mass m = {m:g} keV (E is the total energy), "
                             f"got {lo!r}")
        object.__setattr__(self, "E_min_keV", lo)
        object.__setattr__(self, "E_max_keV", hi)
        object.__setattr__(self, "lines", _check_lines(self.lines, m, lo, hi))

    # --- subclass hooks ----------------------------------------------------------------------
    @property
    def has_continuum(self) -> bool:
        """Whether the flux has a continuous part (``False`` for pure lines)."""
        return True

    def _continuum(self, E: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """dφ/dE at δ = 1 for E inside [E_min, E_max]; cm⁻² s⁻¹ keV⁻¹."""
        raise NotImplementedError

    def _continuum_total(self) -> float:  # pragma: no cover - abstract
        """∫ dφ/dE dE over the whole range at δ = 1, cm⁻² s⁻¹."""
        raise NotImplementedError

    def _continuum_rule(self, a: np.ndarray, b: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Nodes/weights (shape a.shape + (k,)) for ∫_a^b dφ/dE f dE at δ = 1; a < b inside the range."""
        raise NotImplementedError  # pragma: no cover - abstract

    def _n_continuum(self, n: int) -> int:
        """Number of continuum nodes for a requested ``n``."""
        return n if self.has_continuum else 0

    def _split(self, E: np.ndarray, w: np.ndarray) -> dict[str, np.ndarray]:
        """Weights by the flavour arriving at the detector: all in the projectile's, or for a ν_e with
        a survival probability P_ee(E) (:attr:`nu_e_survival`), ν_e with P_ee and ν_μ,τ with 1 − P_ee."""
        if self.nu_e_survival is None or self.projectile.flavour != "nu_e":
            return {self.projectile.flavour: w}
        P = self.nu_e_survival(E)
        return {"nu_e": w * P, "nu_mu_tau": w * (1.0 - P)}

    # --- public API ----------------------------------------------------------------------------
    @property
    def m_keV(self) -> float:
        """Projectile mass in keV (``projectile.mass_keV``)."""
        return float(self.projectile.mass_keV)

    def delta_scale(self, delta: float = 1.0) -> float:
        """The factor δ**delta_power by which the flux at charge δ exceeds the one at δ = 1."""
        d = _validate.coupling("delta", delta, "(millicharge in units of e)")
        try:
            return d**self.delta_power
        except OverflowError:
            raise ValueError(f"delta = {d!r} to the flux's power {self.delta_power:g} overflows float64; "
                             f"allowed: delta**{self.delta_power:g} < 1e308") from None

    def dphi_dE(self, E_keV, delta: float = 1.0) -> np.ndarray:
        """Differential flux of the continuum, cm⁻² s⁻¹ keV⁻¹ (lines not included).

        Parameters
        ----------
        E_keV : array_like
            Total energy E of the projectile in keV (any finite value; 0 is returned outside
            [E_min_keV, E_max_keV]).
        delta : float
            Millicharge δ in units of e (> 0); the flux is multiplied by δ**delta_power.

        Returns
        -------
        numpy.ndarray
            Same shape as ``E_keV``.
        """
        E = _validate.finite_array("E_keV", E_keV)
        s = self.delta_scale(delta)
        out = np.zeros_like(E)
        if not self.has_continuum:
            return out
        inside = (E >= self.E_min_keV) & (E <= self.E_max_keV)
        if np.any(inside):
            out[inside] = self._continuum(E[inside])
        return s * out

    def continuum_total(self, delta: float = 1.0) -> float:
        """∫ dφ/dE dE over the whole continuum, cm⁻² s⁻¹."""
        s = self.delta_scale(delta)
        return s * self._continuum_total() if self.has_continuum else 0.0

    def lines_total(self, delta: float = 1.0) -> float:
        """Sum of the line fluxes, cm⁻² s⁻¹."""
        return self.delta_scale(delta) * float(sum(phi for _, phi in self.lines))

    def total(self, delta: float = 1.0) -> float:
        """Total flux (continuum integral + lines), cm⁻² s⁻¹."""
        return self.continuum_total(delta) + self.lines_total(delta)

    def n_nodes(self, n: int = 64) -> int:
        """Length of the last axis of :meth:`quadrature` for a given ``n``."""
        return self._n_continuum(_check_n(n)) + len(self.lines)

    def quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """Nodes and weights for integrals over the flux.

        Σ_i w_i f(E_i) ≈ ∫_{max(E_lo, E_min)}^{min(E_hi, E_max)} dφ/dE f(E) dE
        + Σ_{lines with E_lo ≤ E_line ≤ E_hi} φ_line f(E_line).

        Parameters
        ----------
        E_lo, E_hi : array_like or None
            Integration limits in keV (total energy); ``None`` means the flux's own range. Arrays
            broadcast against each other (shape S); ±inf allowed, NaN is not.
        n : int
            Number of nodes for the continuum (per continuum component for a :class:`SumFlux`;
            rounded up to a multiple of the panel count for tabulated and callable spectra).
        delta : float
            Millicharge δ; weights are multiplied by δ**delta_power.

        Returns
        -------
        E_nodes_keV, weights_cm2_s : numpy.ndarray
            Both of shape S + (n_nodes(n),): continuum nodes first, then one node per line.
            Weights are in cm⁻² s⁻¹. Out-of-range nodes have weight 0 and a finite energy inside
            the flux's range.
        """
        n = _check_n(n)
        s = self.delta_scale(delta)
        lo = _limit_array("E_lo", E_lo, self.E_min_keV)
        hi = _limit_array("E_hi", E_hi, self.E_max_keV)
        lo, hi = _validate.broadcast(E_lo=lo, E_hi=hi)
        parts_E: list[np.ndarray] = []
        parts_w: list[np.ndarray] = []
        if self.has_continuum:
            a = np.maximum(lo, self.E_min_keV)
            b = np.minimum(hi, self.E_max_keV)
            empty = ~(a < b)
            a = np.where(empty, self.E_min_keV, a)
            b = np.where(empty, self.E_max_keV, b)
            En, wn = self._continuum_rule(a, b, n)
            wn = np.where(empty[..., None], 0.0, wn)
            parts_E.append(En)
            parts_w.append(s * wn)
        if self.lines:
            El = np.array([e for e, _ in self.lines])
            pl = np.array([p for _, p in self.lines])
            inside = (lo[..., None] <= El) & (El <= hi[..., None])
            parts_E.append(np.broadcast_to(El, lo.shape + El.shape).copy())
            parts_w.append(s * np.where(inside, pl, 0.0))
        if not parts_E:  # pragma: no cover - a flux has a continuum or lines
            return np.zeros(lo.shape + (0,)), np.zeros(lo.shape + (0,))
        return np.concatenate(parts_E, axis=-1), np.concatenate(parts_w, axis=-1)

    def flavour_quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0
                           ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The nodes of :meth:`quadrature` with the weights split by the flavour at the detector.

        Solar neutrinos arrive as ν_e with probability P_ee(E) (:mod:`mcpria_lite.sources.oscillations`,
        per component) and as ν_μ/ν_τ (``"nu_mu_tau"``) otherwise; any other flux arrives in its
        projectile's flavour. Σ over flavours of the weights equals the weights of
        :meth:`quadrature` (to rounding).

        Returns
        -------
        E_nodes_keV : numpy.ndarray
            As for :meth:`quadrature`.
        weights : dict[str, numpy.ndarray]
            Flavour (``"nu_e"``, ``"nu_mu_tau"`` or ``"chi"``) → weights in cm⁻² s⁻¹, each of
            the shape of ``E_nodes_keV``.
        """
        E, w = self.quadrature(E_lo, E_hi, n=n, delta=delta)
        return E, self._split(E, w)

    def mean_energy(self, n: int = 128) -> float:
        """Flux-weighted mean total energy ⟨E⟩ in keV (continuum and lines)."""
        E, w = self.quadrature(n=n)
        return float(np.sum(w * E) / np.sum(w))

    # --- composition -----------------------------------------------------------------------------
    def __add__(self, other):
        if not isinstance(other, Flux):
            return NotImplemented
        return _sum_of((self, other))

    def __radd__(self, other):
        if isinstance(other, (int, float)) and other == 0:  # sum([f1, f2, ...]) starts from 0
            return self
        return NotImplemented


@dataclass(frozen=True, kw_only=True)
class SumFlux(Flux):
    """Sum of fluxes of one projectile and one delta_power (e.g. the solar neutrinos, or ``f + g``).

    ``components`` maps each component name to its own :class:`Flux`. :meth:`quadrature`
    concatenates the components' rules -- the continuum nodes of every component (in the order of
    ``parts``), then one node per line (in the order of ``lines``) -- so each spectrum
    keeps a rule adapted to its own end point.
    """

    parts: tuple[Flux, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.parts or not all(isinstance(p, Flux) for p in self.parts):
            raise ValueError("parts must be a non-empty tuple of Flux objects")

    @property
    def components(self) -> dict[str, Flux]:
        """Component fluxes by name (e.g. ``flux.components["pp"]``)."""
        return {p.name: p for p in self.parts}

    @property
    def has_continuum(self) -> bool:
        return any(p.has_continuum for p in self.parts)

    def _continuum(self, E: np.ndarray) -> np.ndarray:
        return sum((p.dphi_dE(E) for p in self.parts), np.zeros_like(E))

    def _continuum_total(self) -> float:
        return float(sum(p.continuum_total() for p in self.parts))

    def n_nodes(self, n: int = 64) -> int:
        return sum(p.n_nodes(n) for p in self.parts)

    def _blocks(self, E_lo, E_hi, n):
        n = _check_n(n)
        lo = _limit_array("E_lo", E_lo, self.E_min_keV)
        hi = _limit_array("E_hi", E_hi, self.E_max_keV)
        shape = _validate.broadcast(E_lo=lo, E_hi=hi)[0].shape
        for p in self.parts:
            E, w = p.quadrature(lo, hi, n=n)
            E = np.broadcast_to(E, shape + E.shape[-1:])
            w = np.broadcast_to(w, shape + w.shape[-1:])
            yield p, E, w, E.shape[-1] - len(p.lines)  # continuum nodes come first in each part

    def quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0):
        s = self.delta_scale(delta)
        blocks = list(self._blocks(E_lo, E_hi, n))
        E = [b[1][..., :b[3]] for b in blocks] + [b[1][..., b[3]:] for b in blocks]
        w = [b[2][..., :b[3]] for b in blocks] + [b[2][..., b[3]:] for b in blocks]
        # all continuum nodes first, then the lines in the order of ``self.lines``
        return np.concatenate(E, axis=-1), s * np.concatenate(w, axis=-1)

    def flavour_quadrature(self, E_lo=None, E_hi=None, n: int = 64, delta: float = 1.0):
        s = self.delta_scale(delta)
        blocks = [(p, E, p._split(E, w), k) for p, E, w, k in self._blocks(E_lo, E_hi, n)]
        flavours = sorted({f for _, _, d, _ in blocks for f in d})
        E_parts = [b[1][..., :b[3]] for b in blocks] + [b[1][..., b[3]:] for b in blocks]
        out = {}
        for f in flavours:
            pieces = []
            for sl in ("cont", "line"):
                for _, E, d, k in blocks:
                    wf = d.get(f, np.zeros(E.shape))
                    pieces.append(wf[..., :k] if sl == "cont" else wf[..., k:])
            out[f] = s * np.concatenate(pieces, axis=-1)
        return np.concatenate(E_parts, axis=-1), out


def _sum_of(fluxes) -> SumFlux:
    parts: list[Flux] = []
    for f in fluxes:
        parts.extend(f.parts if isinstance(f, SumFlux) else (f,))
    p0 = parts[0]
    for p in parts[1:]:
        if p.projectile != p0.projectile:
            raise ValueError(f"fluxes must carry the same projectile to be added: {p0.name!r} carries "
                             f"{p0.projectile.name!r}, {p.name!r} carries {p.projectile.name!r}")
        if p.delta_power != p0.delta_power:
            raise ValueError(f"fluxes must have the same delta_power to be added, got {p0.delta_power!r} and "
                             f"{p.delta_power!r}")
    seen: dict[str, int] = {}
    unique = []
    for p in parts:  # component names stay unique keys of ``components``
        k = seen.get(p.name, 0)
        seen[p.name] = k + 1
        unique.append(p if k == 0 else replace(p, name=f"{p.name} #{k + 1}"))
    omegas = {p.solid_angle_sr for p in unique}
    return SumFlux(
        name=" + ".join(p.name for p in unique),
        projectile=p0.projectile,
        delta_power=p0.delta_power,
        solid_angle_sr=omegas.pop() if len(omegas) == 1 else None,
        E_min_keV=min(p.E_min_keV for p in unique),
        E_max_keV=max(p.E_max_keV for p in unique),
        lines=tuple(line for p in unique for line in p.lines),
        parts=tuple(unique),
    )


# ------------------------------------------------------------------------------------------------
# Factories: the built-in sources
# ------------------------------------------------------------------------------------------------


