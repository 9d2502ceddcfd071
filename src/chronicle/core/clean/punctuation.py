"""Full-width punctuation in Chinese text.

The sources mix ASCII `,;:?()` into Chinese sentences. Chinese typography
uses the full-width forms; English text keeps ASCII. The conversion is one
character for one, so offsets of inline marks stay valid.
"""

from __future__ import annotations

import re

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "(": "（", ")": "）"}
_ASCII = re.compile(r"[,;:?()]")


def is_cjk(ch: str) -> bool:
    """A CJK ideograph or a CJK / full-width punctuation mark."""
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or ch in "“”‘’《》〈〉—…·"


def fullwidth_punctuation(text: str) -> tuple[str, int]:
    """Turn ASCII `,;:?()` next to a CJK character into full-width forms.

    A converted mark is itself CJK punctuation, so its neighbours may now
    qualify (`…πa),主要`: the `,` makes the `)` full-width too); passes repeat
    until nothing changes, which makes the rule idempotent.
    """
    pending = [m.start() for m in _ASCII.finditer(text)]  # only these can change: no pass over every character
    if not pending:
        return text, 0
    chars = list(text)
    count = 0
    changed = True
    while changed and pending:
        changed = False
        unchanged = []
        for i in pending:
            before = chars[i - 1] if i > 0 else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and is_cjk(before)) or (after and is_cjk(after)):
                chars[i] = _FULL[chars[i]]
                count += 1
                changed = True
            else:
                unchanged.append(i)
        pending = unchanged
    return "".join(chars), count
