import threading

import pytest
from django.db import connection

from memorialmiles.events.models import CheckIn, Registration
from memorialmiles.events.services import check_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pat(scheduled_run, runner_fields):
    return Registration.objects.create(event=scheduled_run, bib=12, **runner_fields)


def desk(event):
    return f"/events/{event.pk}/desk/"


def test_it_keeps_the_desk_to_volunteers(client, scheduled_run, charlie, liam):
    assert client.get(desk(scheduled_run)).status_code == 302
    for user in (charlie, liam):
        client.force_login(user)
        assert client.get(desk(scheduled_run)).status_code == 403


def test_it_finds_by_name_or_bib_and_shows_what_is_missing(client, val, scheduled_run, pat):
    client.force_login(val)
    by_name = client.get(desk(scheduled_run), {"q": "runn"}).content.decode()
    assert "Pat Runner" in by_name
    assert "Missing: waiver" in by_name
    by_bib = client.get(desk(scheduled_run), {"q": "12"}).content.decode()
    assert "Pat Runner" in by_bib
    assert "0</strong> of 1 checked in" in by_bib


def test_it_checks_in_with_one_tap_and_counts(client, val, scheduled_run, pat):
    client.force_login(val)
    response = client.post(f"/events/{scheduled_run.pk}/desk/{pat.pk}/check-in/", {"q": "pat"})
    assert response.status_code == 302
    pat.refresh_from_db()
    assert pat.checked_in_at is not None
    assert pat.checked_in_by == val
    page = client.get(response["Location"]).content.decode()
    assert "Checked in Pat Runner, bib 12." in page
    assert "1</strong> of 1 checked in" in page


def test_it_records_one_check_in_for_two_taps(client, val, alice, scheduled_run, pat):
    first = check_in(pat, val)
    second = check_in(pat, alice)
    assert first.checked_in_now and not second.checked_in_now
    assert CheckIn.objects.count() == 1
    pat.refresh_from_db()
    assert pat.checked_in_by == val


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    # The test database of SQLite is shared-cache memory, whose table locks fail at once
    # (SQLITE_LOCKED) instead of waiting as the site's file does (IMMEDIATE, a 20-s timeout).
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
def test_it_records_one_check_in_when_two_volunteers_race(val, alice, scheduled_run, pat):
    results = []

    def tap(user):
        try:
            results.append(check_in(Registration.objects.get(pk=pat.pk), user).checked_in_now)
        except Exception as exc:  # noqa: BLE001
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(u,)) for u in (val, alice, val, alice)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1
    assert CheckIn.objects.filter(registration=pat).count() == 1


def test_it_gives_a_bib_at_check_in(client, val, scheduled_run):
    scheduled_run.auto_bibs = False
    scheduled_run.save()
    r = Registration.objects.create(event=scheduled_run, first_name="No", last_name="Bib")
    client.force_login(val)
    client.post(f"/events/{scheduled_run.pk}/desk/{r.pk}/check-in/", {"bib": "44"})
    r.refresh_from_db()
    assert r.bib == 44


def test_it_refuses_a_bib_already_given(client, val, scheduled_run, pat):
    other = Registration.objects.create(event=scheduled_run, first_name="No", last_name="Bib")
    client.force_login(val)
    response = client.post(
        f"/events/{scheduled_run.pk}/desk/{other.pk}/check-in/", {"bib": "12"}, follow=True
    )
    assert "Bib 12 is already given to someone else." in response.content.decode()
    other.refresh_from_db()
    assert other.checked_in_at is None and other.bib is None


def test_it_checks_in_through_the_api_once(client, val, charlie, scheduled_run, pat):
    url = f"/api/v1/events/{scheduled_run.pk}/registrations/{pat.pk}/check-in"
    client.force_login(charlie)
    assert client.post(url).status_code == 403
    client.force_login(val)
    from django.test import Client

    api = Client(enforce_csrf_checks=False)
    api.force_login(val)
    first = api.post(url).json()
    second = api.post(url).json()
    assert first["checked_in_now"] is True and second["checked_in_now"] is False
    assert first["bib"] == 12
