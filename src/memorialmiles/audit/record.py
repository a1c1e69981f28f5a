"""Audit entries for writes that model signals never see.

A queryset ``update()``, ``bulk_create``, ``bulk_update`` and the COPY of ``core.bulk`` change
rows without a save, so auditlog's signals miss them. Each such write calls one of these in
the same transaction: ``change`` for one row, ``bulk`` for one entry per bulk operation (with
its counts and the id of what stands for it: the import run, the device), ``rows`` for one
entry per row when that is cheap (heroes a registry re-import updated). Nothing changes
without a trace.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog import get_logentry_model
from auditlog.cid import get_cid
from django.contrib.contenttypes.models import ContentType
from django.utils.encoding import smart_str

from memorialmiles.audit import actors
from memorialmiles.audit.tracked import run_of

CREATE, UPDATE, DELETE = 0, 1, 2


def _text(changes: dict[str, Iterable]) -> dict[str, list[str]]:
    """auditlog's text form: each field's [before, after] as strings, "None" for nothing."""
    return {name: [smart_str(v) for v in pair] for name, pair in changes.items()}


def _extra(instance, data: dict) -> dict:
    event = run_of(instance)
    return {**({"event": event} if event is not None else {}), **data}


def change(instance, changes: dict[str, Iterable], *, action: int = UPDATE, **data):
    """One entry for one row written without a save; ``changes`` is field -> (before, after)."""
    return get_logentry_model().objects.log_create(
        instance,
        action=action,
        changes=_text(changes),
        additional_data=_extra(instance, data),
        force_log=True,
    )


def bulk(target, operation: str, counts: dict[str, int], *, action: int = UPDATE, **data):
    """One entry for a bulk write, on the object that stands for it (an import run, a device).

    The counts show in the back office as the entry's changes; ``data`` (ids, ranges) is kept
    in ``additional_data`` beside the operation's name.
    """
    changes = {name: ["", count] for name, count in counts.items()}
    return change(target, changes, action=action, bulk=operation, counts=counts, **data)


def rows(model, items: Iterable[tuple[int, str, dict]], operation: str, **data) -> int:
    """One UPDATE entry per row ``(pk, repr, changes)``, written in one bulk insert."""
    LogEntry = get_logentry_model()
    content_type = ContentType.objects.get_for_model(model)
    # A bulk insert sends no signal, so the entry is filled in here as auditlog would.
    who = actors.current()
    shared = {
        "content_type": content_type,
        "action": UPDATE,
        "actor_id": who.get("id") if who["kind"] == "user" else None,
        "cid": get_cid(),
        "additional_data": {"actor": who, "bulk": operation, **data},
    }
    entries = [
        LogEntry(object_pk=str(pk), object_id=pk, object_repr=text, changes=_text(diff), **shared)
        for pk, text, diff in items
    ]
    LogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
