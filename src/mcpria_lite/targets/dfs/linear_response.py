"""Dipole (q → 0) linear response of a Dirac–Hartree–Slater atom beyond the independent-particle
approximation: the time-dependent local-density approximation (TDLDA) of Zangwill & Soven
:cite:p:`zangwill1980`, relativistic, on the orbitals and in the potential of
:mod:`mcpria_lite.targets.dfs.atom`.

A uniform field along z acts through the potential φ(r) P₁(cos θ), φ = r. The induced density
δn(r) P₁(cos θ) follows from the independent-particle response χ₀ and the kernel K of the
potential's own density dependence,

.. math::

    \\delta n = \\chi_0\\,(\\varphi + K\\,\\delta n), \\qquad
    K\\,\\delta n = \\frac{4\\pi}{3}\\int \\frac{r_<}{r_>^{2}}\\,\\delta n(r')\\,r'^2 dr'
    + f_x(r)\\,\\delta n(r), \\qquad
    f_x = \\frac{\\partial V_x}{\\partial \\rho} = -\\frac{\\alpha_x}{2}\\left(\\frac{3}{\\pi}\\right)^{1/3}\\rho^{-2/3},

the Coulomb (Hartree) kernel everywhere and the exchange kernel of Slater's exchange with the
atom's α_x where that exchange makes the potential (f_x = 0 where Latter's tail −(Z − N + 1)/r
does, which does not depend on the density). ``kernel="rpa"`` keeps the Coulomb term only,
``kernel="ipa"`` neither (χ = χ₀, the independent-particle response). Two variants probe where a
correction comes from: ``feedback`` lets only some subshells' induced density act back through K (the
others still respond to the total field, as independent particles), and
``self_interaction="subshell-averaged"`` removes from each subshell g the field of its own electrons,
δV_g = K δn − (v + f_x^σσ[ρ_g/N_g]) δn_g/N_g (v the Coulomb kernel, f_x^σσ the spin-polarised Slater
kernel of one orbital's density, δn_g the subshell's induced density shared equally by its N_g electrons),
an orbital-averaged form of the self-interaction correction of Perdew & Zunger :cite:p:`perdew1981`
(averaged over the subshell as in Legrand et al. :cite:p:`legrand2002`).

The correlated response the package carries to the rates couples the channels of the two outermost principal
shells only (:func:`mcpria_lite.targets.dfs.linear_response.coupled_subshells`; for xenon the N and O shells,
whose channels make the 4d giant resonance); the deeper shells absorb as independent particles in the total
field. This is the channel choice of the RPA-with-exchange calculations of the resonance
:cite:p:`amusia1990`. Letting the M shell's induced density act back as well (``feedback=None``) puts
the xenon σ 7–12 % above the independent-particle and the measured σ from 1.2 to 2 keV, through the M shell's
own collective term, which the local kernel without the 3d hole's relaxation overstates
:cite:p:`radojevic2003`. The dipole polarisability
and the photoabsorption cross section are

.. math::

    \\alpha(\\omega) = -\\frac{4\\pi}{3}\\int r^3\\,\\delta n(r)\\,dr, \\qquad
    \\sigma(\\omega) = \\frac{4\\pi\\omega}{c}\\,\\mathrm{Im}\\,\\alpha(\\omega)\\quad\\text{(atomic units)}.

χ₀ is built without a sum over final states, from the radial Dirac Green's function
:cite:p:`zangwill1980`: with the occupied orbitals u_i = (G_i, F_i) (energies e_i, N_i electrons in
2j_i + 1 states) and the final channels κ_f = l_i ± 1 of the dipole selection rule,

.. math::

    r^2 r'^2 \\chi_0(r, r'; \\omega) = \\sum_{i,\\kappa_f} \\frac{N_i}{2j_i+1}
    \\frac{\\langle\\kappa_f\\|C^1\\|\\kappa_i\\rangle^2}{4\\pi}
    \\sum_\\pm u_i^{T}(r)\\, g_{\\kappa_f}(r, r'; e_i \\pm (\\omega + i\\eta))\\, u_i(r'),

g_κ(r, r'; E) = u(r<) v(r>)ᵀ/𝒲 (r< the smaller, r> the larger radius) the Green's function of the radial Dirac equation (u regular at
the origin, v outgoing or decaying at infinity, 𝒲 = c(G_u F_v − G_v F_u)). The density part of the
Dirac dipole transition is G_i G_f + F_i F_f with the same angular factor for both components.
Transitions between occupied orbitals (Pauli-blocked) cancel between the two terms. The sum over
all final states of g includes the negative-energy (positron) states, which the no-pair approximation
leaves out. They are not removed here: their oscillator strengths sum to about −N at ω ≈ 2c², so they add
about −N/(4c⁴), some 10⁻⁹ of α(0), and nothing to Im α below 1 MeV.

Numerics: χ₀(r, r') on a radial grid (uniform in t = ln r + r/r_c out to ``r_max``, where the
occupied orbitals have vanished), the quadrature of the trapezoidal rule in t, one dense linear
solve per frequency. The outgoing solution is started with its WKB form at ``r_far`` in the
Coulomb tail (closed channels: a decaying WKB start beyond the turning point) and integrated
inward with the fourth-order Magnus propagator (complex energies). ω carries a small imaginary
part η (a Lorentzian broadening of half-width η of every line; the 4d resonance is ~ 30 eV wide).
Below an inner subshell's threshold its discrete excitations are lines of width η.

Units: atomic units inside; public functions take and return eV and megabarn (Mb).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ... import units
from .angular import j2_of, l_of, wigner3j
from .atom import _GAUSS, C_AU, DiracSlaterAtom, RadialGrid, load_atom
from .photoionization import BOHR2_BARN

__all__ = ["Kernel", "SelfInteraction", "ResponseSettings", "DipoleResponse", "reduced_C1_squared", "dipole_channels",
           "coupled_subshells",
           "dipole_response", "polarizability", "response_atom", "tdlda_table",
           "ResonanceFigures", "resonance_figures", "DIPOLE_QR", "CORRECTION_TOP_EV", "dipole_limit_q_keV", "dipole_correction"]

#: The kernel that couples the induced density back (none for IPA, Coulomb for RPA, Coulomb + exchange for TDLDA).
Kernel = Literal["ipa", "rpa", "tdlda"]
_KERNELS = ("ipa", "rpa", "tdlda")

#: Self-interaction correction of the kernel ("none", or each subshell's own electrons' field removed, averaged over the subshell).
SelfInteraction = Literal["none", "subshell-averaged"]
_SIC = ("none", "subshell-averaged")

HARTREE_EV: float = units.HARTREE_KEV * 1e3
MB_PER_BOHR2: float = BOHR2_BARN * 1e-6


@dataclass(frozen=True)
class ResponseSettings:
    """Numerical parameters of :func:`mcpria_lite.targets.dfs.linear_response.dipole_response` (the convergence record lists them).

    Attributes
    ----------
    eta_eV : float
        Imaginary part of the frequency (eV): Lorentzian half-width of every line.
    r_max : float
        End of the radial grid on which χ₀ is a matrix (bohr); the occupied orbitals must have
        vanished there (< 10⁻⁸ of their maximum).
    h : float
        Step of the grid in t = ln r + r/r_c.
    dr_max : float
        Largest step of the grid (bohr) in its linear part (r_c = dr_max/h).
    r_far : float
        Radius (bohr) where the outgoing waves of open channels start (WKB, Coulomb tail).
    """

    eta_eV: float = 0.5
    r_max: float = 30.0
    h: float = 0.03
    dr_max: float = 0.06
    r_far: float = 150.0

    def __post_init__(self):
        for name, lo, hi in (("eta_eV", 1e-3, 50.0), ("r_max", 5.0, 200.0), ("h", 1e-3, 0.2),
                             ("dr_max", 1e-3, 1.0), ("r_far", 20.0, 2000.0)):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and np.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"{name} must be a number in [{lo}, {hi}], got {v!r}")
        if self.r_far <= self.r_max:
            raise ValueError(f"r_far must exceed r_max={self.r_max}, got {self.r_far!r}")


@dataclass(frozen=True)
class DipoleResponse:
    """Dipole response of an atom on a frequency grid.

    Attributes
    ----------
    omega_eV : numpy.ndarray
        Photon energies (eV).
    alpha_au : numpy.ndarray
        Complex dipole polarisability α(ω + iη) (bohr³).
    sigma_Mb : numpy.ndarray
        Photoabsorption cross section (Mb per atom).
    partial_Mb : dict[str, numpy.ndarray]
        Share of σ absorbed by each occupied subshell, ω Im⟨V_tot|χ₀ᵢ|V_tot⟩ (Mb); sums to σ.
    kernel : str
        ``"ipa"``, ``"rpa"`` or ``"tdlda"``.
    settings : ResponseSettings
    eigenvalues_eV : dict[str, float]
        The model's orbital energies (eV): the thresholds of this response.
    """

    omega_eV: np.ndarray
    alpha_au: np.ndarray
    sigma_Mb: np.ndarray
    partial_Mb: dict
    kernel: str
    settings: ResponseSettings
    eigenvalues_eV: dict


def reduced_C1_squared(kappa_f: int, kappa_i: int) -> float:
    """⟨κ_f‖C¹‖κ_i⟩² = (2j_f+1)(2j_i+1) (j_f j_i 1; −½ ½ 0)² for l_f + l_i odd, else 0."""
    if (l_of(kappa_f) + l_of(kappa_i)) % 2 == 0:
        return 0.0
    tf, ti = j2_of(kappa_f), j2_of(kappa_i)
    return (tf + 1) * (ti + 1) * wigner3j(tf, ti, 2, -1, 1, 0) ** 2


def dipole_channels(kappa_i: int) -> tuple[tuple[int, float], ...]:
    """The final κ_f of the dipole operator from κ_i with their ⟨κ_f‖C¹‖κ_i⟩² (non-zero only)."""
    li = l_of(kappa_i)
    out = []
    for lf in (li - 1, li + 1):
        if lf < 0:
            continue
        for kf in (-(lf + 1), lf):
            if kf == 0:
                continue
            c2 = reduced_C1_squared(kf, kappa_i)
            if c2 > 0:
                out.append((kf, c2))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# radial Dirac solutions at complex energy
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Mesh:
    """The matrix grid (inner, points 0..n−1) continued by a uniform grid to the outermost start."""

    r: np.ndarray            # all points (inner then outer)
    n_inner: int
    props_r: np.ndarray      # Gauss nodes per interval, (n − 1, 2)
    props_s: np.ndarray      # dr/dt at the nodes
    h: np.ndarray            # step in the interval's variable, (n − 1,)
    V_g: np.ndarray          # potential at the nodes
    V: np.ndarray            # potential at the points


def _mesh(atom: DiracSlaterAtom, r_end: float, dr_out: float) -> _Mesh:
    g = atom.grid
    n_out = max(int(np.ceil((r_end - g.r[-1]) / dr_out)), 1)
    dr = (r_end - g.r[-1]) / n_out
    r_o = g.r[-1] + dr * np.arange(n_out + 1)
    rg_o = r_o[:-1, None] + dr * _GAUSS[None, :]
    r_g = np.vstack([g.r_gauss, rg_o])
    s_g = np.vstack([g.drdt_gauss, np.ones_like(rg_o)])
    hh = np.concatenate([np.full(g.n - 1, g.h), np.full(n_out, dr)])
    r = np.concatenate([g.r, r_o[1:]])
    V_g = atom.potential_rV(r_g) / r_g
    return _Mesh(r, g.n, r_g, s_g, hh, V_g, atom.potential_rV(r) / r)


def _channel_solutions(atom: DiracSlaterAtom, kappa: np.ndarray, E: np.ndarray, support: np.ndarray,
                       settings: ResponseSettings, c: float = C_AU):
    """Regular u and outgoing/decaying v solutions on the inner grid, and the Wronskian 𝒲.

    ``support`` is the grid index beyond which the channel's occupied orbital vanishes: u is
    frozen beyond it (closed channels grow without bound), v of a closed channel starts (WKB,
    decaying) beyond it and its turning point.
    """
    g = atom.grid
    n = g.n
    B = E.size
    Z = atom.Z
    zeta = atom.Z - atom.n_electrons + 1.0
    p_inf = np.sqrt(E * (E + 2 * c * c) + 0j) / c
    p_inf = np.where(p_inf.imag < 0, -p_inf, p_inf)
    closed = E.real < 0
    R_sup = g.r[support]
    r_tp = np.where(closed, zeta / np.maximum(np.abs(E.real), 1e-12), 0.0)
    r_start = np.where(closed, np.maximum(R_sup, r_tp) + 25.0 / np.maximum(np.abs(p_inf.imag), 1e-6), settings.r_far)
    r_start = np.minimum(r_start, np.where(closed, 4.0 * settings.r_far, settings.r_far))
    pmax = float(np.max(np.abs(p_inf)))
    mesh = _mesh(atom, float(max(r_start.max(), g.r[-1] + 1.0)), min(0.25, 0.3 / max(pmax, 1e-3)))
    i_start = np.minimum(np.searchsorted(mesh.r, r_start), mesh.r.size - 1)
    # regular solution outward on the inner grid
    qa, qb, qc, qd = _magnus_mesh(mesh, kappa, E, c)
    gam = np.sqrt(kappa * kappa - (Z / c) ** 2)
    uG = np.empty((B, n), complex)
    uF = np.empty((B, n), complex)
    uG[:, 0] = 1.0
    uF[:, 0] = (gam + kappa) * c / Z
    for j in range(n - 1):
        live = j < support
        Gn = qa[:, j] * uG[:, j] + qb[:, j] * uF[:, j]
        Fn = qc[:, j] * uG[:, j] + qd[:, j] * uF[:, j]
        uG[:, j + 1] = np.where(live, Gn, uG[:, j])
        uF[:, j + 1] = np.where(live, Fn, uF[:, j])
    # outgoing / decaying solution inward from its start
    m = mesh.r.size
    r0 = mesh.r[i_start]
    V0 = mesh.V[i_start]
    W0 = E - V0 + 2 * c * c
    pe = np.sqrt((E - V0) * W0 / (c * c) - kappa * (kappa + 1) / (r0 * r0) + 0j)
    pe = np.where(pe.imag < 0, -pe, pe)
    vG = np.ones(B, complex)
    vF = c * (1j * pe + kappa / r0) / W0
    outG = np.zeros((B, n), complex)
    outF = np.zeros((B, n), complex)
    for j in range(m - 2, -1, -1):
        on = j < i_start
        # inverse of the interval's propagator (unit determinant)
        Gn = qd[:, j] * vG - qb[:, j] * vF
        Fn = -qc[:, j] * vG + qa[:, j] * vF
        vG = np.where(on, Gn, vG)
        vF = np.where(on, Fn, vF)
        if j < n:
            outG[:, j] = vG
            outF[:, j] = vF
    # Wronskian at the middle of each channel's support
    jw = np.maximum(support // 2, 1)
    b = np.arange(B)
    W = c * (uG[b, jw] * outF[b, jw] - outG[b, jw] * uF[b, jw])
    return uG, uF, outG, outF, W


def _magnus_mesh(mesh: _Mesh, kappa, E, c):
    """Propagators over every interval of the mesh (the step varies between inner and outer part)."""
    kap = kappa[:, None].astype(float)
    Ec = E[:, None]
    r1, r2 = mesh.props_r[None, :, 0], mesh.props_r[None, :, 1]
    s1, s2 = mesh.props_s[None, :, 0], mesh.props_s[None, :, 1]
    V1, V2 = mesh.V_g[None, :, 0], mesh.V_g[None, :, 1]
    h = mesh.h[None, :]
    a1, a2 = -kap / r1 * s1, -kap / r2 * s2
    b1, b2 = (Ec - V1 + 2 * c * c) / c * s1, (Ec - V2 + 2 * c * c) / c * s2
    c1, c2 = -(Ec - V1) / c * s1, -(Ec - V2) / c * s2
    w = np.sqrt(3.0) / 12.0 * h * h
    oa = 0.5 * h * (a1 + a2) + w * (b2 * c1 - c2 * b1)
    ob = 0.5 * h * (b1 + b2) + w * 2.0 * (a2 * b1 - a1 * b2)
    oc = 0.5 * h * (c1 + c2) + w * 2.0 * (c2 * a1 - c1 * a2)
    sq = np.sqrt(oa * oa + ob * oc + 0j)
    f0 = np.cosh(sq)
    small = np.abs(sq) < 1e-7
    f1 = np.where(small, 1.0 + sq * sq / 6.0, np.sinh(sq) / np.where(small, 1.0, sq))
    return f0 + f1 * oa, f1 * ob, f1 * oc, f0 - f1 * oa


# ---------------------------------------------------------------------------------------------
# the response
# ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def response_atom(symbol: str, settings: ResponseSettings = ResponseSettings()) -> DiracSlaterAtom:
    """The committed atom of ``symbol`` with its orbitals re-solved on the response grid of ``settings``
    (uniform in t = ln r + r/r_c to r_max, r_c = dr_max/h); ``ValueError`` if an orbital has not
    vanished (< 10⁻⁸ of its maximum) at r_max."""
    base = load_atom(symbol)
    grid = RadialGrid(r_min=base.grid.r_min, r_max=settings.r_max, h=settings.h, r_c=settings.dr_max / settings.h)
    atom = base.on_grid(grid)
    for o in atom.orbitals:
        if abs(o.G[-1]) > 1e-8 * np.abs(o.G).max():
            raise ValueError(f"r_max must enclose every occupied orbital ({o.name} is not < 1e-8 of its maximum at "
                             f"{settings.r_max} bohr), got r_max={settings.r_max!r}")
    return atom


def _support(G: np.ndarray, tol: float = 1e-10) -> int:
    big = np.nonzero(np.abs(G) > tol * np.abs(G).max())[0]
    return int(min(big[-1] + 2, G.size - 1))


def _kernel_matrix(atom: DiracSlaterAtom, w: np.ndarray, kernel: str) -> np.ndarray:
    """δV(r_j) = Σ_k K_jk D_k for the radial induced density D = r² δn (dipole, L = 1)."""
    r = atom.grid.r
    n = r.size
    if kernel == "ipa":
        return np.zeros((n, n))
    rl = np.minimum(r[:, None], r[None, :])
    rg = np.maximum(r[:, None], r[None, :])
    K = 4.0 * np.pi / 3.0 * rl / (rg * rg) * w[None, :]
    if kernel == "tdlda":
        rho = sum(o.occupancy / (j2_of(o.kappa) + 1) * (j2_of(o.kappa) + 1) / (4 * np.pi) * (o.G ** 2 + o.F ** 2)
                  for o in atom.orbitals) / (r * r)
        zeta = atom.Z - atom.n_electrons + 1.0
        slater = (atom.rV < -zeta - 1e-9) & (rho > 0)
        fx = np.where(slater, -0.5 * atom.exchange_alpha * (3.0 / np.pi) ** (1.0 / 3.0)
                      * np.maximum(rho, 1e-300) ** (-2.0 / 3.0), 0.0)
        K[np.diag_indices(n)] += fx / (r * r)
    return K


def dipole_response(element, omega_eV, kernel: Kernel = "tdlda", settings: ResponseSettings = ResponseSettings(),
                    subshells: tuple[str, ...] | None = None, feedback: tuple[str, ...] | None = None,
                    self_interaction: SelfInteraction = "none") -> DipoleResponse:
    """Dipole polarisability and photoabsorption cross section of a Dirac–Hartree–Slater atom.

    Parameters
    ----------
    element : str or int
        An element with a committed potential (:func:`mcpria_lite.targets.dfs.atom.available_atoms`).
    omega_eV : array_like
        Photon energies (eV), 1-D, each in (0, 2000].
    kernel : {"tdlda", "rpa", "ipa"}
        Coupling of the induced density: Coulomb + Slater exchange (TDLDA), Coulomb only (RPA
        without exchange), none (the independent-particle response).
    settings : ResponseSettings
        Grid, outgoing-wave radius, η.
    subshells : tuple of str, optional
        The occupied subshells that respond (default: all). With a subset, Pauli-blocked
        transitions to the subshells left out are no longer cancelled.
    feedback : tuple of str, optional
        The responding subshells whose induced density acts back through the kernel (default: all of
        them); the others answer the total field as independent particles. The correlated response the
        package uses is ``feedback=coupled_subshells(element)``
        (:func:`mcpria_lite.targets.dfs.linear_response.coupled_subshells`); other subsets are diagnostics of
        which shells' induced field makes a correction.
    self_interaction : {"none", "subshell-averaged"}
        ``"subshell-averaged"`` removes each subshell's own electrons' Coulomb and exchange response
        (module docstring); only with ``kernel="tdlda"`` and every subshell feeding back.

    Returns
    -------
    DipoleResponse
    """
    from .. import atoms

    if kernel not in _KERNELS:
        raise ValueError(f"kernel must be one of {_KERNELS}, got {kernel!r}")
    if not isinstance(settings, ResponseSettings):
        raise ValueError(f"settings must be a ResponseSettings, got {type(settings).__name__}")
    om = np.atleast_1d(np.asarray(omega_eV, float))
    if om.ndim != 1 or om.size == 0 or not np.all(np.isfinite(om)) or np.any(om <= 0) or np.any(om > 2000):
        raise ValueError(f"omega_eV must be photon energies in (0, 2000] eV, got {omega_eV!r}")
    atom = response_atom(atoms.element_symbol(element), settings)
    use = _subshells(atom, subshells)
    fb = _feedback(use, feedback, kernel, self_interaction)
    alpha, partial = _core(atom, (om + 1j * settings.eta_eV) / HARTREE_EV, kernel, settings, use, fb, self_interaction)
    sigma = 4.0 * np.pi * (om / HARTREE_EV) / C_AU * alpha.imag * MB_PER_BOHR2
    return DipoleResponse(om, alpha, sigma, partial, kernel, settings,
                          {o.name: o.energy_au * HARTREE_EV for o in atom.orbitals})


def coupled_subshells(element) -> tuple[str, ...]:
    """The subshells whose induced density acts back in the correlated response the package uses: those of the
    two outermost principal shells (n ≥ n_max − 1; xenon: 4s … 5p3/2, the N and O shells).

    The channels of these subshells are coupled through the kernel; the deeper ones answer the total field as
    independent particles (``feedback`` of :func:`mcpria_lite.targets.dfs.linear_response.dipole_response`).
    Validated for xenon against the measured σ_γ from 10 eV to 2 keV (chapter "Correlations").
    """
    from .. import atoms

    orbitals = load_atom(atoms.element_symbol(element)).orbitals
    n_max = max(o.n for o in orbitals)
    return tuple(o.name for o in orbitals if o.n >= n_max - 1)


def _subshells(atom: DiracSlaterAtom, subshells) -> tuple[str, ...]:
    names = tuple(o.name for o in atom.orbitals)
    use = names if subshells is None else tuple(subshells)
    if not use or any(s not in names for s in use):
        raise ValueError(f"subshells must be a non-empty subset of {names}, got {subshells!r}")
    return use


def _feedback(use: tuple[str, ...], feedback, kernel: str, self_interaction: str) -> tuple[str, ...]:
    if self_interaction not in _SIC:
        raise ValueError(f"self_interaction must be one of {_SIC}, got {self_interaction!r}")
    fb = use if feedback is None else tuple(feedback)
    if not fb or any(f not in use for f in fb):
        raise ValueError(f"feedback must be a non-empty subset of the responding subshells {use}, got {feedback!r}")
    if self_interaction != "none" and (kernel != "tdlda" or set(fb) != set(use)):
        raise ValueError(f"self_interaction={self_interaction!r} needs kernel='tdlda' and every subshell feeding back, "
                         f"got kernel={kernel!r}, feedback={feedback!r}")
    return fb


def _sic_kernels(atom: DiracSlaterAtom, w: np.ndarray, use: tuple[str, ...]) -> list[np.ndarray]:
    """(v + f_x^σσ[ρ_g/N_g])/N_g for each subshell g of ``use``: the kernel of its own electrons' field."""
    r = atom.grid.r
    KH = _kernel_matrix(atom, w, "rpa")
    fx_all = np.diag(_kernel_matrix(atom, w, "tdlda") - KH)
    out = []
    for o in atom.orbitals:
        if o.name not in use:
            continue
        N = o.occupancy
        rho = N / (4 * np.pi) * (o.G ** 2 + o.F ** 2) / (r * r)
        fxs = np.where((fx_all != 0) & (rho > 0), -0.5 * atom.exchange_alpha * (6.0 / np.pi) ** (1.0 / 3.0)
                       * np.maximum(rho / N, 1e-300) ** (-2.0 / 3.0), 0.0) / (r * r)
        S = KH / N
        S[np.diag_indices(r.size)] += fxs / N
        out.append(S)
    return out


