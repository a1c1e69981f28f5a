"""Live pages: the tracker links (organizers and timing leads), the flag-bearer's phone page
(no login: its link is its credential), the public live page, its stream and its polling
fallback.

Run pages name the run by `event_id`, so `EventAccessMiddleware` has already refused a draft
or an unlisted run to whoever may not see it. The tracker's token appears on the tracker
links page once, when it is made, and on the phone's own page; never on a public page.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from memorialmiles.audit import record
from memorialmiles.core.roles import Role, is_organizer, role_required
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import Event
from memorialmiles.gps.live import KEPT, REASONS
from memorialmiles.live import door
from memorialmiles.live import stream as sse
from memorialmiles.live.access import may_track
from memorialmiles.live.models import Position, RecordedTrack, Tracker
from memorialmiles.live.recorded import record_track
from memorialmiles.live.state import snapshot
from memorialmiles.live.tracking import LinkDead, ensure_alive, link_end, tracker_for
from memorialmiles.live.video import FRAME_SOURCES, embed_url
from memorialmiles.timing.models import run_ends_at

NO_REFERRER = "no-referrer"  # the phone's page address holds its token


def _run(request: HttpRequest, event_id: int) -> Event:
    return event_or_404(request, event_id, Event.objects.select_related("course"))


def _tracker_rows(event: Event) -> list[dict]:
    rows = []
    for t in event.trackers.all():
        verdicts = dict.fromkeys((KEPT, *REASONS), 0)
        for verdict, n in _verdict_counts(t):
            verdicts[verdict] = n
        try:
            ensure_alive(t)
            state = "sharing" if t.last_seen_at else "not used yet"
        except LinkDead:
            state = "revoked" if t.revoked else "ended"
        rows.append({"tracker": t, "state": state, "verdicts": verdicts})
    return rows


def _verdict_counts(tracker: Tracker):
    return (
        Position.objects.filter(tracker=tracker)
        .values_list("verdict")
        .annotate(n=Count("id"))
        .order_by()
    )


def _links_page(request: HttpRequest, event: Event, new: tuple[Tracker, str] | None = None):
    recorded = RecordedTrack.objects.filter(event=event).first()
    context = {
        "event": event,
        "rows": _tracker_rows(event),
        "link_end": run_end_text(event),
        "recorded": recorded,
        "can_publish": is_organizer(request.user),
        "new_tracker": new[0] if new else None,
        "new_link": request.build_absolute_uri(reverse("live_tracker_page", args=[new[1]]))
        if new
        else "",
    }
    response = render(request, "live/trackers.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = NO_REFERRER
    return response


def run_end_text(event: Event) -> str:
    end = run_ends_at(event)
    return end.astimezone(event.zone).strftime("%Y-%m-%d %H:%M %Z") if end else ""


@require_GET
@role_required(Role.VOLUNTEER)
def trackers(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _run(request, event_id)
    if not may_track(request, event):
        raise PermissionDenied("Only organizers and timing leads make tracker links.")
    return _links_page(request, event)


@require_POST
@role_required(Role.VOLUNTEER)
def tracker_new(request: HttpRequest, event_id: int) -> HttpResponse:
    """Make a link and show it once: only its hash is kept."""
    event = _run(request, event_id)
    if not may_track(request, event):
        raise PermissionDenied("Only organizers and timing leads make tracker links.")
    made = Tracker.create(event, request.user, request.POST.get("label", ""))
    return _links_page(request, event, made)


@require_POST
@role_required(Role.VOLUNTEER)
def tracker_revoke(request: HttpRequest, event_id: int, tracker_id: int) -> HttpResponse:
    """Cut a link off at once (a lost phone); what it sent stays."""
    event = _run(request, event_id)
    if not may_track(request, event):
        raise PermissionDenied("Only organizers and timing leads revoke tracker links.")
    tracker = get_object_or_404(Tracker, pk=tracker_id, event=event)
    with transaction.atomic():
        before = tracker.revoked_at
        if tracker.revoke():
            record.change(tracker, {"revoked_at": (before, tracker.revoked_at)})
    return redirect("live_trackers", event.pk)


@require_POST
@role_required(Role.ORGANIZER)
def track_publish(request: HttpRequest, event_id: int) -> HttpResponse:
    """Publish (or withdraw) the recorded track: its replay is public after the run."""
    event = _run(request, event_id)
    record_track(event, published=request.POST.get("published") == "on")
    return redirect("live_trackers", event.pk)


@never_cache
@require_GET
def tracker_page(request: HttpRequest, tracker_token: str) -> HttpResponse:
    """The flag-bearer's phone: no login, the link is the credential. A wrong token is 404."""
    tracker = tracker_for(tracker_token)
    if tracker is None:
        raise Http404("No such tracker link.")
    event = tracker.event
    try:
        ensure_alive(tracker)
        ended = ""
    except LinkDead as exc:
        ended = str(exc)
    context = {
        "event": event,
        "tracker": tracker,
        "token": tracker_token,
        "ended": ended,
        "link_end": run_end_text(event),
        "api_url": reverse("api:live_positions", kwargs={"event_id": event.pk}),
        "live_url": reverse("live", args=[event.pk]),
        "ends_at": link_end(tracker),
    }
    response = render(request, "live/tracker.html", context)
    response["Referrer-Policy"] = NO_REFERRER
    response["X-Robots-Tag"] = "noindex"
    return response


