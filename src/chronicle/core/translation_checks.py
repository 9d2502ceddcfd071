"""Checks of one translated unit against its Chinese original.

- every number of the original is in the English, and no digit the original lacks (`numbers.py`);
- every catalog entity the original names is named in the English, by its English name or an alias;
- no Han characters, except in a marked original form: `(zh: 一神圣战营)`;
- brackets and quotation marks balance wherever the original's do.

Fuzzy and missing units are not checked: they are not shown as current.
Pure: values in, diagnostics out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from chronicle.core.catalogue import Translation
from chronicle.core.diagnostics import Diagnostic
from chronicle.core.model import Entity
from chronicle.core.numbers import URL, compare, show

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A name's original form kept in an English sentence: "the Tianshan exercise (zh: 天山)".
ORIGINAL_FORM = re.compile(r"\(zh: ([^()]+)\)")
PAIRS = (("(", ")"), ("[", "]"), ("“", "”"))
CHINESE_PAIRS = (("（(", "）)"), ("[【", "]】"), ("“", "”"))


def english_forms(entity: Entity) -> list[str]:
    """The ways an English sentence may name an entity: its name, the name without its bracketed
    acronym and the acronym alone ("Regional Anti-Terrorist Structure (RATS)"), and its aliases."""
    name = entity.name["en"]
    forms = [name, *entity.aliases["en"]]
    bracket = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    if bracket:
        forms.append(bracket.group(1))
        if re.fullmatch(r"[A-Z][A-Za-z-]*[A-Z]", bracket.group(2)):  # an acronym, not a year
            forms.append(bracket.group(2))
    return list(dict.fromkeys(f for f in forms if f.strip()))


APOSTROPHE = re.compile(r"(?<=\w)[’'](?=\w)")
QUOTE_MARKS = re.compile(r"[“”‘’'\"]")
SPACES = re.compile(r"[\s\u00a0]+")


def _fold(text: str) -> str:
    """Case, dashes, spacing and quotation marks aside: “the ‘Shanghai Cooperation Organization’” names it."""
    text = APOSTROPHE.sub("\x00", text)  # an apostrophe stays, as one character
    text = QUOTE_MARKS.sub("", text).replace("\x00", "'").replace("–", "-").replace("—", "-")
    return " " + SPACES.sub(" ", text).lower() + " "


@functools.lru_cache(maxsize=4096)
def _folded(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_fold(f).strip() for f in forms)


def names(english: str, entity: Entity) -> bool:
    """Whether `english` names `entity` by one of its English forms (case, dashes and spacing aside)."""
    text = _fold(english)
    return any(f in text for f in _folded(tuple(english_forms(entity))))


def balanced(text: str, opener: str, closer: str) -> bool:
    if not any(ch in text for ch in opener + closer):
        return True
    depth = 0
    for ch in text:
        if ch in opener:
            depth += 1
        elif ch in closer:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def check_unit(
    chinese: str,
    translation: Translation,
    mentioned: Iterable[str],
    entities: Mapping[str, Entity],
    path: str,
    where: str,
) -> list[Diagnostic]:
    """Diagnostics for one unit: `chinese` with garbled spans already removed, `mentioned` the entity ids in it."""
    if translation.status != "translated":
        return []
    english, line, out = translation.text, translation.line, []
    named = [entities[eid] for eid in dict.fromkeys(mentioned) if eid in entities]
    missing, extra = compare(chinese, english, _without_names(english, named))
    if missing:
        out.append(
            Diagnostic(
                "error",
                "TRN002",
                path,
                line,
                f"{where}: the English lacks {_list(missing)} of the original",
                "write every number of the Chinese (2,600 for 2600多, 13th for 第十三次, May for 5月)",
            )
        )
    if extra:
        out.append(
            Diagnostic(
                "error",
                "TRN003",
                path,
                line,
                f"{where}: the English has {_list(extra)}, which the original does not",
                "drop it, or mark your own addition with [square brackets]",
            )
        )
    for eid in dict.fromkeys(mentioned):
        entity = entities.get(eid)
        if entity is not None and not names(english, entity):
            forms = " / ".join(f"'{f}'" for f in english_forms(entity))
            out.append(
                Diagnostic(
                    "warning",
                    "TRN004",
                    path,
                    line,
                    f"{where}: the original names {eid} ({entity.name['zh']}), the English does not",
                    f"use {forms}, or add the English form you use to its aliases in {entity.path or 'the catalog'}",
                )
            )
    han = HAN.findall(ORIGINAL_FORM.sub("", english))
    if han:
        out.append(
            Diagnostic(
                "error",
                "TRN005",
                path,
                line,
                f"{where}: Chinese characters in the English: {''.join(han)[:20]}",
                "translate them, or keep an original form marked as (zh: 原文)",
            )
        )
    for (zh_open, zh_close), (en_open, en_close) in zip(CHINESE_PAIRS, PAIRS, strict=True):
        if balanced(chinese, zh_open, zh_close) and not balanced(ORIGINAL_FORM.sub("", english), en_open, en_close):
            out.append(
                Diagnostic("error", "TRN006", path, line, f"{where}: unbalanced {en_open}{en_close} in the English", "close what you open")
            )
    if english.count('"') % 2:
        out.append(Diagnostic("error", "TRN006", path, line, f'{where}: unbalanced " in the English', "use “ ” and close what you open"))
    return out


def _without_names(english: str, named: Iterable[Entity]) -> str:
    english = URL.sub(" ", english)  # "china" inside www.chinanews.com is not the name
    for entity in named:
        english = _names_pattern(tuple(sorted(english_forms(entity), key=len, reverse=True))).sub(" ", english)
    return english


@functools.lru_cache(maxsize=4096)
def _names_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(f) for f in forms), re.IGNORECASE)


def _list(values: Iterable[object]) -> str:
    return ", ".join(show(v) for v in values)  # type: ignore[arg-type]
