"""The Pagefind search index: the extended binary of npm's `pagefind` (it segments Chinese), run over the written site.

Each page goes into the index of its `<html lang>`; only the pages of events,
sources and entities are indexed: the timeline, the indexes, the home and
about pages repeat or frame what those say and would crowd the results.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chronicle.core.catalog import SECTIONS
from chronicle.render.routes import LANGS
from chronicle.writer import WriteError, write_files

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
INDEXED_SECTIONS = ("events", "sources", *SECTIONS.values())


# npm's `pagefind` package puts the binary for this machine here (`make` runs `npm install`).
PAGEFIND_PACKAGES = Path(__file__).resolve().parents[2] / "node_modules" / "@pagefind"


def pagefind_command() -> list[str]:
    """The extended Pagefind binary: it segments Chinese with ICU4X, as the browser segments the query."""
    found = sorted(PAGEFIND_PACKAGES.glob("*/bin/pagefind_extended*"))
    if not found:
        raise WriteError(f"Pagefind is not installed: run `npm install --omit=dev` in {PAGEFIND_PACKAGES.parents[1]} (make does)")
    return [str(found[0])]


def indexed_glob(langs: str = "{zh,en}") -> str:
    """The pages of events, sources and entities in `langs` (one language, or a {zh,en} alternation)."""
    return f"{langs}/{{{','.join(INDEXED_SECTIONS)}}}/*/index.html"


def indexed_text(html: str) -> str:
    """The text of a page Pagefind indexes: its data-pagefind-body without the data-pagefind-ignore elements."""
    if "data-pagefind-body" not in html:  # a redirect
        return ""
    body = html[html.index("data-pagefind-body") : html.index("</main>")]
    body = re.sub(r"<(\w+)[^>]*data-pagefind-ignore[^>]*>.*?</\1>", "", body, flags=re.S)  # none is nested in its like
    return re.sub(r"<[^>]+>", "", body)


POLL = 0.02  # seconds between looks at the Pagefind processes (and at `cancelled`)


class IndexCancelled(Exception):
    """`cancelled()` said stop: the preview has a newer site to index."""


def index_site(folder: Path, previous: Path | None = None, cancelled: Callable[[], bool] = lambda: False) -> dict[str, bytes]:
    """Index the pages written in `folder` into `folder/pagefind/` and return the bundle; WriteError with Pagefind's words if it fails.

    One Pagefind per language, side by side: a run over both languages indexes them one after the other,
    and the two bundles are the same files as that run's but for the entry file, which lists both
    languages (bench/RESULTS.md has the figures). IndexCancelled, the processes stopped, once `cancelled()`.
    """
    command = pagefind_command()
    scratch = folder / ".pagefind-bundles"  # inside the new site: gone with it if the build is killed
    runs: dict[str, subprocess.Popen[bytes]] = {}
    logs: dict[str, Any] = {}
    try:
        for lang in LANGS:
            output = ["--glob", indexed_glob(lang), "--output-path", str(scratch / lang), "--silent"]
            logs[lang] = tempfile.TemporaryFile()
            runs[lang] = subprocess.Popen([*command, "--site", str(folder), *output], stdout=logs[lang], stderr=subprocess.STDOUT)
        while any(run.poll() is None for run in runs.values()):
            if cancelled():
                raise IndexCancelled
            time.sleep(POLL)
        for lang, run in runs.items():
            logs[lang].seek(0)
            said = logs[lang].read().decode("utf-8", "replace").strip().splitlines()
            if run.returncode != 0:
                raise WriteError(f"Pagefind failed on the {lang} pages (exit {run.returncode}): {said[-1] if said else 'no message'}")
        bundle = merged_bundle([scratch / lang for lang in LANGS])
        write_files(folder, bundle, previous)
        return bundle
    except OSError as err:
        raise WriteError(f"cannot run Pagefind ({command[0]}): {err.strerror or err}") from None
    finally:
        for run in runs.values():
            if run.poll() is None:
                run.kill()
                run.wait()
        for log in logs.values():
            log.close()
        shutil.rmtree(scratch, ignore_errors=True)


def merged_bundle(bundles: list[Path]) -> dict[str, bytes]:
    """The files of several one-language bundles as one bundle: their union, the entry file listing every language.

    Pagefind lists an entry's languages in hash order, which differs run to run: sorted, the same bytes.
    """
    files: dict[str, bytes] = {}
    languages: dict[str, object] = {}
    entry: dict[str, object] = {}
    for bundle in bundles:
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            rel, data = f"{BUNDLE}/{path.relative_to(bundle).as_posix()}", path.read_bytes()
            if rel == f"{BUNDLE}/{ENTRY}":
                entry = json.loads(data)
                languages.update(entry.get("languages", {}))  # type: ignore[call-overload]
            elif files.setdefault(rel, data) != data:
                raise WriteError(f"Pagefind's bundles disagree on {rel}")
    if entry:
        files[f"{BUNDLE}/{ENTRY}"] = json.dumps(
            {**entry, "languages": languages}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    return files
