"""The output folder: each build leaves exactly its own files and nothing beside them, whatever went before."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from chronicle.cli import main
from chronicle.writer import WriteError, staged_output, write_files

REPO = Path(__file__).resolve().parents[1]


def write_site(files: dict[str, bytes], out: Path) -> None:
    """All `files` into `out`, atomically, as `chronicle build` writes them."""
    with staged_output(out) as folder:
        write_files(folder, files, previous=out)


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def test_each_build_leaves_its_own_files_only_and_nothing_beside(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    first = {"index.html": b"1", "zh/a/index.html": b"a", "zh/gone/index.html": b"old page", "pagefind/fragment/x1": b"f1"}
    second = {"index.html": b"2", "zh/a/index.html": b"a", "zh/new/index.html": b"new page", "pagefind/fragment/x2": b"f2"}
    write_site(first, out)
    inode = os.stat(out / "zh/a/index.html").st_ino
    write_site(second, out)
    assert tree_bytes(out) == second
    assert folders(out) == {"zh", "zh/a", "zh/new", "pagefind", "pagefind/fragment"}  # no empty folder of the first
    assert os.stat(out / "zh/a/index.html").st_ino == inode  # the same bytes: linked from the old site, not made anew
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_changed_file_is_written_anew_and_the_old_site_is_never_written_into(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1"}, out)
    keep = tmp_path / "kept-link"
    os.link(out / "index.html", keep)  # a second name for the old file: it must still say 1
    write_site({"index.html": b"2"}, out)
    assert (out / "index.html").read_bytes() == b"2"
    assert keep.read_bytes() == b"1"


def test_a_file_where_a_folder_now_goes_and_the_reverse(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    write_site({"p": b"a file", "q/r.html": b"in a folder", "s/t/u.html": b"deep"}, out)
    final = {"p/index.html": b"now a folder", "q": b"now a file", "s": b"file over a tree"}
    write_site(final, out)
    assert tree_bytes(out) == final


def test_a_link_in_the_old_site_is_not_followed(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"ok")
    out.mkdir()
    (out / "index.html").symlink_to(secret)  # same bytes as the new file: still written, not linked to the secret
    write_site({"index.html": b"ok"}, out)
    assert not (out / "index.html").is_symlink()
    assert os.stat(out / "index.html").st_ino != os.stat(secret).st_ino


def test_a_failed_write_keeps_the_site(tmp_path: Path, tree_bytes) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1"}, out)
    with pytest.raises(WriteError):
        write_site({"index.html": b"2", "../escape.html": b"evil"}, out)
    assert tree_bytes(out) == {"index.html": b"1"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_full_disk_is_said_in_words_with_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tree_bytes) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"1"}, out)

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(WriteError) as caught:
        write_site({"index.html": b"2", "zh/index.html": b"page"}, out)
    assert "No space left on device" in str(caught.value) and "index.html" in str(caught.value)
    monkeypatch.undo()
    assert tree_bytes(out) == {"index.html": b"1"}


def test_the_third_build_of_the_real_site_equals_a_fresh_one(tmp_path: Path, tree_bytes) -> None:
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    for _ in range(3):
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
    """A build killed outright (SIGKILL) leaves .site-new-{pid}-… behind; the next build removes it once
    its process is gone, and leaves alone the one of a build still at work."""
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


def test_a_build_killed_between_its_two_renames_is_undone_by_the_next(tmp_path: Path, tree_bytes) -> None:
    """Killed after `site` became `.site-old-{pid}` and before the new folder took its place: no `site` at all.
    The next build puts the old site back first (so a failing next build still leaves it), then replaces it."""
    out = tmp_path / "site"
    write_site({"index.html": b"previous"}, out)
    dead = _dead_pid()
    out.rename(tmp_path / f".site-old-{dead}")
    half = tmp_path / f".site-new-{dead}-x1"
    half.mkdir()
    (half / "index.html").write_bytes(b"new, complete but never swapped in")
    with pytest.raises(WriteError), staged_output(out) as folder:
        assert tree_bytes(out) == {"index.html": b"previous"}  # restored before this build writes anything
        write_files(folder, {"../x": b"fails"})
    assert tree_bytes(out) == {"index.html": b"previous"}
    write_site({"index.html": b"next"}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_interrupted_build_says_so_and_leaves_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Ctrl-C (or SIGTERM, which `chronicle` turns into the same) during a build: no traceback, exit 130,
    the previous site as it was and no temporary folder left."""
    import chronicle.build as build_module

    out = tmp_path / "site"
    write_site({"index.html": b"old", "data/sources.json": b"{}"}, out)
    real_write = build_module.write_files

    def interrupted(*args, **kwargs):
        real_write(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "write_files", interrupted)
    assert main(["--project", str(REPO), "build", "--out", str(out), "--no-index"]) == 130
    err = capsys.readouterr().err
    assert "interrupted: the output folder is as it was" in err and "Traceback" not in err
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no temporary folder left"


def test_sigterm_while_pages_render_in_workers_stops_at_once(tmp_path: Path) -> None:
    """SIGTERM (a `kill`, a CI timeout) while forked workers render: the build waited for each worker to finish
    its share, so a page that takes minutes kept it running; and a worker forked as the signal came was
    never told to stop, so the exit waited on it for ever. Now the workers are ended with the build: exit 130
    at once, no process left."""
    import shutil
    import signal
    import subprocess
    import sys
    import time

    for name in ("content", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    event = tmp_path / "templates" / "event.html"  # every event page now takes minutes
    event.write_text(
        event.read_text(encoding="utf-8").replace(
            "{% block main %}", "{% block main %}{% for _ in range(100000) %}{% for _ in range(1000) %}{% endfor %}{% endfor %}", 1
        ),
        encoding="utf-8",
    )
    log = (tmp_path.parent / f"{tmp_path.name}.log").open("w+", encoding="utf-8")
    command = ["--project", str(tmp_path), "build", "--no-index", "--jobs", "2", "--out", str(tmp_path / "site")]
    proc = subprocess.Popen([sys.executable, "-m", "chronicle", *command], stdout=subprocess.DEVNULL, stderr=log)

    def workers() -> list[str]:
        return subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()

    forked: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while not workers() and time.monotonic() < deadline:
            time.sleep(0.1)
        forked = workers()
        assert forked, "the pages never reached the workers"
        time.sleep(1)  # the workers are in the slow pages now
        proc.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        assert proc.wait(timeout=15) == 130
        assert time.monotonic() - sent < 5, "the build stopped, but not at once"
        assert "Traceback" not in Path(log.name).read_text(encoding="utf-8")
        time.sleep(0.5)
        assert not [pid for pid in forked if Path(f"/proc/{pid}").exists()], "a worker outlived the build"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "templates"], "nothing written beside the project"
    finally:
        subprocess.run(["kill", "-9", *forked], capture_output=True, check=False)
        proc.kill()
        log.close()
