"""Remove 'pangu' spaces between digits and CJK characters (`2014 年` → `2014年`)."""

from __future__ import annotations

import re

SPACED = re.compile(r"(?<=[\u3400-\u9fff]) +(?=\d)|(?<=[\d%]) +(?=[\u3400-\u9fff])")


def join_spaced_numerals(text: str) -> tuple[str, int]:
    return SPACED.subn("", text)
