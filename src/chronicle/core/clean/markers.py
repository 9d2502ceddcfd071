"""Drop orphan circled footnote markers (003's `②`) that have no note body."""

from __future__ import annotations

import re

CIRCLED = re.compile("[\u2460-\u2473]")


def drop_orphan_markers(text: str) -> tuple[str, int]:
    return CIRCLED.subn("", text)
