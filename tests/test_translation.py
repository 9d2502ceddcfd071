"""The English reading: sentences as units, their PO catalogues kept up to date, every translation checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from bs4 import BeautifulSoup

from chronicle.cli import main
from chronicle.core.catalogue import parse, translations, update
from chronicle.core.model import Entity
from chronicle.core.numbers import chinese_numbers, compare
from chronicle.core.sentences import Unit, sentence_spans, source_units
from chronicle.core.translation_checks import check_unit

REPO = Path(__file__).resolve().parents[1]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


# Sentence splitting ------------------------------------------------------------------------------


def test_a_closing_quotation_mark_stays_with_its_sentence() -> None:
    """001 ¶2: the quoted speech ends in 。” and the sentence ends after the ”, not before it."""
    text = (
        "安全合作是上合组织的“动力之源”。5月22日，国家主席习近平……时强调：“要继续秉持共同、综合、合作、可持续安全观，"
        "推动上海合作组织安全合作迈上新台阶。”"
    )
    assert sentences(text) == [
        "安全合作是上合组织的“动力之源”。",
        "5月22日，国家主席习近平……时强调：“要继续秉持共同、综合、合作、可持续安全观，推动上海合作组织安全合作迈上新台阶。”",
    ]


def test_a_quotation_of_several_sentences_is_one_unit() -> None:
    """004 ¶15, sentence 2: a quote holding two sentences is not cut inside, so each unit's quotation marks balance."""
    text = "同年6月……现实性：“总结历史和现实的经验，……国际新秩序。这是解决……的正确途径。”这一观点被写入本届峰会的共同宣言。"
    assert sentences(text) == [
        "同年6月……现实性：“总结历史和现实的经验，……国际新秩序。这是解决……的正确途径。”",
        "这一观点被写入本届峰会的共同宣言。",
    ]


def test_question_and_exclamation_marks_end_sentences_and_an_unclosed_quote_swallows_nothing() -> None:
    assert sentences("如何理解？这是关键！最后一句") == ["如何理解？", "这是关键！", "最后一句"]
    assert sentences("他说：“开始。后来没有结束。下一句。") == ["他说：“开始。", "后来没有结束。", "下一句。"]


def test_real_units_headings_notes_and_quotes(site: Any) -> None:
    units = {s.meta.id: source_units(s) for s in site.sources}
    by_para = lambda sid, pid: [u.text for u in units[sid] if u.paragraph == pid]  # noqa: E731
    assert by_para("004", "p26") == ["（三）新时期上合组织需要更紧密、更有效的合作安全构架。"]  # a heading is one unit
    assert len(by_para("004", "p15")) == 5
    assert by_para("004", "fn2")[0].startswith("楚树龙：《冷战后中国安全战略思想的发展》")  # a footnote is one unit
    assert all(u.text == s.paragraphs[0].block.text[u.start : u.end] for s in site.sources for u in units[s.meta.id] if u.paragraph == "p1")
    assert sum(len(u) for u in units.values()) == 649
    assert not any(u.paragraph.startswith("p") and u.text.count("“") != u.text.count("”") for us in units.values() for u in us)


# The catalogue -----------------------------------------------------------------------------------


def unit(text: str, paragraph: str = "p1", index: int = 1) -> Unit:
    return Unit("000", paragraph, index, 0, len(text), text)


def test_update_adds_new_sentences_empty_and_keeps_unchanged_ones_byte_for_byte() -> None:
    first = update(None, [unit("甲。"), unit("乙。", index=2)], "000", "x.txt")
    assert first.added == 2
    po = polib.pofile(first.text)
    po.find("甲。").msgstr = "A."
    translated = str(po)
    again = update(translated, [unit("甲。"), unit("乙。", index=2)], "000", "x.txt")
    assert again.text == translated  # an unchanged catalogue is rewritten byte for byte
    assert (again.added, again.fuzzied, again.obsoleted) == (0, 0, 0)


