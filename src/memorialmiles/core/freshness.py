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

Per table. A write moves the number of the table it writes (`INSERT INTO "t"`, `UPDATE "t"`,
`DELETE FROM "t"`; a write it cannot name moves `*`, which every page depends on), and a page
being made notes the tables its SELECTs read (`reading`): it is kept under the numbers of
those tables and `*`, so a timing tap or a live position does not throw away the honor wall.
`current()` is all the numbers at once (any write moves it).

Where the numbers live: with `REDIS_URL`, in one Redis hash (HINCRBY, shared by every app
server). Without it the cache is each process's own memory, so the numbers must still be
shared by the processes of one machine (`serve --workers 2`): a small file in the data folder,
replaced atomically. Lost numbers (Redis evicted the hash, the file was deleted) start again
with `*` from the clock in nanoseconds, far past any number used before, so an old entry can
never match them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created

VERSION_KEY = "mm:data-versions"
ALL = "*"  # moved by a write to a table we cannot name; every page depends on it
# Writes to these tables change no page: a session saved at login or by a share link's grant,
# and the background queue's own rows (a job queued, claimed, done; a share card asked for by a
# crawler): the work a task does writes other tables, and those move their own numbers.
QUIET_TABLES = ('"django_session"', '"jobs_job"', '"django_tasks_database_dbtaskresult"')
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_WRITTEN = re.compile(
    r'\s*(?:(?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?(\w+)',
    re.I,
)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)', re.I)
# This thread's connection wrote inside a transaction since the number last moved.
_pending = threading.local()


def _shared_in_cache() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _path() -> Path:
    return Path(settings.DATA_DIR) / "data-versions"


_parsed: dict[bytes, dict[str, str]] = {}  # the file's bytes -> its numbers (read per request)


def _parse(raw: bytes) -> dict[str, str]:
    numbers = _parsed.get(raw)
    if numbers is None:
        numbers = dict(line.split(" ", 1) for line in raw.decode().splitlines() if " " in line)
        if len(_parsed) > 64:
            _parsed.clear()
        _parsed[raw] = numbers
    return numbers


def _read_file() -> dict[str, str]:
    name = os.path.join(settings.DATA_DIR, "data-versions")  # every request: no pathlib
    for _ in range(2):
        try:
            fd = os.open(name, os.O_RDONLY)
        except FileNotFoundError:
            _bump_file({ALL})
            continue
        try:
            raw = b""
            while chunk := os.read(fd, 1 << 16):
                raw += chunk
        finally:
            os.close(fd)
        numbers = _parse(raw)
        if ALL in numbers:
            return numbers
        _bump_file({ALL})
    raise RuntimeError(f"{name}: cannot be read back")


def _bump_file(tables: Iterable[str]) -> None:
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            numbers = dict(_parse(path.read_bytes()))
        except FileNotFoundError:
            numbers = {}
        if ALL not in numbers:
            numbers = {ALL: str(time.time_ns())}  # lost: from the clock, past every old one
        for table in tables:
            numbers[table] = str(int(numbers.get(table, "0")) + 1)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text("".join(f"{k} {v}\n" for k, v in numbers.items()))
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


def _bump_cache(tables: Iterable[str]) -> None:
    pipe = _client().pipeline()  # one round trip, applied as one (MULTI)
    pipe.hsetnx(_key(), ALL, time.time_ns())  # missing (evicted, flushed): from the clock
    for table in tables:
        pipe.hincrby(_key(), table, 1)
    pipe.execute()


def bump(tables: Iterable[str] = (ALL,)) -> None:
    """The data of these tables changed (by default: of any table, every page is obsolete)."""
    if _shared_in_cache():
        _bump_cache(tables)
    else:
        _bump_file(tables)


def _flush_pending() -> None:
    """This thread's own uncommitted writes are seen by itself at once."""
    tables = getattr(_pending, "tables", None)
    if tables:
        _pending.tables = set()
        bump(tables)


