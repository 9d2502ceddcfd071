"""Find OCR-garbled Cyrillic spans such as 003's `(BaTaJIbOH eIHHO6oKHSIIKHxaπa)`.

Cyrillic read as Latin look-alikes gives words no real English word has: a
lower-case letter followed by a capital inside a word, or digits, Greek or
Roman-numeral signs between letters. Genuine English in parentheses
(`(Barry Buzan)`) has none of these. The spans are kept, marked, and shown
with a note; they are never matched as entities or indexed.
"""

from __future__ import annotations

import re

PAREN_LATIN = re.compile(r"(?<=[（(])([A-Za-z0-9\u0370-\u03ff\u2160-\u217f ]+)(?=[)）])")
GARBLED_WORD = re.compile(r"[a-z][A-Z]|[A-Za-z][0-9\u0370-\u03ff\u2160-\u217f]|[0-9\u0370-\u03ff\u2160-\u217f][A-Za-z]")


def find_garbled(text: str) -> list[tuple[int, int]]:
    """Offsets of garbled spans (the text inside the parentheses)."""
    spans = []
    for m in PAREN_LATIN.finditer(text):
        if any(GARBLED_WORD.search(word) for word in m.group(1).split()):
            spans.append((m.start(1), m.end(1)))
    return spans
