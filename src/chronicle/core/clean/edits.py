"""Source-specific structural repairs, each naming text by an anchor.

An anchor is a short exact string that must occur exactly once in the raw
source (checked by the pipeline before any edit runs), so a repair never
depends on a line number and fails loudly if the text changes under it.
Every function takes and returns a tuple of blocks and raises EditError with
a message the loader turns into a diagnostic. Each step of `sources.yaml`
(`- join: {first: …, second: …}`) has its parameters declared here as a model,
and a `*_step` function that runs it and says what it did for the repair log;
core/clean/registry.py lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Annotated

from pydantic import AfterValidator, model_validator

from chronicle.core.model import Block, Repair
from chronicle.core.schema import Example, Params, Text, not_blank, problem

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
    if not hits:  # it is in the raw text (checked first): a step before this one took it out
        raise EditError(
            f"anchor '{first[:30]}' is in no paragraph by this step",
            "an earlier step removed or changed its words: put this step before that one, or anchor on words still there",
        )
    if len(hits) > 1:
        raise EditError(f"anchor '{first[:30]}' is in {len(hits)} blocks, expected 1", "make the anchor longer so it names one paragraph")
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


# --------------------------------------------------------------------------
# The steps of sources.yaml: parameters and what each step logs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class IsAnchor:
    """Marks a parameter that is an anchor: exact text that must occur exactly once in the raw source."""


Anchor = Annotated[str, AfterValidator(not_blank), IsAnchor(), Example('"exact words from the raw text"')]


class EditParams(Params):
    def anchors(self) -> list[str]:
        """The values of the anchor parameters given."""
        values = []
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is not None and any(isinstance(m, IsAnchor) for m in info.metadata):
                values.append(value)
        return values

    def check_raw(self, raw: str) -> tuple[str, str] | None:
        """(message, hint) when the raw text does not fit the step: by default, an anchor not there exactly once."""
        for anchor in self.anchors():
            found = raw.count(anchor)
            if found != 1:
                where = "not found" if found == 0 else f"found {found} times"
                hint = (
                    "an anchor must occur exactly once; copy it from the raw text"
                    if found == 0
                    else "lengthen the anchor until it occurs once"
                )
                return f"anchor '{anchor[:40]}' {where} in the source", hint
        return None


class AnchorParams(EditParams):
    anchor: Anchor


class JoinParams(EditParams):
    first: Anchor
    second: Anchor
    separator: str = ""


class MoveParams(EditParams):
    start: Anchor
    end: Anchor | None = None
    after: Anchor | None = None
    before: Anchor | None = None

    @model_validator(mode="after")
    def _one_target(self) -> MoveParams:
        if (self.after is None) == (self.before is None):
            raise problem("SRC012", "move needs exactly one of 'after' or 'before'", "say where the text goes")
        return self


class SpeakerParams(EditParams):
    start: Anchor
    end: Anchor
    name: Text


class ReplaceParams(EditParams):
    old: Annotated[str, AfterValidator(not_blank), Example('"中国一中亚"')]
    new: str
    count: Annotated[int, Example("1")]

    def check_raw(self, raw: str) -> tuple[str, str] | None:
        found = raw.count(self.old)
        if found != self.count:
            return f"'{self.old}' occurs {found} times, declared {self.count}", "update 'count' or the text to replace"
        return None


@dataclass(frozen=True)
class Edited:
    blocks: Blocks
    repair: Repair
    meta: tuple[tuple[str, str], ...] = ()


def drop_step(blocks: Blocks, p: AnchorParams) -> Edited:
    return Edited(drop(blocks, p.anchor), Repair("drop", 1, f"dropped: {p.anchor[:40]}"))


def drop_from_step(blocks: Blocks, p: AnchorParams) -> Edited:
    kept = drop_from(blocks, p.anchor)
    n = len(blocks) - len(kept)
    return Edited(kept, Repair("drop_from", n, f"dropped {n} trailing blocks from: {p.anchor.split(chr(10))[0]}"))


def cut_step(blocks: Blocks, p: AnchorParams) -> Edited:
    return Edited(cut(blocks, p.anchor), Repair("cut", 1, f"removed: {p.anchor}"))


def join_step(blocks: Blocks, p: JoinParams) -> Edited:
    return Edited(join(blocks, p.first, p.second, p.separator), Repair("join", 1, f"rejoined: …{p.first[-12:]}|{p.second[:12]}…"))


def move_step(blocks: Blocks, p: MoveParams) -> Edited:
    moved = move(blocks, p.start, p.after, p.before, p.end)
    target = p.after or p.before or ""
    return Edited(moved, Repair("move", 1, f"moved '{p.start[:16]}…' {'after' if p.after else 'before'} '{target[:16]}…'"))


def heading_step(blocks: Blocks, p: AnchorParams) -> Edited:
    return Edited(set_kind(blocks, p.anchor, "heading"), Repair("heading", 1, f"marked as heading: {p.anchor[:30]}"))


def quote_step(blocks: Blocks, p: AnchorParams) -> Edited:
    return Edited(set_kind(blocks, p.anchor, "quote"), Repair("quote", 1, f"marked as quote: {p.anchor[:30]}"))


def speaker_step(blocks: Blocks, p: SpeakerParams) -> Edited:
    return Edited(set_speaker(blocks, p.start, p.end, p.name), Repair("speaker", 1, f"speaker {p.name}"))


DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}:\d{2}:\d{2})")


def metadata_step(blocks: Blocks, p: AnchorParams) -> Edited:
    """A web page's `2018-05-27 23:31:27 信息来源:…` line: its date becomes the source's publication date."""
    i = find_block(blocks, p.anchor)
    m = DATETIME.search(blocks[i].text)
    if not m:
        raise EditError("metadata line has no date and time", "anchor the line that starts with YYYY-MM-DD hh:mm:ss")
    published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    repair = Repair("metadata", 1, f"metadata line parsed (published {published}) and removed")
    return Edited(blocks[:i] + blocks[i + 1 :], repair, (("published", published), ("published_time", m.group(4))))


def replace_step(blocks: Blocks, p: ReplaceParams) -> Edited:
    out = tuple(replace(b, text=b.text.replace(p.old, p.new)) for b in blocks)
    return Edited(out, Repair("replace", p.count, f"'{p.old}' → '{p.new}'"))
