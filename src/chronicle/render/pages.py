"""Every page of the site, family by family, each with a typed context.

`build_pages` lists the pages of both languages; each family (home, sources,
source, about, timeline, event, entity index, entity, search) has one function
that makes its pages and one dataclass that is its template's context. A
page's context is made when the page is rendered (`Page.context()`), so the
preview makes only the pages someone opens. Pure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from itertools import chain
from typing import Any

from markupsafe import Markup

from chronicle.core.alignment import AlignedUnit, SourceTranslation
from chronicle.core.bilingual import LANGS
from chronicle.core.catalog import SECTIONS, TYPES
from chronicle.core.dates import DateValue, format_date
from chronicle.core.events import KINDS, Event
from chronicle.core.knowledge import Knowledge
from chronicle.core.model import Entity, Mention, Source
from chronicle.core.short_forms import short_forms
from chronicle.render import routes
from chronicle.render.collation import by_initial
from chronicle.render.inline import english_html, han_marked, linkify, sentences_html
from chronicle.render.routes import HTML_LANG, other_lang
from chronicle.render.structured import SCHEMA_TYPE, json_ld
from chronicle.render.views import (
    CitationView,
    EntityRef,
    EventView,
    Translated,
    citation_view,
    entity_ref,
    event_view,
    paragraph_label,
    translated,
)


@dataclass(frozen=True)
class Page:
    route: str  # e.g. "zh/sources/000/"
    template: str
    lang: str
    title: str
    description: str
    context: Callable[[], Any] = lambda: None  # the page's typed context, made when it is rendered

    @property
    def alternate(self) -> str:
        """The same page in the other language."""
        return routes.swap_lang(self.route, self.lang)


@dataclass(frozen=True)
class Corpus:
    """Everything the pages are made from, with the lookups several families share."""

    sources: list[Source]
    strings: Mapping[str, Mapping[str, str]]
    site: Mapping[str, Any]
    knowledge: Knowledge
    english: Mapping[str, SourceTranslation]
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions_by_para: dict[tuple[str, str], list[Mention]] = field(default_factory=dict)
    mentions_by_entity: dict[str, list[Mention]] = field(default_factory=dict)
    events_by_para: dict[tuple[str, str], list[Event]] = field(default_factory=dict)
    events_by_entity: dict[str, list[Event]] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    titles: dict[str, Mapping[str, str]] = field(default_factory=dict)


def make_corpus(
    sources: list[Source],
    strings: Mapping[str, Mapping[str, str]],
    site: Mapping[str, Any],
    k: Knowledge,
    english: Mapping[str, SourceTranslation],
) -> Corpus:
    c = Corpus(sources, strings, site, k, english)
    c.entities.update((e.id, e) for e in k.entities)
    mentions_by_para: defaultdict[tuple[str, str], list[Mention]] = defaultdict(list)
    mentions_by_entity: defaultdict[str, list[Mention]] = defaultdict(list)
    for m in k.mentions:
        mentions_by_para[(m.source, m.paragraph)].append(m)
        mentions_by_entity[m.entity].append(m)
    events_by_para: defaultdict[tuple[str, str], list[Event]] = defaultdict(list)
    events_by_entity: defaultdict[str, list[Event]] = defaultdict(list)
    for e in k.events:
        for cite in e.citations:
            if e not in events_by_para[(cite.source, cite.paragraph)]:
                events_by_para[(cite.source, cite.paragraph)].append(e)
        for i in e.entities:
            events_by_entity[i].append(e)
    c.mentions_by_para.update(mentions_by_para)
    c.mentions_by_entity.update(mentions_by_entity)
    c.events_by_para.update(events_by_para)
    c.events_by_entity.update(events_by_entity)
    c.texts.update(((s.meta.id, p.id), p.block.text) for s in sources for p in s.paragraphs)
    c.texts.update(((s.meta.id, n.id), n.text) for s in sources for n in s.notes)
    c.titles.update((s.meta.id, s.meta.title) for s in sources)
    return c


def build_pages(
    sources: list[Source],
    strings: Mapping[str, Mapping[str, str]],
    site: Mapping[str, Any],
    k: Knowledge,
    english: Mapping[str, SourceTranslation],
) -> list[Page]:
    corpus = make_corpus(sources, strings, site, k, english)
    families = (home_pages, sources_pages, source_pages, about_pages, timeline_pages, event_pages, index_pages, search_pages, entity_pages)
    return [page for lang in LANGS for family in families for page in family(corpus, lang)]


def context_of(page: Page) -> dict[str, Any]:
    """A page's context as template variables: the fields of its dataclass."""
    value = page.context()
    return {f.name: getattr(value, f.name) for f in fields(value)} if value is not None else {}


