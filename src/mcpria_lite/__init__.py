"""mcpria-lite: atomic ionization by millicharged particles in three approximations.

Relativistic impulse approximation (RIA) built on atomic Compton profiles, free-electron
approximation (FEA) and equivalent-photon approximation (EPA), for Ge, Xe and other targets.
Re-implements and extends Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184 (arXiv:2009.14320).

Units of the public API: keV for energies, masses and momenta; atomic units for Compton-profile
momenta p_z; cm²/keV per atom for dσ/dT; counts/(keV kg day) for rates. See
:mod:`mcpria_lite.units`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import units  # noqa: F401
from . import projectiles  # noqa: F401
from . import kinematics  # noqa: F401
from . import fluxes, detectors  # noqa: F401
from .atoms import Shell, Target, target  # noqa: F401,E402
from . import cross_sections  # noqa: F401,E402
from .cross_sections import compton_dsigma_dT, ddcs, dsigma_dT  # noqa: F401,E402
from . import paper, rates, sensitivities  # noqa: F401,E402
from .rates import dR_dT  # noqa: F401,E402
from .sensitivities import sensitivity  # noqa: F401,E402
from . import compounds, detector_response, statistics  # noqa: F401,E402
from .compounds import Compound, compound  # noqa: F401,E402
