"""Emails to applicants and donors. Every link is absolute (SITE_URL): a mail reader has no
page to resolve a relative one against."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def _send(template: str, to: str, context: dict) -> None:
    if not to:
        return
    text = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    subject, _, body = text.partition("\n")
    send_mail(subject.strip(), body.lstrip(), None, [to])


def applicant(application, template: str) -> None:
    _send(template, application.email, {"application": application})


def donor(gift) -> None:
    _send("support/email/gift_receipt.txt", gift.donor_email, {"gift": gift})