def page_globals(page: Page, strings: Mapping[str, Mapping[str, str]], site: Mapping[str, Any]) -> dict[str, Any]:
    """What every template gets: language, strings, the page and links relative to it."""
    lang = page.lang

    def url(route: str) -> str:
        if page.route == "404.html":
            # Hosts serve 404.html at any missing path, so its links start from the site's root path.
            return str(site.get("base_path", "/")) + route
        return routes.relative(page.route, route)

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
        "routes": routes,
        "sections": SECTIONS,
        "switch_url": url(page.alternate),
        "alternate_routes": {code: page.route if code == lang else page.alternate for code in LANGS},
        "canonical": site["base_url"] + page.route,
        **context_of(page),
    }


# Home, sources, about ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceCard:
    id: str
    route: str
    title: str
    zh_title: str
    authors: tuple[str, ...]
    venue: str
    date: str
    kind: str


def source_card(s: Source, lang: str) -> SourceCard:
    meta = s.meta
    return SourceCard(
        meta.id,
        routes.source(lang, meta.id),
        meta.title[lang],
        meta.title["zh"],
        meta.authors[lang],
        meta.venue[lang],
        meta.date.value,
        meta.kind,
    )


@dataclass(frozen=True)
class HomeContext:
    figures: dict[str, int]
    sources: list[SourceCard]
    eras: list[Any]
    latest: list[EventView]


def home_pages(c: Corpus, lang: str) -> Iterator[Page]:
    def make() -> HomeContext:
        latest = sorted(c.knowledge.events, key=lambda e: (e.date.start, e.id), reverse=True)[:6]
        return HomeContext(
            _figures(c), [source_card(s, lang) for s in c.sources], list(c.site.get("eras", [])), _event_views(c, latest, lang)
        )

    yield Page(routes.home(lang), "home.html", lang, c.site["title"][lang], c.site["tagline"][lang], make)


@dataclass(frozen=True)
class SourcesContext:
    sources: list[SourceCard]


def sources_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    cards = SourcesContext([source_card(s, lang) for s in c.sources])
    yield Page(routes.sources(lang), "sources.html", lang, t["sources_title"], t["sources_intro"], lambda: cards)


def about_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    cards = SourcesContext([source_card(s, lang) for s in c.sources])
    yield Page(routes.about(lang), "about.html", lang, t["about_title"], t["about_body"][:150], lambda: cards)


def _figures(c: Corpus) -> dict[str, int]:
    by_type = Counter(e.type for e in c.knowledge.entities)
    return {
        "sources": len(c.sources),
        "events": len(c.knowledge.events),
        "treaties": by_type.get("treaty", 0),
        "documents": by_type.get("document", 0),
        "centers": by_type.get("center", 0),
        "exercises": by_type.get("exercise", 0),
        "paragraphs": sum(len(s.paragraphs) for s in c.sources),
        "repairs": sum(r.count for s in c.sources for r in s.repairs),
    }


# Timeline and events ----------------------------------------------------------------------------


def _event_views(c: Corpus, events: Sequence[Event], lang: str) -> list[EventView]:
    return [event_view(e, lang, c.entities, citation_view(e.citations[0], lang, c.titles, c.texts, c.english)) for e in events]


@dataclass(frozen=True)
class Filter:
    label: str
    route: str
    count: int
    kind: str = ""
    etype: str = ""
    current: bool = False


@dataclass(frozen=True)
class TimelineContext:
    events: list[EventView]
    years: list[str]
    kind_filters: list[Filter]
    type_filters: list[Filter]
    all_route: str
    filtered: bool
    overview: dict[str, Any] | None


