"""The timeline filters, citations and search, used the way a reader uses them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_config import LANGS
from playwright.sync_api import Browser, Page, expect

from chronicle.search import INDEXED_SECTIONS, indexed_text


@pytest.mark.parametrize("lang", LANGS)
def test_kind_filter_filters_records_state_and_survives_reload(page: Page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}{lang}/timeline/")
    total = page.locator("li.event").count()
    page.locator('[data-filter-kind="signing"]').click()
    expect(page).to_have_url(f"{site_url}{lang}/timeline/?kind=signing")
    visible = page.locator("li.event:visible")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.kind)")) == {"signing"}
    page.reload()
    assert set(page.locator("li.event:visible").evaluate_all("els => els.map(e => e.dataset.kind)")) == {"signing"}
    expect(page.locator('[data-filter-kind="signing"]')).to_have_attribute("aria-current", "page")


def test_filtered_count_says_how_many_events_show_in_words(page: Page, site_url: str) -> None:
    """The count above the timeline follows the filter, and one event is "1 event", not "1 events"."""
    page.goto(f"{site_url}en/timeline/")
    count = page.locator("#timeline-count")
    expect(count).to_have_text(f"{page.locator('li.event').count()} events")
    page.locator('[data-filter-kind="presidency"]').click()  # China takes over the SCO presidency (002 p3)
    assert page.locator("li.event:visible").count() == 1
    expect(count).to_have_text("1 event")
    page.locator('[data-filter-kind="signing"]').click()
    expect(count).to_have_text(f"{page.locator('li.event:visible').count()} events")


def test_type_filter_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/timeline/")
    link = page.locator('[data-filter-type="center"]')
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}en/timeline/?type=center")
    types = page.locator("li.event:visible").evaluate_all("els => els.map(e => e.dataset.types)")
    assert types and all("center" in t.split() for t in types)


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_filters_are_folded_before_the_page_is_drawn(browser: Browser, site_url: str, lang: str) -> None:
    """Folded by the deferred site.js, the box closed after the first paint and the axis below jumped up
    (Lighthouse, zh timeline on a phone: layout shift 0.33, performance 82). The inline script folds it as the
    parser reaches it: here site.js never loads, and the CSP lets the inline script run by its hash."""
    refused: list[str] = []
    for width, query, folded in ((390, "", True), (390, "?kind=signing", False), (1280, "", False)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.route("**/assets/site.js", lambda route: route.abort())
        page.goto(f"{site_url}{lang}/timeline/{query}")
        box = page.locator("details.filter-box")
        assert (box.get_attribute("open") is None) == folded, (width, query)
        assert not refused, refused
        context.close()


def test_filters_work_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}zh/timeline/")
    page.locator('[data-filter-kind="exercise"]').click()
    expect(page).to_have_url(f"{site_url}zh/timeline/exercise/")
    kinds = page.locator("li.event").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds and set(kinds) == {"exercise"}
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_citation_leads_to_the_quoted_sentence_highlighted(page: Page, site_url: str, lang: str) -> None:
    """A quote's link opens its source at the sentence the quote starts in, and that sentence is lit."""
    page.goto(f"{site_url}{lang}/events/1996-shanghai-five-founding/")
    told_by_000 = page.locator(".quote").filter(has=page.locator('footer a[href*="/sources/000/"]')).first  # the 1997 claim
    quote = told_by_000.locator("p").first.inner_text()
    told_by_000.locator("footer a").first.click()
    expect(page).to_have_url(re.compile(re.escape(f"{site_url}{lang}/sources/000/#p2s") + r"\d+$"))
    anchor = page.url.split("#", 1)[1]
    sentence = page.locator(f"#{anchor} + .s")
    expect(sentence).to_be_visible()
    if lang == "zh":
        assert quote[:12] in sentence.inner_text()
    else:  # the English sentence is lit; the Chinese words quoted are in the original beside it
        assert "Shanghai Five" in sentence.inner_text() and quote[:12] in page.locator("#p2 .orig").inner_text()
    # Waited for, not read once: right after the navigation the stylesheet may not be applied yet.
    expect(sentence).to_have_css("background-color", "rgb(255, 241, 168)")
    other = page.locator("#p2 .s").nth(0) if not anchor.endswith("s1") else page.locator("#p2 .s").nth(1)
    expect(other).not_to_have_css("background-color", "rgb(255, 241, 168)")


