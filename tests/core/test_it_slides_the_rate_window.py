"""The limiter's sliding window: a budget per window, the previous window weighted by overlap."""

import pytest
from django.test import RequestFactory

from memorialmiles.core.ratelimit import Limit, hit

LIMIT = Limit("test-scope", 3, 60)
START = 60.0 * 1000  # the start of a window


@pytest.fixture
def request_from():
    return lambda address: RequestFactory().get("/", REMOTE_ADDR=address)


def test_it_allows_the_budget_then_says_how_long_to_wait(request_from):
    one = request_from("203.0.113.1")
    assert [hit(one, LIMIT, START + n) for n in range(3)] == [0, 0, 0]
    # This window is spent; once it ends it still weighs 3 x (1 - t/60), so one more fits
    # 20 s into the next: 50 + 20 seconds.
    assert hit(one, LIMIT, START + 10) == 70
    assert hit(one, LIMIT, START + 79) > 0
    assert hit(one, LIMIT, START + 80) == 0


def test_it_weighs_the_previous_window_by_its_overlap(request_from):
    one = request_from("203.0.113.1")
    for n in range(3):
        hit(one, LIMIT, START + 50 + n)
    # 15 s into the next window 3 x 45/60 = 2.25 still counts, and one more would be 3.25;
    # at 20 s in, 3 x 40/60 = 2 and one more fits.
    wait = hit(one, LIMIT, START + 75)
    assert wait == 5
    assert hit(one, LIMIT, START + 75 + wait) == 0
    assert hit(one, LIMIT, START + 81) > 0


def test_it_lets_in_a_client_that_waits_as_told(request_from):
    one = request_from("203.0.113.1")
    now = START + 7
    refused = 0
    for _ in range(200):
        wait = hit(one, LIMIT, now)
        if wait:
            refused += 1
            now += wait
            assert hit(one, LIMIT, now) == 0
        now += 0.5
    assert refused > 10


def test_it_forgets_after_two_windows_and_keeps_addresses_apart(request_from):
    one, two = request_from("203.0.113.1"), request_from("203.0.113.2")
    for n in range(4):
        hit(one, LIMIT, START + n)
    assert hit(two, LIMIT, START + 5) == 0
    assert hit(one, LIMIT, START + 120) == 0


def test_it_keeps_no_address_in_the_cache(request_from):
    from django.core.cache import cache

    from memorialmiles.core.ratelimit import client_key

    one = request_from("203.0.113.77")
    hit(one, LIMIT, START)
    key = f"rl:{LIMIT.scope}:{client_key(one)}:{int(START // 60)}"
    assert cache.get(key) == 1
    assert "203.0.113.77" not in key
