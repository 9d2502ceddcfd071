"""Preview server: build, serve, watch, rebuild, live-reload; keep the last good site.

After an edit the server loads, cleans and extracts again and swaps in a new
`LiveSite` (chronicle.live) whose pages render when first requested, so the open
tab reloads in a few hundred milliseconds; the rest of the site is rendered, written
to the output folder and indexed for search in the background. The served HTML gets
one extra script tag (/__chronicle/reload.js) that listens on /__chronicle/events
(server-sent events): on a new good build the page reloads; when a rebuild failed
it shows the diagnostics over the last good page, which stays served.
Only files of the site (in memory or inside the output folder) are served.
"""

from __future__ import annotations

import http.server
import json
import os
import queue
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from chronicle.build import BuildResult, Reuse, prepare_site
from chronicle.cli import EXIT_USAGE
from chronicle.core.diagnostics import ContentError, Diagnostic, has_errors
from chronicle.live import LiveSite
from chronicle.writer import PostStep, write_site

RELOAD_JS = b"""(function () {
  // The build the page came from, so an edit saved while it loaded still reloads it.
  var seen = Number(document.currentScript.getAttribute("data-build"));
  function show(errors) {
    var box = document.getElementById("chronicle-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre"); box.id = "chronicle-errors"; box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:1rem;" +
        "background:#3b0d0d;color:#fff;font:13px/1.5 monospace;z-index:99;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed: fix these and save, and the page reloads. " +
      "Until then it shows the last good build, if any.\\n\\n" + errors.join("\\n");
  }
  var events = new EventSource("/__chronicle/events");
  events.onmessage = function (e) {
    var s = JSON.parse(e.data);
    if (s.build !== seen && s.ok) { events.close(); location.reload(); return; }
    seen = s.build; show(s.errors);
  };
})();
"""
WATCHED = ("content", "templates", "src")
# Served for every page while no build has succeeded yet (the project was broken when `serve` started):
# a page, not a bare "not found", so the reload script can show the build's errors over it and reload
# it once a saved fix builds.
NO_SITE_YET = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chronicle preview</title></head>'
    b"<body><p>No site yet: the build failed. Its errors are shown below and in the terminal;"
    b" save a fix and this page reloads.</p></body></html>"
)


class State:
    """What the preview serves now, and the news the open tabs are waiting for."""

    def __init__(self) -> None:
        self.build = 0
        self.ok = True
        self.errors: list[str] = []
        self.live: LiveSite | None = None
        self.good: LiveSite | None = None
        self.changed = threading.Condition()
        self.reuse = Reuse()

    def status(self) -> bytes:
        with self.changed:
            return json.dumps({"build": self.build, "ok": self.ok, "errors": self.errors}).encode()

    def publish(self, live: LiveSite | None, errors: list[str]) -> None:
        """A new generation (live) or a failed one (errors, the last good one stays); wakes every open tab."""
        with self.changed:
            self.build += 1
            if live is not None:
                live.build = self.build
                self.live = live
            self.ok = not errors
            self.errors = errors
            self.changed.notify_all()


