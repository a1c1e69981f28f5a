"""Emails to applicants and donors, through the outbox: recorded in the same transaction as the
step that causes them and delivered by the worker, so a rolled-back step mails nobody."""

from __future__ import annotations

from django.urls import reverse

from memorialmiles.messaging import outbox
from memorialmiles.messaging.rendering import absolute


def applicant(application, template: str) -> None:
    outbox.send(
        template,
        application.email,
        {"application": application, "status_url": absolute(application.get_status_url())},
        event=application.award_event,
        kind="grant",
    )


def donor(gift) -> None:
    if not gift.donor_email:
        return
    outbox.send(
        "gift_receipt",
        gift.donor_email,
        {"gift": gift, "receipt_url": absolute(reverse("gift_receipt", args=[gift.token]))},
        event=gift.event,
        kind="receipt",
    )
