"""The honor roll: agencies and the heroes each memorial mile is run for."""

from __future__ import annotations

import functools

from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Value
from django.urls import reverse

from memorialmiles.core.converters import MAX_ID
from memorialmiles.core.loading import QuickLoad
from memorialmiles.honors.states import STATE_CHOICES, STATES
from memorialmiles.registry.names import name_key
from memorialmiles.registry.query import fold  # noqa: F401 - imported from here by others

# Years a wall or API filter takes: the roll begins in the 18th century, and a year outside
# 1..9999 cannot even be turned into the date range the database compares against.
YEAR_MIN, YEAR_MAX = 1700, 2100


class Service(models.TextChoices):
    POLICE = "police", "Police"
    FIRE = "fire", "Fire"
    EMS = "ems", "EMS"
    CORRECTIONS = "corrections", "Corrections"
    OTHER = "other", "Other"


class MileStatus(models.TextChoices):
    WAITING = "waiting", "No mile yet"
    SCHEDULED = "scheduled", "Mile scheduled"
    HONORED = "honored", "Honored"


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    SHERIFF = "sheriff", "Sheriff"
    FIRE = "fire", "Fire"
    EMS = "ems", "EMS"
    CORRECTIONS = "corrections", "Corrections"
    FEDERAL = "federal", "Federal"
    TRIBAL = "tribal", "Tribal"
    RAILROAD = "railroad", "Railroad"
    OTHER = "other", "Other"


