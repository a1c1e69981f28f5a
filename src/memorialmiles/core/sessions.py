"""Django's database sessions, looking up only keys Django could have made.

A session key is 32 lowercase letters and digits. A forged cookie reaches the look-up as it
came, NUL included once a quoted cookie's octal escape is read ("abc\\000"), and PostgreSQL
refuses NUL in text: the visitor got a 500 on every page. Any other key is an unknown session.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseStore):
    def _validate_session_key(self, key):
        return (
            bool(super()._validate_session_key(key)) and len(key) <= 40 and set(key) <= _KEY_CHARS
        )
