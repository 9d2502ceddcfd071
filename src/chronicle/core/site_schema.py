"""The model of `content/site.yaml`: the site's name, address and eras, in both languages.

Pure: takes the YAML data (with line numbers) and returns every problem found, each with
its line and a hint (core/schema.py). Without this, a missing English title or a misspelt
`base_url` surfaced as a bare KeyError, and an era without its English name as a template
error in home.html.

Fields:
- `title`, `tagline`: {zh, en} text (required)
- `base_url`: the published address, absolute http(s), ending in `/` (required); written
  into the sitemap, robots.txt and JSON-LD, so nothing that needs escaping there; its path is
  the one the site is served under (404.html links from it)
- `licence`: {name, url} of the licence of the site's own text, translations and data (required)
- `editors`: {zh, en} who edits the site, as citations name them (required)
- `contact`: an e-mail or web address for readers' corrections (optional)
- `eras`: a list of {name: {zh, en}, span: text, anchor: a year "YYYY", text: {zh, en}}
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator

from chronicle.core.diagnostics import Diagnostic, yaml_line
from chronicle.core.schema import Bilingual, Example, Shape, Text, Words, problem, validate

YEAR = re.compile(r"^\d{4}$")
# What an address may hold unescaped in XML, HTML attributes and robots.txt: no quotes, brackets, spaces or controls.
UNSAFE = re.compile(r"[\s\"'<>`{}|\\^\x00-\x1f\x7f]")
EMAIL = re.compile(r"[^@/:]+@[^@/:]+\.[^@/:]+")


def _base_url(url: Any) -> Any:
    hint = "write the full address, ending in /: e.g. https://example.org/chronicle/"
    if not isinstance(url, str):
        raise problem("SITE005", f"base_url {url!r} is not an absolute address", hint)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not url.startswith(f"{parts.scheme}://"):
        raise problem("SITE005", f"base_url {url!r} is not an absolute address", hint)
    if UNSAFE.search(url) or parts.query or parts.fragment or not url.endswith("/"):
        raise problem("SITE005", f"base_url {url!r} must be a plain http(s) address ending in /", hint + " (no quotes, spaces, ? or #)")
    return url


def _licence_url(url: Any) -> Any:
    if not (isinstance(url, str) and urlsplit(url).scheme in ("http", "https") and not UNSAFE.search(url)):
        raise problem(
            "SITE005", f"the licence's url {url!r} is not a plain http(s) address", "e.g. https://creativecommons.org/licenses/by/4.0/"
        )
    return url


def _contact(contact: Any) -> Any:
    """Empty, an e-mail address (linked with mailto:) or an http(s) address; `www.x.org/…` became `mailto:www.x.org/…`."""
    web = isinstance(contact, str) and urlsplit(contact).scheme in ("http", "https") and bool(urlsplit(contact).netloc)
    mail = isinstance(contact, str) and EMAIL.fullmatch(contact) is not None
    if not isinstance(contact, str) or UNSAFE.search(contact) or (contact and not (web or mail)):
        hint = "contact: editors@example.org, an https:// address, or empty"
        raise problem("SITE005", f"contact {contact!r} is not an e-mail or web address", hint)
    return contact


def _anchor(anchor: Any) -> Any:
    if not (isinstance(anchor, str) and YEAR.match(anchor)):
        raise problem("SITE007", f"an era's anchor {anchor!r} must be a year in quotes", 'e.g. anchor: "1996"')
    return anchor


class Era(Shape):
    noun = "an era"
    name: Bilingual
    span: Annotated[Text, Example("1996–2001")]
    anchor: Annotated[str, BeforeValidator(_anchor), Example('"1996"')]
    text: Bilingual


class Licence(Shape):
    noun = "the licence"
    name: Annotated[Text, Example("CC BY 4.0")]
    url: Annotated[str, BeforeValidator(_licence_url), Example("https://creativecommons.org/licenses/by/4.0/")]


class Site(Shape):
    title: Bilingual
    tagline: Bilingual
    base_url: Annotated[str, BeforeValidator(_base_url), Example("https://example.org/chronicle/")]
    licence: Licence
    editors: Bilingual
    contact: Annotated[str, BeforeValidator(_contact), Example("editors@example.org")] = ""
    eras: list[Era] = []


WORDS = Words(
    unknown="SITE002",
    missing="SITE003",
    shape="SITE006",
    language="SITE004",
    top=("SITE001", "site.yaml must be a mapping of settings", "title:, tagline:, base_url:, eras:"),
)


def check_site(data: Any, path: str) -> list[Diagnostic]:
    return validate(Site, data, path, WORDS)[1]


# Addresses reserved for examples (RFC 2606): a site published there is one whose address nobody set.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")


def placeholder_address(site: Any, path: str) -> list[Diagnostic]:
    """A warning while the site's address is a placeholder: canonical links, the sitemap and every citation use it."""
    address = site.get("base_url") if isinstance(site, dict) else None
    host = urlsplit(address).hostname if isinstance(address, str) else None
    if host is None or not (host in PLACEHOLDER_HOSTS or host.endswith(tuple("." + h for h in PLACEHOLDER_HOSTS))):
        return []
    line = site.line_of("base_url") if hasattr(site, "line_of") else 0
    hint = "set base_url to the address you publish at, e.g. https://user.github.io/repo/ (README: Publishing)"
    return [Diagnostic("warning", "SITE008", path, line, f"the site's address {address} is a placeholder", hint)]


def eras_without_events(site: Any, years: Collection[str], path: str) -> list[Diagnostic]:
    """An era anchored at a year no event has: its link on the home page leads to no part of the timeline."""
    problems = []
    for era in site.get("eras", []) if isinstance(site, dict) else []:
        anchor = era.get("anchor") if isinstance(era, dict) else None
        if isinstance(anchor, str) and YEAR.match(anchor) and years and anchor not in years:
            later = next((y for y in sorted(years) if y > anchor), max(years))
            message = f"an era's anchor {anchor} is a year no event has: its link leads nowhere on the timeline"
            problems.append(Diagnostic("error", "SITE009", path, yaml_line(era, "anchor"), message, f'e.g. anchor: "{later}"'))
    return problems
