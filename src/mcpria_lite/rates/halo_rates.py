"""Ionisation rates of halo dark matter scattering on atomic electrons, from a longitudinal response.

For a slow χ (v ~ 10⁻³ c) coupling to the electron density through a mediator with form factor
F_DM(q) (:mod:`mcpria_lite.particles.dark_matter`), the velocity-averaged differential cross section
per atom, with E the energy deposited (binding plus the ionised electron's kinetic energy) and q the
momentum transfer, is

.. math::

    \\frac{d\\langle\\sigma v\\rangle}{dE} = \\frac{\\bar\\sigma_e}{2\\mu_{\\chi e}^2}\\int dq\\, q\\,
    \\lvert F_{DM}(q)\\rvert^2\\, R_L(E, q)\\, \\eta\\big(v_{min}(q, E)\\big),\\qquad
    v_{min} = \\frac{E}{q} + \\frac{q}{2m_\\chi},

with η the mean inverse speed of the halo (:mod:`mcpria_lite.sources.halo`) and R_L the atom's
longitudinal response (:class:`mcpria_lite.targets.slow_response.LongitudinalResponse`; the models by
name in :mod:`mcpria_lite.methods.halo_models`). The event rate is dR/dE = N_T (ρ_χ/m_χ) d⟨σv⟩/dE,
in counts/(keV kg day).

This is the form of Essig, Volansky & Yu (2017), d⟨σv⟩/d ln E_er = σ̄_e/(8μ²) ∫dq q abs(f_ion)² abs(F_DM)² η,
with abs(f_ion(E_er, q))² = 4 E_er R_L(E_er + B, q) per subshell, and with K = E_H R_L that of
Caddell, Flambaum & Roberts (2023). It reduces to the free electron: one electron at rest,
R_L = δ(E − q²/2m_e), and a beam of one speed v give ⟨σv⟩ = ∫dE d⟨σv⟩/dE = σ̄_e v exactly for
F_DM = 1 (:func:`free_electron_dsigmav_dE`; tests).

Two paths: :func:`dsigmav_dE` / :func:`dR_dE` integrate over q at any E (Gauss–Legendre in ln q over
the kinematic window); :func:`halo_spectrum` evaluates the response once on a fixed (E, q) grid per
atomic model (cached) and gives the per-subshell spectrum of any mass and mediator from it in
milliseconds — the path of the limits (tests compare the two).

Units: E, q and masses in keV; σ̄_e in cm²; ⟨σv⟩ in cm³/s; rates in counts/(keV kg day).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .._validate import finite_array, positive_array
from ..particles.dark_matter import HaloDarkMatter
from ..sources.halo import StandardHaloModel
from ..targets.slow_response import LongitudinalResponse
from ..units import C_CM_S, C_KM_S, GEV_PER_CM3_IN_KEV_PER_CM3, HBARC2_KEV2_CM2, M_E, SECONDS_PER_DAY

__all__ = ["q_window_keV", "dsigmav_dE", "dR_dE", "free_electron_dsigmav_dE", "HaloSpectrum", "halo_spectrum",
           "atoms_per_kg", "E_max_keV", "rate_on_days"]

#: d⟨σv⟩/dE in keV⁻³ (ħ = c = 1) → cm³ s⁻¹ keV⁻¹.
_TO_CM3_S = HBARC2_KEV2_CM2 * C_CM_S
_GL_X, _GL_W = np.polynomial.legendre.leggauss(24)


def _halo(halo):
    if halo is None:
        return StandardHaloModel()
    if not (hasattr(halo, "eta") and hasattr(halo, "v_max_km_s") and hasattr(halo, "rho_GeV_cm3")):
        raise ValueError(f"halo must give eta(v_min_km_s), v_max_km_s and rho_GeV_cm3 (a "
                         f"mcpria_lite.sources.halo model), got {halo!r}")
    return halo


def _check(dm, response):
    if not isinstance(dm, HaloDarkMatter):
        raise ValueError(f"dm must be a mcpria_lite.particles.dark_matter.HaloDarkMatter, got {dm!r}")
    if not isinstance(response, LongitudinalResponse):
        raise ValueError(f"response must be a mcpria_lite.targets.slow_response.LongitudinalResponse (e.g. "
                         f"mcpria_lite.methods.halo_models.atomic_model('DFS', 'Xe')), got {response!r}")


def atoms_per_kg(element: str) -> float:
    """Atoms per kg of the element (its standard atomic weight)."""
    from ..targets.atoms import atom

    return float(atom(element).atoms_per_kg)


def E_max_keV(m_chi_keV: float, halo=None) -> float:
    """The largest energy a halo particle of mass m_χ can deposit: ½ m_χ v_max² (keV)."""
    v = _halo(halo).v_max_km_s / C_KM_S
    return 0.5 * float(m_chi_keV) * v * v


def q_window_keV(E_keV: float, m_chi_keV: float, v_max_c: float):
    """(q_lo, q_hi) in keV with v_min(q, E) ≤ v_max, or ``None`` if E > m_χ v_max²/2."""
    disc = v_max_c * v_max_c - 2.0 * E_keV / m_chi_keV
    if E_keV <= 0 or disc <= 0:
        return None
    s = np.sqrt(disc)
    return 2.0 * E_keV / (v_max_c + s), m_chi_keV * (v_max_c + s)


# ------------------------------------------------------------------------------------------------
# direct path: q integral at each E
# ------------------------------------------------------------------------------------------------
def dsigmav_dE(E_keV, dm: HaloDarkMatter, response: LongitudinalResponse, halo=None, *, per_subshell: bool = False,
               panels: int = 16) -> np.ndarray:
    """d⟨σv⟩/dE per atom (cm³ s⁻¹ keV⁻¹) at energies E (keV), by Gauss–Legendre in ln q.

    Parameters
    ----------
    E_keV : array_like
        Deposited energies (keV) where ``response`` is known (``ValueError`` elsewhere, naming the range).
    dm : HaloDarkMatter
    response : LongitudinalResponse
    halo : mcpria_lite.sources.halo.StandardHaloModel, optional
        Default :class:`mcpria_lite.sources.halo.StandardHaloModel`.
    per_subshell : bool
        Return shape (n_subshells, n_E) instead of the sum (n_E,).
    panels : int
        Panels of 24-point Gauss–Legendre over the kinematic window in ln q.
    """
    _check(dm, response)
    h = _halo(halo)
    E = np.atleast_1d(response.check_E(E_keV)).astype(float)
    vmax = h.v_max_km_s / C_KM_S
    nsub = len(response.subshells)
    out = np.zeros((nsub, E.size))
    edges = np.linspace(0.0, 1.0, int(panels) + 1)
    t = (0.5 * (edges[1:, None] + edges[:-1, None]) + 0.5 * (edges[1:, None] - edges[:-1, None]) * _GL_X).ravel()
    wt = (0.5 * (edges[1:, None] - edges[:-1, None]) * _GL_W).ravel()
    mu = dm.mu_e_keV
    for j, e in enumerate(E):
        if e <= response.threshold_keV:
            continue
        win = q_window_keV(float(e), dm.mass_keV, vmax)
        if win is None:
            continue
        lo, hi = max(win[0], response.q_min_keV), min(win[1], response.q_max_keV)
        if hi <= lo:
            continue
        lq = np.log(lo) + t * np.log(hi / lo)
        q = np.exp(lq)
        w = wt * np.log(hi / lo) * q * q                     # dq q = d ln q q²
        vmin = e / q + q / (2.0 * dm.mass_keV)
        eta = h.eta(vmin * C_KM_S) * C_KM_S
        f = w * dm.F_DM(q) ** 2 * eta
        for i, s in enumerate(response.subshells):
            if e > s.binding_keV:
                out[i, j] = np.sum(f * s.R_L(np.full_like(q, e), q))
    out *= dm.sigma_e_keV2 / (2.0 * mu * mu) * _TO_CM3_S
    res = out if per_subshell else out.sum(axis=0)
    return res if np.ndim(E_keV) else res[..., 0]


def dR_dE(E_keV, dm: HaloDarkMatter, response: LongitudinalResponse, halo=None, *, per_subshell: bool = False,
          panels: int = 16) -> np.ndarray:
    """dR/dE = N_T (ρ_χ/m_χ) d⟨σv⟩/dE in counts/(keV kg day) (arguments as :func:`dsigmav_dE`)."""
    _check(dm, response)
    h = _halo(halo)
    n_chi = h.rho_GeV_cm3 * GEV_PER_CM3_IN_KEV_PER_CM3 / dm.mass_keV            # cm⁻³
    return (atoms_per_kg(response.element) * n_chi * SECONDS_PER_DAY
            * dsigmav_dE(E_keV, dm, response, h, per_subshell=per_subshell, panels=panels))


def free_electron_dsigmav_dE(E_keV, dm: HaloDarkMatter, halo=None, *, n_electrons: float = 1.0) -> np.ndarray:
    """d⟨σv⟩/dE (cm³ s⁻¹ keV⁻¹) of ``n_electrons`` free electrons at rest, R_L = N δ(E − q²/2m_e):

    d⟨σv⟩/dE = N σ̄_e m_e/(2μ²) abs(F_DM(q_E))² η(v_min(q_E, E)), q_E = √(2m_eE).

    With a beam of one speed v (:class:`mcpria_lite.sources.halo.MonochromaticBeam`) and F_DM = 1 its
    integral over E is N σ̄_e v: the definition of σ̄_e, the check of the formula above."""
    if not isinstance(dm, HaloDarkMatter):
        raise ValueError(f"dm must be a mcpria_lite.particles.dark_matter.HaloDarkMatter, got {dm!r}")
    h = _halo(halo)
    E = positive_array("E_keV", E_keV)
    qE = np.sqrt(2 * M_E * E)
    eta = h.eta((E / qE + qE / (2 * dm.mass_keV)) * C_KM_S) * C_KM_S
    mu = dm.mu_e_keV
    return n_electrons * dm.sigma_e_keV2 * M_E / (2 * mu * mu) * dm.F_DM(qE) ** 2 * eta * _TO_CM3_S


# ------------------------------------------------------------------------------------------------
# grid path: the per-subshell spectrum of any mass from one tabulation of the response
# ------------------------------------------------------------------------------------------------
#: Nodes per decade of the fixed E grid.
E_PER_DECADE = 100
#: Nodes per decade of the fixed q grid.
Q_PER_DECADE = 100
#: The fixed q grid (keV): below 0.3 keV no halo particle reaches an atomic threshold (q ≥ E/v_max);
#: 10⁵ keV is 2 m_χ v_max for m_χ ≈ 19 GeV.
Q_GRID_KEV = (0.3, 1e5)
#: Upper end (keV) of the E grid: ½ m_χ v_max² for m_χ ≈ 2.8 GeV; beyond it the spectrum is not
#: computed (:attr:`HaloSpectrum.E_max_keV` says where it stops).
E_GRID_MAX_KEV = 10.0


@functools.lru_cache(maxsize=16)
def _grid(response: LongitudinalResponse):
    """The fixed (E, q) grid of a response and the trapezoid weights in E and ln q."""
    lo = response.E_min_keV if response.missing_below_keV else response.threshold_keV
    hi = min(response.E_max_keV, E_GRID_MAX_KEV)
    n = int(np.ceil(np.log10(hi / lo) * E_PER_DECADE)) + 1
    B = response.binding_keV
    extra = [b for b in B if lo < b < hi] + [b * (1 + 1e-7) for b in B if lo <= b < hi]
    E = np.unique(np.concatenate([np.geomspace(lo * (1 + 1e-9), hi, n), extra, [lo * (1 + 1e-9)]]))
    nq = int(np.ceil(np.log10(Q_GRID_KEV[1] / Q_GRID_KEV[0]) * Q_PER_DECADE)) + 1
    q = np.geomspace(*Q_GRID_KEV, nq)
    lnq = np.log(q)
    wq = np.zeros(nq)
    wq[1:] += 0.5 * np.diff(lnq)
    wq[:-1] += 0.5 * np.diff(lnq)
    return E, q, wq * q * q                                    # ∫dq q f = Σ wq q² f


@dataclass(frozen=True, eq=False)
class HaloSpectrum:
    """The per-subshell spectrum dR/dE of one dark-matter particle in one atomic model.

    Attributes
    ----------
    E_keV : numpy.ndarray
        Energy nodes (keV), ascending, each subshell's threshold among them.
    dR_dE : numpy.ndarray
        (n_subshells, n_E): counts/(keV kg day) per subshell (linear between nodes).
    subshells, nl : tuple of str
        Subshell names and their n·l.
    binding_keV : numpy.ndarray
        The model's thresholds.
    missing_below_keV : float or None
        Where the response starts if it does not start at the first threshold (the DFS tables today):
        nothing below it is included.
    E_max_keV : float
        The spectrum is complete up to here (the kinematic end, or the grid's end if that is lower).
    complete : bool
        Whether the kinematic end ½ m_χ v_max² lies inside the grid.
    provenance : dict
        The dark matter, the halo and the atomic model.
    """

    E_keV: np.ndarray
    dR_dE: np.ndarray
    subshells: tuple[str, ...]
    nl: tuple[str, ...]
    binding_keV: np.ndarray
    missing_below_keV: float | None
    E_max_keV: float
    complete: bool
    provenance: dict

    @property
    def total(self) -> np.ndarray:
        """Σ over subshells of dR/dE (counts/(keV kg day))."""
        return self.dR_dE.sum(axis=0)

    def rate(self) -> float:
        """∫ dR/dE dE over the spectrum (counts/(kg day))."""
        return float(np.trapezoid(self.total, self.E_keV))

    def integral(self, i: int, a, b) -> np.ndarray:
        """∫_a^b dR_i/dE dE (counts/(kg day)) of subshell ``i`` for arrays of limits (keV), dR/dE linear
        between nodes and zero outside them."""
        return self._cum(i, np.asarray(b, float)) - self._cum(i, np.asarray(a, float))

    def _cum(self, i, x):
        E, y = self.E_keV, self.dR_dE[i]
        C = np.concatenate([[0.0], np.cumsum(0.5 * (y[1:] + y[:-1]) * np.diff(E))])
        xc = np.clip(x, E[0], E[-1])
        j = np.clip(np.searchsorted(E, xc, side="right") - 1, 0, E.size - 2)
        h = E[j + 1] - E[j]
        t = (xc - E[j]) / h
        return C[j] + h * (y[j] * t + 0.5 * (y[j + 1] - y[j]) * t * t)


def halo_spectrum(dm: HaloDarkMatter, response: LongitudinalResponse, halo=None) -> HaloSpectrum:
    """The per-subshell spectrum dR/dE (counts/(keV kg day)) on the response's fixed grid.

    The response is tabulated once per atomic model on a fixed grid (``E_PER_DECADE``,
    ``Q_PER_DECADE``, ``Q_GRID_KEV``, ``E_GRID_MAX_KEV``; trapezoids in E and ln q),
    so a spectrum costs one η evaluation on that grid: the fast path of the limits. It agrees with
    :func:`dR_dE` to better than 1 % (tests). The last spectra are kept (a hashable halo, as the shipped
    ones are): the limits of several data sets with one atomic model share them."""
    _check(dm, response)
    h = _halo(halo)
    try:
        return _cached_spectrum(dm, response, h)
    except TypeError:  # an unhashable user halo
        return _spectrum(dm, response, h)


@functools.lru_cache(maxsize=256)
def _cached_spectrum(dm, response, h) -> HaloSpectrum:
    return _spectrum(dm, response, h)


def _spectrum(dm, response, h) -> HaloSpectrum:
    E, q, wq = _grid(response)
    vmax = h.v_max_km_s / C_KM_S
    Ekin = 0.5 * dm.mass_keV * vmax * vmax
    n_use = int(np.searchsorted(E, Ekin))                            # E ascending: the nodes below Ekin
    nsub = len(response.subshells)
    rate = np.zeros((nsub, E.size))
    if n_use > 0:
        Eu = E[:n_use]
        R = response.on_grid(E, q)                                   # (nsub, nE, nq), cached; views below
        vmin = Eu[:, None] / q[None, :] + q[None, :] / (2.0 * dm.mass_keV)
        eta = np.where(vmin < vmax, h.eta(np.minimum(vmin, vmax) * C_KM_S) * C_KM_S, 0.0)
        f = eta * (wq * dm.F_DM(q) ** 2)[None, :]
        mu = dm.mu_e_keV
        n_chi = h.rho_GeV_cm3 * GEV_PER_CM3_IN_KEV_PER_CM3 / dm.mass_keV
        scale = dm.sigma_e_keV2 / (2 * mu * mu) * _TO_CM3_S * n_chi * atoms_per_kg(response.element) * SECONDS_PER_DAY
        for i, b in enumerate(response.binding_keV):
            if b < Ekin:
                rate[i, :n_use] = scale * np.einsum("jk,jk->j", R[i, :n_use], f)
    rate.setflags(write=False)
    prov = {"dark_matter": {"mass_keV": dm.mass_keV, "sigma_e_cm2": dm.sigma_e_cm2, "mediator": dm.mediator.label},
            "halo": h.describe() if hasattr(h, "describe") else repr(h), "atomic_model": response.describe()}
    return HaloSpectrum(E, rate, response.names, tuple(s.nl for s in response.subshells), response.binding_keV,
                        response.missing_below_keV, float(min(Ekin, E[-1])), bool(Ekin <= E[-1]), prov)


def rate_on_days(dm: HaloDarkMatter, response: LongitudinalResponse, days, halo=None,
                 E_range_keV: tuple[float, float] | None = None) -> np.ndarray:
    """The rate (counts/(kg day)) in ``E_range_keV`` (default: all of the spectrum) on each day of ``days``
    since J2000.0, with the halo seen on that day (:meth:`mcpria_lite.sources.halo.StandardHaloModel.at_time`):
    the annual modulation."""
    h = _halo(halo)
    if not hasattr(h, "at_time"):
        raise ValueError("halo must have at_time(t_days) for the annual modulation (a StandardHaloModel)")
    t = finite_array("days", days)
    out = []
    for d in np.atleast_1d(t):
        s = halo_spectrum(dm, response, h.at_time(float(d)))
        if E_range_keV is None:
            out.append(s.rate())
        else:
            a, b = E_range_keV
            out.append(float(sum(s.integral(i, a, b) for i in range(len(s.subshells)))))
    return np.array(out)
