"""Every page exists in both languages, says so in its head, and the switcher goes to its twin."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup


def test_every_page_has_its_counterpart_and_switcher(site: Any) -> None:
    pages = [name for name in site.files if name.endswith(".html") and name.startswith(("zh/", "en/"))]
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
    soup = BeautifulSoup(site.files["en/sources/002/index.html"], "html.parser")
    paragraphs = soup.select("p.para")
    assert paragraphs and all(p.get("lang") == "zh-Hans" for p in paragraphs)
    quotes = BeautifulSoup(site.files["en/timeline/index.html"], "html.parser").select("blockquote.quote")
    assert quotes and all(q.get("lang") == "zh-Hans" for q in quotes)


def test_sitemap_lists_both_languages_with_alternates(site: Any) -> None:
    xml = site.files["sitemap.xml"].decode("utf-8")
    assert xml.count("<url>") == sum(1 for n in site.files if n.endswith("index.html") and n.startswith(("zh/", "en/")))
    assert 'hreflang="zh-Hans"' in xml and 'hreflang="en"' in xml
