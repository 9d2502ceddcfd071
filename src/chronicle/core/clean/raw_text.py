"""What the loader does to every text as it reads it, before any rule: invisible characters out.

A byte-order mark (U+FEFF) and Windows or old Mac line endings (CRLF, CR) come from the
editor that saved the file, not from the text: they are normalised, so anchors in
sources.yaml are written against what the editor sees (an anchor holding a line break
matches a CRLF file too), and the first paragraph does not start with U+FEFF.

NUL, the bidirectional controls (U+202A–U+202E overrides and embeddings, U+2066–U+2069
isolates, U+200E, U+200F and U+061C marks), the other control characters (C0 but tab and
line feed, DEL, C1) and the noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF) are removed too,
each logged with its line:column; HTML refuses the last two kinds. The separators a word
processor or a PDF writes for a line or page break (U+2028, U+2029, VT, FF, NEL) become
line feeds, so the text breaks where its editor saw it break.

Removed rather than refused: the files are kept as received and every repair is a logged
rule, and these characters carry no text (they are invisible: an editor could not see
them to write an anchor or a `replace` rule), while an override left in would reverse
the order in which a reader sees the words around it.
"""

from __future__ import annotations

import re

from chronicle.core.model import Repair

BOM = "\ufeff"
LINE_ENDING = re.compile(r"\r\n?")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
CONTROLS = "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]))
NONCHARACTERS = "".join(map(chr, [*range(0xFDD0, 0xFDF0), 0xFFFE, 0xFFFF]))
INVISIBLE = re.compile(f"[\x00{BIDI}{CONTROLS}{NONCHARACTERS}]")
SEPARATORS = re.compile("[\u2028\u2029\x0b\x0c\x85]")
SHOWN_AT_MOST = 12


def normalise_raw(text: str) -> tuple[str, tuple[Repair, ...]]:
    """The text as the editor sees it, and the repairs made (none for a clean text)."""
    repairs: list[Repair] = []
    boms = text.count(BOM)
    if boms:
        text = text.replace(BOM, "")
        repairs.append(Repair("byte_order_mark", boms, "byte-order mark (U+FEFF) removed"))
    text, endings = LINE_ENDING.subn("\n", text)
    if endings:
        repairs.append(Repair("line_endings", endings, "Windows line endings (CRLF, CR) made LF"))
    separators = [m.start() for m in SEPARATORS.finditer(text)]
    if separators:
        where = _places(text, separators)
        text = SEPARATORS.sub("\n", text)
        repairs.append(
            Repair("separators", len(separators), f"line and page separators (U+2028, U+2029, VT, FF, NEL) made line feeds at {where}")
        )
    for name, chars, what in (
        ("nul_removed", "\x00", "NUL characters removed"),
        ("bidi_removed", BIDI, "bidirectional controls removed"),
        ("controls_removed", CONTROLS + NONCHARACTERS, "control characters and noncharacters removed"),
    ):
        found = [m.start() for m in INVISIBLE.finditer(text) if m.group(0) in chars]
        if found:
            repairs.append(Repair(name, len(found), f"{what} at " + _places(text, found)))
    if any(r.kind.endswith("_removed") for r in repairs):
        text = INVISIBLE.sub("", text)
    return text, tuple(repairs)


def _places(text: str, found: list[int]) -> str:
    more = f" … ({len(found)} places)" if len(found) > SHOWN_AT_MOST else ""
    return ", ".join(_line_column(text, at) for at in found[:SHOWN_AT_MOST]) + more


def _line_column(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"{line}:{column}"
