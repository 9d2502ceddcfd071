"""Preview server: build, serve, watch, rebuild, live-reload; keep the last good site.

After an edit the server prepares the site again and swaps in a new `LiveSite`
whose pages render when first requested, so the open tab reloads within a few
hundred milliseconds; the rest is rendered, written and indexed in the
background. Served HTML gets one script (/__chronicle/reload.js) that listens
on /__chronicle/events (server-sent events): a good build reloads the page, a
failed one shows its diagnostics over the last good page, which stays served.
A change under `src/` restarts the whole server. Only files the preview made
are served, from memory: nothing is read from disk.
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import os
import queue
import sys
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from chronicle.build import BuildResult, Reuse, prepare_site
from chronicle.core.diagnostics import Diagnostic, has_errors
from chronicle.live import LiveSite
from chronicle.render.pages import site_path
from chronicle.search import IndexCancelled, in_bundle, index_site
from chronicle.writer import WriteError, staged_output, write_files

# Injected into every served page: reloads it after a good build, shows a failed one's errors.
RELOAD_JS = (Path(__file__).parent / "reload.js").read_bytes()
WATCHED = ("content", "templates", "src")


def _notice(text: str) -> bytes:
    """A bare page saying `text`: the reload script injected into it shows the errors and reloads."""
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chronicle preview</title></head>'
    return f"{head}<body><p>{text}</p></body></html>".encode()


# Served for every page while no build has succeeded yet.
NO_SITE_YET = _notice("No site yet: the build failed. Its errors are shown below and in the terminal; save a fix and this page reloads.")
# Served when making a page raised an unexpected error; the server goes on.
NO_PAGE = _notice("This page could not be made. The error is shown below and in the terminal.")
# After an edit, how long the background waits for the open tab to ask for its page before rendering the rest.
FIRST_REQUEST_WAIT = 0.5
# A client that sends nothing for this long is dropped, so a stalled one holds no thread for ever.
IDLE_TIMEOUT = 30


class PortUnavailable(Exception):
    """The address cannot be listened on; fixed by another --port."""


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
        self.search: dict[str, bytes] = {}  # the search bundle of the last generation written and indexed
        self.indexed = threading.Event()  # set once there is one

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


def _plain_path(url_path: str) -> str | None:
    """The decoded path of a URL, or None when it holds a backslash, a NUL or a `.`/`..` segment."""
    path = unquote(urlsplit(url_path).path)
    return None if "\\" in path or "\x00" in path or any(part in ("..", ".") for part in path.split("/")) else path


def site_key(url_path: str) -> str | None:
    """The in-memory file name for a URL path (`/zh/` -> `zh/index.html`), or None for anything odd."""
    path = _plain_path(url_path)
    if path is None:
        return None
    key = path.lstrip("/")
    return key + "index.html" if key == "" or key.endswith("/") else key


def make_handler(state: State, idle_timeout: float = IDLE_TIMEOUT) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = idle_timeout

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            self._answer(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            try:
                self._route(with_body)
            except (ConnectionError, TimeoutError):  # the client went away or stalled
                self.close_connection = True
            except Exception as err:  # noqa: BLE001 - a bug met making one page: said in the tab, the server goes on
                _failed(state, [_unexpected(err)])
                self._send(500, "text/html; charset=utf-8", _inject(NO_PAGE, state.build), with_body)

        def _route(self, with_body: bool) -> None:
            live = state.live
            prefix = site_path(live.prepared.site) if live is not None else "/"
            if prefix != "/" and self.path.startswith(prefix):  # 404.html links from the site's published path
                self.path = "/" + self.path[len(prefix) :]
            path = urlsplit(self.path).path
            if path == "/__chronicle/reload.js":
                return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS, with_body)
            if path == "/__chronicle/status":
                return self._send(200, "application/json", state.status(), with_body)
            if path == "/__chronicle/events" and with_body:
                return self._events()
            key = site_key(self.path)
            body, build = self._from_memory(key) if key is not None else (None, 0)
            if body is not None and key is not None:
                return self._send(200, _content_type(key), _inject(body, build) if key.endswith(".html") else body, with_body)
            if key is not None and not path.endswith("/") and live is not None and live.knows(key + "/index.html"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            body, build = self._from_memory("404.html")
            if body is None:
                body, build = NO_SITE_YET, state.build
            return self._send(404, "text/html; charset=utf-8", _inject(body, build), with_body)

        def _from_memory(self, key: str) -> tuple[bytes | None, int]:
            """The current generation's file and its build number; a page that fails falls back to the last good one.
            The search bundle is the last indexed generation's (asked for before the first index, it waits for it)."""
            if in_bundle(key):
                state.indexed.wait(IDLE_TIMEOUT)
                return state.search.get(key), state.build
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
            """Server-sent events: the status now, then on every build (a comment every 15 s keeps it open)."""
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
                self.wfile.write(b": keep-alive\n\n" if current == seen else b"data: " + state.status() + b"\n\n")
                self.wfile.flush()
                seen = current

        def _send(self, code: int, ctype: str, body: bytes, with_body: bool) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if with_body:
                self.wfile.write(body)

    return Handler


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024  # the standard library's 5 turned away parallel clients
    daemon_threads = True


def _content_type(name: str) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def _inject(body: bytes, build: int) -> bytes:
    script = f'<script src="/__chronicle/reload.js" data-build="{build}"></script>\n</body>'.encode()
    return body.replace(b"</body>", script, 1)


