"""Interleaved A/B of two versions of chronicle on the same (optionally scaled) project.

Each version is a `src/` folder (a git worktree's, say) and builds its own project: the
content/ and templates/ beside it (`src/..`), scaled alike with --k. Runs alternate A, B, A, B …
each version rebuilding its own output folder under --work (as a user rebuilds site/), so
both pay alike for a disk's moods, and the script
prints each run and the medians of wall time, CPU time and peak memory.

Usage: python bench/ab.py --a ../base/src --b src [--k K] [--runs N] [--work DIR] [--no-index] [--a-jobs N --b-jobs N]
--a-jobs/--b-jobs pass `build --jobs N` to one version (`--a src --b src --a-jobs 1 --b-jobs 2`: what the forked render buys).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import run_timed, scale_corpus  # noqa: E402


def build(src: Path, project: Path, work: Path, out: Path, index: bool, jobs: int | None) -> tuple[float, float, float]:
    env_python = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(src)!r}); from chronicle.cli import run; run()"]
    options = [*([] if index else ["--no-index"]), *([] if jobs is None else ["--jobs", str(jobs)])]
    command = [*env_python, "--project", str(project), "build", "--out", str(out), *options]
    with tempfile.TemporaryFile(dir=work) as log:
        wall, cpu, rss, code = run_timed(command, log)
        if code != 0:
            log.seek(0)
            sys.exit(f"build with {src} failed:\n{log.read().decode('utf-8', 'replace')[-2000:]}")
    return wall, cpu, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True, help="src/ folder of version A")
    parser.add_argument("--b", type=Path, required=True, help="src/ folder of version B")
    parser.add_argument("--k", type=int, default=1, help="scale the sources K times (1: the real corpus)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--no-index", action="store_true")
    parser.add_argument("--a-jobs", type=int, help="build --jobs N for version A (default: the CLI's)")
    parser.add_argument("--b-jobs", type=int, help="build --jobs N for version B")
    args = parser.parse_args()
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"ab-k{args.k}-", dir=args.work))
    try:
        versions = {"A": args.a.resolve(), "B": args.b.resolve()}
        jobs = {"A": args.a_jobs, "B": args.b_jobs}
        projects = {}
        for name, src in versions.items():
            project = projects[name] = work / f"project-{name}"
            shutil.copytree(src.parent / "content", project / "content")
            shutil.copytree(src.parent / "templates", project / "templates")
            if args.k > 1:
                scale_corpus(project, args.k)
        outs = {name: work / f"site-{name}" for name in versions}  # each version rebuilds its own site, as a user does
        for name, src in versions.items():  # warm-up: caches, bytecode, a first site to rebuild
            build(src, projects[name], work, outs[name], not args.no_index, jobs[name])
        runs: dict[str, list[tuple[float, float, float]]] = {"A": [], "B": []}
        for i in range(args.runs):
            for name, src in versions.items():
                runs[name].append(build(src, projects[name], work, outs[name], not args.no_index, jobs[name]))
                wall, cpu, rss = runs[name][-1]
                print(f"run {i + 1} {name}: {wall:.2f} s wall, {cpu:.2f} CPU-s, {rss:.0f} MB", file=sys.stderr)
        summary = {
            name: {
                "src": str(versions[name]),
                "jobs": jobs[name],
                "wall_s": round(statistics.median(r[0] for r in rs), 3),
                "cpu_s": round(statistics.median(r[1] for r in rs), 3),
                "peak_rss_mb": round(max(r[2] for r in rs), 1),
                "walls": [round(r[0], 3) for r in rs],
            }
            for name, rs in runs.items()
        }
        summary["b_over_a"] = round(summary["B"]["wall_s"] / summary["A"]["wall_s"], 3)  # type: ignore[index]
        print(json.dumps({"k": args.k, "index": not args.no_index, **summary}, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
