"""A halo dark-matter particle that scatters on electrons: its mass, the reference cross section σ̄_e
and the mediator's form factor F_DM(q).

The conventions of Essig, Mardon & Volansky, Phys. Rev. D 85, 076007 (2012), arXiv:1108.5383, and
Essig, Volansky & Yu, Phys. Rev. D 96, 043017 (2017), arXiv:1703.00910:

* σ̄_e is the χ–free-electron cross section at the reference momentum transfer q₀ = α m_e;
* the q dependence sits in F_DM(q): for a mediator of mass m_φ,
  F_DM(q) = (m_φ² + α² m_e²)/(m_φ² + q²), so F_DM = 1 for m_φ ≫ q (a heavy mediator, a contact
  interaction) and F_DM = (α m_e/q)² for m_φ ≪ q (a light mediator); F_DM(q₀) = 1 for every m_φ;
* a χ of charge δe (a millicharge) is the light-mediator case (photon exchange) with
  σ̄_e = 16π α² δ² μ²_χe/(α m_e)⁴: the non-relativistic Rutherford cross section
  dσ/dq² = 4πα²δ²/(v²q⁴) equals σ̄_e abs(F_DM)²/(4μ²v²) (:func:`millicharge_sigma_e_cm2`). The δ is the
  one of :class:`mcpria_lite.particles.interactions.Millicharge`, so halo limits and the dark-cosmic-ray
  reach of the other chapters share one δ(m_χ) plane.

Units: masses and momenta in keV, cross sections in cm² (the package's units, :mod:`mcpria_lite.units`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from .._validate import finite_array, nonnegative_scalar, positive_scalar
from ..units import ALPHA, HBARC2_KEV2_CM2, M_E

__all__ = ["Q0_KEV", "MediatorKind", "Mediator", "HEAVY", "LIGHT", "HaloDarkMatter", "reduced_mass_keV",
           "millicharge_sigma_e_cm2", "millicharge_delta"]

#: The reference momentum transfer q₀ = α m_e (keV) at which σ̄_e is defined.
Q0_KEV: float = ALPHA * M_E

#: The kinds of mediator (F_DM = 1, F_DM = (αm_e/q)², or a mediator of mass m_φ).
MediatorKind = Literal["heavy", "light", "massive"]


def reduced_mass_keV(m_chi_keV, m_keV: float = M_E) -> float:
    """μ = m_χ m/(m_χ + m) in keV (default m = m_e)."""
    m_chi = positive_scalar("m_chi_keV", m_chi_keV, "keV")
    return m_chi * m_keV / (m_chi + m_keV)


@dataclass(frozen=True)
class Mediator:
    """The mediator of χ–electron scattering and its form factor F_DM(q).

    Attributes
    ----------
    kind : {"heavy", "light", "massive"}
        ``"heavy"``: F_DM = 1; ``"light"``: F_DM = (α m_e/q)²; ``"massive"``: a mediator of mass
        ``m_phi_keV``, F_DM = (m_φ² + α²m_e²)/(m_φ² + q²), which tends to the other two.
    m_phi_keV : float or None
        The mediator mass (keV) of ``"massive"`` (> 0); ``None`` otherwise.
    """

    kind: MediatorKind = "heavy"
    m_phi_keV: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("heavy", "light", "massive"):
            raise ValueError(f"kind must be 'heavy', 'light' or 'massive', got {self.kind!r}")
        if self.kind == "massive":
            object.__setattr__(self, "m_phi_keV", positive_scalar("m_phi_keV", self.m_phi_keV, "keV"))
        elif self.m_phi_keV is not None:
            raise ValueError(f"m_phi_keV must be None for kind={self.kind!r} (use kind='massive' for a mediator "
                             f"of given mass), got {self.m_phi_keV!r}")

    @classmethod
    def of_mass(cls, m_phi_keV: float) -> "Mediator":
        """A mediator of mass ``m_phi_keV`` (keV)."""
        return cls("massive", m_phi_keV)

    @property
    def label(self) -> str:
        """How tables and figures name the mediator."""
        if self.kind == "massive":
            return f"m_phi = {self.m_phi_keV:g} keV"
        return f"{self.kind} mediator"

    def F_DM(self, q_keV) -> np.ndarray:
        """The form factor F_DM(q) (dimensionless) at momentum transfers q > 0 (keV); rates carry abs(F_DM)²."""
        q = finite_array("q_keV", q_keV)
        if np.any(q <= 0):
            raise ValueError("q_keV must be > 0 keV (allowed range (0, inf) keV)")
        if self.kind == "heavy":
            return np.ones_like(q)
        if self.kind == "light":
            return (Q0_KEV / q) ** 2
        assert self.m_phi_keV is not None  # the kind is 'massive' only with a mediator mass
        m2 = float(self.m_phi_keV) ** 2
        return (m2 + Q0_KEV**2) / (m2 + q * q)


#: F_DM = 1 (a heavy mediator, a contact interaction).
HEAVY = Mediator("heavy")
#: F_DM = (α m_e/q)² (a light mediator; the millicharge).
LIGHT = Mediator("light")


@dataclass(frozen=True)
class HaloDarkMatter:
    """A halo dark-matter particle scattering on electrons.

    Attributes
    ----------
    mass_keV : float
        m_χ (keV), > 0.
    sigma_e_cm2 : float
        σ̄_e (cm²), ≥ 0 (0: no signal).
    mediator : Mediator
        :data:`HEAVY` (default), :data:`LIGHT` or :meth:`Mediator.of_mass`.
    delta : float or None
        The millicharge δ of a χ built by :meth:`millicharged` (then σ̄_e follows from δ); ``None``
        otherwise.

    Raises
    ------
    ValueError
        Naming the field, for a non-positive mass, a negative or non-finite σ̄_e, or a mediator that is
        not a :class:`Mediator`.
    """

    mass_keV: float
    sigma_e_cm2: float
    mediator: Mediator = HEAVY
    delta: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "mass_keV", positive_scalar("mass_keV", self.mass_keV, "keV"))
        object.__setattr__(self, "sigma_e_cm2", nonnegative_scalar("sigma_e_cm2", self.sigma_e_cm2, "cm^2"))
        if not isinstance(self.mediator, Mediator):
            raise ValueError(f"mediator must be a mcpria_lite.particles.dark_matter.Mediator (HEAVY, LIGHT or "
                             f"Mediator.of_mass(m)), got {self.mediator!r}")
        if self.delta is not None:
            if self.mediator.kind != "light":
                raise ValueError("delta (a millicharge) needs the light mediator (photon exchange); use "
                                 "HaloDarkMatter.millicharged(mass_keV, delta)")
            d = positive_scalar("delta", self.delta)
            s = millicharge_sigma_e_cm2(d, self.mass_keV)
            if not math.isclose(s, self.sigma_e_cm2, rel_tol=1e-9):
                raise ValueError(f"sigma_e_cm2 must equal 16πα²δ²μ²/(αm_e)⁴ = {s:.6g} cm² for delta={d!r}, got "
                                 f"{self.sigma_e_cm2!r}; use HaloDarkMatter.millicharged")

    @classmethod
    def millicharged(cls, mass_keV: float, delta: float) -> "HaloDarkMatter":
        """A χ of charge δe: the light mediator with σ̄_e = 16πα²δ²μ²_χe/(αm_e)⁴."""
        return cls(mass_keV, millicharge_sigma_e_cm2(delta, mass_keV), LIGHT, float(delta))

    @property
    def mu_e_keV(self) -> float:
        """The χ–electron reduced mass (keV)."""
        return reduced_mass_keV(self.mass_keV)

    @property
    def sigma_e_keV2(self) -> float:
        """σ̄_e in keV⁻² (natural units)."""
        return self.sigma_e_cm2 / HBARC2_KEV2_CM2

    def F_DM(self, q_keV) -> np.ndarray:
        """The mediator's form factor (:meth:`Mediator.F_DM`)."""
        return self.mediator.F_DM(q_keV)

    def with_sigma(self, sigma_e_cm2: float) -> "HaloDarkMatter":
        """The same particle with another σ̄_e (a millicharge's δ is dropped)."""
        return replace(self, sigma_e_cm2=sigma_e_cm2, delta=None)

    @property
    def label(self) -> str:
        return f"m_chi = {self.mass_keV / 1e3:g} MeV, {self.mediator.label}"