def test_a_changed_sentence_keeps_its_translation_marked_fuzzy_with_the_old_chinese() -> None:
    old = polib.pofile(update(None, [unit("2001年上合组织正式成立。")], "000", "x.txt").text)
    old[0].msgstr = "The SCO was formally founded in 2001."
    new = update(str(old), [unit("2001年6月上合组织正式成立。")], "000", "x.txt")  # a repair rule changed the text
    entry = polib.pofile(new.text)[0]
    assert new.fuzzied == 1 and entry.msgid == "2001年6月上合组织正式成立。"
    assert "fuzzy" in entry.flags and entry.previous_msgid == "2001年上合组织正式成立。"
    assert entry.msgstr == "The SCO was formally founded in 2001."
    assert "#| msgid" in new.text
    shown = translations(parse(new.text), [unit("2001年6月上合组织正式成立。")])[0]
    assert shown.status == "fuzzy" and shown.previous == "2001年上合组织正式成立。"


def test_a_sentence_no_longer_in_the_text_is_kept_obsolete() -> None:
    old = polib.pofile(update(None, [unit("甲。"), unit("完全不同的一句话。", index=2)], "000", "x.txt").text)
    old[1].msgstr = "A quite different sentence."
    new = update(str(old), [unit("甲。")], "000", "x.txt")
    po = polib.pofile(new.text)
    assert new.obsoleted == 1 and [e.msgid for e in po.obsolete_entries()] == ["完全不同的一句话。"]
    assert "#~ msgid" in new.text
    back = update(new.text, [unit("甲。"), unit("完全不同的一句话。", index=2)], "000", "x.txt")  # it comes back: revived as it was
    assert polib.pofile(back.text).find("完全不同的一句话。").msgstr == "A quite different sentence."


def test_a_repeated_sentence_gets_a_context_and_its_own_entry() -> None:
    text = update(None, [unit("同上。", "fn3"), unit("同上。", "fn4")], "000", "x.txt").text
    po = polib.pofile(text)
    assert [(e.msgctxt, e.occurrences[0][0]) for e in po] == [(None, "000:fn3"), ("occurrence 2", "000:fn4")]


def test_the_real_catalogues_are_complete_and_current(tmp_path: Path, copy_project, capsys) -> None:
    """Every sentence of the five sources has a current translation; `chronicle translations` changes nothing."""
    project = copy_project(tmp_path)
    before = {p.name: p.read_bytes() for p in (project / "content/translations/en").glob("*.po")}
    assert main(["--project", str(project), "translations"]) == 0
    out = capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in (project / "content/translations/en").glob("*.po")} == before
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:3].isdigit() and len(line.split()) == 7}
    assert rows == {
        "000": ["27", "27", "0", "0", "0", "0"],
        "001": ["48", "48", "0", "0", "0", "0"],
        "002": ["130", "130", "0", "0", "0", "0"],
        "003": ["282", "282", "0", "0", "0", "0"],
        "004": ["162", "162", "0", "0", "0", "0"],
    }


# The checks --------------------------------------------------------------------------------------


def checked(chinese: str, english: str, mentioned: tuple[str, ...] = (), entities: dict[str, Entity] | None = None) -> list[str]:
    from chronicle.core.catalogue import Translation

    found = check_unit(chinese, Translation(english, "translated", line=7), mentioned, entities or {}, "x.po", "000:p1 sentence 1")
    return [f"{d.code} {d.message}" for d in found]


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("抓获2600多名成员。", "arrested more than 2,600 members."),
        ("第十三次会议", "the 13th meeting"),
        ("第十三次会议", "the thirteenth meeting"),
        ("5月22日", "on 22 May"),
        ("1.9万列", "19,000 trains"),
        ("100多万人", "more than 1 million people"),
        ("此后二十余年间", "in the twenty-odd years since"),
        ("中俄两国", "the two countries"),
        ("一个国家", "a country"),
        ("见https://www.fmprc.gov.cn/t1469140.shtml。", "See https://www.fmprc.gov.cn/t1469140.shtml."),
    ],
)
def test_numbers_written_differently_in_english_pass(chinese: str, english: str) -> None:
    assert compare(chinese, english) == ([], [])


def test_a_missing_number_is_an_error_at_the_entry_line() -> None:
    assert checked("抓获2600多名成员。", "arrested many members.") == ["TRN002 000:p1 sentence 1: the English lacks 2600 of the original"]


