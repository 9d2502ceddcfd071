"""The model of `content/events.yaml`: a list of entries, each naming, merging, dropping or adding an event,
or telling it apart from events the report takes for the same happening.

Pure. Each entry is validated on its own (core/schema.py); core/editorial.py applies the
valid ones, checking what needs the extraction (that an id, source, paragraph or quote
exists). An event id given twice in the file is an error at the second.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, field_validator

from chronicle.core.catalog_schema import ID
from chronicle.core.diagnostics import Diagnostic
from chronicle.core.schema import Bilingual, Example, Shape, Text, Words, problem, validate_entries


def _event_id(value: Any) -> Any:
    """An id is a page's address: `../x`, a space, `?` or `#` in it made a link that leads nowhere."""
    if not isinstance(value, str) or not ID.match(value):
        raise problem("EVT019", f"bad event id {value!r}", "ids are lowercase ASCII words joined by hyphens, e.g. 2001-06-sco-founding")
    return value


EventId = Annotated[str, BeforeValidator(_event_id), Example("2001-06-sco-founding")]


class Addition(Shape):
    """An event the extraction missed: it must quote the words of a source that date it."""

    noun = "the addition '{subject}'"
    codes = {"unknown": "EVT015", "missing": "EVT007"}
    source: Annotated[str, Example('"004"')]
    paragraph: Annotated[str, Example("p12")]
    quote: Annotated[Text, Example("2001年6月15日，上海合作组织成立")]
    kind: Annotated[str, Example("founding")]
    entities: Annotated[list[str], Example("[sco]")]
    date: Annotated[str, Example("2001年6月15日")] | None = None


class EventEntry(Shape):
    id: EventId
    title: Bilingual | None = None
    summary: Bilingual | None = None
    drop: Annotated[str, Example("why this is not an event")] | None = None
    merge: Annotated[list[EventId], Example("[2001-sco-founding]")] = []
    distinct: Annotated[list[EventId], Example("[2013-2017-rats-statistic]")] = []
    add: Addition | None = None

    @field_validator("drop", mode="before")
    @classmethod
    def _reason(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise problem("EVT005", f"dropping '{info.data.get('id', '?')}' needs a reason", "drop: why this is not an event")
        return value


WORDS = Words(
    unknown="EVT003",
    missing="EVT002",
    shape="EVT017",
    language="EVT006",
    top=("EVT001", "events.yaml must be a list", "start each entry with '- id: …'"),
    entry=("EVT002", "each entry needs an 'id'", "- id: 2001-sco-founding"),
    subject=lambda entry: str(entry.get("id", "?")),
    language_message="'{holder}' of '{subject}' needs zh and en text",
)


def check_events(data: Any, path: str) -> tuple[list[Any], list[Diagnostic]]:
    """The entries of events.yaml that have the declared shape, each once, and every problem found."""
    if data is None:
        return [], []
    validated, problems = validate_entries(EventEntry, data, path, WORDS)
    entries: list[Any] = []
    first: dict[str, int] = {}
    for raw, entry in validated:
        if entry is None:
            continue
        line = getattr(raw, "line", 0)
        if entry.id in first:
            message = f"event '{entry.id}' is already given on line {first[entry.id]}"
            problems.append(Diagnostic("error", "EVT016", path, line, message, "write one entry per event: merge the two"))
            continue
        first[entry.id] = line
        entries.append(raw)
    return entries, problems
