"""Live tracking: a tracker link per phone, the fixes it sends, the track the run leaves.

A tracker's token is the flag-bearer's only credential (no login on a borrowed phone): only
its sha256 is stored, so a database read gives nobody the link; the link is shown once, when
it is made. Every fix is kept raw, with the verdict of `gps.live.judge` and its place on the
course, so the live line, the counts and the replay all read the same rows.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from memorialmiles.gps.live import KEPT, REASONS


def new_token() -> str:
    """A tracker token: 192 random bits in the `<slug:>` alphabet (token_urlsafe's)."""
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Tracker(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="trackers")
    label = models.CharField(max_length=80, default="Flag-bearer")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.event_id})"

    @classmethod
    def create(cls, event, user=None, label: str = "") -> tuple[Tracker, str]:
        """A new tracker and its token, which exists nowhere else once this returns."""
        token = new_token()
        tracker = cls.objects.create(
            event=event,
            label=(label or "").replace("\x00", "").strip()[:80] or "Flag-bearer",
            token_hash=hash_token(token),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        return tracker, token

    @property
    def name(self) -> str:
        """How the audit trail names it when it acts (as it names a timing phone)."""
        return f"tracker link {self.label}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> bool:
        """Cut the link off; False when it already was."""
        done = Tracker.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if done:
            self.refresh_from_db(fields=["revoked_at"])
        return bool(done)


VERDICTS = [(KEPT, "kept"), *((r, r.replace("_", " ")) for r in REASONS)]


class Position(models.Model):
    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="positions")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    seq = models.BigIntegerField()
    time = models.DateTimeField()
    lat = models.FloatField()
    lon = models.FloatField()
    accuracy_m = models.FloatField(null=True, blank=True)
    verdict = models.CharField(max_length=20, choices=VERDICTS)
    along_m = models.FloatField(null=True, blank=True)
    shown_lat = models.FloatField(null=True, blank=True)  # on the course line when it has one
    shown_lon = models.FloatField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["tracker", "seq"], name="live_position_once"),
        ]
        indexes = [models.Index(fields=["event", "verdict", "id"])]

    def __str__(self) -> str:
        return f"{self.tracker_id}#{self.seq} {self.verdict}"


class RecordedTrack(models.Model):
    """The line the run left, measured by the gps core; public after the run once published."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="recorded_track"
    )
    published = models.BooleanField(
        default=False, help_text="Show the recorded positions and replay after the run."
    )
    geometry = models.JSONField(default=dict, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    measured_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recorded track of {self.event_id}"
