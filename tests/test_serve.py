"""The preview server serves only the files it made, from memory, in parallel, and survives rude clients."""

from __future__ import annotations

import http.client
import os
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from chronicle.serve import Server, State, complete, make_handler, refresh, site_key


class Fixed:
    """A generation of fixed files, answering the handler as a `LiveSite` does: enough for the HTTP layer."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files, self.build, self.failed = files, 1, False
        self.prepared = SimpleNamespace(site={"base_url": "https://example.org/"})

    def get(self, key: str) -> bytes | None:
        return self.files.get(key)

    def knows(self, key: str) -> bool:
        return key in self.files


def fixed_state() -> State:
    state = State()
    state.live = Fixed(
        {
            "zh/index.html": "<html><body>中文首页</body></html>".encode(),
            "404.html": b"<html><body>not found page</body></html>",
            "big.bin": os.urandom(4 * 1024 * 1024),
        }
    )
    return state


@pytest.fixture()
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")  # beside the working folder: never served
    os.symlink(tmp_path / "secret.txt", tmp_path / "link.txt")
    monkeypatch.chdir(tmp_path)
    srv = Server(("127.0.0.1", 0), make_handler(fixed_state()))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def get(host: str, port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def test_serves_pages_with_live_reload_script(server: tuple[str, int]) -> None:
    status, body = get(server[0], server[1], "/zh/")
    assert status == 200 and "中文首页".encode() in body
    assert b"/__chronicle/reload.js" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/zh/%2E%2E/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/zh\\..\\..\\secret.txt",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/link.txt",
        "/zh/%00",
    ],
)
def test_paths_outside_the_folder_are_404(server: tuple[str, int], path: str) -> None:
    status, body = get(server[0], server[1], path)
    assert status == 404
    assert b"secret" not in body and b"root:" not in body


def test_500_requests_from_200_clients_at_once_are_all_answered(server: tuple[str, int]) -> None:
    """With the standard library's listen backlog of 5, some of these got no answer within 40 s."""
    with ThreadPoolExecutor(max_workers=200) as pool:
        results = list(pool.map(lambda _: get(server[0], server[1], "/zh/")[0], range(500)))
    assert results == [200] * 500


def test_head_is_answered_without_a_body(server: tuple[str, int]) -> None:
    conn = http.client.HTTPConnection(server[0], server[1], timeout=10)
    conn.request("HEAD", "/zh/")
    resp = conn.getresponse()
    assert resp.status == 200 and int(resp.getheader("Content-Length")) > 0 and resp.read() == b""
    conn.close()


def test_a_name_the_file_system_cannot_hold_is_404(server: tuple[str, int]) -> None:
    """A path segment over 255 bytes used to drop the connection with a traceback."""
    assert get(server[0], server[1], "/" + "a" * 300 + "/")[0] == 404
    assert get(server[0], server[1], "/zh/" + "%E5%AD%97" * 200)[0] == 404  # 600 bytes once decoded


def test_a_stalled_client_is_dropped_and_others_are_served(server: tuple[str, int]) -> None:
    srv = Server(("127.0.0.1", 0), make_handler(fixed_state(), idle_timeout=1))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        stalled = socket.create_connection(("127.0.0.1", srv.server_address[1]))
        stalled.sendall(b"GET /zh/ HTTP/1.1\r\n")  # and never the rest
        assert get("127.0.0.1", srv.server_address[1], "/zh/")[0] == 200
        stalled.settimeout(10)
        assert stalled.recv(1024) == b""  # closed by the server after its idle timeout, not held for ever
        stalled.close()
    finally:
        srv.shutdown()
        srv.server_close()


def test_survives_client_that_disconnects_mid_response(server: tuple[str, int]) -> None:
    for _ in range(5):
        sock = socket.create_connection((server[0], server[1]))
        sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(1024)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    assert get(server[0], server[1], "/zh/")[0] == 200
    status, body = get(server[0], server[1], "/__chronicle/status")
    assert status == 200 and b'"errors": []' in body, "a client that went away is not a bug to show in the tabs"


