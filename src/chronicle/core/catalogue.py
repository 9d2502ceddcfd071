"""Gettext catalogues of a source's translation: bring them up to date, read their units.

One PO file per source and language (`content/translations/en/000.po`): the
Chinese sentence is the `msgid`, the English the `msgstr`, `#:` its paragraph
(`000:p3`), `msgctxt` only on a repeat of a sentence the source already has.
`update` does what `msgmerge` does: new sentences come in empty, a changed
sentence keeps its old translation marked fuzzy with the old Chinese as
`#| msgid`, vanished ones stay as obsolete `#~` entries, unchanged ones stay
byte for byte. Pure: text in, text out (polib parses and writes strings).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polib

from chronicle.core.sentences import Unit

WRAP = 78
FUZZY = "fuzzy"
# A changed sentence keeps the old translation of the most similar old sentence at least this close
# (difflib ratio): in the same paragraph, or anywhere in the source.
SAME_PLACE_SIMILARITY = 0.5
ANYWHERE_SIMILARITY = 0.75
# A translator's comment line naming the paragraph of 004's own English that says the same.
AUTHOR_VERSION = "author-version:"

STATUSES = ("translated", "fuzzy", "missing")


@dataclass(frozen=True)
class Translation:
    """The English of one unit as the catalogue has it."""

    text: str
    status: str  # translated | fuzzy | missing
    note: str = ""  # the translator's comment, shown to readers
    previous: str = ""  # for a fuzzy unit: the Chinese it was translated from
    line: int = 0  # of the entry in its PO file
    author_version: str = ""  # paragraph id of the author's own English, if any


MISSING = Translation("", "missing")


def header(source_id: str, file: str, lang: str = "en") -> tuple[str, dict[str, str]]:
    """The fixed header comment and metadata: no dates, so an unchanged catalogue is the same bytes."""
    comment = f"Translation of source {source_id} ({file}) into {lang}.\nUpdate with: chronicle translations"
    return comment, {
        "Project-Id-Version": f"sco-chronicle {source_id}",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }


class CatalogueError(ValueError):
    """A PO file that cannot be read as written, at its line."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


# What polib reads leniently and gettext's msgfmt refuses: a string left open, an unknown escape.
_STRING = r'"(?:[^"\\]|\\[\\"ntr])*"'
_STRING_LINE = re.compile(rf"(?:(?:msgctxt|msgid|msgstr)\s+)?{_STRING}")


def parse(text: str) -> polib.POFile:
    """A catalogue from its text; CatalogueError at the first line that is not PO as msgfmt reads it,
    or that holds what these catalogues never use (plural forms, a sentence twice)."""
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("msgid_plural", "msgstr[")):
            raise CatalogueError("a plural entry: each sentence has one msgid and one msgstr", number)
        if not _STRING_LINE.fullmatch(line):
            raise CatalogueError(f'not a PO line (a string left open, an escape other than \\" \\\\ \\n \\t \\r?): {line[:60]}', number)
    try:
        catalogue = polib.pofile(text, wrapwidth=WRAP)
    except (OSError, ValueError) as err:
        raise CatalogueError(str(err)) from None
    seen: dict[tuple[str | None, str], int] = {}
    for entry in (e for e in catalogue if not e.obsolete):
        first = seen.setdefault(_key(entry), entry.linenum)
        if first != entry.linenum:
            raise CatalogueError(f"the sentence of line {first} again: msgfmt refuses a msgid twice", entry.linenum)
    return catalogue


def keys(units: Sequence[Unit]) -> list[tuple[str | None, str]]:
    """(msgctxt, msgid) of each unit: a repeated sentence gets 'occurrence N' from its second time on."""
    seen: dict[str, int] = {}
    out: list[tuple[str | None, str]] = []
    for u in units:
        seen[u.text] = seen.get(u.text, 0) + 1
        out.append((None if seen[u.text] == 1 else f"occurrence {seen[u.text]}", u.text))
    return out


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


@dataclass(frozen=True)
class Update:
    text: str
    added: int
    fuzzied: int
    obsoleted: int


