"""A run dated in the past can be recorded (registration closed, like the Huntsville demo);
publishing it for registration is refused with a clear message: model, service, the
organizer's pages, the back office and the API."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from memorialmiles.events.admin import EventAdmin
from memorialmiles.events.models import Event
from memorialmiles.events.services import change_status

pytestmark = pytest.mark.django_db

MESSAGE = "This run is dated in the past: it cannot be published with registration open."
BODY = {
    "first_name": "Api",
    "last_name": "Runner",
    "email": "api.runner@example.com",
    "emergency_name": "Someone",
    "emergency_phone": "555-0100",
    "accept_waiver": True,
}


@pytest.fixture
def past(db):
    return Event.objects.create(
        title="Memorial mile of last spring",
        starts_at=timezone.now() - dt.timedelta(days=200),
        time_zone="America/Chicago",
        status="proposed",
        registration_open=True,
    )


def test_the_model_refuses_a_published_past_run_with_registration_open(past):
    past.status = "scheduled"
    with pytest.raises(ValidationError, match="dated in the past"):
        past.full_clean()
    past.registration_open = False
    past.full_clean()  # recorded, registration closed: fine
    past.status, past.registration_open = "finished", True
    past.full_clean()  # a finished run takes no registrations anyway


def test_the_service_refuses_to_publish_it_and_records_nothing(past):
    with pytest.raises(ValidationError, match="dated in the past"):
        change_status(past, "scheduled")
    past.refresh_from_db()
    assert past.status == "proposed"
    assert not past.status_changes.exists()
    past.registration_open = False
    past.save()
    assert change_status(past, "scheduled") is True


def test_the_edit_page_says_why_it_is_not_published(client, alice, past):
    client.force_login(alice)
    local = past.starts_at.astimezone(past.zone).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title": past.title,
        "kind": "mile",
        "time_zone": "America/Chicago",
        "visibility": "public",
        "registration_open": "on",
        "first_bib": 1,
        "auto_bibs": "on",
        "local_start": local,
        "publish": "1",
    }
    response = client.post(f"/events/{past.pk}/edit/", data, follow=True)
    assert MESSAGE in response.content.decode()
    past.refresh_from_db()
    assert past.status == "proposed"
    response = client.post(f"/events/{past.pk}/status/", {"status": "scheduled"}, follow=True)
    assert MESSAGE in response.content.decode()
    past.refresh_from_db()
    assert past.status == "proposed"


def test_the_back_office_form_refuses_it(admin_user, past):
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = EventAdmin(Event, site).get_form(request, past)
    form = form_class(instance=past)
    data = {
        name: form.initial.get(name, "")
        for name in form.fields
        if form.initial.get(name) is not None
    }
    when = timezone.localtime(past.starts_at)
    data.update(status="scheduled", registration_open="on", partner_agencies=[])
    data.update(starts_at_0=when.date().isoformat(), starts_at_1=when.strftime("%H:%M:%S"))
    bound = form_class(data, instance=past)
    assert not bound.is_valid()
    assert MESSAGE in " ".join(bound.errors.get("registration_open", []))


def test_the_api_and_the_form_refuse_registrations(client, past):
    Event.objects.filter(pk=past.pk).update(status="scheduled")  # as an old row might be
    response = client.post(
        f"/api/v1/events/{past.pk}/registrations", BODY, content_type="application/json"
    )
    assert response.status_code == 409
    assert "in the past" in response.json()["detail"]
    closed = client.get(f"/events/{past.pk}/register/")
    assert closed.status_code == 403
    assert "not taking registrations: it took place on" in closed.content.decode()
    assert b"Register</a>" not in client.get(past.get_absolute_url()).content


def test_the_huntsville_demo_is_a_past_run_recorded_with_registration_closed(db):
    from memorialmiles.events.demo import huntsville_run

    event = huntsville_run()
    assert event.is_past and not event.registration_open
    event.full_clean()


def test_moving_a_published_run_into_the_past_is_refused(client, alice, scheduled_run):
    client.force_login(alice)
    data = {
        "title": scheduled_run.title,
        "kind": "mile",
        "time_zone": "America/Chicago",
        "visibility": "public",
        "registration_open": "on",
        "first_bib": 1,
        "auto_bibs": "on",
        "local_start": "2020-04-20T08:00",
    }
    response = client.post(f"/events/{scheduled_run.pk}/edit/", data)
    assert MESSAGE in response.content.decode()
    scheduled_run.refresh_from_db()
    assert scheduled_run.starts_at.year == 2030
    del data["registration_open"]
    client.post(f"/events/{scheduled_run.pk}/edit/", data)
    scheduled_run.refresh_from_db()
    assert (scheduled_run.starts_at.year, scheduled_run.registration_open) == (2020, False)
