"""Remove pictographic noise: emoji, pictographs and the invisible characters that build them.

Texts copied from social media and chat carry emoji (`上合组织峰会开幕🎉🎉`, `👍`, flags
`🇨🇳`, keycaps `1️⃣`), which the site cannot index and a reader of a documentary source does
not need. Removed: the pictographic planes U+1F000–U+1FAFF (emoticons, pictographs, flags,
skin tones), the emoji of Miscellaneous Symbols and Dingbats (U+2600–U+27BF: ☀ ✈ ✅ ❤) and of
U+2B00–U+2BFF (⬆ ⭐ ⭕), variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), the zero-width
joiner and non-joiner, the keycap mark U+20E3 and tag characters (U+E0020–U+E007F).
Kept: every CJK character and punctuation mark, circled numbers (①, ❶, used as list
markers), and ★ ☆ (used as bullets). A space left doubled by a removal goes with it.
"""

from __future__ import annotations

import re

_PICTOGRAPHIC = (
    "\U0001f000-\U0001faff"
    "\u2600-\u2604\u2607-\u2775\u2794-\u27bf"
    "\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55"
    "\ufe00-\ufe0f\U000e0100-\U000e01ef"
    "\u200c\u200d\u20e3"
    "\U000e0020-\U000e007f"
)
_RUN = f"[{_PICTOGRAPHIC}]+"
# A run with the spaces that would be left doubled: between two spaces, or at either end of the text.
NOISE = re.compile(rf"^{_RUN}\s*|\s*{_RUN}$|(?<=\s){_RUN}\s*|{_RUN}")
ONE = re.compile(f"[{_PICTOGRAPHIC}]")


def remove_pictographs(text: str) -> tuple[str, int]:
    """The text without pictographic characters, and how many were removed."""
    count = len(ONE.findall(text))
    if not count:
        return text, 0
    return NOISE.sub("", text), count
