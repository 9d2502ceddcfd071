"""The only reader of `content/`: YAML with line numbers, texts as strict UTF-8.

Problems are returned as diagnostics, never raised, so one run reports all of
them. Files are size-checked before reading so an enormous file is refused
without being read into memory. A file or folder under content/ or templates/
that resolves outside the project (a symbolic link to /etc/passwd, say) is
refused with its path: it would be read, and a template's asset published.
A source text is read as the editor sees it: a byte-order mark, CRLF line
endings, NUL and bidirectional controls are taken out and logged in its repair
log (core/clean/raw_text.py says why).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chronicle.core.clean.raw_text import normalise_raw
from chronicle.core.diagnostics import Diagnostic
from chronicle.core.model import SourceMeta
from chronicle.core.source_schema import parse_sources
from chronicle.yaml_lines import YamlSyntaxError, load_yaml

UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # a file saved as UTF-16 starts with one
MAX_SOURCE_BYTES = 5 * 1024 * 1024  # the largest real text is 51 KB


@dataclass(frozen=True)
class RawSource:
    meta: SourceMeta
    text: str


@dataclass
class Content:
    sources: list[RawSource] = field(default_factory=list)
    yaml: dict[str, Any] = field(default_factory=dict)
    catalog: dict[str, Any] = field(default_factory=dict)
    editorial: Any = None
    catalogues: dict[str, str | None] = field(default_factory=dict)  # source id → its English PO text (None: no file yet)
    version: str = ""  # a digest of every file under content/: the same content, the same version
    date: str | None = None  # of this edition: SOURCE_DATE_EPOCH, else the last commit's; never the clock
    diagnostics: list[Diagnostic] = field(default_factory=list)


def rel(path: Path, project: Path) -> str:
    try:
        return str(path.relative_to(project))
    except ValueError:
        return str(path)


def read_text(
    path: Path, project: Path, out: list[Diagnostic], max_bytes: int | None = None, line: int = 0, referrer: str = ""
) -> str | None:
    """Read a UTF-8 file, or record why it cannot be read."""
    name = rel(path, project)
    where, at = (referrer, line) if referrer else (name, 0)
    if not path.is_file():
        out.append(Diagnostic("error", "FILE001", where, at, f"file not found: {name}", "check the file name and that the file exists"))
        return None
    max_bytes = MAX_SOURCE_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > max_bytes:
        out.append(
            Diagnostic(
                "error",
                "FILE002",
                name,
                0,
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes",
                "split the text or check that this is the right file",
            )
        )
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line_no = data[: err.start].count(b"\n") + 1
        out.append(
            Diagnostic(
                "error",
                "FILE003",
                name,
                line_no,
                f"not valid UTF-8 at byte {err.start}",
                f"re-save the file as UTF-8 (e.g. iconv -f {'UTF-16' if data[:2] in UTF16_MARKS else 'GB18030'} -t UTF-8)",
            )
        )
        return None
    if not text.strip():
        hint = "restore the text or remove its entry from sources.yaml" if referrer else f"restore its content: git restore {name}"
        out.append(Diagnostic("error", "FILE004", name, 0, "file is empty", hint))
        return None
    return text


def read_yaml(path: Path, project: Path, out: list[Diagnostic], required: bool = True, parse: Callable[[str], Any] = load_yaml) -> Any:
    if not path.is_file():
        if required:
            out.append(
                Diagnostic("error", "FILE001", rel(path, project), 0, "file not found", f"restore it: git restore {rel(path, project)}")
            )
        return None
    text = read_text(path, project, out)
    if text is None:
        return None
    try:
        data = parse(text)
    except YamlSyntaxError as err:
        out.extend(Diagnostic("error", p.code, rel(path, project), p.line, p.message, p.hint) for p in err.problems)
        return None
    if data is None and required:  # only comments: as good as empty
        name = rel(path, project)
        out.append(Diagnostic("error", "FILE004", name, 0, "file holds only comments", f"restore its content: git restore {name}"))
    return data


def outside_project(project: Path, folders: tuple[str, ...] = ("content", "templates")) -> list[Diagnostic]:
    """Every file or folder under `folders` that resolves outside the project (a symbolic link), with its target.

    Such a link is not followed further: one error for it, none for what it leads to.
    """
    root = project.resolve()
    problems = []
    for folder in folders:
        top = project / folder
        for here, dirs, files in os.walk(top):
            for name in sorted(dirs + files):
                path = Path(here) / name
                if not path.is_symlink():
                    continue
                target = path.resolve()
                if target != root and root not in target.parents:
                    hint = "copy the file into the project instead of linking to it"
                    problems.append(
                        Diagnostic(
                            "error", "FILE005", rel(path, project), 0, f"{rel(path, project)} leads outside the project, to {target}", hint
                        )
                    )
            dirs[:] = [d for d in dirs if not (Path(here) / d).is_symlink()]
    return sorted(problems, key=lambda d: d.path)


def load_content(project: Path, parse_yaml: Callable[[str], Any] = load_yaml) -> Content:
    content = Content()
    out = content.diagnostics
    out.extend(outside_project(project))
    if out:  # nothing is read through a link that leads out
        return content
    sources_yaml = project / "content" / "sources.yaml"
    data = read_yaml(sources_yaml, project, out, parse=parse_yaml)
    if data is None:
        return content
    content.yaml["sources.yaml"] = data
    metas, problems = parse_sources(data, rel(sources_yaml, project))
    out.extend(problems)
    for meta in metas:
        text = read_text(project / "content" / "sources" / meta.file, project, out, line=meta.line, referrer=rel(sources_yaml, project))
        if text is not None:
            text, repairs = normalise_raw(text)
            if repairs:
                meta = replace(meta, profile=replace(meta.profile, loaded=repairs))  # type: ignore[type-var]
            content.sources.append(RawSource(meta, text))
        po = project / "content" / "translations" / "en" / f"{meta.id}.po"
        content.catalogues[meta.id] = read_text(po, project, out) if po.is_file() else None
    catalog = sorted((project / "content" / "catalog").glob("*.yaml"))
    if not catalog:  # else every event id in events.yaml would be reported unknown, the entities being gone
        hint = "restore them: git restore content/catalog"
        out.append(Diagnostic("error", "FILE001", "content/catalog/", 0, "no catalog files (*.yaml)", hint))
    for path in catalog:
        content.catalog[rel(path, project)] = read_yaml(path, project, out, parse=parse_yaml)
    for folder in ("templates", "templates/static"):  # (the second only when the first is there)
        if not (project / folder).is_dir():
            out.append(Diagnostic("error", "FILE001", f"{folder}/", 0, "folder not found", f"restore it: git restore {folder}"))
            break
    content.editorial = read_yaml(project / "content" / "events.yaml", project, out, required=False, parse=parse_yaml)
    for name in ("site.yaml", "i18n/zh.yaml", "i18n/en.yaml"):
        value = read_yaml(project / "content" / name, project, out, parse=parse_yaml)
        if value is not None:
            content.yaml[name] = value
    content.version = content_digest(project / "content")
    content.date = edition_date(project)
    return content


def content_digest(folder: Path) -> str:
    """The first 12 hex digits of a SHA-256 over every file's path and bytes under `folder`, in path order.

    A file too large to be a source (refused by its size) counts by its size, unread.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        size = path.stat().st_size
        body = path.read_bytes() if size <= MAX_SOURCE_BYTES else str(size).encode()
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + body + b"\0")
    return digest.hexdigest()[:12]


def edition_date(project: Path) -> str | None:
    """The date of this edition (YYYY-MM-DD, UTC): SOURCE_DATE_EPOCH if set, else the last commit's, else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    try:
        done = subprocess.run(
            ["git", "-C", str(project), "log", "-1", "--format=%cs"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    date = done.stdout.strip()
    return date if done.returncode == 0 and len(date) == 10 else None
