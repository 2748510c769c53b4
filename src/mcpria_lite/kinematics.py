"""Kinematics of χ(E, k) + e → χ(E′, k′) + e: validated, vectorised, cancellation-free wrappers.

Every formula comes from :mod:`mcpria_lite.derivation` (SymPy) through the generated module
``mcpria_lite._kinematics_generated``; this module only takes keV, checks the input, broadcasts
over numpy arrays and evaluates differences such as k − k′ and q² in a form that keeps full
float64 precision (E = 1 GeV with T = 100 eV included).

Units: energies, masses and momenta in keV (ħ = c = 1); p_z in atomic units where the name says
``_au``; cross sections in cm²/keV per electron.

Conventions (Qiao et al. 2021; Ribberfors 1975): E and E′ are total energies, T = E − E′ the energy
transfer (deposited energy), θ the lab scattering angle of χ, q = ‖**k** − **k′**‖, t = T² − q² < 0, and
p_z = (q² − T² − 2m_eT)/(2q) the projection of the initial electron momentum on −q̂.
"""

from __future__ import annotations

import numpy as np

from . import _kinematics_generated as _g
from ._validate import MAX_COUPLING, bounded_above, broadcast, finite_array, nonnegative_scalar, positive_array
from .units import ALPHA, AU_MOMENTUM_KEV, HBARC2_KEV2_CM2, M_E

__all__ = [
    "momentum",
    "total_energy",
    "final_momentum",
    "k_minus_kprime",
    "q_range",
    "q_squared",
    "mandelstam_t",
    "pz_au",
    "pz_of_q_au",
    "q_of_pz",
    "pz_range_au",
    "T_max",
    "E_min",
    "E_min_impulse",
    "dsigma_dT_free",
    "klein_nishina_dsigma_dT",
    "check_projectile",
    "check_transfer",
    "momentum_transfer_bounds",
    "momentum_unchecked",
]


# ----------------------------------------------------------------------------------------------
# validation
# ----------------------------------------------------------------------------------------------
def check_projectile(E_keV, m_keV) -> tuple[np.ndarray, float]:
    """Validate a projectile: ``m_keV`` ≥ 0 (scalar) and ``E_keV`` > m (total energy, keV)."""
    m = nonnegative_scalar("m_keV", m_keV, "keV")
    bounded_above("m_keV", np.asarray(m))
    E = bounded_above("E_keV", positive_array("E_keV", E_keV))
    if np.any(E <= m):
        raise ValueError(
            f"E_keV (total energy) must exceed the projectile mass m_keV = {m!r} keV "
            f"(allowed range (m_keV, inf) keV), got min E_keV = {float(E.min())!r}"
        )
    return E, m


def check_transfer(T_keV, E_keV, m_keV):
    """Validate T (0 < T < E − m) together with E and m; return broadcast arrays and m."""
    E, m = check_projectile(E_keV, m_keV)
    T = positive_array("T_keV", T_keV)
    T, E = broadcast(T_keV=T, E_keV=E)
    if np.any(T >= E - m):
        raise ValueError(
            "T_keV must be smaller than E_keV − m_keV (the outgoing χ keeps at least its mass; "
            f"allowed range (0, E − m) keV), got T_keV up to {float(T.max())!r} with E − m down to {float((E - m).min())!r}"
        )
    return T, E, m


# ----------------------------------------------------------------------------------------------
# momenta and momentum transfer
# ----------------------------------------------------------------------------------------------
def momentum_unchecked(E, m):
    """k = √((E − m)(E + m)) without validation (no cancellation of E² − m² when E ≈ m)."""
    return np.sqrt((E - m) * (E + m))  # no cancellation of E² − m² when E ≈ m


def momentum(E_keV, m_keV) -> np.ndarray:
    """k = √(E² − m²), the momentum in keV, for total energy ``E_keV`` > ``m_keV`` ≥ 0 (keV)."""
    E, m = check_projectile(E_keV, m_keV)
    return momentum_unchecked(E, m)


def total_energy(m_keV, beta) -> np.ndarray:
    """Total energy γm (keV) of a particle of mass ``m_keV`` > 0 moving at speed ``beta`` in (0, 1).

    The API takes total energies, so a kinetic energy mβ²/2 below the float64 resolution of E
    (β ≲ 1e-7) is lost: describe such slow particles by E = m + kinetic energy directly.
    """
    m = bounded_above("m_keV", np.asarray(positive_array("m_keV", m_keV)))
    b = finite_array("beta", beta)
    if np.any((b <= 0) | (b >= 1)):
        raise ValueError(f"beta must lie in (0, 1) (allowed range (0, 1)), got {b!r}")
    return m / np.sqrt((1 - b) * (1 + b))


