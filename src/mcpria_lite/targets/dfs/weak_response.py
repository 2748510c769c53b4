"""The axial and vector–axial response functions of a Dirac–Hartree–Slater subshell: what the contact
V−A interaction (Standard-Model ν–e scattering) needs beyond R_L and R_T.

The electron's weak current is g_V V^μ − g_A A^μ with V^μ = ψ̄γ^μψ and A^μ = ψ̄γ^μγ⁵ψ, i.e. per
electron the operators (q = q ẑ; ψ = (G Ω_κm, iF Ω_−κm)/r)

- V⁰ = 1 (charge), V^z = α_z, V_{+1} = α_{+1} (the vector current of :mod:`~mcpria_lite.targets.dfs.response`),
- A⁰ = γ⁵ (axial charge: radial integrals of the G F′ type), A^z = Σ_z and A_{+1} = Σ_{+1} (axial
  longitudinal and transverse: the G G′ + F F′ type),

each times e^{iq·r}. For a spherical, unpolarised subshell the response tensor
W^{μν}_{XY} = Σ_f ⟨f|X^μ|i⟩⟨f|Y^ν|i⟩* δ(T − ε_f − B) (X, Y ∈ {V, A}) has the components

.. math::

    W_{VV}:\\ W^{00} = R_L,\\ W^{03} = \\tfrac{T}{q}R_L,\\ W^{33} = \\tfrac{T^2}{q^2}R_L,\\ W^{11} = W^{22} = R_T;\\qquad
    W_{AA}:\\ W^{00} = R_{A0},\\ W^{03} = W^{30} = R_{A03},\\ W^{33} = R_{AL},\\ W^{11} = W^{22} = R_{AT};

    W_{VA}^{12} = -W_{VA}^{21} = W_{AV}^{12} = -W_{AV}^{21} = i R_{T'},

all others zero (parity and rotations about q: the interference of a polar and an axial vector
can only be the antisymmetric transverse structure i ε^{03ij}, as the response R_T′ of semileptonic
nuclear responses: Walecka, *Theoretical Nuclear and Subnuclear Physics*; Donnelly & Haxton, At. Data
Nucl. Data Tables 23, 103 (1979)). The axial current is not conserved: R_A0, R_A03, R_AL are three
independent functions (current conservation ties the vector ones to R_L: W^{03}_VV = (T/q)W^{00}_VV
holds for the model's own energies, checked by :func:`subshell_weak_response`'s ``"R_V03"``).
Computed as the m-summed products

.. math::

    R_{A0} = \\sum|\\langle\\gamma^5\\rangle|^2,\\quad
    R_{A03} = {\\rm Re}\\sum\\langle\\gamma^5\\rangle\\langle\\Sigma_z\\rangle^*,\\quad
    R_{AL} = \\sum|\\langle\\Sigma_z\\rangle|^2,\\quad
    R_{AT} = \\sum|\\langle\\Sigma_{+1}\\rangle|^2,\\quad
    R_{T'} = {\\rm Re}\\sum\\langle\\alpha_{+1}\\rangle\\langle\\Sigma_{+1}\\rangle^*

(with the normalisation N/(2j+1) of :func:`mcpria_lite.targets.dfs.response.subshell_response`);
the imaginary parts, zero by symmetry, are returned as checks. The radial integrals are the four of
R_L, R_T (∫G_f G_i j_L, ∫F_f F_i j_L, ∫G_f F_i j_L, ∫F_f G_i j_L), the angular factors
:math:`\\langle\\kappa'm'|\\{1, \\sigma_z, \\sigma_{+1}\\} Y_{L0}|\\pm\\kappa\\, m\\rangle` from Wigner 3j symbols (:mod:`mcpria_lite.targets.dfs.angular`, exact,
cached). Units keV⁻¹ as R_L.

Limits (tests): a free electron at rest has the responses of
:func:`mcpria_lite.derivation.weak_lepton_tensor.free_electron_weak_responses`; at large q every subshell's
responses approach the free ones on its Bethe ridge (impulse limit); non-relativistically
R_AL = R_AT = R_L (the spin operators σ e^{iq·r} have the same closure as e^{iq·r}).
"""

