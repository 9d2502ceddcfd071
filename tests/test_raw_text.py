"""What the loader takes out of every source as it reads it: byte-order mark, CRLF, NUL, bidi and other controls,
noncharacters; line and page separators become line feeds.

Unit cases on short texts, properties (never raises, idempotent, nothing invisible left),
and the real 002 saved by a Windows editor: its anchors, one of which holds line breaks,
still match, and the repair log says what was done.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.cli import main
from chronicle.core.clean.raw_text import normalise_raw
from chronicle.core.model import Repair

F002 = "content/sources/002_eda0a1ca0252c45d.txt"


def test_a_clean_text_is_left_alone() -> None:
    assert normalise_raw("上合组织\n\n安全合作\n") == ("上合组织\n\n安全合作\n", ())


def test_byte_order_mark_and_windows_line_endings() -> None:
    text, repairs = normalise_raw("\ufeff上合组织\r\n\r\n安全合作\r旧Mac\n")
    assert text == "上合组织\n\n安全合作\n旧Mac\n"
    assert repairs == (
        Repair("byte_order_mark", 1, "byte-order mark (U+FEFF) removed"),
        Repair("line_endings", 3, "Windows line endings (CRLF, CR) made LF"),
    )


def test_nul_and_bidi_controls_are_removed_and_placed_by_line_and_column() -> None:
    text, repairs = normalise_raw("甲\x00乙\n丙\u202e丁\u2066戊\u2069\n")
    assert text == "甲乙\n丙丁戊\n"
    assert repairs == (
        Repair("nul_removed", 1, "NUL characters removed at 1:2"),
        Repair("bidi_removed", 3, "bidirectional controls removed at 2:2, 2:4, 2:6"),
    )


def test_controls_and_noncharacters_go_and_separators_break_lines() -> None:
    # HTML refuses controls and noncharacters (they came through into the pages); a word processor's U+2028
    # or a PDF's form feed is a break the editor sees
    text, repairs = normalise_raw("上合\u2028组织\x07成立\uffff。\x0c第二页\x85\u2029末\x9b\n")
    assert text == "上合\n组织成立。\n第二页\n\n末\n"
    assert repairs == (
        Repair("separators", 4, "line and page separators (U+2028, U+2029, VT, FF, NEL) made line feeds at 1:3, 1:11, 1:15, 1:16"),
        Repair("controls_removed", 3, "control characters and noncharacters removed at 2:3, 2:6, 5:2"),
    )


def test_many_places_are_counted_not_all_listed() -> None:
    _, (repair,) = normalise_raw("\x00a" * 20)
    assert repair.count == 20
    assert repair.detail.endswith("1:23 … (20 places)")


INVISIBLE = "\ufeff\r\x00\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\x01\x1f\x7f\x9f\ufdd0\uffff\u2028\x0c\x85"


@given(st.text(alphabet=st.sampled_from(list(INVISIBLE + "\n上合a "))) | st.text())
@settings(max_examples=300, deadline=None)
def test_normalising_is_total_idempotent_and_leaves_nothing_invisible(raw: str) -> None:
    text, _ = normalise_raw(raw)
    assert not set(text) & set(INVISIBLE)
    assert normalise_raw(text) == (text, ())


def test_002_saved_with_a_bom_crlf_and_invisible_characters_builds_as_before(project: Path, sources_json) -> None:
    raw = (project / F002).read_text(encoding="utf-8")
    lines = raw.split("\n")
    assert lines[2] == "智库圆桌(第54期·总343期)"
    lines[2] = "智库\x00圆桌(第54期\u202e·总343期)"
    (project / F002).write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    assert main(["--project", str(project), "build", "--out", str(project / "site"), "--no-index"]) == 0
    built = {s["id"]: s for s in json.loads((project / "site/data/sources.json").read_text(encoding="utf-8"))["sources"]}["002"]
    assert built["paragraphs"] == sources_json["002"]["paragraphs"]
    assert built["repairs"][:4] == [
        {"kind": "byte_order_mark", "count": 1, "detail": "byte-order mark (U+FEFF) removed"},
        {"kind": "line_endings", "count": len(lines) - 1, "detail": "Windows line endings (CRLF, CR) made LF"},
        {"kind": "nul_removed", "count": 1, "detail": "NUL characters removed at 3:3"},
        {"kind": "bidi_removed", "count": 1, "detail": "bidirectional controls removed at 3:11"},
    ]
    assert built["repairs"][4:] == sources_json["002"]["repairs"]