def refresh(project: Path, state: State) -> LiveSite | None:
    """Prepare the site again; publish the new generation (pages render on request) or the errors."""
    started = time.perf_counter()
    result = BuildResult()
    try:
        prepared = prepare_site(project, result, state.reuse)
    except Exception as err:  # noqa: BLE001 - shown in the browser, the server keeps running
        prepared, result.diagnostics = None, [*result.diagnostics, _unexpected(err)]
    if prepared is None or has_errors(result.diagnostics):
        _failed(state, result.diagnostics)
        return None
    live = LiveSite(prepared)
    state.publish(live, [])
    print(f"reloaded in {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)
    return live


def prepare_edit(project: Path, state: State) -> LiveSite | None:
    """`refresh` after an edit, while the background rendering of the site being served waits: sharing the
    interpreter with it made preparing several times slower (bench/RESULTS.md)."""
    with state.live.first() if state.live is not None else nullcontext():
        return refresh(project, state)


def report_failure(state: State, live: LiveSite) -> None:
    """A page of `live` failed to render: serve the last good generation again and show why (once)."""
    with state.changed:
        if state.live is not live:
            return
        state.live = state.good
    _failed(state, live.diagnostics)


def _failed(state: State, diagnostics: list[Diagnostic]) -> None:
    """Show a failed build's diagnostics in the open tabs (over the last good page) and in the terminal."""
    errors = [d.format() for d in diagnostics]
    state.publish(None, errors)
    print("build failed:\n  " + "\n  ".join(errors), file=sys.stderr)


def _unexpected(err: Exception) -> Diagnostic:
    hint = "a bug in chronicle: `chronicle --debug check` shows where"
    return Diagnostic("error", "SRV001", "", 0, f"{type(err).__name__}: {err}", hint)


def complete(live: LiveSite, out: Path, state: State) -> None:
    """Render the rest of `live`, write it to `out` atomically and index it; skipped once a newer edit came.

    An unexpected error is shown like a failed build: the background goes on with the next edit.
    """
    started = time.perf_counter()
    try:
        files = live.render_all(stale=lambda: state.live is not live)
        if files is None:
            if live.failed:
                report_failure(state, live)
            return
        with staged_output(out) as folder:
            write_files(folder, files, previous=out)
            bundle = index_site(folder, cancelled=lambda: state.live is not live)
    except IndexCancelled:
        return  # a newer edit came: its own turn writes and indexes
    except WriteError as err:
        state.publish(None, [f"error: {err}"])
        return
    except Exception as err:  # noqa: BLE001 - the background thread must outlive a bug
        _failed(state, [_unexpected(err)])
        return
    state.good, state.search = live, bundle
    state.indexed.set()
    print(f"rendered, written and indexed in {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)


def _saved_since(folder: Path, moment: float) -> bool:
    """Whether a file under `folder` was saved after `moment` (seconds since the epoch)."""
    try:
        return any(f.stat().st_mtime > moment for f in folder.rglob("*") if f.is_file())
    except OSError:  # a file removed while we look: changed
        return True


def serve(project: Path, out: Path, host: str, port: int) -> int:
    """Serve until Ctrl-C (exit code 130); a change under src/ restarts the process in place."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}: the preview is reachable from other machines", file=sys.stderr)
    started = time.time()  # a file of src/ saved after this is newer than the code this process runs
    state = State()
    try:  # before the first build: a port in use is said at once
        server = Server((host, port), make_handler(state))
    except OSError as err:
        raise PortUnavailable(
            f"{host}:{port}: error: cannot listen there: {err.strerror or err} (pass another --port, e.g. --port {port + 1})"
        ) from None
    stop, restart = threading.Event(), threading.Event()
    generations: queue.Queue[LiveSite] = queue.Queue()  # each is written and indexed behind the pages it serves
    busy = threading.Lock()  # held while one is
    first = refresh(project, state)
    if first is not None:
        generations.put(first)

    def finish() -> None:
        while True:
            live = generations.get()
            while not generations.empty():
                live = generations.get()
            live.wait_for_request(FIRST_REQUEST_WAIT)
            with busy:
                complete(live, out, state)

    def watch() -> None:
        folders = [project / name for name in WATCHED if (project / name).is_dir()]
        code = (project / "src").resolve()
        ready = False  # the first timeout: by then the watcher sees every change; one saved while it started is found by time
        for changes in watchfiles.watch(*folders, step=20, stop_event=stop, raise_interrupt=False, rust_timeout=500, yield_on_timeout=True):
            saved = not ready and _saved_since(code, started)
            ready = True
            if saved or any(Path(path).resolve().is_relative_to(code) for _, path in changes):
                print("code changed: restarting", file=sys.stderr)
                restart.set()
                server.shutdown()
                return
            if not changes:
                continue
            live = prepare_edit(project, state)
            if live is not None:
                generations.put(live)

    threading.Thread(target=finish, daemon=True).start()
    threading.Thread(target=watch, daemon=True).start()
    print(f"serving {out} on http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
    finally:
        stop.set()
        server.server_close()
        with state.changed:
            state.live = None  # the generation at work is now stale: its render, write and index stop
        busy.acquire(timeout=30)  # and leave nothing behind (no Pagefind running, no half-written folder)
    if restart.is_set():  # from the main thread, so the process goes on as the new server
        os.execv(sys.executable, [sys.executable, "-m", "chronicle", *sys.argv[1:]])
    return 0
