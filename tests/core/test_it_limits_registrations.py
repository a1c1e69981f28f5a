"""Anonymous registrations: a burst from one address registers (and emails) five people, then
429 with Retry-After, on the web form and the API alike."""

import datetime as dt
import time

import pytest
from django.core import mail

from background import burst
from memorialmiles.events.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_run(db):
    return Event.objects.create(
        title="Memorial mile for Officer Garrett Crumby",
        starts_at=dt.datetime(2030, 4, 20, 13, 0, tzinfo=dt.UTC),
        time_zone="America/Chicago",
        status="scheduled",
        capacity=100,
    )


def person(n):
    return {
        "first_name": "Spam",
        "last_name": f"Target{n}",
        "email": f"victim{n}@example.com",
        "phone": "555-0199",
        "emergency_name": "Someone",
        "emergency_phone": "555-0142",
        "role": "runner",
        "idempotency_key": f"k{n}",
    }


def test_it_sends_five_emails_not_twenty_from_a_burst_of_the_web_form(client, open_run):
    started = time.monotonic()
    answers = [
        client.post(f"/events/{open_run.pk}/register/", person(n)).status_code for n in range(20)
    ]
    assert time.monotonic() - started < 30
    assert answers == [302] * 5 + [429] * 15
    assert Registration.objects.count() == 5
    burst()
    assert len(mail.outbox) == 5


def test_it_answers_a_readable_page_with_retry_after(client, open_run):
    for n in range(5):
        client.post(f"/events/{open_run.pk}/register/", person(n))
    response = client.post(f"/events/{open_run.pk}/register/", person(99))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 120  # this minute, then 12 s of the next
    page = response.content.decode()
    assert "Too many requests" in page
    assert "at most 5 per minute" in page
    assert not Registration.objects.filter(last_name="Target99").exists()


def test_it_still_shows_the_form_to_a_reader(client, open_run):
    for n in range(5):
        client.post(f"/events/{open_run.pk}/register/", person(n))
    assert client.get(f"/events/{open_run.pk}/register/").status_code == 200


def test_it_limits_the_api_the_same_way_and_shares_the_budget(client, open_run):
    url = f"/api/v1/events/{open_run.pk}/registrations"
    for n in range(3):
        client.post(f"/events/{open_run.pk}/register/", person(n))
    statuses = []
    for n in range(3, 20):
        fields = {k: v for k, v in person(n).items() if k != "idempotency_key"}
        statuses.append(client.post(url, fields, content_type="application/json"))
    assert [r.status_code for r in statuses] == [200] * 2 + [429] * 15
    refused = statuses[-1]
    assert refused.json()["detail"].startswith("Too many requests")
    assert int(refused["Retry-After"]) >= 1
    assert Registration.objects.count() == 5
    burst()
    assert len(mail.outbox) == 5


def test_it_keeps_a_second_budget_per_hour(client, open_run, monkeypatch):
    from memorialmiles.core import ratelimit

    clock = [3600.0 * 300]  # the start of an hour: 40 minutes stay inside it
    real_hit = ratelimit.hit
    monkeypatch.setattr(ratelimit, "hit", lambda r, limit, now=None: real_hit(r, limit, clock[0]))
    created = 0
    for n in range(40):
        clock[0] += 61  # slow enough for the per-minute budget, not for the hourly one
        if client.post(f"/events/{open_run.pk}/register/", person(n)).status_code == 302:
            created += 1
    assert created == 20
