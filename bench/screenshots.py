"""Screenshots of built pages in headless Chromium, for looking at what we make.

Usage: python bench/screenshots.py [--site site] [--out /tmp/shots] PATH...
Each path (e.g. zh/sources/002/ or en/sources/003/#p12s2) is shot at 390 and 1280 px wide, light (and with --dark, dark).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import tempfile
import threading
from pathlib import Path

from chromium_launch import ARGS, CHROMIUM
from playwright.sync_api import sync_playwright


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default="site")
    parser.add_argument("--out", default="/tmp/shots")
    parser.add_argument("--full", action="store_true", help="full-page screenshots")
    parser.add_argument("--dark", action="store_true", help="also in the dark colour scheme")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        for path in args.paths:
            for scheme in ("light", "dark") if args.dark else ("light",):
                page.emulate_media(color_scheme=scheme)
                for width in (390, 1280):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(base + path)
                    if "search/?q=" in path:  # Pagefind's results come a moment after the page
                        page.locator(".pagefind-ui__result").first.wait_for(timeout=10000)
                        page.wait_for_timeout(500)
                    suffix = "" if scheme == "light" else "_dark"
                    name = out / f"{path.strip('/').replace('/', '_').replace('#', '-') or 'root'}_{width}{suffix}.png"
                    page.screenshot(path=str(name), full_page=args.full)
                    print(name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
