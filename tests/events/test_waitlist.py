import pytest
from django.core import mail

from background import burst
from memorialmiles.events.services import cancel, register

pytestmark = pytest.mark.django_db


def test_it_gives_a_cancelled_spot_to_the_first_on_the_waitlist(scheduled_run):
    a = register(scheduled_run, first_name="A", last_name="One", email="a@example.com")
    register(scheduled_run, first_name="B", last_name="Two", email="b@example.com")
    w1 = register(scheduled_run, first_name="C", last_name="Three", email="c@example.com")
    w2 = register(scheduled_run, first_name="D", last_name="Four", email="d@example.com")
    assert w1.waitlisted and w2.waitlisted
    burst()
    mail.outbox.clear()
    promoted = cancel(a.registration)
    assert promoted.pk == w1.registration.pk
    assert promoted.status == "registered" and promoted.bib == 3
    burst()
    assert mail.outbox[0].to == ["c@example.com"]
    assert cancel(a.registration) is None  # twice changes nothing
    w2.registration.refresh_from_db()
    assert w2.registration.status == "waitlisted"
