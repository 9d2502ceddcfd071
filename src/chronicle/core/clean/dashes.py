"""Consistent dashes between names and in year ranges.

003 writes `中国-中亚` and `2018-2021年` with ASCII hyphens where 002 and the
rest of 003 use the em dash; Chinese usage is the em dash. Hyphens inside
numbers that are not year ranges (ISSNs, ISO dates, URLs) are left alone.
"""

from __future__ import annotations

import re

_CJK = r"[\u3400-\u9fff“”]"
NAME_HYPHEN = re.compile(rf"(?<={_CJK})-(?={_CJK}|\d)")
YEAR_RANGE_HYPHEN = re.compile(r"(?<=\d{4})(?<!\d{5})-(?=\d{4}年)")


def em_dashes(text: str) -> tuple[str, int]:
    text, names = NAME_HYPHEN.subn("—", text)
    text, years = YEAR_RANGE_HYPHEN.subn("—", text)
    return text, names + years
