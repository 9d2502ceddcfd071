"""The five texts are untouched on disk, and the built site shows them repaired.

Every expected string below was written by hand from the project brief's SOURCES.md
(the inventory of what each raw text contains and how it is damaged), not
copied from the build's output. Where SOURCES.md quotes raw text with ASCII
`, : ? ( )` between Chinese characters, the expectation is that text with the
full-width forms the site uses (`zh()` below does that conversion).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from opencc import OpenCC

REPO = Path(__file__).resolve().parents[1]
SOURCES_DIR = REPO / "content" / "sources"
# The SHA-256 of each text as received (`sha256sum` format), taken from the originals once.
MANIFEST = Path(__file__).resolve().parent / "originals.sha256"

FILES = [
    "000_1ae97ea0cf7a0fe6.txt",
    "001_57f6c3e94606ab13.txt",
    "002_eda0a1ca0252c45d.txt",
    "003_19608050ca9c70fb.txt",
    "004_17b06f580055d9ce.txt",
]

_FULLWIDTH = str.maketrans({",": "，", ":": "：", "?": "？", "(": "（", ")": "）"})


def zh(text: str) -> str:
    """SOURCES.md's raw Chinese sentence as the site prints it (full-width `,:?()`)."""
    return text.translate(_FULLWIDTH)


def texts(source: dict) -> list[str]:
    return [p["text"] for p in source["paragraphs"]]


def index_of(source: dict, start: str) -> int:
    """Index of the one paragraph that starts with `start`."""
    hits = [i for i, t in enumerate(texts(source)) if t.startswith(start)]
    assert len(hits) == 1, f"{start!r} starts {len(hits)} paragraphs"
    return hits[0]


def paragraphs_containing(source: dict, needle: str) -> list[str]:
    return [p["id"] for p in source["paragraphs"] if needle in p["text"]]


# --------------------------------------------------------------------------
# The raw files are exactly the originals
# --------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest() -> dict[str, str]:
    return {name: digest for digest, name in (line.split() for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip())}


@pytest.mark.parametrize("name", FILES)
def test_source_file_is_byte_identical_to_original(name: str) -> None:
    assert _sha256(SOURCES_DIR / name) == _manifest()[name], f"content/sources/{name} was edited; repairs belong in sources.yaml"


def test_same_set_of_source_files_as_originals() -> None:
    assert sorted(p.name for p in SOURCES_DIR.glob("*.txt")) == sorted(_manifest()) == FILES


def test_real_build_has_no_diagnostics_but_the_placeholder_address(site) -> None:
    assert [d.code for d in site.diagnostics] == ["SITE008"]
    assert set(site.files) >= {"data/sources.json", "zh/sources/004/index.html", "en/sources/004/index.html"}


# --------------------------------------------------------------------------
# 000: Traditional + pinyin op-ed
# --------------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_IN_PARENS = re.compile(rf"[(（][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*[)）]")


def test_000_has_no_pinyin(sources_json) -> None:
    s = sources_json["000"]
    assert len(s["paragraphs"]) == 8  # 8 paragraph lines, no blank lines
    for p in s["paragraphs"]:
        assert not PINYIN_IN_PARENS.search(p["text"]), p["id"]
        assert not set(p["text"]) & set(_TONED), p["id"]


def test_000_is_simplified(sources_json) -> None:
    t2s = OpenCC("t2s.json")
    for p in sources_json["000"]["paragraphs"]:
        assert t2s.convert(p["text"]) == p["text"], f"{p['id']} still has Traditional characters"
    text = "\n".join(texts(sources_json["000"]))
    assert text.startswith("2025年上海合作组织峰会在天津落下帷幕。")
    # the two 著 that plain t2s gets wrong (SOURCES.md, OpenCC test)
    assert "着力应对" in text and "著力" not in text
    assert "面临着共同的安全挑战" in text
    # Simplified characters already in the Traditional text survive
    assert "此后二十余年间" in text


def test_000_real_parentheses_survive(sources_json) -> None:
    s = sources_json["000"]
    text = "\n".join(texts(s))
    assert "公安（内务）部长" in text
    assert texts(s)[-1].endswith("（作者是中国上海合作组织研究中心助理研究员）")


