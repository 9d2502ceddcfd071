"""Browser suite: the real site, built once, served over HTTP, driven by Debian's Chromium.

- The site is built once per session with the CLI (Pagefind index included) into a temp folder.
- One ThreadingHTTPServer on 127.0.0.1 (random port) serves that tree at `/` and, unchanged,
  under the prefix `/sub/path/` (to prove every link and asset URL is relative). Missing paths
  get `404.html` with status 404, as GitHub Pages and most static hosts do.
- Chromium is /usr/bin/chromium, never a Playwright download. Without it the suite skips,
  or fails when REQUIRE_BROWSER=1 (CI).

To cover a new page type (timeline, entities, events, search ...) add its URLs to PAGES in
browser_config.py: the axe, keyboard, offline and no-JavaScript tests are parametrized over it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_config import CHROMIUM, CHROMIUM_ARGS, REPO, REQUIRE_BROWSER, SUB_PREFIX


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def missing_dependency(message: str) -> None:
    """Skip, or fail under REQUIRE_BROWSER=1, when a browser-suite dependency is absent."""
    if REQUIRE_BROWSER:
        pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium (never `playwright install`), sandbox off for containers, no phoning home."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing_dependency(f"{CHROMIUM} not found (install Debian's `chromium` package; `make browser-deps`)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once with the CLI, Pagefind index included, for an address at the server's root
    (404.html's links start from the address's path; the prefix crawl in tests/test_publishing.py covers a sub-path)."""
    return _build_site(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built as a site too large for one Pagefind run: its Chinese pages in three bundles."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("chronicle.search.RUN_MEMORY", 60 * 2**20)  # the Chinese pages cost about 144 MB
        return _build_site(tmp_path_factory.mktemp("split"))


def _build_site(root: Path) -> Path:
    from chronicle.cli import main

    project = root / "project"
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, project / name)
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(
        re.sub(r"^base_url: .*$", "base_url: https://example.org/", site_yaml.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8"
    )
    out = root / "site"
    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        code = main(["--project", str(project), "build", "--out", str(out)])
    assert code == 0, f"chronicle build failed with exit {code}:\n{log.getvalue()}"
    assert (out / "pagefind").is_dir(), f"build produced no Pagefind index:\n{log.getvalue()}"
    return out


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from `directory`, also under SUB_PREFIX; missing paths get 404.html (status 404)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        parts = urlsplit(path)
        p = parts.path
        if p.startswith(SUB_PREFIX):
            p = "/" + p[len(SUB_PREFIX) :]
        elif p == SUB_PREFIX.rstrip("/"):
            p = "/"
        return super().translate_path(p)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


SiteHandler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".json": "application/json"}


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - stdlib signature
        # The browser dropping a connection (navigation away mid-transfer) is not a server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT/ serving the built site (and the same tree under /sub/path/)."""
    with _served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def split_site_url(split_site: Path) -> Iterator[str]:
    with _served(split_site) as url:
        yield url


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    server = SiteServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    """pytest-playwright's base_url (contexts resolve relative page.goto() against it), as a plain
    function: the plugin's own is a session-scoped instance method, which pytest 9 deprecates and
    this project turns warnings into errors."""
    return site_url


@pytest.fixture(scope="session")
def sub_url(site_url: str) -> str:
    """The same site served under a sub-path, like a project page on GitHub Pages."""
    return site_url.rstrip("/") + SUB_PREFIX


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """node_modules/vnu-jar's jar plus a Java runtime, or skip (fail under REQUIRE_BROWSER=1)."""
    jar = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.is_file():
        missing_dependency(f"{jar.relative_to(REPO)} missing: run `npm install` in {REPO} (the Makefile's test target does)")
    if shutil.which("java") is None:
        missing_dependency("no `java` on PATH: the Nu Html Checker (vnu.jar) needs a Java runtime (Debian: default-jre-headless)")
    return jar