def millicharge_sigma_e_cm2(delta, m_chi_keV) -> float:
    """σ̄_e (cm²) of a particle of charge δe and mass m_χ (keV): 16πα²δ²μ²_χe/(αm_e)⁴ (ħc)².

    From the Rutherford cross section of a slow charge δe on a free electron,
    dσ/dq² = 4πα²δ²/(v²q⁴), written as σ̄_e abs(F_DM)²/(4μ²v²) with F_DM = (αm_e/q)²."""
    d = positive_scalar("delta", delta)
    mu = reduced_mass_keV(m_chi_keV)
    return 16.0 * math.pi * ALPHA**2 * d * d * mu * mu / Q0_KEV**4 * HBARC2_KEV2_CM2


def millicharge_delta(sigma_e_cm2, m_chi_keV):
    """The inverse of :func:`millicharge_sigma_e_cm2`: δ from σ̄_e (cm², scalar or array) and m_χ (keV)."""
    s = finite_array("sigma_e_cm2", sigma_e_cm2)
    if np.any(s <= 0):
        raise ValueError("sigma_e_cm2 must be > 0 cm^2 (allowed range (0, inf))")
    d = np.sqrt(s / millicharge_sigma_e_cm2(1.0, m_chi_keV))
    return float(d) if d.ndim == 0 else d
