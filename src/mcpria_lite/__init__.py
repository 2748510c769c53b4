"""mcpria-lite: atomic ionization by millicharged particles and neutrinos in three approximations.

Relativistic impulse approximation (RIA) built on atomic Compton profiles, free-electron
approximation (FEA) and equivalent-photon approximation (EPA), for Ge, Xe and any other element or
compound. Re-implements and extends Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184 (arXiv:2009.14320).

The five entry points:

* :func:`target` -- an atom or compound (``target("Ge")``, ``target("NaI(Tl)")``);
* :func:`dsigma_dT` -- the ionization cross section dσ/dT;
* the sources of :mod:`mcpria_lite.fluxes` (:func:`~mcpria_lite.fluxes.solar_neutrinos`,
  :func:`~mcpria_lite.fluxes.dark_cosmic_rays`, or a user's own with
  :func:`~mcpria_lite.fluxes.tabulated_flux` and friends) and :func:`dR_dT`, the event rate;
* the detectors of :mod:`mcpria_lite.detectors` (presets, or a :class:`~mcpria_lite.detectors.Detector`
  of one's own);
* :func:`sensitivity` (and :meth:`Detector.exposure_sensitivity
  <mcpria_lite.detectors.Detector.exposure_sensitivity>`) -- the coupling a detector can reach.

Units of the public API: keV for energies, masses and momenta; atomic units for Compton-profile
momenta p_z; cm²/keV per atom for dσ/dT; counts/(keV kg day) for rates. See
:mod:`mcpria_lite.units`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import units  # noqa: F401
from . import projectiles  # noqa: F401
from . import kinematics  # noqa: F401
from . import oscillations, fluxes, detectors  # noqa: F401
from .atoms import Shell, Target, target  # noqa: F401,E402
from . import cross_sections  # noqa: F401,E402
from .cross_sections import compton_dsigma_dT, ddcs, dsigma_dT  # noqa: F401,E402
from . import paper, rates, sensitivities  # noqa: F401,E402
from .rates import dR_dT  # noqa: F401,E402
from .sensitivities import sensitivity  # noqa: F401,E402
from . import compounds, detector_response, statistics  # noqa: F401,E402
from . import ab_initio_method  # noqa: F401,E402  (registers the method "DFS")
from .compounds import Compound, compound  # noqa: F401,E402
from .detectors import Detector  # noqa: F401,E402
from .fluxes import (  # noqa: F401,E402
    callable_flux,
    dark_cosmic_rays,
    line_flux,
    power_law_flux,
    solar_neutrinos,
    tabulated_flux,
)

from . import interactions, methods  # noqa: F401,E402
from .interactions import ChargeRadius, MagneticMoment, Millicharge, Weak  # noqa: F401,E402
