"""The ``mcpria-lite`` command line: :mod:`.main` (parser and subcommands), :mod:`.limit` and :mod:`.dark_photon`."""

from __future__ import annotations

from .main import build_parser, main  # noqa: F401
