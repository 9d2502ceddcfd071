"""content/site.yaml is checked like every other input: each mistake has its line and a hint."""

from __future__ import annotations

from pathlib import Path

from chronicle.core.site_schema import check_site
from chronicle.yaml_lines import load_yaml

REPO = Path(__file__).resolve().parents[1]
GOOD = (REPO / "content" / "site.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    return [d.format() for d in check_site(load_yaml(text), "content/site.yaml")]


def test_the_real_settings_pass() -> None:
    assert problems(GOOD) == []


def test_a_relative_base_url_is_refused_at_its_line() -> None:
    text = GOOD.replace("base_url: https://example.org/sco-chronicle/", "base_url: /sco-chronicle/")
    line = text.split("\n").index("base_url: /sco-chronicle/") + 1
    (only,) = problems(text)
    assert only.startswith(f"content/site.yaml:{line}: error: base_url '/sco-chronicle/' is not an absolute address")


def test_eras_must_be_a_list_of_complete_eras() -> None:
    assert any("eras must be a list" in p for p in problems(GOOD.split("eras:")[0] + "eras: the four of them\n"))
    one_era = GOOD.split("eras:")[0] + 'eras:\n  - name: {zh: 甲, en: A}\n    anchor: "1996"\n    spn: 1996–2001\n'
    found = problems(one_era)
    assert any("unknown field 'spn' in an era (did you mean 'span'?)" in p for p in found)
    assert any("an era is missing 'text'" in p for p in found)
