"""Make full-width Latin letters and digits plain ASCII (`ＳＣＯ` → `SCO`, `２００７` → `2007`).

Older news items and texts typed with a Chinese input method set Latin letters and digits in
full-width forms (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A). A reader sees the same letters, but
the catalog's names (`SCO`, `RATS`) and every number check look for ASCII. One character for one,
so offsets and inline marks stay where they are; full-width punctuation is Chinese typography and stays.
"""

from __future__ import annotations

import re

FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
TO_ASCII = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


def halfwidth_alphanumerics(text: str) -> tuple[str, int]:
    """The text with full-width letters and digits made ASCII, and how many there were."""
    count = len(FULLWIDTH.findall(text))
    return (text.translate(TO_ASCII), count) if count else (text, 0)
