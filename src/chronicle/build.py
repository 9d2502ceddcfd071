"""load → clean → render → write, with counts and timings per stage.

The shell around the pure core: it reads content through the loader, runs
the core stages, renders every page in memory, and only then hands the whole
tree to the atomic writer. Any error stops the build before writing.
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from chronicle.core.alignment import SourceTranslation, align
from chronicle.core.clean.markdown_article import parse_markdown_article
from chronicle.core.clean.pipeline import MarkdownParser, Profile, clean_source
from chronicle.core.clean.simplify import Converter
from chronicle.core.corpus import clean_all
from chronicle.core.diagnostics import ContentError, Diagnostic, has_errors
from chronicle.core.knowledge import Knowledge, build_knowledge
from chronicle.core.model import Draft, Source
from chronicle.core.site_schema import check_site
from chronicle.core.ui_strings import check_strings
from chronicle.data_files import entities_json, sources_json, timeline_csv, timeline_json, timelinejs_json
from chronicle.fork_pool import Pending, fork_call, fork_map
from chronicle.loader import load_content
from chronicle.render.environment import UIStrings, make_environment, template_diagnostic
from chronicle.render.pages import Page, build_pages, entity_route, page_globals
from chronicle.render.routes import LANGS, page_file
from chronicle.render.structured import sitemap
from chronicle.search import SearchIndexer, is_indexed
from chronicle.writer import Staging, check_routes, staged_output
from chronicle.yaml_lines import load_yaml

# Below these counts the work is too small to be worth a second process (chronicle.fork_pool).
MIN_PAGES_TO_FORK = 500
MIN_SOURCES_TO_FORK = 40


def _on_cores(func: Callable[[Any], Any], sources: Sequence[Any]) -> list[Any]:
    return fork_map(func, sources, MIN_SOURCES_TO_FORK)


@dataclass
class BuildResult:
    files: dict[str, bytes] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    knowledge: Knowledge | None = None
    english: dict[str, SourceTranslation] = field(default_factory=dict)
    catalogues: dict[str, str | None] = field(default_factory=dict)


class Stopwatch:
    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now

    def lap_shared(self, spent: dict[str, float]) -> None:
        """The time since the last lap, shared among stages that ran interleaved, in proportion to `spent` on each."""
        now = time.perf_counter()
        total = sum(spent.values()) or 1.0
        for name, seconds in spent.items():
            self.timings[name] = self.timings.get(name, 0.0) + (now - self.last) * seconds / total
        self.last = now


def make_converter() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("tw2s.json").convert


@dataclass
class PreparedSite:
    """Everything a page needs before it is rendered: the knowledge, the page list, the templates."""

    templates: Path
    env: jinja2.Environment
    strings: dict[str, Any]
    site: dict[str, Any]
    sources: list[Source]
    knowledge: Knowledge
    english: dict[str, SourceTranslation]
    pages: list[Page]


@dataclass
class Reuse:
    """What a long-running preview keeps between rebuilds: parsed YAML and cleaned texts by their exact input.

    Only the preview passes one; `chronicle build` and the benchmarks always do the whole work.
    """

    yaml: dict[str, Any] = field(default_factory=dict)
    drafts: dict[tuple[str, str], Draft] = field(default_factory=dict)
    convert: Callable[[str], str] = field(default_factory=make_converter)

    def parse_yaml(self, text: str) -> Any:
        if text not in self.yaml:
            if len(self.yaml) > 64:  # old versions of edited files
                self.yaml.clear()
            self.yaml[text] = load_yaml(text)
        return self.yaml[text]

    def clean(self, text: str, profile: Profile, convert: Converter, parse: MarkdownParser) -> Draft:
        key = (text, repr(profile))  # a profile holds dicts: not hashable, but its repr is exact
        if key not in self.drafts:
            if len(self.drafts) > 64:
                self.drafts.clear()
            self.drafts[key] = clean_source(text, profile, convert, parse)
        return self.drafts[key]


def prepare_site(project: Path, result: BuildResult, reuse: Reuse | None = None) -> PreparedSite | None:
    """Load, clean, extract and list the pages; None (with diagnostics in `result`) on any error."""
    clock = Stopwatch(result.timings)
    content = load_content(project, reuse.parse_yaml) if reuse else load_content(project)
    result.diagnostics.extend(content.diagnostics)
    clock.lap("load")
    raw = [(r.meta, r.text) for r in content.sources]
    if reuse:
        sources, problems = clean_all(raw, reuse.convert, parse_markdown_article, "content/sources.yaml", reuse.clean)
    else:
        sources, problems = clean_all(raw, make_converter(), parse_markdown_article, "content/sources.yaml", map_sources=_on_cores)
    result.sources = sources
    result.diagnostics.extend(problems)
    clock.lap("clean")
    if has_errors(result.diagnostics):
        return None
    strings = {lang: content.yaml[f"i18n/{lang}.yaml"] for lang in ("zh", "en")}
    site = content.yaml["site.yaml"]
    result.diagnostics.extend(check_site(site, "content/site.yaml"))
    string_problems = check_strings(strings)
    result.diagnostics.extend(string_problems)
    if not string_problems:  # (else the build stops after the catalog and events are checked too)
        strings = {lang: UIStrings(lang, table) for lang, table in strings.items()}
    knowledge = build_knowledge(sources, content.catalog, content.editorial, "content/events.yaml", _on_cores)
    result.knowledge = knowledge
    result.diagnostics.extend(knowledge.diagnostics)
    result.catalogues = content.catalogues
    english, problems = align(sources, content.catalogues, knowledge.entities)
    result.english = english
    result.diagnostics.extend(problems)
    clock.lap("extract")
    if has_errors(result.diagnostics):
        return None
    templates = project / "templates"
    pages = build_pages(sources, strings, site, knowledge)
    for dup in check_routes([page_file(p.route) for p in pages]):
        result.diagnostics.append(Diagnostic("error", "RTE001", "templates/", 0, f"two pages claim {dup}", "give each page its own route"))
    clock.lap("render")
    return PreparedSite(templates, make_environment(templates), strings, site, sources, knowledge, english, pages)


def render_page(prepared: PreparedSite, page: Page, diagnostics: list[Diagnostic]) -> bytes | None:
    """One page's HTML, or None with a template diagnostic (file and line) added once."""
    context = page_globals(page, prepared.strings, prepared.site)
    return _render(prepared.env, page.template, context, prepared.templates, page.route, diagnostics)


