"""The built book as a reader sees it: headless Chromium, network off.

The book is built once per test session (the ``book_build`` fixture of ``tests/conftest.py``) and
served from ``127.0.0.1`` by :mod:`http.server`. Debian's Chromium (installed by
``tools/install_chromium.py`` when missing) opens the kinematics and sensitivity chapters and is
driven through the Chrome DevTools protocol over ``--remote-debugging-pipe`` (standard library
only). Every request the page makes to anything other than the local server is refused
(``Fetch`` interception) and recorded, and host-name resolution is disabled, so the network is off.

On each page:

* MathJax has typeset the math: ``mjx-container`` elements exist, every Sphinx math element holds
  one, no MathJax error box (``mjx-merror``), and no raw ``\\(`` or ``\\[`` is left in the rendered
  text outside code blocks;
* every ``<img>`` has loaded (``complete`` and ``naturalWidth > 0``) and the server log shows each
  image requested with status 200;
* no console error, no uncaught exception, no failed or blocked request.

A page whose ``.html`` does not exist yet (chapter not written) is skipped with a message.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from install_chromium import ChromiumUnavailable, ensure_chromium  # noqa: E402

PAGES = {
    "kinematics": "book/kinematics.html",
    "sensitivity": "book/sensitivity.html",
}
PAGE_TIMEOUT_S = 60.0


# ------------------------------------------------------------------------------------------------
# local web server with a request log
# ------------------------------------------------------------------------------------------------
class _LoggingHandler(http.server.SimpleHTTPRequestHandler):
    log: list[tuple[str, int]]  # set on the subclass made per server

    def log_request(self, code="-", size="-"):  # noqa: D401 - record, do not print
        try:
            status = int(getattr(code, "value", code))
        except (TypeError, ValueError):
            status = -1
        self.log.append((unquote(urlsplit(self.path).path), status))

    def log_message(self, format, *args):  # silence stderr
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # browser closing sockets early is fine
        pass


@pytest.fixture(scope="module")
def site(book_build):
    """(base URL, request log) of the built html folder served on 127.0.0.1."""
    html = book_build.html
    if not (html / "index.html").is_file():
        pytest.fail(f"the book build produced no index.html (exit {book_build.returncode}):\n"
                    f"{book_build.log_tail}", pytrace=False)
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_LoggingHandler,), {"log": log})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


# ------------------------------------------------------------------------------------------------
# Chromium over the DevTools protocol (pipe transport: fd 3 in, fd 4 out, messages end in NUL)
# ------------------------------------------------------------------------------------------------
class CDPError(RuntimeError):
    pass


class Chromium:
    """A headless Chromium process driven over ``--remote-debugging-pipe``."""

    def __init__(self, exe: str, profile_dir: Path, allowed_origin: str):
        self.allowed_origin = allowed_origin
        self.events: list[dict] = []
        self.blocked: list[str] = []
        self._responses: dict[int, dict] = {}
        self._next_id = 0
        self._buf = b""
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()

        def _child_fds():  # runs in the child before exec: put the pipe ends on fds 3 and 4
            a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 100)
            b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 100)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--no-default-browser-check", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio",
            "--disable-features=MediaRouter,OptimizationHints,Translate",
            # network off: no name resolves; only the local server is reachable
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--user-data-dir={profile_dir}", "--window-size=1280,2000",
            "--remote-debugging-pipe", "about:blank",
        ]
        self._stderr_path = profile_dir.parent / "chromium-stderr.log"
        self._stderr = open(self._stderr_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self._stderr, preexec_fn=_child_fds, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self._w, self._r = to_child_w, from_child_r

    # -- transport ------------------------------------------------------------------------------
    def stderr_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self._stderr_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._w, data)
            data = data[n:]
        return self._next_id

    def _pump(self, timeout: float) -> None:
        """Read whatever arrives within ``timeout`` s; dispatch events and responses."""
        ready, _, _ = select.select([self._r], [], [], max(timeout, 0.0))
        if not ready:
            return
        chunk = os.read(self._r, 1 << 20)
        if not chunk:
            raise CDPError(f"Chromium closed the DevTools pipe (exit {self.proc.poll()}):\n"
                           + self.stderr_tail())
        self._buf += chunk
        *msgs, self._buf = self._buf.split(b"\0")
        for raw in msgs:
            msg = json.loads(raw)
            if "id" in msg:
                self._responses[msg["id"]] = msg
            else:
                self._on_event(msg)

    def _on_event(self, msg: dict) -> None:
        if msg.get("method") == "Fetch.requestPaused":
            p = msg["params"]
            url = p["request"]["url"]
            if url.startswith(self.allowed_origin) or url.startswith(("data:", "blob:")):
                self._send("Fetch.continueRequest", {"requestId": p["requestId"]}, msg.get("sessionId"))
            else:
                self.blocked.append(url)
                self._send("Fetch.failRequest", {"requestId": p["requestId"],
                                                 "errorReason": "InternetDisconnected"},
                           msg.get("sessionId"))
            return
        self.events.append(msg)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = PAGE_TIMEOUT_S) -> dict:
        i = self._send(method, params, session)
        deadline = time.monotonic() + timeout
        while i not in self._responses:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError(f"no answer to {method} within {timeout:.0f} s")
            self._pump(left)
        msg = self._responses.pop(i)
        if "error" in msg:
            raise CDPError(f"{method} failed: {msg['error']}")
        return msg.get("result", {})

    def wait_event(self, method: str, session: str, timeout: float = PAGE_TIMEOUT_S) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for ev in self.events:
                if ev.get("method") == method and ev.get("sessionId") == session:
                    return ev
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError(f"no {method} event within {timeout:.0f} s")
            self._pump(left)

    def close(self) -> None:
        try:
            self._send("Browser.close")
            self.proc.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(10)
        finally:
            for fd in (self._w, self._r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._stderr.close()

    # -- one page -------------------------------------------------------------------------------
    def open(self, url: str) -> tuple[str, list[dict]]:
        """Open ``url`` in a new tab with logging and request interception; return (session, its events)."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method, params in [("Page.enable", {}), ("Runtime.enable", {}), ("Log.enable", {}),
                               ("Network.enable", {}), ("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})]:
            self.call(method, params, session)
        nav = self.call("Page.navigate", {"url": url}, session)
        if nav.get("errorText"):
            raise CDPError(f"navigation to {url} failed: {nav['errorText']}")
        self.wait_event("Page.loadEventFired", session)
        return session, [ev for ev in self.events if ev.get("sessionId") == session]

    def evaluate(self, session: str, expression: str, timeout: float = PAGE_TIMEOUT_S):
        res = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                             "returnByValue": True, "timeout": timeout * 1000},
                        session, timeout=timeout + 5)
        if "exceptionDetails" in res:
            raise CDPError(f"page script failed: {res['exceptionDetails']}")
        return res["result"].get("value")


