"""Each source's sentences paired with their English from its catalogue, checked.

The English edition reads a source unit by unit: `align` splits the cleaned
source into units, takes each unit's translation from the source's PO
catalogue (missing when there is none), checks every current translation
against its original, and says where the catalogue is behind the text.
Pure: sources, catalogue texts and the catalog in; aligned units and diagnostics out.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chronicle.core.catalogue import STATUSES, CatalogueError, Translation, keys, parse, translations
from chronicle.core.diagnostics import Diagnostic
from chronicle.core.mentions import find_in_text, make_matcher
from chronicle.core.model import Entity, Source
from chronicle.core.sentences import Unit, source_units
from chronicle.core.translation_checks import check_unit


@dataclass(frozen=True)
class AlignedUnit:
    unit: Unit
    translation: Translation


@dataclass(frozen=True)
class SourceTranslation:
    """One source's English: every unit in reading order, and where its catalogue is."""

    source: str
    path: str
    units: tuple[AlignedUnit, ...]

    def counts(self) -> dict[str, int]:
        found = Counter(u.translation.status for u in self.units)
        return {status: found[status] for status in STATUSES}

    def of_paragraph(self, paragraph: str) -> tuple[AlignedUnit, ...]:
        return self._by_paragraph.get(paragraph, ())

    @functools.cached_property
    def _by_paragraph(self) -> dict[str, tuple[AlignedUnit, ...]]:
        grouped: dict[str, list[AlignedUnit]] = {}
        for u in self.units:
            grouped.setdefault(u.unit.paragraph, []).append(u)
        return {p: tuple(us) for p, us in grouped.items()}

    def around(self, paragraph: str, start: int, end: int) -> tuple[AlignedUnit, ...]:
        """The units of `paragraph` (or note) that the span start..end of its text lies in."""
        return tuple(u for u in self.of_paragraph(paragraph) if u.unit.start < max(end, start + 1) and start < u.unit.end)


def quoted_units(reading: SourceTranslation | None, paragraph: str, text: str, quote: str) -> tuple[AlignedUnit, ...]:
    """The units a quote of `paragraph` (whose text is `text`) lies in; none if it is not there."""
    start = text.find(quote)
    if reading is None or start < 0 or not quote:
        return ()
    return reading.around(paragraph, start, start + len(quote))


def english_of(units: Sequence[AlignedUnit]) -> tuple[str, str]:
    """(the English of `units` joined, the worst status among them): a quote is only as current as its least current sentence."""
    statuses = {u.translation.status for u in units}
    status = "missing" if "missing" in statuses or not units else "fuzzy" if "fuzzy" in statuses else "translated"
    return " ".join(u.translation.text for u in units if u.translation.text), status


def catalogue_path(source_id: str, lang: str = "en") -> str:
    return f"content/translations/{lang}/{source_id}.po"


def align(
    sources: Sequence[Source], catalogues: Mapping[str, str | None], entities: Sequence[Entity]
) -> tuple[dict[str, SourceTranslation], list[Diagnostic]]:
    """Every source's aligned units by source id; `catalogues` maps a source id to its PO text (None: no file)."""
    matcher = make_matcher(entities)
    by_id = {e.id: e for e in entities}
    out: dict[str, SourceTranslation] = {}
    problems: list[Diagnostic] = []
    for source in sources:
        sid, path = source.meta.id, catalogue_path(source.meta.id)
        units = source_units(source)
        text = catalogues.get(sid)
        catalogue = None
        if text is not None:
            try:
                catalogue = parse(text)
            except CatalogueError as err:
                problems.append(Diagnostic("error", "TRN001", path, err.line, f"not a readable PO file: {err}", "fix that line"))
        found = translations(catalogue, units)
        out[sid] = SourceTranslation(sid, path, tuple(AlignedUnit(u, t) for u, t in zip(units, found, strict=True)))
        if text is None or catalogue is not None:
            present = None if catalogue is None else {(e.msgctxt or None, e.msgid) for e in catalogue if not e.obsolete}
            problems += _behind(sid, path, units, present)
        problems += _author_versions(source, found, path)
        garbled = _garbled(source)
        for unit, translation in zip(units, found, strict=True):
            if translation.status != "translated":
                continue
            blocked = [(a - unit.start, b - unit.start) for a, b in garbled.get(unit.paragraph, ()) if a < unit.end and unit.start < b]
            chinese = _without(unit.text, blocked)
            mentioned = [eid for _, _, eid, _ in find_in_text(matcher, unit.text, blocked)]
            where = f"{unit.reference} sentence {unit.index}"
            problems += check_unit(chinese, translation, mentioned, by_id, path, where)
    return out, problems


def _behind(sid: str, path: str, units: Sequence[Unit], present: set[tuple[str | None, str]] | None) -> list[Diagnostic]:
    """A warning when sentences of the text are not in the catalogue (None: there is none): it was made from an older text."""
    absent = len(units) if present is None else sum(k not in present for k in keys(units))
    if not absent:
        return []
    what = "no catalogue" if present is None else f"{absent} sentence(s) of the text are not in the catalogue"
    return [Diagnostic("warning", "TRN007", path, 0, f"source {sid}: {what}", "run: chronicle translations")]


def _author_versions(source: Source, found: Sequence[Translation], path: str) -> list[Diagnostic]:
    """An `# author-version: pN` must name a paragraph of the author's own English in this source:
    one that is not there made a link to nothing, and a Chinese one was shown as the author's English."""
    english = {p.id for p in source.paragraphs if p.block.lang == "en"}
    problems = []
    for named in dict.fromkeys(t.author_version for t in found if t.author_version):
        if named not in english:
            line = next(t.line for t in found if t.author_version == named)
            ids = ", ".join(p.id for p in source.paragraphs if p.id in english)
            has = f"its English paragraphs are {ids}" if english else "it has no English paragraph"
            message = f"author-version: {named} is not a paragraph of source {source.meta.id}'s own English ({has})"
            problems.append(Diagnostic("error", "TRN008", path, line, message, "name one of them, or remove the comment"))
    return problems


def _garbled(source: Source) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for p in source.paragraphs:
        for m in p.block.marks:
            if m.kind == "garbled":
                spans.setdefault(p.id, []).append((m.start, m.end))
    return spans


def _without(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for a, b in sorted(spans, reverse=True):
        text = text[: max(a, 0)] + " " + text[min(b, len(text)) :]
    return text
