"""Every field the build exports is documented in docs/data.md."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "data.md").read_text(encoding="utf-8")


def keys(value: Any, skip_maps: bool = False) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("zh", "en", "year", "month", "day"):
                found.add(k)
            found |= keys(v)
    elif isinstance(value, list):
        for item in value:
            found |= keys(item)
    return found


@pytest.mark.parametrize("name", ["timeline.json", "entities.json", "sources.json", "timelinejs-zh.json", "timelinejs-en.json"])
def test_every_json_field_is_documented(site: Any, name: str) -> None:
    data = json.loads(site.files[f"data/{name}"])
    missing = sorted(k for k in keys(data) if f"`{k}`" not in DOC)
    assert not missing, f"{name}: fields not in docs/data.md: {missing}"


@pytest.mark.parametrize("name", ["timeline.csv", "citations.csv"])
def test_every_csv_column_is_documented(site: Any, name: str) -> None:
    header = next(csv.reader(io.StringIO(site.files[f"data/{name}"].decode("utf-8-sig"))))
    assert [c for c in header if f"`{c}`" not in DOC] == []


def test_timeline_has_design_shape(site: Any) -> None:
    events = json.loads(site.files["data/timeline.json"])["events"]
    assert events, "no events"
    for e in events:
        assert set(e) >= {"id", "date", "kind", "title", "summary", "entities", "citations", "conflicts"}
        assert e["date"]["precision"] in ("year", "month", "day")
        assert e["title"]["zh"] and e["title"]["en"]
        assert e["citations"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_about_page_offers_every_public_data_file(site: Any, lang: str) -> None:
    """A reader who wants the data finds every file on the About page (TimelineJS in the page's language), each link
    leading to a built file."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(site.files[f"{lang}/about/index.html"], "html.parser")
    links = {a["href"]: a.find_parent("li").get_text(" ", strip=True) for a in soup.select("ul.downloads a")}
    other = f"data/timelinejs-{'en' if lang == 'zh' else 'zh'}.json"
    public = sorted(name for name in site.files if name.startswith("data/") and name != other)
    assert public == sorted(
        ["data/citations.csv", "data/entities.json", "data/sources.json", "data/timeline.csv", "data/timeline.json"]
        + [f"data/timelinejs-{lang}.json", "data/timelinejs.json"]
    )
    assert sorted(href.removeprefix("../../") for href in links) == [p for p in public if p != "data/timelinejs.json"]
    assert all(len(text.split(":", 1)[-1].strip()) > 10 for text in links.values()), "each file says what it holds"
