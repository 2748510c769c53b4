"""Angular-momentum algebra for the ab initio response: Wigner 3j symbols, Gaunt coefficients
and the spin–angle factors of the Dirac current between spinor spherical harmonics.

Exact (rational arithmetic, Racah's formula) and cached; the test compares with
``sympy.physics.wigner``. Arguments of :func:`wigner3j` are **doubled** (2j, 2m) so that half-
integer momenta are plain integers.

Spinor spherical harmonics (Condon–Shortley phases):
Ω_κm = Σ_σ C(l, m − σ; ½, σ | j, m) Y_{l, m−σ} χ_σ, κ = −(l+1) for j = l + ½, κ = l for j = l − ½.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

__all__ = ["wigner3j", "gaunt_m0", "spinor_sigma_plus_Y", "spinor_sigma_z_Y", "spinor_Y", "l_of", "j2_of"]


@functools.lru_cache(maxsize=None)
def _fact(n: int) -> int:
    return math.factorial(n)


@functools.lru_cache(maxsize=None)
def wigner3j(tj1: int, tj2: int, tj3: int, tm1: int, tm2: int, tm3: int) -> float:
    """Wigner 3j symbol (j1 j2 j3; m1 m2 m3) with doubled arguments (exact Racah formula)."""
    if tm1 + tm2 + tm3 != 0:
        return 0.0
    if tj3 > tj1 + tj2 or tj3 < abs(tj1 - tj2):
        return 0.0
    if (tj1 + tj2 + tj3) % 2:
        return 0.0
    for tj, tm in ((tj1, tm1), (tj2, tm2), (tj3, tm3)):
        if abs(tm) > tj or (tj + tm) % 2:
            return 0.0
    a = (tj1 + tj2 - tj3) // 2
    b = (tj1 - tj2 + tj3) // 2
    cc = (-tj1 + tj2 + tj3) // 2
    d = (tj1 + tj2 + tj3) // 2 + 1
    tri = Fraction(_fact(a) * _fact(b) * _fact(cc), _fact(d))
    ms = (_fact((tj1 + tm1) // 2) * _fact((tj1 - tm1) // 2) * _fact((tj2 + tm2) // 2)
          * _fact((tj2 - tm2) // 2) * _fact((tj3 + tm3) // 2) * _fact((tj3 - tm3) // 2))
    k_min = max(0, (tj2 - tj3 - tm1) // 2, (tj1 - tj3 + tm2) // 2)
    k_max = min(a, (tj1 - tm1) // 2, (tj2 + tm2) // 2)
    s = Fraction(0)
    for k in range(k_min, k_max + 1):
        den = (_fact(k) * _fact((tj3 - tj2 + tm1) // 2 + k) * _fact((tj3 - tj1 - tm2) // 2 + k)
               * _fact(a - k) * _fact((tj1 - tm1) // 2 - k) * _fact((tj2 + tm2) // 2 - k))
        s += Fraction((-1) ** k, den)
    if s == 0:
        return 0.0
    sign = -1.0 if (((tj1 - tj2 - tm3) // 2) % 2) else 1.0
    val2 = s * s * tri * ms
    return sign * (1.0 if s > 0 else -1.0) * math.sqrt(float(val2))


def gaunt_m0(l1: int, m: int, L: int, l2: int) -> float:
    """∫ Y*_{l1 m} Y_{L 0} Y_{l2 m} dΩ."""
    if abs(m) > l1 or abs(m) > l2:
        return 0.0
    pref = math.sqrt((2 * l1 + 1) * (2 * L + 1) * (2 * l2 + 1) / (4 * math.pi))
    return ((-1) ** (m % 2)) * pref * wigner3j(2 * l1, 2 * L, 2 * l2, 0, 0, 0) * wigner3j(2 * l1, 2 * L, 2 * l2, -2 * m, 0, 2 * m)


def l_of(kappa: int) -> int:
    """Orbital angular momentum of Ω_κ."""
    return -kappa - 1 if kappa < 0 else kappa


def j2_of(kappa: int) -> int:
    """2j = 2abs(κ) − 1."""
    return 2 * abs(kappa) - 1


def _cg_up(kappa: int, tm: int) -> float:
    """C(l, m − ½; ½, ½ | j, m) (tm = 2m)."""
    l = l_of(kappa)
    if kappa < 0:
        return math.sqrt(max(l + tm / 2 + 0.5, 0.0) / (2 * l + 1))
    return -math.sqrt(max(l - tm / 2 + 0.5, 0.0) / (2 * l + 1))


def _cg_down(kappa: int, tm: int) -> float:
    """C(l, m + ½; ½, −½ | j, m) (tm = 2m)."""
    l = l_of(kappa)
    if kappa < 0:
        return math.sqrt(max(l - tm / 2 + 0.5, 0.0) / (2 * l + 1))
    return math.sqrt(max(l + tm / 2 + 0.5, 0.0) / (2 * l + 1))


@functools.lru_cache(maxsize=None)
def spinor_sigma_plus_Y(kappa_a: int, tm_a: int, L: int, kappa_b: int, tm_b: int) -> float:
    """∫ Ω†_{κa ma} σ_{+1} Y_{L0} Ω_{κb mb} dΩ, σ_{+1} = −(σ_x + iσ_y)/√2 (doubled m's).

    σ_{+1} χ_{−½} = −√2 χ_{+½}, σ_{+1} χ_{+½} = 0, so only ma = mb + 1 survives.
    """
    if tm_a != tm_b + 2:
        return 0.0
    la, lb = l_of(kappa_a), l_of(kappa_b)
    if (la + L + lb) % 2 or L > la + lb or L < abs(la - lb):
        return 0.0
    m_orb = (tm_a - 1) // 2  # m_a − ½ = m_b + ½
    if abs(m_orb) > la or abs(m_orb) > lb:
        return 0.0
    return -math.sqrt(2.0) * _cg_up(kappa_a, tm_a) * _cg_down(kappa_b, tm_b) * gaunt_m0(la, m_orb, L, lb)


def _spinor_Y_spin_weighted(kappa_a: int, tm_a: int, L: int, kappa_b: int, tm_b: int, down: float) -> float:
    """∫ Ω†_{κa ma} w Y_{L0} Ω_{κb mb} dΩ with w = 1 on spin up and ``down`` on spin down (doubled m's)."""
    if tm_a != tm_b:
        return 0.0
    la, lb = l_of(kappa_a), l_of(kappa_b)
    if (la + L + lb) % 2 or L > la + lb or L < abs(la - lb):
        return 0.0
    total = 0.0
    # spin up: m_orb = m − ½, spin down: m_orb = m + ½
    m_up = (tm_a - 1) // 2
    if abs(m_up) <= la and abs(m_up) <= lb:
        total += _cg_up(kappa_a, tm_a) * _cg_up(kappa_b, tm_b) * gaunt_m0(la, m_up, L, lb)
    m_dn = (tm_a + 1) // 2
    if abs(m_dn) <= la and abs(m_dn) <= lb:
        total += down * _cg_down(kappa_a, tm_a) * _cg_down(kappa_b, tm_b) * gaunt_m0(la, m_dn, L, lb)
    return total


@functools.lru_cache(maxsize=None)
def spinor_Y(kappa_a: int, tm_a: int, L: int, kappa_b: int, tm_b: int) -> float:
    """∫ Ω†_{κa ma} Y_{L0} Ω_{κb mb} dΩ (doubled m's; zero unless ma = mb)."""
    return _spinor_Y_spin_weighted(kappa_a, tm_a, L, kappa_b, tm_b, 1.0)


@functools.lru_cache(maxsize=None)
def spinor_sigma_z_Y(kappa_a: int, tm_a: int, L: int, kappa_b: int, tm_b: int) -> float:
    """∫ Ω†_{κa ma} σ_z Y_{L0} Ω_{κb mb} dΩ (doubled m's; zero unless ma = mb): :func:`spinor_Y` with
    the spin-down part counted with −1 (σ_z χ_{±½} = ±χ_{±½}). The axial (Σ_z) and the longitudinal
    vector (α_z) current of the weak response (:mod:`mcpria_lite.targets.dfs.weak_response`)."""
    return _spinor_Y_spin_weighted(kappa_a, tm_a, L, kappa_b, tm_b, -1.0)
