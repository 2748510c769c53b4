"""Dark photons on atoms: absorption of dark-photon (and axion-like) dark matter, and atomic dark Compton.

**Absorption** of dark-photon dark matter (a V at rest, ω = m_V) is the photoelectric effect with the
photon's coupling e replaced by κ_eff e (An, Pospelov & Pradler, Phys. Lett. B 725, 190 (2013); An,
Pospelov, Pradler & Ritz, Phys. Lett. B 747, 331 (2015)); per atom, with c = 1,

    R = n_V κ_eff² σ_γ(m_V),   n_V = ρ/m_V,   κ_eff/κ = 1/abs(n(m_V))²

(:mod:`mcpria_lite.targets.refractive_index`): a line at the deposited energy T = m_V. Per kg and day,
R = 4.68 × 10²³/A κ² (keV/m_V)(σ_γ/barn) for ρ = 0.3 GeV/cm³ (4.7 × 10²³ in Bloch, Essig, Tobioka,
Volansky & Yu, JHEP 06 (2017) 087). σ_γ is measured (``"henke+kissel"`` and the other sets of
:func:`mcpria_lite.targets.photoabsorption.photoabsorption_cross_section`) or ab initio (``"dfs"``,
:func:`mcpria_lite.targets.dfs.photoionization.photoabsorption_dfs`). Axio-electric absorption of a
pseudoscalar of mass m_a (Pospelov, Ritz & Voloshin, Phys. Rev. D 78, 115012 (2008), to leading order in
the halo speed): σ_ae v = σ_γ(m_a) g_ae² 3m_a²/(16π α m_e²), i.e. R = 1.47 × 10¹⁹/A g_ae² (m_a/keV)(σ_γ/barn)
per kg and day.

**Dark Compton** V + e_bound → γ + e in the relativistic impulse approximation (Ribberfors, Phys. Rev. B
12, 2067 (1975)), with the squared amplitude of :mod:`mcpria_lite.derivation.dark_compton`:

    dσ/dT = (2πα²κ²/(n_pol k²)) Σ_nl θ(T − B_nl) ∫ dp_z (dq/dp_z) X_pol(K̄₁, K̄₂) J_nl(p_z)/E(p_z),

k = √(ω² − m_V²), q ∈ [abs(k − ω_f), k + ω_f] (ω_f = ω − T the photon's energy), the p_z map and quadrature
of :func:`mcpria_lite.methods.impulse.impulse_integral`, n_pol and X_pol of
:mod:`mcpria_lite.particles.dark_photon` (X_L clipped to its physical range [0, X_V] at each node: at the
off-shell K̄'s far in the profile tails it can leave it, by ≲ 0.3 % of the peak of the longitudinal
cross section; the unpolarised result is unaffected and stays (2σ_T + σ_L)/3). dσ/dω_f = dσ/dT. For m_V → 0 the transverse average is κ² × the
photon's Compton RIA (:func:`mcpria_lite.rates.cross_sections.compton_dsigma_dT`), the unpolarised (three
states) average ⅔ of it. For a V at rest (dark matter) the window shrinks to q = ω_f and each T samples
one p_z(T) = (m_V² − 2(m_V + m_e)T)/(2(m_V − T)):

    d(σv)/dT = (4πα²κ²/3) X_V(K̄₁, K̄₂) Σ θ(T − B_nl) J_nl(p_z(T)) / (m_V E(p_z)),

whose free-electron ridge sits at T = m_V²/(2(m_V + m_e)) (2 eV at m_V = 1 keV), below most binding
energies: only the tails of the Compton profiles ionise.

Units: keV in; cm²/keV per atom for dσ/dT, cm² (× c) for σv, counts/(kg day) for a line's rate,
counts/(keV kg day) for dR/dT.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _validate
from ..methods.impulse import Kernel, impulse_integral
from ..particles import _dark_compton_generated as _dg
from ..particles.dark_photon import DarkPhoton, dark_compton_kernel
from ..sources.dark_photons import AxionLikeDarkMatter, DarkPhotonDarkMatter, DarkPhotonFlux
from ..targets import photoabsorption as _pa
from ..targets import refractive_index as _ri
from ..targets.dfs.photoionization import photoabsorption_dfs
from ..targets.lookup import as_target, with_p_max
from ..units import ALPHA, AU_MOMENTUM_KEV, C_CM_S, HBARC2_KEV2_CM2, M_E, SECONDS_PER_DAY

__all__ = ["PHOTOABSORPTION_SOURCES", "photoabsorption", "absorption_rate", "dark_compton_dsigma_dT",
           "dark_compton_dsigma_domega_f", "dark_compton_dsigma_dT_free", "dark_matter_dsigmav_dT",
           "dark_matter_sigmav", "dark_matter_dark_compton_rate", "dark_compton_dR_dT"]

#: Photoabsorption cross sections an absorption rate can use (the measured sets and the ab initio tables).
PHOTOABSORPTION_SOURCES: tuple[str, ...] = (*_pa.SOURCES, "dfs")


# ------------------------------------------------------------------------------------------------
# absorption
# ------------------------------------------------------------------------------------------------
def photoabsorption(target, E_keV, source: str = "henke+kissel") -> np.ndarray:
    """σ_γ(E) in cm² per atom from ``source`` (:data:`PHOTOABSORPTION_SOURCES`); ``"dfs"``: the ab initio
    tables (Ge, Xe; 30 eV – 100 keV). Outside a set's range: ``ValueError`` naming the range."""
    _validate.choice("photoabsorption", source, PHOTOABSORPTION_SOURCES)
    tg: Any = as_target(target)
    if source == "dfs":
        return photoabsorption_dfs(tg.symbol, E_keV)
    return tg.photoabsorption(E_keV, source=source)


