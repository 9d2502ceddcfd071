"""Every page exists in both languages, says so in its head, and the switcher goes to its twin."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup


def pages_of(site: Any) -> list[str]:
    """Every page of the two languages, without the redirects from event ids of earlier editions."""
    return [n for n in site.files if n.endswith(".html") and n.startswith(("zh/", "en/")) and b'http-equiv="refresh"' not in site.files[n]]


def test_every_page_has_its_counterpart_and_switcher(site: Any) -> None:
    pages = pages_of(site)
    assert len(pages) > 600
    for name in pages:
        lang, rest = name.split("/", 1)
        other = ("en" if lang == "zh" else "zh") + "/" + rest
        assert other in site.files, f"{name} has no {other}"
        soup = BeautifulSoup(site.files[name], "html.parser")
        assert soup.html["lang"] == ("zh-Hans" if lang == "zh" else "en")
        switch = soup.select_one("a[data-switch]")
        depth = name.count("/")
        assert switch["href"] == "../" * depth + other.removesuffix("index.html"), name
        hreflangs = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert hreflangs == {"zh-Hans", "en", "x-default"}, name


def test_chinese_text_on_english_pages_is_marked(site: Any) -> None:
    """On English pages every Chinese original is marked zh-Hans and every translation beside it en."""
    soup = BeautifulSoup(site.files["en/sources/002/index.html"], "html.parser")
    pairs = soup.select("div.pair")
    assert pairs and all(p.select_one(".orig").get("lang") == "zh-Hans" for p in pairs)
    assert all(p.select_one(".en").find_parent(lang=True).get("lang") == "en" for p in pairs)
    quotes = BeautifulSoup(site.files["en/timeline/index.html"], "html.parser").select("blockquote.quote")
    assert quotes and all(q.select_one("p").get("lang") == "zh-Hans" and q.select_one("p.trans").get("lang") == "en" for q in quotes)


def test_sitemap_lists_both_languages_with_alternates(site: Any) -> None:
    xml = site.files["sitemap.xml"].decode("utf-8")
    assert xml.count("<url>") == len(pages_of(site))
    assert 'hreflang="zh-Hans"' in xml and 'hreflang="en"' in xml


def test_chinese_entry_lists_are_in_pinyin_order_english_in_alphabetical(site: Any) -> None:
    """A Chinese reader looks for 阿富汗 under A and 中国 under Z, not in the order of the English names."""

    def names(path: str) -> list[str]:
        index = BeautifulSoup(site.files[path], "html.parser").select(".az li > a")
        return [a.get_text() for a in index]

    zh = names("zh/search/index.html")
    assert zh[:3] == ["阿富汗", "阿富汗北部", "阿克纠宾州"]  # a-fu-han, a-fu-han-bei-bu, a-ke-jiu-bin-zhou
    assert zh.index("俄罗斯") < zh.index("上海合作组织") < zh.index("中国")  # e < shang < zhong
    assert zh.index("“天山”") < zh.index("乌兹别克斯坦")  # quotation marks ignored: tian < wu
    en = names("en/search/index.html")
    assert en.index("Afghanistan") < en.index("China") < en.index("Uzbekistan")
    countries = [a.get_text() for a in BeautifulSoup(site.files["zh/countries/index.html"], "html.parser").select("main li > a")]
    assert countries.index("俄罗斯") < countries.index("中国"), "section indexes use the same order"


def test_pinyin_key() -> None:
    from chronicle.render.collation import zh_key

    assert zh_key("“天山”")[0] == ("tian", "shan")
    assert sorted(["中国", "阿富汗", "俄罗斯", "C5+1机制"], key=zh_key) == ["阿富汗", "C5+1机制", "俄罗斯", "中国"]


def test_titles_the_texts_do_not_have_are_marked_as_ours(site: Any, sources_json: dict[str, dict[str, Any]]) -> None:
    """000 and 003 have no title of their own (SOURCES.md); a reader must not take ours for the author's."""
    supplied = {sid for sid, s in sources_json.items() if s["title_supplied"]}
    assert supplied == {"000", "003"}
    for lang, words in (("zh", "原文无标题"), ("en", "the text has no title")):
        note = BeautifulSoup(site.files[f"{lang}/sources/003/index.html"], "html.parser").select_one(".title-note")
        assert note is not None and words in note.get_text()
    assert BeautifulSoup(site.files["en/sources/001/index.html"], "html.parser").select_one(".title-note") is None


def test_window_titles_name_the_page_then_the_site_once(site: Any) -> None:
    def title(path: str) -> str:
        return BeautifulSoup(site.files[path], "html.parser").head.title.get_text()

    assert title("zh/index.html") == "上合组织安全合作编年史"  # the home page is the site: not "X · X"
    assert title("en/index.html") == "SCO Security Chronicle"
    assert title("en/timeline/index.html") == "Timeline · SCO Security Chronicle"
    assert title("zh/centers/rats/index.html") == "上海合作组织地区反恐怖机构 · 上合组织安全合作编年史"


