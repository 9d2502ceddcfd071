"""The knowledge layer as a reader meets it: quotes, dates, entities, conflicts, pages."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.core.catalog import parse_catalog
from chronicle.core.events import classify, sentences
from chronicle.core.mentions import find_in_text, make_matcher, trie_pattern
from chronicle.core.model import Entity
from chronicle.core.short_forms import search_keys, short_forms, typed_key


def _paragraphs(site: Any) -> dict[tuple[str, str], str]:
    """Cleaned text by (source, anchor): paragraphs (p12) and footnotes (fn6), as published in sources.json."""
    data = json.loads(site.files["data/sources.json"])
    texts = {(s["id"], p["id"]): p["text"] for s in data["sources"] for p in s["paragraphs"]}
    texts.update({(s["id"], n["id"]): n["text"] for s in data["sources"] for n in s["notes"]})
    return texts


def test_every_quote_is_in_its_cleaned_paragraph(site: Any) -> None:
    paragraphs = _paragraphs(site)
    events = json.loads(site.files["data/timeline.json"])["events"]
    for e in events:
        for c in e["citations"]:
            assert c["quote"] in paragraphs[(c["source"], c["paragraph"])], (e["id"], c)
    notes = [c for e in events for c in e["citations"] if c["paragraph"].startswith("fn")]
    assert [(c["source"], c["paragraph"]) for c in notes] == [("004", "fn6")], "only the note that contradicts its text is cited"


def test_timeline_runs_from_1979_to_2025(site: Any) -> None:
    # 003 p17 "从1979年苏联入侵阿富汗…" is the earliest happening told; 000-003 reach 2025
    starts = [e["date"]["start"] for e in json.loads(site.files["data/timeline.json"])["events"]]
    assert min(starts)[:4] == "1979"
    assert max(starts)[:4] == "2025"


def test_shanghai_five_dispute_is_one_event_with_both_claims(site: Any) -> None:
    """002 dates the Shanghai Five to 1996, 000 to 1997: one event, both claims kept, 1996 preferred."""
    events = {e["id"]: e for e in json.loads(site.files["data/timeline.json"])["events"]}
    assert "1997-shanghai-five-founding" not in events
    five = events["1996-shanghai-five-founding"]
    assert [(c["date"]["start"], c["sources"], c["rank"]) for c in five["claims"]] == [
        ("1996", ["002"], "preferred"),
        ("1997", ["000"], "normal"),
    ]
    assert "000" in {c["source"] for c in five["citations"]}
    assert five["conflicts"] == [{"event": "1997-shanghai-five-founding", "date": "1997", "sources": ["000"]}]
    page = BeautifulSoup(site.files["en/events/1996-shanghai-five-founding/index.html"], "html.parser")
    assert len(page.select(".conflicts > div")) == 2, "the event page shows both claims side by side"


def test_key_events_are_dated_as_the_sources_say(site: Any) -> None:
    events = {e["id"]: e for e in json.loads(site.files["data/timeline.json"])["events"]}
    # 004 p14 "2001年6月" with 000 p2, 002 p8, p35 "2001年": one event, the more precise date
    founding = events["2001-06-sco-founding"]
    assert founding["date"]["start"] == "2001-06" and "2001-sco-founding" in founding["merged_ids"]
    assert {c["source"] for c in founding["citations"]} == {"000", "002", "004"}
    assert "rats" in {i for e in events.values() for i in e["entities"]}
    tianjin = [e for e in events.values() if e["date"]["start"].startswith("2025")]
    assert any("comprehensive-center" in e["entities"] for e in tianjin), "the 2025 unveiling of the four centers"


def test_entities_unique_with_both_names_and_pages(site: Any) -> None:
    entities = json.loads(site.files["data/entities.json"])["entities"]
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)) and len(ids) > 100
    for e in entities:
        assert e["name"]["zh"] and e["name"]["en"]
        for lang in ("zh", "en"):
            assert e["url"][lang].lstrip("/") + "index.html" in site.files, e["url"][lang]


def test_an_entity_page_lists_the_names_most_often_in_its_paragraphs(site: Any) -> None:
    """'Mentioned together': counted from the links of the Chinese source pages, independently of the build."""

    def linked(element: Any) -> list[str]:
        return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in element.select("a.mention")]

    together: Counter[str] = Counter()
    for path, html in site.files.items():
        if path.startswith("zh/sources/") and path.endswith("/index.html") and path.count("/") == 3:
            text = BeautifulSoup(html, "html.parser").select_one("section.text")
            for paragraph in text.select("[id^=p]"):
                names = linked(paragraph)
                if "rats" in names:
                    together.update(n for n in names if n != "rats")
    expected = [n for n, _ in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:12]]
    page = BeautifulSoup(site.files["zh/centers/rats/index.html"], "html.parser")
    heading = next(h for h in page.select("h2") if h.get_text() == "常一同提及")
    shown = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in heading.find_next("p").select("a.chip")]
    assert len(expected) == 12 and shown == expected


def test_every_event_has_a_page_and_is_on_the_timeline(site: Any) -> None:
    events = json.loads(site.files["data/timeline.json"])["events"]
    for lang in ("zh", "en"):
        timeline = BeautifulSoup(site.files[f"{lang}/timeline/index.html"], "html.parser")
        listed = {li["id"].removeprefix("ev-") for li in timeline.select("li.event")}
        for e in events:
            assert f"{lang}/events/{e['id']}/index.html" in site.files
            assert e["id"] in listed


def test_source_page_links_mentions_to_entities(site: Any) -> None:
    page = BeautifulSoup(site.files["zh/sources/002/index.html"], "html.parser")
    hrefs = {a["href"] for a in page.select("a.mention")}
    assert any(h.endswith("centers/rats/") for h in hrefs), "地区反恐机构 links to RATS"


def test_longest_match_wins_and_garbled_spans_are_skipped() -> None:
    rats = Entity(
        "rats", "center", {"zh": "上海合作组织地区反恐怖机构", "en": "RATS"}, {"zh": ("地区反恐怖机构",), "en": ()}, {"zh": "x", "en": "x"}
    )
    sco = Entity("sco", "organization", {"zh": "上海合作组织", "en": "SCO"}, {"zh": ("上合组织",), "en": ()}, {"zh": "x", "en": "x"})
    matcher = make_matcher([rats, sco])
    found = find_in_text(matcher, "上海合作组织地区反恐怖机构与上合组织")
    assert [(f[2], f[3]) for f in found] == [("rats", "上海合作组织地区反恐怖机构"), ("sco", "上合组织")]
    assert find_in_text(matcher, "上合组织（上合组织）", blocked=[(5, 9)]) == [(0, 4, "sco", "上合组织")]


@given(
    names=st.lists(st.text(alphabet="上海合作组织", min_size=1, max_size=5), min_size=1, max_size=8, unique=True),
    text=st.text(alphabet="上海合作组织。", max_size=40),
)
def test_the_trie_finds_what_the_names_sorted_longest_first_find(names: list[str], text: str) -> None:
    # The trie is an optimisation of the plain alternation, longest name first: same matches, same order.
    longest_first = re.compile("|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))))
    trie = re.compile(trie_pattern(names))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in longest_first.finditer(text)]


@given(
    names=st.lists(st.text(alphabet="上海合作组织中国俄罗斯", min_size=1, max_size=4), min_size=1, max_size=30, unique=True),
    text=st.text(alphabet="上海合作组织中国俄罗斯。", max_size=40),
    fan_out=st.integers(1, 4),
)
def test_a_trie_split_by_halves_finds_the_same(names: list[str], text: str, fan_out: int) -> None:
    """Nodes with more branches than `fan_out` pick theirs by a binary search on the next character: same matches."""
    longest_first = re.compile("|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))))
    split = re.compile(trie_pattern(names, fan_out))
    assert [m.span() for m in split.finditer(text)] == [m.span() for m in longest_first.finditer(text)]


@given(
    text=st.text(alphabet="上合组织（）ab", max_size=60),
    blocked=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted), max_size=6),
)
def test_blocked_spans_are_skipped_as_by_testing_each(text: str, blocked: list[list[int]]) -> None:
    """The spans are walked once beside the matches; the result is that of testing every span against every match."""
    entities = [Entity("sco", "organization", {"zh": "上合组织", "en": "SCO"}, {"zh": ("组织",), "en": ()}, {"zh": "x", "en": "x"})]
    matcher = make_matcher(entities)
    spans = [(a, b) for a, b in blocked]
    everything = find_in_text(matcher, text)
    expected = [f for f in everything if not any(f[0] < b and a < f[1] for a, b in spans)]
    assert find_in_text(matcher, text, spans) == expected


def test_event_kind_from_verbs() -> None:
    assert classify("2001年6月，六国元首签署《上海公约》。", ["treaty"]) == "signing"
    assert classify("2004年，地区反恐怖机构在塔什干成立。", ["center"]) == "founding"
    assert classify("上合组织成立以来，安全合作不断深化。", []) is None
    assert sentences("甲。乙！丙") == [(0, 2), (2, 4), (4, 5)]


def test_catalog_errors_have_file_and_line() -> None:
    from chronicle.yaml_lines import load_yaml

    data = load_yaml(
        "- id: rats\n  name: {zh: 甲, en: A}\n  description: {zh: 乙, en: B}\n  parnet: sco\n"
        "- id: rats\n  name: {zh: 丙}\n  description: {zh: 丁, en: D}\n"
    )
    _, problems = parse_catalog({"content/catalog/center.yaml": data})
    text = "\n".join(p.format() for p in problems)
    assert "content/catalog/center.yaml:4: error: rats: unknown field 'parnet' (did you mean 'parent'?)" in text
    assert "center.yaml:6" in text and "no English text" in text


@given(st.text(max_size=300), st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=3))
@settings(max_examples=200, deadline=None)
def test_mention_finder_never_raises_and_never_overlaps(text: str, blocked: list[tuple[int, int]]) -> None:
    names = [("上合组织", "sco"), ("上海合作组织", "sco"), ("上海合作组织地区反恐怖机构", "rats"), ("RATS", "rats")]
    entities = [Entity(eid, "center", {"zh": name, "en": name}, {"zh": (), "en": ()}, {"zh": "x", "en": "x"}) for name, eid in names]
    spans = [(min(a, b), max(a, b)) for a, b in blocked]
    found = find_in_text(make_matcher(entities[:1] + entities[2:]), text, spans)
    for (s1, e1, _, t1), (s2, _, _, _) in zip(found, found[1:], strict=False):
        assert e1 <= s2, "no overlaps"
        assert text[s1:e1] == t1
    for s, e, _, _ in found:
        assert not any(s < be and bs < e for bs, be in spans), "never inside a blocked span"


def _entity(zh: str, en: str, zh_aliases: tuple[str, ...] = (), en_aliases: tuple[str, ...] = ()) -> Entity:
    return Entity("x", "organization", {"zh": zh, "en": en}, {"zh": zh_aliases, "en": en_aliases}, {"zh": "x", "en": "x"})


def test_short_forms_are_acronyms_one_word_names_and_short_chinese_names() -> None:
    sco = _entity(
        "上海合作组织", "Shanghai Cooperation Organization (SCO)", ("上合组织", "上合"), ("SCO", "Shanghai Cooperation Organization")
    )
    assert short_forms(sco) == ("上合组织", "上合", "SCO")
    # "SCO RATS" has a space: it is not what makes RATS the answer to "SCO".
    rats = _entity("上海合作组织地区反恐怖机构", "Regional Anti-Terrorist Structure (RATS)", ("地区反恐机构",), ("RATS", "SCO RATS"))
    assert short_forms(rats) == ("RATS",)
    assert short_forms(_entity("“天山”", "Tianshan")) == ("天山", "Tianshan")
    assert short_forms(_entity("哈萨克斯坦北部", "North Kazakhstan Region")) == ()  # not a lift for "Kazakhstan"
    assert short_forms(_entity("反恐协作—2021", "Counter-Terrorism Cooperation-2021")) == ()


def test_search_keys_are_every_name_in_one_language_as_a_reader_types_it() -> None:
    five = _entity("上海五国", "Shanghai Five", ("“上海五国”机制",), ("Shanghai Five mechanism", "SHANGHAI FIVE"))
    assert search_keys(five, "zh") == ("上海五国", "上海五国机制")
    assert search_keys(five, "en") == ("shanghaifive", "shanghaifivemechanism")  # case and spaces do not count
    assert typed_key("  Shanghai  five ") == typed_key("ＳＨＡＮＧＨＡＩ　FIVE") == "shanghaifive"  # full-width letters and space
    assert typed_key("《上海公约》") == typed_key("上海公约")
    assert typed_key("a|b") == "ab"  # `|` joins the keys in the page


def test_search_page_lists_each_entrys_keys_beside_its_link(site: Any) -> None:
    soup = BeautifulSoup(site.files["en/search/index.html"], "html.parser")
    link = soup.find("a", string="SCO Tianjin Summit (2025)")
    assert link["data-names"].split("|") == ["scotianjinsummit(2025)", "tianjinsummit", "2025shanghaicooperationorganization(sco)summit"]
    zh = BeautifulSoup(site.files["zh/search/index.html"], "html.parser")
    assert zh.find("a", string="上海五国")["data-names"].split("|")[0] == "上海五国"


def test_entity_pages_carry_their_short_forms_for_search(site: Any) -> None:
    def short_field(path: str) -> str | None:
        tag = BeautifulSoup(site.files[path], "html.parser").find(attrs={"data-pagefind-meta": "short"})
        return tag.get_text() if tag else None

    assert short_field("en/organizations/sco/index.html") == "上合组织 上合 SCO"
    assert short_field("zh/centers/rats/index.html") == "RATS"
    assert short_field("zh/exercises/fankong-xiezuo-2021/index.html") is None


def test_a_hint_lists_a_few_choices_in_full_but_never_two_hundred() -> None:
    """Beside a typo the hint names the closest id; far from all of many ids it names the nearest few
    or says how many there are, where it used to print all 202 catalog ids."""
    from chronicle.core.diagnostics import did_you_mean

    ids = [f"entity-{n:03d}" for n in range(200)] + ["rats", "drug-control-center"]
    assert did_you_mean("ratz", ids) == "did you mean 'rats'?"
    assert did_you_mean("rats-centre", ids).startswith("no close match; the nearest are 'rats'")
    assert did_you_mean("qqqq", ids) == "not close to any of the 202 known names"
    assert did_you_mean("qqqq", ["drop", "cut"]) == "expected one of: cut, drop"


def test_a_name_given_twice_in_one_entry_is_a_warning_at_its_line() -> None:
    from chronicle.yaml_lines import load_yaml

    data = load_yaml(
        "- id: shanghai-spirit\n  name: {zh: 上海精神, en: Shanghai Spirit}\n  aliases:\n    zh: []\n    en: [Shanghai Spirit]\n"
        "  description: {zh: 甲, en: A}\n"
    )
    entities, problems = parse_catalog({"content/catalog/concept.yaml": data})
    assert len(entities) == 1, "a warning, not a rejection"
    assert [p.format() for p in problems] == [
        "content/catalog/concept.yaml:5: warning: shanghai-spirit: 'Shanghai Spirit' is given twice among the English name and aliases"
        " (keep it once: a repeated name shows twice on the entry's page) [CAT013]"
    ]


def test_the_real_catalog_names_nothing_twice(site) -> None:
    assert not [d for d in site.diagnostics if d.code in ("CAT012", "CAT013")]


# --------------------------------------------------------------------------
# Generated headlines: sentences from the kind, the act and the actors, never two alike
# --------------------------------------------------------------------------


def _catalog(*rows: tuple[str, str, str, str]) -> dict[str, Entity]:
    return {i: Entity(i, t, {"zh": zh, "en": en}, {"zh": (), "en": ()}, {"zh": "x", "en": "x"}) for i, t, zh, en in rows}


HEADLINE_CATALOG = _catalog(
    ("china", "country", "中国", "China"),
    ("kazakhstan", "country", "哈萨克斯坦", "Kazakhstan"),
    ("kyrgyzstan", "country", "吉尔吉斯斯坦", "Kyrgyzstan"),
    ("tajikistan", "country", "塔吉克斯坦", "Tajikistan"),
    ("india", "country", "印度", "India"),
    ("pakistan", "country", "巴基斯坦", "Pakistan"),
    ("afghanistan", "country", "阿富汗", "Afghanistan"),
    ("united-states", "country", "美国", "United States"),
    ("tianshan-1-2006", "exercise", "“天山—1号（2006）”", "Tianshan-1 (2006)"),
    ("sco", "organization", "上海合作组织", "Shanghai Cooperation Organization (SCO)"),
    ("hizb-ut-tahrir", "organization", "伊斯兰解放党", "Hizb ut-Tahrir"),
    ("rats", "center", "地区反恐怖机构", "Regional Anti-Terrorist Structure (RATS)"),
    ("bishkek", "place", "比什凯克", "Bishkek"),
    ("russia", "country", "俄罗斯", "Russia"),
    ("peace-mission", "exercise", "和平使命", "Peace Mission"),
    ("central-asia", "place", "中亚", "Central Asia"),
    ("cc-emergency-mechanism", "mechanism", "中国—中亚应急管理合作机制", "China–Central Asia Emergency Management Cooperation Mechanism"),
    ("china-position-paper", "document", "中国关于新安全观的立场文件", "China's Position Paper on the New Security Concept"),
)


def _generated(kind: str, act: str, entities: list[str], primary: str, start: str = "2006", quote: str = "") -> dict[str, str]:
    from chronicle.core.dates import DateValue
    from chronicle.core.events import Citation, Event
    from chronicle.core.knowledge import generated_title

    precision = {1: "year", 2: "month", 3: "day"}[len(start.split("-"))]
    cite = (Citation("005", "p1", quote, start),)
    e = Event("x", DateValue(start, None, precision, start), kind, tuple(entities), cite, primary, act=act)
    return generated_title(e, HEADLINE_CATALOG)


def test_generated_headlines_are_sentences_built_from_kind_and_actors() -> None:
    # made up after issue 21's trial text: a joint exercise of two countries
    exercise = _generated(
        "exercise", "exercise", ["china", "kazakhstan", "tianshan-1-2006"], "tianshan-1-2006", quote="中哈两国举行联合反恐演习"
    )
    assert exercise == {
        "en": "China and Kazakhstan hold the joint counter-terrorism exercise Tianshan-1 (2006)",
        "zh": "中国和哈萨克斯坦举行“天山—1号（2006）”联合反恐演习",
    }
    # …and one the catalog does not name yet is called what the quote calls it
    unnamed = _generated("exercise", "exercise", ["china", "kazakhstan"], "china", quote="中哈两国举行联合反恐演习")
    assert unnamed == {"en": "China and Kazakhstan hold a joint counter-terrorism exercise", "zh": "中国和哈萨克斯坦举行联合反恐演习"}
    # 004 p27: the enlargement
    assert _generated("accession", "enlargement", ["sco", "india", "pakistan"], "sco", "2017") == {
        "en": "The Shanghai Cooperation Organization (SCO) admits India and Pakistan",
        "zh": "上海合作组织接纳印度和巴基斯坦为成员国",
    }
    # 003 p25: an arrest names the group it was aimed at; 003 p21: a withdrawal names where from
    arrest = _generated("operation", "arrest", ["kyrgyzstan", "hizb-ut-tahrir"], "kyrgyzstan", "2024-01")
    assert arrest["en"] == "Kyrgyzstan arrests members of Hizb ut-Tahrir"
    assert _generated("withdrawal", "withdrawal", ["united-states", "afghanistan"], "united-states", "2021") == {
        "en": "The United States withdraws from Afghanistan",
        "zh": "美国撤出阿富汗",
    }
    # 000 p6: figures over a period; 003 p7: a clash between two countries
    stat = _generated("statistic", "prevented", ["rats"], "rats", "2013")
    assert stat["en"] == "Figures on the Regional Anti-Terrorist Structure (RATS) cover 2013"
    assert _generated("incident", "clash", ["kyrgyzstan", "tajikistan"], "kyrgyzstan", "2022")["en"] == "Kyrgyzstan and Tajikistan clash"


def test_no_generated_headline_is_name_colon_kind() -> None:
    from chronicle.core.events import ACTS, KINDS

    for kind in KINDS:
        for act in {a.label for a in ACTS if a.kind == kind} | {kind}:
            title = _generated(kind, act, ["kazakhstan", "sco", "rats"], "sco")
            assert ":" not in title["en"] and "：" not in title["zh"], (kind, act, title)
            assert title["en"] and title["zh"] and title["en"][0].isupper(), (kind, act, title)


def test_two_events_never_share_a_generated_headline() -> None:
    from chronicle.core.dates import DateValue
    from chronicle.core.events import Citation, Event
    from chronicle.core.knowledge import with_headlines

    def arrest(start: str, n: int) -> Event:
        value = DateValue(start, None, "month", start)
        cite = (Citation("003", "p25", "q", start),)
        return Event(f"{start}-k-{n}", value, "operation", ("kyrgyzstan",), cite, "kyrgyzstan", act="arrest")

    # 003 p25 has two arrests by Kyrgyzstan in 2024 (January, February); a third is made up
    titles = [e.title["en"] for e in with_headlines([arrest("2024-01", 1), arrest("2024-02", 2), arrest("2024-02", 3)], HEADLINE_CATALOG)]
    assert titles == [
        "Kyrgyzstan makes arrests",
        "Kyrgyzstan makes arrests (February 2024)",
        "Kyrgyzstan makes arrests (February 2024, 2)",
    ]


def test_the_real_timeline_has_no_two_events_with_one_headline(site: Any) -> None:
    events = json.loads(site.files["data/timeline.json"])["events"]
    for lang in ("zh", "en"):
        titles = [e["title"][lang] for e in events]
        assert len(titles) == len(set(titles)), lang


def test_a_document_the_catalog_lacks_is_named_by_the_quote() -> None:
    """Made up in the style of a 2007 Xinhua item: the treaty signed is not in the catalog yet."""
    quote = "二〇〇七年八月十六日，各国元首签署了《上海合作组织成员国长期睦邻友好合作条约》。"
    treaty = _generated("signing", "signing", ["sco"], "sco", "2007-08-16", quote=quote)
    assert treaty["en"] == "The Shanghai Cooperation Organization (SCO) signs a treaty"
    assert treaty["zh"] == "上海合作组织签署《上海合作组织成员国长期睦邻友好合作条约》"
    declaration = _generated("statement", "statement", ["china", "kazakhstan"], "china", "2006", quote="两国发表《联合宣言》")
    assert declaration["en"] == "China and Kazakhstan issue a declaration"
    # issued by nobody the catalog knows, in a city: the document, not the city, is what is issued
    bishkek = _generated("statement", "statement", ["bishkek"], "bishkek", "2019-06-15", quote="次日，各方发表《比什凯克宣言》。")
    assert bishkek == {"en": "A declaration is issued", "zh": "《比什凯克宣言》发表"}
    paper = _generated("statement", "statement", ["china"], "china", "2023-02-21", quote="中方发布《全球安全倡议概念文件》")
    assert paper == {"en": "China issues a paper", "zh": "中国发表《全球安全倡议概念文件》"}
    # no title in the quote: what a signing makes, not "an event"
    assert _generated("signing", "signing", ["china"], "china", quote="中方签署了有关文件")["en"] == "China signs a document"


def test_a_withdrawal_from_a_country_is_not_the_country_withdrawing() -> None:
    """Made up in the style of a 2024 overview: the forces (美军) are not in the catalog, the country left is."""
    title = _generated("withdrawal", "withdrawal", ["afghanistan"], "afghanistan", "2021-08", quote="2021年8月，美军从阿富汗撤出。")
    assert title == {"en": "Forces withdraw from Afghanistan", "zh": "从阿富汗撤军"}
    # 003 p21: who withdrew is named, and where from
    quote = "2021年美国从阿富汗撤军。"
    named = _generated("withdrawal", "withdrawal", ["united-states", "afghanistan"], "united-states", "2021", quote=quote)
    assert named["en"] == "The United States withdraws from Afghanistan"


def test_a_country_named_as_where_an_exercise_is_held_did_not_hold_it() -> None:
    """Made up in the style of a 2007 Xinhua item: the SCO's forces, not Russia, held it, in Russia."""
    quote = "“和平使命-2007”联合反恐军事演习9日在俄罗斯车里雅宾斯克举行。"
    title = _generated("exercise", "exercise", ["peace-mission", "russia"], "peace-mission", "2007-08-09", quote=quote)
    assert title["en"] == "The joint counter-terrorism exercise Peace Mission is held in Russia"
    assert title["zh"] == "和平使命联合反恐军事演习在俄罗斯举行"
    # 002 p11-like, made up: the countries that hold it are named before the verb, not after 在
    held = _generated("exercise", "exercise", ["china", "kazakhstan"], "china", "2006", quote="中哈两国在伊宁举行联合反恐演习")
    assert held["en"] == "China and Kazakhstan hold a joint counter-terrorism exercise"


