"""Map a function over a list on both cores: chunks of the list, each taken by whichever process is free.

Why fork: the child inherits the function and the list (and whatever the function closes
over: the prepared site, the mention automaton) without pickling any of it; only the
results travel back. Below `min_items`, or where fork is unavailable, the map runs in this
process: forking and sending results back would cost more than it saves. Results come back
in the order of the items either way, so the output does not depend on the number of cores
or on which process did what.

Why chunks taken on demand rather than halves fixed in advance: the halves never took the
same time. A forked process starts cold (each page of memory it writes to is copied first)
and must pickle what it returns, which this process then unpickles; at K = 100 this process
sat idle for 0.4 s at the end of cleaning and again at the end of reading, every build.
Now each process takes the next chunk when it is free, a child sends each chunk's results
as soon as they are done, and this process unpickles them between its own chunks: all end
within about one chunk of each other.

`fork_call` is the other shape: one call started in a forked process now, its result
asked for later (the build renders the English pages of a small site that way while it
renders the Chinese ones).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Chunks per process: enough that the last one taken is short (about 35 ms when reading 500
# sources), few enough that taking one (a lock and a message) costs nothing measurable.
CHUNKS_PER_PROCESS = 32

# The work of the current call, set just before forking so the children find it in memory.
_job: tuple[Callable[[Any], Any], Sequence[Any], list[range]] | None = None


class WorkerLost(RuntimeError):
    """A forked process ended without sending back the chunks it had taken."""


def fork_map(func: Callable[[T], R], items: Sequence[T], min_items: int, workers: int | None = None) -> list[R]:
    """[func(item) for item in items], on up to `workers` processes (default: the cores, at most 4).

    An exception raised by `func` in any process is raised here, once the other processes
    have been stopped.
    """
    global _job
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    size = -(-len(items) // (workers * CHUNKS_PER_PROCESS))
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _job = (func, items, chunks)
    try:
        done = _run(min(workers, len(chunks)))
    finally:
        _job = None
    return [result for chunk in done for result in chunk]


class Pending(Generic[R]):
    """`func(arg)`, computed in a forked process from the moment this is made; `result` waits for it.

    For work that can run beside this process's own next step, not split with it (the
    build renders one language's pages aside while it renders the other's). Where fork is
    unavailable the call runs here, when `result` is called: the same result, later. An
    exception in the child is raised by `result`; `cancel` stops the child (it may be
    writing into a folder about to be dropped).
    """

    def __init__(self, func: Callable[[T], R], arg: T) -> None:
        self._call: Callable[[], R] | None = lambda: func(arg)
        self._child: Any = None
        self._receive: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        self._child, self._receive = _fork(_answer, self._call)
        self._call = None

    def result(self) -> R:
        if self._call is not None:
            return self._call()
        try:
            message = self._receive.recv_bytes()
        except EOFError:
            self._child.join()
            code = self._child.exitcode
            self.cancel()
            raise WorkerLost(f"a forked process ended before sending back its work (exit code {code})") from None
        self._child.join()  # it has sent its last word and is ending
        self.cancel()
        ok, payload = pickle.loads(message)
        if not ok:
            raise payload
        return payload  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Stop the child if it is still working (idempotent); nothing happens where nothing forked."""
        if self._child is None:
            return
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._receive.close()
        self._child = None


def fork_call(func: Callable[[T], R], arg: T) -> Pending[R]:
    """Start `func(arg)` in a forked process now; see `Pending`."""
    return Pending(func, arg)


def _answer(call: Callable[[], Any], send: Any) -> None:
    """A forked process of `Pending`: the call's result, or its error, then the end."""
    try:
        answer = (True, call())
    except BaseException as err:  # noqa: BLE001 - the error goes back to the parent, which raises it
        answer = (False, _picklable(err))
    try:
        send.send(answer)
    except Exception as err:  # noqa: BLE001 - a result that cannot be pickled is reported as an error
        send.send((False, _picklable(err)))
    finally:
        send.close()


