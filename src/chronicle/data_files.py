"""The public data files: stable, documented, deterministic JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from chronicle.core.alignment import SourceTranslation, english_of, quoted_units
from chronicle.core.model import Source

# Containers nested deeper than this are written on one line: one paragraph, event or
# citation per line reads and diffs well, and below this depth the C encoder does the
# work (json.dumps with `indent` falls back to the pure-Python encoder: 1.2 s for
# sources.json at K = 100, 0.1 s this way).
PRETTY_DEPTH = 4


def dumps(value: Any) -> bytes:
    return (_pretty(value, 0) + "\n").encode("utf-8")


def _pretty(value: Any, depth: int) -> str:
    if depth >= PRETTY_DEPTH or not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False)
    pad, end = "\n" + " " * (depth + 1), "\n" + " " * depth
    if isinstance(value, dict):
        items = [f"{json.dumps(k, ensure_ascii=False)}: {_pretty(v, depth + 1)}" for k, v in value.items()]
        return "{" + pad + ("," + pad).join(items) + end + "}"
    return "[" + pad + ("," + pad).join(_pretty(v, depth + 1) for v in value) + end + "]"


def _units(reading: SourceTranslation | None, paragraph: str) -> list[dict[str, Any]]:
    """A paragraph's or note's sentences, each with its Chinese, its English and the English's status."""
    units = reading.of_paragraph(paragraph) if reading is not None else ()
    return [{"id": u.unit.anchor, "zh": u.unit.text, "en": u.translation.text, "status": u.translation.status} for u in units]


def sources_json(sources: list[Source], english: Mapping[str, SourceTranslation]) -> bytes:
    return dumps(
        {
            "sources": [
                {
                    "id": s.meta.id,
                    "file": s.meta.file,
                    "title": s.meta.title,
                    "title_supplied": s.meta.title_supplied,
                    "authors": s.meta.authors["zh"],
                    "authors_en": s.meta.authors["en"],
                    "venue": s.meta.venue,
                    "date": {"value": s.meta.date.value, "precision": s.meta.date.precision, "basis": s.meta.date.basis},
                    "published": s.published,
                    "kind": s.meta.kind,
                    "languages": list(s.meta.languages),
                    "summary": s.meta.summary,
                    "paragraphs": [
                        {
                            "id": p.id,
                            "kind": p.block.kind,
                            "lang": p.block.lang,
                            "speaker": p.block.speaker,
                            "text": p.block.text,
                            "notes": [m.value for m in p.block.marks if m.kind == "noteref"],
                            "garbled": [[m.start, m.end] for m in p.block.marks if m.kind == "garbled"],
                            "units": _units(english.get(s.meta.id), p.id),
                        }
                        for p in s.paragraphs
                    ],
                    "notes": [{"id": n.id, "text": n.text, "units": _units(english.get(s.meta.id), n.id)} for n in s.notes],
                    "repairs": [{"kind": r.kind, "count": r.count, "detail": r.detail} for r in s.repairs],
                }
                for s in sources
            ]
        }
    )


def timeline_json(events: list[Any], texts: Mapping[tuple[str, str], str], english: Mapping[str, SourceTranslation]) -> bytes:
    return dumps({"events": [event_record(e, texts, english) for e in events]})


def citation_record(c: Any, texts: Mapping[tuple[str, str], str], english: Mapping[str, SourceTranslation]) -> dict[str, Any]:
    """A citation with the English of the sentences its quote lies in, and that English's status."""
    quote_en, status = english_of(quoted_units(english.get(c.source), c.paragraph, texts.get((c.source, c.paragraph), ""), c.quote))
    return {"source": c.source, "paragraph": c.paragraph, "quote": c.quote, "quote_en": quote_en, "status": status}


def event_record(e: Any, texts: Mapping[tuple[str, str], str], english: Mapping[str, SourceTranslation]) -> dict[str, Any]:
    return {
        "id": e.id,
        "date": {"start": e.date.start, "end": e.date.end, "precision": e.date.precision, "text": e.date.text},
        "kind": e.kind,
        "title": e.title,
        "summary": e.summary or {"zh": "", "en": ""},
        "title_generated": e.title_generated,
        "entities": list(e.entities),
        "citations": [citation_record(c, texts, english) for c in e.citations],
        "conflicts": list(e.conflicts),
        "claims": [claim_record(claim, e.citations) for claim in e.all_claims()],
        "reported": _date_record(e.reported) if e.reported else None,
        "merged_ids": list(e.merged_ids),
    }


def _date_record(d: Any) -> dict[str, Any]:
    return {"start": d.start, "end": d.end, "precision": d.precision, "text": d.text}


def claim_record(claim: Any, citations: Sequence[Any]) -> dict[str, Any]:
    """One dated claim of an event: its date, rank, sources and which of the event's citations give it."""
    return {
        "id": claim.id,
        "date": _date_record(claim.date),
        "rank": "preferred" if claim.preferred else "normal",
        "sources": sorted({c.source for c in claim.citations}),
        "citations": [citations.index(c) for c in claim.citations],
    }


def entities_json(entities: list[Any], url_of: Any) -> bytes:
    return dumps(
        {
            "entities": [
                {
                    "id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "aliases": {k: list(v) for k, v in e.aliases.items()},
                    "description": e.description,
                    "place": e.place,
                    "parent": e.parent,
                    "related": list(e.related),
                    "url": {"zh": "/" + url_of("zh", e), "en": "/" + url_of("en", e)},
                }
                for e in entities
            ]
        }
    )


def timeline_csv(events: list[Any]) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "id",
            "start",
            "end",
            "precision",
            "date_text",
            "kind",
            "title_zh",
            "title_en",
            "summary_zh",
            "summary_en",
            "entities",
            "sources",
            "first_quote",
        ]
    )
    for e in events:
        w.writerow(
            [
                e.id,
                e.date.start,
                e.date.end or "",
                e.date.precision,
                e.date.text,
                e.kind,
                e.title["zh"],
                e.title["en"],
                (e.summary or {}).get("zh", ""),
                (e.summary or {}).get("en", ""),
                " ".join(e.entities),
                " ".join(sorted({c.source for c in e.citations})),
                e.citations[0].quote,
            ]
        )
    return buf.getvalue().encode("utf-8")


def timelinejs_json(events: list[Any], lang: str = "en") -> bytes:
    """TimelineJS3 JSON: {"title", "events": [{"start_date": {"year", "month", "day"}, "text": {"headline", "text"}}]}."""

    def date(value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        parts = value.split("-")
        return dict(zip(("year", "month", "day"), parts, strict=False))

    out = {
        "title": {"text": {"headline": "SCO Security Chronicle", "text": "Events of SCO security cooperation, each with its source."}},
        "events": [],
    }
    for e in events:
        item: dict[str, Any] = {
            "unique_id": e.id,
            "start_date": date(e.date.start),
            "group": e.kind,
            "text": {"headline": e.title[lang], "text": e.citations[0].quote},
        }
        if e.date.end:
            item["end_date"] = date(e.date.end)
        out["events"].append(item)
    return dumps(out)
