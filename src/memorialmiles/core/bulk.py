"""Fast inserts for imports of tens of thousands of rows.

Django's bulk_create compiles every value through the ORM, and SQLite's limit of 999
parameters splits 22,800 heroes into 700 statements: most of an import's time. Here each
column's adapter is chosen once and the rows go to the driver as they are: a binary COPY on
PostgreSQL, INSERTs of as many rows as SQLite's 32,766 parameters allow. Primary keys are
assigned up front under a lock, so the caller can insert rows that refer to them, and a
`Writer` can store them from a second thread while the caller reads the next ones.
"""

from __future__ import annotations

import contextlib
import gc
import queue
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone
from psycopg.adapt import Dumper
from psycopg.pq import Format
from psycopg.types.json import JsonbBinaryDumper

from memorialmiles.core import freshness


def _adapter(field: models.Field) -> Callable:
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "JSONField":
        return lambda value: ops.adapt_json_value(value, field.encoder)
    if kind == "FileField" or kind == "ImageField":
        return lambda value: str(value or "")
    return lambda value: value


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block: a bulk import of tens of
    thousands of rows makes hundreds of thousands of tuples and dicts that live until it ends,
    and the collections their count set off walked all of them again and again (0.24 s of a
    1.5-s registry import). An import makes no reference cycles of its own; the collector
    resumes when the block ends, and is left alone if something else had paused it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class DeferredIndexes:
    """What `indexes_deferred` dropped, by table: the statements that build it again."""

    def __init__(self, indexes: list[tuple[str, str, str]], keys: list[tuple[str, str, str]]):
        self._indexes = indexes  # (table, name, CREATE INDEX ...)
        self._keys = keys  # (table, name, definition) of PostgreSQL's foreign keys

    def take(self, tables: Sequence[str]) -> list[str]:
        """The statements that build again what was dropped of `tables`, now the caller's to
        run (before the block ends): the indexes first, then the foreign keys they serve."""
        quote = connection.ops.quote_name
        indexes = [sql for table, _, sql in self._indexes if table in tables]
        keys = [
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
            for table, name, definition in self._keys
            if table in tables
        ]
        self._indexes = [i for i in self._indexes if i[0] not in tables]
        self._keys = [k for k in self._keys if k[0] not in tables]
        if indexes and connection.vendor == "postgresql":
            # Checks pending from earlier in the transaction: CREATE INDEX refuses them. Each
            # B-tree is sorted by a parallel worker beside the server's process even for a
            # table under 8 MB (22,800 heroes): the builds run when nothing else does, and
            # the six of the heroes took 225-358 ms (median 247) instead of 257-309 (292).
            indexes = [
                "SET CONSTRAINTS ALL IMMEDIATE",
                "SET LOCAL min_parallel_table_scan_size = 0",
                *indexes,
                "SET LOCAL min_parallel_table_scan_size = DEFAULT",
                "SET CONSTRAINTS ALL DEFERRED",
            ]
        return indexes + keys

    def rest(self) -> list[str]:
        return self.take({table for table, _, _ in [*self._indexes, *self._keys]})


@contextmanager
def sqlite_cache(kib: int = 65_536) -> Iterator[None]:
    """SQLite's page cache raised to `kib` for the block (pages are taken as needed), then put
    back. Its default, 2 MB, is a tenth of what a registry import writes in one transaction,
    so pages spilled to the write-ahead log while rows were still going in: with a large
    cache, the heroes of a registry went in in 160 ms instead of 220."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        if not connection.needs_rollback:  # else the caller's failure is what must surface
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def sqlite_checkpoint_after() -> Iterator[None]:
    """SQLite's checkpoint of the block's transaction run by another thread after the commit,
    instead of by the commit itself. In write-ahead-log mode a commit that leaves more than
    1,000 pages in the log copies them all into the database file and syncs it before it
    returns: 0.10-0.13 s of the 0.16-0.20-s commit of a registry import, on one core, with
    the rows already committed in the log (which, under the site's synchronous=NORMAL, is
    synced at a checkpoint: the thread's, a few milliseconds later, instead of the commit's).
    Around the outermost transaction of a bulk write; inside an outer one the outer commit
    checkpoints as before. A database not in WAL mode (an in-memory one) is left alone."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        yield
        return
    (pages,) = raw.execute("PRAGMA wal_autocheckpoint").fetchone()
    raw.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
        if not connection.in_atomic_block:  # committed (or rolled back: a cheap no-op then)
            checkpoint_soon(str(connection.settings_dict["NAME"]))