def test_000_repair_log_counts_234_glosses(sources_json) -> None:
    counts = {r["kind"]: r["count"] for r in sources_json["000"]["repairs"]}
    assert counts["strip_pinyin"] == 234


# --------------------------------------------------------------------------
# 001: web scrape
# --------------------------------------------------------------------------


@pytest.mark.parametrize("chrome", ["香港声音", "读新闻", "分享到", "请随“学习中国”", "2018-05-27 23:31:27", "点击量"])
def test_001_site_chrome_removed(sources_json, chrome: str) -> None:
    assert paragraphs_containing(sources_json["001"], chrome) == []


def test_001_published_date_and_structure(sources_json) -> None:
    s = sources_json["001"]
    assert s["published"] == "2018-05-27"
    first = s["paragraphs"][0]
    assert (first["kind"], first["text"]) == ("heading", "习近平推动上合组织安全合作迈上新台阶")
    headings = [p["text"] for p in s["paragraphs"] if p["kind"] == "heading"]
    assert headings == [
        "习近平推动上合组织安全合作迈上新台阶",
        "一、继续秉持共同、综合、合作、可持续安全观",
        "二、推行综合施策、标本兼治的安全治理模式",
    ]
    assert all(t == t.strip() for t in texts(s)), "2-space indents must be removed"
    # the call to action is cut from its paragraph, which keeps the sentence before it
    assert not any(t.endswith("请随") for t in texts(s))


# --------------------------------------------------------------------------
# 002: the roundtable
# --------------------------------------------------------------------------

WORD_CLOUD = ["弘扬", "上海", "贡献", "上合", "组织", "发展", "合作", "共赢", "未来", "展望", "携手", "共进"]

SENTENCES_002 = [
    "上合组织成立24年来,从携手化解共同的安全威胁因素,到推动构建安全共同体,再到践行全球安全倡议,持续丰富安全合作内涵,为保障地区安全和稳定作出卓越贡献。",
    "成员国安全执法部门间的合作、配合、交流常态化机制不断完善。",
    "区域国际公路运输快速发展,空中丝绸之路畅通连接,从中哈原油管道到中国—中亚天然气管道,从中俄原油管道到中俄东线天然气管道,区域立体互联互通网络日渐完善。",
    "各方大力推动本币互换和本币结算,中国新疆银行与中亚国家7家银行建立代理行关系,中国的支付宝等与哈萨克斯坦企业对接,"
    "中国银联卡在哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦和乌兹别克斯坦实现本地发行,助力投资持续升级。",
    "为促进区域数字经济合作,我国建立了中国—上合组织大数据中心,并设立新疆分中心、哈萨克斯坦数字技术交流合作基地、中国广州数字技术培训中心、"
    "中国重庆数字技术培训中心4个分支机构,构建“国内实训+国际交流”双轮体系。",
    "在机制层面,已形成涵盖不同层次、较为完善的人文合作机制,既有元首峰会、总理会议等为上合组织国家间的合作确定方向,也有部长级会议制定行动计划,"
    "还有司局级的工作组,负责起草和落实达成的文件和计划。",
    "上合组织国家有140多个历史文化遗迹被列入世界文化遗产名录,旅游资源极为丰富,成员国间的旅游合作以及“上合组织八大奇迹”系列活动、"
    "“上合之夏”“上合组织旅游和文化之都”等多边合作积极开展,不仅带动地区国家间的文明互鉴和人员交往,更促进了一系列文旅产业开发,为当地经济发展作出重要贡献。",
    "“上合组织大家庭”地处亚欧大陆,历史上丝绸之路贯通域内,各国拥有悠久历史和灿烂文明。",
]


def test_002_word_cloud_dropped(sources_json) -> None:
    s = sources_json["002"]
    assert [t for t in texts(s) if t in WORD_CLOUD] == []
    assert texts(s)[-1].startswith("（作者系中国社会科学院俄罗斯东欧中亚研究所所长")


@pytest.mark.parametrize("n", range(1, 9))
def test_002_broken_sentence_rejoined(sources_json, n: int) -> None:
    sentence = zh(SENTENCES_002[n - 1])
    assert len(paragraphs_containing(sources_json["002"], sentence)) == 1, f"case {n} of SOURCES.md §3 (002) not repaired"


