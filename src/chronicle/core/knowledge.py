"""Sources + catalog + editorial file → entities, mentions, events, coverage.

Pure: the shell passes parsed YAML; this returns values and diagnostics.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from chronicle.core.catalog import parse_catalog
from chronicle.core.dates import format_date
from chronicle.core.diagnostics import Diagnostic, has_errors
from chronicle.core.editorial import apply_editorial
from chronicle.core.events import DOCUMENT_TITLE, PRIMARY_BY_KIND, DateMatch, Event, candidates, consolidate, date_matches
from chronicle.core.mentions import Matcher, find_in_text, find_mentions, make_matcher
from chronicle.core.model import Entity, Mention, Source


@dataclass
class Knowledge:
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)
    undated: list[tuple[str, str, str]] = field(default_factory=list)  # (source, paragraph, date) nothing before completes


@dataclass(frozen=True)
class Reading:
    """What one source says on its own: names, dates and candidate events (no other source needed)."""

    mentions: list[Mention]
    dates: Mapping[str, list[DateMatch]]
    undated: list[tuple[str, str]]  # (paragraph, date) of the dates nothing before them completes
    candidates: list[Event]


def read_source(matcher: Matcher, entities: Mapping[str, Entity], source: Source) -> Reading:
    mentions = find_mentions(matcher, [source])
    undated: list[tuple[str, str]] = []
    dates = date_matches(source, undated)
    found = candidates([source], mentions, entities, _note_mentions(matcher, [source]), {source.meta.id: dates})
    return Reading(mentions, dates, undated, found)


# The events.yaml errors that name something the extraction did not find: an event id (EVT004) or an entity (EVT012).
REFERENCES_TO_EXTRACTION = {"EVT004", "EVT012"}


Reader = Callable[[Matcher, Mapping[str, Entity], Source], Reading]


def build_knowledge(
    sources: Sequence[Source], catalog_files: Mapping[str, Any], editorial: Any, editorial_path: str, read: Reader = read_source
) -> Knowledge:
    """`read` is `read_source`, or a memo of it in a long-running preview."""
    k = Knowledge()
    entities, problems = parse_catalog(catalog_files)
    k.entities, k.diagnostics = entities, problems
    catalog_complete = not has_errors(problems)
    by_id = {e.id: e for e in entities}
    matcher = make_matcher(entities)
    readings = [read(matcher, by_id, s) for s in sources]
    k.mentions = [m for r in readings for m in r.mentions]
    k.diagnostics.extend(_catalog_coverage(entities, sources, {m.text for m in k.mentions}))
    dates = {s.meta.id: r.dates for s, r in zip(sources, readings, strict=True)}  # found once: events and coverage share them
    k.undated = [(s.meta.id, pid, text) for s, r in zip(sources, readings, strict=True) for pid, text in r.undated]
    k.diagnostics.extend(d for s in sources if (d := dated_before_its_text(s, dates[s.meta.id])) is not None)
    found = [e for r in readings for e in r.candidates]
    merged = consolidate(found, by_id)
    events, problems, stats = apply_editorial(editorial, editorial_path, merged, sources, by_id)
    if not catalog_complete:
        # An entity the catalog rejected was missing from the extraction, so an event or entity that
        # events.yaml names may be missing only because of that: those references are not reported
        # (the catalog's own errors say what to fix, the next build checks them), where each used to
        # add an error with a wrong 'did you mean'.
        problems = [p for p in problems if p.code not in REFERENCES_TO_EXTRACTION]
    k.diagnostics.extend(problems)
    k.events = with_headlines(events, by_id)
    k.coverage = _coverage(sources, dates, found, merged, k, stats)
    return k


LATER_DATES_TOLD = 3  # a text may look ahead to a plan's years; several later years suggest a wrong date


def dated_before_its_text(source: Source, dates: Mapping[str, list[DateMatch]]) -> Diagnostic | None:
    """A warning when the text states dates of several years after its own: its date may be wrong (2012 for 2021)."""
    meta = source.meta
    year = meta.date.value[:4]
    later = {
        (m.value.text, pid): m.value.start
        for pid, found in dates.items()
        for m in found
        if m.kind in ("explicit", "range", "period") and m.value.start[:4] > year
    }
    if len(later) < LATER_DATES_TOLD:
        return None
    shown = ", ".join(f"{text} ({pid})" for (text, pid), _ in sorted(later.items(), key=lambda kv: kv[1])[-3:])
    return Diagnostic(
        "warning",
        "SRC015",
        "content/sources.yaml",
        meta.line,
        f"source {meta.id} is dated {meta.date.value}, but its text tells of {len(later)} dates after that year, the latest {shown}",
        "check its date: against what the text says of itself; if the text looks ahead, leave it",
    )


def _note_mentions(matcher: Matcher, sources: Sequence[Source]) -> list[Mention]:
    """Names in the Chinese footnotes, as mentions whose `paragraph` is the note id (used for events only)."""
    return [
        Mention(s.meta.id, n.id, start, end, eid, text)
        for s in sources
        for n in s.notes
        if n.lang == "zh"
        for start, end, eid, text in find_in_text(matcher, n.text)
    ]


# Generated headlines ------------------------------------------------------------------------------
#
# Where no editor wrote a headline, one is made as a sentence from the kind, the act and the entities:
# the thing acted on (the object: the treaty signed, the exercise held), the subject (who acted: the
# countries, or the organization or body when no country is named) and the place. Two events never
# share a headline: a generated one that another event already has takes the event's date, then a number.

# By act (events.ACTS label) or kind: (English with one subject, with several, Chinese). {s} subject,
# {o} object, {p} " in" + place, {f} " from" + place, {q} the place in Chinese, {r} 从 + it, {z} 在 + it, {g} the group aimed at,
# {v} the second country, {t} the date.
_WITH_SUBJECT: dict[str, tuple[str, str, str]] = {
    "signing": ("{s} signs {o}", "{s} sign {o}", "{s}签署{o}"),
    "statement": ("{s} issues {o}", "{s} issue {o}", "{s}发表{o}"),
    "proposal": ("{s} puts forward {o}", "{s} put forward {o}", "{s}提出{o}"),
    "exercise": ("{s} holds {o}", "{s} hold {o}", "{s}举行{o}"),
    "meeting": ("{s} holds a meeting{p}", "{s} hold a meeting{p}", "{s}举行会议"),
    "takeover": ("{s} takes over the presidency of {o}", "{s} take over the presidency of {o}", "{s}接任{o}轮值主席国"),
    "enlargement": ("{o} admits {s}", "{o} admits {s}", "{o}接纳{s}为成员国"),
    "accession": ("{s} joins {o}", "{s} join {o}", "{s}加入{o}"),
    "accession-": ("{s} becomes a member", "{s} become members", "{s}成为成员国"),
    "arrest": ("{s} makes arrests{p}", "{s} make arrests{p}", "{s}实施抓捕"),
    "arrest+g": ("{s} arrests members of {g}", "{s} arrest members of {g}", "{s}抓捕{g}成员"),
    "raid": ("{s} carries out a raid{p}", "{s} carry out a raid{p}", "{s}开展清剿行动"),
    "raid+g": ("{s} breaks up a cell of {g}", "{s} break up a cell of {g}", "{s}破获{g}分支"),
    "seizure": ("{s} makes a seizure{p}", "{s} make a seizure{p}", "{s}开展收缴行动"),
    "crackdown": ("{s} cracks down{p}", "{s} crack down{p}", "{s}开展查处行动"),
    "kill": ("{s} kills militants{p}", "{s} kill militants{p}", "{s}击毙武装分子"),
    "operation": ("{s} carries out an operation{p}", "{s} carry out an operation{p}", "{s}开展行动"),
    "statistic": ("Figures on {s} cover {t}", "Figures on {s} cover {t}", "{t}{s}数据发布"),
    "clash": ("{s} clashes", "{s} clash", "{s}发生冲突"),
    "invasion": ("{s} invades {v}", "{s} invade {v}", "{s}入侵{v}"),
    "defection": ("A defection from {s} to {g}", "A defection from {s} to {g}", "{s}人员叛逃投靠{g}"),
    "withdrawal": ("{s} withdraws{f}", "{s} withdraw{f}", "{s}撤出{v}"),
    "transition": ("{s} takes power{p}", "{s} take power{p}", "{s}掌权"),
}
_WITHOUT_SUBJECT: dict[str, tuple[str, str]] = {
    "founding": ("{o} is founded", "{o}成立"),
    "signing": ("{o} is signed", "{o}签署"),
    "statement": ("{o} is issued", "{o}发表"),
    "proposal": ("{o} is put forward", "{o}提出"),
    "summit": ("{o} is held", "{o}举行"),
    "meeting": ("{o} is held", "{o}举行"),
    "exercise": ("{o} is held{p}", "{o}{z}举行"),
    "summit-": ("A summit is held{p}", "{q}举行峰会"),
    "meeting-": ("A meeting is held{p}", "{q}举行会议"),
    "exercise-": ("{o} is held{p}", "{q}举行{o}"),
    "enlargement": ("{o} enlarges", "{o}扩员"),
    "accession": ("New members join {o}", "{o}接纳新成员"),
    "accession-": ("A new member joins", "新成员加入"),
    "takeover": ("The presidency of {o} changes hands", "{o}轮值主席国交接"),
    "arrest": ("Arrests are made{p}", "{q}实施抓捕"),
    "raid": ("A raid is carried out{p}", "{q}开展清剿行动"),
    "seizure": ("A seizure is made{p}", "{q}开展收缴行动"),
    "crackdown": ("A crackdown is carried out{p}", "{q}开展查处行动"),
    "kill": ("Militants are killed{p}", "{q}击毙武装分子"),
    "operation": ("An operation is carried out{p}", "{q}开展行动"),
    "attack": ("An attack takes place{p}", "{q}发生袭击"),
    "clash": ("Clashes break out{p}", "{q}发生冲突"),
    "unrest": ("Unrest breaks out{p}", "{q}发生骚乱"),
    "war": ("War breaks out{p}", "{q}爆发战争"),
    "incident": ("An incident takes place{p}", "{q}发生事件"),
    "transition": ("Power changes hands{p}", "{q}政权更迭"),
    "withdrawal": ("Forces withdraw{f}", "{r}撤军"),
    "statistic": ("Figures cover {t}{p}", "{t}{q}数据发布"),
    "other": ("{o} in the sources", "{o}相关记述"),
}
# English names that read as descriptions take "the" (the United Nations, the Islamic State); proper
# names (Hizb ut-Tahrir, NATO, Kazakhstan) do not.
_DESCRIPTIVE = re.compile(
    r"\b(?:Organization|Nations|State|States|Union|Committee|Forum|Conference|Movement|Party|Center|Structure|"
    r"Province|Front|Council|Group|Mechanism|Summit|Meeting|Agreement|Declaration|Statement|Treaty|Convention|"
    r"Charter|Protocol|Memorandum|Plan|Programme|Program|Concept|Initiative|Secretariat|Five|Taliban|Region|Valley|"
    r"East|Sea|Corridor|Caucasus|Mausoleum|District)\b"
)


def with_headlines(events: Sequence[Event], entities: Mapping[str, Entity]) -> list[Event]:
    """Every event with a headline: the editor's, or one generated (sentences, never two alike)."""
    taken = {(lang, e.title[lang]) for e in events if e.title for lang in ("zh", "en")}
    out = []
    for e in events:
        if e.title:
            out.append(e)
            continue
        base = generated_title(e, entities)
        title, n = base, 1
        while any((lang, title[lang]) in taken for lang in title):
            n += 1
            extra = {"en": f" ({format_date(e.date, 'en')})", "zh": f"（{format_date(e.date, 'zh')}）"}
            if n > 2:
                extra = {"en": f" ({format_date(e.date, 'en')}, {n - 1})", "zh": f"（{format_date(e.date, 'zh')}，之{n - 1}）"}
            title = {lang: base[lang] + extra[lang] for lang in base}
        taken.update((lang, title[lang]) for lang in title)
        out.append(replace(e, title=title, title_generated=True))
    return out


def generated_title(e: Event, entities: Mapping[str, Entity]) -> dict[str, str]:
    """A headline made from the kind, the act and the entities (see above)."""
    involved = [entities[i] for i in e.entities if i in entities]
    primary = entities.get(e.primary)
    obj = primary if primary is not None and primary.type in PRIMARY_BY_KIND.get(e.kind, ()) else None
    countries = [x for x in involved if x.type == "country" and x is not obj]
    actors = [x for x in involved if x.type in ("country", "organization") and x is not obj]
    places = [x for x in involved if x.type == "place"]
    subject: list[Entity] = []
    if e.kind in ("operation", "incident", "statistic", "withdrawal", "transition", "meeting") and primary is not None and obj is None:
        subject = [primary] if primary.type != "place" else []
        if e.kind == "clash" or e.act == "clash" or (e.kind == "meeting" and primary.type == "country"):
            subject = countries[:3] or subject  # 吉尔吉斯斯坦和塔吉克斯坦举行边界谈判: both meet
    elif e.kind in ("signing", "statement", "proposal", "exercise", "accession", "presidency"):
        subject = countries[:3] or [x for x in actors if x.type == "organization"][:1]
    # 演习在俄罗斯车里雅宾斯克举行: a country named only as where the exercise was held did not hold it
    held_in = subject[0] if e.kind == "exercise" and len(subject) == 1 and _after(("在", "于"), subject[0], e) else None
    if held_in is not None:
        subject = []
    if (e.act == "enlargement" and obj is not None) or e.act == "defection":
        subject = countries[:3] if e.act == "enlargement" else countries[:1]
    others = [x for x in involved if x not in subject and x is not obj]
    group = next((x for x in others if x.type == "organization"), None)
    second = next((x for x in others if x.type == "country"), None)
    if e.kind in ("withdrawal", "transition"):
        where = second or next((x for x in others if x.type == "place"), None)
    else:
        where = next((x for x in others if x.type == "place"), None)
    if e.kind == "withdrawal" and subject and _after(("从", "自"), subject[0], e):
        where, subject = subject[0], []
    where = held_in or where
    if not subject and where is None:
        where = primary if primary is not None and primary.type in ("country", "place") else (places[0] if places else None)
    act = e.act if e.act in _WITH_SUBJECT or e.act in _WITHOUT_SUBJECT else e.kind
    if e.kind == "statistic":
        act = "statistic"
    elif e.kind == "accession" and obj is None:
        act = "accession-"  # 伊朗成为正式成员国: a member of what, the clause does not say
    elif group is not None and act + "+g" in _WITH_SUBJECT:
        act += "+g"
    fill = {lang: _fill(lang, subject, obj, where, group, second, e) for lang in ("en", "zh")}
    if subject and act in _WITH_SUBJECT and (group is not None or "{g}" not in _WITH_SUBJECT[act][0]):
        en_one, en_many, zh = _WITH_SUBJECT[act]
        en = en_many if len(subject) > 1 else en_one
    else:
        act = act.removesuffix("+g")
        if obj is None and e.kind in ("summit", "meeting", "exercise"):
            act = e.kind + "-"  # nothing named is held: say what was held, and where
        en, zh = _WITHOUT_SUBJECT.get(act) or _WITHOUT_SUBJECT.get(e.kind) or _WITHOUT_SUBJECT["other"]
        if subject and subject[0].type in ("country", "place"):  # the subject is where it happened
            fill = {lang: _fill(lang, [], obj, subject[0], group, second, e) for lang in fill}
        if obj is not None and act == "meeting" and _MEETS.search(obj.name["en"]):  # a council meets; it is not held
            en, zh = "{o} meets{p}", "{o}举行会议"
        if "{o}" in en and obj is None and e.kind not in (*_UNNAMED, "exercise"):  # those are said as _object says them
            fill = {lang: {**fill[lang], "o": _the(involved[0], lang) if involved else fill[lang]["o"]} for lang in fill}
    title = {"en": en.format(**fill["en"]).strip(), "zh": zh.format(**fill["zh"]).strip()}
    title["en"] = title["en"][:1].upper() + title["en"][1:]
    return title


def _fill(
    lang: str, subject: Sequence[Entity], obj: Entity | None, where: Entity | None, group: Entity | None, second: Entity | None, e: Event
) -> dict[str, str]:
    en = lang == "en"
    return {
        "s": _names(subject, lang),
        "o": _object(obj, e, lang),
        "p": (f" in {_the(where, lang)}" if en else where.name["zh"]) if where is not None else "",
        "q": where.name["zh"] if where is not None else "",
        "r": "从" + where.name["zh"] if where is not None else "",
        "z": "在" + where.name["zh"] if where is not None else "",
        "f": f" from {_the(where, lang)}" if where is not None and en else "",
        "g": _the(group, lang) if group is not None else "",
        "v": _the(second, lang) if second is not None else "",
        "t": format_date(e.date, lang),
    }


_MEETS = re.compile(r"\b(?:Council|Committee|Commission|Mechanism|Group|Board|Structure)\b")


def _after(words: tuple[str, ...], x: Entity, e: Event) -> bool:
    """Whether a quote names `x` right after one of `words`: 从阿富汗 (where from), 在俄罗斯 (where)."""
    names = "|".join(re.escape(n) for n in (x.name["zh"], *x.aliases["zh"]))
    return any(re.search(f"(?:{'|'.join(words)})(?:{names})", c.quote) for c in e.citations)


def _names(xs: Sequence[Entity], lang: str) -> str:
    names = [_the(x, lang) for x in xs]
    if not names:
        return ""
    if lang == "zh":
        return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _the(x: Entity, lang: str) -> str:
    """A name as it stands in a sentence: in English, descriptive names take "the", proper names do not."""
    name = x.name[lang]
    if lang == "zh" or name.startswith(("“", '"', "‘")) or re.match(r"\S+['’]s ", name) or not _DESCRIPTIVE.search(name):
        return name
    return "the " + name


def _object(x: Entity | None, e: Event, lang: str) -> str:
    qualifier = next((q for q in _EXERCISES if any(q[0] in c.quote for c in e.citations)), ("", "exercise", "演习"))
    if x is None:
        if e.kind == "exercise":  # an exercise the catalog does not name: what the quote calls it
            return f"a {qualifier[1]}" if lang == "en" else qualifier[2]
        return _unnamed(e, lang)
    if lang == "zh":
        name = x.name["zh"]
        if e.kind == "exercise" and x.type == "exercise":
            return name + qualifier[2]
        return f"《{name}》" if x.type in ("treaty", "document") and not name.startswith("《") else name
    if e.kind == "exercise" and x.type == "exercise":
        return f"the {qualifier[1]} {x.name['en']}"
    return _the(x, "en")


# What a document the catalog does not name is, by the last words of its title in the quote (《…条约》).
_DOCUMENT_WORDS = (
    ("条约", "a treaty"),
    ("公约", "a convention"),
    ("协定", "an agreement"),
    ("协议", "an agreement"),
    ("议定书", "a protocol"),
    ("宪章", "a charter"),
    ("宣言", "a declaration"),
    ("声明", "a statement"),
    ("公报", "a communiqué"),
    ("备忘录", "a memorandum"),
    ("决议", "a resolution"),
    ("倡议", "an initiative"),
    ("纲要", "a programme"),
    ("计划", "a plan"),
    ("文件", "a paper"),
)
_UNNAMED = {
    "signing": ("a document", "一份文件"),
    "statement": ("a statement", "一份声明"),
    "proposal": ("a proposal", "一项倡议"),
    "founding": ("an unnamed body", "某机构"),
}


def _unnamed(e: Event, lang: str) -> str:
    """What an event acts on that the catalog does not name: the quote's own 《title》 in Chinese and what
    kind of document it is in English (a treaty, a declaration), else a word for what the kind makes."""
    title = next((m.group(1) for c in e.citations for m in [DOCUMENT_TITLE.search(c.quote)] if m), None)
    if title is not None and e.kind in ("signing", "statement", "proposal"):
        if lang == "zh":
            return f"《{title}》"
        return next((en for zh, en in _DOCUMENT_WORDS if title.endswith(zh)), "a document")
    en, zh = _UNNAMED.get(e.kind, ("an event", "一事件"))
    return en if lang == "en" else zh


# What the quote calls an exercise: (its words, English, Chinese suffix), the most specific first.
_EXERCISES = (
    ("联合反恐军事演习", "joint counter-terrorism exercise", "联合反恐军事演习"),
    ("联合反恐演习", "joint counter-terrorism exercise", "联合反恐演习"),
    ("联合反恐军演", "joint counter-terrorism exercise", "联合反恐演习"),
    ("联合演习", "joint exercise", "联合演习"),
    ("演练", "drill", "演练"),
)


def _catalog_coverage(entities: Sequence[Entity], sources: Sequence[Source], mentioned: set[str]) -> list[Diagnostic]:
    """Aliases that occur nowhere are warnings; an entity no source names at all is an error.

    A name in `mentioned` (the text of a mention found) occurs in a paragraph: only the others are
    searched for in the whole text, which spares most of them a scan of every character.
    """
    texts = "\n".join(p.block.text for s in sources for p in s.paragraphs) + "\n" + "\n".join(n.text for s in sources for n in s.notes)

    def occurs(name: str) -> bool:
        return name in mentioned or name in texts

    out = []
    for e in entities:
        names = (e.name["zh"], *e.aliases["zh"])
        for alias in e.aliases["zh"]:
            if not occurs(alias):
                out.append(
                    Diagnostic(
                        "warning", "CAT010", e.path, e.line, f"{e.id}: alias '{alias}' occurs in no source", "remove it or fix its spelling"
                    )
                )
        if not any(occurs(n) for n in names):
            out.append(
                Diagnostic(
                    "error",
                    "CAT011",
                    e.path,
                    e.line,
                    f"{e.id}: no source mentions this entity",
                    "add the alias the sources use, or remove the entity",
                )
            )
    return out


def _coverage(
    sources: Sequence[Source],
    dates: Mapping[str, Mapping[str, Sequence[Any]]],
    found: Sequence[Event],
    merged: Sequence[Event],
    k: Knowledge,
    stats: Mapping[str, int],
) -> dict[str, Any]:
    per_source = []
    final_cites = Counter(c.source for e in k.events for c in e.citations)
    found_in = Counter(e.citations[0].source for e in found)
    for s in sources:
        per_source.append(
            {
                "source": s.meta.id,
                "dates": sum(len(v) for v in dates[s.meta.id].values()),
                "candidates": found_in[s.meta.id],
                "cited": final_cites[s.meta.id],
            }
        )
    return {
        "sources": per_source,
        "candidates": len(found),
        "merged_same": len(found) - len(merged),
        "editorial": dict(stats),
        "entities_by_type": dict(sorted(Counter(e.type for e in k.entities).items())),
        "events_by_kind": dict(sorted(Counter(e.kind for e in k.events).items())),
        "headlines": {"written": sum(not e.title_generated for e in k.events), "generated": sum(e.title_generated for e in k.events)},
        "conflicts": [
            e.id + " (" + "; ".join(f"{c.date.start} {' '.join(sorted({x.source for x in c.citations}))}" for c in e.claims) + ")"
            for e in k.events
            if e.disputed
        ],
        "unreviewed": sum(e.title_generated for e in k.events),
    }
