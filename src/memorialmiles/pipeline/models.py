"""The mile pipeline: what an organization says once, and each run's way from a new name on the
roll to the flag in the family's hands.

`OrganizationDefaults` is one row: every run made from a hero is filled from it, so no organizer
retypes a summary or a waiver. `MilePlan` is a run's side of the pipeline: the dates proposed to
the agency, its liaison's answers (the family's contact among them: private, organizers only),
the approval and the family's letter. `RegistrySource` is a registry the board watches.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from memorialmiles.events.models import MemorialItemKind, RecipientKind
from memorialmiles.honors.models import Service
from memorialmiles.honors.states import STATE_CHOICES

TARGET_DAYS = 30  # every hero honored within 30 days of the end of watch


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class OrganizationDefaults(models.Model):
    """Said once, used for every run: `load()` always answers the one row."""

    organized_by = models.CharField(
        "organizer line", max_length=200, default="Memorial Miles", help_text="Shown publicly."
    )
    summary = models.TextField(
        default=(
            "We run one mile in honor of {hero}, {agency}, who gave their life on "
            "{end_of_watch}. Everyone is welcome: run, walk or stand with us."
        ),
        help_text="Public. {hero}, {agency} and {end_of_watch} are filled from the hero.",
    )
    how_to_join = models.TextField(
        default="Register below, arrive 20 minutes early, and wear your agency's colors.",
    )
    waiver_text = models.TextField(
        default=(
            "I take part at my own risk and release the organizers, volunteers and host agency "
            "from any claim arising from my participation."
        ),
    )
    waiver_version = models.CharField(max_length=40, default="2026-1")
    start_time = models.TimeField(default=dt.time(7, 0), help_text="In the run's own zone.")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    program_template = models.ForeignKey(
        "events.ProgramTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Empty: the default program. Intro lines are filled from the hero.",
    )
    first_date_after_days = models.PositiveSmallIntegerField(
        default=14, help_text="The first date proposed to the agency, in days from planning."
    )
    dates_proposed = models.PositiveSmallIntegerField(default=3)
    invitation_days = models.PositiveSmallIntegerField(
        default=14, help_text="An agency's link works this many days."
    )
    auto_invite = models.BooleanField(
        default=False,
        help_text=(
            "When a registry check brings a hero of an agency that accepts it, plan the run "
            "and invite the agency without waiting for an organizer."
        ),
    )

    class Meta:
        verbose_name = verbose_name_plural = "organization defaults"

    def __str__(self) -> str:
        return "Organization defaults"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> OrganizationDefaults:
        return cls.objects.get_or_create(pk=1)[0]


class StateItemRule(models.Model):
    """Memorial items a run brings for every hero of a state (a mount for each of Alabama's)."""

    state = models.CharField(max_length=2, choices=STATE_CHOICES)
    service = models.CharField(
        max_length=20, choices=Service.choices, blank=True, help_text="Empty: every service."
    )
    kind = models.CharField(max_length=20, choices=MemorialItemKind.choices)
    recipient_kind = models.CharField(
        max_length=20, choices=RecipientKind.choices, default=RecipientKind.FAMILY
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["state", "kind", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "service", "kind"], name="state_item_rule_unique"
            ),
        ]

    def __str__(self) -> str:
        who = self.get_service_display() or "every"
        return f"{self.get_kind_display()} for {who} hero of {self.state}"


class Stage(models.TextChoices):
    NEW = "new", "New"
    PROPOSED = "proposed", "Proposed"
    INVITED = "invited", "Agency invited"
    CONFIRMED = "confirmed", "Agency confirmed"
    PUBLISHED = "published", "Published"
    RUN = "run", "Run"
    FLAG_SENT = "flag_sent", "Flag sent"
    FLAG_RECEIVED = "flag_received", "Flag received"
    THANKED = "thanked", "Family thanked"


class MilePlan(models.Model):
    """A run's way through the pipeline, beside the run itself."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="plan")
    proposed_dates = models.JSONField(default=list, help_text="ISO dates offered to the agency.")
    invite_email = models.EmailField(blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    invite_expires_at = models.DateTimeField(null=True, blank=True)
    # A new invitation draws a new nonce: every earlier link stops working.
    invite_nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    # The liaison's answers.
    chosen_date = models.DateField(null=True, blank=True)
    meeting_place = models.CharField(max_length=200, blank=True)
    start_latitude = models.FloatField(null=True, blank=True)
    start_longitude = models.FloatField(null=True, blank=True)
    finish_latitude = models.FloatField(null=True, blank=True)
    finish_longitude = models.FloatField(null=True, blank=True)
    officers_expected = models.PositiveIntegerField(null=True, blank=True)
    roster = models.TextField(blank=True, help_text="One officer a line: first, last[, email].")
    family_contact_name = models.CharField(max_length=200, blank=True)
    family_contact_email = models.EmailField(blank=True, help_text="Private: organizers only.")
    family_contact_phone = models.CharField(
        max_length=40, blank=True, help_text="Private: organizers only."
    )
    family_address = models.TextField(blank=True, help_text="Private: organizers only.")
    presenter = models.CharField("who presents the flag", max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    family_thanked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Plan of {self.event}"

    def clean(self) -> None:
        points = (
            self.start_latitude,
            self.start_longitude,
            self.finish_latitude,
            self.finish_longitude,
        )
        if any(p is not None for p in points) and None in points[:2]:
            raise ValidationError({"start_latitude": "Give the start point's two coordinates."})

    @property
    def dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(d) for d in self.proposed_dates]


class RegistrySource(models.Model):
    """A registry the board watches: a file at a URL, or a folder of files dropped in."""

    name = models.CharField(max_length=120)
    url = models.URLField(max_length=500, blank=True)
    folder = models.CharField(max_length=500, blank=True, help_text="A folder on the server.")
    format = models.CharField(max_length=40, blank=True, help_text="Empty: recognised.")
    enabled = models.BooleanField(default=True)
    seen = models.JSONField(
        default=dict, editable=False, help_text="sha256 of each file already imported."
    )
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_result = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if bool(self.url) == bool(self.folder):
            raise ValidationError("Give a URL or a folder, one of the two.")
