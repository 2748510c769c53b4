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
σ_γ(T) = (4π²α/T) R_T(T, T) (:mod:`mcpria_lite.targets.dfs.photoionization`). The final states are the
energy-normalised continuum waves of the same potential (:mod:`mcpria_lite.targets.dfs.continuum`) at
ε_f = T − B_nκ, B the tabulated binding energy (so R = 0 below the subshell's threshold);
bound–bound excitations are not included (they matter only within a few eV of the outer
thresholds). The plane wave is expanded exactly in multipoles,
e^{iqz} = Σ_L i^L √(4π(2L+1)) j_L(qr) Y_L0, and the sum over the electron's κ′ runs to
convergence (:func:`subshell_response` records it). Response functions in keV⁻¹, T and q in keV.

Large q: R_L → (m_e/q) J_nκ(p_z), p_z = (q² − 2 m_e T)/(2q) (the impulse approximation, with the
Compton profile of the same orbitals, :func:`mcpria_lite.targets.dfs.compton.compton_profiles`).
Checks (tests): f-sum rule ∫T R_L dT = N q²/2m_e (:func:`bethe_sum_rule`), the impulse limit
(:func:`impulse_handover`), R_T(T, T) ↔ σ_γ.

Committed tables (:class:`ResponseTable`, ``scripts/dfs_response.py``): per subshell, T on a
logarithmic grid and q at fixed values of Ribberfors' p_z (:func:`ridge_pz_au`), so that the Bethe
ridge of every subshell is resolved at every T.
"""

from __future__ import annotations

import functools

import numpy as np

from ... import units
from ..._validate import freeze_arrays
from .angular import j2_of, spinor_Y
from .continuum import continuum_waves
from .atom import BoundOrbital, DiracSlaterAtom
from ..._kinematics_generated import pz_of_q as _kg_pz_of_q
from .photoionization import angular_tables, bound_radius

__all__ = ["subshell_response", "impulse_response_L", "simpson_richardson_weights", "spherical_jn_all", "ridge_pz_au",
           "ridge_q_keV", "ridge_nodes_pz_au", "ResponseTable", "response_table", "occupied_transition_strength",
           "bethe_sum_rule", "impulse_handover"]


def spherical_jn_all(L_max: int, x) -> np.ndarray:
    """Spherical Bessel functions j_0(x) … j_{L_max}(x) at once, shape ``(L_max + 1,) + x.shape``.

    Upward recurrence j_{l+1} = (2l+1)/x j_l − j_{l−1} where it is stable (l ≤ x), and for l > x
    the ratios j_l/j_{l−1} from the downward continued fraction ρ_l = x/(2l+1 − x ρ_{l+1}) (Miller),
    started 30 orders above L_max; x ≥ 0. Agrees with :func:`scipy.special.spherical_jn` to
    ~1e-11 relative (1e-15 absolute) for x ≤ 600, L_max ≤ 80 (tests), some 20× faster for all
    orders together: the radial matrix elements of :func:`subshell_response` need every j_L on a
    (q, r) grid.
    """
    x = np.asarray(x, float)
    out = np.empty((L_max + 1,) + x.shape)
    xs = np.where(x > 0, x, 1.0)
    s, c = np.sin(xs), np.cos(xs)
    out[0] = np.where(x > 0, s / xs, 1.0)
    if L_max == 0:
        return out
    rho = np.empty((L_max + 1,) + x.shape)
    r = x / (2 * L_max + 63)
    for l in range(L_max + 30, 0, -1):
        r = x / (2 * l + 1 - x * r)
        if l <= L_max:
            rho[l] = r
    L0 = np.minimum(np.floor(x), L_max)
    with np.errstate(all="ignore"):  # the upward values beyond l = x are discarded
        up_prev, up = out[0], np.where(x > 0, (s / xs - c) / xs, 0.0)
        out[1] = np.where(L0 >= 1, up, out[0] * rho[1])
        for l in range(1, L_max):
            up_prev, up = up, (2 * l + 1) / xs * up - up_prev
            out[l + 1] = np.where(l + 1 <= L0, up, out[l] * rho[l + 1])
    return out


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


def _radial(fi: np.ndarray, jl: np.ndarray, ang: np.ndarray) -> np.ndarray:
    """∫ f_κ′ g_i j_L(qr) dr (quadrature weights in ``fi`` = f_κ′ g_i w, shape (n_κ′, n_r)) for the (κ′, L)
    pairs whose angular factor ``ang[κ′, L, m]`` is non-zero (parity and the triangle rule leave a few L
    per κ′), 0 elsewhere: shape (n_κ′, n_L, n_q)."""
    nk, nL, nq = fi.shape[0], jl.shape[0], jl.shape[1]
    out = np.zeros((nk, nL, nq))
    need = np.any(ang != 0, axis=2)                                             # (κ′, L)
    for L in np.nonzero(need.any(axis=0))[0]:
        ks = np.nonzero(need[:, L])[0]
        out[ks, L, :] = fi[ks] @ jl[L].T
    return out


def radial_window(orbital, grids) -> tuple[int, np.ndarray, np.ndarray]:
    """The inner-grid points where the bound ``orbital`` is non-negligible (to 1e-10 of its peak, at least
    13, a count Simpson–Richardson integrates: 1 mod 4), those radii and their quadrature weights."""
    g = grids.inner
    r = g.r
    n_r = int(np.searchsorted(r, bound_radius(orbital, r, 1e-10))) + 1
    n_r = min(max(n_r, 13), g.n)
    n_r = n_r + (-(n_r - 1)) % 4
    if n_r > g.n:
        n_r -= 4
    return n_r, r[:n_r], simpson_richardson_weights(n_r, g.h) * g.drdt[:n_r]


def subshell_response(atom: DiracSlaterAtom, grids, orbital: BoundOrbital, T_keV: float, q_keV,
                      binding_keV: float, kappa_max: int, *, transverse: bool = True):
    """R_L(T, q) and R_T(T, q) (keV⁻¹) of one subshell at one energy transfer, many q.

    Parameters
    ----------
    atom, grids
        Atom with orbitals on ``grids.inner`` (see
        :func:`mcpria_lite.targets.dfs.photoionization.photoionization_cross_sections`); the grid must resolve
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
    n_r, rr, wq = radial_window(orbital, grids)
    kps, C, D = _longitudinal_tables(orbital.kappa, kappa_max)
    Gf, Ff, _ = continuum_waves(atom.rV, atom.Z, atom.Z - atom.n_electrons + 1.0, eps, kps, grids)
    nL = C.shape[1]
    jl = spherical_jn_all(nL - 1, q_au[:, None] * rr[None, :])                  # (L, q, r)
    Gi, Fi = orbital.G[:n_r] * wq, orbital.F[:n_r] * wq
    RGG = _radial(Gf[:, :n_r] * Gi, jl, C)
    RFF = _radial(Ff[:, :n_r] * Fi, jl, D)
    ML = np.einsum("klq,klm->kqm", RGG, C) + np.einsum("klq,klm->kqm", RFF, D)
    perL = np.sum(np.abs(ML) ** 2, axis=2)                                       # (κ′, q)
    pref = orbital.occupancy / (j2_of(orbital.kappa) + 1) / units.HARTREE_KEV
    RL = pref * perL.sum(axis=0)
    outer = np.abs(kps) == kappa_max
    lastL = perL[outer].sum(axis=0) / np.maximum(perL.sum(axis=0), 1e-300)
    if not transverse:
        return RL, np.zeros_like(RL), lastL, np.zeros_like(RL)
    kps2, A, B = angular_tables(orbital.kappa, kappa_max)
    RGF = _radial(Gf[:, :n_r] * Fi, jl, A)
    RFG = _radial(Ff[:, :n_r] * Gi, jl, B)
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
# the ridge coordinate of the tables
# ---------------------------------------------------------------------------------------------
def ridge_pz_au(q_keV, T_keV) -> np.ndarray:
    """Ribberfors' p_z = (q² − T² − 2m_eT)/(2q) in a.u.: the table's coordinate along q at fixed T.

    The Bethe ridge of a subshell lies at p_z ≈ 0 with the width of its Compton profile for every T,
    the real-photon point q = T at p_z = −m_e, q → 0 at p_z → −∞; p_z is monotonic in q."""
    from ..._kinematics_generated import pz_of_q
    from ..._validate import nonnegative_array, positive_array

    q, T = np.broadcast_arrays(positive_array("q_keV", q_keV), nonnegative_array("T_keV", T_keV))
    return pz_of_q(q, T, units.M_E) / units.AU_MOMENTUM_KEV


def ridge_q_keV(pz_au, T_keV) -> np.ndarray:
    """Inverse of :func:`ridge_pz_au`: q (keV) of p_z (a.u.) at T (keV), cancellation-free."""
    from ..._kinematics_generated import q_of_pz
    from ..._validate import finite_array, positive_array

    p, T = np.broadcast_arrays(finite_array("pz_au", pz_au), positive_array("T_keV", T_keV))
    return q_of_pz(p * units.AU_MOMENTUM_KEV, T, units.M_E)


def ridge_nodes_pz_au(p_scale_au: float, pz_min_au: float, pz_max_au: float, n_core: int = 51,
                      wing_ratio: float = 1.35) -> np.ndarray:
    """p_z nodes (a.u.) of a subshell's table: uniform across the ridge, geometric in the wings.

    ``n_core`` uniform nodes on [−5, 5] p_scale (p_scale the subshell's rms p_z: spacing p_scale/5
    resolves its Compton peak), then nodes growing by ``wing_ratio`` in abs(p_z) down to pz_min and
    up to pz_max (the wings are smooth: the dipole region q → 0 and the large-q tail)."""
    core = np.linspace(-5.0, 5.0, n_core) * p_scale_au
    lo, hi = [], []
    p = 5.0 * p_scale_au
    while -p > pz_min_au:
        p *= wing_ratio
        lo.append(-p)
    p = 5.0 * p_scale_au
    while p < pz_max_au:
        p *= wing_ratio
        hi.append(p)
    return np.concatenate([np.array(lo[::-1]), core, np.array(hi)])


# ---------------------------------------------------------------------------------------------
# committed tables
# ---------------------------------------------------------------------------------------------
class ResponseTable:
    """Committed R_L, R_T tables of one element (``data/atoms/dfs_response_<symbol>.npz``).

    Grid: one T axis (:attr:`T_keV`, logarithmic, with a node just above every subshell's binding
    energy), each subshell computed on the rows from its threshold node up (:attr:`first_row`), and,
    at each T, q at fixed values of Ribberfors' p_z (:func:`ridge_pz_au`; nodes :attr:`pz_au`),
    uniform across the Bethe ridge, so that the ridge R_L ∝ J(p_z)/q is resolved at every T
    (generator: :mod:`mcpria_lite.targets.dfs.tables`). Interpolation per subshell: ln R cubic in
    asinh(p_z/p_rms) along each T row, linear in ln T between that subshell's rows (in the impulse
    limit ln R is then linear in ln T at a fixed node). A subshell gives 0 for T at or below its binding
    energy and its first row's value between the binding energy and its threshold node; for q beyond
    the subshell's tabulated q_max, R_L is the impulse limit (m_e/q) J(p_z) from the same orbitals and
    R_T is not available (ValueError). T above the table or q below it raise ValueError naming the
    range: never an extrapolated number.

    Attributes
    ----------
    T_keV : numpy.ndarray
        T grid (keV).
    first_row : numpy.ndarray
        Per subshell, the index of its first computed row.
    pz_au : numpy.ndarray
        p_z nodes (a.u.) per subshell, shape (n_subshells, n_p), NaN-padded.
    p_scale_au : numpy.ndarray
        rms p_z of each subshell's Compton profile (a.u.), the scale of its nodes.
    q_min_keV : float
        Smallest q of the tables (keV).
    subshells : tuple[str, ...]
    binding_keV, q_max_keV, occupancy : numpy.ndarray
        Per subshell.
    provenance : dict
    """

    def __init__(self, symbol: str, path=None):
        import json
        from importlib import resources
        from pathlib import Path

        # ``path``: another file of the same format (a table written elsewhere, to compare with the committed one)
        path = resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_response_{symbol}.npz" if path is None \
            else Path(path)
        if not path.is_file():
            raise ValueError(f"element must have a committed response table (dfs_response_<El>.npz), got {symbol!r}")
        with path.open("rb") as fh, np.load(fh) as z:
            self.T_keV = z["T_keV"].astype(float)
            self.pz_au = z["pz_au"].astype(float)
            self.p_scale_au = z["p_scale_au"].astype(float)
            self.q_min_keV = float(z["q_min_keV"])
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
            if "first_row" in z.files:
                self.first_row = z["first_row"].astype(int)
            else:  # tables without threshold nodes: the first row above each edge
                self.first_row = np.searchsorted(self.T_keV, self.binding_keV, side="right")
        self.symbol = symbol
        self._validate()
        self._lnT = np.log(self.T_keV)
        self._J: tuple[np.ndarray, np.ndarray] | None = None
        self._log: dict = {}

    def _validate(self):
        ns, nT = len(self.subshells), self.T_keV.size
        bad = []
        if self.T_keV.ndim != 1 or nT < 2 or np.any(np.diff(self.T_keV) <= 0):
            bad.append("T_keV must increase")
        if self._RL.shape != (ns, nT, self.pz_au.shape[1]) or self._RT.shape != self._RL.shape:
            bad.append("R_L, R_T must have shape (n_subshells, n_T, n_p)")
        closed = self.binding_keV >= self.T_keV[-1]  # edges above the table: R = 0 on all of it
        if self.first_row.shape != (ns,) or np.any((self.first_row > nT - 2) & ~closed) or \
                np.any((self.T_keV[np.minimum(self.first_row, nT - 1)] <= self.binding_keV) & ~closed):
            bad.append("each subshell bound by less than the last T needs two rows above its binding energy")
        elif any(np.any(~np.any(np.isfinite(self._RL[i, self.first_row[i]:]), axis=1))
                 for i in range(ns) if not closed[i]):
            bad.append("every row from a subshell's first row must hold computed values")
        if bad:
            raise ValueError(f"response table dfs_response_{getattr(self, 'symbol', '?')}.npz is invalid: "
                             + "; ".join(bad))

    def _profiles(self):
        if self._J is None:
            from .atom import load_atom
            from .compton import compton_profiles

            pz = np.linspace(0.0, 500.0, 5001)
            self._J = (pz, compton_profiles(load_atom(self.symbol), pz))
        return self._J

    def q_nodes_keV(self, i: int) -> np.ndarray:
        """q (keV) of subshell ``i``'s nodes, shape (n_T, n_p) (NaN-padded as :attr:`pz_au`)."""
        from ..._kinematics_generated import q_of_pz

        return q_of_pz(self.pz_au[i][None, :] * units.AU_MOMENTUM_KEV, self.T_keV[:, None], units.M_E)

    def T_first_keV(self, i: int) -> float:
        """The first computed T of subshell ``i`` (keV): its threshold node (inf for an edge above the table)."""
        return float(self.T_keV[self.first_row[i]]) if self.first_row[i] < self.T_keV.size else float("inf")

    def T_start_keV(self, i: int) -> float:
        """The lowest T > B at which subshell ``i`` has a number: just above its binding energy (the first
        row's value up to the threshold node), or, for a table without a node at the edge, from the
        table's first T."""
        B, Tf = float(self.binding_keV[i]), self.T_first_keV(i)
        return B * (1 + 1e-9) if Tf <= 1.02 * B + 1e-4 else max(B * (1 + 1e-9), float(self.T_keV[0]))

    def _check(self, T, q, idx=None):
        if np.any(~np.isfinite(T)) or np.any(T < 0) or np.any(T > self.T_keV[-1]):
            raise ValueError(f"T_keV must be in [0, {self.T_keV[-1]:g}] keV (the table's range), got "
                             f"[{np.min(T):g}, {np.max(T):g}]")
        for i in (range(len(self.subshells)) if idx is None else idx):
            B = self.binding_keV[i]
            if B >= self.T_keV[-1]:
                continue
            # a table without a node near an edge: no number between the edge and its first row
            if np.any((T > B) & (T < self.T_start_keV(i))):
                raise ValueError(f"T_keV must be <= {B:g} keV or >= {self.T_first_keV(i):g} keV for subshell "
                                 f"{self.subshells[i]} (the table's range)")
        if np.any(~np.isfinite(q)) or np.any(q < self.q_min_keV):
            raise ValueError(f"q_keV must be >= {self.q_min_keV:g} keV (the table's range), got min {np.min(q):g}")

    def _log_table(self, kind: str, i: int):
        """(x nodes, ln R, ∂ln R/∂x (n_rows, n_x), ln T of the rows) of subshell ``i``'s computed rows;
        nodes outside a row's computed range hold its last computed value (they are never reached from
        inside [q_min, q_max])."""
        key = (kind, i)
        if key not in self._log:
            ok = np.isfinite(self.pz_au[i])
            x = np.arcsinh(self.pz_au[i][ok] / self.p_scale_au[i])
            rows = np.arange(self.first_row[i], self.T_keV.size)
            d = (self._RL if kind == "L" else self._RT)[i][rows][:, ok].copy()
            for row in d:
                f = np.nonzero(np.isfinite(row))[0]
                if f.size:
                    row[: f[0]] = row[f[0]]
                    row[f[-1] + 1:] = row[f[-1]]
            lnR = np.log(np.maximum(np.nan_to_num(d, nan=0.0), 1e-300))
            self._log[key] = (x, lnR, np.gradient(lnR, x, axis=1), self._lnT[rows])
        return self._log[key]

    def interpolate(self, kind: str, i: int, T_keV, q_keV) -> np.ndarray:
        """Tabulated R_L (``kind="L"``) or R_T (``"T"``) of subshell ``i`` (keV⁻¹): ln R cubic (Hermite,
        second-order node slopes) in x = asinh(p_z/p_rms) along each T row, linear in ln T between rows;
        no range checks (q in [q_min, q_max_i], T in the table), 0 at or below the subshell's threshold."""
        return self.interpolate_many((kind,), i, T_keV, q_keV)[0]

    def interpolate_many(self, kinds, i: int, T_keV, q_keV) -> list[np.ndarray]:
        """:meth:`interpolate` for several ``kinds`` at the same points, sharing the interpolation weights:
        the fast path of :mod:`mcpria_lite.methods.dfs`."""
        return self._hermite_ln_T(kinds, i, T_keV, q_keV, exponentiate=True)

    def _hermite_ln_T(self, kinds, i: int, T_keV, q_keV, exponentiate: bool) -> list[np.ndarray]:
        """The tables' interpolation: cubic Hermite in x = asinh(p_z/p_scale) at the two bracketing T rows,
        linear in ln T between them, of the stored ``_log_table`` values (ln R, exponentiated at the end;
        or, with ``exponentiate=False``, values used as they are); 0 at or below the subshell's edge."""
        T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
        if self.binding_keV[i] >= self.T_keV[-1]:  # closed on the whole table
            return [np.zeros(T.shape) for _ in kinds]
        x_nodes, _, _, lnT_rows = self._log_table(kinds[0], i)
        n_x = x_nodes.size
        lnT = np.log(np.clip(T, np.exp(lnT_rows[0]), self.T_keV[-1]))
        iT = np.clip(np.searchsorted(lnT_rows, lnT) - 1, 0, len(lnT_rows) - 2)
        wT = np.clip((lnT - lnT_rows[iT]) / (lnT_rows[iT + 1] - lnT_rows[iT]), 0.0, 1.0)
        x = np.arcsinh(_kg_pz_of_q(q, T, units.M_E) / units.AU_MOMENTUM_KEV / self.p_scale_au[i])
        ix = np.clip(np.searchsorted(x_nodes, x) - 1, 0, n_x - 2)
        h = x_nodes[ix + 1] - x_nodes[ix]
        t = np.clip((x - x_nodes[ix]) / h, 0.0, 1.0)
        t2 = t * t
        h01 = t2 * (3 - 2 * t)
        h00 = 1 - h01
        h10 = h * t * (t - 1) ** 2
        h11 = h * t2 * (t - 1)
        k0 = iT * n_x + ix          # (row iT, node ix) in the raveled table
        k1 = k0 + n_x               # (row iT + 1, node ix)
        below = T <= self.binding_keV[i]
        out = []
        for kind in kinds:
            _, v, dv, _ = self._log_table(kind, i)
            f, d = v.ravel(), dv.ravel()
            r0 = h00 * f[k0] + h10 * d[k0] + h01 * f[k0 + 1] + h11 * d[k0 + 1]
            r1 = h00 * f[k1] + h10 * d[k1] + h01 * f[k1 + 1] + h11 * d[k1 + 1]
            r = r0 + wT * (r1 - r0)
            out.append(np.where(below, 0.0, np.exp(r) if exponentiate else r))
        return out

    def R_L_impulse(self, T_keV, q_keV, subshell: str) -> np.ndarray:
        """Impulse limit (m_e/q) J_nκ(p_z) of one subshell from the same orbitals (keV⁻¹), 0 below its edge."""
        T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
        i = self._index(subshell)
        pz, J = self._profiles()
        ia = impulse_response_L(lambda p, Ji=J[i]: np.interp(np.abs(p), pz, Ji, right=0.0), T, q)
        return np.where(T <= self.binding_keV[i], 0.0, ia)

    def R_L(self, T_keV, q_keV, subshell: str | None = None) -> np.ndarray:
        """Longitudinal response (keV⁻¹), summed over subshells or of one ``subshell``."""
        T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
        idx = range(len(self.subshells)) if subshell is None else [self._index(subshell)]
        self._check(T, q, idx)
        total = np.zeros(T.shape)
        for i in idx:
            inside = q <= self.q_max_keV[i]
            tab = self.interpolate("L", i, T, np.where(inside, q, self.q_max_keV[i]))
            ia = self.R_L_impulse(T, q, self.subshells[i]) if not np.all(inside) else 0.0
            total = total + np.where(inside, tab, ia)
        return total

    def R_T(self, T_keV, q_keV, subshell: str | None = None) -> np.ndarray:
        """Transverse response (keV⁻¹); q must be within every included subshell's tabulated range."""
        T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
        idx = range(len(self.subshells)) if subshell is None else [self._index(subshell)]
        self._check(T, q, idx)
        total = np.zeros(T.shape)
        for i in idx:
            active = T > self.binding_keV[i]
            if np.any(active & (q > self.q_max_keV[i])):
                raise ValueError(f"q_keV must be <= {self.q_max_keV[i]:.1f} keV for R_T of {self.subshells[i]} "
                                 "(the tabulated range)")
            total = total + self.interpolate("T", i, T, q)
        return total

    @property
    def R_L_grid(self) -> np.ndarray:
        """Tabulated R_L (keV⁻¹), shape (n_subshells, n_T, n_p), at q = :meth:`q_nodes_keV`; NaN where
        not computed."""
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
    from .. import atoms

    return freeze_arrays(ResponseTable(atoms.element_symbol(element)))  # cached: read-only for every caller


def bethe_sum_rule(element, q_keV: float, max_binding_keV: float = 0.25, n_T: int = 3000) -> tuple[float, float]:
    """The f-sum (Bethe) rule on the committed table at momentum transfer ``q_keV``.

    For the subshells bound by less than ``max_binding_keV`` (whose whole response lies inside the
    table for q of a few keV to a few tens of keV): the table's ∫T R_L dT (keV), from each edge to the
    table's last T, and what the sum rule says it must be. Σ_f (E_f − E_i)|⟨f|e^{iq·r}|i⟩|² = N q²/2m_e
    over *all* final states; the table holds the empty continuum only, so the expectation subtracts
    the Pauli-blocked transitions into the deeper occupied orbitals (:func:`occupied_transition_strength`,
    same orbitals) and adds the shift of every threshold from the model eigenvalue to the tabulated
    binding energy, Σ_i (B_i − B_i^model) ∫R_L,i dT.

    Returns
    -------
    table_keV, expected_keV : float
    """
    from ..._validate import positive_scalar
    from .photoionization import atom_for_momenta

    tab = response_table(element)
    positive_scalar("q_keV", q_keV, "keV")
    if not tab.binding_keV.min() < positive_scalar("max_binding_keV", max_binding_keV, "keV"):
        raise ValueError(f"max_binding_keV must exceed the smallest binding energy of {tab.symbol}, "
                         f"{tab.binding_keV.min():g} keV, got {max_binding_keV!r}")
    from scipy.integrate import simpson  # here, not at import: scipy.integrate takes ~0.5 s to import

    atom, _ = atom_for_momenta(tab.symbol, 16.0)
    group = np.nonzero(tab.binding_keV < max_binding_keV)[0]
    fsum = shift = 0.0
    for i in group:
        T = np.geomspace(tab.T_start_keV(int(i)), tab.T_keV[-1], n_T)
        R = tab.R_L(T, q_keV, subshell=tab.subshells[i])
        x = np.log(T)
        fsum += float(simpson(T * T * R, x=x))
        shift += (tab.binding_keV[i] + atom.orbitals[i].energy_au * units.HARTREE_KEV) * float(simpson(T * R, x=x))
    pauli = sum(occupied_transition_strength(atom, int(i), q_keV)[0] for i in group)
    return fsum, tab.occupancy_of(group) * q_keV**2 / (2 * units.M_E) - pauli + shift


def impulse_handover(element, subshell: str, q_keV: float | None = None, n_T: int = 6000) -> dict:
    """The ab initio R_L against its impulse limit at large q, by default the subshell's last tabulated
    q (q_max).

    Beyond q_max the method "DFS" uses the impulse limit (m_e/q) J_nκ(p_z) of the same orbitals; these
    are the size of its step there, on a fine T grid at q = ``q_keV`` (≤ q_max) from the subshell's edge
    to the table's last T:

    - ``sum_ratio``: ∫R_L dT (the number sum rule, N minus the Pauli-blocked part for both),
    - ``mean_T_ratio``: ∫T R_L dT/∫R_L dT (the Bethe ridge's centre, the f-sum rule),
    - ``peak_ratio``: the ridge maxima,
    - ``max_deviation``: the largest relative difference where the impulse R_L exceeds half its maximum,
    - ``ridge_inside``: whether the ridge (T = q²/2m_e ± 3 widths) lies inside the table's T range;
      if not, the two integrals are truncated and set to NaN.
    """
    tab = response_table(element)
    i = tab._index(subshell)
    q = tab.q_max_keV[i] if q_keV is None else float(q_keV)
    if not tab.q_min_keV <= q <= tab.q_max_keV[i]:
        raise ValueError(f"q_keV must be in [{tab.q_min_keV:g}, {tab.q_max_keV[i]:.1f}] keV for {subshell} (its "
                         f"tabulated range), got {q!r}")
    T = np.geomspace(tab.T_start_keV(int(i)), tab.T_keV[-1], n_T)
    ab = tab.interpolate("L", i, T, q)
    ia = tab.R_L_impulse(T, q, subshell)
    ridge = ia > 0.5 * ia.max()
    width = q * tab.p_scale_au[i] * units.AU_MOMENTUM_KEV / units.M_E
    inside = bool(q * q / (2 * units.M_E) + 3 * width < tab.T_keV[-1])
    s_ab, s_ia = np.trapezoid(ab, T), np.trapezoid(ia, T)
    return {
        "q_keV": float(q),
        "ridge_inside": inside,
        "sum_ratio": float(s_ab / s_ia) if inside else float("nan"),
        "mean_T_ratio": float(np.trapezoid(T * ab, T) / s_ab / (np.trapezoid(T * ia, T) / s_ia)) if inside
        else float("nan"),
        "peak_ratio": float(ab.max() / ia.max()),
        "max_deviation": float(np.max(np.abs(ab[ridge] / ia[ridge] - 1))),
    }


def occupied_transition_strength(atom: DiracSlaterAtom, i: int, q_keV: float) -> tuple[float, float]:
    """Pauli-blocked part of the Bethe sum for subshell ``i``: transitions into occupied orbitals.

    The sum rule ``Σ_f (E_f − E_i)|⟨f|e^{iq·r}|i⟩|² = q²/2m_e`` per electron runs over *all* final
    states; the response functions contain only the empty continuum. The missing part,
    ``S_i = Σ_{f occupied} (E_f − E_i) w_fi``, with
    ``w_fi = N_i N_f/((2j_i+1)(2j_f+1)) Σ_m |⟨f m|e^{iqz}|i m⟩|²`` (model eigenvalues E), makes the continuum-only sum of a group of
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
    jl = spherical_jn_all(L_max, q_au * g.r)
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
