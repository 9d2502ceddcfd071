"""Traditional → Simplified, with the converter passed in.

OpenCC reads its dictionaries from disk, so the core takes the conversion as
a function: the shell builds it once (`tw2s`, which gets 著力 and 面临着
right; never `tw2sp`, which rewrites words), tests may pass their own.
"""

from __future__ import annotations

from collections.abc import Callable

Converter = Callable[[str], str]


def to_simplified(text: str, convert: Converter) -> tuple[str, int]:
    """Return the converted text and the number of characters changed."""
    out = convert(text)
    if len(out) != len(text):
        return out, sum(1 for _ in out)
    return out, sum(1 for a, b in zip(text, out, strict=True) if a != b)
