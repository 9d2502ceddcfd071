"""The public data files: stable, documented, deterministic JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from chronicle.core.alignment import SourceTranslation, english_of, quoted_units
from chronicle.core.knowledge import Knowledge
from chronicle.core.model import Source
from chronicle.render import routes

# Containers nested deeper than this are written on one line: one paragraph, event or
# citation per line reads and diffs well, and below this depth the C encoder does the
# work (json.dumps with `indent` falls back to the much slower pure-Python encoder).
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


def timeline_json(
    events: list[Any], texts: Mapping[tuple[str, str], str], english: Mapping[str, SourceTranslation], path: Callable[[str, str], str]
) -> bytes:
    """Every event; `path(lang, event id)` is its page's path on the site (`/zh/events/…/`)."""
    return dumps(
        {"events": [{**event_record(e, texts, english), "url": {lang: path(lang, e.id) for lang in ("zh", "en")}} for e in events]}
    )


def citation_record(c: Any, texts: Mapping[tuple[str, str], str], english: Mapping[str, SourceTranslation]) -> dict[str, Any]:
    """A citation with the English of the sentences its quote lies in, and that English's status."""
    quote_en, status = english_of(quoted_units(english.get(c.source), c.paragraph, texts.get((c.source, c.paragraph), ""), c.quote))
    return {"source": c.source, "paragraph": c.paragraph, "quote": c.quote, "quote_en": quote_en, "status": status}


def event_record(e: Any, texts: Mapping[tuple[str, str], str], english: Mapping[str, SourceTranslation]) -> dict[str, Any]:
    positions: dict[Any, int] = {}
    for i, citation in enumerate(e.citations):
        positions.setdefault(citation, i)
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
        "claims": [claim_record(claim, positions) for claim in e.all_claims()],
        "reported": _date_record(e.reported) if e.reported else None,
        "merged_ids": list(e.merged_ids),
    }


def _date_record(d: Any) -> dict[str, Any]:
    return {"start": d.start, "end": d.end, "precision": d.precision, "text": d.text}


def claim_record(claim: Any, positions: Mapping[Any, int]) -> dict[str, Any]:
    """One dated claim of an event: its date, rank, sources and which of the event's citations give it
    (`positions`: each citation's place among the event's, the first where two are equal)."""
    return {
        "id": claim.id,
        "date": _date_record(claim.date),
        "rank": "preferred" if claim.preferred else "normal",
        "sources": sorted({c.source for c in claim.citations}),
        "citations": [positions[c] for c in claim.citations],
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


# A spreadsheet runs a cell that starts like a formula; OWASP's rule: such a cell starts with a quote instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as the text it is, never runs: `=1+2` becomes `'=1+2`."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese right; LibreOffice and pandas skip it), CRLF line ends
    as RFC 4180 has them (so a field holding a line break of either kind is quoted)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def timeline_csv(events: list[Any], address: Callable[[str, str], str]) -> bytes:
    """One row per event; `address(lang, event id)` is the event page's full address."""
    header = [
        "id", "start", "end", "precision", "date_text", "kind", "title_zh", "title_en", "summary_zh", "summary_en",
        "entities", "sources", "first_quote", "citations", "url_zh", "url_en",
    ]  # fmt: skip
    rows: list[list[object]] = [
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
            len(e.citations),
            address("zh", e.id),
            address("en", e.id),
        ]
        for e in events
    ]
    return csv_bytes(header, rows)


def citations_csv(
    events: list[Any],
    texts: Mapping[tuple[str, str], str],
    english: Mapping[str, SourceTranslation],
    address: Callable[[str, str], str],
    source_address: Callable[[str, str, str], str],
) -> bytes:
    """One row per citation: the event, the dated claim it supports, the source paragraph and sentence, the Chinese words
    and their English."""
    header = [
        "event", "start", "end", "kind", "title_zh", "title_en", "claim_date", "claim_rank", "source", "paragraph", "sentence",
        "quote", "quote_en", "status", "event_url_zh", "event_url_en", "source_url_zh", "source_url_en",
    ]  # fmt: skip
    rows: list[list[object]] = []
    for e in events:
        claim_of = {(c.source, c.paragraph, c.quote): claim for claim in e.all_claims() for c in claim.citations}
        for c in e.citations:
            claim = claim_of.get((c.source, c.paragraph, c.quote))
            units = quoted_units(english.get(c.source), c.paragraph, texts.get((c.source, c.paragraph), ""), c.quote)
            quote_en, status = english_of(units)
            anchor = units[0].unit.anchor if units and not c.paragraph.startswith("fn") else c.paragraph
            rows.append(
                [
                    e.id,
                    e.date.start,
                    e.date.end or "",
                    e.kind,
                    e.title["zh"],
                    e.title["en"],
                    claim.date.start if claim else e.date.start,
                    "preferred" if claim is None or claim.preferred else "normal",
                    c.source,
                    c.paragraph,
                    anchor,
                    c.quote,
                    quote_en,
                    status,
                    address("zh", e.id),
                    address("en", e.id),
                    source_address("zh", c.source, anchor),
                    source_address("en", c.source, anchor),
                ]  # fmt: skip
            )
    return csv_bytes(header, rows)


