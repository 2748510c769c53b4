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
* ``supports(interaction)``: ``None``, or the reason the method does not apply (a ``ValueError`` text);
* ``halo_response(target, **options)``: the atom's longitudinal response per subshell for a slow
  projectile (halo dark matter, :class:`mcpria_lite.targets.slow_response.LongitudinalResponse`), or a
  ``ValueError`` saying why the method has none (:attr:`MethodBase.slow_projectile_reason`);
* ``applies(interaction)``: ``None``, or the reason the method, although it computes something, is not
  an approximation to the cross section for that interaction, so no limit or theory band may use it
  (the EPA of a magnetic moment); by default the same as ``supports``;
* ``T_max_keV(target)``: the largest energy transfer the method has data for (tabulated responses);
* for the theory band of a limit (:mod:`mcpria_lite.inference.limits`): ``in_theory_band``,
  ``theory_band_central`` and ``atomic_variants`` (the atomic inputs the method depends on).

:class:`MinimalMethod` is the documented minimum a user's method must provide (``name``, ``Options``,
``options``, ``dsigma_dT_terms``, ``E_lower_limit``); :class:`Method` is everything the package
reads from a method (also ``supports``, ``rate_terms``, ``label``, ``in_paper``,
``coarse_T_per_decade``, ``plot_style``), which every subclass of :class:`MethodBase` has. The
registry :data:`METHODS` maps names to method objects: :func:`register` stores a method with only
the minimum completed by :class:`MethodBase`'s defaults, so :func:`get` always returns a
:class:`Method`. A new method is one new module in this package that calls :func:`register`;
nothing outside this package branches on a method's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike

from .._validate import did_you_mean, nonnegative_scalar
from ..particles.interactions import Interaction
from ..particles.projectiles import Projectile
from ..targets.protocol import AtomicTarget

__all__ = ["MinimalMethod", "Method", "MethodBase", "MethodLike", "AtomicInputs", "METHODS", "register", "get", "names",
           "paper_methods", "E_lower_limit", "projectile_mass", "check_supports", "rate_terms",
           "array_options"]

#: One group of flux weights of a rate: the projectile (in the flavour that arrives) and its weights.
WeightGroup = tuple[Projectile, np.ndarray]


#: Keywords of the functions that pass options on to a method (dsigma_dT, dR_dT, sensitivity, …):
#: a misspelled one reaches :meth:`MethodBase.options` and is pointed to its right name.
CALLER_KEYWORDS = ("delta", "interaction", "projectile", "m_keV", "E_keV", "T_keV", "n_E", "evaluation", "method",
                   "target", "flux", "detector", "threshold_keV", "background_cpkkd", "exposure_kg_day",
                   "window_keV", "statistic", "n_bins", "n_T", "cl")


@runtime_checkable
class MinimalMethod(Protocol):
    """The documented minimum of a method (structural: any object with these members can be registered)."""

    @property
    def name(self) -> str: ...

    @property
    def Options(self) -> type: ...

    def options(self, **kw: Any) -> Any: ...

    def dsigma_dT_terms(self, target: AtomicTarget, T: np.ndarray, E: np.ndarray, projectile: Projectile,
                        interaction: Interaction, options: Any) -> np.ndarray: ...

    def E_lower_limit(self, T_keV: ArrayLike, projectile: Projectile, target: AtomicTarget | None = None,
                      **options: Any) -> np.ndarray: ...


@runtime_checkable
class Method(MinimalMethod, Protocol):
    """Everything the package reads from a method (what :func:`get` returns; see :class:`MethodBase`)."""

    @property
    def label(self) -> str: ...

    @property
    def in_paper(self) -> bool: ...

    @property
    def coarse_T_per_decade(self) -> int | None: ...

    @property
    def plot_style(self) -> dict[str, Any]: ...

    @property
    def atomic_variants(self) -> tuple[AtomicInputs, ...]: ...

    def supports(self, interaction: Interaction) -> str | None: ...

    def applies(self, interaction: Interaction) -> str | None: ...

    def T_max_keV(self, target: Any) -> float: ...

    def halo_response(self, target: Any, **options: Any) -> Any: ...

    def rate_terms(self, target: AtomicTarget, T: np.ndarray, E_nodes: np.ndarray, groups: list[WeightGroup],
                   use: np.ndarray, interaction: Interaction, options: Any) -> np.ndarray: ...


#: A method as the public functions take it (a registered name such as "RIA", or a method object).
MethodLike = str | MinimalMethod