def timeline_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    events = c.knowledge.events
    kind_counts = Counter(e.kind for e in events)
    type_counts = Counter(tp for e in events for tp in {c.entities[i].type for i in e.entities if i in c.entities})
    views: list[EventView] = []

    def view_all() -> list[EventView]:
        if not views:
            views.extend(_event_views(c, events, lang))
        return views

    def make(kind: str | None, etype: str | None) -> TimelineContext:
        chosen = [v for v in view_all() if (kind is None or v.kind == kind) and (etype is None or etype in v.types)]
        kinds = [
            Filter(t["kind_ev_" + k], routes.timeline(lang, kind=k), kind_counts[k], kind=k, current=k == kind)
            for k in KINDS
            if kind_counts[k]
        ]
        types = [
            Filter(t["type_plural_" + tp], routes.timeline(lang, etype=tp), type_counts[tp], etype=tp, current=tp == etype)
            for tp in TYPES
            if type_counts[tp]
        ]
        years = sorted({v.year for v in chosen})
        overview = _overview(events, years) if kind is None and etype is None else None
        return TimelineContext(chosen, years, kinds, types, routes.timeline(lang), kind is not None or etype is not None, overview)

    yield Page(routes.timeline(lang), "timeline.html", lang, t["timeline_title"], t["timeline_intro"], partial(make, None, None))
    for kind in KINDS:
        title = f"{t['timeline_title']}: {t['kind_ev_' + kind]}"
        yield Page(routes.timeline(lang, kind=kind), "timeline.html", lang, title, t["timeline_intro"], partial(make, kind, None))
    for etype in TYPES:
        title = f"{t['timeline_title']}: {t['type_plural_' + etype]}"
        yield Page(routes.timeline(lang, etype=etype), "timeline.html", lang, title, t["timeline_intro"], partial(make, None, etype))


def _overview(events: list[Event], years: list[str]) -> dict[str, Any]:
    """Bars per year, stacked by kind, as plain numbers for an SVG drawn by the template."""
    per_year = {y: Counter(e.kind for e in events if e.date.start[:4] == y) for y in years}
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


@dataclass(frozen=True)
class ConflictView:
    """One dated claim of a disputed event, shown side by side with the others on its page."""

    route: str
    date: str
    citations: list[CitationView]
    start: str = ""
    preferred: bool = False


@dataclass(frozen=True)
class EventContext:
    event: EventView
    citations: list[CitationView]
    conflicts: list[ConflictView]
    jsonld: Markup


def event_pages(c: Corpus, lang: str) -> Iterator[Page]:
    def cite(e: Event) -> list[CitationView]:
        return [citation_view(x, lang, c.titles, c.texts, c.english) for x in e.citations]

    def make(e: Event, description: str) -> EventContext:
        citations = cite(e)
        conflicts = [
            ConflictView(
                routes.event(lang, e.id),
                format_date(claim.date, lang),
                [citation_view(x, lang, c.titles, c.texts, c.english) for x in claim.citations],
                claim.date.start,
                claim.preferred,
            )
            for claim in e.claims
        ]
        data = {
            "@type": "Event",
            "name": e.title[lang],
            "startDate": e.date.start,
            "description": description,
            "inLanguage": HTML_LANG[lang],
        }
        if e.date.end:
            data["endDate"] = e.date.end
        return EventContext(event_view(e, lang, c.entities, citations[0]), citations, conflicts, json_ld(data))

    for e in c.knowledge.events:
        description = (e.summary or {}).get(lang) or e.citations[0].quote[:150]
        yield Page(routes.event(lang, e.id), "event.html", lang, e.title[lang], description, partial(make, e, description))


# Entities ---------------------------------------------------------------------------------------

# From this many entries up, an index of one type is grouped by initial letter (places 48, documents 22).
LETTERS_FROM = 20


@dataclass(frozen=True)
class IndexEntry:
    entity: EntityRef
    mentions: int
    events: int


@dataclass(frozen=True)
class IndexContext:
    etype: str
    groups: list[tuple[str, list[IndexEntry]]]
    by_letter: bool


def index_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    for etype in TYPES:
        of_type = [x for x in c.knowledge.entities if x.type == etype]

        def make(of_type: list[Entity] = of_type, etype: str = etype) -> IndexContext:
            groups = [
                (
                    letter,
                    [
                        IndexEntry(entity_ref(x, lang), len(c.mentions_by_entity.get(x.id, [])), len(c.events_by_entity.get(x.id, [])))
                        for x in group
                    ],
                )
                for letter, group in by_initial(of_type, lang)
            ]
            return IndexContext(etype, groups, len(of_type) >= LETTERS_FROM)  # a short list reads best whole

        yield Page(routes.section(lang, etype), "entities.html", lang, t["type_plural_" + etype], t["type_intro_" + etype], make)


@dataclass(frozen=True)
class SearchContext:
    groups: list[tuple[str, list[EntityRef]]]


