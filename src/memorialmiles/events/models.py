"""Memorial runs: the event, the heroes it honors, its ceremony, its runners and their check-in.

Times are stored in UTC; each event carries its own IANA zone and every page converts at display.
Private data (runners' emails and phones, emergency contacts, a family's address and phone) lives
here but is only ever read by views that check the organizer's or liaison's role.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from memorialmiles.honors.models import fold

DEFAULT_SILENCE_SECONDS = 21


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            f"{value!r} is not an IANA time zone such as America/Chicago."
        ) from exc


def new_token() -> str:
    return secrets.token_urlsafe(16)


def new_share_key() -> str:
    """The secret part of an unlisted run's address: 144 random bits, never counted to."""
    return secrets.token_urlsafe(18)


# A run is in the past once its start is this far behind; the same grace as `upcoming()`.
PAST_AFTER = dt.timedelta(hours=12)


class EventKind(models.TextChoices):
    MILE = "mile", "Memorial mile"
    FIVE_K = "5k", "Memorial 5K"
    STATE_MILE = "state_mile", "State mile (all of a state's fallen for a year)"
    RELAY_LEG = "relay_leg", "Relay leg"
    VIRTUAL = "virtual", "Virtual"


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    FINISHED = "finished", "Finished"
    CANCELLED = "cancelled", "Cancelled"


# Statuses the public may see; a proposed event is the organizer's draft.
PUBLIC_STATUSES = (
    EventStatus.SCHEDULED,
    EventStatus.LIVE,
    EventStatus.FINISHED,
    EventStatus.CANCELLED,
)
# A finished or cancelled run's entrants are its published results: no roster and no cancel
# link changes them until an organizer moves the run back to live.
CLOSED_STATUSES = (EventStatus.FINISHED, EventStatus.CANCELLED)


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public (listed)"
    UNLISTED = "unlisted", "Unlisted (only with the link)"


class EventQuerySet(models.QuerySet):
    def visible(self) -> EventQuerySet:
        """Pages anyone with the link may open."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def listed(self) -> EventQuerySet:
        """Events in the public list, the feed and the API."""
        return self.visible().filter(visibility=Visibility.PUBLIC)

    def drafts_for(self, hero) -> EventQuerySet:
        """Open drafts (proposed runs) that honor this hero, oldest first."""
        return self.filter(status=EventStatus.PROPOSED, dedications__hero=hero).order_by(
            "created_at", "id"
        )

    def upcoming(self, now: dt.datetime | None = None) -> EventQuerySet:
        now = now or dt.datetime.now(dt.UTC)
        return self.filter(starts_at__gte=now - PAST_AFTER)


class Event(models.Model):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.MILE)
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="Stored in UTC; entered and shown in the event's zone."
    )
    start_time_known = models.BooleanField(
        default=True, help_text="Off: only the date is known; pages show the date alone."
    )
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    place_name = models.CharField(max_length=200, blank=True)
    place_address = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    course = models.ForeignKey(
        "courses.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organized_events",
    )
    organized_by = models.CharField(
        max_length=200, blank=True, help_text="Shown publicly, e.g. 'Running 4 Heroes'."
    )
    partner_agencies = models.ManyToManyField(
        "honors.Agency", blank=True, related_name="partner_events"
    )
    status = models.CharField(
        max_length=20, choices=EventStatus.choices, default=EventStatus.PROPOSED
    )
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    summary = models.TextField(blank=True, help_text="Public: the story of this run.")
    how_to_join = models.TextField(blank=True, help_text="Public: how to run with us or watch.")
    stream_url = models.URLField(blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Runners beyond it go on the waitlist; empty: no limit."
    )
    registration_open = models.BooleanField(default=True)
    waiver_text = models.TextField(blank=True)
    waiver_version = models.CharField(max_length=40, blank=True)
    first_bib = models.PositiveIntegerField(
        default=1, help_text="Bibs are given from here on registration."
    )
    auto_bibs = models.BooleanField(
        default=True, help_text="Give a bib on registration; off: the desk gives one at check-in."
    )
    finished_note = models.CharField(max_length=200, blank=True)
    share_key = models.CharField(
        max_length=40,
        unique=True,
        default=new_share_key,
        editable=False,
        help_text="The secret in an unlisted run's share link.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "visibility", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event", args=[self.pk])

    def clean(self) -> None:
        if self.opens_past_registration:
            raise ValidationError({"registration_open": PAST_REGISTRATION_MESSAGE})

    def get_share_url(self) -> str:
        """The address of an unlisted run: whoever opens it may see the run's pages."""
        return reverse("event_share", args=[self.share_key])

    @property
    def is_past(self) -> bool:
        return self.starts_at is not None and self.starts_at < timezone.now() - PAST_AFTER

    @property
    def opens_past_registration(self) -> bool:
        """A published run dated in the past that still says registration is open."""
        return (
            self.registration_open
            and self.status in (EventStatus.SCHEDULED, EventStatus.LIVE)
            and self.is_past
        )

    @property
    def takes_registrations(self) -> bool:
        return (
            self.registration_open
            and self.status in (EventStatus.SCHEDULED, EventStatus.LIVE)
            and not self.is_past
        )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> dt.datetime | None:
        return self.starts_at.astimezone(self.zone) if self.starts_at else None

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def zone_abbreviation(self) -> str:
        return self.local_start.tzname() if self.local_start else ""

    def active_registrations(self) -> models.QuerySet:
        return self.registrations.exclude(status=RegistrationStatus.CANCELLED)

    def registered_count(self) -> int:
        return self.registrations.filter(status=RegistrationStatus.REGISTERED).count()

    def spots_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.registered_count())