@dataclass(frozen=True)
class AtomicInputs:
    """One choice of the atomic inputs a method depends on, for the theory band of a limit.

    Attributes
    ----------
    label : str
        How tables name the choice (``"Biggs profiles"``); ``""`` for a method with no choice.
    target_options : dict
        Passed to :func:`mcpria_lite.targets.lookup.target` (e.g. ``{"profiles": "dirac-fock"}``).
    method_options : dict
        Passed to the method (e.g. ``{"photoabsorption_source": "chantler"}``).
    """

    label: str = ""
    target_options: dict = field(default_factory=dict)
    method_options: dict = field(default_factory=dict)

    def __hash__(self) -> int:  # the dicts are small and never mutated: hash their items
        return hash((self.label, tuple(sorted(self.target_options.items())),
                     tuple(sorted(self.method_options.items()))))


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
    slow_projectile_reason : str or None
        Why the method cannot describe the atom for a slow projectile (halo dark matter, v ~ 10⁻³ c),
        the text of the ``ValueError`` of :meth:`halo_response`; ``None`` for a method that overrides it.
    is_stepping : bool
        The free-electron cross section times the number of open shells (the stepping treatment the
        experiments use for the Standard-Model background).
    in_theory_band : bool
        Whether the spread of a limit over the methods includes this one (``False`` for a variant of
        another method that adds no physics of its own).
    theory_band_central : bool
        The method whose limit (with its first :attr:`atomic_variants`) is the central value of a band.
    atomic_variants : tuple of AtomicInputs
        The choices of atomic inputs this method depends on; the first is its central choice.
    """

    name: str = ""
    Options: type = object
    in_paper: bool = False
    coarse_T_per_decade: int | None = None
    plot_style: dict[str, Any] = {}
    slow_projectile_reason: str | None = "it has no longitudinal response R_L(E, q) of the atom"
    is_stepping: bool = False
    in_theory_band: bool = True
    theory_band_central: bool = False
    atomic_variants: tuple[AtomicInputs, ...] = (AtomicInputs(),)

    @property
    def label(self) -> str:
        return self.name

    def options(self, **kw: Any) -> Any:
        """Build this method's option dataclass; unknown options raise ``ValueError`` naming the method."""
        allowed = [f.name for f in fields(self.Options)]
        unknown = sorted(set(kw) - set(allowed))
        if unknown:
            acc = f"options must be one of {allowed}" if allowed else "it accepts no options (allowed: none)"
            hint = did_you_mean(unknown[0], [*allowed, *CALLER_KEYWORDS])
            raise ValueError(f"method {self.name!r} does not use the option(s) {unknown}{hint}; {acc}")
        return self.Options(**kw)

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options) -> np.ndarray:
        """dσ_k/dT of every term at unit couplings, cm²/keV per atom, shape (n_terms, n) (each method's own)."""
        raise NotImplementedError(f"method {self.name!r} has no dsigma_dT_terms")  # pragma: no cover

    def E_lower_limit(self, T_keV, projectile, target=None, **options) -> np.ndarray:
        """The lowest total energy (keV) at which T is reachable (each method's own)."""
        raise NotImplementedError(f"method {self.name!r} has no E_lower_limit")  # pragma: no cover

    def supports(self, interaction) -> str | None:
        """``None`` if the method computes every term of ``interaction``, else the reason it does not."""
        return None

    def halo_response(self, target, **options):
        """The atom's longitudinal response per subshell for a slow projectile (halo dark matter), a
        :class:`mcpria_lite.targets.slow_response.LongitudinalResponse`. This method has none: ``ValueError``
        with :attr:`slow_projectile_reason` (a method that has one overrides this)."""
        raise ValueError(f"method {self.name!r} does not apply to a slow projectile (halo dark matter, v ~ 1e-3 c): "
                         f"{self.slow_projectile_reason}")

    def applies(self, interaction) -> str | None:
        """``None`` if the method is an approximation to the cross section of ``interaction`` (so that a
        limit may use it), else the reason; by default :meth:`supports`."""
        return self.supports(interaction)

    def T_max_keV(self, target) -> float:
        """The largest energy transfer (keV) the method has data for on ``target`` (no limit: ``inf``)."""
        return float("inf")

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


