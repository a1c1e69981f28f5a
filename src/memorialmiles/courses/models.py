"""Courses: where a memorial mile is run, measured by the pure `memorialmiles.gps` library."""

from django.conf import settings
from django.db import models
from django.urls import reverse

MILE_M = 1609.344


class Course(models.Model):
    name = models.CharField(max_length=200)
    start_place = models.CharField(max_length=200, blank=True)
    finish_place = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        "honors.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    description = models.TextField(blank=True)
    illustrative = models.BooleanField(
        default=False, help_text="Drawn by hand rather than surveyed or recorded; the page says so."
    )
    geometry = models.JSONField(
        default=dict, blank=True, help_text="Simplified GeoJSON LineString (lon, lat[, ele])."
    )
    distance_m = models.FloatField(null=True, blank=True)
    elevation_gain_m = models.FloatField(null=True, blank=True)
    elevation_loss_m = models.FloatField(null=True, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    original = models.FileField(upload_to="courses/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("course", args=[self.pk])

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / MILE_M
