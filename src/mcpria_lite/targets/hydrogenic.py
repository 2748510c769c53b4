"""A simple reference atom for slow projectiles: hydrogenic orbitals screened by Slater's rules, in the
impulse approximation.

Each subshell n·l of the element is a hydrogenic orbital of charge Z_h = n Z_eff/n*, with Z_eff = Z − S
and the effective principal quantum number n* of Slater's rules (J. C. Slater, Phys. Rev. 36, 57
(1930)): shielding 0.35 per other electron of the same group (0.30 in 1s), for an s/p electron 0.85
per electron of shell n − 1 and 1 per deeper electron, for a d/f electron 1 per electron of every
group inside; n* = 1, 2, 3, 3.7, 4.0, 4.2 for n = 1…6. The orbital's exponential fall-off e^{−Z_h r/n}
is then Slater's e^{−Z_eff r/n*}, with the hydrogenic n − l − 1 radial nodes. Its momentum
distribution is the closed form of Podolsky & Pauling, Phys. Rev. 34, 109 (1929) (Bethe & Salpeter,
*Quantum Mechanics of One- and Two-Electron Atoms*, eq. 8.8), its Compton profile
J_nl(p_z) = ½ ∫_{abs(p_z)}^∞ p abs(F_nl(p))² dp, and the response of the subshell's N electrons
(:func:`mcpria_lite.targets.dfs.response.impulse_response_L`)

    R_L(E, q) = N (m_e/q) J_nl(p_z) θ(E − B),   p_z = (q² − 2m_eE)/(2q),

with B the tabulated binding energy (:func:`mcpria_lite.targets.atoms.atom`, as for every other model).
What it is not: the impulse approximation treats the ionised electron as free (no final-state
interaction) and a screened hydrogenic orbital misses the inner lobes a real valence orbital has
where it penetrates the core; both matter at the large q (q ≫ √(2m_eE)) a halo particle probes.
Hydrogenic Z_eff wave functions are known to underestimate there (the point of the comparison in
the book). Momenta in keV (p_z in a.u. inside), energies in keV.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy.special import eval_gegenbauer, gammaln

__all__ = ["slater_zeff", "hydrogenic_momentum_density", "hydrogenic_compton_profile", "zeff_of_target", "impulse_R_L",
           "SLATER_N_STAR"]

#: Slater's effective principal quantum numbers n* for n = 1…6.
SLATER_N_STAR = {1: 1.0, 2: 2.0, 3: 3.0, 4: 3.7, 5: 4.0, 6: 4.2}
_L = {"s": 0, "p": 1, "d": 2, "f": 3}


def _group(n: int, l: int) -> tuple[int, int]:
    """Slater's groups, ordered (1s)(2s,2p)(3s,3p)(3d)(4s,4p)(4d)(4f)(5s,5p)…: a sortable key."""
    return (n, 0) if l <= 1 else (n, l)


def slater_zeff(occupancy_by_nl: dict[str, float], nl: str, Z: int) -> tuple[float, float]:
    """(Z_eff, n*) of one electron in subshell ``nl`` (e.g. ``"5p"``) by Slater's rules.

    ``occupancy_by_nl``: electrons per n·l subshell of the atom (``{"1s": 2, …}``). Xe 5p: Z_eff = 8.25,
    n* = 4.0; Xe 4d: 14.85, 3.7."""
    n, l = int(nl[:-1]), _L[nl[-1]]
    if n not in SLATER_N_STAR:
        raise ValueError(f"nl must have n <= 6 (Slater's n*), got {nl!r}")
    me = _group(n, l)
    S = 0.0
    for other, N in occupancy_by_nl.items():
        n2, l2 = int(other[:-1]), _L[other[-1]]
        g = _group(n2, l2)
        if g == me:
            S += (N - 1.0 if other == nl else N) * (0.30 if n == 1 else 0.35)
        elif g < me:
            S += N * (0.85 if (l <= 1 and n2 == n - 1) else 1.0)
    return float(Z - S), SLATER_N_STAR[n]


def hydrogenic_momentum_density(n: int, l: int, p_au) -> np.ndarray:
    """abs(F_nl(p))² of a hydrogenic orbital of unit charge (p in a.u.), normalised ∫ p²abs(F)² dp = 1.

    F_nl(p) = [2/π (n−l−1)!/(n+l)!]^½ n² 2^{2l+2} l! n^l p^l/(n²p² + 1)^{l+2} C^{l+1}_{n−l−1}(x),
    x = (n²p² − 1)/(n²p² + 1) (Podolsky & Pauling 1929). For charge Z: Z⁻³ abs(F(p/Z))²."""
    p = np.asarray(p_au, float)
    a = n * n * p * p
    x = (a - 1.0) / (a + 1.0)
    lognorm = 0.5 * (math.log(2 / math.pi) + gammaln(n - l) - gammaln(n + l + 1)) + 2 * math.log(n) \
        + (2 * l + 2) * math.log(2) + gammaln(l + 1) + l * math.log(n)
    F = np.exp(lognorm) * p**l / (a + 1.0) ** (l + 2) * eval_gegenbauer(n - l - 1, l + 1, x)
    return F * F


@functools.lru_cache(maxsize=64)
def _profile_table(n: int, l: int) -> tuple[np.ndarray, np.ndarray]:
    """J_nl(p_z) of unit charge on a log grid of p_z (a.u.), by the cumulative integral in ln p."""
    p = np.concatenate([[0.0], np.geomspace(1e-4, 1e4, 8001)])
    f = 0.5 * p * hydrogenic_momentum_density(n, l, p)        # the integrand of J in p
    seg = 0.5 * (f[1:] + f[:-1]) * np.diff(p)
    J = np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])
    return p, J


def hydrogenic_compton_profile(n: int, l: int, Z_h: float, pz_au) -> np.ndarray:
    """J_nl(p_z) (a.u.⁻¹, per electron, ∫J dp_z = 1) of a hydrogenic orbital of charge ``Z_h``."""
    p, J = _profile_table(int(n), int(l))
    x = np.abs(np.asarray(pz_au, float)) / Z_h
    return np.interp(x, p, J, right=0.0) / Z_h


def zeff_of_target(target) -> dict[str, tuple[float, float, float]]:
    """{n·l: (Z_eff, n*, Z_h)} for every subshell of a :class:`mcpria_lite.targets.atoms.Target`."""
    occ: dict[str, float] = {}
    for s in target.shells:
        occ[s.nl] = occ.get(s.nl, 0.0) + float(s.occupancy)
    out = {}
    for nl in occ:
        z, ns = slater_zeff(occ, nl, int(target.Z))
        out[nl] = (z, ns, int(nl[:-1]) * z / ns)
    return out


def impulse_R_L(target, subshell_index: int, E_keV, q_keV) -> np.ndarray:
    """R_L (keV⁻¹) of one subshell of ``target`` in this model (no threshold applied)."""
    from .dfs.response import impulse_response_L

    s = target.shells[subshell_index]
    _, _, Z_h = zeff_of_target(target)[s.nl]
    n, l = int(s.nl[:-1]), _L[s.nl[-1]]
    return float(s.occupancy) * impulse_response_L(lambda pz: hydrogenic_compton_profile(n, l, Z_h, pz),
                                                   E_keV, q_keV)

