"""What readers look at and reuse: the time axis, infobox facts, previous/next, the data files opened as a reader would."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from typing import Any

import pandas
import pytest
from bs4 import BeautifulSoup

from chronicle.data_files import csv_bytes, safe_cell
from chronicle.render.axis import make_axis, year_fraction


def soup_of(site: Any, path: str) -> BeautifulSoup:
    return BeautifulSoup(site.files[path], "html.parser")


def target(page: str, href: str) -> str:
    """The site path a relative link on `page` leads to: `en/events/x/`."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) + "/"


# The time axis -----------------------------------------------------------------------------------


class Ev:
    def __init__(self, start: str, end: str | None = None, kind: str = "signing", conflict: bool = False) -> None:
        self.start, self.end, self.kind, self.conflict = start, end, kind, conflict
        self.route, self.title, self.date, self.types = f"en/events/{start}/", f"Event {start}", start, ()


def test_the_axis_is_proportional_and_keeps_empty_years() -> None:
    axis = make_axis([Ev("1996"), Ev("2001"), Ev("2025")], [], "en")
    assert [t.year for t in axis.ticks] == list(range(1996, 2026))  # 2000, 2005–08 and 2010–11 are there, with no event
    gaps = {round(b.x - a.x, 1) for a, b in zip(axis.ticks, axis.ticks[1:], strict=False)}
    assert max(gaps) - min(gaps) <= 0.2, "every year is as wide as any other"
    xs = [m.x for m in axis.marks]
    assert (xs[1] - xs[0]) / (xs[2] - xs[1]) == pytest.approx(5 / 24, rel=0.01), "a five-year gap looks five times a year"


def test_a_range_is_drawn_as_a_bar_from_start_to_end_and_disputed_events_are_marked() -> None:
    axis = make_axis([Ev("2021-04", "2022-10", kind="incident"), Ev("1997", conflict=True)], [], "en")
    ranged = next(m for m in axis.marks if m.title == "Event 2021-04")
    one_year = axis.ticks[1].x - axis.ticks[0].x
    assert ranged.x2 - ranged.x == pytest.approx(one_year * (year_fraction("2022-10", end=True) - year_fraction("2021-04")), rel=0.02)
    assert next(m for m in axis.marks if m.title == "Event 1997").disputed


def test_events_before_1996_sit_in_a_prelude_and_leave_the_main_axis_its_width() -> None:
    """The 1979 invasion once stretched the axis to 47 years: 1996–2025 shrank to 64% of the width."""
    alone = make_axis([Ev("1996"), Ev("2025")], [], "en")
    with_early = make_axis([Ev("1979"), Ev("1992", "1996", kind="incident"), Ev("1996"), Ev("2025")], [], "en")

    def main_width(axis: Any) -> float:
        return axis.ticks[-1].x - next(t.x for t in axis.ticks if t.year == 1996)

    assert main_width(with_early) >= 0.9 * main_width(alone)
    assert len(with_early.segments) == 2 and len(alone.segments) == 1, "a break in the axis line sets the prelude off"
    labelled = [t.year for t in with_early.ticks if t.labelled]
    assert labelled[:2] == [1979, 1996] and 1980 not in labelled, "one label in the prelude: no overlap with its neighbour"
    early = next(m for m in with_early.marks if m.title == "Event 1979")
    assert early.x < with_early.segments[0][1] < with_early.segments[1][0]
    assert [m.x for m in with_early.marks] == sorted(m.x for m in with_early.marks), "time still runs left to right"


