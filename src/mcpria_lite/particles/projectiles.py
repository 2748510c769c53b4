"""Projectiles: the incoming spin-½ particle of a source (mass, flavour, particle or antiparticle).

A :class:`Projectile` is carried by every source (:mod:`mcpria_lite.sources`), so that the cross
sections and rates know the projectile's mass, its flavour (which fixes the Standard-Model weak
couplings, :mod:`mcpria_lite.particles.interactions`) and, for a massless particle only, the mass that
regulates the logarithm of the equivalent-photon approximation. No caller passes that regulator by
hand.

Units: masses in keV (the package convention, :mod:`mcpria_lite.units`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np

__all__ = [
    "Flavour",
    "FLAVOURS",
    "Projectile",
    "NEUTRINO_EPA_REGULATOR_KEV",
    "NEUTRINO_NAMES",
    "neutrino",
    "antineutrino",
    "millicharged_particle",
]

#: The flavour of a projectile, a neutrino flavour or ``"chi"``. ν_μ and ν_τ scatter alike on
#: electrons and share one label, ``"nu_mu_tau"``; ``"chi"`` is a particle without weak
#: interactions (a dark-sector millicharged particle).
Flavour = Literal["nu_e", "nu_mu_tau", "chi"]
FLAVOURS: tuple[str, ...] = ("nu_e", "nu_mu_tau", "chi")

#: The mass (keV) that regulates the equivalent-photon logarithm ln(Q²max/Q²min) of a massless
#: neutrino, 0.1 eV (Q²min = m²T²/(E(E − T)) vanishes for m = 0). With it the EPA reproduces the
#: germanium neutrino entry of Qiao et al., JHEP 03 (2021) 184, within a few per cent (shown in
#: the chapter "Sensitivity").
NEUTRINO_EPA_REGULATOR_KEV = 1e-4


def _is_real(x) -> bool:
    """A plain real number: ``int``/``float`` or a NumPy integer/floating scalar, not a ``bool``."""
    return not isinstance(x, (bool, np.bool_)) and isinstance(x, (int, float, np.integer, np.floating))


@dataclass(frozen=True, kw_only=True)
class Projectile:
    """An incoming spin-½ projectile.

    Attributes
    ----------
    name : str
        Label (e.g. ``"ν_e"``, ``"χ (m = 1 keV)"``).
    mass_keV : float
        Rest mass in keV (≥ 0).
    flavour : {"nu_e", "nu_mu_tau", "chi"}
        Neutrino flavour, or ``"chi"`` for a particle without Standard-Model weak couplings.
    antiparticle : bool
        ``True`` for an antineutrino (g_L ↔ g_R in weak scattering; the sign of the weak–charge
        interference flips).
    epa_regulator_keV : float or None
        Only for a massless projectile: the mass used in Q²min of the equivalent-photon
        approximation. ``None`` for a massive projectile (its own mass regulates the EPA); a value
        given for a massive one is an error, not silently used.
    """

    name: str
    mass_keV: float
    flavour: Flavour = "chi"
    antiparticle: bool = False
    epa_regulator_keV: float | None = None

    def __post_init__(self) -> None:
        m = self.mass_keV
        if not _is_real(m) or not math.isfinite(m) or m < 0:
            raise ValueError(f"mass_keV must be a finite number >= 0 keV, got {m!r}")
        object.__setattr__(self, "mass_keV", float(m))
        if self.flavour not in FLAVOURS:
            raise ValueError(f"flavour must be one of {FLAVOURS}, got {self.flavour!r}")
        r = self.epa_regulator_keV
        if r is not None:
            if m > 0:
                raise ValueError(
                    f"epa_regulator_keV applies only to a massless projectile; this one has "
                    f"mass_keV={m!r} keV, which itself regulates the EPA (leave epa_regulator_keV=None)"
                )
            if not _is_real(r) or not math.isfinite(r) or r <= 0:
                raise ValueError(f"epa_regulator_keV must be a finite number > 0 keV, got {r!r}")
            object.__setattr__(self, "epa_regulator_keV", float(r))

    @property
    def is_neutrino(self) -> bool:
        """Whether the projectile has Standard-Model weak couplings."""
        return self.flavour != "chi"

    @property
    def epa_mass_keV(self) -> float:
        """The mass in Q²min of the equivalent-photon approximation (keV).

        It is the rest mass, or the regulator for a massless projectile; ``ValueError`` if neither
        is set."""
        if self.mass_keV > 0:
            return float(self.mass_keV)
        if self.epa_regulator_keV is None:
            raise ValueError(
                f"the projectile {self.name!r} is massless and has no epa_regulator_keV: the EPA "
                "logarithm ln(Q²max/Q²min) diverges as m → 0 (set epa_regulator_keV, e.g. 1e-4 keV)"
            )
        return float(self.epa_regulator_keV)


#: Names accepted by :func:`neutrino`: a flavour, or a flavour with ``"_bar"`` for the antineutrino.
NEUTRINO_NAMES: tuple[str, ...] = ("nu_e", "nu_mu_tau", "nu_e_bar", "nu_mu_tau_bar")


def neutrino(flavour: str = "nu_e", epa_regulator_keV: float = NEUTRINO_EPA_REGULATOR_KEV, *,
             antiparticle: bool = False) -> Projectile:
    """A massless neutrino or antineutrino (EPA regulated by ``epa_regulator_keV``).

    Parameters
    ----------
    flavour : {"nu_e", "nu_mu_tau", "nu_e_bar", "nu_mu_tau_bar"}
        The flavour; the suffix ``"_bar"`` makes the antineutrino (a reactor's ν̄_e is
        ``neutrino("nu_e_bar")``).
    epa_regulator_keV : float
        The mass in Q²min of the equivalent-photon approximation (default 0.1 eV).
    antiparticle : bool
        Another way to ask for the antineutrino (``neutrino("nu_e", antiparticle=True)``).
    """
    if not isinstance(flavour, str) or flavour not in NEUTRINO_NAMES:
        raise ValueError(f"flavour must be one of {NEUTRINO_NAMES}, got {flavour!r}")
    if not isinstance(antiparticle, bool):
        raise ValueError(f"antiparticle must be True or False, got {antiparticle!r}")
    bar = flavour.endswith("_bar")
    if bar and antiparticle:
        raise ValueError(f"flavour {flavour!r} already names the antineutrino; leave antiparticle=False")
    base = cast(Flavour, flavour.removesuffix("_bar"))
    anti = bar or antiparticle
    return Projectile(name=f"{'antineutrino' if anti else 'neutrino'} ({base})", mass_keV=0.0, flavour=base,
                      antiparticle=anti, epa_regulator_keV=epa_regulator_keV)


def antineutrino(flavour: str = "nu_e", epa_regulator_keV: float = NEUTRINO_EPA_REGULATOR_KEV) -> Projectile:
    """A massless antineutrino of the given flavour (the same as ``neutrino(flavour + "_bar")``)."""
    if not isinstance(flavour, str) or flavour not in FLAVOURS[:2]:
        raise ValueError(f"flavour must be one of {FLAVOURS[:2]}, got {flavour!r}")
    return neutrino(flavour, epa_regulator_keV, antiparticle=True)


def millicharged_particle(mass_keV: float) -> Projectile:
    """A dark-sector millicharged fermion χ of mass ``mass_keV`` (> 0 keV) without weak couplings."""
    if not _is_real(mass_keV) or not mass_keV > 0:
        raise ValueError(f"mass_keV must be > 0 keV for a millicharged particle, got {mass_keV!r}")
    return Projectile(name=f"χ (m = {mass_keV:g} keV)", mass_keV=float(mass_keV), flavour="chi")
