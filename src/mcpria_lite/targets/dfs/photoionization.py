"""Subshell photoionization cross sections σ_nκ(ω) of a Dirac–Hartree–Slater atom, all
multipoles and retardation included.

An unpolarised photon of energy ω (momentum k = ω/c along z) ejects an electron from the
subshell (n κ) into the continuum ε = ω − B_nκ (B_nκ the tabulated binding energy; the orbitals
are the model's, as in Scofield's tables :cite:p:`scofield1973`). With energy-normalised
continuum waves (:mod:`mcpria_lite.targets.dfs.continuum`) and the Dirac current α,

.. math::

    \\sigma_{n\\kappa}(\\omega) = \\frac{4\\pi^2 \\alpha}{\\omega}\\,\\frac{N_{n\\kappa}}{2j+1}
    \\sum_{m,\\kappa',m'} \\left|\\langle \\varepsilon\\kappa' m'|\\,\\boldsymbol\\alpha\\cdot
    \\hat{\\boldsymbol\\epsilon}_{+1}\\, e^{i k z}|n\\kappa m\\rangle\\right|^2

(natural units; in atomic units the prefactor is 4π²c/ω and σ comes out in bohr²; Johnson,
*Atomic Structure Theory*, ch. 8 :cite:p:`johnson2007`). Both circular polarisations give the
same σ, so the helicity +1 one is used. The plane wave is expanded exactly,
e^{ikz} = Σ_L i^L √(4π(2L+1)) j_L(kr) Y_L0, so all multipoles (electric and magnetic) and the
full retardation are in; with ψ = r⁻¹(G Ω_κm, iF Ω_−κm),

.. math::

    \\langle f|\\alpha_{+1} e^{ikz}|i\\rangle = i\\sum_L i^L\\sqrt{4\\pi(2L+1)}
    \\left[R^{GF}_L\\,S_L(\\kappa' m'; -\\kappa m) - R^{FG}_L\\,S_L(-\\kappa' m'; \\kappa m)\\right],

R^{GF}_L = ∫ G_f F_i j_L(kr) dr, R^{FG}_L = ∫ F_f G_i j_L(kr) dr, and the spin–angle factors
S_L = ∫Ω† σ_{+1} Y_L0 Ω of :func:`mcpria_lite.targets.dfs.angular.spinor_sigma_plus_Y`. The sum over the
photoelectron's κ′ runs to abs(κ′) ≤ κ′_max (default chosen from the photoelectron momentum and the
subshell's radius; convergence is recorded by :func:`subshell_cross_section`).

Public units: ω in keV, σ in barn per atom (all N_nκ electrons of the subshell) or per
electron (``per_electron=True``; what ``xraylib.CSb_Photo_Partial`` tabulates).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.special import spherical_jn

from ... import units
from .angular import j2_of, spinor_sigma_plus_Y
from .continuum import continuum_grids, continuum_waves, momentum_au
from .atom import C_AU, BoundOrbital, DiracSlaterAtom, load_atom

__all__ = ["BOHR2_BARN", "photoionization_table", "angular_tables", "bound_radius", "PhotoResult", "atom_for_momenta", "subshell_cross_section", "photoionization_cross_sections",
           "kissel_per_electron", "smooth_reference_mask", "photoabsorption_dfs"]

#: One bohr² in barn.
BOHR2_BARN: float = (units.HBARC_KEV_CM / (units.ALPHA * units.M_E)) ** 2 / units.BARN_CM2


def radial_integral(f: np.ndarray, h: float) -> np.ndarray:
    """∫ f dt on a uniform grid of step h (last axis), sixth order.

    Simpson's rule on the full grid and on every other point, Richardson-extrapolated
    (S_h + (S_h − S_2h)/15): the matrix elements of fast photoelectrons are small differences of
    oscillating integrands, where Simpson's h⁴ error would dominate.
    """
    from scipy.integrate import simpson  # here, not at import: scipy.integrate takes ~0.5 s to import

    n = f.shape[-1]
    m = n - ((n - 1) % 4)  # 4k + 1 points: both rules end on the same point
    fm = f[..., :m]
    s1 = simpson(fm, dx=h, axis=-1)
    s2 = simpson(fm[..., ::2], dx=2 * h, axis=-1)
    rest = simpson(f[..., m - 1:], dx=h, axis=-1) if n > m else 0.0
    return s1 + (s1 - s2) / 15.0 + rest


@functools.lru_cache(maxsize=None)
def angular_tables(kappa: int, kappa_max: int):
    """A[κ′, L, m], B[κ′, L, m]: i^{L+1}√(4π(2L+1)) × spin–angle factors (complex)."""
    kps = [k for k in range(-kappa_max, kappa_max + 1) if k != 0]
    L_max = kappa_max + 3
    tj = j2_of(kappa)
    ms = list(range(-tj, tj + 1, 2))
    A = np.zeros((len(kps), L_max + 1, len(ms)), complex)
    B = np.zeros_like(A)
    for a, kp in enumerate(kps):
        tjp = j2_of(kp)
        for L in range(L_max + 1):
            c = 1j ** (L + 1) * np.sqrt(4 * np.pi * (2 * L + 1))
            for im, tm in enumerate(ms):
                if abs(tm + 2) > tjp:
                    continue
                A[a, L, im] = c * spinor_sigma_plus_Y(kp, tm + 2, L, -kappa, tm)
                B[a, L, im] = c * spinor_sigma_plus_Y(-kp, tm + 2, L, kappa, tm)
    return np.array(kps), A, B


def bound_radius(o: BoundOrbital, r: np.ndarray, tol: float = 1e-9) -> float:
    big = np.abs(o.G) > tol * np.abs(o.G).max()
    return float(r[np.nonzero(big)[0][-1]])


@functools.lru_cache(maxsize=64)
def _atom_on_band(symbol: str, band: int):
    """The committed atom with orbitals re-solved on a continuum grid for momenta ≤ 2^band a.u."""
    atom = load_atom(symbol)
    r_in = max(bound_radius(o, atom.grid.r) for o in atom.orbitals) + 2.0
    grids = continuum_grids(atom.grid.r_min, min(r_in, atom.grid.r[-1]), 2.0 ** band)
    return atom.on_grid(grids.inner), grids


def atom_for_momenta(element, p_max_au: float):
    """The committed Dirac–Slater atom with its orbitals re-solved on a continuum grid.

    Parameters
    ----------
    element : str or int
        An element with a committed potential.
    p_max_au : float
        Largest electron (or momentum-transfer) momentum the grid must resolve (a.u.); rounded up
        to a power of two (the grids are cached per power).

    Returns
    -------
    atom : DiracSlaterAtom
    grids : ContinuumGrids
    """
    from .. import atoms

    if not (np.isfinite(p_max_au) and p_max_au > 0):
        raise ValueError(f"p_max_au must be a positive momentum in a.u., got {p_max_au!r}")
    band = int(np.ceil(np.log2(max(float(p_max_au), 1.0))))
    return _atom_on_band(atoms.element_symbol(element), band)


@dataclass(frozen=True)
class PhotoResult:
    """σ of one subshell at one photon energy, with its partial-wave convergence record.

    Attributes
    ----------
    sigma_barn : float
        Cross section of the whole subshell (barn).
    kappa_max : int
        Largest abs(κ′) summed.
    last_fraction : float
        Share of σ carried by the two outermost partial waves abs(κ′) = κ′_max (convergence).
    normalisation_spread : float
        Largest relative spread of the continuum normalisation invariant.
    """

    sigma_barn: float
    kappa_max: int
    last_fraction: float
    normalisation_spread: float


def _fixed_kappa_cross_section(atom: DiracSlaterAtom, grids, orbital: BoundOrbital, w: float, eps: float,
                               kappa_max: int) -> PhotoResult:
    c = C_AU
    g = grids.inner
    r = g.r
    k_ph = w / c
    kps, A, B = angular_tables(orbital.kappa, kappa_max)
    n_r = int(np.searchsorted(r, bound_radius(orbital, r, 1e-10))) + 1
    n_r = min(max(n_r, 11), g.n)
    rr = r[:n_r]
    Gf, Ff, spread = continuum_waves(atom.rV, atom.Z, atom.Z - atom.n_electrons + 1.0, eps, kps, grids)
    L = np.arange(A.shape[1])
    jl = spherical_jn(L[:, None], k_ph * rr[None, :])           # (L, r)
    wgt = g.drdt[:n_r]
    RGF = radial_integral((Gf[:, None, :n_r] * (orbital.F[:n_r] * wgt)[None, None, :]) * jl[None], g.h)
    RFG = radial_integral((Ff[:, None, :n_r] * (orbital.G[:n_r] * wgt)[None, None, :]) * jl[None], g.h)
    M = np.einsum("kl,klm->km", RGF, A) - np.einsum("kl,klm->km", RFG, B)  # (κ′, m)
    per_kp = np.sum(np.abs(M) ** 2, axis=1)
    tj = j2_of(orbital.kappa)
    sigma_au = 4 * np.pi ** 2 * c / w * orbital.occupancy / (tj + 1) * per_kp.sum()
    last = float(per_kp[np.abs(kps) == kappa_max].sum() / max(per_kp.sum(), 1e-300))
    return PhotoResult(float(sigma_au * BOHR2_BARN), int(kappa_max), last, float(spread.max()))


def subshell_cross_section(atom: DiracSlaterAtom, grids, orbital: BoundOrbital, omega_keV: float,
                           binding_keV: float, kappa_max: int | None = None, *,
                           tol: float = 1e-4, kappa_cap: int = 48) -> PhotoResult:
    """σ_nκ(ω) of one subshell of ``atom`` (whose grid is ``grids.inner``).

    Parameters
    ----------
    atom : DiracSlaterAtom
        With orbitals on ``grids.inner`` (see :func:`photoionization_cross_sections`).
    orbital : BoundOrbital
    omega_keV : float
        Photon energy (keV).
    binding_keV : float
        Threshold: the photoelectron has ε = ω − B; σ = 0 for ω ≤ B.
    kappa_max : int, optional
        Fixed largest abs(κ′). Default: adaptive, starting at 8 and doubling (up to ``kappa_cap``)
        until the outermost pair of partial waves carries less than ``tol`` of σ.
    """
    w = omega_keV / units.HARTREE_KEV
    eps = (omega_keV - binding_keV) / units.HARTREE_KEV
    if eps <= 0:
        return PhotoResult(0.0, 0, 0.0, 0.0)
    if kappa_max is not None:
        return _fixed_kappa_cross_section(atom, grids, orbital, w, eps, int(kappa_max))
    K = 8
    while True:
        res = _fixed_kappa_cross_section(atom, grids, orbital, w, eps, K)
        if res.last_fraction < tol or K >= kappa_cap:
            return res
        K = min(2 * K, kappa_cap)


def photoionization_cross_sections(element, omega_keV, *, per_electron: bool = False,
                                   kappa_max: int | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """Subshell photoionization cross sections of the committed Dirac–Slater atom.

    Parameters
    ----------
    element : str or int
        An element with a committed potential (:func:`mcpria_lite.targets.dfs.atom.available_atoms`).
    omega_keV : array_like
        Photon energies (keV), 1-D, within (0, 500].
    per_electron : bool
        Divide each subshell's σ by its occupation (the convention of
        ``xraylib.CSb_Photo_Partial``).
    kappa_max : int, optional
        Fixed partial-wave cut (default: adaptive, see :func:`subshell_cross_section`).

    Returns
    -------
    names : tuple of str
        Subshell labels (``"1s1/2"``, …), in the order of :func:`mcpria_lite.targets.lookup.target`.
    sigma : ndarray (n_subshells, n_omega)
        barn (per atom's subshell, or per electron). Zero below a subshell's tabulated binding
        energy.
    """
    from .. import atoms

    om = np.atleast_1d(np.asarray(omega_keV, float))
    if om.ndim != 1 or not np.all(np.isfinite(om)) or np.any(om <= 0) or np.any(om > 500):
        raise ValueError(f"omega_keV must be finite photon energies in (0, 500] keV, got {omega_keV!r}")
    tgt = atoms.atom(element)
    base = load_atom(tgt.symbol)
    B = {s.name: s.binding_keV for s in tgt.shells}
    names = tuple(o.name for o in base.orbitals)
    out = np.zeros((len(names), om.size))
    for j, w in enumerate(om):
        p = float(momentum_au(w / units.HARTREE_KEV))
        band = int(np.ceil(np.log2(max(p, 1.0))))
        atom, grids = _atom_on_band(tgt.symbol, band)
        for i, o in enumerate(atom.orbitals):
            res = subshell_cross_section(atom, grids, o, w, B[o.name], kappa_max)
            out[i, j] = res.sigma_barn / (o.occupancy if per_electron else 1.0)
    return names, out


def kissel_per_electron(Z: int, iupac: str, omega_keV) -> np.ndarray:
    """Kissel's subshell photoionization cross section per electron (barn), ``xraylib.CSb_Photo_Partial``;
    0 below the subshell's edge (where xraylib raises)."""
    import xraylib

    from ..atoms import IUPAC_SUBSHELLS

    out = []
    for e in np.atleast_1d(np.asarray(omega_keV, float)):
        try:
            out.append(xraylib.CSb_Photo_Partial(int(Z), IUPAC_SUBSHELLS.index(iupac), float(e)))
        except ValueError:
            out.append(0.0)
    return np.array(out)


def smooth_reference_mask(omega_keV, sigma) -> np.ndarray:
    """Points of a reference subshell cross section below the first break of its log–log slope.

    A subshell cross section is smooth in ln σ vs ln ω above its edge (on a grid of ~13 points
    per decade its slope changes by < 0.2 between neighbouring intervals). xraylib's Kissel values
    for outer subshells bend abruptly (slope change > 0.5, e.g. Xe 5p3/2 from −2.5 to −5.0 at
    20 keV) and then fall like ω^−10 … ω^−70, far faster than the ω^−(l+7/2) of any bound state:
    the end of the underlying tabulation, not physics. Only the reference data decide the mask.
    """
    E = np.asarray(omega_keV, float)
    k = np.asarray(sigma, float)
    ok = k > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.diff(np.log(np.where(k > 0, k, 1e-300))) / np.diff(np.log(E))
    valid = ok[1:] & ok[:-1]
    brk = np.nonzero(valid[1:] & valid[:-1] & (np.abs(np.diff(slope)) > 0.5))[0]
    if brk.size:
        ok[brk[0] + 1:] = False
    return ok


def photoionization_table(element) -> dict:
    """The committed subshell photoionization table of ``element`` (``data/atoms/dfs_photo_<symbol>.json``,
    written by ``scripts/dfs_photo.py``): per subshell σ per electron (barn) on a photon-energy grid,
    with the Kissel reference values and the provenance. Validated on load (the keys the book and
    the tests read)."""
    import json
    from importlib import resources

    from .. import atoms

    symbol = atoms.element_symbol(element)
    path = resources.files("mcpria_lite") / "data" / "atoms" / f"dfs_photo_{symbol}.json"
    if not path.is_file():
        raise ValueError(f"element must have a committed photoionization table (data/atoms/dfs_photo_<symbol>.json), "
                         f"got {element!r}")
    table = json.loads(path.read_text())
    if not isinstance(table, dict) or "omega_keV" not in table:
        raise ValueError(f"{path.name}: not a photoionization table (no 'omega_keV')")
    return table


def photoabsorption_dfs(element, E_keV) -> np.ndarray:
    """The ab initio total photoabsorption σ_γ(E) in cm² per atom from the committed subshell table
    (:func:`photoionization_table`), subshell by subshell: log–log between the tabulated energies, 0
    below the subshell's binding energy, and the first non-zero tabulated value held between the edge and
    that node. E must lie in the table's range (30 eV – 100 keV for Ge and Xe): ``ValueError`` otherwise."""
    from ... import _validate

    tab = photoionization_table(element)
    w = np.asarray(tab["omega_keV"], float)
    sig = np.asarray(tab["sigma_per_electron_barn"], float) * np.asarray(tab["occupancy"], float)[:, None]
    B = np.asarray(tab["binding_keV"], float)
    if sig.shape != (B.size, w.size) or np.any(np.diff(w) <= 0) or np.any(sig < 0):
        raise ValueError(f"photoionization table of {element!r}: inconsistent shapes, grid or negative σ")
    E = _validate.positive_array("E_keV", E_keV)
    if np.any((E < w[0]) | (E > w[-1])):
        raise ValueError(f"E_keV must lie in the ab initio table's range [{w[0]:g}, {w[-1]:g}] keV for {element!r}, "
                         f"got range [{float(E.min())!r}, {float(E.max())!r}]")
    flat = E.ravel()
    out = np.zeros_like(flat)
    for j in range(B.size):
        nz = sig[j] > 0
        if not np.any(nz):
            continue
        i0 = int(np.argmax(nz))
        wj, sj = w[i0:], sig[j, i0:]
        above = flat >= max(B[j], wj[0])
        out[above] += np.exp(np.interp(np.log(flat[above]), np.log(wj), np.log(sj)))
        edge = (flat >= B[j]) & (flat < wj[0])
        out[edge] += sj[0]
    return out.reshape(E.shape) * units.BARN_CM2