def test_serve_warns_when_listening_on_all_interfaces(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import chronicle.serve as serve_module

    monkeypatch.setattr(serve_module, "refresh", lambda *a: None)

    class Stop(Exception):
        pass

    def no_server(*a: object, **k: object) -> None:
        raise Stop

    monkeypatch.setattr(serve_module, "Server", no_server)
    with pytest.raises(Stop):
        serve_module.serve(Path("."), Path("site"), "0.0.0.0", 0)
    assert "warning: listening on 0.0.0.0" in capsys.readouterr().err


def test_a_port_in_use_is_said_at_once_before_any_build(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It used to build the whole site, then end in 'error: OSError: [Errno 98]'; now it says which
    address, why, and what to pass instead, and builds nothing."""
    from chronicle.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["--project", str(project), "serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"127.0.0.1:{port}: error: cannot listen there: Address already in use (pass another --port, e.g. --port {port + 1})" in err
    assert "rendered" not in err and not (project / "site").exists()


def test_a_project_broken_from_the_start_shows_its_errors_then_the_site(project: Path) -> None:
    """`serve` on a broken project used to answer every page with a bare "not found": no errors in the tab,
    and no reload once fixed. Now each page is a short page carrying the reload script (which shows the
    errors over it), and the fixed build is served."""

    site_yaml = project / "content" / "site.yaml"
    good = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(good.replace("base_url:", "base_ur:"), encoding="utf-8")
    out, state = project / "site", State()
    assert refresh(project, state) is None and not state.ok
    srv = Server(("127.0.0.1", 0), make_handler(state))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    host, port = "127.0.0.1", srv.server_address[1]
    try:
        status, body = get(host, port, "/zh/")
        assert status == 404 and b"No site yet: the build failed" in body and b"/__chronicle/reload.js" in body
        status, body = get(host, port, "/__chronicle/status")
        assert b"unknown field 'base_ur'" in body
        site_yaml.write_text(good, encoding="utf-8")
        fixed = refresh(project, state)
        assert fixed is not None and state.ok
        complete(fixed, out, state)
        status, body = get(host, port, "/zh/")
        assert status == 200 and "时间线".encode() in body
    finally:
        srv.shutdown()
        srv.server_close()


def test_search_asked_for_before_the_first_index_waits_for_it(project: Path) -> None:
    """The preview answers before the site is written and indexed: the search bundle, asked for then,
    came back 404 (71 of 500 requests right after `make preview` started) and the search page stayed broken."""
    out, state = project / "site", State()
    first = refresh(project, state)
    assert first is not None and not (out / "pagefind").exists()
    srv = Server(("127.0.0.1", 0), make_handler(state))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with ThreadPoolExecutor(1) as pool:
            asked = pool.submit(get, "127.0.0.1", srv.server_address[1], "/pagefind/pagefind-entry.json")
            complete(first, out, state)
            status, body = asked.result(timeout=30)
        assert status == 200 and b'"languages"' in body
        (out / "zh" / "planted.html").write_text("<p>put there by hand</p>", encoding="utf-8")
        assert (out / "pagefind" / "pagefind-entry.json").is_file() and get("127.0.0.1", srv.server_address[1], "/zh/planted.html")[
            0
        ] == 404, "the site is written, but what is served comes from memory: nothing is read from disk"
    finally:
        srv.shutdown()
        srv.server_close()


def test_site_key_maps_url_paths_to_file_names() -> None:
    assert site_key("/") == "index.html"
    assert site_key("/zh/sources/000/?x=1#p3") == "zh/sources/000/index.html"
    assert site_key("/assets/style.css") == "assets/style.css"
    assert site_key("/%E4%B8%AD/") == "中/index.html"
    assert site_key("/zh/../secret.txt") is None
    assert site_key("/zh/%2e%2e/secret.txt") is None


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    import shutil

    repo = Path(__file__).resolve().parent.parent
    for name in ("content", "templates"):
        shutil.copytree(repo / name, tmp_path / name)
    return tmp_path


def test_edit_reloads_and_a_broken_edit_keeps_the_last_good_site(project: Path) -> None:
    """The preview's rebuild cycle: a good edit is served at once; a bad one shows errors and changes nothing served."""

    out = project / "site"
    state = State()
    first = refresh(project, state)
    assert first is not None and state.ok and state.build == 1
    complete(first, out, state)
    assert state.good is first and (out / "zh" / "sources" / "000" / "index.html").is_file()
    srv = Server(("127.0.0.1", 0), make_handler(state))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    host, port = "127.0.0.1", srv.server_address[1]
    try:
        base = project / "templates" / "base.html"
        good_template = base.read_text(encoding="utf-8")
        base.write_text(good_template.replace("</footer>", "MARKER-1</footer>"), encoding="utf-8")
        assert refresh(project, state) is not None and state.ok and state.build == 2
        status, body = get(host, port, "/zh/sources/000/")
        assert status == 200 and b"MARKER-1" in body and b"/__chronicle/reload.js" in body

        # A YAML error: nothing new is published, the last generation stays served, the error names file and line.
        site_yaml = project / "content" / "site.yaml"
        site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "\n  bad: [\n", encoding="utf-8")
        assert refresh(project, state) is None and not state.ok and state.build == 3
        assert any(e.startswith("content/site.yaml:") for e in state.errors), state.errors
        status, body = get(host, port, "/en/sources/000/")
        assert status == 200 and b"MARKER-1" in body

        # A template that fails only when a page renders: the page in the tab falls back to the last good one.
        site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("\n  bad: [\n", ""), encoding="utf-8")
        base.write_text(good_template.replace("</footer>", "{{ no_such_variable }}</footer>"), encoding="utf-8")
        assert refresh(project, state) is not None and state.ok
        status, body = get(host, port, "/zh/timeline/")
        # The last complete generation is the first one (the second never finished rendering).
        assert status == 200 and b"<h1" in body and b"MARKER-1" not in body
        assert not state.ok and any("no_such_variable" in e and "templates/base.html:" in e for e in state.errors), state.errors
    finally:
        srv.shutdown()
        srv.server_close()