def final_momentum(T_keV, E_keV, m_keV) -> np.ndarray:
    """k′ = √((E − T)² − m²), the outgoing momentum in keV."""
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    return momentum_unchecked(E - T, m)


def momentum_transfer_bounds(T, E, m):
    """(k − k′, k, k′) in keV for arrays already validated (no checks: the methods' inner loops);
    k − k′ = (E² − E′²)/(k + k′) without cancellation. Validated form: :func:`q_range`."""
    k, kp = momentum_unchecked(E, m), momentum_unchecked(E - T, m)
    return T * (2 * E - T) / (k + kp), k, kp  # k − k′ = (E² − E′²)/(k + k′)


def k_minus_kprime(T_keV, E_keV, m_keV) -> np.ndarray:
    """k − k′ = T(E + E′)/(k + k′) in keV (exact; no cancellation for E ≫ T)."""
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    return momentum_transfer_bounds(T, E, m)[0]


def q_range(T_keV, E_keV, m_keV) -> tuple[np.ndarray, np.ndarray]:
    """(q_min, q_max) = (k − k′, k + k′) in keV: forward and backward scattering at fixed T."""
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    dk, k, kp = momentum_transfer_bounds(T, E, m)
    return dk, k + kp


def q_squared(T_keV, E_keV, m_keV, cos_theta) -> np.ndarray:
    """q² = (k − k′)² + 2kk′(1 − cos θ) in keV², cancellation-free at small angles and E ≫ T."""
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    c = check_cos_theta(cos_theta)
    T, E, c = broadcast(T_keV=T, E_keV=E, cos_theta=c)
    dk, k, kp = momentum_transfer_bounds(T, E, m)
    return dk**2 + 2 * k * kp * (1 - c)


def check_cos_theta(cos_theta) -> np.ndarray:
    """Validate cos θ: finite and in [−1, 1]."""
    c = finite_array("cos_theta", cos_theta)
    if np.any(np.abs(c) > 1):
        raise ValueError(f"cos_theta must lie in [-1, 1], got values up to {float(np.abs(c).max())!r} in magnitude")
    return c


def mandelstam_t(T_keV, E_keV, m_keV, cos_theta) -> np.ndarray:
    """t = T² − q² in keV² (< 0 for a massive or a massless projectile at θ ≠ 0)."""
    q2 = q_squared(T_keV, E_keV, m_keV, cos_theta)
    T = np.broadcast_to(np.asarray(T_keV, dtype=float), q2.shape)
    return _g.t_bar(np.sqrt(q2), T)


def pz_of_q_au(q_keV, T_keV) -> np.ndarray:
    """p_z(q) = (q² − T² − 2m_eT)/(2q) at fixed T, in atomic units (q and T in keV)."""
    q = bounded_above("q_keV", positive_array("q_keV", q_keV))
    T = bounded_above("T_keV", positive_array("T_keV", T_keV))
    q, T = broadcast(q_keV=q, T_keV=T)
    return _g.pz_of_q(q, T, M_E) / AU_MOMENTUM_KEV


def q_of_pz(pz_au_, T_keV) -> np.ndarray:
    """Inverse of :func:`pz_of_q_au`: q(p_z) in keV for p_z in a.u. and T in keV."""
    p = finite_array("pz_au", pz_au_)
    bounded_above("pz_au", np.abs(p), unit="a.u.")
    p = p * AU_MOMENTUM_KEV
    T = bounded_above("T_keV", positive_array("T_keV", T_keV))
    p, T = broadcast(pz_au=p, T_keV=T)
    return _g.q_of_pz(p, T, M_E)


def pz_au(T_keV, E_keV, m_keV, cos_theta) -> np.ndarray:
    """p_z (a.u.) sampled at energy transfer T and scattering angle θ; 0 on the free-electron ridge."""
    q = np.sqrt(q_squared(T_keV, E_keV, m_keV, cos_theta))
    T = np.broadcast_to(np.asarray(T_keV, dtype=float), q.shape)
    return _g.pz_of_q(q, T, M_E) / AU_MOMENTUM_KEV


