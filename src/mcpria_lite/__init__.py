"""mcpria-lite: atomic ionization by millicharged particles, neutrinos and dark matter, in several
atomic approximations side by side.

Relativistic impulse approximation (RIA) built on atomic Compton profiles, free-electron (FEA) and
equivalent-photon (EPA) approximations, and an ab initio Dirac–Hartree–Slater response (DFS), for
Ge, Xe and any other element or compound. Re-implements and extends Qiao, Lin, Chi & Jia, JHEP 03
(2021) 184 (arXiv:2009.14320).

The package reads as the pipeline, one subpackage per stage (imports run one way, top to bottom):

* :mod:`mcpria_lite.particles` — projectiles and their interactions;
* :mod:`mcpria_lite.sources` — fluxes of projectiles (solar neutrinos, dark cosmic rays, a user's);
* :mod:`mcpria_lite.targets` — atoms and compounds, their data, and the ab initio atom;
* :mod:`mcpria_lite.methods` — one module per atomic method, each registering itself;
* :mod:`mcpria_lite.rates.event_rates` — cross sections and event rates;
* :mod:`mcpria_lite.detection` — detectors, their response, data releases, signals;
* :mod:`mcpria_lite.inference` — statistics, likelihoods, sensitivities, limits;
* :mod:`mcpria_lite.cli` — the command line (and :mod:`mcpria_lite.plotting`, the book's figures).

The entry points: ``target``, :func:`dsigma_dT`, the sources (``solar_neutrinos``,
``dark_cosmic_rays``, ``tabulated_flux``, …), :func:`dR_dT`, :class:`Detector`,
:func:`sensitivity` and ``exposure_sensitivity``.

Units of the public API: keV for energies, masses and momenta; atomic units for Compton-profile
momenta p_z; cm²/keV per atom for dσ/dT; counts/(keV kg day) for rates. See
:mod:`mcpria_lite.units`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import units  # noqa: F401,E402
from . import kinematics  # noqa: F401,E402
from . import particles, sources, targets, methods, rates, detection, inference  # noqa: F401,E402
from .particles import projectiles, interactions  # noqa: F401,E402
from .particles.interactions import ChargeRadius, MagneticMoment, Millicharge, Weak  # noqa: F401,E402
from .sources import (  # noqa: F401,E402
    callable_flux,
    dark_cosmic_rays,
    line_flux,
    power_law_flux,
    solar_neutrinos,
    tabulated_flux,
)
from .targets import Compound, Shell, Target, compound, target  # noqa: F401,E402
from .rates import compton_dsigma_dT, ddcs, dR_dT, dsigma_dT  # noqa: F401,E402
from .detection import Detector  # noqa: F401,E402
from .inference import exposure_sensitivity, sensitivity  # noqa: F401,E402
