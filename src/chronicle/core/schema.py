"""Validate parsed YAML against a declared model; report each error at its file and line.

Every input file is described once, by pydantic models: strict (YAML's types as they are:
`kind: [op-ed]` is a list, not text; `anchor: 2001` a number, not a year in quotes) and
closed (a field the model does not declare is an error). Validation reports every error
with its location, the path of keys and indexes into the data; the YAML loader kept the
line of each key and list item (chronicle.yaml_lines), so each error becomes one
Diagnostic at its line, and its hint shows the shape expected there, read from the model.

Pydantic v2 rather than msgspec: msgspec stops at the first error and names its place as a
string; pydantic returns every error of a value at once, each with its location as a tuple,
which is what "all problems of a run, each at its line" needs, and it validates the dict
subclasses the YAML loader returns as they are. Speed does not decide: the inputs are a
few hundred entries, validated in milliseconds.

Words: each file names its own codes (`Words`); a model can override them (`codes`) and
says how messages name a mapping of its shape (`noun`: "an era", "repairs"). A validator
that knows more raises `PydanticCustomError(CODE, message, {"hint": …})`: its code,
message and hint are used as they are ("{field}" in them is the key the error is at).
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Tag, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from chronicle.core.bilingual import LANGS, LANGUAGE_NAME
from chronicle.core.diagnostics import Diagnostic, did_you_mean

T = TypeVar("T")


class Shape(BaseModel):
    """A mapping in an input file: strict types, no undeclared fields, frozen once read."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    noun: ClassVar[str] = ""  # how a message names this mapping ("an era"); "" for an entry or a file
    codes: ClassVar[dict[str, str]] = {}  # codes for errors inside this mapping, over the file's Words


class Languages(Shape):
    """A mapping with one value per language (zh, en): a missing or unknown key is a language."""


class Params(Shape):
    """The parameters of one repair step: a missing or unknown key is a parameter of that repair."""


@dataclass(frozen=True)
class Example:
    """What a value looks like, for hints: `Annotated[str, Example("op-ed")]`."""

    text: str


def not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "is empty")
    return value


Text = Annotated[str, AfterValidator(not_blank), Example("…")]


def _word(value: str) -> str:
    """An alias or a word: two characters at least (' ' or '中' would match all over the sources)."""
    if len(value.strip()) < 2 or value != value.strip():
        raise PydanticCustomError(
            "alias",
            "'{value}' is too short or has spaces around it: a name has two characters at least",
            {"value": value, "hint": "remove it, or write the whole name without surrounding spaces"},
        )
    return value


Word = Annotated[str, AfterValidator(_word), Example("…")]


class Bilingual(Languages):
    zh: Text
    en: Text


def problem(code: str, message: str, hint: str = "") -> PydanticCustomError:
    """The error a validator raises when it knows the code and words (`{field}`: the key it is at)."""
    return PydanticCustomError(code, message.replace("{", "{{").replace("}", "}}").replace("{{field}}", "{field}"), {"hint": hint})


@dataclass(frozen=True)
class Words:
    """A file's codes for the errors every model can have, and how it names its entries."""

    unknown: str  # a field, language or parameter the model does not declare
    missing: str  # a required field, language or parameter absent
    shape: str  # a value of the wrong type (text for a list, a mapping for a number, …)
    language: str  # a language without text
    top: tuple[str, str, str]  # (code, message, hint) when the file itself has the wrong shape
    entry: tuple[str, str, str] | None = None  # the same for one entry of a file that is a list
    choice: str = ""  # an unknown name in a tagged choice (a repair step)
    step: str = ""  # a tagged choice that is not one name with its value
    subject: Callable[[Any], str] = lambda entry: ""  # the entry's name, for messages ("rats")
    prefix: str = ""  # put before every message of an entry that has a subject: "{subject}: "
    language_message: str = "{holder} has no {language} text"


def validate(schema: Any, data: Any, path: str, words: Words, context: Mapping[str, Any] | None = None) -> tuple[Any, list[Diagnostic]]:
    """Validate `data` against `schema` (a model or type); the value, or None and one diagnostic per error."""
    adapter = _adapter(schema)
    try:
        return adapter.validate_python(data, context=dict(context or {})), []
    except ValidationError as err:
        errors = _one_per_mistake(err.errors(include_url=False), data, schema)
        return None, [describe(e, data, schema, path, words) for e in errors]


