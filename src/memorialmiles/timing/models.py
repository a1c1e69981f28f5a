"""Timing: devices that join an event, the raw records they send, start signals, corrections.

Raw records are sacred: a tap, a typed bib or a chip read is stored exactly as the device saw
it and never edited. Results are recomputed from them by the pure ``memorialmiles.results``
core; a mistake is fixed by a ``Correction``, a new row with who, when and why.

Times are integer microseconds since the Unix epoch (UTC): exact differences, and a million
of them load into numpy without building a million datetimes.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from memorialmiles.events.models import CLOSED_STATUSES
from memorialmiles.results import records as core

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud at a finish
# 32**8 = 2**40 codes: at the 106 guesses a second once measured, trying them all takes 330
# years (six characters: four months), and a code lives 15 minutes. Shown as ABCD-EFGH.
JOIN_CODE_LENGTH = 8
JOIN_CODE_MINUTES = 15
_CODE_NOISE = re.compile(r"[\s\-]+")


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    """What a person typed (any case, with or without the dash or spaces) -> the stored code."""
    return _CODE_NOISE.sub("", text or "").upper()


def display_join_code(code: str) -> str:
    """ABCDEFGH -> ABCD-EFGH: two groups are easier to read aloud and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class TimingClosed(Exception):
    """A timing write into a finished or cancelled run (409 in the API)."""

    def __init__(self, event) -> None:
        self.event = event
        super().__init__(
            f"This run is {event.get_status_display().lower()}: timing is closed and its results "
            "stay as published. An organizer can reopen it by moving it back to live."
        )


def timing_is_closed(event) -> bool:
    """Timing writes (sync, start signals, corrections, chip imports) stop when a run is
    closed, so its published results cannot change behind the organizer's back; moving it back
    to live or scheduled (an organizer, on the run's edit page) reopens them."""
    return event.status in CLOSED_STATUSES


def run_ends_at(event) -> dt.datetime | None:
    """When a run's timing ends: when it was finished or cancelled, else its scheduled start
    plus ``TIMING_RUN_HOURS`` (the events have no end time); None for a run with no date."""
    if timing_is_closed(event):
        change = event.status_changes.filter(to_status=event.status).order_by("-changed_at")
        ended = change.values_list("changed_at", flat=True).first()
        if ended is not None:
            return ended
    if event.starts_at:
        return event.starts_at + dt.timedelta(hours=settings.TIMING_RUN_HOURS)
    return None


def ensure_timing_open(event) -> None:
    """Raise TimingClosed for a finished or cancelled run.

    The status is read again from the database, not taken from ``event`` as loaded earlier,
    so a write racing with the organizer's "finished" sees it once that change is committed.
    """
    event.status = type(event).objects.filter(pk=event.pk).values_list("status", flat=True)[0]
    if timing_is_closed(event):
        raise TimingClosed(event)


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def us_to_datetime(us: int | None) -> dt.datetime | None:
    return None if us is None else core.from_us(int(us))


class JoinCode(models.Model):
    """A short-lived code the timing lead shows; a phone that enters it may time this event."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="join_codes")
    code = models.CharField(max_length=12, unique=True, default=new_join_code)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        return display_join_code(self.code)

    def is_valid(self, now: dt.datetime) -> bool:
        return now < self.expires_at


class DeviceRole(models.TextChoices):
    BOTH = "both", "Times and bibs"
    TIMES = "times", "Times only (two-device mode)"
    BIBS = "bibs", "Bibs only (two-device mode)"


class TimingDevice(models.Model):
    """A phone (or a reader) allowed to time one event; its token is its only credential."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(max_length=80)
    token = models.CharField(max_length=64, unique=True, default=new_device_token, editable=False)
    join_code = models.ForeignKey(
        JoinCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="devices"
    )
    role = models.CharField(max_length=10, choices=DeviceRole.choices, default=DeviceRole.BOTH)
    revoked = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.event_id})"

    def expires_at(self, run_end: dt.datetime | None) -> dt.datetime:
        """The token's end: the run's end (``run_ends_at``) plus the grace period, and never
        sooner than the grace period after joining, so a phone that joins to record a past
        run, or a reopened one, still gets its hours (a join code is the lead's act)."""
        grace = dt.timedelta(hours=settings.TIMING_DEVICE_GRACE_HOURS)
        end = max(run_end, self.joined_at) if run_end else self.joined_at
        return end + grace


class Source(models.TextChoices):
    TAP = "tap", "Phone tap"
    TYPED = "typed", "Typed bib"
    CHIP = "chip", "Chip file"
    MANUAL = "manual", "Manual"


class Kind(models.TextChoices):
    FINISH = "finish", "Finish"
    START = "start", "Start mat"
    GROUP = "group", "Group finish"
    GUN = "gun", "Start signal"


