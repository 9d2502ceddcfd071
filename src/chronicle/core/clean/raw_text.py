"""What the loader does to every text as it reads it, before any rule: invisible characters out.

A byte-order mark (U+FEFF) and Windows or old Mac line endings (CRLF, CR) come from the
editor that saved the file, not from the text: they are normalised, so anchors in
sources.yaml are written against what the editor sees (an anchor holding a line break
matches a CRLF file too), and the first paragraph does not start with U+FEFF.

NUL and the bidirectional controls (U+202A–U+202E overrides and embeddings, U+2066–U+2069
isolates, U+200E, U+200F and U+061C marks) are removed too, each logged with its
line:column. Removed rather than refused: the files are kept as received and every
repair is a logged rule, and these characters carry no text (they are invisible: an
editor could not see them to write an anchor or a `replace` rule), while an override
left in would reverse the order in which a reader sees the words around it.
"""

from __future__ import annotations

import re

from chronicle.core.model import Repair

BOM = "\ufeff"
LINE_ENDING = re.compile(r"\r\n?")
INVISIBLE = re.compile("[\x00\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
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
    for name, chars, what in (
        ("nul_removed", "\x00", "NUL characters removed"),
        ("bidi_removed", "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c", "bidirectional controls removed"),
    ):
        found = [m.start() for m in INVISIBLE.finditer(text) if m.group(0) in chars]
        if found:
            places = [_line_column(text, at) for at in found[:SHOWN_AT_MOST]]
            more = f" … ({len(found)} places)" if len(found) > SHOWN_AT_MOST else ""
            repairs.append(Repair(name, len(found), f"{what} at " + ", ".join(places) + more))
    if len(repairs) > (1 if boms else 0) + (1 if endings else 0):
        text = INVISIBLE.sub("", text)
    return text, tuple(repairs)


def _line_column(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"{line}:{column}"