def search_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]

    def make() -> SearchContext:
        return SearchContext([(letter, [entity_ref(x, lang) for x in group]) for letter, group in by_initial(c.knowledge.entities, lang)])

    yield Page(routes.search(lang), "search.html", lang, t["search_title"], t["search_intro"], make)


@dataclass(frozen=True)
class MentionView:
    source: str
    source_title: str
    label: str
    route: str
    anchor: str
    before: str
    match: str
    after: str
    english: Translated | None


@dataclass(frozen=True)
class EntityContext:
    entity: Entity
    name: str
    place: EntityRef | None
    parent: EntityRef | None
    related: list[EntityRef]
    co_mentioned: list[EntityRef]
    linked_by: list[EntityRef]
    events: list[EventView]
    contexts: list[MentionView]
    n_mentions: int
    short_forms: tuple[str, ...]
    dates: str | None
    jsonld: Markup


# Mentions shown in context on an entity's page, and characters of context on each side.
MENTIONS_SHOWN = 60
CONTEXT_CHARS = 40


def entity_pages(c: Corpus, lang: str) -> Iterator[Page]:
    names_by_para = {para: tuple(m.entity for m in found) for para, found in c.mentions_by_para.items()}
    linked_by: defaultdict[str, set[str]] = defaultdict(set)
    for e in c.knowledge.entities:  # "what links here", once for the whole site
        for target in {e.parent, e.place, *e.related} - {None}:
            linked_by[str(target)].add(e.id)

    def ref(i: str | None) -> EntityRef | None:
        return entity_ref(c.entities[i], lang) if i in c.entities else None

    def make(x: Entity) -> EntityContext:
        mentions = c.mentions_by_entity.get(x.id, [])
        events = sorted(c.events_by_entity.get(x.id, []), key=lambda e: e.date.start)
        paragraphs = dict.fromkeys((m.source, m.paragraph) for m in mentions)
        co = Counter(chain.from_iterable(names_by_para[para] for para in paragraphs))
        co.pop(x.id, None)
        starts = sorted(e.date.start for e in events)
        span = DateValue(starts[0], starts[-1] if starts[-1] != starts[0] else None, PRECISION[len(starts[0])], "") if starts else None
        data = {
            "@type": SCHEMA_TYPE[x.type],
            "name": x.name[lang],
            "alternateName": [x.name[other_lang(lang)], *x.aliases[lang]],
            "description": x.description[lang],
            "inLanguage": HTML_LANG[lang],
        }
        return EntityContext(
            x,
            x.name[lang],
            ref(x.place),
            ref(x.parent),
            [r for r in map(ref, x.related) if r],
            [r for r in map(ref, (i for i, _ in sorted(co.items(), key=lambda kv: (-kv[1], kv[0]))[:12])) if r],
            [r for r in map(ref, sorted(linked_by[x.id])) if r],
            _event_views(c, events, lang),
            [_mention_view(c, m, lang) for m in mentions[:MENTIONS_SHOWN]],
            len(mentions),
            short_forms(x),
            format_date(span, lang) if span else None,
            json_ld(data),
        )

    for x in c.knowledge.entities:
        yield Page(routes.entity(lang, x), "entity.html", lang, x.name[lang], x.description[lang][:160], partial(make, x))


PRECISION = {4: "year", 7: "month", 10: "day"}  # of an ISO date by its length


def _mention_view(c: Corpus, m: Mention, lang: str) -> MentionView:
    text = c.texts[(m.source, m.paragraph)]
    a, b = max(0, m.start - CONTEXT_CHARS), min(len(text), m.end + CONTEXT_CHARS)
    reading = c.english.get(m.source)
    units = reading.around(m.paragraph, m.start, m.end) if reading is not None else ()
    return MentionView(
        m.source,
        c.titles[m.source][lang],
        paragraph_label(m.paragraph, lang),
        routes.source(lang, m.source),
        units[0].unit.anchor if units else m.paragraph,
        ("…" if a else "") + text[a : m.start],
        text[m.start : m.end],
        text[m.end : b] + ("…" if b < len(text) else ""),
        translated(units) if lang == "en" else None,
    )


# Sources ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceView:
    """One unit on an English source page: the English (or the status that stands for it) and the Chinese."""

    anchor: str
    index: int  # within its paragraph, from 1
    english: Markup
    status: str
    note: Markup  # the translator's note, its Chinese marked as such
    previous: str


