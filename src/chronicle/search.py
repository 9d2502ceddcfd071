"""Pagefind search index: one Pagefind process per language, started while the build goes on.

Why one process per language: Chinese and English pages go into separate indexes anyway
(Pagefind picks the index by the page's `lang`), and a language can be indexed as soon
as its pages are on disk. The build writes the Chinese searchable pages first and starts
their indexer, which runs on the other core (Pagefind leaves about half a core idle) while
the English pages and the rest of the site are rendered. Each process writes its own
bundle folder; `finish` merges them into `pagefind/`. The files they share (the script,
the UI, the unstemmed wasm) are identical, the index and fragment files are named by
their content, and the merged `pagefind-entry.json` lists both languages with sorted keys,
so the result is byte-identical to one Pagefind run over both languages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from chronicle.core.catalog import SECTIONS

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"

# What a search can find: the page of each event, source and entity. The timeline and its
# filtered views, the indexes, the home and about pages only repeat or frame what those
# pages say; left out, they no longer crowd the results and Pagefind never opens them.
INDEXED_SECTIONS = ("events", "sources", *SECTIONS.values())


def pagefind_command() -> list[str]:
    """The extended Pagefind binary itself: `python -m pagefind` starts a second interpreter only to exec it."""
    try:
        from pagefind_bin_extended import get_executable

        binary = get_executable()
    except ImportError:
        binary = None
    return [str(binary)] if binary else [sys.executable, "-m", "pagefind"]


def is_indexed(path: str, lang: str) -> bool:
    """Whether the file at `path` (`zh/events/x/index.html`) goes into `lang`'s search index."""
    parts = path.split("/")
    return len(parts) == 4 and parts[0] == lang and parts[1] in INDEXED_SECTIONS and parts[3] == "index.html"


def indexed_glob(lang: str) -> str:
    return f"{lang}/{{{','.join(INDEXED_SECTIONS)}}}/*/index.html"


class SearchIndexer:
    """Starts Pagefind on one language at a time, in the background; `finish` waits and merges.

    Calling the indexer on a folder indexes every language there and then (the preview's use).
    """

    def __init__(self) -> None:
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, folder: Path, lang: str) -> None:
        argv = [*pagefind_command(), "--site", str(folder), "--glob", indexed_glob(lang), "--quiet"]
        argv += ["--output-subdir", f"{BUNDLE}-{lang}"]
        self.running[lang] = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def finish(self, folder: Path) -> None:
        """Wait for every language, then merge their bundles into `folder/pagefind`; raises if one failed."""
        failures = []
        for lang, proc in sorted(self.running.items()):
            output, _ = proc.communicate()
            if proc.returncode != 0:
                failures.append(f"{lang}: {output.decode('utf-8', 'replace').strip()}")
        langs, self.running = sorted(self.running), {}
        if failures:
            raise RuntimeError("search indexing failed: " + "; ".join(failures))
        merge_bundles([folder / f"{BUNDLE}-{lang}" for lang in langs], folder / BUNDLE)

    def abort(self) -> None:
        for proc in self.running.values():
            proc.kill()
            proc.communicate()
        self.running = {}

    def __call__(self, folder: Path, langs: tuple[str, ...] = ("zh", "en")) -> None:
        try:
            for lang in langs:
                self.start(folder, lang)
            self.finish(folder)
        finally:
            self.abort()


def make_indexer() -> SearchIndexer:
    return SearchIndexer()


def merge_bundles(bundles: list[Path], target: Path) -> None:
    """Move each language's bundle into `target`: files of the same name are the same bytes, entries are united."""
    target.mkdir(exist_ok=True)
    entry: dict[str, object] = {}
    languages: dict[str, object] = {}
    for bundle in bundles:
        for dirpath, _dirs, files in os.walk(bundle):
            rel = Path(dirpath).relative_to(bundle)
            (target / rel).mkdir(exist_ok=True)
            for name in files:
                if rel == Path(".") and name == ENTRY:
                    data = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
                    languages.update(data.pop("languages"))
                    entry.update(data)
                else:
                    os.replace(Path(dirpath) / name, target / rel / name)
        shutil.rmtree(bundle)
    entry["languages"] = languages
    # Pagefind writes its languages in hash-map order, which differs between runs; sorted keys
    # (the same JSON) make two builds of the same content byte-identical.
    text = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (target / ENTRY).write_text(text, encoding="utf-8")
