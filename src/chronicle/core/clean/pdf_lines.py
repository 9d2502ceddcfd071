"""Undo the line breaks of a PDF extraction: lines cut inside a sentence, spaces inside words.

Text extracted from a PDF keeps the page's line breaks, so one sentence arrives as several
lines (`…上合组织安全合作内涵持` / `续丰富…`), sometimes a single character on its own line,
and a justified line's spacing as spaces between characters (`上合组 织`), and between two
pages the page's number and running head. Three repairs:

- a line that is a page number (`· 46 ·`, `— 46 —`, `第46页`), a journal's running head
  (`《俄罗斯东欧中亚研究》2021年第3期`) or a short line repeated three times or more is dropped;
- a space (or several) between two Han characters is removed;
- a paragraph that does not end a sentence (its last character is not 。！？；：… or a
  closing quote or bracket after one of them) takes in the paragraph after it, when it is as
  long as a line of running text (MIN_LINE characters) or the next one is a fragment of one
  or two characters. A real paragraph ends with a sentence; a title or a byline is short.

The first paragraph (the title) does not take in a name of two to four characters under it (the
byline), nor does the byline take in anything; a wholly bracketed paragraph (an affiliation), headings, quotes and blocks in another
language or of another speaker never take in the next.
Joining is decided on the paragraph as joined so far, so a second run changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from chronicle.core.model import Block

MIN_LINE = 16  # characters: a full line of a Chinese PDF page holds 25-45
# Page furniture a PDF's text keeps between two lines of a sentence: a page number (· 46 ·, — 46 —, 第46页)
# and a running head (the journal and issue, 《俄罗斯东欧中亚研究》2021年第3期, or any line repeated on many pages).
PAGE_NUMBER = re.compile(
    r"^\s*(?:[·•\-—–]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[·•\-—–])?\s*$"
    r"|^\s*《[^》]{2,40}》\s*\d{4}\s*年\s*第\s*\d{1,2}\s*期\s*$"
)
RUNNING_HEAD_MIN = 3  # a line this many times in one text is a page's head or foot
BYLINE = re.compile(r"^\s*(?:[\u4e00-\u9fff]\s*){2,4}$")
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HAN_SPACE = re.compile(rf"(?<={_HAN})[ \u00a0]+(?={_HAN})")
SENTENCE_END = re.compile(r"[。！？!?；;：:…．.](?:[”’」』）)】》\"']*)$")
LATIN = re.compile(r"[A-Za-z0-9]")
BRACKETED = re.compile(r"^[（(][^（）()]*[）)]$")


def join_pdf_lines(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], int]:
    """The blocks with page furniture dropped, spaces inside Han runs removed and broken sentences rejoined; the count of all three."""
    count = 0
    out: list[Block] = []
    repeated = running_heads(blocks)
    for block in blocks:
        if block.kind == "paragraph" and (PAGE_NUMBER.match(block.text) or block.text.strip() in repeated):
            count += 1
            continue
        block, spaces = _without_han_spaces(block)
        count += spaces
        # 张 三 under the title is its byline, not a word cut by the page; it takes in nothing either
        byline = (len(out) == 1 and BYLINE.match(block.text)) or (len(out) == 2 and BYLINE.match(out[1].text))
        if out and not byline and _continues(out[-1], block):
            out[-1], spaces = _without_han_spaces(_joined(out[-1], block))  # `上 ` + `织`: the space meets Han only now
            count += 1 + spaces
        else:
            out.append(block)
    return tuple(out), count


def running_heads(blocks: tuple[Block, ...]) -> set[str]:
    counts = Counter(b.text.strip() for b in blocks if b.kind == "paragraph" and len(b.text.strip()) <= 40)
    return {text for text, n in counts.items() if n >= RUNNING_HEAD_MIN and text}


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
    if SENTENCE_END.search(before.text) or BRACKETED.match(before.text):  # （中国社会科学院…，北京 100732）
        return False
    return len(before.text) >= MIN_LINE or len(block.text) <= 2


def _joined(a: Block, b: Block) -> Block:
    separator = " " if LATIN.match(a.text[-1:]) and LATIN.match(b.text[:1]) else ""
    shift = len(a.text) + len(separator)
    marks = a.marks + tuple(replace(m, start=m.start + shift, end=m.end + shift) for m in b.marks)
    return replace(a, text=a.text + separator + b.text, marks=marks)