@dataclass(frozen=True)
class ParagraphView:
    id: str
    label: str  # ¶ 3 / 第3段
    kind: str  # paragraph | heading | quote
    lang: str  # the block's own language
    html: Markup  # the text in its own language, sentence by sentence, with entity links and notes
    sentences: tuple[SentenceView, ...]  # on English pages, for a Chinese block: its units in English
    events: tuple[tuple[str, str], ...]  # (title, route) of the events it is cited for
    speaker_change: str | None
    speaker_en: str
    author_version: str  # the paragraph of the author's own English that says the same (004), if any


@dataclass(frozen=True)
class NoteView:
    id: str
    number: int
    lang: str
    html: Markup
    english: SentenceView | None


@dataclass(frozen=True)
class SourceContext:
    source: Source
    meta: Any
    card: SourceCard
    paragraphs: list[ParagraphView]
    zh_paragraphs: list[ParagraphView]
    en_paragraphs: list[ParagraphView]
    notes: list[NoteView]
    counts: dict[str, int]  # units by translation status
    jsonld: Markup


def source_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    links = {e.id: (routes.relative(routes.source(lang, "x"), routes.entity(lang, e)), e.name[lang]) for e in c.knowledge.entities}
    for s in c.sources:
        meta = s.meta
        make = partial(_source_context, c, s, lang, t, links)
        yield Page(routes.source(lang, meta.id), "source.html", lang, meta.title[lang], meta.summary[lang][:160], make)


def _source_context(c: Corpus, source: Source, lang: str, t: Mapping[str, str], links: Mapping[str, tuple[str, str]]) -> SourceContext:
    sid = source.meta.id
    numbers = {note.id: n for n, note in enumerate(source.notes, 1)}
    reading = c.english.get(sid)
    paragraphs: list[ParagraphView] = []
    speaker = None
    for p in source.paragraphs:
        units = reading.of_paragraph(p.id) if reading is not None else ()
        mentions = tuple((m.start, m.end, *links[m.entity]) for m in c.mentions_by_para.get((sid, p.id), []))
        html = sentences_html(
            p.block.text,
            p.block.marks,
            [(u.unit.start, u.unit.end) for u in units],
            t["source_garbled"],
            numbers,
            mentions,
            p.id,
            lang == "zh",
        )
        english = _english_sentences(c, units, links) if lang == "en" and p.block.lang == "zh" else ()
        events = tuple((e.title[lang], routes.event(lang, e.id)) for e in c.events_by_para.get((sid, p.id), []))
        author = next((u.translation.author_version for u in units if u.translation.author_version), "")
        b = p.block
        paragraphs.append(
            ParagraphView(
                p.id,
                paragraph_label(p.id, lang),
                b.kind,
                b.lang,
                html,
                english,
                events,
                b.speaker if b.speaker and b.speaker != speaker else None,
                source.meta.speakers.get(b.speaker or "", b.speaker or ""),
                author,
            )
        )
        speaker = b.speaker
    notes = []
    for n, note in enumerate(source.notes, 1):
        units = reading.of_paragraph(note.id) if reading is not None and lang == "en" and note.lang == "zh" else ()
        english = _english_sentences(c, units, links)
        notes.append(NoteView(note.id, n, note.lang, linkify(note.text), english[0] if english else None))
    meta = source.meta
    data = {
        "@type": "CreativeWork",
        "name": meta.title[lang],
        "author": list(meta.authors[lang]),
        "dateCreated": meta.date.value,
        "inLanguage": "zh-Hans",
        "abstract": meta.summary[lang],
    }
    return SourceContext(
        source,
        meta,
        source_card(source, lang),
        paragraphs,
        [p for p in paragraphs if p.lang == "zh"],
        [p for p in paragraphs if p.lang == "en"],
        notes,
        reading.counts() if reading is not None else {},
        json_ld(data),
    )


def _english_sentences(c: Corpus, units: Sequence[AlignedUnit], links: Mapping[str, tuple[str, str]]) -> tuple[SentenceView, ...]:
    out = []
    for u in units:
        tr = u.translation
        mentioned = [
            m.entity for m in c.mentions_by_para.get((u.unit.source, u.unit.paragraph), []) if u.unit.start <= m.start < u.unit.end
        ]
        named = [(c.entities[i], *links[i]) for i in dict.fromkeys(mentioned) if i in c.entities]
        out.append(SentenceView(u.unit.anchor, u.unit.index, english_html(tr.text, named), tr.status, han_marked(tr.note), tr.previous))
    return tuple(out)
