"""Dated sentences → candidate events → merged events with citations and conflicts.

A sentence becomes one or more candidates when it carries a date (not a
vague period) and either uses an event verb or names an entity of an
eventful type. Its id is `{start}-{primary entity}-{kind}`, so the same event
told by several sources (same date, entity, kind) merges into one event with
several citations. Where sources date the same founding, signing, summit,
proposal or statement differently, both claims stay and each event lists the
other as a conflict. Pure: no I/O.

Sentences with several dated facts
----------------------------------
A sentence is split into clauses, each with its own date and the entities
inside it (the quote stays the whole sentence, so it reads on its own):

* A date opens a new clause when the text just before it is a clause
  boundary (`，；：、`, or `和`/`与`/`及`/`并`, optionally followed by
  `在`/`于`/`从`/`自`): `2014年提出新安全观，2022年提出全球安全倡议` is two
  clauses; `1996年签署的《A》和1997年签署的《B》` too.
* It does not when it is part of a name (inside an entity mention, such as
  `2025年上海合作组织峰会`), inside brackets (an aside), part of reported
  speech (`表示，2020—2023年…`), or joined to the date before it by
  `和`/`与`/`及`/`、` alone (`2021年、2022年…爆发冲突` is one clause).
* `D1和D2分别…` distributes: the i-th date takes the i-th entity of every
  type that is listed exactly as many times after `分别` (`1996年和1997年分别在
  上海、莫斯科签署了《A》和《B》`: 1996 Shanghai A, 1997 Moscow B).
* `…，即D2` restates the time of the clause more precisely: the clause takes D2
  (`在2022年…冲突发生后的第三天，即9月19日`).

What counts as a verb
---------------------
Verbs inside entity names (`《西安宣言》`, `会晤机制`) and inside bracketed
asides do not count. A founding verb counts only when the thing founded is
next to it: an organization, center or mechanism right after the verb
(`设立上合组织地区反恐怖机构`, `形成“上海五国”机制`), or before it with no
clause break in between (`地区反恐机构在…塔什干成立`, `…禁毒中心的揭牌`), or a
demonstrative subject (`该论坛自2015年创办以来`). `建立的X` (attributive) is not
a founding. A founding that is only proposed (`提出建立…的倡议`, `推动建立`,
`研究了…设立…等倡议`) is a proposal of the thing to be founded.

Footnotes
---------
Notes are scanned too, but only to find a claim that contradicts the main
text of the same source (004's footnote dating the position paper to a 2002
report, where the text says July 2001): a note candidate is kept only when
the same source's main text gives the same entity and kind another year.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from chronicle.core.dates import DateMatch, DateValue, find_dates
from chronicle.core.model import Entity, Mention, Source

KINDS = ("signing", "founding", "summit", "meeting", "exercise", "statement", "proposal", "statistic", "incident", "other")
FOUNDING = re.compile(
    r"成立(?!以来|\d|[二三四五六七八九十]+周年|[0-9一二三四五六七八九十]+年)|设立|揭牌|创办|创建|建立(?!了?[^，。]{0,6}关系)|形成(?=“)|正式启动|升级为"
)
VERBS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("signing", re.compile(r"签署|签订|缔结|批准")),
    ("founding", FOUNDING),
    ("exercise", re.compile(r"演习|联合行动|演练|反恐协作")),
    ("statement", re.compile(r"发表|声明|宣言|通过了|提交")),
    ("proposal", re.compile(r"提出|倡议|倡导")),
    ("incident", re.compile(r"冲突|袭击|恐袭|爆发|骚乱|恐怖事件|暴力事件|夺权|交火|械斗")),
    ("statistic", re.compile(r"制止|抓获|破获|挫败|查处|缴获|捣毁")),
    ("meeting", re.compile(r"会议|会晤|会见|召开|举行")),
)
EVENTFUL_TYPES = ("treaty", "center", "exercise", "summit", "document", "mechanism")
FOUNDABLE_TYPES = ("center", "mechanism", "organization")
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
# Kinds whose dates can disagree: each is a single act, so one thing signed, founded, held,
# proposed or issued in two different years by two different tellings is a disagreement.
CONFLICT_KINDS = ("signing", "founding", "summit", "proposal", "statement")
# A country or place is the setting of many events, never the one thing an event is about.
NO_CONFLICT_TYPES = ("country", "place")
# A sentence that opens by pointing back ("at this summit…") takes the date of the sentence before it.
ANAPHORA = re.compile(r"^(?:本次|此次|这次|会上|会议期间|峰会期间|其间|在此期间)")
SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）]*|[^。！？]+$")
BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")
# What may stand between two dates of one coordinated group ("1996年和1997年").
DATE_JOINER = re.compile(r"\s*(?:和|与|及|、)\s*")
# A date opens a clause when the text just before it ends like this.
CLAUSE_BREAK = re.compile(r"(?:[，；：、]|和|与|及|并)\s*(?:在|于|从|自)?\s*$")
# …but not when the clause before is a speech verb: what follows is what was said.
REPORTED = re.compile(r"(?:表示|指出|称|介绍|强调|认为|说)\s*[，：]\s*(?:仅|在|于|从|自)*\s*$")
RESTATED = re.compile(r"[，,]\s*即\s*$")
DISTRIBUTIVE = re.compile(r"\s*分别")
CLAUSE_PUNCT = "，；。：！？"
# A founding that is asked for, not done.
PROPOSED_BEFORE = re.compile(r"提出|倡议|推动|建议|提议|主张|研究")
PROPOSED_AFTER = re.compile(r"倡议|建议|设想")
OBJECT_GAP = re.compile(r"[“「『\"\s了]*")
LIST_GAP = re.compile(r"[”」』\"]?\s*(?:、|和|与|及)\s*[“「『\"]?")
SUBJECT_GAP_MAX = 16
# A heading starts a new story; a pull quote repeats words from elsewhere, so its dates are its own.
STORY_ROLES = {"heading": "heading", "quote": "aside"}
DEMONSTRATIVE = re.compile(r"(?:^|[，；：])\s*(?:该|此|这)[^，；。：]{0,16}$")


@dataclass(frozen=True)
class Citation:
    source: str
    paragraph: str  # paragraph anchor (p12), or note id (fn6) when in_note
    quote: str
    date_text: str
    in_note: bool = False


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


@dataclass(frozen=True)
class Clause:
    """One dated fact of a sentence: its date, its span and the entities it takes."""

    date: DateValue
    start: int
    end: int
    entities: tuple[str, ...]


def reference_of(source: Source) -> DateValue:
    d = source.meta.date
    return DateValue(d.value, None, d.precision, d.value)


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group(0).strip()]


def date_matches(source: Source) -> dict[str, list[DateMatch]]:
    """Dates per paragraph id, found over the main text in reading order (notes are not paragraphs)."""
    body = [p for p in source.paragraphs if p.block.lang == "zh"]
    roles = [STORY_ROLES.get(p.block.kind, "text") for p in body]
    found = find_dates([p.block.text for p in body], reference_of(source), "zh", roles)
    return {p.id: matches for p, matches in zip(body, found, strict=True)}


def note_date_matches(source: Source) -> dict[str, list[DateMatch]]:
    """Dates per Chinese note, each note on its own (a note's date is its cited work's, not the text's)."""
    ref = reference_of(source)
    return {n.id: find_dates([n.text], ref, "zh")[0] for n in source.notes if n.lang == "zh"}


def bracket_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in BRACKETS.finditer(text)]


