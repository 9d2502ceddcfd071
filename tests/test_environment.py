"""The Jinja environment looks up `a.b` on a dict by key first (for speed): it must still mean what Jinja means."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import jinja2
import pytest

from chronicle.render.environment import PageTooLarge, make_environment, page_time_limit


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


def test_calls_and_arithmetic_still_mean_what_jinja_means(tmp_path: Path) -> None:
    # `*` and `**` go through call_binop, and every call through the environment: the results must not change.
    source = (
        "{{ 2 ** 10 }} {{ 3 * 4 }} {{ 'ab' * 3 }} {{ 2 * 'c' }} {{ [1] * 2 }} {{ 1.5 * 2 }} {{ 2 ** -1 }} {{ n * n }}"
        "{% macro m(a, b=2) %}{{ a + b }}{% endmacro %}{% macro w() %}[{{ caller() }}]{% endmacro %} {{ m(1, b=3) }}"
        " {% call w() %}!{% endcall %} {{ 'a-b'.replace('-', '+') }} {{ d.get('x', 'none') }}"
    )
    assert render(tmp_path, source, n=7, d={}) == "1024 12 ababab cc [1, 1] 3.0 0.5 49 4 [!] a+b none"


@pytest.mark.parametrize(
    ("expression", "said"),
    [
        ("10 ** (10 ** 10)", "`**` would make a number of about 10,000,000,000 digits (at most 100,000)"),
        ("n * n", "`*` would make a number of about 200,000 digits"),
        ("'x' * 10 ** 8", "`*` would make 100,000,000 items (at most 10,000,000)"),
        ("[0] * 10 ** 8", "`*` would make 100,000,000 items"),
    ],
)
def test_a_result_too_large_to_make_is_an_error_at_once(tmp_path: Path, expression: str, said: str) -> None:
    """Each of these ran in C for minutes or took gigabytes, where the page time limit cannot stop it; the first
    hung while the template compiled, since Jinja computes constant expressions then."""
    (tmp_path / "t.html").write_text("{{ " + expression + " }}", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from chronicle.render.environment import make_environment\n"
        "try: make_environment(Path(sys.argv[1])).get_template('t.html').render(n=10 ** 100_000)\n"
        "except OverflowError as err: print(err)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True)
    assert said in done.stdout


def test_a_page_that_outgrows_the_memory_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chronicle.render.environment.PAGE_BYTES", 50 * 1024**2)
    hoard = []
    started = time.monotonic()
    with pytest.raises(PageTooLarge, match="over 50 MB"), page_time_limit():
        while time.monotonic() - started < 5:
            hoard.append(b"x" * 10**6)
            time.sleep(0.001)
    assert 50 <= len(hoard) < 1000, len(hoard)  # stopped within a few looks, not at the time limit


@pytest.mark.parametrize("call", ['"x" | center(n)', '"{:>{}}".format("x", n)', '"x".ljust(n)'])
def test_one_call_that_asks_for_too_much_memory_is_stopped_before_it_takes_it(tmp_path: Path, call: str) -> None:
    """One C call no signal can interrupt made its gigabyte (with a larger n it filled the machine's memory) before
    the page was stopped. In a fresh process, whose peak memory is then the page's (VmHWM: ru_maxrss would count
    the pytest process it was forked from)."""
    (tmp_path / "t.html").write_text("{{ " + call + " }}", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; import chronicle.render.environment as e\n"
        "e.PAGE_BYTES = 50 * 1024**2\n"
        "try: e.render_html(e.make_environment(Path(sys.argv[1])), 't.html', {'n': 1024**3})\n"
        "except e.PageTooLarge as err: print(err)\n"
        "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM')) // 1024, 'MB')"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120, check=True)
    said, peak = done.stdout.splitlines()
    assert said == "stopped when it asked for over 50 MB of memory"
    assert int(peak.removesuffix(" MB")) < 300, peak


def test_the_memory_ceiling_is_lifted_after_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chronicle.render.environment.PAGE_BYTES", 50 * 1024**2)
    with page_time_limit():
        pass
    assert len(b"x" * (200 * 1024**2)) == 200 * 1024**2  # the rest of the build may take what it needs
