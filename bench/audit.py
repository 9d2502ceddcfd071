"""Lighthouse audit of a few built pages in both languages, mobile and desktop.

Not a test: it is slow (about 12-25 s per Lighthouse run; the full 20 runs take about 6 minutes).

Usage:
    .venv/bin/python bench/audit.py                      # build into a temp folder, audit everything
    .venv/bin/python bench/audit.py --site site          # audit an existing build
    .venv/bin/python bench/audit.py --pages home,source --langs en --forms mobile
    .venv/bin/python bench/audit.py --reports /tmp/lh    # keep the raw Lighthouse JSON reports

It serves the site on 127.0.0.1 with a small threaded http.server (404.html for
missing paths) and runs npm ``lighthouse@12`` (Node 20; Lighthouse 13 needs Node 22)
against headless /usr/bin/chromium.  ``npm install`` is run in the project folder
if node_modules/lighthouse is missing.  It prints one row per run (the four
category scores 0-100 and the total transferred bytes) and then, per category,
every audit that scored below 1 in any run, so we know what to fix.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chromium_launch import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_BIN = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = CHROMIUM
CHROME_FLAGS = ["--headless", *ARGS]

PAGES: dict[str, str] = {
    "home": "{lang}/",
    "timeline": "{lang}/timeline/",
    "entity": "{lang}/centers/rats/",
    "event": "{lang}/events/1996-shanghai-five-founding/",
    "source": "{lang}/sources/002/",
}
LANGS = ("en", "zh")
FORMS = ("mobile", "desktop")
CATEGORIES: dict[str, str] = {
    "performance": "perf",
    "accessibility": "a11y",
    "best-practices": "bp",
    "seo": "seo",
}
# Audits whose result depends on how the files are served (our tiny http.server
# has no compression or cache headers), not on what the site generator makes.
SERVER_AUDITS = {"uses-text-compression", "uses-long-cache-ttl", "uses-http2", "cache-insight", "document-latency-insight"}
RUN_TIMEOUT = 240  # seconds per Lighthouse run


@dataclass
class Run:
    """One Lighthouse run: a page in a language at a form factor, and its results."""

    page: str
    lang: str
    form: str
    scores: dict[str, float | None] = field(default_factory=dict)
    total_bytes: float | None = None
    failing: dict[str, list[tuple[str, str, float]]] = field(default_factory=dict)  # category -> (id, title, score)
    hints: dict[str, str] = field(default_factory=dict)  # audit id -> short "why" from the report
    weights: dict[str, float] = field(default_factory=dict)  # audit id -> its weight in the category score
    error: str | None = None
    seconds: float = 0.0

    @property
    def path(self) -> str:
        return PAGES[self.page].format(lang=self.lang)

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.page}/{self.form}"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from the site folder; 404.html (status 404) for anything missing; no request log."""

    protocol_version = "HTTP/1.1"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".webmanifest": "application/manifest+json",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path, compress: bool = False) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1 in a background thread; yield the base URL.

    With `compress`, text files go out gzip-compressed when the browser accepts it, as GitHub
    Pages and most static hosts send them."""

    class Handler(SiteHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            text = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
            if not (compress and text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
                super().do_GET()
                return
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chronicle_bin() -> str:
    """The `chronicle` command of the running venv, else the project's .venv, else PATH."""
    for candidate in (Path(sys.executable).parent / "chronicle", ROOT / ".venv" / "bin" / "chronicle"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("chronicle")
    if not found:
        sys.exit("audit: cannot find the chronicle command (make the venv first)")
    return found


def build_site(out: Path) -> None:
    """Build the whole site (search index included) into `out`."""
    print(f"building site into {out} ...", flush=True)
    result = subprocess.run([chronicle_bin(), "build", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"audit: chronicle build failed with exit code {result.returncode}")


def ensure_lighthouse() -> None:
    """`npm install` in the project if Lighthouse is missing from node_modules."""
    if (ROOT / "node_modules" / "lighthouse").is_dir() and LIGHTHOUSE_BIN.exists():
        return
    if not shutil.which("npm"):
        sys.exit("audit: npm not found; install Node 20 and npm")
    print("node_modules/lighthouse missing: running npm install ...", flush=True)
    subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "lighthouse@12"], cwd=ROOT, check=True)
    if not LIGHTHOUSE_BIN.exists():
        sys.exit("audit: npm install did not provide node_modules/.bin/lighthouse")


def longest_chain(tree: dict[str, Any], strip: str) -> str:
    """The longest critical request chain of a Lighthouse network-tree, as "N ms: a -> b -> c"."""
    urls: list[str] = []
    chains: dict[str, Any] = tree.get("chains") or {}
    while chains:
        nodes = [node for node in chains.values() if isinstance(node, dict)]
        node = next((n for n in nodes if n.get("isLongest")), nodes[0] if nodes else None)
        if node is None:
            break
        urls.append(str(node.get("url", "?")).replace(strip, "") if strip else str(node.get("url", "?")))
        chains = node.get("children") or {}
    duration = (tree.get("longestChain") or {}).get("duration")
    return f"longest chain {duration} ms: " + " -> ".join(urls)


