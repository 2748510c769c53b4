"""How the atom is treated: one module per atomic method, each registering itself.

* :mod:`.impulse` — the relativistic impulse approximation, ``"RIA"`` and ``"RIA-simplified"``
  (its rate path over a flux: :mod:`.impulse_rates`);
* :mod:`.free_electron` — the free-electron (stepping) approximation, ``"FEA"``;
* :mod:`.equivalent_photons` — the equivalent-photon approximation, ``"EPA"``;
* :mod:`.dfs` — the ab initio Dirac–Hartree–Slater response, ``"DFS"``;
* :mod:`.base` — the :class:`~.base.Method` interface, the shared machinery and the registry;
* :mod:`.halo_models` — the atomic models for a slow projectile (halo dark matter), by name.
"""

from __future__ import annotations

from . import impulse, free_electron, equivalent_photons, dfs  # noqa: F401  (registration order)
from . import halo_models  # noqa: F401,E402  (after dfs: its models use the registered method)
from .base import METHODS, AtomicInputs, E_lower_limit, Method, MethodBase, get, names, paper_methods, register  # noqa: F401
from .dfs import DFSOptions  # noqa: F401
from .equivalent_photons import EPAOptions  # noqa: F401
from .free_electron import FEAOptions  # noqa: F401
from .impulse import PZ_FORWARD_AU, RIAOptions  # noqa: F401