def _solve_sic(Ms: list[np.ndarray], K: np.ndarray, S: list[np.ndarray], phi: np.ndarray) -> np.ndarray:
    """Induced densities D_g = M_g (φ + K Σ_h D_h − S_g D_g) of every subshell g (GMRES from the TDLDA solution)."""
    from scipy.sparse.linalg import LinearOperator, gmres

    G, n = len(Ms), phi.size
    M = sum(Ms)
    D0 = np.linalg.solve(np.eye(n) - M @ K, M @ phi)
    V0 = phi + K @ D0

    def mv(x):
        D = x.reshape(G, n)
        V = K @ D.sum(0)
        return np.concatenate([D[g] - Ms[g] @ (V - S[g] @ D[g]) for g in range(G)])

    A = LinearOperator((G * n, G * n), matvec=mv, dtype=complex)
    b = np.concatenate([Mg @ phi for Mg in Ms])
    x, info = gmres(A, b, x0=np.concatenate([Mg @ V0 for Mg in Ms]), rtol=1e-9, restart=200, maxiter=20)
    if info != 0:
        raise RuntimeError(f"self-interaction-corrected response did not converge (GMRES info {info})")
    return x.reshape(G, n)


def _core(atom: DiracSlaterAtom, z: np.ndarray, kernel: str, settings: ResponseSettings, use: tuple[str, ...],
          feedback: tuple[str, ...] | None = None, self_interaction: str = "none"):
    """α(z) (bohr³) at complex frequencies z (hartree) and the absorbed share of each subshell (Mb);
    ``feedback`` the subshells whose induced density acts back (default: all of ``use``)."""
    g = atom.grid
    r = g.r
    w = g.drdt * g.h
    w[0] *= 0.5
    w[-1] *= 0.5
    K = _kernel_matrix(atom, w, kernel)
    phi = r.copy()
    # channel list: (orbital index, κ_f, weight, sign of the energy)
    chans = []
    for k, o in enumerate(atom.orbitals):
        if o.name not in use:
            continue
        for kf, c2 in dipole_channels(o.kappa):
            A = o.occupancy / (j2_of(o.kappa) + 1) * c2 / (4 * np.pi)
            chans += [(k, kf, A, +1), (k, kf, A, -1)]
    ko = np.array([c[0] for c in chans])
    kfs = np.array([c[1] for c in chans])
    Aw = np.array([c[2] for c in chans])
    sgn = np.array([c[3] for c in chans])
    e_i = np.array([atom.orbitals[k].energy_au for k in ko])
    Gi = np.array([atom.orbitals[k].G for k in ko])
    Fi = np.array([atom.orbitals[k].F for k in ko])
    sup = np.array([_support(atom.orbitals[k].G) for k in ko])
    n = r.size
    fb = use if feedback is None else feedback
    in_fb = np.array([atom.orbitals[k].name in fb for k in ko])
    sic = self_interaction == "subshell-averaged"
    S_own = _sic_kernels(atom, w, use) if sic else []
    alpha = np.empty(z.size, complex)
    partial = {s: np.empty(z.size) for s in use}
    for m, zv in enumerate(z):
        E = e_i + sgn * zv
        uG, uF, vG, vF, W = _channel_solutions(atom, kfs, E, sup, settings)
        a = Gi * uG + Fi * uF
        b = Gi * vG + Fi * vF
        a = np.where(np.arange(n)[None, :] <= sup[:, None], a, 0.0)
        b = np.where(np.arange(n)[None, :] <= sup[:, None], b, 0.0)
        aw = a * (Aw / W)[:, None]

        def _M(sel):
            P = aw[sel].T @ b[sel]
            return (np.triu(P) + np.tril(P.T, -1)) * w[None, :]

        if sic:
            Ms = [_M(ko == k) for k, o in enumerate(atom.orbitals) if o.name in use]
            M = sum(Ms)
            D = _solve_sic(Ms, K, S_own, phi.astype(complex)).sum(0)
            Vt = phi + K @ D
        elif in_fb.all() or kernel == "ipa":
            M = _M(slice(None))
            if kernel == "ipa":
                D = M @ phi
                Vt = phi.astype(complex)
            else:
                D = np.linalg.solve(np.eye(n) - M @ K, M @ phi)
                Vt = phi + K @ D
        else:
            MA, MB = _M(in_fb), _M(~in_fb)
            DA = np.linalg.solve(np.eye(n) - MA @ K, MA @ phi)
            Vt = phi + K @ DA
            D = DA + MB @ Vt
        alpha[m] = -4.0 * np.pi / 3.0 * np.sum(r * D * w)
        # absorbed share of each subshell: −Im Σ_jk conj(y_j) X^(i)_jk y_k, y = w V_tot
        y = w * Vt
        cumA = np.cumsum(np.conj(y)[None, :] * aw, axis=1)                 # Σ_{j≤k} ȳ_j a_j
        cumB = np.cumsum(aw * y[None, :], axis=1)                          # Σ_{k≤j} a_k y_k
        s1 = np.sum(b * y[None, :] * cumA, axis=1)
        s2 = np.sum(np.conj(y)[None, 1:] * b[:, 1:] * cumB[:, :-1], axis=1)
        per = -(s1 + s2).imag * 4.0 * np.pi / 3.0 * 4.0 * np.pi * zv.real / C_AU * MB_PER_BOHR2
        for s in use:
            partial[s][m] = per[[atom.orbitals[k].name == s for k in ko]].sum()
    return alpha, partial


