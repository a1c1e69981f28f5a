"""The OpenAPI document names every answer an operation gives, with one error shape, and an
event's `course` has a schema of its own (it used to take the courses API's fuller one)."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(client):
    return client.get("/api/openapi.json").json()


def _operations(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def test_it_documents_validation_and_auth_answers(doc):
    for name, operation in _operations(doc):
        codes = set(operation["responses"])
        assert "422" in codes, name
        if operation.get("security"):
            assert {"401", "403"} <= codes, name
        for code in codes - {"200", "201"}:
            schema = operation["responses"][code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (name, code)


@pytest.mark.parametrize(
    "name",
    [
        "POST /api/v1/events/{event_id}/registrations",
        "POST /api/v1/timing/join",
        "POST /api/v1/timing/events/{event_id}/sync",
    ],
)
def test_it_documents_rate_limits_and_conflicts_where_they_happen(doc, name):
    assert {"409", "429"} <= set(dict(_operations(doc))[name]["responses"]), name


def test_it_gives_an_events_course_its_own_schema(client, doc, alice):
    from memorialmiles.courses.models import Course
    from memorialmiles.events.models import Event

    course = Course.objects.create(name="Square loop", distance_m=1612.0)
    event = Event.objects.create(
        title="Mile",
        starts_at=dt.datetime(2030, 4, 20, 13, tzinfo=dt.UTC),
        status="scheduled",
        organizer=alice,
        course=course,
    )
    schemas = doc["components"]["schemas"]
    ref = schemas["EventOut"]["properties"]["course"]["anyOf"][0]["$ref"]
    assert ref == "#/components/schemas/EventCourseOut"
    assert "start_place" in schemas["CourseOut"]["required"]  # the courses API's own
    answer = client.get(f"/api/v1/events/{event.pk}").json()["course"]
    assert sorted(answer) == sorted(schemas["EventCourseOut"]["required"])
    listed = client.get("/api/v1/events").json()["items"][0]["course"]
    assert listed == answer


def test_no_two_schemas_share_a_name():
    """django-ninja names a component after its class: two `SyncIn`s (the timer's and the
    desk's) made the timer's sync document the desk's body, and schemathesis sent `ops` where
    the view wanted `records`. Every Schema subclass the API uses must have a name of its own."""
    from collections import defaultdict

    from ninja import Schema

    import memorialmiles.api.urls  # noqa: F401 (mounts every router: every schema is defined)

    seen = defaultdict(set)
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("memorialmiles."):
            seen[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: places for name, places in seen.items() if len(places) > 1}
    assert not shared, shared