class Agency(QuickLoad, models.Model):
    name = models.CharField(max_length=200)
    key = models.CharField(
        max_length=200, help_text="Normalised name; agencies match on it within a state."
    )
    kind = models.CharField(max_length=20, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True, choices=STATE_CHOICES)
    country = models.CharField(max_length=2, default="US")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    identifier = models.CharField(
        max_length=40, blank=True, help_text="An identifier such as the FBI's ORI."
    )
    # The person the mile pipeline invites to plan a run with us: private, organizers only.
    # db_default: SQLite adds these columns in place instead of rebuilding the table (a rebuild
    # would drop the search triggers of the roll).
    contact_name = models.CharField(max_length=200, blank=True, default="", db_default="")
    contact_email = models.EmailField(
        blank=True, default="", db_default="", help_text="Private: organizers only."
    )
    auto_invite = models.BooleanField(
        "invite by itself",
        default=False,
        db_default=False,
        help_text="A partner: a new hero of this agency from a registry check invites it at once.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["state", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "state", "key"], name="agency_unique_key"),
        ]
        indexes = [models.Index(fields=["identifier"])]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}" if self.state else self.name

    def get_absolute_url(self) -> str:
        return reverse("agency", args=[self.pk])

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class HeroQuerySet(models.QuerySet):
    def search(self, query: str) -> HeroQuerySet:
        """Heroes as a person means `query` (see `memorialmiles.registry.query`), forgiving
        typos, annotated with `relevance` (0 exact, 1 prefix, 2 and 3 one and two typos).

        SQLite answers from an FTS5 index and PostgreSQL from a full-text index (migrations
        0002 and 0006), kept in step with the row by the database; typos are corrected against
        the roll's vocabulary (`SearchWord`, migration 0005).
        """
        from memorialmiles.honors.search import hero_search

        return hero_search(self, query)

    def count(self) -> int:
        from memorialmiles.honors.search import fast_count

        if self._result_cache is None and (found := fast_count(self)) is not None:
            return found
        return super().count()

    def __getitem__(self, k):
        """A page of a search is read from the narrowest tier of matches that holds it, and
        its related rows are joined to the page alone."""
        from memorialmiles.honors.search import joined_after_page, narrowed

        found = super().__getitem__(k)
        if isinstance(k, slice) and isinstance(found, HeroQuerySet):
            return joined_after_page(narrowed(found))
        return found

    def filter_wall(self, params) -> HeroQuerySet:
        qs = self
        if state := (params.get("state") or "").strip().upper():
            qs = qs.filter(state=state)
        if service := (params.get("service") or "").strip().lower():
            qs = qs.filter(service=service)
        # Out-of-range numbers match nothing here; views refuse them first with a message.
        # isdecimal, not isdigit: int("²") raises; the length check keeps int() cheap.
        if (agency := str(params.get("agency") or "").strip()) and agency.isdecimal():
            in_range = len(agency) <= 19 and int(agency) <= MAX_ID
            qs = qs.filter(agency_id=int(agency)) if in_range else qs.none()
        if (year := str(params.get("year") or "").strip()) and year.isdecimal():
            in_range = len(year) <= 4 and YEAR_MIN <= int(year) <= YEAR_MAX
            qs = qs.filter(end_of_watch__year=int(year)) if in_range else qs.none()
        if cause := (params.get("cause") or "").strip():
            qs = qs.filter(cause__iexact=cause)
        if status := (params.get("status") or "").strip().lower():
            qs = qs.filter_mile_status(status)
        k9 = str(params.get("k9") or "").strip().lower()
        if k9 in {"1", "true", "yes", "on"}:
            qs = qs.filter(k9=True)
        elif k9 in {"0", "false", "no", "off"}:
            qs = qs.filter(k9=False)
        if q := (params.get("q") or "").strip():
            qs = qs.search(q)
        return qs

    def for_list(self) -> HeroQuerySet:
        """Heroes as a list shows them (the wall, the API's list): with their agency's name,
        without the columns no list shows. Reading and building 50 heroes and their agencies
        was most of a search's page on PostgreSQL: 2.5 ms, 0.5 less without these columns
        (the agency's other twelve, a hero's biography, identity, search text, photo and its
        three dates, whose timestamps Django parses in Python)."""
        shown = {"id", "name"}
        agency = [f"agency__{f.name}" for f in Agency._meta.concrete_fields if f.name not in shown]
        return self.select_related("agency").defer(*LIST_UNSHOWN, *agency)

    def _dedications(self, statuses, *, listed_only: bool = True):
        return _dedications(tuple(statuses), listed_only)

    def awaiting_mile(self) -> HeroQuerySet:
        """The organizer's backlog: no mile on any run, drafts and unlisted runs included,
        except cancelled ones, after which the hero is waiting again."""
        planned = self._dedications(
            ["proposed", "scheduled", "live", "finished"], listed_only=False
        )
        return self if planned is None else self.filter(~planned)

    def with_mile_status(self) -> HeroQuerySet:
        """Annotate `mile_honored` and `mile_scheduled` from listed events only: an
        organizer's draft or an unlisted run does not show on the public wall."""
        honored = self._dedications(["finished"])
        if honored is None:
            return self.annotate(mile_honored=Value(False), mile_scheduled=Value(False))
        return self.annotate(
            mile_honored=honored, mile_scheduled=self._dedications(PUBLIC_MILE_STATUSES[:2])
        )

    def with_public_miles(self) -> HeroQuerySet:
        """Prefetch each hero's dedications on listed events into `public_miles`: a draft's
        or an unlisted run's mile number never shows on a public list."""
        if not apps.is_installed("memorialmiles.events"):
            return self
        dedication = apps.get_model("events", "Dedication")
        public = (
            dedication.objects.filter(
                event__status__in=PUBLIC_MILE_STATUSES, event__visibility="public"
            )
            .select_related("event")
            .order_by("event__starts_at", "id")
        )
        return self.prefetch_related(Prefetch("dedications", public, to_attr="public_miles"))

    def filter_mile_status(self, status: str) -> HeroQuerySet:
        honored = self._dedications(["finished"])
        if honored is None:
            return self if status == MileStatus.WAITING else self.none()
        scheduled = self._dedications(PUBLIC_MILE_STATUSES[:2])
        if status == MileStatus.HONORED:
            return self.filter(honored)
        if status == MileStatus.SCHEDULED:
            return self.filter(scheduled & ~honored)
        if status == MileStatus.WAITING:
            return self.filter(~scheduled & ~honored)
        return self

    def honor_roll_stats(self) -> dict:
        return self.aggregate(
            heroes=Count("id"),
            k9=Count("id", filter=Q(k9=True)),
            states=Count("state", distinct=True),
        )


