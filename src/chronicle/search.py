"""Pagefind search index, built inside the temporary output folder before the swap."""

from __future__ import annotations

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

    return index
