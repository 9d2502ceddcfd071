"""Validate the parsed catalog files into Entity values.

Pure: takes {file name: YAML data}, returns entities and diagnostics with
file and line. The entity type comes from the file name (`center.yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chronicle.core.bilingual import LANGUAGE_NAME, missing_languages
from chronicle.core.diagnostics import Diagnostic, did_you_mean, yaml_line
from chronicle.core.model import Entity

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
FIELDS = {"id", "name", "aliases", "description", "place", "parent", "related", "not_in", "geonames"}
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
        if not isinstance(data, list):
            problems.append(
                Diagnostic("error", "CAT002", path, yaml_line(data), "a catalog file is a list of entities", "start each with '- id: …'")
            )
            continue
        for entry in data:
            entity = _entity(entry, etype, path, problems)
            if entity is None:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    broken.add(entry["id"])
                continue
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
    problems += _shared_chinese_names(entities)
    return entities, problems


def _shared_chinese_names(entities: list[Entity]) -> list[Diagnostic]:
    """A Chinese name or alias given to two entities: the mention finder could send it to only one of them.

    Every mention of the name would silently go to the entity whose id sorts first, so it is an
    error; the same name twice in one entity (a name repeated as an alias) is harmless.
    """
    owner: dict[str, Entity] = {}
    problems = []
    for e in entities:
        for name in dict.fromkeys((e.name["zh"], *e.aliases["zh"])):
            first = owner.setdefault(name, e)
            if first is not e:
                problems.append(
                    Diagnostic(
                        "error",
                        "CAT012",
                        e.path,
                        e.line,
                        f"{e.id}: the Chinese name '{name}' already names {first.id} ({first.path}:{first.line})",
                        "a name can lead to one entry only: keep it in one of them",
                    )
                )
    return problems


def _unknown_references(entities: list[Entity], entries: list[Any], broken: set[str]) -> list[Diagnostic]:
    """A place, parent or related id that names no entity, at the line of the reference.

    An id whose entry was rejected (a missing English name, say) is not reported again here:
    its own error says what to fix, and a second one per reference would point at the wrong file.
    """
    ids = {e.id for e in entities}
    problems = []
    for e, entry in zip(entities, entries, strict=True):
        for field, ref in [("place", e.place), ("parent", e.parent)] + [("related", r) for r in e.related]:
            if ref is None or ref in ids or ref in broken:
                continue
            message = f"{e.id}: unknown {field} '{ref}'"
            problems.append(Diagnostic("error", "CAT004", e.path, yaml_line(entry, field), message, did_you_mean(ref, ids)))
    return problems


def _entity(entry: Any, etype: str, path: str, problems: list[Diagnostic]) -> Entity | None:
    def err(code: str, line: int, message: str, hint: str) -> None:
        problems.append(Diagnostic("error", code, path, line, message, hint))

    if not isinstance(entry, dict):
        err("CAT002", yaml_line(entry), "each entity must be a mapping", "write 'id:', 'name:', … under '- '")
        return None
    before = len(problems)
    for key in sorted(set(entry) - FIELDS, key=str):
        err("CAT005", yaml_line(entry, key), f"unknown field '{key}'", did_you_mean(str(key), FIELDS))
    for key in ("id", "name", "description"):
        if key not in entry:
            err("CAT006", yaml_line(entry), f"missing field '{key}'", f"add '{key}:'")
    if len(problems) > before:
        return None
    eid = entry["id"]
    if not isinstance(eid, str) or not ID.match(eid):
        err("CAT007", yaml_line(entry, "id"), f"bad id {eid!r}", "ids are lowercase ASCII words joined by hyphens, e.g. rats")
        return None
    bilingual = {}
    for key in ("name", "description"):
        missing = missing_languages(entry, key)
        if missing is None:
            err("CAT008", yaml_line(entry, key), f"{eid}: '{key}' must have zh and en", f"{key}: {{zh: …, en: …}}")
            continue
        for lang, line in missing:
            err("CAT009", line, f"{eid}: {key} has no {LANGUAGE_NAME[lang]} text", f"add '{lang}:' under '{key}'")
        bilingual[key] = entry[key]
    aliases = entry.get("aliases") or {}
    if not isinstance(aliases, dict) or any(not isinstance(aliases.get(lang, []), list) for lang in ("zh", "en")):
        err("CAT008", yaml_line(entry, "aliases"), f"{eid}: 'aliases' must give lists in zh and en", "aliases: {zh: [...], en: [...]}")
        aliases = {}
    not_in = entry.get("not_in") or []
    if not isinstance(not_in, list):
        err("CAT008", yaml_line(entry, "not_in"), f"{eid}: 'not_in' must be a list of words", "not_in: [发展中国家]")
        not_in = []
    related = entry.get("related") or []
    if not isinstance(related, list):
        err("CAT008", yaml_line(entry, "related"), f"{eid}: 'related' must be a list of ids", "related: [rats, sco]")
        related = []
    if len(problems) > before:
        return None
    for lang in ("zh", "en"):
        named = [str(bilingual["name"][lang]).strip(), *(str(a) for a in aliases.get(lang, []) or [])]
        for alias in sorted({a for a in named[1:] if named.count(a) > 1}):
            problems.append(
                Diagnostic(
                    "warning",
                    "CAT013",
                    path,
                    yaml_line(aliases, lang),
                    f"{eid}: '{alias}' is given twice among the {LANGUAGE_NAME[lang]} name and aliases",
                    "keep it once: a repeated name shows twice on the entry's page",
                )
            )
    return Entity(
        id=eid,
        type=etype,
        name={lang: str(bilingual["name"][lang]).strip() for lang in ("zh", "en")},
        aliases={lang: tuple(str(a) for a in aliases.get(lang, []) or []) for lang in ("zh", "en")},
        description={lang: str(bilingual["description"][lang]).strip() for lang in ("zh", "en")},
        place=entry.get("place"),
        parent=entry.get("parent"),
        related=tuple(str(r) for r in related),
        not_in=tuple(str(w) for w in not_in),
        path=path,
        line=yaml_line(entry),
    )
