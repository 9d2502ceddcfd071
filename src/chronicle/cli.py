"""Command line: build, check, serve. Prints diagnostics; returns exit codes.

Exit codes: 0 success, 1 content or build errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chronicle.core.diagnostics import ContentError, Diagnostic, has_errors
from chronicle.writer import WriteError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
CORES = os.cpu_count() or 1  # what build renders in by default, and check always


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chronicle",
        description="Build the SCO Security Chronicle static site.",
        epilog="Exit codes: 0 success, 1 content or build errors, 2 usage errors.",
    )
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder holding content/ and templates/ (default: .)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="build the whole site; prints counts and stage timings")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/site)")
    b.add_argument("--no-index", action="store_true", help="skip the Pagefind search index")
    b.add_argument("--jobs", type=_positive, default=CORES, metavar="N", help="render in N processes (default: the number of cores)")
    sub.add_parser("check", help="validate all content and the rendered result without touching site/; exit 1 on any error")
    n = sub.add_parser("new-source", help="take a text into content/sources/, report its damage and start its sources.yaml entry")
    n.add_argument("path", type=Path, help="the text file (UTF-8)")
    n.add_argument("--id", default=None, help="the new source's id (default: the next free number)")
    t = sub.add_parser(
        "translations",
        help="bring content/translations/en/*.po up to date with the cleaned texts (like msgmerge); report coverage and checks",
    )
    t.add_argument("--check", action="store_true", help="only report coverage and the checks; write nothing")
    s = sub.add_parser("serve", help="build, serve with live reload, rebuild on change")
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    s.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/site)")
    return parser


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for d in diagnostics:
        print(d.format(), file=sys.stderr)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def validate_out(project: Path, out: Path) -> Diagnostic | None:
    """Refuse output folders that would destroy the project or its content."""
    project, out = project.resolve(), out.resolve()
    content = project / "content"
    if out == project or out in project.parents:
        return Diagnostic("error", "OUT001", str(out), 0, "output folder is the project folder or contains it", "use --out site")
    if out == content or content in out.parents or out == project / "templates" or (project / "templates") in out.parents:
        return Diagnostic("error", "OUT002", str(out), 0, "output folder is inside content/ or templates/", "use --out site")
    if out == project / "src" or (project / "src") in out.parents:
        return Diagnostic("error", "OUT002", str(out), 0, "output folder is inside src/", "use --out site")
    if out.exists() and not out.is_dir():
        return Diagnostic("error", "OUT003", str(out), 0, "output path is a file, not a folder", "choose a folder, e.g. --out site")
    stranger = _not_ours(out)
    if stranger is not None:
        return Diagnostic(
            "error",
            "OUT004",
            str(out),
            0,
            f"output folder holds files chronicle did not make (e.g. {stranger}), and a build replaces the whole folder",
            "choose a new or empty folder, e.g. --out site",
        )
    return None


def _not_ours(out: Path) -> str | None:
    """An entry of an existing, non-empty `out` that is not a chronicle site, else None.

    A build replaces `out` whole: pointed at a folder of the user's, it would delete its files.
    A site this program made always has index.html and data/sources.json.
    """
    if not out.is_dir() or ((out / "index.html").is_file() and (out / "data" / "sources.json").is_file()):
        return None
    return next((entry.name for entry in sorted(out.iterdir())), None)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """The `chronicle` command; the tests call `main`."""
    signal.signal(signal.SIGTERM, _stop)  # a `kill` or a CI timeout: tidy up as for Ctrl-C
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    project: Path = args.project
    if not (project / "content").is_dir():
        print(f"{project}: error: no content/ folder here (run in the project folder or pass --project DIR)", file=sys.stderr)
        return EXIT_USAGE
    out: Path = getattr(args, "out", None) or project / "site"  # `check` writes nothing and has no --out
    problem = validate_out(project, out) if args.command in ("build", "serve") else None
    if problem:  # checked before anything runs, for `serve` as for `build`
        print_diagnostics([problem])
        return EXIT_CONTENT
    try:
        if args.command == "build":
            return cmd_build(project, out, index=not args.no_index, jobs=args.jobs)
        if args.command == "check":
            return cmd_check(project)
        if args.command == "translations":
            return cmd_translations(project, write=not args.check)
        if args.command == "new-source":
            return cmd_new_source(project, args.path, args.id)
        if args.command == "serve":
            from chronicle.serve import PortUnavailable, serve

            try:
                return serve(project, out, args.host, args.port)
            except PortUnavailable as err:
                print(err, file=sys.stderr)
                return EXIT_USAGE
    except ContentError as err:
        print_diagnostics(err.diagnostics)
        return EXIT_CONTENT
    except WriteError as err:  # a full or read-only disk, Pagefind failing: said in words, the output folder as it was
        print(f"error: {err}", file=sys.stderr)
        return EXIT_CONTENT

    except KeyboardInterrupt:  # the build's temporary folder is gone by now, the output folder untouched
        print("interrupted" + (": the output folder is as it was" if args.command == "build" else ""), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001 - the user sees a message, the traceback only with --debug
        if args.debug:
            traceback.print_exc()
        print(f"error: {type(err).__name__}: {err} (run with --debug for a traceback)", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_USAGE


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def cmd_build(project: Path, out: Path, index: bool = True, jobs: int = 1) -> int:
    from chronicle.build import build

    result = build(project, out, index=index, jobs=jobs)
    print_diagnostics(result.diagnostics)
    counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
    stages = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items())
    print(f"built {out}: {counts}")
    workers = f"; pages rendered in {result.workers} processes" if result.workers > 1 else ""
    print(f"stages: {stages}; total {sum(result.timings.values()) * 1000:.0f} ms{workers}")
    return EXIT_OK


def coverage_table(cov: dict[str, Any]) -> str:
    """The knowledge coverage report that ends `chronicle check`."""
    lines = ["", "coverage", "source  dates  candidates  cited"]
    for row in cov["sources"]:
        lines.append(f"{row['source']:<7} {row['dates']:>5}  {row['candidates']:>10}  {row['cited']:>5}")
    ed = cov["editorial"]
    lines.append(
        f"candidates {cov['candidates']}, merged as the same event {cov['merged_same']}, "
        f"editorial: named {ed['named']}, merged {ed['merged']}, dropped {ed['dropped']}, added {ed['added']}"
    )
    lines.append(f"headlines written {cov['headlines']['written']}, generated {cov['headlines']['generated']} (unreviewed)")
    lines.append("entities by type: " + ", ".join(f"{k} {v}" for k, v in cov["entities_by_type"].items()))
    lines.append("events by kind: " + ", ".join(f"{k} {v}" for k, v in cov["events_by_kind"].items()))
    lines.append(f"conflicts ({len(cov['conflicts'])}): " + ", ".join(cov["conflicts"]))
    return "\n".join(lines)


def cmd_check(project: Path) -> int:
    from chronicle.build import render_site
    from chronicle.linkcheck import check_links

    result = render_site(project, jobs=CORES)  # rendered as `build` renders by default
    diagnostics = list(result.diagnostics)
    if not has_errors(diagnostics):
        from chronicle.render.pages import site_path

        diagnostics.extend(check_links(result.files, site_path(result.site)))
    print_diagnostics(diagnostics)
    if result.knowledge is not None:
        print(coverage_table(result.knowledge.coverage))
        from chronicle.core.editor_report import editor_report

        todo = editor_report(result.sources, result.knowledge)
        print("\nwhat needs an editor" + ("" if todo else ": nothing"))
        print("\n".join(f"- {line}" for line in todo))
    if result.english:
        print("\ntranslations (content/translations/en/)")
        print(translation_table(result.english, diagnostics))
    if has_errors(diagnostics):
        return EXIT_CONTENT
    print(f"ok: {result.counts.get('sources', 0)} sources, {result.counts.get('pages', 0)} pages, 0 broken links")
    return EXIT_OK


def translation_table(english: dict[str, Any], diagnostics: Sequence[Diagnostic]) -> str:
    """Per source: units, translated, fuzzy, missing, and the check's errors and warnings."""
    lines = ["source  units  translated  fuzzy  missing  errors  warnings"]
    for sid, reading in english.items():
        counts = reading.counts()
        mine = [d for d in diagnostics if d.path == reading.path]
        errors = sum(d.severity == "error" for d in mine)
        lines.append(
            f"{sid:<7} {len(reading.units):>5}  {counts['translated']:>10}  {counts['fuzzy']:>5}  {counts['missing']:>7}"
            f"  {errors:>6}  {len(mine) - errors:>8}"
        )
    return "\n".join(lines)


