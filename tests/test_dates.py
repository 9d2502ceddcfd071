"""Tests for chronicle.core.dates.

Each row of SOURCES.md section 4 that the module supports is checked on its
real sentence, copied from content/sources and written as the cleaned text
looks (Simplified Chinese, full-width punctuation, spaced numerals joined).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from chronicle.core.dates import DateMatch, DateValue, find_dates, format_date  # noqa: E402


def ref(start: str) -> DateValue:
    precision = {1: "year", 2: "month", 3: "day"}[len(start.split("-"))]
    return DateValue(start, None, precision, "reference")


REF_001 = ref("2018-05-27")  # page date
REF_002 = ref("2025-09")
REF_003 = ref("2025-06")
REF_004 = ref("2021-04-13")  # 收稿日期


def one(paragraphs: list[str], text: str, reference: DateValue, lang: str = "zh") -> DateMatch:
    """The single match whose text is ``text`` (paragraphs scanned in order)."""
    hits = [m for ms in find_dates(paragraphs, reference, lang) for m in ms if m.value.text == text]
    assert len(hits) == 1, [m.value.text for ms in find_dates(paragraphs, reference, lang) for m in ms]
    return hits[0]


def texts(paragraphs: list[str], reference: DateValue, lang: str = "zh") -> list[str]:
    return [m.value.text for ms in find_dates(paragraphs, reference, lang) for m in ms]


# (id, reference, paragraphs, expression, start, end, precision, kind)
CASES = [
    # YYYY年M月D日
    (
        "ymd-001",
        REF_001,
        ["2014年5月21日，习近平在上海举行的亚信峰会上发表题为《积极树立亚洲安全观共创安全合作新局面》的主旨讲话。"],
        "2014年5月21日",
        "2014-05-21",
        None,
        "day",
        "explicit",
    ),
    (
        "ymd-003",
        REF_003,
        ["2024年3月22日，莫斯科发生重大恐怖袭击，造成严重人员伤亡。"],
        "2024年3月22日",
        "2024-03-22",
        None,
        "day",
        "explicit",
    ),
    # YYYY 年 M 月 D 日 (spaced in the raw footnote; the cleaner joins it)
    (
        "ymd-joined-004",
        REF_004,
        ["《积极树立亚洲安全观共创安全合作新局面——在亚洲相互协作与信任措施会议第四次峰会上的讲话》，新华网，2014年5月21日。"],
        "2014年5月21日",
        "2014-05-21",
        None,
        "day",
        "explicit",
    ),
    # YYYY年M月D日—D日
    (
        "ymd-d-dash",
        REF_003,
        ["2022年9月14日—17日，两国边防部队交火并使用了重型武器，吉方称冲突造成62死198伤。"],
        "2022年9月14日—17日",
        "2022-09-14",
        "2022-09-17",
        "day",
        "range",
    ),
    # YYYY年M月D日至D日
    (
        "ymd-d-zhi",
        REF_003,
        ["2021年8月18日至19日，在塔吉克斯坦首都杜尚别开展了2021年中塔“反恐协作-2021”联合反恐演习。"],
        "2021年8月18日至19日",
        "2021-08-18",
        "2021-08-19",
        "day",
        "range",
    ),
    # M月D日至M月D日 (no year: the source's own year)
    (
        "md-md",
        REF_002,
        ["8月31日至9月1日，2025年上海合作组织峰会在天津举行。"],
        "8月31日至9月1日",
        "2025-08-31",
        "2025-09-01",
        "day",
        "range",
    ),
    # YYYY年M月
    (
        "ym-003",
        REF_003,
        ["2021年4月，吉塔边境地区因安装摄像头引发械斗，后升级为边防部队之间交火。"],
        "2021年4月",
        "2021-04",
        None,
        "month",
        "explicit",
    ),
    (
        "ym-004",
        REF_004,
        ["1997年3月，中国领导人在北京东盟地区论坛信任措施会议上首次正式提出了“新安全观”概念。"],
        "1997年3月",
        "1997-03",
        None,
        "month",
        "explicit",
    ),
    # YYYY 年 M 月 (joined by the cleaner)
    (
        "ym-joined-004",
        REF_004,
        ["这些在2014年5月上海亚信会议上关于共同安全的核心诠释，经历了上合组织等多边安全实践的检验。"],
        "2014年5月",
        "2014-05",
        None,
        "month",
        "explicit",
    ),
    # YYYY 年 M 月下旬
    (
        "ym-late",
        REF_004,
        ["2021年5月下旬上合组织8个正式成员国累计感染新冠肺炎的总数已达330万。"],
        "2021年5月下旬",
        "2021-05",
        None,
        "month",
        "explicit",
    ),
    # YYYY年M月至YYYY年M月
    (
        "ym-ym",
        REF_003,
        ["2021年4月至2022年10月，吉塔共发生约20次边境冲突。"],
        "2021年4月至2022年10月",
        "2021-04",
        "2022-10",
        "month",
        "range",
    ),
    # YYYY年M—M月
    (
        "ym-m",
        REF_003,
        ["2024年4—5月，首期中亚五国安全风险防范交流培训和中亚五国油气管道应急处置共训共练及演练专项培训举办。"],
        "2024年4—5月",
        "2024-04",
        "2024-05",
        "month",
        "range",
    ),
    # 今年M月至M月
    (
        "thisyear-m-m",
        REF_002,
        ["据中国海关统计，今年1月至7月，中国与上合组织国家贸易额合计5197亿美元，同比增长2.7%。"],
        "今年1月至7月",
        "2025-01",
        "2025-07",
        "month",
        "range",
    ),
    # 去年/同年/当年 + M月
    (
        "lastyear-m",
        REF_002,
        ["自去年7月接任上合组织轮值主席国以来，我国与各方加强政策沟通。"],
        "去年7月",
        "2024-07",
        None,
        "month",
        "relative",
    ),
    (
        "sameyear-m",
        REF_004,
        [
            "1997年3月，中国领导人首次正式提出了“新安全观”概念。",
            "同年4月中国领导人访俄期间，两国元首共同签署《中俄关于世界多极化和建立国际新秩序的联合声明》。",
        ],
        "同年4月",
        "1997-04",
        None,
        "month",
        "relative",
    ),
    (
        "thatyear-m",
        REF_004,
        ["2001年6月，上合组织正式成立。当年7月，中国政府向东盟地区论坛提交了《中国关于新安全观的立场文件》。"],
        "当年7月",
        "2001-07",
        None,
        "month",
        "relative",
    ),
    (
        "sameyear-m-2002",
        REF_004,
        ["2002年初，北京上合组织外长会将各方对新安全观概念的共同解读写入联合声明。同年6月的上合组织圣彼得堡峰会再次阐述。"],
        "同年6月",
        "2002-06",
        None,
        "month",
        "relative",
    ),
    (
        "thatyear-m-2020",
        REF_004,
        ["2020年，一场突发的新冠肺炎疫情在全球蔓延。当年11月的上合组织视频峰会上，各成员国集体表态。"],
        "当年11月",
        "2020-11",
        None,
        "month",
        "relative",
    ),
    # M月D日 (no year)
    (
        "md-001",
        REF_001,
        [
            "安全合作是上合组织的“动力之源”。5月22日，国家主席习近平在集体会见来华出席上海合作组织成员国安全会议秘书第十三次会议的外方代表团团长时指出。"
        ],
        "5月22日",
        "2018-05-22",
        None,
        "day",
        "relative",
    ),
    (
        "md-003",
        REF_003,
        [
            "在2022年吉塔军事冲突发生后的第三天，即9月19日，塔吉克斯坦与吉尔吉斯斯坦即签署了稳定边境局势和建立和平议定书；9月25日签署了关于停止两国边境冲突议定书。"
        ],
        "9月25日",
        "2022-09-25",
        None,
        "day",
        "relative",
    ),
    # D日 only
    (
        "d-only",
        REF_003,
        [
            "2024年3月22日，莫斯科发生重大恐怖袭击，造成严重人员伤亡。29日，塔吉克斯坦国家安全委员会发布消息，在杜尚别市和中央直属区瓦赫达特市逮捕了15名恐怖组织成员。"
        ],
        "29日",
        "2024-03-29",
        None,
        "day",
        "relative",
    ),
    # M月 only
    (
        "m-only",
        REF_003,
        ["2022年9月14日—17日，两国边防部队交火并使用了重型武器。9月吉塔边境冲突是2022年中亚地区最重大的安全事件。"],
        "9月",
        "2022-09",
        None,
        "month",
        "relative",
    ),
    # YYYY年
    ("y-000", REF_002, ["2025年上海合作组织峰会在天津落下帷幕。"], "2025年", "2025", None, "year", "explicit"),
    (
        "y-002",
        REF_002,
        ["2001年上合组织正式成立时，与《上海合作组织成立宣言》同时公布的是各成员国签署的《打击恐怖主义、分裂主义和极端主义上海公约》。"],
        "2001年",
        "2001",
        None,
        "year",
        "explicit",
    ),
    # YYYY 年 (joined)
    ("y-joined-004", REF_004, ["2020年新冠肺炎疫情暴发，上合组织成员国无一幸免。"], "2020年", "2020", None, "year", "explicit"),
    # YYYY年至YYYY年
    (
        "y-zhi-y-000",
        REF_002,
        ["2013年至2019年，上合组织地区反恐怖机构制止了960多起具有恐怖主义性质的犯罪活动。"],
        "2013年至2019年",
        "2013",
        "2019",
        "year",
        "range",
    ),
    (
        "y-zhi-y-002",
        REF_002,
        ["2023年至2024年，中国派遣“健康快车国际光明行”专家团队为上合组织国家白内障患者免费实施手术2000例。"],
        "2023年至2024年",
        "2023",
        "2024",
        "year",
        "range",
    ),
    # YYYY—YYYY年 (em dash)
    (
        "y-dash-y",
        REF_003,
        ["地区安全的高风险事件基本集中在中亚国家独立后第一个十年（1991—2000年），发生了塔吉克斯坦内战。"],
        "1991—2000年",
        "1991",
        "2000",
        "year",
        "range",
    ),
    (
        "y-dash-y-title",
        REF_003,
        ["通过了《中国-中亚应急管理合作行动计划（2024—2026年）》。"],
        "2024—2026年",
        "2024",
        "2026",
        "year",
        "range",
    ),
    # YYYY-YYYY年 (hyphen)
    ("y-hyphen-y", REF_003, ["2018-2021年，吉塔边境地区发生9起重大冲突事件。"], "2018-2021年", "2018", "2021", "year", "range"),
    # YYYY—YYYY年间
    (
        "y-dash-y-jian",
        REF_004,
        ["仅在2013—2017年间，依靠各成员国职能部门跨国合作，共制止600多起具有恐怖主义特征的犯罪活动。"],
        "2013—2017年间",
        "2013",
        "2017",
        "year",
        "range",
    ),
    # [自]YYYY年[…]以来
    (
        "since",
        REF_003,
        ["研究发现，自2020年以来，中亚安全态势呈现明显的复合安全特征。"],
        "自2020年以来",
        "2020",
        "2025-06",
        "year",
        "range",
    ),
    (
        "since-gap",
        REF_003,
        ["该论坛自2015年创办以来，以创新思维和务实举措推进执法安全合作。"],
        "自2015年创办以来",
        "2015",
        "2025-06",
        "year",
        "range",
    ),
    # YYYY年至今
    (
        "until-now-001",
        REF_001,
        ["2015年至今，塔吉克斯坦、哈萨克斯坦等国接连爆发恐怖袭击事件。"],
        "2015年至今",
        "2015",
        "2018-05-27",
        "year",
        "range",
    ),
    (
        "until-now-003",
        REF_003,
        ["2020年至今，中国与中亚国家安全合作的理念、形式和内容都有不少新的重要发展。"],
        "2020年至今",
        "2020",
        "2025-06",
        "year",
        "range",
    ),
    # [截至]YYYY年初/底/全年
    (
        "year-end",
        REF_002,
        ["据中国商务部统计，截至2024年底，中国对上合组织成员国、观察员国、对话伙伴各类投资存量逾1400亿美元。"],
        "2024年底",
        "2024-12",
        None,
        "month",
        "explicit",
    ),
    (
        "whole-year",
        REF_003,
        ["2024年全年，塔吉克斯坦边防部队发现12起来自阿富汗的跨境袭击，击毙武装分子47人。"],
        "2024年全年",
        "2024",
        None,
        "year",
        "explicit",
    ),
    (
        "year-start",
        REF_004,
        ["2002年初，北京上合组织外长会将各方对新安全观概念的共同解读和新型安全合作诉求写入联合声明。"],
        "2002年初",
        "2002-01",
        None,
        "month",
        "explicit",
    ),
    # NN世纪[末/初/第二个10年]
    (
        "century-end",
        REF_004,
        ["【内容提要】20世纪末，面对发生在全球和地区的地缘政治巨变，在稳定周边环境的外交实践中，中国政府初步形成了一种新型安全理念。"],
        "20世纪末",
        "1990",
        "1999",
        "year",
        "period",
    ),
    (
        "century-start",
        REF_004,
        ["21世纪初，旨在解决中国与原苏联邻国边境地区军事安全问题的“上海五国”会晤机制正式升级为上海合作组织。"],
        "21世纪初",
        "2000",
        "2009",
        "year",
        "period",
    ),
    (
        "century",
        REF_004,
        ["冷战结束作为20世纪世界历史的重大事件，不仅引发了地缘政治版图的改写。"],
        "20世纪",
        "1900",
        "1999",
        "year",
        "period",
    ),
    (
        "century-decade",
        REF_004,
        ["从21世纪第二个10年开始，欧亚地区及全球形势发生深刻变化。"],
        "21世纪第二个10年",
        "2010",
        "2019",
        "year",
        "period",
    ),
    # 此后两年
    (
        "after-two-years",
        REF_004,
        [
            "1998年7月的阿拉木图五国元首会晤不仅实现了这一动议，而且由此正式开启了多边磋商阶段。",
            "此后两年的“上海五国”峰会把以合作求安全的理念和行动继续推向更高层次。",
        ],
        "此后两年",
        "1999",
        "2000",
        "year",
        "relative",
    ),
    # 今年 (relative word)
    (
        "this-year-002",
        REF_002,
        ["今年是中国人民抗日战争暨世界反法西斯战争胜利80周年，也是联合国成立80周年。"],
        "今年",
        "2025",
        None,
        "year",
        "relative",
    ),
    (
        "this-year-004",
        REF_004,
        ["上合组织今年正迎来成立20周年华诞，其成立以来的地区安全实践将成为宝贵财富。"],
        "今年",
        "2021",
        None,
        "year",
        "relative",
    ),
    # YYYY-MM-DD hh:mm:ss and YYYY-MM-DD
    (
        "iso-datetime",
        REF_001,
        ["2018-05-27 23:31:27 信息来源：发布者：艾森新闻网点击量："],
        "2018-05-27 23:31:27",
        "2018-05-27",
        None,
        "day",
        "explicit",
    ),
    ("iso-date", REF_004, ["【收稿日期：2021-04-13】"], "2021-04-13", "2021-04-13", None, "day", "explicit"),
]


@pytest.mark.parametrize(
    ("reference", "paragraphs", "expr", "start", "end", "precision", "kind"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_source_rows(
    reference: DateValue,
    paragraphs: list[str],
    expr: str,
    start: str,
    end: str | None,
    precision: str,
    kind: str,
) -> None:
    m = one(paragraphs, expr, reference)
    assert (m.value.start, m.value.end, m.value.precision, m.kind) == (start, end, precision, kind)
    para = next(p for p in paragraphs if expr in p)
    assert para[m.start : m.end] == expr


def test_two_years_with_he() -> None:
    para = (
        "俄罗斯、哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦四国于1996年和1997年分别在上海、莫斯科签署了《关于在边境地区加强军事领域信任协定》。"
    )
    ms = find_dates([para], REF_004)[0]
    assert [(m.value.start, m.kind) for m in ms] == [("1996", "explicit"), ("1997", "explicit")]


def test_two_years_with_dunhao() -> None:
    para = "但是，2021年、2022年吉尔吉斯斯坦和塔吉克斯坦边防部队之间爆发冲突，边境冲突升级。"
    assert [m.value.start for m in find_dates([para], REF_003)[0]] == ["2021", "2022"]


def test_context_carries_across_paragraphs_and_year_from_sentence() -> None:
    paras = [
        "2022年9月14日—17日，两国边防部队交火并使用了重型武器。",
        "在2022年吉塔军事冲突发生后的第三天，即9月19日，塔吉克斯坦与吉尔吉斯斯坦即签署了议定书。",
    ]
    got = [(m.value.text, m.value.start) for ms in find_dates(paras, REF_003) for m in ms]
    assert got == [("2022年9月14日—17日", "2022-09-14"), ("2022年", "2022"), ("9月19日", "2022-09-19")]


def test_bracketed_aside_does_not_move_the_context() -> None:
    paras = [
        "1998年7月的阿拉木图五国元首会晤不仅实现了这一动议，而且由此正式开启了“上海五国”的多边磋商阶段"
        "（1996年和1997年所签订的两个协定行文主语是“双方”，而从《阿拉木图联合声明》开始改用“各方”）。",
        "此后两年的“上海五国”峰会把以合作求安全的理念和行动继续推向更高层次。",
    ]
    m = one(paras, "此后两年", REF_004)
    assert (m.value.start, m.value.end) == ("1999", "2000")


def test_spaced_numerals_tolerated() -> None:
    para = "2021 年 5 月下旬上合组织8个正式成员国累计感染新冠肺炎的总数已达330万。"
    m = find_dates([para], REF_004)[0][0]
    assert (m.value.start, m.value.text) == ("2021-05", "2021 年 5 月下旬")


# ---- the context is the nearest date of the same story ---------------------------


def _resolved(paragraphs: list[str], reference: DateValue, roles: list[str] | None = None) -> list[tuple[str, str, str]]:
    return [(m.value.text, m.value.start, m.kind) for ms in find_dates(paragraphs, reference, "zh", roles) for m in ms]


def test_a_date_inside_a_quotation_does_not_date_what_follows_it() -> None:
    # Made up after issue 21's trial: the 1996 of the quoted words is not the year of 当年6月.
    para = "2001年，六国元首在上海会晤。会上回顾说：“1996年，五国在上海签署了边境协定。”当年6月，上海合作组织宣告成立。"
    assert _resolved([para], ref("2006")) == [
        ("2001年", "2001", "explicit"),
        ("1996年", "1996", "explicit"),
        ("当年6月", "2001-06", "relative"),
    ]
    # …nor does one inside a title or a bracket
    para = "2021年9月，杜尚别峰会制定了《信息安全2022—2023年合作计划》（2022年起实施）。同年10月，各方开会落实。"
    assert _resolved([para], ref("2025"))[-1] == ("同年10月", "2021-10", "relative")


def test_a_date_inside_a_quotation_resolves_against_the_text_around_it() -> None:
    para = "2013年9月，习近平在比什凯克指出：“同年3月我在莫斯科提出的理念……”"
    assert _resolved([para], ref("2021"))[-1] == ("同年3月", "2013-03", "relative")


def test_a_heading_starts_a_new_story() -> None:
    # Made up: under a new heading, 当年 is not the year of the story before it but the source's own.
    paras = ["1996年4月，五国在上海签署了边境地区军事信任协定。", "（二）联合执法", "当年6月，两国举行联合演习。"]
    assert _resolved(paras, ref("2006"), ["text", "heading", "text"])[-1] == ("当年6月", "2006-06", "relative")
    # without the heading the story goes on: the same words take the year of the date before them
    assert _resolved(paras, ref("2006"))[-1] == ("当年6月", "1996-06", "relative")


def test_a_day_or_month_without_a_year_in_a_dated_report_is_the_reports() -> None:
    # Made up in the style of a news item dated 26 August 2006, after a background paragraph on 2004:
    # 25日 and 6月3日 with no date before them in their paragraph are the report's month and year.
    paras = ["据介绍，上海合作组织地区反恐机构于2004年6月在塔什干正式成立。", "公安部25日通报，两国警方抓获12名恐怖分子。"]
    assert _resolved(paras, ref("2006-08-26"))[-1] == ("25日", "2006-08-25", "relative")
    paras = ["2004年，地区反恐机构成立。", "6月3日，两国签署了合作协议。"]
    assert _resolved(paras, ref("2006-08-26"))[-1] == ("6月3日", "2006-06-03", "relative")
    # a text dated only by its year goes on from the story's last date
    assert _resolved(paras, ref("2025"))[-1] == ("6月3日", "2004-06-03", "relative")
    # and a date earlier in the same paragraph always wins (003 p14: 29日 after 2024年3月22日)
    para = "2024年3月22日，莫斯科发生重大恐怖袭击。29日，塔吉克斯坦国家安全委员会发布消息。"
    assert _resolved([para], ref("2025-06-01"))[-1] == ("29日", "2024-03-29", "relative")


def test_a_pull_quote_keeps_its_dates_to_itself() -> None:
    paras = ["2001年，上海合作组织正式成立。", "1996年的五国协定是上合组织的发端。", "当年6月，六国元首发表宣言。"]
    assert _resolved(paras, ref("2025"), ["text", "aside", "text"])[-1] == ("当年6月", "2001-06", "relative")


def test_after_since_the_story_is_in_the_present() -> None:
    # Made up: "since 2005" runs to now, so 3 June is this year's (the source's), not 2005's.
    para = "自2005年以来，两国执法合作不断深化。6月3日，两国公安部门签署了合作协议。"
    assert _resolved([para], ref("2006-06-10")) == [("自2005年以来", "2005", "range"), ("6月3日", "2006-06-03", "relative")]


def test_a_bare_day_after_any_word() -> None:
    # Made up in the style of a news item: the day follows the ministry's name, not a comma.
    paras = ["6月20日，两国边防部门举行会晤。", "公安部21日通报，警方抓获12名犯罪嫌疑人。"]
    assert _resolved(paras, ref("2006-06-25")) == [("6月20日", "2006-06-20", "relative"), ("21日", "2006-06-21", "relative")]
    # 003 p14: after a full stop, as before
    para = "2024年3月22日，莫斯科发生重大恐怖袭击。29日，塔吉克斯坦国家安全委员会发布消息。"
    assert _resolved([para], REF_003)[-1] == ("29日", "2024-03-29", "relative")
    # numbers that are not days
    for text in ("2024年3月，演习持续1.5日。", "2024年3月，每30日内上报一次。", "2024年3月，这是行动的第21日。"):
        assert [t for t, _, _ in _resolved([text], REF_003)] == ["2024年3月"], text


def test_a_month_given_by_a_name() -> None:
    # 003 p4: "一月事件" is January of the year earlier in the same clause
    para = (
        "二是在中亚国家权力交接引发深刻政治矛盾的背景下，2022年爆发了哈萨克斯坦“一月事件”、乌兹别克斯坦卡拉卡尔帕克斯坦骚乱、"
        "塔吉克斯坦戈尔诺—巴达赫尚动乱等严重政治动荡。"
    )
    assert _resolved([para], REF_003) == [("2022年", "2022", "explicit"), ("一月", "2022-01", "named")]
    # 003 p26: the year before is another clause's (2024), so the name gives no date here
    para = "2024年哈萨克斯坦共开展16项禁毒行动。由于“一月事件”期间有2900多件武器在社会上流失，哈萨克斯坦非常重视武器回收问题。"
    assert _resolved([para], REF_003) == [("2024年", "2024", "explicit")]
    # 003 p54: no year in the clause at all
    assert _resolved(["在阿富汗变局、哈萨克斯坦“一月事件”、乌克兰危机等多重危机影响下，中亚地区的地缘战略价值凸显。"], REF_003) == []
    # made up: two-character months, no quotation marks
    assert _resolved(["1917年俄国爆发十月革命。"], REF_003)[-1] == ("十月", "1917-10", "named")
    assert _resolved(["1968年法国发生了“五月风暴”。"], REF_003)[-1] == ("五月", "1968-05", "named")


# ---- things that are not dates -------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "para", "expected"),
    [
        # number + 个
        (REF_003, "在打击网络贩毒方面，2022年哈萨克斯坦查处了1996个毒品贩卖网站。", ["2022年"]),
        # year inside a name, em dash and hyphen
        (REF_002, "2024年，上合组织成员国“反恐协作—2024”联合反恐演习在中国新疆维吾尔自治区举行。", ["2024年"]),
        (REF_003, "在塔吉克斯坦首都杜尚别开展了2021年中塔“反恐协作-2021”联合反恐演习。", ["2021年"]),
        # ordinal 第十届 (date comes from the same sentence only)
        (REF_003, "2021年9月，第十届天山地震国际学术研讨会在乌鲁木齐举办。", ["2021年9月"]),
        # citations
        (REF_004, "[1] 楚树龙：《冷战后中国安全战略思想的发展》，载《国际政治与安全》1999年第9期，第12页。", []),
        (REF_004, "[1] 《上海合作组织——新安全观与新机制》，时事出版社2002年版，第144页。", []),
        # ISSN article number
        (REF_004, "【文章编号】1006-6241(2021)03-0001-13", []),
        # dates inside URLs
        (
            REF_004,
            "《中国向东盟论坛提交新安全观立场文件》，中国新闻网，2002年8月1日，<http://www.chinanews.com/2002-08-01/26/208073.html>。",
            ["2002年8月1日"],
        ),
        (
            REF_004,
            "新华社，2014年5月21日，[http://www.xinhuanet.com/world/2014-05/21/c_126528981.html]"
            "(http://www.xinhuanet.com/world/2014-05/21/c_126528981.html)。",
            ["2014年5月21日"],
        ),
        (REF_004, "2009年10月14日，file:///C:/Users/lenovo/AppData/Local/Temp/20180607.html", ["2009年10月14日"]),
        # 第N个十年 without 世纪: deliberately not matched (the years follow in brackets)
        (REF_003, "第三个十年（2011—2020年）非传统安全挑战明显上升。", ["2011—2020年"]),
        # 不同年龄 is not 同年
        (REF_003, "不同年龄的人", []),
    ],
)
def test_not_dates(reference: DateValue, para: str, expected: list[str]) -> None:
    assert texts([para], reference) == expected


# ---- English ------------------------------------------------------------------

EN_CASES = [
    ("month-d-y", ["This article was received on April 13, 2021."], "April 13, 2021", "2021-04-13", None, "day", "explicit"),
    (
        "d-month-y",
        [
            "Weekly Epidemiological Update Edition 41, published 25 May 2021, "
            "<https://www.who.int/publications/m/item/weekly-epidemiological-update-on-covid-19--25-may-2021>."
        ],
        "25 May 2021",
        "2021-05-25",
        None,
        "day",
        "explicit",
    ),
    ("month-of-y", ["The SCO was officially established in June of 2001."], "June of 2001", "2001-06", None, "month", "explicit"),
    (
        "month-same-year",
        [
            "At the SCO foreign ministers' meeting in Beijing in 2002, the foreign ministers agreed.",
            "In June the same year, at the St. Petersburg summit of the SCO, the Chinese leader "
            "once again expounded the importance of the new security concept.",
        ],
        "June the same year",
        "2002-06",
        None,
        "month",
        "relative",
    ),
    (
        "in-y",
        [
            "At the SCO foreign ministers' meeting in Beijing in 2002, the foreign ministers of the "
            "SCO member states included in the joint statement their common interpretation."
        ],
        "2002",
        "2002",
        None,
        "year",
        "explicit",
    ),
    (
        "in-month",
        [
            "The SCO was officially established in June of 2001. Soon after that, China submitted "
            "China's Position Paper on the New Security Concept to the ASEAN Regional Forum (ARF) in July."
        ],
        "July",
        "2001-07",
        None,
        "month",
        "relative",
    ),
    (
        "century-end",
        [
            "At the end of the 20th century, in the face of drastic geopolitical changes taking place "
            "at both regional and global levels, China initially formed a new security concept."
        ],
        "the end of the 20th century",
        "1990",
        "1999",
        "year",
        "period",
    ),
    (
        "this-year",
        ["This year witnesses the 20th anniversary of the Shanghai Cooperation Organization (SCO)."],
        "This year",
        "2021",
        None,
        "year",
        "relative",
    ),
]


@pytest.mark.parametrize(
    ("paragraphs", "expr", "start", "end", "precision", "kind"),
    [c[1:] for c in EN_CASES],
    ids=[c[0] for c in EN_CASES],
)
def test_english_rows(
    paragraphs: list[str],
    expr: str,
    start: str,
    end: str | None,
    precision: str,
    kind: str,
) -> None:
    m = one(paragraphs, expr, REF_004, "en")
    assert (m.value.start, m.value.end, m.value.precision, m.kind) == (start, end, precision, kind)


def test_english_in_1996_and_1997() -> None:
    para = (
        "In 1996 and 1997, China, Russia, Kazakhstan, Kyrgyzstan and Tajikistan signed the Treaty on "
        "Deepening Military Trust in Border Regions."
    )
    assert [m.value.start for m in find_dates([para], REF_004, "en")[0]] == ["1996", "1997"]


def test_english_not_dates() -> None:
    para = "Kazakhstan shut down 1996 websites. May I ask? The Peace Mission-2021 exercise."
    assert texts([para], REF_004, "en") == []


# ---- format_date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (DateValue("2001-06", None, "month", "2001年6月"), "2001年6月", "June 2001"),
        (DateValue("2022-09-14", "2022-09-17", "day", "x"), "2022年9月14日—17日", "14–17 September 2022"),
        (DateValue("2021-04", "2022-10", "month", "x"), "2021年4月至2022年10月", "April 2021 – October 2022"),
        (DateValue("1991", "2000", "year", "x"), "1991—2000年", "1991–2000"),
        (DateValue("2024-03-22", None, "day", "x"), "2024年3月22日", "22 March 2024"),
        (DateValue("2024-04", "2024-05", "month", "x"), "2024年4—5月", "April–May 2024"),
        (DateValue("2025-08-31", "2025-09-01", "day", "x"), "2025年8月31日至9月1日", "31 August – 1 September 2025"),
        (DateValue("2002-01", None, "month", "2002年初"), "2002年初", "early 2002"),
        (DateValue("2021-05", None, "month", "2021年5月下旬"), "2021年5月下旬", "late May 2021"),
        (DateValue("2020", "2025-06", "year", "自2020年以来"), "2020年至今", "since 2020"),
    ],
)
def test_format_date(value: DateValue, zh: str, en: str) -> None:
    assert format_date(value, "zh") == zh
    assert format_date(value, "en") == en


@pytest.mark.parametrize(
    ("para", "reference", "en"),
    [
        ("2001年6月，上合组织正式成立。", REF_004, "June 2001"),
        ("2022年9月14日—17日，两国边防部队交火。", REF_003, "14–17 September 2022"),
        ("2021年4月至2022年10月，吉塔共发生约20次边境冲突。", REF_003, "April 2021 – October 2022"),
        ("第一个十年（1991—2000年），发生了塔吉克斯坦内战。", REF_003, "1991–2000"),
        ("2024年3月22日，莫斯科发生重大恐怖袭击。", REF_003, "22 March 2024"),
    ],
)
def test_round_trip_zh_to_en_and_back(para: str, reference: DateValue, en: str) -> None:
    zh_value = find_dates([para], reference)[0][0].value
    assert format_date(zh_value, "en") == en
    assert format_date(zh_value, "zh") in para
    en_value = find_dates([f"It happened in {en}."], reference, "en")[0][0].value
    assert (en_value.start, en_value.end, en_value.precision) == (zh_value.start, zh_value.end, zh_value.precision)


# ---- properties ---------------------------------------------------------------

_PIECES = list("0123456789年月日至到—-–、和自以来今同当去此后两个世纪初末底旬上下第期版 ,.:/()（），。“”《》一十二") + [
    "事件",
    "革命",
    "公安部",
    "http://",
    "www.",
    "June ",
    "May ",
    "of ",
    "in ",
    "In ",
    "the same year",
    "This year",
    "century",
    "th ",
    "since ",
    "early ",
    "2021",
    "12",
    "31",
]
DATEISH = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _check_all(paragraphs: list[str], lang: str) -> None:
    for para, matches in zip(paragraphs, find_dates(paragraphs, REF_003, lang), strict=True):
        last = 0
        for m in matches:
            assert last <= m.start < m.end <= len(para)
            last = m.end
            assert m.kind in ("explicit", "relative", "range", "period", "named")
            assert m.value.precision in ("day", "month", "year")
            assert format_date(m.value, "zh")
            assert format_date(m.value, "en")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=4), st.sampled_from(["zh", "en"]))
def test_never_raises_on_any_text(paragraphs: list[str], lang: str) -> None:
    _check_all(paragraphs, lang)


@settings(max_examples=500, deadline=None)
@given(st.lists(DATEISH, max_size=4), st.sampled_from(["zh", "en"]))
def test_never_raises_on_date_like_text(paragraphs: list[str], lang: str) -> None:
    _check_all(paragraphs, lang)


@st.composite
def date_values(draw: st.DrawFn) -> DateValue:
    precision = draw(st.sampled_from(["year", "month", "day"]))
    is_range = draw(st.booleans())

    def point() -> str:
        y = draw(st.integers(1900, 2099))
        m = draw(st.integers(1, 12))
        d = draw(st.integers(1, 28))
        return {"year": f"{y}", "month": f"{y}-{m:02d}", "day": f"{y}-{m:02d}-{d:02d}"}[precision]

    a = point()
    if not is_range:
        return DateValue(a, None, precision, "generated")
    b = point()
    if a == b:
        return DateValue(a, None, precision, "generated")
    a, b = sorted((a, b))
    return DateValue(a, b, precision, "generated")


@settings(max_examples=300, deadline=None)
@given(date_values())
def test_format_then_parse_round_trips(value: DateValue) -> None:
    for lang, sentence in (("zh", "{}，会议举行。"), ("en", "It happened in {}.")):
        text = format_date(value, lang)
        found = find_dates([sentence.format(text)], REF_003, lang)[0]
        assert len(found) == 1, (lang, text, found)
        got = found[0].value
        assert (got.start, got.end, got.precision) == (value.start, value.end, value.precision), text


@settings(max_examples=400, deadline=None)
@given(st.lists(DATEISH, min_size=1, max_size=6).map("".join))
def test_first_character_guard_changes_no_match(text: str) -> None:
    """The guard that lets the Chinese pattern skip most positions (ZH_FIRST) must never hide a date."""
    from chronicle.core import dates

    plain, _ = dates._compile(dates._ZH_ALTS)
    spans = [(m.start(), m.end(), m.lastgroup) for m in dates._ZH_RX.finditer(text)]
    assert spans == [(m.start(), m.end(), m.lastgroup) for m in plain.finditer(text)]


def test_first_character_guard_on_the_real_sources() -> None:
    from chronicle.core import dates

    plain, _ = dates._compile(dates._ZH_ALTS)
    for path in sorted((ROOT / "content" / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        guarded = [(m.start(), m.end(), m.lastgroup) for m in dates._ZH_RX.finditer(text)]
        assert guarded == [(m.start(), m.end(), m.lastgroup) for m in plain.finditer(text)], path.name
        assert len(guarded) > 3


# Dates in numerals the five texts do not use: full-width digits (older news items) and Chinese
# numerals (official documents). Each is read as its Arabic form, and the match keeps the text's own words.
REF_NEWS = ref("2007-08-09")


@pytest.mark.parametrize(
    ("sentence", "said", "start", "end"),
    [
        ("新华网乌鲁木齐８月９日电（记者王某某）", "８月９日", "2007-08-09", None),
        ("“和平使命－２００７”联合反恐军事演习２００７年８月９日在车里雅宾斯克举行。", "２００７年８月９日", "2007-08-09", None),
        ("二〇〇七年八月十六日，上海合作组织成员国元首理事会第七次会议在比什凯克举行。", "二〇〇七年八月十六日", "2007-08-16", None),
        ("一九九六年四月二十六日，五国元首在上海签署协定。", "一九九六年四月二十六日", "1996-04-26", None),
        ("二〇〇一年六月，上海合作组织成立。", "二〇〇一年六月", "2001-06", None),
        ("演习于八月九日至十七日举行。", "八月九日至十七日", "2007-08-09", "2007-08-17"),
        ("十二月三十一日前完成。", "十二月三十一日", "2007-12-31", None),
    ],
)
def test_full_width_digits_and_chinese_numerals_are_read_as_dates(sentence: str, said: str, start: str, end: str | None) -> None:
    match = one([sentence], said, REF_NEWS)
    assert (match.value.start, match.value.end) == (start, end)
    assert sentence[match.start : match.end] == said  # offsets are the text's own, not the digits'


@pytest.mark.parametrize("sentence", ["局势持续三个月。", "第十一月", "“天山—1号（2006）”联合反恐演习", "十月革命以后", "一九九六"])
def test_chinese_numerals_outside_a_date_stay_words(sentence: str) -> None:
    assert find_dates([sentence], REF_NEWS)[0] == []


def test_days_and_months_named_relative_to_the_date_before_or_to_the_text() -> None:
    """Made up in the style of a 2019 People's Daily item dated 2019-06-14."""
    paragraphs = [
        "上海合作组织成员国元首理事会第十九次会议14日在比什凯克举行。次日，各方发表《比什凯克宣言》。",
        "2019年12月31日会议开幕，次日闭幕。次月，演习举行。",
        "上月，“和平使命”联合反恐军事演习落下帷幕；下月20日，国防部长会议将举行。",
        "2018年，各成员国共挫败恐怖袭击企图27起。同日，会议结束。",
        "两者不可同日而语。",
    ]
    found = [[(m.value.text, m.value.start) for m in ms] for ms in find_dates(paragraphs, ref("2019-06-14"))]
    assert found == [
        [("14日", "2019-06-14"), ("次日", "2019-06-15")],
        [("2019年12月31日", "2019-12-31"), ("次日", "2020-01-01"), ("次月", "2020-02")],  # across the year's end
        [("上月", "2019-05"), ("下月20日", "2019-07-20")],  # from the text's own date, as 去年 is
        [("2018年", "2018")],  # 同日 after a year names no day: not guessed
        [],  # an idiom, not a date
    ]


