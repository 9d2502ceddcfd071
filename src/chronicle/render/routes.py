"""Site paths and relative links.

Every page is addressed by a site path such as `zh/sources/000/index.html`;
links are made relative to the page that holds them, so the site works under
any path prefix.
"""

from __future__ import annotations

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}


def page_file(route: str) -> str:
    """`zh/sources/000/` → `zh/sources/000/index.html`; files stay as they are."""
    return route + "index.html" if route.endswith("/") or route == "" else route


def relative(from_route: str, to_route: str) -> str:
    """Relative URL from one route to another: up to the root, then down (no path arithmetic per link).

    Page routes are folders (`zh/sources/000/`) or root files (`404.html`), so the way up is one `../` per
    slash in the route; the way down is the target route itself, with `index.html` implied.
    """
    up = "../" * from_route.count("/")
    return (up + to_route) or "./"


def other_lang(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def swap_lang(route: str, lang: str) -> str:
    """The same page in the other language."""
    if not route.startswith(lang + "/"):
        return other_lang(lang) + "/"
    return other_lang(lang) + route[len(lang) :]