def hint(audit: dict[str, Any], page_url: str, items: int = 3, width: int = 160) -> str:
    """A one-line summary of why an audit failed: its display value and the first few table items."""
    origin = page_url.split("/", 3)[:3]
    strip = "/".join(origin) if len(origin) == 3 else ""
    parts: list[str] = []
    if audit.get("displayValue"):
        parts.append(str(audit["displayValue"]))
    details = audit.get("details") or {}
    entries = details.get("items")
    if isinstance(entries, dict):  # checklist
        parts.extend(entry.get("label", key) for key, entry in entries.items() if isinstance(entry, dict) and entry.get("value") is False)
    elif isinstance(entries, list):
        for entry in entries[:items]:
            if not isinstance(entry, dict):
                continue
            value = entry.get("value") or {}
            if entry.get("type") == "list-section" and isinstance(value, dict):
                if value.get("type") == "network-tree":
                    parts.append(longest_chain(value, strip))
                continue
            node = entry.get("node") or entry.get("source") or {}
            text = (
                (node.get("snippet") if isinstance(node, dict) else None)
                or entry.get("description")
                or entry.get("url")
                or (entry.get("sourceLocation") or {}).get("url")
            )
            sub = (entry.get("subItems") or {}).get("items") or []
            reason = sub[0].get("reason") if sub and isinstance(sub[0], dict) else None
            location = (entry.get("sourceLocation") or {}).get("url")
            if text:
                text = str(text).replace(strip, "") if strip else str(text)
                if location and location not in text:
                    text += f" ({location.replace(strip, '') if strip else location})"
                parts.append(text + (f" [{reason}]" if reason else ""))
        if len(entries) > items:
            parts.append(f"+{len(entries) - items} more")
    line = "; ".join(" ".join(part.split()) for part in parts)
    return line if len(line) <= width else line[: width - 3] + "..."


def parse_report(run: Run, report: dict[str, Any]) -> None:
    """Fill `run` with scores, transferred bytes and the audits scoring below 1 from a Lighthouse JSON report."""
    if report.get("runtimeError"):
        run.error = f"{report['runtimeError'].get('code')}: {report['runtimeError'].get('message')}"
    audits: dict[str, Any] = report.get("audits", {})
    for category_id in CATEGORIES:
        category = report.get("categories", {}).get(category_id)
        if category is None:
            run.scores[category_id] = None
            continue
        run.scores[category_id] = category.get("score")
        failing: list[tuple[str, str, float]] = []
        for ref in category.get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            # null scores are informative / not applicable / manual audits
            if score is not None and score < 1:
                failing.append((ref["id"], audit.get("title", ref["id"]), float(score)))
                run.hints[ref["id"]] = hint(audit, report.get("finalDisplayedUrl", ""))
                run.weights[ref["id"]] = float(ref.get("weight") or 0)
        run.failing[category_id] = failing
    run.total_bytes = audits.get("total-byte-weight", {}).get("numericValue")


