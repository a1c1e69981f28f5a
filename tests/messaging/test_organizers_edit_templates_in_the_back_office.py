"""The back office edits a message's wording; a stored template replaces the file."""

import pytest

from memorialmiles.messaging.models import EmailTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    return client


def test_a_new_template_starts_from_the_files_words(office):
    page = office.get("/admin/messaging/emailtemplate/add/?name=reminder").content.decode()
    assert "{{ event_title }} is {{ in_days }}" in page


def test_it_saves_a_template_that_reads(office):
    office.post(
        "/admin/messaging/emailtemplate/add/",
        {"name": "reminder", "subject": "Soon: {{ event_title }}", "body": "See you {{ when }}"},
    )
    assert EmailTemplate.objects.get().subject == "Soon: {{ event_title }}"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "no_such_message"}, "No email template named"),
        ({"body": "{% if %}"}, "This template does not read"),
        ({"subject": "{{ event_title|no_such_filter }}"}, "This template does not read"),
    ],
)
def test_it_refuses_what_would_break_a_message(office, fields, message):
    data = {"name": "reminder", "subject": "Soon", "body": "Hello", **fields}
    page = office.post("/admin/messaging/emailtemplate/add/", data).content.decode()
    assert message in page
    assert not EmailTemplate.objects.exists()


def test_the_outbox_is_read_only_in_the_back_office(office):
    assert office.get("/admin/messaging/outboxmessage/add/").status_code == 403