def _inside(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(a, 0), min(b, len(chars))):
            chars[i] = "□"
    return "".join(chars)


def classify(sentence: str, types: Sequence[str], blocked: Sequence[tuple[int, int]] = (), founding: bool = True) -> str | None:
    """The kind of a clause: the first verb family that occurs outside `blocked` spans (names, asides).

    `founding=False` when the caller found no founded thing next to the founding verb.
    """
    masked = _mask(sentence, blocked)
    for kind, pattern in VERBS:
        if kind == "founding" and not founding:
            continue
        if pattern.search(masked):
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


def founded(
    text: str, spans: Sequence[tuple[int, int, str]], entities: Mapping[str, Entity], blocked: Sequence[tuple[int, int]] = ()
) -> tuple[bool, bool, list[str]]:
    """Is something founded in `text`, is it only proposed, and which entities are founded?

    `spans` are (start, end, entity) of the mentions in `text`; `blocked` are spans whose verbs do not
    count (the mentions themselves and bracketed asides). Returns (founded, proposed, ids); ids is empty
    when the founded thing is a demonstrative (该论坛) rather than a named entity.
    """
    masked = _mask(text, blocked)
    ordered = sorted(spans)
    foundable = [s for s in ordered if entities[s[2]].type in FOUNDABLE_TYPES]
    for m in FOUNDING.finditer(masked):
        ids: list[str] = []
        after = [s for s in foundable if s[0] >= m.end() and OBJECT_GAP.fullmatch(text[m.end() : s[0]])]
        if after:
            ids = _list_of(after[0], ordered, text)
        else:
            before = [s for s in foundable if s[1] <= m.start()]
            if before:
                last = before[-1]
                gap = text[last[1] : m.start()]
                if len(gap) <= SUBJECT_GAP_MAX and not any(c in CLAUSE_PUNCT for c in gap):
                    ids = _list_of(last, ordered, text)
        if not ids and not DEMONSTRATIVE.search(text[: m.start()]):
            continue
        head = masked[: m.start()]
        clause_before = head[max(head.rfind(c) for c in "，；。：") + 1 :]
        tail = masked[m.end() :]
        cut = min([i for i in (tail.find(c) for c in "，；。") if i >= 0] or [len(tail)])
        proposed = bool(PROPOSED_BEFORE.search(clause_before) or PROPOSED_AFTER.search(tail[:cut]))
        return True, proposed, list(dict.fromkeys(ids))
    return False, False, []


