"""What a reader does in a real browser: navigate, switch language, follow notes, hit a 404,
use the site from a sub-path, without network access beyond the site, and without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_config import LANGS, PAGES, SOURCE_PAGES
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, Route, expect

pytestmark = pytest.mark.browser


def built_h1(built_site: Path, path: str) -> str:
    """The h1 text of a built page (path relative to the site root, '' or 'x/' for index.html)."""
    file = built_site / path / "index.html" if path == "" or path.endswith("/") else built_site / path
    h1 = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find("h1")
    assert h1 is not None, f"{path or '/'}: no <h1> in the built file"
    return " ".join(h1.get_text().split())


def arrive(page: Page, url: str | re.Pattern[str]) -> None:
    """Wait until a click has navigated to url and the new page has finished loading."""
    expect(page).to_have_url(url)
    page.wait_for_load_state("load")


def watch_failures(page: Page) -> list[str]:
    """Collect failed requests and HTTP error responses on this page."""
    failures: list[str] = []
    # ERR_ABORTED is a request the browser cancelled because the test navigated on (e.g. the favicon);
    # real failures (refused, 404, blocked) still count.
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else failures.append(f"FAILED {r.url}: {r.failure}"))
    page.on("response", lambda r: failures.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    return failures


def stylesheets_loaded(page: Page) -> bool:
    return page.evaluate(
        """() => {
          const links = [...document.querySelectorAll('link[rel=stylesheet]')];
          return links.length > 0 && links.every(l => l.sheet && l.sheet.cssRules.length > 0);
        }"""
    )


@pytest.mark.parametrize("lang", LANGS)
def test_home_and_nav(page: Page, site_url: str, built_site: Path, lang: str) -> None:
    failures = watch_failures(page)
    page.goto(f"{site_url}{lang}/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(built_h1(built_site, f"{lang}/"))
    assert stylesheets_loaded(page), "style.css did not load on the home page"
    nav = page.locator("header nav")
    for target in ("sources/", "about/"):
        page.goto(f"{site_url}{lang}/")
        nav.locator(f'a[href$="/{target}"]').click()
        arrive(page, f"{site_url}{lang}/{target}")
        expect(page.locator("h1")).to_have_text(built_h1(built_site, f"{lang}/{target}"))
        # and back home through the brand link
        page.locator("header a.brand").click()
        arrive(page, f"{site_url}{lang}/")
    assert failures == [], "\n".join(failures)


def test_landing_enters_both_languages(page: Page, site_url: str, built_site: Path) -> None:
    page.goto(site_url)
    expect(page.locator("h1")).to_have_count(2)
    for lang in LANGS:
        page.goto(site_url)
        page.locator(f'main a[href="{lang}/"]').click()
        arrive(page, f"{site_url}{lang}/")
        expect(page.locator("h1")).to_have_text(built_h1(built_site, f"{lang}/"))


@pytest.mark.parametrize(("start", "other"), [("zh", "en"), ("en", "zh")])
def test_language_switcher_keeps_anchor(page: Page, site_url: str, start: str, other: str) -> None:
    page.goto(f"{site_url}{start}/sources/002/#p10")
    page.locator("a[data-switch]").click()
    arrive(page, f"{site_url}{other}/sources/002/#p10")
    assert page.evaluate("document.querySelector(':target')?.id") == "p10"
    expect(page.locator("#p10")).to_be_in_viewport()
    # back again, this time after moving to another paragraph by its number in the margin
    page.locator('a.para-num[href="#p12"]').click()
    arrive(page, f"{site_url}{other}/sources/002/#p12")
    page.locator("a[data-switch]").click()
    arrive(page, f"{site_url}{start}/sources/002/#p12")
    expect(page.locator("#p12")).to_be_in_viewport()


@pytest.mark.parametrize("lang", LANGS)
def test_footnote_and_backref(page: Page, site_url: str, lang: str) -> None:
    page.goto(f"{site_url}{lang}/sources/004/")
    ref = page.locator("sup.noteref a").first
    expect(ref).to_have_attribute("href", "#fn1")
    ref.click()
    arrive(page, re.compile(r"#fn1$"))
    note = page.locator("#fn1")
    expect(note).to_be_visible()
    expect(note).to_be_in_viewport()
    note.locator("a.backref").click()
    arrive(page, re.compile(r"#ref-fn1$"))
    expect(page.locator("#ref-fn1")).to_be_in_viewport()


def _check_not_found(page: Page, url: str, site_url: str, built_site: Path) -> None:
    failures = watch_failures(page)
    response = page.goto(url)
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text(built_h1(built_site, "404.html"))
    assert stylesheets_loaded(page), f"style.css did not load on the 404 page served at {url}"
    page.locator("main a").first.click()
    arrive(page, f"{site_url}zh/")
    expect(page.locator("h1")).to_have_text(built_h1(built_site, "zh/"))
    assert [f for f in failures if not f.startswith(f"HTTP 404 {url}")] == [], "\n".join(failures)


def test_not_found_page_at_top_level(page: Page, site_url: str, built_site: Path) -> None:
    """A missing file at the top level: 404.html's relative links resolve against the root."""
    _check_not_found(page, f"{site_url}nope.html", site_url, built_site)