from __future__ import annotations

import functools

import numpy as np

from ... import units
from ..._validate import freeze_arrays
from .angular import j2_of, spinor_sigma_plus_Y, spinor_sigma_z_Y, spinor_Y
from .atom import BoundOrbital, DiracSlaterAtom
from .continuum import continuum_waves
from .photoionization import angular_tables
from .response import ResponseTable, _longitudinal_tables, radial_window, spherical_jn_all

__all__ = ["WEAK_KINDS", "SIGNED_KINDS", "weak_angular_tables", "subshell_weak_response", "WeakResponseTable",
           "weak_response_table", "impulse_ratios", "resources_path"]

#: The responses of the weak table in the order of the arrays, the vector ones (R_L, R_T) first.
WEAK_KINDS = ("L", "T", "A0", "A03", "AL", "AT", "TP")
#: The responses that change sign (interpolated as ratios, not logarithms).
SIGNED_KINDS = ("A03", "TP")


@functools.lru_cache(maxsize=None)
def weak_angular_tables(kappa: int, kappa_max: int):
    """Angular factors (κ′, L, m) of the weak currents, each including i^L √(4π(2L+1)) of the plane
    wave (and the i of the lower component where it enters):

    ``C5, D5``: γ⁵, ⟨κ′m|Y_L0|−κ m⟩ and ⟨−κ′m|Y_L0|κ m⟩ (times i^{L+1});
    ``ZG, ZF``: Σ_z, ⟨κ′m|σ_zY_L0|κ m⟩ and ⟨−κ′m|σ_zY_L0|−κ m⟩;
    ``PG, PF``: Σ_{+1}, ⟨κ′ m+1|σ_{+1}Y_L0|κ m⟩ and ⟨−κ′ m+1|σ_{+1}Y_L0|−κ m⟩;
    ``VA, VB``: α_z, ⟨κ′m|σ_zY_L0|−κ m⟩ and ⟨−κ′m|σ_zY_L0|κ m⟩ (times i^{L+1}).
    """
    kps = [k for k in range(-kappa_max, kappa_max + 1) if k != 0]
    L_max = kappa_max + 3
    tj = j2_of(kappa)
    ms = list(range(-tj, tj + 1, 2))
    shape = (len(kps), L_max + 1, len(ms))
    out = {k: np.zeros(shape, complex) for k in ("C5", "D5", "ZG", "ZF", "PG", "PF", "VA", "VB")}
    for a, kp in enumerate(kps):
        tjp = j2_of(kp)
        for L in range(L_max + 1):
            c = 1j ** L * np.sqrt(4 * np.pi * (2 * L + 1))
            for im, tm in enumerate(ms):
                if abs(tm) <= tjp:
                    out["C5"][a, L, im] = 1j * c * spinor_Y(kp, tm, L, -kappa, tm)
                    out["D5"][a, L, im] = 1j * c * spinor_Y(-kp, tm, L, kappa, tm)
                    out["ZG"][a, L, im] = c * spinor_sigma_z_Y(kp, tm, L, kappa, tm)
                    out["ZF"][a, L, im] = c * spinor_sigma_z_Y(-kp, tm, L, -kappa, tm)
                    out["VA"][a, L, im] = 1j * c * spinor_sigma_z_Y(kp, tm, L, -kappa, tm)
                    out["VB"][a, L, im] = 1j * c * spinor_sigma_z_Y(-kp, tm, L, kappa, tm)
                if abs(tm + 2) <= tjp:
                    out["PG"][a, L, im] = c * spinor_sigma_plus_Y(kp, tm + 2, L, kappa, tm)
                    out["PF"][a, L, im] = c * spinor_sigma_plus_Y(-kp, tm + 2, L, -kappa, tm)
    return np.array(kps), out