def test_the_caption_names_the_years_the_axis_runs_to(site: Any) -> None:
    """The caption said 1996–2025 in the UI strings: an event of 2027 stretched the axis, not the caption."""
    from pathlib import Path

    import yaml

    from chronicle.render.environment import UIStrings, make_environment

    repo = Path(__file__).resolve().parents[1]
    strings = UIStrings("en", yaml.safe_load((repo / "content/i18n/en.yaml").read_text(encoding="utf-8")))
    env = make_environment(repo / "templates")
    macro = env.from_string('{% from "_axis.html" import time_axis with context %}{{ time_axis(axis) }}')
    html = macro.render(axis=make_axis([Ev("2001"), Ev("2027")], [], "en"), t=strings, url=str)
    assert (
        BeautifulSoup(html, "html.parser").select_one(".axis-caption").get_text()
        == "Events on a time axis, 1996–2027 (each mark links to its event)."
    )
    captions = {
        lang: soup_of(site, f"{lang}/timeline/index.html").select_one("figcaption .axis-caption").get_text() for lang in ("zh", "en")
    }
    assert captions == {
        "en": "Events on a time axis, 1996–2025 (each mark links to its event).",
        "zh": "时间轴上的事件，1996—2025年（每个标记链接到其事件）。",
    }
    figures = {lang: soup_of(site, f"{lang}/timeline/index.html").select_one("figcaption").get_text() for lang in ("zh", "en")}
    assert "（每个标记链接到其事件）。断开处" in figures["zh"], "no space after a Chinese full stop"
    assert "(each mark links to its event). Before the break" in figures["en"]


def test_marks_that_would_overlap_go_to_other_lanes() -> None:
    axis = make_axis([Ev("2025"), Ev("2025"), Ev("2025")], [], "en")
    assert len({m.y for m in axis.marks}) == 3


def test_timeline_pages_draw_their_own_events_with_eras_and_a_legend(site: Any) -> None:
    events = json.loads(site.files["data/timeline.json"])["events"]
    for lang in ("zh", "en"):
        page = soup_of(site, f"{lang}/timeline/index.html")
        marks = page.select(".axis svg a.mark")
        assert len(marks) == len(events) == len(page.select("li.event"))
        eras = [t.get_text() for t in page.select(".axis .era-label")]
        assert len(eras) == 4 and ("The Shanghai Five" in eras if lang == "en" else "“上海五国”" in eras)
        assert len(page.select(".legend li")) >= 5
        table_total = sum(int(row.select("td")[-1].get_text()) for row in page.select(".axis-table tbody tr"))
        assert table_total == len(events), "the text alternative counts the same events"
    exercise = soup_of(site, "en/timeline/exercise/index.html")
    listed = {a["href"].split("/events/")[1] for a in exercise.select("li.event h3 a")}
    drawn = {a["href"].split("/events/")[1] for a in exercise.select(".axis a.mark")}
    assert listed == drawn and listed, "a filtered view draws exactly its own events"


def test_every_mark_links_to_an_existing_event_and_has_an_accessible_name(site: Any) -> None:
    page = soup_of(site, "en/timeline/index.html")
    for a in page.select(".axis a.mark"):
        leads_to = target("en/timeline/index.html", a["href"])
        assert re.fullmatch(r"en/events/[^/]+/", leads_to) and leads_to + "index.html" in site.files, a["href"]
        assert a["aria-label"] and a.find("title").get_text()


# Entity pages and event pages --------------------------------------------------------------------


def test_infobox_facts_come_from_an_event_and_link_to_it(site: Any) -> None:
    treaty = soup_of(site, "en/treaties/border-confidence-agreement/index.html")
    rows = {dt.get_text(): dd for dt in treaty.select(".infobox dt") for dd in [dt.find_next_sibling("dd")]}
    assert rows["Signed"].get_text(strip=True) == "1996"
    assert target("en/treaties/border-confidence-agreement/index.html", rows["Signed"].a["href"]).startswith("en/events/")
    assert "Shanghai" in rows["Signed in"].get_text() and "China" in rows["Parties"].get_text()
    rats = soup_of(site, "zh/centers/rats/index.html")
    rows = {dt.get_text(): dd for dt in rats.select(".infobox dt") for dd in [dt.find_next_sibling("dd")]}
    assert rows["成立"].get_text(strip=True) == "2004年" and "塔什干" in rows["所在地"].get_text()
    assert "地点" not in rows, "the catalog's place is not repeated when an event gives the seat"


def test_an_infobox_row_needs_an_event_behind_it(site: Any) -> None:
    """A concept is founded, signed or held by no event: its infobox has none of those rows."""
    concept = soup_of(site, "en/concepts/new-security-concept/index.html")
    labels = {dt.get_text() for dt in concept.select(".infobox dt")}
    assert not labels & {"Signed", "Founded", "Held", "Seat", "Parties"}


