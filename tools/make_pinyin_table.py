"""Write src/chronicle/render/pinyin.txt: the toneless pinyin of every GB 2312 character.

Why a generated table: the Chinese A–Z lists sort entries by pinyin, and pypinyin, the
library that knows it, is slow to load its dictionaries for a build that needs 6,763 readings.
The table (the 6,763 characters of GB 2312, first reading of each, one line per syllable) loads at once;
characters outside it sort after, by code point. Regenerate only to change the table:

    pip install pypinyin && python tools/make_pinyin_table.py
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

from pypinyin import Style, lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "src" / "chronicle" / "render" / "pinyin.txt"


def gb2312_characters() -> list[str]:
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main() -> None:
    by_syllable: dict[str, list[str]] = defaultdict(list)
    for char in gb2312_characters():
        syllable = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
        if syllable and syllable[0].isascii() and syllable[0].isalpha():
            by_syllable[unicodedata.normalize("NFC", syllable[0]).replace("ü", "v")].append(char)
    lines = [f"{s}:{''.join(sorted(cs))}" for s, cs in sorted(by_syllable.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(map(len, by_syllable.values()))} characters, {len(by_syllable)} syllables")


if __name__ == "__main__":
    main()