def other_files(prepared: PreparedSite, diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """Every file that is not a page of `prepared.pages`: 404, landing, assets, data, sitemap, robots."""
    strings, site, knowledge, templates = prepared.strings, prepared.site, prepared.knowledge, prepared.templates
    files: dict[str, bytes] = {}
    not_found = Page("404.html", "404.html", "zh", strings["zh"]["not_found_title"], strings["zh"]["not_found_body"], {})
    html = render_page(prepared, not_found, diagnostics)
    if html is not None:
        files["404.html"] = html
    landing = _render(prepared.env, "landing.html", {"site": site}, templates, "/", diagnostics)
    if landing is not None:
        files["index.html"] = landing
    for asset in sorted((templates / "static").iterdir()):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    files["data/sources.json"] = sources_json(prepared.sources)
    files["data/timeline.json"] = timeline_json(knowledge.events, {})
    files["data/entities.json"] = entities_json(knowledge.entities, entity_route)
    files["data/timeline.csv"] = timeline_csv(knowledge.events)
    files["data/timelinejs.json"] = timelinejs_json(knowledge.events)
    files["sitemap.xml"] = sitemap([p.route for p in prepared.pages], site["base_url"])
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {site['base_url']}sitemap.xml\n".encode()
    return files


@contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector for the length of a build.

    A build allocates millions of small objects that live until it ends and form no cycles
    that matter; the collector's repeated passes over them cost about 15% of the build at
    K = 100 (more when results come back from the other core: unpickling 140,000 mentions
    took 0.88 s with it, 0.27 s without), and peak memory is the same without it (measured:
    341 MB and 345 MB). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_site(project: Path) -> BuildResult:
    """Everything but writing: returns all files in memory, or diagnostics (`chronicle check`, the tests)."""
    with _no_cycle_collector():
        result = BuildResult()
        prepared = prepare_site(project, result)
        if prepared is None or has_errors(result.diagnostics):
            return result
        clock = Stopwatch(result.timings)
        result.files = _render_pages(prepared, prepared.pages, result)
        result.files.update(other_files(prepared, result.diagnostics))
        clock.lap("render")
        _count(prepared, result.files, result)
        return result


# Pages are rendered (and, by `build`, written) in this many shares, dealt out page by page (so long
# and short pages mix): each process renders a share, writes it, and takes the next.
SHARES = 8


def _deal(pages: Sequence[Page]) -> list[Sequence[Page]]:
    """`pages` dealt into SHARES shares, page by page, when there are enough to fork for; else one share."""
    return [pages[i::SHARES] for i in range(SHARES)] if len(pages) >= MIN_PAGES_TO_FORK else [pages]


def _render_pages(prepared: PreparedSite, pages: Sequence[Page], result: BuildResult) -> dict[str, bytes]:
    """The HTML of `pages` by file path, in page order (on both cores when there are many); template errors go to `result`."""
    rendered: dict[str, bytes] = {}
    for files, problems in fork_map(functools.partial(_render_share, prepared), _deal(pages), 2):
        result.diagnostics.extend(d for d in problems if d not in result.diagnostics)
        rendered.update(files)
    return {path: rendered[path] for path in (page_file(p.route) for p in pages) if path in rendered}


def _render_share(prepared: PreparedSite, share: Sequence[Page]) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The HTML of a share of pages by file path, and the template errors met (a page that failed has no file)."""
    problems: list[Diagnostic] = []
    files: dict[str, bytes] = {}
    for page in share:
        html = render_page(prepared, page, problems)
        if html is not None:
            files[page_file(page.route)] = html
    return files, problems


# What rendering and writing one share of pages gives back: the paths written, their bytes, the
# template errors, the seconds spent rendering and writing.
ShareResult = tuple[list[str], int, list[Diagnostic], float, float]


def _render_and_write(prepared: PreparedSite, pages: Sequence[Page], staging: Staging, result: BuildResult, clock: Stopwatch) -> list[str]:
    """Render `pages` and write them, on both cores when there are many; the paths written.

    Each process writes the pages it rendered (on a few threads, once its share is rendered,
    so writing never competes with rendering for the interpreter lock): only paths, sizes and
    template errors come back, where returning the HTML meant pickling 20 MB per batch at
    K = 100 and writing it all here afterwards, with the other core idle. Nothing is written
    once a template has failed; the build then stops and drops the temporary folder.
    """
    staging.claim(page_file(p.route) for p in pages)
    work = _share_renderer(prepared, staging, has_errors(result.diagnostics))
    return _gather(fork_map(work, _deal(pages), 2), staging, result, clock)


def _share_renderer(prepared: PreparedSite, staging: Staging, failed_before: bool) -> Callable[[Sequence[Page]], ShareResult]:
    """Render a share of pages and write them, unless a template failed here or in an earlier batch (`failed_before`)."""

    def render_and_write(share: Sequence[Page]) -> ShareResult:
        start = time.perf_counter()
        files, problems = _render_share(prepared, share)
        rendered = time.perf_counter()
        if problems or failed_before:
            return [], 0, problems, rendered - start, 0.0
        size = staging.put(files)
        return list(files), size, problems, rendered - start, time.perf_counter() - rendered

    return render_and_write


def _gather(shares: Iterable[ShareResult], staging: Staging, result: BuildResult, clock: Stopwatch) -> list[str]:
    written: list[str] = []
    rendering = writing = 0.0
    for paths, size, problems, render_s, write_s in shares:
        result.diagnostics.extend(d for d in problems if d not in result.diagnostics)
        written += paths
        staging.written += size
        rendering, writing = rendering + render_s, writing + write_s
    clock.lap_shared({"render": rendering, "write": writing})
    return written


def _start_aside(
    prepared: PreparedSite, batches: Sequence[tuple[str | None, list[Page]]], staging: Staging, result: BuildResult
) -> tuple[str, Pending[ShareResult]] | None:
    """The second language's batch, rendering and writing in a forked process from now on, when the first is small.

    Why: on a small site each batch is rendered by one process (forking its pages in two
    costs more than it saves), and while this process rendered the Chinese pages the other
    core sat idle, Pagefind having loaded its dictionary with nothing to read yet. The
    English pages were then rendered while the Chinese index ran, each slowing the other,
    and the English index started last. Rendered aside, the English pages are written by
    the time the Chinese ones are, and both indexes start together. Real corpus, interleaved
    pairs: 0.935 -> 0.825 s into a new folder on tmpfs (10 of 10 faster), 1.02 -> 0.92 s
    rebuilding the site on disk (8 of 8); the same bytes. On a large site both cores render
    each batch in turn, the Chinese one first, so that its index (the long pole) starts as
    early as possible: nothing runs aside there. If the Chinese batch fails, the English
    pages written aside go with the temporary folder, like everything else.
    """
    if len(batches) < 2 or batches[1][0] is None or len(batches[0][1]) >= MIN_PAGES_TO_FORK:
        return None
    lang, pages = batches[1]
    staging.claim(page_file(p.route) for p in pages)  # here: the bookkeeping of old files lives in this process
    return lang, fork_call(_share_renderer(prepared, staging, has_errors(result.diagnostics)), pages)


def _count(prepared: PreparedSite, files: Iterable[str], result: BuildResult) -> None:
    knowledge, sources, paths = prepared.knowledge, prepared.sources, list(files)
    result.counts = {
        "sources": len(sources),
        "paragraphs": sum(len(s.paragraphs) for s in sources),
        "notes": sum(len(s.notes) for s in sources),
        "entities": len(knowledge.entities),
        "mentions": len(knowledge.mentions),
        "events": len(knowledge.events),
        "pages": sum(1 for f in paths if f.endswith(".html")),
        "files": len(paths),
    }


def _render(
    env: jinja2.Environment, name: str, context: dict[str, Any], templates: Path, route: str, out: list[Diagnostic]
) -> bytes | None:
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except Exception as err:  # noqa: BLE001 - every template error becomes a diagnostic with file and line
        diagnostic = template_diagnostic(err, templates, route)
        if diagnostic not in out:
            out.append(diagnostic)
        return None


def build(project: Path, out: Path, indexer: SearchIndexer | None = None) -> BuildResult:
    """Render and write atomically, indexing each language as soon as its searchable pages are on disk.

    Pages go out in batches: the Chinese pages a search can find, then the English ones,
    then everything else. After each language's batch is written its Pagefind starts in
    the background, so the index is built while the rest is still rendering; `index` in
    the timings is only the wait for it at the end. A template error in any batch stops
    the indexing, the remaining batches are still rendered (every error is reported in one
    run), and the temporary folder is dropped: the previous site stays as it was.
    Raises ContentError on any error.
    """
    with _no_cycle_collector():
        result = BuildResult()
        prepared = prepare_site(project, result)
        if prepared is None or has_errors(result.diagnostics):
            if indexer is not None:
                indexer.abort()
            raise ContentError(result.diagnostics)
        clock = Stopwatch(result.timings)
        batches = _batches(prepared.pages, indexer is not None)
        written: list[str] = []
        with staged_output(out) as staging:
            aside = None
            try:  # any failure stops the indexers and the batch aside before the temporary folder is removed under them
                aside = _start_aside(prepared, batches, staging, result) if indexer is not None else None
                for lang, pages in batches:
                    if aside is not None and lang == aside[0]:
                        written += _gather([aside[1].result()], staging, result, clock)
                    else:
                        written += _render_and_write(prepared, pages, staging, result, clock)
                    if lang is None:
                        files = other_files(prepared, result.diagnostics)
                        clock.lap("render")
                        if not has_errors(result.diagnostics):
                            staging.write(files)
                            written += files
                            clock.lap("write")
                    if indexer is not None and lang is not None and not has_errors(result.diagnostics):
                        indexer.start(staging.folder, lang, len(pages))
                if has_errors(result.diagnostics):
                    raise ContentError(result.diagnostics)
                if indexer is not None:
                    indexer.finish(staging.write)
                    clock.lap("index")
            finally:
                if aside is not None:
                    aside[1].cancel()
                if indexer is not None:
                    indexer.abort()
        _count(prepared, written, result)
        return result


def _batches(pages: Sequence[Page], indexed: bool) -> list[tuple[str | None, list[Page]]]:
    """(language, its searchable pages) for each language that has some, then (None, the rest)."""
    if not indexed:
        return [(None, list(pages))]
    batches: list[tuple[str | None, list[Page]]] = []
    for lang in LANGS:
        batch = [p for p in pages if is_indexed(page_file(p.route), lang)]
        if batch:
            batches.append((lang, batch))
    taken = {id(p) for _, batch in batches for p in batch}
    batches.append((None, [p for p in pages if id(p) not in taken]))
    return batches
