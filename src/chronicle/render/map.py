"""The map of places: an inline SVG drawn from the committed base map (no tiles, no requests).

`map_data.json` beside this module is written by tools/make_map.py: country outlines (Natural
Earth, public domain) projected once (Albers equal-area conic), and the catalog places it could
match in GeoNames (CC BY 4.0), with their position in the map's viewBox. This module only reads
that data and draws it.

Use::

    from chronicle.render.map import load_map_data, map_places, render_locator, render_map

    data = load_map_data()                                   # once per build
    places = map_places(data, knowledge.entities, knowledge.events,
                        name=lambda e: e.name[lang], href=lambda e: url(routes.entity(lang, e)))
    full = render_map(data, places, t, lang)                 # the home page and the places index
    small = render_locator(data, e.id, e.name[lang], t, context=places)   # a place's page; "" if not on the map

`t` is the page's UI strings (`map_title`, `map_locator`, `event_word`, `events_word`, `colon`);
the templates' `_map.html` puts either SVG in a figure with the credit line. `map_places`
decides which places to show (see `place_events`); a caller may as well pass its own list of
`MapPlace`. Places not on the base map (regions, Johannesburg: `data.not_mapped` says why)
are left out, and have no locator.

The full map is a `role="group"` named by its `<title>`, not `role="img"`: an image's children
are presentational, so its links would be hidden from assistive technology. Each place is a link
whose accessible name is its `<title>` ("Tashkent: 7 events"); the circle's area is proportional
to the number of events (with a minimum). Labels are placed greedily, most events first, where
they collide with no circle and no other label, at each of the three text sizes that the CSS
block "Map" of style.css sets for phones, tablets and wider screens (`LABEL_SIZES`): a label
that fits on a phone is shown everywhere, the others from the width where they fit; a place
without a label still has its title as tooltip and name. The locator is a small `role="img"`
map with coarser outlines (drawn about 350 px wide), the place's country shaded and the place
marked, without links.
Colours come from the site's CSS custom properties, so dark mode and print follow the site.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from markupsafe import Markup

from chronicle.core.diagnostics import Diagnostic
from chronicle.core.events import Event
from chronicle.core.model import Entity

DATA_PATH = Path(__file__).with_name("map_data.json")
# Strokes that keep their width however wide the map is drawn; as attributes, which the HTML checker knows.
NSS = ' vector-effect="non-scaling-stroke"'

# Entity types whose `place` ties that place to a body, a meeting, a signing or an exercise.
TIED_TYPES = ("center", "summit", "exercise", "treaty")
# Label text size in viewBox units, by tier: phones, from 30rem, from 45rem wide (the CSS repeats these).
LABEL_SIZES = (30.0, 20.0, 15.0)
COUNTRY_SIZE = 0.8  # a country's name, relative to a place's label
R_MIN, R_MAX = 5.0, 26.0  # circle radii in viewBox units: the floor, and the place with most events
GAP = 0.3  # between a circle and its label, in em


@dataclass(frozen=True)
class Country:
    key: str  # ISO 3166-1 alpha-2, or Natural Earth's name where there is none
    name: Mapping[str, str]
    d: str
    d_small: str
    label: tuple[int, int, int] | None  # x, y and the radius of room around it, where a name fits
    catalog: str | None


@dataclass(frozen=True)
class Point:
    id: str
    x: float
    y: float
    lon: float
    lat: float
    geonames: int
    country: str


@dataclass(frozen=True)
class MapData:
    view_box: tuple[int, int, int, int]
    countries: Mapping[str, Country]
    places: Mapping[str, Point]
    not_mapped: Mapping[str, str]  # place id → why it is not on the map
    sources: Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class MapPlace:
    """A place to draw: its catalog id, its name in the page's language, the link to its page, its events."""

    id: str
    name: str
    href: str
    events: int