def absorption_rate(target, dark_matter, *, photoabsorption_source: str = "henke+kissel", in_medium: bool = True,
                    density_g_cm3: float | None = None, refractive_index: str = "chantler") -> float:
    """Absorption rate of halo dark matter in counts/(kg day): a line at the deposited energy T = mass.

    Parameters
    ----------
    target : Target or str
        The atom (element symbol or target object with ``symbol``, ``atoms_per_kg``, ``photoabsorption``).
    dark_matter : DarkPhotonDarkMatter or AxionLikeDarkMatter
        The halo (:mod:`mcpria_lite.sources.dark_photons`): mass, coupling (κ or g_ae), density ρ.
    photoabsorption_source : str
        σ_γ from :data:`PHOTOABSORPTION_SOURCES`.
    in_medium : bool
        Dark photon only: multiply κ² by (κ_eff/κ)² = 1/abs(n(m_V))⁴ of the medium (default ``True``). The
        axio-electric rate has no such factor (a pseudoscalar does not mix with the photon).
    density_g_cm3, refractive_index
        The medium's density (default :data:`mcpria_lite.targets.refractive_index.DENSITY_G_CM3`) and the
        source of n (``"chantler"`` or ``"henke"``).
    """
    tg: Any = as_target(target)
    if isinstance(dark_matter, DarkPhotonDarkMatter):
        m = dark_matter.mass_keV
        sig = float(photoabsorption(tg, m, photoabsorption_source))
        coupling2 = dark_matter.dark_photon.kappa**2
        if in_medium:
            coupling2 *= float(_ri.kappa_eff_ratio(tg.symbol, m, density_g_cm3, refractive_index)) ** 2
    elif isinstance(dark_matter, AxionLikeDarkMatter):
        m = dark_matter.mass_keV
        sig = float(photoabsorption(tg, m, photoabsorption_source))
        coupling2 = dark_matter.g_ae**2 * 3 * m**2 / (16 * np.pi * ALPHA * M_E**2)
    else:
        raise ValueError("dark_matter must be a DarkPhotonDarkMatter or an AxionLikeDarkMatter "
                         f"(mcpria_lite.sources.dark_photons), got {type(dark_matter).__name__}")
    return dark_matter.number_density_cm3 * coupling2 * sig * C_CM_S * tg.atoms_per_kg * SECONDS_PER_DAY


# ------------------------------------------------------------------------------------------------
# dark Compton in the impulse approximation
# ------------------------------------------------------------------------------------------------
class _OneShell:
    """One shell of a target, with the target protocol (for per-shell cross sections)."""

    def __init__(self, tg, i: int):
        self._tg, self._i = tg, i
        self.binding_keV = np.asarray(tg.binding_keV)[i : i + 1]
        self.occupancy = np.asarray(tg.occupancy)[i : i + 1]
        self.p_max_au = tg.p_max_au
        if hasattr(tg, "pz_panel_edges_au"):
            self.pz_panel_edges_au = tg.pz_panel_edges_au

    def shell_profiles(self, pz_au):
        return self._tg.shell_profiles(pz_au)[self._i : self._i + 1]