def everything() -> dict[str, str]:
    """Every table's number and `*` now, as seen by this thread."""
    _flush_pending()
    if _shared_in_cache():
        client = _client()
        found = client.hgetall(_key())
        if ALL.encode() not in found:
            _bump_cache(())
            found = client.hgetall(_key())
        return {k.decode(): v.decode() for k, v in found.items()}
    return _read_file()


def project(found: dict[str, str], tables: tuple[str, ...]) -> tuple:
    """The numbers of `*` and these tables out of `everything()`."""
    return (found[ALL], *(found.get(t) for t in tables))


def numbers(tables: tuple[str, ...]) -> tuple:
    """The numbers of `*` and these tables now, as seen by this thread (one read)."""
    _flush_pending()
    if _shared_in_cache():
        names = (ALL, *tables)
        found = _client().hmget(_key(), names)
        if found[0] is None:
            _bump_cache(())
            found = _client().hmget(_key(), names)
        return tuple(None if v is None else v.decode() for v in found)
    return project(_read_file(), tables)


def current() -> str:
    """All the numbers now, as one string (any write moves it)."""
    return repr(sorted(everything().items()))


@contextlib.contextmanager
def reading() -> Iterator[set[str]]:
    """Note the tables this thread's queries read meanwhile (into the set it yields)."""
    tables: set[str] = set()
    before = getattr(_pending, "reads", None)
    _pending.reads = tables
    try:
        yield tables
    finally:
        _pending.reads = before


def writes_seen() -> int:
    """How many writes this thread has made: a page whose making wrote is not kept."""
    return getattr(_pending, "count", 0)


def is_write(sql) -> bool:
    if not isinstance(sql, str):
        return False
    head = sql.lstrip()[:60]
    return head[:7].upper().startswith(_WRITES) and not any(t in head for t in QUIET_TABLES)


def written_table(sql: str) -> str:
    """The table a write statement writes, or `*` when it cannot be named."""
    found = _WRITTEN.match(sql)
    return found.group(1) if found else ALL


class _Commit:
    """The tables one transaction wrote, moved again once it commits."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self) -> None:
        bump(self.tables)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_write(sql):
        wrote(context["connection"], written_table(sql))
    else:
        reads = getattr(_pending, "reads", None)
        if reads is not None and isinstance(sql, str):
            reads.update(_READ.findall(sql))
    return result


def uncommitted(conn, table: str) -> bool:
    """Whether `conn` has written `table` (or a table it could not name) in a transaction
    not committed yet: what it reads of that table now, a rollback may take back."""
    commit = _pending_commit(conn)
    return commit is not None and bool(commit.tables & {table, ALL})


def _pending_commit(conn) -> _Commit | None:
    """The tables `conn`'s open transaction wrote, to be moved when it commits, if it wrote
    any (a rolled-back savepoint takes its callback, and so its tables, with it)."""
    commit = getattr(conn, "_mm_commit", None)
    registered = commit is not None and any(func is commit for _, func, _ in conn.run_on_commit)
    return commit if conn.in_atomic_block and registered else None


def wrote(conn, table: str) -> None:
    """Count a write to `table` on `conn`: its number moves once the write is committed.

    Called by the watcher for every statement, and by what writes past it (PostgreSQL's COPY
    in core.bulk goes through psycopg's own cursor, which no Django wrapper sees)."""
    _pending.count = getattr(_pending, "count", 0) + 1
    if conn.in_atomic_block:
        pending = getattr(_pending, "tables", None)
        if pending is None:
            pending = _pending.tables = set()
        pending.add(table)
        commit = _pending_commit(conn)
        if commit is None:
            commit = conn._mm_commit = _Commit()
            conn.on_commit(commit)
        commit.tables.add(table)
    else:
        bump((table,))  # autocommit: the statement is already committed


def _install(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Watch every connection, those open already and those to come (called at app start)."""
    connection_created.connect(_install, dispatch_uid="memorialmiles.freshness")
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):
            _install(None, conn)
