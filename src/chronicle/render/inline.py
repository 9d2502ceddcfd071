"""Turn a cleaned block's text and marks into safe HTML.

Every piece of source text passes through `escape`; the only markup added is
ours (note references, garbled-span wrappers, http(s) links in notes), so
nothing that came in with a text can become markup or a link target.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup, escape

from chronicle.core.model import Mark
from chronicle.core.translation_checks import english_forms

_SPECIAL = re.compile(r"[&<>'\"]")
URL = re.compile(r"https?://[^\s<>\"'，。；）)]+")


def block_html(
    text: str,
    marks: tuple[Mark, ...],
    garbled_title: str,
    note_numbers: dict[str, int],
    mentions: tuple[tuple[int, int, str, str], ...] = (),
    breaks: tuple[tuple[int, int, str], ...] = (),
) -> Markup:
    """HTML for a paragraph: text escaped; note markers, garbled spans and entity links added.

    `mentions` are (start, end, href, title); a mention that would cut across a note marker is left as text.
    The title (the entity's name) is given only where the text says it otherwise: a title repeating the
    link text tells the reader nothing. `breaks` are (position, order, html) put between the text's
    characters: at one position a note marker comes first, then breaks by their order, then what spans text.
    """
    # Plain tuples (start, end, order, kind, value) sorted by position.
    starts = [m.start for m in marks]
    spans = [(m.start, m.end, 0, m.kind, m.value) for m in marks]
    spans += [(s, e, 5, "mention", (href, title)) for s, e, href, title in mentions if not any(s < x < e for x in starts)]
    spans += [(at, at, order, "html", html) for at, order, html in breaks]
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
        elif kind == "html":
            out.append(str(value))
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


def sentences_html(
    text: str,
    marks: tuple[Mark, ...],
    spans: list[tuple[int, int]],
    garbled_title: str,
    note_numbers: dict[str, int],
    mentions: tuple[tuple[int, int, str, str], ...],
    paragraph: str,
    anchors: bool,
) -> Markup:
    """A paragraph's HTML with each sentence (start, end) in a span, so a link to a quote can light its sentence.

    With `anchors`, each sentence is preceded by an empty `<a id="p3s2">`: an id on the sentence itself
    would make Pagefind copy the sentence's text into the page's fragment a second time.
    """
    breaks: list[tuple[int, int, str]] = []
    for n, (start, end) in enumerate(spans, 1):
        anchor = f'<a id="{paragraph}s{n}" class="sa"></a>' if anchors else ""
        breaks += [(start, 4, f'{anchor}<span class="s">'), (end, 3, "</span>")]
    return block_html(text, marks, garbled_title, note_numbers, mentions, tuple(breaks))


ORIGINAL_FORM = re.compile(r"\(zh: ([^()]+)\)")


def english_html(text: str, named: list[tuple[object, str, str]]) -> Markup:
    """A translated sentence as HTML: escaped, the first naming of each entity linked, `(zh: 原文)` marked Chinese.

    `named` holds (entity, href, title) for the entities the Chinese sentence mentions.
    """
    taken: list[tuple[int, int, str]] = []
    for m in ORIGINAL_FORM.finditer(text):
        taken.append((m.start(), m.end(), f'(<span lang="zh-Hans">{_escape(m.group(1))}</span>)'))
    blocked = [(m.start(), m.end()) for m in URL.finditer(text)]
    for entity, href, title in named:
        pattern = _forms_pattern(tuple(sorted(english_forms(entity), key=len, reverse=True)))  # type: ignore[arg-type]
        busy = [(a, b) for a, b, _ in taken] + blocked
        found = next((m for m in pattern.finditer(text) if not any(m.start() < b and a < m.end() for a, b in busy)), None)
        if found:
            said = found.group(0)
            named_as = "" if said == title else f' title="{_escape(title)}"'
            taken.append((found.start(), found.end(), f'<a class="mention" href="{_escape(href)}"{named_as}>{_escape(said)}</a>'))
    out, pos = [], 0
    for start, end, html in sorted(taken):
        out.append(_escape(text[pos:start]))
        out.append(html)
        pos = end
    out.append(_escape(text[pos:]))
    return Markup("".join(out))


@functools.lru_cache(maxsize=4096)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of an entity's English forms as a whole word, longest first (compiled once per entity, not per sentence)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", re.IGNORECASE)


HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")


def han_marked(text: str) -> Markup:
    """Plain text escaped, each run of Chinese in it marked `lang="zh-Hans"` (a translator's note quoting the original)."""
    out, pos = [], 0
    for m in HAN_RUN.finditer(text):
        out += [_escape(text[pos : m.start()]), f'<span lang="zh-Hans">{_escape(m.group())}</span>']
        pos = m.end()
    out.append(_escape(text[pos:]))
    return Markup("".join(out))