PAST_REGISTRATION_MESSAGE = (
    "This run is dated in the past: it cannot be published with registration open. "
    'Untick "registration open" to record it, or correct its date.'
)


class EventStatusChange(models.Model):
    """The status history: who moved the event and when."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=EventStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=EventStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class Dedication(models.Model):
    """A hero honored by an event, with the organization's running mile number."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="dedications")
    hero = models.ForeignKey("honors.Hero", on_delete=models.PROTECT, related_name="dedications")
    mile = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The running count: 'mile 1,095'. Several heroes may share one.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "mile", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "hero"], name="dedication_unique_hero"),
        ]
        indexes = [models.Index(fields=["mile"])]

    def __str__(self) -> str:
        return f"Mile {self.mile}: {self.hero}" if self.mile else str(self.hero)

    @property
    def intro(self) -> str:
        """The words read before the mile: 'running for [rank] [name], [agency], end of watch …'."""
        hero = self.hero
        parts = [f"Running for {hero.display_name}"]
        if hero.agency_id:
            parts.append(hero.agency.name)
        if hero.end_of_watch:
            parts.append(
                f"end of watch {hero.end_of_watch:%B} {hero.end_of_watch.day}, "
                f"{hero.end_of_watch.year}"
            )
        return ", ".join(parts)


