"""Undo what a web page's HTML left in a copied text: tags and character references.

A text taken from a page's source, or by a careless scraper, keeps markup: `<br/>` and
`</p><p>` where the page broke lines, `<span style=…>` around words, `&nbsp;`,
`&ldquo;…&rdquo;`, `&#8220;`. Repairs:

- a tag that breaks a line (`<br>`, `<p>`, `</p>`, `<div>`, `<li>`, `<h2>` …) ends the
  paragraph there: the text on either side becomes a paragraph of its own;
- any other tag of HTML (`<span class="x">`, `</strong>`, `<a href=…>`) and any comment goes,
  its text kept;
- character references are decoded (`&ldquo;` “, `&#8220;` “, `&amp;` &); a non-breaking
  space beside Chinese text goes (Chinese is not spaced), elsewhere it becomes a space.

Only HTML's own element names are taken for tags, so `<<上海公约>>` or `a<b` stay, and a
reference must end with `;` (`AT&T` stays). Tags go before references are decoded: a text
that shows markup as words (`&lt;br&gt;`) keeps it as words.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from chronicle.core.model import Block

_BREAKING = "br|p|div|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|figure|figcaption|hr"
_INLINE = "a|abbr|b|big|cite|code|em|font|i|img|mark|q|s|small|span|strong|sub|sup|u|wbr|td|th|tbody|thead"
BREAK = re.compile(rf"</?(?:{_BREAKING})\b[^<>]*>", re.IGNORECASE)
TAG = re.compile(rf"</?(?:{_INLINE})\b[^<>]*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_CHINESE = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]"
NBSP_BY_CHINESE = re.compile(rf"(?<={_CHINESE})\u00a0+|\u00a0+(?={_CHINESE})")


def remove_html(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], int]:
    """The blocks with HTML tags and character references repaired, split where a tag broke a line; the count of repairs."""
    out: list[Block] = []
    count = 0
    for block in blocks:
        if block.lang != "zh" or block.marks or "<" not in block.text and "&" not in block.text:
            out.append(block)
            continue
        parts = BREAK.split(block.text)
        repaired, here = [], len(parts) - 1
        for part in parts:
            part, tags = TAG.subn("", part)
            part, references = REFERENCE.subn(lambda m: html.unescape(m.group()), part)
            here += tags + references
            part = NBSP_BY_CHINESE.sub("", part).replace("\u00a0", " ").strip()
            if part:
                repaired.append(replace(block, text=part))
        out.extend(repaired if here else [block])  # text with no markup is left as it is, spaces and all
        count += here
    return tuple(out), count
