"""The map: its committed data agrees with the catalog, the SVG is sound, and the tool refuses doubtful matches."""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from chronicle.core.dates import DateValue
from chronicle.core.events import Event
from chronicle.core.model import Entity
from chronicle.render.map import (
    LABEL_SIZES,
    MapPlace,
    load_map_data,
    map_places,
    place_events,
    place_labels,
    radius,
    render_locator,
    render_map,
    unmapped_places,
)

REPO = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_map", REPO / "tools" / "make_map.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_map"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
DATA = load_map_data()


def _catalog(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((REPO / "content" / "catalog" / f"{name}.yaml").read_text(encoding="utf-8"))


def _strings(lang: str) -> dict[str, str]:
    return yaml.safe_load((REPO / "content" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


PLACES = {e["id"]: e for e in _catalog("place")}


def _all_places(lang: str) -> list[MapPlace]:
    """Every mapped place, named in `lang`, with a made-up route and count."""
    return [MapPlace(pid, PLACES[pid]["name"][lang], f"../{lang}/places/{pid}/", 1 + i % 5) for i, pid in enumerate(sorted(DATA.places))]


# --- The committed data ---------------------------------------------------------------------


def test_every_mapped_place_is_a_catalog_place_and_every_place_is_accounted_for() -> None:
    assert set(DATA.places) <= set(PLACES)
    assert set(PLACES) <= set(DATA.places) | set(DATA.not_mapped), "a catalog place the map data does not know: run tools/make_map.py"
    assert not set(DATA.places) & set(DATA.not_mapped)
    assert all(DATA.not_mapped.values()), "each place left off the map says why"
    assert {"tashkent", "bishkek", "dushanbe", "almaty", "astana", "moscow", "shanghai"} <= set(DATA.places)


def test_catalog_geonames_ids_are_the_ones_on_the_map() -> None:
    with_ids = {pid: e["geonames"] for pid, e in PLACES.items() if "geonames" in e}
    assert with_ids, "the ambiguous names carry an id"
    for pid, gid in with_ids.items():
        assert DATA.places[pid].geonames == gid


def test_coordinates_within_the_base_map_and_where_the_projection_puts_them() -> None:
    x0, y0, width, height = DATA.view_box
    p = load_raw()["projection"]
    project = tool.albers(p["lon0"], p["lat0"], p["lat1"], p["lat2"])
    for point in DATA.places.values():
        assert x0 <= point.x <= x0 + width and y0 <= point.y <= y0 + height, point
        x, y = project(point.lon, point.lat)
        assert abs((x - p["left"]) * p["scale"] - point.x) < 0.06 and abs((-y - p["top"]) * p["scale"] - point.y) < 0.06, point


def test_places_lie_in_their_country_as_geonames_says() -> None:
    countries = {e["id"]: e for e in _catalog("country")}
    iso = {"china": "CN", "russia": "RU", "kazakhstan": "KZ", "kyrgyzstan": "KG", "tajikistan": "TJ", "uzbekistan": "UZ"}
    for pid, point in DATA.places.items():
        parent = PLACES[pid].get("parent")
        while parent in PLACES:
            parent = PLACES[parent].get("parent")
        if parent in iso:
            assert parent in countries and point.country == iso[parent], (pid, point.country)


def test_data_names_its_sources_and_licences() -> None:
    licences = {s["licence"] for s in DATA.sources.values()}
    assert {"public domain", "CC BY 4.0"} <= licences
    for lang in ("zh", "en"):
        text = _strings(lang)["about_map_sources"]
        assert "Natural Earth" in text and "GeoNames" in text and "CC BY 4.0" in text


def test_every_country_has_names_in_both_languages() -> None:
    for c in DATA.countries.values():
        assert c.name["zh"] and c.name["en"], c.key
        assert re.search(r"[\u4e00-\u9fff]", c.name["zh"]), c.name
    assert DATA.countries["KZ"].name == {"zh": "哈萨克斯坦", "en": "Kazakhstan"} and DATA.countries["KZ"].catalog == "kazakhstan"


def test_base_map_is_small() -> None:
    paths = "".join(c.d for c in DATA.countries.values())
    assert len(gzip.compress(paths.encode(), 9)) <= 25_000


def load_raw() -> dict[str, Any]:
    import json

    return json.loads((REPO / "src" / "chronicle" / "render" / "map_data.json").read_text(encoding="utf-8"))


# --- The SVG ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_full_map_parses_links_where_it_was_told_and_labels_in_the_page_language(lang: str) -> None:
    places = _all_places(lang)
    svg = str(render_map(DATA, places, _strings(lang), lang))
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == SVG + "svg" and root.get("role") == "group"
    title = root.find(SVG + "title")
    assert title is not None and root.get("aria-labelledby") == title.get("id") and title.text == _strings(lang)["map_title"]
    assert root.get("viewBox") == "0 0 {} {}".format(*DATA.view_box[2:]) and "width" not in root.attrib
    links = root.findall(f".//{SVG}a")
    assert sorted(a.get("href") for a in links) == sorted(p.href for p in places)
    by_href = {p.href: p for p in places}
    other = "en" if lang == "zh" else "zh"
    for a in links:
        place = by_href[a.get("href")]
        name = a.find(SVG + "title")
        assert name is not None and name.text.startswith(place.name), "each link is named by its title"
        assert PLACES[place.id]["name"][other] not in name.text
        label = a.find(SVG + "text")
        if label is not None:
            assert label.text == place.name
    labels = [t.text for t in root.iter(SVG + "text") if t.get("aria-hidden") == "true"]
    assert len(labels) >= 8, "the larger places are labelled"
    assert PLACES["tashkent"]["name"][lang] in labels


def test_labels_do_not_collide_at_any_size() -> None:
    places = _all_places("en")
    most = max(p.events for p in places)
    circles = [(p, DATA.places[p.id].x, DATA.places[p.id].y, radius(p.events, most)) for p in sorted(places, key=lambda p: -p.events)]
    countries = [(c.key, c.name["en"], *c.label) for c in DATA.countries.values() if c.label]
    frame = (0, 0, DATA.view_box[2], DATA.view_box[3])
    labels = place_labels(circles, countries, frame)
    from chronicle.render.map import _box, _overlaps

    for tier, size in enumerate(LABEL_SIZES):
        boxes = [_box(lab, size) for lab in labels if lab.tier <= tier]
        for i, a in enumerate(boxes):
            assert all(not _overlaps(a, b) for b in boxes[i + 1 :])
            assert frame[0] <= a[0] and a[2] <= frame[2] and frame[1] <= a[1] and a[3] <= frame[3]
    assert [lab.tier for lab in labels] == sorted(lab.tier for lab in labels), "labels are decided from the phone up"


def test_css_text_sizes_are_the_ones_labels_are_placed_for() -> None:
    css = (REPO / "templates" / "static" / "style.css").read_text(encoding="utf-8")
    block = css[css.index("/* ---- Map") : css.index("/* ---- end of Map")]
    sizes = [float(s) for s in re.findall(r"\.map text \{[^}]*?font-size: ([\d.]+)px", block)]
    assert tuple(sizes) == LABEL_SIZES


def test_circle_area_is_proportional_to_events() -> None:
    assert radius(9, 9) ** 2 / radius(4, 9) ** 2 == pytest.approx(9 / 4)
    assert radius(1, 100) == radius(0, 100) > 0, "a floor keeps small places visible"


def test_home_map_is_within_its_weight() -> None:
    svg = str(render_map(DATA, _all_places("zh"), _strings("zh"), "zh"))
    assert len(gzip.compress(svg.encode(), 9)) <= 30_000


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_locator_marks_one_place_without_links(lang: str) -> None:
    name = PLACES["tashkent"]["name"][lang]
    svg = render_locator(DATA, "tashkent", name, _strings(lang), context=_all_places(lang), id="where")
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "where-title"
    assert root.find(SVG + "title").text == _strings(lang)["map_locator"] + _strings(lang)["colon"] + name
    assert [t.text for t in root.iter(SVG + "text")] == [name]
    assert len(root.findall(f".//{SVG}g[@class='map-context']/{SVG}circle")) == len(DATA.places) - 1
    assert not root.findall(f".//{SVG}a")
    assert [p.get("class") for p in root.iter(SVG + "path") if p.get("class")] == ["map-focus"], "its country is shaded"
    assert len(gzip.compress(str(svg).encode(), 9)) <= 8_000
    assert render_locator(DATA, "central-asia", "Central Asia", _strings(lang)) == "", "a region has no locator"
    assert render_locator(DATA, "kokand", "Kokand", _strings(lang)), "a place without events has one"


def test_names_are_escaped() -> None:
    place = MapPlace("tashkent", "<b>T&K</b>", '"><script>', 3)
    soup = BeautifulSoup(str(render_map(DATA, [place], _strings("en"), "en")), "html.parser")
    assert not soup.find("script") and not soup.find("b")
    assert soup.find("a")["href"] == '"><script>'


# --- Which places, and how many events ---------------------------------------------------------


def _entity(eid: str, etype: str, place: str | None = None) -> Entity:
    return Entity(eid, etype, {"zh": eid, "en": eid}, {"zh": (), "en": ()}, {"zh": "", "en": ""}, place=place)


def _event(eid: str, start: str, *entities: str) -> Event:
    return Event(eid, DateValue(start, None, "year", start), "summit", entities, (), entities[0])


def test_place_events_counts_events_of_the_place_and_of_what_is_seated_there() -> None:
    entities = [
        _entity("tashkent", "place"),
        _entity("bishkek", "place"),
        _entity("aral-sea", "place"),
        _entity("astana", "place"),
        _entity("moscow", "place"),
        _entity("rats", "center", place="tashkent"),
        _entity("forum", "mechanism", place="bishkek"),
        _entity("astana-summit", "summit", place="astana"),
    ]
    events = [
        _event("2004-rats", "2004", "rats"),
        _event("2013-rats", "2013", "rats", "tashkent"),
        _event("2001-tashkent", "2001", "tashkent"),
        _event("2010-forum", "2010", "forum"),
    ]
    found = place_events(entities, events)
    assert found == {"tashkent": ("2001-tashkent", "2004-rats", "2013-rats"), "astana": ()}
    assert "bishkek" not in found, "a mechanism's seat is not a tie"
    assert "aral-sea" not in found and "moscow" not in found


def test_map_places_on_the_real_knowledge(site: Any) -> None:
    k = site.knowledge
    places = map_places(DATA, k.entities, k.events, name=lambda e: e.name["en"], href=lambda e: f"/en/places/{e.id}/")
    shown = {p.id: p.events for p in places}
    assert {"tashkent", "dushanbe", "bishkek", "moscow", "shanghai", "st-petersburg"} <= set(shown)
    assert shown["tashkent"] >= 2 and shown["st-petersburg"] >= 1
    assert set(shown) <= set(DATA.places)


# --- The tool's matching, on made-up data ---------------------------------------------------------


def _city(gid: int, name: str, cc: str, *alt: str) -> dict[str, Any]:
    return {"geonameid": gid, "name": name, "countrycode": cc, "latitude": 40.0, "longitude": 70.0, "alternatenames": list(alt)}


CITIES = {
    str(c["geonameid"]): c
    for c in (
        _city(1, "Springfield", "US"),
        _city(2, "Springfield", "US"),
        _city(3, "Springfield", "AU"),
        _city(4, "Xi’an", "CN", "Xian"),
        _city(5, "Qo‘qon", "UZ", "Kokand", "Khokand"),
        _city(6, "Shahritus", "TJ"),
    )
}


def test_a_unique_name_matches_within_its_country() -> None:
    q = tool.PlaceQuery
    assert tool.match_place(q("kokand", ("Kokand",), "UZ"), CITIES)["geonameid"] == 5
    assert tool.match_place(q("xian", ("Xi'an",), "CN"), CITIES)["geonameid"] == 4, "apostrophes and case do not matter"
    assert tool.match_place(q("springfield-au", ("Springfield",), "AU"), CITIES)["geonameid"] == 3


def test_an_ambiguous_name_is_refused_until_an_id_decides() -> None:
    q = tool.PlaceQuery
    with pytest.raises(tool.MatchError, match=r"2 GeoNames places match in US.*add 'geonames: ID'"):
        tool.match_place(q("springfield", ("Springfield",), "US"), CITIES)
    with pytest.raises(tool.MatchError, match="3 GeoNames places match"):
        tool.match_place(q("springfield", ("Springfield",)), CITIES)
    assert tool.match_place(q("springfield", ("Springfield",), "US", geonames=2), CITIES)["geonameid"] == 2


def test_a_wrong_id_is_refused() -> None:
    q = tool.PlaceQuery
    with pytest.raises(tool.MatchError, match="bears none of the names"):
        tool.match_place(q("kokand", ("Kokand",), None, geonames=4), CITIES)
    with pytest.raises(tool.MatchError, match="lies in AU, the catalog says US"):
        tool.match_place(q("springfield", ("Springfield",), "US", geonames=3), CITIES)
    with pytest.raises(tool.MatchError, match="not in the data"):
        tool.match_place(q("kokand", ("Kokand",), "UZ", geonames=99), CITIES)


def test_no_match_is_refused_and_a_district_needs_its_town_named_by_id() -> None:
    q = tool.PlaceQuery
    with pytest.raises(tool.MatchError, match="no GeoNames place is named Shahritus District in TJ"):
        tool.match_place(q("shahritus", ("Shahritus District",), "TJ"), CITIES)
    assert tool.match_place(q("shahritus", ("Shahritus District",), "TJ", geonames=6), CITIES)["name"] == "Shahritus"
    with pytest.raises(tool.MatchError, match="bears none of the names"):
        tool.match_place(q("kokand-region", ("Fergana Region",), "UZ", geonames=5), CITIES)


def test_match_all_refuses_a_region_with_an_id_and_reports_every_problem() -> None:
    entries = {
        "uzbekistan": {"id": "uzbekistan", "_type": "country", "name": {"zh": "乌兹别克斯坦", "en": "Uzbekistan"}},
        "kokand": {"id": "kokand", "_type": "place", "name": {"en": "Kokand"}, "parent": "uzbekistan"},
        "central-asia": {"id": "central-asia", "_type": "place", "name": {"en": "Central Asia"}, "geonames": 5},
        "nowhere": {"id": "nowhere", "_type": "place", "name": {"en": "Nowhere"}},
    }
    countries = {"UZ": {"name": "Uzbekistan", "iso": "UZ"}}
    regions = {"central-asia": "a region"}
    with pytest.raises(tool.MatchError) as error:
        tool.match_all(entries, CITIES, countries, regions, {})
    message = str(error.value)
    assert "central-asia: has a GeoNames id but is listed as not mapped" in message
    assert "nowhere: no GeoNames place is named Nowhere" in message
    del entries["nowhere"], entries["central-asia"]["geonames"]
    iso, places, not_mapped = tool.match_all(entries, CITIES, countries, regions, {})
    assert iso == {"uzbekistan": "UZ"} and places["kokand"]["geonames"] == 5 and "central-asia" in not_mapped
    with pytest.raises(tool.MatchError, match="gone: listed as not mapped but no longer in the catalog"):
        tool.match_all(entries, CITIES, countries, {**regions, "gone": "a region"}, {})


# --- The tool's geometry, on made-up data ------------------------------------------------------


def test_topojson_arcs_decode_and_rings_join() -> None:
    topology = {"transform": {"scale": [1, 1], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]]}
    arcs = tool.decode_arcs(topology)
    assert arcs == [[(10, 20), (12, 20), (12, 22)], [(12, 22), (10, 22), (10, 20)]]
    assert tool.ring_from_arcs([0, 1], arcs) == [(10, 20), (12, 20), (12, 22), (10, 22), (10, 20)]
    assert tool.ring_from_arcs([~1], arcs)[0] == (10, 20), "~i is arc i reversed"


def test_clip_simplify_and_path() -> None:
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = tool.clip_ring(square, (0, 0, 10, 10))
    assert abs(tool.area(clipped)) == pytest.approx(25)
    assert tool.simplify([(0, 0), (1, 0.1), (2, 0), (3, 5)], 0.5) == [(0, 0), (2, 0), (3, 5)]
    assert tool.path_d([[(0, 0), (5, 0), (5, 5)]]) == "M0 0l5 0 0 5z"
    project = tool.albers(75, 45, 35, 55)
    assert project(75, 45) == pytest.approx((0, 0))
    # Equal area: two cells of one degree at the same latitude, far apart in longitude, are the same size.
    cell = [project(lon, lat) for lon, lat in ((70, 40), (71, 40), (71, 41), (70, 41))]
    far = [project(lon, lat) for lon, lat in ((110, 40), (111, 40), (111, 41), (110, 41))]
    assert abs(tool.area(cell)) == pytest.approx(abs(tool.area(far)), rel=1e-6)
    assert math.isfinite(project(-105, 0)[0])


def test_the_figure_partial_shows_the_map_with_its_credit() -> None:
    from chronicle.render import routes
    from chronicle.render.environment import make_environment

    env = make_environment(REPO / "templates")
    page = env.from_string('{% from "_map.html" import map_figure with context %}{{ map_figure(svg) }}|{{ map_figure("") }}')
    strings = _strings("en")
    svg = render_map(DATA, _all_places("en"), strings, "en")
    html = page.render(svg=svg, url=lambda route: "../../" + route, routes=routes, lang="en", t=strings)
    figure, empty = html.split("|")
    soup = BeautifulSoup(figure, "html.parser")
    assert soup.select_one("figure > svg.map") and soup.select_one("figcaption a")["href"] == "../../en/about/"
    assert soup.figcaption.get_text(strip=True) == strings["map_credit"]
    assert not empty.strip(), "no figure where there is no map"


def test_a_new_place_the_site_shows_is_reported_until_the_map_is_regenerated() -> None:
    """An editor's new place would silently miss the map; the build warns, naming the place and the tool."""
    new = Entity(
        "yining",
        "place",
        {"zh": "伊宁", "en": "Yining"},
        {"zh": (), "en": ()},
        {"zh": "", "en": ""},
        path="content/catalog/place.yaml",
        line=550,
    )
    unseen = Entity("nowhere", "place", {"zh": "无", "en": "Nowhere"}, {"zh": (), "en": ()}, {"zh": "", "en": ""})
    events = [_event("2006-yining", "2006", "yining"), _event("2001-tashkent", "2001", "tashkent")]
    found = unmapped_places(DATA, [new, unseen, _entity("tashkent", "place")], events)
    assert [(d.code, d.path, d.line, d.severity) for d in found] == [("MAP001", "content/catalog/place.yaml", 550, "warning")]
    assert "yining" in found[0].message and "tools/make_map.py" in found[0].hint
