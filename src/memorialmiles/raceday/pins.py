"""PINs and links for volunteers: made, shown once, stored only as keyed hashes.

A PIN reads ``12-ABCD-EFGH``: the run's id, then eight characters of the timing join codes'
alphabet (no 0/O, 1/I; 32**8 = 2**40). The run's id is not secret: it lets a failed guess be
counted against the run it aimed at, so guessing at one run locks PIN typing for that run
(its QR link keeps working) while other runs carry on. What decides is the secret part, and
it lives at most ``VOLUNTEER_PIN_HOURS``.

The link carries a separate 192-bit token, so a link seen over a shoulder is not the PIN and
the PIN read aloud is not the link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from memorialmiles.raceday.models import VolunteerPin
from memorialmiles.timing.models import JOIN_CODE_ALPHABET, display_join_code, run_ends_at

SECRET_LENGTH = 8
_NOISE = re.compile(r"[\s\-]+")
_PIN = re.compile(rf"^(\d{{1,18}})([A-Z0-9]{{{SECRET_LENGTH}}})$")


def digest(kind: str, text: str) -> str:
    """A keyed hash: without SECRET_KEY a stolen table cannot be tried offline."""
    key = f"memorialmiles.raceday.{kind}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class NewPin:
    pin: VolunteerPin
    text: str  # 12-ABCD-EFGH, shown once
    link_token: str

    @property
    def path(self) -> str:
        return reverse("raceday_link", args=[self.link_token])


def parse(typed: str) -> tuple[int, str] | None:
    """What a person typed (any case, dashes or spaces or none) -> (run id, secret)."""
    text = _NOISE.sub("", typed or "").upper()
    match = _PIN.match(text) if text.isascii() else None
    if match is None:
        return None
    return int(match.group(1)), match.group(2)


def pin_digest(event_id: int, secret: str) -> str:
    return digest("pin", f"{event_id}:{secret}")


def expiry(event, now: dt.datetime) -> dt.datetime:
    """A PIN lives VOLUNTEER_PIN_HOURS, and never past the end of the run's day."""
    end = now + dt.timedelta(hours=settings.VOLUNTEER_PIN_HOURS)
    run_end = run_ends_at(event)
    if run_end is not None and run_end > now:
        end = min(end, run_end)
    return end


def make_pin(event, role: str, user=None) -> NewPin:
    """A new PIN and link for one role of one run; the role's earlier PIN stops taking new
    phones (phones already in stay in: their passes are separate)."""
    now = timezone.now()
    secret = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(SECRET_LENGTH))
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        for old in VolunteerPin.objects.filter(
            event=event, role=role, revoked_at__isnull=True, expires_at__gt=now
        ):
            old.expires_at = now
            old.save(update_fields=["expires_at"])
        pin = VolunteerPin.objects.create(
            event=event,
            role=role,
            pin_digest=pin_digest(event.pk, secret),
            link_digest=digest("link", token),
            expires_at=expiry(event, now),
            created_by=user if user is not None and user.pk else None,
        )
    return NewPin(pin, f"{event.pk}-{display_join_code(secret)}", token)
