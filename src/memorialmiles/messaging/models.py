"""The outbox (every email, as sent), the stored templates and the unsubscribed addresses."""

from __future__ import annotations

from django.db import models

# What a runner cannot unsubscribe from: the link to their own registration, and a message
# they asked for by their own action (an invitation is answered by its own link).
ALWAYS_SENT = frozenset({"confirmation", "invitation"})


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Delivered"
    SKIPPED = "skipped", "Not sent: unsubscribed"


class OutboxMessage(models.Model):
    template = models.CharField(max_length=100)
    kind = models.CharField(max_length=40)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(
        max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    # A scheduled message (a reminder) names itself, so it goes out once whatever happens.
    key = models.CharField(max_length=300, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["event", "created_at"])]

    def __str__(self) -> str:
        return f"{self.template} to {self.to}"

    @property
    def state(self) -> str:
        """Delivered, skipped, or what its delivery task says: queued, retrying, failed."""
        if self.status == MessageStatus.QUEUED and self.job is not None:
            return self.job.get_status_display()
        return self.get_status_display()

    @property
    def attempts(self) -> int:
        return self.job.attempts if self.job is not None else 0

    @property
    def may_unsubscribe(self) -> bool:
        return self.kind not in ALWAYS_SENT


class EmailTemplate(models.Model):
    """An organizer's wording of one message; it replaces the file of the same name."""

    name = models.CharField(max_length=100, unique=True)
    subject = models.CharField(max_length=300)
    body = models.TextField(
        help_text="Django template language: {{ first_name }}, {{ event_title }}, {{ link }}..."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unsubscribe(models.Model):
    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email
