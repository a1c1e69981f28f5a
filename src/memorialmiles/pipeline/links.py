"""The agency's passwordless link: Django's signing, with expiry, for one run only.

The token signs the plan's id and its current nonce with a salt of its own, then is written
in base64url so it fits a `<slug:...>` path. It opens nothing but that plan's page; it stops
working when it expires, when the organizer sends a new invitation (a new nonce), and for any
change once the run is approved.
"""

from __future__ import annotations

import base64
import binascii

from django.core import signing
from django.utils import timezone

from memorialmiles.pipeline.models import MilePlan

SALT = "memorialmiles.pipeline.invite"


class LinkRefused(Exception):
    """The link cannot be used; `reason` is what the liaison reads."""

    def __init__(self, reason: str, *, status: int = 404) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def make_token(plan: MilePlan) -> str:
    signed = signing.dumps({"p": plan.pk, "n": plan.invite_nonce}, salt=SALT, compress=True)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_token(token: str) -> MilePlan:
    """The plan the link opens, or LinkRefused saying why."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        data = signing.loads(signed, salt=SALT)
    except (binascii.Error, UnicodeDecodeError, ValueError, signing.BadSignature):
        raise LinkRefused("This link is not one we sent.") from None
    plan = (
        MilePlan.objects.select_related("event").filter(pk=data.get("p")).first()
        if isinstance(data, dict) and isinstance(data.get("p"), int)
        else None
    )
    if plan is None or plan.invite_nonce != data.get("n"):
        raise LinkRefused(
            "This link was replaced by a newer invitation: use the latest email we sent.",
            status=410,
        )
    if plan.invite_expires_at is None or plan.invite_expires_at < timezone.now():
        raise LinkRefused("This link has expired. Ask the organizer to send a new one.", status=410)
    return plan
