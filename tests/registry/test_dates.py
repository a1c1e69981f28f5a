"""Dates as memorial registries write them."""

from __future__ import annotations

from datetime import date

import pytest

from memorialmiles.registry import DateError, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "1999-12-31",
        "EOW: Friday, December 31, 1999",
        "Dec 31, 1999",
        "Dec. 31, 1999",
        "December 31, 1999",
        "31 December 1999",
        "12/31/1999",
        " 1999-12-31 00:00:00 ",
    ],
)
def test_it_reads_the_date_forms_registries_use(text):
    assert parse_date(text) == date(1999, 12, 31)


def test_it_reads_unknown_as_none():
    assert parse_date("") is None
    assert parse_date("Not available") is None


def test_it_uses_an_explicit_format():
    assert parse_date("31.12.1999", "%d.%m.%Y") == date(1999, 12, 31)
    with pytest.raises(DateError, match="does not match"):
        parse_date("1999-12-31", "%d.%m.%Y")


@pytest.mark.parametrize("text", ["someday", "13/01/1999", "Febtember 3, 1999", "1999-02-29"])
def test_it_refuses_what_it_cannot_read(text):
    with pytest.raises(DateError):
        parse_date(text)
