"""Page weight: gzip bytes of a page's HTML plus the CSS and JS it references.

For one page of each type in both languages (home, timeline, an event, a source, each
entity section index, one entity per type, about, search) prints the gzip size (level 9)
of the HTML, of its stylesheets (<link rel=stylesheet>) and scripts (<script src>), and
the total; then the heaviest page of the whole site by the same measure. What Pagefind
loads lazily (its index, fragments, wasm) is not counted. Builds the site first with
`chronicle build` when the folder is missing.

Usage: python bench/weight.py [--site site]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["centers", "concepts", "countries", "documents", "exercises", "mechanisms", "organizations", "places", "summits", "treaties"]


class Assets(HTMLParser):
    """Collects the href of stylesheets and the src of scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"] or "")


@functools.cache
def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9)) if path.is_file() else 0


def weigh(site: Path, page: Path) -> tuple[int, int, int]:
    """gzip bytes of (HTML, CSS, JS) for one page; each asset resolved against the page's URL."""
    parser = Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    url = "/" + page.relative_to(site).as_posix()

    def size(refs: list[str]) -> int:
        paths = {urlsplit(urljoin(url, r)).path for r in refs if not urlsplit(r).netloc}
        return sum(gz(site / p.lstrip("/")) for p in paths)

    return gz(page), size(parser.css), size(parser.js)


def first(folder: Path) -> str:
    """The alphabetically first sub-folder holding a page (not a redirect from a former address): one page of that type."""
    return min(p.name for p in folder.iterdir() if p.is_dir() and b"<main" in (p / "index.html").read_bytes())


def samples(site: Path, lang: str) -> list[tuple[str, Path]]:
    base = site / lang
    pages = [("home", base), ("timeline", base / "timeline"), ("event", base / "events" / first(base / "events"))]
    pages.append(("source", base / "sources" / first(base / "sources")))
    pages.append(("sources index", base / "sources"))
    for section in SECTIONS:
        pages.append((f"{section} index", base / section))
        pages.append((f"{section} entity", base / section / first(base / section)))
    pages += [("about", base / "about"), ("search", base / "search")]
    return [(label, folder / "index.html") for label, folder in pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    site: Path = parser.parse_args().site
    if not site.is_dir():
        subprocess.run([str(ROOT / ".venv" / "bin" / "chronicle"), "--project", str(ROOT), "build", "--out", str(site)], check=True)
    print(f"{'page':<22} {'lang':<4} {'html':>7} {'css':>7} {'js':>7} {'total':>7}  (gzip bytes)  path")
    for lang in ("zh", "en"):
        for label, page in samples(site, lang):
            html, css, js = weigh(site, page)
            print(f"{label:<22} {lang:<4} {html:>7} {css:>7} {js:>7} {html + css + js:>7}  {page.relative_to(site).as_posix()}")
    heaviest = max(site.rglob("*.html"), key=lambda p: sum(weigh(site, p)))
    html, css, js = weigh(site, heaviest)
    total = html + css + js
    print(f"heaviest page: {heaviest.relative_to(site).as_posix()}: html {html}, css {css}, js {js}, total {total} gzip bytes")
    biggest = max(site.rglob("*.html"), key=gz)
    print(f"largest HTML alone: {biggest.relative_to(site).as_posix()}: {gz(biggest)} gzip bytes")


if __name__ == "__main__":
    main()