@functools.cache
def _dedications(statuses: tuple[str, ...], listed_only: bool):
    """The hero's dedications on events in `statuses`; none when no events app is here.

    Built once per process: a query that uses it resolves a copy (Django's expressions copy
    themselves when resolved), and building the two of `with_mile_status` took 0.4 ms of each
    wall page, as much as the page's own SQL."""
    if not apps.is_installed("memorialmiles.events"):
        return None
    dedication = apps.get_model("events", "Dedication")
    found = dedication.objects.filter(hero=OuterRef("pk"), event__status__in=statuses)
    return Exists(found.filter(event__visibility="public") if listed_only else found)


# A hero's columns no list of heroes shows (`HeroQuerySet.for_list`).
LIST_UNSHOWN = (
    "biography", "identity", "search_text", "photo", "incident_date", "added_at", "updated_at",
    "registry_only",
)  # fmt: skip

# A mile counts for the public once its event is announced; a cancelled one does not.
PUBLIC_MILE_STATUSES = ("scheduled", "live", "finished")

SORTS = {
    "name": ("last_name", "first_name", "id"),
    "-eow": ("-end_of_watch", "last_name", "id"),
    "eow": ("end_of_watch", "last_name", "id"),
    "state": ("state", "last_name", "id"),
}


class Hero(QuickLoad, models.Model):
    rank = models.CharField("title or rank", max_length=80, blank=True)
    first_name = models.CharField(max_length=80, blank=True)
    middle_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80)
    suffix = models.CharField(max_length=20, blank=True)
    nickname = models.CharField(max_length=80, blank=True)
    k9 = models.BooleanField("K9", default=False)
    service = models.CharField(max_length=20, choices=Service.choices, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="heroes"
    )
    state = models.CharField(max_length=2, blank=True, choices=STATE_CHOICES)
    country = models.CharField(max_length=2, default="US")
    end_of_watch = models.DateField(null=True, blank=True)
    incident_date = models.DateField(null=True, blank=True)
    cause = models.CharField(max_length=120, blank=True)
    biography = models.TextField(
        blank=True, help_text="Written by the organizer. Never copy a memorial site's text."
    )
    photo = models.ImageField(upload_to="heroes/", blank=True)
    registry_only = models.BooleanField(
        "family asked for registry facts only",
        default=False,
        db_default=False,  # added in place on SQLite: a rebuild would drop the search triggers
        help_text="Public pages and the API show what the registry does: no story, no photo.",
    )
    identity = models.CharField(
        max_length=400,
        editable=False,
        help_text="Name, agency and end of watch folded together: the duplicate key.",
    )
    search_text = models.TextField(editable=False, default="")
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HeroQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"]),
            models.Index(fields=["end_of_watch", "last_name"]),
            models.Index(fields=["state", "last_name"]),
            models.Index(fields=["service", "last_name"]),
            # Compared for equality only: no varchar_pattern_ops twin on PostgreSQL (its
            # build was 19 ms of a first import). Migration 0010.
            models.Index(fields=["identity"], name="honors_hero_identity_bd685521"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "identity", "search_text"}
        super().save(*args, **kwargs)
        SearchWord.add([self.search_text])

    def get_absolute_url(self) -> str:
        return reverse("hero", args=[self.pk])

    @property
    def name(self) -> str:
        parts = [
            self.first_name,
            f'"{self.nickname}"' if self.nickname else "",
            self.middle_name,
            self.last_name,
        ]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.suffix}" if self.suffix else name

    @property
    def display_name(self) -> str:
        return f"{self.rank} {self.name}".strip()

    @property
    def mile_status(self) -> str:
        """Needs `with_mile_status()` on the queryset the hero came from."""
        if getattr(self, "mile_honored", False):
            return MileStatus.HONORED
        if getattr(self, "mile_scheduled", False):
            return MileStatus.SCHEDULED
        return MileStatus.WAITING

    @property
    def public_photo(self):
        """The photo a public page may show: none when the family asked for registry facts."""
        return None if self.registry_only or not self.photo else self.photo

    @property
    def public_biography(self) -> str:
        return "" if self.registry_only else self.biography

    @property
    def state_name(self) -> str:
        return STATES.get(self.state, self.state)

    def refresh_derived(self) -> None:
        agency = self.agency if self.agency_id or self.agency else None
        self.identity = hero_identity(
            self.first_name,
            self.middle_name,
            self.last_name,
            self.suffix,
            self.k9,
            agency.key if agency else "",
            self.state,
            self.end_of_watch,
        )
        self.search_text = hero_search_text(
            self.rank,
            self.first_name,
            self.nickname,
            self.middle_name,
            self.last_name,
            self.suffix,
            agency.name if agency else "",
        )