@pytest.mark.parametrize(
    ("sentence", "said", "start", "end"),
    [
        ("会议于2019/6/14举行。", "2019/6/14", "2019-06-14", None),  # a web page's dateline forms
        ("会议于2019.6.14举行。", "2019.6.14", "2019-06-14", None),
        ("2019年6月13-14日，峰会在比什凯克举行。", "2019年6月13-14日", "2019-06-13", "2019-06-14"),
        ("6月13至14日，峰会在比什凯克举行。", "6月13至14日", "2019-06-13", "2019-06-14"),
        ("峰会13日至14日在比什凯克举行。", "13日至14日", "2019-06-13", "2019-06-14"),  # the month from the text's date
    ],
)
def test_numeric_dates_and_day_ranges_of_news_items(sentence: str, said: str, start: str, end: str | None) -> None:
    match = one([sentence], said, ref("2019-06-14"))
    assert (match.value.start, match.value.end) == (start, end)


def test_numbers_that_look_like_numeric_dates_are_not_dates() -> None:
    assert find_dates(["增长2019.6万元，版本1.2.3发布。", "2019.6.14.1版"], ref("2019-06-14")) == [[], []]


def test_today_and_yesterday_count_from_the_day_the_text_is_dated() -> None:
    """Made up in the style of a news item dated 2019-06-14; 时至今日 and 今天的 are not days."""
    paragraphs = [
        "外交部发言人今天表示，会议将于明天举行。",
        "昨日，警方抓获3名嫌疑人。",
        "时至今日，机制运转良好。",
        "今天的上合组织已成为重要力量。",
    ]
    found = [[(m.value.text, m.value.start) for m in ms] for ms in find_dates(paragraphs, ref("2019-06-14"))]
    assert found == [[("今天", "2019-06-14"), ("明天", "2019-06-15")], [("昨日", "2019-06-13")], [], []]
    assert find_dates(["昨日，警方抓获3名嫌疑人。"], ref("2019-06")) == [[]], "a text dated to the month has no yesterday"
