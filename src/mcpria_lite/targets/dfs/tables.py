"""Generation of the committed response tables (``data/atoms/dfs_response_<El>.npz``), serial or on Dask.

A table is many independent pieces: one element × one subshell × one block of T rows, each a call of
:func:`mcpria_lite.targets.dfs.response.subshell_response` per row. :func:`plan` lays out the grid and
the pieces (:class:`Block`), :func:`compute_block` computes one (a pure function of its arguments:
the same numbers in any process), :func:`run_blocks` runs them in this process or as tasks on a
``dask.distributed`` cluster (a ``LocalCluster`` on this machine, or any scheduler
address: a batch cluster started with dask-jobqueue), and :func:`assemble` puts the results into the
table's arrays and :func:`save` writes them. ``scripts/dfs_response.py`` is the command line.

Grid (per element): one T axis, the union of a logarithmic grid (``per_decade`` nodes per decade)
from the lowest threshold node to ``T_max_keV`` and one node just above each subshell's tabulated
binding energy B (at B + max(0.01 B, 0.1 eV); the energy-normalised continuum is finite at threshold,
so R there is the threshold value). A subshell is computed on the rows at and above its threshold
node (NaN below); between B and its threshold node the table holds the threshold value. Along q, per
subshell, fixed values of Ribberfors' p_z (:func:`mcpria_lite.targets.dfs.response.ridge_nodes_pz_au`)
from ``q_min_keV`` to the subshell's q_max = min(300 keV, 30/⟨r⟩_nκ), with a margin on both ends.

Dask is optional (the ``tables`` extra): :func:`run_blocks` imports it only when asked for a cluster.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ... import units

__all__ = ["TableSpec", "Block", "TablePlan", "plan", "compute_block", "run_blocks", "assemble", "save", "generate",
           "threshold_node_keV", "Q_TOP_KEV", "MARGIN"]

Q_TOP_KEV = 300.0  #: the largest q (keV) tabulated for any subshell
MARGIN = 1.3       #: factor beyond [q_min, q_max] computed (> one step of the T grid)


def threshold_node_keV(binding_keV) -> np.ndarray:
    """The first T row of a subshell: B + max(0.01 B, 0.1 eV) (keV)."""
    B = np.asarray(binding_keV, float)
    return B + np.maximum(0.01 * B, 1e-4)


@dataclass(frozen=True)
class TableSpec:
    """What to tabulate for one element.

    Attributes
    ----------
    symbol : str
        Element with a committed Dirac–Hartree–Slater potential (``data/atoms/dfs_<El>.npz``).
    T_max_keV : float
        Last T row (keV).
    per_decade : float
        Nodes per decade of the logarithmic T grid.
    kappa_cap : int
        Largest partial-wave cut abs(κ′) of the adaptive sum.
    q_min_keV : float
        Smallest q (keV).
    n_core : int
        Uniform p_z nodes across each subshell's Bethe ridge.
    subshells : tuple of int or None
        Indices of the subshells to compute (None: all; a subset makes a partial table for tests).
    T_block : int
        T rows per task.
    weak : bool
        Also the axial and vector–axial responses of the weak interaction
        (:func:`mcpria_lite.targets.dfs.weak_response.subshell_weak_response`; the table
        ``dfs_weak_<El>.npz``, written by ``scripts/dfs_weak.py``).
    T_min_keV : float or None
        First T row (keV) of the logarithmic grid; None: the lowest threshold node. Subshells bound by
        less start at this row.
    """

    symbol: str
    T_max_keV: float = 60.0
    per_decade: float = 12.0
    kappa_cap: int = 80
    q_min_keV: float = 0.005
    n_core: int = 51
    subshells: tuple | None = None
    T_block: int = 3
    weak: bool = False
    T_min_keV: float | None = None

    def __post_init__(self):
        from ..._validate import positive_scalar

        positive_scalar("T_max_keV", self.T_max_keV, "keV")
        positive_scalar("per_decade", self.per_decade)
        positive_scalar("q_min_keV", self.q_min_keV, "keV")
        if int(self.kappa_cap) < 2 or int(self.n_core) < 5 or int(self.T_block) < 1:
            raise ValueError(f"kappa_cap must be >= 2, n_core >= 5 and T_block >= 1, got {self.kappa_cap!r}, "
                             f"{self.n_core!r}, {self.T_block!r}")


@dataclass(frozen=True)
class Block:
    """One task: subshell ``i`` of ``symbol`` on the T rows ``rows`` (indices into the plan's T grid)."""

    symbol: str
    i: int
    rows: tuple
    T_keV: tuple
    pz_au: tuple
    q_lo_keV: float
    q_hi_keV: float
    binding_keV: float
    r_mean_au: float
    kappa_cap: int
    weak: bool = False

    @property
    def cost(self) -> float:
        """A rough cost estimate, to schedule big tasks first (a larger T needs finer radial grids and more
        partial waves)."""
        return float(sum(np.log2(2.0 + t / max(self.binding_keV, 1e-3)) + np.log2(2.0 + t) for t in self.T_keV))


@dataclass
class TablePlan:
    """The grid of one element's table and its blocks (:func:`plan`)."""

    spec: TableSpec
    T_keV: np.ndarray
    pz_au: np.ndarray            # (n_sub, n_p), NaN-padded
    p_scale_au: np.ndarray
    q_max_keV: np.ndarray
    r_mean_au: np.ndarray
    subshells: tuple
    binding_keV: np.ndarray
    occupancy: np.ndarray
    first_row: np.ndarray        # per subshell, the index of its threshold node
    profiles: tuple              # (p_z grid a.u., J (n_sub, n_pz)) of the same orbitals
    blocks: list = field(default_factory=list)


def _T_grid(B: np.ndarray, T_max: float, per_decade: float, T_min: float | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    thr = np.unique(threshold_node_keV(B))
    thr = thr[thr < T_max]
    if T_min is not None:
        thr = thr[thr > T_min]
    start = thr[0] if T_min is None else T_min
    n = int(np.ceil(np.log10(T_max / start) * per_decade)) + 1
    g = np.geomspace(start, T_max, n)
    # drop the log nodes within 3 % of a threshold node (they would add a row at almost no new T)
    near = np.min(np.abs(np.log(g[:, None] / thr[None, :])), axis=1, initial=np.inf) < 0.03
    if T_min is not None:
        near[0] = False  # the first node of a grid from T_min is always kept
    T = np.unique(np.concatenate([g[~near | (g == T_max)], thr]))
    first = np.searchsorted(T, threshold_node_keV(B) * (1 - 1e-12))
    return T, first


def plan(spec: TableSpec) -> TablePlan:
    """The grid and the blocks of ``spec``'s table (cheap: the Compton profiles of the orbitals)."""
    from .. import atoms
    from . import response as ar
    from .atom import load_atom
    from .compton import compton_profiles

    tgt = atoms.atom(spec.symbol)
    base = load_atom(tgt.symbol)
    ns = len(tgt.shells)
    B = np.array([s.binding_keV for s in tgt.shells])
    T, first = _T_grid(B, spec.T_max_keV, spec.per_decade, spec.T_min_keV)
    pz_grid = np.linspace(0.0, 500.0, 5001)
    J = compton_profiles(base, pz_grid)
    norm = np.trapezoid(J, pz_grid, axis=1)
    p_rms = np.sqrt(np.trapezoid(J * pz_grid**2, pz_grid, axis=1) / norm)
    nodes, qmax, rmean = [], np.zeros(ns), np.zeros(ns)
    for i, o in enumerate(base.orbitals):
        rmean[i] = float(base.grid.integrate(base.grid.r * (o.G ** 2 + o.F ** 2)))
        qmax[i] = min(Q_TOP_KEV, 30.0 / rmean[i] * units.AU_MOMENTUM_KEV)
        lo = float(ar.ridge_pz_au(spec.q_min_keV / MARGIN, T[-1]))
        hi = float(ar.ridge_pz_au(MARGIN * qmax[i], T[min(first[i], T.size - 1)]))
        nodes.append(ar.ridge_nodes_pz_au(p_rms[i], lo, hi, spec.n_core))
    PZ = np.full((ns, max(len(n) for n in nodes)), np.nan)
    for i, n in enumerate(nodes):
        PZ[i, : len(n)] = n
    p = TablePlan(spec, T, PZ, p_rms, qmax, rmean, tuple(s.name for s in tgt.shells), B,
                  np.array([s.occupancy for s in tgt.shells], float), first, (pz_grid, J))
    which = range(ns) if spec.subshells is None else spec.subshells
    for i in which:
        rows = np.arange(first[i], T.size)
        for k in range(0, rows.size, spec.T_block):
            r = rows[k: k + spec.T_block]
            p.blocks.append(Block(tgt.symbol, int(i), tuple(int(x) for x in r), tuple(float(x) for x in T[r]),
                                  tuple(float(x) for x in nodes[i]), spec.q_min_keV / MARGIN, MARGIN * qmax[i],
                                  float(B[i]), float(rmean[i]), int(spec.kappa_cap), bool(spec.weak)))
    return p


def compute_block(block: Block) -> dict:
    """R_L, R_T, the outermost partial waves' share of R_L and κ′_max on one block's rows.

    At each row T the q of the subshell's p_z nodes inside [q_lo, q_hi] plus one node on either side
    are computed; the partial-wave cut is min(cap, max(8, ⌈1.5 (q_top + p)⟨r⟩⌉ + 6)) with p the
    photoelectron momentum and q_top the largest q of the row (a.u.), on the continuum grid of the
    power of two above p + q_top. Returns arrays of shape (n_rows, n_nodes) (NaN where not computed)."""
    from . import continuum
    from . import response as ar
    from . import weak_response as wr
    from .photoionization import _atom_on_band

    t0 = time.perf_counter()
    pz = np.asarray(block.pz_au)
    n = len(block.rows)
    RL = np.full((n, pz.size), np.nan)
    RT, last = RL.copy(), RL.copy()
    weak = {k: RL.copy() for k in wr.WEAK_KINDS[2:] + ("V03", "im_A03", "im_TP")} if block.weak else {}
    kmax = np.zeros(n, int)
    for j, Tj in enumerate(block.T_keV):
        q = ar.ridge_q_keV(pz, Tj)
        inside = np.nonzero((q >= block.q_lo_keV) & (q <= block.q_hi_keV))[0]
        sel = np.arange(max(inside[0] - 1, 0), min(inside[-1] + 1, pz.size - 1) + 1)
        qs = q[sel]
        p = float(continuum.momentum_au((Tj - block.binding_keV) / units.HARTREE_KEV))
        q_top = qs.max() / units.AU_MOMENTUM_KEV
        band = int(np.ceil(np.log2(max(p + q_top, 1.0))))
        atom, grids = _atom_on_band(block.symbol, band)
        K = int(min(block.kappa_cap, max(8, np.ceil(1.5 * (q_top + p) * block.r_mean_au) + 6)))
        if block.weak:
            d = wr.subshell_weak_response(atom, grids, atom.orbitals[block.i], Tj, qs, block.binding_keV, K)
            RL[j, sel], RT[j, sel], last[j, sel] = d["L"], d["T"], d["last"]
            for k in weak:
                weak[k][j, sel] = d[k]
        else:
            a, b, c, _ = ar.subshell_response(atom, grids, atom.orbitals[block.i], Tj, qs, block.binding_keV, K)
            RL[j, sel], RT[j, sel], last[j, sel] = a, b, c
        kmax[j] = K
    return {"key": (block.symbol, block.i, block.rows), "i": block.i, "rows": block.rows, "R_L": RL, "R_T": RT,
            "last": last, "kappa_max": kmax, "seconds": time.perf_counter() - t0,
            **{f"R_{k}": v for k, v in weak.items()}}


def run_blocks(blocks, *, cluster: str | None = "local", n_workers: int = 2, progress=None) -> list[dict]:
    """Run :func:`compute_block` on every block.

    Parameters
    ----------
    blocks : list of Block
    cluster : {"local", None} or str
        ``"local"``: a ``dask.distributed.LocalCluster`` of ``n_workers`` single-threaded worker processes
        on this machine; a scheduler address (``"tcp://host:8786"``): that cluster's workers; ``None``:
        in this process, one block after the other.
    n_workers : int
        Workers of the local cluster.
    progress : callable or None
        Called with each result as it arrives.

    Returns
    -------
    list of dict
        The results in the order of ``blocks``.
    """
    order = sorted(range(len(blocks)), key=lambda k: -blocks[k].cost)
    out: list = [None] * len(blocks)
    if cluster is None:
        for k in order:
            out[k] = compute_block(blocks[k])
            if progress:
                progress(out[k])
        return out
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as e:  # pragma: no cover - exercised where dask is missing
        raise ValueError("cluster needs dask.distributed (pip install 'mcpria-lite[tables]'), or pass cluster=None "
                         "to run the blocks in this process") from e
    if cluster == "local":
        lc = LocalCluster(n_workers=int(n_workers), threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(lc)
    else:
        lc, client = None, Client(cluster)
    try:
        futs = {client.submit(compute_block, blocks[k], pure=False, priority=-i): k for i, k in enumerate(order)}
        for fut in as_completed(list(futs)):
            k = futs[fut]
            out[k] = fut.result()
            if progress:
                progress(out[k])
    finally:
        client.close()
        if lc is not None:
            lc.close()
    return out


def assemble(p: TablePlan, results: list[dict]) -> dict:
    """The table's arrays (the keys of ``dfs_response_<El>.npz``) from a plan and its blocks' results."""
    from . import response as ar

    ns, nT, n_p = len(p.subshells), p.T_keV.size, p.pz_au.shape[1]
    RL = np.full((ns, nT, n_p), np.nan)
    RT, last, RIA = RL.copy(), RL.copy(), RL.copy()
    extra_keys = sorted({k for r in results for k in r if k.startswith("R_") and k not in ("R_L", "R_T")})
    extra = {k: RL.copy() for k in extra_keys}
    kmax = np.zeros((ns, nT), int)
    secs = np.zeros(ns)
    for r in results:
        i, rows = r["i"], np.asarray(r["rows"])
        m = r["R_L"].shape[1]
        RL[i, rows, :m], RT[i, rows, :m], last[i, rows, :m] = r["R_L"], r["R_T"], r["last"]
        for k in extra_keys:
            extra[k][i, rows, :m] = r[k]
        kmax[i, rows] = r["kappa_max"]
        secs[i] += r["seconds"]
    pz_grid, J = p.profiles
    for i in range(ns):
        ok = np.isfinite(p.pz_au[i])
        for j in range(p.first_row[i], nT):
            done = np.isfinite(RL[i, j, : ok.sum()])
            if np.any(done):
                q = ar.ridge_q_keV(p.pz_au[i][: ok.sum()][done], p.T_keV[j])
                RIA[i, j, : ok.sum()][done] = ar.impulse_response_L(
                    lambda x, Ji=J[i]: np.interp(np.abs(x), pz_grid, Ji, right=0.0), p.T_keV[j], q)
    return {"T_keV": p.T_keV, "pz_au": p.pz_au, "p_scale_au": p.p_scale_au, "q_min_keV": p.spec.q_min_keV,
            "subshells": np.array(p.subshells), "binding_keV": p.binding_keV, "occupancy": p.occupancy,
            "R_L": RL, "R_T": RT, "last_partial_wave_fraction_L": last.astype(np.float32), "kappa_max": kmax,
            "q_max_keV": p.q_max_keV, "R_L_impulse": RIA, "first_row": p.first_row, "_seconds": secs, **extra}


def save(p: TablePlan, arrays: dict, path, *, wall_seconds: float, engine: str) -> Path:
    """Write the compressed table with its provenance (JSON string) to ``path`` (atomically)."""
    spec = p.spec
    secs = arrays["_seconds"]
    weak = {} if not spec.weak else {
        "weak_definitions": "per subshell, N/(2j+1) sum_m sum_f of the products of <f|O exp(iq.r)|i>: R_A0 = |gamma5|^2, "
                            "R_A03 = Re gamma5 Sigma_z*, R_AL = |Sigma_z|^2, R_AT = |Sigma_(+1)|^2, R_TP = Re alpha_(+1) "
                            "Sigma_(+1)* (keV^-1); checks R_V03 = Re 1 alpha_z* (current conservation), R_im_A03, "
                            "R_im_TP (zero by symmetry)",
        "generator_weak": "mcpria_lite.targets.dfs.weak_response.subshell_weak_response (scripts/dfs_weak.py)",
        "convergence": "last_partial_wave_fraction_L holds the share of R_AL in the outermost partial waves "
                       "abs(kappa') = kappa_max (per node); kappa_max per row",
    }
    prov = {
        "model": f"Dirac-Hartree-Slater (alpha_x=1, Latter tail), data/atoms/dfs_{spec.symbol}.npz",
        "definitions": "R_L = N/(2j+1) sum_m sum_f |<f|exp(iq.r)|i>|^2 delta(T-eps_f-B); R_T the same with "
                       "alpha.e_(+1) exp(iq.r), e_(+1) transverse; keV^-1; sigma_gamma(T) = 4 pi^2 alpha/T R_T(T,T)",
        "thresholds": "tabulated binding energies (mcpria_lite.targets.lookup.target)",
        "grid": {"T_keV": [float(p.T_keV[0]), float(p.T_keV[-1]), int(p.T_keV.size),
                           f"log, {spec.per_decade:g}/decade, plus one node per subshell at B + max(0.01 B, 0.1 eV)"],
                 "rows": "subshell i computed on rows >= first_row[i] (its threshold node), NaN below",
                 "q": "per subshell and T at the p_z nodes pz_au (Ribberfors p_z, a.u.): "
                      f"q = ridge_q_keV(pz, T), {spec.n_core} uniform nodes on +-5 p_rms, "
                      f"wings x1.35; computed for q in [q_min/{MARGIN}, {MARGIN} q_max] plus one node",
                 "q_min_keV": spec.q_min_keV, "q_max_keV": f"min({Q_TOP_KEV:g}, 30/<r>_nk a.u.) per subshell"},
        "kappa_max": "adaptive per (subshell, T): min(cap, max(8, 1.5 (q_top + p) <r> + 6)), q_top the largest q computed",
        "kappa_cap": spec.kappa_cap,
        "generator": "mcpria_lite.targets.dfs.tables (scripts/dfs_response.py)",
        "engine": engine,
        "wall_seconds": round(float(wall_seconds), 1),
        "cpu_seconds": round(float(secs.sum()), 1),
        "cpu_seconds_per_subshell": {s: round(float(t), 1) for s, t in zip(p.subshells, secs)},
        "subshell_calls": int(sum(len(b.rows) for b in p.blocks)),
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        **weak,
    }
    path = Path(path)
    tmp = path.with_suffix(".tmp.npz")
    data = {k: v for k, v in arrays.items() if not k.startswith("_")}
    np.savez_compressed(tmp, **data, provenance=json.dumps(prov))
    tmp.replace(path)
    return path


def generate(spec: TableSpec, path, *, cluster: str | None = "local", n_workers: int = 2) -> Path:
    """Plan, run (serially, on a local cluster or at a scheduler address: :func:`run_blocks`), assemble and
    save one element's table at ``path``, printing each task as it ends; the wall time and the engine go
    into the provenance. The driver of ``scripts/dfs_response.py`` and ``scripts/dfs_weak.py``."""
    engine = ("serial" if cluster is None else f"dask LocalCluster, {n_workers} workers x 1 thread"
              if cluster == "local" else f"dask scheduler {cluster}")
    p = plan(spec)
    t0 = time.perf_counter()
    n = len(p.blocks)
    count = [0]

    def progress(r):
        count[0] += 1
        print(f"  {spec.symbol} {p.subshells[r['i']]} rows {r['rows'][0]}-{r['rows'][-1]}: {r['seconds']:.0f} s "
              f"({count[0]}/{n}, {time.perf_counter() - t0:.0f} s)", flush=True)

    results = run_blocks(p.blocks, cluster=cluster, n_workers=n_workers, progress=progress)
    wall = time.perf_counter() - t0
    arrays = assemble(p, results)
    out = save(p, arrays, path, wall_seconds=wall, engine=engine)
    print(f"{spec.symbol}: {n} tasks, {p.T_keV.size} T rows, {arrays['_seconds'].sum():.0f} CPU s, {wall:.0f} s wall "
          f"-> {out} ({out.stat().st_size / 1e6:.2f} MB)", flush=True)
    return out