def test_two_countries_that_meet_both_hold_the_meeting() -> None:
    quote = "2021年5月，吉尔吉斯斯坦和塔吉克斯坦举行边界谈判，但双方未能签署任何协议。"
    title = _generated("meeting", "meeting", ["kyrgyzstan", "tajikistan"], "kyrgyzstan", "2021-05", quote=quote)
    assert title == {"en": "Kyrgyzstan and Tajikistan hold a meeting", "zh": "吉尔吉斯斯坦和塔吉克斯坦举行会议"}


def test_headlines_of_the_five_sources_without_their_written_titles() -> None:
    """As the build would title 003 p50, 003 p45 and 004 p14 if their editor had written nothing."""
    quote = "中亚五国油气管道应急处置共训共练及演练专题培训"
    drill = _generated("exercise", "exercise", ["central-asia"], "central-asia", "2024-04", quote=quote)
    assert drill == {"en": "A drill is held in Central Asia", "zh": "中亚举行演练"}  # was "Central Asia is held in Central Asia"
    council = _generated("meeting", "meeting", ["cc-emergency-mechanism"], "cc-emergency-mechanism", "2024-05")
    assert council["en"] == "The China–Central Asia Emergency Management Cooperation Mechanism meets"  # not "is held"
    paper = _generated("statement", "statement", ["china", "china-position-paper"], "china-position-paper", "2002-08-01")
    assert paper["en"] == "China issues China's Position Paper on the New Security Concept"  # not "the China's"


def test_an_accession_to_nothing_named_says_a_member_joins() -> None:
    """Made up: 2023年7月，伊朗成为正式成员国 (Iran not in the catalog, the SCO not in the clause)."""
    assert _generated("accession", "accession", [], "event", "2023-07", quote="2023年7月，伊朗成为正式成员国。") == {
        "en": "A new member joins",
        "zh": "新成员加入",
    }
    assert _generated("accession", "accession", ["pakistan"], "pakistan", "2017")["en"] == "Pakistan becomes a member"
