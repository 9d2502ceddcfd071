"""Same inputs, same bytes: two full builds, search index included, are identical."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from chronicle.cli import main

REPO = Path(__file__).resolve().parents[1]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_with_search_index_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert main(["--project", str(REPO), "build", "--out", str(first)]) == 0
    assert main(["--project", str(REPO), "build", "--out", str(second)]) == 0
    a, b = tree(first), tree(second)
    assert any(name.startswith("pagefind/") for name in a), "the search index is part of the comparison"
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == []


def test_build_writes_exactly_the_pages_check_renders(site: object, tmp_path: Path) -> None:
    """`chronicle build` and `chronicle check` run one pipeline: the files on disk are the files check rendered
    and linked, byte for byte, plus the search bundle; the build's pages rendered in two forked workers, check's in one process."""
    out = tmp_path / "site"
    command = [sys.executable, "-m", "chronicle", "--project", str(REPO), "build", "--jobs", "2", "--out", str(out)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)  # a fresh process: no test's threads, so it forks
    assert run.returncode == 0, run.stderr
    assert "pages rendered in 2 processes" in run.stdout
    written = tree(out)
    bundle = {name for name in written if name.startswith("pagefind/")}
    assert bundle and "pagefind/pagefind-entry.json" in bundle
    assert {name: written[name] for name in written if name not in bundle} == site.files  # type: ignore[attr-defined]