def test_entity_mention_leads_to_its_paragraph(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}zh/centers/rats/")
    link = page.locator(".mentions li a").first
    href = link.get_attribute("href") or ""
    anchor = href.split("#", 1)[1]
    link.click()
    expect(page.locator(f"#{anchor} + .s")).to_contain_text("反恐")


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("zh", "反恐", "上海合作组织地区反恐怖机构"),
        ("zh", "地区反恐机构", "上海合作组织地区反恐怖机构"),
        ("zh", "上合组织", "上海合作组织"),
        ("en", "SCO", "Shanghai Cooperation Organization (SCO)"),
        ("en", "RATS", "Regional Anti-Terrorist Structure (RATS)"),
        ("zh", "天山", "“天山”"),
        ("en", "Peace Mission", "Peace Mission"),
        ("en", "Kazakhstan", "Kazakhstan"),  # not North Kazakhstan Region
        ("en", "China", "China"),  # not the article on China–Central Asia cooperation
    ],
)
def test_search_finds_the_entity_first(page: Page, site_url: str, lang: str, query: str, expected: str) -> None:
    page.goto(f"{site_url}{lang}/search/?q={query}")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_have_text(expected, timeout=10000)


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("zh", "上海五国", "上海五国"),  # Pagefind ranks the pages holding 上海 and 五国 above it
        ("zh", "禁毒中心", "禁毒中心"),
        ("en", "shanghai five", "Shanghai Five"),  # case does not count
        ("en", "Tianjin summit", "SCO Tianjin Summit (2025)"),  # an alias; Pagefind puts Tianjin first
    ],
)
def test_search_shows_the_entry_named_exactly_above_the_results(page: Page, site_url: str, lang: str, query: str, expected: str) -> None:
    page.goto(f"{site_url}{lang}/search/?q={query}")
    entry = page.locator(".search-entries a")
    expect(entry).to_have_text([expected], timeout=10000)
    entry.click()
    expect(page.locator("h1")).to_have_text(expected)


@pytest.mark.parametrize("query", ["上海五国", "反恐", "禁毒中心", "地区反恐机构"])
def test_chinese_search_finds_every_page_holding_the_words(page: Page, site_url: str, built_site: Path, query: str) -> None:
    """Pagefind 1.5 split the indexed text into words its own way (jieba) and the query the browser's way (ICU):
    上海五国 found 2 of the 29 pages holding it, 反恐 19 of 39. Pagefind 1.6 splits both the browser's way."""
    pages = (p for section in INDEXED_SECTIONS for p in built_site.glob(f"zh/{section}/*/index.html"))
    holding = {f"/{p.parent.relative_to(built_site).as_posix()}/" for p in pages if query in indexed_text(p.read_text(encoding="utf-8"))}
    page.goto(f"{site_url}zh/search/")
    script = """async (query) => {
      const pagefind = await import("/pagefind/pagefind.js");
      const search = await pagefind.search(query);
      return Promise.all(search.results.map(async (r) => (await r.data()).url));
    }"""
    found = set(page.evaluate(script, query))
    assert len(holding) >= 10, holding
    assert holding <= found, f"{len(holding - found)} of {len(holding)} pages holding {query} not found: {sorted(holding - found)[:5]}"


def result_count(page: Page) -> int:
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(r"\d"), timeout=10000)
    return int(re.search(r"\d+", message.inner_text())[0])


@pytest.mark.parametrize(("lang", "query"), [("zh", "反恐"), ("zh", "上海五国"), ("en", "terrorism")])
def test_an_index_split_over_bundles_finds_what_one_bundle_finds(
    page: Page, site_url: str, split_site_url: str, split_site: Path, lang: str, query: str
) -> None:
    """A site too large for one Pagefind run is indexed in several bundles, which the search page merges:
    as many results as from one bundle, the same first (below it, each bundle weighs words by its own pages)."""
    assert (split_site / "pagefind-3").is_dir(), "the Chinese pages are split over bundles 1 to 3"
    found = {}
    for url in (site_url, split_site_url):
        page.goto(f"{url}{lang}/search/?q={query}")
        count = result_count(page)
        found[url] = (count, page.locator(".pagefind-ui__result-link").first.inner_text())
    assert found[site_url][0] > 5
    assert found[split_site_url] == found[site_url]


def test_search_shows_no_entry_for_words_that_name_none(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/search/?q=terrorism")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10000)
    expect(page.locator(".search-entries p")).to_have_count(0)


def test_search_entry_follows_the_box_as_it_is_cleared_and_retyped(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}zh/search/?q=上海五国")
    entries = page.locator(".search-entries a")
    expect(entries).to_have_text(["上海五国"], timeout=10000)
    page.locator(".pagefind-ui__search-clear").click()  # empties the box without an input event
    expect(entries).to_have_count(0)
    page.locator(".pagefind-ui__search-input").fill("天津峰会")
    expect(entries).to_have_text(["天津峰会"])


def test_search_page_without_javascript_offers_the_index(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}en/search/")
    expect(page.locator(".az a", has_text="Regional Anti-Terrorist Structure (RATS)")).to_be_visible()
    context.close()


@pytest.mark.parametrize(("lang", "query", "tag"), [("zh", "上合组织", "类型: 组织"), ("en", "SCO", "Type: Organization")])
def test_search_results_show_the_page_type_in_the_page_language(page: Page, site_url: str, lang: str, query: str, tag: str) -> None:
    """Each result says what kind of page it is; the ranking-only field of short names is not shown."""
    page.goto(f"{site_url}{lang}/search/?q={query}")
    first = page.locator(".pagefind-ui__result").first
    expect(first.locator(".pagefind-ui__result-tag")).to_have_text([tag], timeout=10000)