def checkpoint_soon(path: str) -> threading.Thread:
    """A passive checkpoint of the SQLite database at `path`, on its own connection and
    thread: it copies what it can of the log without waiting for, or blocking, anyone
    (readers and the next writer go on). What it leaves, the next commit's checkpoint takes."""

    def checkpoint() -> None:
        try:
            with contextlib.closing(sqlite3.connect(path, timeout=0)) as own:
                own.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # the database moved on or went away: the next commit checkpoints

    thread = threading.Thread(target=checkpoint, name="sqlite-checkpoint", daemon=True)
    thread.start()
    return thread


@contextmanager
def indexes_deferred(tables: Sequence[str]) -> Iterator[DeferredIndexes]:
    """The non-unique indexes of `tables` dropped for the block and built again when it ends,
    inside the caller's transaction: sorting the rows once costs less than inserting them into
    each index one by one (22,800 heroes into PostgreSQL: 160 ms of COPY and 209 of indexing
    against 553 of COPY). DDL is transactional on both databases, so no other connection ever
    sees a table without its indexes; DROP INDEX locks the table until the commit, so the
    caller keeps this for a block that at least doubles the table (a first import), when
    there is little to read in the meantime. A block that raises leaves the indexes to the
    rollback, which the caller must then do. The block may build a table's indexes sooner
    (`DeferredIndexes.take`, with `meanwhile`), once its rows are all in.

    On PostgreSQL the tables' foreign keys are dropped too and added back after the rows: one
    join checks every row at once, where a deferred check per row took 150 ms for 45,600 rows
    (and CREATE INDEX refuses a table with such checks pending). SQLite cannot drop a
    constraint; its deferred checks stay per row.
    """
    if not tables:
        yield DeferredIndexes([], [])
        return
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_deferred() must run inside transaction.atomic()")
    postgres = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    keys: list[tuple[str, str, str]] = []
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = "
                "current_schema() AND tablename = ANY(%s) AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                [list(tables)],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM "
                "pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                [list(tables)],
            )
            keys = cursor.fetchall()
            if keys:
                # Checks still pending from earlier in the transaction (a hero saved before the
                # import) make ALTER TABLE refuse the table: run them now, then defer again.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, name, _ in keys:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        else:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS "  # noqa: S608
                f"NOT NULL AND tbl_name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%%'",
                list(tables),
            )
            indexes = cursor.fetchall()
        for _, name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    deferred = DeferredIndexes(indexes, keys)
    yield deferred
    with connection.cursor() as cursor:
        for sql in deferred.rest():
            cursor.execute(sql)


def reserve_ids(model: type[models.Model], count: int) -> range:
    """Ids for `count` new rows; call inside the transaction that inserts them."""
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids() must run inside transaction.atomic()")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")  # noqa: S608
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return range(start, start + count)


def insert_rows(model: type[models.Model], rows: Sequence[dict]) -> None:
    """INSERT plain dicts of attname -> value, each with its "id" already reserved.

    A field a row leaves out takes its default; auto_now fields take the current time.
    """
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    getters = []
    for field in fields:
        adapt = _adapter(field)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamp = adapt(now)
            getters.append(lambda row, stamp=stamp: stamp)
        else:
            name, default = field.attname, field.get_default()
            getters.append(
                lambda row, name=name, default=default, adapt=adapt: adapt(row.get(name, default))
            )
    insert = Insert.of(model, [f.attname for f in fields], constants={})
    _write(insert, (tuple(get(row) for get in getters) for row in rows))
    if connection.vendor == "postgresql":
        move_sequence(model)


