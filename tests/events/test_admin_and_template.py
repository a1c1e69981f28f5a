import pytest

from memorialmiles.events.models import Event, ProgramTemplate
from memorialmiles.events.services import plan_mile

pytestmark = pytest.mark.django_db


def test_it_opens_the_back_office_pages(client, django_user_model, scheduled_run):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    for url in [
        "/admin/events/event/",
        f"/admin/events/event/{scheduled_run.pk}/change/",
        "/admin/events/registration/",
        "/admin/events/memorialitem/",
        "/admin/events/programtemplate/add/",
    ]:
        assert client.get(url).status_code == 200, url


def test_it_records_a_status_changed_in_the_back_office(django_user_model, scheduled_run):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    from django.contrib.admin.sites import site

    from memorialmiles.events.admin import EventAdmin

    model_admin = EventAdmin(Event, site)
    scheduled_run.status = "live"

    class Req:
        user = admin

    class F:
        changed_data = ["status"]
        initial = {"status": "scheduled"}

    model_admin.save_model(Req, scheduled_run, F, change=True)
    scheduled_run.refresh_from_db()
    assert scheduled_run.status == "live"
    change = scheduled_run.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("scheduled", "live", admin)


def test_it_plans_from_the_organizers_default_template(alice, crumby):
    ProgramTemplate.objects.create(
        name="Short",
        is_default=True,
        items=[
            {"kind": "intro", "title": "Intro", "offset_minutes": 0},
            {"kind": "silence", "title": "Silence", "offset_minutes": 10, "silence_seconds": 30},
        ],
    )
    event, _ = plan_mile(crumby, alice)
    assert [(p.kind, p.silence_seconds) for p in event.program.all()] == [
        ("intro", 21),
        ("silence", 30),
    ]
