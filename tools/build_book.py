#!/usr/bin/env python3
"""Execute every chapter and build the HTML book (Jupyter Book 1.x).

Run with the project's interpreter (``make book`` does this)::

    .venv/bin/python tools/build_book.py                  # -> _build/html/index.html
    .venv/bin/python tools/build_book.py --strict         # clean output, -W -n --keep-going
    .venv/bin/python tools/build_book.py --path-output /tmp/book

Every chapter is executed on every build, so the numbers shown always come from the current
package: the chapters are executed side by side (one kernel per core, the longest chapters first, by
jupyter-cache's workers into a fresh cache ``_build/.jupyter_cache``) while Sphinx already builds
the book from that cache (``execute_notebooks: cache``): it reads the API pages first and each
chapter once its kernel has finished (``book/_ext/await_execution.py``). A chapter whose
execution fails stops the build at once, with its traceback. Jupyter Book runs through
``tools/run_jupyter_book.py`` (fewer garbage collections, pages written in parallel); the kernels are
forked from a warm interpreter per worker (``tools/kernel_zygote.py``). ``--serial`` lets Jupyter Book execute the chapters one after the other
instead (``execute_notebooks: force`` of ``_config.yml``). ``--strict`` turns every Sphinx warning
(a failing cell, a broken reference or citation, a missing file) into a failure, building from an
empty output folder so that nothing is skipped as up to date.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def jupyter_book_command() -> list[str]:
    """The Jupyter Book command line of the interpreter running this script, through
    ``tools/run_jupyter_book.py`` (fewer garbage collections, no teardown: the same book, ~30 % faster)."""
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        sys.exit("[book] jupyter-book not found: run `python3 tools/env.py ensure` and use "
                 ".venv/bin/python (or `make book`)")
    return [sys.executable, str(ROOT / "tools" / "run_jupyter_book.py")]


def write_config(path: Path, execute_notebooks: str, cache_path: Path | None = None) -> Path:
    """The project's _config.yml with ``execute_notebooks`` (and the cache folder) replaced, at ``path``.

    ``local_extensions`` paths are relative to the config file, so they are made absolute.
    (tests/conftest.py builds the test book with ``execute_notebooks="off"`` through this.)
    """
    import yaml

    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    cfg.setdefault("execute", {})["execute_notebooks"] = execute_notebooks
    if cache_path is not None:
        cfg["execute"]["cache"] = str(cache_path)
    local = cfg.get("sphinx", {}).get("local_extensions") or {}
    for name, rel in local.items():
        local[name] = str((ROOT / rel).resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def toc_notebooks() -> list[Path]:
    """The chapters of _toc.yml that are notebooks."""
    import yaml

    files: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for key, value in node.items():
                if key != "file":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files.append(toc.get("root", ""))
    walk({k: v for k, v in toc.items() if k != "root"})
    paths = [(ROOT / f).with_suffix(".ipynb") for f in files if f]
    return [p for p in paths if p.is_file()]


def expected_seconds(nb_path: Path) -> float:
    """How long a chapter took when its committed outputs were computed (sum of its cells' recorded times).

    Only used to schedule the longest chapters first; 1 s for a chapter without timing metadata.
    """
    import json
    from datetime import datetime

    total = 0.0
    for cell in json.loads(nb_path.read_text(encoding="utf-8")).get("cells", []):
        ex = cell.get("metadata", {}).get("execution", {})
        try:
            a = datetime.fromisoformat(ex["iopub.execute_input"].rstrip("Z"))
            b = datetime.fromisoformat(ex["shell.execute_reply"].rstrip("Z"))
        except (KeyError, ValueError, AttributeError):
            continue
        total += max((b - a).total_seconds(), 0.0)
    return total or 1.0


# Set for the Sphinx process while the chapters execute: book/_ext/await_execution.py then waits, for each
# chapter it reads, until the chapter's executed copy is in the cache (or until this file exists: all done).
AWAIT_ENV = "MCPRIA_BOOK_EXECUTION_DONE"
ORDER_ENV = "MCPRIA_BOOK_EXECUTION_ORDER"  # the chapters in the order the kernels take them up
SOCKETS_ENV = "MCPRIA_BOOK_KERNEL_SOCKETS"  # the folder of this build's kernel sockets (removed at the end)


class _ForkedKernel:
    """What jupyter_client's local provisioner needs of a kernel process (``poll``, ``wait``, signals),
    for a kernel forked by ``tools/kernel_zygote.py`` (not a child of this process: the zygote reaps it)."""

    stdin = stdout = stderr = None  # the kernel's streams are the zygote's, not pipes of this process

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0.0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        import signal

        self.send_signal(signal.SIGTERM)


_ZYGOTE: subprocess.Popen | None = None


def _start_zygote() -> None:
    """Pool initializer: this worker's warm interpreter (``tools/kernel_zygote.py``), or none if it fails."""
    global _ZYGOTE
    try:
        z = subprocess.Popen([sys.executable, str(ROOT / "tools" / "kernel_zygote.py")], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, bufsize=1)
    except OSError:
        return
    if z.stdout is not None and z.stdout.readline().strip() == "ready":
        _ZYGOTE = z
    else:
        z.kill()


def _stop_zygote() -> None:
    """End this process's zygote (it also ends by itself when this process does: its input closes)."""
    global _ZYGOTE
    z, _ZYGOTE = _ZYGOTE, None
    if z is None:
        return
    for stream in (z.stdin, z.stdout):
        if stream is not None:
            stream.close()
    try:
        z.wait(timeout=10)
    except subprocess.TimeoutExpired:
        z.kill()
        z.wait()


def _fork_kernel(argv: list[str], env: dict, cwd: str) -> int | None:
    """A kernel forked by this worker's zygote: its pid, or None (the kernel is then started as usual)."""
    import json

    z = _ZYGOTE
    if z is None or z.poll() is not None or z.stdin is None or z.stdout is None:
        return None
    try:
        z.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n")
        z.stdin.flush()
        answer = z.stdout.readline().strip()
    except OSError:
        return None
    return int(answer) if answer.isdigit() else None


def _ipc_worker():
    """jupyter-cache's execution worker, its kernels forked warm, on Unix-domain sockets of their own.

    Kernels come from the worker's zygote (``tools/kernel_zygote.py``): forked from an interpreter that
    has already imported NumPy, SciPy, SymPy, Matplotlib and the package, a kernel skips ~1 s of imports.
    Without a zygote, kernels start as usual. A kernel is stopped at once when its chapter is done (its
    outputs are in by then), not after a polite shutdown.

    Kernels started at the same moment in two processes on TCP can be handed the same free port
    (jupyter_client's port race); one kernel then receives the other's messages and logs
    "Uncaught exception in ZMQStream callback" into the chapter as stderr. Socket files under a name
    unique to the kernel manager cannot collide.
    """
    import tempfile
    import uuid

    from jupyter_cache.executors.basic import ExecutionWorkerLocalMProc
    from jupyter_cache.executors.utils import single_nb_execution
    from jupyter_client.manager import KernelManager
    from traitlets import default

    class IPCKernelManager(KernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            prov = self.provisioner
            pid = None
            if prov is not None and kernel_cmd[1:3] == ["-m", "ipykernel_launcher"]:
                pid = _fork_kernel(kernel_cmd[3:], dict(kw.get("env") or os.environ), str(kw.get("cwd") or os.getcwd()))
            if pid is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            prov.process = _ForkedKernel(pid)
            prov.pid = prov.pgid = pid
            prov.cwd = kw.get("cwd")
            self._reconcile_connection_info(prov.connection_info)

        @default("ip")
        def _default_ip(self):
            # unique per kernel: a later kernel must not reuse the socket files (and lingering connections) of
            # an earlier one in the same worker
            return str(Path(os.environ.get(SOCKETS_ENV) or tempfile.gettempdir()) / f"kernel-{uuid.uuid4().hex}")

    from run_jupyter_book import GC_THRESHOLDS  # tools/, next to this script

    # the kernel collects garbage as rarely as the book build does (matplotlib and SymPy allocate many small
    # objects; ~8 % of a chapter's time); run before the first cell, outside the execution count
    kernel_arguments = [f"--IPKernelApp.exec_lines=import gc; gc.set_threshold{tuple(GC_THRESHOLDS)}"]

    class Worker(ExecutionWorkerLocalMProc):
        @staticmethod
        def execute(project_nb, data):
            return single_nb_execution(project_nb.nb, cwd=str(Path(project_nb.uri).parent), timeout=data.timeout,
                                       allow_errors=data.allow_errors, kernel_manager_class=IPCKernelManager,
                                       extra_arguments=kernel_arguments, shutdown_kernel="immediate")

    Worker.kernel_manager_class = IPCKernelManager  # (also what tests/book/test_build_tools.py starts)
    return Worker()


def _execute_chapter(data):
    """One chapter into the cache, in a pool process: (0, uri) on success, (1 or 2, uri) on failure."""
    return _ipc_worker()(data)


class ParallelExecution:
    """Every notebook chapter executing into a fresh jupyter-cache, one kernel per core.

    The chapters go to a pool of one worker per core one at a time, the longest first (their committed
    cell timings), so that no core idles at the end while a long chapter that started late still runs.
    Each worker is jupyter-cache's own, so the cache records are those ``execute_notebooks: cache`` reads.
    The pool runs in the background: Sphinx reads the API pages and the chapters already executed
    meanwhile (:meth:`finish` waits for it).
    """

    def __init__(self, cache_dir: Path, timeout: int = 600) -> None:
        import multiprocessing as mproc

        from jupyter_cache import get_cache
        from jupyter_cache.executors.basic import ProcessData

        shutil.rmtree(cache_dir, ignore_errors=True)
        self.cache = get_cache(str(cache_dir))
        self.done_marker = cache_dir / "all-chapters-executed"
        notebooks = sorted(toc_notebooks(), key=expected_seconds, reverse=True)
        self.order = [str(nb) for nb in notebooks]
        records = [self.cache.add_nb_to_project(str(nb)) for nb in notebooks]
        n_workers = max(1, min(len(records), os.cpu_count() or 1))
        print(f"[book] executing {len(records)} chapters, {n_workers} at a time, longest first ...", flush=True)
        self.t0 = time.monotonic()
        import tempfile

        self.socket_dir = tempfile.mkdtemp(prefix="mcpria-kernels-")  # short: a socket path has ≤ 107 bytes
        os.environ[SOCKETS_ENV] = self.socket_dir  # inherited by the workers
        self.pool = mproc.Pool(n_workers, initializer=_start_zygote)
        self.pending = [self.pool.apply_async(_execute_chapter, (ProcessData(r.pk, r.uri, self.cache, timeout, False),))
                        for r in records]

    def finish(self, sphinx: subprocess.Popen | None = None) -> bool:
        """Wait for every chapter; False (and the tracebacks printed) if one failed.

        A failure stops the ``sphinx`` process at once; if Sphinx ends first (a configuration error),
        the remaining chapters are abandoned.
        """
        failed: list[str] = []
        try:
            while self.pending:
                if sphinx is not None and sphinx.poll() is not None:
                    return False
                for r in [r for r in self.pending if r.ready()]:
                    self.pending.remove(r)
                    code, uri = r.get()
                    if code != 0:
                        failed.append(uri)
                if failed:
                    break
                time.sleep(0.1)
        finally:
            if failed or self.pending:
                # the workers catch SIGTERM (Pool.terminate) and can stay blocked: kill them; their kernels
                # exit with them (ipykernel watches its parent)
                import multiprocessing as mproc

                for worker in mproc.active_children():
                    worker.kill()
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
            shutil.rmtree(self.socket_dir, ignore_errors=True)
        if failed:
            if sphinx is not None:
                sphinx.terminate()
                sphinx.wait()
            for uri in failed:
                record = self.cache.get_project_record(uri)
                print(f"[book] {Path(uri).relative_to(ROOT)} failed:\n{record.traceback or '(no traceback)'}",
                      flush=True)
            return False
        self.done_marker.touch()
        print(f"[book] chapters executed in {time.monotonic() - self.t0:.0f} s", flush=True)
        return True


# One BLAS/OpenMP thread per kernel, as `make test` runs the chapters: the kernels already fill the
# cores, and the chapters' numbers are then summed in the same order as under nbval.
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def build(strict: bool = False, path_output: Path | None = None, serial: bool = False) -> int:
    for key, value in THREAD_ENV.items():  # inherited by the kernels and by Sphinx
        os.environ.setdefault(key, value)
    out_root = (path_output or ROOT).resolve()
    build_dir = out_root / "_build"
    if strict:
        # a full rebuild from nothing: -W only catches everything when no page is "up to date"
        for sub in ("html", "doctrees", ".doctrees", "jupyter_execute"):
            shutil.rmtree(build_dir / sub, ignore_errors=True)
    cmd = jupyter_book_command() + ["build", str(ROOT), "--all"]
    if not strict:  # pages written by one process per core (the strict build stays serial)
        cmd[2:2] = ["--jobs", str(os.cpu_count() or 1)]
    env = dict(os.environ)
    execution = None
    if not serial:
        cache_dir = build_dir / ".jupyter_cache"
        execution = ParallelExecution(cache_dir)
        env[AWAIT_ENV] = str(execution.done_marker)
        env[ORDER_ENV] = os.pathsep.join(execution.order)
        cmd += ["--config", str(write_config(build_dir / "_config.cache.yml", "cache", cache_dir))]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    if path_output is not None:
        cmd += ["--path-output", str(out_root)]
    print(f"[book] building{' (strict)' if strict else ''}{' (executing every chapter)' if serial else ''}"
          f"{' while the chapters execute' if execution else ''} ...", flush=True)
    t0 = time.monotonic()
    sphinx = subprocess.Popen(cmd, cwd=ROOT, env=env)
    if execution is not None and not execution.finish(sphinx):
        sphinx.wait()
        print(f"[book] FAILED after {time.monotonic() - t0:.0f} s", flush=True)
        return 1
    returncode = sphinx.wait()
    dt = time.monotonic() - t0
    index = build_dir / "html" / "index.html"
    if returncode != 0:
        print(f"[book] FAILED after {dt:.0f} s (exit {returncode}); see the log above",
              flush=True)
        return returncode
    if not index.exists():
        print(f"[book] build reported success but {index} is missing", flush=True)
        return 1
    print(f"[book] done in {dt:.0f} s. Open in a browser: {index}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true",
                        help="clean output dir, then -W -n --keep-going (warnings are errors)")
    parser.add_argument("--path-output", type=Path, default=None, metavar="DIR",
                        help="write the build to DIR/_build instead of ./_build")
    parser.add_argument("--serial", action="store_true",
                        help="let Jupyter Book execute the chapters one after the other")
    args = parser.parse_args(argv)
    return build(strict=args.strict, path_output=args.path_output, serial=args.serial)


if __name__ == "__main__":
    sys.exit(main())
