"""The search index in Pagefind runs of bounded memory: one bundle for a site of this size, several past it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle import search
from chronicle.build import build
from chronicle.search import GLOB_CHARS, MEMORY_PER_BYTE, RUN_MEMORY, index_site, planned_runs

REPO = Path(__file__).resolve().parents[1]


def cost(path: str, size: int) -> int:
    return size * MEMORY_PER_BYTE[path.split("/")[0]]


def test_a_site_that_fits_is_indexed_in_one_run_in_path_order() -> None:
    sizes = {"zh/sources/b/index.html": 100_000, "en/events/a/index.html": 40_000, "zh/events/a/index.html": 20_000}
    assert planned_runs(sizes) == [sorted(sizes)]


def test_a_site_past_the_budget_is_split_into_runs_of_one_language() -> None:
    big = RUN_MEMORY // MEMORY_PER_BYTE["zh"] // 3 + 1  # three such pages do not fit in one run
    sizes = {f"zh/sources/{k}/index.html": big for k in range(5)} | {"en/sources/0/index.html": 1000}
    runs = planned_runs(sizes)
    assert [len(run) for run in runs] == [1, 2, 2, 1]  # en first (sorted), then the five Chinese pages two by two
    assert runs[0] == ["en/sources/0/index.html"]


page_paths = st.builds(
    lambda lang, section, slug: f"{lang}/{section}/{slug}/index.html",
    st.sampled_from(sorted(MEMORY_PER_BYTE)),
    st.sampled_from(["events", "sources", "places"]),
    st.text("abcdefghij0123456789-", min_size=1, max_size=40),
)


@given(st.dictionaries(page_paths, st.integers(0, RUN_MEMORY // 8), max_size=60))
def test_every_page_is_in_exactly_one_run_within_the_budget(sizes: dict[str, int]) -> None:
    runs = planned_runs(sizes)
    assert sorted(p for run in runs for p in run) == sorted(sizes)
    for run in runs:
        assert run == sorted(run)
        if len(runs) > 1:
            assert len({p.split("/")[0] for p in run}) == 1, "a split index has runs of one language"
        if len(run) > 1:  # a page too large for a run alone still gets one
            assert sum(cost(p, sizes[p]) for p in run) <= RUN_MEMORY
            assert sum(len(p) + 1 for p in run) <= GLOB_CHARS


def test_a_glob_too_long_for_one_argument_splits_the_run() -> None:
    sizes = {f"en/places/{k:060d}/index.html": 1 for k in range(2 * GLOB_CHARS // 80)}
    runs = planned_runs(sizes)
    assert len(runs) >= 2
    assert all(len("{" + ",".join(run) + "}") < 128 * 1024 for run in runs)


def indexed_pages(site: Path, lang: str) -> int:
    """The pages Pagefind indexes in `lang`: those of the indexed sections that have a body to index (not redirects)."""
    pages = (p for section in search.INDEXED_SECTIONS for p in site.glob(f"{lang}/{section}/*/index.html"))
    return sum(1 for p in pages if "data-pagefind-body" in p.read_text(encoding="utf-8"))


def page_counts(site: Path, bundle: str) -> dict[str, int]:
    entry = json.loads((site / bundle / search.ENTRY).read_text(encoding="utf-8"))
    return {lang: meta["page_count"] for lang, meta in entry["languages"].items()}


@pytest.fixture(scope="module")
def unindexed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    build(REPO, out, index=False)
    return out


def test_the_real_site_is_one_bundle_that_the_search_page_is_told_of(unindexed_site: Path) -> None:
    files = index_site(unindexed_site)
    assert sorted({name.split("/")[0] for name in files}) == ["pagefind"]
    manifest = (unindexed_site / "pagefind" / "bundles.js").read_text(encoding="utf-8")
    assert manifest == 'window.chronicleBundles = {"en": ["pagefind/"], "zh": ["pagefind/"]};\n'
    expected = {"en": indexed_pages(unindexed_site, "en"), "zh-hans": indexed_pages(unindexed_site, "zh")}
    assert page_counts(unindexed_site, "pagefind") == expected


def test_past_the_budget_each_page_is_indexed_once_in_a_bundle_of_its_language(
    unindexed_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for old in unindexed_site.glob("pagefind*"):
        shutil.rmtree(old)
    monkeypatch.setattr(search, "RUN_MEMORY", 60 * 2**20)  # the Chinese pages cost about 144 MB: three runs
    files = index_site(unindexed_site)
    held = json.loads(re.fullmatch(r"window\.chronicleBundles = (.*);\n", files["pagefind/bundles.js"].decode())[1])
    assert held["en"] == ["pagefind/"] and held["zh"] == ["pagefind-1/", "pagefind-2/", "pagefind-3/"]
    counted = {"en": 0, "zh-hans": 0}
    for bundle in ("pagefind", "pagefind-1", "pagefind-2", "pagefind-3"):
        counts = page_counts(unindexed_site, bundle)
        assert len(counts) == 1, f"{bundle} holds one language: {counts}"
        for lang, n in counts.items():
            counted[lang] += n
    assert counted == {"en": indexed_pages(unindexed_site, "en"), "zh-hans": indexed_pages(unindexed_site, "zh")}
    assert all(search.in_bundle(name) for name in files)
