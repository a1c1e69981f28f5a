"""Items of a pure generator made by a forked child process, on the other core.

A first registry import is two kinds of Python work: reading and parsing 22,800 records, and
deciding and sending what to store. One thread cannot do both faster than the GIL lets it,
so the reading runs in children made by `fork`: each starts with the file already decoded in
its memory, parses its share, and sends its items here pickled, a block at a time, while this
process decides about the blocks before. Measured on a registry: the parsing left the importing
thread's critical path, and loading a chunk costs a tenth of parsing it.

The child only computes: it must never use what it inherited besides memory (the database
connection above all, which belongs to the parent), so it leaves with `os._exit`, which runs
no finalizer and closes nothing. Where `fork` does not exist (`available`), or for small
inputs, the caller runs the generator itself.
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

_ITEMS, _FAILED, _DONE = 0, 1, 2
_PIPE_BYTES = 1 << 20  # Linux's F_SETPIPE_SZ: a chunk fits, fewer wakeups than with 64 KiB


def available() -> bool:
    """Whether `in_children` can fork here: Linux only (macOS's frameworks are not
    fork-safe)."""
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def in_children(produces: list[Callable[[], Iterable[T]]], block: int) -> Iterator[T]:
    """The items of `produces`, each run by a forked child, taken `block` at a time from each
    in turn: children sharing one input by blocks (the first child blocks 0, n, 2n...) give it
    back in order. An exception in a child is raised here, in order, after the items before
    it; a child that dies is an error, never a short stream; when the caller stops early (an
    exception, a `break`), the children are killed and reaped. A `produce` must not touch the
    database or any shared resource: it runs with a copy of this process's memory."""
    streams: list[_Stream] = []
    try:
        for produce in produces:  # a fork that fails leaves the children before it reaped
            streams.append(_Stream(produce, block))
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
            _child(produce, write_end, block)
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


def _child(
    produce: Callable[[], Iterable[T]], write_end: int, size: int
) -> None:  # pragma: no cover
    status = 0
    try:
        with open(write_end, "wb", buffering=_PIPE_BYTES) as pipe:

            def send(kind: int, payload) -> None:
                pickle.dump((kind, payload), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()

            chunk: list[T] = []
            try:
                for item in produce():
                    chunk.append(item)
                    if len(chunk) >= size:
                        send(_ITEMS, chunk)
                        chunk = []
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
