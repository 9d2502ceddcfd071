"""Validate the parsed `content/sources.yaml` into SourceMeta values.

Pure: takes the YAML data (with line numbers) and returns values plus every
problem found, each with the line it is on and a hint.
"""

from __future__ import annotations

import re
from typing import Any

from chronicle.core.bilingual import LANGS, LANGUAGE_NAME, missing_languages
from chronicle.core.clean.pipeline import GENERIC_ORDER, REQUIRED_FIELDS, SPECIFIC_FIELDS, SPLITTERS, Profile
from chronicle.core.diagnostics import Diagnostic, did_you_mean, yaml_line
from chronicle.core.model import SourceMeta, StatedDate

FIELDS = {"id", "file", "title", "title_supplied", "authors", "venue", "date", "kind", "languages", "summary", "speakers", "repairs"}
REQUIRED = FIELDS - {"speakers", "title_supplied"}
KINDS = {"op-ed", "web article", "roundtable", "journal article", "report", "speech", "news"}
PLAIN_FILE_NAME = re.compile(r"^(?!\.\.?$)[^/\\\x00]+$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}


class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def error(self, code: str, line: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic("error", code, self.path, line, message, hint))


def parse_sources(data: Any, path: str) -> tuple[list[SourceMeta], list[Diagnostic]]:
    out = _Collector(path)
    if not isinstance(data, list):
        out.error("SRC001", yaml_line(data), "sources.yaml must be a list of sources", "start each source with '- id: \"000\"'")
        return [], out.items
    metas: list[SourceMeta] = []
    seen: dict[str, int] = {}
    for entry in data:
        meta = _parse_entry(entry, out)
        if meta is None:
            continue
        if meta.id in seen:
            out.error("SRC002", meta.line, f"duplicate source id '{meta.id}'", f"first defined on line {seen[meta.id]}")
            continue
        seen[meta.id] = meta.line
        metas.append(meta)
    return metas, out.items


def _parse_entry(entry: Any, out: _Collector) -> SourceMeta | None:
    if not isinstance(entry, dict):
        out.error("SRC001", yaml_line(entry), "each source must be a mapping", "write 'id:', 'file:', … under '- '")
        return None
    before = len(out.items)
    misspelt = set()
    for key in sorted(set(entry) - FIELDS, key=str):
        hint = did_you_mean(str(key), FIELDS)
        out.error("SRC003", yaml_line(entry, key), f"unknown field '{key}'", hint)
        misspelt |= {f for f in FIELDS if hint == f"did you mean '{f}'?"}
    for key in sorted(REQUIRED - set(entry) - misspelt):
        out.error("SRC004", yaml_line(entry), f"missing field '{key}'", f"add '{key}:' to this source")
    if len(out.items) > before:
        return None
    sid = entry["id"]
    if not isinstance(sid, str) or not re.fullmatch(r"[0-9a-z-]+", sid):
        out.error(
            "SRC005",
            yaml_line(entry, "id"),
            f'source id must be a quoted string like "000", got {sid!r}',
            "quote the id so YAML keeps the leading zeros",
        )
        return None
    title = _bilingual(entry, "title", out)
    title_supplied = _bilingual(entry, "title_supplied", out) if "title_supplied" in entry else None
    venue = _bilingual(entry, "venue", out)
    summary = _bilingual(entry, "summary", out)
    authors = _authors(entry, out)
    date = _date(entry, out)
    profile = _profile(entry, out)
    kind = entry["kind"]
    if kind not in KINDS:
        out.error("SRC006", yaml_line(entry, "kind"), f"unknown kind '{kind}'", did_you_mean(str(kind), KINDS))
    languages = entry["languages"]
    if not isinstance(languages, list) or not languages or any(lang not in LANGS for lang in languages):
        out.error("SRC007", yaml_line(entry, "languages"), f"languages must be a list of {', '.join(LANGS)}", "e.g. languages: [zh]")
    speakers = entry.get("speakers") or {}
    if not isinstance(speakers, dict) or not all(isinstance(v, str) for v in speakers.values()):
        out.error("SRC008", yaml_line(entry, "speakers"), "speakers must map each Chinese name to its English name", "e.g. 许涛: Xu Tao")
        speakers = {}
    file = entry["file"]
    if not isinstance(file, str) or not PLAIN_FILE_NAME.match(file):
        # a name only: "../site.yaml" would read another input as a source text, and an absolute path any file
        out.error("SRC008", yaml_line(entry, "file"), f"file {file!r} must be a file name in content/sources/", "e.g. file: 000_x.txt")
    if len(out.items) > before or title is None or venue is None or summary is None or authors is None or date is None or profile is None:
        return None
    return SourceMeta(
        id=sid,
        file=entry["file"],
        title=title,
        title_supplied=title_supplied,
        authors=authors,
        venue=venue,
        date=date,
        kind=kind,
        languages=tuple(languages),
        summary=summary,
        speakers=dict(speakers),
        profile=profile,
        line=yaml_line(entry),
    )


def _bilingual(entry: Any, key: str, out: _Collector) -> dict[str, str] | None:
    value = entry[key]
    missing = missing_languages(entry, key)
    if missing is None:
        out.error("SRC008", yaml_line(entry, key), f"'{key}' must have 'zh' and 'en'", f"write {key}: {{zh: …, en: …}}")
        return None
    for lang, line in missing:
        out.error("SRC009", line, f"'{key}' has no {LANGUAGE_NAME[lang]} text", f"add '{lang}:' under '{key}'")
    ok = not missing
    for extra in sorted(set(value) - set(LANGS), key=str):
        out.error("SRC003", yaml_line(value, extra), f"unknown language '{extra}' in '{key}'", did_you_mean(str(extra), LANGS))
        ok = False
    return {lang: str(value[lang]).strip() for lang in LANGS} if ok else None


def _authors(entry: Any, out: _Collector) -> dict[str, tuple[str, ...]] | None:
    value = entry["authors"]
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), list) for lang in LANGS):
        out.error(
            "SRC008", yaml_line(entry, "authors"), "'authors' must give a list in 'zh' and in 'en'", "authors: {zh: [许涛], en: [Xu Tao]}"
        )
        return None
    return {lang: tuple(str(a) for a in value[lang]) for lang in LANGS}


