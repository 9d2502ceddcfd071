"""Page contexts for every page of the site, in both languages.

Pure: takes the corpus and strings, returns a list of Page values; the
renderer turns them into bytes. Routes are data, checked for collisions once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any

from chronicle.core.catalog import SECTIONS, TYPES
from chronicle.core.dates import DateValue, format_date
from chronicle.core.events import KINDS, Event
from chronicle.core.knowledge import Knowledge
from chronicle.core.model import Entity, Source
from chronicle.core.short_forms import short_forms
from chronicle.render.collation import by_initial
from chronicle.render.inline import block_html, linkify
from chronicle.render.routes import HTML_LANG, LANGS, other_lang, relative, swap_lang
from chronicle.render.structured import SCHEMA_TYPE, json_ld


@dataclass(frozen=True)
class Page:
    route: str  # e.g. "zh/sources/000/"
    template: str
    lang: str
    title: str
    description: str
    context: Mapping[str, Any]


PRECISION = {4: "year", 7: "month", 10: "day"}  # of an ISO date by its length


class Deferred(Mapping[str, Any]):
    """A page's context, computed when the page is rendered rather than when the page list is made.

    Source and entity pages are most of the work before rendering (every paragraph becomes HTML
    with its entity links). Deferred, that work runs on both cores with the rendering
    (chronicle.page_pool), and the preview does it only for the pages someone opens.
    """

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make = make
        self._value: Mapping[str, Any] | None = None

    def _context(self) -> Mapping[str, Any]:
        if self._value is None:
            self._value = self._make()
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._context()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._context())

    def __len__(self) -> int:
        return len(self._context())


def source_route(lang: str, source_id: str) -> str:
    return f"{lang}/sources/{source_id}/"


def entity_route(lang: str, entity: Entity) -> str:
    return f"{lang}/{SECTIONS[entity.type]}/{entity.id}/"


def event_route(lang: str, event_id: str) -> str:
    return f"{lang}/events/{event_id}/"


# From this many entries up, an index of one type is grouped by initial letter (places 48, documents 22).
LETTERS_FROM = 20


def build_pages(sources: list[Source], strings: Mapping[str, Mapping[str, str]], site: Mapping[str, Any], k: Knowledge) -> list[Page]:
    pages: list[Page] = []
    ents = {e.id: e for e in k.entities}
    mentions_by_para: dict[tuple[str, str], list[Any]] = defaultdict(list)
    mentions_by_entity: dict[str, list[Any]] = defaultdict(list)
    for m in k.mentions:
        mentions_by_para[(m.source, m.paragraph)].append(m)
        mentions_by_entity[m.entity].append(m)
    events_by_para: dict[tuple[str, str], list[Event]] = defaultdict(list)
    events_by_entity: dict[str, list[Event]] = defaultdict(list)
    for e in k.events:
        for c in e.citations:
            if e not in events_by_para[(c.source, c.paragraph)]:
                events_by_para[(c.source, c.paragraph)].append(e)
        for i in e.entities:
            events_by_entity[i].append(e)
    texts = {(s.meta.id, p.id): p.block.text for s in sources for p in s.paragraphs}
    names_by_para = {para: tuple(m.entity for m in found) for para, found in mentions_by_para.items()}  # "mentioned together"
    linked_by: dict[str, set[str]] = defaultdict(set)
    for e in k.entities:  # "what links here", once for the whole site rather than once per entity page
        for target in {e.parent, e.place, *e.related} - {None}:
            linked_by[str(target)].add(e.id)
    titles = {s.meta.id: s.meta.title for s in sources}
    figures = _figures(sources, k)
    years = sorted({e.date.start[:4] for e in k.events})
    kind_counts = _count(e.kind for e in k.events)
    type_counts = _count(t for e in k.events for t in {ents[i].type for i in e.entities if i in ents})
    for lang in LANGS:
        t = strings[lang]
        latest = sorted(k.events, key=lambda e: (e.date.start, e.id), reverse=True)[:6]
        pages.append(
            Page(
                f"{lang}/",
                "home.html",
                lang,
                site["title"][lang],
                site["tagline"][lang],
                {
                    "figures": figures,
                    "sources": sources,
                    "eras": site.get("eras", []),
                    "latest": [_event_view(e, lang, ents) for e in latest],
                },
            )
        )
        pages.append(Page(f"{lang}/sources/", "sources.html", lang, t["sources_title"], t["sources_intro"], {"sources": sources}))
        # A mention's link from a source page, and its title: the same for every mention of an entity.
        links = {e.id: ("../../" + entity_route(lang, e).removeprefix(lang + "/"), e.name[lang]) for e in k.entities}
        for source in sources:
            make = partial(_source_context, source, lang, t, mentions_by_para, events_by_para, links)
            meta = source.meta
            pages.append(Page(source_route(lang, meta.id), "source.html", lang, meta.title[lang], meta.summary[lang][:160], Deferred(make)))
        pages.append(Page(f"{lang}/about/", "about.html", lang, t["about_title"], t["about_body"][:150], {"sources": sources}))
        views = [_event_view(e, lang, ents) for e in k.events]
        pages.append(
            Page(
                f"{lang}/timeline/",
                "timeline.html",
                lang,
                t["timeline_title"],
                t["timeline_intro"],
                {
                    "events": views,
                    "years": years,
                    "kinds": KINDS,
                    "types": TYPES,
                    "active_kind": None,
                    "active_type": None,
                    "overview": _overview(k.events, years),
                    "kind_counts": kind_counts,
                    "type_counts": type_counts,
                },
            )
        )
        for kind in KINDS:
            subset = [v for v in views if v["kind"] == kind]
            pages.append(
                Page(
                    f"{lang}/timeline/{kind}/",
                    "timeline.html",
                    lang,
                    f"{t['timeline_title']}: {t['kind_ev_' + kind]}",
                    t["timeline_intro"],
                    {
                        "events": subset,
                        "years": sorted({v["year"] for v in subset}),
                        "kinds": KINDS,
                        "types": TYPES,
                        "active_kind": kind,
                        "active_type": None,
                        "overview": None,
                        "kind_counts": kind_counts,
                        "type_counts": type_counts,
                    },
                )
            )
        for etype in TYPES:
            subset = [v for v in views if etype in v["types"]]
            pages.append(
                Page(
                    f"{lang}/timeline/type-{etype}/",
                    "timeline.html",
                    lang,
                    f"{t['timeline_title']}: {t['type_plural_' + etype]}",
                    t["timeline_intro"],
                    {
                        "events": subset,
                        "years": sorted({v["year"] for v in subset}),
                        "kinds": KINDS,
                        "types": TYPES,
                        "active_kind": None,
                        "active_type": etype,
                        "overview": None,
                        "kind_counts": kind_counts,
                        "type_counts": type_counts,
                    },
                )
            )
        for e in k.events:
            description = (e.summary or {}).get(lang) or e.citations[0].quote[:150]
            pages.append(
                Page(
                    event_route(lang, e.id),
                    "event.html",
                    lang,
                    e.title[lang],
                    description,
                    {
                        "event": _event_view(e, lang, ents),
                        "citations": [_citation_view(c, titles) for c in e.citations],
                        "conflicts": [_conflict_view(c, k.events, lang, titles) for c in e.conflicts],
                        "jsonld": json_ld(
                            {
                                "@type": "Event",
                                "name": e.title[lang],
                                "startDate": e.date.start,
                                **({"endDate": e.date.end} if e.date.end else {}),
                                "description": description,
                                "inLanguage": HTML_LANG[lang],
                            }
                        ),
                    },
                )
            )
        for etype in TYPES:
            of_type = [x for x in k.entities if x.type == etype]
            groups = [
                (letter, [{"entity": x, "mentions": len(mentions_by_entity[x.id]), "events": len(events_by_entity[x.id])} for x in group])
                for letter, group in by_initial(of_type, lang)
            ]
            pages.append(
                Page(
                    f"{lang}/{SECTIONS[etype]}/",
                    "entities.html",
                    lang,
                    t["type_plural_" + etype],
                    t["type_intro_" + etype],
                    # a short list reads best whole; a long one gets letter headings and a bar to jump by
                    {"etype": etype, "groups": groups, "by_letter": len(of_type) >= LETTERS_FROM},
                )
            )
        pages.append(
            Page(
                f"{lang}/search/",
                "search.html",
                lang,
                t["search_title"],
                t["search_intro"],
                {"groups": by_initial(k.entities, lang)},
            )
        )
        for x in k.entities:
            make = partial(
                _entity_context,
                x,
                lang,
                ents,
                mentions_by_entity[x.id],
                events_by_entity[x.id],
                texts,
                titles,
                names_by_para,
                sorted(linked_by[x.id]),
            )
            pages.append(Page(entity_route(lang, x), "entity.html", lang, x.name[lang], x.description[lang][:160], Deferred(make)))
    return pages


def _count(items: Any) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for i in items:
        out[i] += 1
    return dict(out)


def _overview(events: list[Event], years: list[str]) -> dict[str, Any]:
    """Bars per year, stacked by kind, as plain numbers for an SVG drawn by the template."""
    per_year = {y: _count(e.kind for e in events if e.date.start[:4] == y) for y in years}
    peak = max((sum(v.values()) for v in per_year.values()), default=1)
    bars = []
    for i, y in enumerate(years):
        stack, offset = [], 0
        for kind in KINDS:
            n = per_year[y].get(kind, 0)
            if n:
                stack.append({"kind": kind, "n": n, "y": offset})
                offset += n
        bars.append({"year": y, "x": i, "total": offset, "stack": stack})
    return {"bars": bars, "peak": peak, "width": max(len(years), 1)}


def _event_view(e: Event, lang: str, ents: Mapping[str, Entity]) -> dict[str, Any]:
    return {
        "id": e.id,
        "year": e.date.start[:4],
        "date": format_date(e.date, lang),
        "start": e.date.start,
        "kind": e.kind,
        "title": e.title[lang],
        "title_generated": e.title_generated,
        "summary": (e.summary or {}).get(lang, ""),
        "entities": [ents[i] for i in e.entities if i in ents],
        "types": sorted({ents[i].type for i in e.entities if i in ents}),
        "quote": e.citations[0].quote,
        "cite": e.citations[0],
        "n_citations": len(e.citations),
        "conflict": bool(e.conflicts),
    }


def _citation_view(c: Any, titles: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    return {"source": c.source, "paragraph": c.paragraph, "quote": c.quote, "title": titles[c.source], "date_text": c.date_text}


def _conflict_view(conflict: Mapping[str, Any], events: list[Event], lang: str, titles: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    other = next(e for e in events if e.id == conflict["event"])
    return {"id": other.id, "date": format_date(other.date, lang), "citations": [_citation_view(c, titles) for c in other.citations]}


def _entity_context(
    x: Entity,
    lang: str,
    ents: Mapping[str, Entity],
    mentions: list[Any],
    events: list[Event],
    texts: Mapping[tuple[str, str], str],
    titles: Mapping[str, Mapping[str, str]],
    names_by_para: Mapping[tuple[str, str], tuple[str, ...]],
    linked_by: list[str],
) -> dict[str, Any]:
    contexts = []
    for m in mentions[:60]:
        text = texts[(m.source, m.paragraph)]
        a, b = max(0, m.start - 40), min(len(text), m.end + 40)
        contexts.append(
            {
                "source": m.source,
                "paragraph": m.paragraph,
                "before": ("…" if a else "") + text[a : m.start],
                "match": text[m.start : m.end],
                "after": text[m.end : b] + ("…" if b < len(text) else ""),
                "title": titles[m.source],
            }
        )
    paragraphs = dict.fromkeys((m.source, m.paragraph) for m in mentions)
    co = Counter(chain.from_iterable(names_by_para[para] for para in paragraphs))
    co.pop(x.id, None)
    co_mentioned = [ents[i] for i, _ in sorted(co.items(), key=lambda kv: (-kv[1], kv[0]))[:12]]
    starts = sorted(e.date.start for e in events)
    span = DateValue(starts[0], starts[-1] if starts[-1] != starts[0] else None, PRECISION[len(starts[0])], "") if starts else None
    return {
        "entity": x,
        "place": ents.get(x.place or ""),
        "parent": ents.get(x.parent or ""),
        "related": [ents[r] for r in x.related if r in ents],
        "co_mentioned": co_mentioned,
        "linked_by": [ents[i] for i in linked_by],
        "events": [_event_view(e, lang, ents) for e in sorted(events, key=lambda e: e.date.start)],
        "contexts": contexts,
        "n_mentions": len(mentions),
        "short_forms": short_forms(x),
        "dates": format_date(span, lang) if span else None,
        "jsonld": json_ld(
            {
                "@type": SCHEMA_TYPE[x.type],
                "name": x.name[lang],
                "alternateName": [x.name[other_lang(lang)], *x.aliases[lang]],
                "description": x.description[lang],
                "inLanguage": HTML_LANG[lang],
            }
        ),
    }


def _figures(sources: list[Source], k: Knowledge) -> dict[str, int]:
    by_type = _count(e.type for e in k.entities)
    return {
        "sources": len(sources),
        "events": len(k.events),
        "treaties": by_type.get("treaty", 0),
        "documents": by_type.get("document", 0),
        "centers": by_type.get("center", 0),
        "exercises": by_type.get("exercise", 0),
        "paragraphs": sum(len(s.paragraphs) for s in sources),
        "repairs": sum(r.count for s in sources for r in s.repairs),
    }


def _source_context(
    source: Source,
    lang: str,
    t: Mapping[str, str],
    mentions_by_para: Mapping[tuple[str, str], list[Any]],
    events_by_para: Mapping[tuple[str, str], list[Event]],
    links: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
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
                "html": block_html(
                    b.text,
                    b.marks,
                    t["source_garbled"],
                    numbers,
                    tuple((m.start, m.end, *links[m.entity]) for m in mentions_by_para.get((source.meta.id, p.id), [])),
                ),
                "events": [{"id": e.id, "title": e.title[lang]} for e in events_by_para.get((source.meta.id, p.id), [])],
                "speaker_change": b.speaker if b.speaker and b.speaker != speaker else None,
                "speaker_en": source.meta.speakers.get(b.speaker or "", b.speaker or ""),
            }
        )
        speaker = b.speaker
    notes = [{"id": note.id, "number": n, "html": linkify(note.text), "lang": note.lang} for n, note in enumerate(source.notes, 1)]
    meta = source.meta
    return {
        "source": source,
        "meta": meta,
        "paragraphs": paragraphs,
        "notes": notes,
        "zh_paragraphs": [p for p in paragraphs if p["lang"] == "zh"],
        "en_paragraphs": [p for p in paragraphs if p["lang"] == "en"],
        "jsonld": json_ld(
            {
                "@type": "CreativeWork",
                "name": meta.title[lang],
                "author": list(meta.authors[lang]),
                "dateCreated": meta.date.value,
                "inLanguage": "zh-Hans",
                "abstract": meta.summary[lang],
            }
        ),
    }


def page_globals(page: Page, strings: Mapping[str, Mapping[str, str]], site: Mapping[str, Any]) -> dict[str, Any]:
    """What every template gets: language, strings, links relative to this page."""
    lang = page.lang

    def url(route: str) -> str:
        if page.route == "404.html":
            # Hosts serve 404.html at any missing path, so its links start from the site's root path.
            return str(site.get("base_path", "/")) + route
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
        "sections": SECTIONS,
        "switch_url": url(swap_lang(page.route, lang)),
        "alternates": {code: url(swap_lang(page.route, lang) if code != lang else page.route) for code in LANGS},
        "x_default": url(""),
        "alternate_routes": {code: swap_lang(page.route, lang) if code != lang else page.route for code in LANGS},
        "canonical": site["base_url"] + page.route,
        **page.context,
    }
