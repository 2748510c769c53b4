"""The equivalent-photon (Weizsäcker–Williams) spectrum of a charged projectile.

dN/dT of Budnev et al., Phys. Rep. 15, 181 (1975), the photon flux a charge δe carries; the
equivalent-photon approximation (:mod:`mcpria_lite.methods.equivalent_photons`) multiplies it by the
photoabsorption cross section. Units: T, E, masses in keV; dN/dT in keV⁻¹.
"""

from __future__ import annotations

import numpy as np

from .._validate import broadcast, choice, coupling, positive_array, positive_scalar
from ..kinematics import check_transfer
from ..units import ALPHA

__all__ = ["equivalent_photon_number"]


def equivalent_photon_number(
    T_keV, E_keV, m_keV, delta=1.0, m_regulator_keV=None, Q2_max="T2", spectrum: str = "budnev"
):
    """Equivalent-photon spectrum dN/dT (keV⁻¹) of a charge δe (Budnev et al. 1975).

    ``spectrum="budnev"`` (default):
    dN/dT = (αδ²/πT)[(1 − T/E + T²/2E²) ln(Q²max/Q²min) − (1 − T/E)(1 − Q²min/Q²max)];
    ``spectrum="leading-log"``: dN/dT = (αδ²/πT) ln(Q²max/Q²min), the form (2αδ²/π)L/T with
    L = ln(Q_max/Q_min). Q²min = μ²T²/(E(E − T)), μ = m (or
    ``m_regulator_keV`` when given, required for m = 0), and Q²max = T² (``"T2"``, default) or a
    fixed value in keV². Zero where Q²min ≥ Q²max.
    """
    choice("spectrum", spectrum, {"budnev", "leading-log"})
    T, E, m = check_transfer(T_keV, E_keV, m_keV)
    d = coupling("delta", delta, "(units of e)")
    mu = m if m_regulator_keV is None else positive_scalar("m_regulator_keV", m_regulator_keV, "keV")
    if 0 < mu < 1e-30:
        raise ValueError(f"the EPA mass scale (m_keV or m_regulator_keV) must be >= 1e-30 keV, got {mu!r}")
    if mu <= 0:
        raise ValueError(
            "m_regulator_keV must be > 0 keV for a massless projectile (the EPA logarithm "
            "ln(Q²max/Q²min) diverges as m → 0; e.g. 1e-4 keV for a 0.1 eV neutrino mass)"
        )
    q2min = mu**2 * T**2 / (E * (E - T))
    if isinstance(Q2_max, str):
        choice("Q2_max", Q2_max, {"T2"})
        q2max = T**2
    else:
        q2max = broadcast(T_keV=T, Q2_max=positive_array("Q2_max", Q2_max, "keV²"))[1]
        T, E = np.broadcast_to(T, q2max.shape), np.broadcast_to(E, q2max.shape)
        q2min = mu**2 * T**2 / (E * (E - T))
    y = T / E
    with np.errstate(divide="ignore"):
        log = np.log(q2max / q2min)
    if spectrum == "budnev":
        dn = ALPHA * d**2 / (np.pi * T) * ((1 - y + 0.5 * y**2) * log - (1 - y) * (1 - q2min / q2max))
    else:
        dn = ALPHA * d**2 / (np.pi * T) * log
    return np.where(q2max > q2min, np.maximum(dn, 0.0), 0.0)
