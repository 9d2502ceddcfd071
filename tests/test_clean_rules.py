"""One repair module at a time: raw snippet from a real text in, expected text out.

Snippets are quoted from /work/shared/SOURCES.md (which quotes the raw files);
the expected outputs were written by hand. Property tests check that every
text rule is total (never raises) and idempotent, and that the whole generic
pipeline is a fixed point on its own output.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chronicle.core.clean import edits
from chronicle.core.clean.dashes import em_dashes
from chronicle.core.clean.garbled import find_garbled
from chronicle.core.clean.halfwidth import halfwidth_alphanumerics
from chronicle.core.clean.html_remnants import remove_html
from chronicle.core.clean.markers import drop_orphan_markers
from chronicle.core.clean.numerals import join_spaced_numerals
from chronicle.core.clean.pdf_lines import PAGE_NUMBER, join_pdf_lines, running_heads
from chronicle.core.clean.pictographs import ONE as PICTOGRAPH
from chronicle.core.clean.pictographs import remove_pictographs
from chronicle.core.clean.pinyin import strip_pinyin
from chronicle.core.clean.pipeline import Profile, clean_source
from chronicle.core.clean.punctuation import fullwidth_punctuation
from chronicle.core.clean.registry import BY_NAME, EDITS, GENERIC, RULES
from chronicle.core.model import Block, Mark

# --------------------------------------------------------------------------
# pinyin.strip_pinyin (000)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "count"),
    [
        ("2025年上海合作組織峰會(huì)在天津落下帷幕。", "2025年上海合作組織峰會在天津落下帷幕。", 1),
        ("成員國(guó)領(lǐng)導(dǎo)人", "成員國領導人", 3),
        ("數(shù)據(jù)安全", "數據安全", 2),
        ("公安(內(nèi)務(wù))部長", "公安(內務)部長", 2),
        # wrong-for-context pinyin (應 in 應對 is yìng) is a gloss all the same
        ("組織應(yīng)對", "組織應對", 1),
        # made up: glosses of a word, in full-width parentheses, capitalised, with an apostrophe
        ("峰會(fēng huì)在天津(Tiānjīn)舉行", "峰會在天津舉行", 2),
        ("上合組織（Shànghé Zǔzhī）成員國", "上合組織成員國", 1),
        ("西安（Xī'ān）", "西安", 1),
    ],
)
def test_strip_pinyin(raw: str, expected: str, count: int) -> None:
    assert strip_pinyin(raw) == (expected, count)


@pytest.mark.parametrize(
    "text",
    [
        "保駕護航。(作者是中國上海合作組織研究中心助理研究員)",  # the author note (pinyin already gone)
        "(Barry Buzan)",  # English in parentheses
        "公安(內務)部長",
        "峰會(hui)",  # no tone mark: not a gloss
        "Rome(rōma)",  # not after a CJK character
        "新華社(Xinhua)",  # an English name, no tone mark
        "SCO(上合組織)",
    ],
)
def test_strip_pinyin_leaves_real_parentheses(text: str) -> None:
    assert strip_pinyin(text) == (text, 0)


def test_strip_pinyin_author_note_with_inner_gloss() -> None:
    raw = "保駕護(hù)航。(作者是中國(guó)上海合作組織研究中心助理研究員)"
    assert strip_pinyin(raw) == ("保駕護航。(作者是中國上海合作組織研究中心助理研究員)", 2)


# --------------------------------------------------------------------------
# punctuation.fullwidth_punctuation
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "count"),
    [
        ("近年来,基于以往的多边安全合作实践,", "近年来，基于以往的多边安全合作实践，", 2),  # 004 L19
        ("习近平指出:“", "习近平指出：“", 1),  # 001 L12
        ("如何全面理解安全合作的内涵?", "如何全面理解安全合作的内涵？", 1),  # 002 question
        ("许涛(中国现代国际关系研究院研究员):", "许涛（中国现代国际关系研究院研究员）：", 3),  # 002 L15
        ("安全威胁增多;", "安全威胁增多；", 1),  # 000 L3
        # English and numbers keep ASCII
        ("(Barry Buzan)", "(Barry Buzan)", 0),
        ("in 1996 and 1997, the heads of state", "in 1996 and 1997, the heads of state", 0),
        ("1006-6241(2021)03-0001-13", "1006-6241(2021)03-0001-13", 0),
        # a parenthesised English name in Chinese text: only the outer edges touch CJK
        ("根据巴里·布赞(Barry Buzan)的", "根据巴里·布赞（Barry Buzan）的", 2),
    ],
)
def test_fullwidth_punctuation(raw: str, expected: str, count: int) -> None:
    out, n = fullwidth_punctuation(raw)
    assert (out, n) == (expected, count)
    assert len(out) == len(raw)  # one for one: inline mark offsets stay valid


def test_fullwidth_punctuation_closing_paren_before_comma() -> None:
    """003 L12: the `)` touches CJK only through the `,` after it, which is converted too (a pair stays one width)."""
    raw = "“一神圣战营”(BaTaJIbOH eIHHO6oKHSIIKHxaπa),主要成员"
    assert fullwidth_punctuation(raw)[0] == "“一神圣战营”（BaTaJIbOH eIHHO6oKHSIIKHxaπa），主要成员"


# --------------------------------------------------------------------------
# dashes.em_dashes (003)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("中国-中亚", "中国—中亚"),
        ("(2018-2021年)", "(2018—2021年)"),
        ("2018-2021年", "2018—2021年"),
        ("较为活跃的 2014-2016年", "较为活跃的 2014—2016年"),  # 003 L11 (the space is another rule's job)
        ("戈尔诺-巴达赫尚地区", "戈尔诺—巴达赫尚地区"),
        ("反恐协作-2021", "反恐协作—2021"),  # as 002 writes 反恐协作—2024
        ("“马扎里沙里夫-喀布尔-白沙瓦”", "“马扎里沙里夫—喀布尔—白沙瓦”"),
        # not names, not year ranges: unchanged
        ("1006-6241(2021)03-0001-13", "1006-6241(2021)03-0001-13"),
        ("2021-04-13", "2021-04-13"),
        ("http://www.xinhuanet.com/2014-05/21/c_126528981.htm", "http://www.xinhuanet.com/2014-05/21/c_126528981.htm"),
        ("中国—中亚", "中国—中亚"),
    ],
)
def test_em_dashes(raw: str, expected: str) -> None:
    out, n = em_dashes(raw)
    assert out == expected
    assert n == sum(a != b for a, b in zip(raw, out, strict=True))


def test_em_dashes_year_range_after_han() -> None:
    """A year range right after a Han character (no \\b between 在 and 2 in Python's Unicode regex)."""
    assert em_dashes("在2018-2021年间") == ("在2018—2021年间", 1)
    assert em_dashes("12018-2021年") == ("12018-2021年", 0)  # five digits: not a year


# --------------------------------------------------------------------------
# numerals.join_spaced_numerals (004, 003)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "count"),
    [
        ("在 2014 年 5 月上海亚信会议上", "在2014年5月上海亚信会议上", 4),  # 004 L121
        ("2014 年 5 月 21 日", "2014年5月21日", 5),  # 004 L125
        ("上合组织 8 个正式成员国", "上合组织8个正式成员国", 2),  # 004 L123
        ("成立 20 周年华诞", "成立20周年华诞", 2),  # 004 L139
        ("较为活跃的 2014—2016年", "较为活跃的2014—2016年", 1),  # 003 L11 after em_dashes
        ("In 1996 and 1997", "In 1996 and 1997", 0),
        ("2018-05-27 23:31:27", "2018-05-27 23:31:27", 0),  # digit–space–digit is not "pangu" spacing
        ("第 3 期 12 页", "第3期12页", 4),
    ],
)
def test_join_spaced_numerals(raw: str, expected: str, count: int) -> None:
    assert join_spaced_numerals(raw) == (expected, count)


