"""What needs an editor: the list `chronicle check` ends with after a new source comes in.

Events whose headline was generated, events that name no entity, pairs of events that are
likely one happening, dates the text gives without what would complete them, and names in
the text (titles in 《》, quoted names of exercises, bodies, meetings, documents) that match
no catalog entry. Pure: knowledge in, lines out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from chronicle.core.events import DOCUMENT_TITLE, Event
from chronicle.core.knowledge import Knowledge
from chronicle.core.model import Entity, Source

QUOTED = re.compile(r"“([^“”。，；]{2,24})”")
# A quoted phrase that ends like the name of a body, a meeting, a document or an exercise, or carries a year or number.
NAME_LIKE = re.compile(
    r"(组织|中心|机构|机制|演习|行动|峰会|会议|会晤|宣言|公约|条约|协定|倡议|论坛|战略|纲要|声明)$|[—\-－]\s*\d|\d号|（\d{4}）"
)
# Entity types that are settings, not what an event is about: sharing them does not make two events one.
SETTINGS = ("place", "country", "organization")


def candidate_names(sources: Sequence[Source], entities: Sequence[Entity]) -> list[tuple[str, str, int]]:
    """(name, source id, how often) of each title or quoted name in the cleaned texts that no catalog name or alias covers."""
    known = {n for e in entities for n in (e.name["zh"], *e.aliases["zh"])}
    found: dict[tuple[str, str], int] = {}
    for source in sources:
        for p in source.paragraphs:
            if p.block.lang != "zh":
                continue
            text = p.block.text
            names = [m.group(1) for m in DOCUMENT_TITLE.finditer(text)]
            names += [m.group(1) for m in QUOTED.finditer(text) if NAME_LIKE.search(m.group(1))]
            for name in names:
                if name not in known and not any(name in k or k in name for k in known if len(k) >= 4):
                    found[(name, source.meta.id)] = found.get((name, source.meta.id), 0) + 1
    return sorted(((n, s, c) for (n, s), c in found.items()), key=lambda x: (x[1], -x[2], x[0]))


def likely_duplicates(events: Sequence[Event], entities: Sequence[Entity]) -> list[tuple[str, str]]:
    """Pairs of events of one kind, in one year, about one thing (not just one place or country) or one of them about
    nothing the catalog names (伊朗成为正式成员国 beside Iran's accession told elsewhere), not known as a conflict
    and not told apart by an editor (`distinct:`)."""
    kind_of = {e.id: e.type for e in entities}
    pairs = []
    for a, b in combinations(events, 2):
        if a.kind != b.kind or not _compatible(a.date.start, b.date.start):
            continue
        shared = {i for i in set(a.entities) & set(b.entities) if kind_of.get(i) not in SETTINGS}
        linked = any(str(c.get("event")) == b.id for c in a.conflicts) or b.id in a.distinct or a.id in b.distinct
        if (shared or not a.entities or not b.entities) and not linked:
            pairs.append((a.id, b.id))
    return pairs


def _compatible(a: str, b: str) -> bool:
    """Two dates that could be one day: the same year, and the same month and day where both give them."""
    return all(x == y for x, y in zip(a.split("-"), b.split("-"), strict=False))


def editor_report(sources: Sequence[Source], knowledge: Knowledge) -> list[str]:
    """The lines of the report; empty when nothing needs an editor."""
    entities, events = knowledge.entities, knowledge.events
    lines: list[str] = []
    generated = [e.id for e in events if e.title_generated]
    if generated:
        lines.append(f"events with generated headlines ({len(generated)}; name them in content/events.yaml): " + ", ".join(generated))
    bare = [e.id for e in events if not e.entities]
    if bare:
        lines.append(f"events that name no catalog entry ({len(bare)}; add the entry or an alias the text uses): " + ", ".join(bare))
    pairs = likely_duplicates(events, entities)
    if pairs:
        shown = ", ".join(f"{a} + {b}" for a, b in pairs)
        how = "merge them in content/events.yaml, or tell them apart there with distinct:"
        lines.append(f"likely one happening told twice ({len(pairs)}; {how}): {shown}")
    undated = [f"{text} ({sid} {pid})" for sid, pid, text in knowledge.undated]
    if undated:
        lines.append(
            f"dates the build could not complete ({len(undated)}; nothing before them gives the year or month: "
            "if one dates an event, add it in content/events.yaml with its date): " + ", ".join(undated)
        )
    names = candidate_names(sources, entities)
    if names:
        shown = ", ".join(f"{n} ({s}{' ×' + str(c) if c > 1 else ''})" for n, s, c in names)
        lines.append(f"names in the texts that no catalog entry covers ({len(names)}; add an entry or an alias if it matters): {shown}")
    return lines
