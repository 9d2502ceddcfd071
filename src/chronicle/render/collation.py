"""Sort keys for lists of entries: English names alphabetically, Chinese names by pinyin.

Chinese indexes are ordered by the pinyin of the name (阿富汗 under A, 中国 under Z); ordering
a Chinese list by the English names looks random to its reader. Characters outside the
generated table (pinyin.txt beside this module, written by tools/make_pinyin_table.py) sort after the known ones, by code point;
quotation marks and brackets are ignored, so “天山” files under T.
"""

from __future__ import annotations

from importlib.resources import files

from chronicle.core.model import Entity

# One line per syllable: `syllable:characters`.
SYLLABLES = files("chronicle.render").joinpath("pinyin.txt").read_text(encoding="utf-8")
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


def _initial(key: tuple[tuple[str, ...], str]) -> str:
    """The letter an entry with this `entry_key` files under in an A–Z index: of its pinyin in Chinese
    (阿富汗 -> A), of its name in English; "#" for anything else (a digit, a character outside the table)."""
    first = key[0][0][:1].upper() if key[0] else ""
    return first if "A" <= first <= "Z" else "#"


def by_initial(entities: list[Entity], lang: str) -> list[tuple[str, list[Entity]]]:
    """`entities` in index order, grouped by initial: [("A", [...]), ("B", [...]), ...], "#" last."""
    groups: dict[str, list[Entity]] = {}
    for key, entity in sorted(((entry_key(x, lang), x) for x in entities), key=lambda keyed: keyed[0]):
        groups.setdefault(_initial(key), []).append(entity)
    return sorted(groups.items(), key=lambda group: (group[0] == "#", group[0]))