def move_sequence(model: type[models.Model]) -> None:
    """PostgreSQL's id sequence moved past rows written with reserved ids."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))",  # noqa: S608
                [model._meta.db_table],
            )


@dataclass(frozen=True)
class Insert:
    """How rows of database-ready values for some of a model's fields are written: the
    statement's columns, the values every row shares at the end (defaults, auto_now), and
    what the database needs to take them in bulk. Made in the caller's thread, since it asks
    Django's connection (which belongs to that thread) for the columns' types."""

    table: str
    columns: tuple[str, ...]
    tail: tuple
    types: tuple[str, ...] | None  # PostgreSQL: each column's type, for a binary COPY
    per_statement: int  # SQLite: rows per INSERT, as many as its parameters allow

    @classmethod
    def of(
        cls,
        model: type[models.Model],
        fields: Sequence[str],
        *,
        constants: dict | None = None,
        raw: dict[str, str] | None = None,
    ) -> Insert:
        """`fields` (attnames) then `raw`, columns the model does not know (name -> type on
        PostgreSQL, each value already in the type's binary form: `tsvector_binary`), then
        `constants` and every other field's default."""
        names = list(fields)
        extra = dict(constants or {})
        now = timezone.now()
        for field in model._meta.concrete_fields:
            name = field.attname
            if name in extra or name in names or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                extra[name] = now
            else:
                extra[name] = field.get_default()
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        tail = tuple(
            None if value is None and by_name[name].null else _adapter(by_name[name])(value)
            for name, value in extra.items()
        )
        columns = [by_name[name] for name in [*names, *extra]]
        raw = raw or {}
        quote = connection.ops.quote_name
        postgres = connection.vendor == "postgresql"
        if not postgres:
            connection.ensure_connection()
            # sqlite3 adapts a bool (not exactly an int) through a Python lookup per value.
            tail = tuple(int(v) if isinstance(v, bool) else v for v in tail)
        types = _binary_types(columns) if postgres else None
        if raw:
            if types is None:
                raise ValueError("raw columns need PostgreSQL's binary COPY of every field")
            types = (*types[: len(names)], *raw.values(), *types[len(names) :])
        names_in_order = [
            *(quote(f.column) for f in columns[: len(names)]),
            *(quote(c) for c in raw),
            *(quote(f.column) for f in columns[len(names) :]),
        ]
        return cls(
            table=quote(model._meta.db_table),
            columns=tuple(names_in_order),
            tail=tail,
            types=types,
            per_statement=0 if postgres else max(1, sqlite_variables() // len(columns)),
        )


def sqlite_variables() -> int:
    """The parameters one SQLite statement may take: 32,766 since SQLite 3.32."""
    raw = connection.connection
    getlimit = getattr(raw, "getlimit", None)  # Python 3.11
    return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit else 999


def _write(insert: Insert, rows: Iterable[Sequence]) -> int:
    """Rows written on this thread's connection, in the caller's transaction; the count."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        raise RuntimeError("bulk writes on PostgreSQL must run inside transaction.atomic()")
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        count = _send(cursor, insert, rows, connection.vendor == "postgresql")
    finally:
        cursor.close()
    if count:
        # Past Django's cursor wrappers: tell the page cache's data version ourselves.
        freshness.wrote(connection, insert.table.strip('"'))
    return count


def _send(cursor, insert: Insert, rows: Iterable[Sequence], postgres: bool) -> int:
    """Rows through the driver's own `cursor`; no Django object is touched, so that a
    `Writer`'s thread can run this.

    PostgreSQL takes them through one binary COPY; SQLite through INSERTs of as many rows as
    its parameters allow: one statement per 1,500 heroes instead of one per hero took 100 ms
    of CPU for 22,800 of them instead of 140 (each statement also checks the foreign keys
    and moves the AUTOINCREMENT counter), and SQLite releases the GIL while it runs one.
    """
    tail = insert.tail
    columns = ", ".join(insert.columns)
    count = 0
    if postgres:
        binary = " (FORMAT BINARY)" if insert.types else ""
        if insert.types:
            cursor.adapters.register_dumper(None, _JsonTextBinaryDumper)
            cursor.adapters.register_dumper(None, _TsvectorBinaryDumper)
        with cursor.copy(f"COPY {insert.table} ({columns}) FROM STDIN{binary}") as copy:  # noqa: S608
            if insert.types:
                copy.set_types(list(insert.types))
            write = copy.write_row
            for row in rows:
                write((*row, *tail))
                count += 1
        return count
    rows = rows if isinstance(rows, list) else list(rows)
    one = "(" + ", ".join(["?"] * len(insert.columns)) + ")"
    statements: dict[int, str] = {}
    for start, size in statement_rows(len(rows), insert.per_statement):
        if size not in statements:
            values = ", ".join([one] * size)
            statements[size] = f"INSERT INTO {insert.table} ({columns}) VALUES {values}"  # noqa: S608
        chunk = rows[start : start + size]
        cursor.execute(statements[size], [value for row in chunk for value in (*row, *tail)])
        count += size
    return count


MAX_STATEMENT_ROWS = 512


def statement_rows(count: int, most: int) -> Iterator[tuple[int, int]]:
    """(start, size) of the multi-row INSERTs that take `count` rows on SQLite, `most` at most
    (as many as its parameters allow), each a power of two up to `MAX_STATEMENT_ROWS`.

    sqlite3 keeps every statement it prepared for the connection's life (128 of them), and a
    prepared INSERT of 1,500 rows of heroes holds 4 MB: with a size for each chunk's rest,
    an import left 40 MB behind in a worker that lives on. Powers of two allow a dozen sizes
    per table, the largest 2 MB; 512 rows per statement was as fast as 1,500."""
    per = 1
    while per * 2 <= min(most, MAX_STATEMENT_ROWS):
        per *= 2
    start = 0
    while start < count:
        size = per
        while size > count - start:
            size //= 2
        yield start, size
        start += size


TSVECTOR_OID = 3614  # PostgreSQL's catalog: the tsvector type, fixed since 8.3
_TYPE_MODIFIER = re.compile(r"\(.*\)")


def _binary_types(fields: Sequence[models.Field]) -> tuple[str, ...] | None:
    """Each column's PostgreSQL type, for a binary COPY, or None to COPY as text when one of
    them is a type psycopg has no binary form of.

    Binary, psycopg sends a row's values as they are in memory instead of printing each as
    text (and the server need not parse them back): 22,800 heroes took 11 ms of CPU instead
    of 73, mostly for the dates and the timestamps. The values must then be of the column's
    Python type (a str is no longer taken for a number)."""
    connection.ensure_connection()
    known = connection.connection.adapters.types
    types = []
    for field in fields:
        name = _TYPE_MODIFIER.sub("", field.db_type(connection) or "").strip()
        if known.get(name) is None:
            return None
        types.append(name)
    return tuple(types)


class _JsonTextBinaryDumper(JsonbBinaryDumper):
    """A jsonb column's value in a binary COPY: JSON already printed (a str) is sent as it is
    (the server reads it), anything else (a dict, Django's Jsonb) printed as psycopg does."""

    def dump(self, obj):
        if isinstance(obj, str):
            return b"\x01" + obj.encode()
        return super().dump(obj)


class _TsvectorBinaryDumper(Dumper):
    """A tsvector column's value in a binary COPY, made by `tsvector_binary`."""

    format = Format.BINARY
    oid = TSVECTOR_OID

    def dump(self, obj: bytes) -> bytes:
        return obj


def tsvector_binary(words: Iterable[str]) -> bytes:
    """`words` as PostgreSQL's tsvector receives them in a binary COPY: the count, then each
    distinct word in byte order, NUL-terminated, with no positions. The server then only
    copies them; with to_tsvector it ran its text-search parser on every row."""
    lexemes = sorted(set(words))
    if not lexemes:
        return bytes(4)
    # Each word, its NUL and its count of positions (two zero bytes), encoded at once.
    return len(lexemes).to_bytes(4, "big") + ("\0\0\0".join(lexemes) + "\0\0\0").encode()


def copy_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    constants: dict | None = None,
) -> int:
    """Insert tuples of database-ready values (``fields`` are attnames, in order); the count.

    For a million rows: PostgreSQL takes them through a binary ``COPY ... FROM STDIN``
    (psycopg 3 formats each row in C), SQLite through INSERTs of many rows each. No per-value
    adapter runs, so a value must already be what the column holds (an int, a str, None; a
    datetime is fine for a DateTimeField). ``constants`` (attname -> value) are the same on
    every row; any other field takes its default, auto_now fields the current time, and the
    id, when not given, comes from the database. Runs in the caller's transaction.
    """
    return _write(Insert.of(model, fields, constants=constants), rows)


class Writer:
    """Rows and statements sent to the database by a second thread, in the order given, while
    the caller's thread goes on deciding what comes next (`writing()`).

    A first registry import is Python reading rows and the database storing them; done one
    after the other, PostgreSQL waited for Python and then Python for PostgreSQL. Here the
    server stores a chunk while Python reads the next one, and builds the indexes while
    Python prints the vocabulary; SQLite, which runs in this process, releases the GIL while
    a statement runs, so it stores rows on the other core too.

    The thread uses the driver's own connection, inside the caller's transaction; Django's
    wrapper belongs to the caller's thread. Until the writer is closed the caller must not
    use the database: the connection is the thread's. A failure is raised in the caller's
    thread at its next call or at the close, so that its transaction rolls back.
    """

    # Each time the thread waits (for the server, for SQLite), it must take the GIL back
    # from the caller's thread, which Python makes it wait for up to the switch interval:
    # 5 ms, several times per chunk. At 0.5 ms the first import of 22,800 heroes took 0.94 s
    # on PostgreSQL instead of 1.05. The interval is the process's; it is put back at the end.
    SWITCH_INTERVAL = 0.0005
    BACKLOG = 12  # rows or statements given and not yet written: about two chunks of an import

    def __init__(self) -> None:
        if not connection.in_atomic_block:
            raise RuntimeError("Writer() must run inside transaction.atomic()")
        connection.ensure_connection()
        self._raw = connection.connection
        self._postgres = connection.vendor == "postgresql"
        # Bounded: a caller faster than the database waits instead of piling up chunks (a
        # registry's whole backlog held 40 MB more at its peak).
        self._queue: queue.Queue = queue.Queue(maxsize=self.BACKLOG)
        self._failed: list[BaseException] = []
        self._tables: set[str] = set()
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="bulk-writer", daemon=True)
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._interval, self.SWITCH_INTERVAL))
        self._thread.start()

    def rows(self, insert: Insert, rows: list[tuple]) -> None:
        self._raise_failure()
        if rows:
            self._tables.add(insert.table.strip('"'))
            self._queue.put((insert, rows))

    def execute(self, statements: Sequence[str | tuple[str, Sequence]], *, writes="") -> None:
        """Statements, each SQL alone (building an index, say) or with its parameters in the
        driver's own style; `writes` names the table they write, if any."""
        self._raise_failure()
        if writes and statements:
            self._tables.add(writes)
        for statement in statements:
            self._queue.put((None, statement))

    def stop(self) -> None:
        """Wait for the thread, dropping what it has not started: the caller is failing."""
        self._failed.append(RuntimeError("stopped"))
        self._join()

    def close(self) -> None:
        """Wait until everything is written; the caller may use the database again."""
        if self._closed:
            return
        self._closed = True
        self._join()
        self._raise_failure()
        for table in self._tables:
            freshness.wrote(connection, table)

    def _join(self) -> None:
        self._queue.put(None)
        self._thread.join()
        sys.setswitchinterval(self._interval)

    def _raise_failure(self) -> None:
        if self._failed:
            with connection.wrap_database_errors:  # the driver's error as Django's
                raise self._failed[0]

    def _work(self) -> None:
        cursor = self._raw.cursor()
        try:
            while (item := self._queue.get()) is not None:
                if self._failed:
                    continue  # what comes after a failure is not run
                insert, work = item
                try:
                    if insert is None:
                        cursor.execute(*([work] if isinstance(work, str) else work))
                    else:
                        _send(cursor, insert, work, self._postgres)
                except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
                    self._failed.append(exc)
        finally:
            cursor.close()


@contextmanager
def writing() -> Iterator[Writer]:
    """A `Writer` for the block, closed (everything written) when the block ends; a block that
    raises stops it first, so that nothing runs on the connection during the rollback."""
    writer = Writer()
    try:
        yield writer
    except BaseException:
        writer.stop()
        raise
    writer.close()