def polarizability(element, omega_eV, kernel: Kernel = "tdlda", settings: ResponseSettings = ResponseSettings(),
                   subshells: tuple[str, ...] | None = None, feedback: tuple[str, ...] | None = None,
                   self_interaction: SelfInteraction = "none") -> np.ndarray:
    """Dipole polarisability α(ω) (bohr³) at complex photon energies ω (eV, ``settings.eta_eV`` not added):
    on the imaginary axis ω = iξ it is real, α(iξ) = Σ_f f_f/(ω_f² + ξ²), the form of the sum rules
    (ξ² α(iξ) → the oscillator strength below ξ as ξ grows) and of the static polarisability (ξ → 0).
    Each ω must have Re ω ≥ 0, Im ω ≥ 0 and 0 < abs(ω) ≤ 10⁴ eV (the grid must resolve the
    waves: ``dr_max`` ≲ 0.3/√(2 abs(ω)) a.u.). ``subshells``, ``feedback`` and ``self_interaction`` as in
    :func:`mcpria_lite.targets.dfs.linear_response.dipole_response`."""
    from .. import atoms

    if kernel not in _KERNELS:
        raise ValueError(f"kernel must be one of {_KERNELS}, got {kernel!r}")
    z = np.atleast_1d(np.asarray(omega_eV, complex))
    if (z.ndim != 1 or z.size == 0 or not np.all(np.isfinite(z)) or np.any(z.real < 0) or np.any(np.abs(z) > 1e4)
            or np.any(z.imag < 0) or np.any(np.abs(z) == 0)):
        raise ValueError(f"omega_eV must be complex photon energies with Re >= 0, Im >= 0, 0 < |omega| <= 1e4 eV, got {omega_eV!r}")
    atom = response_atom(atoms.element_symbol(element), settings)
    use = _subshells(atom, subshells)
    alpha, _ = _core(atom, z / HARTREE_EV, kernel, settings, use, _feedback(use, feedback, kernel, self_interaction),
                     self_interaction)
    return alpha


