"""Find catalog names in cleaned paragraphs: longest match wins, no overlaps.

All Chinese names and aliases are compiled into one regular expression, a trie
of their characters, so a single left-to-right pass finds, at each position, the
longest name (one automaton, not one search per alias). Matches inside garbled
spans are discarded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chronicle.core.model import Entity, Mention, Source


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern[str] | None
    entity_of: dict[str, str]


def make_matcher(entities: Iterable[Entity]) -> Matcher:
    """One automaton over every Chinese name; an entity's `not_in` words are in it too, leading nowhere,
    so the longest match (发展中国家) hides the name inside it (中国)."""
    entity_of: dict[str, str] = {}
    entities = sorted(entities, key=lambda e: e.id)
    for e in entities:
        for name in (e.name["zh"], *e.aliases["zh"]):
            if name and name not in entity_of:
                entity_of[name] = e.id
    for e in entities:
        for word in e.not_in:
            entity_of.setdefault(word, "")
    pattern = re.compile(trie_pattern(entity_of)) if entity_of else None
    return Matcher(pattern, entity_of)


# A trie node with more children than this tests their first characters by halves (a character-class
# lookahead per half), so a position costs log2(children) tests, not one per child: with 64k aliases
# over all of CJK the root had 20k children and every character of the text tried each in turn. The
# real catalog's root has 90: its pattern is the plain trie, which is as fast there.
FAN_OUT = 128


def trie_pattern(names: Iterable[str], fan_out: int = FAN_OUT) -> str:
    """A regular expression matching any of `names`, and at each position the longest one that is there.

    The names share their prefixes in a trie: `上海(?:合作组织|公约)`. At each node the next
    character of the text picks at most one branch, and a name ending there (`?`) is taken
    only when no longer name continues, so the match is the longest name, as with the names
    as alternatives sorted longest first, but the regex engine no longer tries every name
    that starts with the same character. A node with many branches picks its branch by a
    binary search on the next character (`_branches`); the pattern then starts with a class
    of every first character, which the engine no longer finds by itself, so that it still
    skips most positions at once.
    """
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def branch(node: dict[str, dict]) -> str:
        alternatives = [(char, re.escape(char) + branch(child)) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and "" not in node:
            return alternatives[0][1]
        return "(?:" + _branches(alternatives, fan_out) + ")" + ("?" if "" in node else "")

    if len(trie) <= fan_out:
        return branch(trie)
    return f"(?=[{''.join(re.escape(c) for c in sorted(trie))}])" + branch(trie)


def _branches(alternatives: list[tuple[str, str]], fan_out: int) -> str:
    """`a…|b…|…` for branches sorted by their first character; over `fan_out`, split in two by a class lookahead."""
    if len(alternatives) <= fan_out:
        return "|".join(pattern for _, pattern in alternatives)
    half = len(alternatives) // 2
    low, high = alternatives[:half], alternatives[half:]
    first, last = re.escape(low[0][0]), re.escape(low[-1][0])
    return f"(?=[{first}-{last}])(?:{_branches(low, fan_out)})|{_branches(high, fan_out)}"


def find_in_text(matcher: Matcher, text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, str, str]]:
    """(start, end, entity id, matched text) for each name in text, outside blocked spans.

    Matches come in order and do not overlap, so the blocked spans are walked once beside them:
    `reach` is the furthest end of the spans starting before the current match ends, and the
    match overlaps one of them exactly when `reach` passes its start.
    """
    if matcher.pattern is None:
        return []
    spans = sorted(blocked)
    taken, reach = 0, -1
    out = []
    for m in matcher.pattern.finditer(text):
        start, end = m.span()
        while taken < len(spans) and spans[taken][0] < end:
            reach = max(reach, spans[taken][1])
            taken += 1
        eid = matcher.entity_of[m.group(0)]
        if not eid or reach > start:
            continue
        out.append((start, end, eid, m.group(0)))
    return out


def find_mentions(matcher: Matcher, sources: Iterable[Source]) -> list[Mention]:
    mentions = []
    for s in sources:
        for p in s.paragraphs:
            if p.block.lang != "zh":
                continue
            blocked = [(m.start, m.end) for m in p.block.marks if m.kind == "garbled"]
            for start, end, eid, text in find_in_text(matcher, p.block.text, blocked):
                mentions.append(Mention(s.meta.id, p.id, start, end, eid, text))
    return mentions
