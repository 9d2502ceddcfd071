"""Run a source's declared repair profile: split, structural edits, text rules.

The profile comes from `content/sources.yaml`; every step it may name is declared once in
core/clean/registry.py, which this module dispatches through. Structural edits run first,
in the order declared, on the raw paragraphs (their anchors are checked against the raw
text); then the generic rules the profile names, in the registry's order. Everything is
logged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from chronicle.core.clean import edits
from chronicle.core.clean.registry import BY_NAME, RULES, Rule
from chronicle.core.clean.simplify import Converter
from chronicle.core.model import Block, Draft, Mark, Note, Repair


@dataclass(frozen=True)
class Profile:
    split: str
    specific: tuple[tuple[str, edits.EditParams], ...]
    generic: tuple[str, ...]
    step_lines: tuple[int, ...] = ()  # line of each specific step in sources.yaml
    loaded: tuple[Repair, ...] = ()  # what the loader repaired while reading the text (byte-order mark, line endings)


class RepairError(ValueError):
    """A step that cannot run; `step` is its index in `specific` (or -1 for the profile)."""

    def __init__(self, step: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.step, self.message, self.hint = step, message, hint


MarkdownParser = Callable[[str], Draft]  # raises TextError


def clean_source(raw: str, profile: Profile, convert: Converter, parse_markdown: MarkdownParser | None = None) -> Draft:
    """Repair one raw source text according to its profile. Raises RepairError, or TextError from the split."""
    raw = unicodedata.normalize("NFC", raw)
    check_anchors(raw, profile)
    split = BY_NAME[profile.split].run
    draft = (parse_markdown if parse_markdown and profile.split == "markdown" else split)(raw)
    blocks, notes, meta = draft.blocks, draft.notes, dict(draft.meta)
    repairs = [*profile.loaded, *draft.repairs]
    for index, (name, params) in enumerate(profile.specific):
        try:
            edited = BY_NAME[name].run(blocks, params)
        except edits.EditError as err:
            raise RepairError(index, err.message, err.hint) from err
        blocks = edited.blocks
        meta.update(edited.meta)
        repairs.append(edited.repair)
    for rule in RULES:
        if rule.name in profile.generic:
            blocks, notes, count, where = _run_generic(rule, blocks, notes, convert)
            repairs.append(Repair(rule.name, count, rule.help + (f" in {where}" if where else "")))
    return Draft(blocks=blocks, notes=notes, repairs=tuple(repairs), meta=tuple(sorted(meta.items())))


def check_anchors(raw: str, profile: Profile) -> None:
    """Every anchor occurs exactly once in the raw text; every `replace` as often as declared."""
    for index, (_, params) in enumerate(profile.specific):
        wrong = params.check_raw(raw)
        if wrong:
            raise RepairError(index, *wrong)


def _run_generic(
    rule: Rule, blocks: tuple[Block, ...], notes: tuple[Note, ...], convert: Converter
) -> tuple[tuple[Block, ...], tuple[Note, ...], int, str]:
    if rule.stage == "blocks":
        out, count = rule.run(blocks)
        return out, notes, count, ""
    if rule.stage == "marks":
        return _run_marks(rule, blocks, notes)
    run = partial(rule.run, convert=convert) if rule.converter else rule.run
    total = 0
    touched: list[str] = []
    out = []
    for n, b in enumerate(blocks, 1):
        if b.lang != "zh":
            out.append(b)
            continue
        text, count = run(b.text)
        if count and b.marks and len(text) != len(b.text):
            raise RepairError(
                -1,
                f"rule {rule.name} changed the length of p{n}, which has inline marks",
                "length-changing rules must run before marks are set",
            )
        if count:
            total += count
            touched.append(f"p{n}")
        if text or not count:  # a paragraph the rule emptied (a line of emoji) goes
            out.append(b if text == b.text else replace(b, text=text))  # dataclasses.replace costs as much as most rules
    new_notes = []
    for note in notes:
        text, count = run(note.text) if note.lang == "zh" else (note.text, 0)
        total += count
        if count:
            touched.append(note.id)
        new_notes.append(note if text == note.text else replace(note, text=text))
    return tuple(out), tuple(new_notes), total, _compact(touched)


def _run_marks(rule: Rule, blocks: tuple[Block, ...], notes: tuple[Note, ...]) -> tuple[tuple[Block, ...], tuple[Note, ...], int, str]:
    total = 0
    touched: list[str] = []
    out = []
    for n, b in enumerate(blocks, 1):
        spans = rule.run(b.text) if b.lang == "zh" else []
        new = tuple(Mark(s, e, rule.name) for s, e in spans if Mark(s, e, rule.name) not in b.marks)
        if new:
            total += len(new)
            touched.append(f"p{n}")
        out.append(replace(b, marks=tuple(sorted(b.marks + new, key=lambda m: (m.start, m.end)))) if new else b)
    return tuple(out), notes, total, ", ".join(touched)


def _compact(ids: Sequence[str]) -> str:
    return ", ".join(ids[:12]) + (f" … ({len(ids)} places)" if len(ids) > 12 else "")
