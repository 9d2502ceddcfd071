"""Every page of the site, family by family, each with a typed context.

`build_pages` lists the pages of both languages; each family (home, sources,
source, about, timeline, event, entity index, entity, search) has one function
that makes its pages and one dataclass that is its template's context. A
page's context is made when the page is rendered (`Page.context()`), so the
preview makes only the pages someone opens. Pure.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from chronicle.core.alignment import AlignedUnit, SourceTranslation
from chronicle.core.bilingual import LANGS
from chronicle.core.catalog import SECTIONS, TYPES
from chronicle.core.dates import DateValue, format_date
from chronicle.core.events import KINDS, Event
from chronicle.core.knowledge import Knowledge
from chronicle.core.model import Entity, Mention, Source
from chronicle.core.short_forms import search_keys, short_forms
from chronicle.render import routes
from chronicle.render.axis import Axis, make_axis
from chronicle.render.cite import Edition, HowToCite, how_to_cite
from chronicle.render.collation import by_initial
from chronicle.render.inline import english_html, han_marked, linkify, sentences_html
from chronicle.render.map import MapData, load_map_data, map_places, render_locator, render_map
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
    cite: Callable[[], HowToCite | None] = lambda: None  # how to cite it, and the BibTeX file written beside it

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
    edition: Edition
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions_by_para: dict[tuple[str, str], list[Mention]] = field(default_factory=dict)  # in text order
    mention_starts: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # theirs, to bisect a sentence's out
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
    edition: Edition,
) -> Corpus:
    c = Corpus(sources, strings, site, k, english, edition)
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
    c.mention_starts.update((para, [m.start for m in found]) for para, found in mentions_by_para.items())
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
    edition: Edition,
) -> list[Page]:
    corpus = make_corpus(sources, strings, site, k, english, edition)
    families = (home_pages, sources_pages, source_pages, about_pages, timeline_pages, event_pages, index_pages, search_pages, entity_pages)
    return [page for lang in LANGS for family in families for page in family(corpus, lang)]


def context_of(page: Page) -> dict[str, Any]:
    """A page's context as template variables: the fields of its dataclass."""
    value = page.context()
    return {f.name: getattr(value, f.name) for f in fields(value)} if value is not None else {}


def site_path(site: Mapping[str, Any]) -> str:
    """The path the site is served under, from its address: `https://user.github.io/repo/` → `/repo/`."""
    path = urlsplit(str(site["base_url"])).path or "/"
    return path if path.endswith("/") else path + "/"


# Event ids published before the extraction merged or re-kinded those events: each still leads to its event.
FORMER_EVENT_IDS = {
    "1997-shanghai-five-founding": "1996-shanghai-five-founding",
    "2014-new-security-concept-proposal": "1997-03-new-security-concept-proposal",
    "2002-08-01-china-position-paper-nsc-statement": "2001-07-china-position-paper-nsc-statement",
    "2018-sco-community-shared-future-proposal": "2013-09-sco-community-shared-future-proposal",
    "2001-sco-founding": "2001-06-sco-founding",
    "2021-dushanbe-summit-2021-summit": "2021-09-dushanbe-summit-2021-summit",
    "2013-rats-statistic": "2013-2019-rats-statistic",
    "2018-rats-statistic": "2013-2017-rats-statistic",
    "2018-event-incident": "2018-2021-kyrgyzstan-statistic",
    "2021-04-event-incident": "2021-04-2022-10-kyrgyzstan-statistic",
    "2024-03-09-tajikistan-incident": "2020-2023-tajikistan-statistic",
    "2024-tajikistan-incident": "2024-tajikistan-statistic",
    "2018-07-brics-business-forum-2018-summit": "2018-07-brics-business-forum-2018-meeting",
    "2024-09-10-cc-police-ministers-2024-summit": "2024-09-10-cc-police-ministers-2024-meeting",
    "2024-09-24-cc-supreme-courts-2024-summit": "2024-09-24-cc-supreme-courts-2024-meeting",
    "2019-belt-road-seismic-mechanism-other": "2019-belt-road-seismic-mechanism-accession",
    "2020-04-islamic-state-statistic": "2020-04-germany-operation",
    "2022-01-tawhid-jihad-statistic": "2022-01-uzbekistan-operation",
    "2022-10-hizb-ut-tahrir-statistic": "2022-10-kyrgyzstan-operation",
    "2024-01-hizb-ut-tahrir-statistic": "2024-01-kyrgyzstan-operation",
    "2024-02-kyrgyzstan-statistic": "2024-02-kyrgyzstan-operation",
    "2022-kazakhstan-statistic": "2022-kazakhstan-operation",
    "2023-03-kazakhstan-statistic": "2023-03-kazakhstan-operation",
    "2023-03-kazakhstan-exercise": "2023-03-kazakhstan-operation-2",
    "2024-03-29-tajik-state-security-committee-incident": "2024-03-29-tajik-state-security-committee-operation",
    "2022-kazakhstan-incident": "2022-01-kazakhstan-incident",
}


