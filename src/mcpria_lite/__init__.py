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

# The names below are imported on first use (PEP 562), so that ``import mcpria_lite`` — and the
# command line's ``--version`` — cost almost nothing; ``mcpria_lite.dR_dT`` and
# ``from mcpria_lite import dR_dT`` work as ever.
_SUBMODULES = ("units", "kinematics", "particles", "sources", "targets", "methods", "rates", "detection",
               "inference", "paper", "plotting", "cli", "derivation")
_NAMES = {
    "projectiles": "particles", "interactions": "particles",
    "ChargeRadius": "particles.interactions", "MagneticMoment": "particles.interactions",
    "Millicharge": "particles.interactions", "Weak": "particles.interactions",
    "callable_flux": "sources", "dark_cosmic_rays": "sources", "line_flux": "sources",
    "power_law_flux": "sources", "solar_neutrinos": "sources", "tabulated_flux": "sources",
    "Compound": "targets", "Shell": "targets", "Target": "targets", "compound": "targets", "target": "targets",
    "compton_dsigma_dT": "rates", "ddcs": "rates", "dR_dT": "rates", "dsigma_dT": "rates",
    "Detector": "detection",
    "exposure_sensitivity": "inference", "sensitivity": "inference",
}
__all__ = ["__version__", *(m for m in _SUBMODULES if m not in ("plotting", "cli", "derivation")), *_NAMES]


def __getattr__(name: str):
    import importlib

    if name in _SUBMODULES:
        mod = importlib.import_module(f"{__name__}.{name}")
    elif name in _NAMES:
        mod = getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = mod
    return mod


def __dir__():
    return sorted(set(globals()) | set(__all__))
