"""Undo the line breaks of a PDF extraction: lines cut inside a sentence, spaces inside words.

Text extracted from a PDF keeps the page's line breaks, so one sentence arrives as several
lines (`…上合组织安全合作内涵持` / `续丰富…`), sometimes a single character on its own line,
and a justified line's spacing as spaces between characters (`上合组 织`). Two repairs:

- a space (or several) between two Han characters is removed;
- a paragraph that does not end a sentence (its last character is not 。！？；：… or a
  closing quote or bracket after one of them) takes in the paragraph after it, when it is as
  long as a line of running text (MIN_LINE characters) or the next one is a fragment of one
  or two characters. A real paragraph ends with a sentence; a title or a byline is short.

Headings, quotes and blocks in another language or of another speaker are never joined.
Joining is decided on the paragraph as joined so far, so a second run changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from chronicle.core.model import Block

MIN_LINE = 16  # characters: a full line of a Chinese PDF page holds 25-45
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HAN_SPACE = re.compile(rf"(?<={_HAN})[ \u00a0]+(?={_HAN})")
SENTENCE_END = re.compile(r"[。！？!?；;：:…．.](?:[”’」』）)】》\"']*)$")
LATIN = re.compile(r"[A-Za-z0-9]")


def join_pdf_lines(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], int]:
    """The blocks with spaces inside Han runs removed and broken sentences rejoined; the count of both."""
    count = 0
    out: list[Block] = []
    for block in blocks:
        block, spaces = _without_han_spaces(block)
        count += spaces
        if out and _continues(out[-1], block):
            out[-1], spaces = _without_han_spaces(_joined(out[-1], block))  # `上 ` + `织`: the space meets Han only now
            count += 1 + spaces
        else:
            out.append(block)
    return tuple(out), count


def _without_han_spaces(block: Block) -> tuple[Block, int]:
    if block.lang != "zh" or block.marks:  # marks hold offsets: only length-keeping rules may touch their text
        return block, 0
    text, spaces = HAN_SPACE.subn("", block.text)
    return (replace(block, text=text) if spaces else block), spaces


def _continues(before: Block, block: Block) -> bool:
    if before.kind != "paragraph" or block.kind != "paragraph":
        return False
    if before.lang != block.lang or before.speaker != block.speaker:
        return False
    if SENTENCE_END.search(before.text):
        return False
    return len(before.text) >= MIN_LINE or len(block.text) <= 2


def _joined(a: Block, b: Block) -> Block:
    separator = " " if LATIN.match(a.text[-1:]) and LATIN.match(b.text[:1]) else ""
    shift = len(a.text) + len(separator)
    marks = a.marks + tuple(replace(m, start=m.start + shift, end=m.end + shift) for m in b.marks)
    return replace(a, text=a.text + separator + b.text, marks=marks)
