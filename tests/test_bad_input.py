"""Broken content or templates: exit 1, one clear diagnostic, the old site untouched.

Each case copies the project (content/ + templates/) to tmp_path, breaks one
thing the way an editor might, and runs
`chronicle --project TMP build --out TMP/site --no-index`. The diagnostic must
name the file and, where the file has one, the line (computed here from the
patched file, not taken from the tool), carry its code and a useful message,
and never show a traceback. A site built earlier (tmp/site/marker.txt) must
survive byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from chronicle.cli import main

SOURCES_YAML = "content/sources.yaml"
F000 = "content/sources/000_1ae97ea0cf7a0fe6.txt"
F001 = "content/sources/001_57f6c3e94606ab13.txt"
F002 = "content/sources/002_eda0a1ca0252c45d.txt"
F003 = "content/sources/003_19608050ca9c70fb.txt"
F004 = "content/sources/004_17b06f580055d9ce.txt"
MARKER = "built by an earlier, good run\n"
OLD_SITE = ["data", "index.html", "marker.txt"]


def replace_once(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def lines_of(project: Path, rel: str, needle: str) -> list[int]:
    """1-based numbers of the lines of `rel` that contain `needle`."""
    lines = (project / rel).read_text(encoding="utf-8").split("\n")
    return [n for n, line in enumerate(lines, 1) if needle in line]


def line_of(project: Path, rel: str, needle: str) -> int:
    (n,) = lines_of(project, rel, needle)
    return n


def at(project: Path, rel: str, needle: str) -> str:
    return f"{rel}:{line_of(project, rel, needle)}"


# --------------------------------------------------------------------------
# The patches. Each breaks the copy and returns where the diagnostic must point.
# --------------------------------------------------------------------------

Patch = Callable[[Path, pytest.MonkeyPatch], str]


def yaml_syntax_error(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "  kind: op-ed\n", "  kind: op-ed: oops\n")
    return at(p, SOURCES_YAML, "kind: op-ed: oops")


def yaml_syntax_error_in_i18n(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "content/i18n/en.yaml", "nav_home: Home\n", "nav_home: [Home\n")
    # the flow sequence is never closed: PyYAML notices on the next line, at the next key's colon
    return f"content/i18n/en.yaml:{line_of(p, 'content/i18n/en.yaml', 'nav_home: [Home') + 1}"


def unknown_field(p: Path, mp: pytest.MonkeyPatch) -> str:
    head = '- id: "000"\n  file: 000_1ae97ea0cf7a0fe6.txt\n'
    replace_once(p, SOURCES_YAML, head + "  title:", head + "  titel:")
    return at(p, SOURCES_YAML, "titel:")


def missing_field(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "  kind: op-ed\n", "")
    return at(p, SOURCES_YAML, '- id: "000"')


def duplicate_id(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, '- id: "001"', '- id: "000"')
    first, second = lines_of(p, SOURCES_YAML, '- id: "000"')
    return f"{SOURCES_YAML}:{second}"


def unquoted_id(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, '- id: "003"', "- id: 003")
    return at(p, SOURCES_YAML, "- id: 003")


def source_file_missing(p: Path, mp: pytest.MonkeyPatch) -> str:
    (p / F001).unlink()
    return at(p, SOURCES_YAML, '- id: "001"')


def source_file_empty(p: Path, mp: pytest.MonkeyPatch) -> str:
    (p / F002).write_bytes(b"")
    return F002


def source_not_utf8(p: Path, mp: pytest.MonkeyPatch) -> str:
    text = (p / F000).read_text(encoding="utf-8")
    (p / F000).write_bytes(text.encode("gb18030"))
    return f"{F000}:1"  # L1 is `2025年…`: the first non-ASCII byte is byte 4 of line 1


def sources_yaml_in_utf16(p: Path, mp: pytest.MonkeyPatch) -> str:
    (p / SOURCES_YAML).write_bytes((p / SOURCES_YAML).read_text(encoding="utf-8").encode("utf-16"))  # the hint said GB18030
    return f"{SOURCES_YAML}:1"


def source_not_utf8_from_line_3(p: Path, mp: pytest.MonkeyPatch) -> str:
    lines = (p / F000).read_text(encoding="utf-8").split("\n")
    head = "\n".join(lines[:2]) + "\n"
    (p / F000).write_bytes(head.encode("utf-8") + "\n".join(lines[2:]).encode("gb18030"))
    return f"{F000}:3"


def source_over_limit(p: Path, mp: pytest.MonkeyPatch) -> str:
    import chronicle.loader as loader

    limit = 50_000  # 003 is 51095 bytes, every other file is smaller (SOURCES.md §2)
    mp.setattr(loader, "MAX_SOURCE_BYTES", limit)
    return F003


def source_sparse_50mb(p: Path, mp: pytest.MonkeyPatch) -> str:
    big = p / F004
    with big.open("r+b") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    real_read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self.resolve() == big.resolve():
            raise AssertionError("the oversized file was read; it must be refused by its size alone")
        return real_read_bytes(self)

    mp.setattr(Path, "read_bytes", guarded)
    real_read_text = Path.read_text

    def guarded_text(self: Path, *args, **kwargs) -> str:
        if self.resolve() == big.resolve():
            raise AssertionError("the oversized file was read; it must be refused by its size alone")
        return real_read_text(self, *args, **kwargs)

    mp.setattr(Path, "read_text", guarded_text)
    return F004


def anchor_not_found(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, 'drop: {anchor: "香港声音 直达真相"}', 'drop: {anchor: "香港声音 直达真理"}')
    return at(p, SOURCES_YAML, "香港声音 直达真理")


def anchor_found_twice(p: Path, mp: pytest.MonkeyPatch) -> str:
    # 002 writes 跨国组织犯罪 twice, L25 and L31 (SOURCES.md, 002 typos and variants)
    replace_once(p, SOURCES_YAML, 'quote: {anchor: "天津峰会上,上合组织成立以来规模最大"}', 'quote: {anchor: "跨国组织犯罪"}')
    return at(p, SOURCES_YAML, 'quote: {anchor: "跨国组织犯罪"}')


def anchor_removed_by_an_earlier_step(p: Path, mp: pytest.MonkeyPatch) -> str:
    """The hint was "make the anchor longer": the anchor is in the raw text once, but a drop before it took it out."""
    replace_once(
        p, SOURCES_YAML, '      - drop: {anchor: "分享到:"}\n', '      - drop: {anchor: "分享到:"}\n      - heading: {anchor: "分享到:"}\n'
    )
    return at(p, SOURCES_YAML, '- heading: {anchor: "分享到:"}')


def unknown_repair(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, '- drop: {anchor: "香港声音 直达真相"}', '- dorp: {anchor: "香港声音 直达真相"}')
    return at(p, SOURCES_YAML, "- dorp:")


def unknown_repair_parameter(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, '- drop: {anchor: "分享到:"}', '- drop: {ancor: "分享到:"}')
    return at(p, SOURCES_YAML, "ancor:")


def unknown_generic_rule(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "generic: [strip_pinyin, simplify,", "generic: [strip_pinyn, simplify,")
    return at(p, SOURCES_YAML, "strip_pinyn")


def date_does_not_parse(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, 'value: "2025-09"', 'value: "Sept 2025"')
    return at(p, SOURCES_YAML, 'value: "Sept 2025"')


def wrong_precision(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, 'value: "2018-05-27"\n    precision: day', 'value: "2018-05-27"\n    precision: month')
    value_line = line_of(p, SOURCES_YAML, 'value: "2018-05-27"')
    return f"{SOURCES_YAML}:{value_line + 1}"  # the precision line right below the value


def template_syntax_error(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "templates/about.html", "<h2>{{ t.about_data }}</h2>\n", "<h2>{{ t.about_data }}</h2>\n{% if %}\n")
    return at(p, "templates/about.html", "{% if %}")


def template_misspelt_ui_string(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "templates/about.html", "<h1>{{ t.about_title }}</h1>", "<h1>{{ t.about_titel }}</h1>")
    return at(p, "templates/about.html", "about_titel")


def template_includes_itself(p: Path, mp: pytest.MonkeyPatch) -> str:
    """Every page included base.html in base.html until Python's stack ran out, 1.4 s a page: 18 minutes."""
    replace_once(p, "templates/base.html", "</footer>", '{% include "base.html" %}</footer>')
    return at(p, "templates/base.html", '{% include "base.html" %}')