class InjuredResponder(models.Model):
    """A living, injured responder the event also honors: a name and a note, nothing private."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="injured")
    name = models.CharField(max_length=200)
    agency = models.ForeignKey("honors.Agency", null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(max_length=300, blank=True, help_text="Public; written with care.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramKind(models.TextChoices):
    WELCOME = "welcome", "Welcome"
    INTRO = "intro", "Intro"
    PRAYER = "prayer", "Prayer"
    MILE = "mile", "The mile"
    FLAG = "flag", "Flag presentation"
    SILENCE = "silence", "Moment of silence"
    CLOSING = "closing", "Closing"


class ProgramTemplate(models.Model):
    """The default program the organizer edits; each item is {kind, title, offset_minutes}."""

    name = models.CharField(max_length=100, unique=True)
    is_default = models.BooleanField(default=False)
    items = models.JSONField(default=list)

    class Meta:
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name


DEFAULT_PROGRAM = [
    {"kind": "welcome", "title": "Welcome", "offset_minutes": -10},
    {"kind": "intro", "title": "Running for …", "offset_minutes": -5},
    {"kind": "prayer", "title": "Prayer", "offset_minutes": -3},
    {"kind": "mile", "title": "The mile", "offset_minutes": 0},
    {"kind": "flag", "title": "Flag presentation", "offset_minutes": 12},
    {"kind": "silence", "title": "Moment of silence", "offset_minutes": 15},
    {"kind": "closing", "title": "Closing", "offset_minutes": 17},
]


# "Running for …" or "Running for ...": a template's line waiting for the hero's name.
PLACEHOLDER = re.compile(r"(…|\.\.\.)\s*$")


class ProgramItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="program")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=ProgramKind.choices)
    title = models.CharField(max_length=200)
    offset_minutes = models.IntegerField(
        default=0, help_text="Planned time, in minutes from the start (negative: before)."
    )
    note = models.CharField(max_length=300, blank=True)
    silence_seconds = models.PositiveSmallIntegerField(default=DEFAULT_SILENCE_SECONDS)

    class Meta:
        ordering = ["order", "offset_minutes", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """An intro line left as the template's "Running for …" (runs planned before the lines
        were filled) reads the heroes' intros instead: a placeholder never reaches the public."""
        if self.kind != ProgramKind.INTRO or not PLACEHOLDER.search(self.title):
            return self.title
        intros = [d.intro for d in self.event.dedications.select_related("hero__agency")]
        return "; ".join(intros) or self.title

    @property
    def planned_at(self) -> dt.datetime | None:
        event = self.event
        if not event.starts_at or not event.start_time_known:
            return None
        # Minutes elapse in UTC: wall-clock arithmetic would be an hour off across a DST change.
        return (event.starts_at + dt.timedelta(minutes=self.offset_minutes)).astimezone(event.zone)


class MemorialItemKind(models.TextChoices):
    FLAG = "flag", "Flag"
    MOUNT = "mount", "Memorial mount"
    LETTER = "letter", "Letter"


class MemorialItemStatus(models.TextChoices):
    ORDERED = "ordered", "Ordered"
    CARRIED = "carried", "Carried"
    PRESENTED = "presented", "Presented in person"
    SHIPPED = "shipped", "Shipped"
    RECEIVED = "received", "Received"


class RecipientKind(models.TextChoices):
    FAMILY = "family", "Family"
    DEPARTMENT = "department", "Department"