@csp_update({"frame-src": FRAME_SOURCES})
@require_GET
def live_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _run(request, event_id)
    course = event.course
    context = {
        "event": event,
        "course": course,
        "geometry": course.geometry if course is not None and course.has_geometry else None,
        "dedications": event.dedications.select_related("hero").order_by("order", "mile", "id"),
        "video_embed": embed_url(event.stream_url),
        "snapshot": snapshot(event),
        "recorded_geometry": _published_geometry(event),
    }
    return render(request, "live/live.html", context)


def _published_geometry(event: Event) -> dict | None:
    recorded = RecordedTrack.objects.filter(event=event, published=True).first()
    return recorded.geometry if recorded is not None and recorded.geometry else None


@never_cache
@require_GET
def live_json(request: HttpRequest, event_id: int) -> JsonResponse:
    """The polling fallback (and the replay's source): the same snapshot the stream opens with,
    positions after `?after=` (a position id)."""
    event = _run(request, event_id)
    return JsonResponse(snapshot(event, sse.cursor(request.GET.get("after"))))


def _run_and_release(request: HttpRequest, event_id: int) -> Event:
    """The run, and the thread's database connection closed if this request will hold the
    stream (under ASGI); a WSGI thread answers and goes on to the next request."""
    try:
        return _run(request, event_id)
    finally:
        if isinstance(request, ASGIRequest):
            sse.release_connection()


@require_GET
async def live_stream(request: HttpRequest, event_id: int) -> StreamingHttpResponse:
    """Server-sent events; resumes after the `Last-Event-ID` header (or `?after=`).

    Under `memorialmiles serve`, live/door.py has subscribed this watcher already and keeps
    the connection after this answer: the view answers the opening and tells the door the
    last position id in it. Under another ASGI server the view streams itself; under a plain
    WSGI server it answers the opening alone and the browser comes back."""
    event = await sync_to_async(_run_and_release)(request, event_id)
    last = sse.cursor(request.headers.get("Last-Event-ID") or request.GET.get("after"))
    cursor = None
    if request.META.get(door.SUBSCRIBED):
        content, cursor = await sync_to_async(sse.shared_opening)(event, last, release=False)
    elif isinstance(request, ASGIRequest):
        content = sse.events(event, last)
    else:  # a WSGI worker cannot hold a stream: the opening alone, the browser comes back
        content, _ = await sync_to_async(sse.opening)(event, last)
    response = StreamingHttpResponse(content, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    if cursor is not None:
        response[door.CURSOR_HEADER] = str(cursor)
    return response


live_stream.stream_door = door.stream
