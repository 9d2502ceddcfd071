"""How long the preview takes to prepare an edit while the previous generation still renders in the background.

A copy of the project; each round publishes a generation, starts its background render, write
and index (`serve.complete`) in a thread, and 150 ms later prepares the next edit as the
watcher does (`serve.prepare_edit`, where the background waits), or with a plain `refresh`
beside it (--plain). Prints the median and every run, in milliseconds.

Usage: python bench/edit_under_load.py [--plain] [--rounds 8]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from chronicle.serve import State, complete, prepare_edit, refresh

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="prepare beside the background instead of first")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chronicle-edit-") as tmp:
        project = Path(tmp)
        for name in ("content", "templates"):
            shutil.copytree(ROOT / name, project / name)
        state, out, times = State(), project / "site", []
        for _ in range(args.rounds):
            live = refresh(project, state)
            assert live is not None, "the project does not build"
            background = threading.Thread(target=complete, args=(live, out, state))
            background.start()
            time.sleep(0.15)  # the background is rendering
            started = time.perf_counter()
            (refresh if args.plain else prepare_edit)(project, state)
            times.append((time.perf_counter() - started) * 1000)
            background.join()
    label = "beside the background" if args.plain else "background waits"
    print(f"edit prepared, {label}: median {statistics.median(times):.0f} ms  runs: {', '.join(f'{t:.0f}' for t in times)}")


if __name__ == "__main__":
    main()
