"""Data-set manifests: JSON read with line numbers and validated against a JSON Schema on load.

Every manifest under ``mcpria_lite/data/releases/`` (and every one a user loads) names its format
(``"format": "mcpria-lite data release 1"``); the format's schema (``data/releases/*.schema.json``,
JSON Schema draft 2020-12, checked with the ``jsonschema`` library) states every field, its type
and range, and that no other field exists (a misspelt optional field is an error, not silently
ignored). An error names the file, the field and its line::

    my_release.json: exposure.value (line 9): '1.16' is not of type 'number'

:func:`load_manifest` reads and validates; :func:`schema` returns a format's schema. A new format
(e.g. binned data) is one more ``<name>.schema.json`` file and an entry in :data:`SCHEMAS`.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["SCHEMAS", "schema", "load_manifest", "read_manifest", "json_lines", "shipped_manifests"]

#: The schema file of each manifest format (in ``mcpria_lite/data/releases/``).
SCHEMAS: dict[str, str] = {"mcpria-lite data release 1": "release-1.schema.json"}

_WS = re.compile(r"[ \t\n\r]*")


@lru_cache(maxsize=None)
def schema(fmt: str) -> dict:
    """The JSON Schema of the manifest format ``fmt`` (a key of :data:`SCHEMAS`)."""
    if not isinstance(fmt, str) or fmt not in SCHEMAS:
        raise ValueError(f"format must be one of {sorted(SCHEMAS)}, got {fmt!r}")
    text = (resources.files("mcpria_lite") / "data" / "releases" / SCHEMAS[fmt]).read_text()
    return json.loads(text)


def json_lines(text: str) -> dict[tuple, int]:
    """The line (1-based) of every value of a valid JSON text, by its path of keys and indices
    (``()`` is the document, ``("exposure", "value")`` a nested field, ``("window_keV", 0)`` an item)."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    dec = json.JSONDecoder()

    def _ws_end(t: str, i: int) -> int:
        m = _WS.match(t, i)
        assert m is not None  # the pattern matches the empty string
        return m.end()
    out: dict[tuple, int] = {}

    def line(i: int) -> int:
        return bisect.bisect_left(newlines, i) + 1

    def value(i: int, path: tuple) -> int:
        i = _ws_end(text, i)
        out[path] = line(i)
        c = text[i]
        if c in "{[":
            close = "}" if c == "{" else "]"
            i = _ws_end(text, i + 1)
            k = 0
            while text[i] != close:
                if c == "{":
                    key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]  # in the module, not its stubs
                    key_line = line(i)
                    i = _ws_end(text, i) + 1  # the colon
                    i = value(i, path + (key,))
                    out[path + (key,)] = key_line  # where the field is named
                else:
                    i = value(i, path + (k,))
                    k += 1
                i = _ws_end(text, i)
                if text[i] == ",":
                    i = _ws_end(text, i + 1)
            return i + 1
        _, end = dec.raw_decode(text, i)
        return end

    value(0, ())
    return out


def _field(path) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else ("." + p) for p in path]
    return "".join(parts).lstrip(".") or "(the document)"


def _problems(error, lines: dict) -> list[tuple[int, str, str]]:
    """(line, field, message) of one schema violation; a missing or unknown field is named itself."""
    path = tuple(error.absolute_path)
    where = lines.get(path, 1)
    if error.validator == "required":
        m = re.match(r"'(.+)' is a required property", error.message)
        if m:
            return [(where, _field(path + (m.group(1),)), f"missing field {m.group(1)!r}")]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in known]
        if extra:
            return [(lines.get(path + (k,), where), _field(path + (k,)),
                     f"unknown field {k!r} (allowed: {', '.join(known)})") for k in extra]
    return [(where, _field(path), error.message)]


def load_manifest(path, fmt: str | None = None) -> dict:
    """Read the JSON manifest at ``path`` and validate it against the schema of its ``format``
    (or of ``fmt`` when given).

    Raises
    ------
    ValueError
        An unreadable file or invalid JSON (naming the line), a missing or unknown format, or every
        schema violation, each as ``file: field (line N): what is wrong``.
    """
    import jsonschema

    if not isinstance(path, (str, Path)):
        raise ValueError(f"path must be the manifest's path (str or pathlib.Path), got {path!r}")
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise ValueError(f"path: cannot read the manifest {str(p)!r}: {exc}") from exc
    try:
        spec = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{p.name}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    lines = json_lines(text)
    if fmt is None:
        fmt = spec.get("format") if isinstance(spec, dict) else None
        if fmt not in SCHEMAS:
            where = lines.get(("format",), 1)
            raise ValueError(f"{p.name}: format (line {where}) must be one of {sorted(SCHEMAS)}, "
                             f"got {fmt!r}" if isinstance(spec, dict) and "format" in spec else
                             f"{p.name}: format (line {where}): the manifest must be a JSON object with a "
                             f"'format' field, one of {sorted(SCHEMAS)}")
    validator = jsonschema.Draft202012Validator(schema(fmt))
    errors = sorted(x for e in validator.iter_errors(spec) for x in _problems(e, lines))
    if errors:
        shown = [f"{p.name}: {field} (line {n}): {msg}" for n, field, msg in errors[:6]]
        more = f"\n... and {len(errors) - 6} more" if len(errors) > 6 else ""
        raise ValueError(f"{p.name} does not follow the schema of {fmt!r} "
                         f"({len(errors)} error{'s' if len(errors) > 1 else ''}):\n" + "\n".join(shown) + more)
    return spec


def shipped_manifests(fmt: str) -> dict[str, Path]:
    """The manifests of format ``fmt`` among the data sets shipped under ``data/releases/*/``, by their
    ``name``. A shipped manifest that is not valid JSON is an error naming the file (never skipped)."""
    root = Path(str(resources.files("mcpria_lite") / "data" / "releases"))
    out: dict[str, Path] = {}
    for f in sorted(root.glob("*/*.json")):
        try:
            spec = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{f}: not valid JSON ({e})") from None
        if isinstance(spec, dict) and spec.get("format") == fmt:
            out[spec["name"]] = f
    return out


def read_manifest(path: Path, fmt: str) -> dict:
    """The JSON manifest at ``path``, which must declare ``"format": fmt``: for the formats whose fields
    their loader checks one by one (no JSON Schema). Errors name the file."""
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the manifest ({exc})") from None
    if not isinstance(spec, dict) or spec.get("format") != fmt:
        got = spec.get("format") if isinstance(spec, dict) else None
        raise ValueError(f"{path}: field 'format' must be {fmt!r}, got {got!r}")
    return spec
