"""The data version: one number that moves whenever anything a public page shows may change.

Pages and JSON kept in the shared cache (core/pagecache.py) are stored beside the version they
were made at and served only while it is still current, so a cached page is never older than
the data. Rather than trust every write path to remember to invalidate (a timing sync, a
correction, a chip import, an admin edit, a registry import, `queryset.update()`,
`bulk_create()`...), the database connection itself watches its statements: any INSERT, UPDATE
or DELETE, except on the session table, moves the version.

When it moves matters. A reader that sees the new version before the writer's transaction is
committed would cache the old data under the new number and serve it until the next write; so
the version moves again once the transaction commits (`on_commit`). Between the statement and
the commit another process may cache the old data, but only under a number the commit makes
obsolete. The writer's own thread, inside its transaction (a test, a view that writes then
reads a cached page), sees its writes at once: `current()` moves the version first when the
connection holds uncommitted writes.

Where the number lives: with `REDIS_URL`, in Redis (INCR, shared by every app server). Without
it the cache is each process's own memory, so the number must still be shared by the processes
of one machine (`serve --workers 2`): a small file in the data folder, replaced atomically.
A lost number (Redis evicted it, the file was deleted) starts again from the clock in
nanoseconds, far past any number used before, so an old entry can never match it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created

VERSION_KEY = "mm:data-version"
# Writes to these tables change no page: a session saved at login or by a share link's grant,
# and the background queue's own rows (a job queued, claimed, done; a share card asked for by a
# crawler): the work a task does writes other tables, and those move the version.
QUIET_TABLES = ('"django_session"', '"jobs_job"', '"django_tasks_database_dbtaskresult"')
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# This thread's connection wrote inside a transaction since the number last moved.
_pending = threading.local()


def _shared_in_cache() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _path() -> Path:
    return Path(settings.DATA_DIR) / "data-version"


def _read_file() -> str:
    name = os.path.join(settings.DATA_DIR, "data-version")  # every request: no pathlib
    try:
        fd = os.open(name, os.O_RDONLY)
    except FileNotFoundError:
        _bump_file()
        fd = os.open(name, os.O_RDONLY)
    try:
        return os.read(fd, 64).decode()
    finally:
        os.close(fd)


def _bump_file() -> None:
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            number = int(path.read_text()) + 1
        except (FileNotFoundError, ValueError):
            number = time.time_ns()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(str(number))
        os.replace(tmp, path)  # a reader sees the old file or the new one, never half of one


_redis: dict = {}


def _client():
    """One Redis client per process and address, made once: Django's cache makes a new client
    object for every operation, which cost more CPU than the page it served."""
    location = settings.CACHES["default"]["LOCATION"]
    client = _redis.get(location)
    if client is None:
        import redis

        client = _redis[location] = redis.Redis.from_url(location)
    return client


def _key() -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:{VERSION_KEY}"


def _bump_cache() -> None:
    pipe = _client().pipeline()  # one round trip, applied as one (MULTI)
    pipe.set(_key(), time.time_ns(), nx=True)  # missing (evicted, flushed): from the clock
    pipe.incr(_key())
    pipe.execute()


def bump() -> None:
    """The data changed: every cached page is obsolete."""
    if _shared_in_cache():
        _bump_cache()
    else:
        _bump_file()


def current() -> str:
    """The version now, as seen by this thread (its own uncommitted writes included)."""
    if getattr(_pending, "writes", False):
        _pending.writes = False
        bump()
    if _shared_in_cache():
        number = _client().get(_key())
        if number is None:
            _bump_cache()
            number = _client().get(_key())
        return number.decode()
    return _read_file()


def writes_seen() -> int:
    """How many writes this thread has made: a page whose making wrote is not kept."""
    return getattr(_pending, "count", 0)


def _after_commit() -> None:
    bump()


def is_write(sql) -> bool:
    if not isinstance(sql, str):
        return False
    head = sql.lstrip()[:60]
    return head[:7].upper().startswith(_WRITES) and not any(t in head for t in QUIET_TABLES)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_write(sql):
        _pending.count = getattr(_pending, "count", 0) + 1
        conn = context["connection"]
        if conn.in_atomic_block:
            _pending.writes = True
            if not any(func is _after_commit for _, func, _ in conn.run_on_commit):
                conn.on_commit(_after_commit)
        else:
            bump()  # autocommit: the statement is already committed
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Watch every connection, those open already and those to come (called at app start)."""
    connection_created.connect(_install, dispatch_uid="memorialmiles.freshness")
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):
            _install(None, conn)