def update(old_text: str | None, units: Sequence[Unit], source_id: str, file: str) -> Update:
    """The catalogue for `units`, carrying over what `old_text` (None: no catalogue yet) translated."""
    old = parse(old_text) if old_text is not None else polib.POFile(wrapwidth=WRAP)
    active = {_key(e): e for e in old if not e.obsolete}
    obsolete = [e for e in old if e.obsolete]
    revivable = {_key(e): e for e in obsolete}
    new = polib.POFile(wrapwidth=WRAP)
    new.header, new.metadata = header(source_id, file)
    wanted = keys(units)
    taken: set[tuple[str | None, str]] = set()
    unmatched: list[int] = []
    entries: list[polib.POEntry | None] = []
    for unit, key in zip(units, wanted, strict=True):
        entry = active.get(key) or revivable.get(key)
        if entry is None:
            entries.append(None)
            unmatched.append(len(entries) - 1)
            continue
        taken.add(key)
        entry.obsolete = False
        entry.occurrences = [(unit.reference, "")]
        entries.append(entry)
    leftovers = [e for k, e in active.items() if k not in taken and e.msgstr.strip()]
    leftovers += [e for k, e in revivable.items() if k not in taken and e.msgstr.strip()]
    fuzzied = 0
    for i in unmatched:
        unit, (ctx, msgid) = units[i], wanted[i]
        donor = _most_similar(unit, leftovers)
        entry = polib.POEntry(msgid=msgid, msgctxt=ctx, msgstr="", occurrences=[(unit.reference, "")])
        if donor is not None:
            leftovers.remove(donor)
            entry.msgstr, entry.tcomment = donor.msgstr, donor.tcomment
            entry.flags = [FUZZY]
            entry.previous_msgid = donor.previous_msgid if FUZZY in donor.flags and donor.previous_msgid else donor.msgid
            fuzzied += 1
        entries[i] = entry
    for entry in entries:
        assert entry is not None
        new.append(entry)
    gone = [e for e in leftovers if not e.obsolete]
    left = {id(e) for e in leftovers}
    for entry in [e for e in obsolete if id(e) in left] + gone:
        entry.obsolete = True
        entry.occurrences = []
        new.append(entry)
    return Update(str(new), len(unmatched) - fuzzied, fuzzied, len(gone))


def _most_similar(unit: Unit, candidates: Iterable[polib.POEntry]) -> polib.POEntry | None:
    best, best_score = None, 0.0
    for entry in candidates:
        here = any(ref == unit.reference for ref, _ in entry.occurrences)
        need = SAME_PLACE_SIMILARITY if here else ANYWHERE_SIMILARITY
        matcher = difflib.SequenceMatcher(None, unit.text, entry.msgid, autojunk=False)
        if matcher.real_quick_ratio() < need or matcher.quick_ratio() < need:
            continue
        score = matcher.ratio()
        if score >= need and score > best_score:
            best, best_score = entry, score
    return best


def translation_of(entry: polib.POEntry) -> Translation:
    """What a reader may be shown of an entry: its English, its status and the translator's note."""
    note_lines, author = [], ""
    for line in (entry.tcomment or "").splitlines():
        if line.strip().lower().startswith(AUTHOR_VERSION):
            author = line.strip()[len(AUTHOR_VERSION) :].strip()
        elif line.strip():
            note_lines.append(line.strip())
    text = entry.msgstr.strip()
    status = "missing" if not text else FUZZY if FUZZY in entry.flags else "translated"
    previous = entry.previous_msgid or "" if status == FUZZY else ""
    return Translation(text if status != "missing" else "", status, " ".join(note_lines), previous, entry.linenum, author)


def translations(catalogue: polib.POFile | None, units: Sequence[Unit]) -> list[Translation]:
    """The translation of each unit, in order; MISSING where the catalogue has none."""
    if catalogue is None:
        return [MISSING] * len(units)
    found = {_key(e): e for e in catalogue if not e.obsolete}
    return [translation_of(found[k]) if k in found else MISSING for k in keys(units)]