def _check_dark_photon(dark_photon) -> DarkPhoton:
    if not isinstance(dark_photon, DarkPhoton):
        raise ValueError("dark_photon must be a mcpria_lite.particles.dark_photon.DarkPhoton, "
                         f"got {type(dark_photon).__name__}")
    return dark_photon


def _check_kinematics(T_keV, omega_keV, m: float):
    T = _validate.positive_array("T_keV", T_keV)
    w = _validate.positive_array("omega_keV", omega_keV)
    T, w = np.broadcast_arrays(T, w)
    if np.any(w <= m):
        raise ValueError(f"omega_keV (the total energy of the dark photon) must exceed m_V = {m:g} keV, got "
                         f"minimum {float(w.min())!r} (a V at rest: dark_matter_dsigmav_dT)")
    if np.any(T >= w):
        raise ValueError("T_keV must lie in (0, omega_keV): the photon keeps omega_f = omega - T > 0")
    return T.astype(float), w.astype(float)


def _window(m: float):
    def window(T, E):
        wf = E - T
        k = np.sqrt((E - m) * (E + m))
        dk = np.abs(T * (2 * E - T) - m * m) / (k + wf)  # abs(k − ω_f) without cancellation
        return np.maximum(dk, 1e-12 * (k + wf)), k + wf
    return window


def _ria(tg, T, w, dp: DarkPhoton) -> np.ndarray:
    m, pol = dp.mass_keV, dp.polarisation

    def f(p, q, Tc, Ec, base):
        K1 = _dg.k1_dark(p, q, Tc, Ec, M_E, m)
        K2 = _dg.k2_dark(p, q, Tc, Ec, M_E, m)
        Epz = np.sqrt(M_E**2 + p**2)
        X = dark_compton_kernel(pol, K1, K2, Epz, Ec, Ec - Tc, m, clip=True)
        return np.einsum("nm,nm->n", base, X / Epz)[None]

    integral = impulse_integral(tg, T, w, m, tg.p_max_au, Kernel(f, 1), window=_window(m))[0]
    k2 = (w - m) * (w + m)
    return 2 * np.pi * ALPHA**2 * dp.kappa**2 / (dp.n_states * k2) * integral * HBARC2_KEV2_CM2


def dark_compton_dsigma_dT(target, T_keV, omega_keV, dark_photon: DarkPhoton, *, per_shell: bool = False,
                           p_max_au: float | None = None) -> np.ndarray:
    """Dark Compton dσ/dT (cm²/keV per atom) of a dark photon of total energy ω in the impulse approximation.

    Parameters
    ----------
    target : Target, str or an object with the target protocol (e.g. ``NarrowProfileTarget``)
    T_keV, omega_keV : float or array_like
        Energy given to the electron and total energy of the V (keV), broadcast; 0 < T < ω, ω > m_V.
    dark_photon : DarkPhoton
        Mass, κ and polarisation class (:mod:`mcpria_lite.particles.dark_photon`).
    per_shell : bool
        Return shape (n_shells,) + the broadcast shape (each shell's share) instead of the sum.
    p_max_au : float, optional
        Support of the Compton profiles (a.u.; default the target's).
    """
    dp = _check_dark_photon(dark_photon)
    tg = with_p_max(as_target(target), p_max_au)
    T, w = _check_kinematics(T_keV, omega_keV, dp.mass_keV)
    shape = T.shape
    Tf, wf = T.ravel(), w.ravel()
    if not per_shell:
        return _ria(tg, Tf, wf, dp).reshape(shape)
    out = np.stack([_ria(_OneShell(tg, i), Tf, wf, dp) for i in range(len(tg.binding_keV))])
    return out.reshape((out.shape[0],) + shape)


