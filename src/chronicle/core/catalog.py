"""Validate the parsed catalog files into Entity values.

Pure: takes {file name: YAML data}, returns entities and diagnostics with
file and line. The entity type comes from the file name (`center.yaml`).
Each entry's shape is the model of core/catalog_schema.py; here are the checks
across entries: ids given twice, references to no entity, a Chinese name of two.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chronicle.core.bilingual import LANGS, LANGUAGE_NAME
from chronicle.core.catalog_schema import WORDS, CatalogEntry
from chronicle.core.diagnostics import Diagnostic, did_you_mean, yaml_line
from chronicle.core.model import Entity
from chronicle.core.schema import validate_entries

PLACE_TYPES = ("place", "country")  # what an entry's `place:` may name

TYPES = ("treaty", "document", "center", "exercise", "mechanism", "summit", "concept", "organization", "place", "country")
SECTIONS = {
    "treaty": "treaties",
    "document": "documents",
    "center": "centers",
    "exercise": "exercises",
    "mechanism": "mechanisms",
    "summit": "summits",
    "concept": "concepts",
    "organization": "organizations",
    "place": "places",
    "country": "countries",
}


def parse_catalog(files: Mapping[str, Any]) -> tuple[list[Entity], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    entities: list[Entity] = []
    entries: list[Any] = []  # the YAML of each entity, for the lines of its references
    broken: set[str] = set()  # ids of entries rejected above, each with its own error
    seen: dict[str, str] = {}
    for path in sorted(files):
        etype = path.rsplit("/", 1)[-1].removesuffix(".yaml")
        data = files[path]
        if etype not in TYPES:
            problems.append(Diagnostic("error", "CAT001", path, 0, f"unknown entity type '{etype}'", did_you_mean(etype, TYPES)))
            continue
        validated, found = validate_entries(CatalogEntry, data, path, WORDS, {"type": etype})
        problems += found
        for entry, valid in validated:
            if valid is None:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    broken.add(entry["id"])
                continue
            entity = _entity(entry, valid, etype, path, problems)
            if entity.id in seen:
                problems.append(
                    Diagnostic(
                        "error", "CAT003", path, entity.line, f"duplicate entity id '{entity.id}'", f"already defined in {seen[entity.id]}"
                    )
                )
                continue
            seen[entity.id] = f"{path}:{entity.line}"
            entities.append(entity)
            entries.append(entry)
    problems += _unknown_references(entities, entries, broken)
    problems += _shared_names(entities)
    return entities, problems


def _shared_names(entities: list[Entity]) -> list[Diagnostic]:
    """A name or alias given to two entities: the mention finder could send it to only one of them.

    Every mention of the name would silently go to the entity whose id sorts first, so it is an
    error; the same name twice in one entity (a name repeated as an alias) is harmless. English
    names are compared without case ("SCO Secretariat", "SCO secretariat").
    """
    problems = []
    for lang in LANGS:
        owner: dict[str, Entity] = {}
        for e in entities:
            for name in dict.fromkeys((e.name[lang], *e.aliases[lang])):
                first = owner.setdefault(name.casefold(), e)
                if first is not e:
                    message = f"{e.id}: the {LANGUAGE_NAME[lang]} name '{name}' already names {first.id} ({first.path}:{first.line})"
                    problems.append(
                        Diagnostic("error", "CAT012", e.path, e.line, message, "a name can lead to one entry only: keep it in one of them")
                    )
    return problems


def _unknown_references(entities: list[Entity], entries: list[Any], broken: set[str]) -> list[Diagnostic]:
    """A place, parent or related id that names no entity, at the line of the reference.

    An id whose entry was rejected (a missing English name, say) is not reported again here:
    its own error says what to fix, and a second one per reference would point at the wrong file.
    """
    by_id = {e.id: e for e in entities}
    problems = []
    for e, entry in zip(entities, entries, strict=True):
        for field, ref in [("place", e.place), ("parent", e.parent)] + [("related", r) for r in e.related]:
            if ref is None or ref in broken:
                continue
            line = yaml_line(entry, field)
            if ref not in by_id:
                problems.append(Diagnostic("error", "CAT004", e.path, line, f"{e.id}: unknown {field} '{ref}'", did_you_mean(ref, by_id)))
            elif ref == e.id:
                problems.append(
                    Diagnostic(
                        "error",
                        "CAT015",
                        e.path,
                        line,
                        f"{e.id}: {field} '{ref}' is the entry itself",
                        f"name another entry, or remove '{field}'",
                    )
                )
            elif field == "place" and by_id[ref].type not in PLACE_TYPES:
                message = f"{e.id}: place '{ref}' is a {by_id[ref].type}, not a place"
                problems.append(Diagnostic("error", "CAT015", e.path, line, message, "place: names an entry of place.yaml or country.yaml"))
        chain, above = [e.id], e.parent
        while above in by_id and above not in chain:
            chain.append(above)
            above = by_id[above].parent
        if above == e.id and len(chain) > 1:
            message = f"{e.id}: its parents lead back to it ({' → '.join([*chain, e.id])})"
            problems.append(
                Diagnostic(
                    "error",
                    "CAT015",
                    e.path,
                    yaml_line(entry, "parent"),
                    message,
                    "one of them is not part of the other: remove a 'parent'",
                )
            )
    return problems


def _entity(entry: Any, e: CatalogEntry, etype: str, path: str, problems: list[Diagnostic]) -> Entity:
    for lang in LANGS:
        named = [getattr(e.name, lang).strip(), *getattr(e.aliases, lang)]
        for alias in sorted({a for a in named[1:] if named.count(a) > 1}):
            problems.append(
                Diagnostic(
                    "warning",
                    "CAT013",
                    path,
                    yaml_line(entry.get("aliases"), lang),
                    f"{e.id}: '{alias}' is given twice among the {LANGUAGE_NAME[lang]} name and aliases",
                    "keep it once: a repeated name shows twice on the entry's page",
                )
            )
    return Entity(
        id=e.id,
        type=etype,
        name={lang: getattr(e.name, lang).strip() for lang in LANGS},
        aliases={lang: tuple(getattr(e.aliases, lang)) for lang in LANGS},
        description={lang: getattr(e.description, lang).strip() for lang in LANGS},
        place=e.place,
        parent=e.parent,
        related=tuple(e.related),
        not_in=tuple(e.not_in),
        geonames=e.geonames,
        path=path,
        line=yaml_line(entry),
    )
