"""The Jinja environment looks up `a.b` on a dict by key first (for speed): it must still mean what Jinja means."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from chronicle.render.environment import make_environment


def render(tmp_path: Path, source: str, **context: object) -> str:
    (tmp_path / "t.html").write_text(source, encoding="utf-8")
    return make_environment(tmp_path).get_template("t.html").render(context)


def test_a_dict_key_is_found_by_dot_and_escaped(tmp_path: Path) -> None:
    assert render(tmp_path, "{{ p.id }}|{{ t.title }}", p={"id": "p3"}, t={"title": "<b>"}) == "p3|&lt;b&gt;"


def test_a_dict_method_still_wins_over_a_key_of_the_same_name(tmp_path: Path) -> None:
    # Jinja looks up the attribute first: `d.items()` is the method even when the dict has a key "items".
    out = render(tmp_path, "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", d={"items": "x", "a": "b"})
    assert out == "items=x;a=b;"


def test_a_missing_key_is_still_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(jinja2.UndefinedError, match="no_such_key"):
        render(tmp_path, "{{ d.no_such_key }}", d={"a": 1})


def test_objects_and_dict_subclasses_are_looked_up_as_jinja_does(tmp_path: Path) -> None:
    class Counted(dict):  # a subclass may define attributes of its own: Jinja's order applies
        label = "attribute"

    class Thing:
        id = "t1"

    assert render(tmp_path, "{{ c.label }} {{ x.id }}", c=Counted(label="key"), x=Thing()) == "attribute t1"
