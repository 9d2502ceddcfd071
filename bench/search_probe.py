"""Print the top search results for the queries readers use, to tune Pagefind ranking.

Not a test: the browser suite asserts the first result for each query; this script shows the
first five so a change of weights or ranking can be judged before it is asserted.

    .venv/bin/python bench/search_probe.py [--site site] [QUERY ...]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chromium_launch import ARGS, CHROMIUM
from playwright.sync_api import sync_playwright

QUERIES = [
    ("zh", "反恐"),
    ("zh", "地区反恐机构"),
    ("en", "RATS"),
    ("zh", "上合组织"),
    ("en", "SCO"),
    ("zh", "天山"),
    ("en", "Peace Mission"),
    ("en", "anti-terrorism"),
    ("zh", "上合"),
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # noqa: D102 - silence per-request logging
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("queries", nargs="*", help="LANG:QUERY pairs, e.g. zh:反恐")
    args = parser.parse_args()
    queries = [tuple(q.split(":", 1)) for q in args.queries] or QUERIES
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        for lang, query in queries:
            page.goto(f"{base}{lang}/search/?q={query}")
            links = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link")
            links.first.wait_for(timeout=10000)
            page.wait_for_timeout(700)
            titles = links.all_inner_texts()[: args.top]
            print(f"{lang}:{query}")
            for i, title in enumerate(titles, 1):
                print(f"  {i}. {title}")
        browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
