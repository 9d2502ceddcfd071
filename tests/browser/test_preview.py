"""The live preview (`chronicle serve`) as an author uses it: edit a file, look at the open tab.

Why: the preview is how authors check their edits, and its parts only work together: the file
watcher, the rebuild, the server-sent events read by /__chronicle/reload.js, the error overlay
over the last good page, and Ctrl-C. tests/test_serve.py tests the pieces in-process; this runs
the real CLI in a subprocess (as bench/reload.py does) and watches a real Chromium tab.

One server per module, on a temp copy of content/ and templates/ that the tests edit. The tests
run in file order and each only relies on the page it opens itself; the last one stops the server
with SIGINT (what Ctrl-C sends), and the fixture checks the exit code if it is still running.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from browser_config import REPO
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

PAGE = "zh/sources/000/"
WAIT_MS = 10_000  # an edit shows in ~0.2 s; the slack is for loaded CI machines
FOOTER = "{{ t.footer_note }}"  # once in templates/base.html, inside <footer class="site-footer">
FOOTER_MARKER = "ZZPREVIEWFOOTER"
SUMMARY_MARKER = "ZZPREVIEWSUMMARY"
BROKEN_YAML = "\n  bad: [\n"

# Marks the page (<html data-chronicle-heard>) once an EventSource it opens gets a message, so a test
# can wait until reload.js is listening before it edits (the edit must be news to the open tab, not
# merely reach it on load). A DOM mark, as the site's CSP forbids the eval behind page.wait_for_function.
HEAR_EVENTS = """
window.EventSource = class extends window.EventSource {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", () => { document.documentElement.dataset.chronicleHeard = "yes"; });
  }
};
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Preview:
    """A running `chronicle serve` on a temp project."""

    project: Path
    url: str  # http://127.0.0.1:PORT/
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """Ctrl-C (SIGINT); the exit code, or a failure when it is still running 10 s later."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail(f"chronicle serve still running 10 s after SIGINT (killed it); its log:\n{self.log_text()}")
        return self.process.returncode


def start(cmd: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Popen with SIGINT not ignored: a child inherits an ignored SIGINT (pytest run under nohup or
    with `&` from a script) and Python then never raises KeyboardInterrupt, so SIGINT would do nothing.
    A handler in this process becomes the default action in the child."""
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with log.open("wb") as out:
            return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def wait_until_serving(preview: Preview, timeout: float = 60) -> None:
    """Poll the page until the server answers (the first build takes a few seconds)."""
    url = preview.url + PAGE
    deadline = time.monotonic() + timeout
    while True:
        if preview.process.poll() is not None:
            pytest.fail(f"chronicle serve exited with {preview.process.returncode} before serving; its log:\n{preview.log_text()}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                preview.stop()
                pytest.fail(f"chronicle serve did not answer at {url} within {timeout} s; its log:\n{preview.log_text()}")
            time.sleep(0.1)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """`chronicle serve` on a temp copy of content/ and templates/, stopped with SIGINT (must exit 0)."""
    tmp = tmp_path_factory.mktemp("preview")
    project = tmp / "project"
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, project / name)
    port = free_port()
    cmd = [sys.executable, "-m", "chronicle", "--project", str(project), "serve", "--port", str(port), "--out", str(tmp / "out")]
    log = tmp / "serve.log"
    running = Preview(project, f"http://127.0.0.1:{port}/", start(cmd, log), log)
    wait_until_serving(running)
    yield running
    code = running.stop()
    assert code == 130, f"chronicle serve exited with {code} after SIGINT (the README promises 130); its log:\n{running.log_text()}"


@contextlib.contextmanager
def explained(preview: Preview, what: str) -> Iterator[None]:
    """Turn a failed wait into `what` the author would have seen go wrong, plus the server's log."""
    try:
        yield
    except (AssertionError, PlaywrightError) as err:
        raise AssertionError(f"{what}\n{err}\n--- chronicle serve log ---\n{preview.log_text()}") from err


def open_tab(page: Page, preview: Preview) -> None:
    """Open PAGE and wait until reload.js has heard the current build (only then are edits news to it)."""
    page.add_init_script(HEAR_EVENTS)
    page.goto(preview.url + PAGE)
    with explained(preview, f"{PAGE}: reload.js got no message on /__chronicle/events within {WAIT_MS} ms"):
        expect(page.locator("html[data-chronicle-heard]")).to_have_count(1, timeout=WAIT_MS)


def save(preview: Preview, path: Path, text: str) -> None:
    """Save as careful editors do: write a temp file next to the project's watched folders, then rename it
    over `path`, so the watcher (20 ms) never sees a half-written file and each save is one change."""
    temp = preview.project / f".{path.name}.saving"
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)


