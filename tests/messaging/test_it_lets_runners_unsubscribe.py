"""A runner stops every message but their own confirmation, from a signed link."""

import pytest
from django.core import mail

from background import burst
from memorialmiles.messaging import outbox, unsubscribe
from memorialmiles.messaging.models import MessageStatus, Unsubscribe

pytestmark = pytest.mark.django_db

REMINDER = {"event_title": "Mile", "in_days": "tomorrow", "first_name": "Pat", "link": "x"}


def test_every_optional_message_carries_the_link_and_the_header():
    outbox.send("reminder", "Pat@Example.com", REMINDER, kind="reminder")
    burst()
    [sent] = mail.outbox
    url = unsubscribe.url_for("pat@example.com")
    assert url.startswith("http://127.0.0.1:8000/messages/unsubscribe/")
    assert url in sent.body
    assert sent.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_page_asks_and_a_post_unsubscribes(client):
    url = unsubscribe.url_for("pat@example.com").removeprefix("http://127.0.0.1:8000")
    page = client.get(url)
    assert page.status_code == 200 and "Stop every reminder" in page.content.decode()
    assert not Unsubscribe.objects.exists()  # a GET (a link checker, a preview) changes nothing
    done = client.post(url)
    assert "Done" in done.content.decode()
    assert list(Unsubscribe.objects.values_list("email", flat=True)) == ["pat@example.com"]


def test_a_mail_programs_one_click_post_needs_no_cookie(client):
    from django.test import Client

    url = unsubscribe.url_for("pat@example.com").removeprefix("http://127.0.0.1:8000")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert unsubscribe.is_unsubscribed("PAT@example.com")


def test_after_it_reminders_are_skipped_but_the_confirmation_goes(client):
    unsubscribe.unsubscribe("pat@example.com")
    skipped = outbox.send("reminder", "pat@example.com", REMINDER, kind="reminder")
    confirmation = outbox.send(
        "registration_confirmation",
        "pat@example.com",
        {"event_title": "Mile", "link": "x"},
        kind="confirmation",
    )
    burst()
    assert skipped.status == MessageStatus.SKIPPED and skipped.job is None
    assert [m.subject for m in mail.outbox] == ["Registration: Mile"]
    assert "unsubscribe" not in mail.outbox[0].body
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    confirmation.refresh_from_db()
    assert confirmation.status == MessageStatus.SENT


def test_unsubscribing_while_a_message_waits_stops_it():
    message = outbox.send("reminder", "pat@example.com", REMINDER, kind="reminder")
    unsubscribe.unsubscribe("pat@example.com")
    burst()
    message.refresh_from_db()
    assert message.status == MessageStatus.SKIPPED and mail.outbox == []


@pytest.mark.parametrize(
    "token",
    [
        "0" * 32 + "cGF0QGV4YW1wbGUuY29t",  # pat@example.com with a made-up signature
        "short",
        "z" * 40,
    ],
)
def test_a_forged_or_broken_link_unsubscribes_nobody(client, token):
    response = client.post(f"/messages/unsubscribe/{token}/")
    assert response.status_code == 404
    assert not Unsubscribe.objects.exists()


def test_one_address_cannot_read_as_another():
    token = unsubscribe.token_for("pat@example.com")
    assert unsubscribe.email_from(token) == "pat@example.com"
    assert (
        unsubscribe.email_from(token[:32] + unsubscribe.token_for("sam@example.com")[32:]) is None
    )
