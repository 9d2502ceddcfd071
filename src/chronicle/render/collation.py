"""Sort keys for lists of entries: English names alphabetically, Chinese names by pinyin.

Chinese indexes are ordered by the pinyin of the name (阿富汗 under A, 中国 under Z); ordering
a Chinese list by the English names looks random to its reader. Characters outside the
generated table (chronicle.render.pinyin_table) sort after the known ones, by code point;
quotation marks and brackets are ignored, so “天山” files under T.
"""

from __future__ import annotations

from chronicle.core.model import Entity
from chronicle.render.pinyin_table import SYLLABLES

PINYIN = {char: syllable for line in SYLLABLES.splitlines() for syllable, _, chars in [line.partition(":")] for char in chars}
IGNORED = set("“”‘’\"'「」《》（）()〈〉【】·・ ")


def zh_key(name: str) -> tuple[tuple[str, ...], str]:
    """(pinyin syllables or lowercased characters, name): `阿富汗` -> (("a", "fu", "han"), "阿富汗")."""
    parts = tuple(PINYIN.get(c) or ("~" + c if ord(c) > 0x2FFF else c.lower()) for c in name if c not in IGNORED)
    return parts, name


def entry_key(entity: Entity, lang: str) -> tuple[tuple[str, ...], str]:
    """How `entity` sorts in a list of entries in `lang`."""
    if lang == "zh":
        return zh_key(entity.name["zh"])
    name = entity.name["en"]
    return tuple(name.lower().lstrip("“\"'")), name
