"""The one way an email leaves Memorial Miles: recorded in the outbox, delivered by a task.

``send`` renders the message now (in the run's zone, with absolute links), keeps it as
queued and queues its delivery; the task sends it through Django's EMAIL_BACKEND and marks it
delivered. A failure is retried with backoff by the job ledger; the organizer reads each
message's state (queued, delivered, waiting to try again, failed) on the outbox page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from memorialmiles.jobs.background import background, enqueue
from memorialmiles.messaging import rendering, unsubscribe
from memorialmiles.messaging.models import ALWAYS_SENT, MessageStatus, OutboxMessage


def send(
    template: str,
    to: str,
    context: dict,
    *,
    event=None,
    kind: str = "",
    key: str | None = None,
) -> OutboxMessage:
    """Record an email and queue its delivery; safe to call from a request.

    ``kind`` says what the message is for ("confirmation", "reminder", "results"...; the
    template's name when empty). Every kind but a runner's confirmation and an invitation is
    skipped, and recorded as such, for an address that unsubscribed. With ``key``, a message
    already recorded under it is returned and nothing is sent again.
    """
    kind = kind or template
    to = to.strip()
    if key and (found := OutboxMessage.objects.filter(key=key).first()):
        return found
    optional = kind not in ALWAYS_SENT
    context = {**context, "recipient": to}
    if optional:
        context["unsubscribe_url"] = unsubscribe.url_for(to)
    subject, body = rendering.render(template, context)
    skipped = optional and unsubscribe.is_unsubscribed(to)
    fields = {
        "template": template,
        "kind": kind,
        "to": to,
        "subject": subject,
        "body": body,
        "event": event,
        "key": key,
        "status": MessageStatus.SKIPPED if skipped else MessageStatus.QUEUED,
    }
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(**fields)
            if not skipped:
                message.job = enqueue(deliver, message.pk, event=event)
                message.save(update_fields=["job"])
    except IntegrityError:
        if key and (found := OutboxMessage.objects.filter(key=key).first()):
            return found  # a twin call recorded it first
        raise
    return message


def email_of(message: OutboxMessage) -> EmailMessage:
    headers = {}
    if message.may_unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe.url_for(message.to)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=headers,
    )


@background
def deliver(message_id: int) -> None:
    """Send one outbox message; a second delivery of the same message does nothing."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.QUEUED:
            return
        if message.may_unsubscribe and unsubscribe.is_unsubscribed(message.to):
            message.status = MessageStatus.SKIPPED  # unsubscribed while it waited
            message.save(update_fields=["status"])
            return
        email_of(message).send()
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["status", "sent_at"])