# --------------------------------------------------------------------------
# markers.drop_orphan_markers (003)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "count"),
    [
        ("《2025年至2027年合作纲要》等,②并在阿斯塔纳峰会", "《2025年至2027年合作纲要》等,并在阿斯塔纳峰会", 1),  # L39
        ("永沐和平的共同体。”②这指明了", "永沐和平的共同体。”这指明了", 1),  # L58
        ("①②③ text ⑳", " text ", 4),
        ("第②期", "第期", 1),
        ("no markers here 2", "no markers here 2", 0),
    ],
)
def test_drop_orphan_markers(raw: str, expected: str, count: int) -> None:
    assert drop_orphan_markers(raw) == (expected, count)


# --------------------------------------------------------------------------
# garbled.find_garbled (003)
# --------------------------------------------------------------------------


def _spans(text: str) -> list[str]:
    return [text[a:b] for a, b in find_garbled(text)]


@pytest.mark.parametrize(
    ("raw", "garbled"),
    [
        ("“一神圣战营”(BaTaJIbOH eIHHO6oKHSIIKHxaπa),主要", ["BaTaJIbOH eIHHO6oKHSIIKHxaπa"]),
        ("组织(OpraHH3aIIus eIHHO60KHSⅡKHxan)、“因卡尔”组织(YaKLIHMHKap)", ["OpraHH3aIIus eIHHO60KHSⅡKHxan", "YaKLIHMHKap"]),
        ("哈利莫夫（TyJIMypon XaIHMOB）叛逃", ["TyJIMypon XaIHMOB"]),  # also after full-width conversion
        ("巴里·布赞(Barry Buzan)", []),
        ("(Regional Security Complex Theory)", []),
        ("（Шанхайский процесс）", []),  # genuine Cyrillic (004 L39) is not OCR damage
        ("(2021)", []),
    ],
)
def test_find_garbled(raw: str, garbled: list[str]) -> None:
    assert _spans(raw) == garbled


