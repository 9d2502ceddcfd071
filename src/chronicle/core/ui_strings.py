"""Check the UI strings (`content/i18n/zh.yaml`, `en.yaml`): the same names in both, each one text.

Pure: takes the two parsed files and returns every problem with its file and line. A string
missing from one language would leave a page half translated, and a list or a number where
text belongs would be printed as such ("['About']") in every page's navigation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chronicle.core.bilingual import LANGS
from chronicle.core.diagnostics import Diagnostic, yaml_line


def check_strings(strings: Mapping[str, Any]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for lang in LANGS:
        path, table = f"content/i18n/{lang}.yaml", strings[lang]
        if not isinstance(table, dict):
            problems.append(
                Diagnostic(
                    "error", "I18N002", path, yaml_line(table), "the UI strings must be a mapping", "write one 'name: text' per line"
                )
            )
            continue
        for key, value in table.items():
            if not isinstance(value, str) or not value.strip():
                problems.append(
                    Diagnostic(
                        "error",
                        "I18N003",
                        path,
                        yaml_line(table, key),
                        f"UI string '{key}' is not text: {value!r}",
                        "write it as text, quoted if it holds ': '",
                    )
                )
    if problems:
        return problems
    for lang, other in (LANGS, LANGS[::-1]):
        for key in sorted(set(strings[other]) - set(strings[lang])):
            where = f"content/i18n/{other}.yaml:{yaml_line(strings[other], key)}"
            problems.append(
                Diagnostic("error", "I18N001", f"content/i18n/{lang}.yaml", 0, f"missing UI string '{key}'", f"add it; {where} has it")
            )
    return problems
