"""Turn the markdown journal article (source 004) into a cleaned Draft.

Why this module exists: 004 is a markdown conversion of a printed journal
page sequence, so the printed layout leaks into the text. Footnote bodies
sit between pages (often in the middle of a sentence), footnote numbers
restart on every page, URLs carry double-escaped underscores, some Chinese
lines use "pangu" spaces around numbers, and an English abstracts section
includes an abstract of an unrelated article. Every later stage wants plain
paragraphs with stable note ids, so this stage removes the layout and
records each repair it made, with honest counts, in ``Draft.repairs``.

The function is pure: it takes the raw text and returns a new Draft.
Footnote markers are tracked through every text edit by a private-use
sentinel character, so the noteref offsets refer to the final block text.
ASCII-to-full-width punctuation and NFC are deliberately left to later
generic stages (the punctuation step is length preserving, so the mark
offsets computed here stay valid).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from chronicle.core.model import Block, Draft, Mark, Note, Repair, TextError

__all__ = ["parse_markdown_article"]

# Noncharacter standing for a removed <sup>[n]</sup> marker while the text is
# still being edited; it never survives into a Block. The loader removes every
# noncharacter from the texts, so none is there before (a private-use one was:
# PDF conversions use them for glyphs they cannot map).
_SENTINEL = "\ufdd0"
# Noncharacter standing for a bold delimiter (parsed or literal) until bold
# lead-ins have been split off; it never survives either.
_BOLD = "\ufdd1"
# How an editor answers a text whose footnotes do not pair up.
_PAIRING = (
    "the markdown split pairs marker [n] with body [n] of the next run of footnote bodies, each run numbered from 1;"
    " a text numbered otherwise can use split: lines (its notes stay paragraphs)"
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SUP_RE = re.compile(r"<sup>\[(\d+)\]</sup>")
_FOOTNOTE_RE = re.compile(r"^\[(\d+)\]\s*")
_ESCAPED_UNDERSCORE_RE = re.compile(r"\\{1,2}_")
_SPACE_AFTER_REF_RE = re.compile(_SENTINEL + r" +(?=[" + _HAN + r"])")
_DIGIT_SPACE_HAN_RE = re.compile(r"(?<=\d) +(?=[" + _HAN + r"])")
_HAN_SPACE_DIGIT_RE = re.compile(r"(?<=[" + _HAN + r"]) +(?=\d)")
_LITERAL_BOLD_RE = re.compile(r"\*\*(?=\S)([^*]+?)\*\*")
_BOLD_LEAD_RE = re.compile(
    _BOLD + r"([（(][一二三四五六七八九十]+[）)][^" + _BOLD + r"]+)" + _BOLD + r"(.+)",
    re.DOTALL,
)
_ABSTRACT_NUMBER_RE = re.compile(r"^\d+\s+")
_CJK_RE = re.compile(r"[" + _HAN + r"]")

# A paragraph ending in one of these ends a sentence (a trailing footnote
# marker after it does not change that).
_ZH_FINAL = frozenset("。！？!?”」』：…")
_EN_FINAL = frozenset(".!?:;\"”’')…")


@dataclass
class _Piece:
    """A block under construction; text may still contain sentinels."""

    kind: str
    text: str
    lang: str
    refs: list[tuple[int, int]]  # (footnote group index, page-local number)
    level: int = 0
    metadata: bool = False  # a `【…】` label line: never part of a sentence
    byline: bool = False  # directly after an h1: never part of a sentence
    abstract: bool = False  # an item of the ABSTRACTS list
    stats: Counter[str] = field(default_factory=Counter)  # repairs made here
    line: int = 0  # where it starts in the raw text, from 1


@dataclass
class _State:
    """Mutable bookkeeping local to one parse call."""

    stats: Counter[str] = field(default_factory=Counter)
    groups: list[list[Note]] = field(default_factory=list)
    joins: dict[str, list[str]] = field(default_factory=dict)


def _flatten(children: Sequence[Token], lang: str, stats: Counter[str]) -> str:
    """Inline tokens to plain text, counting the markdown that was dropped."""
    out: list[str] = []
    for tok in children:
        if tok.type in ("text", "text_special", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" " if lang == "en" else "")
        elif tok.type == "strong_open":
            stats["bold"] += 1
            out.append(_BOLD)
        elif tok.type == "strong_close":
            out.append(_BOLD)
        elif tok.type == "em_open":
            stats["italic"] += 1
        elif tok.type == "link_open":
            stats["autolink" if tok.info == "auto" else "link"] += 1
        elif tok.type in ("image", "html_inline"):  # html_inline: not with html=False
            out.append(tok.content)
    return "".join(out)


def _clean_inline(children: Sequence[Token], raw: str, lang: str, group: int, stats: Counter[str]) -> tuple[str, list[tuple[int, int]]]:
    """Plain text (with marker and bold sentinels) and the marker refs, in order."""
    stats["escaped_underscores"] += len(_ESCAPED_UNDERSCORE_RE.findall(raw))
    text = _flatten(children, lang, stats)
    # markdown-it already resolved `\_`; `\\_` leaves a literal `\_` behind.
    text = text.replace("\\_", "_")

    refs: list[tuple[int, int]] = []

    def _marker(m: re.Match[str]) -> str:
        refs.append((group, int(m.group(1))))
        return _SENTINEL

    text = _SUP_RE.sub(_marker, text)

    # CommonMark cannot close `**` between punctuation and a Han character
    # (`**【关键词】**新安全观`), so such pairs survive as literal text.
    text, n = _LITERAL_BOLD_RE.subn(_BOLD + r"\1" + _BOLD, text)
    stats["bold_cjk"] += n
    # Any `**` still left had no partner at all.
    stray = text.count("**")
    if stray:
        stats["unbalanced_bold"] += stray
        text = text.replace("**", "")

    if lang == "zh":
        text, n = _SPACE_AFTER_REF_RE.subn(_SENTINEL, text)
        stats["space_after_noteref"] += n
        text, n1 = _DIGIT_SPACE_HAN_RE.subn("", text)
        text, n2 = _HAN_SPACE_DIGIT_RE.subn("", text)
        stats["spaced_numerals"] += n1 + n2
    return text.strip(), refs


def _ends_sentence(text: str, lang: str) -> bool:
    bare = text.rstrip(_SENTINEL + " ")
    if not bare:
        return True
    return bare[-1] in (_ZH_FINAL if lang == "zh" else _EN_FINAL)


def _walk(tokens: Sequence[Token], state: _State) -> list[_Piece]:
    pieces: list[_Piece] = []
    lang = "zh"
    list_depth = 0
    in_footnotes = False  # previous paragraph was a footnote body
    after_h1 = False
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif tok.type == "hr":
            state.stats["hr"] += 1
        elif tok.type == "heading_open":
            inline = tokens[i + 1]
            line = tok.map[0] + 1 if tok.map else 0
            in_footnotes = False
            if inline.content.strip().upper() == "ABSTRACTS":
                lang = "en"
                state.stats["abstracts_heading"] += 1
                after_h1 = False
                continue
            stats: Counter[str] = Counter(heading=1)
            text, refs = _clean_inline(inline.children or [], inline.content, lang, len(state.groups), stats)
            level = int(tok.tag[1])
            text = text.replace(_BOLD, "")
            pieces.append(_Piece("heading", text, lang, refs, level=level, stats=stats, line=line))
            after_h1 = level == 1
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            line = tok.map[0] + 1 if tok.map else 0
            children = inline.children or []
            number = _FOOTNOTE_RE.match(inline.content)
            if number and lang == "zh" and not list_depth:
                _add_note(int(number.group(1)), children, inline.content, in_footnotes, state, line)
                in_footnotes = True
                continue
            in_footnotes = False
            stats = Counter(list_item=1) if list_depth else Counter()
            text, refs = _clean_inline(children, inline.content, lang, len(state.groups), stats)
            lead = _BOLD_LEAD_RE.match(text) if lang == "zh" else None
            if lead:  # bold `（三）…` lead-in: a sub-heading run into its paragraph
                head, text = lead.group(1).strip(), lead.group(2).strip()
                n_head = head.count(_SENTINEL)
                stats["subheading_split"] += 1
                pieces.append(_Piece("heading", head.replace(_BOLD, ""), lang, refs[:n_head], level=4, line=line))
                refs = refs[n_head:]
            text = text.replace(_BOLD, "")
            if not text:
                continue
            pieces.append(
                _Piece(
                    "paragraph",
                    text,
                    lang,
                    refs,
                    metadata=text.startswith("【"),
                    byline=after_h1,
                    abstract=bool(list_depth),
                    stats=stats,
                    line=line,
                )
            )
            after_h1 = False
    return pieces


def _add_note(number: int, children: Sequence[Token], raw: str, continuing: bool, state: _State, line: int) -> None:
    """Store one footnote body in its page-local group."""
    if not continuing or number == 1:
        state.groups.append([])
    group = state.groups[-1]
    if number != len(group) + 1:
        raise TextError(line, f"footnote body [{number}] is out of sequence: [{len(group) + 1}] comes next here", _PAIRING)
    text, refs = _clean_inline(children, raw, "zh", len(state.groups), state.stats)
    text = text.replace(_BOLD, "")
    if refs:
        raise TextError(line, f"footnote body [{number}] holds a footnote marker itself", _PAIRING)
    text = _FOOTNOTE_RE.sub("", text, count=1).strip()
    # A note with no Chinese at all (the WHO citation) is English text.
    group.append(Note(id="", text=text, lang="zh" if _CJK_RE.search(text) else "en"))


def _drop_foreign_abstracts(pieces: list[_Piece], state: _State) -> list[_Piece]:
    """Keep only the abstract whose title is the English article's title."""
    titles = [p.text for p in pieces if p.kind == "heading" and p.lang == "en" and p.level == 1]
    if not titles:
        return pieces
    kept: list[_Piece] = []
    for p in pieces:
        if p.abstract:
            p.text = _ABSTRACT_NUMBER_RE.sub("", p.text, count=1)
            if not any(p.text.startswith(t) for t in titles):
                state.stats["foreign_abstract_dropped"] += 1
                continue
            p.stats["abstract_page_number"] += 1
        kept.append(p)
    return kept


