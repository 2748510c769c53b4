"""What comes in: the sources of projectiles and their spectra.

* :mod:`.flux` — the :class:`~.flux.Flux` every source is (spectrum, lines, projectile, quadrature);
* :mod:`.spectra` — a user's own tabulated, callable, line and power-law spectra;
* :mod:`.solar` — the solar neutrinos, with :mod:`.oscillations` (their flavours at Earth);
* :mod:`.cosmic_rays` — dark cosmic rays;
* :mod:`.dark_photons` — dark-photon (and axion-like) dark matter of the halo, a user's dark-photon flux.
* :mod:`.halo` — the dark-matter halo: velocity distributions, η(v_min), annual modulation.

Every public name of these modules is available here (``mcpria_lite.sources.solar.solar_neutrinos``).
"""

from __future__ import annotations

from .cosmic_rays import *  # noqa: F401,F403
from .dark_photons import *  # noqa: F401,F403
from .flux import *  # noqa: F401,F403
from .solar import *  # noqa: F401,F403
from .spectra import *  # noqa: F401,F403
from .halo import *  # noqa: F401,F403
