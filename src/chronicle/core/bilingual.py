"""What "in both languages" means for a field of the YAML inputs: a mapping with non-empty zh and en text.

Pure. The three schemas (sources, catalog, site) each report in their own words and codes; the
check itself, and which line a missing language is blamed on, is this one.
"""

from __future__ import annotations

from typing import Any

from chronicle.core.diagnostics import yaml_line

LANGS = ("zh", "en")
LANGUAGE_NAME = {"zh": "Chinese", "en": "English"}


def missing_languages(node: Any, key: str) -> list[tuple[str, int]] | None:
    """None when `node[key]` is not a mapping; else (language, line) for each language without text.

    The line is the language's own when it is there but empty, else that of `key`.
    """
    value = node[key]
    if not isinstance(value, dict):
        return None
    return [
        (lang, yaml_line(value, lang) if lang in value else yaml_line(node, key))
        for lang in LANGS
        if not isinstance(value.get(lang), str) or not value[lang].strip()
    ]
