"""An editor adds a source: the damage is detected, the entry started, the fields to fill refused until filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.core.detect import detect, splitter
from chronicle.core.editor_report import candidate_names, likely_duplicates

REPO = Path(__file__).resolve().parent.parent

# Made up for these tests, in the manner of a news item copied from a Traditional-character site with
# emoji, and of one extracted from a PDF (a line cut mid-sentence, a space inside a word).
TRADITIONAL_WITH_EMOJI = "上海合作組織成員國國防部長會議在比什凱克舉行🇰🇬👍\n會議討論了聯合反恐演習的籌備工作✨。\n"
PDF_TEXT = (
    "2006年8月，中国和哈萨克斯坦在伊宁举行代号为“天山—1号（2006）”的联合反恐演习，这是上合组 织框架内\n两国首次举行的联合反恐演习。\n"
)


def test_traditional_characters_and_emoji_are_detected_with_the_rules_that_fit(converter) -> None:
    found = {f.rule: f for f in detect(TRADITIONAL_WITH_EMOJI, converter)}
    assert set(found) == {"simplify", "pictographs"}
    assert found["pictographs"].count == 4  # the two regional-indicator letters of the flag, the thumb, the sparkle
    assert found["simplify"].what.startswith("Traditional characters (")


def test_pdf_breaks_pinyin_crlf_and_spaced_dates_are_detected(converter) -> None:
    pdf = {f.rule for f in detect(PDF_TEXT, converter)}
    assert "pdf_lines" in pdf
    glossed = detect("峰會(huì)在天津(jīn)举行，2014 年 5 月。\r\n", converter)
    assert [f.rule for f in glossed] == ["", "strip_pinyin", "simplify", "spaced_numerals"]
    assert glossed[0].what == "Windows line endings"
    assert detect("上海合作组织成立于2001年。\n", converter) == [], "a clean text shows no damage"
    dateline = "上合组织比什凯克峰会举行\n2019年6月14日 来源：人民日报\n元首理事会第十九次会议14日在比什凯克举行。\n"
    assert detect(dateline, converter) == [], "one space in a dateline is not a PDF's spacing"


def test_html_left_by_a_web_page_is_detected_but_not_a_markdown_note_reference(converter) -> None:
    scraped = "新华网乌鲁木齐８月９日电&nbsp;（记者&nbsp;王某某）\n&ldquo;和平使命－２００７&rdquo;演习９日举行。<br/>\n"
    found = {f.rule: f for f in detect(scraped, converter)}
    assert set(found) == {"html", "halfwidth"} and found["html"].count == 5 and found["html"].example == "&nbsp;"
    assert found["halfwidth"].count == 7  # ８ and ９ of the dateline, ２００７ and ９ of the sentence
    markdown = "# 标题\n\n**作者**\n\n正文<sup>[1]</sup>\n\n[1] 注。\n\n---\n"
    assert "html" not in {f.rule for f in detect(markdown, converter)}, "the Markdown parser reads <sup>[1]</sup> as a note reference"


def test_a_markdown_conversion_is_split_as_markdown() -> None:
    assert splitter("# 标题\n\n**作者**\n\n正文<sup>[1]</sup>\n\n[1] 注。\n\n---\n") == "markdown"
    assert splitter(PDF_TEXT) == "lines"


def test_a_markdown_text_whose_footnotes_do_not_pair_up_is_split_as_lines(converter) -> None:
    """The Markdown split refuses it (REP004), and the original cannot be edited: as lines it builds, its notes paragraphs."""
    broken = "# 标题\n\n**作者**\n\n正文<sup>[1]</sup>正文<sup>[2]</sup>\n\n[1] 注。\n\n---\n"
    assert splitter(broken) == "lines"
    found = detect(broken, converter)
    (unpaired,) = [f for f in found if f.advice]
    assert (unpaired.example, unpaired.advice) == (
        "line 5: footnote marker [2] has no footnote body [2] after its paragraph",
        "split: lines (its notes stay paragraphs)",
    )
    assert "html" in {f.rule for f in found}  # as lines, its <sup> tags are HTML to take out


def test_new_source_copies_the_text_and_starts_an_entry_the_build_refuses_until_filled(
    tmp_path: Path, copy_project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "project")
    text = tmp_path / "news.txt"
    text.write_bytes(TRADITIONAL_WITH_EMOJI.replace("\n", "\r\n").encode("utf-8"))
    assert main(["--project", str(project), "new-source", str(text)]) == 0
    out = capsys.readouterr().out
    copies = list((project / "content/sources").glob("005_*.txt"))
    assert len(copies) == 1 and copies[0].read_bytes() == text.read_bytes(), "copied byte for byte"
    entry = (project / "content/sources.yaml").read_text(encoding="utf-8").split('- id: "005"')[1]
    assert f"file: {copies[0].name}" in entry
    assert "generic: [simplify, pictographs]" in entry or "generic: [pictographs, simplify]" in entry
    assert "Windows line endings" in out and "-> rule simplify" in out
    assert main(["--project", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "[SRC014]" in err and "title.zh is still to fill" in err


def test_new_source_refuses_a_text_that_is_not_utf8_and_says_how_to_convert_it(
    tmp_path: Path, copy_project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "project")
    text = tmp_path / "gbk.txt"
    text.write_bytes("上海合作组织".encode("gb18030"))
    assert main(["--project", str(project), "new-source", str(text)]) == 1
    assert "iconv -f GB18030 -t UTF-8" in capsys.readouterr().err
    assert not list((project / "content/sources").glob("005_*"))
    text.write_bytes("上海合作组织".encode("utf-16"))  # which reads as GB18030 as well
    assert main(["--project", str(project), "new-source", str(text)]) == 1
    assert "reads as UTF-16: iconv -f UTF-16 -t UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (
            lambda p: (p / "again.txt").write_bytes((REPO / "content/sources/000_1ae97ea0cf7a0fe6.txt").read_bytes()),
            "already in the project",
        ),
        (lambda p: (p / "again.txt").write_text("  \n", encoding="utf-8"), "holds no text"),
        (lambda p: (p / "again.txt").write_bytes(b"x" * (5 * 1024 * 1024 + 1)), "over the limit"),
    ],
    ids=["a-source-again", "empty", "too-large"],
)
def test_new_source_refuses_what_the_build_would_refuse_or_a_text_it_has(
    make, said: str, tmp_path: Path, copy_project, capsys: pytest.CaptureFixture[str]
) -> None:
    """All three were copied and given an entry: the same text again (which then outvoted another source on a
    date), and an empty or too large text the build then refused."""
    project = copy_project(tmp_path / "project")
    make(tmp_path)
    before = (project / "content/sources.yaml").read_text(encoding="utf-8")
    assert main(["--project", str(project), "new-source", str(tmp_path / "again.txt")]) == 1
    assert said in capsys.readouterr().err
    assert not list((project / "content/sources").glob("005_*"))
    assert (project / "content/sources.yaml").read_text(encoding="utf-8") == before


def test_candidate_names_are_titles_and_quoted_names_no_catalog_entry_covers(site) -> None:
    from chronicle.core.model import Block, Paragraph, Source

    meta = site.sources[0].meta
    text = "2006年8月，两国举行“天山—1号（2006）”联合反恐演习，依据《上海合作组织宪章》和《不存在的协定》。“以实力求和平”不是名称。"
    source = Source(meta, (Paragraph("p1", Block("paragraph", text)),), (), ())
    names = [n for n, _, _ in candidate_names([source], site.knowledge.entities)]
    assert "天山—1号（2006）" in names and "不存在的协定" in names
    assert "上海合作组织宪章" not in names, "the catalog has it"
    assert "以实力求和平" not in names, "a quoted slogan is not a name"


def test_likely_duplicates_share_a_thing_a_kind_and_a_compatible_date(site) -> None:
    from dataclasses import replace

    events = {e.id: e for e in site.knowledge.events}
    rats = events["2004-rats-founding"]
    again = replace(rats, id="2004-06-rats-founding-2", date=replace(rats.date, start="2004-06"))
    other_year = replace(rats, id="2005-rats-founding", date=replace(rats.date, start="2005"))
    pairs = likely_duplicates([rats, again, other_year], site.knowledge.entities)
    assert pairs == [("2004-rats-founding", "2004-06-rats-founding-2")]
    # one of them names nothing the catalog has (伊朗成为正式成员国, Iran not in the catalog): likely the same all the same
    joined = replace(rats, id="2023-07-04-sco-accession", kind="accession", date=replace(rats.date, start="2023-07-04"))
    unnamed = replace(joined, id="2023-07-event-accession", entities=(), date=replace(rats.date, start="2023-07"))
    pairs = likely_duplicates([joined, unnamed, other_year], site.knowledge.entities)
    assert pairs == [("2023-07-04-sco-accession", "2023-07-event-accession")]
    # told apart by an editor (events.yaml `distinct:`, on either of the two): no longer a pair
    assert likely_duplicates([replace(joined, distinct=(unnamed.id,)), unnamed], site.knowledge.entities) == []
    assert likely_duplicates([joined, replace(unnamed, distinct=(joined.id,))], site.knowledge.entities) == []


def test_the_real_report_lists_no_pair_an_editor_told_apart(site) -> None:
    """events.yaml tells the three look-alike pairs apart (two periods' figures, a statement beside a speech at one
    summit, a mechanism pursued after a summit beside those proposed at it): the report had listed them every build."""
    events = {e.id: e for e in site.knowledge.events}
    assert events["2013-2017-rats-statistic"].distinct == ("2013-2019-rats-statistic",)
    assert likely_duplicates(site.knowledge.events, site.knowledge.entities) == []


def test_dates_nothing_completes_are_listed_for_the_editor_and_names_and_codes_are_not(site) -> None:
    """`21日` in a text dated only by its year has no month before it: the build cannot date it and says so.
    A name (反恐协作—2024), an ISSN and a month naming an event (“一月事件”) are not dates to complete."""
    from dataclasses import replace

    from chronicle.core.editor_report import editor_report
    from chronicle.core.knowledge import build_knowledge
    from chronicle.core.model import Block, Paragraph, Source
    from chronicle.loader import load_content

    meta = replace(site.sources[0].meta, id="009")
    meta = replace(meta, date=replace(meta.date, value="2023", precision="year"))
    texts = [
        "公安部21日表示，演习是落实公约的具体行动。",
        "“反恐协作—2024”演习举行。哈萨克斯坦“一月事件”之后，刊号1006-6241(2021)03-0001-13。",
    ]
    source = Source(meta, tuple(Paragraph(f"p{i}", Block("paragraph", t)) for i, t in enumerate(texts, 1)), (), ())
    content = load_content(Path(__file__).resolve().parents[1])
    knowledge = build_knowledge([source], content.catalog, content.editorial, "content/events.yaml")
    lines = [line for line in editor_report([source], knowledge) if line.startswith("dates the build could not")]
    assert len(lines) == 1 and lines[0].endswith(": 21日 (009 p1)"), lines