def template_endless_range(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "templates/base.html", "</footer>", "{% for i in range(10**9) %}{% endfor %}</footer>")
    return at(p, "templates/base.html", "range(10**9)")


def template_loop_without_end(p: Path, mp: pytest.MonkeyPatch) -> str:
    """10,000,000,000 rounds: every page ran until the build was killed."""
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    replace_once(p, "templates/base.html", "</footer>", loop + "</footer>")
    mp.setattr("chronicle.render.environment.PAGE_SECONDS", 1)
    return at(p, "templates/base.html", loop)


def template_output_without_end(p: Path, mp: pytest.MonkeyPatch) -> str:
    """Text made faster than the time limit stops it: the memory ran out first (10 GB here in a few seconds)."""
    loop = '{% for i in range(100000) %}{{ "x" * 10 ** 5 }}{% endfor %}'
    replace_once(p, "templates/about.html", "<h1>{{ t.about_title }}</h1>", "<h1>{{ t.about_title }}</h1>" + loop)
    mp.setattr("chronicle.render.environment.PAGE_BYTES", 50 * 1024**2)
    mp.setattr("chronicle.render.environment.PAGE_SECONDS", 2)
    return at(p, "templates/about.html", loop)


def template_one_call_too_large(p: Path, mp: pytest.MonkeyPatch) -> str:
    """One call that makes a gigabyte in C, where no time limit can stop it (with 10 ** 10, ten gigabytes)."""
    call = '{{ "x" | center(10 ** 9) }}'
    replace_once(p, "templates/about.html", "<h1>{{ t.about_title }}</h1>", "<h1>{{ t.about_title }}</h1>" + call)
    mp.setattr("chronicle.render.environment.PAGE_BYTES", 50 * 1024**2)
    return at(p, "templates/about.html", call)


def template_page_too_long(p: Path, mp: pytest.MonkeyPatch) -> str:
    """A page of 20 million characters, made in a moment and well within the memory: hundreds of such pages
    (this line in base.html: a gigabyte each) filled the memory and hung the build (bench/fuzz.py, seed 2028)."""
    call = "{{ '{:>{}}'.format('x', 2 * 10 ** 7) }}"
    replace_once(p, "templates/about.html", "<h1>{{ t.about_title }}</h1>", "<h1>{{ t.about_title }}</h1>" + call)
    return "templates/about.html"  # Jinja joins the page after its last line: no line to name


def template_number_too_large(p: Path, mp: pytest.MonkeyPatch) -> str:
    """A number of a million digits: one of ten billion hung the build while the template compiled."""
    replace_once(p, "templates/about.html", "<h1>{{ t.about_title }}</h1>", "<h1>{{ t.about_title }}{{ 10 ** (10 ** 6) }}</h1>")
    return at(p, "templates/about.html", "10 ** (10 ** 6)")


def template_undefined_variable(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "templates/about.html", "<p>{{ t.about_body }}</p>", "<p>{{ t.about_body }} {{ no_such_variable }}</p>")
    return at(p, "templates/about.html", "no_such_variable")


def misspelt_i18n_key(p: Path, mp: pytest.MonkeyPatch) -> str:
    """Was reported as two missing strings, one telling the other file to add the misspelt name."""
    replace_once(p, "content/i18n/zh.yaml", "nav_about: 关于\n", "nav_abuot: 关于\n")
    return at(p, "content/i18n/zh.yaml", "nav_abuot")


def missing_i18n_key(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "content/i18n/en.yaml", "source_backref: Back to text\n", "")
    return "content/i18n/en.yaml"


def i18n_string_not_text(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "content/i18n/en.yaml", "nav_about: About\n", "nav_about: [About]\n")
    return at(p, "content/i18n/en.yaml", "nav_about: [About]")


def i18n_not_a_mapping(p: Path, mp: pytest.MonkeyPatch) -> str:
    (p / "content/i18n/en.yaml").write_text("- About\n- Search\n", encoding="utf-8")
    return "content/i18n/en.yaml:1"


def source_file_outside_sources(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "  file: 000_1ae97ea0cf7a0fe6.txt\n", "  file: ../site.yaml\n")
    return at(p, SOURCES_YAML, "  file: ../site.yaml")


def catalog_folder_gone(p: Path, mp: pytest.MonkeyPatch) -> str:
    for path in (p / "content" / "catalog").iterdir():
        path.unlink()
    return "content/catalog/"


def static_folder_gone(p: Path, mp: pytest.MonkeyPatch) -> str:
    for path in (p / "templates" / "static").iterdir():
        path.unlink()
    (p / "templates" / "static").rmdir()
    return "templates/static/"


# ---- site.yaml -------------------------------------------------------------

