"""The site as the preview serves it: pages rendered when first asked for, the rest behind.

After an edit the preview has to show the page in the open tab, not the whole site. A
`LiveSite` is one generation of the site held in memory: it is ready as soon as the
content is loaded, cleaned and extracted and the page list is known (about 130 ms for
the real corpus); each page is rendered the first time someone asks for it, and
`render_all` renders the rest in the background before the generation is written to
disk and indexed. Hugo's server does the same ("fast render": the visited pages
first).

Thread-safe: one lock around rendering, since the preview serves requests in parallel
while the background thread renders. The requests come first: after an edit the preview
waits a moment for the open tab to ask for its page (`wait_for_request`), and the
background steps aside before each page while a request is being served (`render_all`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from chronicle.build import PreparedSite, other_files, render_page
from chronicle.core.diagnostics import Diagnostic, has_errors
from chronicle.render.pages import Page
from chronicle.render.routes import page_file


class LiveSite:
    def __init__(self, prepared: PreparedSite) -> None:
        self.prepared = prepared
        self.pages: dict[str, Page] = {page_file(p.route): p for p in prepared.pages}
        self.build = 0  # the preview's build number, set when the generation is published
        self.files: dict[str, bytes] = {}
        self.diagnostics: list[Diagnostic] = []
        self._others: dict[str, bytes] | None = None
        self._lock = threading.Lock()
        self._asked = threading.Event()  # a request came for this generation
        self._serving = 0  # requests being served now
        self._quiet = threading.Condition()  # notified when that falls to 0

    def get(self, key: str) -> bytes | None:
        """The file at `key` (`zh/index.html`, `assets/style.css`) for a request, rendering it if need be; None if unknown or broken."""
        with self._request():
            return self._get(key)

    @contextmanager
    def _request(self) -> Iterator[None]:
        with self._quiet:
            self._serving += 1
        self._asked.set()
        try:
            yield
        finally:
            with self._quiet:
                self._serving -= 1
                if not self._serving:
                    self._quiet.notify_all()

    def _get(self, key: str) -> bytes | None:
        with self._lock:
            if key in self.files:
                return self.files[key]
            page = self.pages.get(key)
            if page is None and key.startswith("assets/"):
                asset = self.prepared.templates / "static" / key.removeprefix("assets/")
                return asset.read_bytes() if "/" not in key.removeprefix("assets/") and asset.is_file() else None
            if page is None:
                return self._other_files().get(key)
            html = render_page(self.prepared, page, self.diagnostics)
            if html is not None:
                self.files[key] = html
            return html

    def knows(self, key: str) -> bool:
        with self._request(), self._lock:
            return key in self.pages or key in self._other_files()

    def wait_for_request(self, seconds: float) -> None:
        """Wait up to `seconds` for a request of this generation (the open tab reloading after an edit)."""
        self._asked.wait(seconds)

    def render_all(self, stale: Callable[[], bool] = lambda: False) -> dict[str, bytes] | None:
        """Every file of the generation, or None when a page failed or `stale()` says a newer edit came.

        Requests come first: before each page this waits while one is being served. Rendering
        in the background holds the interpreter and, page by page, the lock a request needs;
        without the wait the lock went back to the background thread again and again, and a
        request could wait until most of the site was rendered (631 pages in tests/test_live.py;
        bench/reload.py: 137-913 ms from saving to the new page, 126-225 ms with the wait).
        """
        for key in self.pages:
            with self._quiet:
                self._quiet.wait_for(lambda: not self._serving)
            if stale():
                return None
            self._get(key)
        with self._lock:
            if has_errors(self.diagnostics):
                return None
            return {**self._other_files(), **self.files}

    @property
    def failed(self) -> bool:
        with self._lock:
            return has_errors(self.diagnostics)

    def _other_files(self) -> dict[str, bytes]:
        if self._others is None:
            self._others = other_files(self.prepared, self.diagnostics)
        return self._others
