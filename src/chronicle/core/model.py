"""Frozen value types shared by every stage of the pipeline.

Everything here is plain data: no I/O, no behaviour beyond small derived
properties, so any stage can be tested by building these values by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """An inline annotation on a block's text, by character offsets.

    kind "garbled": text[start:end] is OCR damage, shown with a note and never
    matched or indexed. kind "noteref": a zero-width footnote marker at
    ``start`` (== ``end``) pointing at note ``value`` (e.g. "fn3").
    """

    start: int
    end: int
    kind: str
    value: str = ""


@dataclass(frozen=True)
class Block:
    """One paragraph-level unit of a cleaned source."""

    kind: str  # "paragraph" | "heading" | "quote"
    text: str
    lang: str = "zh"
    speaker: str | None = None
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Note:
    id: str  # "fn1" …
    text: str
    lang: str = "zh"


@dataclass(frozen=True)
class Repair:
    """One line of a source's repair log: what kind, how many, where."""

    kind: str
    count: int
    detail: str


class TextError(ValueError):
    """A text its split (`repairs.split`) cannot read (a footnote marker with no body); `line` is where it shows in the raw text, from 1."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


@dataclass(frozen=True)
class Draft:
    """A source part-way through cleaning: blocks, notes and the log so far."""

    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    repairs: tuple[Repair, ...] = ()
    meta: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class StatedDate:
    """A source's date as stated or inferred, with the basis of an inference."""

    value: str  # YYYY | YYYY-MM | YYYY-MM-DD
    precision: str  # year | month | day
    basis: dict[str, str]  # zh / en: stated where, or why inferred


@dataclass(frozen=True)
class SourceMeta:
    """One entry of content/sources.yaml; `line` is where it starts, for messages."""

    id: str
    file: str
    title: dict[str, str]
    authors: dict[str, tuple[str, ...]]
    venue: dict[str, str]
    date: StatedDate
    kind: str
    languages: tuple[str, ...]
    summary: dict[str, str]
    speakers: dict[str, str]
    profile: object  # clean.pipeline.Profile; typed loosely to keep model import-free
    line: int = 0
    title_supplied: dict[str, str] | None = None  # why the title is ours, when the text has none


@dataclass(frozen=True)
class Paragraph:
    """A cleaned block with its stable anchor (p1, p2, … in reading order)."""

    id: str
    block: Block


@dataclass(frozen=True)
class Source:
    meta: SourceMeta
    paragraphs: tuple[Paragraph, ...]
    notes: tuple[Note, ...]
    repairs: tuple[Repair, ...]
    published: str | None = None


@dataclass(frozen=True)
class Entity:
    """One catalog entry: what a thing is called, in both languages."""

    id: str
    type: str
    name: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    description: dict[str, str]
    place: str | None = None
    parent: str | None = None
    related: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()  # words that hold a name but do not mention the entity: 发展中国家 is not 中国
    geonames: int | None = None  # a place's GeoNames id
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Mention:
    """A catalog name found in a cleaned paragraph (offsets into its text)."""

    source: str
    paragraph: str
    start: int
    end: int
    entity: str
    text: str