def test_event_pages_lead_to_the_previous_and_next_event_and_back_to_the_timeline(site: Any) -> None:
    events = json.loads(site.files["data/timeline.json"])["events"]
    ids = [e["id"] for e in sorted(events, key=lambda e: (e["date"]["start"], e["id"]))]
    middle = ids[len(ids) // 2]
    here = f"en/events/{middle}/index.html"
    page = soup_of(site, here)
    assert target(here, page.select_one('a[rel="prev"]')["href"]) == f"en/events/{ids[len(ids) // 2 - 1]}/"
    assert target(here, page.select_one('a[rel="next"]')["href"]) == f"en/events/{ids[len(ids) // 2 + 1]}/"
    assert soup_of(site, f"en/events/{ids[0]}/index.html").select_one('a[rel="prev"]') is None
    assert page.select_one(".kicker a")["href"].endswith("/en/timeline/#ev-" + middle)


def test_chinese_summaries_that_only_repeat_the_quote_are_not_shown(site: Any) -> None:
    events = json.loads(site.files["data/timeline.json"])["events"]
    event = next(e for e in events if e["id"] == "2004-rats-founding")
    quote = event["citations"][0]["quote"]
    assert event["summary"]["zh"][:20] in quote, "this summary repeats its quote's first words"
    assert not soup_of(site, "zh/events/2004-rats-founding/index.html").select(".lead")
    assert soup_of(site, "en/events/2004-rats-founding/index.html").select(".lead"), "the English summary stays"
    zh_pages = [soup_of(site, f"zh/events/{e['id']}/index.html") for e in events]
    hidden = len(events) - sum(1 for p in zh_pages if p.select(".lead"))
    assert hidden == 54, "of the 101 events' Chinese summaries, 54 say again what the quote says (46 of 84 before the extraction grew)"


# Data to reuse -----------------------------------------------------------------------------------


def test_citations_csv_has_every_citation_and_reads_back_in_pandas(site: Any) -> None:
    events = json.loads(site.files["data/timeline.json"])["events"]
    table = pandas.read_csv(io.BytesIO(site.files["data/citations.csv"]), dtype=str, keep_default_na=False)
    assert list(table.columns)[0] == "event", "the byte-order mark is not read as part of the first name"
    assert len(table) == sum(len(e["citations"]) for e in events)
    first = events[0]["citations"][0]
    row = table[(table.event == events[0]["id"]) & (table.paragraph == first["paragraph"])].iloc[0]
    assert row.quote == first["quote"] and row.quote_en == first["quote_en"] and row.status == "translated"
    assert row.event_url_en.endswith(f"/en/events/{events[0]['id']}/") and re.search(r"/zh/sources/\d{3}/#p\d+s\d+$", row.source_url_zh)
    timeline = pandas.read_csv(io.BytesIO(site.files["data/timeline.csv"]), dtype=str, keep_default_na=False)
    assert len(timeline) == len(events) and timeline.url_zh[0].endswith(f"/zh/events/{events[0]['id']}/")
    assert site.files["data/citations.csv"].startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("cell", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
def test_a_cell_that_would_run_as_a_formula_is_neutralised(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell
    rows = list(csv.reader(io.StringIO(csv_bytes(["title"], [[cell]]).decode("utf-8-sig"), newline="")))
    assert rows == [["title"], ["'" + cell]]


def test_timelinejs_is_per_language_with_eras_links_back_and_escaped_html(site: Any) -> None:
    en = json.loads(site.files["data/timelinejs-en.json"])
    zh = json.loads(site.files["data/timelinejs-zh.json"])
    assert len(en["eras"]) == len(zh["eras"]) == 4 and en["eras"][0]["text"]["headline"] == "The Shanghai Five"
    first_en, first_zh = en["events"][0], zh["events"][0]
    assert "Translation: " in first_en["text"]["text"] and "Translation" not in first_zh["text"]["text"]
    assert re.search(r'<a href="https?://[^"]+/en/events/[^"]+/">', first_en["text"]["text"])
    assert first_en["text"]["headline"] != first_zh["text"]["headline"]


def test_timelinejs_escapes_every_text_it_carries(tmp_path, copy_project) -> None:
    """TimelineJS renders headline and text as HTML: a headline with markup must arrive as text."""
    from chronicle.build import render_site

    project = copy_project(tmp_path)
    events = project / "content/events.yaml"
    text = events.read_text(encoding="utf-8")
    first_title = re.search(r"^\s+en: (.+)$", text, re.M)
    assert first_title
    probe = first_title.group(0).replace(first_title.group(1), '"<img src=x onerror=alert(1)> ok"')
    events.write_text(text.replace(first_title.group(0), probe, 1), encoding="utf-8")
    result = render_site(project)
    assert not [d for d in result.diagnostics if d.severity == "error"]
    data = json.loads(result.files["data/timelinejs-en.json"])
    blob = json.dumps(data)
    assert "<img" not in blob and "&lt;img src=x onerror=alert(1)&gt; ok" in blob


# Pages that can be cited ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["sources/002/", "events/1996-shanghai-five-founding/", "centers/rats/", "places/tashkent/"])
def test_every_source_event_and_entity_page_says_how_to_cite_it(site: Any, lang: str, page: str) -> None:
    route = f"{lang}/{page}"
    html = soup_of(site, route + "index.html")
    text = html.select_one(".how-to-cite .cite").get_text()
    version = re.search(r"(?:version|版本) (\w{12})", html.select_one(".site-footer").get_text())
    assert version and version.group(1) in text, "the citation names the version the footer shows"
    assert text.endswith("https://example.org/sco-chronicle/" + route), "and the page's permanent address"
    if lang == "en":
        assert "edited by the editors of the SCO Security Chronicle." in text, "the body's name mid-sentence: no capital The"
    bib = site.files[route + "cite.bib"].decode("utf-8")
    assert html.select_one(".how-to-cite a[download]")["href"] == "cite.bib"
    assert bib.startswith("@misc{sco-chronicle-") and f"url = {{https://example.org/sco-chronicle/{route}}}" in bib
    assert bib.count("{") == bib.count("}"), "braces balance"
    if page.startswith("sources/"):
        assert ("author = {刘华芹" if lang == "zh" else "author = {Liu Huaqin") in bib or "author = {" in bib


def test_events_carry_schema_org_event_data_and_the_about_page_a_dataset(site: Any) -> None:
    page = soup_of(site, "en/events/1996-shanghai-five-founding/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Event" and data["startDate"] == "1996"
    assert {x["name"] for x in data["location"]} >= {"Shanghai"}
    assert any(x["name"] == "Shanghai Five" for x in data["about"])
    assert data["citation"] and all(
        c["url"].startswith("https://example.org/sco-chronicle/en/sources/") and c["text"] for c in data["citation"]
    )
    about = json.loads(soup_of(site, "zh/about/index.html").select_one('script[type="application/ld+json"]').string)
    assert about["@type"] == "Dataset" and about["license"].startswith("https://creativecommons.org/")
    downloads = {d["contentUrl"].rsplit("/", 1)[1] for d in about["distribution"]}
    assert downloads == {n.removeprefix("data/") for n in site.files if n.startswith("data/")} - {"timelinejs.json"}


def test_the_editors_licence_and_version_are_named_on_every_page(site: Any) -> None:
    for name in ("zh/index.html", "en/timeline/index.html", "en/sources/003/index.html", "zh/search/index.html"):
        footer = soup_of(site, name).select_one(".site-footer")
        assert footer.select_one('a[rel="license"]')["href"].startswith("https://creativecommons.org/licenses/by/4.0/")
        assert "editors" in footer.get_text() or "编者" in footer.get_text()
        assert re.search(r"(version|版本) \w{12}", footer.get_text())


def test_a_long_source_opens_with_its_headings_as_contents_each_leading_to_its_heading(site: Any) -> None:
    for lang in ("zh", "en"):
        page = soup_of(site, f"{lang}/sources/003/index.html")
        links = page.select("nav.toc a")
        headings = page.select("h3.para-heading")
        assert len(links) == len(headings) >= 10
        for a in links:
            assert page.find(id=a["href"][1:]) is not None, a["href"]
    first = soup_of(site, "en/sources/003/index.html").select_one("nav.toc a").get_text()
    assert first.startswith("I. ") and not re.search(r"[\u4e00-\u9fff]", first), "the English page lists the English headings"
    assert soup_of(site, "en/sources/000/index.html").select_one("nav.toc") is None, "a text without headings has no contents"
