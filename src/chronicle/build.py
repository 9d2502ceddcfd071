"""The one pipeline: load → clean → extract → render → write → index.

`chronicle build` runs all six stages, `chronicle check` stops after render
and checks the links, `chronicle serve` renders pages on request from the
same prepared site, and the tests call these functions. Each stage is a plain
function; any error stops the run before anything is written.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
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
from chronicle.core.knowledge import Knowledge, Reading, build_knowledge, read_source
from chronicle.core.mentions import Matcher
from chronicle.core.model import Draft, Entity, Source
from chronicle.core.site_schema import check_site, eras_without_events, placeholder_address
from chronicle.core.ui_strings import check_strings, chinese_in_english, kinds_without_strings
from chronicle.data_files import data_files
from chronicle.loader import Content, load_content
from chronicle.render import routes
from chronicle.render.cite import Edition
from chronicle.render.environment import HtmlBudget, UIStrings, make_environment, render_html, template_diagnostic, templates_used
from chronicle.render.map import unmapped_places
from chronicle.render.pages import Page, build_pages, map_data, page_globals, redirects
from chronicle.render.routes import HTML_LANG, LANGS, page_file
from chronicle.render.structured import sitemap
from chronicle.search import index_site
from chronicle.writer import staged_output, write_files
from chronicle.yaml_lines import load_yaml


@dataclass
class BuildResult:
    files: dict[str, bytes] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    workers: int = 1  # processes the pages were rendered in
    knowledge: Knowledge | None = None
    english: dict[str, SourceTranslation] = field(default_factory=dict)
    catalogues: dict[str, str | None] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started


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
    edition: Edition
    pages: list[Page]
    budget: HtmlBudget = field(init=False)  # the HTML its pages may make together

    def __post_init__(self) -> None:
        self.budget = HtmlBudget(len(self.pages))


@dataclass
class Reuse:
    """What the preview keeps between rebuilds, by its exact input: parsed YAML, cleaned texts, each source's
    reading and the alignment. An edit then redoes only what it touched."""

    kept: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    convert: Callable[[str], str] = field(default_factory=make_converter)
    catalog: tuple[object, str] = (None, "")  # the entities last read against, and their repr

    def _kept(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        if key not in self.kept:
            if len(self.kept) > 256:  # old versions of edited files
                self.kept.clear()
            self.kept[key] = make()
        return self.kept[key]

    def parse_yaml(self, text: str) -> Any:
        return self._kept(("yaml", text), lambda: load_yaml(text))

    def clean(self, text: str, profile: Profile, convert: Converter, parse: MarkdownParser) -> Draft:
        # a profile holds dicts: not hashable, but its repr is exact
        return self._kept(("clean", text, repr(profile)), lambda: clean_source(text, profile, convert, parse))

    def read(self, matcher: Matcher, entities: Mapping[str, Entity], source: Source) -> Reading:
        if self.catalog[0] is not entities:
            self.catalog = (entities, repr(entities))
        return self._kept(("read", repr(source), self.catalog[1]), lambda: read_source(matcher, entities, source))

    def align(
        self, sources: list[Source], catalogues: dict[str, str | None], entities: list[Any]
    ) -> tuple[dict[str, SourceTranslation], list[Diagnostic]]:
        key = (repr([(s.meta.id, s.paragraphs, s.notes) for s in sources]), repr(sorted(catalogues.items())), repr(entities))
        return self._kept(("align", *key), lambda: align(sources, catalogues, entities))


def load(project: Path, reuse: Reuse | None = None) -> Content:
    return load_content(project, reuse.parse_yaml) if reuse else load_content(project)


def clean(content: Content, reuse: Reuse | None = None) -> tuple[list[Source], list[Diagnostic]]:
    raw = [(r.meta, r.text) for r in content.sources]
    if reuse:
        return clean_all(raw, reuse.convert, parse_markdown_article, "content/sources.yaml", reuse.clean)
    return clean_all(raw, make_converter(), parse_markdown_article, "content/sources.yaml")


def extract(
    content: Content, sources: list[Source], reuse: Reuse | None = None
) -> tuple[Knowledge, dict[str, SourceTranslation], list[Diagnostic]]:
    """Entities, mentions and events from the sources and catalog; each source's English, aligned and checked."""
    read = reuse.read if reuse else read_source
    knowledge = build_knowledge(sources, content.catalog, content.editorial, "content/events.yaml", read)
    english, problems = (reuse.align if reuse else align)(sources, content.catalogues, knowledge.entities)
    return knowledge, english, [*knowledge.diagnostics, *problems]