def _run(workers: int) -> list[list[Any]]:
    """The results of every chunk of `_job`, in order; process `k` starts on chunk `k`, then all take the next free one."""
    assert _job is not None
    func, items, chunks = _job
    context = multiprocessing.get_context("fork")
    taken = context.Value("l", workers)  # chunks 0 .. workers-1 are each process's first
    done: list[list[Any] | None] = [None] * len(chunks)
    children, inbox = [], []
    try:
        for k in range(1, workers):
            child, receive = _fork(_serve, k, taken)
            children.append(child)
            inbox.append(receive)
        index = 0
        while index < len(chunks):
            done[index] = [func(items[i]) for i in chunks[index]]
            _absorb(inbox, done, wait=False)
            index = _take(taken)
        while inbox:
            _absorb(inbox, done, wait=True)
    except BaseException:
        for child in children:
            child.terminate()  # it may be writing into a folder about to be dropped: stop it now
        raise
    finally:
        with taken.get_lock():
            taken.value = len(chunks)
        for child in children:
            child.join()
        for receive in inbox:
            receive.close()
    lost = [index for index, results in enumerate(done) if results is None]
    if lost:
        codes = ", ".join(str(child.exitcode) for child in children)
        raise WorkerLost(f"a forked process ended before sending back its work (exit codes {codes}; chunks {lost})")
    return done  # type: ignore[return-value]


def _fork(target: Callable[..., None], *args: Any) -> tuple[Any, Any]:
    """A forked process running `target(*args, send)`, and the end of its pipe this process reads from."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    _widen(receive)
    child = context.Process(target=_in_child, args=(target, *args, send), daemon=True)
    child.start()
    send.close()
    return child, receive


def _in_child(target: Callable[..., None], *args: Any) -> None:
    """Run `target` in the forked process, where SIGTERM kills at once again.

    `chronicle` turns SIGTERM into an interruption so that it can tidy up; a child inherits that,
    but the parent's `terminate()` must stop a child mid-write at once, not let it finish its writes.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    target(*args)


def _take(taken: Any) -> int:
    with taken.get_lock():
        index = taken.value
        taken.value = index + 1
    return int(index)


def _serve(first: int, taken: Any, send: Any) -> None:
    """A forked process: compute chunks until none is left, sending each one's results, or the first error."""
    assert _job is not None
    func, items, chunks = _job
    index = first
    try:
        while index < len(chunks):
            send.send((index, [func(items[i]) for i in chunks[index]]))
            index = _take(taken)
    except BaseException as err:  # noqa: BLE001 - every error goes back to the parent, which raises it
        send.send((-1, _picklable(err)))
    finally:
        send.close()


def _picklable(err: BaseException) -> BaseException:
    """`err` if it survives the trip (some exception classes pickle but cannot be rebuilt), else its message."""
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:  # noqa: BLE001 - an exception that cannot travel is sent as its message
        return RuntimeError(f"{type(err).__name__}: {err}")
    return err


# A pipe holds 64 KB unless told otherwise: a child sending a chunk's results (up to 0.6 MB
# when reading 500 sources) would wait until this process has finished its own chunk and
# read them. A pipe of 1 MB (Linux's default limit) takes a whole chunk at once.
PIPE_BYTES = 1 << 20


def _widen(receive: Any) -> None:
    try:
        import fcntl

        fcntl.fcntl(receive.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: the pipe works, only slower
        pass


def _absorb(inbox: list[Any], done: list[list[Any] | None], wait: bool) -> None:
    """Unpickle the children's messages waiting (wait for some if `wait`) into `done`; a child that ended leaves `inbox`."""
    for receive in multiprocessing.connection.wait(inbox, timeout=None if wait else 0):
        try:
            while True:
                message = receive.recv_bytes()
                index, payload = pickle.loads(message)
                if index < 0:
                    raise payload
                done[index] = payload
                if not receive.poll():
                    break
        except EOFError:
            inbox.remove(receive)
            receive.close()
