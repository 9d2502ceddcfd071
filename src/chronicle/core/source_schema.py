"""The model of `content/sources.yaml`, and its entries made SourceMeta values.

Pure: takes the YAML data (with line numbers) and returns values plus every problem
found, each at its line with a hint (core/schema.py maps the model's errors to lines).
The repairs a source may name, and the parameters of each, come from the cleaning
registry (core/clean/registry.py).
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo, field_validator

from chronicle.core.bilingual import LANGS
from chronicle.core.clean.pipeline import Profile
from chronicle.core.clean.registry import GenericName, SplitName, Step
from chronicle.core.diagnostics import Diagnostic, did_you_mean
from chronicle.core.model import SourceMeta, StatedDate
from chronicle.core.schema import Bilingual, Example, Languages, Shape, Text, Words, problem, validate_entries

KINDS = ("op-ed", "web article", "roundtable", "journal article", "report", "speech", "news")
PLAIN_FILE_NAME = re.compile(r"^(?!\.\.?$)[^/\\\x00]+$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISIONS = ("year", "month", "day")


def _source_id(value: Any) -> Any:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-z-]+", value):
        raise problem(
            "SRC005", f'source id must be a quoted string like "000", got {value!r}', "quote the id so YAML keeps the leading zeros"
        )
    return value


def _file_name(value: Any) -> Any:
    # a name only: "../site.yaml" would read another input as a source text, and an absolute path any file
    if not isinstance(value, str) or not PLAIN_FILE_NAME.match(value):
        raise problem("SRC008", f"file {value!r} must be a file name in content/sources/", "e.g. file: 000_x.txt")
    return value


def _languages(value: Any) -> Any:
    if not isinstance(value, list) or not value or any(lang not in LANGS for lang in value):
        raise problem("SRC007", f"languages must be a list of {', '.join(LANGS)}", "e.g. languages: [zh]")
    return value


def _kind(value: str) -> str:
    if value not in KINDS:
        raise problem("SRC006", f"unknown kind '{value}'", did_you_mean(value, KINDS))
    return value


class Authors(Languages):
    zh: list[Text]
    en: list[Text]


class Date(Shape):
    noun = "'date'"
    value: Annotated[str, Example('"2021-04"')]
    precision: Annotated[str, Example("month")]
    basis: Bilingual

    @field_validator("value")
    @classmethod
    def _real_date(cls, value: str) -> str:
        m = DATE.match(value)
        if not m:
            raise problem("SRC010", f"date '{value}' does not parse", "use YYYY, YYYY-MM or YYYY-MM-DD, in quotes")
        year, month, day = (int(g) if g else None for g in m.groups())
        if year is not None and not 1000 <= year <= 2999:  # 0000-09 went into every citation of the source
            raise problem("SRC010", f"date '{value}' has the year {m.group(1)}", "check the year: it must be from 1000 to 2999")
        if month is not None and not 1 <= month <= 12:
            raise problem("SRC010", f"date '{value}' has no month {month}", "months are 01 to 12")
        if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year or 1, month)[1]:
            days = calendar.monthrange(year or 1, month)[1]
            raise problem("SRC010", f"date '{value}' is not a day of the calendar", f"{calendar.month_name[month]} {year} has {days} days")
        return value

    @field_validator("precision")
    @classmethod
    def _fits(cls, precision: str, info: ValidationInfo) -> str:
        value = info.data.get("value")
        if precision not in PRECISIONS:
            raise problem("SRC010", f"precision '{precision}' is not one of {', '.join(PRECISIONS)}", "year, month or day")
        if value is not None and PRECISIONS[value.count("-")] != precision:
            right = PRECISIONS[value.count("-")]
            raise problem("SRC010", f"precision '{precision}' does not fit date '{value}'", f"for '{value}' the precision is {right}")
        return precision


class Repairs(Shape):
    noun = "repairs"
    split: SplitName = "lines"
    specific: list[Step] = []
    generic: list[GenericName] = []


class SourceEntry(Shape):
    id: Annotated[str, BeforeValidator(_source_id), Example('"000"')]
    file: Annotated[str, BeforeValidator(_file_name), Example("000_name.txt")]
    title: Bilingual
    title_supplied: Bilingual | None = None
    authors: Authors
    venue: Bilingual
    date: Date
    kind: Annotated[str, AfterValidator(_kind), Example("op-ed")]
    languages: Annotated[list[str], BeforeValidator(_languages), Example("[zh]")]
    summary: Bilingual
    speakers: dict[Text, Text] = {}
    repairs: Repairs


WORDS = Words(
    unknown="SRC003",
    missing="SRC004",
    shape="SRC008",
    language="SRC009",
    top=("SRC001", "sources.yaml must be a list of sources", "start each source with '- id: \"000\"'"),
    entry=("SRC001", "each source must be a mapping", "write 'id:', 'file:', … under '- '"),
    choice="SRC011",
    step="SRC012",
)


# What `chronicle new-source` writes into each field an editor must fill.
TO_FILL = "TODO"


def unfilled(node: Any, path: str, where: str = "") -> list[Diagnostic]:
    """Every value still starting with TODO, at its line: an entry `chronicle new-source` began and nobody finished."""
    out: list[Diagnostic] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        here = f"{where}.{key}" if where and isinstance(key, str) else str(key) if isinstance(key, str) else where
        if isinstance(value, str) and value.strip().startswith(TO_FILL):
            line = node.line_of(key) if isinstance(node, dict) and hasattr(node, "line_of") else getattr(node, "line", 0)
            out.append(
                Diagnostic("error", "SRC014", path, line, f"{here} is still to fill: {value.strip()[:60]}", "write it, or remove the field")
            )
        else:
            out += unfilled(value, path, here)
    return out


def parse_sources(data: Any, path: str) -> tuple[list[SourceMeta], list[Diagnostic]]:
    entries, problems = validate_entries(SourceEntry, data, path, WORDS)
    problems = unfilled(data, path) + problems
    metas: list[SourceMeta] = []
    ids: dict[str, int] = {}
    files: dict[str, tuple[str, int]] = {}
    for raw, entry in entries:
        if entry is None:
            continue
        meta = _meta(raw, entry)
        if meta.id in ids:
            problems.append(
                Diagnostic("error", "SRC002", path, meta.line, f"duplicate source id '{meta.id}'", f"first defined on line {ids[meta.id]}")
            )
            continue
        if meta.file in files:
            other, line = files[meta.file]
            message = f"file '{meta.file}' is already the text of source {other} (line {line})"
            problems.append(Diagnostic("error", "SRC013", path, raw.line_of("file"), message, "give each source its own file"))
            continue
        ids[meta.id] = meta.line
        files[meta.file] = (meta.id, meta.line)
        metas.append(meta)
    return metas, problems


def _meta(raw: Any, e: SourceEntry) -> SourceMeta:
    steps = raw["repairs"].get("specific") or []
    profile = Profile(
        split=e.repairs.split,
        specific=tuple(_step(step) for step in e.repairs.specific),
        generic=tuple(e.repairs.generic),
        step_lines=tuple(steps.line_of(i) if hasattr(steps, "line_of") else 0 for i in range(len(steps))),
    )
    return SourceMeta(
        id=e.id,
        file=e.file,
        title=_text(e.title),
        title_supplied=_text(e.title_supplied) if e.title_supplied else None,
        authors={lang: tuple(getattr(e.authors, lang)) for lang in LANGS},
        venue=_text(e.venue),
        date=StatedDate(e.date.value, e.date.precision, {lang: getattr(e.date.basis, lang) for lang in LANGS}),
        kind=e.kind,
        languages=tuple(e.languages),
        summary=_text(e.summary),
        speakers=dict(e.speakers),
        profile=profile,
        line=getattr(raw, "line", 0),
    )


def _step(step: Shape) -> tuple[str, Any]:
    """A step read by the schema (a model with one field, the repair's name) as (name, parameters)."""
    (name,) = type(step).model_fields
    return name, getattr(step, name)


def _text(value: Bilingual) -> dict[str, str]:
    return {lang: getattr(value, lang).strip() for lang in LANGS}
