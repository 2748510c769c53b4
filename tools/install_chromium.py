#!/usr/bin/env python3
"""Make sure Debian's Chromium is installed, for the headless-browser test of the built book.

Standard library only. Usage::

    python3 tools/install_chromium.py          # install if missing (needs root and apt-get)
    python3 tools/install_chromium.py --check  # only report; exit 1 if missing

If ``/usr/bin/chromium`` (or ``chromium`` on the PATH) exists, nothing is done. Otherwise, when the
process runs as root on a system with ``apt-get``, it runs ``apt-get update`` and
``apt-get install -y --no-install-recommends chromium`` and prints its progress. When it cannot
install (not root, no apt-get, the install fails) it prints why and exits with status 1;
``tests/book/test_browser.py`` then skips with that reason.

The function :func:`ensure_chromium` is what the test calls: it returns the path of the browser
or raises :class:`ChromiumUnavailable` with the reason.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_PATH = Path("/usr/bin/chromium")
PACKAGE = "chromium"


class ChromiumUnavailable(RuntimeError):
    """Chromium is not installed and cannot be installed here (the message says why)."""


def find_chromium() -> str | None:
    """Path of an installed Chromium, or None."""
    if DEBIAN_PATH.is_file() and os.access(DEBIAN_PATH, os.X_OK):
        return str(DEBIAN_PATH)
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _progress(msg: str, quiet: bool) -> None:
    if not quiet:
        print(f"[chromium] {msg}", flush=True)


def _run(cmd: list[str], quiet: bool, timeout: float) -> None:
    _progress("$ " + " ".join(cmd), quiet)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        tail = "\n".join((res.stdout + res.stderr).strip().splitlines()[-15:])
        raise ChromiumUnavailable(f"`{' '.join(cmd)}` failed with exit code {res.returncode}:\n{tail}")
    # apt's own progress is long; show its last line so the user sees it moved
    last = (res.stdout.strip().splitlines() or [""])[-1]
    if last:
        _progress(last, quiet)


def ensure_chromium(quiet: bool = False, timeout: float = 900.0) -> str:
    """Return the path of Chromium, installing Debian's package first if it is missing.

    Raises
    ------
    ChromiumUnavailable
        Not installed and not installable here (not root, no apt-get, or apt-get failed).
    """
    path = find_chromium()
    if path:
        _progress(f"found {path}", quiet)
        return path
    if not sys.platform.startswith("linux"):
        raise ChromiumUnavailable(f"Chromium is not installed and automatic installation is only "
                                  f"implemented for Debian/Ubuntu (platform {sys.platform})")
    apt = shutil.which("apt-get")
    if apt is None:
        raise ChromiumUnavailable("Chromium is not installed and apt-get is not available "
                                  "(install a Chromium build as /usr/bin/chromium)")
    if os.geteuid() != 0:
        raise ChromiumUnavailable("Chromium is not installed and this process is not root: run "
                                  "`sudo apt-get install -y --no-install-recommends chromium`")
    _progress("not found: installing Debian's chromium package (a few minutes) ...", quiet)
    try:
        _run([apt, "update"], quiet, timeout)
        _run([apt, "install", "-y", "--no-install-recommends", PACKAGE], quiet, timeout)
    except subprocess.TimeoutExpired as exc:
        raise ChromiumUnavailable(f"installing Chromium timed out after {exc.timeout:.0f} s") from exc
    path = find_chromium()
    if not path:
        raise ChromiumUnavailable("apt-get reported success but no chromium executable was found")
    _progress(f"installed {path}", quiet)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether Chromium is installed")
    args = parser.parse_args(argv)
    if args.check:
        path = find_chromium()
        print(f"[chromium] {'found ' + path if path else 'not installed'}")
        return 0 if path else 1
    try:
        ensure_chromium()
    except ChromiumUnavailable as exc:
        print(f"[chromium] cannot install: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
