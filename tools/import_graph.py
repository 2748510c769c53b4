#!/usr/bin/env python3
"""The package's import graph, checked: no cycle, and every import runs down the pipeline.

Usage (standard library only; from the repository root)::

    python3 tools/import_graph.py          # print the graph by subpackage and check it
    python3 tools/import_graph.py --edges  # also every module-to-module import

Every ``import`` / ``from … import`` of ``src/mcpria_lite`` is read with :mod:`ast`, including the
imports inside functions (a lazy import still ties two modules). The layers, bottom to top::

    0 foundations  units, _validate, _threads, _pchip, paper, kinematics, _kinematics_generated, derivation
    1 particles    projectiles and interactions
    2 sources      fluxes
    3 targets      atoms, compounds, the ab initio atom
    4 methods      one module per atomic method
    5 rates        cross sections and event rates
    6 detection    detectors, responses, data releases, signals
    7 inference    statistics, likelihoods, sensitivities, limits
    8 interface    cli, plotting, the package's __init__ and __main__

An import from a lower layer to a higher one, or a cycle of modules, is a violation: the script
prints it and exits with status 1.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "mcpria_lite"
LAYERS = {
    "foundations": 0, "particles": 1, "sources": 2, "targets": 3, "methods": 4, "rates": 5,
    "detection": 6, "inference": 7, "interface": 8,
}
_FOUNDATIONS = {"units", "_validate", "_threads", "_pchip", "paper", "kinematics", "_kinematics_generated", "derivation"}
_INTERFACE = {"cli", "plotting", "__init__", "__main__"}


def modules() -> dict[str, Path]:
    return {".".join(f.relative_to(ROOT.parent).with_suffix("").parts): f for f in ROOT.rglob("*.py")}


def group(mod: str) -> str:
    """The layer a dotted module belongs to."""
    head = mod.split(".")[1] if "." in mod else "__init__"
    if head in _FOUNDATIONS:
        return "foundations"
    if head in _INTERFACE:
        return "interface"
    return head


def _targets(mods: dict[str, Path], cur: str, node: ast.AST):
    if isinstance(node, ast.ImportFrom):
        if node.level:
            parts = cur.split(".")
            pkg = parts if mods[cur].name == "__init__.py" else parts[:-1]
            pkg = pkg[: len(pkg) - (node.level - 1)]
            head = ".".join(pkg + ([node.module] if node.module else []))
        else:
            head = node.module or ""
        for a in node.names:
            for c in (f"{head}.{a.name}", head, f"{head}.__init__"):
                if c in mods:
                    yield c
                    break
    elif isinstance(node, ast.Import):
        for a in node.names:
            if a.name in mods:
                yield a.name


def edges() -> dict[str, set[str]]:
    mods = modules()
    out = {}
    for m, f in mods.items():
        tree = ast.parse(f.read_text())
        out[m] = {t.removesuffix(".__init__") if t.endswith(".__init__") else t
                  for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                  for t in _targets(mods, m, n)} - {m}
    # a package's __init__ is the package
    return {k.removesuffix(".__init__"): {v.removesuffix(".__init__") for v in vs} for k, vs in out.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), ignoring a package's
    ``__init__`` re-exporting its own modules (package → child edges)."""
    def real(a, b):
        return not b.startswith(a + ".")  # a package importing its children is its face, not a tie

    idx, low, st, on, out, k = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        idx[v] = low[v] = k[0]
        k[0] += 1
        st.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if not real(v, w) or w not in g:
                continue
            if w not in idx:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], idx[w])
        if low[v] == idx[v]:
            c = []
            while True:
                w = st.pop()
                on.discard(w)
                c.append(w)
                if w == v:
                    break
            if len(c) > 1:
                out.append(sorted(c))

    for v in g:
        if v not in idx:
            visit(v)
    return out


def upward(g: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports from a lower layer to a higher one (a package's face importing its children excepted)."""
    return sorted((a, b) for a, bs in g.items() for b in bs
                  if LAYERS[group(a)] < LAYERS[group(b)] and not b.startswith(a + "."))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edges", action="store_true", help="print every module-to-module import")
    args = ap.parse_args(argv)
    g = edges()
    by_layer: dict[str, set[str]] = {}
    for a, bs in g.items():
        for b in bs:
            if group(a) != group(b):
                by_layer.setdefault(group(a), set()).add(group(b))
    for layer in sorted(LAYERS, key=LAYERS.get):
        print(f"{LAYERS[layer]} {layer:12s} -> {', '.join(sorted(by_layer.get(layer, ()), key=LAYERS.get)) or '-'}")
    if args.edges:
        for a in sorted(g):
            for b in sorted(g[a]):
                print(f"  {a} -> {b}")
    bad = 0
    for c in cycles(g):
        print("import cycle: " + " <-> ".join(c))
        bad += 1
    for a, b in upward(g):
        print(f"upward import: {a} ({group(a)}) -> {b} ({group(b)})")
        bad += 1
    print("ok: no cycle, every import runs down the pipeline" if not bad else f"{bad} violation(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
