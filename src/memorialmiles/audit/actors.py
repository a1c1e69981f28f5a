"""Who is acting right now, for the audit trail: a user, a timing device, a stranger, or no one.

django-auditlog's middleware links each entry to the signed-in user. A phone has no user: its
device token is its credential, so the device is named here instead; a runner cancelling from
their own link is a stranger, and a command run on the server is the system. The description
lands in each entry's ``additional_data["actor"]`` (see ``tracked``), so an entry never reads
"system" for something a person or a phone did.
"""

from __future__ import annotations

from contextvars import ContextVar

_acting: ContextVar[dict | None] = ContextVar("memorialmiles_audit_actor", default=None)

SYSTEM = {"kind": "system"}
ANONYMOUS = {"kind": "anonymous"}


def describe_user(user) -> dict:
    if user is None or not getattr(user, "is_authenticated", False):
        return dict(ANONYMOUS)
    return {"kind": "user", "id": user.pk, "username": user.get_username()}


def describe_device(device) -> dict:
    return {"kind": "device", "id": device.pk, "name": device.name, "event": device.event_id}


def current() -> dict:
    return dict(_acting.get() or SYSTEM)


def set_acting(description: dict):
    """Name who acts until ``reset(token)``; returns the token."""
    return _acting.set(description)


def reset(token) -> None:
    _acting.reset(token)


def device_acts(device) -> None:
    """Called where a device token is accepted: the rest of the request acts as that phone.

    The request middleware resets it when the request ends.
    """
    _acting.set(describe_device(device))


def label(entry) -> str:
    """Who did it, in words, for the back office."""
    who = (entry.additional_data or {}).get("actor") or {}
    kind = who.get("kind")
    if entry.actor_id:
        return str(entry.actor)
    if kind == "user":
        return f"{who.get('username')} (account since deleted)"
    if kind == "device":
        return f"timing device “{who.get('name')}” (#{who.get('id')})"
    if kind == "anonymous":
        return "anonymous visitor (a runner's own link)"
    return "system (command line or import)"