class MemorialItem(models.Model):
    """A flag, mount or letter, tracked from ordered to in the family's or department's hands."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="memorial_items")
    dedication = models.ForeignKey(
        Dedication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memorial_items",
        help_text="The mile it was carried on.",
    )
    kind = models.CharField(max_length=20, choices=MemorialItemKind.choices)
    status = models.CharField(
        max_length=20, choices=MemorialItemStatus.choices, default=MemorialItemStatus.ORDERED
    )
    recipient_kind = models.CharField(
        max_length=20, choices=RecipientKind.choices, default=RecipientKind.FAMILY
    )
    recipient = models.CharField(
        max_length=200, blank=True, help_text="Public: 'the Crumby family' or the department."
    )
    recipient_relationship = models.CharField(max_length=100, blank=True)
    family_address = models.TextField(blank=True, help_text="Private: organizers only.")
    family_phone = models.CharField(
        max_length=40, blank=True, help_text="Private: organizers only."
    )
    carrier = models.CharField(max_length=60, blank=True)
    tracking_number = models.CharField(max_length=80, blank=True)
    presented_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        # Every path (admin, API, shell) refuses another run's mile, not only forms.
        self.check_dedication()
        super().save(*args, **kwargs)

    def check_dedication(self) -> None:
        """A flag is carried on one of its own run's miles, never on another run's."""
        if self.dedication_id is None or self.event_id is None:
            return
        dedication = self.dedication
        if dedication.event_id != self.event_id:
            raise ValidationError(
                {"dedication": "Choose a mile of this run: that dedication belongs to another run."}
            )

    def clean(self) -> None:
        self.check_dedication()
        if self.status == MemorialItemStatus.SHIPPED and not self.carrier:
            raise ValidationError({"carrier": "A shipped item needs its carrier."})
        if self.status == MemorialItemStatus.CARRIED and not self.dedication_id:
            raise ValidationError({"dedication": "Say which mile carried it."})

    @property
    def public_summary(self) -> str:
        text = self.get_kind_display()
        if self.dedication_id and self.dedication.mile:
            text += f" carried on mile {self.dedication.mile:,}"
        if self.status == MemorialItemStatus.PRESENTED:
            text += f", presented in person to {self.recipient or 'the family'}"
        elif self.status in (MemorialItemStatus.SHIPPED, MemorialItemStatus.RECEIVED):
            text += f", sent to {self.recipient or 'the family'}"
            if self.status == MemorialItemStatus.RECEIVED:
                text += " (received)"
        return text


class RegistrationRole(models.TextChoices):
    RUNNER = "runner", "Runner"
    WALKER = "walker", "Walker"
    OFFICER = "officer", "Officer in uniform"
    FAMILY = "family", "Family"
    VOLUNTEER = "volunteer", "Volunteer"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    WAITLISTED = "waitlisted", "Waitlisted"
    CANCELLED = "cancelled", "Cancelled"


class RegistrationSource(models.TextChoices):
    WEB = "web", "Web form"
    BULK = "bulk", "Liaison list"
    IMPORT = "import", "File import"
    DESK = "desk", "Check-in desk"


def person_key(email: str, first_name: str, last_name: str) -> str:
    """Who a registration is for: the same person twice on one event is one registration."""
    return "|".join(fold(" ".join(x.split())) for x in (email, first_name, last_name))


class RegistrationQuerySet(models.QuerySet):
    def search(self, query: str) -> RegistrationQuerySet:
        query = query.replace("\x00", "").strip()  # PostgreSQL refuses NUL in a comparison
        if query.isdecimal():  # not isdigit: int("²") raises
            return self.filter(bib=int(query)) if len(query) <= 9 else self.none()
        qs = self
        for word in fold(query).split():
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return qs

    def for_liaison(self, user) -> RegistrationQuerySet:
        return self.filter(agency__liaisons__user=user)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    agency = models.ForeignKey(
        "honors.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    team = models.CharField("agency or team", max_length=200, blank=True)
    role = models.CharField(
        max_length=20, choices=RegistrationRole.choices, default=RegistrationRole.RUNNER
    )
    sex = models.CharField(max_length=10, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    emergency_name = models.CharField("emergency contact", max_length=200, blank=True)
    emergency_phone = models.CharField("emergency phone", max_length=40, blank=True)
    is_minor = models.BooleanField(default=False)
    guardian_name = models.CharField(max_length=200, blank=True)
    waiver_accepted_at = models.DateTimeField(null=True, blank=True)
    waiver_text = models.TextField(blank=True, help_text="The waiver exactly as accepted.")
    waiver_version = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    bib = models.PositiveIntegerField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    idempotency_digest = models.CharField(
        max_length=64, blank=True, editable=False, help_text="sha256 of what the key was sent with."
    )
    person_key = models.CharField(max_length=400, editable=False)
    source = models.CharField(
        max_length=20, choices=RegistrationSource.choices, default=RegistrationSource.WEB
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "bib"],
                condition=Q(bib__isnull=False),
                name="registration_unique_bib",
            ),
            # One live registration per person; a cancelled person may register again.
            models.UniqueConstraint(
                fields=["event", "person_key"],
                condition=~Q(status="cancelled"),
                name="registration_unique_active_person",
            ),
            models.UniqueConstraint(
                fields=["event", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="registration_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.person_key = person_key(self.email, self.first_name, self.last_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "person_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registration_confirmed", args=[self.event_id, self.token])

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def missing(self) -> list[str]:
        """What the desk must collect before the runner starts."""
        missing = []
        if not self.waiver_accepted_at:
            missing.append("waiver")
        if self.is_minor and not self.guardian_name:
            missing.append("guardian")
        return missing


class CheckIn(models.Model):
    """One row per runner: the database keeps two volunteers' taps to one check-in."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="check_in"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    def __str__(self) -> str:
        return f"{self.registration} at {self.at:%H:%M}"