def _rejoin(pieces: list[_Piece], state: _State) -> list[_Piece]:
    """Join paragraphs that a page break cut in the middle of a sentence."""
    out: list[_Piece] = []
    for p in pieces:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "paragraph"
            and p.kind == "paragraph"
            and prev.lang == p.lang
            and not (prev.metadata or p.metadata or prev.byline or prev.abstract or p.abstract)
            and not _ends_sentence(prev.text, prev.lang)
        ):
            sep = " " if p.lang == "en" else ""
            bare = prev.text.rstrip(_SENTINEL)
            state.joins.setdefault(p.lang, []).append(f"{bare[-6:].strip()}|{p.text.replace(_SENTINEL, '')[:6].strip()}")
            prev.text = prev.text.rstrip() + sep + p.text.lstrip()
            prev.refs.extend(p.refs)
            prev.stats.update(p.stats)
            continue
        out.append(p)
    return out


def _finish(pieces: list[_Piece], state: _State) -> tuple[tuple[Block, ...], tuple[Note, ...]]:
    """Number notes globally and turn sentinels into noteref marks."""
    offsets: list[int] = []
    notes: list[Note] = []
    for group in state.groups:
        offsets.append(len(notes))
        for note in group:
            notes.append(Note(id=f"fn{len(notes) + 1}", text=note.text, lang=note.lang))

    blocks: list[Block] = []
    for p in pieces:
        if p.text.count(_SENTINEL) != len(p.refs):
            raise AssertionError("marker bookkeeping out of step")
        marks: list[Mark] = []
        segments = p.text.split(_SENTINEL)  # the text between markers: each marker sits where its segment ends
        offset = 0
        for segment, (group, number) in zip(segments[:-1], p.refs, strict=True):
            offset += len(segment)
            if group >= len(state.groups) or not 1 <= number <= len(state.groups[group]):
                raise TextError(p.line, f"footnote marker [{number}] has no footnote body [{number}] after its paragraph", _PAIRING)
            marks.append(Mark(start=offset, end=offset, kind="noteref", value=f"fn{offsets[group] + number}"))
        blocks.append(Block(kind=p.kind, text="".join(segments), lang=p.lang, marks=tuple(marks)))
    return tuple(blocks), tuple(notes)


