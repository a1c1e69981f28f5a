"""Fast inserts for imports of tens of thousands of rows.

Django's bulk_create compiles every value through the ORM, and SQLite's limit of 999
parameters splits 22,800 heroes into 700 statements: most of an import's time. Here each
column's adapter is chosen once and the rows go to the driver in one executemany. Primary keys
are assigned up front under a lock, so the caller can insert rows that refer to them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connection, models
from django.utils import timezone


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
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    values = [tuple(get(row) for get in getters) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))",  # noqa: S608
                [model._meta.db_table],
            )