def _list_of(anchor: tuple[int, int, str], ordered: Sequence[tuple[int, int, str]], text: str) -> list[str]:
    """The anchor mention and every mention listed with it (A、B、C和D), in text order."""
    i = ordered.index(anchor)
    lo = hi = i
    while lo > 0 and LIST_GAP.fullmatch(text[ordered[lo - 1][1] : ordered[lo][0]]):
        lo -= 1
    while hi + 1 < len(ordered) and LIST_GAP.fullmatch(text[ordered[hi][1] : ordered[hi + 1][0]]):
        hi += 1
    return [s[2] for s in ordered[lo : hi + 1]]


def clauses(
    text: str, start: int, end: int, dates: Sequence[DateMatch], mentions: Sequence[tuple[int, int, str]], types: Mapping[str, str]
) -> list[Clause]:
    """Split the sentence text[start:end] into dated clauses (see the module docstring)."""
    ds = [d for d in dates if start <= d.start < end and d.kind != "period"]
    if not ds:
        return []
    asides = bracket_spans(text[start:end])
    asides = [(a + start, b + start) for a, b in asides]
    names = [(a, b) for a, b, _ in mentions]

    def part_of_name(d: DateMatch) -> bool:
        return _inside(d.start, asides) or any(a <= d.start and d.end <= b for a, b in names)

    groups: list[list[DateMatch]] = []
    for d in ds:
        if groups and DATE_JOINER.fullmatch(text[groups[-1][-1].end : d.start]):
            groups[-1].append(d)
        else:
            groups.append([d])
    # (offset, dates, distributive from) for each clause
    opened: list[tuple[int, list[DateMatch], int | None]] = []
    for g in groups:
        head = g[0]
        before = text[start : head.start]
        spread = DISTRIBUTIVE.match(text, g[-1].end) if len(g) > 1 else None
        dist = spread.end() if spread else None
        if not opened:
            opened.append((start, g if dist is not None else [head], dist))
        elif part_of_name(head) or REPORTED.search(before):
            continue
        elif RESTATED.search(before):
            offset, _, _ = opened[-1]
            opened[-1] = (offset, [head], None)
        elif CLAUSE_BREAK.search(before):
            opened.append((head.start, g if dist is not None else [head], dist))
    out: list[Clause] = []
    for i, (offset, group, dist) in enumerate(opened):
        stop = opened[i + 1][0] if i + 1 < len(opened) else end
        inside = [m for m in mentions if offset <= m[0] < stop]
        ids = list(dict.fromkeys(m[2] for m in inside))
        if dist is None:
            out.append(Clause(group[0].value, offset, stop, tuple(ids)))
            continue
        n = len(group)
        listed: dict[str, list[str]] = defaultdict(list)
        for m in inside:
            if m[0] >= dist:
                listed[types[m[2]]].append(m[2])
        paired = {t: xs for t, xs in listed.items() if len(xs) == n}
        shared = [i for i in ids if not any(i in xs for xs in paired.values())]
        for k, d in enumerate(group):
            own = [xs[k] for xs in paired.values()]
            mine = [i for i in ids if i in shared or i in own]
            out.append(Clause(d.value, offset, stop, tuple(mine)))
    return out