def _radial_union(fi: np.ndarray, jl: np.ndarray, masks) -> np.ndarray:
    """∫ f_κ′ j_L(qr) (weights in ``fi``) for every (κ′, L) that any of the angular tables ``masks``
    needs: shape (n_κ′, n_L, n_q), 0 elsewhere."""
    need = np.zeros(masks[0].shape[:2], bool)
    for a in masks:
        need |= np.any(a != 0, axis=2)
    out = np.zeros((fi.shape[0], jl.shape[0], jl.shape[1]))
    for L in np.nonzero(need.any(axis=0))[0]:
        ks = np.nonzero(need[:, L])[0]
        out[ks, L, :] = fi[ks] @ jl[L].T
    return out


def subshell_weak_response(atom: DiracSlaterAtom, grids, orbital: BoundOrbital, T_keV: float, q_keV,
                           binding_keV: float, kappa_max: int) -> dict:
    """Vector, axial and vector–axial responses (keV⁻¹) of one subshell at one T, many q.

    Arguments as :func:`mcpria_lite.targets.dfs.response.subshell_response` (the same continuum
    waves and radial integrals). Returns a dict of arrays (n_q,): ``"L", "T", "A0", "A03", "AL",
    "AT", "TP"`` (:data:`WEAK_KINDS`; R_L and R_T equal those of ``subshell_response``), and the checks
    ``"V03"`` (Re Σ V⁰V^z*, = (ω/q) R_L for the model's transition energy ω = ε_f − ε_nκ by current
    conservation), ``"im_A03"``, ``"im_TP"`` (imaginary parts, zero by symmetry) and ``"last"`` (share
    of R_AL in the outermost partial waves abs(κ′) = κ_max).
    """
    q = np.atleast_1d(np.asarray(q_keV, float))
    eps = (T_keV - binding_keV) / units.HARTREE_KEV
    keys = WEAK_KINDS + ("V03", "im_A03", "im_TP", "last")
    if eps <= 0:
        return {k: np.zeros(q.size) for k in keys}
    q_au = q / units.AU_MOMENTUM_KEV
    n_r, rr, wq = radial_window(orbital, grids)
    kps, C, D = _longitudinal_tables(orbital.kappa, kappa_max)
    _, A, B = angular_tables(orbital.kappa, kappa_max)
    _, W = weak_angular_tables(orbital.kappa, kappa_max)
    Gf, Ff, _ = continuum_waves(atom.rV, atom.Z, atom.Z - atom.n_electrons + 1.0, eps, kps, grids)
    nL = C.shape[1]
    jl = spherical_jn_all(nL - 1, q_au[:, None] * rr[None, :])                  # (L, q, r)
    Gi, Fi = orbital.G[:n_r] * wq, orbital.F[:n_r] * wq
    RGG = _radial_union(Gf[:, :n_r] * Gi, jl, (C, W["ZG"], W["PG"]))
    RFF = _radial_union(Ff[:, :n_r] * Fi, jl, (D, W["ZF"], W["PF"]))
    RGF = _radial_union(Gf[:, :n_r] * Fi, jl, (A, W["C5"], W["VA"]))
    RFG = _radial_union(Ff[:, :n_r] * Gi, jl, (B, W["D5"], W["VB"]))

    def amp(R1, a1, R2, a2, sign=1.0):
        return np.einsum("klq,klm->kqm", R1, a1) + sign * np.einsum("klq,klm->kqm", R2, a2)

    V0 = amp(RGG, C, RFF, D)
    Vz = amp(RGF, W["VA"], RFG, W["VB"], -1.0)
    Vp = amp(RGF, A, RFG, B, -1.0)
    A0 = amp(RGF, W["C5"], RFG, W["D5"], -1.0)
    Az = amp(RGG, W["ZG"], RFF, W["ZF"])
    Ap = amp(RGG, W["PG"], RFF, W["PF"])
    pref = orbital.occupancy / (j2_of(orbital.kappa) + 1) / units.HARTREE_KEV

    def tot(x):  # Σ over κ′ and m → (n_q,)
        return pref * np.sum(x, axis=(0, 2))

    AL_k = np.sum(np.abs(Az) ** 2, axis=2)
    outer = np.abs(kps) == kappa_max
    a03 = tot(A0 * np.conj(Az))
    tp = tot(Vp * np.conj(Ap))
    return {
        "L": tot(np.abs(V0) ** 2), "T": tot(np.abs(Vp) ** 2), "A0": tot(np.abs(A0) ** 2), "A03": a03.real,
        "AL": pref * AL_k.sum(axis=0), "AT": tot(np.abs(Ap) ** 2), "TP": tp.real,
        "V03": tot(V0 * np.conj(Vz)).real, "im_A03": a03.imag, "im_TP": tp.imag,
        "last": AL_k[outer].sum(axis=0) / np.maximum(AL_k.sum(axis=0), 1e-300),
    }


