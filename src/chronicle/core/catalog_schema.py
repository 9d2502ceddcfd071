"""The model of a catalog file (`content/catalog/{type}.yaml`): a list of entities.

Pure. Each entry is validated on its own (core/schema.py), so one bad entry is one error
and the others still load. A name or alias is text of two characters at least, without
spaces around it: an alias `" "` or `中` would be found all over the sources. `geonames`
(a GeoNames id) is for places only.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PositiveInt, ValidationInfo, field_validator

from chronicle.core.schema import Bilingual, Example, Languages, Shape, Word, Words, problem

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _id(value: Any) -> Any:

    if not isinstance(value, str) or not ID.match(value):
        raise problem("CAT007", f"bad id {value!r}", "ids are lowercase ASCII words joined by hyphens, e.g. rats")
    return value


EntityId = Annotated[str, BeforeValidator(_id), Example("rats")]
Reference = Annotated[str, Example("sco")]


class Aliases(Languages):
    zh: list[Word] = []
    en: list[Word] = []


class CatalogEntry(Shape):
    id: EntityId
    name: Bilingual
    aliases: Aliases = Aliases()
    description: Bilingual
    place: Reference | None = None
    parent: Reference | None = None
    related: list[Reference] = []
    not_in: Annotated[list[Word], Example("[发展中国家]")] = []
    geonames: Annotated[PositiveInt | None, Example("1526273")] = None

    @field_validator("geonames")
    @classmethod
    def _places_only(cls, value: int | None, info: ValidationInfo) -> int | None:
        from chronicle.core.schema import problem

        etype = (info.context or {}).get("type")
        if value is not None and etype != "place":
            raise problem("CAT014", f"geonames is for places, not for a {etype}", "remove it, or move the entry to place.yaml")
        return value


WORDS = Words(
    unknown="CAT005",
    missing="CAT006",
    shape="CAT008",
    language="CAT009",
    top=("CAT002", "a catalog file is a list of entities", "start each with '- id: …'"),
    entry=("CAT002", "each entity must be a mapping", "write 'id:', 'name:', … under '- '"),
    subject=lambda entry: entry.get("id") if isinstance(entry.get("id"), str) else "",
    prefix="{subject}: ",
)
