"""The model of the UI strings (`content/i18n/zh.yaml`, `en.yaml`): the same names in both, each one text.

Pure: takes the two parsed files and returns every problem with its file and line. A string
missing from one language would leave a page half translated, and a list or a number where
text belongs would be printed as such ("['About']") in every page's navigation.
"""

from __future__ import annotations

from collections.abc import Mapping
from difflib import get_close_matches
from typing import Annotated, Any

from pydantic import BeforeValidator

from chronicle.core.bilingual import LANGS
from chronicle.core.diagnostics import Diagnostic, yaml_line
from chronicle.core.schema import Example, Words, problem, validate
from chronicle.core.translation_checks import HAN


def _text(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise problem("I18N003", f"UI string '{{field}}' is not text: {value!r}", "write it as text, quoted if it holds ': '")
    return value


UIStrings = dict[Annotated[str, Example("name")], Annotated[str, BeforeValidator(_text), Example("text")]]

WORDS = Words(
    unknown="I18N002",
    missing="I18N001",
    shape="I18N002",
    language="I18N003",
    top=("I18N002", "the UI strings must be a mapping", "write one 'name: text' per line"),
)


def check_strings(strings: Mapping[str, Any]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for lang in LANGS:
        problems += validate(UIStrings, strings[lang], f"content/i18n/{lang}.yaml", WORDS)[1]
    if problems:
        return problems
    first, second = LANGS
    only = {lang: sorted(set(strings[lang]) - set(strings[other])) for lang, other in (LANGS, LANGS[::-1])}
    paired: dict[str, str] = {}  # a key only in one table and a near one only in the other: one is misspelt, none missing
    for key in only[first]:
        near = get_close_matches(key, [k for k in only[second] if k not in paired.values()], n=1, cutoff=0.8)
        if near:
            paired[key] = near[0]
            there = f"content/i18n/{second}.yaml:{yaml_line(strings[second], near[0])}"
            problems.append(
                Diagnostic(
                    "error",
                    "I18N001",
                    f"content/i18n/{first}.yaml",
                    yaml_line(strings[first], key),
                    f"UI string '{key}' is '{near[0]}' in {there}",
                    "one of the two is misspelt: give both the same name",
                )
            )
    for lang, other in (LANGS, LANGS[::-1]):
        for key in only[other]:
            if key not in paired and key not in paired.values():
                where = f"content/i18n/{other}.yaml:{yaml_line(strings[other], key)}"
                message = f"missing UI string '{key}'"
                problems.append(Diagnostic("error", "I18N001", f"content/i18n/{lang}.yaml", 0, message, f"add it; {where} has it"))
    return problems


CHINESE_IN_ENGLISH = frozenset({"other_lang_name"})  # the English pages name the Chinese edition in Chinese: 中文


def chinese_in_english(english: Mapping[str, Any], path: str) -> list[Diagnostic]:
    """English UI strings holding Chinese characters: most likely a string copied across and not translated."""
    return [
        Diagnostic(
            "warning",
            "I18N005",
            path,
            yaml_line(english, key),
            f"the English UI string '{key}' holds Chinese: {text[:40]!r}",
            f"translate it; only {', '.join(sorted(CHINESE_IN_ENGLISH))} may hold Chinese",
        )
        for key, text in (english.items() if isinstance(english, Mapping) else ())
        if key not in CHINESE_IN_ENGLISH and isinstance(text, str) and HAN.search(text)
    ]


def kinds_without_strings(sources: Any, strings: Mapping[str, Mapping[str, str]], path: str) -> list[Diagnostic]:
    """A source `kind` that sources.yaml accepts but a UI string table lacks: the pages could not name it.

    Said at the kind's line in sources.yaml, where it used to surface as a template error in _macros.html.
    """
    problems = []
    for entry in sources if isinstance(sources, list) else []:
        kind = entry.get("kind") if isinstance(entry, dict) else None
        lacking = [lang for lang, table in strings.items() if isinstance(kind, str) and f"kind_{kind}" not in table]
        if lacking:
            files = " and ".join(f"content/i18n/{lang}.yaml" for lang in lacking)
            line = entry.line_of("kind") if hasattr(entry, "line_of") else 0
            message = f"source {entry.get('id')}: kind '{kind}' has no name to show in {files}"
            problems.append(Diagnostic("error", "I18N004", path, line, message, f"add 'kind_{kind}: …' to {files}"))
    return problems