def redirects(knowledge: Knowledge) -> dict[str, str]:
    """Old event id → the event that holds it now: every id an event has had (merged candidates, its other claims) and the
    ids published before the extraction merged or re-kinded events. Ids of events that exist are never redirected."""
    current = {e.id for e in knowledge.events}
    old = {m: e.id for e in knowledge.events for m in e.merged_ids if m != e.id}
    old.update({k: v for k, v in FORMER_EVENT_IDS.items() if v in current})
    return {k: v for k, v in sorted(old.items()) if k not in current}


def page_globals(page: Page, strings: Mapping[str, Mapping[str, str]], site: Mapping[str, Any], edition: Edition) -> dict[str, Any]:
    """What every template gets: language, strings, the page and links relative to it."""
    lang = page.lang

    def url(route: str) -> str:
        if page.route == "404.html":
            # Hosts serve 404.html at any missing path, so its links start from the site's own path.
            return site_path(site) + route
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
        "how_to_cite": page.cite(),
        "edition": edition,
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
    map_svg: Markup


@functools.cache
def map_data() -> MapData:
    return load_map_data()


def _places_map(c: Corpus, lang: str, on_route: str) -> Markup:
    """The map of the places the knowledge ties to something, its links relative to the page at `on_route`."""
    places = map_places(
        map_data(),
        c.knowledge.entities,
        c.knowledge.events,
        lambda e: e.name[lang],
        lambda e: routes.relative(on_route, routes.entity(lang, e)),
    )
    return render_map(map_data(), places, c.strings[lang], lang)


def home_pages(c: Corpus, lang: str) -> Iterator[Page]:
    route = routes.home(lang)

    def make() -> HomeContext:
        latest = sorted(c.knowledge.events, key=lambda e: (e.date.start, e.id), reverse=True)[:6]
        cards = [source_card(s, lang) for s in c.sources]
        return HomeContext(_figures(c), cards, list(c.site.get("eras", [])), _event_views(c, latest, lang), _places_map(c, lang, route))

    yield Page(route, "home.html", lang, c.site["title"][lang], c.site["tagline"][lang], make)


@dataclass(frozen=True)
class SourcesContext:
    sources: list[SourceCard]


def sources_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    cards = SourcesContext([source_card(s, lang) for s in c.sources])
    yield Page(routes.sources(lang), "sources.html", lang, t["sources_title"], t["sources_intro"], lambda: cards)


@dataclass(frozen=True)
class AboutContext:
    sources: list[SourceCard]
    jsonld: Markup


# The public data files, as the About page offers them and its Dataset describes them: (file, format).
DOWNLOADS = (
    ("timeline.json", "application/json"),
    ("timeline.csv", "text/csv"),
    ("citations.csv", "text/csv"),
    ("entities.json", "application/json"),
    ("sources.json", "application/json"),
    ("timelinejs-zh.json", "application/json"),
    ("timelinejs-en.json", "application/json"),
)


