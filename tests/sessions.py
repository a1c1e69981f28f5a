"""A signed-in session without a trip through the login form, for tests that act as a persona
from outside Django's test client (a browser context, raw requests): the login form is tested
on its own, and going through it for every page would make those tests slow and fragile."""

from __future__ import annotations


def session_cookie(user) -> str:
    """The value of a session cookie that signs `user` in."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value