def timelinejs_json(
    events: list[Any],
    lang: str,
    title: Mapping[str, str],
    eras: list[Any],
    texts: Mapping[tuple[str, str], str],
    english: Mapping[str, SourceTranslation],
    address: Callable[[str, str], str],
) -> bytes:
    """TimelineJS3 JSON for one language: eras, each event's headline, summary, first quote (and, in English, its
    translation) and a link back to its page. TimelineJS renders `headline` and `text` as HTML: every text is escaped."""

    def date(value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        parts = value.split("-")
        return dict(zip(("year", "month", "day"), parts, strict=False))

    def html(text: str) -> str:
        return escape(text, quote=True)

    read_more = {"zh": "事件页面与原文出处", "en": "The event, its sources and their words"}[lang]
    out: dict[str, Any] = {"title": {"text": {"headline": html(title[lang]), "text": ""}}, "eras": [], "events": []}
    for era in eras:
        m = re.search(r"(\d{4})\D+(\d{4})", str(era.get("span", "")))
        if m:
            out["eras"].append(
                {"start_date": {"year": m.group(1)}, "end_date": {"year": m.group(2)}, "text": {"headline": html(era["name"][lang])}}
            )
    for e in events:
        c = e.citations[0]
        parts = [f"<p>{html(e.summary[lang])}</p>" if (e.summary or {}).get(lang) else ""]
        parts.append(f'<blockquote lang="zh-Hans">{html(c.quote)}</blockquote>')
        if lang == "en":
            quote_en, status = english_of(quoted_units(english.get(c.source), c.paragraph, texts.get((c.source, c.paragraph), ""), c.quote))
            if status == "translated":
                parts.append(f"<p>Translation: {html(quote_en)}</p>")
        parts.append(f'<p><a href="{html(address(lang, e.id))}">{html(read_more)}</a></p>')
        item: dict[str, Any] = {
            "unique_id": e.id,
            "start_date": date(e.date.start),
            "group": e.kind,
            "text": {"headline": html(e.title[lang]), "text": "".join(parts)},
        }
        if e.date.end:
            item["end_date"] = date(e.date.end)
        out["events"].append(item)
    return dumps(out)


def data_files(
    sources: list[Source], english: Mapping[str, SourceTranslation], knowledge: Knowledge, site: Mapping[str, Any]
) -> dict[str, bytes]:
    """Every file under data/ (docs/data.md), addressed from the site's base_url."""
    texts = {(s.meta.id, p.id): p.block.text for s in sources for p in s.paragraphs}
    texts.update({(s.meta.id, n.id): n.text for s in sources for n in s.notes})
    base, events, eras = site["base_url"], knowledge.events, list(site.get("eras", []))

    def event_address(lang: str, event_id: str) -> str:
        return base + routes.event(lang, event_id)

    def source_address(lang: str, source_id: str, anchor: str) -> str:
        return f"{base}{routes.source(lang, source_id)}#{anchor}"

    files = {
        "data/sources.json": sources_json(sources, english),
        "data/timeline.json": timeline_json(events, texts, english, lambda lang, event_id: "/" + routes.event(lang, event_id)),
        "data/entities.json": entities_json(knowledge.entities, routes.entity),
        "data/timeline.csv": timeline_csv(events, event_address),
        "data/citations.csv": citations_csv(events, texts, english, event_address, source_address),
    }
    for lang in routes.LANGS:
        files[f"data/timelinejs-{lang}.json"] = timelinejs_json(events, lang, site["title"], eras, texts, english, event_address)
    files["data/timelinejs.json"] = files["data/timelinejs-en.json"]  # the name published first
    return files
