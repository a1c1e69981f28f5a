"""Race day: volunteers let in by a PIN for one run and one role, and the desk's check-in ops.

A PIN is the lead's act and lives a few hours; what it gives a phone is a ``VolunteerPass``,
which lasts until the run ends or the lead revokes it. Neither the PIN nor the link's token is
stored: only a keyed hash, so a copy of the database lets nobody in.

A desk phone sends each check-in, undo and walk-up as an op with its own client id; the
``(pass, op_id)`` pair is unique, so an op sent twice (a lost answer, two syncs in a row) is
applied once and answered the same way again.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class VolunteerRole(models.TextChoices):
    DESK = "desk", "Check-in desk"
    TIMER = "timer", "Finish-line timer"
    TRACKER = "tracker", "Tracker"
    CEREMONY = "ceremony", "Ceremony"


class VolunteerPin(models.Model):
    """A short-lived PIN (and its link) the lead shows: who types it may take the role."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="volunteer_pins"
    )
    role = models.CharField(max_length=10, choices=VolunteerRole.choices)
    pin_digest = models.CharField(max_length=64, unique=True, editable=False)
    link_digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} PIN for run {self.event_id}"

    def takes_sign_ins(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class VolunteerPass(models.Model):
    """One phone signed in for one run and one role; its browser session holds the id."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="volunteer_passes"
    )
    role = models.CharField(max_length=10, choices=VolunteerRole.choices)
    pin = models.ForeignKey(VolunteerPin, on_delete=models.CASCADE, related_name="passes")
    device = models.OneToOneField(
        "timing.TimingDevice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_pass",
        help_text="A timer's phone: the timing device its PIN made.",
    )
    name = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name or 'Phone'} ({self.get_role_display()}, run {self.event_id})"


class DeskOpKind(models.TextChoices):
    CHECK_IN = "check_in", "Check in"
    UNDO = "undo", "Undo a check-in"
    WALK_UP = "walk_up", "Walk-up registration"
    WAIVER = "waiver", "Waiver signed"


class DeskOp(models.Model):
    """One op a desk phone sent, kept with its answer so a resend gets the same answer."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="desk_ops")
    volunteer = models.ForeignKey(
        VolunteerPass, null=True, blank=True, on_delete=models.CASCADE, related_name="ops"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=DeskOpKind.choices)
    registration = models.ForeignKey(
        "events.Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(help_text="When the phone did it (its clock).")
    received_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            # op ids are random (UUIDs): one per event is enough and covers account users too
            models.UniqueConstraint(fields=["event", "op_id"], name="desk_op_unique_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.op_id}"


class WaiverSignature(models.Model):
    """A waiver signed on a desk phone: typed name, optional drawn signature, the version."""

    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="waiver_signatures"
    )
    signed_name = models.CharField(max_length=200)
    guardian_name = models.CharField(max_length=200, blank=True)
    drawing = models.TextField(
        blank=True, help_text="The drawn signature as SVG path data, when one was drawn."
    )
    waiver_version = models.CharField(max_length=40, blank=True)
    waiver_text = models.TextField(blank=True)
    signed_at = models.DateTimeField(help_text="When it was signed on the phone.")
    received_at = models.DateTimeField(auto_now_add=True)
    volunteer = models.ForeignKey(
        VolunteerPass, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"Waiver signed by {self.signed_name}"


class DeskBibBlock(models.Model):
    """Bibs set aside for one desk phone's walk-ups, so two phones offline never give one
    number twice."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(
        VolunteerPass, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    first = models.PositiveIntegerField()
    last = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last__gte=models.F("first")), name="desk_bib_block_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"Bibs {self.first}-{self.last}"
