"""What comes in: the projectiles and how they interact with an electron.

* :mod:`.projectiles` — a :class:`~.projectiles.Projectile` (mass, flavour, particle or antiparticle);
* :mod:`.interactions` — millicharge, magnetic moment, charge radius and the Standard-Model weak
  interaction, their sums, and the registry :data:`~.interactions.INTERACTIONS` by name;
* :mod:`.equivalent_photons` — the equivalent-photon spectrum of a charge;
* :mod:`.dark_photon` — the dark photon (mass, kinetic mixing, polarisation) and its dark-Compton amplitude.
* :mod:`.dark_matter` — a halo dark-matter particle (mass, σ̄_e, mediator; the millicharged χ).
"""

from __future__ import annotations

from .interactions import (INTERACTIONS, ChargeRadius, Interaction, MagneticMoment, Millicharge,  # noqa: F401
                           Weak, as_interaction)
from .dark_photon import DarkPhoton  # noqa: F401
from .projectiles import Projectile, antineutrino, millicharged_particle, neutrino  # noqa: F401
