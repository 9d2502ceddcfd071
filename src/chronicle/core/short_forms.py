"""The names a reader types into a search box: acronyms, one-word names and short Chinese forms.

Pagefind ranks a page up when the query matches one of its metadata fields, and it
ranks a whole-word match above a longer word that merely starts with the query. So
an entity page that carries its short forms (`SCO`, `上合组织`, `RATS`, `天山`,
`Kazakhstan`) as a field of their own comes first for exactly those queries, while the
many pages that only contain the short form inside a longer name (`SCO Secretariat`,
`上合组织秘书处`, `North Kazakhstan Region`) do not get that lift. The body text still
ranks everything else (bench/search_probe.py --score counts the names found first).

Pure: an entity in, a tuple of strings out.
"""

from __future__ import annotations

import re
import unicodedata

from chronicle.core.model import Entity

ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")
SHORT_HAN = re.compile(r"[\u3400-\u9fff]{2,4}")
ONE_WORD = re.compile(r"[A-Z][a-z]{2,}")
QUOTES = "“”‘’\"'「」《》"


def short_forms(entity: Entity) -> tuple[str, ...]:
    """Acronyms (2–6 Latin capitals or digits), English names of one word and Chinese forms of 2–4 characters.

    Quotation marks are dropped first, so the exercise named `“天山”` yields `天山`.
    Order follows the catalog (names, then aliases; Chinese, then English); no repeats.
    """
    candidates = [entity.name["zh"], *entity.aliases["zh"], entity.name["en"], *entity.aliases["en"]]
    found: dict[str, None] = {}
    for raw in candidates:
        text = raw.strip().strip(QUOTES).strip()
        if ACRONYM.fullmatch(text) or ONE_WORD.fullmatch(text) or SHORT_HAN.fullmatch(text):
            found[text] = None
    return tuple(found)


# What `typed_key` drops: quotation marks, spaces and the `|` that joins keys in the page.
_UNTYPED = re.compile(r"[\s|" + re.escape(QUOTES) + r"]+")


def typed_key(text: str) -> str:
    """A name or query as the search page compares them: NFKC, lower case, without quotation marks or spaces.

    `templates/static/search.js` makes the same key of what the reader types (`key`), so
    `Shanghai five`, `“天山”` and `天山` each find their entry.
    """
    return _UNTYPED.sub("", unicodedata.normalize("NFKC", text).lower())


def search_keys(entity: Entity, lang: str) -> tuple[str, ...]:
    """The keys of every name of `entity` in `lang` (its name, then its aliases), no repeats: the search page's exact hits."""
    return tuple(dict.fromkeys(k for k in map(typed_key, (entity.name[lang], *entity.aliases[lang])) if k))
