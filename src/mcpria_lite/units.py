"""Physical constants and unit conversions: the one place where units are defined.

Convention of the whole package (public API):

* energies, masses and momenta in **keV** (natural units, ħ = c = 1, so a momentum
  "in keV" means keV/c and a mass means keV/c²);
* Compton-profile momenta p_z in **atomic units** (1 a.u. = α m_e c);
* cross sections in **cm²** (dσ/dT in cm²/keV per atom, d²σ/dTdΩ in cm²/(keV sr));
* fluxes in cm⁻² s⁻¹ keV⁻¹ (per sr where stated);
* event rates in counts/(keV kg day) ("cpkkd");
* neutrino mass-squared differences in eV² (the unit of the global fits).

Constants are CODATA 2022 as shipped by :mod:`scipy.constants`.
"""

from __future__ import annotations

import numpy as np
import scipy.constants as _c

# --- fundamental constants (CODATA 2022 via scipy) -------------------------------------------
#: Fine-structure constant α.
ALPHA: float = _c.fine_structure
#: Electron mass m_e c² in keV.
M_E: float = _c.physical_constants["electron mass energy equivalent in MeV"][0] * 1e3
#: ħc in keV·cm.
HBARC_KEV_CM: float = _c.physical_constants["reduced Planck constant times c in MeV fm"][0] * 1e3 * 1e-13
#: (ħc)² in keV²·cm² (multiply a cross section in keV⁻² by this to get cm²).
HBARC2_KEV2_CM2: float = HBARC_KEV_CM**2
#: Classical electron radius r₀ = α ħc / m_e c² in cm.
R_E_CM: float = ALPHA * HBARC_KEV_CM / M_E
#: Speed of light in km/s (exact).
C_KM_S: float = _c.c * 1e-3
#: Speed of light in cm/s (exact).
C_CM_S: float = _c.c * 1e2
#: Avogadro constant in mol⁻¹.
N_A: float = _c.Avogadro
#: Fermi coupling constant G_F/(ħc)³ in keV⁻² (CODATA 2022, 1.1663787e-5 GeV⁻²).
G_F_KEV2: float = _c.physical_constants["Fermi coupling constant"][0] * 1e-12

# --- atomic units -----------------------------------------------------------------------------
#: One atomic unit of momentum, α m_e c, in keV/c.
AU_MOMENTUM_KEV: float = ALPHA * M_E
#: One hartree in keV.
HARTREE_KEV: float = _c.physical_constants["Hartree energy in eV"][0] * 1e-3

# --- derived / bookkeeping --------------------------------------------------------------------

#: One barn in cm².
BARN_CM2: float = 1e-24
#: Seconds per day.
SECONDS_PER_DAY: float = 86400.0
#: Days per (Julian) year.
DAYS_PER_YEAR: float = 365.25
#: 1 counts/(keV kg day) in events/(tonne year keV).
CPKKD_IN_PER_TONNE_YEAR_KEV: float = 1000.0 * DAYS_PER_YEAR

#: One GeV in keV.
GEV: float = 1e6
#: One MeV in keV.
MEV: float = 1e3
#: One eV in keV.
EV: float = 1e-3
#: A mass density of 1 GeV/cm³ in keV/cm³ (a halo density ρ in GeV/cm³ times this, divided by m_χ in keV,
#: is the number density in cm⁻³).
GEV_PER_CM3_IN_KEV_PER_CM3: float = GEV


def _scaled(name: str, x, factor: float) -> np.ndarray:
    """``x × factor`` for finite real ``x`` whose product stays finite (``ValueError`` naming ``name``)."""
    from ._validate import finite_array

    a = finite_array(name, x)
    with np.errstate(over="ignore"):
        out = a * factor
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must be at most {1.7e308 / max(factor, 1.0):.3g} in magnitude (the converted "
                         f"value overflows float64), got {x!r}")
    return out


def pz_au_to_keV(pz_au):
    """Convert a momentum from atomic units (α m_e c) to keV/c."""
    return _scaled("pz_au", pz_au, AU_MOMENTUM_KEV)


def pz_keV_to_au(pz_keV):
    """Convert a momentum from keV/c to atomic units (α m_e c)."""
    return _scaled("pz_keV", pz_keV, 1.0 / AU_MOMENTUM_KEV)


def inverse_keV2_to_cm2(x):
    """Convert an area from keV⁻² (natural units) to cm² using (ħc)²."""
    return _scaled("x", x, HBARC2_KEV2_CM2)


def per_second_to_per_day(x):
    """Convert a rate per second into a rate per day."""
    return _scaled("x", x, SECONDS_PER_DAY)


def atoms_per_kg(molar_mass_g_per_mol: float) -> float:
    """Number of formula units per kilogram for a molar mass in g/mol (N_A · 1000 / A)."""
    if not np.isfinite(molar_mass_g_per_mol) or molar_mass_g_per_mol <= 0:
        raise ValueError(f"molar_mass_g_per_mol must be a positive finite number, got {molar_mass_g_per_mol!r}")
    return N_A * 1000.0 / molar_mass_g_per_mol