# ---------------------------------------------------------------------------------------------
# the committed results, and the figures of a resonance
# ---------------------------------------------------------------------------------------------
def tdlda_table(element="Xe") -> dict:
    """The committed dipole-response table ``data/atoms/dfs_tdlda_<symbol>.json`` (written by
    ``scripts/dfs_tdlda.py``): σ of the IPA, RPA and TDLDA responses and of the correlated response
    (``"tdlda_coupled"``: TDLDA with only :func:`mcpria_lite.targets.dfs.linear_response.coupled_subshells`
    feeding back) on a photon-energy grid, the
    absorbed shares of the outer subshells, a convergence record, the static polarisabilities and the
    sum-rule record; with ``dfs_tdlda_<symbol>_high.json`` (300 eV – 2 keV) under ``"high_energy"`` and
    ``dfs_tdlda_<symbol>_diagnostics.json`` (the all-shell excess above the M edges taken apart) under ``"diagnostics"``.
    Validated on load."""
    import json
    from importlib import resources

    from .. import atoms

    symbol = atoms.element_symbol(element)
    path = resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_tdlda_{symbol}.json"
    if not path.is_file():
        raise ValueError(f"element must have a committed TDLDA table (data/atoms/dfs_tdlda_<symbol>.json), got {element!r}")
    tab = json.loads(path.read_text())
    om = np.asarray(tab.get("omega_eV", []), float)
    if om.size < 2 or np.any(np.diff(om) <= 0):
        raise ValueError(f"{path.name}: omega_eV must be an increasing grid")
    if set(tab.get("coupled_subshells", ())) != set(coupled_subshells(symbol)):
        raise ValueError(f"{path.name}: coupled_subshells must be {coupled_subshells(symbol)} "
                         f"(the subshells of tdlda_coupled), got {tab.get('coupled_subshells')!r}")
    for k in (*_KERNELS, "tdlda_coupled"):
        s = np.asarray(tab.get(k, {}).get("sigma_Mb", []), float)
        if s.shape != np.shape(tab[k].get("omega_eV", om)) or not np.all(np.isfinite(s)):
            raise ValueError(f"{path.name}: {k}.sigma_Mb must be finite on its omega_eV")
    high = resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_tdlda_{symbol}_high.json"
    if high.is_file():
        he = json.loads(high.read_text())
        n = len(he.get("omega_eV", []))
        if n < 2 or any(len(he.get(k, [])) != n or not np.all(np.isfinite(he[k])) for k in ("ipa", "tdlda", "tdlda_coupled")):
            raise ValueError(f"{high.name}: ipa, tdlda and tdlda_coupled must be finite on omega_eV")
        tab["high_energy"] = he
    diag = resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_tdlda_{symbol}_diagnostics.json"
    if diag.is_file():
        dg = json.loads(diag.read_text())
        n = len(dg.get("omega_eV", []))
        keys = ("ipa", "tdlda", "tdlda_sic", "tdlda_feedback_M", "tdlda_feedback_KLNO")
        if n < 1 or any(len(dg.get(k, {}).get("sigma_Mb", [])) != n for k in keys):
            raise ValueError(f"{diag.name}: {keys} must give sigma_Mb on omega_eV")
        tab["diagnostics"] = dg
    return tab


