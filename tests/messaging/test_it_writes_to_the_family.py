"""The pipeline's hook: the family hears once, with the certificate's absolute link."""

import pytest
from django.core import mail

from background import burst
from memorialmiles.events.models import MemorialItem
from memorialmiles.messaging.family import send_to_family
from memorialmiles.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_family_gets_the_certificate_and_the_letter(run, settings):
    settings.SITE_URL = "https://miles.example.org"
    dedication = run.dedications.get()
    flag = MemorialItem.objects.create(
        event=run,
        dedication=dedication,
        kind="flag",
        status="shipped",
        carrier="USPS",
        tracking_number="9400 1000",
    )
    send_to_family(dedication, "crumby.family@example.com", item=flag, letter="Dear Mrs. Crumby,")
    send_to_family(dedication, "Crumby.Family@example.com", item=flag)  # a double click
    burst()
    [sent] = mail.outbox
    assert sent.subject == "A mile for Officer Garrett Crumby"
    url = f"https://miles.example.org/events/{run.pk}/dedications/{dedication.pk}/certificate.pdf"
    assert url in sent.body
    assert "Dear Mrs. Crumby," in sent.body
    assert (
        "The flag carried for Officer Garrett Crumby was shipped (USPS, tracking number 9400 1000)"
        in sent.body
    )
    assert OutboxMessage.objects.get().kind == "family"
