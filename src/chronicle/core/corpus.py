"""Clean every source into a Source with stable paragraph anchors.

Pure: raw texts and profiles in, Sources and diagnostics out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from chronicle.core.clean.pipeline import MarkdownParser, Profile, RepairError, clean_source
from chronicle.core.clean.simplify import Converter
from chronicle.core.diagnostics import Diagnostic
from chronicle.core.mapper import Mapper, serial_map
from chronicle.core.model import Draft, Paragraph, Source, SourceMeta


def clean_all(
    raw: Sequence[tuple[SourceMeta, str]],
    convert: Converter,
    parse_markdown: MarkdownParser,
    sources_path: str,
    clean: Callable[[str, Profile, Converter, MarkdownParser], Draft] = clean_source,
    map_sources: Mapper = serial_map,
) -> tuple[list[Source], list[Diagnostic]]:
    """Clean every source. `clean` is `clean_source`, or a memo of it in a long-running preview;
    `map_sources` may spread the sources over processes (the shell's choice), in order."""

    def one(item: tuple[SourceMeta, str]) -> Source | Diagnostic:
        meta, text = item
        profile = meta.profile
        assert isinstance(profile, Profile)
        try:
            draft = clean(text, profile, convert, parse_markdown)
        except RepairError as err:
            return Diagnostic("error", "REP001", sources_path, _step_line(meta, err.step), f"source {meta.id}: {err.message}", err.hint)
        paragraphs = tuple(Paragraph(f"p{n}", block) for n, block in enumerate(draft.blocks, 1))
        published = dict(draft.meta).get("published")
        return Source(meta=meta, paragraphs=paragraphs, notes=draft.notes, repairs=draft.repairs, published=published)

    results = map_sources(one, raw)
    return [r for r in results if isinstance(r, Source)], [r for r in results if isinstance(r, Diagnostic)]


def _step_line(meta: SourceMeta, step: int) -> int:
    """Line of the failing step in sources.yaml, else the source's own line."""
    lines = meta.profile.step_lines if isinstance(meta.profile, Profile) else ()
    return lines[step] if 0 <= step < len(lines) else meta.line