def hero_search_text(*parts: str) -> str:
    return fold(" ".join(p for p in parts if p))


def hero_identity(first, middle, last, suffix, k9, agency_key, state, end_of_watch) -> str:
    """The duplicate key as one indexed string, the same one the registry reader computes."""
    eow = end_of_watch.isoformat() if end_of_watch else ""
    return "|".join([name_key(first, middle, last, suffix, k9), agency_key, state, eow])


class SearchWord(models.Model):
    """A word of the roll's `search_text`: the vocabulary typos are corrected against.

    Candidates for a typed word are the words keeping its first or last letters and, on
    PostgreSQL, those whose trigrams are like its own, read from the copy each process holds
    (`honors.vocabulary`); rapidfuzz then keeps those within the edit distance. Words are
    only added: one no hero has any more finds nobody, and "did you mean" offers only what
    finds someone.
    """

    word = models.CharField(max_length=80, primary_key=True)

    def __str__(self) -> str:
        return self.word

    @classmethod
    def add(cls, texts) -> None:
        """Record the words of `texts` (search_text values): one statement, not one per word."""
        from memorialmiles.honors.search import vocabulary_words

        cls.add_words(vocabulary_words(texts))

    @classmethod
    def add_words(cls, words) -> None:
        """Record `words` (`search.vocabulary_words`), those not known yet."""
        with connection.cursor() as cursor:
            for sql, params in cls.inserts(words):
                cursor.execute(sql, params)

    @classmethod
    def inserts(cls, words) -> list[tuple[str, list]]:
        """The statements that add `words`, with their parameters in the driver's own style
        (`?` on SQLite, which Django's cursor leaves alone), so that a `core.bulk.Writer` can
        run them too: one statement, not one per word."""
        from memorialmiles.core.bulk import sqlite_variables, statement_rows

        words = sorted(words)
        if not words:
            return []
        table = cls._meta.db_table
        if connection.vendor == "postgresql":
            sql = (
                f"INSERT INTO {table} (word) SELECT unnest(%s::text[]) "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            return [(sql, [words])]
        statements = []
        for start, size in statement_rows(len(words), sqlite_variables()):
            marks = ", ".join(["(?)"] * size)
            statements.append(
                (
                    f"INSERT INTO {table} (word) VALUES {marks} ON CONFLICT DO NOTHING",  # noqa: S608
                    words[start : start + size],
                )
            )
        return statements


class SourceLink(models.Model):
    """Where a hero's record comes from: we link to the registry, never copy its narrative."""

    hero = models.ForeignKey(Hero, on_delete=models.CASCADE, related_name="sources")
    registry = models.CharField(max_length=120)
    source_id = models.CharField(max_length=80, blank=True)
    url = models.URLField(max_length=500, blank=True)
    attribution = models.CharField(max_length=300, blank=True)
    license = models.CharField(max_length=120, blank=True)
    snapshot = models.JSONField(
        default=dict, blank=True, help_text="The fields as the registry last gave them."
    )
    # The record's digest as the reader last read it (`RegistryFile.rows_skipping`): a
    # re-import skips a record with the same digest. "" for links an import did not make.
    digest = models.CharField(max_length=32, blank=True, default="", db_default="", editable=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["registry", "source_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "source_id"],
                condition=~Q(source_id=""),
                name="source_unique_registry_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registry} {self.source_id}".strip()


class ImportRun(models.Model):
    """One import of a registry file with its counts, so the organizer sees what came from where."""

    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=40)
    started_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.format})"


class LiaisonAssignment(models.Model):
    """An agency liaison acts for the agencies listed here, and only for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison_for"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="liaisons")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="liaison_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.agency}"
