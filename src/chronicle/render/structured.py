"""Machine-readable page data: sitemap with hreflang pairs, schema.org JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from markupsafe import Markup

from chronicle.render.routes import HTML_LANG, LANGS, swap_lang

SCHEMA_TYPE = {
    "treaty": "Legislation",
    "document": "CreativeWork",
    "center": "Organization",
    "organization": "Organization",
    "mechanism": "Organization",
    "exercise": "Event",
    "summit": "Event",
    "concept": "DefinedTerm",
    "place": "Place",
    "country": "Country",
}


def sitemap(routes: Iterable[str], base_url: str) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for route in sorted(r for r in routes if r.startswith("zh/")):
        for lang in LANGS:
            own = route if lang == "zh" else swap_lang(route, "zh")
            lines.append(f"<url><loc>{escape(base_url + own)}</loc>")
            for alt in LANGS:
                href = route if alt == "zh" else swap_lang(route, "zh")
                lines.append(f'  <xhtml:link rel="alternate" hreflang="{escape(HTML_LANG[alt])}" href="{escape(base_url + href)}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> block; `<` is escaped so content cannot close the tag."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
