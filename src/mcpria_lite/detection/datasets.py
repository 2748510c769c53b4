"""Every data set by name or path: the unbinned releases and the binned ones, one registry.

The shipped data sets are the manifests under ``mcpria_lite/data/releases/*/`` (unbinned events,
:mod:`mcpria_lite.detection.releases`, MIT) and ``mcpria_lite/data/releases_gpl3/*/`` (binned,
:mod:`mcpria_lite.detection.binned`, GPL-3.0-or-later). :func:`get` takes a shipped name
(:data:`DATASETS`) or the path of a user's manifest or of a folder holding one, and dispatches on
the manifest's ``format``: a new data set is one folder, and no code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable

from . import binned as _binned
from . import releases as _releases

__all__ = ["DATASETS", "ROOTS", "get", "load", "names", "is_binned"]

#: The data folders of the package searched for manifests.
ROOTS: tuple[str, ...] = ("releases", "releases_gpl3")
_FORMATS: dict[str, Callable[[Path], _releases.DataRelease | _binned.BinnedRelease]] = {"mcpria-lite data release 1": _releases.load_release, _binned.FORMAT: _binned.load_binned_release}


def _manifest_in(path: Path) -> Path:
    if path.is_dir():
        found = sorted(path.glob("*.json"))
        if len(found) != 1:
            raise ValueError(f"data: the folder {str(path)!r} must hold exactly one manifest (*.json), found {len(found)}")
        return found[0]
    return path


def _scan() -> dict[str, Path]:
    out: dict[str, Path] = {}
    data = resources.files("mcpria_lite") / "data"
    for root in ROOTS:
        r = data / root
        if not r.is_dir():
            continue
        for folder in sorted(r.iterdir(), key=lambda x: x.name):
            if not folder.is_dir():
                continue
            for f in sorted(folder.iterdir(), key=lambda x: x.name):
                if f.name.endswith(".json"):
                    spec = json.loads(f.read_text())
                    if spec.get("format") in _FORMATS:
                        out[str(spec["name"])] = Path(str(f))
    return out


#: Shipped data sets by name (the command line's ``--data``).
DATASETS: dict[str, Path] = _scan()


def names() -> tuple[str, ...]:
    """The names of the shipped data sets."""
    return tuple(DATASETS)


def load(path):
    """Load the data set of a manifest (or of a folder holding one), whatever its format."""
    p = _manifest_in(Path(path))
    try:
        fmt = json.loads(p.read_text(encoding="utf-8")).get("format")
    except (OSError, json.JSONDecodeError, AttributeError) as exc:
        raise ValueError(f"data: cannot read the manifest {str(p)!r}: {exc}") from exc
    if fmt not in _FORMATS:
        raise ValueError(f"{p}, line 1: format must be one of {list(_FORMATS)}, got {fmt!r}")
    return _FORMATS[fmt](p)


@lru_cache(maxsize=None)
def _get_cached(key: str):
    return load(DATASETS[key]) if key in DATASETS else load(key)


def get(data):
    """A data set by shipped name (:data:`DATASETS`), by manifest or folder path, or the object itself.

    Returns a :class:`~mcpria_lite.detection.releases.DataRelease` or a
    :class:`~mcpria_lite.detection.binned.BinnedRelease`; loaded once per process.
    """
    if isinstance(data, (_releases.DataRelease, _binned.BinnedRelease)):
        return data
    if not isinstance(data, (str, Path)):
        raise ValueError(f"data must be a data-set name ({', '.join(DATASETS)}), a manifest path or a data-set "
                         f"object, got {data!r}")
    key = str(data)
    if key not in DATASETS:
        p = Path(key)
        if not p.exists():
            raise ValueError(f"data must be one of {', '.join(DATASETS)} or the path of a manifest or data folder, "
                             f"got {key!r}")
        key = str(_manifest_in(p).resolve())
    return _get_cached(key)


def is_binned(dataset) -> bool:
    """True for a binned data set."""
    return isinstance(dataset, _binned.BinnedRelease)
