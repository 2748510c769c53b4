"""Differential event rates dR/dT in a detector: flux × cross section × atoms per kg.

dR/dT(T) = ρ_A ∫ dE dφ/dE(E) dσ/dT(E, T) + Σ_lines ρ_A φ_line dσ/dT(E_line, T),

with ρ_A the atoms per kg of the target and dφ/dE the flux with its solid angle folded in
(:mod:`mcpria_lite.fluxes`). Units: T in keV, rates in counts/(keV kg day) ("cpkkd").

Each method is integrated only where it is kinematically allowed (the physics brief §6):

* FEA: E ≥ E_min(T), the energy at which a free electron at rest can receive T;
* RIA: E > m + T and the p_z window reaching the profile support (:func:`mcpria_lite.kinematics.E_min_impulse`);
* EPA: E > m + T.

With a steeply falling flux this difference in the lower limit is what separates the methods at
low mass (Qiao et al. 2021).
"""

from __future__ import annotations

import numpy as np

from . import cross_sections as _xs
from . import kinematics as _kin
from ._validate import choice, positive_array, positive_scalar
from .fluxes import Flux
from .units import SECONDS_PER_DAY

__all__ = ["dR_dT", "E_lower_limit", "rate_scaling_exponent"]


def E_lower_limit(method: str, T_keV, m_keV: float, p_max_au: float = 100.0) -> np.ndarray:
    """Lowest total energy (keV) of the projectile that contributes to dσ/dT at T for ``method``."""
    choice("method", method, set(_xs.METHODS))
    T = positive_array("T_keV", T_keV)
    if method == "FEA":
        return _kin.E_min(T, m_keV)
    if method in ("RIA", "RIA-simplified"):
        return _kin.E_min_impulse(T, m_keV, p_max_au)
    return m_keV + T


def rate_scaling_exponent(flux: Flux) -> float:
    """dR/dT ∝ δ^n with n = 2 + the flux's own δ power (2 for neutrinos, α + 1 for dark cosmic rays)."""
    return 2.0 + float(flux.delta_power)


def dR_dT(
    target,
    T_keV,
    flux: Flux,
    method: str = "RIA",
    delta: float = 1.0,
    *,
    n_E: int = 48,
    **xs_options,
) -> np.ndarray:
    """Differential event rate dR/dT in counts/(keV kg day) for a flux of millicharged projectiles.

    Parameters
    ----------
    target : Target or str
        Detector atom (per kg of this element).
    T_keV : float or array_like
        Energy transfer (deposited energy), keV, > 0.
    flux : Flux
        Incoming flux (:func:`mcpria_lite.fluxes.solar_neutrinos`,
        :func:`mcpria_lite.fluxes.dark_cosmic_rays`, or a user's :class:`~mcpria_lite.fluxes.Flux`).
        Its mass ``m_keV`` is the projectile mass.
    method : {"RIA", "RIA-simplified", "FEA", "EPA"}
    delta : float
        Millicharge in units of e; dR/dT ∝ δ^(2 + flux.delta_power).
    n_E : int
        Quadrature nodes per continuum component of the flux.
    **xs_options
        Passed to :func:`mcpria_lite.cross_sections.dsigma_dT` (``p_max_au``, ``m_regulator_keV``, …). For the EPA
        with a massless flux ``m_regulator_keV`` is required.

    Returns
    -------
    numpy.ndarray
        dR/dT in cpkkd, shape of ``T_keV``.
    """
    choice("method", method, set(_xs.METHODS))
    tg = _xs.as_target(target)
    T = positive_array("T_keV", T_keV)
    d = positive_scalar("delta", delta, "(units of e)")
    if not isinstance(flux, Flux):
        raise ValueError(f"flux must be a mcpria_lite.fluxes.Flux, got {type(flux).__name__}")
    m = float(flux.m_keV)
    shape = T.shape
    Tf = T.ravel()
    p_max = xs_options.get("p_max_au") or getattr(tg, "p_max_au", 100.0)
    E_lo = E_lower_limit(method, Tf, m, p_max)
    E_nodes, w = flux.quadrature(E_lo=E_lo, n=n_E, delta=1.0)  # (nT, nE)
    T2 = np.broadcast_to(Tf[:, None], E_nodes.shape)
    use = (w > 0) & (E_nodes - T2 > m) & (E_nodes > E_lo[:, None])
    sig = np.zeros(E_nodes.shape)
    if np.any(use):
        sig[use] = _xs.dsigma_dT(tg, T2[use], E_nodes[use], m, 1.0, method=method, **xs_options)
    per_atom_per_s = np.sum(w * sig, axis=1)  # cm²/keV × cm⁻² s⁻¹ = 1/(keV s) per atom
    rate = per_atom_per_s * tg.atoms_per_kg * SECONDS_PER_DAY
    return (d ** rate_scaling_exponent(flux) * rate).reshape(shape)