def load_map_data(path: Path = DATA_PATH) -> MapData:
    raw = json.loads(path.read_text(encoding="utf-8"))
    countries = {
        key: Country(key, c["name"], c["d"], c["d_small"], tuple(c["label"]) if "label" in c else None, c.get("catalog"))
        for key, c in raw["countries"].items()
    }
    places = {pid: Point(pid, p["x"], p["y"], p["lon"], p["lat"], p["geonames"], p["country"]) for pid, p in raw["places"].items()}
    not_mapped = {pid: n["reason"] for pid, n in raw["not_mapped"].items()}
    return MapData(tuple(raw["view_box"]), countries, places, not_mapped, raw["sources"])


# --- Which places, with how many events ------------------------------------------------------


def place_events(entities: Iterable[Entity], events: Iterable[Event]) -> dict[str, tuple[str, ...]]:
    """Each place the knowledge ties to something, with the ids of its events (in date order).

    A place is shown if an event names it, or a center, summit, exercise or treaty has it as its
    `place`; its events are those that name it or name such an entity (the 2002 summit's event
    counts for Saint Petersburg though only the summit is named in it).
    """
    entities = list(entities)
    places = {e.id for e in entities if e.type == "place"}
    seat = {e.id: e.place for e in entities if e.type in TIED_TYPES and e.place in places}
    found: dict[str, dict[str, None]] = {p: {} for p in sorted(set(seat.values()))}
    for ev in sorted(events, key=lambda ev: (ev.date.start, ev.id)):
        for eid in ev.entities:
            where = eid if eid in places else seat.get(eid)
            if where:
                found.setdefault(where, {})[ev.id] = None
    return {p: tuple(ids) for p, ids in sorted(found.items())}


def unmapped_places(data: MapData, entities: Iterable[Entity], events: Iterable[Event]) -> list[Diagnostic]:
    """A warning for each place the site shows that the map data has never seen (a new catalog entry)."""
    entities = list(entities)
    by_id = {e.id: e for e in entities}
    return [
        Diagnostic(
            "warning",
            "MAP001",
            by_id[pid].path,
            by_id[pid].line,
            f"{pid}: the place is not on the map (the map data predates it)",
            "give it a geonames id if it has none, then run: npm install && python tools/make_map.py (docs/adding-a-source.md)",
        )
        for pid in place_events(entities, events)
        if pid in by_id and pid not in data.places and pid not in data.not_mapped
    ]


def map_places(
    data: MapData, entities: Iterable[Entity], events: Iterable[Event], name: Callable[[Entity], str], href: Callable[[Entity], str]
) -> list[MapPlace]:
    """The places to draw: those `place_events` shows and the base map holds."""
    by_id = {e.id: e for e in entities}
    return [
        MapPlace(pid, name(by_id[pid]), href(by_id[pid]), len(ids))
        for pid, ids in place_events(by_id.values(), events).items()
        if pid in data.places
    ]


# --- Drawing ----------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def text_width(text: str) -> float:
    """Width in em, roughly: Han characters are square, Latin letters about half as wide."""
    width = 0.0
    for c in text:
        if unicodedata.east_asian_width(c) in "WF":
            width += 1.0
        elif c in "ijlI.,:;'’ -":
            width += 0.32
        elif c.isupper() or c in "mw":
            width += 0.75
        else:
            width += 0.62
    return width


def radius(events: int, most: int) -> float:
    """Area proportional to the events, but never smaller than R_MIN."""
    return max(R_MIN, R_MAX * math.sqrt(events / most)) if most else R_MIN


# Where a label goes: (text-anchor, dx em, dy em) and the box it takes, for a circle (x, y, r) and a size.
SIDES = ("right", "left", "above", "below")
_SIDE_TEXT = {"right": ("start", GAP, 0.35), "left": ("end", -GAP, 0.35), "above": ("middle", 0, -GAP), "below": ("middle", 0, 0.8 + GAP)}


def _anchor(side: str, x: float, y: float, r: float) -> tuple[float, float]:
    return {"right": (x + r, y), "left": (x - r, y), "above": (x, y - r), "below": (x, y + r)}[side]


def label_box(side: str, x: float, y: float, r: float, width_em: float, size: float) -> Box:
    ax, ay = _anchor(side, x, y, r)
    anchor, dx, dy = _SIDE_TEXT[side]
    w = width_em * size
    left = {"start": ax + dx * size, "end": ax + dx * size - w, "middle": ax - w / 2}[anchor]
    baseline = ay + dy * size
    return left, baseline - 0.8 * size, left + w, baseline + 0.25 * size


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True)
class _Label:
    key: str  # place id, or "country:" + key
    text: str
    tier: int  # shown from this tier on (0: phones)
    side: str  # a place's side, or "center" for a country's name
    x: float
    y: float
    r: float