SITE = "content/site.yaml"


def site_title_without_english(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SITE, "  en: SCO Security Chronicle\n", "")
    return at(p, SITE, "title:")


def site_misspelt_field(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SITE, "base_url: https://", "base_ur: https://")
    return at(p, SITE, "base_ur:")


def site_era_anchor_not_a_quoted_year(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SITE, '    anchor: "2001"\n', "    anchor: 2001\n")
    return at(p, SITE, "    anchor: 2001")


def site_yaml_only_comments(p: Path, mp: pytest.MonkeyPatch) -> str:
    (p / SITE).write_text("# nothing here\n", encoding="utf-8")
    return SITE


# ---- the catalog and the editorial layer ---------------------------------

CENTERS = "content/catalog/center.yaml"
# Where the string that missing_i18n_key deletes from en.yaml stands in zh.yaml (the hint points there).
ZH_BACKREF_LINE = (Path(__file__).parents[1] / "content/i18n/zh.yaml").read_text(encoding="utf-8").split("\n").index(
    "source_backref: 返回正文"
) + 1
EVENTS = "content/events.yaml"


def _append(p: Path, rel: str, text: str) -> None:
    path = p / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def catalog_unknown_parent(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, "  parent: sco\n  related: [shanghai-convention", "  parent: scoo\n  related: [shanghai-convention")
    return at(p, CENTERS, "  parent: scoo")


def catalog_unknown_related_far_from_any(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, "  related: [shanghai-convention, comprehensive", "  related: [qqqq-zzzz, comprehensive")
    return at(p, CENTERS, "  related: [qqqq-zzzz")


def catalog_chinese_name_of_two_entries(p: Path, mp: pytest.MonkeyPatch) -> str:
    exercises = "content/catalog/exercise.yaml"
    replace_once(p, exercises, "    zh: []\n    en: [Peace Mission exercises]", "    zh: [地区反恐机构]\n    en: [Peace Mission exercises]")
    return at(p, exercises, "- id: peace-mission")


def catalog_duplicate_id(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, "- id: sco-secretariat\n", "- id: rats\n")
    return f"{CENTERS}:{lines_of(p, CENTERS, '- id: rats')[1]}"


