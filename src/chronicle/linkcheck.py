"""Check every internal link and anchor of a rendered site, in memory."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from html import unescape
from urllib.parse import unquote, urlsplit

from chronicle.core.diagnostics import Diagnostic

INDEX_FOLDER = "pagefind/"


def check_links(files: Mapping[str, bytes], site_path: str = "/") -> list[Diagnostic]:
    """Every internal link and anchor of `files`; a root-relative link (404.html's) starts with `site_path`."""
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for path in sorted(files):
        if not path.endswith(".html"):
            continue
        ids[path], targets = read_page(files[path].decode("utf-8"))
        links += [(path, href) for href in targets]
    broken: dict[tuple[str, str, str], list[tuple[str, str]]] = {}  # (code, file, anchor) missing -> (page, href) linking there
    problems = []
    for path, href in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        if not parts.path:
            target = path
        else:
            rooted = parts.path.startswith("/")  # root-relative only in 404.html
            if rooted and not parts.path.startswith(site_path):
                problems.append(
                    Diagnostic("error", "LNK001", f"site/{path}", 0, f"link outside the site's path {site_path}: {href}", "check base_url")
                )
                continue
            base = "" if rooted else posixpath.dirname(path)
            local = parts.path[len(site_path) :] if rooted else parts.path
            target = posixpath.normpath(posixpath.join(base, unquote(local))) if local else "."
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
            broken.setdefault(("LNK001", target, ""), []).append((path, href))
        elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids.get(target, set()):
            broken.setdefault(("LNK002", target, parts.fragment), []).append((path, href))
    return problems + [_broken(code, target, fragment, linking) for (code, target, fragment), linking in broken.items()]


def _broken(code: str, target: str, fragment: str, linking: list[tuple[str, str]]) -> Diagnostic:
    """One diagnostic per missing file or anchor, at the first page linking there: a missing stylesheet
    was 654 errors, one per page."""
    (path, href), others = linking[0], len({page for page, _ in linking[1:]} - {linking[0][0]})
    also = f"; {others} more page{'s' if others != 1 else ''} link there" if others else ""
    if code == "LNK001":
        return Diagnostic("error", code, f"site/{path}", 0, f"broken link: {href}", f"no file {target}{also}")
    return Diagnostic("error", code, f"site/{path}", 0, f"broken anchor: {href}", f"{target} has no id '{fragment}'{also}")


# Comments and the raw text of scripts and styles hold no tags (a script's own tag is kept, for its src).
_RAW = re.compile(r"<(?:!--.*?-->|((script|style)\b(?:[^>\"']+|\"[^\"]*\"|'[^']*')*>).*?</\2\s*>)", re.S | re.I)
# A start tag: its name, then its attributes, where a quoted value may hold a '>'.
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
LINKING = ("a", "link", "script")


def read_page(html: str) -> tuple[set[str], list[str]]:
    """The ids of a page and the targets of its links, stylesheets and scripts, in document order.

    Regular expressions over the start tags, not an HTML parser: the standard library's parser took
    as long as rendering the site. A test holds it to what BeautifulSoup finds on every page.
    """
    ids: set[str] = set()
    links: list[str] = []
    for tag in _TAG.finditer(_RAW.sub(lambda m: "<" + m.group(1) if m.group(1) else "", html)):
        name, text = tag.group(1).lower(), tag.group(2)
        if name not in LINKING and "id" not in text.lower():
            continue
        found = {m.group(1).lower(): _value(m) for m in _ATTRIBUTE.finditer(text)}
        if found.get("id"):
            ids.add(str(found["id"]))
        target = (found.get("href") or found.get("src")) if name in LINKING else None
        if target:
            links.append(target)
    return ids, links


def _value(attribute: re.Match[str]) -> str | None:
    quoted = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
    value = quoted if quoted is not None else attribute.group(4)
    return None if value is None else unescape(value)