def test_an_extra_number_is_an_error_unless_in_square_brackets() -> None:
    assert checked("同年6月", "in June 2002") == ["TRN003 000:p1 sentence 1: the English has 2002, which the original does not"]
    assert checked("同年6月", "in June of the same year [2002]") == []


def test_chinese_numerals_that_count_are_numbers() -> None:
    assert chinese_numbers("五国在上海建立机制，第十三次会议，三级会晤，两年来") == {5, 13, 3, 2}
    assert chinese_numbers("一系列统一的一带一路倡议") == set()  # 一 that counts nothing is no number


def test_an_entity_the_english_does_not_name_is_a_warning_with_the_names_that_would_do() -> None:
    rats = Entity(
        "rats", "center", {"zh": "地区反恐怖机构", "en": "Regional Anti-Terrorist Structure (RATS)"}, {"zh": (), "en": ("SCO RATS",)}, {}
    )
    found = checked("地区反恐怖机构", "the anti-terror body", ("rats",), {"rats": rats})
    assert found == ["TRN004 000:p1 sentence 1: the original names rats (地区反恐怖机构), the English does not"]
    assert checked("地区反恐怖机构", "the Regional Anti-Terrorist Structure", ("rats",), {"rats": rats}) == []
    assert checked("地区反恐怖机构", "RATS", ("rats",), {"rats": rats}) == []


def test_han_characters_are_an_error_except_in_a_marked_original_form() -> None:
    assert checked("纵横外交", "vertical diplomacy 纵横") == ["TRN005 000:p1 sentence 1: Chinese characters in the English: 纵横"]
    assert checked("纵横外交", "“vertical-and-horizontal diplomacy” (zh: 纵横外交)") == []


def test_unbalanced_brackets_and_quotation_marks_are_errors() -> None:
    assert checked("他说：“好。”", "He said: “Good.") == ["TRN006 000:p1 sentence 1: unbalanced “” in the English"]
    assert checked("（作者）", "(the author") == ["TRN006 000:p1 sentence 1: unbalanced () in the English"]
    assert checked("好", 'He said "good') == ['TRN006 000:p1 sentence 1: unbalanced " in the English']


def test_an_empty_translation_is_missing_not_translated() -> None:
    text = update(None, [unit("甲。")], "000", "x.txt").text.replace('msgstr ""', 'msgstr "   "')
    assert translations(parse(text), [unit("甲。")])[0].status == "missing"


