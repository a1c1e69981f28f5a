"""The `<id:...>` path converter: a positive id that fits a 64-bit key, or no match (404).

Django's `<int:...>` takes any number of digits, so `/agencies/99999999999999999999/` reached
the view and the database; this one answers 404 in the resolver, on SQLite and PostgreSQL
alike. Registered once, on import; every urls.py imports it before using `<id:...>`.
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest BigAutoField key on SQLite and PostgreSQL


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not an id")  # the resolver treats it as no match
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
