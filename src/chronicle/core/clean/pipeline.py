"""Run a source's declared repair profile: split, structural edits, text rules.

The profile comes from `content/sources.yaml`. Structural edits run first, in
the order declared, on the raw paragraphs (their anchors are checked against
the raw text); then the generic text rules the profile names run in one fixed
order, because some must precede others (pinyin before conversion, every
length-changing rule before garbled spans are marked). Everything is logged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from chronicle.core.clean import edits
from chronicle.core.clean.dashes import em_dashes
from chronicle.core.clean.garbled import find_garbled
from chronicle.core.clean.lines import split_lines
from chronicle.core.clean.markers import drop_orphan_markers
from chronicle.core.clean.numerals import join_spaced_numerals
from chronicle.core.clean.pinyin import strip_pinyin
from chronicle.core.clean.punctuation import fullwidth_punctuation
from chronicle.core.clean.simplify import Converter, to_simplified
from chronicle.core.model import Block, Draft, Mark, Note, Repair

TextRule = Callable[[str], tuple[str, int]]

# Generic text rules in the order they must run; zh-only rules skip English blocks.
GENERIC_ORDER = (
    "strip_pinyin",
    "simplify",
    "em_dashes",
    "drop_orphan_markers",
    "spaced_numerals",
    "fullwidth_punctuation",
    "garbled",
)
GENERIC_HELP = {
    "strip_pinyin": "pinyin glosses after characters removed",
    "simplify": "Traditional characters converted to Simplified (OpenCC tw2s)",
    "em_dashes": "hyphens between names and in year ranges made em dashes",
    "drop_orphan_markers": "circled footnote markers without notes dropped",
    "spaced_numerals": "spaces between numerals and characters removed",
    "fullwidth_punctuation": "ASCII punctuation in Chinese text made full-width",
    "garbled": "OCR-garbled Cyrillic spans marked",
}
SPLITTERS = ("lines", "markdown")
# Structural edits: name → (parameters that are anchors, optional parameters)
SPECIFIC = {
    "drop": ("anchor",),
    "drop_from": ("anchor",),
    "cut": ("anchor",),
    "join": ("first", "second"),
    "move": ("start", "end", "after", "before"),
    "heading": ("anchor",),
    "quote": ("anchor",),
    "speaker": ("start", "end"),
    "metadata": ("anchor",),
    "replace": (),
}
SPECIFIC_FIELDS = {
    "drop": {"anchor"},
    "drop_from": {"anchor"},
    "cut": {"anchor"},
    "join": {"first", "second", "separator"},
    "move": {"start", "end", "after", "before"},
    "heading": {"anchor"},
    "quote": {"anchor"},
    "speaker": {"start", "end", "name"},
    "metadata": {"anchor"},
    "replace": {"old", "new", "count"},
}
REQUIRED_FIELDS = {
    "drop": {"anchor"},
    "drop_from": {"anchor"},
    "cut": {"anchor"},
    "join": {"first", "second"},
    "move": {"start"},
    "heading": {"anchor"},
    "quote": {"anchor"},
    "speaker": {"start", "end", "name"},
    "metadata": {"anchor"},
    "replace": {"old", "new", "count"},
}
DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}:\d{2}:\d{2})")


@dataclass(frozen=True)
class Profile:
    split: str
    specific: tuple[tuple[str, Mapping[str, Any]], ...]
    generic: tuple[str, ...]
    step_lines: tuple[int, ...] = ()  # line of each specific step in sources.yaml


class RepairError(ValueError):
    """A step that cannot run; `step` is its index in `specific` (or -1 for the profile)."""

    def __init__(self, step: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.step, self.message, self.hint = step, message, hint


MarkdownParser = Callable[[str], Draft]


def clean_source(raw: str, profile: Profile, convert: Converter, parse_markdown: MarkdownParser | None = None) -> Draft:
    """Repair one raw source text according to its profile. Raises RepairError."""
    raw = unicodedata.normalize("NFC", raw)
    repairs: list[Repair] = []
    check_anchors(raw, profile)
    if profile.split == "markdown":
        if parse_markdown is None:
            raise RepairError(-1, "no Markdown parser available")
        draft = parse_markdown(raw)
        blocks, notes, meta = draft.blocks, draft.notes, dict(draft.meta)
        repairs.extend(draft.repairs)
    else:
        blocks, indented = split_lines(raw)
        notes, meta = (), {}
        if indented:
            repairs.append(Repair("indent_removed", indented, "leading spaces removed from paragraph lines"))
    for index, (name, params) in enumerate(profile.specific):
        try:
            blocks, repair = _run_specific(blocks, name, params, meta)
        except edits.EditError as err:
            raise RepairError(index, err.message, err.hint) from err
        repairs.append(repair)
    for name in GENERIC_ORDER:
        if name in profile.generic:
            blocks, notes, count, where = _run_generic(name, blocks, notes, convert)
            repairs.append(Repair(name, count, GENERIC_HELP[name] + (f" in {where}" if where else "")))
    return Draft(blocks=blocks, notes=notes, repairs=tuple(repairs), meta=tuple(sorted(meta.items())))


def check_anchors(raw: str, profile: Profile) -> None:
    """Every anchor occurs exactly once in the raw text; every `replace` as often as declared."""
    for index, (name, params) in enumerate(profile.specific):
        if name == "replace":
            found = raw.count(params["old"])
            if found != params["count"]:
                raise RepairError(
                    index, f"'{params['old']}' occurs {found} times, declared {params['count']}", "update 'count' or the text to replace"
                )
            continue
        for key in SPECIFIC[name]:
            anchor = params.get(key)
            if anchor is None:
                continue
            found = raw.count(anchor)
            if found != 1:
                where = "not found" if found == 0 else f"found {found} times"
                raise RepairError(
                    index,
                    f"anchor '{anchor[:40]}' {where} in the source",
                    "an anchor must occur exactly once; copy it from the raw text"
                    if found == 0
                    else "lengthen the anchor until it occurs once",
                )


def _run_specific(blocks: tuple[Block, ...], name: str, p: Mapping[str, Any], meta: dict[str, str]) -> tuple[tuple[Block, ...], Repair]:
    if name == "drop":
        return edits.drop(blocks, p["anchor"]), Repair("drop", 1, f"dropped: {p['anchor'][:40]}")
    if name == "drop_from":
        i = edits.find_block(blocks, p["anchor"])
        return blocks[:i], Repair(
            "drop_from", len(blocks) - i, f"dropped {len(blocks) - i} trailing blocks from: {p['anchor'].split(chr(10))[0]}"
        )
    if name == "cut":
        return edits.cut(blocks, p["anchor"]), Repair("cut", 1, f"removed: {p['anchor']}")
    if name == "join":
        sep = p.get("separator", "")
        return edits.join(blocks, p["first"], p["second"], sep), Repair("join", 1, f"rejoined: …{p['first'][-12:]}|{p['second'][:12]}…")
    if name == "move":
        moved = edits.move(blocks, p["start"], p.get("after"), p.get("before"), p.get("end"))
        target = p.get("after") or p.get("before") or ""
        return moved, Repair("move", 1, f"moved '{p['start'][:16]}…' {'after' if p.get('after') else 'before'} '{target[:16]}…'")
    if name in ("heading", "quote"):
        return edits.set_kind(blocks, p["anchor"], name), Repair(name, 1, f"marked as {name}: {p['anchor'][:30]}")
    if name == "speaker":
        return edits.set_speaker(blocks, p["start"], p["end"], p["name"]), Repair("speaker", 1, f"speaker {p['name']}")
    if name == "metadata":
        i = edits.find_block(blocks, p["anchor"])
        m = DATETIME.search(blocks[i].text)
        if not m:
            raise edits.EditError("metadata line has no date and time", "anchor the line that starts with YYYY-MM-DD hh:mm:ss")
        meta["published"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        meta["published_time"] = m.group(4)
        return blocks[:i] + blocks[i + 1 :], Repair("metadata", 1, f"metadata line parsed (published {meta['published']}) and removed")
    if name == "replace":
        out = tuple(replace(b, text=b.text.replace(p["old"], p["new"])) for b in blocks)
        return out, Repair("replace", p["count"], f"'{p['old']}' → '{p['new']}'")
    raise edits.EditError(f"unknown repair '{name}'")


def _text_rule(name: str, convert: Converter) -> TextRule:
    rules: dict[str, TextRule] = {
        "strip_pinyin": strip_pinyin,
        "simplify": lambda t: to_simplified(t, convert),
        "em_dashes": em_dashes,
        "drop_orphan_markers": drop_orphan_markers,
        "spaced_numerals": join_spaced_numerals,
        "fullwidth_punctuation": fullwidth_punctuation,
    }
    return rules[name]


def _run_generic(
    name: str, blocks: tuple[Block, ...], notes: tuple[Note, ...], convert: Converter
) -> tuple[tuple[Block, ...], tuple[Note, ...], int, str]:
    total = 0
    touched: list[str] = []
    if name == "garbled":
        out = []
        for n, b in enumerate(blocks, 1):
            spans = find_garbled(b.text) if b.lang == "zh" else []
            new = tuple(Mark(s, e, "garbled") for s, e in spans if Mark(s, e, "garbled") not in b.marks)
            if new:
                total += len(new)
                touched.append(f"p{n}")
            out.append(replace(b, marks=tuple(sorted(b.marks + new, key=lambda m: (m.start, m.end)))) if new else b)
        return tuple(out), notes, total, ", ".join(touched)
    rule = _text_rule(name, convert)
    out = []
    for n, b in enumerate(blocks, 1):
        if b.lang != "zh":
            out.append(b)
            continue
        text, count = rule(b.text)
        if count and b.marks and len(text) != len(b.text):
            raise RepairError(
                -1, f"rule {name} changed the length of p{n}, which has inline marks", "length-changing rules must run before marks are set"
            )
        if count:
            total += count
            touched.append(f"p{n}")
        out.append(b if text == b.text else replace(b, text=text))  # dataclasses.replace costs as much as most rules
    new_notes = []
    for note in notes:
        text, count = rule(note.text) if note.lang == "zh" else (note.text, 0)
        total += count
        if count:
            touched.append(note.id)
        new_notes.append(note if text == note.text else replace(note, text=text))
    return tuple(out), tuple(new_notes), total, _compact(touched)


def _compact(ids: Sequence[str]) -> str:
    return ", ".join(ids[:12]) + (f" … ({len(ids)} places)" if len(ids) > 12 else "")
