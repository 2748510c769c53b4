"""The models a limit can be set on: one registry, which a new model joins with one call.

A :class:`ModelSpec` says what the coupling is, which interaction an atomic method must handle for it
(so that a method can say whether it applies, :meth:`mcpria_lite.methods.base.MethodBase.applies`),
which parameters the model takes (a dark-matter mass), what flux it assumes, and how to compute its
deposited-energy spectrum per term at unit coupling (a :class:`~mcpria_lite.detection.signals.TermSpectrum`)
at any energies for any target. The inference layer (:mod:`mcpria_lite.inference.limits`) builds
signals in every kind of data set and the combined likelihood from it, whatever the model.

Registered here: the solar-neutrino magnetic moment, millicharge and charge radius
(:func:`mcpria_lite.detection.signals.neutrino_spectrum`; for the millicharge and the charge radius
with the interference with the weak amplitude unless ``interference=False``) and the dark-cosmic-ray
millicharge of mass ``mass_keV`` (:func:`mcpria_lite.detection.signals.dark_cosmic_ray_spectrum`).

**Adding a model** (e.g. halo dark matter through a dark photon, with its own coupling κ): write a
function ``spectrum(target, T_keV, method, **parameters_and_method_options) -> TermSpectrum`` and a
function ``interaction(**parameters)`` returning the interaction object the method must support,
then ``register_model(ModelSpec("dark-photon", "kappa", "", "...", spectrum, interaction,
parameters=("mass_keV",)))``. Limits, bands, combinations, files and the command line then work for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import _validate
from ..particles import interactions as _int
from ..sources.cosmic_rays import DM_CONVENTION, dark_cosmic_rays
from ..sources.solar import solar_neutrinos
from .signals import NEUTRINO_INTERACTIONS, TermSpectrum, dark_cosmic_ray_spectrum, neutrino_spectrum

__all__ = ["ModelSpec", "MODELS", "register_model", "get_model"]


@dataclass(frozen=True)
class ModelSpec:
    """A model a limit can be set on.

    Attributes
    ----------
    name : str
        What a user types (``--interaction`` on the command line).
    coupling, unit : str
        The coupling θ the limit is on and its unit.
    description : str
        One line for tables and file headers.
    spectrum : callable
        ``spectrum(target, T_keV, method, **parameters, **method_options)`` → TermSpectrum.
    interaction : callable
        ``interaction(**parameters)`` → the interaction object the atomic method must support and
        apply to (:meth:`mcpria_lite.methods.base.MethodBase.applies`).
    parameters : tuple of str
        Required parameters (e.g. ``("mass_keV",)``).
    options : dict
        Optional parameters and their defaults (e.g. ``{"interference": True}``).
    flux : callable
        ``flux(**parameters)`` → a one-line description of the flux (file headers).
    """

    name: str
    coupling: str
    unit: str
    description: str
    spectrum: Callable[..., TermSpectrum]
    interaction: Callable
    parameters: tuple = ()
    options: dict = field(default_factory=dict)
    flux: Callable[..., str] = lambda **_: ""

    def check_parameters(self, params: dict) -> dict:
        """The parameters completed with the defaults; ``ValueError`` for a missing or unknown one."""
        missing = [p for p in self.parameters if params.get(p) is None]
        if missing:
            raise ValueError(f"{', '.join(missing)} is required for the model {self.name}")
        unknown = sorted(k for k, v in params.items() if v is not None and k not in self.parameters
                         and k not in self.options)
        if unknown:
            raise ValueError(f"{', '.join(unknown)} does not apply to the model {self.name} (it takes "
                             f"{list(self.parameters) + list(self.options) or 'no parameters'})")
        out = dict(self.options)
        out.update({k: v for k, v in params.items() if v is not None})
        return out


#: The registered models by name.
MODELS: dict[str, ModelSpec] = {}


def register_model(spec: ModelSpec) -> ModelSpec:
    """Register a model under ``spec.name`` (a duplicate name raises ``ValueError``)."""
    if not isinstance(spec, ModelSpec):
        raise ValueError(f"spec must be a ModelSpec, got {spec!r}")
    if spec.name in MODELS:
        raise ValueError(f"a model named {spec.name!r} is already registered")
    MODELS[spec.name] = spec
    return spec


def get_model(name: str) -> ModelSpec:
    """The registered model ``name``."""
    _validate.choice("model", name, tuple(MODELS))
    return MODELS[name]


# ------------------------------------------------------------------------------------------------
# the solar-neutrino electromagnetic properties and the dark-cosmic-ray millicharge
# ------------------------------------------------------------------------------------------------
def _neutrino_model(name: str) -> ModelSpec:
    spec = _int.INTERACTIONS[name]
    assert spec.coupling is not None  # NEUTRINO_INTERACTIONS holds only the interactions with a coupling
    interferes = any(t.powers.get(spec.coupling, 0) == 1 for t in (spec.build() + _int.Weak()).terms)

    def spectrum(target, T_keV, method, *, interference: bool = True, **method_options):
        return neutrino_spectrum(target, T_keV, name, method, interference=bool(interference) if interferes else None,
                                 **method_options)

    def interaction(*, interference: bool = True):
        inst = spec.build()
        return inst + _int.Weak() if (interferes and interference) else inst

    what = {"magnetic-moment": "flavour-independent magnetic moment mu_nu",
            "millicharge": "flavour-independent millicharge delta_nu",
            "charge-radius": "flavour-independent charge radius <r^2> (delta g_V = (2 sqrt2 pi alpha / 3 G_F) <r^2>)"}
    return ModelSpec(name, spec.coupling, spec.unit, f"solar neutrinos, {what.get(name, name)}", spectrum, interaction,
                     options={"interference": True} if interferes else {},
                     flux=lambda **_: getattr(solar_neutrinos(), "name", "solar neutrinos"))


for _name in NEUTRINO_INTERACTIONS:
    register_model(_neutrino_model(_name))


def _dcr_spectrum(target, T_keV, method, *, mass_keV: float, **method_options):
    return dark_cosmic_ray_spectrum(target, T_keV, mass_keV, method, **method_options)


def _dcr_flux(*, mass_keV: float, **_) -> str:
    return getattr(dark_cosmic_rays(float(mass_keV), **DM_CONVENTION), "name", "dark cosmic rays")


register_model(ModelSpec(
    "dark-cosmic-ray", "delta", "e",
    "millicharged dark cosmic rays of mass m_chi (rate proportional to delta^(alpha+1))",
    _dcr_spectrum, lambda **_: _int.Millicharge(), parameters=("mass_keV",), flux=_dcr_flux))
