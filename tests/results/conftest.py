from datetime import UTC, datetime, timedelta

import pytest

from memorialmiles.results import Entry, Read, Start

GUN = datetime(2025, 5, 1, 17, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return GUN + timedelta(seconds=seconds)


@pytest.fixture(name="at")
def at_fixture():
    return at


@pytest.fixture
def gun():
    return GUN


@pytest.fixture
def entries():
    return [
        Entry("1", "Ann", "Lee", "F", 34, "Huntsville PD"),
        Entry("2", "Bo", "Ray", "M", 41, "Huntsville PD"),
        Entry("3", "Cy", "Kim", "M", 42, "Madison FD"),
        Entry("4", "Di", "Ng", "F", 36, None),
        Entry("5", "Ed", "Oz", "M", 29, "Madison FD"),
    ]


@pytest.fixture
def starts():
    return [Start(GUN)]


@pytest.fixture
def reads():
    return [
        Read("1", at(478.4), "tap", "phone-a", 1),
        Read("2", at(480.0), "tap", "phone-a", 2),
        Read("3", at(480.0), "tap", "phone-a", 3),
        Read("4", at(495.25), "tap", "phone-a", 4),
    ]
