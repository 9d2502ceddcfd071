"""The Pagefind search index: the extended binary of npm's `pagefind` (it segments Chinese), run over the written site.

Each page goes into the index of its `<html lang>`; only the pages of events,
sources and entities are indexed: the timeline, the indexes, the home and
about pages repeat or frame what those say and would crowd the results. A site
too large for one run's memory is indexed in several runs, a bundle each.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
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


def indexed_text(html: str) -> str:
    """The text of a page Pagefind indexes: its data-pagefind-body without the data-pagefind-ignore elements."""
    if "data-pagefind-body" not in html:  # a redirect
        return ""
    body = html[html.index("data-pagefind-body") : html.index("</main>")]
    body = re.sub(r"<(\w+)[^>]*data-pagefind-ignore[^>]*>.*?</\1>", "", body, flags=re.S)  # none is nested in its like
    return re.sub(r"<[^>]+>", "", body)


POLL = 0.02  # seconds between looks at the Pagefind process (and at `cancelled`)
# Pagefind holds every page of a run in memory, about 40 bytes for each byte of a Chinese page's HTML
# and 3 for an English one (bench/RESULTS.md): past RUN_MEMORY the pages are indexed in several runs,
# a bundle each, which the search page merges. A run's glob lists its pages; a command-line argument
# holds at most 128 KiB.
MEMORY_PER_BYTE = {"zh": 40, "en": 3}
RUN_MEMORY = 512 * 2**20
GLOB_CHARS = 100_000
MANIFEST = "bundles.js"  # in the first bundle: each language's bundles, for the search page


class IndexCancelled(Exception):
    """`cancelled()` said stop: the preview has a newer site to index."""


def planned_runs(sizes: Mapping[str, int]) -> list[list[str]]:
    """The pages to index (`zh/events/x/index.html` → bytes) in Pagefind runs, in path order: one run
    if all fit in RUN_MEMORY, else runs of one language each that fit (a page too large alone runs alone)."""
    cost = {path: size * MEMORY_PER_BYTE.get(path.split("/")[0], max(MEMORY_PER_BYTE.values())) for path, size in sizes.items()}
    if sum(cost.values()) <= RUN_MEMORY and sum(len(path) + 1 for path in sizes) <= GLOB_CHARS:
        return [sorted(sizes)] if sizes else []
    runs: list[list[str]] = []
    for lang in sorted({path.split("/")[0] for path in sizes}):
        run: list[str] = []
        memory = chars = 0
        for path in sorted(p for p in sizes if p.split("/")[0] == lang):
            if run and (memory + cost[path] > RUN_MEMORY or chars + len(path) + 1 > GLOB_CHARS):
                runs.append(run)
                run, memory, chars = [], 0, 0
            run.append(path)
            memory, chars = memory + cost[path], chars + len(path) + 1
        runs.append(run)
    return runs


def in_bundle(key: str) -> bool:
    """Whether a site path (`pagefind-2/fragment/x.pf_fragment`) is a file of the search bundles."""
    return re.fullmatch(rf"{BUNDLE}(-\d+)?", key.split("/", 1)[0]) is not None


def indexed_sizes(folder: Path) -> dict[str, int]:
    """The pages to index in `folder` (events, sources and entities, every language) and their bytes."""
    pages = (p for lang in LANGS for section in INDEXED_SECTIONS for p in folder.glob(f"{lang}/{section}/*/index.html"))
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in pages}


def index_site(folder: Path, cancelled: Callable[[], bool] = lambda: False) -> dict[str, bytes]:
    """Index the pages written in `folder` into its bundles (`pagefind/` …) and return them; WriteError with
    Pagefind's words if it fails; IndexCancelled, the process stopped, once `cancelled()`.

    Pagefind writes one index per `<html lang>` into each bundle; `pagefind/bundles.js` tells the
    search page which bundles hold its language.
    """
    runs = planned_runs(indexed_sizes(folder))
    files: dict[str, bytes] = {}
    held: dict[str, list[str]] = {}
    for number, run in enumerate(runs):
        name = BUNDLE if number == 0 else f"{BUNDLE}-{number}"  # pagefind, pagefind-1, pagefind-2 …
        _run_pagefind(folder, "{" + ",".join(run) + "}", name, cancelled)
        files.update(_written_bundle(folder, name))
        for lang in sorted({path.split("/")[0] for path in run}):
            held.setdefault(lang, []).append(f"{name}/")
    manifest = f"window.chronicleBundles = {json.dumps(held, sort_keys=True)};\n".encode()
    (folder / BUNDLE).mkdir(exist_ok=True)
    (folder / BUNDLE / MANIFEST).write_bytes(manifest)
    return {**files, f"{BUNDLE}/{MANIFEST}": manifest}


def _run_pagefind(folder: Path, glob: str, bundle: str, cancelled: Callable[[], bool]) -> None:
    command = [*pagefind_command(), "--site", str(folder), "--glob", glob, "--output-subdir", bundle, "--silent"]
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


def _written_bundle(folder: Path, name: str) -> dict[str, bytes]:
    """The bundle Pagefind wrote in `folder/name`, its entry file rewritten with the languages sorted.

    Pagefind lists the languages in hash order, which differs run to run: sorted, the same bytes.
    """
    bundle = folder / name
    files = {f"{name}/{p.relative_to(bundle).as_posix()}": p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
    if f"{name}/{ENTRY}" not in files:
        raise WriteError(f"Pagefind wrote no {name}/{ENTRY} into {folder}")
    entry = json.loads(files[f"{name}/{ENTRY}"])
    sorted_entry = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    (bundle / ENTRY).write_bytes(sorted_entry)
    return {**files, f"{name}/{ENTRY}": sorted_entry}
