"""How to cite a page: a reference in the page's language and a BibTeX entry to download.

Every source, event and entity page has both. The reference names the page, the site, its
editors, its version (a digest of the content) and date, and the page's permanent address.
BibTeX because every reference manager imports it (Zotero, Mendeley, EndNote, JabRef) and
LaTeX reads it as it is; the entries are `@misc` (`@online` is biblatex only) in UTF-8. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Edition:
    """Which state of the site a citation points at."""

    version: str  # a digest of the content
    date: str | None  # YYYY-MM-DD, or None where no date is known


@dataclass(frozen=True)
class HowToCite:
    text: str  # the reference as a reader copies it
    bibtex: str
    file: str  # the route of the .bib file, beside the page


def bibtex_text(value: str) -> str:
    """A value safe inside BibTeX braces: TeX's special characters escaped, braces balanced."""
    value = re.sub(r"([&%$#_])", r"\\\1", value.replace("\\", "/"))
    return value.replace("{", "(").replace("}", ")")


def how_to_cite(
    *,
    key: str,
    title: str,
    route: str,
    lang: str,
    site: Mapping[str, Any],
    edition: Edition,
    authors: Sequence[str] = (),
    original: str = "",
) -> HowToCite:
    """The citation of the page at `route` called `title`; `authors` and `original` (venue and date) for a source text."""
    url = str(site["base_url"]) + route
    name, editors = site["title"][lang], site["editors"][lang]
    if lang == "zh":
        version = edition.version + (f"（{edition.date}）" if edition.date else "")
        who = "、".join(authors) + "：" if authors else ""
        where = f"，{original}" if original else ""
        named = f"《{title}》" if authors else "“" + title.replace("“", "‘").replace("”", "’") + "”"  # a text, or an entry
        text = f"{who}{named}{where}，载{editors}编《{name}》，版本 {version}，{url}"
    else:
        version = edition.version + (f" ({edition.date})" if edition.date else "")
        who = ", ".join(authors) + ". " if authors else ""
        where = f" {original}." if original else ""
        body = "the" + editors[3:] if editors.startswith("The ") else editors  # mid-sentence, as Chicago sets "the New York Times"
        text = f"{who}“{title.replace('“', '‘').replace('”', '’')}.”{where} In {name}, edited by {body}. Version {version}. {url}"
    fields = {
        "title": title,
        "author": " and ".join(authors) if authors else editors,
        "editor": editors,
        "howpublished": name,
        "year": (edition.date or "")[:4],
        "version": edition.version,
        "url": url,
        "language": "chinese" if lang == "zh" else "english",
        "note": original,
    }
    whole = {"editor"} | ({"author"} if not authors else set())  # a body's name, not "last, first": in braces of its own
    lines = [f"@misc{{{key},"]
    for field, value in fields.items():
        if value:
            braced = value if field == "url" else bibtex_text(value)
            lines.append(f"  {field} = {{{{{braced}}}}}," if field in whole else f"  {field} = {{{braced}}},")
    lines.append("}")
    return HowToCite(text, "\n".join(lines) + "\n", route + "cite.bib")
