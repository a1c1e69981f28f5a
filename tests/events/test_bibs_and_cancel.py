import pytest

from memorialmiles.events.models import Registration
from memorialmiles.events.services import register

pytestmark = pytest.mark.django_db


def test_it_gives_bibs_in_one_range_by_name(client, alice, charlie, scheduled_run):
    scheduled_run.auto_bibs = False
    scheduled_run.first_bib = 100
    scheduled_run.save()
    for last in ("Zed", "Able"):
        Registration.objects.create(event=scheduled_run, first_name="X", last_name=last)
    Registration.objects.create(
        event=scheduled_run, first_name="W", last_name="Wait", status="waitlisted"
    )
    client.force_login(charlie)
    assert client.post(f"/events/{scheduled_run.pk}/bibs/assign/").status_code == 403
    client.force_login(alice)
    client.post(f"/events/{scheduled_run.pk}/bibs/assign/")
    bibs = dict(Registration.objects.values_list("last_name", "bib"))
    assert bibs == {"Able": 100, "Zed": 101, "Wait": None}
    client.post(f"/events/{scheduled_run.pk}/bibs/assign/")
    assert dict(Registration.objects.values_list("last_name", "bib")) == bibs


def test_it_lets_a_runner_cancel_from_the_confirmation(client, scheduled_run):
    r = register(scheduled_run, first_name="A", last_name="B", email="a@example.com").registration
    response = client.post(f"/events/{scheduled_run.pk}/registered/{r.token}/cancel/")
    r.refresh_from_db()
    assert r.status == "cancelled"
    assert "Registration cancelled" in client.get(response["Location"]).content.decode()
    assert client.post(f"/events/{scheduled_run.pk}/registered/wrong/cancel/").status_code == 404
