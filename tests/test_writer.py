"""The output folder: each build leaves exactly its own files, whether it starts fresh or from the spare site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.writer import WriteError, spare_folder, write_site

REPO = Path(__file__).resolve().parents[1]


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def test_each_build_leaves_its_own_files_only_and_reuses_the_site_before_last(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    first = {"index.html": b"1", "zh/a/index.html": b"a1", "zh/gone/index.html": b"old page", "pagefind/fragment/x1": b"f1"}
    second = {"index.html": b"2", "zh/a/index.html": b"a2", "pagefind/fragment/x2": b"f2"}
    third = {"index.html": b"3", "zh/a/index.html": b"a3", "zh/new/index.html": b"new page", "pagefind/fragment/x3": b"f3"}
    write_site(first, out)
    assert not spare_folder(out).exists()  # nothing was replaced yet
    write_site(second, out)
    assert tree_bytes(out) == second
    assert tree_bytes(spare_folder(out)) == first  # the replaced site, kept for the next build
    inode = os.stat(spare_folder(out) / "zh/a/index.html").st_ino
    write_site(third, out)
    assert tree_bytes(out) == third  # no file of the first build survives in it
    assert folders(out) == {"zh", "zh/a", "zh/new", "pagefind", "pagefind/fragment"}  # nor an empty folder
    assert os.stat(out / "zh/a/index.html").st_ino == inode  # written over in place, not created anew
    assert tree_bytes(spare_folder(out)) == second
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-spare", "site"]


def test_a_file_where_a_folder_now_goes_and_the_reverse(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    write_site({"p": b"a file", "q/r.html": b"in a folder", "s/t/u.html": b"deep"}, out)
    write_site({"x": b"between"}, out)
    final = {"p/index.html": b"now a folder", "q": b"now a file", "s": b"file over a tree"}
    write_site(final, out)
    assert tree_bytes(out) == final


def test_a_link_in_the_spare_is_removed_not_written_through(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    spare = spare_folder(out)
    spare.mkdir()
    (spare / "zh").symlink_to(elsewhere, target_is_directory=True)
    (spare / "index.html").symlink_to(elsewhere / "victim.html")
    write_site({"index.html": b"ok", "zh/index.html": b"page"}, out)
    assert list(elsewhere.iterdir()) == []
    assert tree_bytes(out) == {"index.html": b"ok", "zh/index.html": b"page"}
    assert not (out / "zh").is_symlink() and not (out / "index.html").is_symlink()


def test_a_failed_build_from_the_spare_keeps_the_site(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1"}, out)
    write_site({"index.html": b"2"}, out)
    with pytest.raises(WriteError):
        write_site({"index.html": b"3", "../escape.html": b"evil"}, out)
    assert tree_bytes(out) == {"index.html": b"2"}
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-new-")]


def test_the_third_build_of_the_real_site_equals_a_fresh_one(tmp_path: Path, tree_bytes) -> None:
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    for _ in range(3):  # the third starts from the first's tree
        assert main(["--project", str(REPO), "build", "--out", str(out), "--no-index"]) == 0
    assert main(["--project", str(REPO), "build", "--out", str(fresh), "--no-index"]) == 0
    assert tree_bytes(out) == tree_bytes(fresh)
    assert folders(out) == folders(fresh)


def _dead_pid() -> int:
    """A process id that no process has now."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_the_temporary_folder_of_a_killed_build_is_removed_by_the_next(tmp_path: Path) -> None:
    """A build killed outright (SIGKILL) leaves .site-new-{pid}-… with thousands of files; the next build
    removes it once its process is gone, and leaves alone the one of a build still at work."""
    out = tmp_path / "site"
    abandoned = tmp_path / f".site-new-{_dead_pid()}-x1"
    at_work = tmp_path / f".site-new-{os.getpid()}-x2"
    for folder in (abandoned, at_work):
        (folder / "zh").mkdir(parents=True)
        (folder / "zh" / "index.html").write_text("half written", encoding="utf-8")
    write_site({"index.html": b"<!doctype html>"}, out)
    assert not abandoned.exists()
    assert at_work.exists()
    assert (out / "index.html").read_bytes() == b"<!doctype html>"


def test_an_interrupted_build_says_so_and_leaves_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Ctrl-C (or SIGTERM, which `chronicle` turns into the same) during a build: no traceback, exit 130,
    the previous site as it was and no temporary folder left."""
    import chronicle.writer as writer_module

    project = Path(__file__).resolve().parents[1]
    out = tmp_path / "site"
    write_site({"index.html": b"old", "data/sources.json": b"{}"}, out)
    real_write = writer_module.write_files

    def interrupted(*args, **kwargs):
        real_write(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(writer_module, "write_files", interrupted)
    assert main(["--project", str(project), "build", "--out", str(out), "--no-index"]) == 130
    err = capsys.readouterr().err
    assert "interrupted: the output folder is as it was" in err and "Traceback" not in err
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no temporary folder left (the spare was the temporary one)"
