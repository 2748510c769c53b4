"""What an atomic method is, the machinery every method shares, and the registry of methods.

A method is an object with a typed option dataclass and these members (:class:`Method`):

* ``dsigma_dT_terms(target, T, E, projectile, interaction, options)`` → (n_terms, n): dσ_k/dT of every
  term of the interaction at unit couplings, cm²/keV per atom, for flat arrays T, E (keV);
* ``E_lower_limit(T, projectile, target=None, **options)``: the lowest total energy (keV) at which T
  is reachable (the lower limit of a rate's flux integral);
* ``rate_terms(target, T, E_nodes, groups, use, interaction, options)``: Σ over the flux nodes of the
  weights times dσ_k/dT, 1/(keV s) per atom. :class:`MethodBase` evaluates the cross section at every
  node; a method with a faster path for a flux (the impulse approximation's shared p_z integrals)
  overrides it;
* ``supports(interaction)``: ``None``, or the reason the method does not apply (a ``ValueError`` text).

The registry :data:`METHODS` maps names to method objects. A new method is one new module in this
package that calls :func:`register`; nothing outside this package branches on a method's name.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Protocol, runtime_checkable

import numpy as np

from .._validate import did_you_mean, nonnegative_scalar
from ..particles.projectiles import Projectile

__all__ = ["Method", "MethodBase", "METHODS", "register", "get", "names", "paper_methods", "E_lower_limit",
           "projectile_mass", "check_supports", "rate_terms"]


#: Keywords of the functions that pass options on to a method (dsigma_dT, dR_dT, sensitivity, …):
#: a misspelled one reaches :meth:`MethodBase.options` and is pointed to its right name.
CALLER_KEYWORDS = ("delta", "interaction", "projectile", "m_keV", "E_keV", "T_keV", "n_E", "evaluation", "method",
                   "target", "flux", "detector", "threshold_keV", "background_cpkkd", "exposure_kg_day",
                   "window_keV", "statistic", "n_bins", "n_T", "cl")


@runtime_checkable
class Method(Protocol):
    """What a method provides (structural: any object with these members can be registered)."""

    name: str
    Options: type

    def options(self, **kw): ...

    def dsigma_dT_terms(self, target, T, E, projectile: Projectile, interaction, options) -> np.ndarray: ...

    def E_lower_limit(self, T_keV, projectile: Projectile, target=None, **options) -> np.ndarray: ...


class MethodBase:
    """Shared behaviour of the methods: option parsing, the direct rate path, descriptive attributes.

    Attributes
    ----------
    name : str
        The registered name (what a user types).
    label : str
        How tables and figures name the method.
    in_paper : bool
        One of the four methods of Qiao et al. (2021), which need only Compton profiles, binding
        energies and photoabsorption data and so work for every element and compound.
    coarse_T_per_decade : int or None
        A hint for spectra over wide T ranges (:func:`mcpria_lite.detection.signals.neutrino_signal`):
        evaluate the rate at this many points per decade between shell edges and interpolate (costly
        methods), or ``None`` for every node.
    plot_style : dict
        Matplotlib line style of the method in the book's figures.
    """

    name: str = ""
    Options: type = object
    in_paper: bool = False
    coarse_T_per_decade: int | None = None
    plot_style: dict = {}

    @property
    def label(self) -> str:
        return self.name

    def options(self, **kw):
        """Build this method's option dataclass; unknown options raise ``ValueError`` naming the method."""
        allowed = [f.name for f in fields(self.Options)]
        unknown = sorted(set(kw) - set(allowed))
        if unknown:
            acc = f"options must be one of {allowed}" if allowed else "it accepts no options (allowed: none)"
            hint = did_you_mean(unknown[0], [*allowed, *CALLER_KEYWORDS])
            raise ValueError(f"method {self.name!r} does not use the option(s) {unknown}{hint}; {acc}")
        return self.Options(**kw)

    def supports(self, interaction) -> str | None:
        """``None`` if the method computes every term of ``interaction``, else the reason it does not."""
        return None

    def check(self, interaction) -> None:
        """Raise ``ValueError`` (naming the interaction and this method) where :meth:`supports` says no."""
        check_supports(self, interaction)

    def rate_terms(self, target, T, E_nodes, groups, use, interaction, options) -> np.ndarray:
        """Σ_nodes w σ_k (1/(keV s) per atom), shape (n_terms, nT), by the cross section at every node.

        ``groups``: (projectile, weights (nT, nE)) per flavour group; ``use`` (nT, nE): the nodes that
        are kinematically open."""
        n_terms = len(interaction.terms)
        values = np.zeros((n_terms, T.size))
        T2 = np.broadcast_to(T[:, None], E_nodes.shape)
        for proj, w in groups:
            ok = use & (w > 0)
            if not np.any(ok):
                continue
            sig = np.zeros((n_terms,) + E_nodes.shape)
            sig[:, ok] = self.dsigma_dT_terms(target, T2[ok], E_nodes[ok], proj, interaction, options)
            values += np.sum(w * sig, axis=-1)  # cm²/keV × cm⁻² s⁻¹ = 1/(keV s) per atom
        return values

    def __repr__(self) -> str:
        return f"<method {self.name}>"