def _wait_for(host: str, port: int, path: str, seconds: float) -> int:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return get(host, port, path)[0]
        except OSError:
            time.sleep(0.1)
    return 0


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_stopped_while_writing_it_leaves_nothing_beside_the_site(project: Path, tmp_path: Path) -> None:
    """SIGTERM (or Ctrl-C) while the background wrote and indexed left its temporary folder, and Pagefind
    running into it: the background's work is now cancelled and cleaned up before the process exits."""
    import signal
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--project", str(project), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for("127.0.0.1", port, "/zh/", 60) == 200
        assert _until(lambda: any(project.glob(".site-new-*")), 60), "no generation was written"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=40) == 130
        assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    finally:
        proc.kill()


def test_a_change_under_src_restarts_the_server_and_sigterm_stops_it_with_130(project: Path, tmp_path: Path) -> None:
    """Saving a file under src/ used to log 'code changed: restarting' and leave nothing listening, exit 0."""
    import signal
    import subprocess
    import sys
    import time

    (project / "src").mkdir()
    code_file = project / "src" / "module.py"
    code_file.write_text("x = 1\n", encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "chronicle", "--project", str(project), "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        assert _wait_for("127.0.0.1", port, "/zh/", 60) == 200
        for n in (2, 3):  # every time, not only the first; saved while a generation is being written
            assert _until(lambda: any(project.glob(".site-new-*")), 60), "no generation was written"
            code_file.write_text(f"x = {n}\n", encoding="utf-8")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and Path(log.name).read_text(encoding="utf-8").count("serving ") < n:
                time.sleep(0.1)
            assert _wait_for("127.0.0.1", port, "/en/", 60) == 200
            assert proc.poll() is None
        text = Path(log.name).read_text(encoding="utf-8")
        assert text.count("code changed: restarting") == 2 and text.count("serving ") == 3, text
        deadline = time.monotonic() + 60  # the last server writes its site; what the restarts cut short is gone
        while time.monotonic() < deadline and "written" not in Path(log.name).read_text(encoding="utf-8").rsplit("serving ", 1)[1]:
            time.sleep(0.1)
        assert (project / "site" / "zh" / "index.html").is_file()
        assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 130
    finally:
        proc.kill()
        log.close()


def test_a_bug_met_making_a_page_is_a_500_and_an_error_in_the_tab(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception while a page was made dropped the connection with a traceback, and in the
    background it ended the thread that writes and indexes every later edit. Now it is shown like a failed
    build, the request gets a 500 page carrying the reload script, and both go on."""
    from chronicle import live as live_module

    render = live_module.render_page

    def broken(prepared, page, diagnostics):  # noqa: ANN001, ANN202 - the signature of build.render_page
        if page.route == "en/about/":
            raise KeyError("no-such-entry")
        return render(prepared, page, diagnostics)

    monkeypatch.setattr(live_module, "render_page", broken)
    out, state = project / "site", State()
    live = refresh(project, state)
    assert live is not None
    srv = Server(("127.0.0.1", 0), make_handler(state))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    host, port = "127.0.0.1", srv.server_address[1]
    try:
        status, body = get(host, port, "/en/about/")
        assert status == 500 and b"/__chronicle/reload.js" in body
        assert any("KeyError: 'no-such-entry'" in e and "[SRV001]" in e for e in state.errors), state.errors
        assert get(host, port, "/zh/about/")[0] == 200
        complete(live, out, state)  # raised out of the background thread before
        assert not (out / "en" / "about").exists() and any("no-such-entry" in e for e in state.errors)
    finally:
        srv.shutdown()
        srv.server_close()


def test_every_bundle_of_a_split_index_is_served_from_memory() -> None:
    """A large site's index is split over bundles (pagefind, pagefind-1 …): the preview serves each of them."""
    state = fixed_state()
    state.search = {"pagefind/bundles.js": b"window.chronicleBundles = {};", "pagefind-12/pagefind-entry.json": b'{"languages":{}}'}
    state.indexed.set()
    srv = Server(("127.0.0.1", 0), make_handler(state))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        port = srv.server_address[1]
        assert get("127.0.0.1", port, "/pagefind-12/pagefind-entry.json") == (200, b'{"languages":{}}')
        assert get("127.0.0.1", port, "/pagefind/bundles.js")[0] == 200
        assert get("127.0.0.1", port, "/pagefind-x/pagefind-entry.json")[0] == 404
    finally:
        srv.shutdown()
        srv.server_close()
