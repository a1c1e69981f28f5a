"""Fast inserts for imports of tens of thousands of rows.

Django's bulk_create compiles every value through the ORM, and SQLite's limit of 999
parameters splits 22,800 heroes into 700 statements: most of an import's time. Here each
column's adapter is chosen once and the rows go to the driver in one executemany. Primary keys
are assigned up front under a lock, so the caller can insert rows that refer to them.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone
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
            # Checks pending from earlier in the transaction: CREATE INDEX refuses them.
            indexes = ["SET CONSTRAINTS ALL IMMEDIATE", *indexes, "SET CONSTRAINTS ALL DEFERRED"]
        return indexes + keys

    def rest(self) -> list[str]:
        return self.take({table for table, _, _ in [*self._indexes, *self._keys]})


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


@contextmanager
def meanwhile(statements: Sequence[str]) -> Iterator[None]:
    """`statements` (SQL without parameters) run on this connection by a second thread while
    the block runs Python that needs no database; raised from when the block ends, if one
    fails, so that the caller's transaction rolls back.

    Building indexes is the database's work alone: in C with the GIL released on SQLite, in
    the server on PostgreSQL. Printing the rows that come next is Python's. A first import
    does both side by side, on two cores, instead of one after the other. The block must not
    touch the database: the connection is the thread's until the block ends, and the thread
    uses the driver's own connection (in the caller's transaction), not Django's wrapper,
    which belongs to the caller's thread.
    """
    if not statements:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("meanwhile() must run inside transaction.atomic()")
    raw = connection.connection
    failed: list[BaseException] = []

    def run() -> None:
        cursor = raw.cursor()
        try:
            for sql in statements:
                cursor.execute(sql)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            failed.append(exc)
        finally:
            cursor.close()

    thread = threading.Thread(target=run, name="memorialmiles-meanwhile")
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if failed:
        with connection.wrap_database_errors:  # the driver's error as Django's, as elsewhere
            raise failed[0]


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
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [connection.ops.quote_name(f.column) for f in fields]
    with connection.cursor() as cursor:
        _write(cursor, table, columns, (tuple(get(row) for get in getters) for row in rows), fields)
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))",  # noqa: S608
                [model._meta.db_table],
            )


def _write(
    cursor, table: str, columns: list[str], rows: Iterable[tuple], fields: Sequence[models.Field]
) -> int:
    """Send rows of database-ready values: COPY on PostgreSQL, batched executemany elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        if not connection.in_atomic_block:
            raise RuntimeError("bulk writes on PostgreSQL must run inside transaction.atomic()")
        types = _binary_types(fields)
        binary = " (FORMAT BINARY)" if types else ""
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN{binary}"  # noqa: S608
        raw = cursor.cursor
        if types:
            raw.adapters.register_dumper(None, _JsonTextBinaryDumper)
        with raw.copy(sql) as copy:
            if types:
                copy.set_types(types)
            write = copy.write_row
            for row in rows:
                write(row)
                count += 1
        if count:
            # COPY goes past Django's wrappers: tell the page cache's data version itself.
            freshness.wrote(connection, table.strip('"'))
        return count
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 50_000:
            cursor.executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


_TYPE_MODIFIER = re.compile(r"\(.*\)")


def _binary_types(fields: Sequence[models.Field]) -> list[str] | None:
    """Each column's PostgreSQL type, for a binary COPY, or None to COPY as text when one of
    them is a type psycopg has no binary form of.

    Binary, psycopg sends a row's values as they are in memory instead of printing each as
    text (and the server need not parse them back): 22,800 heroes took 11 ms of CPU instead
    of 73, mostly for the dates and the timestamps. The values must then be of the column's
    Python type (a str is no longer taken for a number)."""
    known = connection.connection.adapters.types
    types = []
    for field in fields:
        name = _TYPE_MODIFIER.sub("", field.db_type(connection) or "").strip()
        if known.get(name) is None:
            return None
        types.append(name)
    return types


class _JsonTextBinaryDumper(JsonbBinaryDumper):
    """A jsonb column's value in a binary COPY: JSON already printed (a str) is sent as it is
    (the server reads it), anything else (a dict, Django's Jsonb) printed as psycopg does."""

    def dump(self, obj):
        if isinstance(obj, str):
            return b"\x01" + obj.encode()
        return super().dump(obj)


def copy_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    constants: dict | None = None,
) -> int:
    """Insert tuples of database-ready values (``fields`` are attnames, in order); the count.

    For a million rows: PostgreSQL takes them through ``COPY ... FROM STDIN`` (psycopg 3
    formats each row in C), SQLite through one ``executemany`` of plain tuples. No per-value
    adapter runs, so a value must already be what the column holds (an int, a str, None; a
    datetime is fine for a DateTimeField). ``constants`` (attname -> value) are the same on
    every row; any other field takes its default, auto_now fields the current time, and the
    id, when not given, comes from the database. Runs in the caller's transaction.
    """
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
    table = connection.ops.quote_name(model._meta.db_table)
    cols = [connection.ops.quote_name(by_name[name].column) for name in [*names, *extra]]
    columns = [by_name[name] for name in [*names, *extra]]
    with connection.cursor() as cursor:
        return _write(cursor, table, cols, ((*row, *tail) for row in rows), columns)
