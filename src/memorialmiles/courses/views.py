"""Course pages: the list, one course (pictures, splits, mile check, map), upload, downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from memorialmiles import gps
from memorialmiles.core.roles import Role, has_role, is_organizer, role_required
from memorialmiles.courses import services
from memorialmiles.courses.forms import ACCEPT, CourseUploadForm
from memorialmiles.courses.maps import map_context
from memorialmiles.courses.models import Course
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import Event
from memorialmiles.gps.pieces import track_shape

DOWNLOADS = {
    "gpx": ("application/gpx+xml", gps.gpx_text),
    "geojson": ("application/geo+json", gps.geojson_text),
}


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    courses = list(Course.objects.select_related("agency").defer("geometry", "metrics", "splits"))
    for course in courses:
        course.check = course.mile_check()
    can_upload = has_role(request.user, Role.ORGANIZER, Role.LIAISON)
    return render(
        request, "courses/course_list.html", {"courses": courses, "can_upload": can_upload}
    )


@require_GET
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.select_related("agency"), pk=course_id)
    context = {
        "course": course,
        "check": course.mile_check(),
        "splits": course.splits or {},
    }
    if course.has_geometry:
        track = course.track()
        context.update(map_context(course, track))
        context["profile_svg"] = mark_safe(  # noqa: S308
            gps.elevation_svg(track, title=course.name)
        )
        if not context["splits"]:  # drawn by hand, never uploaded: split the stored line
            context["splits"] = services.course_splits(track)
    return render(request, "courses/course_detail.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.ORGANIZER, Role.LIAISON)
def course_upload(request: HttpRequest) -> HttpResponse:
    """Upload a course; from a run's edit page (``?event=ID``) the course becomes that run's
    and the organizer lands back on the run, where its map now shows."""
    event = _run_to_plan(request)
    form = CourseUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        course = form.save()
        check = course.mile_check()
        note = "" if check.passes else " It is shorter than a mile: see the warning."
        warned = len((course.metrics or {}).get("warnings") or [])
        if warned:  # clock faults and skipped points: kept, but the organizer should know
            note += f" Reading the file gave {warned} warning(s): see below."
        if course.has_geometry:
            note += "".join(f" {w}" for w in track_shape(course.track()).warnings())
        messages.success(request, f"Saved {course.name}: {course.distance_miles:.2f} miles.{note}")
        if event is not None:
            event.course = course
            event.save(update_fields=["course", "updated_at"])  # audited: the run's history
            messages.info(request, f"{course.name} is now the course of {event.title}.")
            return redirect(event)
        return redirect(course)
    return render(
        request,
        "courses/course_upload.html",
        {
            "form": form,
            "accept": ACCEPT,
            "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024),
            "event": event,
        },
    )


def _run_to_plan(request: HttpRequest) -> Event | None:
    """The run named by ``?event=``: only an organizer, who may edit it, attaches a course."""
    raw = request.GET.get("event", "")
    if not raw:
        return None
    if not (raw.isdecimal() and len(raw) <= 18):
        raise Http404("No such run.")
    event = event_or_404(request, int(raw))
    if not is_organizer(request.user):
        raise PermissionDenied("Only an organizer sets a run's course.")
    return event


@require_GET
def course_download(request: HttpRequest, course_id: int, fmt: str) -> HttpResponse:
    course = get_object_or_404(Course, pk=course_id)
    if fmt not in DOWNLOADS or not course.has_geometry:
        return HttpResponse("No such download.", status=404, content_type="text/plain")
    content_type, write = DOWNLOADS[fmt]
    response = HttpResponse(write(course.track()), content_type=content_type)
    name = slugify(course.name)[:80] or f"course-{course.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