def check_supports(method, interaction) -> None:
    """``ValueError`` (naming the interaction and the method) where ``method.supports`` says no; a
    method without ``supports`` is taken to compute every interaction."""
    why = getattr(method, "supports", lambda _: None)(interaction)
    if why is not None:
        raise ValueError(f"interaction {interaction!r}: {why}")


def rate_terms(method, target, T, E_nodes, groups, use, interaction, options) -> np.ndarray:
    """The method's own rate path (``method.rate_terms``), or the cross section at every node for a
    method that has none (:meth:`MethodBase.rate_terms`)."""
    own = getattr(method, "rate_terms", None)
    if own is None:
        return MethodBase.rate_terms(method, target, T, E_nodes, groups, use, interaction, options)
    return own(target, T, E_nodes, groups, use, interaction, options)


def projectile_mass(projectile) -> float:
    """The mass (keV) of a :class:`~mcpria_lite.particles.projectiles.Projectile` (``ValueError`` otherwise)."""
    if not isinstance(projectile, Projectile):
        raise ValueError(f"projectile must be a mcpria_lite.particles.projectiles.Projectile, got {type(projectile).__name__}")
    return float(projectile.mass_keV)


#: The registered methods by name.
METHODS: dict[str, Method] = {}


def register(method: Method) -> Method:
    """Register a method object under ``method.name`` (replacing none: a duplicate name raises)."""
    if not isinstance(method, Method):
        raise ValueError(f"method must provide name, Options, options, dsigma_dT_terms and E_lower_limit; got {method!r}")
    if method.name in METHODS:
        raise ValueError(f"a method named {method.name!r} is already registered")
    METHODS[method.name] = method
    return method


def get(method) -> Method:
    """The method object for a name (or the object itself); unknown names raise ``ValueError``."""
    if isinstance(method, str):
        if method not in METHODS:
            raise ValueError(f"method must be one of {sorted(METHODS)!r}, got {method!r}")
        return METHODS[method]
    if isinstance(method, Method):
        return method
    raise ValueError(f"method must be one of {sorted(METHODS)!r} or a method object, got {method!r}")


def names() -> tuple[str, ...]:
    """The names of the registered methods, in registration order."""
    return tuple(METHODS)


def paper_methods() -> tuple[str, ...]:
    """The registered methods of Qiao et al. (2021) (:attr:`MethodBase.in_paper`)."""
    return tuple(n for n, m in METHODS.items() if getattr(m, "in_paper", False))


def E_lower_limit(T_keV, projectile, method="RIA", *, target=None, **options) -> np.ndarray:
    """Lowest total energy (keV) at which ``projectile`` reaches the energy transfer T with ``method``.

    ``projectile``: a :class:`~mcpria_lite.particles.projectiles.Projectile` or its mass in keV;
    ``target``: the target whose profile support the impulse approximation uses (default 100 a.u.).
    """
    if not isinstance(projectile, Projectile):
        m = nonnegative_scalar("m_keV", projectile, "keV")
        projectile = Projectile(name=f"χ (m = {m:g} keV)", mass_keV=m, flavour="chi")
    return get(method).E_lower_limit(T_keV, projectile, target=target, **options)