def candidates(
    sources: Iterable[Source],
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    note_mentions: Sequence[Mention] = (),
    dates_by_source: Mapping[str, Mapping[str, list[DateMatch]]] | None = None,
) -> list[Event]:
    """Candidate events of every source; pass `dates_by_source` (from `date_matches`) to reuse dates found once."""
    by_paragraph: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in (*mentions, *note_mentions):
        by_paragraph[(m.source, m.paragraph)].append(m)
    types = {i: e.type for i, e in entities.items()}
    out: list[Event] = []
    for source in sources:
        sid = source.meta.id
        dates = dates_by_source[sid] if dates_by_source is not None else date_matches(source)
        main: list[Event] = []
        for p in source.paragraphs:
            if p.block.kind != "paragraph" or p.block.lang != "zh":
                continue
            main.extend(_from_text(sid, p.id, p.block.text, dates.get(p.id, []), by_paragraph[(sid, p.id)], entities, types))
        out.extend(main)
        told = defaultdict(set)
        for e in main:
            told[(e.primary, e.kind)].add(e.date.start[:4])
        note_dates = note_date_matches(source)
        for n in source.notes:
            if n.lang != "zh":
                continue
            for e in _from_text(sid, n.id, n.text, note_dates.get(n.id, []), by_paragraph[(sid, n.id)], entities, types, note=True):
                years = told.get((e.primary, e.kind), set())
                if years and e.date.start[:4] not in years and e.kind in CONFLICT_KINDS:
                    out.append(e)
    return out


def _from_text(
    sid: str,
    pid: str,
    text: str,
    dates: Sequence[DateMatch],
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    types: Mapping[str, str],
    note: bool = False,
) -> list[Event]:
    out: list[Event] = []
    spans_all = [(m.start, m.end, m.entity) for m in mentions]
    previous: tuple[int, Clause] | None = None
    for start, end in sentences(text):
        in_sentence = [s for s in spans_all if start <= s[0] and s[1] <= end]
        parts = clauses(text, start, end, dates, in_sentence, types)
        quote_start = start
        if parts:
            previous = (start, parts[-1])
        elif previous and ANAPHORA.match(text[start:end].strip()):
            quote_start, last = previous  # quote both sentences, so the quote carries its date
            ids = list(dict.fromkeys(s[2] for s in spans_all if quote_start <= s[0] and s[1] <= end))
            parts = [Clause(last.date, quote_start, end, tuple(ids))]
        else:
            continue
        quote = text[quote_start:end].strip()
        for c in parts:
            out.extend(_events_of(sid, pid, text, quote, c, spans_all, entities, note))
    return out


