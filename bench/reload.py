"""Live-reload latency of `chronicle serve`: from saving a file to the browser showing the change.

First, the milliseconds from starting `chronicle serve` until it answers /zh/sources/000/.
Copies content/ and templates/ to a temp folder, serves it with `chronicle serve`, opens
/zh/sources/000/ in headless Chromium and measures, 3 times each, the milliseconds from
writing a file until the page's DOM holds a new marker: (a) appended to source 000's
Chinese summary in content/sources.yaml, (b) added to the footer in templates/base.html.
The server hears of the change from the operating system (watchfiles), prepares the site again, and tells the
page over server-sent events (/__chronicle/events); the page reloads and the server renders
it on request, while the rest of the site is rendered, written and indexed in the background.

Usage: python bench/reload.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml
from chromium_launch import ARGS, CHROMIUM
from playwright.sync_api import Error, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.01)
    raise SystemExit(f"server did not answer at {url} within {timeout} s")


def shows(page: Page, marker: str) -> bool:
    try:
        return bool(page.evaluate("m => !!document.body && document.body.innerText.includes(m)", marker))
    except Error:  # the page is navigating: its context went away
        return False


def time_edit(page: Page, edit: Callable[[], None], marker: str, timeout: float = 60) -> float:
    """Milliseconds from the edit until the page shows the marker."""
    t0 = time.perf_counter()
    edit()
    while not shows(page, marker):
        if time.perf_counter() - t0 > timeout:
            raise SystemExit(f"marker {marker} did not appear within {timeout} s")
        time.sleep(0.01)
    return (time.perf_counter() - t0) * 1000


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise SystemExit(f"{path}: expected exactly one {old!r}")
    path.write_text(text.replace(old, new), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    repeat: int = parser.parse_args().repeat
    with tempfile.TemporaryDirectory(prefix="chronicle-reload-") as tmp:
        project = Path(tmp) / "project"
        for name in ("content", "templates"):
            shutil.copytree(ROOT / name, project / name)
        sources = project / "content" / "sources.yaml"
        base = project / "templates" / "base.html"
        summary = next(s for s in yaml.safe_load(sources.read_text(encoding="utf-8")) if s["id"] == "000")["summary"]["zh"]
        port = free_port()
        cmd = [str(ROOT / ".venv" / "bin" / "chronicle"), "--project", str(project), "serve", "--port", str(port), "--out", f"{tmp}/out"]
        log = Path(tmp) / "serve.log"
        started = time.perf_counter()
        server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("w"))
        results: dict[str, list[float]] = {"content (sources.yaml summary)": [], "template (base.html footer)": []}
        try:
            url = f"http://127.0.0.1:{port}/zh/sources/000/"
            wait_for_server(url)
            first_page = (time.perf_counter() - started) * 1000
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                page = browser.new_page()
                page.goto(url)
                time.sleep(1)  # let reload.js record the current build number
                text, footer = summary, "{{ t.footer_note }}"
                for i in range(repeat):
                    marker = f"ZZSUMMARY{i}"
                    edit = functools.partial(replace_once, sources, text, text + marker)
                    results["content (sources.yaml summary)"].append(time_edit(page, edit, marker))
                    text += marker
                    time.sleep(2.5)  # let the background render, write and index finish, as between real edits
                    marker = f"ZZFOOTER{i}"
                    edit = functools.partial(replace_once, base, footer, footer + " " + marker)
                    results["template (base.html footer)"].append(time_edit(page, edit, marker))
                    footer += " " + marker
                    time.sleep(2.5)  # let the background render, write and index finish, as between real edits
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        server_side = [float(m) for m in re.findall(r"reloaded in (\d+) ms", log.read_text(encoding="utf-8"))]
    print(f"{'start to first page':<32} {first_page:13.0f} ms")
    for label, times in results.items():
        print(f"{label:<32} median {statistics.median(times):6.0f} ms  runs: {', '.join(f'{t:.0f}' for t in times)}")
    if server_side:
        label = "server: edit seen to new pages"
        print(f"{label:<32} median {statistics.median(server_side):6.0f} ms  (the rest: noticing the edit, the browser reloading)")


if __name__ == "__main__":
    main()
