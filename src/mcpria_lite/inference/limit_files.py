"""Limits as files: an aligned table, CSV or JSON, each with a metadata header and a stable column layout.

Every file says what it is before the numbers: the data set(s) with their publications and licences,
the model and its coupling, the flux, the method(s) and atomic inputs with the central choice, the
confidence level and the statistic, the package version and the date. The columns are always
:data:`COLUMNS`, in that order (empty where a column does not apply, e.g. ``mass_keV`` for a
neutrino coupling), so that a script reading one file reads them all.

* table and CSV: the header as ``# key: value`` lines, then one header row and the rows;
* JSON: ``{"metadata": {...}, "columns": [...], "rows": [{...}, ...]}``.

Used by ``mcpria-lite limit`` (:mod:`mcpria_lite.cli.limit`) and by the book's ``limits/`` folder.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from datetime import datetime, timezone
from pathlib import Path

from ..detection import datasets as _ds
from .binned_likelihood import statistic_label

__all__ = ["COLUMNS", "COLUMN_DOC", "FORMATS", "rows", "metadata", "render", "check_writable", "write",
           "published_values", "package_version"]

def package_version() -> str:
    """The installed mcpria-lite version (from the package metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mcpria-lite")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled source tree
        return "unknown (not installed)"


#: The columns of every limit file, in order.
COLUMNS: tuple[str, ...] = ("data", "model", "coupling", "unit", "sign", "mass_keV", "method", "atomic_inputs",
                            "central", "cl", "statistic", "limit", "expected_limit", "best_fit",
                            "signal_events_at_limit", "band_low", "band_high")
#: What each column holds.
COLUMN_DOC: dict[str, str] = {
    "data": "data set(s), '+' between the members of a combination",
    "model": "the model (mcpria_lite.detection.models)",
    "coupling": "the coupling the limit is on",
    "unit": "its unit",
    "sign": "'+' or '-' for a coupling whose two signs give different limits (interference), else empty",
    "mass_keV": "dark-matter mass (keV) where the model has one, else empty",
    "method": "atomic method",
    "atomic_inputs": "atomic-input choice of the method (profiles, photoabsorption data), empty if none",
    "central": "yes for the central choice of the theory band",
    "cl": "confidence level",
    "statistic": "q-tilde (one-sided, Cowan et al. 2011) or delta-chi2",
    "limit": "upper limit on |coupling|",
    "expected_limit": "limit on background-only Asimov data (median expectation), empty if not computed",
    "best_fit": "best-fit coupling (>= 0)",
    "signal_events_at_limit": "expected signal events at the limit, per data set, ';' between them",
    "band_low": "lowest limit over the methods and atomic inputs that apply (same data, sign, mass)",
    "band_high": "highest limit over them",
}
#: Output formats.
FORMATS: tuple[str, ...] = ("table", "csv", "json")


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def rows(records, bands=()) -> list[dict]:
    """One dict per :class:`~mcpria_lite.inference.limits.LimitRecord`, keys :data:`COLUMNS`; ``bands``
    (:class:`~mcpria_lite.inference.limits.TheoryBand`) fill ``band_low``/``band_high`` of the rows
    they contain."""
    span = {}
    for b in bands:
        for r in b.rows:
            span[id(r)] = (b.low, b.high)
    out = []
    for r in records:
        lo, hi = span.get(id(r), (None, None))
        out.append({
            "data": "+".join(r.data), "model": r.model, "coupling": r.coupling, "unit": r.unit,
            "sign": r.sign_label, "mass_keV": _num(r.parameters.get("mass_keV")), "method": r.method,
            "atomic_inputs": r.atomic_inputs, "central": "yes" if r.central else "no", "cl": float(r.cl),
            "statistic": r.statistic, "limit": float(r.limit), "expected_limit": _num(r.expected_limit),
            "best_fit": float(r.theta_hat),
            "signal_events_at_limit": ";".join(f"{x:.4g}" for x in r.signal_events_at_limit),
            "band_low": _num(lo), "band_high": _num(hi)})
    return out


def metadata(records, bands=(), title: str = "", date: str | None = None, notes=()) -> dict:
    """The header of a limit file: what the numbers are (see the module docstring)."""
    if not records:
        raise ValueError("records: nothing to write")
    names = list(dict.fromkeys(n for r in records for n in r.data))
    data = []
    for n in names:
        ds = _ds.get(n) if n in _ds.DATASETS else None
        entry = {"name": n}
        if ds is not None:
            entry.update({"title": ds.title, "citation": ds.citation, "window_keV": list(ds.window_keV),
                          "exposure_kg_day": float(f"{ds.exposure_kg_day:.6g}"), "events": ds.n_events,
                          "licence": ("GPL-3.0-or-later (digitized in the SNuDD repository)"
                                      if _ds.is_binned(ds) else "as released by the collaboration")})
        data.append(entry)
    first = records[0]
    combos = list(dict.fromkeys("+".join(r.data) for r in records))
    methods = list(dict.fromkeys(f"{r.method_label}{' (' + r.atomic_inputs + ')' if r.atomic_inputs else ''}"
                                 for r in records))
    central = next((r for r in records if r.central), None)
    meta = {
        "title": title or f"90 % C.L.-type upper limits on {first.coupling} ({first.model})",
        "data_sets": data,
        "combinations": combos,
        "model": first.model,
        "interaction": first.label,
        "coupling": f"{first.coupling} [{first.unit}]",
        "flux": list(dict.fromkeys(r.flux for r in records)),
        "methods": methods,
        "central_choice": (f"{central.method_label}{' with ' + central.atomic_inputs if central.atomic_inputs else ''}"
                           if central else "none of the rows"),
        "cl": sorted({float(r.cl) for r in records}),
        "statistics": sorted({statistic_label(r.cl, r.statistic) for r in records}),
        "package": f"mcpria-lite {package_version()}",
        "date": date or datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "columns": COLUMN_DOC,
    }
    pub = [dict(p, data=n) for n in names for p in published_values(n, first.model)] if all(
        n in _ds.DATASETS for n in names) else []
    if pub:
        meta["published"] = [f"{p['data']}: {p['value']:.3g} {p['unit']} ({p['source']})" for p in pub]
    skipped = list(dict.fromkeys(f"{m}{' (' + a + ')' if a else ''}: {why}" for b in bands for m, a, why in b.skipped))
    if skipped:
        meta["methods_not_applicable"] = skipped
    if notes:
        meta["notes"] = list(notes)
    meta["columns"] = meta.pop("columns")
    return meta


def published_values(dataset, model: str) -> list[dict]:
    """The limits on ``model`` that a data set's manifest quotes (the collaboration's own, or published
    re-analyses of the same data), as ``{"value", "unit", "cl", "source"}``."""
    ds = _ds.get(dataset)
    out = []
    for key, entry in (ds.published_limits or {}).items():
        if key == model and isinstance(entry, dict) and "value" in entry:
            out.append({"value": float(entry["value"]), "unit": entry.get("unit", ""), "cl": entry.get("cl"),
                        "source": entry.get("reference", ds.citation)})
        elif isinstance(entry, dict) and isinstance(entry.get(model), dict) and "value" in entry[model]:
            e = entry[model]
            out.append({"value": float(e["value"]), "unit": e.get("unit", ""), "cl": e.get("cl"),
                        "source": f"{key}: {entry.get('reference', '')}".rstrip(": "),
                        **({"atomic_treatment": e["atomic_treatment"]} if "atomic_treatment" in e else {})})
    return out


def _cell(v, fmt: str) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}" if fmt == "csv" else f"{v:.4g}"
    return str(v)