def test_not_found_page_below_root(page: Page, site_url: str, built_site: Path) -> None:
    _check_not_found(page, f"{site_url}nope/", site_url, built_site)


def test_sub_path(page: Page, sub_url: str, built_site: Path) -> None:
    failures = watch_failures(page)
    page.goto(f"{sub_url}zh/sources/")
    assert stylesheets_loaded(page), "style.css did not load under the sub-path"
    page.locator("main .card a").first.click()
    arrive(page, f"{sub_url}zh/sources/000/")
    expect(page.locator("h1")).to_have_text(built_h1(built_site, "zh/sources/000/"))
    assert stylesheets_loaded(page)
    page.locator('header nav a[href$="about/"]').click()
    arrive(page, f"{sub_url}zh/about/")
    expect(page.locator("h1")).to_have_text(built_h1(built_site, "zh/about/"))
    assert stylesheets_loaded(page)
    page.locator("a[data-switch]").click()
    arrive(page, f"{sub_url}en/about/")
    page.wait_for_load_state("networkidle")
    assert failures == [], "\n".join(failures)


@pytest.fixture(scope="module")
def guarded_page(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A tab whose every request (fetch, worker, websocket) outside 127.0.0.1 is recorded and aborted."""
    context = browser.new_context(base_url=base_url)
    outside: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(f"{route.request.resource_type} {url}")
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("websocket", lambda ws: outside.append(f"websocket {ws.url}"))
    failures = watch_failures(page)
    yield page, outside, failures
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=[p or "/" for p in PAGES])
def test_no_request_leaves_localhost(guarded_page: tuple[Page, list[str], list[str]], path: str) -> None:
    page, outside, failures = guarded_page
    outside.clear()
    failures.clear()
    page.goto(path or "./", wait_until="networkidle")
    assert outside == [], f"/{path} requested outside 127.0.0.1:\n" + "\n".join(outside)
    assert failures == [], f"/{path}:\n" + "\n".join(failures)


@pytest.mark.parametrize("path", SOURCE_PAGES)
def test_source_text_without_javascript(browser: Browser, site_url: str, built_site: Path, path: str) -> None:
    expected = BeautifulSoup((built_site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    blocks = "main .para, main .pair"  # a paragraph as written, or (English pages) its translation beside the original
    n_paras = len(expected.select(blocks))
    assert n_paras > 0
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + path)
        expect(page.locator("h1")).to_be_visible()
        paras = page.locator(blocks)
        expect(paras).to_have_count(n_paras)
        expect(paras.first).to_be_visible()
        first_block = expected.select_one(blocks)
        first_block.select_one(".para-num").decompose()
        first = " ".join(first_block.get_text().split())
        assert len(first) > 1
        expect(paras.first).to_contain_text(first[:20])
        expect(paras.last).to_be_visible()
    finally:
        context.close()
