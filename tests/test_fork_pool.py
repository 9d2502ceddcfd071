"""chronicle.fork_pool: a map over forked processes that a build can trust with its pages.

What a user would notice if it broke: pages in the wrong order or missing (results out of
order, a chunk lost), a failed write reported as something else or not at all (errors from
a child), a build that hangs or leaves processes behind after an error. `fork_call` (one
call run aside, the build's English pages on a small site) is held to the same.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest

from chronicle.fork_pool import WorkerLost, fork_call, fork_map

PARENT = os.getpid()


def in_child() -> bool:
    return os.getpid() != PARENT


@pytest.mark.parametrize("workers", [2, 3])
@pytest.mark.parametrize("n", [1, 2, 3, 7, 11, 64, 65, 200, 1000])
def test_results_keep_the_order_of_the_items(n: int, workers: int) -> None:
    items = [f"item {i}" for i in range(n)]
    assert fork_map(str.upper, items, min_items=1, workers=workers) == [s.upper() for s in items]


def test_every_process_does_some_of_the_work() -> None:
    """Each process starts on a chunk of its own, so even a short map has work done in a child
    (the build's disk-full test relies on it to fail a write there)."""
    pids = fork_map(lambda _: os.getpid(), list(range(8)), min_items=1, workers=2)
    assert PARENT in pids and len(set(pids)) == 2


def test_the_work_is_shared_by_who_is_free() -> None:
    """A slow child does less: the parent takes the chunks it has not reached (fixed halves would wait)."""
    import time

    def work(i: int) -> int:
        if in_child():
            time.sleep(0.05)
        return os.getpid()

    pids = fork_map(work, list(range(64)), min_items=1, workers=2)
    assert pids.count(PARENT) > 40


def test_below_the_threshold_nothing_forks() -> None:
    assert set(fork_map(lambda _: os.getpid(), list(range(5)), min_items=6, workers=2)) == {PARENT}


def test_an_error_in_a_child_is_raised_here_and_no_process_is_left() -> None:
    def work(i: int) -> int:
        if in_child():
            raise OSError(28, "No space left on device", f"page-{i}.html")
        return i

    with pytest.raises(OSError, match="No space left on device") as raised:
        fork_map(work, list(range(100)), min_items=1, workers=2)
    assert raised.value.filename.startswith("page-")
    assert multiprocessing.active_children() == []


def test_an_error_that_cannot_be_pickled_still_arrives_with_its_message() -> None:
    class Local(Exception):  # a class defined in a function cannot be pickled
        pass

    def work(i: int) -> int:
        if in_child():
            raise Local(f"bad item {i}")
        return i

    with pytest.raises(RuntimeError, match=r"Local: bad item \d+"):
        fork_map(work, list(range(100)), min_items=1, workers=2)
    assert multiprocessing.active_children() == []


class NeedsTwo(Exception):
    """Pickles, but cannot be rebuilt: pickle calls NeedsTwo(*args) with the one message argument."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def test_an_error_that_pickles_but_cannot_be_rebuilt_arrives_with_its_message() -> None:
    def work(i: int) -> int:
        if in_child():
            raise NeedsTwo(f"page-{i}.html", "disk full")
        return i

    with pytest.raises(RuntimeError, match=r"NeedsTwo: page-\d+\.html: disk full"):
        fork_map(work, list(range(100)), min_items=1, workers=2)
    assert multiprocessing.active_children() == []


def test_an_error_here_stops_the_children_at_once() -> None:
    started = threading.Event()

    def work(i: int) -> int:
        if in_child():
            import time

            time.sleep(60)  # would hold the test for a minute if the child were waited for
        started.set()
        raise ValueError("template broke")

    with pytest.raises(ValueError, match="template broke"):
        fork_map(work, list(range(10)), min_items=1, workers=2)
    assert started.is_set() and multiprocessing.active_children() == []


def test_a_child_that_dies_is_reported_not_waited_for() -> None:
    def work(i: int) -> int:
        if in_child():
            os._exit(3)
        return i

    with pytest.raises(WorkerLost, match="exit codes 3"):
        fork_map(work, list(range(100)), min_items=1, workers=2)


def test_a_call_aside_runs_in_another_process_and_returns_its_result() -> None:
    pending = fork_call(lambda words: (os.getpid(), [w.upper() for w in words]), ["上合", "rats"])
    pid, result = pending.result()
    assert pid != PARENT and result == ["上合", "RATS"]
    assert multiprocessing.active_children() == []


def test_a_result_larger_than_the_pipe_arrives_whole() -> None:
    """The child blocks on a full pipe until the parent reads: the result must neither hang nor be cut."""
    data = fork_call(lambda n: bytes(range(256)) * n, 16 * 1024).result()  # 4 MB, four times the pipe
    assert data == bytes(range(256)) * (16 * 1024)


def test_an_error_in_a_call_aside_is_raised_by_its_result() -> None:
    def work(name: str) -> int:
        raise OSError(28, "No space left on device", name)

    pending = fork_call(work, "en/sources/003/index.html")
    with pytest.raises(OSError, match="No space left on device") as raised:
        pending.result()
    assert raised.value.filename == "en/sources/003/index.html"
    assert multiprocessing.active_children() == []


def test_an_error_aside_that_cannot_be_pickled_arrives_with_its_message() -> None:
    class Local(Exception):
        pass

    def work(_: object) -> int:
        raise Local("template broke")

    with pytest.raises(RuntimeError, match="Local: template broke"):
        fork_call(work, None).result()


def test_a_call_aside_that_dies_is_reported() -> None:
    with pytest.raises(WorkerLost, match="exit code 3"):
        fork_call(os._exit, 3).result()
    assert multiprocessing.active_children() == []


def test_cancel_stops_a_call_aside_at_once(tmp_path) -> None:
    """The build cancels the English pages aside when the Chinese ones fail: the child must not go on
    writing into the folder being dropped."""
    late = tmp_path / "written-late.html"

    def work(path) -> None:
        import time

        time.sleep(60)  # would hold the test for a minute if cancel waited for it
        path.write_text("too late", encoding="utf-8")

    pending = fork_call(work, late)
    pending.cancel()
    pending.cancel()  # a second cancel (the build's `finally`) does nothing
    assert multiprocessing.active_children() == [] and not late.exists()


def test_cancel_stops_the_child_at_once_under_chronicles_sigterm_handler(tmp_path) -> None:
    """`chronicle` turns SIGTERM into an interruption (to tidy up); a forked child must not inherit that,
    or `cancel` (SIGTERM) would let it run on and write into the folder being dropped."""
    import signal

    from chronicle.cli import _stop

    late = tmp_path / "written-late.html"

    def work(path) -> None:
        import time

        try:
            time.sleep(60)
        finally:  # what an interruption would run: under the inherited handler, this wrote
            path.write_text("too late", encoding="utf-8")

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        pending = fork_call(work, late)
        import time

        time.sleep(0.3)  # the child is asleep in `work`
        pending.cancel()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert multiprocessing.active_children() == [] and not late.exists()


def test_without_fork_the_call_runs_here_when_its_result_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    pending = fork_call(lambda x: calls.append(os.getpid()) or x * 2, 21)
    assert calls == []
    assert pending.result() == 42 and calls == [PARENT]
    pending.cancel()