def about_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    base = str(c.site["base_url"])
    data = {
        "@type": "Dataset",
        "name": c.site["title"][lang],
        "description": c.site["tagline"][lang],
        "url": base + routes.about(lang),
        "inLanguage": ["zh-Hans", "en"],
        "license": c.site["licence"]["url"],
        "creator": {"@type": "Organization", "name": c.site["editors"][lang]},
        "version": c.edition.version,
        **({"dateModified": c.edition.date} if c.edition.date else {}),
        "distribution": [{"@type": "DataDownload", "contentUrl": f"{base}data/{name}", "encodingFormat": kind} for name, kind in DOWNLOADS],
    }
    about = AboutContext([source_card(s, lang) for s in c.sources], json_ld(data))
    yield Page(routes.about(lang), "about.html", lang, t["about_title"], t["about_body"][:150], lambda: about)


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
    axis: Axis


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
        axis = make_axis(chosen, list(c.site.get("eras", [])), lang)
        return TimelineContext(chosen, years, kinds, types, routes.timeline(lang), kind is not None or etype is not None, axis)

    yield Page(routes.timeline(lang), "timeline.html", lang, t["timeline_title"], t["timeline_intro"], partial(make, None, None))
    for kind in KINDS:
        title = f"{t['timeline_title']}: {t['kind_ev_' + kind]}"
        yield Page(routes.timeline(lang, kind=kind), "timeline.html", lang, title, t["timeline_intro"], partial(make, kind, None))
    for etype in TYPES:
        title = f"{t['timeline_title']}: {t['type_plural_' + etype]}"
        yield Page(routes.timeline(lang, etype=etype), "timeline.html", lang, title, t["timeline_intro"], partial(make, None, etype))


@dataclass(frozen=True)
class ConflictView:
    """One dated claim of a disputed event, shown side by side with the others on its page."""

    route: str
    date: str
    citations: list[CitationView]
    start: str = ""
    preferred: bool = False


@dataclass(frozen=True)
class Neighbour:
    """The event before or after this one on the timeline."""

    title: str
    date: str
    start: str  # the machine-readable date
    route: str


@dataclass(frozen=True)
class EventContext:
    event: EventView
    citations: list[CitationView]
    conflicts: list[ConflictView]
    previous: Neighbour | None
    next: Neighbour | None
    jsonld: Markup


def _event_data(c: Corpus, e: Event, lang: str, description: str, citations: Sequence[CitationView]) -> dict[str, Any]:
    """schema.org Event: dates, place, what it is about, and the source passages that state it."""
    base = str(c.site["base_url"])
    involved = [c.entities[i] for i in e.entities if i in c.entities]
    places = [x for x in involved if x.type in ("place", "country")]
    data: dict[str, Any] = {
        "@type": "Event",
        "name": e.title[lang],
        "url": base + routes.event(lang, e.id),
        "startDate": e.date.start,
        "description": description,
        "inLanguage": HTML_LANG[lang],
        "eventStatus": "https://schema.org/EventScheduled",
        "about": [{"@type": SCHEMA_TYPE[x.type], "name": x.name[lang], "url": base + routes.entity(lang, x)} for x in involved],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": cv.source_title,
                "url": f"{base}{cv.route}#{cv.anchor}",
                "text": cv.quote,
                "inLanguage": "zh-Hans",
            }
            for cv in citations
        ],
        "isPartOf": {"@type": "WebSite", "name": c.site["title"][lang], "url": base + routes.home(lang)},
    }
    if places:
        data["location"] = [{"@type": SCHEMA_TYPE[x.type], "name": x.name[lang], "url": base + routes.entity(lang, x)} for x in places]
    if e.date.end:
        data["endDate"] = e.date.end
    return data


