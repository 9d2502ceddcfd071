"""What damage a new text shows, and which cleaning rules fit it: the first step of adding a source.

Pure: the text (and a Traditional → Simplified converter) in, findings out. Each finding names
what was seen, how often, an example from the text, and the registry rule that repairs it, so
`chronicle new-source` can write a sources.yaml entry that opts into exactly those rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from chronicle.core.clean.halfwidth import FULLWIDTH
from chronicle.core.clean.html_remnants import BREAK, REFERENCE, TAG
from chronicle.core.clean.markdown_article import parse_markdown_article
from chronicle.core.clean.pictographs import ONE as PICTOGRAPH
from chronicle.core.clean.pinyin import ONE_GLOSS, PINYIN_GLOSS
from chronicle.core.clean.raw_text import normalise_raw
from chronicle.core.model import TextError

HAN = re.compile(r"[\u3400-\u9fff]")
SPACE_IN_WORD = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")
ASCII_PUNCT = re.compile(r"[\u4e00-\u9fff][,:;?!()][\u4e00-\u9fff“]?")
SPACED_NUMERAL = re.compile(r"\d{4} 年|\d{1,2} 月|\d{1,2} 日")
MARKDOWN = re.compile(r"^(#{1,6} |\*\*|> |\[\^?\d+\]|---$)|<sup>", re.M)
SENTENCE_END = re.compile(r"[。！？!?”」』）)：:]\s*$")
BROKEN_LINE_MIN = 16  # Han characters: a shorter line without a full stop is a heading, not a sentence cut by the page


@dataclass(frozen=True)
class Finding:
    what: str
    count: int
    example: str
    rule: str  # the registry's name of the rule that repairs it; "" when the loader does (BOM, CRLF)
    advice: str = ""  # what the entry does about it instead, when no rule repairs it


def _example(text: str, start: int, end: int) -> str:
    return text[max(0, start - 6) : end + 6].replace("\n", "⏎")


def detect(text: str, convert: Callable[[str], str]) -> list[Finding]:
    """The damage `text` shows, most telling first; an empty list for a clean text."""
    found: list[Finding] = []
    if text.startswith("\ufeff"):
        found.append(Finding("byte-order mark", 1, "", ""))
    if "\r" in text:
        found.append(Finding("Windows line endings", text.count("\r\n") or text.count("\r"), "", ""))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    markdown = _looks_like_markdown(text)
    unpaired = unpaired_footnotes(text) if markdown else None
    if unpaired is not None:  # split as lines (`splitter`)
        markdown = False
        example = f"line {unpaired.line}: {unpaired.message}"
        found.append(Finding("Markdown whose footnotes do not pair up", 1, example, "", "split: lines (its notes stay paragraphs)"))
    markup = sorted([*BREAK.finditer(text), *TAG.finditer(text), *REFERENCE.finditer(text)], key=lambda m: m.start())
    if markdown:  # its parser reads <sup>[1]</sup> as a note reference and decodes references
        markup = [m for m in markup if m.group().startswith("<") and not re.match(r"</?sup\b", m.group())]
    if markup:
        found.append(Finding("HTML tags and character references (&nbsp;, <br>)", len(markup), markup[0].group(), "html"))
    wide = list(FULLWIDTH.finditer(text))
    if wide:
        example = _example(text, wide[0].start(), wide[0].end())
        found.append(Finding("full-width Latin letters and digits (ＳＣＯ, ２００７)", len(wide), example, "halfwidth"))
    glosses = [g for run in PINYIN_GLOSS.finditer(text) for g in ONE_GLOSS.finditer(text, run.start(), run.end())]
    if glosses:
        example = text[glosses[0].start() - 1 : glosses[0].end()]
        found.append(Finding("pinyin glosses after characters", len(glosses), example, "strip_pinyin"))
    han = HAN.findall(text)
    if han:
        plain = PINYIN_GLOSS.sub("", text)
        converted = convert(plain)
        changed = [i for i, (a, b) in enumerate(zip(plain, converted, strict=False)) if a != b and HAN.match(a)]
        if changed and len(changed) / len(han) >= 0.01:
            i = changed[0]
            found.append(Finding(f"Traditional characters ({len(changed) / len(han):.0%} of the Han)", len(changed), plain[i], "simplify"))
    pictographs = list(PICTOGRAPH.finditer(text))
    if pictographs:
        found.append(Finding("emoji and pictographs", len(pictographs), pictographs[0].group(), "pictographs"))
    spaced = list(SPACE_IN_WORD.finditer(text))
    lines = [line for line in text.split("\n") if line.strip()]
    broken = sum(
        1
        for a, b in zip(lines, lines[1:], strict=False)
        if len(HAN.findall(a)) >= BROKEN_LINE_MIN and not SENTENCE_END.search(a) and HAN.match(b.strip()[:1] or " ")
    )
    if len(spaced) >= 2 or broken >= 3 or (spaced and broken):  # one space alone is a dateline's (14日 来源：…)
        example = _example(text, spaced[0].start(), spaced[0].end()) if spaced else ""
        found.append(
            Finding(
                f"PDF line breaks ({broken} lines cut mid-sentence) and spaces inside words", broken + len(spaced), example, "pdf_lines"
            )
        )
    punct = list(ASCII_PUNCT.finditer(text))
    if len(punct) >= 3:
        found.append(Finding("ASCII punctuation in Chinese text", len(punct), punct[0].group(), "fullwidth_punctuation"))
    numerals = list(SPACED_NUMERAL.finditer(text))
    if numerals:
        found.append(Finding("spaced dates (2014 年 5 月)", len(numerals), numerals[0].group(), "spaced_numerals"))
    return found


def splitter(text: str) -> str:
    """`markdown` for a Markdown conversion (headings, bold, footnotes) whose footnotes pair up, else `lines`."""
    return "markdown" if _looks_like_markdown(text) and unpaired_footnotes(text) is None else "lines"


def _looks_like_markdown(text: str) -> bool:
    return len(MARKDOWN.findall(text)) >= 3


def unpaired_footnotes(text: str) -> TextError | None:
    """Why the Markdown split cannot pair `text`'s footnote markers with their bodies (REP004), or None if it can."""
    try:
        parse_markdown_article(normalise_raw(text)[0])
    except TextError as err:
        return err
    return None