def pz_range_au(T_keV, E_keV, m_keV) -> tuple[np.ndarray, np.ndarray]:
    """(p_z at q_min, p_z at q_max) in a.u.: the window of the Compton profile probed at this T."""
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    dk, k, kp = momentum_transfer_bounds(T, E, m)
    return _g.pz_of_q(dk, T, M_E) / AU_MOMENTUM_KEV, _g.pz_of_q(k + kp, T, M_E) / AU_MOMENTUM_KEV


# ----------------------------------------------------------------------------------------------
# free-electron kinematics and cross section
# ----------------------------------------------------------------------------------------------
def T_max(E_keV, m_keV) -> np.ndarray:
    """Largest energy transfer to a free electron at rest, 2m_e k²/(m² + m_e² + 2m_eE), in keV."""
    E, m = check_projectile(E_keV, m_keV)
    return _g.t_max_free(E, momentum_unchecked(E, m), M_E, m)


def E_min(T_keV, m_keV) -> np.ndarray:
    """Smallest total energy (keV) at which a free electron at rest can receive T (inverse of T_max)."""
    m = nonnegative_scalar("m_keV", m_keV, "keV")
    bounded_above("m_keV", np.asarray(m))
    T = bounded_above("T_keV", positive_array("T_keV", T_keV))
    return _g.e_min_free(T, M_E, m)


def E_min_impulse(T_keV, m_keV, p_max_au: float = 100.0) -> np.ndarray:
    """Smallest total energy (keV) at which a bound electron with −p_max ≤ p_z ≤ p_max can receive T.

    The RIA needs only E′ = E − T > m and a window [p_z(k − k′), p_z(k + k′)] that overlaps
    [−p_max, p_max]: p_z(q_min) ≤ p_max, i.e. the forward transfer q_min = k − k′ must fall below
    Q = q(p_z = +p_max). Massless projectiles (q_min = T < Q) and fast ones need only E > m + T.
    """
    m = nonnegative_scalar("m_keV", m_keV, "keV")
    T = positive_array("T_keV", T_keV)
    p = nonnegative_scalar("p_max_au", p_max_au, "a.u.")
    base = m + T
    if m == 0:
        return base
    Q = _g.q_of_pz(p * AU_MOMENTUM_KEV, T, M_E)
    closed = (Q > T) & (Q**2 < T**2 + 2 * m * T)
    Qs = np.where(closed, Q, 2 * T + 1.0)  # any value with Q > T where the window is open anyway
    return np.where(closed, np.maximum(base, _g.e_min_window(T, Qs, m)), base)


def dsigma_dT_free(T_keV, E_keV, m_keV, delta: float = 1.0) -> np.ndarray:
    """dσ/dT of χ on one free electron at rest, in cm²/keV per electron.

    dσ/dT = πα²δ²/(m_e k² T²) [E² + E′² − T(m_e + m²/m_e)] (derived in the chapter
    "Kinematics" from the spin-averaged squared amplitude 2e⁴δ²X and dσ/dt = (its spin sum)/(16πλ)). Zero above the
    free-electron endpoint :func:`T_max`. ``T_keV`` and ``E_keV`` broadcast; 0 < T < E − m.
    """
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    d = bounded_above("delta", positive_array("delta", delta, unit="(units of e)"), MAX_COUPLING, "(units of e)")
    k = momentum_unchecked(E, m)
    val = _g.dsigma_dT_free(T, E, k, M_E, m, ALPHA, d) * HBARC2_KEV2_CM2
    return np.where(T <= _g.t_max_free(E, k, M_E, m), val, 0.0)


def klein_nishina_dsigma_dT(T_keV, E_gamma_keV) -> np.ndarray:
    """Klein–Nishina dσ/dT for a photon of energy E_γ on a free electron at rest, cm²/keV.

    Zero above the Compton edge T_max = 2E²/(m_e + 2E).
    """
    try:
        T, E, m = check_transfer(T_keV, E_gamma_keV, 0.0)
    except ValueError as exc:  # named as the caller knows it
        raise ValueError(str(exc).replace("E_keV", "E_gamma_keV")) from None
    val = _g.klein_nishina_dsigma_dT(T, E, M_E, ALPHA) * HBARC2_KEV2_CM2
    return np.where(T <= _g.t_max_free(E, E, M_E, 0.0), val, 0.0)