# ---------------------------------------------------------------------------------------------
# committed tables
# ---------------------------------------------------------------------------------------------
class WeakResponseTable(ResponseTable):
    """Committed weak-response tables of one element (``data/atoms/dfs_weak_<symbol>.npz``): R_L, R_T and
    R_A0, R_A03, R_AL, R_AT, R_T′ per subshell on one grid (written by ``scripts/dfs_weak.py``; T from
    0.1 keV, the solar-ν range, at 6 rows per decade plus each subshell's threshold node, q at the
    p_z nodes of :class:`~mcpria_lite.targets.dfs.response.ResponseTable`).

    Interpolation as :class:`~mcpria_lite.targets.dfs.response.ResponseTable`: ln R for the positive
    responses; the signed ones (R_A03, R_T′) as the ratios R_A03/R_AL and R_T′/R_AT (smooth: ≈ T/q and
    ≈ q/2m_e), cubic in asinh(p_z/p_rms) and linear in ln T, times the interpolated R_AL, R_AT. Ranges
    and errors as the response tables (T below the first row raises, naming the range)."""

    def __init__(self, symbol: str, path=None):
        from pathlib import Path

        path = resources_path(symbol) if path is None else Path(path)
        if not path.is_file():
            raise ValueError(f"element must have a committed weak-response table (dfs_weak_<El>.npz), got {symbol!r}")
        super().__init__(symbol, path)
        with path.open("rb") as fh, np.load(fh) as z:
            missing = [f"R_{k}" for k in WEAK_KINDS[2:] if f"R_{k}" not in z.files]
            if missing:
                raise ValueError(f"weak-response table dfs_weak_{symbol}.npz is invalid: it lacks {missing}")
            self._weak = {k: z[f"R_{k}"].astype(float) for k in WEAK_KINDS[2:]}
        for k, a in self._weak.items():
            if a.shape != self._RL.shape:
                raise ValueError(f"weak-response table dfs_weak_{symbol}.npz is invalid: R_{k} must have the shape "
                                 f"of R_L {self._RL.shape}, got {a.shape}")

    def grid(self, kind: str) -> np.ndarray:
        """Tabulated R_kind (keV⁻¹), shape (n_subshells, n_T, n_p); ``kind`` in :data:`WEAK_KINDS`."""
        if kind == "L":
            return self._RL
        if kind == "T":
            return self._RT
        if kind not in self._weak:
            raise ValueError(f"kind must be one of {WEAK_KINDS}, got {kind!r}")
        return self._weak[kind]

    _RATIO_OF = {"A03": "AL", "TP": "AT"}

    def _log_table(self, kind: str, i: int):
        key = (kind, i)
        if key not in self._log:
            ok = np.isfinite(self.pz_au[i])
            x = np.arcsinh(self.pz_au[i][ok] / self.p_scale_au[i])
            rows = np.arange(self.first_row[i], self.T_keV.size)

            def filled(a):
                d = a[i][rows][:, ok].copy()
                for row in d:
                    f = np.nonzero(np.isfinite(row))[0]
                    if f.size:
                        row[: f[0]] = row[f[0]]
                        row[f[-1] + 1:] = row[f[-1]]
                return np.nan_to_num(d, nan=0.0)

            if kind in SIGNED_KINDS:
                ref = filled(self.grid(self._RATIO_OF[kind]))
                val = np.where(ref > 1e-300, filled(self.grid(kind)) / np.where(ref > 1e-300, ref, 1.0), 0.0)
            else:
                val = np.log(np.maximum(filled(self.grid(kind)), 1e-300))
            self._log[key] = (x, val, np.gradient(val, x, axis=1), self._lnT[rows])
        return self._log[key]

    def interpolate_many(self, kinds, i: int, T_keV, q_keV) -> list[np.ndarray]:
        """The responses ``kinds`` (of :data:`WEAK_KINDS`) of subshell ``i`` at (T, q), keV⁻¹ (no range
        checks, as :meth:`mcpria_lite.targets.dfs.response.ResponseTable.interpolate_many`)."""
        kinds = tuple(kinds)
        plain = [k for k in kinds if k not in SIGNED_KINDS]
        need = list(dict.fromkeys(plain + [self._RATIO_OF[k] for k in kinds if k in SIGNED_KINDS]))
        vals = dict(zip(need, super().interpolate_many(tuple(need), i, T_keV, q_keV) if need else []))
        signed = [k for k in kinds if k in SIGNED_KINDS]
        if signed:
            ratios = self._interpolate_values(signed, i, T_keV, q_keV)
            for k, r in zip(signed, ratios):
                vals[k] = r * vals[self._RATIO_OF[k]]
        return [vals[k] for k in kinds]

    def _interpolate_values(self, kinds, i, T_keV, q_keV):
        """The same Hermite/ln T scheme on the stored values themselves (no exponential)."""
        return self._hermite_ln_T(kinds, i, T_keV, q_keV, exponentiate=False)

    def R(self, kind: str, T_keV, q_keV, subshell: str | None = None) -> np.ndarray:
        """R_kind (keV⁻¹) summed over subshells or of one ``subshell``, inside the tabulated q of every
        included subshell (``ValueError`` beyond it, and for T or q outside the table)."""
        T, q = np.broadcast_arrays(np.asarray(T_keV, float), np.asarray(q_keV, float))
        idx = range(len(self.subshells)) if subshell is None else [self._index(subshell)]
        self._check(T, q, idx)
        total = np.zeros(T.shape)
        for i in idx:
            if np.any((T > self.binding_keV[i]) & (q > self.q_max_keV[i])):
                raise ValueError(f"q_keV must be <= {self.q_max_keV[i]:.1f} keV for R_{kind} of {self.subshells[i]} "
                                 "(the tabulated range)")
            total = total + self.interpolate_many((kind,), i, T, q)[0]
        return total


