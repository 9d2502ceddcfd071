"""The search index built by one Pagefind service per language, merged, is what one `pagefind` run makes."""

from __future__ import annotations

import json
import os
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


def test_merged_service_bundles_equal_one_pagefind_command(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["--project", str(REPO), "build", "--out", str(site)]) == 0
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
