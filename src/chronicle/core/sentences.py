"""Cleaned paragraphs → sentences: the units of translation.

A paragraph splits after `。！？` (and `?!`), with the closing quotation marks
and brackets that follow kept in its sentence. A terminator inside a
quotation or bracket that closes later in the paragraph does not split, so a
quoted passage of several sentences is one unit and every unit's quotation
marks balance. A heading, a pull quote and a footnote are one unit each.
Pure: text in, spans out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from chronicle.core.model import Source

TERMINATORS = frozenset("。！？?!")
OPENERS = {"“": "”", "‘": "’", "（": "）", "(": ")", "「": "」", "『": "』", "《": "》", "【": "】"}
CLOSERS = frozenset(OPENERS.values())
WHOLE_KINDS = ("heading", "quote")
_BRACKET = re.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS)) + "]")
_TERMINATOR_RUN = re.compile("[" + re.escape("".join(TERMINATORS)) + "][" + re.escape("".join(TERMINATORS | CLOSERS)) + "]*")


@dataclass(frozen=True)
class Unit:
    """One sentence of a source: `text` is `paragraph text[start:end]` (a note's whole text for a note)."""

    source: str
    paragraph: str  # "p3", or a note id "fn2"
    index: int  # 1-based within its paragraph
    start: int
    end: int
    text: str

    @property
    def anchor(self) -> str:
        """The sentence's HTML id on a source page: p3s2."""
        return f"{self.paragraph}s{self.index}"

    @property
    def reference(self) -> str:
        """Where it is, as a PO `#:` reference: 000:p3."""
        return f"{self.source}:{self.paragraph}"


def _inside(text: str) -> list[tuple[int, int]]:
    """The outermost [start, end) spans inside brackets and quotation marks that close within `text`.

    An opener left unclosed (source damage) is ignored, so it cannot swallow the rest of the paragraph.
    """
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for m in _BRACKET.finditer(text):
        ch, i = m.group(), m.start()
        if ch in OPENERS:
            stack.append((OPENERS[ch], i))
            continue
        for k in range(len(stack) - 1, -1, -1):  # the nearest opener this closes; openers above it never closed
            if stack[k][0] == ch:
                pairs.append((stack[k][1] + 1, i))
                del stack[k:]
                break
    outer: list[tuple[int, int]] = []
    for a, b in sorted(pairs):
        if outer and a <= outer[-1][1]:
            outer[-1] = (outer[-1][0], max(outer[-1][1], b))
        elif a < b:
            outer.append((a, b))
    return outer


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, surrounding whitespace excluded; linear in its length."""
    inside = _inside(text)
    starts = [a for a, _ in inside]
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    for m in _TERMINATOR_RUN.finditer(text):
        j = m.end()
        k = bisect.bisect_right(starts, j) - 1
        if j == n or k < 0 or j >= inside[k][1]:
            spans.append((start, j))
            start = j
    spans.append((start, n))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def source_units(source: Source) -> list[Unit]:
    """Every Chinese unit of a source in reading order: its paragraphs' sentences, then its notes."""
    sid = source.meta.id
    units: list[Unit] = []
    for para in source.paragraphs:
        block = para.block
        if block.lang != "zh":
            continue
        spans = _whole(block.text) if block.kind in WHOLE_KINDS else sentence_spans(block.text)
        units += [Unit(sid, para.id, n, a, b, block.text[a:b]) for n, (a, b) in enumerate(spans, 1)]
    for note in source.notes:
        if note.lang == "zh":
            units += [Unit(sid, note.id, 1, a, b, note.text[a:b]) for a, b in _whole(note.text)]
    return units


def _whole(text: str) -> list[tuple[int, int]]:
    """The whole text as one span, surrounding whitespace excluded (none if blank)."""
    a, b = len(text) - len(text.lstrip()), len(text.rstrip())
    return [(a, b)] if a < b else []