@dataclass(frozen=True)
class ResonanceFigures:
    """Position, height and full width at half maximum of the largest peak of σ(ω) in a window.

    Attributes
    ----------
    position_eV, height_Mb, fwhm_eV : float
        Peak from a parabola through the largest sample and its neighbours; the half-maximum crossings
        by linear interpolation on either side (``nan`` width if σ does not fall to half within the
        window on both sides).
    center_eV : float
        Midpoint of the two half-maximum crossings: the position of a flat-topped resonance, whose
        maximum is ill-defined (``nan`` with the width).
    """

    position_eV: float
    height_Mb: float
    fwhm_eV: float
    center_eV: float = float("nan")


def resonance_figures(omega_eV, sigma_Mb, window_eV: tuple[float, float] = (50.0, 200.0)) -> ResonanceFigures:
    """:class:`mcpria_lite.targets.dfs.linear_response.ResonanceFigures` of the largest maximum of ``sigma_Mb`` (on ``omega_eV``) inside ``window_eV``."""
    w = np.asarray(omega_eV, float)
    s = np.asarray(sigma_Mb, float)
    if w.shape != s.shape or w.ndim != 1 or np.any(np.diff(w) <= 0) or not np.all(np.isfinite(s)):
        raise ValueError("omega_eV must be increasing and sigma_Mb finite, of the same 1-D shape")
    sel = np.nonzero((w >= window_eV[0]) & (w <= window_eV[1]))[0]
    if sel.size < 3:
        raise ValueError(f"window_eV must hold at least 3 samples of omega_eV, got {window_eV!r}")
    i = sel[np.argmax(s[sel])]
    if i in (sel[0], sel[-1]):
        raise ValueError(f"the largest sample in window_eV={window_eV!r} lies on its edge: no peak inside")
    x, y = w[i - 1:i + 2], s[i - 1:i + 2]
    a, b, c = np.polyfit(x, y, 2)
    pos = -b / (2 * a) if a < 0 else w[i]
    top = float(np.polyval([a, b, c], pos))
    half = 0.5 * top
    lo = np.nonzero(s[sel[0]:i] < half)[0]
    hi = np.nonzero(s[i:sel[-1] + 1] < half)[0]
    if lo.size and hi.size:
        j = sel[0] + lo[-1]
        k = i + hi[0]
        x_lo = np.interp(half, [s[j], s[j + 1]], [w[j], w[j + 1]])
        x_hi = np.interp(half, [s[k], s[k - 1]], [w[k], w[k - 1]])
        width, center = float(x_hi - x_lo), float(0.5 * (x_hi + x_lo))
    else:
        width = center = float("nan")
    return ResonanceFigures(float(pos), top, width, center)


