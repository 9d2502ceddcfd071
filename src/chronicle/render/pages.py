"""Page contexts for every page of the site, in both languages.

Pure: takes the corpus and strings, returns a list of Page values; the
renderer turns them into bytes. Routes are data, checked for collisions once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chronicle.core.model import Source
from chronicle.render.inline import block_html, linkify
from chronicle.render.routes import HTML_LANG, LANGS, other_lang, relative, swap_lang


@dataclass(frozen=True)
class Page:
    route: str  # e.g. "zh/sources/000/"
    template: str
    lang: str
    title: str
    description: str
    context: Mapping[str, Any]


def source_route(lang: str, source_id: str) -> str:
    return f"{lang}/sources/{source_id}/"


def build_pages(sources: list[Source], strings: Mapping[str, Mapping[str, str]], site: Mapping[str, Any]) -> list[Page]:
    pages: list[Page] = []
    for lang in LANGS:
        t = strings[lang]
        pages.append(
            Page(
                f"{lang}/",
                "home.html",
                lang,
                site["title"][lang],
                site["tagline"][lang],
                {"figures": _figures(sources), "sources": sources},
            )
        )
        pages.append(Page(f"{lang}/sources/", "sources.html", lang, t["sources_title"], t["sources_intro"], {"sources": sources}))
        for source in sources:
            pages.append(_source_page(source, lang, t))
        pages.append(Page(f"{lang}/about/", "about.html", lang, t["about_title"], t["about_body"][:150], {"sources": sources}))
    return pages


def _figures(sources: list[Source]) -> dict[str, int]:
    return {
        "sources": len(sources),
        "paragraphs": sum(len(s.paragraphs) for s in sources),
        "notes": sum(len(s.notes) for s in sources),
        "repairs": sum(r.count for s in sources for r in s.repairs),
    }


def _source_page(source: Source, lang: str, t: Mapping[str, str]) -> Page:
    numbers = {note.id: n for n, note in enumerate(source.notes, 1)}
    paragraphs = []
    speaker = None
    for p in source.paragraphs:
        b = p.block
        paragraphs.append(
            {
                "id": p.id,
                "kind": b.kind,
                "lang": b.lang,
                "html": block_html(b.text, b.marks, t["source_garbled"], numbers),
                "speaker_change": b.speaker if b.speaker and b.speaker != speaker else None,
                "speaker_en": source.meta.speakers.get(b.speaker or "", b.speaker or ""),
            }
        )
        speaker = b.speaker
    notes = [{"id": note.id, "number": n, "html": linkify(note.text), "lang": note.lang} for n, note in enumerate(source.notes, 1)]
    meta = source.meta
    return Page(
        source_route(lang, meta.id),
        "source.html",
        lang,
        meta.title[lang],
        meta.summary[lang][:160],
        {
            "source": source,
            "meta": meta,
            "paragraphs": paragraphs,
            "notes": notes,
            "zh_paragraphs": [p for p in paragraphs if p["lang"] == "zh"],
            "en_paragraphs": [p for p in paragraphs if p["lang"] == "en"],
        },
    )


def page_globals(page: Page, strings: Mapping[str, Mapping[str, str]], site: Mapping[str, Any]) -> dict[str, Any]:
    """What every template gets: language, strings, links relative to this page."""
    lang = page.lang

    def url(route: str) -> str:
        return relative(page.route, route)

    return {
        "lang": lang,
        "html_lang": HTML_LANG[lang],
        "other": other_lang(lang),
        "other_html_lang": HTML_LANG[other_lang(lang)],
        "t": strings[lang],
        "t_other": strings[other_lang(lang)],
        "site": site,
        "page": page,
        "url": url,
        "switch_url": url(swap_lang(page.route, lang)),
        "alternates": {code: url(swap_lang(page.route, lang) if code != lang else page.route) for code in LANGS},
        "x_default": url(""),
        "canonical": site["base_url"] + page.route,
        **page.context,
    }
