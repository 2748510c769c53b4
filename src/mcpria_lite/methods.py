"""Atomic-ionization methods behind one interface: free-electron ("stepping"), relativistic impulse
(full and simplified kernel) and equivalent-photon approximations.

A method is an object with a typed option dataclass and two operations (:class:`Method`):

* ``dsigma_dT_terms(target, T, E, projectile, interaction, options)`` → (n_terms, n): dσ_k/dT of every
  term of the interaction at unit couplings, cm²/keV per atom, for flat arrays T, E (keV);
* ``E_lower_limit(T, projectile, options)``: the lowest total energy (keV) at which T is reachable.

:data:`METHODS` maps names to method objects. A new method (e.g. an ab initio atomic response)
registers itself with :func:`register` and needs no edit here or in the callers.

Methods
-------
``"FEA"`` (stepping)
    Free electron at rest times the number of electrons T can free, Z_eff(T) = Σ N_nl θ(T − B_nl)
    (Qiao et al., JHEP 03 (2021) 184; the stepping approximation of Chen et al., arXiv:1610.04177).
``"RIA"``
    Relativistic impulse approximation (Ribberfors 1975; Qiao et al. 2021), for any interaction:
    dσ/dT = (1/(32π k²)) ∫ dp_z (dq/dp_z) ⟨M²⟩(K̄₁, t̄) J(p_z)/E(p_z) (prefactor k′/k, exact;
    ``prefactor="E'/E"`` gives the form printed by Qiao et al.), over the profile support and the
    kinematic window. ⟨M²⟩ of every term is evaluated at the same p_z nodes: adding terms adds
    only the cost of the polynomial kernels, not of the quadrature.
``"RIA-simplified"``
    The kernel with K̄₁ → m_eE and E(p_z) → m_e (Qiao et al. 2021).
``"EPA"``
    Equivalent photons: dσ/dT = σ_γ(T) dN/dT, with dN/dT the interaction's equivalent-photon
    number (:meth:`mcpria_lite.interactions.Interaction.equivalent_photon_terms`). No EPA exists for
    the weak or charge-radius terms (ValueError).

Forward singularity: a massless projectile with a 1/t² term (a millicharge) reaches t → 0 at
p_z = −m_e (≈ −137.04 a.u.), where the impulse integral diverges; the RIA then requires the profile
support p_max below that (default 100 a.u.). Terms with a 1/t pole (magnetic moment) or none (weak,
charge radius) need no such cut.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from . import _kinematics_generated as _g
from ._validate import broadcast, choice, positive_array, positive_scalar
from .interactions import MONOMIAL_POWERS, Interaction
from .projectiles import Projectile
from .units import AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E

__all__ = [
    "Method",
    "METHODS",
    "register",
    "get",
    "FEAOptions",
    "RIAOptions",
    "EPAOptions",
    "FreeElectron",
    "ImpulseApproximation",
    "EquivalentPhotons",
    "PZ_FORWARD_AU",
    "E_lower_limit",
]

#: p_z = −m_e (≈ −137.04 a.u.) is where a massless projectile reaches t → 0 (forward scattering).
PZ_FORWARD_AU = M_E / AU_MOMENTUM_KEV

# Composite Gauss–Legendre panels in p_z (a.u.): fine near the ridge p_z = 0 where valence
# profiles peak, wider in the tails; both signs. Clipped per T to the kinematic window.
_EDGES_POS = np.array([0.0, 0.15, 0.35, 0.7, 1.2, 2.0, 3.5, 6.0, 10.0, 17.0, 30.0, 50.0, 75.0, 100.0, 137.0])
_N_GL = 8

Prefactor = Literal["k'/k", "E'/E"]
#: Accepted names of the prefactors; "exact" is a synonym of "k'/k".
_PREFACTOR_ALIASES = {"k'/k": "k'/k", "E'/E": "E'/E", "exact": "k'/k"}


# ----------------------------------------------------------------------------------------------
# options
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FEAOptions:
    """The free-electron (stepping) approximation has no options."""


@dataclass(frozen=True)
class RIAOptions:
    """Options of the impulse approximation.

    Attributes
    ----------
    p_max_au : float or None
        Support of the Compton profiles, a.u. (default: the target's, 100). Below
        m_e/(αm_e) ≈ 137.04 a.u. for a massless projectile with a 1/t² term.
    prefactor : {"k'/k", "E'/E"}
        k′/k (exact: a δ-function profile reproduces the free electron) or E′/E as printed by
        Qiao et al. (2021).
    """

    p_max_au: float | None = None
    prefactor: Prefactor = "k'/k"

    def __post_init__(self):
        if self.prefactor not in _PREFACTOR_ALIASES:
            raise ValueError(f"prefactor must be one of {sorted(_PREFACTOR_ALIASES)!r}, got {self.prefactor!r}")
        object.__setattr__(self, "prefactor", _PREFACTOR_ALIASES[self.prefactor])
        if self.p_max_au is not None:
            positive_scalar("p_max_au", self.p_max_au, "a.u.")


@dataclass(frozen=True)
class EPAOptions:
    """Options of the equivalent-photon approximation.

    Attributes
    ----------
    Q2_max : "T2" or float
        Upper photon virtuality: T² (default) or a value in keV².
    spectrum : {"budnev", "leading-log"}
        Charge: Budnev's full spectrum or its leading logarithm.
    photoabsorption_source : str
        σ_γ data set (:meth:`mcpria_lite.atoms.Target.photoabsorption`).
    m_regulator_keV : float or None
        Regulator mass of a massless projectile for a call without a ``projectile`` (the millicharge
        call of :func:`mcpria_lite.cross_sections.dsigma_dT`); a projectile carries its own
        (``Projectile.epa_regulator_keV``). An error for a massive projectile.
    """

    Q2_max: object = "T2"
    spectrum: Literal["budnev", "leading-log"] = "budnev"
    photoabsorption_source: str = "henke+kissel"
    m_regulator_keV: float | None = None

    def __post_init__(self):
        choice("spectrum", self.spectrum, {"budnev", "leading-log"})
        if isinstance(self.Q2_max, str):
            choice("Q2_max", self.Q2_max, {"T2"})
        else:
            positive_array("Q2_max", self.Q2_max, "keV²")
        if self.m_regulator_keV is not None:
            positive_scalar("m_regulator_keV", self.m_regulator_keV, "keV")


# ----------------------------------------------------------------------------------------------
# the interface
# ----------------------------------------------------------------------------------------------
@runtime_checkable
class Method(Protocol):
    """What a method provides (structural: any object with these members can be registered)."""

    name: str
    Options: type

    def options(self, **kw): ...

    def dsigma_dT_terms(self, target, T, E, projectile: Projectile, interaction: Interaction, options) -> np.ndarray: ...

    def E_lower_limit(self, T_keV, projectile: Projectile, **options) -> np.ndarray: ...


class _Base:
    name: str = ""
    Options: type = FEAOptions

    def options(self, **kw):
        """Build this method's option dataclass; unknown options raise ``ValueError`` naming the method."""
        allowed = [f.name for f in fields(self.Options)]
        unknown = sorted(set(kw) - set(allowed))
        if unknown:
            acc = f"options must be one of {allowed}" if allowed else "it accepts no options (allowed: none)"
            raise ValueError(f"method {self.name!r} does not use the option(s) {unknown}; {acc}")
        return self.Options(**kw)

    def __repr__(self) -> str:
        return f"<method {self.name}>"


def _projectile_mass(projectile) -> float:
    if not isinstance(projectile, Projectile):
        raise ValueError(f"projectile must be a mcpria_lite.projectiles.Projectile, got {type(projectile).__name__}")
    return float(projectile.mass_keV)


class FreeElectron(_Base):
    """FEA / stepping: Z_eff(T) × the free-electron cross section of each term."""

    name = "FEA"
    Options = FEAOptions

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        from .cross_sections import _shell_mask

        zeff = _shell_mask(target, T) @ target.occupancy
        out = np.zeros((len(interaction.terms),) + T.shape)
        ok = zeff > 0
        if np.any(ok):
            out[:, ok] = zeff[ok] * interaction.dsigma_dT_free_terms(T[ok], E[ok], projectile)
        return out

    def E_lower_limit(self, T_keV, projectile, **options):
        """The free-electron threshold E_min(T) (:func:`mcpria_lite.kinematics.E_min`)."""
        from .kinematics import E_min

        self.options(**options)
        return E_min(T_keV, _projectile_mass(projectile))


# ---------------------------------------------------------------------------- impulse approximation
@lru_cache(maxsize=None)
def _panels(p_max: float, edges_pos: tuple = tuple(_EDGES_POS)) -> tuple[np.ndarray, np.ndarray]:
    edges_pos = np.asarray(edges_pos)
    e = edges_pos[edges_pos < p_max]
    e = np.concatenate([e, [p_max]])
    edges = np.concatenate([-e[:0:-1], e])
    x, w = np.polynomial.legendre.leggauss(_N_GL)
    return edges, np.stack([x, w])


def _pz_nodes(lo, hi, p_max, edges_pos=tuple(_EDGES_POS)):
    """Gauss–Legendre nodes and weights (a.u.) on [lo, hi] ∩ [−p_max, p_max], per row.

    ``lo``, ``hi``: arrays (n,). Returns nodes, weights of shape (n, n_panels·N_GL), and a mask of
    the rows whose window covers the whole support (they share identical nodes).
    """
    edges, (x, w) = _panels(float(p_max), edges_pos)
    a = np.clip(edges[:-1][None, :], lo[:, None], hi[:, None])
    b = np.clip(edges[1:][None, :], lo[:, None], hi[:, None])
    half = 0.5 * (b - a)
    nodes = (a + b)[..., None] * 0.5 + half[..., None] * x
    weights = half[..., None] * w
    n = lo.shape[0]
    full = (lo <= -p_max) & (hi >= p_max)
    return nodes.reshape(n, -1), weights.reshape(n, -1), full


def _active_profiles(tg, T, nodes, full):
    """Σ_nl θ(T − B_nl) J_nl(p_z) at the nodes, shape (n, n_nodes)."""
    from .cross_sections import _shell_mask

    mask = _shell_mask(tg, T)  # (n, n_shells)
    out = np.empty_like(nodes)
    if np.any(full):
        i0 = int(np.argmax(full))
        J_shared = tg.shell_profiles(nodes[i0])  # (n_shells, n_nodes)
        out[full] = mask[full] @ J_shared
    part = ~full
    if np.any(part):
        J = tg.shell_profiles(nodes[part])  # (n_shells, n_part, n_nodes)
        out[part] = np.einsum("ps,spn->pn", mask[part], J)
    return out


def impulse_integral(tg, T, E, m, p_max, kernel):
    """∫ dp_z (dq/dp_z) kernel(p, q, T, E) J(p_z) over the support and the window, per row of T, E.

    ``kernel(p_keV, q_keV, T, E, base)`` returns Σ_nodes base · (its basis functions), shape
    (n_basis, n), with ``base`` = quadrature weight × dq/dp_z × J (n, n_nodes); it has an attribute
    ``n_basis``. The result is in the kernel's units (J dp_z dimensionless). Rows where T is below
    every binding energy are 0. Rows are processed in chunks so that the node arrays stay small.
    """
    act = np.flatnonzero(T > np.min(tg.binding_keV))
    out = np.zeros((kernel.n_basis,) + T.shape)
    for lo in range(0, act.size, _CHUNK):
        rows = act[lo : lo + _CHUNK]
        out[:, rows] = _impulse_rows(tg, T[rows], E[rows], m, p_max, kernel)
    return out


_CHUNK = 256  # rows per chunk of the impulse quadrature


def _impulse_rows(tg, T, E, m, p_max, kernel):
    from .kinematics import _k_minus_kp

    dk, k, kp = _k_minus_kp(T, E, m)
    pz_lo = _g.pz_of_q(dk, T, M_E) / AU_MOMENTUM_KEV
    pz_hi = _g.pz_of_q(k + kp, T, M_E) / AU_MOMENTUM_KEV
    edges = tuple(getattr(tg, "pz_panel_edges_au", _EDGES_POS))
    nodes, weights, full = _pz_nodes(pz_lo, pz_hi, p_max, edges)
    J = _active_profiles(tg, T, nodes, full)  # a.u.⁻¹
    p = nodes * AU_MOMENTUM_KEV  # keV
    q = _g.q_of_pz(p, T[:, None], M_E)
    jac = _g.dq_dpz_of_q(q, p)
    return kernel(p, q, T[:, None], E[:, None], weights * jac * J)


class ImpulseApproximation(_Base):
    """RIA with the full kernel (``simplified=False``) or the simplified one."""

    Options = RIAOptions

    def __init__(self, simplified: bool = False):
        self.simplified = simplified
        self.name = "RIA-simplified" if simplified else "RIA"

    def _p_max(self, target, options, projectile, interaction) -> float:
        p = target.p_max_au if options.p_max_au is None else float(options.p_max_au)
        if projectile.mass_keV == 0 and interaction.forward == "1/t^2" and p >= PZ_FORWARD_AU:
            raise ValueError(
                f"p_max_au must be < {PZ_FORWARD_AU:.2f} a.u. for a massless projectile with a 1/t² term "
                f"(at p_z = −m_e forward scattering reaches t → 0 and the impulse-approximation integral "
                f"diverges); got {p!r}"
            )
        return p

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        from .cross_sections import _with_p_max
        from .kinematics import _k_minus_kp

        m = _projectile_mass(projectile)
        tg = _with_p_max(target, options.p_max_au)
        p_max = self._p_max(tg, options, projectile, interaction)
        simplified = self.simplified

        C = interaction.monomial_matrix(projectile)  # (n_terms, 15)
        cols = np.flatnonzero(np.any(C != 0, axis=0))  # the monomials these terms use

        powers = [MONOMIAL_POWERS[j] for j in cols]

        def kernel(p, q, Tc, Ec, base):  # Σ_nodes base K̄₁^a t̄^b / E(p_z) for the monomials used
            t = _g.t_bar(q, Tc)
            if simplified:
                K1, Epz = np.broadcast_to(M_E * Ec, t.shape), M_E
            else:
                K1, Epz = _g.k1_bar(p, q, Tc, Ec, M_E), np.sqrt(M_E**2 + p**2)
            b0 = base / Epz
            bK = {0: b0}
            tp = {0: None}
            out = np.empty((len(powers), t.shape[0]))
            with np.errstate(divide="ignore", invalid="ignore"):
                for i, (a, b) in enumerate(powers):
                    if a not in bK:
                        bK[a] = bK[a - 1] * K1
                    if b not in tp:
                        tp[b] = t**b if b > 0 else 1.0 / t ** (-b)
                    out[i] = bK[a].sum(axis=-1) if tp[b] is None else np.einsum("nm,nm->n", bK[a], tp[b])
            return out

        kernel.n_basis = len(cols)
        integral = C[:, cols] @ impulse_integral(tg, T, E, m, p_max, kernel)  # (n_terms, n)
        _, k, kp = _k_minus_kp(T, E, m)
        val = integral / (32 * np.pi * k**2) * HBARC2_KEV2_CM2
        if options.prefactor == "E'/E":
            val = val * ((E - T) / E) / (kp / k)
        return val

    def E_lower_limit(self, T_keV, projectile, **options):
        """E > m + T with the p_z window reaching the profile support
        (:func:`mcpria_lite.kinematics.E_min_impulse`, p_max default 100 a.u.)."""
        from .kinematics import E_min_impulse

        o = self.options(**options)
        return E_min_impulse(T_keV, _projectile_mass(projectile), 100.0 if o.p_max_au is None else o.p_max_au)


class EquivalentPhotons(_Base):
    """EPA: σ_γ(T) × the interaction's equivalent-photon number per term."""

    name = "EPA"
    Options = EPAOptions

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        if not interaction.has_epa:
            bad = [t.name for t in interaction.terms if not t.epa]
            what = "weak has no EPA" if interaction.has_weak else "these terms have no EPA"
            raise ValueError(
                f"interaction {interaction!r}: {what} (terms without equivalent photons: {bad}; the "
                f"contact weak and charge-radius amplitudes have no photon pole); the interaction of method "
                f"'EPA' must be one of Millicharge, MagneticMoment"
            )
        if options.m_regulator_keV is not None:
            if projectile.mass_keV > 0:
                raise ValueError(
                    f"m_regulator_keV is allowed only for a massless projectile; this one has mass "
                    f"{projectile.mass_keV!r} keV, which itself regulates the EPA"
                )
            projectile = Projectile(
                name=projectile.name, mass_keV=0.0, flavour=projectile.flavour,
                antiparticle=projectile.antiparticle, epa_regulator_keV=options.m_regulator_keV,
            )
        needs_mass = any(t.name == "delta^2" for t in interaction.terms)
        if needs_mass and projectile.mass_keV == 0 and projectile.epa_regulator_keV is None:
            raise ValueError(
                f"m_regulator_keV must be > 0 keV for the massless projectile {projectile.name!r} (required: the "
                "EPA logarithm ln(Q²max/Q²min) of a millicharge diverges as m → 0; e.g. 1e-4 keV for a 0.1 eV "
                "neutrino mass), or use a projectile with epa_regulator_keV (mcpria_lite.projectiles.neutrino)"
            )
        dn = interaction.equivalent_photon_terms(T, E, projectile, Q2_max=options.Q2_max, spectrum=options.spectrum)
        try:
            sigma_gamma = target.photoabsorption(T, source=options.photoabsorption_source)
        except ValueError as exc:  # the photon energy of the EPA is T: name the caller's argument
            raise ValueError(f"T_keV is outside the photoabsorption data used by the EPA: {exc}") from exc
        return dn * sigma_gamma

    def E_lower_limit(self, T_keV, projectile, **options):
        """E > m + T (the outgoing projectile keeps its mass)."""
        self.options(**options)
        T = positive_array("T_keV", T_keV)
        return _projectile_mass(projectile) + T


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


for _m in (ImpulseApproximation(False), ImpulseApproximation(True), FreeElectron(), EquivalentPhotons()):
    register(_m)


def get(method) -> Method:
    """The method object for a name (or the object itself); unknown names raise ``ValueError``."""
    if isinstance(method, str):
        if method not in METHODS:
            raise ValueError(f"method must be one of {sorted(METHODS)!r}, got {method!r}")
        return METHODS[method]
    if isinstance(method, Method):
        return method
    raise ValueError(f"method must be one of {sorted(METHODS)!r} or a method object, got {method!r}")


def E_lower_limit(T_keV, projectile: Projectile, method="RIA", **options) -> np.ndarray:
    """Lowest total energy (keV) of ``projectile`` that reaches energy transfer T with ``method``."""
    return get(method).E_lower_limit(T_keV, projectile, **options)


def _flat(T, E):
    T, E = broadcast(T_keV=T, E_keV=E)
    return T.ravel(), E.ravel(), T.shape
