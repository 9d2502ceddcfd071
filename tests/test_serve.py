"""The preview server serves only the output folder, in parallel, and survives rude clients."""

from __future__ import annotations

import http.client
import os
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from chronicle.serve import State, make_handler, resolve_inside


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    import http.server

    out = tmp_path / "site"
    (out / "zh").mkdir(parents=True)
    (out / "zh" / "index.html").write_text("<html><body>中文首页</body></html>", encoding="utf-8")
    (out / "404.html").write_text("<html><body>not found page</body></html>", encoding="utf-8")
    (out / "big.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", out / "link.txt")
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(out, State()))
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", srv.server_address[1], out
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


def test_serves_pages_with_live_reload_script(server: tuple[str, int, Path]) -> None:
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
def test_paths_outside_the_folder_are_404(server: tuple[str, int, Path], path: str) -> None:
    status, body = get(server[0], server[1], path)
    assert status == 404
    assert b"secret" not in body and b"root:" not in body


def test_resolve_inside_rejects_escapes(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("x", encoding="utf-8")
    assert resolve_inside(tmp_path, "/a.html") == (tmp_path / "a.html").resolve()
    assert resolve_inside(tmp_path, "/../a.html") is None
    assert resolve_inside(tmp_path, "/%2e%2e/etc/passwd") is None


def test_200_parallel_requests(server: tuple[str, int, Path]) -> None:
    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(lambda _: get(server[0], server[1], "/zh/")[0], range(200)))
    assert results == [200] * 200


def test_survives_client_that_disconnects_mid_response(server: tuple[str, int, Path]) -> None:
    for _ in range(5):
        sock = socket.create_connection((server[0], server[1]))
        sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(1024)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    assert get(server[0], server[1], "/zh/")[0] == 200


def test_serve_warns_when_listening_on_all_interfaces(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import chronicle.serve as serve_module

    monkeypatch.setattr(serve_module, "rebuild", lambda *a: None)

    class Stop(Exception):
        pass

    def no_server(*a: object, **k: object) -> None:
        raise Stop

    monkeypatch.setattr(serve_module.http.server, "ThreadingHTTPServer", no_server)
    with pytest.raises(Stop):
        serve_module.serve(Path("."), Path("site"), "0.0.0.0", 0)
    assert "warning: listening on 0.0.0.0" in capsys.readouterr().err
