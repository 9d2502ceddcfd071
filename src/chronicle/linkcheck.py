"""Check every internal link and anchor of a rendered site, in memory."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from chronicle.core.diagnostics import Diagnostic

INDEX_FOLDER = "pagefind/"


def check_links(files: Mapping[str, bytes]) -> list[Diagnostic]:
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for path in sorted(files):
        if not path.endswith(".html"):
            continue
        soup = BeautifulSoup(files[path], "html.parser")
        ids[path] = {str(el["id"]) for el in soup.find_all(id=True)}
        for tag in soup.find_all(["a", "link", "script"]):
            href = tag.get("href") or tag.get("src")
            if href:
                links.append((path, str(href)))
    broken: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (code, what is missing) -> (page, href) linking there
    problems = []
    for path, href in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        if not parts.path:
            target = path
        else:
            base = "" if parts.path.startswith("/") else posixpath.dirname(path)  # root-relative only in 404.html
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
            if parts.path.endswith("/") or parts.path == ".":
                target = posixpath.join(target, "index.html") if target != "." else "index.html"
        if target.startswith(".."):
            problems.append(
                Diagnostic("error", "LNK001", f"site/{path}", 0, f"link leaves the site: {href}", "links must stay inside the site")
            )
            continue
        if target.startswith(INDEX_FOLDER):
            continue  # written by the search indexer after rendering
        if target not in files:
            broken.setdefault(("LNK001", target), []).append((path, href))
        elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids.get(target, set()):
            broken.setdefault(("LNK002", f"{target}#{parts.fragment}"), []).append((path, href))
    return problems + [_broken(code, missing, linking) for (code, missing), linking in broken.items()]


def _broken(code: str, missing: str, linking: list[tuple[str, str]]) -> Diagnostic:
    """One diagnostic per missing file or anchor, at the first page linking there: a missing stylesheet
    was 654 errors, one per page."""
    (path, href), others = linking[0], len({page for page, _ in linking[1:]} - {linking[0][0]})
    also = f"; {others} more page{'s' if others != 1 else ''} link there" if others else ""
    if code == "LNK001":
        return Diagnostic("error", code, f"site/{path}", 0, f"broken link: {href}", f"no file {missing}{also}")
    target, fragment = missing.split("#", 1)
    return Diagnostic("error", code, f"site/{path}", 0, f"broken anchor: {href}", f"{target} has no id '{fragment}'{also}")