def prepare_site(project: Path, result: BuildResult, reuse: Reuse | None = None) -> PreparedSite | None:
    """Load, clean, extract and list the pages; None (with diagnostics in `result`) on any error."""
    with result.stage("load"):
        content = load(project, reuse)
        result.diagnostics += content.diagnostics
        result.catalogues = content.catalogues
    with result.stage("clean"):
        result.sources, problems = clean(content, reuse)
        result.diagnostics += problems
    if has_errors(result.diagnostics):
        return None
    with result.stage("extract"):
        strings = {lang: content.yaml[f"i18n/{lang}.yaml"] for lang in LANGS}
        site = result.site = content.yaml["site.yaml"]
        result.diagnostics += check_site(site, "content/site.yaml")
        result.diagnostics += placeholder_address(site, "content/site.yaml")
        string_problems = check_strings(strings)
        if not string_problems:
            string_problems = kinds_without_strings(content.yaml.get("sources.yaml"), strings, "content/sources.yaml")
        result.diagnostics += string_problems
        result.diagnostics += chinese_in_english(strings["en"], "content/i18n/en.yaml")
        knowledge, english, problems = extract(content, result.sources, reuse)
        result.knowledge, result.english = knowledge, english
        result.diagnostics += problems
        result.diagnostics += unmapped_places(map_data(), knowledge.entities, knowledge.events)
        result.diagnostics += eras_without_events(site, {e.date.start[:4] for e in knowledge.events}, "content/site.yaml")
    if has_errors(result.diagnostics) or string_problems:
        return None
    with result.stage("render"):
        ui = {lang: UIStrings(lang, table) for lang, table in strings.items()}
        edition = Edition(content.version, content.date)
        pages = build_pages(result.sources, ui, site, knowledge, english, edition)
        for dup in [path for path, n in Counter(page_file(p.route) for p in pages).items() if n > 1]:
            result.diagnostics.append(
                Diagnostic("error", "RTE001", "templates/", 0, f"two pages claim {dup}", "give each page its own route")
            )
        templates = project / "templates"
        return PreparedSite(templates, make_environment(templates), ui, site, result.sources, knowledge, english, edition, pages)


