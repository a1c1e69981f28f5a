"""The track the run leaves: the kept fixes from the start on, measured by the gps core.

It is measured when the run finishes (and again when the organizer publishes it), so the
finished page shows the distance the flag-bearer really covered beside the course's.
"""

from __future__ import annotations

from django.utils import timezone

from memorialmiles import gps
from memorialmiles.events.models import Event
from memorialmiles.gps.live import KEPT
from memorialmiles.live.models import Position, RecordedTrack
from memorialmiles.live.state import start_of

SIMPLIFY_TOLERANCE_M = 2.0  # as a course upload keeps its line


def record_track(event: Event, *, published: bool | None = None) -> RecordedTrack:
    """Measure (again) the run's recorded track; optionally publish or withdraw it."""
    rows = Position.objects.filter(event=event, verdict=KEPT)
    start = start_of(event)
    if start is not None:
        rows = rows.filter(time__gte=start)
    points = list(rows.order_by("time", "id").values_list("lat", "lon", "time"))
    geometry, metrics = {}, {}
    if len(points) >= 2:
        track = gps.Track(
            [p[0] for p in points],
            [p[1] for p in points],
            time=[p[2].timestamp() for p in points],
            name=f"run {event.pk}",
        )
        metrics = {
            k: v for k, v in track.metrics().items() if isinstance(v, int | float | str | None)
        }
        geometry = gps.geojson_dict(track.simplify(SIMPLIFY_TOLERANCE_M))
        if geometry.get("type") == "Feature":
            geometry = geometry["geometry"]
    recorded, _ = RecordedTrack.objects.get_or_create(event=event)
    recorded.geometry, recorded.metrics, recorded.measured_at = geometry, metrics, timezone.now()
    fields = ["geometry", "metrics", "measured_at"]
    if published is not None and published != recorded.published:
        recorded.published = published
        fields.append("published")
    recorded.save(update_fields=fields)
    return recorded
