"""Published under a path prefix, as on https://user.github.io/repo/: every page, link and asset resolves there."""

from __future__ import annotations

import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from chronicle.cli import main

REPO = Path(__file__).resolve().parents[1]
PREFIX = "/repo/"


class PrefixHandler(SimpleHTTPRequestHandler):
    """The site at PREFIX only, and 404.html (status 404) for anything missing, as static hosts do."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        local = urlsplit(path).path
        return super().translate_path("/" + local[len(PREFIX) :] if local.startswith(PREFIX) else "/no-such-file")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and ((name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("script", "img"))):
                self.found.append(value)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real project built for https://example.org/repo/ and served at http://127.0.0.1:PORT/repo/."""
    root = tmp_path_factory.mktemp("published")
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, root / name)
    site_yaml = root / "content" / "site.yaml"
    text = re.sub(r"^base_url: .*$", "base_url: https://example.org/repo/", site_yaml.read_text(encoding="utf-8"), flags=re.M)
    site_yaml.write_text(text, encoding="utf-8")
    assert main(["--project", str(root), "build", "--out", str(root / "site")]) == 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PrefixHandler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def links_of(url: str, body: bytes) -> list[str]:
    reader = Links()
    reader.feed(body.decode("utf-8"))
    return [urljoin(url, href).split("#")[0] for href in reader.found if not href.startswith("#")]


def test_every_page_and_asset_reachable_from_the_home_page_resolves_under_the_prefix(published: str) -> None:
    seen: set[str] = set()
    queue = [published]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith(published):
            continue
        seen.add(url)
        status, body = fetch(url)
        if status != 200:
            broken.append(f"{status} {url}")
            continue
        if url.endswith("/") or url.endswith(".html"):
            queue += [link for link in links_of(url, body) if link.startswith(published) and link not in seen]
    assert broken == []
    pages = [u for u in seen if u.endswith("/")]
    assert len(pages) >= 650, f"the crawl reached {len(pages)} pages"


@pytest.mark.parametrize("missing", ["nope.html", "zh/no/such/page/", "en/events/no-such-event/"])
def test_the_404_page_works_at_any_depth_under_the_prefix(published: str, missing: str) -> None:
    url = published + missing
    status, body = fetch(url)
    assert status == 404
    text = body.decode("utf-8")
    assert "页面不存在" in text and "Page not found" in text, "both languages"
    links = links_of(url, body)
    assert any(link.endswith("assets/style.css") for link in links)
    assert all(fetch(link)[0] == 200 for link in links), [link for link in links if fetch(link)[0] != 200]
