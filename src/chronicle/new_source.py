"""`chronicle new-source PATH`: take a text into the project and start its sources.yaml entry.

It reads the file (UTF-8; it says how to convert another encoding), reports the damage it sees
(core/detect.py), copies it byte for byte into content/sources/ under the next free id, and
appends an entry that opts into the rules that fit, with every field an editor must write
marked TODO (the build refuses a TODO, SRC014, so nothing half-filled is published).
docs/adding-a-source.md walks through the rest.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from chronicle.core.detect import Finding, detect, splitter
from chronicle.loader import MAX_SOURCE_BYTES, UTF16_MARKS

TEMPLATE = """
- id: "{id}"
  file: {file}
  title:
    zh: "TODO: the title as the text gives it (if it has none, write one and add title_supplied: {{zh: …, en: …}} saying so)"
    en: "TODO: the title in English"
  authors:
    zh: ["TODO: the author as the text names them"]
    en: ["TODO: the author in English"]
  venue:
    zh: "TODO: where it was published"
    en: "TODO: where it was published, in English"
  date:
    value: "TODO: YYYY, YYYY-MM or YYYY-MM-DD"
    precision: day
    basis:
      zh: "TODO: where the text states its date, or why it is inferred"
      en: "TODO: the same in English"
  kind: news
  languages: [zh]
  summary:
    zh: "TODO: a few sentences on what the text says"
    en: "TODO: the same in English"
  repairs:
    split: {split}
    specific: []
    generic: [{generic}]
"""


class NewSourceError(Exception):
    """The file cannot be taken in; the message says why and what to do."""


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-16 decodes as GB18030 too: its byte-order mark tells it apart, as the build's own hint does.
    for encoding in ("utf-16",) if data[:2] in UTF16_MARKS else ("gb18030", "big5"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        raise NewSourceError(
            f"{name} is not UTF-8; it reads as {encoding.upper()}: iconv -f {encoding.upper()} -t UTF-8 {name} > {name}.utf8"
        )
    raise NewSourceError(f"{name} is not UTF-8 text")


def next_id(sources_yaml: str) -> str:
    taken = [int(m) for m in re.findall(r'^- id: "?(\d+)"?', sources_yaml, re.M)]
    return f"{max(taken, default=-1) + 1:03d}"


def add_source(project: Path, path: Path, convert: object, source_id: str | None = None) -> tuple[str, Path, list[Finding]]:
    """Copy `path` into content/sources/ and append its entry; (id, the copy, the findings)."""
    if path.stat().st_size > MAX_SOURCE_BYTES:  # what the build would refuse is refused here, before it is copied
        raise NewSourceError(f"{path} is {path.stat().st_size:,} bytes, over the limit of {MAX_SOURCE_BYTES:,}: split the text")
    data = path.read_bytes()
    text = decode(data, str(path))
    if not text.strip():
        raise NewSourceError(f"{path} holds no text")
    texts = sorted((project / "content" / "sources").glob("*.txt"))
    same = next((t for t in texts if t.stat().st_size == len(data) and t.read_bytes() == data), None)
    if same is not None:
        raise NewSourceError(f"{path} is already in the project, byte for byte: content/sources/{same.name}")
    digest = hashlib.sha256(data).hexdigest()[:16]
    sources_yaml = project / "content" / "sources.yaml"
    existing = sources_yaml.read_text(encoding="utf-8")
    sid = source_id or next_id(existing)
    if re.search(rf'^- id: "?{re.escape(sid)}"?\s*$', existing, re.M):
        raise NewSourceError(f'source id "{sid}" is taken in content/sources.yaml: pass another with --id')
    copy = project / "content" / "sources" / f"{sid}_{digest}.txt"
    if copy.exists():
        raise NewSourceError(f"{copy} exists already")
    findings = detect(text, convert)  # type: ignore[arg-type]
    rules = list(dict.fromkeys(f.rule for f in findings if f.rule))
    copy.write_bytes(data)
    entry = TEMPLATE.format(id=sid, file=copy.name, split=splitter(text), generic=", ".join(rules))
    if findings:
        entry += (
            "    # detected: " + "; ".join(f"{f.what} ({f.count}{', e.g. ' + f.example if f.example else ''})" for f in findings) + "\n"
        )
    sources_yaml.write_text(existing.rstrip("\n") + "\n" + entry, encoding="utf-8")
    return sid, copy, findings
