"""Remove pinyin glosses glued after characters, as in 000's `峰會(huì)`.

Only tone-marked Latin in parentheses (ASCII or full-width) directly after a
CJK character is a gloss: one syllable or several (`峰會(fēng huì)`, `西安（Xī'ān）`).
Real parentheses (`公安(內(nèi)務(wù))部長`, the author note, `新華社(Xinhua)`) survive:
their content is not tone-marked pinyin or does not follow a CJK character.
"""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ"
_SYLLABLES = rf"[a-zA-Z{_TONED}]+(?:[ '’][a-zA-Z{_TONED}]+)*"  # fēng huì, Xī'ān, Shànghé Zǔzhī
_ONE = rf"[(（](?=[^()（）]*[{_TONED}]){_SYLLABLES}[)）]"
PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])(?:{_ONE})+")
ONE_GLOSS = re.compile(_ONE)


def strip_pinyin(text: str) -> tuple[str, int]:
    """Return the text without glosses and how many were removed (a run of glosses goes at once)."""
    count = sum(len(ONE_GLOSS.findall(m.group(0))) for m in PINYIN_GLOSS.finditer(text))
    return PINYIN_GLOSS.sub("", text), count
