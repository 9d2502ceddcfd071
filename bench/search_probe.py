"""Print the top search results for the queries readers use, to tune Pagefind ranking.

Not a test: the browser suite asserts the first result for each query; this script shows the
first five so a change of weights or ranking can be judged before it is asserted. With --score
it types the name of each entry in NAMED and counts the queries whose first result is that entry.
An entry the search page shows above the results (its name typed exactly) counts as the first.
With --recall it counts, for each Chinese name of NAMED, the indexed pages whose text holds it and
how many of them Pagefind finds.

    .venv/bin/python bench/search_probe.py [--site site] [--score] [QUERY ...]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from chromium_launch import ARGS, CHROMIUM
from playwright.sync_api import sync_playwright

from chronicle.search import INDEXED_SECTIONS, indexed_text

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

# A reader typing an entry's name expects that entry first: (language, query, first result's title).
NAMED = [
    ("en", "SCO", "Shanghai Cooperation Organization (SCO)"),
    ("en", "RATS", "Regional Anti-Terrorist Structure (RATS)"),
    ("en", "Peace Mission", "Peace Mission"),
    ("zh", "反恐", "上海合作组织地区反恐怖机构"),
    ("zh", "地区反恐机构", "上海合作组织地区反恐怖机构"),
    ("zh", "上合组织", "上海合作组织"),
    ("zh", "天山", "“天山”"),
    ("en", "Kazakhstan", "Kazakhstan"),
    ("en", "Afghanistan", "Afghanistan"),
    ("zh", "阿富汗", "阿富汗"),
    ("en", "Shanghai Five", "Shanghai Five"),
    ("zh", "上海五国", "上海五国"),
    ("en", "New Security Concept", "New Security Concept"),
    ("zh", "新安全观", "新安全观"),
    ("en", "Information Security Center", "Information Security Center"),
    ("en", "Anti-Drug Center", "Anti-Drug Center"),
    ("zh", "禁毒中心", "禁毒中心"),
    ("en", "Tianjin summit", "SCO Tianjin Summit (2025)"),
    ("zh", "天津峰会", "天津峰会"),
    ("en", "Tashkent", "Tashkent"),
    ("en", "Shanghai", "Shanghai"),
    ("zh", "上海", "上海"),
    ("en", "Russia", "Russia"),
    ("en", "China", "China"),
    ("en", "Taliban", "Taliban"),
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # noqa: D102 - silence per-request logging
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--score", action="store_true", help="count the NAMED queries whose first result is the entry named")
    parser.add_argument("--recall", action="store_true", help="for each Chinese NAMED query: pages holding it, pages found")
    parser.add_argument("queries", nargs="*", help="LANG:QUERY pairs, e.g. zh:反恐")
    args = parser.parse_args()
    queries = [tuple(q.split(":", 1)) for q in args.queries] or QUERIES
    expected = {(lang, query): first for lang, query, first in NAMED} if args.score else {}
    if args.score:
        queries, args.top = list(expected), 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        if args.recall:
            return recall(page, base, args.site)
        hits = 0
        for lang, query in queries:
            page.goto(f"{base}{lang}/search/?q={query}")
            links = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link")
            links.first.wait_for(timeout=10000)
            page.wait_for_timeout(700)
            titles = [*page.locator(".search-entries a").all_inner_texts(), *links.all_inner_texts()][: args.top]
            if args.score:
                hit = titles[0] == expected[(lang, query)]
                hits += hit
                print(f"{'   ' if hit else 'no '} {lang}:{query} -> {titles[0]}")
                continue
            print(f"{lang}:{query}")
            for i, title in enumerate(titles, 1):
                print(f"  {i}. {title}")
        browser.close()
        server.shutdown()
    if args.score:
        print(f"{hits} of {len(queries)} names find their entry first")


def recall(page: Any, base: str, site: Path) -> None:
    """Print, for each Chinese name of NAMED, how many indexed pages hold it in their indexed text and how many
    of those Pagefind's search finds (its API, every result, not the UI's first page)."""
    holding: dict[str, set[str]] = {query: set() for lang, query, _ in NAMED if lang == "zh"}
    for path in (p for section in INDEXED_SECTIONS for p in site.glob(f"zh/{section}/*/index.html")):
        text = indexed_text(path.read_text(encoding="utf-8"))
        for query, pages in holding.items():
            if query in text:
                pages.add("/" + path.relative_to(site).parent.as_posix() + "/")
    page.goto(f"{base}zh/search/")
    for query, pages in holding.items():
        found = set(page.evaluate(FOUND_URLS, query))
        print(f"zh:{query}: {len(pages)} pages hold it, {len(pages & found)} of them found ({len(found)} results)")


# Every result's URL, as Pagefind's own API gives them.
FOUND_URLS = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  return Promise.all(search.results.map(async (r) => (await r.data()).url));
}"""


if __name__ == "__main__":
    main()
