"""Write a rendered site atomically: a temporary folder beside the output, then a swap.

The new tree is written into `.{name}-new-{pid}-…` beside the output folder and
replaces it with two renames (`out` → `.{name}-old-{pid}`, new → `out`) only
when everything succeeded; any failure removes the temporary folder and leaves
the previous site as it was. A build killed outright can leave a temporary
folder, or (between the two renames) the old site under its `-old-` name and
no output folder: the next build restores the old site if the output is
missing and removes every leftover of a process that is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath


class WriteError(Exception):
    """A file could not be written; the message names it and says why in plain words."""


@contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """A new temporary folder beside `out` that replaces `out` when the block ends without an exception."""
    out = out.resolve()
    with _plain_errors(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-{os.getpid()}-", dir=out.parent))
        folder.chmod(0o777 & ~_umask())  # mkdtemp makes 0700; a published site must be readable by the web server
    try:
        yield folder
        with _plain_errors(out):
            old = out.parent / f".{out.name}-old-{os.getpid()}"
            if out.exists():
                out.rename(old)
            folder.rename(out)
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def write_files(folder: Path, files: Mapping[str, bytes], previous: Path | None = None) -> None:
    """Write each file (a relative path inside `folder`) in path order; WriteError names the first that fails.

    A file with the same bytes in the `previous` site is hard-linked from there instead: on disks
    where making a file is slow (bench/RESULTS.md) a rebuild then makes only what changed. The
    swap never writes into the old site.
    """
    made: set[Path] = set()
    for rel in sorted(files):
        if not inside(rel):
            raise WriteError(f"refusing to write outside the output folder: {rel}")
        target = folder / rel
        with _plain_errors(target):
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if previous is None or not _link_same(previous / rel, files[rel], target):
                target.write_bytes(files[rel])


def _link_same(old: Path, content: bytes, target: Path) -> bool:
    """Hard-link `old` to `target` if it holds exactly `content` (a plain file, not a link); whether it did."""
    try:
        if not old.is_file() or old.is_symlink() or old.stat().st_size != len(content) or old.read_bytes() != content:
            return False
        os.link(old, target)
    except OSError:
        return False
    return True


def recover(out: Path) -> None:
    """Undo what builds killed outright left beside `out`: restore a lost output folder, drop temporary ones.

    A folder whose process still runs belongs to a build at work and stays.
    """
    for old in sorted(out.parent.glob(f".{out.name}-old-*")):
        if _running(old.name.rsplit("-", 1)[-1]):
            continue
        if not out.exists():
            old.rename(out)  # killed between its two renames: the previous site comes back
        else:
            shutil.rmtree(old, ignore_errors=True)
    for new in out.parent.glob(f".{out.name}-new-*"):
        if not _running(new.name.removeprefix(f".{out.name}-new-").split("-", 1)[0]):
            shutil.rmtree(new, ignore_errors=True)


def _running(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@contextmanager
def _plain_errors(path: Path) -> Iterator[None]:
    """An OSError becomes a WriteError that names the path and says why (`No space left on device`)."""
    try:
        yield
    except OSError as err:
        raise WriteError(f"cannot write {err.filename or path}: {err.strerror or err}") from None


def inside(rel: str) -> bool:
    """A relative path that stays inside the folder it is joined to (no `..`, no root, no drive)."""
    parts = PurePosixPath(rel).parts
    return bool(parts) and not PurePosixPath(rel).is_absolute() and ".." not in parts and "\\" not in rel


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
