"""The public data files: stable, documented, deterministic JSON."""

from __future__ import annotations

import json
from typing import Any

from chronicle.core.model import Source


def dumps(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def sources_json(sources: list[Source]) -> bytes:
    return dumps(
        {
            "sources": [
                {
                    "id": s.meta.id,
                    "file": s.meta.file,
                    "title": s.meta.title,
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
                        }
                        for p in s.paragraphs
                    ],
                    "notes": [{"id": n.id, "text": n.text} for n in s.notes],
                    "repairs": [{"kind": r.kind, "count": r.count, "detail": r.detail} for r in s.repairs],
                }
                for s in sources
            ]
        }
    )
