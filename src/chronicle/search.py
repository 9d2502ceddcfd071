"""The Pagefind search index: one run of the extended binary (it segments Chinese) over the written site.

Each page goes into the index of its `<html lang>`; only the pages of events,
sources and entities are indexed: the timeline, the indexes, the home and
about pages repeat or frame what those say and would crowd the results.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from chronicle.core.catalog import SECTIONS
from chronicle.render.routes import LANGS
from chronicle.writer import WriteError, write_files

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
INDEXED_SECTIONS = ("events", "sources", *SECTIONS.values())


def pagefind_command() -> list[str]:
    """The extended Pagefind binary, found through its Python package."""
    try:
        from pagefind_bin_extended import get_executable

        binary = get_executable()
    except ImportError:
        binary = None
    return [str(binary)] if binary else [sys.executable, "-m", "pagefind"]


def indexed_glob(langs: str = "{zh,en}") -> str:
    return f"{langs}/{{{','.join(INDEXED_SECTIONS)}}}/*/index.html"


def is_indexed(path: str) -> bool:
    """Whether the file at `path` (`zh/events/x/index.html`) goes into a search index."""
    parts = path.split("/")
    return len(parts) == 4 and parts[0] in LANGS and parts[1] in INDEXED_SECTIONS and parts[3] == "index.html"


# Pagefind writes its bundle here first when the system has a memory file system, and the files go
# into the site as `write_files` puts any file (linked from the previous site when unchanged).
SCRATCH = Path("/dev/shm")


def index_site(folder: Path, previous: Path | None = None) -> None:
    """Index the pages written in `folder` and put the bundle into `folder/pagefind/`; WriteError with Pagefind's words if it fails."""
    scratch = Path(tempfile.mkdtemp(prefix="chronicle-pagefind-", dir=SCRATCH if SCRATCH.is_dir() else folder.parent))
    command = [*pagefind_command(), "--site", str(folder), "--glob", indexed_glob(), "--output-path", str(scratch), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise WriteError(f"Pagefind failed (exit {done.returncode}): {said[-1] if said else 'no message'}")
        bundle = {f"{BUNDLE}/{p.relative_to(scratch).as_posix()}": p.read_bytes() for p in sorted(scratch.rglob("*")) if p.is_file()}
        entry = f"{BUNDLE}/{ENTRY}"
        if entry in bundle:  # Pagefind lists the languages in hash order, which differs run to run: sorted, the same bytes
            bundle[entry] = json.dumps(json.loads(bundle[entry]), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        write_files(folder, bundle, previous)
    except OSError as err:
        raise WriteError(f"cannot run Pagefind ({command[0]}): {err.strerror or err}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
