"""How Chinese the English pages read: the share of Han characters among the visible letters.

For each kind of English page (sources, events, entities) of a built site, prints the range
over its pages of Han / (Han + Latin letters) in the visible text of <main>, twice: over all of
it, and outside the elements marked `lang="zh-Hans"` (the originals shown beside or beneath
the English, which stay Chinese on purpose).

Usage: python bench/han_share.py [SITE]   (default: site/)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
KINDS = {"sources": "sources/*/", "events": "events/*/", "entities": "*/*/"}


def share(text: str) -> float:
    han, latin = len(HAN.findall(text)), len(LATIN.findall(text))
    return han / (han + latin) if han + latin else 0.0


def shares(path: Path) -> tuple[float, float]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    for hidden in main.select("[hidden], script"):
        hidden.decompose()
    everything = share(main.get_text(" "))
    for marked in main.select('[lang="zh-Hans"]'):
        marked.decompose()
    return everything, share(main.get_text(" "))


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    for kind, pattern in KINDS.items():
        pages = [p for p in sorted(site.glob(f"en/{pattern}index.html")) if b"<main" in p.read_bytes()]  # not redirects
        if kind == "entities":
            pages = [p for p in pages if p.parts[-3] not in ("sources", "events", "timeline", "search", "about")]
        values = [shares(p) for p in pages]
        if not values:
            continue
        alls, outs = [v[0] for v in values], [v[1] for v in values]
        print(
            f"{kind:9} {len(pages):4} pages   all visible text {min(alls):6.1%} – {max(alls):6.1%}"
            f"   outside marked originals {min(outs):6.1%} – {max(outs):6.1%}"
        )


if __name__ == "__main__":
    main()