def dark_compton_dsigma_domega_f(target, omega_f_keV, omega_keV, dark_photon: DarkPhoton, *, per_shell: bool = False,
                                 p_max_au: float | None = None) -> np.ndarray:
    """dσ/dω_f (cm²/keV per atom) in the energy of the emitted photon, ω_f = ω − T (abs(dT/dω_f) = 1)."""
    wf = _validate.positive_array("omega_f_keV", omega_f_keV)
    w = _validate.positive_array("omega_keV", omega_keV)
    return dark_compton_dsigma_dT(target, w - wf, w, dark_photon, per_shell=per_shell, p_max_au=p_max_au)


def dark_compton_dsigma_dT_free(T_keV, omega_keV, dark_photon: DarkPhoton) -> np.ndarray:
    """Dark Compton dσ/dT (cm²/keV per electron) on a free electron at rest, analytic:
    ⟨abs(M)²⟩/(32π m_e k²) = 2πα²κ² X_pol(m_eω, m_e(ω − T))/(n_pol m_e k²) inside
    [T_min, T_max] = [(ω − k)²/(2(m_e + ω − k)), (ω + k)²/(2(m_e + ω + k))], 0 outside."""
    dp = _check_dark_photon(dark_photon)
    m = dp.mass_keV
    T, w = _check_kinematics(T_keV, omega_keV, m)
    k = np.sqrt((w - m) * (w + m))
    X = dark_compton_kernel(dp.polarisation, M_E * w, M_E * (w - T), M_E, w, w - T, m)
    val = 2 * np.pi * ALPHA**2 * dp.kappa**2 * X / (dp.n_states * M_E * k**2) * HBARC2_KEV2_CM2
    inside = (T >= _dg.t_min_dark(w, k, M_E)) & (T <= _dg.t_max_dark(w, k, M_E))
    return np.where(inside, val, 0.0)


# ------------------------------------------------------------------------------------------------
# dark Compton of dark matter (a V at rest) and of a relativistic flux
# ------------------------------------------------------------------------------------------------
def _dm_mass_kappa(dark_matter) -> tuple[float, float]:
    if isinstance(dark_matter, DarkPhotonDarkMatter):
        return dark_matter.mass_keV, dark_matter.dark_photon.kappa
    if isinstance(dark_matter, DarkPhoton):
        return dark_matter.mass_keV, dark_matter.kappa
    raise ValueError("dark_matter must be a DarkPhotonDarkMatter (mcpria_lite.sources.dark_photons) or a DarkPhoton, "
                     f"got {type(dark_matter).__name__}")


def _pz_dm(T, m):
    return (m * m - 2 * (m + M_E) * T) / (2 * (m - T))


def dark_matter_dsigmav_dT(target, T_keV, dark_matter, *, per_shell: bool = False) -> np.ndarray:
    """d(σv)/dT (cm²·c per keV per atom) of dark Compton for a V at rest (dark-photon dark matter).

    The k → 0 limit of :func:`dark_compton_dsigma_dT` × v (a speed v ~ 10⁻³ changes p_z by ~v m_V/ω_f
    relative: negligible). ``dark_matter``: a DarkPhotonDarkMatter or a DarkPhoton (mass and κ);
    0 < T < m_V.
    """
    m, kappa = _dm_mass_kappa(dark_matter)
    tg: Any = as_target(target)
    T = _validate.positive_array("T_keV", T_keV)
    if np.any(T >= m):
        raise ValueError(f"T_keV must lie in (0, m_V) = (0, {m:g}) keV for a dark photon at rest")
    shape = T.shape
    Tf = T.ravel()
    wf = m - Tf
    p = _pz_dm(Tf, m)
    Epz = np.sqrt(M_E**2 + p**2)
    K1 = _dg.k1_dark(p, wf, Tf, m, M_E, m)
    K2 = _dg.k2_dark(p, wf, Tf, m, M_E, m)
    X = _dg.x_dark_v(K1, K2, M_E, m)
    J = tg.shell_profiles(p / AU_MOMENTUM_KEV) / AU_MOMENTUM_KEV  # (n_shells, n), keV⁻¹
    mask = (Tf[None, :] > np.asarray(tg.binding_keV)[:, None]).astype(float)
    per = 4 * np.pi * ALPHA**2 * kappa**2 / 3 * X / (m * Epz) * J * mask * HBARC2_KEV2_CM2
    out = per if per_shell else per.sum(axis=0)
    return out.reshape(out.shape[:-1] + shape)


