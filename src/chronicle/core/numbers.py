"""The numbers a sentence states, as values, in Chinese and in English.

The translation check compares them: `2600多` is 2600 and `2,600` too;
`1.9万` is 19000; `第十三次` and `13th` are 13; `5月` and `May` are 5. Chinese
numerals count only where they count something (before a measure word such
as `国 年 次 届`, after `第`, as an enumerator `一、` or `（一）`), and one
counted thing (`一个`) is left out, since English says "a". In English, digits
and number words both satisfy a Chinese number, but only digits outside
square brackets (the translator's insertions) can be "extra": English says
"one of", "first" and "both" where Chinese has no numeral. Pure.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG = {"万": 10_000, "亿": 100_000_000}
ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
COUNTERS = "个年月日号次届国名起项种大方级层位条类点家支批周天岁倍期份款轮场所座枚架辆人例件篇部章节段步代世区股"
ARABIC = re.compile(r"(?<![A-Za-z_\d.])(\d+(?:\.\d+)?)\s*[多余]?\s*(万|亿)?")  # D815, t1469140: codes, not numbers
URL = re.compile(r"(?:https?://|file:///|www\.)[^\s，。；、）)”]+")
# a numeral run; what precedes and follows decides whether it counts something
ZH_RUN = re.compile(rf"[{ZH_NUMERAL}]+")
VAGUE_BEFORE = "数几"  # 数百 "hundreds", 几十 "dozens": no number to keep
VAGUE_AFTER = "几"

EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
EN_ORDINAL = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# words that stand for a number in English prose
EN_OTHER = {"both": 2, "twice": 2, "pair": 2, "dozen": 12, "decade": 10, "decades": 10, "century": 100, "centuries": 100, "once": 1}
MONTHS = {
    m: n
    for n, m in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"), 1
    )
}
EN_DIGITS = re.compile(r"(?<![A-Za-z_\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th)?(?:\s*(hundred|thousand|million|billion)\b)?")
EN_WORD = re.compile(r"[A-Za-z]+")
NUMBER_WORDS = frozenset({*EN_SMALL, *EN_ORDINAL, *EN_SCALE, *EN_OTHER})
EN_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")
# What may stand between the words of one number: "twenty-four", "two hundred and five".
WORD_JOINER = re.compile(r"\s*(?:-|\band\b)?\s*")
ROMAN = re.compile(r"^\s*\(?(I|II|III|IV|V|VI|VII|VIII|IX|X)[.)]\s")
ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def zh_numeral_value(run: str) -> int:
    """十三 → 13, 二十余 → 20, 两千 → 2000, 一百零五 → 105, 二〇二五 → 2025 (digit by digit)."""
    if all(ch in ZH_DIGITS for ch in run) and len(run) > 1:
        return int("".join(str(ZH_DIGITS[ch]) for ch in run))
    total, section, digit = 0, 0, 0
    for ch in run:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section += (digit or 1) * ZH_UNITS[ch]
            digit = 0
        elif ch in ZH_BIG:
            total = (total + section + digit) * ZH_BIG[ch]
            section, digit = 0, 0
    return total + section + digit


def _normal(text: str) -> str:
    """Full-width digits as ASCII, addresses out: the numbers in a URL are copied, not translated."""
    text = unicodedata.normalize("NFKC", text)
    return URL.sub(" ", text) if "://" in text or "www." in text else text


def chinese_numbers(text: str) -> set[Fraction]:
    """Every number `text` states: Arabic digits (with 万/亿), and Chinese numerals that count something.

    Addresses are copied, not translated: the numbers inside a URL are left out on both sides.
    """
    text = _normal(text)
    found: set[Fraction] = set()
    for m in ARABIC.finditer(text):
        value = Fraction(m.group(1))
        if m.group(2):
            value *= ZH_BIG[m.group(2)]
        found.add(value)
    for m in ZH_RUN.finditer(text):
        run, before, after = m.group(), text[m.start() - 1 : m.start()], text[m.end() : m.end() + 2]
        if not run.strip("万亿"):
            continue  # 100多万: the 万 of an Arabic number
        if before.isdigit() or (before and before in VAGUE_BEFORE) or (after and after[0] in VAGUE_AFTER):  # 13.6万 is Arabic
            continue
        follows = after.lstrip("多余")[:1] or " "
        ordinal = before == "第"
        enumerator = after[:1] == "、" and m.start() == 0 or (before in ("（", "(") and after[:1] in ("）", ")"))
        if not (ordinal or enumerator or follows in COUNTERS):
            continue
        value = zh_numeral_value(run)
        if value == 1 and not (ordinal or enumerator or follows == "月"):
            continue  # 一个 "a", 一年 "a year"
        found.add(Fraction(value))
    return found


def english_numbers(text: str) -> tuple[set[Fraction], set[Fraction]]:
    """(every number `text` states, those written in digits outside [square brackets]).

    The first set satisfies the Chinese numbers; the second may not hold any the Chinese lacks.
    """
    text = _normal(text)
    inserted = _bracketed(text)
    every: set[Fraction] = set()
    digits: set[Fraction] = set()
    roman = ROMAN.match(text)
    if roman:
        every.add(Fraction(ROMAN_VALUES[roman.group(1)]))
    for m in EN_DIGITS.finditer(text):
        value = Fraction(m.group(1).replace(",", "") + (m.group(2) or ""))
        if m.group(3):
            every.add(value)
            value *= EN_SCALE[m.group(3)]
        every.add(value)
        if not any(a <= m.start() < b for a, b in inserted):
            digits.add(value)
    every.update(Fraction(MONTHS[m.group()]) for m in EN_MONTH.finditer(text))
    every |= _word_values(text)
    return every, digits


def _word_values(text: str) -> set[Fraction]:
    """Numbers spelled out: twenty-four, two hundred, thirteenth, both, a decade."""
    out: set[Fraction] = set()
    current: int | None = None
    end = 0
    for m in EN_WORD.finditer(text):
        word = m.group().lower()
        if word not in NUMBER_WORDS:
            continue
        if current is not None and not WORD_JOINER.fullmatch(text, end, m.start()):
            current = None  # not the same number: something else stands between
        end = m.end()
        if word in EN_SCALE:
            current = (current or 1) * EN_SCALE[word]
        elif word in EN_SMALL or word in EN_ORDINAL:
            current = (current or 0) + EN_SMALL.get(word, EN_ORDINAL.get(word, 0))
        else:
            current = None
            out.add(Fraction(EN_OTHER[word]))
            continue
        out.add(Fraction(current))
        if word in EN_ORDINAL:
            current = None
    return out


def _bracketed(text: str) -> list[tuple[int, int]]:
    if "[" not in text:
        return []
    spans, start = [], None
    for i, ch in enumerate(text):
        if ch == "[":
            start = i
        elif ch == "]" and start is not None:
            spans.append((start, i))
            start = None
    return spans


def compare(chinese: str, english: str, english_without_names: str | None = None) -> tuple[list[Fraction], list[Fraction]]:
    """(numbers of the Chinese the English lacks, digits of the English the Chinese lacks), each sorted.

    Extra digits are looked for in `english_without_names` when given: the English with the names of the
    entities the sentence mentions taken out, since a name's own digits (COVID-19) are not the sentence's.
    """
    zh = chinese_numbers(chinese)
    every, digits = english_numbers(english)
    if english_without_names is not None:
        digits = english_numbers(english_without_names)[1]
    return sorted(zh - every), sorted(digits - zh)


def show(value: Fraction) -> str:
    if value.denominator == 1:
        return f"{value.numerator:,}" if value.numerator >= 10_000 else str(value.numerator)
    return f"{float(value):,}".rstrip("0").rstrip(".")