# --------------------------------------------------------------------------
# edits: structural repairs on tiny block tuples
# --------------------------------------------------------------------------


def _blocks(*texts: str) -> tuple[Block, ...]:
    return tuple(Block("paragraph", t) for t in texts)


def _texts(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text for b in blocks]


def test_join_appends_the_continuation() -> None:
    blocks = _blocks("成员国安", "安全合作内涵持续丰富", "全执法部门间的合作。")
    out = edits.join(blocks, "成员国安", "全执法部门间")
    assert _texts(out) == ["成员国安全执法部门间的合作。", "安全合作内涵持续丰富"]


def test_join_with_separator_and_marks_shift() -> None:
    a = Block("paragraph", "their", lang="en")
    b = Block("paragraph", "common interpretation", lang="en", marks=(Mark(0, 6, "garbled"),))
    (merged,) = edits.join((a, b), "their", "common", separator=" ")
    assert merged.text == "their common interpretation"
    assert merged.marks == (Mark(6, 12, "garbled"),)
    assert merged.text[6:12] == "common"


def test_join_refuses_one_paragraph() -> None:
    with pytest.raises(edits.EditError):
        edits.join(_blocks("到推动构建安全共同体"), "安全共", "同体")


def test_move_before_and_after() -> None:
    blocks = _blocks("Q1?", "answer 1", "heading 1", "Q2?")
    assert _texts(edits.move(blocks, "heading 1", before="Q1?")) == ["heading 1", "Q1?", "answer 1", "Q2?"]
    assert _texts(edits.move(blocks, "Q1?", after="heading 1")) == ["answer 1", "heading 1", "Q1?", "Q2?"]


def test_move_a_range() -> None:
    blocks = _blocks("韩璐:", "已形成涵盖不同层次、", "词云", "较为完善的人文合作机制", "展望未来")
    out = edits.move(blocks, "较为完善", end="展望未来", after="已形成涵盖")
    assert _texts(out) == ["韩璐:", "已形成涵盖不同层次、", "较为完善的人文合作机制", "展望未来", "词云"]


def test_move_needs_exactly_one_target() -> None:
    blocks = _blocks("a1", "b2")
    with pytest.raises(edits.EditError):
        edits.move(blocks, "a1")
    with pytest.raises(edits.EditError):
        edits.move(blocks, "a1", after="b2", before="b2")
    with pytest.raises(edits.EditError):
        edits.move(blocks, "b2", end="a1", after="a1")


def test_drop_from_cuts_the_tail() -> None:
    blocks = _blocks("正文。", "(作者系…)", "弘扬", "上海", "贡献")
    assert _texts(edits.drop_from(blocks, "弘扬\n\n上海\n\n贡献")) == ["正文。", "(作者系…)"]


def test_drop_and_cut() -> None:
    blocks = _blocks("香港声音 直达真相", "正文。请随“学习中国”小编一起学习。")
    assert _texts(edits.drop(blocks, "香港声音")) == ["正文。请随“学习中国”小编一起学习。"]
    assert _texts(edits.cut(blocks, "请随“学习中国”小编一起学习。")) == ["香港声音 直达真相", "正文。"]


