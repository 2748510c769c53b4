"""What it hits: atoms and compounds, their Compton profiles, binding energies and photoabsorption,
and the ab initio atom.

* :mod:`.lookup` — :func:`~.lookup.target` by element symbol, Z or chemical formula;
* :mod:`.atoms` — an atom's shells, Compton profiles and photoabsorption;
* :mod:`.compounds` — a compound as the sum of its atoms;
* :mod:`.photoabsorption` — measured photoabsorption cross sections;
* :mod:`.protocol` — what a target is to the methods;
* :mod:`.ionization_factor` — the atomic ionization factor K(E, q) (ab initio, and Roberts et al.);
* :mod:`.dfs` — the Dirac–Hartree–Slater atom and its response functions.
"""

from __future__ import annotations

from .atoms import NarrowProfileTarget, Shell, Target  # noqa: F401
from .compounds import Compound, compound  # noqa: F401
from .lookup import as_target, target, z_effective  # noqa: F401