# What the page reports once MathJax has finished and every image has settled.
INSPECT_JS = r"""
(async () => {
  const t0 = Date.now();
  while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (Date.now() - t0 > 30000) return {error: "MathJax did not start within 30 s"};
    await new Promise(r => setTimeout(r, 50));
  }
  await MathJax.startup.promise;
  await document.fonts.ready;
  const imgs = Array.from(document.images);
  imgs.forEach(i => { i.loading = "eager"; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener("load", r, {once: true}); i.addEventListener("error", r, {once: true});
  })));
  // rendered text outside code, scripts and typeset math: raw TeX delimiters must not survive
  const skip = new Set(["PRE", "CODE", "SCRIPT", "STYLE", "TEXTAREA", "MJX-CONTAINER"]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      for (let e = n.parentElement; e; e = e.parentElement) {
        if (skip.has(e.tagName)) return NodeFilter.FILTER_REJECT;
        if (e.classList && (e.classList.contains("highlight") || e.classList.contains("cell_output"))
            && e.querySelector("pre")) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    }});
  const raw = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue;
    for (const d of ["\\(", "\\[", "\\begin{"]) {
      const k = t.indexOf(d);
      if (k >= 0) raw.push(t.slice(Math.max(0, k - 40), k + 60));
    }
  }
  const maths = Array.from(document.querySelectorAll(".math"));
  return {
    mjx: document.querySelectorAll("mjx-container").length,
    math_elements: maths.length,
    untypeset: maths.filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.slice(0, 80)),
    merrors: Array.from(document.querySelectorAll("mjx-merror")).map(e => e.textContent.slice(0, 120)),
    raw_tex: raw.slice(0, 10),
    images: imgs.map(i => ({src: i.getAttribute("src"), url: i.currentSrc || i.src,
                            complete: i.complete, width: i.naturalWidth})),
  };
})()
"""