def test_set_speaker_on_a_range_only() -> None:
    blocks = _blocks("问题?", "许涛(研究员):", "答一", "答二", "下一题?")
    out = edits.set_speaker(blocks, "许涛(", "答二", "许涛")
    assert [b.speaker for b in out] == [None, "许涛", "许涛", "许涛", None]
    assert _texts(out) == _texts(blocks)
    with pytest.raises(edits.EditError):
        edits.set_speaker(blocks, "答二", "许涛(", "许涛")


def test_set_kind() -> None:
    out = edits.set_kind(_blocks("擘画上合组织发展新蓝图", "正文"), "擘画", "heading")
    assert [b.kind for b in out] == ["heading", "paragraph"]


@pytest.mark.parametrize(
    ("call", "found"),
    [
        (lambda b: edits.drop(b, "不存在"), "0"),
        (lambda b: edits.drop(b, "跨国组织犯罪"), "2"),
        (lambda b: edits.join(b, "不存在", "中心"), "0"),
        (lambda b: edits.join(b, "跨国组织犯罪", "中心"), "2"),
        (lambda b: edits.move(b, "中心", before="跨国组织犯罪"), "2"),
        (lambda b: edits.drop_from(b, "不存在"), "0"),
        (lambda b: edits.set_speaker(b, "跨国组织犯罪", "中心", "许涛"), "2"),
        (lambda b: edits.set_kind(b, "不存在", "quote"), "0"),
    ],
)
def test_anchor_must_name_exactly_one_block(call, found: str) -> None:
    blocks = _blocks("打击跨国组织犯罪行动。", "打击跨国组织犯罪中心", "安全中心成立。")
    with pytest.raises(edits.EditError) as err:
        call(blocks)
    # none: an earlier step took the anchor's words out (they are in the raw text, checked first)
    assert ("is in no paragraph by this step" if found == "0" else f"is in {found} blocks") in err.value.message
    assert ("an earlier step removed" if found == "0" else "make the anchor longer") in err.value.hint


def test_anchor_that_is_a_whole_heading_wins() -> None:
    blocks = _blocks("人文交流之路越走越宽", "人文交流之路越走越宽广的原因")
    assert edits.find_block(blocks, "人文交流之路越走越宽\n") == 0


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

# Random text, plus text drawn from the characters the rules look at, so that
# the interesting neighbourhoods (CJK next to ASCII punctuation, digits, tone
# marks, hyphens) actually occur.
FOCUSED = st.text(alphabet=st.sampled_from(list("中國會年月(),:;?-—“” 12%āì①②abAJ6πⅡ🎉👍\u200d\ufe0f❤★❶")), max_size=40)
TEXT = st.one_of(st.text(), FOCUSED)

TEXT_RULES = {
    "strip_pinyin": strip_pinyin,
    "fullwidth_punctuation": fullwidth_punctuation,
    "em_dashes": em_dashes,
    "join_spaced_numerals": join_spaced_numerals,
    "drop_orphan_markers": drop_orphan_markers,
    "remove_pictographs": remove_pictographs,
    "halfwidth_alphanumerics": halfwidth_alphanumerics,
}


@pytest.mark.parametrize("rule", [pytest.param(r, id=n) for n, r in TEXT_RULES.items()])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_text_rule_is_total_and_counts(rule, text: str) -> None:
    out, count = rule(text)
    assert isinstance(out, str) and isinstance(count, int) and count >= 0
    assert (count == 0) <= (out == text)  # nothing counted → nothing changed


@pytest.mark.parametrize("rule", [pytest.param(r, id=n) for n, r in TEXT_RULES.items()])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
@example(text="中(ā)(ā)")  # a run of glosses goes in one pass
@example(text="a,(中")  # a converted mark makes its neighbour convertible
@example(text="(BaTaJIbOH eIHHO6oKHSIIKHxaπa),主要")
def test_text_rule_is_idempotent(rule, text: str) -> None:
    once, _ = rule(text)
    twice, count = rule(once)
    assert twice == once
    assert count == 0


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_find_garbled_is_total(text: str) -> None:
    spans = find_garbled(text)
    for a, b in spans:
        assert 0 < a < b < len(text)
        assert text[a - 1] in "(（" and text[b] in ")）"


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_fullwidth_punctuation_keeps_length(text: str) -> None:
    assert len(fullwidth_punctuation(text)[0]) == len(text)


