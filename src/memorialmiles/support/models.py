"""Grants (application, committee review, board decision, award) and gifts (online, pledged,
cash or check), each with a secret link for the person who made it."""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible


def new_token() -> str:
    return secrets.token_urlsafe(24)


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Documents an applicant uploads (medical letters, agency statements) live under
    PRIVATE_ROOT, outside MEDIA_ROOT, which a proxy may serve: only the permission-checked
    download view reads them. The folder is read from settings at each use, so no path is
    written into a migration."""

    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


private_storage = PrivateStorage()


class GrantStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted, with the committee"
    RECOMMENDED = "recommended", "Recommended to the board"
    DECLINED = "declined", "Declined"
    APPROVED = "approved", "Approved by the board"
    AWARDED = "awarded", "Awarded"


class ApplicantKind(models.TextChoices):
    RESPONDER = "responder", "The injured responder"
    AGENCY = "agency", "Their agency, with the responder's consent"


class GrantApplication(models.Model):
    applicant_kind = models.CharField(max_length=12, choices=ApplicantKind.choices)
    responder_name = models.CharField(max_length=200)
    responder_rank = models.CharField("rank or title", max_length=80, blank=True)
    agency_name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "honors.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = models.CharField(max_length=200)
    email = models.EmailField(help_text="Private: the committee and the board only.")
    phone = models.CharField(max_length=40, blank=True)
    injury_date = models.DateField()
    story = models.TextField(help_text="Private: what happened and what the grant would do.")
    amount_requested = models.PositiveIntegerField(help_text="US dollars.")
    consent_at = models.DateTimeField(help_text="When the responder's consent was given.")
    status = models.CharField(
        max_length=12, choices=GrantStatus.choices, default=GrantStatus.SUBMITTED
    )
    recommended_amount = models.PositiveIntegerField(null=True, blank=True)
    committee_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    award_amount = models.PositiveIntegerField(null=True, blank=True)
    award_event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_awards",
        help_text="The run where the award is presented, as in Huntsville.",
    )
    awarded_at = models.DateTimeField(null=True, blank=True)
    award_note = models.CharField(max_length=300, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Grant application #{self.pk}: {self.responder_name}"

    def get_absolute_url(self) -> str:
        return reverse("grant_detail", args=[self.pk])

    def get_status_url(self) -> str:
        return reverse("grant_status", args=[self.token])

    @property
    def average_score(self) -> float | None:
        scores = [review.score for review in self.reviews.all()]
        return round(sum(scores) / len(scores), 2) if scores else None


class GrantDocument(models.Model):
    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(upload_to="grants/%Y/", storage=private_storage)
    name = models.CharField(max_length=200, help_text="The file's name as uploaded.")
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class GrantReview(models.Model):
    """One committee member's score and notes; the board reads them all."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(help_text="1 (weak) to 5 (strong).")
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_each"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="review_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.score} of 5"


class Fundraiser(models.Model):
    """A runner's page for a run: a goal, a few words, and the gifts it brought."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="fundraisers")
    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="fundraiser"
    )
    display_name = models.CharField(
        max_length=80, help_text="Public: how the page names the runner."
    )
    story = models.TextField(blank=True)
    goal_cents = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.display_name} for {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("fundraiser", args=[self.pk])

    @property
    def goal(self) -> str:
        return f"{self.goal_cents / 100:,.0f}"


class GiftKind(models.TextChoices):
    ONLINE = "online", "Online payment"
    PLEDGE = "pledge", "Pledge"
    CASH = "cash", "Cash"
    CHECK = "check", "Check"


class GiftStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the payment"
    PLEDGED = "pledged", "Pledged"
    RECEIVED = "received", "Received"
    FAILED = "failed", "Payment not completed"


class Gift(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, related_name="gifts")
    fundraiser = models.ForeignKey(
        Fundraiser, null=True, blank=True, on_delete=models.SET_NULL, related_name="gifts"
    )
    donor_name = models.CharField(max_length=200)
    donor_email = models.EmailField(blank=True, help_text="Private: for the receipt only.")
    anonymous = models.BooleanField(default=False, help_text="Leave the name off public pages.")
    message = models.CharField(max_length=300, blank=True)
    amount_cents = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=GiftKind.choices)
    status = models.CharField(max_length=10, choices=GiftStatus.choices)
    check_number = models.CharField(max_length=40, blank=True)
    provider_reference = models.CharField(max_length=255, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Gift #{self.pk}: ${self.amount_cents / 100:,.2f} ({self.get_kind_display()})"

    @property
    def amount_dollars(self) -> str:
        return f"{self.amount_cents / 100:,.2f}"

    @property
    def receipt_number(self) -> str:
        return f"MM-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def public_name(self) -> str:
        return "Anonymous" if self.anonymous else self.donor_name