def array_options(options) -> dict[str, np.ndarray]:
    """The options given as arrays (e.g. the EPA's ``Q2_max`` per point), by name: in a cross section
    they broadcast like NumPy with T and E (:func:`mcpria_lite.rates.cross_sections.dsigma_dT_terms`)."""
    out = {}
    for f in fields(options):
        v = getattr(options, f.name)
        if v is not None and not isinstance(v, (str, bytes)) and np.ndim(v) > 0:
            out[f.name] = np.asarray(v, dtype=float)
    return out


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


class _Completed(MethodBase):
    """A registered method that provides only part of :class:`Method`: its own members where it has
    them, :class:`MethodBase`'s defaults for the others (every interaction supported, the cross
    section at every flux node, its name as label, …)."""

    def __init__(self, method: MinimalMethod) -> None:
        self._method = method
        self.name = method.name
        self.Options = method.Options
        for attr in ("in_paper", "coarse_T_per_decade", "plot_style"):
            if hasattr(method, attr):
                setattr(self, attr, getattr(method, attr))

    @property
    def label(self) -> str:
        return str(getattr(self._method, "label", self.name))

    def options(self, **kw: Any) -> Any:
        return self._method.options(**kw)

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options) -> np.ndarray:
        return self._method.dsigma_dT_terms(target, T, E, projectile, interaction, options)

    def E_lower_limit(self, T_keV, projectile, target=None, **options) -> np.ndarray:
        return self._method.E_lower_limit(T_keV, projectile, target=target, **options)

    def supports(self, interaction) -> str | None:
        own = getattr(self._method, "supports", None)
        return None if own is None else own(interaction)

    def rate_terms(self, target, T, E_nodes, groups, use, interaction, options) -> np.ndarray:
        own = getattr(self._method, "rate_terms", None)
        if own is None:
            return super().rate_terms(target, T, E_nodes, groups, use, interaction, options)
        return own(target, T, E_nodes, groups, use, interaction, options)

    def __getattr__(self, attr: str) -> Any:  # anything else the method has (e.g. ``ddcs``)
        if attr == "_method":
            raise AttributeError(attr)
        return getattr(self._method, attr)

    def __repr__(self) -> str:
        return repr(self._method)


def _complete(method: MinimalMethod) -> Method:
    return method if isinstance(method, Method) else _Completed(method)


#: The registered methods by name (a method registered with only the minimum, completed).
METHODS: dict[str, Method] = {}

def register(method: MinimalMethod) -> MinimalMethod:
    """Register a method object under ``method.name`` (replacing none: a duplicate name raises).

    ``method`` needs the members of :class:`MinimalMethod`; those of :class:`Method` it lacks are
    :class:`MethodBase`'s defaults."""
    if not isinstance(method, MinimalMethod):
        raise ValueError(f"method must provide name, Options, options, dsigma_dT_terms and E_lower_limit; got {method!r}")
    if method.name in METHODS:
        raise ValueError(f"a method named {method.name!r} is already registered")
    METHODS[method.name] = _complete(method)
    return method


def get(method: MethodLike) -> Method:
    """The method object for a name (or the object itself, completed as by :func:`register`);
    unknown names raise ``ValueError``."""
    if isinstance(method, str):
        if method not in METHODS:
            raise ValueError(f"method must be one of {sorted(METHODS)!r}, got {method!r}")
        return METHODS[method]
    if isinstance(method, MinimalMethod):
        return _complete(method)
    raise ValueError(f"method must be one of {sorted(METHODS)!r} or a method object, got {method!r}")


def names() -> tuple[str, ...]:
    """The names of the registered methods, in registration order."""
    return tuple(METHODS)


def paper_methods() -> tuple[str, ...]:
    """The registered methods of Qiao et al. (2021) (:attr:`MethodBase.in_paper`)."""
    return tuple(n for n, m in METHODS.items() if getattr(m, "in_paper", False))


def E_lower_limit(T_keV: ArrayLike, projectile: Projectile | float, method: MethodLike = "RIA", *,
                  target: AtomicTarget | None = None, **options: Any) -> np.ndarray:
    """Lowest total energy (keV) at which ``projectile`` reaches the energy transfer T with ``method``.

    ``projectile``: a :class:`~mcpria_lite.particles.projectiles.Projectile` or its mass in keV;
    ``target``: the target whose profile support the impulse approximation uses (default 100 a.u.).
    """
    if not isinstance(projectile, Projectile):
        m = nonnegative_scalar("m_keV", projectile, "keV")
        projectile = Projectile(name=f"χ (m = {m:g} keV)", mass_keV=m, flavour="chi")
    return get(method).E_lower_limit(T_keV, projectile, target=target, **options)
