"""Pagefind search index: one Pagefind service per language, working while the build goes on.

Why one per language: Chinese and English pages go into separate indexes anyway (Pagefind
picks the index by the page's `lang`), and a language can be indexed as soon as its pages
are on disk. The services start before the build imports its modules (the Chinese one
loading its segmenter's dictionary, chronicle.pagefind_service); the build writes the
Chinese searchable pages first and hands them over, and that index is built while the
English pages and the rest of the site are rendered. The Chinese index is the long pole, so
the cores serve it first: the English service runs at a lower priority, and `chronicle
build` steps back between the two once Chinese has its pages. Each service returns its
bundle's files; `finish` hands them to the build to write under `pagefind/`, each language's
as soon as it is done. The files both have (the script, the UI, the unstemmed wasm) are
identical, the index and fragment files are named by their content, and the merged
`pagefind-entry.json` lists both languages with sorted keys, so the result is byte-identical
to one `pagefind` command over both languages.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from chronicle.core.catalog import SECTIONS
from chronicle.pagefind_service import PagefindService, ServiceError
from chronicle.writer import inside

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


# A page in Chinese for the Chinese service to index and throw away, so its segmenter has loaded
# its dictionary before the real pages arrive.
WARM_UP = '<html lang="zh-Hans"><body><main data-pagefind-body>上海合作组织地区反恐怖机构</main></body></html>'


class SearchIndexer:
    """One Pagefind service per language, started early; `start` hands a language its pages, `finish` waits and merges.

    Calling the indexer on a folder indexes every language there and then (the preview's use).
    With `step_back`, the thread that hands over the first language's pages (the build's), when
    there are many, lowers its own priority below that language's service
    (`defer_to_first_language`): for a process that ends after this one build, as `chronicle
    build` does.
    """

    def __init__(self, langs: tuple[str, ...] = ("zh", "en"), step_back: bool = False) -> None:
        self.langs = langs
        self.step_back = step_back
        self.services: dict[str, PagefindService] = {}
        self.indexes: dict[str, int] = {}  # per language: the NewIndex message id, then (from `start`) the index id
        self.adding: dict[str, int] = {}  # AddDir message id, per language started
        self.getting: dict[str, int] = {}  # GetFiles message id, sent with the AddDir

    def launch(self) -> None:
        """Start the services (idempotent); Chinese gets its warm-up page at once."""
        for lang in self.langs:
            if lang in self.services:
                continue
            service = self.services[lang] = PagefindService(pagefind_command())
            if lang != self.langs[0]:
                yield_to_first_language(service)
            self.indexes[lang] = service.send({"type": "NewIndex", "config": None})
            if lang == "zh":
                try:  # a few ms: the process answers as soon as it runs
                    throwaway = service.request({"type": "NewIndex", "config": None})["index_id"]
                except ServiceError:
                    continue  # `finish` reports it
                page = {"file_path": "zh/warm-up.html", "url": None, "file_contents": WARM_UP}
                service.send({"type": "AddFile", "index_id": throwaway, **page})

    def start(self, folder: Path, lang: str, pages: int = 0) -> None:
        """Index `lang`'s `pages` searchable pages under `folder` in the background."""
        self.launch()
        service = self.services[lang]
        try:
            index_id = service.reply(self.indexes[lang])["index_id"]
        except ServiceError:
            index_id = 0  # `finish` reports the failure with the other languages'
        self.indexes[lang] = index_id
        self.adding[lang] = service.send({"type": "AddDir", "index_id": index_id, "path": str(folder), "glob": indexed_glob(lang)})
        # Sent now, not in `finish`: the service answers its messages one after the other, so it bundles the
        # moment the pages are read. Bundling runs on one thread for seconds at K = 100 (Chinese), and the
        # pages are often read before the build has rendered the rest of the site and called `finish`.
        self.getting[lang] = service.send({"type": "GetFiles", "index_id": index_id})
        if self.step_back and lang == self.langs[0] and pages >= STEP_BACK_PAGES:
            defer_to_first_language()

    def finish(self, write: Callable[[dict[str, bytes]], None]) -> None:
        """Wait for every language started, handing each bundle's files to `write` as soon as it comes; raises if one failed.

        The files (paths under the site: `pagefind/...`) come back in the reply (`GetFiles`) for
        the build to write: the service's own `WriteFiles` answers before its writes have reached
        the disk (it hands them to background tasks and does not flush), and a build read a
        half-written entry file once. English is usually done a second or more before Chinese;
        its files are written meanwhile, and the entry listing both languages goes last.
        """
        bundles: dict[str, dict[str, bytes]] = {}
        failures: dict[str, str] = {}
        arrived: queue.SimpleQueue[str] = queue.SimpleQueue()

        def complete(lang: str) -> None:  # one thread per language: each bundles as soon as its pages are read
            service = self.services[lang]
            try:
                service.reply(self.adding[lang])
                files = service.reply(self.getting[lang])["files"]
                bundles[lang] = {file["path"]: base64.b64decode(file["content"]) for file in files}
            except ServiceError as err:
                failures[lang] = f"{lang}: {err}"
            finally:
                arrived.put(lang)

        threads = [threading.Thread(target=complete, args=(lang,)) for lang in sorted(self.adding)]
        for thread in threads:
            thread.start()
        merge = BundleMerge()
        for _ in threads:
            lang = arrived.get()
            self.services[lang].end_input()  # it exits on its own (freeing its memory takes a while): reaped by abort
            if lang in bundles:
                write(merge.add(bundles.pop(lang)))
        for thread in threads:
            thread.join()
        if failures:
            raise RuntimeError("search indexing failed: " + "; ".join(failures[lang] for lang in sorted(failures)))
        write(merge.entry_file())

    def abort(self) -> None:
        for service in self.services.values():
            service.kill()
        self.services, self.indexes, self.adding, self.getting = {}, {}, {}, {}

    def __call__(self, folder: Path) -> dict[str, bytes]:
        try:
            for lang in self.langs:
                self.start(folder, lang)
            files: dict[str, bytes] = {}
            self.finish(files.update)
            return files
        finally:
            self.abort()


