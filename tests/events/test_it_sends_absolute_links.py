"""Emails carry links a reader can click: SITE_URL and the path, never a bare /events/…"""

import re

import pytest
from django.core import mail

from background import burst
from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db


def register(client, event, fields, key):
    return client.post(
        f"/events/{event.pk}/register/",
        {**fields, "role": "runner", "accept_waiver": "on", "idempotency_key": key},
    )


def links(body: str) -> list[str]:
    return re.findall(r"(?:https?://\S+|(?<!\S)/\S+)", body)


def test_the_confirmation_link_is_absolute(client, scheduled_run, runner_fields, settings):
    settings.SITE_URL = "https://miles.example.org"
    register(client, scheduled_run, runner_fields, "k1")
    registration = Registration.objects.get()
    burst()
    body = mail.outbox[0].body
    assert f"https://miles.example.org{registration.get_absolute_url()}" in body
    assert all(link.startswith("https://miles.example.org/") for link in links(body))


def test_the_link_sent_again_is_absolute_too(client, scheduled_run, runner_fields, settings):
    settings.SITE_URL = "https://miles.example.org"
    register(client, scheduled_run, runner_fields, "k1")
    register(client, scheduled_run, runner_fields, "k2")
    registration = Registration.objects.get()
    burst()
    assert len(mail.outbox) == 2
    assert f"https://miles.example.org{registration.get_absolute_url()}" in mail.outbox[1].body


def test_a_laptop_links_to_itself(client, scheduled_run, runner_fields):
    register(client, scheduled_run, runner_fields, "k1")
    burst()
    assert "http://127.0.0.1:8000/events/" in mail.outbox[0].body