# --------------------------------------------------------------------------
# The whole generic pipeline is a fixed point on its own output
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sid",
    [
        "000",
        "001",
        "002",
        "003",
    ],
)
def test_clean_source_rerun_changes_nothing(site, converter, sid: str) -> None:
    (source,) = [s for s in site.sources if s.meta.id == sid]
    cleaned = "\n".join(p.block.text for p in source.paragraphs)
    profile = Profile(split="lines", specific=(), generic=source.meta.profile.generic)
    again = clean_source(cleaned, profile, converter)
    assert [b.text for b in again.blocks] == [p.block.text for p in source.paragraphs]
    changed = {r.kind: r.count for r in again.repairs if r.kind != "garbled" and r.count}
    assert changed == {}


# --------------------------------------------------------------------------
# pictographs.remove_pictographs (issue 21: a text strewn with emoji)
# Real sentences of the sources, with the emoji a copy from social media brings.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "count"),
    [
        ("习近平推动上合组织安全合作迈上新台阶🔥🔥", "习近平推动上合组织安全合作迈上新台阶", 2),  # 001's title
        ("👍 2025年上海合作组织峰会在天津落下帷幕。", "2025年上海合作组织峰会在天津落下帷幕。", 1),  # 000 L1
        ("天津峰会 🎉 四个安全中心揭牌", "天津峰会 四个安全中心揭牌", 1),  # the doubled space goes too
        ("中国🇨🇳与中亚国家", "中国与中亚国家", 2),  # a flag is two regional indicators
        ("第一1️⃣，阿富汗塔利班再度执政", "第一1，阿富汗塔利班再度执政", 2),  # keycap: VS16 and U+20E3 go, the digit stays
        ("团结协作👨\u200d👩\u200d👧共谋发展", "团结协作共谋发展", 5),  # a family: three people, two joiners
        ("上合组织❤️", "上合组织", 2),  # a heart and its variation selector
        # never CJK or punctuation, circled numbers or stars used as list markers
        ("①“上海精神”：互信、互利。★重点❶〰", "①“上海精神”：互信、互利。★重点❶〰", 0),
        ("Tianjin summit ✅ four centers", "Tianjin summit four centers", 1),
    ],
)
def test_remove_pictographs(raw: str, expected: str, count: int) -> None:
    assert remove_pictographs(raw) == (expected, count)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_remove_pictographs_keeps_every_letter_digit_and_punctuation_mark(text: str) -> None:
    out, _ = remove_pictographs(text)

    def kept(s: str) -> list[str]:
        return [c for c in s if unicodedata.category(c)[0] in "LNP" and not PICTOGRAPH.match(c)]

    assert kept(out) == kept(text)
    assert not PICTOGRAPH.search(out)


# --------------------------------------------------------------------------
# pdf_lines.join_pdf_lines (issue 21: a PDF extraction with broken lines)
# --------------------------------------------------------------------------


def blocks_of(*texts: str) -> tuple[Block, ...]:
    return tuple(Block("paragraph", t) for t in texts)


def test_pdf_lines_joins_a_sentence_cut_by_the_page() -> None:
    """003 L19-20 and 002 L43/45, as they stand in the raw files."""
    blocks = blocks_of(
        "第一,阿富汗塔利班再度执政的双重示范效应助推新一轮极端主义浪",
        "潮。一是夺权模式效应。",
        "互联互通不断升级。从中哈原油管道到中国—中亚天然气管道,从中俄原油管道到中俄东线天然气",
        "管道,区域立体互联互通网络日渐完善。",
    )
    out, count = join_pdf_lines(blocks)
    assert [b.text for b in out] == [
        "第一,阿富汗塔利班再度执政的双重示范效应助推新一轮极端主义浪潮。一是夺权模式效应。",
        "互联互通不断升级。从中哈原油管道到中国—中亚天然气管道,从中俄原油管道到中俄东线天然气管道,区域立体互联互通网络日渐完善。",
    ]
    assert count == 2


def test_pdf_lines_keeps_real_paragraph_breaks_titles_and_headings() -> None:
    blocks = (
        Block("paragraph", "擘画上合组织发展新蓝图"),  # 002's title: short, no sentence end
        Block("paragraph", "许涛(中国现代国际关系研究院研究员):"),  # ends with a colon
        Block("paragraph", "境卡车电子排队系统,提升了通关效率,区域物流运输更加畅通。"),  # ends a sentence
        Block("paragraph", "上合组织成立24年来,在“互信、互利、平等、协商”的“上海精神”指引下。”"),  # a quote closed after it
        Block("heading", "安全合作内涵持续丰富"),
        Block("paragraph", "近年来,在不断夯实民意基础方面"),
    )
    out, count = join_pdf_lines(blocks)
    assert out == blocks and count == 0