def yield_to_first_language(service: PagefindService) -> None:
    """Run `service` at a lower priority than the build and the first language's service.

    Why: the Chinese index is the long pole. It is handed its pages first, segments them
    (jieba, the most work of any stage) and then compresses its bundle on one thread for
    seconds. With the English service at the same priority the two halve the cores while
    Chinese parses, and Chinese then bundles alone with a core idle. At a lower priority
    English takes the time the others leave: Chinese reaches its one-thread tail sooner and
    English fills the other core. K = 100: 13.4 -> 12.1 s (median of 5, A/B interleaved);
    real corpus unchanged. Only the order in which the CPU serves them changes, never the output.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, service.process.pid, 10)
    except (AttributeError, OSError):  # no priorities here (Windows), or not allowed: same result, a little later
        pass


# From how many pages of the first language on the build steps back. On the real corpus (303
# Chinese pages) both indexes end within 50 ms of each other and the rest of the build is the
# long pole: stepping back there cost 0.1 s (median of 12 interleaved pairs, slower in 8).
STEP_BACK_PAGES = 500

# How far the build steps back (chronicle's nice value goes from 0 to this): below the Chinese
# service (0), above the English one (10), so each core serves Chinese first, then the build,
# then English. K = 100: 5 and 10 did equally well, 15 a little worse (6 interleaved rounds).
STEP_BACK = 5


def defer_to_first_language() -> None:
    """Lower the calling thread's priority (and that of the processes and threads it starts from now on) to STEP_BACK.

    Why: once the Chinese service has its pages, it is the long pole. It reads them on both
    cores and then bundles on one thread for seconds (it gzips every fragment at the highest
    level: 2.5 CPU-s at K = 100). At equal priority the rest of the build (the English pages,
    the other pages, the English index) takes half the cores while Chinese reads, so Chinese
    starts its one-thread bundling late, and bundles alone with the other core idle at the
    end. Behind it, the rest of the build fills the time Chinese leaves, during the bundling
    above all. K = 100, 6 interleaved rounds: median 12.63 -> 11.13 s, better in 6 of 6.

    Only the order in which the cores serve the processes changes, never the output. Linux
    keeps a priority per thread and a process cannot raise its own back: hence only for a
    process that ends after the build (`chronicle build`), never the preview server.
    """
    try:
        os.setpriority(os.PRIO_PROCESS, 0, max(STEP_BACK, os.getpriority(os.PRIO_PROCESS, 0)))
    except (AttributeError, OSError):  # no priorities here (Windows), or not allowed: same result, a little later
        pass


def make_indexer(step_back: bool = False) -> SearchIndexer:
    """An indexer whose services are already starting (the Chinese one loading its dictionary)."""
    indexer = SearchIndexer(step_back=step_back)
    indexer.launch()
    return indexer


class BundleMerge:
    """The languages' bundles as one: each bundle's files not given yet, then the entry listing every language.

    A file both bundles have (the script, the UI, the unstemmed wasm) is the same bytes in
    each; index and fragment files are named by their content.
    """

    def __init__(self) -> None:
        self.entry: dict[str, object] = {}
        self.languages: dict[str, object] = {}
        self.given: set[str] = set()

    def add(self, bundle: dict[str, bytes]) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for rel, content in sorted(bundle.items()):
            if rel == ENTRY:
                data = json.loads(content)
                self.languages.update(data.pop("languages"))
                self.entry.update(data)
            elif not inside(rel):
                raise RuntimeError(f"search indexing failed: Pagefind named a file outside its folder: {rel}")
            elif rel not in self.given:
                files[f"{BUNDLE}/{rel}"] = content
                self.given.add(rel)
        return files

    def entry_file(self) -> dict[str, bytes]:
        # Pagefind writes its languages in hash-map order, which differs between runs; sorted keys
        # (the same JSON) make two builds of the same content byte-identical.
        entry = {**self.entry, "languages": self.languages}
        return {f"{BUNDLE}/{ENTRY}": json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")}
