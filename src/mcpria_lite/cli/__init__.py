"""The ``mcpria-lite`` command line: :mod:`.main` (parser and subcommands) and :mod:`.limit`."""

from __future__ import annotations

from .main import build_parser, main  # noqa: F401