def _repairs(state: _State, n_notes: int, n_marks: int) -> tuple[Repair, ...]:
    s = state.stats
    out: list[Repair] = []

    def add(kind: str, count: int, detail: str) -> None:
        if count:
            out.append(Repair(kind, count, detail))

    removed = s["heading"] + s["bold"] + s["bold_cjk"] + s["italic"] + s["link"] + s["autolink"] + s["hr"] + s["list_item"]
    add(
        "markdown_removed",
        removed,
        f"{s['heading']} heading markers, {s['bold'] + s['bold_cjk']} bold spans "
        f"({s['bold_cjk']} left literal by CommonMark next to Han text), "
        f"{s['italic']} italic span(s), "
        f"{s['link']} links and {s['autolink']} autolinks reduced to their URL text, "
        f"{s['hr']} horizontal rules, {s['list_item']} list bullets",
    )
    add(
        "footnotes_renumbered",
        n_notes,
        f"{n_notes} footnote bodies in {len(state.groups)} page-local blocks (numbering "
        f"restarting at [1]) moved out of the text and renumbered fn1–fn{n_notes}; "
        f"{n_marks} <sup>[n]</sup> markers became noteref marks to the next block",
    )
    add(
        "space_after_noteref",
        s["space_after_noteref"],
        "ASCII space between a footnote marker and the following Chinese text removed",
    )
    for lang, joins in sorted(state.joins.items(), key=lambda kv: kv[0] != "zh"):
        how = "with a space" if lang == "en" else "with no separator"
        add(
            "sentences_rejoined",
            len(joins),
            f"{lang}: paragraphs cut mid-sentence by footnote blocks or blank lines joined {how}: " + "; ".join(joins),
        )
    add(
        "escaped_underscores",
        s["escaped_underscores"],
        "markdown-escaped `\\\\_` (link text) and `\\_` (file paths) restored to `_`",
    )
    add(
        "spaced_numerals",
        s["spaced_numerals"],
        "ASCII spaces between a digit and a Chinese character removed (Chinese part), e.g. `2014 年 5 月 21 日` → `2014年5月21日`",
    )
    add(
        "unbalanced_bold",
        s["unbalanced_bold"],
        "stray `**` with no partner removed (English abstract title)",
    )
    add(
        "subheading_split",
        s["subheading_split"],
        "bold `（N）…` lead sentences split off their paragraph as headings",
    )
    add(
        "foreign_abstract_dropped",
        s["foreign_abstract_dropped"],
        f"abstract of another article in the ABSTRACTS list dropped, with the `ABSTRACTS` heading ({s['abstracts_heading']})",
    )
    add(
        "abstract_page_number_dropped",
        s["abstract_page_number"],
        "leading journal page number (`01`) removed from the kept English abstract",
    )
    return tuple(out)


def parse_markdown_article(raw: str) -> Draft:
    """Parse the raw markdown article into blocks, notes and a repair log."""
    if _SENTINEL in raw or _BOLD in raw:
        raise ValueError("raw text contains a noncharacter (U+FDD0/U+FDD1): the loader removes them")
    tokens = MarkdownIt("commonmark", {"html": False}).parse(raw)
    state = _State()
    pieces = _walk(tokens, state)
    pieces = _drop_foreign_abstracts(pieces, state)
    pieces = _rejoin(pieces, state)
    blocks, notes = _finish(pieces, state)
    for p in pieces:  # only the repairs inside blocks that were kept
        state.stats.update(p.stats)
    n_marks = sum(len(b.marks) for b in blocks)
    return Draft(blocks=blocks, notes=notes, repairs=_repairs(state, len(notes), n_marks))
