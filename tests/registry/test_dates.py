"""Dates as memorial registries write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from memorialmiles.registry import DateError, dates, parse_date


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


def _general(text: str) -> object:
    """What the regular expressions make of `text`: a date, None, or the refusal's message."""
    try:
        return dates._parse.__wrapped__(text.strip(), None)
    except DateError as exc:
        return str(exc)


def _fast(text: str) -> object:
    try:
        return parse_date(text)
    except DateError as exc:
        return str(exc)


_month_names = [name for name in dates._MONTHS] + ["Janury", "Sept.", "MAY", "Dec", "may"]
_odmp = st.builds(
    "EOW: {}, {} {}, {}".format,
    st.sampled_from(["Friday", "monday", "SUNDAY", "Fri", "", "Day2", "Wed."]),
    st.sampled_from(_month_names)
    .map(lambda m: st.sampled_from([m, m.title(), m.upper()]))
    .flatmap(lambda s: s),
    st.one_of(st.integers(0, 40).map(str), st.sampled_from(["01", "007", "1st", "31th", "３"])),
    st.one_of(st.integers(0, 12000).map(str), st.sampled_from(["0999", "19 9", "１９９９"])),
)
_iso = st.builds(
    "{}-{}-{}".format,
    st.one_of(
        st.integers(0, 9999).map("{:04d}".format), st.sampled_from(["99", "+999", "１９９９"])
    ),
    st.one_of(st.integers(0, 19).map("{:02d}".format), st.sampled_from(["1", "+1", " 1", "1_"])),
    st.one_of(st.integers(0, 39).map("{:02d}".format), st.sampled_from(["1", "-1", "3 "])),
)


@given(st.one_of(_odmp, _iso, _odmp.map(lambda t: t.replace(" ", "  ", 1)), st.dates().map(str)))
def test_the_common_forms_read_as_the_regular_expressions_read_them(text):
    """ISO and ODMP dates skip the regular expressions; any they cannot take goes the long way,
    so every one of them reads, or is refused, exactly as the general parser does."""
    assert _fast(text) == _general(text)