def snapshot(project: Path) -> dict[str, tuple[int, int]]:
    stamps: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        for root, _dirs, files in os.walk(project / name):
            for f in files:
                p = os.path.join(root, f)
                try:
                    st = os.stat(p)
                    stamps[p] = (st.st_mtime_ns, st.st_size)
                except OSError:
                    pass
    return stamps


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """The file for a URL path, or None when it would leave `root` (.., %2e%2e, backslashes, symlinks)."""
    path = unquote(urlsplit(url_path).path)
    if "\\" in path or "\x00" in path or any(part == ".." for part in path.split("/")):
        return None
    target = (root / path.lstrip("/")).resolve()
    root = root.resolve()
    if target != root and root not in target.parents:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def make_handler(out: Path, state: State) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            try:
                self._get()
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _get(self) -> None:
            path = urlsplit(self.path).path
            if path == "/__chronicle/reload.js":
                return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS)
            if path == "/__chronicle/status":
                return self._send(200, "application/json", state.status())
            if path == "/__chronicle/events":
                return self._events()
            key = site_key(self.path)
            body, build = self._from_memory(key) if key is not None else (None, 0)
            if body is not None and key is not None:
                return self._send(200, _content_type(key), _inject(body, build) if key.endswith(".html") else body)
            target = resolve_inside(out, self.path)
            if target is None:
                live = state.live
                in_memory = live is not None and key is not None and live.knows(key.removesuffix("index.html") + "/index.html")
                if not path.endswith("/") and (in_memory or resolve_inside(out, path + "/") is not None):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                body, build = self._from_memory("404.html")
                if body is None:
                    page = out / "404.html"
                    body, build = (page.read_bytes() if page.is_file() else NO_SITE_YET), state.build
                return self._send(404, "text/html; charset=utf-8", _inject(body, build))
            body = target.read_bytes()
            ctype = _content_type(target.name)
            if ctype.startswith("text/html"):
                body = _inject(body, state.build)
            return self._send(200, ctype, body)

        def _from_memory(self, key: str) -> tuple[bytes | None, int]:
            """The current generation's file and that generation's build number; a page that fails to
            render falls back to the last good generation."""
            live, good = state.live, state.good
            if live is None:
                return None, 0
            body = live.get(key)
            if body is None and live.failed:
                report_failure(state, live)
                if good is not None and good is not live:
                    return good.get(key), good.build
            return body, live.build

        def _events(self) -> None:
            """Server-sent events: the status now, then again on every build (a comment every 15 s keeps it open)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            seen = -1
            while True:
                with state.changed:
                    if state.build == seen:
                        state.changed.wait(timeout=15)
                    current = state.build
                if current == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(b"data: " + state.status() + b"\n\n")
                    seen = current
                self.wfile.flush()

        def _send(self, code: int, ctype: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".wasm": "application/wasm",
}


def _content_type(name: str) -> str:
    return TYPES.get(os.path.splitext(name)[1], "application/octet-stream")


def _inject(body: bytes, build: int) -> bytes:
    script = f'<script src="/__chronicle/reload.js" data-build="{build}"></script>\n</body>'.encode()
    return body.replace(b"</body>", script, 1)


def site_key(url_path: str) -> str | None:
    """The in-memory file name for a URL path (`/zh/` -> `zh/index.html`), or None for anything odd."""
    path = unquote(urlsplit(url_path).path)
    if "\\" in path or "\x00" in path or any(part in ("..", ".") for part in path.split("/")):
        return None
    key = path.lstrip("/")
    return key + "index.html" if key == "" or key.endswith("/") else key


def refresh(project: Path, state: State) -> LiveSite | None:
    """Load, clean and extract again; publish the new generation (pages render on request) or the errors."""
    started = time.perf_counter()
    result = BuildResult()
    try:
        prepared = prepare_site(project, result, state.reuse)
    except Exception as err:  # noqa: BLE001 - shown in the browser, server keeps running
        prepared, result.diagnostics = None, [*result.diagnostics, Diagnostic("error", "SRV001", "", 0, f"{type(err).__name__}: {err}")]
    if prepared is None or has_errors(result.diagnostics):
        errors = [d.format() for d in result.diagnostics]
        state.publish(None, errors)
        print("build failed:\n  " + "\n  ".join(errors), file=sys.stderr)
        return None
    live = LiveSite(prepared)
    state.publish(live, [])
    print(f"reloaded in {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)
    return live


def report_failure(state: State, live: LiveSite) -> None:
    """A page of `live` failed to render: serve the last good generation again and show why (once)."""
    with state.changed:
        if state.live is not live:
            return
        state.live = state.good
    errors = [d.format() for d in live.diagnostics]
    state.publish(None, errors)
    print("build failed:\n  " + "\n  ".join(errors), file=sys.stderr)


# After an edit, how long the rest of the site waits for the open tab to ask for its page before it
# is rendered anyway (no tab open, or a slow one): the page the user looks at comes first.
FIRST_REQUEST_WAIT = 0.5


def complete(live: LiveSite, out: Path, state: State, indexer: PostStep) -> None:
    """Render the rest of `live`, write it to `out` atomically and index it; skipped once a newer edit came."""
    started = time.perf_counter()
    files = live.render_all(stale=lambda: state.live is not live)
    if files is None:
        if live.failed:
            report_failure(state, live)
        return
    try:
        write_site(files, out, post=indexer)
    except ContentError as err:
        state.publish(None, [d.format() for d in err.diagnostics])
        return
    state.good = live
    print(f"rendered, written and indexed in {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)


def serve(project: Path, out: Path, host: str, port: int) -> int:
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}: the preview is reachable from other machines", file=sys.stderr)
    from chronicle.search import make_indexer

    indexer = make_indexer()
    try:  # the Pagefind services end with the preview, however it ends (a port in use, Ctrl-C)
        return _serve_with(project, out, host, port, indexer)
    finally:
        indexer.abort()


def _serve_with(project: Path, out: Path, host: str, port: int, indexer: PostStep) -> int:
    state = State()
    try:  # before the first build: a port in use is said at once, not after the build, as a bare OSError
        server = http.server.ThreadingHTTPServer((host, port), make_handler(out, state))
    except OSError as err:
        hint = f"pass another --port, e.g. --port {port + 1}"
        print(f"{host}:{port}: error: cannot listen there: {err.strerror or err} ({hint})", file=sys.stderr)
        return EXIT_USAGE  # fixed by another --port
    first = refresh(project, state)
    if first is not None:
        complete(first, out, state, indexer)
    server.daemon_threads = True
    stop = threading.Event()
    generations: queue.Queue[LiveSite] = queue.Queue()

    def finish() -> None:
        while True:
            live = generations.get()
            while not generations.empty():
                live = generations.get()
            live.wait_for_request(FIRST_REQUEST_WAIT)
            complete(live, out, state, indexer)

    def watch() -> None:
        before = snapshot(project)
        while not stop.wait(0.02):
            now = snapshot(project)
            if now != before:
                src_changed = any(
                    k.startswith(str(project / "src")) for k in set(now) ^ set(before) | {k for k in now if before.get(k) != now[k]}
                )
                before = now
                if src_changed:
                    print("code changed: restarting", file=sys.stderr)
                    server.shutdown()
                    os.execv(sys.executable, [sys.executable, "-m", "chronicle", *sys.argv[1:]])
                live = refresh(project, state)
                if live is not None:
                    generations.put(live)

    threading.Thread(target=finish, daemon=True).start()
    threading.Thread(target=watch, daemon=True).start()
    print(f"serving {out} on http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        stop.set()
        server.server_close()
    return 0
