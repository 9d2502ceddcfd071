"""Turn a cleaned block's text and marks into safe HTML.

Every piece of source text passes through `escape`; the only markup added is
ours (note references, garbled-span wrappers, http(s) links in notes), so
nothing that came in with a text can become markup or a link target.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from chronicle.core.model import Mark

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
    out: list[str] = []
    pos = 0
    links = [Mark(s, e, "mention", href + "\x00" + title) for s, e, href, title in mentions if not any(s < m.start < e for m in marks)]
    for m in sorted((*marks, *links), key=lambda m: (m.start, m.end)):
        if m.start < pos:
            continue
        out.append(str(escape(text[pos : m.start])))
        if m.kind == "mention":
            href, title = m.value.split("\x00", 1)
            said = text[m.start : m.end]
            named = "" if title == said else f' title="{escape(title)}"'
            out.append(f'<a class="mention" href="{escape(href)}"{named}>{escape(said)}</a>')
            pos = m.end
            continue
        if m.kind == "noteref" and m.value in note_numbers:
            n = note_numbers[m.value]
            out.append(f'<sup class="noteref"><a href="#{m.value}" id="ref-{m.value}">[{n}]</a></sup>')
            pos = m.start
        elif m.kind == "garbled":
            out.append(
                f'<span class="garbled" title="{escape(garbled_title)}">{escape(text[m.start : m.end])}</span>'
                f'<span class="garbled-flag" role="img" aria-label="{escape(garbled_title)}">*</span>'
            )
            pos = m.end
        else:
            pos = m.start
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


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
