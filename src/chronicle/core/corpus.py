"""Clean every source into a Source with stable paragraph anchors.

Pure: raw texts and profiles in, Sources and diagnostics out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from chronicle.core.clean.edits import SpeakerParams
from chronicle.core.clean.pipeline import MarkdownParser, Profile, RepairError, clean_source
from chronicle.core.clean.simplify import Converter
from chronicle.core.diagnostics import Diagnostic
from chronicle.core.model import Draft, Paragraph, Source, SourceMeta, TextError


def clean_all(
    raw: Sequence[tuple[SourceMeta, str]],
    convert: Converter,
    parse_markdown: MarkdownParser,
    sources_path: str,
    clean: Callable[[str, Profile, Converter, MarkdownParser], Draft] = clean_source,
) -> tuple[list[Source], list[Diagnostic]]:
    """Clean every source. `clean` is `clean_source`, or a memo of it in a long-running preview."""

    def one(item: tuple[SourceMeta, str]) -> tuple[Source | None, list[Diagnostic]]:
        meta, text = item
        profile = meta.profile
        assert isinstance(profile, Profile)
        try:
            draft = clean(text, profile, convert, parse_markdown)
        except RepairError as err:
            line = _step_line(meta, err.step)
            return None, [Diagnostic("error", "REP001", sources_path, line, f"source {meta.id}: {err.message}", err.hint)]
        except TextError as err:  # at the line of the text itself
            text_path = f"{sources_path.removesuffix('.yaml')}/{meta.file}"
            return None, [Diagnostic("error", "REP004", text_path, err.line, f"source {meta.id}: {err.message}", err.hint)]
        paragraphs = tuple(Paragraph(f"p{n}", block) for n, block in enumerate(draft.blocks, 1))
        published = dict(draft.meta).get("published")
        source = Source(meta=meta, paragraphs=paragraphs, notes=draft.notes, repairs=draft.repairs, published=published)
        return source, _idle_rules(meta, draft, sources_path) + _speakers_without_names(meta, sources_path)

    results = [one(item) for item in raw]
    return [s for s, _ in results if s is not None], [d for _, problems in results for d in problems]


def _idle_rules(meta: SourceMeta, draft: Draft, sources_path: str) -> list[Diagnostic]:
    """A generic rule the profile names that repaired nothing: the repair log would list a repair that never happened."""
    assert isinstance(meta.profile, Profile)
    return [
        Diagnostic(
            "warning",
            "REP002",
            sources_path,
            meta.line,
            f"source {meta.id}: generic repair '{r.kind}' changed nothing",
            f"remove '{r.kind}' from this source's repairs.generic",
        )
        for r in draft.repairs
        if r.count == 0 and r.kind in meta.profile.generic
    ]


def _speakers_without_names(meta: SourceMeta, sources_path: str) -> list[Diagnostic]:
    """A `speaker` step naming someone `speakers:` does not list: the English page showed the Chinese name twice."""
    assert isinstance(meta.profile, Profile)
    steps = [(i, params.name) for i, (_, params) in enumerate(meta.profile.specific) if isinstance(params, SpeakerParams)]
    return [
        Diagnostic(
            "error",
            "REP003",
            sources_path,
            _step_line(meta, i),
            f"source {meta.id}: speaker '{name}' is not in its speakers:",
            f"add '{name}: <English name>' under speakers:",
        )
        for i, name in steps
        if name not in meta.speakers
    ]


def _step_line(meta: SourceMeta, step: int) -> int:
    """Line of the failing step in sources.yaml, else the source's own line."""
    lines = meta.profile.step_lines if isinstance(meta.profile, Profile) else ()
    return lines[step] if 0 <= step < len(lines) else meta.line
