"""schemathesis against /api/v1's own OpenAPI document, in process through WSGI.

Every case must pass every default check: no 5xx, each status code documented on its
operation, each body valid against the schema of its code, schema-valid data accepted.
Authenticated operations are exercised for real: when schemathesis sends a credential, an
organizer's session (with its CSRF token) or a joined phone's token replaces it, and half of
the generated ids are swapped for ids of real rows, so writes reach the database.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from memorialmiles.wsgi import application

# Two rules no static schema can state: the run's own waiver must be accepted, and a course
# file's bytes must be readable (an empty part is no file at all to Django). There, and only
# with those messages, a 422 answers schema-valid data; everywhere else the default holds.
BUSINESS_RULES = {
    "POST /api/v1/events/{event_id}/registrations": "waiver",
    "POST /api/v1/courses": "",
    # a fix's time must carry its zone and fall in 2000-2100 (JSON Schema cannot say so)
    "POST /api/v1/live/events/{event_id}/positions": "time",
}
schemathesis.checks.load_all_checks()
POSITIVE_DATA_ACCEPTANCE = schemathesis.checks.CHECKS.get_one("positive_data_acceptance")
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
EXAMPLES = 15  # per operation; about 60 s for the whole document
CSRF = "schemathesis0csrf0token000000000"  # 32 characters, like Django's unmasked secret
FIGURES = {"cases": 0, "seconds": 0.0}


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request, and with it the
    test's transaction on PostgreSQL; Django's test client unhooks this the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, keep_connection, alice, crumby, huntsville_pd, client):
    """A public run open for registration, with a course, a runner and a joined phone."""
    from memorialmiles.courses.models import Course
    from memorialmiles.events.models import Dedication, Event, Registration
    from memorialmiles.live.models import Tracker
    from memorialmiles.timing.sync import create_join_code, join

    course = Course.objects.create(name="Square loop", distance_m=1612.0, illustrative=True)
    event = Event.objects.create(
        title="Memorial mile for Officer Garrett Crumby",
        starts_at=dt.datetime(2030, 4, 20, 8, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago")),
        time_zone="America/Chicago",
        status="scheduled",
        organizer=alice,
        course=course,
        waiver_text="I run at my own risk.",
        waiver_version="v1",
    )
    Dedication.objects.create(event=event, hero=crumby, mile=1)
    registration = Registration.objects.create(
        event=event, first_name="Pat", last_name="Runner", email="pat@example.com"
    )
    phone = join(create_join_code(event, alice).code, "Finish phone", "both")
    _, tracker_token = Tracker.create(event)
    client.force_login(alice)
    return {
        "ids": {
            "hero_id": crumby.pk,
            "agency_id": huntsville_pd.pk,
            "event_id": event.pk,
            "course_id": course.pk,
            "registration_id": registration.pk,
        },
        "session": client.cookies["sessionid"].value,
        "token": phone.token,
        "tracker_token": tracker_token,
    }


def authenticate(case, seeded) -> None:
    """Swap generated credentials and half of the generated ids for real ones."""
    for name, value in list((case.path_parameters or {}).items()):
        if isinstance(value, int) and value % 2 == 0 and name in seeded["ids"]:
            case.path_parameters[name] = seeded["ids"][name]
    if case.headers and "Authorization" in case.headers:
        token = seeded["tracker_token" if "/live/" in case.path else "token"]
        case.headers["Authorization"] = f"Bearer {token}"
    if case.cookies and "sessionid" in case.cookies:
        case.cookies["sessionid"] = seeded["session"]
        case.cookies["csrftoken"] = CSRF
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}


@pytest.mark.django_db
@schema.parametrize()
# derandomize: the same cases on every run, so a red build is a real regression, not luck.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_it_survives_schemathesis(case, seeded):
    start = time.perf_counter()
    authenticate(case, seeded)
    rule = BUSINESS_RULES.get(f"{case.method} {case.path}")
    if rule is None:
        response = case.call_and_validate()
    else:
        response = case.call_and_validate(excluded_checks=[POSITIVE_DATA_ACCEPTANCE])
        if case.meta and case.meta.generation.mode.is_positive and response.status_code == 422:
            detail = response.json()["detail"]
            if isinstance(detail, list) and rule == "":
                assert [e["loc"] for e in detail] == [["file", "file"]], detail
                sent = case.body.get("file")
                assert getattr(sent, "data", sent) in (b"", ""), detail
            else:
                assert isinstance(detail, str) and rule in detail, detail
    FIGURES["cases"] += 1
    FIGURES.setdefault(f"{case.method} {case.path}", Counter())[response.status_code] += 1
    FIGURES["seconds"] += time.perf_counter() - start


def teardown_module():
    """Shown with `-s`: how many cases ran, and the answers each operation gave."""
    print(f"\nschemathesis: {FIGURES.pop('cases')} cases, {FIGURES.pop('seconds'):.1f} s in calls")
    for operation, statuses in sorted(FIGURES.items()):
        print(f"  {operation}: {dict(sorted(statuses.items()))}")
