"""Items of a pure generator made by a forked child process, on the other core.

A first registry import is two kinds of Python work: reading and parsing 22,800 records, and
deciding and sending what to store. One thread cannot do both faster than the GIL lets it,
so the reading runs in a child made by `fork`: it starts with the file already decoded in its
memory, parses, and sends its items here pickled, a chunk at a time, while this process
decides about the chunk before. Measured on a registry: the parsing left the importing
thread's critical path, and loading a chunk costs a tenth of parsing it.

The child only computes: it must never use what it inherited besides memory (the database
connection above all, which belongs to the parent), so it leaves with `os._exit`, which runs
no finalizer and closes nothing. Where `fork` does not exist, or for small inputs, the
generator simply runs here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

CHUNK = 1000
FIRST_CHUNK = 100  # the first items arrive at once, so the parent starts without waiting
_ITEMS, _FAILED, _DONE = 0, 1, 2
_PIPE_BYTES = 1 << 20  # Linux's F_SETPIPE_SZ: a chunk fits, fewer wakeups than with 64 KiB


def available() -> bool:
    """Whether `in_child` forks here: Linux only (macOS's frameworks are not fork-safe)."""
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def in_child(produce: Callable[[], Iterable[T]], *, fork: bool = True) -> Iterator[T]:
    """The items of `produce()`, computed in a forked child when `fork` and `available()`.

    An exception in the child is raised here, in order, after the items before it; when the
    caller stops early (an exception, a `break`), the child is killed. `produce` must not
    touch the database or any shared resource: it runs with a copy of this process's memory.
    """
    if not (fork and available()):
        yield from produce()
        return
    read_end, write_end = os.pipe()
    with contextlib.suppress(OSError, AttributeError):
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its behaviour is tested through the parent
        os.close(read_end)
        _child(produce, write_end)
    os.close(write_end)
    done = False
    try:
        with open(read_end, "rb", buffering=_PIPE_BYTES) as pipe:
            while not done:
                try:
                    kind, payload = pickle.load(pipe)  # noqa: S301 - our own child, our pipe
                except EOFError:  # killed, or out of memory: never a short import
                    raise RuntimeError("the reading process ended before the last row") from None
                if kind == _FAILED:
                    done = True
                    raise payload
                done = kind == _DONE
                yield from payload
    finally:
        if not done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def in_children(produces: list[Callable[[], Iterable[T]]], block: int) -> Iterator[T]:
    """The items of several children, each giving `block` items per turn, in turns: the
    children of `produces` share one input by blocks (the first child blocks 0, n, 2n...).
    Errors and early stops as in `in_child`."""
    streams = [_Stream(produce, block) for produce in produces]
    try:
        while any(not s.done for s in streams):
            for stream in streams:
                if not stream.done:
                    yield from stream.next_chunk()
    finally:
        for stream in streams:
            stream.close()


class _Stream:
    """One forked child's chunks, read one at a time."""

    def __init__(self, produce: Callable[[], Iterable], block: int) -> None:
        read_end, write_end = os.pipe()
        with contextlib.suppress(OSError, AttributeError):
            import fcntl

            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child
            os.close(read_end)
            _child(produce, write_end, first=block, size=block)
        os.close(write_end)
        self.pipe = open(read_end, "rb", buffering=_PIPE_BYTES)  # noqa: SIM115 - closed by close
        self.done = False
        self.reaped = False

    def next_chunk(self) -> list:
        try:
            kind, payload = pickle.load(self.pipe)  # noqa: S301 - our own child, our pipe
        except EOFError:
            raise RuntimeError("the reading process ended before the last row") from None
        if kind == _FAILED:
            self.done = True
            raise payload
        self.done = kind == _DONE
        return payload

    def close(self) -> None:
        if not self.done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self.pipe.close()
        if not self.reaped:
            os.waitpid(self.pid, 0)
            self.reaped = True


def _child(  # pragma: no cover
    produce: Callable[[], Iterable[T]], write_end: int, first: int = FIRST_CHUNK, size: int = CHUNK
) -> None:
    status = 0
    try:
        with open(write_end, "wb", buffering=_PIPE_BYTES) as pipe:

            def send(kind: int, payload) -> None:
                pickle.dump((kind, payload), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()

            chunk: list[T] = []
            limit = first
            try:
                for item in produce():
                    chunk.append(item)
                    if len(chunk) >= limit:
                        send(_ITEMS, chunk)
                        chunk, limit = [], size
            except Exception as exc:  # noqa: BLE001 - raised again in the parent, in order
                send(_ITEMS, chunk)
                try:
                    pickle.loads(pickle.dumps(exc))  # noqa: S301 - one the parent can rebuild
                except Exception:  # noqa: BLE001
                    exc = RuntimeError(f"{type(exc).__name__}: {exc}")
                send(_FAILED, exc)
            else:
                send(_DONE, chunk)
    except BaseException:  # noqa: BLE001 - the parent was killed or stopped reading
        status = 1
    finally:
        os._exit(status)
