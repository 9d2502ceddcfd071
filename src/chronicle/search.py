"""Pagefind search index, built inside the temporary output folder before the swap.

Pagefind writes `pagefind-entry.json` with its languages in hash-map order,
which differs between runs; we rewrite that one file with sorted keys (same
JSON) so two builds of the same content are byte-identical.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from chronicle.core.catalog import SECTIONS


def pagefind_command() -> list[str]:
    """The extended Pagefind binary itself: `python -m pagefind` starts a second interpreter only to exec it."""
    try:
        from pagefind_bin_extended import get_executable

        binary = get_executable()
    except ImportError:
        binary = None
    return [str(binary)] if binary else [sys.executable, "-m", "pagefind"]


def indexed_pages() -> str:
    """What a search can find: the page of each event, source and entity.

    The timeline and its 40 filtered views, the indexes, the home and about pages only repeat or frame
    what those pages say; left out, they no longer crowd the results and Pagefind never opens them.
    """
    sections = ",".join(["events", "sources", *SECTIONS.values()])
    return f"{{zh,en}}/{{{sections}}}/*/index.html"


def make_indexer() -> Callable[[Path], None]:
    def index(folder: Path) -> None:
        argv = [*pagefind_command(), "--site", str(folder), "--glob", indexed_pages(), "--quiet"]
        proc = subprocess.run(argv, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"search indexing failed: {proc.stderr.strip() or proc.stdout.strip()}")
        normalise_entry(folder / "pagefind" / "pagefind-entry.json")

    return index


def normalise_entry(path: Path) -> None:
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
