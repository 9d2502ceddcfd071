"""What a page shows of an event, an entity or a citation, resolved for one language.

Views are small frozen dataclasses: names in the page's language, routes made by
`routes`, and, on English pages, the English of every quoted sentence beside the
Chinese words that are the evidence. Pure.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from chronicle.core.alignment import AlignedUnit, SourceTranslation, english_of, quoted_units
from chronicle.core.dates import format_date
from chronicle.core.events import Citation, Event
from chronicle.core.model import Entity
from chronicle.render import routes
from chronicle.render.inline import english_html


@dataclass(frozen=True)
class EntityRef:
    id: str
    type: str
    name: str  # in the page's language
    other_name: str
    route: str


def entity_ref(x: Entity, lang: str) -> EntityRef:
    return EntityRef(x.id, x.type, x.name[lang], x.name[routes.other_lang(lang)], routes.entity(lang, x))


@dataclass(frozen=True)
class Translated:
    """The English of the sentences a quote or mention lies in: what an English reader is shown beneath the Chinese."""

    text: str
    status: str  # translated | fuzzy | missing (the worst of its sentences)

    @property
    def html(self) -> Markup:
        """The English, escaped, with an original form `(zh: 原文)` marked as Chinese."""
        return english_html(self.text, [])

    @property
    def current(self) -> bool:
        return self.status == "translated"


def translated(units: Sequence[AlignedUnit]) -> Translated | None:
    return Translated(*english_of(units)) if units else None


def paragraph_label(anchor: str, lang: str) -> str:
    """How a citation names its place: ¶ 35 / 第35段, note 3 / 注3."""
    if anchor.startswith("fn"):
        return f"注{anchor[2:]}" if lang == "zh" else f"note {anchor[2:]}"
    return f"第{anchor[1:]}段" if lang == "zh" else f"¶ {anchor[1:]}"


@dataclass(frozen=True)
class CitationView:
    source: str
    source_title: str
    paragraph: str
    label: str  # ¶ 35 / 第35段
    route: str  # the source page
    anchor: str  # the sentence the quote starts in (p35s2), else the paragraph
    quote: str  # the exact Chinese words
    date_text: str
    english: Translated | None  # on English pages only


def citation_view(
    c: Citation,
    lang: str,
    titles: Mapping[str, Mapping[str, str]],
    texts: Mapping[tuple[str, str], str],
    english: Mapping[str, SourceTranslation],
) -> CitationView:
    units = quoted_units(english.get(c.source), c.paragraph, texts.get((c.source, c.paragraph), ""), c.quote)
    anchor = units[0].unit.anchor if units and not c.paragraph.startswith("fn") else c.paragraph
    return CitationView(
        c.source,
        titles[c.source][lang],
        c.paragraph,
        paragraph_label(c.paragraph, lang),
        routes.source(lang, c.source),
        anchor,
        c.quote,
        c.date_text,
        translated(units) if lang == "en" else None,
    )


@dataclass(frozen=True)
class EventView:
    id: str
    route: str
    year: str
    date: str
    start: str
    end: str | None
    kind: str
    title: str
    title_generated: bool
    summary: str
    entities: tuple[EntityRef, ...]
    types: tuple[str, ...]
    cite: CitationView
    n_citations: int
    conflict: bool  # disputed: the sources date it differently (shown once, at the preferred date)
    reported: str = ""  # when a statistic dated by its period was given
    reported_start: str = ""


# A Chinese summary this close to its event's first quote (difflib ratio) only repeats it: the quote shows instead.
REPEATS_QUOTE = 0.8


def shown_summary(e: Event, lang: str) -> str:
    """The summary a reader is shown: none in Chinese where it says again, nearly word for word, what the quote says."""
    summary = (e.summary or {}).get(lang, "")
    if lang == "zh" and summary:
        quote = e.citations[0].quote
        if summary in quote or difflib.SequenceMatcher(None, summary, quote, autojunk=False).ratio() >= REPEATS_QUOTE:
            return ""
    return summary


def event_view(e: Event, lang: str, ents: Mapping[str, Entity], cite: CitationView) -> EventView:
    involved = [ents[i] for i in e.entities if i in ents]
    return EventView(
        e.id,
        routes.event(lang, e.id),
        e.date.start[:4],
        format_date(e.date, lang),
        e.date.start,
        e.date.end,
        e.kind,
        e.title[lang],
        e.title_generated,
        shown_summary(e, lang),
        tuple(entity_ref(x, lang) for x in involved),
        tuple(sorted({x.type for x in involved})),
        cite,
        len(e.citations),
        bool(e.conflicts),
        format_date(e.reported, lang) if e.reported else "",
        e.reported.start if e.reported else "",
    )
