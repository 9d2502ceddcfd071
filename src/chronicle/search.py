"""The Pagefind search index: the extended binary of npm's `pagefind` (it segments Chinese), run over the written site.

Each page goes into the index of its `<html lang>`; only the pages of events,
sources and entities are indexed: the timeline, the indexes, the home and
about pages repeat or frame what those say and would crowd the results.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from chronicle.core.catalog import SECTIONS
from chronicle.render.routes import LANGS
from chronicle.writer import WriteError

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


def indexed_glob(langs: tuple[str, ...] = LANGS) -> str:
    """The pages of events, sources and entities in `langs`, as a glob for Pagefind (`{zh,en}/{events,…}/*/index.html`)."""
    return f"{{{','.join(langs)}}}/{{{','.join(INDEXED_SECTIONS)}}}/*/index.html"


def indexed_text(html: str) -> str:
    """The text of a page Pagefind indexes: its data-pagefind-body without the data-pagefind-ignore elements."""
    if "data-pagefind-body" not in html:  # a redirect
        return ""
    body = html[html.index("data-pagefind-body") : html.index("</main>")]
    body = re.sub(r"<(\w+)[^>]*data-pagefind-ignore[^>]*>.*?</\1>", "", body, flags=re.S)  # none is nested in its like
    return re.sub(r"<[^>]+>", "", body)


POLL = 0.02  # seconds between looks at the Pagefind process (and at `cancelled`)


class IndexCancelled(Exception):
    """`cancelled()` said stop: the preview has a newer site to index."""


def index_site(folder: Path, cancelled: Callable[[], bool] = lambda: False) -> dict[str, bytes]:
    """Index the pages written in `folder` into `folder/pagefind/` and return the bundle; WriteError with Pagefind's words if it fails.

    One Pagefind run over both languages (it writes one index per `<html lang>`). IndexCancelled,
    the process stopped, once `cancelled()`.
    """
    command = [*pagefind_command(), "--site", str(folder), "--glob", indexed_glob(), "--output-subdir", BUNDLE, "--silent"]
    with tempfile.TemporaryFile() as log:
        try:
            run = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        except OSError as err:
            raise WriteError(f"cannot run Pagefind ({command[0]}): {err.strerror or err}") from None
        try:
            while run.poll() is None:
                if cancelled():
                    raise IndexCancelled
                time.sleep(POLL)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
        log.seek(0)
        said = log.read().decode("utf-8", "replace").strip().splitlines()
    if run.returncode != 0:
        raise WriteError(f"Pagefind failed (exit {run.returncode}): {said[-1] if said else 'no message'}")
    return _written_bundle(folder)


def _written_bundle(folder: Path) -> dict[str, bytes]:
    """The bundle Pagefind wrote in `folder`, its entry file rewritten with the languages sorted.

    Pagefind lists the languages in hash order, which differs run to run: sorted, the same bytes.
    """
    bundle = folder / BUNDLE
    files = {f"{BUNDLE}/{p.relative_to(bundle).as_posix()}": p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
    if f"{BUNDLE}/{ENTRY}" not in files:
        raise WriteError(f"Pagefind wrote no {BUNDLE}/{ENTRY} into {folder}")
    entry = json.loads(files[f"{BUNDLE}/{ENTRY}"])
    sorted_entry = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    (bundle / ENTRY).write_bytes(sorted_entry)
    return {**files, f"{BUNDLE}/{ENTRY}": sorted_entry}