def test_002_pull_quotes(sources_json) -> None:
    s = sources_json["002"]
    for start in ("上合组织成立24年来，在“互信", "天津峰会上，上合组织成立以来规模最大"):
        assert s["paragraphs"][index_of(s, start)]["kind"] == "quote"
    assert sum(p["kind"] == "quote" for p in s["paragraphs"]) == 2


_TRUSTEE = "中国上海合作组织研究中心常务理事）："  # 002 L15/L39/L97, `):` made full-width


@pytest.mark.parametrize(
    ("heading", "question", "intro"),
    [
        ("安全合作内涵持续丰富", "上合组织致力于维护地区安全", "许涛（中国现代国际关系研究院研究员、" + _TRUSTEE),
        ("经济合作空间积极拓展", "在深化经贸、投资、互联互通等领域合作方面", "刘华芹（商务部国际贸易经济合作研究院研究员、" + _TRUSTEE),
        ("人文交流之路越走越宽", "近年来，在不断夯实民意基础方面", "韩璐（中国国际问题研究院欧亚所副所长、" + _TRUSTEE),
    ],
)
def test_002_heading_then_question_then_answer(sources_json, heading: str, question: str, intro: str) -> None:
    s = sources_json["002"]
    h = [i for i, p in enumerate(s["paragraphs"]) if p["text"] == heading]
    assert len(h) == 1
    assert s["paragraphs"][h[0]]["kind"] == "heading"
    q = index_of(s, question)
    assert q == h[0] + 1, "a section heading must come right before its question"
    assert texts(s)[q].endswith("？")
    assert q + 1 == index_of(s, intro)


def test_002_other_headings(sources_json) -> None:
    s = sources_json["002"]
    assert [p["text"] for p in s["paragraphs"][:2]] == ["智库圆桌（第54期·总343期）", "擘画上合组织发展新蓝图"]
    assert [p["kind"] for p in s["paragraphs"][:2]] == ["heading", "heading"]
    assert sum(p["kind"] == "heading" for p in s["paragraphs"]) == 5


SPEAKER_RANGES = [
    ("许涛", "许涛（中国现代国际关系研究院", "今年是中国人民抗日战争暨世界反法西斯战争"),
    ("刘华芹", "刘华芹（商务部国际贸易经济合作研究院", "地方合作释放潜力。"),
    ("韩璐", "韩璐（中国国际问题研究院", "展望未来，需以更加务实高效"),
    ("未署名作者", "习近平主席指出，“上海精神”", "（作者系中国社会科学院俄罗斯东欧中亚研究所所长"),
]


def test_002_speakers_set_on_their_parts(sources_json) -> None:
    s = sources_json["002"]
    previous_end = -1
    for name, start, end in SPEAKER_RANGES:
        i, k = index_of(s, start), index_of(s, end)
        assert previous_end < i <= k, f"{name}'s part is out of order"
        spoken = [n for n, p in enumerate(s["paragraphs"]) if p["speaker"] == name]
        assert spoken == list(range(i, k + 1)), name
        previous_end = k


def test_002_han_lu_after_liu_huaqin(sources_json) -> None:
    s = sources_json["002"]
    liu = [n for n, p in enumerate(s["paragraphs"]) if p["speaker"] == "刘华芹"]
    han = [n for n, p in enumerate(s["paragraphs"]) if p["speaker"] == "韩璐"]
    assert liu and han and max(liu) < min(han)
    # the answer that was 36 lines too early now continues 韩璐's answer
    assert index_of(s, "韩璐（") < paragraphs_index(s, "较为完善的人文合作机制")


def paragraphs_index(source: dict, needle: str) -> int:
    hits = [i for i, t in enumerate(texts(source)) if needle in t]
    assert len(hits) == 1
    return hits[0]


# --------------------------------------------------------------------------
# 003: the OCR-ish paper
# --------------------------------------------------------------------------

GARBLED = ["BaTaJIbOH eIHHO6oKHSIIKHxaπa", "OpraHH3aIIus eIHHO60KHSⅡKHxan", "YaKLIHMHKap", "TyJIMypon XaIHMOB"]


