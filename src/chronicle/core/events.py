"""Dated sentences → candidate events → merged events with citations and conflicts.

A sentence becomes a candidate when it carries a date (not a vague period)
and either uses an event verb or names an entity of an eventful type. Its id
is `{start}-{primary entity}-{kind}`, so the same event told by several
sources (same date, entity, kind) merges into one event with several
citations. Where the same founding, signing or summit is dated differently
by different sources, both claims stay and each event lists the other as a
conflict. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from chronicle.core.dates import DateMatch, DateValue, find_dates
from chronicle.core.model import Entity, Mention, Source

KINDS = ("signing", "founding", "summit", "meeting", "exercise", "statement", "proposal", "statistic", "incident", "other")
VERBS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("signing", re.compile(r"签署|签订|缔结|批准")),
    (
        "founding",
        re.compile(
            r"成立(?!以来|\d|[二三四五六七八九十]+周年|[0-9一二三四五六七八九十]+年)|设立|揭牌|创办|创建|建立(?!了?[^，。]{0,6}关系)|形成“|正式启动|升级为"
        ),
    ),
    ("exercise", re.compile(r"演习|联合行动|演练|反恐协作")),
    ("statement", re.compile(r"发表|声明|宣言|通过了")),
    ("proposal", re.compile(r"提出|倡议|倡导")),
    ("incident", re.compile(r"冲突|袭击|爆发|骚乱|恐怖事件|暴力事件|夺权")),
    ("statistic", re.compile(r"制止|抓获|破获|挫败|查处|缴获|捣毁")),
    ("meeting", re.compile(r"会议|会晤|会见|召开|举行")),
)
EVENTFUL_TYPES = ("treaty", "center", "exercise", "summit", "document", "mechanism")
PRIMARY_BY_KIND = {
    "signing": ("treaty", "document"),
    "founding": ("center", "mechanism", "organization"),
    "exercise": ("exercise",),
    "summit": ("summit",),
    "statement": ("document",),
    "meeting": ("mechanism", "summit"),
    "proposal": ("concept", "document"),
}
TYPE_PRIORITY = ("treaty", "center", "exercise", "summit", "document", "mechanism", "concept", "organization", "country", "place")
CONFLICT_KINDS = ("signing", "founding", "summit")
# A sentence that opens by pointing back ("at this summit…") takes the date of the sentence before it.
ANAPHORA = re.compile(r"^(?:本次|此次|这次|会上|会议期间|峰会期间|其间|在此期间)")
SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）]*|[^。！？]+$")


@dataclass(frozen=True)
class Citation:
    source: str
    paragraph: str
    quote: str
    date_text: str


@dataclass(frozen=True)
class Event:
    id: str
    date: DateValue
    kind: str
    entities: tuple[str, ...]
    citations: tuple[Citation, ...]
    primary: str
    title: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    title_generated: bool = True
    conflicts: tuple[dict[str, object], ...] = ()


def reference_of(source: Source) -> DateValue:
    d = source.meta.date
    return DateValue(d.value, None, d.precision, d.value)


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group(0).strip()]


def date_matches(source: Source) -> dict[str, list[DateMatch]]:
    """Dates per paragraph id, found over the main text in reading order (notes are not paragraphs)."""
    body = [p for p in source.paragraphs if p.block.lang == "zh"]
    found = find_dates([p.block.text for p in body], reference_of(source), "zh")
    return {p.id: matches for p, matches in zip(body, found, strict=True)}


def classify(sentence: str, types: Sequence[str]) -> str | None:
    for kind, pattern in VERBS:
        if pattern.search(sentence):
            if kind == "meeting" and "summit" in types and "峰会" in sentence:
                return "summit"
            return kind
    if "summit" in types:
        return "summit"
    if "exercise" in types:
        return "exercise"
    if any(t in EVENTFUL_TYPES for t in types):
        return "other"
    return None


def candidates(sources: Iterable[Source], mentions: Sequence[Mention], entities: Mapping[str, Entity]) -> list[Event]:
    by_paragraph: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_paragraph[(m.source, m.paragraph)].append(m)
    out: list[Event] = []
    for source in sources:
        dates = date_matches(source)
        for p in source.paragraphs:
            if p.block.kind != "paragraph" or p.block.lang != "zh":
                continue
            text = p.block.text
            previous: tuple[int, DateMatch] | None = None
            for start, end in sentences(text):
                in_sentence = [d for d in dates.get(p.id, []) if start <= d.start < end and d.kind != "period"]
                if in_sentence:
                    date = in_sentence[0]
                    previous = (start, date)
                elif previous and ANAPHORA.match(text[start:end].strip()):
                    start, date = previous  # quote both sentences, so the quote carries its date
                else:
                    continue
                ms = [m for m in by_paragraph[(source.meta.id, p.id)] if start <= m.start and m.end <= end]
                ids = list(dict.fromkeys(m.entity for m in ms))
                types = [entities[i].type for i in ids]
                quote = text[start:end].strip()
                kind = classify(quote, types)
                if kind is None:
                    continue
                cite = (Citation(source.meta.id, p.id, quote, date.value.text),)
                primary = pick_primary(kind, ids, entities)
                out.append(Event(f"{date.value.start}-{primary}-{kind}", date.value, kind, tuple(ids), cite, primary))
                founded = pick_primary("founding", ids, entities)
                if kind == "signing" and VERBS[1][1].search(quote) and founded not in ("event", primary):
                    # "signed X, and so formed Y": the sentence also dates the founding of Y
                    out.append(Event(f"{date.value.start}-{founded}-founding", date.value, "founding", tuple(ids), cite, founded))
    return out


def pick_primary(kind: str, ids: Sequence[str], entities: Mapping[str, Entity]) -> str:
    for wanted in PRIMARY_BY_KIND.get(kind, ()) + TYPE_PRIORITY:
        for i in ids:
            if entities[i].type == wanted:
                return i
    return "event"


def merge_same(events: Iterable[Event]) -> list[Event]:
    """Events with the same id become one, citations in source order, entities united."""
    merged: dict[str, Event] = {}
    for e in events:
        if e.id in merged:
            m = merged[e.id]
            cites = m.citations + tuple(c for c in e.citations if c not in m.citations)
            merged[e.id] = replace(m, citations=cites, entities=tuple(dict.fromkeys(m.entities + e.entities)))
        else:
            merged[e.id] = e
    return sorted(merged.values(), key=lambda e: (e.date.start, e.id))


def find_conflicts(events: Sequence[Event]) -> list[Event]:
    """Same primary entity and kind, dated differently by different sources: keep both, link them."""
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in events:
        if e.kind in CONFLICT_KINDS and e.primary != "event":
            groups[(e.primary, e.kind)].append(e)
    notes: dict[str, list[dict[str, object]]] = defaultdict(list)
    for group in groups.values():
        years = {e.date.start[:4] for e in group}
        if len(years) < 2:
            continue
        for e in group:
            mine = {c.source for c in e.citations}
            for other in group:
                if other.date.start[:4] != e.date.start[:4] and {c.source for c in other.citations} - mine:
                    notes[e.id].append(
                        {"event": other.id, "date": other.date.start, "sources": sorted({c.source for c in other.citations})}
                    )
    return [replace(e, conflicts=tuple(notes[e.id])) if e.id in notes else e for e in events]
