"""Write a rendered site atomically: temp folder beside the output, then swap.

The new tree goes into a temporary sibling folder, in as many batches as the
build likes (it writes each language's searchable pages as soon as they are
rendered, so the indexer can start on them), and replaces the old one with two
renames only when the whole block succeeded: a failure at any point leaves the
previous site exactly as it was and the temporary folder gone.

The site it replaces is kept beside it as `.<name>-spare` and is the next
build's temporary folder: every file is written again, files the new build did
not write are removed before the swap, so the result is the same tree a fresh
folder would give. Why: on some disks creating and deleting files is most of
a rebuild. On this machine's (ext4 on a virtual disk, about 1 ms per created
file) writing the real corpus into a new folder and deleting the old one took
0.25-1.6 s a cycle; overwriting the spare, 0.13-0.26 s.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

# A step run on the finished temporary folder before the swap (the search indexer); it returns
# the files it made, by path relative to the folder, for the build to write.
PostStep = Callable[[Path], Mapping[str, bytes]]


class WriteError(Exception):
    pass


class Staging:
    """The temporary folder of one build: files go in batch by batch, each path checked.

    A recycled folder (the site before last) starts with its old files listed in `stale`;
    each one this build writes is taken off the list, and `prune` removes the rest.
    """

    def __init__(self, folder: Path, old_files: set[str] | None = None, old_folders: set[str] | None = None) -> None:
        self.folder = folder
        self.written = 0
        self.stale = old_files or set()
        self._old_folders = old_folders or set()
        self._folders = {folder} | {folder / rel for rel in self._old_folders}

    def write(self, files: Mapping[str, bytes]) -> None:
        self.claim(files)
        self.written += self.put(files)

    def put(self, files: Mapping[str, bytes]) -> int:
        """Write files already claimed, here or (before a fork) by the parent; the bytes written.

        `claim` has made their folders (and the spare site's exist), so none is made here,
        in a forked renderer either.
        """
        write_files(self.folder, files, self._folders)
        return sum(len(content) for content in files.values())

    def claim(self, paths: Iterable[str]) -> None:
        """Check paths about to be written, make room for them and make their folders (what `write` does before writing).

        For files another process writes (`write_files` in a forked renderer): the bookkeeping of
        the old files stays here, where a forked process's changes to it would be lost. The
        folders are made here too, by one process, in the order of the paths: Pagefind numbers
        the pages in the order it lists them, and file systems such as tmpfs and btrfs list a
        folder in the order its entries were made. Two processes making the page folders of
        one batch at once made that order, and so the search index's bytes, differ from build
        to build there (ext4 lists by a hash of the name and was not affected).
        """
        paths = sorted(paths)
        for rel in paths:
            if not inside(rel):
                raise WriteError(f"refusing to write outside the output folder: {rel}")
        if self.stale or self._old_folders:
            self._make_room(paths)
        make_folders(self.folder, paths, self._folders)

    def _make_room(self, files: Iterable[str]) -> None:
        """Where an old file stands in the way of a new folder, or an old folder of a new file, remove it."""
        for rel in files:
            self.stale.discard(rel)
            if rel in self._old_folders:
                shutil.rmtree(self.folder / rel)
                self._forget_below(rel)
            parts = PurePosixPath(rel).parts
            for depth in range(1, len(parts)):
                above = "/".join(parts[:depth])
                if above in self.stale:
                    (self.folder / above).unlink()
                    self.stale.discard(above)

    def _forget_below(self, rel: str) -> None:
        prefix = rel + "/"
        self.stale = {f for f in self.stale if not f.startswith(prefix)}
        self._old_folders = {d for d in self._old_folders if d != rel and not d.startswith(prefix)}
        self._folders = {f for f in self._folders if not f.is_relative_to(self.folder / rel)}

    def prune(self) -> None:
        """Remove the old files this build did not write, then the folders left empty."""
        for rel in sorted(self.stale):
            (self.folder / rel).unlink()
        self.stale = set()
        for rel in sorted(self._old_folders, key=lambda r: -r.count("/")):
            folder = self.folder / rel
            if not any(folder.iterdir()):
                folder.rmdir()


# Threads that write files. Creating a file is mostly waiting on the file system (the
# interpreter lock is released meanwhile); on this machine's disk (ext4) 665 pages took
# 0.17-0.41 s one after another and 0.08-0.20 s on four threads. Little gain on tmpfs.
WRITE_THREADS = 4


def write_files(folder: Path, files: Mapping[str, bytes], made: set[Path] | None = None) -> None:
    """Write each file (relative path, already checked) under `folder`; `made` lists folders known to exist.

    Folders are made first, in order (one mkdir per folder, not per file); the files are then
    written on a few threads. The first error is raised once every thread has stopped.
    """
    paths = sorted(files)
    make_folders(folder, paths, made if made is not None else set())

    def write(rel: str) -> None:
        (folder / rel).write_bytes(files[rel])

    if len(paths) < 2 * WRITE_THREADS:
        for rel in paths:
            write(rel)
        return
    with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
        for _ in pool.map(write, paths):
            pass


def make_folders(folder: Path, paths: Sequence[str], made: set[Path]) -> None:
    """Make the folders of `paths` (relative, checked, sorted) under `folder` not in `made`, in order; `made` grows."""
    for rel in paths:
        parent = (folder / rel).parent
        if parent not in made:
            parent.mkdir(parents=True, exist_ok=True)
            made.add(parent)


@contextmanager
def staged_output(out: Path) -> Iterator[Staging]:
    """A temporary folder beside `out` that replaces it when the block ends without an exception."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep_abandoned(out)
    staging = _recycled(out) or Staging(Path(tempfile.mkdtemp(prefix=f".{out.name}-new-{os.getpid()}-", dir=out.parent)))
    staging.folder.chmod(0o777 & ~_umask())  # mkdtemp makes 0700; a published site must be readable by the web server
    old = out.parent / f".{out.name}-old-{os.getpid()}"
    try:
        yield staging
        staging.prune()
        if out.exists():
            out.rename(old)
        staging.folder.rename(out)
    except BaseException:
        shutil.rmtree(staging.folder, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    if old.exists():
        try:
            old.rename(spare_folder(out))
        except OSError:  # another build's spare is there already
            shutil.rmtree(old, ignore_errors=True)


def _sweep_abandoned(out: Path) -> None:
    """Remove the temporary folders of builds that were killed outright (SIGKILL, a power cut).

    A build removes its temporary folder on any error or interruption; one killed before it could
    leaves `.{name}-new-{pid}-…` behind, thousands of files each. A folder whose process is gone is
    removed; one whose process lives is another build's, at work, and stays.
    """
    prefix = f".{out.name}-new-"
    for folder in out.parent.glob(prefix + "*"):
        pid = folder.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def spare_folder(out: Path) -> Path:
    return out.parent / f".{out.name}-spare"


def _recycled(out: Path) -> Staging | None:
    """The spare site, renamed to a temporary folder of this build and listed; None if there is none.

    Anything in it that is not a plain file or folder (a link) is removed first: the build
    writes through the paths it finds there.
    """
    spare = spare_folder(out)
    try:
        if not stat.S_ISDIR(os.lstat(spare).st_mode):
            return None
        folder = out.parent / f".{out.name}-new-{os.getpid()}-{secrets.token_hex(4)}"
        spare.rename(folder)  # atomic: of two builds at once, one gets it
    except OSError:
        return None
    files: set[str] = set()
    folders: set[str] = set()
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        for name in [*dirs, *names]:
            rel = (here / name).relative_to(folder).as_posix()
            mode = os.lstat(here / name).st_mode
            if stat.S_ISDIR(mode):
                folders.add(rel)
            elif stat.S_ISREG(mode):
                files.add(rel)
            else:
                (here / name).unlink()
        dirs[:] = [d for d in dirs if (here / d).relative_to(folder).as_posix() in folders]  # links are gone: not walked
    return Staging(folder, files, folders)


def write_site(files: Mapping[str, bytes], out: Path, post: PostStep | None = None) -> int:
    """Write all files to `out` atomically; `post` (the search indexer) runs on the temp tree first and its files go in too."""
    with staged_output(out) as staging:
        staging.write(files)
        if post is not None:
            staging.write(post(staging.folder))
    return staging.written


def inside(rel: str) -> bool:
    """A relative path that stays inside the folder it is joined to (no `..`, no root, no drive)."""
    parts = PurePosixPath(rel).parts
    return bool(parts) and not PurePosixPath(rel).is_absolute() and ".." not in parts and "\\" not in rel


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_routes(paths: list[str]) -> list[str]:
    """Paths claimed twice (pelican refuses these too)."""
    seen: set[str] = set()
    dupes = []
    for p in paths:
        if p in seen:
            dupes.append(p)
        seen.add(p)
    return dupes