def _header_lines(meta: dict) -> list[str]:
    out = []
    for k, v in meta.items():
        if k == "columns":
            out += [f"# column {c}: {d}" for c, d in v.items()]
        elif k == "data_sets":
            for d in v:
                out.append("# data set: " + "; ".join(f"{a}={b}" for a, b in d.items()))
        elif isinstance(v, list):
            out += [f"# {k}: {x}" for x in v] if v else [f"# {k}:"]
        else:
            out.append(f"# {k}: {v}")
    return out


def render(records, fmt: str = "table", bands=(), meta: dict | None = None) -> str:
    """The file's text in ``fmt`` (:data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    meta = metadata(records, bands) if meta is None else meta
    rs = rows(records, bands)
    if fmt == "json":
        return json.dumps({"metadata": meta, "columns": list(COLUMNS), "rows": rs}, indent=1, ensure_ascii=False) + "\n"
    head = "\n".join(_header_lines(meta)) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rs:
            w.writerow([_cell(r[c], "csv") for c in COLUMNS])
        return head + buf.getvalue()
    cells = [[_cell(r[c], "table") for c in COLUMNS] for r in rs]
    width = [max(len(c), *(len(x[i]) for x in cells)) for i, c in enumerate(COLUMNS)]
    line = lambda xs: "  ".join(x.rjust(w) for x, w in zip(xs, width))  # noqa: E731
    return head + "\n".join([line(COLUMNS), line(["-" * w for w in width])] + [line(c) for c in cells]) + "\n"


def check_writable(path, what: str = "--output") -> Path:
    """``ValueError`` naming ``what`` unless a file can be written at ``path`` (checked before any
    computation): its folder exists and is writable, and it is not a folder itself."""
    p = Path(path)
    if str(path).strip() == "":
        raise ValueError(f"{what}: the file name is empty")
    if p.is_dir():
        raise ValueError(f"{what} {str(p)!r} is a folder; give a file name")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise ValueError(f"{what} {str(p)!r}: the folder {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise ValueError(f"{what} {str(p)!r} is not writable")
    return p


def write(path, text: str) -> Path:
    """Write ``text`` to ``path`` (UTF-8) after :func:`check_writable`."""
    p = check_writable(path, "path")
    p.write_text(text, encoding="utf-8")
    return p
