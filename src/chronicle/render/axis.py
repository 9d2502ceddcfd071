"""The timeline's time axis: every event a mark at its date on a proportional scale of years.

Years without events keep their width, so a five-year gap looks like one; a range is a bar
from its start to its end; events before the SCO's history (1979, a civil war of 1992) sit in a
narrow prelude at the left, its own scale, set off by a break in the axis, so that they do not
squeeze 1996–2025 into half the width; the eras of site.yaml are labelled bands; the kinds fall into a few
families, each a colour and a shape (legible without colour, in print and in dark mode).
Marks that would overlap go to the next lane down. Pure: events in, geometry out; the template
draws it as SVG.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Each family: its name, the event kinds in it, the shape of its marks. Kinds not listed are "other".
FAMILIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("documents", ("signing", "statement"), "square"),
    ("institutions", ("founding", "proposal", "accession", "presidency"), "circle"),
    ("meetings", ("summit", "meeting"), "diamond"),
    ("operations", ("exercise", "operation"), "triangle"),
    ("incidents", ("incident", "statistic", "withdrawal", "transition"), "cross"),
)
OTHER = ("other", (), "circle")
WIDTH = 1000.0
LEFT, RIGHT = 8.0, 8.0  # room for a mark at the very start or end
LANE = 13.0  # height of one lane of marks
MARK = 4.5  # half the size of a mark
TOP = 22.0  # the era labels
BOTTOM = 26.0  # the year labels
PRELUDE = 64.0  # width of the years before `first`, when there are events in them
GAP = 14.0  # the break between the prelude and the main axis


def family_of(kind: str) -> tuple[str, str]:
    """(family, shape) of an event kind."""
    for name, kinds, shape in FAMILIES:
        if kind in kinds:
            return name, shape
    return OTHER[0], OTHER[2]


@dataclass(frozen=True)
class Mark:
    x: float
    x2: float  # == x unless a range
    y: float
    family: str
    shape: str
    route: str
    title: str
    date: str
    disputed: bool
    kind: str
    types: tuple[str, ...]
    year: int


@dataclass(frozen=True)
class Band:
    name: str
    x: float
    x2: float
    label_x: float
    shaded: bool


@dataclass(frozen=True)
class Tick:
    year: int
    x: float
    labelled: bool


@dataclass(frozen=True)
class Axis:
    height: float
    baseline: float
    ticks: list[Tick]
    segments: list[tuple[float, float]]  # pieces of the axis line: two, with a break between them, when there is a prelude
    bands: list[Band]
    marks: list[Mark]
    families: list[tuple[str, str, int]]  # (family, shape, how many of the marks)
    table: list[tuple[int, list[int], int]]  # (year, count per family in `families` order, total): the text alternative
    first: int  # the years the main axis runs from and to (the caption names them)
    last: int


def year_fraction(value: str, end: bool = False) -> float:
    """`2001` → 2001.5 (the middle of the year), `2001-06` → 2001.45, `2001-06-15` → 2001.45…; `end`: the end of the span."""
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year + (1.0 if end else 0.5)
    month = parts[1]
    if len(parts) == 2:
        return year + (month if end else month - 0.5) / 12
    return year + (month - 1) / 12 + (parts[2] - (0 if end else 0.5)) / 365


def make_axis(events: Sequence[object], eras: Sequence[Mapping[str, object]], lang: str, first: int = 1996, last: int = 2025) -> Axis:
    """The axis for `events` (views with `start`, `end`, `kind`, `route`, `title`, `date`, `conflict`)."""
    early = min([first, *(int(str(getattr(e, "start", ""))[:4]) for e in events)])
    last = max([last, *(int(str(getattr(e, "end", None) or getattr(e, "start", ""))[:4]) for e in events)])
    main_left = LEFT + PRELUDE + GAP if early < first else LEFT
    span = (last + 1) - first

    def x_of(when: float) -> float:
        if when < first:  # the prelude: `early` to `first` in PRELUDE units
            return round(LEFT + (when - early) / (first - early) * (PRELUDE - MARK), 1)
        return round(main_left + (when - first) / span * (WIDTH - main_left - RIGHT), 1)

    placed: list[tuple[float, float, object]] = []
    for e in events:
        start = x_of(year_fraction(str(e.start)))
        end_value = getattr(e, "end", None)
        end = x_of(year_fraction(str(end_value), end=True)) if end_value else start
        placed.append((start, max(start, end), e))
    placed.sort(key=lambda item: (item[0], item[1]))
    lanes: list[float] = []  # the right edge of the last mark in each lane
    marks: list[Mark] = []
    for start, end, e in placed:
        lane = next((i for i, right in enumerate(lanes) if right + 1.5 <= start - MARK), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = end + MARK
        family, shape = family_of(str(e.kind))
        y = TOP + LANE * (lane + 0.5)
        marks.append(
            Mark(
                start,
                end,
                y,
                family,
                shape,
                str(e.route),
                str(e.title),
                str(e.date),
                bool(e.conflict),
                str(e.kind),
                tuple(getattr(e, "types", ())),
                int(str(e.start)[:4]),
            )
        )
    baseline = TOP + LANE * max(len(lanes), 1) + 4
    ticks = [Tick(year, x_of(year), year % 5 == 0 or year in (first, last)) for year in range(first, last + 1)]
    segments = [(0.0, WIDTH)]
    if early < first:
        ticks = [Tick(early, x_of(early), True), *ticks]
        segments = [(0.0, LEFT + PRELUDE), (main_left - 2, WIDTH)]
    counts = Counter(m.family for m in marks)
    families = [(name, shape, counts[name]) for name, _, shape in (*FAMILIES, OTHER) if counts[name]]
    per_year: dict[int, Counter[str]] = {}
    for m in marks:
        per_year.setdefault(m.year, Counter())[m.family] += 1
    table = [(year, [c[name] for name, _, _ in families], sum(c.values())) for year, c in sorted(per_year.items())]
    return Axis(baseline + BOTTOM, baseline, ticks, segments, _bands(eras, lang, x_of), marks, families, table, first, last)


ERA_SPAN = re.compile(r"(\d{4})\D+(\d{4})")


def _bands(eras: Sequence[Mapping[str, object]], lang: str, x_of: object) -> list[Band]:
    spans = []
    for era in eras:
        m = ERA_SPAN.search(str(era.get("span", "")))
        if m:
            name = era.get("name")
            spans.append((int(m.group(1)), int(m.group(2)), str(name[lang]) if isinstance(name, Mapping) else str(name)))
    bands = []
    for i, (start, end, name) in enumerate(spans):
        following = spans[i + 1][0] if i + 1 < len(spans) else end + 1
        x, x2 = x_of(start), x_of(max(following, start + 1) if following > start else end + 1)  # type: ignore[operator]
        half = len(name) * (6.5 if lang == "en" else 11.5) / 2  # of the bold label at 11 px, about
        middle = min(max((x + x2) / 2, half + 2), WIDTH - half - 2)  # a label wider than its band stays inside the picture
        bands.append(Band(name, x, x2, round(middle, 1), i % 2 == 0))
    return bands