def catalog_unknown_field(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(
        p,
        CENTERS,
        "  place: tashkent\n  parent: sco\n  related: [shanghai-convention",
        "  plase: tashkent\n  parent: sco\n  related: [shanghai-convention",
    )
    return at(p, CENTERS, "plase: tashkent")


def catalog_missing_english_name(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, "    en: Regional Anti-Terrorist Structure (RATS)\n", "")
    return f"{CENTERS}:{lines_of(p, CENTERS, '  name:')[0]}"


def events_unknown_id(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, EVENTS, "\n- id: 2001-sco-foundng\n  title: {zh: 甲, en: A}\n")
    return at(p, EVENTS, "- id: 2001-sco-foundng")


def events_distinct_unknown(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, EVENTS, "- id: 2004-rats-founding\n", "- id: 2004-rats-founding\n  distinct: [2004-rats-foundng]\n")
    return at(p, EVENTS, "distinct: [2004-rats-foundng]")


def events_quote_not_found(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(
        p,
        EVENTS,
        "\n- id: 2001-made-up\n  add:\n    source: '000'\n    paragraph: p2\n"
        "    quote: 2001年，这句话不在来源里。\n    kind: founding\n    entities: [sco]\n",
    )
    return at(p, EVENTS, "quote: 2001年，这句话不在来源里。")


def events_unknown_paragraph(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(
        p,
        EVENTS,
        "\n- id: 2001-made-up\n  add:\n    source: '000'\n    paragraph: p999\n"
        "    quote: 2001年\n    kind: founding\n    entities: [sco]\n",
    )
    return at(p, EVENTS, "paragraph: p999")


def events_unknown_source(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(
        p,
        EVENTS,
        "\n- id: 2001-made-up\n  add:\n    source: '009'\n    paragraph: p1\n    quote: 2001年\n    kind: founding\n    entities: [sco]\n",
    )
    return at(p, EVENTS, "source: '009'")


def events_title_without_english(p: Path, mp: pytest.MonkeyPatch) -> str:
    english = '    en: "Five states sign the border military confidence-building agreement in Shanghai"\n'
    replace_once(p, EVENTS, english, '    en: "  "\n')
    return at(p, EVENTS, 'en: "  "')  # the blank language's own line


def events_drop_without_reason(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, EVENTS, "\n- id: 2001-sco-founding\n  drop: ''\n")
    return at(p, EVENTS, "drop: ''")


# ---- issue 23 §1: every input described by a model; §2: files ---------------------------
# Each of these failed on the code before the models (a traceback, a silent acceptance, or
# another code at another line); the build now stops with one diagnostic at the line.

RATS_EN = "    en: [RATS, SCO RATS]\n"
# 537 bytes of nested aliases in one entity's English aliases (issue 23): built, 9**9 lists of the first.
_BOMB_LEVELS = "".join(f"      - &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
_BOMB_HEAD = "    en:\n      - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
_BOMB_NOTE = "      # each list below holds nine of the one above it: built out, 387,420,489 strings.\n"
ALIAS_BOMB = _BOMB_HEAD + _BOMB_NOTE + _BOMB_LEVELS


def wrong_type_kind(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "  kind: op-ed\n", "  kind: [op-ed]\n")
    return at(p, SOURCES_YAML, "kind: [op-ed]")


def wrong_type_generic_rules(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "generic: [strip_pinyin, simplify, fullwidth_punctuation]", "generic: strip_pinyin")
    return at(p, SOURCES_YAML, "generic: strip_pinyin")


def wrong_type_parent(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, "  parent: sco\n  related: [shanghai-convention", "  parent: [sco]\n  related: [shanghai-convention")
    return at(p, CENTERS, "parent: [sco]")


def wrong_type_merge(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, EVENTS, "\n- id: 2001-sco-founding\n  merge: 5\n")
    return at(p, EVENTS, "merge: 5")


def scalar_event_entry(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, EVENTS, "\n- 2001-sco-founding\n")
    return at(p, EVENTS, "- 2001-sco-founding")


def missing_field_of_date(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, '    value: "2025-09"\n    precision: month\n', '    value: "2025-09"\n')
    date_line = line_of(p, SOURCES_YAML, 'value: "2025-09"') - 1  # the 'date:' line above the value
    return f"{SOURCES_YAML}:{date_line}"


def unknown_field_of_date(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, '    value: "2025-09"\n', '    value: "2025-09"\n    note: approximate\n')
    return at(p, SOURCES_YAML, "note: approximate")


def unknown_language(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(
        p, CENTERS, "    en: Regional Anti-Terrorist Structure (RATS)\n", "    en: Regional Anti-Terrorist Structure (RATS)\n    ru: РАТС\n"
    )
    return at(p, CENTERS, "ru: РАТС")


def blank_alias(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, RATS_EN, '    en: [RATS, " "]\n')
    return at(p, CENTERS, 'en: [RATS, " "]')


def one_character_alias(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, RATS_EN, "    en:\n      - RATS\n      - R\n")
    return f"{CENTERS}:{line_of(p, CENTERS, '      - RATS') + 1}"


def impossible_day(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, 'value: "2018-05-27"', 'value: "2018-02-30"')
    return at(p, SOURCES_YAML, 'value: "2018-02-30"')


def unquoted_impossible_day(p: Path, mp: pytest.MonkeyPatch) -> str:
    """Unquoted, YAML reads the date itself: PyYAML raised ValueError, the CLI said no file or line."""
    replace_once(p, SOURCES_YAML, 'value: "2018-05-27"', "value: 2018-02-30")
    return at(p, SOURCES_YAML, "value: 2018-02-30")


def footnote_without_its_body(p: Path, mp: pytest.MonkeyPatch) -> str:
    """The markdown split raised a bare ValueError here: the CLI said neither the file nor the line."""
    text = (p / F004).read_text(encoding="utf-8")
    body = next(line for line in text.splitlines(keepends=True) if line.startswith("[2] 参见中国现代国际关系研究所"))
    replace_once(p, F004, body, "")
    return at(p, F004, "开始改用“各方”）。<sup>[2]</sup>")


def speaker_not_in_speakers(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "name: 未署名作者}", "name: 王五}")  # the English page showed 'Speaker: 王五 王五'
    return at(p, SOURCES_YAML, "name: 王五}")


def impossible_year(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, 'value: "2025-09"', 'value: "0000-09"')  # went into every citation and data file
    return at(p, SOURCES_YAML, 'value: "0000-09"')


def impossible_month(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, 'value: "2025-09"', 'value: "2025-13"')
    return at(p, SOURCES_YAML, 'value: "2025-13"')


def contact_without_a_scheme(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SITE, 'contact: ""', 'contact: "www.example.org/report-an-error"')  # was linked as mailto:www.example.org/…
    return at(p, SITE, "contact:")


def era_anchored_at_a_year_without_events(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SITE, '    anchor: "2001"', '    anchor: "1800"')  # the home page linked to no part of the timeline
    return at(p, SITE, 'anchor: "1800"')


def base_url_with_markup(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SITE, "base_url: https://example.org/sco-chronicle/", "base_url: 'https://example.org/\"><script>alert(1)</script>/'")
    return at(p, SITE, "base_url:")


def alias_bomb(p: Path, mp: pytest.MonkeyPatch) -> str:
    assert len(ALIAS_BOMB.encode()) == 537
    replace_once(p, CENTERS, RATS_EN, ALIAS_BOMB)
    return at(p, CENTERS, "- &a [lol")


def duplicate_key(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, SITE, 'contact: "editors@example.org"\n')
    return f"{SITE}:{lines_of(p, SITE, 'contact:')[1]}"


def complex_key(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "  kind: op-ed\n", "  kind: op-ed\n  ? [kind, venue]\n  : op-ed\n")
    return at(p, SOURCES_YAML, "? [kind, venue]")


PO_001 = "content/translations/en/001.po"
MOMENTUM = 'msgstr "Security cooperation is the SCO’s “source of momentum”."'


def po_string_left_open(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, PO_001, MOMENTUM + "\n", MOMENTUM[:-1] + "\n")  # polib read it, msgfmt refuses it
    return at(p, PO_001, MOMENTUM[:-1])


def po_unknown_escape(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, PO_001, MOMENTUM + "\n", MOMENTUM[:-1] + '\\q"\n')
    return at(p, PO_001, "momentum”.\\q")


def po_plural(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, PO_001, MOMENTUM + "\n", 'msgid_plural "x"\nmsgstr[0] "a"\nmsgstr[1] "b"\n')
    return at(p, PO_001, "msgid_plural")


def po_sentence_twice(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, PO_001, '\n#: 001:p2\nmsgid "安全合作是上合组织的“动力之源”。"\nmsgstr "Something else entirely."\n')
    return f"{PO_001}:{lines_of(p, PO_001, '#: 001:p2')[-1]}"  # where the entry starts, as the first is named


def event_id_not_an_address(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, EVENTS, "\n- id: 2019 Quake?#x\n  drop: an id with a space, ? and #\n")  # built a page no link could reach
    return at(p, EVENTS, "- id: 2019 Quake?#x")


RATS_LINKS = "  place: tashkent\n  parent: sco\n  related: [shanghai-convention, comprehensive-center, info-security-center]\n"


def catalog_related_to_itself(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, RATS_LINKS, RATS_LINKS.replace("[shanghai-convention", "[rats, shanghai-convention"))
    return at(p, CENTERS, "  related: [rats, shanghai-convention")


def catalog_place_not_a_place(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, RATS_LINKS, RATS_LINKS.replace("place: tashkent", "place: sco"))
    return at(p, CENTERS, "  place: sco")


def catalog_parents_in_a_ring(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, RATS_LINKS, RATS_LINKS.replace("parent: sco", "parent: sco-secretariat"))
    replace_once(p, CENTERS, "Secretary-General, Norov.\n  parent: sco\n", "Secretary-General, Norov.\n  parent: rats\n")
    return at(p, CENTERS, "  parent: sco-secretariat")


def catalog_english_alias_of_another(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, CENTERS, "    en: [RATS, SCO RATS]\n", "    en: [RATS, SCO RATS, SCO secretariat]\n")
    return at(p, CENTERS, "- id: sco-secretariat")  # the second of the two, as for a Chinese name


def author_version_of_no_paragraph(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, "content/translations/en/004.po", "# author-version: p35\n", "# author-version: p999\n")  # a link to nothing
    return at(p, "content/translations/en/004.po", "# author-version: p999")


def author_version_in_a_chinese_text(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, PO_001, "#: 001:p1\n", "# author-version: p2\n#: 001:p1\n")  # shown as the author's English
    return at(p, PO_001, "# author-version: p2")


def duplicate_event_id(p: Path, mp: pytest.MonkeyPatch) -> str:
    _append(p, EVENTS, "\n- id: 1996-border-confidence-agreement-signing\n  drop: told twice\n")
    return f"{EVENTS}:{lines_of(p, EVENTS, '- id: 1996-border-confidence-agreement-signing')[1]}"


def same_file_twice(p: Path, mp: pytest.MonkeyPatch) -> str:
    replace_once(p, SOURCES_YAML, "  file: 001_57f6c3e94606ab13.txt\n", "  file: 000_1ae97ea0cf7a0fe6.txt\n")
    return f"{SOURCES_YAML}:{lines_of(p, SOURCES_YAML, 'file: 000_1ae97ea0cf7a0fe6.txt')[1]}"


def source_is_a_link_out(p: Path, mp: pytest.MonkeyPatch) -> str:
    (p / F001).unlink()
    (p / F001).symlink_to("/etc/passwd")
    return F001


def static_file_is_a_link_out(p: Path, mp: pytest.MonkeyPatch) -> str:
    (p / "templates/static/passwd.txt").symlink_to("/etc/passwd")
    return "templates/static/passwd.txt"


def add_reuses_an_extracted_id(p: Path, mp: pytest.MonkeyPatch) -> str:
    """It replaced the extracted event, dropping its citations and its title, and check said ok."""
    text = (p / EVENTS).read_text(encoding="utf-8")
    start = text.index("- id: 2004-rats-founding\n")
    end = text.index("- id: ", start + 1)
    (p / EVENTS).write_text(text[:start] + text[end:], encoding="utf-8")
    _append(
        p,
        EVENTS,
        "\n- id: 2004-rats-founding\n  add:\n    source: '002'\n    paragraph: p8\n"
        "    quote: 2004年，上合组织地区反恐机构在乌兹别克斯坦首都塔什干成立\n    kind: founding\n    entities: [rats]\n",
    )
    return at(p, EVENTS, "- id: 2004-rats-founding")


def kind_without_ui_strings(p: Path, mp: pytest.MonkeyPatch) -> str:
    """A kind sources.yaml accepts but no UI string names: the build failed with a template error in _macros.html."""
    for lang in ("zh", "en"):
        path = p / f"content/i18n/{lang}.yaml"
        path.write_text(
            "\n".join(line for line in path.read_text(encoding="utf-8").split("\n") if not line.startswith("kind_op-ed:")), encoding="utf-8"
        )
    return at(p, SOURCES_YAML, "kind: op-ed")


@dataclass(frozen=True)
class Case:
    patch: Patch
    code: str
    fragments: tuple[str, ...]


CASES = {
    "yaml-syntax": Case(yaml_syntax_error, "YAML001", ("YAML syntax error", "mapping values are not allowed")),
    "yaml-syntax-i18n": Case(yaml_syntax_error_in_i18n, "YAML001", ("YAML syntax error", "expected ',' or ']'")),
    "unknown-field": Case(unknown_field, "SRC003", ("unknown field 'titel'", "did you mean 'title'")),
    "missing-field": Case(missing_field, "SRC004", ("missing field 'kind'", "add 'kind:'")),
    "duplicate-id": Case(duplicate_id, "SRC002", ("duplicate source id '000'", "first defined on line 9")),
    "unquoted-id": Case(unquoted_id, "SRC005", ("source id must be a quoted string", "got 3")),
    "file-missing": Case(source_file_missing, "FILE001", ("file not found: content/sources/001_57f6c3e94606ab13.txt",)),
    "file-empty": Case(source_file_empty, "FILE004", ("file is empty",)),
    "yaml-utf16": Case(sources_yaml_in_utf16, "FILE003", ("not valid UTF-8 at byte 0", "iconv -f UTF-16 -t UTF-8")),
    "file-gb18030": Case(source_not_utf8, "FILE003", ("not valid UTF-8 at byte 4", "GB18030")),
    "file-gb18030-line-3": Case(source_not_utf8_from_line_3, "FILE003", ("not valid UTF-8 at byte",)),
    "file-over-limit": Case(source_over_limit, "FILE002", ("file is 51,095 bytes, over the limit of 50,000 bytes",)),
    "file-sparse-50mb": Case(source_sparse_50mb, "FILE002", ("file is 52,428,800 bytes, over the limit of 5,242,880 bytes",)),
    "anchor-not-found": Case(
        anchor_not_found, "REP001", ("source 001", "anchor '香港声音 直达真理' not found", "copy it from the raw text")
    ),
    "anchor-twice": Case(anchor_found_twice, "REP001", ("source 002", "anchor '跨国组织犯罪' found 2 times", "lengthen the anchor")),
    "anchor-removed-earlier": Case(
        anchor_removed_by_an_earlier_step, "REP001", ("anchor '分享到:' is in no paragraph by this step", "an earlier step removed")
    ),
    "unknown-repair": Case(unknown_repair, "SRC011", ("unknown repair 'dorp'", "did you mean 'drop'?")),
    "unknown-repair-param": Case(unknown_repair_parameter, "SRC003", ("unknown parameter 'ancor'", "did you mean 'anchor'?")),
    "unknown-generic-rule": Case(unknown_generic_rule, "SRC011", ("unknown repair 'strip_pinyn'", "did you mean 'strip_pinyin'?")),
    "date-unparsable": Case(date_does_not_parse, "SRC010", ("date 'Sept 2025' does not parse", "YYYY-MM")),
    "date-precision": Case(wrong_precision, "SRC010", ("precision 'month' does not fit date '2018-05-27'", "the precision is day")),
    "template-syntax": Case(template_syntax_error, "TPL001", ("template syntax error",)),
    "template-ui-string": Case(
        template_misspelt_ui_string, "TPL002", ("no UI string 'about_titel' in content/i18n/", "did you mean 'about_title'?")
    ),
    "template-undefined": Case(template_undefined_variable, "TPL002", ("'no_such_variable' is undefined", "StrictUndefined")),
    "template-includes-itself": Case(
        template_includes_itself, "TPL002", ("RecursionError while rendering", "includes, extends or calls itself")
    ),
    "template-endless-range": Case(template_endless_range, "TPL002", ("OverflowError while rendering", "at most 100,000 numbers")),
    "template-loop-without-end": Case(
        template_loop_without_end, "TPL002", ("PageTooSlow while rendering", "stopped after 1 s", "runs for ever or billions of times")
    ),
    "template-output-without-end": Case(
        template_output_without_end, "TPL002", ("PageTooLarge while rendering", "over 50 MB of memory", "more text than memory holds")
    ),
    "template-one-call-too-large": Case(
        template_one_call_too_large, "TPL002", ("PageTooLarge while rendering", "asked for over 50 MB of memory", "make it smaller")
    ),
    "template-page-too-long": Case(
        template_page_too_long, "TPL002", ("PageTooLong while rendering", "at most 16,777,216", "makes the page too long")
    ),
    "template-number-too-large": Case(
        template_number_too_large, "TPL002", ("OverflowError while rendering", "about 1,000,000 digits", "make it smaller")
    ),
    "i18n-not-text": Case(i18n_string_not_text, "I18N003", ("UI string 'nav_about' is not text: ['About']",)),
    "i18n-not-a-mapping": Case(i18n_not_a_mapping, "I18N002", ("the UI strings must be a mapping",)),
    "source-file-outside": Case(source_file_outside_sources, "SRC008", ("file '../site.yaml' must be a file name in content/sources/",)),
    "catalog-shared-chinese-name": Case(
        catalog_chinese_name_of_two_entries,
        "CAT012",
        ("peace-mission: the Chinese name '地区反恐机构' already names rats (content/catalog/center.yaml:1)",),
    ),
    "catalog-related-to-itself": Case(catalog_related_to_itself, "CAT015", ("rats: related 'rats' is the entry itself",)),
    "catalog-place-not-a-place": Case(catalog_place_not_a_place, "CAT015", ("rats: place 'sco' is a organization, not a place",)),
    "catalog-parents-in-a-ring": Case(
        catalog_parents_in_a_ring, "CAT015", ("rats: its parents lead back to it (rats → sco-secretariat → rats)",)
    ),
    "catalog-shared-english-name": Case(
        catalog_english_alias_of_another, "CAT012", ("the English name 'SCO Secretariat' already names rats",)
    ),
    "catalog-files-gone": Case(catalog_folder_gone, "FILE001", ("no catalog files (*.yaml)", "git restore content/catalog")),
    "static-folder-gone": Case(static_folder_gone, "FILE001", ("folder not found", "git restore templates/static")),
    "site-title-no-english": Case(site_title_without_english, "SITE004", ("title has no English text", "add 'en:' under 'title'")),
    "site-misspelt-field": Case(site_misspelt_field, "SITE002", ("unknown field 'base_ur'", "did you mean 'base_url'?")),
    "site-era-anchor": Case(site_era_anchor_not_a_quoted_year, "SITE007", ("an era's anchor 2001 must be a year in quotes",)),
    "site-only-comments": Case(site_yaml_only_comments, "FILE004", ("file holds only comments", "git restore content/site.yaml")),
    "catalog-unknown-parent": Case(catalog_unknown_parent, "CAT004", ("rats: unknown parent 'scoo'", "did you mean 'sco'?")),
    # far from all 205 ids: a short hint, not the list of them all
    "catalog-unknown-related": Case(
        catalog_unknown_related_far_from_any, "CAT004", ("rats: unknown related 'qqqq-zzzz'", "(not close to any of the 205 known names)")
    ),
    "catalog-duplicate-id": Case(catalog_duplicate_id, "CAT003", ("duplicate entity id 'rats'", "already defined in")),
    "catalog-unknown-field": Case(catalog_unknown_field, "CAT005", ("unknown field 'plase'", "did you mean 'place'?")),
    "catalog-missing-english": Case(catalog_missing_english_name, "CAT009", ("rats: name has no English text", "add 'en:'")),
    "events-unknown-id": Case(events_unknown_id, "EVT004", ("no extracted event '2001-sco-foundng'", "did you mean '2001-sco-founding'?")),
    "events-distinct-unknown": Case(
        events_distinct_unknown,
        "EVT004",
        ("cannot tell '2004-rats-founding' apart from unknown event '2004-rats-foundng'", "did you mean '2004-rats-founding'?"),
    ),
    "events-quote-not-found": Case(events_quote_not_found, "EVT010", ("quote not found in source 000 p2", "copy the words exactly")),
    "events-unknown-paragraph": Case(events_unknown_paragraph, "EVT009", ("source 000 has no paragraph 'p999'",)),
    "events-unknown-source": Case(events_unknown_source, "EVT008", ("unknown source '009'",)),
    "events-title-blank-english": Case(
        events_title_without_english, "EVT006", ("'title' of '1996-border-confidence-agreement-signing' needs zh and en text",)
    ),
    "events-drop-without-reason": Case(events_drop_without_reason, "EVT005", ("dropping '2001-sco-founding' needs a reason",)),
    "i18n-misspelt-key": Case(
        misspelt_i18n_key, "I18N001", ("UI string 'nav_abuot' is 'nav_about' in content/i18n/en.yaml:6", "one of the two is misspelt")
    ),
    "i18n-missing-key": Case(
        missing_i18n_key, "I18N001", ("missing UI string 'source_backref'", f"add it; content/i18n/zh.yaml:{ZH_BACKREF_LINE} has it")
    ),
    # issue 23 §1-2
    "wrong-type-kind": Case(wrong_type_kind, "SRC008", ("kind must be text, not a list", "write kind: op-ed")),
    "wrong-type-generic": Case(wrong_type_generic_rules, "SRC008", ("generic must be a list, not the text 'strip_pinyin'", "generic: [")),
    "wrong-type-parent": Case(wrong_type_parent, "CAT008", ("rats: parent must be text, not a list", "write parent: sco")),
    "wrong-type-merge": Case(wrong_type_merge, "EVT017", ("merge must be a list, not the number 5", "merge: [")),
    "scalar-event-entry": Case(scalar_event_entry, "EVT002", ("each entry needs an 'id'",)),
    "missing-field-nested": Case(missing_field_of_date, "SRC004", ("'date' is missing 'precision'", "add 'precision:'")),
    "unknown-field-nested": Case(unknown_field_of_date, "SRC003", ("unknown field 'note' in 'date'",)),
    "unknown-language": Case(unknown_language, "CAT005", ("rats: unknown language 'ru' in 'name'", "expected one of: en, zh")),
    "blank-alias": Case(blank_alias, "CAT008", ("rats: en: ' ' is too short", "two characters at least")),
    "one-character-alias": Case(one_character_alias, "CAT008", ("rats: en: 'R' is too short",)),
    "impossible-day": Case(impossible_day, "SRC010", ("date '2018-02-30' is not a day of the calendar", "February 2018 has 28 days")),
    "unquoted-impossible-day": Case(
        unquoted_impossible_day, "YAML005", ("'2018-02-30' is not a day of the calendar", 'in quotes: "YYYY-MM-DD"')
    ),
    "footnote-without-its-body": Case(
        footnote_without_its_body, "REP004", ("source 004: footnote marker [2] has no footnote body [2]", "split: lines")
    ),
    "speaker-not-in-speakers": Case(speaker_not_in_speakers, "REP003", ("source 002: speaker '王五' is not in its speakers:",)),
    "impossible-year": Case(impossible_year, "SRC010", ("date '0000-09' has the year 0000", "from 1000 to 2999")),
    "impossible-month": Case(impossible_month, "SRC010", ("date '2025-13' has no month 13", "months are 01 to 12")),
    "base-url-markup": Case(base_url_with_markup, "SITE005", ("must be a plain http(s) address ending in /", "no quotes")),
    "contact-without-a-scheme": Case(
        contact_without_a_scheme, "SITE005", ("contact 'www.example.org/report-an-error' is not an e-mail or web address",)
    ),
    "era-anchor-without-events": Case(
        era_anchored_at_a_year_without_events, "SITE009", ("an era's anchor 1800 is a year no event has", 'e.g. anchor: "1979"')
    ),
    "alias-bomb": Case(alias_bomb, "YAML003", ("YAML anchor '&a' is not allowed",)),
    "duplicate-key": Case(
        duplicate_key, "YAML002", ("key 'contact' is given twice, on lines 17 and 44", "YAML would silently use the last")
    ),
    "complex-key": Case(complex_key, "YAML004", ("a key must be a plain name",)),
    "duplicate-event-id": Case(
        duplicate_event_id, "EVT016", ("event '1996-border-confidence-agreement-signing' is already given on line",)
    ),
    "same-file-twice": Case(same_file_twice, "SRC013", ("file '000_1ae97ea0cf7a0fe6.txt' is already the text of source 000 (line 9)",)),
    "source-link-out": Case(source_is_a_link_out, "FILE005", (f"{F001} leads outside the project, to /etc/passwd",)),
    "static-link-out": Case(static_file_is_a_link_out, "FILE005", ("templates/static/passwd.txt leads outside the project",)),
    "add-reuses-id": Case(
        add_reuses_an_extracted_id,
        "EVT018",
        ("'add' would replace the extracted event '2004-rats-founding'", "give the added event another id"),
    ),
    "po-string-left-open": Case(po_string_left_open, "TRN001", ("not a readable PO file: not a PO line", "a string left open")),
    "po-unknown-escape": Case(po_unknown_escape, "TRN001", ("not a PO line",)),
    "po-plural": Case(po_plural, "TRN001", ("a plural entry",)),
    "po-sentence-twice": Case(po_sentence_twice, "TRN001", ("the sentence of line 15 again",)),
    "event-id-not-an-address": Case(event_id_not_an_address, "EVT019", ("bad event id '2019 Quake?#x'", "lowercase ASCII words")),
    "author-version-of-no-paragraph": Case(
        author_version_of_no_paragraph, "TRN008", ("author-version: p999 is not a paragraph of source 004's own English",)
    ),
    "author-version-in-a-chinese-text": Case(author_version_in_a_chinese_text, "TRN008", ("it has no English paragraph",)),
    "kind-without-strings": Case(
        kind_without_ui_strings,
        "I18N004",
        ("source 000: kind 'op-ed' has no name to show in content/i18n/zh.yaml and content/i18n/en.yaml", "add 'kind_op-ed: …'"),
    ),
}


@pytest.fixture
def old_site(project: Path) -> Path:
    site = project / "site"
    site.mkdir()
    (site / "marker.txt").write_text(MARKER, encoding="utf-8")
    # what every site chronicle builds has (cli._not_ours): a folder without them is refused as the user's own
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (site / "data").mkdir()
    (site / "data" / "sources.json").write_text('{"sources": []}', encoding="utf-8")
    return site


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_and_site_untouched(name: str, project: Path, old_site: Path, monkeypatch, capsys) -> None:
    case = CASES[name]
    where = case.patch(project, monkeypatch)
    code = main(["--project", str(project), "build", "--out", str(project / "site"), "--no-index"])
    monkeypatch.undo()  # restore Path.read_bytes etc. before the checks read files
    captured = capsys.readouterr()
    err = captured.err
    assert code == 1, err
    assert "Traceback" not in err
    assert not captured.out.startswith("built"), "a failed build must not claim success"
    lines = [line for line in err.splitlines() if line.endswith(f"[{case.code}]")]
    assert lines, f"no [{case.code}] diagnostic in:\n{err}"
    matching = [line for line in lines if line.startswith(f"{where}: error: ")]
    assert matching, f"no [{case.code}] diagnostic at {where} in:\n{err}"
    assert any(all(f in line for f in case.fragments) for line in matching), f"{case.fragments} not in:\n{err}"
    assert "error(s)" in err
    # the previous site is exactly as it was, and no temporary folder is left
    assert sorted(p.name for p in old_site.iterdir()) == OLD_SITE
    assert (old_site / "marker.txt").read_text(encoding="utf-8") == MARKER
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site-")]


def test_an_entity_rejected_is_reported_once_not_again_by_every_entry_naming_it(project: Path, capsys) -> None:
    """RATS without its English name is one mistake: the entries whose parent or related list names
    rats must not each add an 'unknown related' error pointing elsewhere."""
    where = catalog_missing_english_name(project, pytest.MonkeyPatch())
    assert project.joinpath(CENTERS).read_text(encoding="utf-8").count("related: [rats") >= 4
    assert main(["--project", str(project), "build", "--out", str(project / "site"), "--no-index"]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors == [f"{where}: error: rats: name has no English text (add 'en:' under 'name') [CAT009]"], err


def test_a_project_without_its_catalog_is_one_error_not_one_per_event(project: Path, capsys) -> None:
    """With the catalog gone no event is extracted, and every id in events.yaml (85) was reported unknown."""
    catalog_folder_gone(project, pytest.MonkeyPatch())
    assert main(["--project", str(project), "build", "--out", str(project / "site"), "--no-index"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == ["content/catalog/: error: no catalog files (*.yaml) (restore them: git restore content/catalog) [FILE001]"]


def test_after_a_template_error_only_the_pages_using_it_are_skipped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template broken for one page is broken for every page that uses it: those pages are skipped (a template
    that never ends cost seconds a page, across all 774), while the pages of other templates still render and
    report their own errors: every diagnostic of the run is shown."""
    import chronicle.build
    from chronicle.build import render_site

    template_undefined_variable(project, monkeypatch)
    replace_once(project, "templates/entity.html", '<article class="entity">\n', '<article class="entity">\n{{ no_entity_variable }}\n')
    tried: list[str] = []
    render_page = chronicle.build.render_page

    def counting(prepared, page, diagnostics):  # noqa: ANN001, ANN202
        tried.append(page.template)
        return render_page(prepared, page, diagnostics)

    monkeypatch.setattr(chronicle.build, "render_page", counting)
    result = render_site(project)
    errors = sorted((d.code, d.path) for d in result.diagnostics if d.severity == "error")
    assert errors == [("TPL002", "templates/about.html"), ("TPL002", "templates/entity.html")], errors
    assert tried.count("about.html") == 1 and tried.count("entity.html") == 1, "a broken template is tried once"
    events = [p for p in chronicle.build.prepare_site(project, chronicle.build.BuildResult()).pages if p.template == "event.html"]
    assert tried.count("event.html") == len(events) > 100, "the pages of sound templates all render"


@pytest.mark.parametrize("jobs", ["1", "2"])  # in one process, and in forked workers where the process can fork
def test_pages_each_within_their_limits_but_too_long_together_stop_the_build(
    jobs: str, project: Path, old_site: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A line in base.html that adds 10,000 characters to every page (with a million, 776 pages made 0.8 GB of
    HTML, all held in memory, each page within its limits): past the characters the site's pages may make
    together, one error, the build stops and the old site stays. The same budget builds the site as it is."""
    monkeypatch.setattr("chronicle.render.environment.SITE_CHARS", 0)
    monkeypatch.setattr("chronicle.render.environment.PAGE_SHARE", 20_000)  # the site's pages average 15,000
    assert main(["--project", str(project), "build", "--out", str(project / "fits"), "--no-index"]) == 0
    capsys.readouterr()
    replace_once(project, "templates/base.html", '<main id="main"', "{{ 'x' * 10000 }}<main id=\"main\"")
    code = main(["--project", str(project), "build", "--out", str(project / "site"), "--no-index", "--jobs", jobs])
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert code == 1 and len(errors) == 1, err
    assert errors[0].endswith("[TPL002]") and "SiteTooLong while rendering" in errors[0] and "this site may have" in errors[0], err
    assert "makes every page long" in err
    assert sorted(p.name for p in old_site.iterdir()) == OLD_SITE


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_template_error_in_a_forked_worker_is_reported(lang: str, project: Path, old_site: Path) -> None:
    """With --jobs 2 the pages render in two forked workers: an error on the pages of either language
    reaches the user like any other (file and line, once), so does one in another template, and nothing is written."""
    broken = '<article class="entity">\n{% if lang == "' + lang + '" %}{{ no_such_variable }}{% endif %}\n'
    replace_once(project, "templates/entity.html", '<article class="entity">\n', broken)
    where = at(project, "templates/entity.html", "no_such_variable")
    replace_once(project, "templates/about.html", "<p>{{ t.about_body }}</p>", "<p>{{ t.about_body }} {{ no_about_variable }}</p>")
    command = [sys.executable, "-m", "chronicle", "--project", str(project), "build", "--jobs", "2", "--out", str(project / "site")]
    run = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)  # a fresh process, which forks
    err = run.stderr
    assert run.returncode == 1, err
    assert "Traceback" not in err
    reported = [line for line in err.splitlines() if line.startswith(f"{where}: error: ") and line.endswith("[TPL002]")]
    assert len(reported) == 1 and "no_such_variable" in reported[0], err
    assert "no_about_variable" in err, "an error in another template is reported too"
    assert sorted(p.name for p in old_site.iterdir()) == OLD_SITE
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site-")]


def test_a_worker_killed_outright_is_an_error_not_a_wait(project: Path) -> None:
    """A worker the system kills (out of memory, a stray `kill -9`) leaves no pages: the build says so at once
    instead of waiting for them or writing a site without them."""
    script = """if True:
        import os, signal, sys
        from pathlib import Path
        import chronicle.build as build
        parent, render_pages = os.getpid(), build.render_pages
        def killed_in_a_worker(*args):
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return render_pages(*args)
        build.render_pages = killed_in_a_worker
        prepared = build.prepare_site(Path(sys.argv[1]), build.BuildResult())
        try:
            build.render(prepared, build.BuildResult(), jobs=2)
        except RuntimeError as err:
            print(err)
    """
    run = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True, timeout=120, check=True)
    assert "a worker rendering pages ended with exit code -9" in run.stdout, run.stdout + run.stderr


def test_oversized_file_is_sparse_on_disk(project: Path) -> None:
    """The 50 MB case really is cheap: the file takes (almost) no disk blocks."""
    big = project / F004
    with big.open("r+b") as f:
        f.truncate(50 * 1024 * 1024)
    st = os.stat(big)
    assert st.st_size == 50 * 1024 * 1024
    if hasattr(st, "st_blocks") and st.st_blocks * 512 > 10 * 1024 * 1024:
        pytest.skip("this file system does not support sparse files")


@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_error_traceback_only_with_debug(debug: bool, project: Path, old_site: Path, monkeypatch, capsys) -> None:
    def explode(project: Path, *_: object, **__: object):
        raise RuntimeError("boom from the test")

    monkeypatch.setattr("chronicle.build.prepare_site", explode)
    argv = ["--project", str(project), *(["--debug"] if debug else []), "build", "--out", str(project / "site"), "--no-index"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "error: RuntimeError: boom from the test" in err
    if debug:
        assert "Traceback (most recent call last)" in err
        assert "explode" in err
    else:
        assert "Traceback" not in err
        assert "run with --debug for a traceback" in err
    assert (old_site / "marker.txt").read_text(encoding="utf-8") == MARKER


def test_content_errors_have_no_traceback_even_with_debug(project: Path, old_site: Path, monkeypatch, capsys) -> None:
    date_does_not_parse(project, monkeypatch)
    assert main(["--project", str(project), "--debug", "build", "--out", str(project / "site"), "--no-index"]) == 1
    err = capsys.readouterr().err
    assert "[SRC010]" in err and "Traceback" not in err


def test_all_problems_reported_in_one_run(project: Path, old_site: Path, monkeypatch, capsys) -> None:
    """Two unrelated mistakes: both are reported, so the editor fixes them in one go."""
    where_field = unknown_field(project, monkeypatch)
    where_date = wrong_precision(project, monkeypatch)
    assert main(["--project", str(project), "build", "--out", str(project / "site"), "--no-index"]) == 1
    err = capsys.readouterr().err
    assert f"{where_field}: error: unknown field 'titel'" in err
    assert f"{where_date}: error: precision 'month'" in err
