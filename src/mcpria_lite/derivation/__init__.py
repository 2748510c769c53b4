"""Symbolic derivations (SymPy): the single source of every kinematic formula and squared amplitude.

* :mod:`.kinematics` — Mandelstam invariants, the free-electron cross section, the impulse
  approximation's p_z map and kernel, Ribberfors' photon kernel and Klein–Nishina (§1–5);
* :mod:`.amplitudes` — Dirac traces of the charge, magnetic-moment, charge-radius and weak
  amplitudes, their free-electron limits and equivalent-photon numbers (§6);
* :mod:`.lepton_tensor` — the projectile tensor contracted with the atom's longitudinal and
  transverse responses (§8), for the ab initio method;
* :mod:`.weak_lepton_tensor` — the weak (V−A) lepton tensor of ν and ν̄ and its interference with
  the charge and charge radius, contracted with the vector, axial and vector–axial responses;
* :mod:`.dark_compton` — atomic "dark Compton" scattering V + e → γ + e of a massive vector (a dark
  photon): the squared amplitude per polarisation, its limits, the impulse-approximation kernel;
* :mod:`.codegen` — the generated NumPy modules (§7); ``python -m mcpria_lite.derivation``
  rewrites them, and a test fails when a committed file and the derivation drift apart.

Every public name of the six modules is available here (``from mcpria_lite import derivation as d``).
"""

from __future__ import annotations

from .kinematics import *  # noqa: F401,F403
from .amplitudes import *  # noqa: F401,F403
from .lepton_tensor import *  # noqa: F401,F403
from .dark_compton import *  # noqa: F401,F403
from .weak_lepton_tensor import *  # noqa: F401,F403
from .codegen import *  # noqa: F401,F403