def test_english_counts_agree_in_number(site: Any) -> None:
    """A count of one takes the singular ("1 mentions" reads as a typo), every other count the plural."""
    singular_wrong = re.compile(r"(?<![\d,.])1 (?:events|mentions|citations)\b")
    plural_wrong = re.compile(r"\b(?:[02-9]|\d\d+) (?:event|mention|citation)\b(?!s)")
    pages = {n: BeautifulSoup(b, "html.parser").get_text(" ") for n, b in site.files.items() if n.startswith("en/") and n.endswith(".html")}
    for name, text in pages.items():
        assert not singular_wrong.search(text), (name, singular_wrong.search(text))
        assert not plural_wrong.search(text), (name, plural_wrong.search(text))
    exercises = pages["en/exercises/index.html"]
    assert "Vostok “东方” · 1 mention" in " ".join(exercises.split()), "Vostok is named once, in source 002"
    assert "Peace Mission 和平使命 · 2 mentions" in " ".join(exercises.split()), "named in sources 000 and 002"


def test_the_a_to_z_index_is_grouped_by_letter_with_a_jump_bar(site: Any) -> None:
    """202 entries in one list ran 7,800 px tall; a reader jumps to a letter: pinyin initials in Chinese
    (阿富汗 under A, 中国 under Z), first letters in English."""
    zh_samples = {"阿富汗": "A", "中国": "Z", "“天山”": "T", "上海合作组织": "S"}
    for lang, samples in (
        ("zh", zh_samples),
        ("en", {"Afghanistan": "A", "China": "C", "13th Meeting of Security Council Secretaries of SCO Member States": "#"}),
    ):
        soup = BeautifulSoup(site.files[f"{lang}/search/index.html"], "html.parser")
        jumps = [a.get_text() for a in soup.select(".az-letters a")]
        letters = [x for x in jumps if x != "#"]
        assert letters == sorted(letters) and len(letters) >= 15 and jumps[: len(letters)] == letters, (
            "names that start otherwise come last"
        )
        ids = [f"az-{'other' if x == '#' else x}" for x in jumps]
        assert [a["href"] for a in soup.select(".az-letters a")] == [f"#{i}" for i in ids]
        headings = soup.select(".az h3")
        assert [h.get_text() for h in headings] == jumps and [h["id"] for h in headings] == ids
        letter_of = {a.get_text(): h.get_text() for h in headings for a in h.find_next_sibling("ul").select("li > a")}
        assert len(letter_of) == 205
        for name, letter in samples.items():
            assert letter_of[name] == letter, (lang, name)


def test_each_conflicting_claim_links_to_its_paragraph(site: Any) -> None:
    """Where sources date an event differently, each claim's source is a link to the paragraph it quotes."""
    pages = [n for n in site.files if "/events/" in n and b'class="conflicts"' in site.files[n]]
    assert len(pages) >= 8, "4 disputed events (one page each, every claim side by side), in two languages"
    for name in pages:
        soup = BeautifulSoup(site.files[name], "html.parser")
        for claim in soup.select(".conflicts > div"):
            quotes, sources = claim.select('p[lang="zh-Hans"]'), claim.select("p.muted")
            assert quotes and len(quotes) == len(sources), name
            for p in sources:
                link = p.find("a")
                assert link is not None and re.search(r"/sources/\d{3}/#(p\d+(s\d+)?|fn\d+)$", link["href"]), (name, str(p))


def test_long_entry_indexes_go_by_letter_and_short_ones_stay_one_list(site: Any) -> None:
    """Places (48) get letter headings and a jump bar; treaties (12) stay one list. Either way each entry
    of the type is listed once."""
    places = BeautifulSoup(site.files["zh/places/index.html"], "html.parser")
    letters = [a.get_text() for a in places.select(".az-letters a")]
    assert letters[:3] == ["A", "B", "D"] and [h.get_text() for h in places.select("main h2.letter")] == letters
    listed = [a.get_text() for a in places.select("main .entity-list li > a")]
    assert len(listed) == len(set(listed)) == 48
    heading_of = {a.get_text(): h.get_text() for h in places.select("main h2.letter") for a in h.find_next_sibling("ul").select("li > a")}
    assert heading_of["阿拉木图"] == "A" and heading_of["乌鲁木齐"] == "W"
    treaties = BeautifulSoup(site.files["en/treaties/index.html"], "html.parser")
    assert not treaties.select(".az-letters") and not treaties.select("h2.letter")
    assert len(treaties.select("main .entity-list li > a")) == 12


def test_an_event_id_of_an_earlier_edition_leads_to_its_event(site: Any) -> None:
    """1997-shanghai-five-founding was an event page; the extraction made it a claim of the 1996 founding."""
    for lang in ("zh", "en"):
        old = BeautifulSoup(site.files[f"{lang}/events/1997-shanghai-five-founding/index.html"], "html.parser")
        assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=../../../{lang}/events/1996-shanghai-five-founding/"
        assert old.select_one("link[rel=canonical]")["href"].endswith(f"/{lang}/events/1996-shanghai-five-founding/")
        assert f"{lang}/events/1996-shanghai-five-founding/index.html" in site.files