def render_page(prepared: PreparedSite, page: Page, diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """One page's files: its HTML (left out, with a template diagnostic added once, if it fails) and its BibTeX."""
    files: dict[str, bytes] = {}
    html = _render(prepared, page.template, page_globals(page, prepared.strings, prepared.site, prepared.edition), page.route, diagnostics)
    if html is not None:
        files[page_file(page.route)] = html
    cite = page.cite()
    if cite is not None:
        files[cite.file] = cite.bibtex.encode("utf-8")
    return files


def other_files(prepared: PreparedSite, diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """Every file that is not a page of `prepared.pages`: 404, landing, assets, data, sitemap, robots."""
    strings, site, knowledge = prepared.strings, prepared.site, prepared.knowledge
    files: dict[str, bytes] = {}
    not_found = Page("404.html", "404.html", "zh", strings["zh"]["not_found_title"], strings["zh"]["not_found_body"])
    files.update(render_page(prepared, not_found, diagnostics))
    landing = _render(prepared, "landing.html", {"site": site, "edition": prepared.edition}, "/", diagnostics)
    if landing is not None:
        files["index.html"] = landing
    titles = {e.id: e.title for e in knowledge.events}
    for old, new in redirects(knowledge).items():
        for lang in LANGS:
            route, target = routes.event(lang, old), routes.event(lang, new)
            context = {"html_lang": HTML_LANG[lang], "target": routes.relative(route, target), "title": titles[new][lang]}
            html = _render(prepared, "redirect.html", {**context, "canonical": site["base_url"] + target}, route, diagnostics)
            if html is not None:
                files[page_file(route)] = html
    for asset in sorted((prepared.templates / "static").iterdir()):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    files.update(data_files(prepared.sources, prepared.english, knowledge, site))
    base = site["base_url"]
    files["sitemap.xml"] = sitemap([p.route for p in prepared.pages], base)
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n".encode()
    return files


def render(prepared: PreparedSite, result: BuildResult, jobs: int = 1) -> dict[str, bytes]:
    """Every file of the site in memory; template errors go to `result`. With jobs > 1 the pages render in forked workers."""
    with result.stage("render"):
        if jobs > 1 and len(prepared.pages) >= 2 * jobs and can_fork():
            files = _render_forked(prepared, result.diagnostics, jobs)
            result.workers = jobs
        else:
            files = render_pages(prepared, prepared.pages, result.diagnostics)
            files.update(other_files(prepared, result.diagnostics))
    result.counts = _counts(prepared, files)
    return files


def render_pages(prepared: PreparedSite, pages: list[Page], diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """Each page's HTML and BibTeX file. Once a template fails, the pages whose templates use it are skipped:
    they would fail alike (one that never ends cost seconds a page), while the others still report their own."""
    files: dict[str, bytes] = {}
    broken: frozenset[str] = frozenset()
    uses: dict[str, frozenset[str]] = {}
    for page in pages:
        if broken and page.template not in uses:
            uses[page.template] = templates_used(prepared.env, page.template)
        if broken & uses.get(page.template, frozenset()):
            continue
        known = len(diagnostics)
        made = render_page(prepared, page, diagnostics)
        if page_file(page.route) not in made:
            broken |= {page.template, *failed_templates(diagnostics[known:])}
        files.update(made)
    return files


def failed_templates(diagnostics: list[Diagnostic]) -> frozenset[str]:
    """The template files that `diagnostics` report errors in (`base.html`)."""
    return frozenset(d.path.removeprefix("templates/") for d in diagnostics if d.code in ("TPL001", "TPL002") and d.path != "templates/")


def can_fork() -> bool:
    """Fork only where it exists and only from a process with one thread (a fork copies no other thread's locks safely)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _render_forked(prepared: PreparedSite, diagnostics: list[Diagnostic], jobs: int) -> dict[str, bytes]:
    """The pages in `jobs` forked workers, each every jobs-th page, while this process makes the other files.

    Each worker pickles its pages and diagnostics into a file of a scratch folder (a pipe carrying megabytes
    hung the build when a worker ended while writing). Ctrl-C or SIGTERM ends the workers with the build.
    """
    for name in prepared.env.list_templates(extensions=["html"]):
        try:
            prepared.env.get_template(name)  # compiled once, before the fork, for every worker
        except Exception:  # noqa: BLE001, S110 - a broken template is reported by the pages that use it
            pass
    fork = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="chronicle-pages-") as scratch:
        shares = [Path(scratch, str(k)) for k in range(jobs)]
        pages = [prepared.pages[k::jobs] for k in range(jobs)]  # every jobs-th: each family's pages spread evenly
        workers = [fork.Process(target=_render_share, args=(prepared, pages[k], shares[k]), daemon=True) for k in range(jobs)]
        try:
            for worker in workers:
                worker.start()
            others = other_files(prepared, diagnostics)
            for worker in workers:
                worker.join()
        finally:
            for worker in workers:
                if worker.is_alive():  # interrupted
                    worker.terminate()
                    worker.join()
        files: dict[str, bytes] = {}
        for worker, share in zip(workers, shares, strict=True):
            if worker.exitcode != 0:
                raise RuntimeError(f"a worker rendering pages ended with exit code {worker.exitcode}")
            made, problems = pickle.loads(share.read_bytes())
            files.update(made)
            for problem in problems:
                _add_once(diagnostics, problem)
    return {**files, **others}


def _render_share(prepared: PreparedSite, pages: list[Page], share: Path) -> None:
    """A worker: render `pages` into the pickle `share`. Ctrl-C is left to the build, which ends the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    prepared.budget = HtmlBudget(len(pages))  # this worker's share of the site's
    diagnostics: list[Diagnostic] = []
    files = render_pages(prepared, pages, diagnostics)
    share.write_bytes(pickle.dumps((files, diagnostics), pickle.HIGHEST_PROTOCOL))


def render_site(project: Path, jobs: int = 1) -> BuildResult:
    """load → clean → extract → render, all in memory (`chronicle check` and the tests)."""
    result = BuildResult()
    prepared = prepare_site(project, result)
    if prepared is not None and not has_errors(result.diagnostics):
        result.files = render(prepared, result, jobs)
    return result


def build(project: Path, out: Path, index: bool = True, jobs: int = 1) -> BuildResult:
    """The whole pipeline into `out`, swapped in atomically; raises ContentError on any error, leaving `out` as it was."""
    result = render_site(project, jobs)
    if has_errors(result.diagnostics) or not result.files:
        raise ContentError(result.diagnostics)
    with staged_output(out) as folder:
        with result.stage("write"):
            write_files(folder, result.files, previous=out)
        if index:
            with result.stage("index"):
                index_site(folder)
    return result


def _counts(prepared: PreparedSite, files: dict[str, bytes]) -> dict[str, int]:
    knowledge, sources = prepared.knowledge, prepared.sources
    return {
        "sources": len(sources),
        "paragraphs": sum(len(s.paragraphs) for s in sources),
        "notes": sum(len(s.notes) for s in sources),
        "entities": len(knowledge.entities),
        "mentions": len(knowledge.mentions),
        "events": len(knowledge.events),
        "pages": sum(1 for f in files if f.endswith(".html")),
        "files": len(files),
    }


def _render(prepared: PreparedSite, name: str, context: dict[str, Any], route: str, out: list[Diagnostic]) -> bytes | None:
    if prepared.budget.spent:  # said once, for the page that spent it: nothing more renders
        return None
    try:
        return render_html(prepared.env, name, context, prepared.budget)
    except Exception as err:  # noqa: BLE001 - every template error becomes a diagnostic with file and line
        _add_once(out, template_diagnostic(err, prepared.templates, route, name))
        return None


def _add_once(out: list[Diagnostic], diagnostic: Diagnostic) -> None:
    """A template error is said once, for the first page it broke, not once per page that uses the template."""
    if not any((d.code, d.path, d.line) == (diagnostic.code, diagnostic.path, diagnostic.line) for d in out):
        out.append(diagnostic)