def cmd_translations(project: Path, write: bool = True) -> int:
    from chronicle.build import BuildResult, prepare_site
    from chronicle.core.alignment import align, catalogue_path
    from chronicle.core.catalogue import update
    from chronicle.core.sentences import source_units

    result = BuildResult()
    prepared = prepare_site(project, result)
    if prepared is None:
        print_diagnostics(result.diagnostics)
        return EXIT_CONTENT
    catalogues = dict(result.catalogues)
    report = []
    for source in prepared.sources:
        sid = source.meta.id
        try:
            new = update(catalogues.get(sid), source_units(source), sid, source.meta.file)
        except ValueError:
            continue  # unreadable: the check below reports it at its line
        path = project / catalogue_path(sid)
        if write and new.text != catalogues.get(sid):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new.text, encoding="utf-8")
            catalogues[sid] = new.text
        if write:
            report.append(f"{sid}: {new.added} new, {new.fuzzied} now fuzzy, {new.obsoleted} obsolete")
    english, problems = align(prepared.sources, catalogues, prepared.knowledge.entities)
    print_diagnostics(problems)
    if report:
        print("\n".join(report))
    print(translation_table(english, problems))
    return EXIT_CONTENT if has_errors(problems) else EXIT_OK


def cmd_new_source(project: Path, path: Path, source_id: str | None) -> int:
    from chronicle.build import make_converter
    from chronicle.new_source import NewSourceError, add_source

    if not path.is_file():
        print(f"{path}: error: {'not a file' if path.exists() else 'no such file'}", file=sys.stderr)
        return EXIT_USAGE
    try:
        sid, copy, findings = add_source(project, path, make_converter(), source_id)
    except NewSourceError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"copied to {copy}; entry {sid} appended to content/sources.yaml")
    for f in findings:
        print(
            f"  {f.what}: {f.count}"
            + (f", e.g. {f.example}" if f.example else "")
            + (f" -> {f.advice}" if f.advice else f" -> rule {f.rule}" if f.rule else " (the loader repairs it)")
        )
    if not findings:
        print("  no damage seen")
    print("next: fill every TODO in its entry, run chronicle check, then chronicle translations (docs/adding-a-source.md)")
    return EXIT_OK
