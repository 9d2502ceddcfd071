"""Site paths and relative links.

Every page is addressed by a site path such as `zh/sources/000/index.html`;
links are made relative to the page that holds them, so the site works under
any path prefix.
"""

from __future__ import annotations

import posixpath

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}


def page_file(route: str) -> str:
    """`zh/sources/000/` → `zh/sources/000/index.html`; files stay as they are."""
    return route + "index.html" if route.endswith("/") or route == "" else route


def relative(from_route: str, to_route: str) -> str:
    """Relative URL from one route to another (directories keep their slash)."""
    base = posixpath.dirname(page_file(from_route))
    target = page_file(to_route)
    rel = posixpath.relpath(target, base or ".")
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")] or "./"
    return rel


def other_lang(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def swap_lang(route: str, lang: str) -> str:
    """The same page in the other language."""
    if not route.startswith(lang + "/"):
        return other_lang(lang) + "/"
    return other_lang(lang) + route[len(lang) :]