# ---------------------------------------------------------------------------------------------
# the correction carried to the low-q response
# ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _ratio_table(symbol: str):
    tab = tdlda_table(symbol)
    w = np.asarray(tab["omega_eV"], float)
    ratio = np.asarray(tab["tdlda_coupled"]["sigma_Mb"]) / np.asarray(tab["ipa"]["sigma_Mb"])
    if "high_energy" in tab:
        he = tab["high_energy"]
        wh = np.asarray(he["omega_eV"], float)
        keep = (wh > w[-1]) & (wh <= CORRECTION_TOP_EV[0])
        w = np.concatenate([w, wh[keep], [CORRECTION_TOP_EV[1]]])
        ratio = np.concatenate([ratio, (np.asarray(he["tdlda_coupled"]) / np.asarray(he["ipa"]))[keep], [1.0]])
    if np.any(ratio <= 0) or not np.all(np.isfinite(ratio)):
        raise ValueError(f"dfs_tdlda_{symbol}: σ_TDLDA/σ_IPA must be positive and finite")
    atom = response_atom(symbol)
    outer = max(atom.orbitals, key=lambda o: o.energy_au)
    r_mean = float(atom.grid.integrate((outer.G ** 2 + outer.F ** 2) * atom.grid.r))
    return w * 1e-3, ratio, DIPOLE_QR / r_mean * units.AU_MOMENTUM_KEV


