"""The desk's roster after the first load: only the rows changed since the phone's version."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.events.models import CheckIn, Registration, RegistrationStatus
from memorialmiles.raceday import roster_sync

pytestmark = pytest.mark.django_db


def desk_phone(event, sign_in, name="Dana"):
    phone = Client()
    sign_in(phone, event, "desk", name=name)
    return phone


def roster(phone, event, since=None):
    query = f"?since={since}" if since else ""
    answer = phone.get(f"/api/v1/raceday/events/{event.pk}/roster{query}")
    assert answer.status_code == 200, answer.content
    return answer.json()


def sync(phone, event, *ops, since=None):
    body = {"ops": list(ops), **({"since": since} if since else {})}
    answer = phone.post(
        f"/api/v1/raceday/events/{event.pk}/desk/sync", body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def check_in(registration):
    return {"op_id": uuid.uuid4().hex, "kind": "check_in", "registration_id": registration.pk}


def names(rows):
    return sorted(r["first_name"] for r in rows)


def test_the_first_load_is_whole_and_the_next_sends_nothing_new(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    first = roster(phone, today_run)
    assert first["full"] and names(first["rows"]) == ["Ann", "Bo", "Cy", "Di", "Ed"]
    assert first["waiver_text"] is not None
    again = roster(phone, today_run, since=first["version"])
    assert again["version"] == first["version"]
    assert (again["full"], again["rows"], again["removed"]) == (False, [], [])
    assert again["waiver_text"] is None  # sent with the whole roster only
    assert again["counts"] == first["counts"]


def test_another_desks_check_in_comes_as_that_one_row(today_run, sign_in):
    one, two = desk_phone(today_run, sign_in, "One"), desk_phone(today_run, sign_in, "Two")
    held = roster(one, today_run)
    ann = Registration.objects.get(event=today_run, first_name="Ann")
    sync(two, today_run, check_in(ann))
    got = roster(one, today_run, since=held["version"])
    assert not got["full"]
    assert [(r["first_name"], bool(r["checked_in_at"])) for r in got["rows"]] == [("Ann", True)]
    assert got["counts"]["checked_in"] == 1


def test_the_sync_answer_carries_the_phones_own_changes_only(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    held = roster(phone, today_run)
    bo = Registration.objects.get(event=today_run, first_name="Bo")
    answer = sync(phone, today_run, check_in(bo), since=held["version"])
    assert answer["results"][0]["status"] == "applied"
    assert not answer["roster"]["full"]
    assert names(answer["roster"]["rows"]) == ["Bo"]
    assert CheckIn.objects.filter(registration=bo).count() == 1


def test_a_change_made_elsewhere_shows_without_a_modified_field(today_run, sign_in, huntsville_pd):
    """The website, the back office, an agency renamed: the diff is of the rows themselves."""
    phone = desk_phone(today_run, sign_in)
    held = roster(phone, today_run)
    Registration.objects.filter(event=today_run, first_name="Cy").update(team="Renamed FD")
    di = Registration.objects.get(event=today_run, first_name="Di")
    di.status = RegistrationStatus.CANCELLED
    di.save()
    got = roster(phone, today_run, since=held["version"])
    assert names(got["rows"]) == ["Cy"] and got["rows"][0]["agency"] == "Renamed FD"
    assert got["removed"] == [di.pk]


def test_an_unknown_version_gets_the_whole_roster(today_run, sign_in):
    phone = desk_phone(today_run, sign_in)
    held = roster(phone, today_run)
    cache.clear()  # the cache dropped the phone's version
    # Nothing changed: the version names what the phone holds, no snapshot is needed.
    assert roster(phone, today_run, since=held["version"])["rows"] == []
    cache.clear()
    Registration.objects.filter(event=today_run, first_name="Ed").update(bib=77)
    got = roster(phone, today_run, since=held["version"])
    assert got["full"] and len(got["rows"]) == 5
    assert roster(phone, today_run, since="f" * 24)["full"]


def test_another_runs_version_gets_the_whole_roster(today_run, other_run, sign_in, val):
    lead = Client()
    lead.force_login(val)  # a back-office volunteer may open both runs' desks
    theirs = roster(lead, other_run)
    Registration.objects.filter(event=today_run).update(team="")
    Registration.objects.filter(event=other_run).update(team="")
    got = roster(lead, today_run, since=theirs["version"])
    assert got["full"] and len(got["rows"]) == 5


@pytest.mark.parametrize("since", ["xyz", "0" * 23, "G" * 24, "0" * 25])
def test_a_malformed_version_is_refused(today_run, sign_in, since):
    phone = desk_phone(today_run, sign_in)
    answer = phone.get(f"/api/v1/raceday/events/{today_run.pk}/roster?since={since}")
    assert answer.status_code == 422


# --- the pure core --------------------------------------------------------------------------

ROW = st.fixed_dictionaries(
    {
        "first_name": st.sampled_from(["Ann", "Bo", "Cy"]),
        "bib": st.none() | st.integers(1, 30),
        "checked_in_at": st.none() | st.just("2026-05-01T08:00:00+00:00"),
        "waiver": st.booleans(),
    }
)
ROSTER = st.dictionaries(st.integers(1, 40), ROW, max_size=25).map(
    lambda d: [{"id": i, **row} for i, row in sorted(d.items())]
)


class Cache(dict):
    def add(self, key, value, timeout=None):
        self.setdefault(key, value)

    def get(self, key, default=None):  # noqa: D102 - dict's get, Django's signature
        return dict.get(self, key, default)


@settings(max_examples=200, deadline=None)
@given(before=ROSTER, after=ROSTER, event_id=st.integers(1, 3))
def test_a_phone_applying_the_changes_holds_the_roster_now(before, after, event_id):
    store = Cache()
    first = roster_sync.answer(event_id, before, None, store)
    held = roster_sync.apply({}, first)
    assert first.full and held == {r["id"]: r for r in before}
    got = roster_sync.answer(event_id, after, first.version, store)
    assert roster_sync.apply(held, got) == {r["id"]: r for r in after}
    assert not got.full
    unchanged = [r for r in after if r in before]
    assert not any(r in got.rows for r in unchanged)  # nothing sent that the phone has
    # A version of another run is never taken for this one's.
    other = roster_sync.answer(event_id + 10, after, first.version, store)
    assert other.full