def replace_once(preview: Preview, path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: expected exactly one {old!r}"
    save(preview, path, text.replace(old, new, 1))


def test_template_edit_shows_in_the_open_tab(page: Page, preview: Preview) -> None:
    """Saving templates/base.html updates the open tab by itself: the author never presses reload."""
    open_tab(page, preview)
    replace_once(preview, preview.project / "templates" / "base.html", FOOTER, f"{FOOTER} {FOOTER_MARKER}")
    with explained(preview, f"the footer edit in templates/base.html did not reach the open tab {PAGE} within {WAIT_MS} ms"):
        expect(page.locator("footer.site-footer")).to_contain_text(FOOTER_MARKER, timeout=WAIT_MS)


def test_yaml_error_shows_over_the_last_good_page_until_fixed(page: Page, preview: Preview) -> None:
    """Broken YAML: the tab keeps the last good page (with the footer edit of the test above) under an
    overlay that names file and line, a tab opened now shows the same, and fixing the file reloads the tab
    without the overlay."""
    open_tab(page, preview)
    footer = page.locator("footer.site-footer")
    seen = footer.inner_text()
    if FOOTER_MARKER in (preview.project / "templates" / "base.html").read_text(encoding="utf-8"):
        assert FOOTER_MARKER in seen, f"{PAGE} lost the footer edit of the previous test"
    before_the_error = page.locator("body[data-before-the-error]")  # gone once the tab reloads
    page.evaluate("document.body.dataset.beforeTheError = 'yes'")
    site = preview.project / "content" / "site.yaml"
    good = site.read_text(encoding="utf-8")
    save(preview, site, good + BROKEN_YAML)

    overlay = page.locator("#chronicle-errors")
    with explained(preview, f"no error overlay naming content/site.yaml on {PAGE} within {WAIT_MS} ms after breaking the YAML"):
        expect(overlay).to_be_visible(timeout=WAIT_MS)
        expect(overlay).to_contain_text("content/site.yaml:")
        expect(overlay).to_have_attribute("role", "alert")
    assert before_the_error.count() == 1, "the tab reloaded on a failed build instead of keeping its page"
    expect(footer).to_have_text(seen)
    expect(page.locator("h1")).not_to_be_empty()

    fresh = page.context.new_page()
    fresh.goto(preview.url + PAGE)
    with explained(preview, f"a tab opened while the build is broken does not show the last good {PAGE} under the overlay"):
        expect(fresh.locator("footer.site-footer")).to_have_text(seen)
        expect(fresh.locator("#chronicle-errors")).to_contain_text("content/site.yaml:", timeout=WAIT_MS)
    fresh.close()

    save(preview, site, good)
    with explained(preview, f"after fixing content/site.yaml the tab {PAGE} did not reload within {WAIT_MS} ms"):
        expect(before_the_error).to_have_count(0, timeout=WAIT_MS)
    with explained(preview, "the error overlay is still shown after the fix"):
        expect(overlay).to_have_count(0)
        expect(footer).to_have_text(seen)


def test_content_edit_shows_in_the_open_tab(page: Page, preview: Preview) -> None:
    """Editing source 000's Chinese summary in content/sources.yaml shows the new text in the open tab."""
    open_tab(page, preview)
    sources = preview.project / "content" / "sources.yaml"
    old = next(s for s in yaml.safe_load(sources.read_text(encoding="utf-8")) if s["id"] == "000")["summary"]["zh"]
    summary = page.locator('section[aria-labelledby="summary"] p')
    expect(summary).to_have_text(old)
    replace_once(preview, sources, old, old + SUMMARY_MARKER)
    with explained(preview, f"the summary edit in content/sources.yaml did not reach the open tab {PAGE} within {WAIT_MS} ms"):
        expect(summary).to_have_text(old + SUMMARY_MARKER, timeout=WAIT_MS)


def test_edit_saved_while_the_tab_loads_still_reaches_it(page: Page, preview: Preview) -> None:
    """A save that lands after the page was served but before reload.js hears the server still reloads
    the tab: the page carries the build number it came from (the events request is held back 1.5 s)."""
    page.route("**/__chronicle/events", lambda route: (time.sleep(1.5), route.continue_()))
    page.goto(preview.url + PAGE)
    marker = FOOTER_MARKER + "LATE"
    base = preview.project / "templates" / "base.html"
    replace_once(preview, base, FOOTER, f"{FOOTER} {marker}")
    with explained(preview, f"an edit saved while {PAGE} was loading never reached the tab"):
        expect(page.locator("footer.site-footer")).to_contain_text(marker, timeout=WAIT_MS)
    page.unroute("**/__chronicle/events")


def test_ctrl_c_stops_the_server_cleanly(preview: Preview) -> None:
    """Ctrl-C (SIGINT) ends the preview with exit code 0 within 10 s and frees its port for the next run."""
    code = preview.stop()
    assert code == 130, f"chronicle serve exited with {code} after SIGINT (the README promises 130); its log:\n{preview.log_text()}"
    port = int(preview.url.rstrip("/").rsplit(":", 1)[1])
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
