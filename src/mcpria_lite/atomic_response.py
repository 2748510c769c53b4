"""Longitudinal and transverse atomic response functions R_L(T, q), R_T(T, q) of a
Dirac–Hartree–Slater atom, per subshell, and their impulse (Compton-profile) limit.

Definitions (natural units; per subshell, all N_nκ electrons):

.. math::

    R_L(T, q) = \\frac{N}{2j+1}\\sum_{m}\\sum_f |\\langle f|e^{i\\mathbf q\\cdot\\mathbf r}|n\\kappa m\\rangle|^2
    \\,\\delta(T - \\varepsilon_f - B_{n\\kappa}),\\qquad
    R_T(T, q) = \\frac{N}{2j+1}\\sum_{m}\\sum_f |\\langle f|\\boldsymbol\\alpha\\cdot
    \\hat{\\boldsymbol\\epsilon}_{+1} e^{i\\mathbf q\\cdot\\mathbf r}|n\\kappa m\\rangle|^2\\,\\delta(\\ldots),

with ε̂_{+1} ⊥ q (either transverse polarisation gives the same R_T for a spherical subshell),
so that for a real photon, q = T, the photoabsorption cross section is
σ_γ(T) = (4π²α/T) R_T(T, T) (:mod:`mcpria_lite.photoionization`). The final states are the
energy-normalised continuum waves of the same potential (:mod:`mcpria_lite.continuum`) at
ε_f = T − B_nκ, B the tabulated binding energy (so R = 0 below the subshell's threshold);
bound–bound excitations are not included (they matter only within a few eV of the outer
thresholds). The plane wave is expanded exactly in multipoles,
e^{iqz} = Σ_L i^L √(4π(2L+1)) j_L(qr) Y_L0, and the sum over the electron's κ′ runs to
convergence (:func:`subshell_response` records it). Response functions in keV⁻¹, T and q in keV.

Large q: R_L → (m_e/q) J_nκ(p_z), p_z = (q² − 2 m_e T)/(2q) (the impulse approximation, with the
Compton profile of the same orbitals, :func:`mcpria_lite.dirac_slater.compton_profiles`).
Checks (tests): f-sum rule ∫T R_L dT = N q²/2m_e, the impulse limit, R_T(T, T) ↔ σ_γ.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.special import spherical_jn

from . import units
from .angular import j2_of, spinor_Y
from .continuum import continuum_waves, momentum_au
from .dirac_slater import C_AU, BoundOrbital, DiracSlaterAtom
from .photoionization import _angular_tables, _bound_radius

__all__ = ["subshell_response", "impulse_response_L", "simpson_richardson_weights", "ResponseTable", "response_table",
           "occupied_transition_strength"]


@functools.lru_cache(maxsize=None)
def _longitudinal_tables(kappa: int, kappa_max: int):
    """C[κ′, L, m], D[κ′, L, m]: i^L √(4π(2L+1)) ⟨κ′m|Y_L0|κm⟩ and the same for (−κ′, −κ)."""
    kps = [k for k in range(-kappa_max, kappa_max + 1) if k != 0]
    L_max = kappa_max + 3
    tj = j2_of(kappa)
    ms = list(range(-tj, tj + 1, 2))
    C = np.zeros((len(kps), L_max + 1, len(ms)), complex)
    D = np.zeros_like(C)
    for a, kp in enumerate(kps):
        tjp = j2_of(kp)
        for L in range(L_max + 1):
            c = 1j ** L * np.sqrt(4 * np.pi * (2 * L + 1))
            for im, tm in enumerate(ms):
                if abs(tm) > tjp:
                    continue
                C[a, L, im] = c * spinor_Y(kp, tm, L, kappa, tm)
                D[a, L, im] = c * spinor_Y(-kp, tm, L, -kappa, tm)
    return np.array(kps), C, D


def simpson_richardson_weights(n: int, h: float) -> np.ndarray:
    """Quadrature weights on n = 4k + 1 uniform points: Simpson's rule on steps h and 2h,
    Richardson-combined (S_h + (S_h − S_2h)/15, sixth order; Boole's rule)."""
    if n < 5 or (n - 1) % 4:
        raise ValueError(f"n must be 4k + 1 >= 5, got {n}")

    def simpson_w(m: int, step: float) -> np.ndarray:
        w = np.ones(m)
        w[1:-1:2] = 4.0
        w[2:-1:2] = 2.0
        return w * step / 3.0

    w1 = simpson_w(n, h)
    w2 = np.zeros(n)
    w2[::2] = simpson_w((n + 1) // 2, 2 * h)
    return w1 + (w1 - w2) / 15.0


def subshell_response(atom: DiracSlaterAtom, grids, orbital: BoundOrbital, T_keV: float, q_keV,
                      binding_keV: float, kappa_max: int, *, transverse: bool = True):
    """R_L(T, q) and R_T(T, q) (keV⁻¹) of one subshell at one energy transfer, many q.

    Parameters
    ----------
    atom, grids
        Atom with orbitals on ``grids.inner`` (see
        :func:`mcpria_lite.photoionization.photoionization_cross_sections`); the grid must resolve
        both the photoelectron momentum and q.
    orbital : BoundOrbital
    T_keV : float
        Energy transfer (keV).
    q_keV : array_like
        Momentum transfers (keV).
    binding_keV : float
        Tabulated binding energy; R = 0 for T ≤ B.
    kappa_max : int
        Largest abs(κ′) of the photo/collision electron.

    Returns
    -------
    R_L, R_T : ndarray (n_q,)
    last_L, last_T : ndarray (n_q,)
        Shares of R carried by the outermost partial waves abs(κ′) = κ_max (convergence).
    """
    q = np.atleast_1d(np.asarray(q_keV, float))
    eps = (T_keV - binding_keV) / units.HARTREE_KEV
    if eps <= 0:
        z = np.zeros(q.size)
        return z, z.copy(), z.copy(), z.copy()
    q_au = q / units.AU_MOMENTUM_KEV
    g = grids.inner
    r = g.r
    n_r = int(np.searchsorted(r, _bound_radius(orbital, r, 1e-10))) + 1
    n_r = min(max(n_r, 13), g.n)
    n_r = n_r + (-(n_r - 1)) % 4
    if n_r > g.n:
        n_r -= 4
    rr = r[:n_r]
    wq = simpson_richardson_weights(n_r, g.h) * g.drdt[:n_r]
    kps, C, D = _longitudinal_tables(orbital.kappa, kappa_max)
    Gf, Ff, _ = continuum_waves(atom.rV, atom.Z, atom.Z - atom.n_electrons + 1.0, eps, kps, grids)
    nL = C.shape[1]
    L = np.arange(nL)
    jl = spherical_jn(L[:, None, None], q_au[None, :, None] * rr[None, None, :])  # (L, q, r)
    jl2 = jl.reshape(nL * q.size, n_r).T                                        # (r, L*q)
    Gi, Fi = orbital.G[:n_r] * wq, orbital.F[:n_r] * wq
    RGG = (Gf[:, :n_r] * Gi) @ jl2
    RFF = (Ff[:, :n_r] * Fi) @ jl2
    RGG = RGG.reshape(len(kps), nL, q.size)
    RFF = RFF.reshape(len(kps), nL, q.size)
    ML = np.einsum("klq,klm->kqm", RGG, C) + np.einsum("klq,klm->kqm", RFF, D)
    perL = np.sum(np.abs(ML) ** 2, axis=2)                                       # (κ′, q)
    pref = orbital.occupancy / (j2_of(orbital.kappa) + 1) / units.HARTREE_KEV
    RL = pref * perL.sum(axis=0)
    outer = np.abs(kps) == kappa_max
    lastL = perL[outer].sum(axis=0) / np.maximum(perL.sum(axis=0), 1e-300)
    if not transverse:
        return RL, np.zeros_like(RL), lastL, np.zeros_like(RL)
    kps2, A, B = _angular_tables(orbital.kappa, kappa_max)
    RGF = (Gf[:, :n_r] * Fi) @ jl2
    RFG = (Ff[:, :n_r] * Gi) @ jl2
    RGF = RGF.reshape(len(kps), nL, q.size)
    RFG = RFG.reshape(len(kps), nL, q.size)
    MT = np.einsum("klq,klm->kqm", RGF, A) - np.einsum("klq,klm->kqm", RFG, B)
    perT = np.sum(np.abs(MT) ** 2, axis=2)
    RT = pref * perT.sum(axis=0)
    lastT = perT[outer].sum(axis=0) / np.maximum(perT.sum(axis=0), 1e-300)
    return RL, RT, lastL, lastT


def impulse_response_L(J_of_pz, T_keV, q_keV) -> np.ndarray:
    """Impulse-approximation R_L = (m_e/q) J(p_z), p_z = (q² − 2 m_e T)/(2q) (keV⁻¹).

    Parameters
    ----------
    J_of_pz : callable
        p_z (a.u.) ↦ Compton profile (a.u.⁻¹) of the subshell(s).
    T_keV, q_keV : array_like
        Broadcast together.
    """
    T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
    pz_keV = (q * q - 2 * units.M_E * T) / (2 * q)
    J = J_of_pz(pz_keV / units.AU_MOMENTUM_KEV)  # per a.u. of momentum
    return units.M_E / q * J / units.AU_MOMENTUM_KEV


# ---------------------------------------------------------------------------------------------
# committed tables
# ---------------------------------------------------------------------------------------------
class ResponseTable:
    """Committed R_L, R_T tables of one element (``data/dfs_response_<symbol>.npz``).

    Interpolation is bilinear in (ln T, ln q, ln R) per subshell. A subshell gives 0 for T at or below
    its binding energy; for q beyond the subshell's tabulated q_max, R_L is the impulse limit
    (m_e/q) J(p_z) from the same orbitals and R_T is not available (ValueError). T above the table
    or q below it raise ValueError naming the range: never an extrapolated number.

    Attributes
    ----------
    T_keV, q_keV : numpy.ndarray
        Grid (keV).
    subshells : tuple[str, ...]
    binding_keV, q_max_keV, occupancy : numpy.ndarray
        Per subshell.
    provenance : dict
    """

    def __init__(self, symbol: str):
        import json
        from importlib import resources

        path = resources.files("mcpria_lite") / "data" / f"dfs_response_{symbol}.npz"
        if not path.is_file():
            raise ValueError(f"element must have a committed response table (dfs_response_<El>.npz), got {symbol!r}")
        with path.open("rb") as fh, np.load(fh) as z:
            self.T_keV = z["T_keV"].astype(float)
            self.q_keV = z["q_keV"].astype(float)
            self.subshells = tuple(str(s) for s in z["subshells"])
            self.binding_keV = z["binding_keV"].astype(float)
            self.q_max_keV = z["q_max_keV"].astype(float)
            self.occupancy = z["occupancy"].astype(float)
            self._RL = z["R_L"].astype(float)
            self._RT = z["R_T"].astype(float)
            self.last_partial_wave_fraction_L = z["last_partial_wave_fraction_L"].astype(float)
            self.kappa_max = z["kappa_max"].astype(int)
            self.R_L_impulse_grid = z["R_L_impulse"].astype(float)
            self.provenance = json.loads(str(z["provenance"]))
        self.symbol = symbol
        self._J = None
        self._interpolators: dict = {}

    def _profiles(self):
        if self._J is None:
            from .dirac_slater import compton_profiles, load_atom

            pz = np.linspace(0.0, 500.0, 5001)
            self._J = (pz, compton_profiles(load_atom(self.symbol), pz))
        return self._J

    def _check(self, T, q):
        if np.any(~np.isfinite(T)) or np.any(T < 0) or np.any(T > self.T_keV[-1]):
            raise ValueError(f"T_keV must be in [0, {self.T_keV[-1]:g}] keV (the table's range), got "
                             f"[{np.min(T):g}, {np.max(T):g}]")
        gap = (T > self.binding_keV.min()) & (T < self.T_keV[0])
        if np.any(gap):
            raise ValueError(f"T_keV must be <= {self.binding_keV.min():g} keV (below every threshold: R = 0) or in "
                             f"[{self.T_keV[0]:g}, {self.T_keV[-1]:g}] keV (the table's range)")
        if np.any(~np.isfinite(q)) or np.any(q < self.q_keV[0]):
            raise ValueError(f"q_keV must be >= {self.q_keV[0]:g} keV (the table's range), got min {np.min(q):g}")

    def _interp(self, table: np.ndarray, i: int, T: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Bilinear interpolation of ln R in (ln T, ln q) for one subshell.

        R falls like a power of T and q, so ln R is close to linear between nodes. Nodes at or
        below the subshell's threshold (R = 0) take the value of the first node above it: between
        the threshold and that node R is held at its first tabulated value's trend (the edge lies
        between two nodes of the table's T grid).
        """
        from scipy.interpolate import RegularGridInterpolator

        key = (id(table), i)
        f = self._interpolators.get(key)
        if f is None:
            data = np.nan_to_num(table[i], nan=0.0).copy()
            above = np.nonzero(self.T_keV > self.binding_keV[i])[0]
            if above.size == 0:
                return np.zeros(T.shape)
            data[: above[0]] = data[above[0]]
            logd = np.log(np.maximum(data, 1e-300))
            f = RegularGridInterpolator((np.log(self.T_keV), np.log(self.q_keV)), logd)
            self._interpolators[key] = f
        Tc = np.clip(T, self.T_keV[0], self.T_keV[-1])  # T < T_min only where R = 0 (checked)
        qc = np.minimum(q, self.q_keV[-1])
        out = np.exp(f(np.stack([np.log(Tc), np.log(qc)], axis=-1)))
        return np.where(T <= self.binding_keV[i], 0.0, out)

    def R_L(self, T_keV, q_keV, subshell: str | None = None) -> np.ndarray:
        """Longitudinal response (keV⁻¹), summed over subshells or of one ``subshell``."""
        T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
        self._check(T, q)
        idx = range(len(self.subshells)) if subshell is None else [self._index(subshell)]
        pz, J = self._profiles()
        total = np.zeros(T.shape)
        for i in idx:
            tab = self._interp(self._RL, i, T, q)
            ia = impulse_response_L(lambda p, Ji=J[i]: np.interp(np.abs(p), pz, Ji, right=0.0), T, q)
            ia = np.where(T <= self.binding_keV[i], 0.0, ia)
            total = total + np.where(q <= self.q_max_keV[i], tab, ia)
        return total

    def R_T(self, T_keV, q_keV, subshell: str | None = None) -> np.ndarray:
        """Transverse response (keV⁻¹); q must be within every included subshell's tabulated range."""
        T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
        self._check(T, q)
        idx = range(len(self.subshells)) if subshell is None else [self._index(subshell)]
        total = np.zeros(T.shape)
        for i in idx:
            active = T > self.binding_keV[i]
            if np.any(active & (q > self.q_max_keV[i])):
                raise ValueError(f"q_keV must be <= {self.q_max_keV[i]:.1f} keV for R_T of {self.subshells[i]} "
                                 "(the tabulated range)")
            total = total + self._interp(self._RT, i, T, q)
        return total

    @property
    def R_L_grid(self) -> np.ndarray:
        """Tabulated R_L (keV⁻¹), shape (n_subshells, n_T, n_q); NaN above a subshell's q_max."""
        return self._RL

    @property
    def R_T_grid(self) -> np.ndarray:
        """Tabulated R_T (keV⁻¹), same shape as :attr:`R_L_grid`."""
        return self._RT

    def occupancy_of(self, indices) -> float:
        """Number of electrons in the subshells ``indices``."""
        return float(np.sum(self.occupancy[np.asarray(indices, int)]))

    def _index(self, subshell: str) -> int:
        if subshell not in self.subshells:
            raise ValueError(f"subshell must be one of {self.subshells}, got {subshell!r}")
        return self.subshells.index(subshell)


@functools.lru_cache(maxsize=None)
def response_table(element) -> ResponseTable:
    """The committed :class:`ResponseTable` of ``element`` (cached)."""
    from . import atoms

    return ResponseTable(atoms.element_symbol(element))


def occupied_transition_strength(atom: DiracSlaterAtom, i: int, q_keV: float) -> tuple[float, float]:
    """Pauli-blocked part of the Bethe sum for subshell ``i``: transitions into occupied orbitals.

    The sum rule Σ_f (E_f − E_i)|⟨f|e^{iq·r}|i⟩|² = q²/2m_e per electron runs over *all* final
    states; the response functions contain only the empty continuum. The missing part,
    S_i = Σ_{f occupied} (E_f − E_i) w_fi, with w_fi = N_i N_f/((2j_i+1)(2j_f+1)) Σ_m
    |⟨f m|e^{iqz}|i m⟩|² (model eigenvalues E), makes the continuum-only sum of a group of
    subshells N q²/2m_e − Σ_i S_i; pairs inside the group cancel.

    Returns
    -------
    S_i : float
        keV, summed over the occupied orbitals f outside subshell i.
    w_total : float
        Σ_f w_fi (dimensionless: the blocked share of the number sum rule).
    """
    o = atom.orbitals[i]
    g = atom.grid
    q_au = q_keV / units.AU_MOMENTUM_KEV
    S = 0.0
    wsum = 0.0
    tj = j2_of(o.kappa)
    ms = list(range(-tj, tj + 1, 2))
    L_max = 12
    jl = spherical_jn(np.arange(L_max + 1)[:, None], q_au * g.r[None, :])
    for k, f in enumerate(atom.orbitals):
        if k == i:
            continue
        tjf = j2_of(f.kappa)
        RGG = g.integrate(f.G[None] * o.G[None] * jl)
        RFF = g.integrate(f.F[None] * o.F[None] * jl)
        tot = 0.0
        for tm in ms:
            if abs(tm) > tjf:
                continue
            amp = 0j
            for L in range(L_max + 1):
                c = 1j ** L * np.sqrt(4 * np.pi * (2 * L + 1))
                amp += c * (RGG[L] * spinor_Y(f.kappa, tm, L, o.kappa, tm) + RFF[L] * spinor_Y(-f.kappa, tm, L, -o.kappa, tm))
            tot += abs(amp) ** 2
        w = o.occupancy / (tj + 1) * f.occupancy / (tjf + 1) * tot
        S += (f.energy_au - o.energy_au) * units.HARTREE_KEV * w
        wsum += w
    return float(S), float(wsum)
