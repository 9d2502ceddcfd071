"""One generation of the site as the preview serves it: each page rendered when first asked for.

After an edit the open tab needs one page, not the whole site: a `LiveSite` is
ready as soon as the content is prepared, renders a page on its first request,
and `render_all` renders the rest in the background before the generation is
written and indexed. Requests and the next edit come first: the background
steps aside before each page while a request is served or an edit is prepared,
since otherwise it holds the lock a request needs, and the interpreter, page
after page.
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
        """The file at `key` (`zh/index.html`) for a request, rendered if need be; None if unknown or broken."""
        name = key.removeprefix("assets/")
        if name != key:  # straight from templates/static: no need to make the data files for a stylesheet
            asset = self.prepared.templates / "static" / name
            return asset.read_bytes() if "/" not in name and asset.is_file() else None
        page = self.pages.get(key.replace("cite.bib", "index.html") if key.endswith("/cite.bib") else key)
        with self._request(), self._lock:
            if key not in self.files and page is not None:
                self.files.update(render_page(self.prepared, page, self.diagnostics))
            return self.files.get(key) or self._other_files().get(key)

    def knows(self, key: str) -> bool:
        with self._request(), self._lock:
            return key in self.pages or key in self._other_files()

    @contextmanager
    def _request(self) -> Iterator[None]:
        self._asked.set()
        with self.first():
            yield

    @contextmanager
    def first(self) -> Iterator[None]:
        """While this block runs, the background rendering waits: a request, or the next generation being prepared."""
        with self._quiet:
            self._serving += 1
        try:
            yield
        finally:
            with self._quiet:
                self._serving -= 1
                self._quiet.notify_all()

    def wait_for_request(self, seconds: float) -> None:
        """Wait up to `seconds` for a request of this generation (the open tab reloading after an edit)."""
        self._asked.wait(seconds)

    def render_all(self, stale: Callable[[], bool] = lambda: False) -> dict[str, bytes] | None:
        """Every file of the generation, or None when a page failed or `stale()` says a newer edit came."""
        for key, page in self.pages.items():
            with self._quiet:
                self._quiet.wait_for(lambda: not self._serving)
            if stale():
                return None
            with self._lock:
                if key not in self.files:
                    self.files.update(render_page(self.prepared, page, self.diagnostics))
                if has_errors(self.diagnostics):
                    return None
        with self._lock:
            return None if has_errors(self.diagnostics) else {**self._other_files(), **self.files}

    @property
    def failed(self) -> bool:
        with self._lock:
            return has_errors(self.diagnostics)

    def _other_files(self) -> dict[str, bytes]:
        if self._others is None:
            self._others = other_files(self.prepared, self.diagnostics)
        return self._others
