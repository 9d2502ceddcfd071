"""Turn a cleaned block's text and marks into safe HTML.

Every piece of source text passes through `escape`; the only markup added is
ours (note references, garbled-span wrappers, http(s) links in notes), so
nothing that came in with a text can become markup or a link target.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from chronicle.core.model import Mark

_SPECIAL = re.compile(r"[&<>'\"]")
URL = re.compile(r"https?://[^\s<>\"'，。；）)]+")


def block_html(
    text: str,
    marks: tuple[Mark, ...],
    garbled_title: str,
    note_numbers: dict[str, int],
    mentions: tuple[tuple[int, int, str, str], ...] = (),
) -> Markup:
    """HTML for a paragraph: text escaped; note markers, garbled spans and entity links added.

    `mentions` are (start, end, href, title); a mention that would cut across a note marker is left as text.
    The title (the entity's name) is given only where the text says it otherwise: on 140,000 links at
    K = 100 a title repeating the link text cost page weight and indexing time and told the reader nothing.
    """
    # Plain tuples (start, end, order, kind, value) sorted by position; marks before mentions at the same
    # place, as they were given. This runs for every paragraph of every source page in both languages.
    starts = [m.start for m in marks]
    spans = [(m.start, m.end, 0, m.kind, m.value) for m in marks]
    spans += [(s, e, 1, "mention", (href, title)) for s, e, href, title in mentions if not any(s < x < e for x in starts)]
    spans.sort(key=_position)
    out: list[str] = []
    pos = 0
    for start, end, _, kind, value in spans:
        if start < pos:
            continue
        out.append(_escape(text[pos:start]))
        if kind == "mention":
            href, title = value
            said = text[start:end]
            named = "" if title == said else f' title="{_escape(title)}"'
            out.append(f'<a class="mention" href="{_escape(href)}"{named}>{_escape(said)}</a>')
            pos = end
        elif kind == "noteref" and value in note_numbers:
            out.append(f'<sup class="noteref"><a href="#{value}" id="ref-{value}">[{note_numbers[value]}]</a></sup>')
            pos = start
        elif kind == "garbled":
            out.append(
                f'<span class="garbled" title="{_escape(garbled_title)}">{_escape(text[start:end])}</span>'
                f'<span class="garbled-flag" role="img" aria-label="{_escape(garbled_title)}">*</span>'
            )
            pos = end
        else:
            pos = start
    out.append(_escape(text[pos:]))
    return Markup("".join(out))


def _position(span: tuple[int, int, int, str, object]) -> tuple[int, int, int]:
    return span[0], span[1], span[2]


def _escape(text: str) -> str:
    """markupsafe's escape as a plain str (the same five entities), without a Markup object per piece."""
    if not _SPECIAL.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&#34;")


def linkify(text: str) -> Markup:
    """Escape text and link http(s) URLs only; `file:///` and other schemes stay text."""
    out: list[str] = []
    pos = 0
    for m in URL.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        url = escape(m.group(0))
        out.append(f'<a href="{url}" rel="nofollow noopener">{url}</a>')
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
