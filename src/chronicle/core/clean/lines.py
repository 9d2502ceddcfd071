"""Split a plain-text source into blocks: one non-blank line, one block."""

from __future__ import annotations

import re

from chronicle.core.model import Block

HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])[^。]{1,60}$")


def split_lines(raw: str, lang: str = "zh") -> tuple[tuple[Block, ...], int]:
    """Blocks from lines, with leading indentation removed; returns how many lines were de-indented."""
    blocks = []
    indented = 0
    for line in raw.split("\n"):
        text = line.strip()
        if not text:
            continue
        indented += line != line.lstrip()
        blocks.append(Block(kind="heading" if HEADING.match(text) else "paragraph", text=text, lang=lang))
    return tuple(blocks), indented