def place_labels(
    circles: Sequence[tuple[MapPlace, float, float, float]],
    countries: Sequence[tuple[str, str, float, float, float]],
    frame: Box,
    obstacles: Sequence[Box] = (),
) -> list[_Label]:
    """Labels that collide with nothing, decided tier by tier from the largest text size down.

    `circles` are (place, x, y, r), most events first; `countries` are (key, name, x, y, room).
    At each tier the labels kept so far are kept (their text only gets smaller), then each
    unlabelled place tries its four sides, then each unlabelled country its centre.
    """
    labels: list[_Label] = []
    for tier, size in enumerate(LABEL_SIZES):
        taken = [*obstacles, *((x - r, y - r, x + r, y + r) for _, x, y, r in circles)]
        for lab in labels:
            taken.append(_box(lab, size))
        done = {lab.key for lab in labels}
        for place, x, y, r in circles:
            if place.id in done:
                continue
            for side in SIDES:
                candidate = _Label(place.id, place.name, tier, side, x, y, r)
                box = _box(candidate, size)
                if _within(box, frame) and not any(_overlaps(box, t) for t in taken):
                    labels.append(candidate)
                    taken.append(box)
                    break
        for key, name, x, y, room in countries:
            if "country:" + key in done:
                continue
            candidate = _Label("country:" + key, name, tier, "center", x, y, room)
            box = _box(candidate, size)
            fits = (box[2] - box[0]) <= 2.6 * room and (box[3] - box[1]) <= room
            if fits and _within(box, frame) and not any(_overlaps(box, t) for t in taken):
                labels.append(candidate)
                taken.append(box)
    return labels


def _box(lab: _Label, size: float) -> Box:
    if lab.side == "center":
        s = size * COUNTRY_SIZE
        w = text_width(lab.text) * s
        return lab.x - w / 2, lab.y - 0.45 * s, lab.x + w / 2, lab.y + 0.45 * s
    return label_box(lab.side, lab.x, lab.y, lab.r, text_width(lab.text), size)


def _within(box: Box, frame: Box) -> bool:
    return box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _count(n: int, strings: Mapping[str, str]) -> str:
    return f"{n} {strings['event_word'] if n == 1 else strings['events_word']}"


def render_map(
    data: MapData,
    places: Sequence[MapPlace],
    strings: Mapping[str, str],
    lang: str,
    *,
    id: str = "map",
) -> Markup:
    """The full map: every place of `places` that is on the base map, a link sized by its events, labelled where room allows.

    `lang` picks the countries' names; `id` prefixes the ids inside the SVG (two maps on one page need two).
    """
    x0, y0, width, height = data.view_box
    frame = (x0, y0, x0 + width, y0 + height)
    shown = sorted((p for p in places if p.id in data.places), key=lambda p: (-p.events, p.name, p.id))
    most = max((p.events for p in shown), default=0)
    circles = [(p, data.places[p.id].x, data.places[p.id].y, radius(p.events, most)) for p in shown]
    names = [
        (c.key, c.name[lang], c.label[0], c.label[1], c.label[2])
        for c in sorted(data.countries.values(), key=lambda c: (-(c.label or (0, 0, 0))[2], c.key))
        if c.label
    ]
    legend, legend_box = _legend(most, strings, frame)
    labels = place_labels(circles, names, frame, [legend_box] if legend else [])
    by_key = {lab.key: lab for lab in labels}
    out = [
        f'<svg class="map" viewBox="{x0} {y0} {width} {height}" role="group" aria-labelledby="{id}-title" paint-order="stroke"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{id}-title">{escape(strings["map_title"])}</title>',
        f'<rect class="map-sea" x="{x0}" y="{y0}" width="{width}" height="{height}"/>',
        '<g class="map-land">',
        *(f'<path{NSS} d="{c.d}"/>' for c in data.countries.values()),
        "</g>",
        '<g class="map-country-names" aria-hidden="true">',
        *(
            f'<text class="map-t{lab.tier}" x="{_num(lab.x)}" y="{_num(lab.y)}">{escape(lab.text)}</text>'
            for lab in labels
            if lab.key.startswith("country:")
        ),
        "</g>",
        '<g class="map-places">',
    ]
    for place, x, y, r in circles:
        title = f"{place.name}{strings['colon']}{_count(place.events, strings)}"
        out.append(f'<a class="map-place" href="{escape(place.href)}"><title>{escape(title)}</title>')
        out.append(f'<circle{NSS} cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"/>')
        lab = by_key.get(place.id)
        if lab:
            anchor, dx, dy = _SIDE_TEXT[lab.side]
            ax, ay = _anchor(lab.side, x, y, r)
            out.append(
                f'<text class="map-t{lab.tier}" x="{_num(ax)}" y="{_num(ay)}" dx="{_num(dx)}em" dy="{_num(dy)}em"'
                f' text-anchor="{anchor}" aria-hidden="true">{escape(place.name)}</text>'
            )
        out.append("</a>")
    out += ["</g>", legend, "</svg>"]
    return Markup("".join(out))


