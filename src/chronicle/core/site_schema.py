"""Validate the parsed `content/site.yaml`: the site's name, address and eras, in both languages.

Pure: takes the YAML data (with line numbers) and returns every problem found, each with
its line and a hint. Without this, a missing English title or a misspelt `base_url` surfaced
as a bare KeyError, and an era without its English name as a template error in home.html.

Fields:
- `title`, `tagline`: {zh, en} text (required)
- `base_url`: the published address, absolute http(s), ending in `/` (required)
- `licence`: {name, url} of the licence of the site's own text, translations and data (required)
- `editors`: {zh, en} who edits the site, as citations name them (required)
- `contact`: an e-mail or web address for readers' corrections (optional)
- `eras`: a list of {name: {zh, en}, span: text, anchor: a year "YYYY", text: {zh, en}}
"""

from __future__ import annotations

import re
from typing import Any

from chronicle.core.bilingual import LANGUAGE_NAME, missing_languages
from chronicle.core.diagnostics import Diagnostic, did_you_mean, yaml_line

FIELDS = {"title", "tagline", "base_url", "eras", "licence", "editors", "contact"}
REQUIRED = ("title", "tagline", "base_url", "licence", "editors")
BILINGUAL = ("title", "tagline", "editors")
ERA_FIELDS = {"name", "span", "anchor", "text"}
URL = re.compile(r"^https?://[^/\s]+(/[^\s]*)?/$")
YEAR = re.compile(r"^\d{4}$")


def check_site(data: Any, path: str) -> list[Diagnostic]:
    problems: list[Diagnostic] = []

    def err(code: str, line: int, message: str, hint: str) -> None:
        problems.append(Diagnostic("error", code, path, line, message, hint))

    if not isinstance(data, dict):
        err("SITE001", yaml_line(data), "site.yaml must be a mapping of settings", "title:, tagline:, base_url:, eras:")
        return problems
    for key in sorted(set(data) - FIELDS, key=str):
        err("SITE002", yaml_line(data, key), f"unknown field '{key}'", did_you_mean(str(key), FIELDS))
    for key in REQUIRED:
        if key not in data:
            err("SITE003", yaml_line(data), f"missing field '{key}'", f"add '{key}:'")
    for key in BILINGUAL:
        if key in data:
            _bilingual(data, key, key, err)
    url = data.get("base_url")
    if "base_url" in data and not (isinstance(url, str) and URL.match(url)):
        err(
            "SITE005",
            yaml_line(data, "base_url"),
            f"base_url {url!r} is not an absolute address",
            "write the full address, ending in /: e.g. https://example.org/chronicle/",
        )
    licence = data.get("licence")
    if "licence" in data and not (
        isinstance(licence, dict) and isinstance(licence.get("name"), str) and isinstance(licence.get("url"), str)
    ):
        err(
            "SITE005",
            yaml_line(data, "licence"),
            "licence must give a name and an address",
            "licence: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}",
        )
    contact = data.get("contact", "")
    if not isinstance(contact, str):
        err("SITE005", yaml_line(data, "contact"), "contact must be an e-mail address or a web address", "contact: editors@example.org")
    eras = data.get("eras", [])
    if not isinstance(eras, list):
        err("SITE006", yaml_line(data, "eras"), "eras must be a list", "start each era with '- name: {zh: …, en: …}'")
        return problems
    for era in eras:
        _era(era, err)
    return problems


def _era(era: Any, err: Any) -> None:
    if not isinstance(era, dict):
        err("SITE006", yaml_line(era), "each era must be a mapping", "name:, span:, anchor:, text: under '- '")
        return
    for key in sorted(set(era) - ERA_FIELDS, key=str):
        err("SITE002", yaml_line(era, key), f"unknown field '{key}' in an era", did_you_mean(str(key), ERA_FIELDS))
    for key in sorted(ERA_FIELDS - set(era)):
        err("SITE003", yaml_line(era), f"an era is missing '{key}'", f"add '{key}:'")
    for key in ("name", "text"):
        if key in era:
            _bilingual(era, key, f"an era's {key}", err)
    if "span" in era and not (isinstance(era["span"], str) and era["span"].strip()):
        err("SITE007", yaml_line(era, "span"), "an era's span must be text", "e.g. span: 1996–2001")
    anchor = era.get("anchor")
    if "anchor" in era and not (isinstance(anchor, str) and YEAR.match(anchor)):
        err("SITE007", yaml_line(era, "anchor"), f"an era's anchor {anchor!r} must be a year in quotes", 'e.g. anchor: "1996"')


def _bilingual(node: Any, key: str, what: str, err: Any) -> None:
    missing = missing_languages(node, key)
    if missing is None:
        err("SITE004", yaml_line(node, key), f"{what} must have zh and en", f"{key}: {{zh: …, en: …}}")
        return
    for lang, line in missing:
        err("SITE004", line, f"{what} has no {LANGUAGE_NAME[lang]} text", f"add '{lang}:' under '{key}'")
