"""The search index built by one Pagefind service per language, merged, is what one `pagefind` run makes."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.pagefind_service import PagefindService, ServiceError
from chronicle.search import INDEXED_SECTIONS, make_indexer, pagefind_command

REPO = Path(__file__).resolve().parents[1]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def indexed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("indexed") / "site"
    assert main(["--project", str(REPO), "build", "--out", str(site)]) == 0
    return site


def test_merged_service_bundles_equal_one_pagefind_command(indexed_site: Path) -> None:
    site = indexed_site
    glob = f"{{zh,en}}/{{{','.join(INDEXED_SECTIONS)}}}/*/index.html"
    argv = [*pagefind_command(), "--site", str(site), "--glob", glob, "--output-subdir", "pagefind-cli", "--quiet"]
    subprocess.run(argv, check=True, capture_output=True)
    cli = tree(site / "pagefind-cli")
    ours = tree(site / "pagefind")
    assert len([name for name in ours if name.startswith("fragment/")]) == 582, "one fragment per event, source and entity page"
    assert sorted(ours) == sorted(cli)
    differing = [name for name in ours if ours[name] != cli[name] and name != "pagefind-entry.json"]
    assert differing == []
    # Pagefind writes the entry's keys in hash order; ours are sorted, the JSON is the same.
    assert json.loads(ours["pagefind-entry.json"]) == json.loads(cli["pagefind-entry.json"])


def indexed_text(site: Path) -> dict[str, str]:
    """The text Pagefind stored for each page (its fragment's content), by URL, without its word breaks."""
    texts = {}
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        texts[data["url"]] = data["content"].replace("\u200b", "")
    return texts


def test_each_index_holds_its_own_language_and_no_page_furniture(indexed_site: Path) -> None:
    texts = indexed_text(indexed_site)
    en, zh = texts["/en/sources/000/"], texts["/zh/sources/000/"]
    assert "Unnamed assistant research fellow" in en and "Written after the 2025 Tianjin summit" in en
    # Labels, the citation block (with the site's address) and the Chinese title are not indexed.
    for furniture in ("Authors", "Venue", "Kind", "Paragraphs", "How to cite", "example.org", "上合组织安全合作"):
        assert furniture not in en
    assert "2025年上海合作组织峰会在天津落下帷幕" in zh
    for furniture in ("出处", "如何引用", "example.org"):
        assert furniture not in zh
    # The Chinese notes of 004 are in the Chinese index only; its English text in the English one only.
    assert "楚树龙" in texts["/zh/sources/004/"] and "楚树龙" not in texts["/en/sources/004/"]
    # The evidence quotes are Chinese: in the Chinese index, not the English one.
    quote = "1996年中国、俄罗斯、哈萨克斯坦"
    assert quote in texts["/zh/events/1996-border-confidence-agreement-signing/"]
    english_events = [text for url, text in texts.items() if url.startswith("/en/events/")]
    assert len(english_events) == 84
    assert [text for text in english_events if re.search("[\u4e00-\u9fff]", text)] == []


def test_no_pilcrow_or_back_arrow_in_excerpts_or_section_titles(indexed_site: Path) -> None:
    """The paragraph links (¶) and the notes' back links (↩) are page furniture: Pagefind kept them in its
    text, so they showed in every excerpt and at the end of every section title in the results."""
    files = (indexed_site / "pagefind" / "fragment").iterdir()
    fragments = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")) for f in files]
    sections = [anchor["text"] for data in fragments for anchor in data["anchors"] if anchor["element"].startswith("h") and anchor["text"]]
    assert "一、新安全观的确立与上合组织" in sections  # a section title of source 004, a sub-result of a search
    assert [text for text in sections if "¶" in text] == []
    assert [data["url"] for data in fragments if "¶" in data["content"] or "↩" in data["content"]] == []
    assert "楚树龙" in indexed_text(indexed_site)["/zh/sources/004/"]  # the notes themselves are still searchable


FAKE_SERVICE = r"""
import base64, json, sys
raw = b""
while not raw.endswith(b","):
    raw += sys.stdin.buffer.read(1)
asked = json.loads(base64.b64decode(raw[:-1]))
reply = {"message_id": asked["message_id"], "payload": {"type": "Error", "message": "no such index", "original_message": None}}
sys.stdout.buffer.write(base64.b64encode(json.dumps(reply).encode()) + b",")
sys.stdout.buffer.flush()
"""


def test_an_error_reply_is_raised_with_its_message() -> None:
    service = PagefindService([sys.executable, "-c", FAKE_SERVICE])
    with pytest.raises(ServiceError, match="^no such index$"):
        service.request({"type": "WriteFiles", "index_id": 7, "output_path": "/nowhere"})
    service.close()
    assert service.process.returncode == 0


def test_a_service_that_dies_is_reported_with_what_it_printed() -> None:
    service = PagefindService([sys.executable, "-c", "print('cannot start: no wasm'); raise SystemExit(4)"])
    with pytest.raises(ServiceError, match=r"^cannot start: no wasm \(exit code 4\)$"):
        service.request({"type": "NewIndex", "config": None})


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities on this platform")
def test_english_service_yields_the_cpu_to_the_chinese_one() -> None:
    """Chinese is indexed first and bundles on one thread at the end; English must not take its CPU."""
    indexer = make_indexer()
    try:
        zh, en = (indexer.services[lang].process.pid for lang in ("zh", "en"))
        assert os.getpriority(os.PRIO_PROCESS, en) > os.getpriority(os.PRIO_PROCESS, zh)
    finally:
        indexer.abort()


def test_a_build_leaves_no_pagefind_process_behind(tmp_path: Path) -> None:
    """The services are told to stop before the bundle is written; by the end of the build they are gone and reaped."""
    assert main(["--project", str(REPO), "build", "--out", str(tmp_path / "site")]) == 0
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:  # ended while we looked
            continue
        if fields.get("PPid", "").strip() == str(os.getpid()):
            children.append(fields.get("Name", "").strip())
    assert [name for name in children if "pagefind" in name] == []


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities on this platform")
@pytest.mark.parametrize(
    ("step_back", "pages", "stepped_back"),
    [(True, 500, True), (True, 303, False), (False, 5000, False)],
    ids=["chronicle-build-large-site", "chronicle-build-real-corpus", "preview-or-library"],
)
def test_only_a_one_shot_build_of_a_large_site_steps_back(tmp_path: Path, step_back: bool, pages: int, stepped_back: bool) -> None:
    """`chronicle build` on a large site lowers its own priority below the Chinese service once that has its
    pages; a process that lives on (the preview server, the tests) keeps its priority, as a small build does."""
    import threading

    from chronicle.search import STEP_BACK

    (tmp_path / "zh").mkdir()
    seen: dict[str, int] = {}

    def hand_over() -> None:  # on a thread of its own: Linux keeps one priority per thread
        me = threading.get_native_id()
        indexer = make_indexer(step_back=step_back)
        try:
            seen["before"] = os.getpriority(os.PRIO_PROCESS, me)
            indexer.start(tmp_path, "zh", pages)
            seen["after"] = os.getpriority(os.PRIO_PROCESS, me)
            seen["zh service"] = os.getpriority(os.PRIO_PROCESS, indexer.services["zh"].process.pid)
        finally:
            indexer.abort()

    thread = threading.Thread(target=hand_over)
    thread.start()
    thread.join()
    assert seen["before"] == seen["zh service"] == os.getpriority(os.PRIO_PROCESS, 0)
    assert seen["after"] == (max(STEP_BACK, seen["before"]) if stepped_back else seen["before"])