def impulse_ratios(q_keV, pz2_over_m2=0.0) -> dict:
    """R_X/R_L of the impulse model beyond the tables, for X in :data:`WEAK_KINDS`: a free electron at
    rest on its ridge T_q = E_q − m_e (:func:`mcpria_lite.derivation.weak_lepton_tensor.free_electron_weak_responses`,
    w_X/w_L), plus the bound electron's orbital current ⟨p_z²⟩/m_e² in R_T and R_A0 (as the R_T model of
    :mod:`mcpria_lite.methods.dfs`)."""
    q = np.asarray(q_keV, float)
    Eq = np.sqrt(units.M_E**2 + q * q)
    spin = (Eq - units.M_E) / (Eq + units.M_E)
    lin = q / (Eq + units.M_E)
    one = np.ones_like(q)
    return {"L": one, "T": spin + pz2_over_m2, "A0": spin + pz2_over_m2, "A03": lin, "AL": one, "AT": one, "TP": lin}


def resources_path(symbol: str):
    """The committed weak table of ``symbol`` (a path-like resource; it may not exist)."""
    from importlib import resources

    return resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_weak_{symbol}.npz"


@functools.lru_cache(maxsize=None)
def weak_response_table(element) -> WeakResponseTable:
    """The committed :class:`WeakResponseTable` of ``element`` (cached, read-only)."""
    from .. import atoms

    return freeze_arrays(WeakResponseTable(atoms.element_symbol(element)))