#: Photon energies (eV) up to which the correction is used (the end of the committed xenon table, where the
#: correlated σ_γ is within 1.5 % of the independent-particle one, as the measured σ_γ is), and at which it
#: has faded to 1.
CORRECTION_TOP_EV: tuple[float, float] = (2000.0, 2500.0)

#: The dipole limit is taken to hold for q ⟨r⟩ ≤ DIPOLE_QR (⟨r⟩ of the outermost subshell).
DIPOLE_QR: float = 0.3


def dipole_limit_q_keV(element="Xe") -> float:
    """q_D (keV): the momentum transfer up to which the response is taken as its dipole limit,
    q_D ⟨r⟩ = 0.3 with ⟨r⟩ of the outermost (most weakly bound) subshell; the correction of
    :func:`mcpria_lite.targets.dfs.linear_response.dipole_correction` fades out between q_D and 3 q_D."""
    from .. import atoms

    return float(_ratio_table(atoms.element_symbol(element))[2])


def dipole_correction(element, T_keV, q_keV) -> np.ndarray:
    """Factor carrying the correlated (TDLDA) dipole response to the independent-particle R_L, R_T at low q.

    In the dipole limit R_L(T, q → 0) = q² × (a function of T alone) ∝ q² σ_γ(T)/T, so the many-body
    correction is the ratio C(T) = σ_TDLDA(T)/σ_IPA(T) of the committed table from 10 eV to 2 keV, faded to
    1 at 2.5 keV (:data:`mcpria_lite.targets.dfs.linear_response.CORRECTION_TOP_EV`; 1 outside). σ_TDLDA is the
    correlated response, with the channels of :func:`mcpria_lite.targets.dfs.linear_response.coupled_subshells`
    coupled (``"tdlda_coupled"`` in the table).
    The factor is 1 + (C − 1) s(q), s = 1 for q ≤ q_D, ln(3 q_D/q)/ln 3 up to 3 q_D, 0 beyond
    (:func:`mcpria_lite.targets.dfs.linear_response.dipole_limit_q_keV`): beyond the dipole region the correction is not known here and the
    independent-particle response is kept.
    """
    from .. import atoms

    w, ratio, qD = _ratio_table(atoms.element_symbol(element))
    T = np.asarray(T_keV, float)
    q = np.asarray(q_keV, float)
    if not (np.all(np.isfinite(T)) and np.all(np.isfinite(q)) and np.all(T > 0) and np.all(q > 0)):
        raise ValueError("T_keV and q_keV must be positive and finite")
    C = np.where((T >= w[0]) & (T <= w[-1]), np.exp(np.interp(np.log(np.clip(T, w[0], w[-1])), np.log(w), np.log(ratio))), 1.0)
    s = np.clip(np.log(3.0 * qD / q) / np.log(3.0), 0.0, 1.0)
    return 1.0 + (C - 1.0) * s