def test_003_text_repairs(sources_json) -> None:
    s = sources_json["003"]
    text = "\n".join(texts(s))
    assert len(paragraphs_containing(s, "助推新一轮极端主义浪潮。一是夺权模式效应")) == 1
    assert not any(t.endswith("浪") or t.startswith("潮。") for t in texts(s))
    assert "②" not in text
    assert "中国—中亚" in text and "中国一中亚" not in text and "中国-中亚" not in text
    assert "新疆—中亚" in text and "新疆一中亚" not in text
    for years in ("2018—2021年", "1991—2000年"):
        assert years in text
    assert "2018-2021年" not in text and "1991-2000年" not in text
    assert "较为活跃的2014—2016年" in text  # stray space removed, hyphen made a dash
    assert "戈尔诺-巴达赫尚" not in text
    assert "反恐协作—2021" in text  # written like 002's 反恐协作—2024
    assert "Barry Buzan" in text


def test_003_garbled_spans_marked(sources_json) -> None:
    s = sources_json["003"]
    marked = [p["text"][a:b] for p in s["paragraphs"] for a, b in p["garbled"]]
    assert marked == GARBLED
    assert not any("Barry" in m or "Regional Security" in m for m in marked)


# --------------------------------------------------------------------------
# 004: the markdown article
# --------------------------------------------------------------------------

SENTENCES_004 = [
    "这两个协定的签署不仅为“上海五国”会晤机制及上合组织的建立奠定了重要的政治基础,而且对冷战后中国安全战略的演进和地区安全的构建具有开创意义。",
    "针对苏联解体后欧亚地区政治裂变所引发的各类局势新变化，“上海五国”元首会晤将关注点与合作方向锁定在地区安全出现的新特点上，"
    "顺势完成了合作由传统安全领域向非传统安全领域的转型。",
    "同年6月的上合组织圣彼得堡峰会上，中国领导人再次阐述了树立新安全观的重要性和现实性：“总结历史和现实的经验，"
    "最根本的是必须抛弃‘冷战思维’，树立新型安全观，努力建立公正合理的国际新秩序。",
    "中国领导人此次对新安全观内容的逐条说明，成为其自诞生以来最详尽、最系统、最权威的诠释，这不仅体现了中国最高决策层在冷战后国际安全战略上的继承性和延续性，"
    "也是中国新一代领导集体在新时期对新安全观的完善和升华。",
    "无论是建国早期建设阶段的传统安全观，还是改革开放以来逐渐成熟完善的新安全观，中国一直是安全多边主义的践行者。",
    "随着国际环境的变化与发展，上合组织安全合作的内涵与外延都在充实和拓展，并与中国新安全观乃至总体国家安全观的内涵和外延交织并行、相辅相成。",
    "生活在历史和现实交汇的同一个时空里，越来越成为你中有我、我中有你的命运共同体。”",
    "恪守尊重主权、独立和领土完整、互不干涉内政等国际关系基本准则,尊重各国自主选择的社会制度和发展道路,尊重并照顾各方合理安全关切。",
    "突发的疫情严重影响了上合组织各成员国的公共卫生安全，而且对疫后经济社会发展造成威胁，甚至可能引发各种带有极端主义色彩的社会思潮，"
    "从而再次将预防和应对大规模非传统安全危机问题提到了上合组织未来安全合作的日程之中。",
    "尤其是对欧亚地区的发展中国家和新兴经济体而言，“发展是安全的基础，安全是发展的条件”。",
]


def test_004_notes(sources_json) -> None:
    s = sources_json["004"]
    assert [n["id"] for n in s["notes"]] == [f"fn{i}" for i in range(1, 28)]
    referenced = [ref for p in s["paragraphs"] for ref in p["notes"]]
    assert referenced == [f"fn{i}" for i in range(1, 28)], "each note referenced once, in order"


@pytest.mark.parametrize("markup", ["<sup>", "</sup>", "\\_", "**", "Biden", "2014 年", "](", "# "])
def test_004_markup_and_foreign_abstract_gone(sources_json, markup: str) -> None:
    s = sources_json["004"]
    for item in s["paragraphs"] + s["notes"]:
        assert markup not in item["text"], item["id"]


