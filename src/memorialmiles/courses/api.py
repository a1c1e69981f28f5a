"""Courses in the API: anyone reads metrics and geometry; organizers and liaisons upload."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import django_auth

from memorialmiles import gps
from memorialmiles.api.common import (
    NON_BLANK,
    READ,
    READ_ONE,
    SESSION_WRITE,
    Id,
    PageIn,
    Text,
    errors,
)
from memorialmiles.core.converters import MAX_ID
from memorialmiles.core.roles import Role, has_role, is_organizer
from memorialmiles.courses import services
from memorialmiles.courses.models import MILE_M, Course
from memorialmiles.honors.models import Agency, LiaisonAssignment

courses_router = Router(tags=["courses"])


class CourseOut(Schema):
    id: int
    name: str
    start_place: str
    finish_place: str
    agency_id: int | None
    illustrative: bool
    distance_m: float | None
    distance_miles: float | None
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    mile_check: str
    url: str
    geometry_url: str


class CourseDetailOut(CourseOut):
    metrics: dict
    splits: dict


class CourseListOut(Schema):
    count: int
    items: list[CourseOut]


class CourseIn(Schema):
    name: str = Field(max_length=200, pattern=NON_BLANK)
    start_place: Text = Field("", max_length=200)
    finish_place: Text = Field("", max_length=200)
    # No null in a form field: an absent agency_id is no agency.
    agency_id: int = Field(None, ge=1, le=MAX_ID)  # type: ignore[assignment]
    description: Text = ""


def course_dict(course: Course, detail: bool = False) -> dict:
    """The public shape of a course, built by hand so only public fields go out."""
    data = {
        "id": course.pk,
        "name": course.name,
        "start_place": course.start_place,
        "finish_place": course.finish_place,
        "agency_id": course.agency_id,
        "illustrative": course.illustrative,
        "distance_m": course.distance_m,
        "distance_miles": None if course.distance_m is None else course.distance_m / MILE_M,
        "elevation_gain_m": course.elevation_gain_m,
        "elevation_loss_m": course.elevation_loss_m,
        "mile_check": course.mile_check().status,
        "url": course.get_absolute_url(),
        "geometry_url": f"/api/v1/courses/{course.pk}/geometry",
    }
    if detail:
        data["metrics"] = course.metrics or {}
        data["splits"] = course.splits or {}
    return data


@courses_router.get("", response={200: CourseListOut, **errors(*READ)}, summary="Courses, by name")
def list_courses(request, page: Query[PageIn]):
    qs = Course.objects.defer("geometry", "metrics", "splits")
    rows = qs[page.offset : page.offset + page.limit]
    return {"count": qs.count(), "items": [course_dict(c) for c in rows]}


@courses_router.get(
    "/{course_id}",
    response={200: CourseDetailOut, **errors(*READ_ONE)},
    summary="A course's metrics",
)
def get_course(request, course_id: Id):
    return course_dict(get_object_or_404(Course, pk=course_id), detail=True)


@courses_router.get(
    "/{course_id}/geometry",
    response={200: dict, **errors(*READ_ONE)},
    summary="The simplified line as a GeoJSON Feature",
)
def get_geometry(request, course_id: Id):
    course = get_object_or_404(Course, pk=course_id)
    if not course.has_geometry:
        raise HttpError(404, "This course has no line yet.")
    return {
        "type": "Feature",
        "properties": {"id": course.pk, "name": course.name, "distance_m": course.distance_m},
        "geometry": course.geometry,
    }


@courses_router.post(
    "",
    response={201: CourseDetailOut, **errors(400, *SESSION_WRITE, 429)},
    auth=django_auth,
    summary="Upload a course file (multipart: the fields and `file`)",
)
def upload_course(request, data: Form[CourseIn], file: File[UploadedFile]):
    """Session login with the CSRF token, like the site's forms; organizers and liaisons only.

    A liaison's course belongs to one of their agencies. A file that cannot be read answers 422
    with the reader's message (the file and the line or point); nothing is saved.
    """
    user = request.user
    if not has_role(user, Role.ORGANIZER, Role.LIAISON):
        raise HttpError(403, "Uploading a course needs the organizer or agency liaison role.")
    agency = None
    if data.agency_id is not None:
        agency = Agency.objects.filter(pk=data.agency_id).first()
        if agency is None:
            raise HttpError(422, f"No agency {data.agency_id}.")
    if not is_organizer(user):
        if agency is None:
            raise HttpError(422, "A liaison's course needs the agency_id of one of their agencies.")
        if not LiaisonAssignment.objects.filter(user=user, agency=agency).exists():
            raise HttpError(403, "You are not the liaison for that agency.")
    if not data.name.strip():
        raise HttpError(422, "The course needs a name.")
    try:
        measured = services.read_upload(file)
    except gps.GpsError as exc:
        raise HttpError(422, str(exc)) from None
    course = services.create_course(
        measured,
        user=user,
        name=data.name.strip()[:200],
        start_place=data.start_place[:200],
        finish_place=data.finish_place[:200],
        agency=agency,
        description=data.description,
    )
    return Status(201, course_dict(course, detail=True))
