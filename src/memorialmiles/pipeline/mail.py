"""Every email of the pipeline goes through the messaging outbox (`messaging.outbox.send`):
recorded, delivered by the worker, retried on failure, readable by the organizer. The agency's
invitation is of kind "invitation", which an unsubscribe never silences.
"""

from __future__ import annotations

from memorialmiles.messaging import outbox

INVITATION = "invitation"


def send(template: str, to: str, context: dict, *, event=None, kind: str = ""):
    return outbox.send(template, to, context, event=event, kind=kind)