def _legend(most: int, strings: Mapping[str, str], frame: Box) -> tuple[str, Box]:
    """Two circles in the lower left corner, one event and the most any place has; and the box it takes on a phone."""
    r = radius(most, most)
    x, y = frame[0] + 12 + r, frame[3] - 12 - r
    text = f"1 – {_count(most, strings)}"
    box = (frame[0], y - r - 4, x + r + (0.4 + text_width(text)) * LABEL_SIZES[0] * COUNTRY_SIZE, frame[3])
    if most < 2:
        return "", box
    small = radius(1, most)
    svg = (
        '<g class="map-legend" aria-hidden="true">'
        f'<circle{NSS} cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"/>'
        f'<circle{NSS} cx="{_num(x)}" cy="{_num(y + r - small)}" r="{_num(small)}"/>'
        f'<text x="{_num(x + r)}" y="{_num(y + r)}" dx=".4em">{escape(text)}</text>'
        "</g>"
    )
    return svg, box


FOCUS = ' class="map-focus"'


def render_locator(
    data: MapData, place_id: str, name: str, strings: Mapping[str, str], *, context: Sequence[MapPlace] = (), id: str = "locator"
) -> Markup:
    """A small map of one place: its country shaded, the place marked and named, `context`'s places as grey dots.

    An image (`role="img"`, named "Location: Tashkent"), without links; "" for a place not on the base map.
    """
    point = data.places.get(place_id)
    if point is None:
        return Markup("")
    x0, y0, width, height = data.view_box
    others = [data.places[p.id] for p in context if p.id in data.places and p.id != place_id]
    side = "left" if point.x > x0 + width * 0.7 else "right"
    anchor, dx, dy = _SIDE_TEXT[side]
    r = 14.0
    ax, ay = _anchor(side, point.x, point.y, r)
    title = f"{strings['map_locator']}{strings['colon']}{name}"
    out = [
        f'<svg class="map map-locator" viewBox="{x0} {y0} {width} {height}" role="img" aria-labelledby="{id}-title" paint-order="stroke"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{id}-title">{escape(title)}</title>',
        f'<rect class="map-sea" x="{x0}" y="{y0}" width="{width}" height="{height}"/>',
        '<g class="map-land">',
        *(f'<path{NSS}{FOCUS if c.key == point.country else ""} d="{c.d_small}"/>' for c in data.countries.values() if c.d_small),
        "</g>",
        '<g class="map-context">',
        *(f'<circle cx="{_num(o.x)}" cy="{_num(o.y)}" r="6"/>' for o in others),
        "</g>",
        f'<circle class="map-here" cx="{_num(point.x)}" cy="{_num(point.y)}" r="{_num(r)}"/>',
        f'<text x="{_num(ax)}" y="{_num(ay)}" dx="{_num(dx)}em" dy="{_num(dy)}em" text-anchor="{anchor}">{escape(name)}</text>',
        "</svg>",
    ]
    return Markup("".join(out))
