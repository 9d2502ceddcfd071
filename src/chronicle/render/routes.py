"""Where every page lives, and links between them.

A route is a site path such as `zh/sources/000/` (a folder holding index.html)
or a file such as `404.html`. Templates never build paths: page contexts carry
the routes made here, and `relative` turns one into a link from the page that
holds it, so the site works under any path prefix.
"""

from __future__ import annotations

from chronicle.core.bilingual import LANGS
from chronicle.core.catalog import SECTIONS
from chronicle.core.model import Entity

HTML_LANG = {"zh": "zh-Hans", "en": "en"}

__all__ = ["HTML_LANG", "LANGS"]


def home(lang: str) -> str:
    return f"{lang}/"


def timeline(lang: str, kind: str | None = None, etype: str | None = None) -> str:
    if kind:
        return f"{lang}/timeline/{kind}/"
    if etype:
        return f"{lang}/timeline/type-{etype}/"
    return f"{lang}/timeline/"


def event(lang: str, event_id: str) -> str:
    return f"{lang}/events/{event_id}/"


def sources(lang: str) -> str:
    return f"{lang}/sources/"


def source(lang: str, source_id: str) -> str:
    return f"{lang}/sources/{source_id}/"


def section(lang: str, etype: str) -> str:
    """The index of one entity type: `en/treaties/`."""
    return f"{lang}/{SECTIONS[etype]}/"


def entity(lang: str, x: Entity) -> str:
    return f"{lang}/{SECTIONS[x.type]}/{x.id}/"


def search(lang: str) -> str:
    return f"{lang}/search/"


def about(lang: str) -> str:
    return f"{lang}/about/"


def page_file(route: str) -> str:
    """`zh/sources/000/` → `zh/sources/000/index.html`; files stay as they are."""
    return route + "index.html" if route.endswith("/") or route == "" else route


def relative(from_route: str, to_route: str) -> str:
    """Relative URL from one route to another: up to the root (one `../` per slash), then down."""
    return ("../" * from_route.count("/") + to_route) or "./"


def other_lang(lang: str) -> str:
    return LANGS[1 - LANGS.index(lang)]


def swap_lang(route: str, lang: str) -> str:
    """The same page in the other language."""
    if not route.startswith(lang + "/"):
        return other_lang(lang) + "/"
    return other_lang(lang) + route[len(lang) :]
