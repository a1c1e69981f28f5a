"""Signed unsubscribe links: the address, and an HMAC of it under the site's secret key.

The token fits the ``<slug:>`` converter (hex signature then URL-safe base64 of the address,
no padding), so a stranger cannot unsubscribe anyone but the address whose mail they hold.
"""

from __future__ import annotations

import base64
import binascii

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from memorialmiles.messaging.models import Unsubscribe
from memorialmiles.messaging.rendering import absolute

SALT = "memorialmiles.messaging.unsubscribe"
SIG_LEN = 32


def _signature(email: str) -> str:
    return salted_hmac(SALT, email, algorithm="sha256").hexdigest()[:SIG_LEN]


def token_for(email: str) -> str:
    email = email.strip().lower()
    encoded = base64.urlsafe_b64encode(email.encode()).decode().rstrip("=")
    return _signature(email) + encoded


def email_from(token: str) -> str | None:
    """The address a token was made for, or None when it was not made by us."""
    signature, encoded = token[:SIG_LEN], token[SIG_LEN:]
    try:
        email = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return email if constant_time_compare(signature, _signature(email)) else None


def url_for(email: str) -> str:
    return absolute(reverse("messaging_unsubscribe", args=[token_for(email)]))


def is_unsubscribed(email: str) -> bool:
    return Unsubscribe.objects.filter(email=email.strip().lower()).exists()


def unsubscribe(email: str) -> bool:
    """True when the address was subscribed until now."""
    _, created = Unsubscribe.objects.get_or_create(email=email.strip().lower())
    return created