def _one_per_mistake(errors: list[Any], data: Any, schema: Any) -> list[Any]:
    """A misspelt key is one mistake: 'unknown field titel' is said, 'missing field title' is not."""
    meant = set()
    for e in errors:
        if e["type"] == "extra_forbidden":
            place = locate(data, schema, tuple(e["loc"]))
            close = difflib.get_close_matches(str(e["loc"][-1]), _fields(place.model), n=1, cutoff=0.6)
            meant |= {(tuple(e["loc"][:-1]), close[0])} if close else set()
    return [e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in meant)]


def validate_entries(
    entry: type[T], data: Any, path: str, words: Words, context: Mapping[str, Any] | None = None
) -> tuple[list[tuple[Any, T | None]], list[Diagnostic]]:
    """A file that is a list of `entry`: each entry validated on its own, so one bad entry keeps the others.

    Returns (raw entry, value or None) for each entry, and every problem. Not a list: one problem.
    """
    if not isinstance(data, list):
        code, message, hint = words.top
        return [], [Diagnostic("error", code, path, getattr(data, "line", 0), message, hint)]
    results: list[tuple[Any, T | None]] = []
    problems: list[Diagnostic] = []
    lines = getattr(data, "item_lines", [])
    for index, raw in enumerate(data):
        if not isinstance(raw, dict) and words.entry:
            code, message, hint = words.entry
            line = lines[index] if index < len(lines) else getattr(data, "line", 0)
            problems.append(Diagnostic("error", code, path, line, message, hint))
            results.append((raw, None))
            continue
        value, found = validate(entry, raw, path, words, context)
        results.append((raw, value))
        problems += found
    return results, problems


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(schema: Any) -> TypeAdapter[Any]:
    """One TypeAdapter per schema (building one compiles its validator: milliseconds)."""
    if schema not in _ADAPTERS:
        _ADAPTERS[schema] = TypeAdapter(schema, config=None if _is_model(schema) else ConfigDict(strict=True))
    return _ADAPTERS[schema]


# --------------------------------------------------------------------------
# Where an error is: walk the data and the declared types along its location together
# --------------------------------------------------------------------------


@dataclass
class Place:
    line: int = 0
    keys: tuple[str, ...] = ()  # the data keys walked, for naming ("title", "en")
    model: Any = None  # the model declaring the last key
    tag: str = ""  # the last union tag passed (the repair's name)
    annotation: Any = None  # the type expected at the error
    metadata: tuple[Any, ...] = ()
    holder: tuple[Any, tuple[Any, ...]] = (None, ())  # the type (and metadata) of the value holding it: the list, for an item
    found: bool = True  # whether the last key of the location is in the data


def locate(data: Any, schema: Any, loc: tuple[Any, ...]) -> Place:
    place = Place(line=getattr(data, "line", 0), annotation=schema)
    node: Any = data
    tp, meta = schema, ()
    for i, key in enumerate(loc):
        tp, meta = _unwrap(tp, meta)
        member = _tagged(tp, key)
        if member is not None:  # a union tag in the location, not a key of the data
            tp, meta, place.tag = member, (), str(key)
            continue
        if loc[i + 1 : i + 2] == ("[key]",):  # the error is in this mapping key itself: the key's type and line
            tp, meta = _child(tp, "[key]", place)
            place.line = node.line_of(key) if hasattr(node, "line_of") else place.line
            place.keys += (str(key),)
            break
        place.holder = (tp, meta)
        tp, meta = _child(tp, key, place)
        if isinstance(node, dict) and key in node:
            place.line = node.line_of(key) if hasattr(node, "line_of") else place.line
            place.keys += (str(key),)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            place.line = node.line_of(key) if hasattr(node, "line_of") else place.line
            node = node[key]
        else:
            place.found = False
            place.annotation, place.metadata = tp, meta
            return place
    place.annotation, place.metadata = tp, meta
    return place