def event_pages(c: Corpus, lang: str) -> Iterator[Page]:
    def citations_of(e: Event) -> list[CitationView]:
        return [citation_view(x, lang, c.titles, c.texts, c.english) for x in e.citations]

    order = sorted(c.knowledge.events, key=lambda e: (e.date.start, e.id))
    place = {e.id: i for i, e in enumerate(order)}

    def neighbour(i: int) -> Neighbour | None:
        if not 0 <= i < len(order):
            return None
        e = order[i]
        return Neighbour(e.title[lang], format_date(e.date, lang), e.date.start, routes.event(lang, e.id))

    def make(e: Event, description: str) -> EventContext:
        citations = citations_of(e)
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
        data = _event_data(c, e, lang, description, citations)
        at = place[e.id]
        return EventContext(
            event_view(e, lang, c.entities, citations[0]), citations, conflicts, neighbour(at - 1), neighbour(at + 1), json_ld(data)
        )

    for e in c.knowledge.events:
        description = (e.summary or {}).get(lang) or e.citations[0].quote[:150]
        route = routes.event(lang, e.id)
        cite = _citation(c, lang, route, e.title[lang], f"event-{e.id}")
        yield Page(route, "event.html", lang, e.title[lang], description, partial(make, e, description), cite)


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
    map_svg: Markup  # the places index only


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
            the_map = _places_map(c, lang, routes.section(lang, etype)) if etype == "place" else Markup("")
            return IndexContext(etype, groups, len(of_type) >= LETTERS_FROM, the_map)  # a short list reads best whole

        yield Page(routes.section(lang, etype), "entities.html", lang, t["type_plural_" + etype], t["type_intro_" + etype], make)


@dataclass(frozen=True)
class SearchContext:
    groups: list[tuple[str, list[EntityRef]]]
    keys: dict[str, str]  # entity id -> its names' search keys, joined by `|` (search.js shows exact hits first)


def search_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]

    def make() -> SearchContext:
        groups = [(letter, [entity_ref(x, lang) for x in group]) for letter, group in by_initial(c.knowledge.entities, lang)]
        return SearchContext(groups, {x.id: "|".join(search_keys(x, lang)) for x in c.knowledge.entities})

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
class Fact:
    """An infobox row stated by one of the entity's events: a date, or the places or countries the event names."""

    label: str  # the UI string's name: fact_signed, fact_where, …
    date: str  # a date row's value, else ""
    refs: tuple[EntityRef, ...]  # a places or countries row's value
    event_route: str
    event_label: str  # the event's kind and date, for the link to it


# Per entity type: the event kinds that state its facts, and the rows each gives (date, places, countries).
FACTS: dict[str, tuple[tuple[str, ...], tuple[str, str, str]]] = {
    "treaty": (("signing",), ("fact_signed", "fact_signed_at", "fact_parties")),
    "document": (("signing", "statement"), ("fact_adopted", "fact_adopted_at", "")),
    "center": (("founding",), ("fact_founded", "fact_seat", "")),
    "mechanism": (("founding",), ("fact_founded", "fact_where", "fact_members")),
    "organization": (("founding",), ("fact_founded", "fact_where", "fact_members")),
    "summit": (("summit", "meeting"), ("fact_held", "fact_where", "")),
    "exercise": (("exercise", "operation"), ("fact_held", "fact_where", "fact_participants")),
}


def _facts(c: Corpus, x: Entity, events: Sequence[Event], lang: str) -> list[Fact]:
    """The rows of `x`'s infobox that its first event of the telling kind states; none without such an event."""
    kinds, (date_row, place_row, country_row) = FACTS.get(x.type, ((), ("", "", "")))
    event = next((e for e in events if e.kind in kinds), None)
    if event is None:
        return []
    t = c.strings[lang]
    comma = "，" if lang == "zh" else ", "
    route, label = routes.event(lang, event.id), f"{t['kind_ev_' + event.kind]}{comma}{format_date(event.date, lang)}"
    involved = [c.entities[i] for i in event.entities if i in c.entities and i != x.id]
    rows = [Fact(date_row, format_date(event.date, lang), (), route, label)]
    for row, etype in ((place_row, "place"), (country_row, "country")):
        refs = tuple(entity_ref(e, lang) for e in involved if e.type == etype)
        if row and refs:
            rows.append(Fact(row, "", refs, route, label))
    return rows