class ChipImport(models.Model):
    """One imported chip file, read one way; the same file read the same way again is a no-op.

    ``key`` digests all that decides the reads (see ``timing.imports.import_key``): the file's
    sha256 alone would keep a file first imported with the wrong format, mat or offset from
    ever being imported right.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="chip_imports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    tags_sha256 = models.CharField(max_length=64, blank=True, help_text="Empty: no tag table.")
    format = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FINISH)
    offset_s = models.FloatField(default=0.0)
    lines_read = models.PositiveIntegerField(default=0)
    reads_stored = models.PositiveIntegerField(default=0)
    repeats_folded = models.PositiveIntegerField(default=0)
    before_start = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="chip_import_unique_reading")
        ]

    def __str__(self) -> str:
        return self.file_name


class RejectedLine(models.Model):
    """A line of a chip file that could not be read: kept with its number, never dropped."""

    chip_import = models.ForeignKey(
        ChipImport, on_delete=models.CASCADE, related_name="rejected_lines"
    )
    line = models.PositiveIntegerField()
    column = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    raw = models.TextField(blank=True)

    class Meta:
        ordering = ["chip_import", "line", "id"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class RawRecord(models.Model):
    """A tap, typed bib, group finish, gun tap or chip read, exactly as the device saw it.

    ``(device, device_seq)`` is the idempotency key of a phone's sync: a batch sent twice
    stores each record once. ``bib`` holds the bib, or the tag when no tag table knew it.
    A typed bib may name the tap it labels (``ref_seq`` on the same device); one without a
    reference is paired with taps in finish order (two-device mode).
    """

    # No single-column indexes on event, device and created_by: the composite indexes below
    # start with them (a million-row chip import pays for every index it keeps up to date).
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="raw_records", db_index=False
    )
    device = models.ForeignKey(
        TimingDevice,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
        db_index=False,
    )
    device_seq = models.BigIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FINISH)
    bib = models.CharField(max_length=40, blank=True, help_text="Bib or tag; empty on a bare tap.")
    group_bibs = models.JSONField(
        null=True, blank=True, help_text="A group finish: its bibs; empty: everyone running."
    )
    wave = models.CharField(max_length=20, blank=True)
    ref_seq = models.BigIntegerField(null=True, blank=True)
    device_time_us = models.BigIntegerField(
        null=True, blank=True, help_text="Microseconds since 1970 UTC, as the device saw it."
    )
    received_at = models.DateTimeField(auto_now_add=True)
    chip_import = models.ForeignKey(
        ChipImport, null=True, blank=True, on_delete=models.CASCADE, related_name="records"
    )
    line = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["event", "device_time_us", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "device_seq"],
                condition=Q(device__isnull=False),
                name="raw_record_unique_device_seq",
            ),
        ]
        indexes = [
            # The results query (services.read_columns) and the tap merge read through this.
            # SQLite also gets a covering index (event, kind, source, bib, device_time_us) from
            # migration 0003, so it reads a million reads from the index alone; PostgreSQL
            # does not (a key in bib order cost it 2.5x on a bulk COPY; its bitmap heap scan
            # reads the event's rows in insertion order anyway). A SQLite table rebuild drops
            # that index: tests/timing/test_raw_record_indexes.py says so.
            models.Index(fields=["event", "kind", "source"], name="raw_record_event_kind_source"),
            # Deleting a user sets created_by to NULL; chip reads (all NULL) stay out.
            models.Index(
                fields=["created_by"],
                condition=Q(created_by__isnull=False),
                name="raw_record_created_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.bib or '(no bib)'} #{self.pk}"

    @property
    def device_time(self) -> dt.datetime | None:
        return us_to_datetime(self.device_time_us)


class StartSignal(models.Model):
    """A gun time for the event (empty wave) or one wave; the latest for a wave is in force."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="start_signals"
    )
    wave = models.CharField(max_length=20, blank=True)
    gun_time_us = models.BigIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.TYPED)
    raw_record = models.OneToOneField(
        RawRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="start_signal"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.wave or 'gun'} at {self.gun_time}"

    @property
    def gun_time(self) -> dt.datetime:
        return core.from_us(self.gun_time_us)


class Correction(models.Model):
    """A fix to how raw records are read: a new row with who, when and why, never an edit."""

    class Action(models.TextChoices):
        VOID_READ = core.Action.VOID_READ.value, "Void a read"
        ASSIGN_READ = core.Action.ASSIGN_READ.value, "Assign a read to a bib"
        SET_TIME = core.Action.SET_TIME.value, "Set a finish time"
        SET_STATUS = core.Action.SET_STATUS.value, "Set a status (DNF, DQ, DNS)"
        UNDO = core.Action.UNDO.value, "Undo a correction"

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="corrections")
    action = models.CharField(max_length=20, choices=Action.choices)
    record = models.ForeignKey(
        RawRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    bib = models.CharField(max_length=40, blank=True)
    time_us = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, default=Kind.FINISH)
    status = models.CharField(max_length=10, blank=True)
    target = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )
    why = models.CharField(max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.bib or self.record_id or self.target_id}: {self.why}"

    def to_core(self) -> core.Correction:
        """The pure core's record; reads are named by ("", raw record id)."""
        seq = self.record_id or 0
        status = core.Status(self.status) if self.status else None
        return core.Correction(
            id=str(self.pk),
            action=core.Action(self.action),
            at=self.at,
            by=str(self.by_id or ""),
            why=self.why,
            bib=self.bib or None,
            device="" if self.record_id else None,
            seq=seq if self.record_id else None,
            time=core.from_us(self.time_us) if self.time_us is not None else None,
            kind=self.kind,
            status=status,
            target=str(self.target_id) if self.target_id else None,
        )
