"""Checked by mypy (``[tool.mypy] files`` in pyproject.toml), not run by pytest: the package's own
methods, targets, sources and data sets follow the protocols the public functions are annotated
with (:mod:`mcpria_lite.methods.base`, :mod:`mcpria_lite.targets.protocol`,
:mod:`mcpria_lite.sources.flux`, :mod:`mcpria_lite.detection.releases`)."""

from __future__ import annotations

from mcpria_lite.detection.releases import DataRelease, DataSet
from mcpria_lite.methods.base import MethodBase, Method, MinimalMethod
from mcpria_lite.methods.dfs import AbInitioResponse
from mcpria_lite.methods.equivalent_photons import EquivalentPhotons
from mcpria_lite.methods.free_electron import FreeElectron
from mcpria_lite.methods.impulse import ImpulseApproximation
from mcpria_lite.sources.flux import Flux, Source, SumFlux
from mcpria_lite.sources.spectra import CallableFlux, LineFlux, PowerLawFlux, TabulatedFlux
from mcpria_lite.targets.atoms import NarrowProfileTarget, Target
from mcpria_lite.targets.compounds import Compound
from mcpria_lite.targets.protocol import AtomicTarget, Material


def methods(a: ImpulseApproximation, b: FreeElectron, c: EquivalentPhotons, d: AbInitioResponse,
            e: MethodBase) -> list[Method]:
    minimal: list[MinimalMethod] = [a, b, c, d, e]
    return [a, b, c, d, e] if minimal else []


def targets(t: Target, c: Compound, n: NarrowProfileTarget) -> tuple[list[Material], AtomicTarget]:
    return [t, c], n


def sources(f: Flux, s: SumFlux, t: TabulatedFlux, c: CallableFlux, li: LineFlux, p: PowerLawFlux) -> list[Source]:
    return [f, s, t, c, li, p]


def data_sets(r: DataRelease) -> DataSet:
    return r