def dark_matter_sigmav(target, dark_matter, *, per_shell: bool = False, n_gauss: int = 16) -> np.ndarray | float:
    """σv = ∫ dT d(σv)/dT (cm²·c per atom) of dark Compton for a V at rest, over 0 < T < m_V.

    Integrated in p_z (T(p_z) is monotonic, dT/dp_z = −2m_V(m_V + 2m_e)/(2(m_V + m_e) − 2p_z)²) with
    Gauss–Legendre panels broken at the profiles' panel edges and at each shell's threshold.
    """
    m, _ = _dm_mass_kappa(dark_matter)
    tg: Any = as_target(target)
    pmax = tg.p_max_au * AU_MOMENTUM_KEV
    top = min(0.5 * m * (1 - 1e-12), pmax)  # T → 0 at p_z = m_V/2
    B = np.asarray(tg.binding_keV, float)
    p_edges = _pz_dm(B[B < m], m)
    panel = np.asarray(getattr(tg, "pz_panel_edges_au", (0.0, 0.5, 1, 2, 4, 8, 16, 32, 64)), float) * AU_MOMENTUM_KEV
    edges = np.concatenate([[-pmax, top], p_edges, panel, -panel])
    edges = np.unique(edges[(edges >= -pmax) & (edges <= top)])
    x, wq = np.polynomial.legendre.leggauss(int(n_gauss))
    a, b = edges[:-1, None], edges[1:, None]
    p = (0.5 * (a + b) + 0.5 * (b - a) * x).ravel()
    wp = (0.5 * (b - a) * wq).ravel()
    D = 2 * (m + M_E) - 2 * p
    T = (m * m - 2 * p * m) / D
    dTdp = 2 * m * (m + 2 * M_E) / D**2
    ok = (T > 0) & (T < m)
    f = dark_matter_dsigmav_dT(tg, T[ok], dark_matter, per_shell=True) * (dTdp * wp)[ok]
    val = f.sum(axis=-1)
    return val if per_shell else float(val.sum())


def dark_matter_dark_compton_rate(target, dark_matter: DarkPhotonDarkMatter) -> float:
    """Dark Compton rate of dark-photon dark matter in counts/(kg day): n_V σv c per atom × atoms/kg × day.
    (In a detector the emitted photon, ω_f ≈ m_V, is absorbed within µm–mm, so its energy joins the
    electron's: the event sits in the same line at T ≈ m_V as an absorption.)"""
    if not isinstance(dark_matter, DarkPhotonDarkMatter):
        raise ValueError("dark_matter must be a DarkPhotonDarkMatter (mcpria_lite.sources.dark_photons), "
                         f"got {type(dark_matter).__name__}")
    tg: Any = as_target(target)
    sv = dark_matter_sigmav(tg, dark_matter)
    return dark_matter.number_density_cm3 * sv * C_CM_S * tg.atoms_per_kg * SECONDS_PER_DAY


def dark_compton_dR_dT(target, T_keV, flux: DarkPhotonFlux, *, n: int = 64, p_max_au: float | None = None) -> np.ndarray:
    """dR/dT in counts/(keV kg day) of dark Compton for a relativistic dark-photon flux:
    atoms/kg × day × ∫ dω dφ/dω dσ/dT(T, ω) over ω > max(T, m_V) (the flux's quadrature, ``n`` nodes)."""
    if not isinstance(flux, DarkPhotonFlux):
        raise ValueError("flux must be a DarkPhotonFlux (mcpria_lite.sources.dark_photons.dark_photon_flux), "
                         f"got {type(flux).__name__}")
    tg: Any = with_p_max(as_target(target), p_max_au)
    T = _validate.positive_array("T_keV", T_keV)
    shape = T.shape
    Tf = T.ravel()
    m = flux.dark_photon.mass_keV
    E, wts = flux.quadrature(np.maximum(Tf, m) * (1 + 1e-9), None, n=n)  # (n_T, n_nodes)
    use = (wts > 0) & (E > Tf[:, None]) & (E > m)
    val = np.zeros(E.shape)
    if np.any(use):
        rows, cols = np.nonzero(use)
        val[rows, cols] = dark_compton_dsigma_dT(tg, Tf[rows], E[rows, cols], flux.dark_photon)
    return (np.sum(val * wts, axis=-1) * tg.atoms_per_kg * SECONDS_PER_DAY).reshape(shape)
