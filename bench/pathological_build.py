"""Whole builds with one added source that grows: does any stage grow faster than the text?

bench/pathological.py times the readings of one paragraph; this times `chronicle build
--no-index` on the project (content/ and templates/ copied to a temp folder) with one more
source: N times one dated sentence naming the SCO and Shanghai, on one line (one paragraph
of N sentences) or one per line (N paragraphs). Each size doubles, so a stage whose
time doubles is linear and one that quadruples is quadratic. A build over --limit seconds
is stopped and ends the series (a 1.6 MB line once took 31 s, 28 of them one English page).

Usage: python bench/pathological_build.py [--max N] [--limit S] [--layout line|lines …]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import CHRONICLE, ROOT, STAGE  # noqa: E402

SENTENCE = "2021年6月15日，上海合作组织成员国在上海举行联合反恐演习。"
ENTRY = """
- id: "900"
  file: 900_pathological.txt
  title: {zh: 重复的句子, en: A repeated sentence}
  authors: {zh: [合成], en: [Synthetic]}
  venue: {zh: 合成文本, en: Synthetic text}
  date: {value: "2021-06-20", precision: day, basis: {zh: 合成, en: synthetic}}
  kind: news
  languages: [zh]
  summary: {zh: 一句话重复多次。, en: One sentence many times.}
  repairs: {split: lines, specific: [], generic: []}
"""


def project_with(work: Path, n: int, layout: str) -> Path:
    """The project copied under `work` with source 900: N sentences on one line or one per line."""
    project = work / f"project-{layout}-{n}"
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, project / name)
    body = SENTENCE * n if layout == "line" else "\n".join([SENTENCE] * n)
    (project / "content" / "sources" / "900_pathological.txt").write_text(f"重复的句子\n\n{body}\n", encoding="utf-8")
    with (project / "content" / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(ENTRY)
    return project


def build(project: Path, limit: float) -> tuple[float, dict[str, int] | None]:
    """Wall seconds and stage times of one build; None for the stages when it failed or ran past `limit`."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [str(CHRONICLE), "--project", str(project), "build", "--no-index", "--out", str(project / "site")],
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, None
    wall = time.perf_counter() - started
    line = next((ln for ln in done.stderr.splitlines() + done.stdout.splitlines() if ln.startswith("stages:")), None)
    if done.returncode or line is None:
        print(done.stdout[-2000:], done.stderr[-2000:])
        return wall, None
    return wall, {stage: int(ms) for stage, ms in STAGE.findall(line.split(";")[0])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max", type=int, default=32768, help="largest number of sentences (default 32768)")
    parser.add_argument("--limit", type=float, default=60.0, help="stop a build, and its series, after this many seconds")
    parser.add_argument("--layout", nargs="*", default=["line", "lines"], choices=["line", "lines"])
    args = parser.parse_args()
    sizes = [1024 << k for k in range(20) if 1024 << k <= args.max]
    for layout in args.layout:
        print(f"\n{layout}: {'one paragraph of N sentences' if layout == 'line' else 'N one-sentence paragraphs'}")
        print(f"{'n':>6} {'MB':>5} {'wall':>7} {'x':>4}  stages (ms)")
        previous = None
        for n in sizes:
            with tempfile.TemporaryDirectory(prefix="pathological-") as work:
                project = project_with(Path(work), n, layout)
                megabytes = (project / "content" / "sources" / "900_pathological.txt").stat().st_size / 2**20
                wall, stages = build(project, args.limit)
            growth = f"{wall / previous:.1f}" if previous else ""
            shown = " ".join(f"{k} {v}" for k, v in stages.items()) if stages else f"stopped or failed after {wall:.0f} s"
            print(f"{n:>6} {megabytes:>5.2f} {wall:>6.1f}s {growth:>4}  {shown}", flush=True)
            if stages is None:
                break
            previous = wall


if __name__ == "__main__":
    main()