def _events_of(
    sid: str,
    pid: str,
    text: str,
    quote: str,
    c: Clause,
    spans_all: Sequence[tuple[int, int, str]],
    entities: Mapping[str, Entity],
    note: bool,
) -> list[Event]:
    local = [(a - c.start, b - c.start, i) for a, b, i in spans_all if c.start <= a and b <= c.end and i in c.entities]
    piece = text[c.start : c.end]
    blocked = [(a, b) for a, b, _ in local] + bracket_spans(piece)
    ids = list(c.entities)
    kinds = [entities[i].type for i in ids]
    is_founded, proposed, founded_ids = founded(piece, local, entities, blocked)
    kind = classify(piece, kinds, blocked, founding=is_founded)
    if kind is None:
        return []
    if kind == "founding" and proposed:
        kind = "proposal"
    cite = (Citation(sid, pid, quote, c.date.text, note),)
    focus = founded_ids if kind in ("founding", "proposal") and founded_ids else ids
    primary = pick_primary(kind, focus, entities)
    events = [Event(f"{c.date.start}-{primary}-{kind}", c.date, kind, tuple(ids), cite, primary)]
    if kind == "signing" and is_founded and not proposed and founded_ids:
        # "signed X, and so formed Y": the clause also dates the founding of Y
        other = pick_primary("founding", founded_ids, entities)
        if other not in ("event", primary):
            events.append(Event(f"{c.date.start}-{other}-founding", c.date, "founding", tuple(ids), cite, other))
    return events


def pick_primary(kind: str, ids: Sequence[str], entities: Mapping[str, Entity]) -> str:
    for wanted in PRIMARY_BY_KIND.get(kind, ()) + TYPE_PRIORITY:
        for i in ids:
            if entities[i].type == wanted:
                return i
    return "event"


def merge_same(events: Iterable[Event]) -> list[Event]:
    """Events with the same id become one, citations in source order, entities united."""
    first: dict[str, Event] = {}
    cites: dict[str, dict[Citation, None]] = {}
    entities: dict[str, dict[str, None]] = {}
    for e in events:  # ordered sets per id: merging 500 tellings of one event stays linear
        if e.id not in first:
            first[e.id], cites[e.id], entities[e.id] = e, {}, {}
        cites[e.id].update(dict.fromkeys(e.citations))
        entities[e.id].update(dict.fromkeys(e.entities))
    merged = [
        e
        if len(cites[i]) == len(e.citations) and len(entities[i]) == len(e.entities)
        else replace(e, citations=tuple(cites[i]), entities=tuple(entities[i]))
        for i, e in first.items()
    ]
    return sorted(merged, key=lambda e: (e.date.start, e.id))


def _origins(e: Event) -> set[tuple[str, bool]]:
    """Who tells this event: (source, from a note?) — a source's text and its notes are separate tellers."""
    return {(c.source, c.in_note) for c in e.citations}


def find_conflicts(events: Sequence[Event], entities: Mapping[str, Entity] | None = None) -> list[Event]:
    """Same primary entity and kind, dated in different years by different tellers: keep both, link them.

    A teller is a source's main text or its notes. A teller that gives the same thing in several years
    reports a repeated act (a concept proposed again, a body meeting yearly), not a date, so it takes
    no part; a conflict needs two tellers that each give one year, and different ones.
    """
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in events:
        if e.kind not in CONFLICT_KINDS or e.primary == "event":
            continue
        if entities is not None and e.primary in entities and entities[e.primary].type in NO_CONFLICT_TYPES:
            continue
        groups[(e.primary, e.kind)].append(e)
    notes: dict[str, list[dict[str, object]]] = defaultdict(list)
    for group in groups.values():
        years_of: dict[tuple[str, bool], set[str]] = defaultdict(set)
        for e in group:
            for o in _origins(e):
                years_of[o].add(e.date.start[:4])
        single = {o: next(iter(ys)) for o, ys in years_of.items() if len(ys) == 1}
        if len(set(single.values())) < 2:
            continue
        for e in group:
            year = e.date.start[:4]
            mine = {o for o in _origins(e) if single.get(o) == year}
            if not mine:
                continue
            for other in group:
                theirs = {o for o in _origins(other) if single.get(o) == other.date.start[:4]}
                if other.date.start[:4] != year and theirs - _origins(e):
                    notes[e.id].append(
                        {"event": other.id, "date": other.date.start, "sources": sorted({c.source for c in other.citations})}
                    )
    return [replace(e, conflicts=tuple(notes[e.id])) if e.id in notes else e for e in events]