def test_004_dates_and_languages(sources_json) -> None:
    s = sources_json["004"]
    notes = "\n".join(n["text"] for n in s["notes"])
    assert "2014年5月21日" in notes
    assert "在2014年5月上海亚信会议上" in "".join(texts(s))
    en = [p for p in s["paragraphs"] if p["lang"] == "en"]
    assert en, "the English version must be kept"
    assert any(p["text"] == "By Xu Tao" for p in en)
    assert any("This article was received on April 13, 2021." in p["text"] for p in en)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert not any(cjk.search(p["text"]) for p in en)
    assert all(p["lang"] == "zh" for p in s["paragraphs"] if cjk.search(p["text"]))
    # reading order: all Chinese first, then the English version
    langs = [p["lang"] for p in s["paragraphs"]]
    assert langs == sorted(langs, key=lambda lang: lang != "zh")


@pytest.mark.parametrize("n", range(1, 11))
def test_004_broken_sentence_rejoined(sources_json, n: int) -> None:
    sentence = zh(SENTENCES_004[n - 1])
    assert len(paragraphs_containing(sources_json["004"], sentence)) == 1, f"case {n} of SOURCES.md §3 (004 Chinese) not repaired"


# --------------------------------------------------------------------------
# All sources
# --------------------------------------------------------------------------

MIXED_PARENS = re.compile(r"（[^（）()]*\)|\([^（）()]*）")


def test_parentheses_paired_in_one_width(sources_json) -> None:
    """No `（…)` or `(…）`: 003 L12 `(BaTaJIbOH …πa),主要` once came out as `（BaTaJIbOH …πa)，主要`."""
    bad = [
        (sid, p["id"], m.group(0))
        for sid, s in sources_json.items()
        for p in s["paragraphs"] + s["notes"]
        for m in MIXED_PARENS.finditer(p["text"])
    ]
    assert bad == []


# --------------------------------------------------------------------------
# Rendered HTML of 004
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_zh(site) -> BeautifulSoup:
    return BeautifulSoup(site.files["zh/sources/004/index.html"].decode("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def page_en(site) -> BeautifulSoup:
    return BeautifulSoup(site.files["en/sources/004/index.html"].decode("utf-8"), "html.parser")


def test_004_html_noterefs_and_backrefs(page_zh) -> None:
    refs = page_zh.select("sup.noteref a")
    assert len(refs) == 27
    ids = {el["id"] for el in page_zh.select("[id]")}
    assert [a["href"] for a in refs] == [f"#fn{i}" for i in range(1, 28)]
    for a in refs:
        assert a["href"][1:] in ids
        assert a.get("id") == f"ref-{a['href'][1:]}"
    notes = page_zh.select("ol.notes > li")
    assert [li["id"] for li in notes] == [f"fn{i}" for i in range(1, 28)]
    for li in notes:
        back = li.select("a.backref")
        assert len(back) == 1 and back[0]["href"] == f"#ref-{li['id']}"
        assert back[0]["href"][1:] in ids


def test_004_html_file_paths_are_text_not_links(page_zh) -> None:
    assert page_zh.select("a[href^=file]") == []
    assert page_zh.get_text().count("file:///C:/Users/lenovo/") == 2


def test_004_html_every_paragraph_has_id_and_visible_number(page_zh, sources_json) -> None:
    """Each paragraph shows its number as citations give it (第12段) and links to itself."""
    blocks = page_zh.select("section.text div.para, section.text h3.para-heading, section.text blockquote.pull")
    assert len(blocks) == len(sources_json["004"]["paragraphs"])
    for el in blocks:
        assert el.get("id"), el
        links = [a for a in el.select("a.para-num") if a.get("href") == f"#{el['id']}"]
        assert len(links) == 1 and links[0].get_text() == f"第{el['id'][1:]}段", el["id"]
    assert [el["id"] for el in blocks] == [p["id"] for p in sources_json["004"]["paragraphs"]]


def test_004_english_page_marks_chinese_paragraphs(page_en, sources_json) -> None:
    zh_ids = {p["id"] for p in sources_json["004"]["paragraphs"] if p["lang"] == "zh"}
    en_ids = {p["id"] for p in sources_json["004"]["paragraphs"] if p["lang"] == "en"}
    for pid in zh_ids:  # the translation, in the page's language, with the Chinese original beside it
        el = page_en.find(id=pid)
        assert el is not None and el.get("lang") is None and el.select_one(".orig")["lang"] == "zh-Hans", pid
    for pid in en_ids:
        el = page_en.find(id=pid)
        assert el is not None and el.get("lang") in (None, "en"), pid  # the page itself is English
    assert page_en.find("html")["lang"].startswith("en")
