"""Same inputs, same bytes: two full builds, search index included, are identical."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


def test_output_does_not_depend_on_the_number_of_processes(site: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large sites clean, read and render on both cores (chronicle.fork_pool); forcing that path on the
    real corpus gives the same files, byte for byte, as the one-process build."""
    import chronicle.build as build_module

    monkeypatch.setattr(build_module, "MIN_PAGES_TO_FORK", 1)
    monkeypatch.setattr(build_module, "MIN_SOURCES_TO_FORK", 1)
    forked = build_module.render_site(REPO)
    assert not forked.diagnostics
    assert forked.files == site.files  # type: ignore[attr-defined]


def test_a_build_written_by_two_processes_is_the_same_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a large batch each process writes the pages it rendered: forcing that on the real corpus writes
    the same files, byte for byte, as one process writing everything."""
    import chronicle.build as build_module

    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["--project", str(REPO), "build", "--no-index", "--out", str(one)]) == 0
    monkeypatch.setattr(build_module, "MIN_PAGES_TO_FORK", 1)
    monkeypatch.setattr(build_module, "MIN_SOURCES_TO_FORK", 1)
    assert main(["--project", str(REPO), "build", "--no-index", "--out", str(two)]) == 0
    a, b = tree(one), tree(two)
    assert len(a) > 600 and sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_english_pages_rendered_aside_are_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a small site the English pages render in a forked process while the Chinese ones render here
    (chronicle.build._start_aside); the site, search index included, is the same as rendering them after."""
    import chronicle.build as build_module
    import chronicle.fork_pool as fork_pool

    aside, after = tmp_path / "aside", tmp_path / "after"
    started: list[int] = []
    real_pending = fork_pool.Pending

    def spy(func, pages):  # type: ignore[no-untyped-def]
        started.append(len(pages))
        return real_pending(func, pages)

    monkeypatch.setattr(build_module, "fork_call", spy)
    assert main(["--project", str(REPO), "build", "--out", str(aside)]) == 0
    assert len(started) == 1 and started[0] > 250, "the English batch was rendered aside"
    monkeypatch.setattr(build_module, "_start_aside", lambda *_: None)
    assert main(["--project", str(REPO), "build", "--out", str(after)]) == 0
    a, b = tree(aside), tree(after)
    assert any(name.startswith("en/sources/") for name in a) and sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_a_large_batchs_page_folders_are_all_made_by_the_build_in_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind numbers pages in the order it lists their folders, and tmpfs or btrfs list a folder in the
    order its entries were made. When two processes made one batch's page folders at once, two builds of
    a large site there gave different search bundles. Forcing the forked path on the real corpus: every
    page folder is made by the build's own process, in the order of the page paths, before any page is written."""
    import chronicle.build as build_module

    log = tmp_path / "mkdir.log"
    real_mkdir = os.mkdir

    def logged_mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_mkdir(path, *args, **kwargs)
        with open(log, "a", encoding="utf-8") as f:  # one short line per call: appends from two processes do not mix
            f.write(f"{os.getpid()} {os.fspath(path)}\n")

    monkeypatch.setattr(build_module, "MIN_PAGES_TO_FORK", 1)
    monkeypatch.setattr(build_module, "MIN_SOURCES_TO_FORK", 1)
    monkeypatch.setattr(os, "mkdir", logged_mkdir)
    out = tmp_path / "site"
    assert main(["--project", str(REPO), "build", "--out", str(out)]) == 0
    made = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    pages = [(int(pid), Path(path).relative_to(tmp_path).parts) for pid, path in made]
    by_section: dict[str, list[str]] = {}
    for pid, (_staging, *folder) in pages:
        if len(folder) == 3:  # lang/section/page
            assert pid == os.getpid(), f"page folder {'/'.join(folder)} made by another process"
            by_section.setdefault("/".join(folder[:2]), []).append(folder[2])
    assert sum(map(len, by_section.values())) > 600
    assert all(names == sorted(names, key=lambda name: name + "/") for names in by_section.values())  # the order of the page paths
