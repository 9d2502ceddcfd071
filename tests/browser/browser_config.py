"""Constants shared by the browser suite (a plain module: test files import it by name).

PAGES is the list of representative URLs every per-page test runs on; add the URLs of new
page types (timeline, entities, events, search ...) here.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium in a container: no sandbox, no GPU, nothing that phones home (bench/ launches it the same way).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
SUB_PREFIX = "/sub/path/"
LANGS = ("zh", "en")

# Representative URLs (relative to the site root), one or more per page type.
# Extend this list when a page type is added.
PAGES = [
    "",  # bilingual landing
    "zh/",
    "en/",
    "zh/sources/",
    "en/sources/",
    "zh/sources/002/",  # roundtable: speakers, pull quotes
    "en/sources/002/",
    "zh/sources/003/",  # garbled OCR spans
    "en/sources/003/",
    "zh/sources/004/",  # footnotes with backrefs
    "en/sources/004/",
    "zh/timeline/",
    "en/timeline/",
    "en/timeline/signing/",  # a filtered view, the no-JavaScript filter
    "zh/events/1996-shanghai-five-founding/",  # an event with disagreeing claims, side by side
    "en/events/1996-shanghai-five-founding/",
    "zh/centers/",
    "zh/places/",  # a long index: letter headings and a jump bar, and the map
    "en/places/",
    "en/places/tashkent/",  # a place with its locator map
    "zh/treaties/border-confidence-agreement/",  # infobox rows stated by events
    "en/timeline/type-center/",  # a filtered view by entry type, its own time axis
    "en/centers/rats/",
    "zh/centers/rats/",
    "en/exercises/peace-mission/",
    "zh/search/",
    "en/search/",
    "zh/about/",
    "en/about/",
    "404.html",
]

# Pages that are built from the source texts (the no-JavaScript test reads their paragraphs).
SOURCE_PAGES = [p for p in PAGES if "/sources/0" in p]
