"""Apply content/events.yaml: name, merge or drop extracted events; add only with a found quote.

The editorial file may never invent: an added event must quote words that
occur in the named paragraph of a cleaned source, and its date must be a date
expression inside that quote, read in the paragraph's context (so `同年9月`
takes its year from the text before the quote, as everywhere else). When the
quote holds several dates, `date:` names the one that dates the event, by its
exact words (`date: 2001年6月`); without it the first is used. Every problem
is a diagnostic with file and line.

An entry may name an event by any id it has had: the build merges the tellings
of one happening on its own (events.consolidate), so a candidate's id, or the
id of a claim beside the preferred one, leads to the event that holds it. A
merge folds the other event's claims into this one (compatible dates become
one claim, the more precise date winning; others stay claims beside it), and
after the file is applied the events are consolidated again, so an added
event joins the happening it tells. `distinct:` names events that are other
happenings, however alike: the editor report stops pairing them. Two entries
whose titles land on one event show only one: the other is a warning naming
the event to write on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from chronicle.core.bilingual import LANGS
from chronicle.core.dates import DateMatch, find_dates
from chronicle.core.diagnostics import Diagnostic, did_you_mean, yaml_line
from chronicle.core.editorial_schema import check_events
from chronicle.core.events import ACTS, KINDS, Citation, Event, consolidate, date_matches, event_id, merge_events, reference_of
from chronicle.core.model import Entity, Source


def apply_editorial(
    data: Any, path: str, events: Sequence[Event], sources: Sequence[Source], entities: Mapping[str, Entity]
) -> tuple[list[Event], list[Diagnostic], dict[str, int]]:
    """Apply events.yaml to the extracted events: the events, the problems found, and counts of what was done."""
    stats = {"named": 0, "merged": 0, "dropped": 0, "added": 0}
    if data is None:
        return list(events), [], stats
    entries, problems = check_events(data, path)  # the shapes: each entry here is well formed
    by_id = {e.id: e for e in events}
    alias = {m: e.id for e in events for m in e.merged_ids}
    paragraphs = {(s.meta.id, p.id): p.block.text for s in sources for p in s.paragraphs}
    titled: list[tuple[str, Any]] = []

    def resolve(eid: str) -> str | None:
        seen = set()
        while eid not in by_id and eid in alias and eid not in seen:
            seen.add(eid)
            eid = alias[eid]
        return eid if eid in by_id else None

    def err(code: str, line: int, message: str, hint: str = "") -> None:
        problems.append(Diagnostic("error", code, path, line, message, hint))

    for entry in entries:
        eid = str(entry["id"])
        if "add" in entry:
            if resolve(eid) is not None:  # it would replace the extracted event and drop its citations and its title
                hint = f"name it without 'add:' (give it a title), or give the added event another id, e.g. {eid}-2"
                err("EVT018", yaml_line(entry, "id"), f"'add' would replace the extracted event '{eid}'", hint)
                continue
            event = _added(entry, eid, paragraphs, sources, entities, err)
            if event is None:
                continue
            by_id[eid] = event
            stats["added"] += 1
        rid = resolve(eid)
        if rid is None:
            err("EVT004", yaml_line(entry, "id"), f"no extracted event '{eid}'", did_you_mean(eid, [*by_id, *alias]))
            continue
        if "drop" in entry:
            del by_id[rid]
            stats["dropped"] += 1
            continue
        event = by_id[rid]
        for other in entry.get("merge") or []:
            ro = resolve(str(other))
            if ro is None:
                hint = did_you_mean(str(other), [*by_id, *alias])
                err("EVT004", yaml_line(entry, "merge"), f"cannot merge unknown event '{other}'", hint)
                continue
            if ro == rid:  # already one happening: merged by the build
                continue
            event = merge_events(event, by_id.pop(ro))
            stats["merged"] += 1
        for key in ("title", "summary"):
            if key in entry:
                event = replace(event, **{key: {lang: entry[key][lang].strip() for lang in LANGS}})
        if "title" in entry:
            event = replace(event, title_generated=False)
            stats["named"] += 1
            titled.append((eid, entry))
        if event.id != rid:
            del by_id[rid]
        by_id[event.id] = event
        alias.update({m: event.id for m in (*event.merged_ids, rid) if m != event.id})
    kept = consolidate(list(by_id.values()), entities)
    final = {e.id: e for e in kept}
    where = {m: e.id for e in kept for m in e.merged_ids}

    def holding(eid: str) -> Event | None:
        """The event that holds `eid` once the events are consolidated: its own id, or one merged into it."""
        return final.get(eid) or final.get(where.get(eid, ""))

    for entry in entries:
        others = [str(o) for o in entry.get("distinct") or []]
        holder = holding(str(entry["id"]))
        if not others or holder is None:
            continue
        apart = []
        for other in others:
            found = holding(other)
            if found is None:
                hint = did_you_mean(other, [*final, *where])
                err("EVT004", yaml_line(entry, "distinct"), f"cannot tell '{holder.id}' apart from unknown event '{other}'", hint)
            elif found.id != holder.id:
                apart.append(found.id)
        final[holder.id] = replace(holder, distinct=(*holder.distinct, *apart))
    kept = list(final.values())
    for eid, entry in titled:
        holder = holding(eid)
        if holder is None or holder.title == {lang: entry["title"][lang].strip() for lang in LANGS}:
            continue
        problems.append(
            Diagnostic(
                "warning",
                "EVT016",
                path,
                yaml_line(entry, "title"),
                (f"'{eid}' is one happening with '{holder.id}'" if eid != holder.id else f"another entry also names '{eid}'")
                + ": this title is not shown, another entry's is",
                f"write one entry for '{holder.id}' (the build merges tellings of one happening, see docs/data.md)",
            )
        )
    return sorted(kept, key=lambda e: (e.date.start, e.id)), problems, stats


def _added(
    entry: Any, eid: str, paragraphs: Mapping[tuple[str, str], str], sources: Sequence[Source], entities: Mapping[str, Entity], err: Any
) -> Event | None:
    add = entry["add"]
    key = (str(add["source"]), str(add["paragraph"]))
    if key[0] not in {s.meta.id for s in sources}:
        err("EVT008", yaml_line(add, "source"), f"unknown source '{key[0]}'", did_you_mean(key[0], {s.meta.id for s in sources}))
        return None
    if key not in paragraphs:
        err(
            "EVT009",
            yaml_line(add, "paragraph"),
            f"source {key[0]} has no paragraph '{key[1]}'",
            "paragraph ids are p1, p2, … (see /data/sources.json)",
        )
        return None
    quote = str(add["quote"])
    if quote not in paragraphs[key]:
        err(
            "EVT010",
            yaml_line(add, "quote"),
            f"quote not found in source {key[0]} {key[1]}: '{quote[:30]}…'",
            "copy the words exactly from the cleaned text (full-width punctuation)",
        )
        return None
    if add["kind"] not in KINDS:
        err("EVT011", yaml_line(add, "kind"), f"unknown kind '{add['kind']}'", did_you_mean(str(add["kind"]), KINDS))
        return None
    ids = [str(i) for i in add["entities"] or []]
    for i in ids:
        if i not in entities:
            err("EVT012", yaml_line(add, "entities"), f"unknown entity '{i}'", did_you_mean(i, entities))
            return None
    source = next(s for s in sources if s.meta.id == key[0])
    found = _dates_in_quote(source, key[1], paragraphs[key], quote)
    if not found:
        err("EVT013", yaml_line(add, "quote"), f"no date in the quote of '{eid}'", "the quote must include the words that date the event")
        return None
    chosen = found[0]
    if "date" in add:
        wanted = add["date"]
        matching = [d for d in found if isinstance(wanted, str) and d.value.text == wanted.strip()]
        if not matching:
            choices = ", ".join(dict.fromkeys(d.value.text for d in found))
            err(
                "EVT014",
                yaml_line(add, "date"),
                f"date '{wanted}' of '{eid}' is not a date expression in its quote",
                f"write one of the quote's dates exactly as it stands: {choices}",
            )
            return None
        chosen = matching[0]
    date = chosen.value
    primary = ids[0] if ids else "event"
    kind = str(add["kind"])
    act = next((a.label for a in ACTS if a.kind == kind and a.pattern.search(quote)), kind)
    event = Event(eid, date, kind, tuple(ids), (Citation(key[0], key[1], quote, date.text),), primary, act=act)
    return event if eid == event_id(date, primary, kind) else replace(event, merged_ids=(event_id(date, primary, kind),))


def _dates_in_quote(source: Source, paragraph: str, text: str, quote: str) -> list[DateMatch]:
    """The dates inside the quote, resolved in the paragraph's context (found over the whole source)."""
    at = text.find(quote)
    in_text = [d for d in date_matches(source).get(paragraph, []) if at <= d.start and d.end <= at + len(quote)]
    if not in_text:  # a paragraph the main scan does not read (English text): the quote on its own
        lang = next((p.block.lang for p in source.paragraphs if p.id == paragraph), "zh")
        in_text = find_dates([quote], reference_of(source), lang)[0]
    return [d for d in in_text if d.kind != "period"]
