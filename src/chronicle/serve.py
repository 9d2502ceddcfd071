"""Preview server: build, serve, watch, rebuild, live-reload; keep the last good site.

The served HTML gets one extra script tag (/__chronicle/reload.js) that polls
/__chronicle/status; when the build number changes the page reloads, and
when a rebuild failed it shows the diagnostics over the last good page.
Only files inside the output folder are served; anything else is a 404.
"""

from __future__ import annotations

import http.server
import json
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from chronicle.core.diagnostics import ContentError

RELOAD_JS = b"""(function () {
  var seen = null;
  function show(errors) {
    var box = document.getElementById("chronicle-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre"); box.id = "chronicle-errors"; box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:1rem;" +
        "background:#3b0d0d;color:#fff;font:13px/1.5 monospace;z-index:99;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed; showing the last good site.\\n\\n" + errors.join("\\n");
  }
  function poll() {
    fetch("/__chronicle/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen && s.ok) { location.reload(); return; }
      seen = s.build; show(s.errors);
    }).catch(function () {}).finally(function () { setTimeout(poll, 300); });
  }
  poll();
})();
"""
WATCHED = ("content", "templates", "src")


class State:
    def __init__(self) -> None:
        self.build = 0
        self.ok = True
        self.errors: list[str] = []
        self.lock = threading.Lock()


def snapshot(project: Path) -> dict[str, float]:
    stamps: dict[str, float] = {}
    for name in WATCHED:
        for root, _dirs, files in os.walk(project / name):
            for f in files:
                p = os.path.join(root, f)
                try:
                    stamps[p] = os.stat(p).st_mtime_ns
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
                with state.lock:
                    body = json.dumps({"build": state.build, "ok": state.ok, "errors": state.errors}).encode()
                return self._send(200, "application/json", body)
            target = resolve_inside(out, self.path)
            if target is None:
                if path.endswith("/") is False and (resolve_inside(out, path + "/") is not None):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                page = out / "404.html"
                body = page.read_bytes() if page.is_file() else b"not found"
                return self._send(404, "text/html; charset=utf-8", _inject(body))
            body = target.read_bytes()
            ctype = _content_type(target.name)
            if ctype.startswith("text/html"):
                body = _inject(body)
            return self._send(200, ctype, body)

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


def _inject(body: bytes) -> bytes:
    return body.replace(b"</body>", b'<script src="/__chronicle/reload.js"></script>\n</body>', 1)


def rebuild(project: Path, out: Path, state: State) -> None:
    from chronicle.build import build
    from chronicle.search import make_indexer

    started = time.perf_counter()
    try:
        build(project, out, post=make_indexer())
        errors: list[str] = []
    except ContentError as err:
        errors = [d.format() for d in err.diagnostics]
    except Exception as err:  # noqa: BLE001 - shown in the browser, server keeps running
        errors = [f"{type(err).__name__}: {err}"]
    with state.lock:
        state.ok = not errors
        state.errors = errors
        state.build += 1
    took = (time.perf_counter() - started) * 1000
    print(f"rebuilt in {took:.0f} ms" if not errors else "build failed:\n  " + "\n  ".join(errors), file=sys.stderr)


def serve(project: Path, out: Path, host: str, port: int) -> int:
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}: the preview is reachable from other machines", file=sys.stderr)
    state = State()
    rebuild(project, out, state)
    server = http.server.ThreadingHTTPServer((host, port), make_handler(out, state))
    server.daemon_threads = True
    stop = threading.Event()

    def watch() -> None:
        before = snapshot(project)
        while not stop.wait(0.1):
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
                rebuild(project, out, state)

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
