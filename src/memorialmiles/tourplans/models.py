"""A tour: where and when it starts, the driver's limits, its stops and the last plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Tour(models.Model):
    name = models.CharField(max_length=200)
    start_name = models.CharField("start place", max_length=200)
    start_lat = models.FloatField("start latitude")
    start_lon = models.FloatField("start longitude")
    start_date = models.DateField()
    miles_per_day = models.PositiveIntegerField(default=400)
    rest_every = models.PositiveSmallIntegerField(
        default=7, help_text="Every Nth day is a rest day; 0: no rest days."
    )
    max_drive_hours = models.FloatField("most driving hours a day", default=8.0)
    # The last solved plan, as the tours core's Plan.as_json() plus each day's night place.
    plan = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_drive_hours__gt=0, max_drive_hours__lte=24),
                name="tour_drive_hours_in_day",
            ),
            models.CheckConstraint(
                condition=models.Q(miles_per_day__gt=0), name="tour_miles_per_day_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(rest_every=1), name="tour_rest_every_not_one"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tour", args=[self.pk])


class TourStop(models.Model):
    """An agency to visit and the heroes of its backlog honored there. `earliest`/`latest` are
    the dates the agency asked for; a pin is a window of one day; a dropped stop stays listed
    (unplanned, "dropped by hand") until it is put back."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops")
    agency = models.ForeignKey("honors.Agency", on_delete=models.PROTECT, related_name="+")
    heroes = models.ManyToManyField("honors.Hero", blank=True, related_name="+")
    earliest = models.DateField(null=True, blank=True)
    latest = models.DateField(null=True, blank=True)
    dropped = models.BooleanField(default=False)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "agency"], name="tour_stop_unique_agency"),
            models.CheckConstraint(
                condition=models.Q(earliest__isnull=True)
                | models.Q(latest__isnull=True)
                | models.Q(earliest__lte=models.F("latest")),
                name="tour_stop_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.agency)

    @property
    def key(self) -> str:
        """The stop's id in the core's plan."""
        return str(self.pk)

    @property
    def pinned(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest
