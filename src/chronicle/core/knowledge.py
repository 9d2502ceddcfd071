"""Sources + catalog + editorial file → entities, mentions, events, coverage.

Pure: the shell passes parsed YAML; this returns values and diagnostics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from chronicle.core.catalog import parse_catalog
from chronicle.core.diagnostics import Diagnostic, has_errors
from chronicle.core.editorial import apply_editorial
from chronicle.core.events import DateMatch, Event, candidates, date_matches, find_conflicts, merge_same
from chronicle.core.mentions import Matcher, find_in_text, find_mentions, make_matcher
from chronicle.core.model import Entity, Mention, Source

KIND_LABELS = {
    "signing": ("签署", "signed"),
    "founding": ("成立", "founded"),
    "summit": ("峰会", "summit"),
    "meeting": ("会议", "meeting"),
    "exercise": ("演习", "exercise"),
    "statement": ("声明", "statement"),
    "proposal": ("提出", "proposed"),
    "statistic": ("数据", "figures"),
    "incident": ("事件", "incident"),
    "other": ("事件", "event"),
}


@dataclass
class Knowledge:
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    """What one source says on its own: names, dates and candidate events (no other source needed)."""

    mentions: list[Mention]
    dates: Mapping[str, list[DateMatch]]
    candidates: list[Event]


def read_source(matcher: Matcher, entities: Mapping[str, Entity], source: Source) -> Reading:
    mentions = find_mentions(matcher, [source])
    dates = date_matches(source)
    found = candidates([source], mentions, entities, _note_mentions(matcher, [source]), {source.meta.id: dates})
    return Reading(mentions, dates, found)


# The events.yaml errors that name something the extraction did not find: an event id (EVT004) or an entity (EVT012).
REFERENCES_TO_EXTRACTION = {"EVT004", "EVT012"}


def build_knowledge(sources: Sequence[Source], catalog_files: Mapping[str, Any], editorial: Any, editorial_path: str) -> Knowledge:
    k = Knowledge()
    entities, problems = parse_catalog(catalog_files)
    k.entities, k.diagnostics = entities, problems
    catalog_complete = not has_errors(problems)
    by_id = {e.id: e for e in entities}
    matcher = make_matcher(entities)
    readings = [read_source(matcher, by_id, s) for s in sources]
    k.mentions = [m for r in readings for m in r.mentions]
    k.diagnostics.extend(_catalog_coverage(entities, sources, {m.text for m in k.mentions}))
    dates = {s.meta.id: r.dates for s, r in zip(sources, readings, strict=True)}  # found once: events and coverage share them
    found = [e for r in readings for e in r.candidates]
    merged = find_conflicts(merge_same(found), by_id)
    events, problems, stats = apply_editorial(editorial, editorial_path, merged, sources, by_id)
    if not catalog_complete:
        # An entity the catalog rejected was missing from the extraction, so an event or entity that
        # events.yaml names may be missing only because of that: those references are not reported
        # (the catalog's own errors say what to fix, the next build checks them), where each used to
        # add an error with a wrong 'did you mean'.
        problems = [p for p in problems if p.code not in REFERENCES_TO_EXTRACTION]
    k.diagnostics.extend(problems)
    k.events = [_with_headline(e, by_id) for e in events]
    k.coverage = _coverage(sources, dates, found, merged, k, stats)
    return k


def _note_mentions(matcher: Matcher, sources: Sequence[Source]) -> list[Mention]:
    """Names in the Chinese footnotes, as mentions whose `paragraph` is the note id (used for events only)."""
    return [
        Mention(s.meta.id, n.id, start, end, eid, text)
        for s in sources
        for n in s.notes
        if n.lang == "zh"
        for start, end, eid, text in find_in_text(matcher, n.text)
    ]


def _with_headline(e: Event, entities: Mapping[str, Entity]) -> Event:
    if e.title:
        return e
    zh_label, en_label = KIND_LABELS[e.kind]
    if e.primary in entities:
        name = entities[e.primary].name
        title = {"zh": f"{name['zh']}：{zh_label}", "en": f"{name['en']}: {en_label}"}
    else:
        title = {"zh": f"{e.citations[0].date_text}{zh_label}", "en": f"{en_label.capitalize()}, {e.date.start}"}
    return replace(e, title=title, title_generated=True)


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
        "conflicts": sorted(e.id for e in k.events if e.conflicts),
        "unreviewed": sum(e.title_generated for e in k.events),
    }
