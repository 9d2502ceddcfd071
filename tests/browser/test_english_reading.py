"""The English reading in a real browser: translations beside the originals, trans-quotes under every quote."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_event_with_conflicting_claims_shows_each_quote_with_its_translation(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site_url}en/events/1996-shanghai-five-founding/")
    claims = page.locator(".conflicts > div")
    expect(claims).to_have_count(2)
    for i in range(2):
        claim = claims.nth(i)
        chinese, english = claim.locator('p[lang="zh-Hans"]').first, claim.locator("p.trans").first
        expect(chinese).to_be_visible()
        expect(english).to_be_visible()
        expect(english).to_contain_text("Translation:")
        expect(english).to_contain_text("Shanghai")
        assert chinese.bounding_box()["y"] < english.bounding_box()["y"], "the Chinese words come first, the English beneath"
    expect(page.locator(".conflicts > div").nth(1).locator("p.trans").first).to_contain_text("1997")


def test_entity_mentions_carry_the_english_of_their_sentence(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/centers/rats/")
    first = page.locator("ul.mentions li").first
    expect(first.locator("mark")).to_be_visible()
    expect(first.locator("p.trans")).to_be_visible()
    expect(first.locator("p.trans")).to_contain_text("Regional Anti-Terrorist Structure")


def test_source_page_puts_the_original_beside_on_a_wide_screen_and_under_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}en/sources/003/#p13")
    pair = page.locator("#p13")
    english, original = pair.locator(".en"), pair.locator("details.orig")
    expect(original).to_be_visible()
    e, o = english.bounding_box(), original.bounding_box()
    assert o["x"] > e["x"] + e["width"] - 1, "beside it"
    expect(english).to_contain_text("Tajikistan")
    expect(original).to_contain_text("塔吉克斯坦")
    page.set_viewport_size({"width": 390, "height": 900})
    e, o = english.bounding_box(), original.bounding_box()
    assert o["y"] >= e["y"] + e["height"] - 1, "under it"
    original.locator("summary").click()  # folds away
    expect(original.locator("p")).to_be_hidden()
    expect(english).to_be_visible()