def _date(entry: Any, out: _Collector) -> StatedDate | None:
    value = entry["date"]
    if not isinstance(value, dict) or not {"value", "precision", "basis"} <= set(value):
        out.error(
            "SRC008",
            yaml_line(entry, "date"),
            "'date' needs value, precision and basis",
            'date: {value: "2021-04", precision: month, basis: stated}',
        )
        return None
    text = str(value["value"])
    if not DATE.match(text):
        out.error("SRC010", yaml_line(value, "value"), f"date '{text}' does not parse", "use YYYY, YYYY-MM or YYYY-MM-DD, in quotes")
        return None
    if PRECISION_OF_LENGTH[len(text)] != value["precision"]:
        out.error(
            "SRC010",
            yaml_line(value, "precision"),
            f"precision '{value['precision']}' does not fit date '{text}'",
            f"for '{text}' the precision is {PRECISION_OF_LENGTH[len(text)]}",
        )
        return None
    basis = value["basis"]
    if not isinstance(basis, dict) or any(not isinstance(basis.get(lang), str) for lang in LANGS):
        out.error("SRC009", yaml_line(value, "basis"), "date 'basis' needs Chinese and English text", "basis: {zh: …, en: …}")
        return None
    return StatedDate(text, str(value["precision"]), {lang: basis[lang] for lang in LANGS})


def _profile(entry: Any, out: _Collector) -> Profile | None:
    value = entry["repairs"]
    if not isinstance(value, dict):
        out.error(
            "SRC008",
            yaml_line(entry, "repairs"),
            "'repairs' must have split, specific and generic",
            "see content/sources.yaml for examples",
        )
        return None
    before = len(out.items)
    for key in sorted(set(value) - {"split", "specific", "generic"}, key=str):
        out.error(
            "SRC003", yaml_line(value, key), f"unknown field '{key}' in repairs", did_you_mean(str(key), {"split", "specific", "generic"})
        )
    split = value.get("split", "lines")
    if split not in SPLITTERS:
        out.error("SRC011", yaml_line(value, "split"), f"unknown split '{split}'", did_you_mean(str(split), SPLITTERS))
    generic = value.get("generic") or []
    for name in generic if isinstance(generic, list) else []:
        if name not in GENERIC_ORDER:
            out.error("SRC011", yaml_line(value, "generic"), f"unknown repair '{name}'", did_you_mean(str(name), GENERIC_ORDER))
    specific: list[tuple[str, dict[str, Any]]] = []
    step_lines: list[int] = []
    for step in value.get("specific") or []:
        parsed = _step(step, out)
        if parsed:
            specific.append(parsed)
            step_lines.append(yaml_line(step))
    if len(out.items) > before:
        return None
    return Profile(split=split, specific=tuple(specific), generic=tuple(generic), step_lines=tuple(step_lines))


def _step(step: Any, out: _Collector) -> tuple[str, dict[str, Any]] | None:
    if not isinstance(step, dict) or len(step) != 1:
        out.error("SRC012", yaml_line(step), "each specific repair is one name with its parameters", "e.g. - join: {first: …, second: …}")
        return None
    ((name, params),) = step.items()
    if name not in SPECIFIC_FIELDS:
        out.error("SRC011", yaml_line(step), f"unknown repair '{name}'", did_you_mean(str(name), SPECIFIC_FIELDS))
        return None
    if not isinstance(params, dict):
        out.error(
            "SRC012",
            yaml_line(step),
            f"repair '{name}' needs parameters",
            f"e.g. - {name}: {{{', '.join(sorted(REQUIRED_FIELDS[name]))}: …}}",
        )
        return None
    ok = True
    for key in sorted(set(params) - SPECIFIC_FIELDS[name], key=str):
        out.error(
            "SRC003",
            yaml_line(params, key),
            f"unknown parameter '{key}' for repair '{name}'",
            did_you_mean(str(key), SPECIFIC_FIELDS[name]),
        )
        ok = False
    for key in sorted(REQUIRED_FIELDS[name] - set(params)):
        out.error("SRC004", yaml_line(params), f"repair '{name}' is missing '{key}'", f"add '{key}: …'")
        ok = False
    if name == "move" and ("after" in params) == ("before" in params):
        out.error("SRC012", yaml_line(params), "move needs exactly one of 'after' or 'before'", "say where the text goes")
        ok = False
    return (name, dict(params)) if ok else None