def _unwrap(tp: Any, meta: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...]]:
    while True:
        if get_origin(tp) is Annotated:
            base, *more = get_args(tp)
            tp, meta = base, (*meta, *more)
        elif _is_union(tp) and not _union_tags(tp):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp, meta
            tp = members[0]
        else:
            return tp, meta


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _union_tags(tp: Any) -> dict[str, Any]:
    """The members of a tagged union by tag (`Annotated[Model, Tag("drop")]`)."""
    if not _is_union(tp):
        return {}
    out = {}
    for member in get_args(tp):
        if get_origin(member) is Annotated:
            base, *meta = get_args(member)
            out.update({m.tag: base for m in meta if isinstance(m, Tag)})
    return out


def _tagged(tp: Any, key: Any) -> Any:
    return _union_tags(tp).get(key) if isinstance(key, str) else None


def _child(tp: Any, key: Any, place: Place) -> tuple[Any, tuple[Any, ...]]:
    if _is_model(tp):
        place.model = tp
        for name, info in tp.model_fields.items():
            if (info.alias or name) == key:
                return info.annotation, tuple(info.metadata)
        return None, ()
    origin, args = get_origin(tp), get_args(tp)
    if origin in (list, tuple) and args:
        return args[0], ()
    if origin is dict and len(args) == 2:
        return (args[0] if key == "[key]" else args[1]), ()
    return None, ()


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _fields(model: Any) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()] if _is_model(model) else []


# --------------------------------------------------------------------------
# What to say
# --------------------------------------------------------------------------

CODE = re.compile(r"^[A-Z][A-Z0-9]*\d{3}$")


def describe(err: Mapping[str, Any], data: Any, schema: Any, path: str, words: Words) -> Diagnostic:
    loc = tuple(err["loc"])
    place = locate(data, schema, loc)
    subject = words.subject(data) if isinstance(data, dict) else ""
    code, message, hint = _words(err, loc, place, words, subject)
    if subject and words.prefix:
        message = words.prefix.format(subject=subject) + message
    return Diagnostic("error", code, path, place.line, message, hint)


def _code(kind: str, place: Place, words: Words) -> str:
    override = getattr(place.model, "codes", {}) if _is_model(place.model) else {}
    return override.get(kind) or getattr(words, kind)


def _words(err: Mapping[str, Any], loc: tuple[Any, ...], place: Place, words: Words, subject: str) -> tuple[str, str, str]:
    kind, ctx = err["type"], err.get("ctx") or {}
    key = loc[-1] if loc else ""
    field = _field_name(loc, place)
    if not loc and kind in ("model_type", "dict_type", "list_type"):
        return words.top
    if CODE.match(kind):
        return kind, err["msg"].replace("{field}", field), str(ctx.get("hint", "")).replace("{field}", field)
    in_languages = _is_model(place.model) and issubclass(place.model, Languages)
    if in_languages and (kind == "missing" or kind == "blank"):
        lang = str(key)
        holder = place.keys[-1] if kind == "missing" else (place.keys[-2] if len(place.keys) > 1 else field)
        message = words.language_message.format(holder=holder, language=LANGUAGE_NAME.get(lang, lang), subject=subject)
        return _code("language", place, words), message, f"add '{lang}:' under '{holder}'"
    if kind == "extra_forbidden":
        known = _fields(place.model)
        if in_languages:
            return _code("unknown", place, words), f"unknown language '{key}' in '{place.keys[-2]}'", did_you_mean(str(key), LANGS)
        if _is_model(place.model) and issubclass(place.model, Params):
            message = f"unknown parameter '{key}' for repair '{place.tag}'"
            return _code("unknown", place, words), message, did_you_mean(str(key), known)
        noun = getattr(place.model, "noun", "").format(subject=subject)
        return _code("unknown", place, words), f"unknown field '{key}'" + (f" in {noun}" if noun else ""), did_you_mean(str(key), known)
    if kind == "missing":
        example = f"{key}: {shape(place.annotation, place.metadata)}"
        if _is_model(place.model) and issubclass(place.model, Params):
            return _code("missing", place, words), f"repair '{place.tag}' is missing '{key}'", f"add '{key}:', e.g. {example}"
        noun = getattr(place.model, "noun", "").format(subject=subject)
        message = f"{noun} is missing '{key}'" if noun else f"missing field '{key}'"
        return _code("missing", place, words), message, f"add '{key}:', e.g. {example}"
    tags = _union_tags(_unwrap(place.annotation, ())[0])
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag", ""))
        return _code("choice", place, words), f"unknown repair '{tag}'", did_you_mean(tag, tags)
    if kind == "union_tag_not_found" or (kind in ("model_type", "dict_type") and tags):
        return (
            _code("step", place, words),
            "each specific repair is one name with its parameters",
            f"e.g. - {shape(place.annotation)[1:-1]}",
        )
    if kind == "blank":
        return _code("shape", place, words), f"{field} is empty", f"write {field}: {shape(place.annotation, place.metadata)}"
    if kind == "alias":
        return _code("shape", place, words), f"{field}: " + err["msg"], str(ctx.get("hint", ""))
    expected = _expected(place.annotation, place.metadata, kind, ctx)
    got = _kind_of(err.get("input"))
    if loc[-1:] == ("[key]",):
        return _code("shape", place, words), f"the key {place.keys[-1]} must be {expected}, not {got}", f"quote it: '{place.keys[-1]}': …"
    if isinstance(key, int):  # an item of a list: the hint shows the list
        return (
            _code("shape", place, words),
            f"item {key + 1} of {field} must be {expected}, not {got}",
            f"write {field}: {shape(*place.holder)}",
        )
    return (
        _code("shape", place, words),
        f"{field} must be {expected}, not {got}",
        f"write {field}: {shape(place.annotation, place.metadata)}",
    )


