"""The command line as a user runs it: `chronicle.cli.main([...])`, in process.

Every build runs on a private copy of content/ and templates/ in tmp_path, with
`--no-index` so the tests need neither Pagefind nor the network.
"""

from __future__ import annotations

import contextlib
import errno
import io
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

from chronicle.cli import main


def build(project: Path, out: Path, *extra: str) -> int:
    return main(["--project", str(project), *extra, "build", "--out", str(out), "--no-index"])


def test_help_exits_0(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: chronicle" in out
    for command in ("build", "check", "serve"):
        assert command in out


def test_build_help_lists_options(capsys) -> None:
    assert main(["build", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--out" in out and "--no-index" in out


@pytest.mark.parametrize("argv", [["bogus"], [], ["build", "--bogus-flag"], ["serve", "--port", "eighty"]])
def test_usage_errors_exit_2(capsys, argv: list[str]) -> None:
    assert main(argv) == 2
    assert "usage: chronicle" in capsys.readouterr().err


def test_missing_project_folder_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["--project", str(tmp_path / "nowhere"), "check"]) == 2
    err = capsys.readouterr().err
    assert "no content/ folder" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def built(tmp_path_factory, copy_project) -> tuple[Path, Path, str, str]:
    """One real build on a project copy: (project, site folder, stdout, stderr)."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    out = project / "site"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = build(project, out)
    assert code == 0, stderr.getvalue()
    return project, out, stdout.getvalue(), stderr.getvalue()


PLACEHOLDER = "warning: the site's address https://example.org/sco-chronicle/ is a placeholder"


def test_build_writes_site_and_prints_counts(built) -> None:
    project, out, stdout, stderr = built
    assert stderr.splitlines()[0].startswith("content/site.yaml:") and PLACEHOLDER in stderr  # the one warning of the real content
    assert stderr.count(": warning:") == 1 and ": error:" not in stderr
    assert re.search(r"^built .*site: ", stdout, re.M)
    # counts a reader can check against SOURCES.md: 5 texts, 27 footnotes in 004
    assert re.search(r"\b5 sources\b", stdout)
    assert re.search(r"\b27 notes\b", stdout)
    assert "stages: " in stdout and " ms" in stdout
    for rel in ("index.html", "404.html", "robots.txt", "data/sources.json", "zh/sources/004/index.html", "en/sources/004/index.html"):
        assert (out / rel).is_file(), rel
    assert not list(project.glob(".site-*")), "temporary folders left behind"


def test_site_folder_permissions_follow_umask(built) -> None:
    _, out, _, _ = built
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE((out / "zh").stat().st_mode)


def test_two_builds_are_byte_identical(built, tmp_path: Path, copy_project, tree_bytes, capsys) -> None:
    """A second build of the same content, into an existing folder, gives the same bytes."""
    _, first, _, _ = built
    project = copy_project(tmp_path)
    shutil.copytree(first, project / "site")
    (project / "site" / "stale.html").write_text("left over", encoding="utf-8")
    assert build(project, project / "site") == 0
    a, b = tree_bytes(first), tree_bytes(project / "site")
    assert sorted(b) == sorted(a), "the rebuilt folder must hold exactly the new files (no stale ones)"
    differing = [rel for rel in a if a[rel] != b[rel]]
    assert differing == []


def test_check_reports_no_broken_links(project: Path, capsys) -> None:
    assert main(["--project", str(project), "check"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"^ok: 5 sources, \d+ pages, 0 broken links$", captured.out, re.M)
    warnings = [line for line in (captured.out + captured.err).splitlines() if ": warning:" in line]
    hint = "(set base_url to the address you publish at, e.g. https://user.github.io/repo/ (README: Publishing)) [SITE008]"
    assert warnings == [f"content/site.yaml:9: {PLACEHOLDER} {hint}"], "the real content's only warning"
    assert not (project / "site").exists(), "check must not write the site"


def test_a_repair_that_changes_nothing_is_a_warning(project: Path, capsys) -> None:
    """A profile that names a generic repair the text does not need would log a repair that never happened."""
    sources = project / "content" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    assert text.count("generic: [strip_pinyin, simplify, fullwidth_punctuation]") == 1  # source 000
    idle = "[strip_pinyin, simplify, em_dashes, fullwidth_punctuation]"
    sources.write_text(text.replace("[strip_pinyin, simplify, fullwidth_punctuation]", idle), encoding="utf-8")
    assert main(["--project", str(project), "check"]) == 0, "a warning does not fail the check"
    captured = capsys.readouterr()
    expected = r"^content/sources\.yaml:\d+: warning: source 000: generic repair 'em_dashes' changed nothing .*\[REP002\]$"
    assert re.search(expected, captured.out + captured.err, re.M)


def test_an_english_ui_string_left_in_chinese_is_a_warning_at_its_line(project: Path, capsys) -> None:
    """Copied from zh.yaml and not translated, it showed Chinese in the English navigation and nothing said so;
    the one string meant to hold Chinese (the link to the Chinese edition, 中文) is not reported."""
    english = project / "content" / "i18n" / "en.yaml"
    text = english.read_text(encoding="utf-8")
    assert text.count("nav_about: About\n") == 1
    english.write_text(text.replace("nav_about: About\n", "nav_about: 关于\n"), encoding="utf-8")
    line = english.read_text(encoding="utf-8").splitlines().index("nav_about: 关于") + 1
    assert main(["--project", str(project), "check"]) == 0, "a warning does not fail the check"
    captured = capsys.readouterr()
    warnings = [w for w in (captured.out + captured.err).splitlines() if "[I18N005]" in w]
    assert warnings == [
        f"content/i18n/en.yaml:{line}: warning: the English UI string 'nav_about' holds Chinese: '关于' "
        "(translate it; only other_lang_name may hold Chinese) [I18N005]"
    ]


def test_a_source_dated_years_before_what_its_text_tells_is_a_warning(project: Path, capsys) -> None:
    """004 is a 2021 article; dated 2012 by mistake, every citation of it said 2012 and nothing noticed.
    The five sources as dated tell of no date in a later year than their own (checked by the check test)."""
    sources = project / "content" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    assert text.count('    value: "2021-04-13"\n') == 1
    sources.write_text(text.replace('    value: "2021-04-13"\n', '    value: "2012-04-13"\n'), encoding="utf-8")
    assert main(["--project", str(project), "check"]) == 0, "a warning does not fail the check"
    captured = capsys.readouterr()
    warnings = [w for w in (captured.out + captured.err).splitlines() if "[SRC015]" in w]
    assert len(warnings) == 1, warnings
    assert re.match(r"content/sources\.yaml:204: warning: source 004 is dated 2012-04-13, but its text tells of \d\d dates", warnings[0])
    assert "the latest 2020年11月 (p21), 2021-04-13 (p32), 2021年5月下旬 (p25)" in warnings[0]


def test_a_catalog_name_no_source_uses_is_reported(project: Path, capsys) -> None:
    """An alias found nowhere is a warning, an entity no source names an error; an alias the text has only
    inside a longer name (never a mention of its own) occurs all the same and is not reported."""
    centers = project / "content" / "catalog" / "center.yaml"
    text = centers.read_text(encoding="utf-8")
    old = "[上合组织地区反恐怖机构, 地区反恐怖机构, 上合组织地区反恐机构, 地区反恐机构]"
    assert text.count(old) == 1
    text = text.replace(old, old[:-1] + ", 组织地区反恐怖, 反恐怖机构总部大楼]")
    text += "\n- id: no-such-center\n  name: {zh: 并不存在的反恐中心, en: No Such Center}\n  description: {zh: 无, en: none}\n"
    centers.write_text(text, encoding="utf-8")
    assert main(["--project", str(project), "check"]) == 1
    out = capsys.readouterr()
    report = out.out + out.err
    warning = r"^content/catalog/center\.yaml:1: warning: rats: alias '反恐怖机构总部大楼' occurs in no source .*\[CAT010\]$"
    assert re.search(warning, report, re.M)
    assert "'组织地区反恐怖'" not in report, "an alias inside a longer name occurs"
    error = r"^content/catalog/center\.yaml:\d+: error: no-such-center: no source mentions this entity .*\[CAT011\]$"
    assert re.search(error, report, re.M)


@pytest.mark.parametrize(
    ("where", "code", "message"),
    [
        (lambda p: p, "OUT001", "output folder is the project folder or contains it"),
        (lambda p: p.parent, "OUT001", "output folder is the project folder or contains it"),
        (lambda p: p / "content", "OUT002", "output folder is inside content/ or templates/"),
        (lambda p: p / "content" / "site", "OUT002", "output folder is inside content/ or templates/"),
        (lambda p: p / "templates" / "out", "OUT002", "output folder is inside content/ or templates/"),
    ],
)
def test_dangerous_output_folder_refused(project: Path, tree_bytes, capsys, where, code: str, message: str) -> None:
    before = tree_bytes(project)
    out = where(project)
    assert build(project, out) == 1
    err = capsys.readouterr().err
    assert message in err and f"[{code}]" in err
    assert "Traceback" not in err
    assert tree_bytes(project) == before, "a refused build must not touch the project"


def test_serve_refuses_the_same_folders_as_build(project: Path, tree_bytes, capsys) -> None:
    """`serve --out .` used to build over the project: the project became the spare site, which the next
    build writes over and prunes. It is refused before anything runs, like `build --out .`."""
    before = tree_bytes(project)
    assert main(["--project", str(project), "serve", "--out", str(project), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "output folder is the project folder or contains it" in err and "[OUT001]" in err
    assert tree_bytes(project) == before
    assert not list(project.parent.glob(".*-spare"))


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_folder_of_the_users_is_not_taken_as_the_output(project: Path, tmp_path: Path, capsys, command: str) -> None:
    """A build replaces its output folder, and the one after it prunes the replaced one: pointed at a folder
    holding the user's own files, the second build deleted them. Such a folder is refused; a new or empty
    folder, or one holding an earlier build, is used."""
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("three years of work", encoding="utf-8")
    extra = ["--no-index"] if command == "build" else ["--port", "0"]
    assert main(["--project", str(project), command, "--out", str(mine), *extra]) == 1
    err = capsys.readouterr().err
    assert "output folder holds files chronicle did not make (e.g. thesis.txt)" in err and "[OUT004]" in err
    assert [p.name for p in mine.iterdir()] == ["thesis.txt"]
    assert not list(tmp_path.glob(".documents*"))


def test_an_output_path_that_is_a_file_is_refused(project: Path, tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    assert build(project, notes) == 1
    assert "output path is a file, not a folder" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "mine"


def test_an_empty_folder_and_an_earlier_build_are_used_as_the_output(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert build(project, out) == 0
    assert build(project, out) == 0, "the folder now holds a build of ours"
    assert (out / "index.html").is_file() and (out / "zh" / "index.html").is_file()


def _break_template(project: Path) -> None:
    page = project / "templates" / "source.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}"), encoding="utf-8")


def _last_good_site(built, project: Path) -> Path:
    """`project/site` holding a good build, for a failing build to leave alone."""
    out = project / "site"
    shutil.copytree(built[1], out)
    return out


def _assert_left_alone(out: Path, before: dict[str, bytes], project: Path, tree_bytes) -> None:
    """The previous site byte for byte, and no temporary folder left beside it."""
    assert tree_bytes(out) == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site-")]


def test_failed_build_keeps_previous_site(built, project: Path, tree_bytes, capsys) -> None:
    out = _last_good_site(built, project)
    before = tree_bytes(out)
    _break_template(project)
    assert build(project, out) == 1
    err = capsys.readouterr().err
    assert "templates/source.html" in err and "[TPL001]" in err
    _assert_left_alone(out, before, project, tree_bytes)


def test_failure_while_indexing_keeps_previous_site(built, project: Path, tree_bytes, capsys, monkeypatch) -> None:
    """Pagefind runs on the new tree before the swap; if it fails, its words are shown and nothing changes."""
    out = _last_good_site(built, project)
    (out / "marker.txt").write_text("from the last good build", encoding="utf-8")
    before = tree_bytes(out)
    crash = "import sys; print('indexer crashed, asked for', sys.argv[1:]); sys.exit(3)"
    monkeypatch.setattr("chronicle.search.pagefind_command", lambda: [sys.executable, "-c", crash])
    code = main(["--project", str(project), "build", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "error: Pagefind failed (exit 3): indexer crashed, asked for ['--site'," in err
    assert "Traceback" not in err
    _assert_left_alone(out, before, project, tree_bytes)


def test_pagefind_not_installed_is_said_with_the_command_to_install_it(
    built, project: Path, tree_bytes, capsys, monkeypatch, tmp_path: Path
) -> None:
    """Pagefind comes from npm (`make` installs it): a clone built without it is told how to get it."""
    out = _last_good_site(built, project)
    before = tree_bytes(out)
    monkeypatch.setattr("chronicle.search.PAGEFIND_PACKAGES", tmp_path / "node_modules" / "@pagefind")
    code = main(["--project", str(project), "build", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"error: Pagefind is not installed: run `npm install --omit=dev` in {tmp_path} (make does)" in err
    assert "Traceback" not in err
    _assert_left_alone(out, before, project, tree_bytes)


def test_template_error_keeps_previous_site(built, project: Path, tree_bytes, capsys) -> None:
    """A template error in one page stops the build before anything is written."""
    out = _last_good_site(built, project)
    before = tree_bytes(out)
    page = project / "templates" / "timeline.html"
    broken = page.read_text(encoding="utf-8").replace("{% endblock %}", "{{ no_such_thing.at_all }}{% endblock %}", 1)
    page.write_text(broken, encoding="utf-8")
    assert main(["--project", str(project), "build", "--out", str(out)]) == 1  # with the index
    err = capsys.readouterr().err
    assert "templates/timeline.html" in err and "no_such_thing" in err
    _assert_left_alone(out, before, project, tree_bytes)


def test_disk_full_while_writing_keeps_previous_site(built, project: Path, tree_bytes, capsys, monkeypatch) -> None:
    """A full disk half-way through the pages: said in words with the file, no --debug advice, the site as it was."""
    out = _last_good_site(built, project)
    before = tree_bytes(out)
    base = project / "templates" / "base.html"  # a change in every page, so none is linked from the old site
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- changed --></body>", 1), encoding="utf-8")
    real_write = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.parent.parent.name == "events":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    assert main(["--project", str(project), "build", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "error: cannot write " in err and "/events/" in err and "No space left on device" in err
    assert "--debug" not in err
    assert "Traceback" not in err
    _assert_left_alone(out, before, project, tree_bytes)


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "zh/../../escape.html", ""])
def test_writer_refuses_paths_outside_the_output(tmp_path: Path, bad: str) -> None:
    from chronicle.writer import WriteError, staged_output, write_files

    out = tmp_path / "site"
    with pytest.raises(WriteError), staged_output(out) as folder:
        write_files(folder, {"index.html": b"ok", bad: b"evil"})
    assert not out.exists() and not (tmp_path / "escape.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # the temporary folder is gone too
