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


def make_indexer() -> Callable[[Path], None]:
    def index(folder: Path) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(folder), "--quiet"], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise RuntimeError(f"search indexing failed: {proc.stderr.strip() or proc.stdout.strip()}")
        normalise_entry(folder / "pagefind" / "pagefind-entry.json")

    return index


def normalise_entry(path: Path) -> None:
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
