"""Source-specific structural repairs, each naming text by an anchor.

An anchor is a short exact string that must occur exactly once in the raw
source (checked by the pipeline before any edit runs), so a repair never
depends on a line number and fails loudly if the text changes under it.
Every function takes and returns a tuple of blocks and raises EditError with
a message the loader turns into a diagnostic.
"""

from __future__ import annotations

from dataclasses import replace

from chronicle.core.model import Block

Blocks = tuple[Block, ...]


class EditError(ValueError):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def find_block(blocks: Blocks, anchor: str) -> int:
    """Index of the one block containing the anchor's first line."""
    first = next((line.strip() for line in anchor.split("\n") if line.strip()), anchor)
    hits = [i for i, b in enumerate(blocks) if first in b.text]
    if len(hits) > 1:  # a heading anchored as a whole line: prefer the block that is exactly it
        hits = [i for i in hits if blocks[i].text == first] or hits
    if len(hits) != 1:
        raise EditError(
            f"anchor '{first[:30]}' is in {len(hits)} blocks, expected 1",
            "make the anchor longer so it names one paragraph",
        )
    return hits[0]


def drop(blocks: Blocks, anchor: str) -> Blocks:
    i = find_block(blocks, anchor)
    return blocks[:i] + blocks[i + 1 :]


def drop_from(blocks: Blocks, anchor: str) -> Blocks:
    """Drop the block with the anchor and everything after it (e.g. a word cloud)."""
    return blocks[: find_block(blocks, anchor)]


def cut(blocks: Blocks, anchor: str) -> Blocks:
    """Remove the anchor text itself from its block (e.g. a promo sentence)."""
    i = find_block(blocks, anchor)
    b = blocks[i]
    return blocks[:i] + (replace(b, text=b.text.replace(anchor, "", 1).strip()),) + blocks[i + 1 :]


def join(blocks: Blocks, first: str, second: str, separator: str = "") -> Blocks:
    """Append the block holding `second` to the block holding `first`, which ends mid-sentence."""
    i, j = find_block(blocks, first), find_block(blocks, second)
    if i == j:
        raise EditError("join anchors name the same paragraph", "anchor the end of one and the start of the next")
    a, b = blocks[i], blocks[j]
    shift = len(a.text) + len(separator)
    marks = a.marks + tuple(replace(m, start=m.start + shift, end=m.end + shift) for m in b.marks)
    merged = replace(a, text=a.text + separator + b.text, marks=marks)
    out = list(blocks)
    out[i] = merged
    del out[j]
    return tuple(out)


def move(blocks: Blocks, start: str, after: str | None = None, before: str | None = None, end: str | None = None) -> Blocks:
    """Move the blocks from `start` through `end` (default: just `start`) after or before another block."""
    i = find_block(blocks, start)
    k = find_block(blocks, end) if end else i
    if k < i:
        raise EditError("move range ends before it starts", "swap 'start' and 'end'")
    segment = blocks[i : k + 1]
    rest = blocks[:i] + blocks[k + 1 :]
    if (after is None) == (before is None):
        raise EditError("move needs exactly one of 'after' or 'before'")
    target = find_block(rest, after or before or "")
    at = target + 1 if after else target
    return rest[:at] + segment + rest[at:]


def set_kind(blocks: Blocks, anchor: str, kind: str) -> Blocks:
    i = find_block(blocks, anchor)
    return blocks[:i] + (replace(blocks[i], kind=kind),) + blocks[i + 1 :]


def set_speaker(blocks: Blocks, start: str, end: str, name: str) -> Blocks:
    i, k = find_block(blocks, start), find_block(blocks, end)
    if k < i:
        raise EditError("speaker range ends before it starts", "swap 'start' and 'end'")
    return blocks[:i] + tuple(replace(b, speaker=name) for b in blocks[i : k + 1]) + blocks[k + 1 :]