def lighthouse(run: Run, base: str, reports: Path) -> Run:
    """Run Lighthouse once for `run` against the server at `base`; the JSON report goes into `reports`."""
    url = base + run.path
    output = reports / f"{run.lang}_{run.page}_{run.form}.json"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        flags = [*CHROME_FLAGS, f"--user-data-dir={profile}"]
        command = [
            str(LIGHTHOUSE_BIN),
            url,
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=" + " ".join(flags),
        ]
        if run.form == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROME_PATH}
        try:
            result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            run.error = f"timed out after {RUN_TIMEOUT} s"
            run.seconds = time.monotonic() - started
            return run
    run.seconds = time.monotonic() - started
    if output.is_file():
        try:
            parse_report(run, json.loads(output.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            run.error = f"unreadable report: {exc}"
    if result.returncode != 0 and run.error is None:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        run.error = f"lighthouse exit code {result.returncode}: " + " | ".join(tail)
    return run


def fmt_score(score: float | None) -> str:
    return "-" if score is None else str(round(score * 100))


def fmt_bytes(value: float | None) -> str:
    return "-" if value is None else f"{round(value):,}"


def print_table(runs: list[Run]) -> None:
    """One row per run: page, lang, form factor, the four scores (0-100), total transferred bytes."""
    header = ["page", "lang", "form", *CATEGORIES.values(), "bytes", "secs"]
    rows = [
        [
            run.page,
            run.lang,
            run.form,
            *(fmt_score(run.scores.get(c)) for c in CATEGORIES),
            fmt_bytes(run.total_bytes),
            f"{run.seconds:.0f}",
        ]
        for run in runs
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    numeric_from = 3

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = [cell.rjust(width) if i >= numeric_from else cell.ljust(width) for i, (cell, width) in pairs]
        return "  ".join(padded).rstrip()

    print(line(header))
    print(line(["-" * width for width in widths]))
    for row in rows:
        print(line(row))
    errors = [run for run in runs if run.error]
    if errors:
        print("\nerrors:")
        for run in errors:
            print(f"  {run.label} ({run.path}): {run.error}")


def print_failing(runs: list[Run]) -> None:
    """Per category: each audit scoring < 1 in some run, with how many runs and which ones (with their scores)."""
    done = [run for run in runs if run.failing]
    print(f"\naudits scoring < 1 (of {len(done)} runs with a report):")
    for category_id, short in CATEGORIES.items():
        found: dict[str, tuple[str, list[tuple[Run, float]]]] = {}
        for run in done:
            for audit_id, title, score in run.failing.get(category_id, []):
                found.setdefault(audit_id, (title, []))[1].append((run, score))
        print(f"\n[{category_id}] ({short})")
        if not found:
            print("  none")
            continue
        for audit_id, (title, hits) in sorted(found.items(), key=lambda item: (-len(item[1][1]), item[0])):
            notes = []
            if audit_id in SERVER_AUDITS:
                notes.append("server config, not the site")
            if not any(run.weights.get(audit_id) for run, _ in hits):
                notes.append("weight 0: does not change the score")
            note = f"  [{'; '.join(notes)}]" if notes else ""
            print(f"  {audit_id} - {title}{note}")
            why = hits[0][0].hints.get(audit_id)
            if why:
                print(f"      e.g. {hits[0][0].label}: {why}")
            if len(hits) == len(done):
                scores = sorted({score for _, score in hits})
                shown = ", ".join(f"{s:.2f}" for s in scores[:6]) + (" ..." if len(scores) > 6 else "")
                print(f"      all {len(hits)} runs (scores {shown})")
            else:
                print(f"      {len(hits)}/{len(done)} runs: " + ", ".join(f"{run.label} {score:.2f}" for run, score in hits))


def choose(value: str, allowed: tuple[str, ...] | list[str], what: str) -> list[str]:
    """Parse a comma-separated option, keeping the canonical order and rejecting unknown names."""
    if value == "all":
        return list(allowed)
    wanted = [item.strip() for item in value.split(",") if item.strip()]
    unknown = [item for item in wanted if item not in allowed]
    if unknown:
        sys.exit(f"audit: unknown {what} {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return [item for item in allowed if item in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--site", type=Path, help="audit this built site instead of building into a temp folder")
    parser.add_argument("--pages", default="all", help=f"comma-separated subset of {','.join(PAGES)} (default all)")
    parser.add_argument("--langs", default="all", help="comma-separated subset of en,zh (default all)")
    parser.add_argument("--forms", default="all", help="comma-separated subset of mobile,desktop (default all)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel Lighthouse runs (default 1: sequential; scores get noisy above that)")
    parser.add_argument("--gzip", action="store_true", help="serve text files gzip-compressed, as real static hosts do")
    parser.add_argument("--reports", type=Path, help="keep the Lighthouse JSON reports in this folder")
    args = parser.parse_args(argv)

    pages = choose(args.pages, list(PAGES), "page")
    langs = choose(args.langs, LANGS, "language")
    forms = choose(args.forms, FORMS, "form factor")
    if not Path(CHROME_PATH).exists():
        sys.exit(f"audit: {CHROME_PATH} not found (apt-get install chromium; never `playwright install`)")
    ensure_lighthouse()

    with tempfile.TemporaryDirectory(prefix="chronicle-audit-") as tmp:
        site = args.site.resolve() if args.site else Path(tmp) / "site"
        if args.site is None:
            build_site(site)
        elif not (site / "index.html").is_file() and not (site / "en").is_dir():
            sys.exit(f"audit: {site} does not look like a built site")
        reports = args.reports.resolve() if args.reports else Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)

        runs = [Run(page, lang, form) for page in pages for lang in langs for form in forms]
        missing = [run.path for run in runs if not (site / run.path / "index.html").is_file()]
        if missing:
            print("warning: not in the build (will audit the 404 page): " + ", ".join(missing), file=sys.stderr)
        print(f"{len(runs)} Lighthouse runs, {max(1, args.jobs)} at a time", flush=True)

        with serve(site, args.gzip) as base:

            def one(run: Run) -> Run:
                lighthouse(run, base, reports)
                status = run.error or " ".join(f"{short} {fmt_score(run.scores.get(c))}" for c, short in CATEGORIES.items())
                print(f"  {run.label}: {status} ({run.seconds:.0f} s)", flush=True)
                return run

            with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                done = list(pool.map(one, runs))

        print()
        print_table(done)
        print_failing(done)
        if args.reports:
            print(f"\nJSON reports in {reports}")
    return 1 if any(run.error for run in done) else 0


if __name__ == "__main__":
    sys.exit(main())