def _field_name(loc: tuple[Any, ...], place: Place) -> str:
    """The key an error is at: the last key of the location that is a field name, not an index or a tag."""
    names = [k for k in loc if isinstance(k, str) and k != "[key]" and k != place.tag]
    return names[-1] if names else (place.keys[-1] if place.keys else "value")


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _expected(tp: Any, meta: tuple[Any, ...], kind: str, ctx: Mapping[str, Any]) -> str:
    if kind == "too_short":
        return "a list of one item at least" if ctx.get("field_type") == "List" else "longer"
    if kind == "greater_than":
        return f"a number over {ctx.get('gt')}"
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    tp, meta = _unwrap(tp, meta)
    origin = get_origin(tp)
    if tp is str:
        return "text"
    if tp is int:
        return "a whole number"
    if tp is bool:
        return "true or false"
    if origin in (list, tuple):
        return "a list"
    if origin is dict or _is_model(tp) or _union_tags(tp):
        return "a mapping"
    if origin is Literal:
        return "one of " + ", ".join(map(str, get_args(tp)))
    return "something else"


def shape(tp: Any, meta: tuple[Any, ...] = ()) -> str:
    """The YAML shape of a type, for hints: `{zh: …, en: …}`, `[…]`, `op-ed`."""
    tp, meta = _unwrap(tp, meta)
    for m in reversed(meta):  # the outermost example: Annotated[Text, Example("1996–2001")] over Text's own
        if isinstance(m, Example):
            return m.text
    tags = _union_tags(tp)
    if tags:  # a choice of one-key mappings: the first as the example
        return shape(next(iter(tags.values())))
    origin, args = get_origin(tp), get_args(tp)
    if _is_model(tp):
        fields = [(info.alias or name, info) for name, info in tp.model_fields.items() if info.is_required()] or [
            (info.alias or name, info) for name, info in tp.model_fields.items()
        ]
        return "{" + ", ".join(f"{name}: {shape(info.annotation, tuple(info.metadata))}" for name, info in fields) + "}"
    if origin in (list, tuple):
        return "[" + (shape(args[0]) if args else "…") + ", …]"
    if origin is dict:
        return "{" + (shape(args[0]) if args else "name") + ": " + (shape(args[1]) if len(args) > 1 else "…") + ", …}"
    if origin is Literal:
        return str(get_args(tp)[0])
    if tp is int:
        return "1"
    return "…"
