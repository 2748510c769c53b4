"""Interactions of a spin-½ projectile with an electron: millicharge, magnetic moment, charge
radius and Standard-Model weak scattering, and their sums (with every interference term).

An interaction is a value: ``Millicharge(1e-12) + Weak()`` is the quadratic form
δ²·(δ² term) + δ·(δ–weak interference) + 1·(weak) of a millicharged neutrino. Each interaction
owns

* its couplings (``couplings``: ``{"delta": …}``, ``{"mu_B": …}``, ``{"r2_cm2": …}``; Weak has none);
* its **basis** of terms (:class:`Term`), the monomials in the couplings that appear in the
  spin-averaged squared amplitude ⟨M²⟩, with the per-term kernels derived in
  :mod:`mcpria_lite.derivation` (Dirac traces, SymPy) and generated into
  ``mcpria_lite._kinematics_generated``;
* its free-electron cross section (:meth:`Interaction.dsigma_dT_free_terms`);
* its equivalent-photon number (:meth:`Interaction.equivalent_photon_terms`; ``None`` where the
  interaction has no equivalent photons: the contact weak and charge-radius terms);
* its forward behaviour (``forward``: ``"1/t^2"``, ``"1/t"`` or ``"none"``), which decides whether the
  relativistic impulse approximation needs the profile-support regulator p_max < m_e/(αm_e) for a
  massless projectile (only ``"1/t^2"``, :mod:`mcpria_lite.methods`).

Conventions (stated once, derived in :mod:`mcpria_lite.derivation`):

* δ: charge of the projectile field in units of the positive elementary charge e (δ ≥ 0 here);
  an antineutrino carries −δ, so written in its own charge the charge–weak interference flips sign.
* μ_ν in Bohr magnetons μ_B = e/(2m_e).
* ⟨r²⟩ in cm², defined by the vector-coupling shift g_V → g_V + (2√2πα/3G_F)⟨r²⟩
  (s_W² → s_W² + (√2πα/3G_F)⟨r²⟩; Vogel & Engel, PRD 39, 3378 (1989)). The Dirac form factor
  F₁ = δ + q²⟨r²⟩/6 of a vector vertex gives half this shift: limits quoted in that convention
  are twice as large in ⟨r²⟩.
* weak: g_L = ±½ + s_W², g_R = s_W² (+ for ν_e, charged and neutral current; − for ν_μ, ν_τ);
  antineutrinos: g_L ↔ g_R (Kayser et al., PRD 20, 87 (1979)). The weak terms are derived for a
  massless (left-handed) neutrino.

Units: T, E, masses in keV; cross sections in cm²/keV per electron; equivalent-photon numbers in
keV⁻¹.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .. import _kinematics_generated as _g
from ..kinematics import check_transfer, momentum_unchecked
from .._validate import MAX_COUPLING
from ..units import ALPHA, G_F_KEV2, HBARC2_KEV2_CM2, M_E
from . import _amplitudes_generated as _ag
from .equivalent_photons import equivalent_photon_number as _charge_epa
from .projectiles import Projectile

__all__ = [
    "G_F_KEV",
    "Forward",
    "Term",
    "Interaction",
    "Millicharge",
    "MagneticMoment",
    "ChargeRadius",
    "Weak",
    "InteractionSum",
    "as_interaction",
    "InteractionLike",
    "weak_couplings",
    "monomials",
    "MONOMIAL_POWERS",
    "InteractionSpec",
    "INTERACTIONS",
    "interaction_spec",
]

#: Fermi constant G_F/(ħc)³ in keV⁻² (:data:`mcpria_lite.units.G_F_KEV2`).
G_F_KEV: float = G_F_KEV2

#: Forward behaviour of ⟨M²⟩ as t → 0.
Forward = Literal["1/t^2", "1/t", "none"]
_FORWARD_ORDER = {"none": 0, "1/t": 1, "1/t^2": 2}

#: Largest magnitude accepted for a charge radius, cm² (1 fm²; neutrino radii are ~1e-32 cm²).
R2_MAX_CM2 = 1e-26

_KINDS = ("massive", "neutrino", "antineutrino")


@dataclass(frozen=True)
class Term:
    """One monomial of the couplings in ⟨M²⟩ (and so in every cross section and rate).

    Attributes
    ----------
    name : str
        ``"delta^2"``, ``"delta*weak"``, ``"mu_B^2"``, ``"weak"``, …
    powers : dict
        The monomial: ``{"delta": 2}``, ``{"delta": 1}`` (the δ–weak interference), ``{}`` (pure weak).
    """

    name: str
    powers: dict = field(hash=False)
    forward: Forward = field(default="none", compare=False)
    epa: bool = field(default=False, compare=False)

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.powers.items()))))

    def coefficient(self, **couplings) -> float:
        """c_k = Π coupling^power at the given couplings (missing ones raise)."""
        out = 1.0
        for n, p in self.powers.items():
            if n not in couplings:
                raise ValueError(f"couplings must include {n!r} for the term {self.name}; got {sorted(couplings)}")
            try:
                out *= float(couplings[n]) ** p
            except OverflowError:
                raise ValueError(f"couplings: {n} = {couplings[n]!r} overflows float64 in the term {self.name}") from None
        if not math.isfinite(out):
            raise ValueError(f"couplings: the coefficient of the term {self.name} overflows float64 at {couplings!r}")
        return out


# The monomials of the derivation: (code name in the generated module, public powers, forward, EPA)
_CATALOGUE: tuple[tuple[str, dict, Forward, bool], ...] = (
    ("delta2", {"delta": 2}, "1/t^2", True),
    ("mu_B2", {"mu_B": 2}, "1/t", True),
    ("r22", {"r2_cm2": 2}, "none", False),
    ("delta1_r21", {"delta": 1, "r2_cm2": 1}, "1/t", False),
    ("delta1_mu_B1", {"delta": 1, "mu_B": 1}, "1/t", False),
    ("mu_B1_r21", {"mu_B": 1, "r2_cm2": 1}, "none", False),
    ("weak", {}, "none", False),
    ("delta1", {"delta": 1}, "1/t", False),
    ("r21", {"r2_cm2": 1}, "none", False),
)


#: The monomials K₁^a t^b on which every term of ⟨M²⟩ is expanded (a = 0..2, b = −2..2).
MONOMIAL_POWERS = tuple((a, b) for a in range(3) for b in range(-2, 3))


def monomials(K1, t, columns=None) -> np.ndarray:
    """K₁^a t^b for :data:`MONOMIAL_POWERS` (or the indices ``columns`` of it), shape
    (n_columns,) + the broadcast shape of K1, t."""
    K1, t = np.broadcast_arrays(np.asarray(K1, float), np.asarray(t, float))
    cols = range(len(MONOMIAL_POWERS)) if columns is None else columns
    out = np.empty((len(cols),) + K1.shape)
    cache: dict[tuple[str, int], np.ndarray | None] = {}

    def power(x, n, key):
        if (key, n) not in cache:
            if n == 0:
                cache[key, n] = None
            elif n == 1:
                cache[key, n] = x
            elif n == -1:
                cache[key, n] = 1.0 / x
            else:
                cache[key, n] = power(x, n // abs(n), key) ** abs(n) if n < 0 else x**n
        return cache[key, n]

    with np.errstate(divide="ignore", invalid="ignore"):
        for i, j in enumerate(cols):
            a, b = MONOMIAL_POWERS[j]
            ka, tb = power(K1, a, "K"), power(t, b, "t")
            if ka is None and tb is None:
                out[i] = 1.0
            elif ka is None:
                out[i] = tb
            elif tb is None:
                out[i] = ka
            else:
                np.multiply(ka, tb, out=out[i, ...])
    # ``power`` refers to itself through its closure: a reference cycle that only the cyclic garbage
    # collector frees, and with it every array in ``cache`` (memory grew with a rate's length)
    cache.clear()
    return out


def _term_name(powers: dict) -> str:
    if not powers:
        return "weak"
    parts = [n if p == 1 else f"{n}^{p}" for n, p in powers.items()]
    deg = sum(powers.values())
    return "*".join(parts) + ("*weak" if deg == 1 else "")


def weak_couplings(projectile: Projectile, sin2_theta_w: float) -> tuple[float, float]:
    """(g_L, g_R) of the *neutrino* of the projectile's flavour (the antineutrino's swap is in the
    generated antineutrino kernels): ν_e g_L = ½ + s², ν_μ,τ g_L = −½ + s², g_R = s²."""
    if projectile.flavour == "nu_e":
        return 0.5 + sin2_theta_w, sin2_theta_w
    if projectile.flavour == "nu_mu_tau":
        return -0.5 + sin2_theta_w, sin2_theta_w
    raise ValueError(
        f"projectile flavour must be 'nu_e' or 'nu_mu_tau' for weak scattering, got {projectile.flavour!r} "
        f"({projectile.name!r} has no Standard-Model weak couplings)"
    )


class Interaction:
    """Base class of interactions: a set of couplings, the weak flag and a basis of :class:`Term`.

    Subclasses set ``couplings`` and ``_weak``. Sums (``a + b``) are :class:`InteractionSum`.
    """

    couplings: dict[str, float]
    _weak: bool = False
    sin2_theta_w: float | None = None

    # -- structure -------------------------------------------------------------------------
    @property
    def coupling_names(self) -> frozenset:
        return frozenset(self.couplings)

    @property
    def has_weak(self) -> bool:
        return self._weak

    @property
    def terms(self) -> tuple[Term, ...]:
        """The basis (independent of the projectile; a term absent for one projectile has a zero kernel)."""
        names = self.coupling_names
        out = []
        for code, powers, fwd, epa in _CATALOGUE:
            deg = sum(powers.values())
            if not set(powers) <= names:
                continue
            if deg < 2 and not self._weak:
                continue
            out.append(Term(_term_name(powers), dict(powers), fwd, epa))
        return tuple(out)

    def basis(self, projectile: Projectile | None = None) -> tuple[Term, ...]:
        """The terms of this interaction for ``projectile`` (validated: weak needs a massless neutrino)."""
        if projectile is not None:
            self._kind(projectile)
        return self.terms

    @property
    def forward(self) -> Forward:
        """The most singular forward behaviour among the terms."""
        return max((t.forward for t in self.terms), key=_FORWARD_ORDER.__getitem__, default="none")

    @property
    def has_epa(self) -> bool:
        """Whether every term has an equivalent-photon limit (photon exchange with a pole)."""
        return all(t.epa for t in self.terms)

    def coefficients(self, **couplings) -> np.ndarray:
        """c_k of every term at the given couplings (default: this interaction's own)."""
        unknown = set(couplings) - set(self.couplings)
        if unknown:
            raise ValueError(
                f"coefficients got unknown couplings {sorted(unknown)}; they must be one of {sorted(self.couplings)}"
            )
        vals = dict(self.couplings, **couplings)
        return np.array([t.coefficient(**vals) for t in self.terms])

    # -- kinematic kernels -----------------------------------------------------------------
    def _kind(self, projectile: Projectile) -> str:
        if not isinstance(projectile, Projectile):
            raise ValueError(f"projectile must be a mcpria_lite.particles.projectiles.Projectile, got {type(projectile).__name__}")
        if not self._weak:
            return "massive"
        weak_couplings(projectile, 0.25)  # flavour check
        if projectile.mass_keV != 0:
            raise ValueError(
                f"projectile mass_keV must be 0 for weak scattering (the weak terms are derived for a "
                f"massless left-handed neutrino), got {projectile.mass_keV!r} keV"
            )
        return "antineutrino" if projectile.antiparticle else "neutrino"

    def monomial_matrix(self, projectile: Projectile) -> np.ndarray:
        """C (n_terms, 15): ⟨M²⟩_k = Σ_j C[k, j] K₁^a_j t^b_j on the monomials of
        :func:`monomials` (generated from :func:`mcpria_lite.derivation.amplitudes.monomial_coefficients`).
        Rows of monomials that vanish for this projectile are zero; ⟨r²⟩ enters per cm²."""
        kind = self._kind(projectile)
        m = float(projectile.mass_keV)
        gl, gr = 0.0, 0.0
        if self._weak:
            assert self.sin2_theta_w is not None  # a weak interaction carries its mixing angle
            gl, gr = weak_couplings(projectile, self.sin2_theta_w)
        names = {t.name for t in self.terms}
        rows = []
        for code, powers, _, _ in _CATALOGUE:
            if _term_name(powers) not in names:
                continue
            f = getattr(_ag, f"amp2c_{kind}_{code}", None)
            unit = HBARC2_KEV2_CM2 ** (-powers.get("r2_cm2", 0))  # ⟨r²⟩ enters in keV⁻²
            if f is None:
                rows.append(np.zeros(len(MONOMIAL_POWERS)))  # vanishes identically for this projectile
            elif kind == "massive":
                rows.append(unit * np.array(f(M_E, m, ALPHA), float))
            else:
                rows.append(unit * np.array(f(M_E, ALPHA, G_F_KEV, gl, gr), float))
        return np.array(rows).reshape(len(rows), len(MONOMIAL_POWERS))

    def amplitude_squared_terms(self, K1, t, projectile: Projectile) -> np.ndarray:
        """⟨M²⟩ per term at unit couplings, shape (n_terms,) + the broadcast shape of K1, t; K₁ = p·k and t in keV²,
        the final electron on shell (K₂ = K₁ + t/2). Natural units (dimensionless)."""
        C = self.monomial_matrix(projectile)
        cols = np.flatnonzero(np.any(C != 0, axis=0))  # only the monomials these terms use
        K1, t = np.broadcast_arrays(np.asarray(K1, float), np.asarray(t, float))
        mono = monomials(K1, t, cols).reshape(len(cols), -1)
        return (C[:, cols] @ mono).reshape((C.shape[0],) + K1.shape)

    def dsigma_dT_free_terms(self, T_keV, E_keV, projectile: Projectile) -> np.ndarray:
        """Free electron at rest: dσ/dT per term at unit couplings, cm²/keV per electron, shape
        (n_terms,) + the broadcast shape of T, E; zero above the free endpoint T_max(E).

        dσ/dT = ⟨M²⟩(K₁ = m_eE, t = −2m_eT) / (32π m_e k²).
        """
        m = float(projectile.mass_keV)
        T, E, m = check_transfer(T_keV, E_keV, m)
        k = momentum_unchecked(E, m)
        amp = self.amplitude_squared_terms(M_E * E, -2 * M_E * T, projectile)
        val = amp / (32 * np.pi * M_E * k**2) * HBARC2_KEV2_CM2
        return np.where(T <= _g.t_max_free(E, k, M_E, m), val, 0.0)

    def dsigma_dT_free(self, T_keV, E_keV, projectile: Projectile, **couplings) -> np.ndarray:
        """Σ_k c_k dσ_k/dT for a free electron at rest (cm²/keV per electron)."""
        c = self.coefficients(**couplings)
        return np.tensordot(c, self.dsigma_dT_free_terms(T_keV, E_keV, projectile), axes=1)

    def equivalent_photon_terms(self, T_keV, E_keV, projectile: Projectile, Q2_max="T2", spectrum="budnev"):
        """Equivalent-photon number dN/dT per term at unit couplings (keV⁻¹), shape (n_terms, …);
        ``None`` if a term has no equivalent-photon limit (weak, charge radius, charge–magnetic
        interference of a massive projectile).

        Charge: Budnev et al. (1975) with Q²min = μ²T²/(E(E − T)), μ = the projectile's
        ``epa_mass_keV``. Magnetic moment: (αμ²/(4πm_e²))[(m²T/E²) ln(Q²max/Q²min) + (1 − T/E)(Q²max − Q²min)/T],
        derived from the transverse projectile tensor (:func:`mcpria_lite.derivation.amplitudes.equivalent_photon_density`);
        a massless projectile has no logarithm and needs no regulator.
        """
        if not self.has_epa:
            return None
        m = float(projectile.mass_keV)
        T, E, m = check_transfer(T_keV, E_keV, m)
        out = []
        for term in self.terms:
            if term.name == "delta^2":
                mu = projectile.epa_mass_keV
                out.append(_charge_epa(T, E, m, 1.0, m_regulator_keV=None if m > 0 else mu, Q2_max=Q2_max, spectrum=spectrum))
            else:  # mu_B^2
                q2max = T**2 if isinstance(Q2_max, str) else np.broadcast_to(np.asarray(Q2_max, float), T.shape)
                q2min = m**2 * T**2 / (E * (E - T))
                # m = 0: Q²min = 0 and the logarithm's coefficient m²ω/E² vanishes; a Q²min of
                # 1e-300·Q²max keeps 0·ln finite and leaves Q²max − Q²min unchanged in float64
                q2min_eval = np.where(q2min > 0, q2min, 1e-300 * q2max)
                n = _ag.epa_number_magnetic(T, E, m, q2min_eval, q2max, M_E, ALPHA)
                out.append(np.where(q2max > q2min, np.maximum(n, 0.0), 0.0))
        return np.stack(np.broadcast_arrays(*out))

    def equivalent_photon_number(self, T_keV, E_keV, projectile: Projectile, **couplings):
        """Σ_k c_k dN_k/dT (keV⁻¹), or ``None`` where the interaction has no equivalent photons."""
        terms = self.equivalent_photon_terms(T_keV, E_keV, projectile)
        if terms is None:
            return None
        return np.tensordot(self.coefficients(**couplings), terms, axes=1)

    # -- algebra ---------------------------------------------------------------------------
    def components(self) -> tuple["Interaction", ...]:
        return (self,)

    def __add__(self, other):
        other = as_interaction(other)
        return InteractionSum(self.components() + other.components())

    def __radd__(self, other):
        if other == 0:  # sum([...])
            return self
        return as_interaction(other).__add__(self)


def _plain_number(name: str, x, *, allow_negative: bool, lo_msg: str, hi: float = MAX_COUPLING) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a plain real number ({lo_msg}), got {x!r} of type {type(x).__name__}")
    v = float(x)
    if not math.isfinite(v) or (v < 0 and not allow_negative):
        raise ValueError(f"{name} must be a finite number {lo_msg}, got {x!r}")
    if abs(v) > hi:
        raise ValueError(f"{name} must be a number {lo_msg} with |{name}| <= {hi:g} (its square must stay finite), "
                         f"got {x!r}")
    return v


class Millicharge(Interaction):
    """A millicharge δ (units of e) of the projectile: photon exchange, ⟨M²⟩ ∝ δ²/t² (forward 1/t²)."""

    def __init__(self, delta: float = 1.0):
        self.delta = _plain_number("delta", delta, allow_negative=False, lo_msg=">= 0 (units of e; allowed range [0, inf))")
        self.couplings = {"delta": self.delta}

    def __repr__(self) -> str:
        return f"Millicharge(delta={self.delta!r})"


class MagneticMoment(Interaction):
    """A magnetic moment μ_ν in Bohr magnetons: vertex iσ^{μν}q_ν μ/(2m_e); ⟨M²⟩ ∝ μ²/t (forward 1/t).
    For a massless projectile it flips helicity and does not interfere with charge, radius or weak."""

    def __init__(self, mu_B: float = 1.0):
        self.mu_B = _plain_number("mu_B", mu_B, allow_negative=False, lo_msg=">= 0 (Bohr magnetons; allowed range [0, inf))")
        self.couplings = {"mu_B": self.mu_B}

    def __repr__(self) -> str:
        return f"MagneticMoment(mu_B={self.mu_B!r})"


class ChargeRadius(Interaction):
    """A charge radius ⟨r²⟩ in cm² (either sign; abs(⟨r²⟩) ≤ 1e-26 cm²): a contact vector coupling, no
    photon pole (forward "none"), no equivalent photons. Convention: g_V → g_V + (2√2πα/3G_F)⟨r²⟩."""

    def __init__(self, r2_cm2: float = 1e-32):
        v = _plain_number("r2_cm2", r2_cm2, allow_negative=True, lo_msg=f"in cm² with |r2_cm2| <= {R2_MAX_CM2:g}")
        if abs(v) > R2_MAX_CM2:
            raise ValueError(
                f"r2_cm2 must be a charge radius in cm² with |r2_cm2| <= {R2_MAX_CM2:g} cm² (1 fm²; neutrino "
                f"radii are ~1e-32 cm²), got {r2_cm2!r}: is it in fm² or natural units?"
            )
        self.r2_cm2 = v
        self.couplings = {"r2_cm2": v}

    def __repr__(self) -> str:
        return f"ChargeRadius(r2_cm2={self.r2_cm2!r})"


class Weak(Interaction):
    """Standard-Model weak ν–e scattering (charged + neutral current for ν_e, neutral for ν_μ,τ) in the
    contact V−A limit; the flavour comes from the projectile. s_W² = 0.2386 (low-Q² MS-bar value, PDG);
    some codes use 0.2312 (the Z pole)."""

    _weak = True

    def __init__(self, sin2_theta_w: float = 0.2386):
        v = _plain_number("sin2_theta_w", sin2_theta_w, allow_negative=False, lo_msg="in (0, 1)")
        if not 0 < v < 1:
            raise ValueError(f"sin2_theta_w must lie in (0, 1) (allowed range (0, 1)), got {sin2_theta_w!r}")
        self.sin2_theta_w = v
        self.couplings = {}

    def __repr__(self) -> str:
        return f"Weak(sin2_theta_w={self.sin2_theta_w!r})"


class InteractionSum(Interaction):
    """The sum of interactions: one amplitude, so every interference term is in its basis."""

    def __init__(self, parts):
        parts = tuple(parts)
        kinds = [type(p) for p in parts]
        if len(set(kinds)) != len(kinds):
            dup = sorted({k.__name__ for k in kinds if kinds.count(k) > 1})
            raise ValueError(f"interaction sum has the same interaction twice: {dup} (each must appear at most once)")
        self.parts = parts
        self.couplings = {}
        for p in parts:
            self.couplings.update(p.couplings)
        weak = [p for p in parts if isinstance(p, Weak)]
        self._weak = bool(weak)
        self.sin2_theta_w = weak[0].sin2_theta_w if weak else None

    def components(self):
        return self.parts

    def __repr__(self) -> str:
        return " + ".join(repr(p) for p in self.parts)


_CLASSES = (Millicharge, MagneticMoment, ChargeRadius, Weak)


#: An interaction as the public functions take it (an instance or a sum, or one of the classes at
#: unit coupling, ``ChargeRadius`` at 1e-32 cm²).
InteractionLike = Interaction | type[Interaction]


def as_interaction(x: InteractionLike) -> Interaction:
    """An :class:`Interaction` instance; a class (e.g. ``MagneticMoment``) gives the one at unit
    coupling (``ChargeRadius`` at 1e-32 cm²)."""
    if isinstance(x, Interaction):
        return x
    if isinstance(x, type) and issubclass(x, Interaction) and x in _CLASSES:
        return x()
    raise ValueError(
        f"interaction must be Millicharge, MagneticMoment, ChargeRadius, Weak (class or instance) or a sum of them, got {x!r}"
    )


# ------------------------------------------------------------------------------------------------
# the registry: the interactions by the names a user types (command line, data sets, sensitivities)
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InteractionSpec:
    """One named interaction: its class, the coupling it carries and that coupling's unit.

    ``default`` is the coupling at which :meth:`build` makes the interaction when none is given (the
    command line's value; term spectra are at unit couplings whatever it is); ``None`` for the
    Standard-Model weak interaction, which has no free coupling.
    """

    name: str
    cls: type
    coupling: str | None
    unit: str
    default: float | None

    def build(self, value: float | None = None) -> Interaction:
        """The interaction at coupling ``value`` (by default the spec's ``default``)."""
        if self.coupling is None:
            if value is not None:
                raise ValueError(f"interaction {self.name!r} has no coupling (got {value!r})")
            return self.cls()
        return self.cls(**{self.coupling: self.default if value is None else value})


#: The interactions by name (``--interaction`` of the command line, ``neutrino_signal``, ...).
INTERACTIONS: dict[str, InteractionSpec] = {
    s.name: s for s in (
        InteractionSpec("millicharge", Millicharge, "delta", "e", 1.0),
        InteractionSpec("magnetic-moment", MagneticMoment, "mu_B", "mu_B", 1e-11),
        InteractionSpec("charge-radius", ChargeRadius, "r2_cm2", "cm^2", 1e-32),
        InteractionSpec("weak", Weak, None, "", None),
    )
}


def interaction_spec(name: str) -> InteractionSpec:
    """The registered interaction ``name`` (``ValueError`` naming the allowed names otherwise)."""
    if not isinstance(name, str) or name not in INTERACTIONS:
        raise ValueError(f"interaction must be one of {', '.join(INTERACTIONS)}, got {name!r}")
    return INTERACTIONS[name]