def test_pdf_lines_takes_in_a_character_alone_on_its_line_and_spaces_inside_words() -> None:
    out, count = join_pdf_lines(blocks_of("上合组 织成员国安全会议秘书第十三次会议在北京举行,上合组", "织", "秘书长出席。"))
    assert [b.text for b in out] == ["上合组织成员国安全会议秘书第十三次会议在北京举行,上合组织秘书长出席。"]
    assert count == 3  # one space, two joins


def test_pdf_lines_joins_english_lines_with_a_space() -> None:
    lines = ("The Shanghai Cooperation Organization was founded in", "2001 in Shanghai.")
    out, _ = join_pdf_lines(tuple(Block("paragraph", t, lang="en") for t in lines))
    assert [b.text for b in out] == ["The Shanghai Cooperation Organization was founded in 2001 in Shanghai."]


PDF_LINES = st.lists(st.text(alphabet=st.sampled_from(list("上合组织 安全。，:a1”")), min_size=1, max_size=30), max_size=8)


@settings(max_examples=300, deadline=None)
@given(texts=PDF_LINES)
def test_pdf_lines_is_total_idempotent_and_loses_no_character_but_page_furniture(texts: list[str]) -> None:
    once, _ = join_pdf_lines(blocks_of(*texts))
    twice, count = join_pdf_lines(once)
    assert twice == once and count == 0
    furniture = running_heads(blocks_of(*texts))
    kept = [t for t in texts if not PAGE_NUMBER.match(t) and t.strip() not in furniture]
    assert "".join(b.text for b in once).replace(" ", "") == "".join(kept).replace(" ", "")


# --------------------------------------------------------------------------
# The registry: every step declared once; schema, help and dispatch read it
# --------------------------------------------------------------------------


def test_every_rule_is_declared_once_with_one_line_of_help() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.help and "\n" not in r.help for r in RULES)
    assert all((r.params is not None) == (r.stage == "edit") for r in RULES)


def test_generic_rules_run_in_the_registry_order_whatever_the_profile_says(converter) -> None:
    profile = Profile(split="lines", specific=(), generic=("fullwidth_punctuation", "pictographs", "strip_pinyin"))
    draft = clean_source("峰會(huì)開幕🎉,好", profile, converter)
    assert [r.kind for r in draft.repairs] == ["pictographs", "strip_pinyin", "fullwidth_punctuation"]
    assert draft.blocks[0].text == "峰會開幕，好"
    assert [r.detail for r in draft.repairs] == [BY_NAME[r.kind].help + " in p1" for r in draft.repairs]


def test_a_paragraph_a_rule_empties_is_dropped(converter) -> None:
    draft = clean_source("上合组织\n🎉🎉🎉\n安全合作", Profile(split="lines", specific=(), generic=("pictographs",)), converter)
    assert [b.text for b in draft.blocks] == ["上合组织", "安全合作"]


def test_drop_from_runs_the_edit_function(converter) -> None:
    profile = Profile(split="lines", specific=(("drop_from", edits.AnchorParams(anchor="词云")),), generic=())
    draft = clean_source("正文一\n正文二\n词云\n安全 合作", profile, converter)
    assert [b.text for b in draft.blocks] == ["正文一", "正文二"]
    assert draft.repairs[0].count == 2


def test_an_unknown_rule_lists_the_valid_ones() -> None:
    from chronicle.core.source_schema import parse_sources
    from chronicle.yaml_lines import load_yaml

    text = (Path(__file__).resolve().parents[1] / "content" / "sources.yaml").read_text(encoding="utf-8")
    text = text.replace("generic: [strip_pinyin, simplify, fullwidth_punctuation]", "generic: [wipe_emoji]")
    _, problems = parse_sources(load_yaml(text), "content/sources.yaml")
    (only,) = problems
    assert only.code == "SRC011" and only.message == "unknown repair 'wipe_emoji'"
    assert only.hint == "expected one of: " + ", ".join(sorted(GENERIC))
    assert set(EDITS) == {"drop", "drop_from", "cut", "join", "move", "heading", "quote", "speaker", "metadata", "replace"}