def _problems_from_events(events: list[dict]) -> list[str]:
    out = []
    for ev in events:
        m, p = ev.get("method"), ev.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            out.append(f"console.{p['type']}: {text[:200]}")
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out.append(f"uncaught exception: {d.get('exception', {}).get('description', d.get('text'))}"[:300])
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            out.append(f"console error ({e.get('source')}): {e.get('text', '')[:200]} {e.get('url', '')}")
        elif m == "Network.loadingFailed" and not p.get("canceled"):
            out.append(f"request failed: {p.get('errorText')} (request {p.get('requestId')})")
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    try:
        exe = ensure_chromium(quiet=True)
    except ChromiumUnavailable as exc:
        pytest.skip(f"headless Chromium is not available and cannot be installed here: {exc}")
    profile = tmp_path_factory.mktemp("chromium") / "profile"
    profile.mkdir()
    return exe, profile


class Rendered:
    """What one page looked like in the browser: the page report, its events, blocked requests."""

    def __init__(self, rel: str, base: str, report: dict, events: list[dict], blocked: list[str],
                 server_log: list[tuple[str, int]]):
        self.rel, self.base, self.report, self.events = rel, base, report, events
        self.blocked, self.server_log = blocked, server_log

    def header(self) -> str:
        return (f"{self.rel} ({self.report.get('mjx', 0)} typeset formulas, "
                f"{len(self.report.get('images', []))} images)")


@pytest.fixture(scope="module", params=sorted(PAGES))
def rendered(request, site, browser, book_build) -> Rendered:
    """Open one chapter page in a fresh headless Chromium (once per page and module)."""
    page = request.param
    rel = PAGES[page]
    if not (book_build.html / rel).is_file():
        pytest.skip(f"{rel} was not built (chapter '{page}' not written or not in _toc.yml yet)")
    base, log = site
    exe, profile = browser
    chrome = Chromium(exe, profile / page, allowed_origin=base)
    try:
        session, _ = chrome.open(urljoin(base, rel))
        report = chrome.evaluate(session, INSPECT_JS)
        chrome._pump(0.5)  # late console messages
        events = [ev for ev in chrome.events if ev.get("sessionId") == session]
    except CDPError as exc:
        pytest.fail(f"driving Chromium failed on {rel}: {exc}\n--- chromium stderr ---\n"
                    f"{chrome.stderr_tail()}", pytrace=False)
    finally:
        chrome.close()
    if report.get("error"):
        pytest.fail(f"{rel}: {report['error']}\n" + "\n".join(_problems_from_events(events)), pytrace=False)
    return Rendered(rel, base, report, events, list(chrome.blocked), list(log))


def _fail_if(problems: list[str], r: Rendered) -> None:
    assert not problems, r.header() + ":\n" + "\n".join(f"  - {p}" for p in problems)


def test_math_is_typeset(rendered: Rendered):
    rep = rendered.report
    problems = []
    if rep["mjx"] == 0:
        problems.append("no mjx-container: MathJax typeset nothing")
    if rep["untypeset"]:
        problems.append(f"{len(rep['untypeset'])} of {rep['math_elements']} math elements were not "
                        f"typeset, e.g. {rep['untypeset'][:3]}")
    if rep["merrors"]:
        problems.append(f"MathJax errors in {len(rep['merrors'])} formulas: {rep['merrors'][:5]}")
    if rep["raw_tex"]:
        problems.append(f"raw TeX left in the rendered text: {rep['raw_tex'][:5]}")
    _fail_if(problems, rendered)


def test_every_image_loads(rendered: Rendered):
    requested: dict[str, set[int]] = {}
    for path, status in rendered.server_log:
        requested.setdefault(path, set()).add(status)
    problems = []
    for img in rendered.report["images"]:
        if not (img["complete"] and img["width"] > 0):
            problems.append(f"image did not load: {img['src']}")
        path = unquote(urlsplit(img["url"]).path)
        if img["url"].startswith(rendered.base) and not requested.get(path, set()) & {200, 304}:
            problems.append(f"image {img['src']} was not served with status 200 "
                            f"(server log: {sorted(requested.get(path, set()))})")
    _fail_if(problems, rendered)


def test_nothing_is_requested_from_the_network(rendered: Rendered):
    _fail_if([f"blocked a request to the network: {u}" for u in rendered.blocked], rendered)


def _console_errors(r: Rendered) -> list[str]:
    # /favicon.ico is requested by the browser itself, not by the page (the theme ships none)
    return [p for p in _problems_from_events(r.events) if "/favicon.ico" not in p]


def test_no_console_errors(rendered: Rendered):
    """No console error at all (the duplicated sphinx-thebe script is removed by book/_ext and the
    theme's colour mode is set in _config.yml, the two errors the stack used to produce)."""
    _fail_if(_console_errors(rendered), rendered)
