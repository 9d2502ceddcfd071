"""Tests for parse_markdown_article on the real source 004.

The expected snippets come from the project brief's SOURCES.md (section 3, "004
Chinese" and "004 English"), checked against the raw file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.core.clean.markdown_article import parse_markdown_article
from chronicle.core.model import Block, Draft, Note, TextError

_ROOT = Path(__file__).resolve().parents[1]

RAW_PATH = _ROOT / "content" / "sources" / "004_17b06f580055d9ce.txt"

ZH_REPAIRED = [
    # 1: footnote block + `---` between 演 | 进 (and `,` switches to `，`)
    (
        "这两个协定的签署不仅为“上海五国”会晤机制及上合组织的建立奠定了重要的政治基础,"
        "而且对冷战后中国安全战略的演进和地区安全的构建具有开创意义。"
    ),
    # 2
    (
        "针对苏联解体后欧亚地区政治裂变所引发的各类局势新变化，“上海五国”元首会晤将关注点与"
        "合作方向锁定在地区安全出现的新特点上，顺势完成了合作由传统安全领域向非传统安全领域的转型。"
    ),
    # 3: continues inside a quotation
    (
        "同年6月的上合组织圣彼得堡峰会上，中国领导人再次阐述了树立新安全观的重要性和现实性："
        "“总结历史和现实的经验，最根本的是必须抛弃‘冷战思维’，树立新型安全观，"
        "努力建立公正合理的国际新秩序。"
    ),
    # 4
    (
        "中国领导人此次对新安全观内容的逐条说明，成为其自诞生以来最详尽、最系统、最权威的诠释，"
        "这不仅体现了中国最高决策层在冷战后国际安全战略上的继承性和延续性，"
        "也是中国新一代领导集体在新时期对新安全观的完善和升华。"
    ),
    # 5: 早 | 期
    ("无论是建国早期建设阶段的传统安全观，还是改革开放以来逐渐成熟完善的新安全观，中国一直是安全多边主义的践行者。"),
    # 6
    (
        "随着国际环境的变化与发展，上合组织安全合作的内涵与外延都在充实和拓展，"
        "并与中国新安全观乃至总体国家安全观的内涵和外延交织并行、相辅相成。"
    ),
    # 7: the block in between holds the file:/// paths
    "生活在历史和现实交汇的同一个时空里，越来越成为你中有我、我中有你的命运共同体。”",
    # 8
    ("恪守尊重主权、独立和领土完整、互不干涉内政等国际关系基本准则,尊重各国自主选择的社会制度和发展道路,尊重并照顾各方合理安全关切。"),
    # 9
    (
        "突发的疫情严重影响了上合组织各成员国的公共卫生安全，而且对疫后经济社会发展造成威胁，"
        "甚至可能引发各种带有极端主义色彩的社会思潮，"
        "从而再次将预防和应对大规模非传统安全危机问题提到了上合组织未来安全合作的日程之中。"
    ),
    # 10: blank line only, inside a quotation
    "尤其是对欧亚地区的发展中国家和新兴经济体而言，“发展是安全的基础，安全是发展的条件”。",
]

EN_REPAIRED = [
    (
        "At the SCO foreign ministers' meeting in Beijing in 2002, the foreign ministers of the "
        "SCO member states included in the joint statement their common interpretation of the "
        "new security concept and the call for a new type of security cooperation, “calling on "
        "the international community to foster a new security concept based on the principles "
        "of mutual trust, mutual benefit, equality and coordination”."
    ),
    (
        "Seeking security through multilateral cooperation has always been an important part of "
        "China’s independent foreign policy, and China has always been a practitioner of "
        "security multilateralism."
    ),
    "First, common security remains the basic security guarantee for all SCO member states.",
]


@pytest.fixture(scope="module")
def raw() -> str:
    return RAW_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def draft(raw: str) -> Draft:
    return parse_markdown_article(raw)


@pytest.fixture(scope="module")
def zh_blocks(draft: Draft) -> list[Block]:
    return [b for b in draft.blocks if b.lang == "zh"]


@pytest.fixture(scope="module")
def en_blocks(draft: Draft) -> list[Block]:
    return [b for b in draft.blocks if b.lang == "en"]


@pytest.fixture(scope="module")
def notes(draft: Draft) -> dict[str, Note]:
    return {n.id: n for n in draft.notes}


def _repair_counts(draft: Draft) -> dict[tuple[str, str], int]:
    return {(r.kind, r.detail[:3]): r.count for r in draft.repairs}


@pytest.mark.parametrize("sentence", ZH_REPAIRED)
def test_chinese_broken_sentences_are_whole(zh_blocks: list[Block], sentence: str) -> None:
    assert any(sentence in b.text for b in zh_blocks)


@pytest.mark.parametrize("sentence", EN_REPAIRED)
def test_english_broken_sentences_are_whole(en_blocks: list[Block], sentence: str) -> None:
    assert any(sentence in b.text for b in en_blocks)


def test_exactly_ten_plus_three_joins(draft: Draft) -> None:
    joins = [r for r in draft.repairs if r.kind == "sentences_rejoined"]
    assert sorted((r.detail[:3], r.count) for r in joins) == [("en:", 3), ("zh:", 10)]


def test_lines_that_must_not_be_joined_stay_alone(draft: Draft) -> None:
    texts = [b.text for b in draft.blocks]
    for whole in (
        "许涛",
        "【关键词】新安全观 上海合作组织 安全合作",
        "【中图分类号】D815",
        "【文献标识码】A",
        "【文章编号】1006-6241(2021)03-0001-13",
        "【收稿日期：2021-04-13】",
        "（责任编辑：李万胜）",
        "By Xu Tao",
    ):
        assert whole in texts


def test_headings(zh_blocks: list[Block], en_blocks: list[Block]) -> None:
    assert [b.text for b in zh_blocks if b.kind == "heading"] == [
        "中国新安全观与上合组织 二十年安全实践",
        "一、新安全观的确立与上合组织",
        "二、新安全观在上合组织的实践和发展",
        "三、上合组织践行新安全观的现实意义",  # `###` in the source
        "（三）新时期上合组织需要更紧密、更有效的合作安全构架。",
        "（四）可持续安全是满足上合组织成员国稳定与发展双重诉求的现实路径。",
        "结语",
    ]
    assert [b.text for b in en_blocks if b.kind == "heading"] == [
        "China's New Security Concept and the SCO's Security Practice in the Past 20 Years",
        "I. The Establishment of the New Security Concept and the SCO",
        "II. Practice and Development of the New Security Concept in the SCO",
        "III. The Practical Significance for the SCO to Practice the New Security Concept",
    ]


def test_bold_subheading_body_follows_heading(draft: Draft) -> None:
    texts = [b.text for b in draft.blocks]
    i = texts.index("（三）新时期上合组织需要更紧密、更有效的合作安全构架。")
    assert texts[i + 1].startswith("合作，就是通过对话与协作，促进各国和本地区安全。")
    assert draft.blocks[i + 1].kind == "paragraph"


def test_metadata_keeps_label_without_bold(zh_blocks: list[Block]) -> None:
    author = next(b for b in zh_blocks if b.text.startswith("【作者简介】"))
    assert author.kind == "paragraph"
    assert author.text == (
        "【作者简介】许涛，山西大学国际关系学院特聘教授，国务院发展研究中心欧亚社会发展研究所特聘研究员，中国上海合作组织研究中心常务理事。"
    )


def test_twenty_seven_notes_numbered_in_order(draft: Draft) -> None:
    assert [n.id for n in draft.notes] == [f"fn{i}" for i in range(1, 28)]
    assert draft.notes[0].text.startswith("《上海合作组织成员国元首阿斯塔纳宣言》")
    assert draft.notes[1].text.startswith("楚树龙：《冷战后中国安全战略思想的发展》")
    assert draft.notes[23].text.startswith("[美]小约瑟夫·S·奈:《理解国际冲突")


def test_last_note_is_the_china_daily_interview(notes: dict[str, Note]) -> None:
    assert "中国日报" in notes["fn27"].text
    assert notes["fn27"].text.endswith("http://chn.sectsco.org/news/20200423/643435.html。")


def test_english_only_note_is_tagged_english(notes: dict[str, Note]) -> None:
    assert notes["fn26"].text.startswith("WHO: COVID-19 Weekly Epidemiological Update")
    assert notes["fn26"].lang == "en"
    assert notes["fn25"].lang == "zh"


def test_noterefs_resolve_both_ways(draft: Draft, notes: dict[str, Note]) -> None:
    refs = [m.value for b in draft.blocks for m in b.marks if m.kind == "noteref"]
    assert len(refs) == 27
    assert set(refs) <= set(notes)
    assert set(refs) == set(notes)
    # reading order: marker k points at note k in this article
    assert refs == [f"fn{i}" for i in range(1, 28)]


def test_noteref_offsets_in_final_text(draft: Draft) -> None:
    at: dict[str, tuple[str, str]] = {}
    for b in draft.blocks:
        for m in b.marks:
            assert m.start == m.end
            at[m.value] = (b.text[: m.start], b.text[m.start :])
    before, after = at["fn1"]
    assert before.endswith("实现普遍安全”。")
    assert after.startswith("中国新安全观不仅是")
    # page-local [4] on L55 resolves to the 4th note of the L59–65 block
    before, after = at["fn11"]
    assert before.endswith("可持续安全的亚洲安全观，创新安全理念，搭建地区安全合作新架构，努力走出一条共建、共享、共赢的亚洲安全之路。”")
    # `</sup> 这些`: the space after the marker is gone, offsets still exact
    before, after = at["fn25"]
    assert before.endswith("强化针对第三方的军事同盟不利于维护地区共同安全。”")
    assert after.startswith("这些在2014年5月上海亚信会议上")
    before, after = at["fn26"]
    assert before.endswith("占世界累计感染总数的19.9%。")
    assert after.startswith("突发的疫情严重影响了上合组织")


def test_no_markup_left(draft: Draft) -> None:
    texts = [b.text for b in draft.blocks] + [n.text for n in draft.notes]
    for text in texts:
        for bad in ("<sup>", "</sup>", "\\_", "**", "](", "<http", "\ue000", "\ue001"):
            assert bad not in text, (bad, text[:40])
    assert not any(b.text.startswith(("#", "- ", "*")) for b in draft.blocks)
    assert not any(b.text == "---" for b in draft.blocks)


def test_links_become_plain_urls(notes: dict[str, Note]) -> None:
    assert notes["fn1"].text.endswith("https://www.fmprc.gov.cn/web/gjhdq_676201/gjhdqzz_681964/lhg_683094/zywj_683106/t1469140.shtml。")
    assert notes["fn6"].text.endswith("http://www.chinanews.com/2002-08-01/26/208073.html。")


def test_file_paths_stay_plain_text(notes: dict[str, Note]) -> None:
    assert notes["fn16"].text == (
        "《上海合作组织地区防治传染病联合声明》，2009年10月14日，"
        "file:///C:/Users/lenovo/AppData/Local/Packages/Microsoft.MicrosoftEdge_8wekyb3d8bbwe/"
        "TempState/Downloads/SCO_Joint_Declaration_on_combat_infectious_diseases_area%20(2).pdf。"
    )
    assert notes["fn17"].text.endswith(
        "file:///C:/Users/lenovo/AppData/Local/Packages/Microsoft.MicrosoftEdge_8wekyb3d8bbwe/TempState/Downloads/4%20(3).pdf。"
    )
    with_paths = [n for n in notes.values() if "file:" in n.text]
    assert len(with_paths) == 2


def test_spaced_numerals_closed_up(zh_blocks: list[Block], notes: dict[str, Note]) -> None:
    zh_text = "\n".join(b.text for b in zh_blocks)
    assert "2014 年" not in zh_text
    assert "在2014年5月上海亚信会议上" in zh_text
    assert "2021年5月下旬上合组织8个正式成员国累计感染新冠肺炎的总数已达3300多万" in zh_text
    assert "上合组织今年正迎来成立20周年华诞" in zh_text
    assert "新华网，2014年5月21日，" in notes["fn25"].text
    # spaces between Han characters are not numerals and stay
    assert "新安全观 上海合作组织 安全合作" in zh_text


def test_english_part(en_blocks: list[Block]) -> None:
    assert not any("Biden" in b.text for b in en_blocks)
    assert not any(b.text == "ABSTRACTS" for b in en_blocks)
    abstract = en_blocks[0]
    assert abstract.kind == "paragraph"
    assert abstract.text.startswith(
        "China's New Security Concept and the SCO's Security Practice in the Past 20 Years, by Xu Tao, Guest Professor"
    )
    assert en_blocks[-1].text.startswith("(The author is Guest Professor")
    # English spaced numbers are untouched
    assert any("In 1996 and 1997, China, Russia" in b.text for b in en_blocks)


def test_no_biden_anywhere(draft: Draft) -> None:
    assert not any("Biden" in b.text for b in draft.blocks)


def test_languages_split_at_abstracts(draft: Draft) -> None:
    langs = [b.lang for b in draft.blocks]
    first_en = langs.index("en")
    assert set(langs[:first_en]) == {"zh"}
    assert set(langs[first_en:]) == {"en"}


def test_repair_counts(draft: Draft) -> None:
    counts = _repair_counts(draft)
    by_kind = {r.kind: r.count for r in draft.repairs if r.kind != "sentences_rejoined"}
    assert by_kind["footnotes_renumbered"] == 27
    assert by_kind["escaped_underscores"] == 58  # 49 `\\_` + 9 `\_`
    assert by_kind["spaced_numerals"] == 29
    assert by_kind["space_after_noteref"] == 2
    assert by_kind["unbalanced_bold"] == 1
    assert by_kind["foreign_abstract_dropped"] == 1
    assert by_kind["subheading_split"] == 2
    assert by_kind["markdown_removed"] > 0
    assert counts[("sentences_rejoined", "zh:")] == 10
    assert all(r.count > 0 and r.detail for r in draft.repairs)


def test_pure_and_deterministic(raw: str, draft: Draft) -> None:
    assert parse_markdown_article(raw) == draft


ARTICLE = "# 标题\n\n正文说明一。<sup>[1]</sup>正文说明二。<sup>[2]</sup>\n\n[1] 注一。\n\n[2] 注二。\n\n后文。\n"


def test_notes_that_pair_up_become_marks() -> None:
    draft = parse_markdown_article(ARTICLE)
    assert [n.text for n in draft.notes] == ["注一。", "注二。"]
    assert [m.value for m in draft.blocks[1].marks] == ["fn1", "fn2"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # The body of [2] is missing: the marker on line 3 has nothing to point to.
        (ARTICLE.replace("[2] 注二。\n\n", ""), 3, "footnote marker [2] has no footnote body [2] after its paragraph"),
        # The bodies are numbered 1, 3: the second is out of sequence, at its own line.
        (ARTICLE.replace("[2] 注二。", "[3] 注二。"), 7, "footnote body [3] is out of sequence: [2] comes next here"),
        (ARTICLE.replace("[2] 注二。", "[2] 注二<sup>[1]</sup>。"), 7, "footnote body [2] holds a footnote marker itself"),
    ],
)
def test_notes_that_do_not_pair_up_are_a_text_error_at_their_line(text: str, line: int, message: str) -> None:
    """These raised a bare ValueError, which the CLI printed with no file or line (found by fuzzing new sources)."""
    with pytest.raises(TextError) as caught:
        parse_markdown_article(text)
    assert (caught.value.line, caught.value.message) == (line, message)
    assert "split: lines" in caught.value.hint


def test_private_use_characters_are_text_not_a_crash() -> None:
    """PDF conversions use private-use characters for glyphs they cannot map; the reader's own markers used two of them."""
    draft = parse_markdown_article(ARTICLE.replace("正文说明一", "正文\ue000说明\ue001一"))
    assert draft.blocks[1].text.startswith("正文\ue000说明\ue001一。")
    assert [m.value for m in draft.blocks[1].marks] == ["fn1", "fn2"]
