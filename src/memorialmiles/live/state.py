"""What a watcher sees of a run: its status, the live line, the results; one shape for the
page, the stream, the polling fallback and the replay.

Privacy: positions are shown only while the run is live, or after it once the organizer has
published the recorded track; never a fix from before the start (the judge refuses them);
never anything of the tracker itself (its label is the organizer's note, its token a secret).
"""

from __future__ import annotations

import datetime as dt

from memorialmiles.events.models import Event, EventStatus
from memorialmiles.gps.live import KEPT, progress
from memorialmiles.gps.snap import CourseLine
from memorialmiles.live.models import Position, RecordedTrack
from memorialmiles.timing.api import results_payload

# A flag-bearer this close to the end of the course has finished it.
FINISH_RADIUS_M = 25.0
# Rows of results pushed to every watcher (the results page has them all).
RESULT_ROWS = 25
# A replay or a reconnect gets at most this many positions at once (about 3 h at one per 5 s).
MAX_POSITIONS = 2500


def start_of(event: Event) -> dt.datetime | None:
    """The gun: the start signal in force (the latest of the main wave, else the earliest
    wave's), else the scheduled start."""
    signals = {}
    for wave, gun_us in event.start_signals.order_by("created_at", "id").values_list(
        "wave", "gun_time_us"
    ):
        signals[wave] = gun_us  # the latest for a wave is in force
    if signals:
        gun_us = signals.get("", min(signals.values()))
        return dt.datetime.fromtimestamp(gun_us / 1_000_000, tz=dt.UTC)
    return event.starts_at


def track_published(event: Event) -> bool:
    return RecordedTrack.objects.filter(event=event, published=True).exists()


def positions_public(event: Event) -> bool:
    if event.status == EventStatus.LIVE:
        return True
    return event.status == EventStatus.FINISHED and track_published(event)


def course_line(event: Event) -> CourseLine | None:
    course = event.course
    if course is None:
        return None
    return CourseLine.from_geometry(course.geometry)


def course_length(event: Event, line: CourseLine | None = None) -> float | None:
    if event.course is not None and event.course.distance_m:
        return float(event.course.distance_m)
    return line.length_m if line is not None else None


def position_payload(p: Position, start: dt.datetime | None, length_m: float | None) -> dict:
    elapsed = (p.time - start).total_seconds() if start else 0.0
    done = progress(p.along_m or 0.0, length_m, elapsed) if p.along_m is not None else None
    return {
        "id": p.pk,
        "t": p.time.isoformat().replace("+00:00", "Z"),
        "lat": round(p.shown_lat if p.shown_lat is not None else p.lat, 6),
        "lon": round(p.shown_lon if p.shown_lon is not None else p.lon, 6),
        "elapsed_s": round(elapsed, 1),
        "done_m": None if done is None else round(done.done_m, 1),
        "left_m": None if done is None or done.left_m is None else round(done.left_m, 1),
        "pace_s_per_km": None
        if done is None or done.pace_s_per_km is None
        else round(done.pace_s_per_km, 1),
        "eta_s": None if done is None or done.eta_s is None else round(done.eta_s),
    }


def public_positions(event: Event, after_id: int = 0) -> list[Position]:
    """The live line after `after_id`, oldest first (the last MAX_POSITIONS of it)."""
    if not positions_public(event):
        return []
    qs = Position.objects.filter(event=event, verdict=KEPT, id__gt=after_id)
    start = start_of(event)
    if start is not None:
        qs = qs.filter(time__gte=start)
    rows = list(qs.order_by("-id")[:MAX_POSITIONS])
    rows.reverse()
    return rows


def finish_of(event: Event, start: dt.datetime | None, length_m: float | None) -> dict | None:
    """The flag-bearer's final time: the first fix within FINISH_RADIUS_M of the end of the
    course, else (a run finished without one) the last fix kept."""
    if event.status != EventStatus.FINISHED or start is None:
        return None
    kept = Position.objects.filter(event=event, verdict=KEPT, time__gte=start)
    at = None
    if length_m is not None:
        at = kept.filter(along_m__gte=length_m - FINISH_RADIUS_M).order_by("time").first()
    at = at or kept.order_by("-time").first()
    if at is None:
        return None
    seconds = (at.time - start).total_seconds()
    return {"final_s": round(seconds, 1), "at": at.time.isoformat().replace("+00:00", "Z")}


def status_payload(event: Event) -> dict:
    line = course_line(event)
    length = course_length(event, line)
    start = start_of(event)
    return {
        "status": event.status,
        "live": event.status == EventStatus.LIVE,
        "positions_public": positions_public(event),
        "started_at": start.isoformat().replace("+00:00", "Z") if start else None,
        "course_m": None if length is None else round(length, 1),
        "finish": finish_of(event, start, length),
    }


def results_short(event: Event) -> dict:
    """The first RESULT_ROWS results with public fields only (as results.json has them)."""
    full = results_payload(event)
    rows = [
        {k: r[k] for k in ("place", "bib", "name", "agency", "net_time", "pace_per_mile", "status")}
        for r in full["rows"][:RESULT_ROWS]
    ]
    return {"finished": full["finished"], "entrants": full["entrants"], "rows": rows}


def snapshot(event: Event, after_id: int = 0) -> dict:
    """Everything a watcher (re)joining needs: status, the line since `after_id`, results."""
    status = status_payload(event)
    start = start_of(event)
    length = status["course_m"]
    positions = [position_payload(p, start, length) for p in public_positions(event, after_id)]
    return {"status": status, "positions": positions, "results": results_short(event)}