def test_a_failed_number_check_fails_the_build_and_a_missing_translation_does_not(tmp_path: Path, copy_project, capsys) -> None:
    project = copy_project(tmp_path)
    po = project / "content/translations/en/000.po"
    catalogue = polib.pofile(str(po))
    first = catalogue[0]
    assert first.msgid == "2025年上海合作组织峰会在天津落下帷幕。"
    first.msgstr = first.msgstr.replace("2025", "2024")
    catalogue.save(str(po))
    assert main(["--project", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "content/translations/en/000.po:" in err and "the English lacks 2025 of the original" in err and "[TRN002]" in err
    first.msgstr = ""
    catalogue.save(str(po))
    assert main(["--project", str(project), "build", "--no-index", "--out", str(tmp_path / "site")]) == 0


def test_translations_leaves_a_po_file_it_cannot_read_as_it_is(tmp_path: Path, copy_project, capsys) -> None:
    """A string left open (msgfmt refuses it) was read by polib with its last character lost, and
    `chronicle translations` wrote the file back that way; a sentence given twice lost one translation."""
    project = copy_project(tmp_path)
    po = project / "content/translations/en/001.po"
    broken = po.read_text(encoding="utf-8").replace('“source of momentum”."\n', "“source of momentum”.\n", 1)
    po.write_text(broken, encoding="utf-8")
    assert main(["--project", str(project), "translations"]) == 1
    assert "001.po:17: error: not a readable PO file" in capsys.readouterr().err
    assert po.read_text(encoding="utf-8") == broken, "the file is left for the translator to fix"


# What readers see --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stale_site(tmp_path_factory: pytest.TempPathFactory, copy_project) -> dict[str, bytes]:
    """The real project with one English sentence of 000 made fuzzy and one made missing."""
    from chronicle.build import render_site

    project = copy_project(tmp_path_factory.mktemp("stale"))
    po = project / "content/translations/en/000.po"
    catalogue = polib.pofile(str(po))
    catalogue[0].flags.append("fuzzy")
    catalogue[0].previous_msgid = "2025年上合组织峰会在天津落下帷幕。"
    catalogue[1].msgstr = ""
    catalogue.save(str(po))
    result = render_site(project)
    assert not [d for d in result.diagnostics if d.severity == "error"]
    return result.files


def test_a_fuzzy_and_a_missing_unit_are_never_shown_as_current(stale_site: dict[str, bytes]) -> None:
    soup = BeautifulSoup(stale_site["en/sources/000/index.html"], "html.parser")
    fuzzy, missing = soup.select_one("#p1s1 + .s"), soup.select_one("#p1s2 + .s")
    assert "s-fuzzy" in fuzzy["class"] and "The 2025 Tianjin summit" in fuzzy.get_text()
    assert "The original has changed since this was translated" in fuzzy.get_text()
    assert "s-missing" in missing["class"] and "Not yet translated" in missing.get_text()
    coverage = " ".join(soup.select_one(".tr-by").get_text().split())
    assert coverage.endswith("25 of 27 sentences translated; 1 awaiting review; 1 not yet translated"), coverage
    event = BeautifulSoup(stale_site["en/events/2025-comprehensive-center-founding/index.html"], "html.parser")
    quoted = [q for q in event.select("blockquote.quote") if q.select_one("footer a")["href"].endswith("/sources/000/#p1s1")]
    assert quoted, "the event quotes 000 ¶1 from its first sentence on"
    for q in quoted:  # the Chinese stays; its English is said to be stale or missing, never shown as current
        status = q.select_one("p.trans")["class"]
        assert status in (["trans", "trans-fuzzy"], ["trans", "trans-missing"]), status
        assert "The original has changed since this was translated" in q.get_text() or "Not yet translated" in q.get_text()


def test_status_labels_stay_out_of_the_search_index(stale_site: dict[str, bytes]) -> None:
    """A search for "translated" or "original" must not find every page that has a missing or stale sentence."""
    labels = ".tr-missing, .fuzzy-flag, .trans-label, .tnote-label, .trans-missing em"
    for name in ("en/sources/000/index.html", "en/events/2025-comprehensive-center-founding/index.html"):
        found = BeautifulSoup(stale_site[name], "html.parser").select(labels)
        assert found, name
        indexed = [str(label) for label in found if not label.has_attr("data-pagefind-ignore")]
        assert not indexed, indexed


def test_english_source_pages_read_as_english_with_the_original_beside(site: Any) -> None:
    for sid in ("000", "001", "002", "003", "004"):
        soup = BeautifulSoup(site.files[f"en/sources/{sid}/index.html"], "html.parser")
        pairs = soup.select("section.text div.pair")
        assert pairs, sid
        for pair in pairs:
            english = pair.select_one(".en")
            assert english.get_text(strip=True), (sid, pair["id"])
            for marked in english.select('[lang="zh-Hans"]'):  # an original form, or the Chinese a translator's note quotes
                marked.decompose()
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in english.get_text()), (sid, pair["id"], english.get_text()[:80])
            assert pair.select_one("details.orig[lang=zh-Hans]")
        assert "Translation: the editors of this site" in soup.select_one(".tr-by").get_text()


def test_every_quote_on_an_english_page_carries_the_english_of_its_sentences(site: Any) -> None:
    events = [n for n in site.files if n.startswith("en/events/")]
    for name in events:
        soup = BeautifulSoup(site.files[name], "html.parser")
        for q in soup.select("blockquote.quote"):
            assert q.select_one('p[lang="zh-Hans"]').get_text().strip()
            trans = q.select_one("p.trans")
            assert trans is not None and trans["lang"] == "en" and "Translation:" in trans.get_text(), name
    rats = BeautifulSoup(site.files["en/centers/rats/index.html"], "html.parser")
    mentions = rats.select("ul.mentions li")
    assert mentions and all(li.select_one("p.trans") for li in mentions)
    zh = BeautifulSoup(site.files["zh/events/1996-shanghai-five-founding/index.html"], "html.parser")
    assert not zh.select("p.trans"), "Chinese pages show the Chinese only"