@dataclass(frozen=True)
class EntityContext:
    entity: Entity
    name: str
    place: EntityRef | None
    parent: EntityRef | None
    facts: list[Fact]
    related: list[EntityRef]
    co_mentioned: list[EntityRef]
    linked_by: list[EntityRef]
    events: list[EventView]
    contexts: list[MentionView]
    n_mentions: int
    short_forms: tuple[str, ...]
    dates: str | None
    locator: Markup  # a place's small map
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
        years = sorted({e.date.start[:4] for e in events})
        span = DateValue(years[0], years[-1] if len(years) > 1 else None, "year", "") if years else None
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
            _facts(c, x, events, lang),
            [r for r in map(ref, x.related) if r],
            [r for r in map(ref, (i for i, _ in sorted(co.items(), key=lambda kv: (-kv[1], kv[0]))[:12])) if r],
            [r for r in map(ref, sorted(linked_by[x.id])) if r],
            _event_views(c, events, lang),
            [_mention_view(c, m, lang) for m in mentions[:MENTIONS_SHOWN]],
            len(mentions),
            short_forms(x),
            format_date(span, lang) if span else None,
            _locator(c, x, lang),
            json_ld(data),
        )

    for x in c.knowledge.entities:
        route = routes.entity(lang, x)
        cite = _citation(c, lang, route, x.name[lang], f"{x.type}-{x.id}")
        yield Page(route, "entity.html", lang, x.name[lang], x.description[lang][:160], partial(make, x), cite)


def _locator(c: Corpus, x: Entity, lang: str) -> Markup:
    if x.type != "place" or x.id not in map_data().places:
        return Markup("")
    context = map_places(map_data(), c.knowledge.entities, c.knowledge.events, lambda e: e.name[lang], lambda e: "")
    return render_locator(map_data(), x.id, x.name[lang], c.strings[lang], context=context)


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


def _citation(c: Corpus, lang: str, route: str, title: str, key: str, **source: Any) -> Callable[[], HowToCite]:
    """How to cite the page at `route`, made when it is rendered; `key` names it in BibTeX (`event-<id>`), `source`
    gives a source text's authors and original (venue and date)."""
    key = f"sco-chronicle-{lang}-{key}"
    return partial(how_to_cite, key=key, title=title, route=route, lang=lang, site=c.site, edition=c.edition, **source)


def source_pages(c: Corpus, lang: str) -> Iterator[Page]:
    t = c.strings[lang]
    links = {e.id: (routes.relative(routes.source(lang, "x"), routes.entity(lang, e)), e.name[lang]) for e in c.knowledge.entities}
    for s in c.sources:
        meta = s.meta
        make = partial(_source_context, c, s, lang, t, links)
        route = routes.source(lang, meta.id)
        original = (", " if lang == "en" else "，").join(x for x in (meta.venue[lang], meta.date.value) if x)
        cite = _citation(c, lang, route, meta.title[lang], f"source-{meta.id}", authors=tuple(meta.authors[lang]), original=original)
        yield Page(route, "source.html", lang, meta.title[lang], meta.summary[lang][:160], make, cite)


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
        key = (u.unit.source, u.unit.paragraph)
        found, starts = c.mentions_by_para.get(key, []), c.mention_starts.get(key, [])
        mentioned = [m.entity for m in found[bisect_left(starts, u.unit.start) : bisect_left(starts, u.unit.end)]]
        named = [(c.entities[i], *links[i]) for i in dict.fromkeys(mentioned) if i in c.entities]
        out.append(SentenceView(u.unit.anchor, u.unit.index, english_html(tr.text, named), tr.status, han_marked(tr.note), tr.previous))
    return tuple(out)