# --------------------------------------------------------------------------
# html_remnants.remove_html (a news item copied from a page's source; made up in the style of Xinhua)
# --------------------------------------------------------------------------


def test_html_tags_go_a_line_break_ends_the_paragraph_and_references_are_decoded() -> None:
    blocks = blocks_of(
        "新华网乌鲁木齐８月９日电&nbsp;（记者&nbsp;王某某）",
        "&ldquo;和平使命－２００７&rdquo;联合反恐军事演习９日举行。<br/>演习分三个阶段。</p><p>参演兵力约<strong>6500</strong>人。",
        "据&#8220;新华社&#8221;报道，A&amp;B <span class='x'>unit</span>&nbsp;arrived.<!-- ad -->",
    )
    out, count = remove_html(blocks)
    assert [b.text for b in out] == [
        "新华网乌鲁木齐８月９日电（记者王某某）",  # a non-breaking space beside Chinese goes
        "“和平使命－２００７”联合反恐军事演习９日举行。",
        "演习分三个阶段。",
        "参演兵力约6500人。",
        "据“新华社”报道，A&B unit arrived.",  # between Latin words it is a space
    ]
    # by paragraph: 2 &nbsp;; 2 quotes, <br/> </p> <p>, <strong> </strong>; 4 references, <span> </span>, the comment
    assert count == 2 + (2 + 3 + 2) + (4 + 3)


@pytest.mark.parametrize(
    "text",
    [
        "《上海公约》与<<上海合作组织宪章>>",  # book-title marks typed as ASCII, not tags
        "若a<b且c>d，则AT&T公司……",  # a comparison and a bare ampersand
        "网页上写着&lt;br&gt;字样。",  # markup shown as words stays words... once decoded
        "上海合作组织成立于2001年。",
    ],
)
def test_html_leaves_what_is_not_markup(text: str) -> None:
    out, _ = remove_html(blocks_of(text))
    assert [b.text for b in out] == [text.replace("&lt;br&gt;", "<br>")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_html_is_total_and_changes_nothing_it_does_not_count(text: str) -> None:
    blocks = blocks_of(text)
    out, count = remove_html(blocks)
    assert count >= 0
    assert (count == 0) <= (out == blocks)


# --------------------------------------------------------------------------
# halfwidth.halfwidth_alphanumerics (an older news item typed with full-width letters and digits)
# --------------------------------------------------------------------------


def test_halfwidth_makes_letters_and_digits_ascii_one_for_one() -> None:
    raw = "ＳＣＯ“和平使命－２００７”联合反恐军事演习８月９日举行，ｅｔｃ。"
    out, count = halfwidth_alphanumerics(raw)
    assert out == "SCO“和平使命－2007”联合反恐军事演习8月9日举行，etc。"  # the full-width dash and punctuation stay
    assert count == 3 + 4 + 2 + 3 and len(out) == len(raw)


def test_pdf_lines_drops_page_numbers_and_running_heads_and_keeps_title_byline_and_affiliation() -> None:
    """Made up in the style of a journal article extracted from a PDF: a sentence cut by a page break."""
    blocks = blocks_of(
        "上海合作组织框架下的反恐合作：进展与挑战",
        "张 三",
        "（中国社会科学院俄罗斯东欧中亚研究所，北京 100732）",
        "该机构于2004年6月在塔什干正式启动，负责协调成员国主管机关在打击恐怖主义方面的合",
        "· 46 ·",
        "《俄罗斯东欧中亚研究》2021年第3期",
        "作。2009年6月，成员国又签署了《上海合作组织反恐怖主义公约》。",
    )
    out, count = join_pdf_lines(blocks)
    assert [b.text for b in out] == [
        "上海合作组织框架下的反恐合作：进展与挑战",
        "张三",
        "（中国社会科学院俄罗斯东欧中亚研究所，北京 100732）",
        "该机构于2004年6月在塔什干正式启动，负责协调成员国主管机关在打击恐怖主义方面的合作。2009年6月，成员国又签署了《上海合作组织反恐怖主义公约》。",
    ]
    assert count == 2 + 1 + 1  # two lines of page furniture, the byline's space, one join
    heads = blocks_of("第一段正文。", "国际问题研究", "第二段正文。", "国际问题研究", "第三段正文。", "国际问题研究")
    assert [b.text for b in join_pdf_lines(heads)[0]] == ["第一段正文。", "第二段正文。", "第三段正文。"]
