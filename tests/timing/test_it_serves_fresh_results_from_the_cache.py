"""Results JSON and the results page are kept in the shared cache and answer If-None-Match
with 304, yet every way a result can change (a phone's tap, a timing lead's correction, a chip
file through the page or the command line) makes the next answer new: never a stale result."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from timing.timingkit import taps

pytestmark = pytest.mark.django_db

CHIPS = "bib,time\n3,12:09:00\n"


def fetch(path, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return Client().get(path, headers=headers)


def results(race):
    return f"/events/{race.pk}/results.json"


def test_it_answers_304_while_nothing_changes(race):
    first = fetch(results(race))
    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=5, must-revalidate"
    assert "Cookie" in first["Vary"]
    again = fetch(results(race), first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert fetch(results(race)).content == first.content


def finished(response) -> set[str]:
    return {row["bib"] for row in response.json()["rows"] if row["place"]}


def assert_changed(race, before):
    after = fetch(results(race), before["ETag"])
    assert after.status_code == 200, "a stale 304 after a write"
    assert after["ETag"] != before["ETag"]
    return after


def test_a_phone_tap_changes_the_answer(race, phone, post_batch):
    before = fetch(results(race))
    assert finished(before) == set()
    assert post_batch(phone, taps(("1", 480.0))).status_code == 200
    after = assert_changed(race, before)
    assert finished(after) == {"1"}
    page = Client().get(f"/events/{race.pk}/results/").content.decode()
    assert "Ann" in page and "8:00" in page


def test_a_correction_changes_the_answer(race, phone, post_batch, alice):
    post_batch(phone, taps(("1", 480.0)))
    before = fetch(results(race))
    lead = Client()
    lead.force_login(alice)
    lead.post(
        f"/timing/events/{race.pk}/corrections/",
        {"action": "set_status", "bib": "1", "status": "DQ", "why": "cut the course"},
    )
    after = assert_changed(race, before)
    assert finished(after) == set()
    assert [r["status"] for r in after.json()["rows"] if r["bib"] == "1"] == ["DQ"]


def test_a_chip_file_through_the_page_changes_the_answer(race, val):
    before = fetch(results(race))
    timer = Client()
    timer.force_login(val)
    upload = io.BytesIO(CHIPS.encode())
    upload.name = "finish.csv"
    timer.post(f"/timing/events/{race.pk}/import/", {"file": upload, "format": "csv"})
    assert finished(assert_changed(race, before)) == {"3"}


def test_a_chip_file_from_the_command_line_changes_the_answer(race, tmp_path):
    before = fetch(results(race))
    path = tmp_path / "finish.csv"
    path.write_text(CHIPS)
    call_command("timing", "import", str(path), "--event", str(race.pk), "--format", "csv",
                 stdout=io.StringIO())  # fmt: skip
    assert finished(assert_changed(race, before)) == {"3"}


def test_a_renamed_runner_shows_at_once(race):
    before = fetch(results(race))
    race.registrations.filter(bib="1").update(first_name="Annabel")  # no signal, no save()
    after = assert_changed(race, before)
    assert "Annabel" in after.content.decode()
