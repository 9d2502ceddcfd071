"""YAML loading that remembers where each mapping, key and list item came from.

PyYAML nodes carry `start_mark`; we keep it, so a message can say
`content/sources.yaml:42: unknown field 'titel'`. Mappings load as LineDict,
a dict with `.line` (its own first line) and `.key_lines` (line of each key);
lists as LineList, with `.line` and `.item_lines` (line of each item).

The loader refuses what content never needs, each at its line, all of a file at once:
anchors and aliases (`&a`, `*a`: a few hundred bytes of nested aliases expand to
gigabytes), duplicate keys (YAML would keep the last one silently), keys that are not
plain scalars (`? [a, b]`), tags it has no constructor for (`!python/object`) and dates
that are no day of the calendar (`2024-02-30`, which PyYAML's date constructor raises on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class LineDict(dict):  # type: ignore[type-arg]
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(str(key), self.line)


class LineList(list):  # type: ignore[type-arg]
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: Any) -> int:
        lines = getattr(self, "item_lines", [])
        return lines[index] if isinstance(index, int) and 0 <= index < len(lines) else self.line


@dataclass(frozen=True)
class YamlProblem:
    code: str
    line: int
    message: str
    hint: str


# libyaml's parser when PyYAML was built with it (it keeps node marks), else the pure-Python one.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    problems: list[YamlProblem]


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            loader.problems.append(YamlProblem("YAML004", line, "a key must be a plain name, not a list or mapping", "write 'name: value'"))
            continue
        key = loader.construct_object(key_node, deep=True)
        if str(key) in out.key_lines:
            first = out.key_lines[str(key)]
            loader.problems.append(
                YamlProblem(
                    "YAML002",
                    line,
                    f"key '{key}' is given twice, on lines {first} and {line}",
                    "keep one: YAML would silently use the last",
                )
            )
            continue
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = line
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date as YAML reads `2021-06-15`; one that is no day of the calendar (`2024-02-30`) is a problem at its line."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as err:
        loader.problems.append(
            YamlProblem(
                "YAML005",
                node.start_mark.line + 1,
                f"'{node.value}' is not a day of the calendar ({err})",
                'write a day that exists, in quotes: "YYYY-MM-DD"',
            )
        )
        return node.value


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class YamlSyntaxError(ValueError):
    """The text is not YAML the loader accepts: every problem found, each with a code, line, message and hint."""

    def __init__(self, line: int, message: str, problems: tuple[YamlProblem, ...] = ()) -> None:
        super().__init__(message)
        self.line, self.message = line, message
        self.problems = problems or (YamlProblem("YAML001", line, message, "fix the YAML syntax at this line"),)


def load_yaml(text: str) -> Any:
    """Parse YAML text; raise YamlSyntaxError with 1-based lines on bad syntax or refused constructs."""
    try:
        refused = _anchors_and_aliases(text)
        if refused:
            raise YamlSyntaxError(refused[0].line, refused[0].message, tuple(refused))
        loader = _Loader(text)
        loader.problems = []
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlSyntaxError(line, f"YAML syntax error: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise YamlSyntaxError(0, f"YAML error: {err}") from None
    if loader.problems:
        raise YamlSyntaxError(loader.problems[0].line, loader.problems[0].message, tuple(loader.problems))
    return data


def _anchors_and_aliases(text: str) -> list[YamlProblem]:
    """Every anchor (`&a`) and alias (`*a`), read from the event stream before anything is built.

    An alias is a reference, cheap to parse; it is building the value (and every later copy of
    it) that explodes, so they are refused here, before construction. Only a text holding `&` or
    `*` can have them: the others are not read twice.
    """
    if "&" not in text and "*" not in text:
        return []
    problems = []
    for event in yaml.parse(text, Loader=_Base):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                YamlProblem(
                    "YAML003", line, f"YAML alias '*{event.anchor}' is not allowed", "write the value out in full where it is needed"
                )
            )
        elif getattr(event, "anchor", None):
            problems.append(
                YamlProblem("YAML003", line, f"YAML anchor '&{event.anchor}' is not allowed", "remove the anchor; content never needs one")
            )
    return problems
