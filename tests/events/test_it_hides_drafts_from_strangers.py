"""A draft (proposed run) shows nothing to anyone without a role for it: every page of the run
(event pages, feed, PDFs, results, desk, silence, timing lead and timer) answers 404, for a
stranger, a runner, a volunteer and even a partner agency's liaison. Organizers see it all."""

import pytest

from events.eventurls import api_paths, event_pages
from memorialmiles.honors.models import LiaisonAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(scheduled_run, liam, huntsville_pd):
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    scheduled_run.status = "proposed"
    scheduled_run.save()
    return scheduled_run


def test_the_url_walk_finds_the_pages_the_issue_names(draft):
    names = {name for name, _ in event_pages(draft)}
    for name in (
        "event",
        "event_ics",
        "event_register",
        "event_silence",
        "event_desk",
        "event_start_list",
        "event_bibs",
        "timing_lead",
        "timing_timer",
        "timing_results",
        "timing_results_csv",
        "timing_dedication_certificate",
    ):
        assert name in names


@pytest.mark.parametrize("persona", ["anonymous", "charlie", "val", "liam"])
def test_every_page_of_a_draft_is_404_without_a_role(client, draft, persona, request):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    dedication = draft.dedications.get()
    for name, path in event_pages(draft, dedication.pk):
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 404, (persona, name, method.__name__)
            assert b"Garrett Crumby" not in response.content
    for path in api_paths(draft):
        assert client.get(path).status_code == 404, (persona, path)


def test_the_timer_page_of_a_draft_shows_no_title(client, draft):
    response = client.get(f"/timing/events/{draft.pk}/timer/")
    assert response.status_code == 404
    assert draft.title.encode() not in response.content


def test_drafts_stay_off_the_feeds(client, draft):
    assert draft.title.encode() not in client.get("/events/calendar.ics").content
    assert client.get("/api/v1/events").json()["count"] == 0


def test_an_organizer_sees_the_draft(client, draft, alice):
    client.force_login(alice)
    for name in ("event", "event_edit", "timing_timer", "timing_lead", "event_desk"):
        path = dict(event_pages(draft))[name]
        assert client.get(path).status_code == 200, name
    assert client.get(f"/api/v1/events/{draft.pk}").status_code == 200


def test_the_api_hides_a_drafts_registrations_from_a_liaison_and_a_volunteer(
    client, draft, liam, val
):
    from memorialmiles.events.models import Registration

    pat = Registration.objects.create(event=draft, first_name="Pat", last_name="Runner")
    client.force_login(liam)
    assert client.get(f"/api/v1/events/{draft.pk}/registrations").status_code == 404
    client.force_login(val)
    url = f"/api/v1/events/{draft.pk}/registrations/{pat.pk}/check-in"
    assert client.post(url).status_code == 404
    pat.refresh_from_db()
    assert pat.checked_in_at is None
