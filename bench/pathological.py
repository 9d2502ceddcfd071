"""Extraction time on synthetic paragraphs that grow: does any of it grow faster than the text?

Each series doubles one dimension of a single paragraph and times the three readings of
knowledge.read_source on it, separately: mentions (core/mentions.py), dates (core/dates.py)
and candidate events (core/events.py, which reuses those mentions and dates). A column that
doubles with the size is linear; one that quadruples is quadratic. The `x` columns give the
growth over the row before.

Series (sizes 1k, 2k, … up to --max, in units of the series):
  dates-run       `2025年` repeated: one sentence holding N dates (900 KB of it once ran past 300 s)
  dates-sentences N sentences `2021年6月15日，上海合作组织在上海成立。`: a date and two names each
  long-line       N × 64 characters of Chinese text with no date and no name, one line
  bracket-dates   N dates, each inside brackets `（2019年）`, after a long bracket-free text
  garbled         N names, each next to a garbled span (marks the mention finder must skip)
  aliases         a catalog of N generated aliases: building the matcher, then one 64k-character paragraph

A reading that takes more than --limit seconds (default 10) is not timed at larger sizes ("-"),
and a series stops when mentions and dates together do, so quadratic code cannot hang the
script. No test asserts on these times.

Usage: python bench/pathological.py [--max N] [--limit S] [--series NAME …] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from chronicle.core.events import candidates, date_matches  # noqa: E402
from chronicle.core.mentions import find_mentions, make_matcher  # noqa: E402
from chronicle.core.model import Block, Entity, Mark, Paragraph, Source, SourceMeta, StatedDate  # noqa: E402

SCO = Entity(
    "sco",
    "organization",
    {"zh": "上海合作组织", "en": "Shanghai Cooperation Organisation"},
    {"zh": ("上合组织",), "en": ("SCO",)},
    {"zh": "组织", "en": "organization"},
)
SHANGHAI = Entity("shanghai", "place", {"zh": "上海", "en": "Shanghai"}, {"zh": (), "en": ()}, {"zh": "城市", "en": "city"})
FILLER = "各成员国在安全领域开展务实合作，共同维护地区和平稳定与发展繁荣，推动构建命运共同体的进程不断向前迈进"  # 50 characters


def source(text: str, marks: tuple[Mark, ...] = ()) -> Source:
    meta = SourceMeta(
        id="900",
        file="900.txt",
        title={"zh": "合成", "en": "Synthetic"},
        authors={"zh": (), "en": ()},
        venue={"zh": "", "en": ""},
        date=StatedDate("2025-09", "month", {"zh": "", "en": ""}),
        kind="news",
        languages=("zh",),
        summary={"zh": "", "en": ""},
        speakers={},
        profile=None,
    )
    return Source(meta, (Paragraph("p1", Block("paragraph", text, marks=marks)),), (), ())


def dates_run(n: int) -> tuple[Source, list[Entity]]:
    return source("2025年" * n + "。"), [SCO, SHANGHAI]


def dates_sentences(n: int) -> tuple[Source, list[Entity]]:
    return source("2021年6月15日，上海合作组织在上海成立。" * n), [SCO, SHANGHAI]


def long_line(n: int) -> tuple[Source, list[Entity]]:
    return source((FILLER + "，" * 14)[:64] * n), [SCO, SHANGHAI]


def bracket_dates(n: int) -> tuple[Source, list[Entity]]:
    return source(FILLER * (n // 10 + 1) + "（2019年）" * n + "。"), [SCO, SHANGHAI]


def garbled(n: int) -> tuple[Source, list[Entity]]:
    unit = "上合组织（BaTaJIbOH）"
    text = unit * n + "。"
    marks = tuple(Mark(i * len(unit) + 5, i * len(unit) + 14, "garbled") for i in range(n))
    return source(text, marks), [SCO, SHANGHAI]


def _name(i: int) -> str:
    """The i-th of many distinct four-character Chinese names."""
    base = 0x4E00
    return "".join(chr(base + (i >> shift) % 0x5000) for shift in (0, 7, 14)) + "署"


def aliases(n: int) -> tuple[Source, list[Entity]]:
    names = tuple(_name(i) for i in range(n))
    many = Entity("many", "organization", {"zh": "甲乙丙丁", "en": "Many"}, {"zh": names, "en": ()}, {"zh": "多", "en": "many"})
    text = (FILLER[:60] + names[len(names) // 2] + "。")[:64] * 1024
    return source(text), [SCO, SHANGHAI, many]


SERIES: dict[str, Callable[[int], tuple[Source, list[Entity]]]] = {
    "dates-run": dates_run,
    "dates-sentences": dates_sentences,
    "long-line": long_line,
    "bracket-dates": bracket_dates,
    "garbled": garbled,
    "aliases": aliases,
}


def run(name: str, sizes: list[int], limit: float) -> Iterator[dict[str, object]]:
    """One row per size; a reading that took over `limit` seconds is not timed at larger sizes (None)."""
    timing_events = True
    for n in sizes:
        src, entities = SERIES[name](n)
        by_id = {e.id: e for e in entities}
        clock = [time.perf_counter()]
        matcher = make_matcher(entities)
        clock.append(time.perf_counter())
        mentions = find_mentions(matcher, [src])
        clock.append(time.perf_counter())
        dates = date_matches(src)
        clock.append(time.perf_counter())
        events = candidates([src], mentions, by_id, (), {"900": dates}) if timing_events else None
        clock.append(time.perf_counter())
        t_matcher, t_mentions, t_dates, t_events = (b - a for a, b in zip(clock, clock[1:], strict=False))
        yield {
            "series": name,
            "n": n,
            "chars": len(src.paragraphs[0].block.text),
            "matcher_s": t_matcher,
            "mentions_s": t_mentions,
            "dates_s": t_dates,
            "events_s": t_events if timing_events else None,
            "found": [len(mentions), len(dates["p1"]), len(events) if events is not None else None],
        }
        timing_events = timing_events and t_events <= limit
        if t_matcher + t_mentions + t_dates > limit:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max", type=int, default=65536, help="largest size (default 65536)")
    parser.add_argument("--limit", type=float, default=10.0, help="stop a series after a size that took longer (s)")
    parser.add_argument("--series", nargs="*", default=list(SERIES), choices=list(SERIES))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = [1024 << k for k in range(20) if 1024 << k <= args.max]
    rows = []
    for name in args.series:
        previous: dict[str, object] | None = None
        if not args.json:
            print(f"\n{name}: {SERIES[name].__doc__ or ''}".rstrip())
            print(f"{'n':>7} {'chars':>9} {'matcher':>9} {'mentions':>9} {'x':>5} {'dates':>9} {'x':>5} {'events':>9} {'x':>5}  found")
        for row in run(name, sizes, args.limit):
            rows.append(row)
            if args.json:
                continue

            def growth(key: str, row: dict[str, object] = row, previous: dict[str, object] | None = previous) -> str:
                if previous is None or not previous[key] or row[key] is None:
                    return ""
                return f"{row[key] / previous[key]:.1f}"  # type: ignore[operator]

            def ms(key: str, row: dict[str, object] = row) -> str:
                return "-" if row[key] is None else f"{row[key] * 1000:.0f}ms"  # type: ignore[operator]

            print(
                f"{row['n']:>7} {row['chars']:>9} {ms('matcher_s'):>9} {ms('mentions_s'):>9} {growth('mentions_s'):>5} "
                f"{ms('dates_s'):>9} {growth('dates_s'):>5} {ms('events_s'):>9} {growth('events_s'):>5}  {row['found']}",
                flush=True,
            )
            previous = row
        if not args.json and previous is not None and previous["n"] != sizes[-1]:
            print(f"  stopped: mentions and dates at n = {previous['n']} took over {args.limit:g} s")
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
