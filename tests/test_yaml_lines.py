"""The YAML loader keeps lines and refuses what content never needs, before building anything."""

from __future__ import annotations

import datetime

import pytest

from chronicle import yaml_lines
from chronicle.yaml_lines import YamlSyntaxError, load_yaml


def problems(text: str) -> list[tuple[str, int, str]]:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text)
    return [(p.code, p.line, p.message) for p in caught.value.problems]


def test_lines_of_keys_and_of_list_items() -> None:
    data = load_yaml("a: 1\nb:\n  - x\n  - y\n  - c: 2\n")
    assert data.line_of("b") == 2
    assert data["b"].item_lines == [3, 4, 5]
    assert data["b"][2].line_of("c") == 5


def test_the_alias_bomb_is_refused_before_anything_is_built(monkeypatch) -> None:
    """537 bytes that build 387 million strings: refused from the event stream, so no value is ever constructed."""
    from test_bad_input import ALIAS_BOMB

    def never(*_: object) -> None:
        raise AssertionError("the document was constructed")

    monkeypatch.setattr(yaml_lines._Loader, "construct_document", never)
    found = problems("- id: bomb\n  aliases:\n" + ALIAS_BOMB)
    assert found[0] == ("YAML003", 4, "YAML anchor '&a' is not allowed")
    assert len(found) == 9 + 8 * 9  # each anchor and each alias, at its line
    assert {code for code, _, _ in found} == {"YAML003"}


def test_an_ampersand_in_text_is_not_an_anchor() -> None:
    assert load_yaml("a: R&D * 2\nb: '&x'\n") == {"a": "R&D * 2", "b": "&x"}


def test_every_duplicate_key_is_reported_with_both_lines() -> None:
    assert problems("a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: 2\n") == [
        ("YAML002", 3, "key 'a' is given twice, on lines 1 and 3"),
        ("YAML002", 6, "key 'd' is given twice, on lines 5 and 6"),
    ]


def test_a_key_that_is_a_list_is_refused() -> None:
    assert problems("? [a, b]\n: c\n") == [("YAML004", 1, "a key must be a plain name, not a list or mapping")]


def test_a_date_that_is_no_day_is_a_problem_at_its_line_not_a_crash() -> None:
    """PyYAML reads 2024-02-30 as a date and raised ValueError, with no file or line; a real date still loads."""
    assert problems("a: 2021-06-15\nb: 2024-02-30\nc: [2024-13-01]\n") == [
        ("YAML005", 2, "'2024-02-30' is not a day of the calendar (day is out of range for month)"),
        ("YAML005", 3, "'2024-13-01' is not a day of the calendar (month must be in 1..12)"),
    ]
    assert load_yaml("a: 2021-06-15\n") == {"a": datetime.date(2021, 6, 15)}


def test_custom_tags_are_refused() -> None:
    ((code, line, message),) = problems("a: 1\nb: !!python/object/apply:os.system ['true']\n")
    assert (code, line) == ("YAML001", 2)
    assert "could not determine a constructor" in message
