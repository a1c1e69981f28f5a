"""The permission matrix: what every persona gets from every route, one row per line.

A row is ``R(route, target, method, expect, **options)``:

- ``route``: a URL name from the resolver (``"event_desk"``, ``"api:openapi-json"``), or
  ``"admin:*"`` for the whole back office, or an API operation's path exactly as django-ninja
  declares it (``"/api/v1/events/{event_id}"``), whose method is the ``method`` column.
- ``target``: which run of the fixture world (``world.py``) fills the URL's keywords:
  ``"public"`` (scheduled, listed), ``"draft"`` (proposed, as "plan a mile" makes it),
  ``"unlisted"``, ``"finished"`` (finished two hours ago, with results); ``None`` for routes
  that name no run. Heroes, courses, agencies, tokens and bibs come from the same world.
- ``method``: ``"GET"`` or ``"POST"``. Every route has at least one row; state-changing views
  have a POST row too (and their GET row says 405).
- ``expect``: one word per persona, in this order::

      anonymous  runner  volunteer  liaison_a  liaison_b  organizer  [device]

  The runner is signed in with no role and holds their own registration's link, so they are
  also the outsider. ``device`` is a phone holding the public run's timing token (the
  ``device_of`` option picks another run's); when the seventh word is left out the device
  gets what the anonymous visitor gets. The words:

  ``200`` ``302`` ``400`` ``401`` ``403`` ``404`` ``405`` ``409`` ``422``: that status exactly;
  ``login``: a redirect to ``/accounts/login/``; ``admin``: a redirect to the admin's login;
  ``done``: the action went through (any status under 500 but 401, 403, 404, 405 and 429);
  ``a|b``: either one; a trailing ``!``: the code is wrong here today: the word says what it
  SHOULD be, and the cell runs as ``xfail(strict=True)`` with the row's ``issue`` as the
  reason, so it fails the day it starts passing and the mark must go.

Options: ``query`` (a query string), ``data`` (the POST body: a dict, or a function of
``(world, persona)``), ``json`` (send ``data`` as JSON, the API's way), ``device_of`` (see
above; ``"revoked"`` is a phone of the public run the lead cut off), ``kwargs`` (a function of
``world`` giving URL keywords that replace the target's: another run's phone, a wrong key),
``through_link`` (the browser opens the run's secret link first, in the same cell), ``issue``
(why cells carry ``!``), ``note`` (tells apart two rows of one route).

Besides the status, every cell checks two things: that the body and the ``Location`` header
hold no private value the persona may not read (``World.secrets``: runners' emails, phones
and emergency contacts, other people's registration links, the family's address and phone, a
draft's title), and that a POST changed no registration outside the persona's reach (a
liaison's own agency; volunteers and organizers reach all).

Adding a view means adding its rows here; ``test_it_has_a_rule_for_every_route.py`` fails,
naming the route, until you do, and fails on a row whose route no longer exists. For a new
run-scoped page that the day's volunteers may open and that takes a POST::

    R("timing_pause", "public", "GET",  POST_ONLY),
    R("timing_pause", "public", "POST", VOLUNTEERS_DO, data={"minutes": "5"}),

A new URL keyword is filled in ``World.kwargs``; a status not listed in ``STATUSES`` is added
there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from live.livekit import a_tracker, a_tracker_token, another_runs_tracker
from security.world import PERSONAS

WORDS = {"login", "admin", "done"}
STATUSES = {"200", "302", "400", "401", "403", "404", "405", "409", "422"}


@dataclass(frozen=True)
class Rule:
    route: str
    target: str | None
    method: str
    expect: str
    query: str = ""
    data: dict | Callable | None = None
    json: bool = False
    device_of: str = "public"
    issue: str = ""
    note: str = ""
    kwargs: Callable | None = None
    through_link: bool = False
    cells: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_api(self) -> bool:
        return self.route.startswith("/api/")

    @property
    def key(self) -> str:
        return f"{self.method} {self.route}" if self.is_api else self.route

    @property
    def name(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{self.method} {self.route}@{self.target or '-'}{note}"


def R(route, target, method, expect, **options) -> Rule:  # noqa: N802 - reads as a table row
    words = expect.split()
    if len(words) == len(PERSONAS) - 1:
        words.append(words[0])  # the device, unless told, is an anonymous visitor
    rule = Rule(route, target, method, expect, **options)
    if len(words) != len(PERSONAS):
        raise ValueError(f"{rule.name}: {len(words)} words for {len(PERSONAS)} personas")
    for word in words:
        for alt in word.rstrip("!").split("|"):
            if alt not in WORDS | STATUSES:
                raise ValueError(f"{rule.name}: unknown word {alt!r}")
        if word.endswith("!") and not rule.issue.startswith("issue 8: "):
            raise ValueError(f"{rule.name}: a '!' cell needs issue='issue 8: ...'")
    rule.cells.update(zip(PERSONAS, words, strict=True))
    return rule


# Rows that repeat, by who may do it.
EVERYONE = "200 200 200 200 200 200"
HIDDEN = "404 404 404 404 404 200"  # a draft: only organizers see it, on every page of it
VOLUNTEERS = "login 403 200 403 403 200"
LIAISONS = "login 403 403 200 200 200"
ORGANIZERS = "login 403 403 403 403 200"
POST_ONLY = "405 405 405 405 405 405"  # GET on a form's target: never a change, never a page
VOLUNTEERS_DO = "login 403 done 403 403 done"
ORGANIZERS_DO = "login 403 403 403 403 done"
# An unlisted run opened by its number: only a role for the run opens it (organizers,
# volunteers, the liaison of a partner agency: A's, not B's); strangers find nothing. Whoever
# came through its secret link sees it like a public run (``through_link``).
UNLISTED = "404 404 200 200 404 200"


def a_volunteer_pin(world) -> dict:
    from memorialmiles.raceday.pins import make_pin

    return {"pin_id": make_pin(world.events["public"], "desk").pin.pk}


def another_runs_pin(world) -> dict:
    from memorialmiles.raceday.pins import make_pin

    return {"pin_id": make_pin(world.events["finished"], "desk").pin.pk}


def a_volunteer_pass(world) -> dict:
    from memorialmiles.raceday.models import VolunteerPass
    from memorialmiles.raceday.pins import make_pin

    pin = make_pin(world.events["public"], "desk").pin
    return {"pass_id": VolunteerPass.objects.create(event=pin.event, role="desk", pin=pin).pk}


def a_check_in_op(world, persona) -> dict:
    import uuid

    runner = world.registrations["finished"]["runner"]
    return {"ops": [{"op_id": uuid.uuid4().hex, "kind": "check_in", "registration_id": runner.pk}]}


def registration_form(world, persona) -> dict:
    return {
        "first_name": "Newly",
        "last_name": f"Registered{persona.title().replace('_', '')}",
        "email": f"new.{persona}@example.com",
        "phone": "",
        "emergency_name": "Someone",
        "emergency_phone": "555-0000",
        "role": "runner",
        "accept_waiver": "on",
    }


def registration_json(world, persona) -> dict:
    return {**registration_form(world, persona), "accept_waiver": True}


def own_agency(world, persona) -> str:
    return world.agencies["b" if persona == "liaison_b" else "a"].pk


def roster_naming(whose: str) -> Callable:
    """A liaison's roster file naming the officer of agency A (or B), sent under the sender's
    own agency. A file, not pasted text: the page echoes what was pasted back into its form."""

    def data(world, persona) -> dict:
        from django.core.files.uploadedfile import SimpleUploadedFile

        officer = world.registrations["public"][whose]
        row = f"{officer.first_name},{officer.last_name},{officer.email}"
        csv = f"first_name,last_name,email\n{row}\n".encode()
        roster = SimpleUploadedFile("roster.csv", csv, content_type="text/csv")
        return {"file": roster, "agency": own_agency(world, persona)}

    return data


def registering_as(whose: str, *, as_json: bool = False) -> Callable:
    """The registration form filled with someone already registered (their email upper-cased)."""

    def data(world, persona) -> dict:
        officer = world.registrations["public"][whose]
        fields = registration_json(world, persona) if as_json else registration_form(world, persona)
        first, last, email = officer.first_name, officer.last_name, officer.email.upper()
        return {**fields, "first_name": first, "last_name": last, "email": email}

    return data


def course_upload(agency: str) -> Callable:
    """A course upload whose file is no GPS file: the role check answers before the reader."""

    def data(world, persona) -> dict:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return {
            "name": "Matrix mile",
            "agency_id": world.agencies[agency].pk,
            "file": SimpleUploadedFile("m.gpx", b"not a gpx file"),
        }

    return data


def chip_file(world, persona) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    start = world.events["finished"].starts_at
    body = f"bib,time\n3,{start.replace(microsecond=0).isoformat().replace('+00:00', 'Z')}\n"
    return {"format": "csv", "kind": "finish", "file": SimpleUploadedFile("r.csv", body.encode())}


def a_new_gun_time(world, persona) -> dict:
    """What the issue saw: a phone posting a new start signal into a finished run."""
    gun_us = int(world.events["finished"].starts_at.timestamp()) * 1_000_000
    return {"records": [{"seq": 50, "kind": "gun", "time_us": gun_us + 60_000_000}]}


def agency_link(world) -> dict:
    """A run's agency link (branch `pipeline`): its own draft, so the world's draft title stays
    a secret the link's holder never reads."""
    from django.utils import timezone

    from memorialmiles.events.models import Dedication, Event
    from memorialmiles.pipeline.links import make_token
    from memorialmiles.pipeline.models import MilePlan

    event, made = Event.objects.get_or_create(title="Mile planned with an agency")
    if made:
        Dedication.objects.create(event=event, hero=world.hero)
        event.partner_agencies.add(world.agencies["a"])
    plan, _ = MilePlan.objects.update_or_create(
        event=event,
        defaults={
            "proposed_dates": ["2030-05-04"],
            "invite_expires_at": timezone.now() + timezone.timedelta(days=1),
        },
    )
    return {"invite": make_token(plan)}


def a_missed_runner(world, persona) -> dict:
    """A phone adding a finish to a run that is over: refused like a late tap."""
    gun_us = int(world.events["finished"].starts_at.timestamp()) * 1_000_000
    fix = {"seq": 51, "action": "insert_finish", "bib": "3", "time_us": gun_us, "why": "late"}
    return {"corrections": [fix]}


CORRECTION = {"action": "set_status", "bib": "1", "status": "DNF", "why": "matrix"}


# queue (issue 10, first half): background tasks and the outbox.
def a_failed_job(world) -> dict:
    from memorialmiles.jobs.models import Job, JobStatus

    job = Job.objects.create(
        task="memorialmiles.messaging.outbox.deliver", args=[0], status=JobStatus.FAILED
    )
    return {"job_id": job.pk}


def a_message(world) -> dict:
    from memorialmiles.messaging.models import OutboxMessage

    runner = world.registrations["public"]["runner"]
    message = OutboxMessage.objects.create(
        template="registration_confirmation",
        kind="confirmation",
        to=runner.email,
        subject="Registration",
        body=f"Your confirmation: {runner.get_absolute_url()}",
        event=world.events["public"],
    )
    return {"message_id": message.pk}


def an_unsubscribe_link(world) -> dict:
    from memorialmiles.messaging.unsubscribe import token_for

    return {"token": token_for("someone@example.com")}


def a_forged_unsubscribe_link(world) -> dict:
    from memorialmiles.messaging.unsubscribe import token_for

    return {"token": "0" * 32 + token_for("someone@example.com")[32:]}


def a_tour(world) -> dict:
    """tours: one tour with one stop (agency A), unsolved: the rows test the rights, and a
    stop edit that gets as far as the form is refused before any solving."""
    import datetime as dt

    from memorialmiles.tourplans.models import Tour, TourStop

    tour, _ = Tour.objects.get_or_create(
        name="Matrix tour",
        defaults={
            "start_name": "Huntsville",
            "start_lat": 34.73,
            "start_lon": -86.59,
            "start_date": dt.date(2027, 3, 1),
        },
    )
    stop, _ = TourStop.objects.get_or_create(tour=tour, agency=world.agencies["a"])
    return {"tour_id": tour.pk, "stop_id": stop.pk}


# fmt: off
RULES: list[Rule] = [
    # route                        target      method  anon  runner vol   liaA  liaB  org  [dev]
    R("home",                      None,       "GET",  EVERYONE),
    R("about",                     None,       "GET",  EVERYONE),
    R("healthz",                   None,       "GET",  EVERYONE),
    R("favicon",                   None,       "GET",  EVERYONE),
    # uploaded photos are served by the demo only; elsewhere the proxy does (docs/deploy.md)
    R("demo_media",                None,       "GET",  "404 404 404 404 404 404"),
    R("login",                     None,       "GET",  EVERYONE),
    R("login",                     None,       "POST", "200 200 200 200 200 200",
      data={"username": "nobody", "password": "wrong"}),
    R("logout",                    None,       "GET",  POST_ONLY),
    R("logout",                    None,       "POST", "302 302 302 302 302 302"),
    R("admin:*",                   None,       "GET",  "admin admin admin admin admin 200"),
    R("api:api-root",              None,       "GET",  "404 404 404 404 404 404"),
    R("api:openapi-json",          None,       "GET",  EVERYONE),
    R("api:openapi-view",          None,       "GET",  EVERYONE),
    # the honor roll
    R("honor_wall",                None,       "GET",  EVERYONE),
    R("honor_wall_csv",            None,       "GET",  EVERYONE),
    R("hero",                      None,       "GET",  EVERYONE),
    R("agency",                    None,       "GET",  EVERYONE),
    R("states",                    None,       "GET",  EVERYONE),
    R("state",                     None,       "GET",  EVERYONE),
    R("backlog",                   None,       "GET",  EVERYONE),
    R("plan_mile",                 None,       "GET",  POST_ONLY),
    R("plan_mile",                 None,       "POST", ORGANIZERS_DO),
    # courses
    R("courses",                   None,       "GET",  EVERYONE),
    R("course",                    None,       "GET",  EVERYONE),
    R("course_download",           None,       "GET",  EVERYONE),
    R("course_upload",             None,       "GET",  LIAISONS),
    R("course_upload",             None,       "POST", "login 403 403 done done done",
      data={"name": ""}),
    # runs: public pages
    R("events",                    None,       "GET",  EVERYONE),
    R("events_calendar",           None,       "GET",  EVERYONE),
    R("event",                     "public",   "GET",  EVERYONE),
    R("event",                     "draft",    "GET",  HIDDEN),
    R("event",                     "unlisted", "GET",  UNLISTED),
    R("event",                     "unlisted", "GET",  EVERYONE, through_link=True,
      note="through its link"),
    R("event",                     "finished", "GET",  EVERYONE),
    R("event_ics",                 "public",   "GET",  EVERYONE),
    R("event_ics",                 "draft",    "GET",  HIDDEN),
    R("event_ics",                 "unlisted", "GET",  UNLISTED),
    R("event_silence",             "public",   "GET",  EVERYONE),
    R("event_silence",             "draft",    "GET",  HIDDEN),
    R("event_silence",             "unlisted", "GET",  UNLISTED),
    R("event_register",            "public",   "GET",  EVERYONE),
    R("event_register",            "public",   "POST", "done done done done done done",
      data=registration_form),
    R("event_register",            "public",   "POST", "done done done done done done",
      data=registering_as("a"), note="someone registered"),
    R("event_register",            "draft",    "GET",  "404 404 404 404 404 403"),
    R("event_register",            "unlisted", "GET",  UNLISTED),
    R("event_register",            "unlisted", "GET",  EVERYONE, through_link=True,
      note="through its link"),
    R("event_register",            "finished", "GET",  "403 403 403 403 403 403"),
    R("event_register",            "finished", "POST", "403 403 403 403 403 403",
      data=registration_form),
    # an unlisted run's secret link: the key is the check; it opens the run in this browser
    R("event_share",               "unlisted", "GET",  "302 302 302 302 302 302"),
    R("event_share",               "unlisted", "GET",  "404 404 404 404 404 404",
      kwargs=lambda world: {"key": world.events["unlisted"].share_key[:-1]}, note="a wrong key"),
    R("event_share",               "draft",    "GET",  "404 404 404 404 404 404"),
    R("event_share_rotate",        "unlisted", "GET",  "404 404 405 405 404 405"),
    R("event_share_rotate",        "unlisted", "POST", "404 404 403 403 404 done"),
    R("event_share_rotate",        "public",   "POST", ORGANIZERS_DO),
    # the runner's own link: whoever holds it is the runner
    R("registration_confirmed",    "public",   "GET",  EVERYONE),
    R("registration_cancel",       "public",   "GET",  EVERYONE),  # asks to confirm; POST cancels
    R("registration_cancel",       "public",   "POST", "done done done done done done"),
    # runs: the day's work
    R("event_desk",                "public",   "GET",  VOLUNTEERS, query="q=Alpha"),
    R("event_desk",                "draft",    "GET",  HIDDEN),
    R("event_check_in",            "public",   "GET",  POST_ONLY),
    R("event_check_in",            "public",   "POST", VOLUNTEERS_DO),
    R("event_start_list",          "public",   "GET",  VOLUNTEERS),
    R("event_bibs",                "public",   "GET",  VOLUNTEERS),
    # runs: the back office
    R("event_edit",                "public",   "GET",  ORGANIZERS),
    R("event_edit",                "draft",    "GET",  HIDDEN),
    R("event_edit",                "public",   "POST", ORGANIZERS_DO, data={"title": ""}),
    R("event_status",              "public",   "GET",  POST_ONLY),
    R("event_status",              "public",   "POST", ORGANIZERS_DO, data={"status": "live"}),
    R("event_assign_bibs",         "public",   "GET",  POST_ONLY),
    R("event_assign_bibs",         "public",   "POST", ORGANIZERS_DO),
    # runs: a liaison's people
    R("event_registrations",       "public",   "GET",  LIAISONS),
    R("event_registrations",       "draft",    "GET",  HIDDEN),
    R("event_bulk",                "public",   "GET",  LIAISONS),
    R("event_bulk",                "draft",    "GET",  HIDDEN),
    R("event_bulk",                "public",   "POST", "login 403 403 done done done",
      data=roster_naming("a"), note="naming A's officer"),
    R("event_bulk",                "public",   "POST", "login 403 403 done done done",
      data=roster_naming("b"), note="naming B's officer"),
    # timing: the lead's pages
    R("timing_lead",               "public",   "GET",  VOLUNTEERS),
    R("timing_lead",               "draft",    "GET",  HIDDEN),
    R("timing_new_code",           "public",   "GET",  POST_ONLY),
    R("timing_new_code",           "public",   "POST", VOLUNTEERS_DO),
    R("timing_set_start",          "public",   "GET",  POST_ONLY),
    # only an organizer moves the start: a replaced gun time moves every result
    R("timing_set_start",          "public",   "POST", ORGANIZERS_DO, data={"time": "08:00:00"}),
    R("timing_set_start",          "finished", "POST", "login 403 403 403 403 409",
      data={"time": "08:00:00"}),
    R("timing_revoke_device",      "public",   "GET",  POST_ONLY),
    R("timing_revoke_device",      "public",   "POST", ORGANIZERS_DO),
    R("timing_revoke_device",      "public",   "POST", "login 403 403 403 403 404",
      kwargs=lambda world: {"device_id": world.devices["finished"].pk}, note="another run's"),
    R("timing_review",             "public",   "GET",  VOLUNTEERS),
    R("timing_add_correction",     "public",   "GET",  POST_ONLY),
    R("timing_add_correction",     "public",   "POST", VOLUNTEERS_DO, data=CORRECTION),
    R("timing_add_correction",     "finished", "POST", "login 403 409 403 403 409",
      data=CORRECTION),
    R("timing_import",             "public",   "GET",  VOLUNTEERS),
    R("timing_import",             "finished", "POST", "login 403 409 403 403 409",
      data=chip_file),
    R("timing_simulate",           "public",   "GET",  POST_ONLY),
    # outside the demo even an organizer may not invent finishers
    R("timing_simulate",           "public",   "POST", "login 403 403 403 403 403"),
    # timing: the phone
    R("timing_join",               None,       "GET",  EVERYONE),
    R("timing_sw",                 None,       "GET",  EVERYONE),
    R("timing_timer",              "public",   "GET",  EVERYONE),
    R("timing_timer",              "draft",    "GET",  HIDDEN),
    R("timing_timer",              "unlisted", "GET",  UNLISTED),
    # results, public once the run is
    R("timing_results",            "public",   "GET",  EVERYONE),
    R("timing_results",            "finished", "GET",  EVERYONE, query="view=projector"),
    R("timing_results",            "draft",    "GET",  HIDDEN),
    R("timing_results",            "unlisted", "GET",  UNLISTED),
    R("timing_results",            "unlisted", "GET",  EVERYONE, through_link=True,
      note="through its link"),
    R("timing_results_json",       "finished", "GET",  EVERYONE),
    R("timing_results_json",       "draft",    "GET",  HIDDEN),
    R("timing_results_csv",        "finished", "GET",  EVERYONE),
    R("timing_results_csv",        "draft",    "GET",  HIDDEN),
    R("timing_runner",             "finished", "GET",  EVERYONE),
    R("timing_certificate",        "finished", "GET",  EVERYONE),
    R("timing_dedication_certificate", "finished", "GET", EVERYONE),
    R("timing_dedication_certificate", "draft", "GET", HIDDEN),

    # The API: the route is the operation's path; `method` is its method.
    R("/api/v1/heroes",            None,       "GET",  EVERYONE),
    R("/api/v1/heroes/{hero_id}",  None,       "GET",  EVERYONE),
    R("/api/v1/agencies",          None,       "GET",  EVERYONE),
    R("/api/v1/agencies/{agency_id}", None,    "GET",  EVERYONE),
    R("/api/v1/courses",           None,       "GET",  EVERYONE),
    R("/api/v1/courses",           None,       "POST", "401 403 403 done 403 done",
      data=course_upload("a"), note="agency A"),
    R("/api/v1/courses",           None,       "POST", "401 403 403 403 done done",
      data=course_upload("b"), note="agency B"),
    R("/api/v1/courses/{course_id}", None,     "GET",  EVERYONE),
    R("/api/v1/courses/{course_id}/geometry", None, "GET", EVERYONE),
    R("/api/v1/events",            None,       "GET",  EVERYONE),
    R("/api/v1/events/{event_id}", "public",   "GET",  EVERYONE),
    R("/api/v1/events/{event_id}", "draft",    "GET",  HIDDEN),
    R("/api/v1/events/{event_id}", "unlisted", "GET",  UNLISTED),
    R("/api/v1/events/{event_id}", "unlisted", "GET",  EVERYONE, through_link=True,
      note="through its link"),
    R("/api/v1/events/{event_id}/registrations", "public", "GET", "401 403 403 200 200 200"),
    R("/api/v1/events/{event_id}/registrations", "public", "POST",
      "done done done done done done", data=registration_json, json=True),
    R("/api/v1/events/{event_id}/registrations", "public", "POST",
      "done done done done done done", data=registering_as("b", as_json=True), json=True,
      note="someone registered"),
    R("/api/v1/events/{event_id}/registrations", "draft", "POST",
      "404 404 404 404 404 404", data=registration_json, json=True),
    R("/api/v1/events/{event_id}/registrations", "finished", "POST",
      "409 409 409 409 409 409", data=registration_json, json=True),
    R("/api/v1/events/{event_id}/registrations/{registration_id}/check-in", "public", "POST",
      "401 403 done 403 403 done"),
    R("/api/v1/timing/join",       None,       "POST", "403 403 403 403 403 403",
      data={"code": "NOPE42"}, json=True),
    R("/api/v1/timing/events/{event_id}/sync", "public", "POST",
      "401 401 401 401 401 401 done", data={"records": []}, json=True),
    R("/api/v1/timing/events/{event_id}/sync", "draft", "POST",
      "401 401 401 401 401 401 403", data={"records": []}, json=True),
    R("/api/v1/timing/events/{event_id}/sync", "finished", "POST",
      "401 401 401 401 401 401 409", data=a_new_gun_time, json=True, device_of="finished"),
    R("/api/v1/timing/events/{event_id}/sync", "public", "POST",
      "401 401 401 401 401 401 401", data={"records": []}, json=True, device_of="revoked",
      note="a revoked phone"),
    R("/api/v1/timing/events/{event_id}/device", "public", "GET",
      "401 401 401 401 401 401 200"),
    R("/api/v1/timing/events/{event_id}/device", "finished", "GET",
      "401 401 401 401 401 401 403"),  # the public run's phone asking about another run
    R("/api/v1/timing/events/{event_id}/results", "public", "GET", EVERYONE),
    R("/api/v1/timing/events/{event_id}/results", "finished", "GET", EVERYONE),
    R("/api/v1/timing/events/{event_id}/results", "draft", "GET", HIDDEN),
    R("/api/v1/timing/events/{event_id}/results", "unlisted", "GET", UNLISTED),
    # branch cards: share images (issue 12); a run's follow its page, drafts and unlisted too
    R("share_site_card",           None,       "GET",  EVERYONE),
    R("share_hero_card",           None,       "GET",  EVERYONE),
    R("share_event_card",          "public",   "GET",  EVERYONE),
    R("share_event_card",          "draft",    "GET",  HIDDEN),
    R("share_event_card",          "unlisted", "GET",  UNLISTED),
    R("share_event_card",          "unlisted", "GET",  EVERYONE, through_link=True,
      note="through its link"),
    R("share_dedication_card",     "public",   "GET",  EVERYONE),
    R("share_dedication_card",     "draft",    "GET",  HIDDEN),
    R("share_dedication_card",     "unlisted", "GET",  UNLISTED),
    R("share_dedication_card",     "finished", "GET",  EVERYONE),
    # branch support: grants and gifts (issue 12); unknown secrets answer 404 to everyone
    R("support",                   None,       "GET",  EVERYONE),
    R("grant_apply",               None,       "GET",  EVERYONE),
    R("grant_apply",               None,       "POST", "400 400 400 400 400 400",
      data={"responder_name": ""}, note="an empty form is refused, nothing written"),
    R("grant_status",              None,       "GET",  "404 404 404 404 404 404",
      kwargs=lambda w: {"token": "not-a-real-token-0123456789"}),
    R("grant_list",                None,       "GET",  ORGANIZERS),
    R("grant_detail",              None,       "GET",  "login 403 403 403 403 404",
      kwargs=lambda w: {"application_id": 999_999}),
    R("grant_review",              None,       "GET",  POST_ONLY,
      kwargs=lambda w: {"application_id": 999_999}),
    R("grant_review",              None,       "POST", "login 403 403 403 403 404",
      kwargs=lambda w: {"application_id": 999_999}, data={"score": "5"}),
    R("grant_recommend",           None,       "GET",  POST_ONLY,
      kwargs=lambda w: {"application_id": 999_999}),
    R("grant_recommend",           None,       "POST", "login 403 403 403 403 404",
      kwargs=lambda w: {"application_id": 999_999}, data={"action": "decline"}),
    R("grant_decide",              None,       "GET",  POST_ONLY,
      kwargs=lambda w: {"application_id": 999_999}),
    R("grant_decide",              None,       "POST", "login 403 403 403 403 404",
      kwargs=lambda w: {"application_id": 999_999}, data={"decision": "decline"}),
    R("grant_award",               None,       "GET",  POST_ONLY,
      kwargs=lambda w: {"application_id": 999_999}),
    R("grant_award",               None,       "POST", "login 403 403 403 403 404",
      kwargs=lambda w: {"application_id": 999_999}, data={}),
    R("grant_document",            None,       "GET",  "login 403 403 403 403 404",
      kwargs=lambda w: {"application_id": 999_999, "document_id": 999_999}),
    R("event_support",             "public",   "GET",  EVERYONE),
    R("event_support",             "draft",    "GET",  HIDDEN),
    R("event_support",             "unlisted", "GET",  UNLISTED),
    R("event_give",                "public",   "GET",  POST_ONLY),
    R("event_give",                "public",   "POST", "done done done done done done",
      data={"amount": "25", "donor_name": "Pat", "donor_email": "pat@example.org",
            "how": "pledge"}),
    R("event_give",                "draft",    "POST", "404 404 404 404 404 done",
      data={"amount": "25", "donor_name": "Pat", "donor_email": "pat@example.org",
            "how": "pledge"}),
    R("event_gifts",               "public",   "GET",  ORGANIZERS),
    R("event_gifts",               "draft",    "GET",  HIDDEN),
    R("event_gifts",               "public",   "POST", ORGANIZERS_DO,
      data={"kind": "cash", "amount": "20", "donor_name": "Sam"}),
    R("fundraiser_start",          "public",   "GET",  EVERYONE),
    R("fundraiser_start",          "public",   "GET",  "404 404 404 404 404 404",
      kwargs=lambda w: {"event_id": w.events["public"].pk, "token": "wrong-token-0123456789"},
      note="a wrong registration token"),
    R("fundraiser",                None,       "GET",  "404 404 404 404 404 404",
      kwargs=lambda w: {"fundraiser_id": 999_999}),
    R("gift_thanks",               None,       "GET",  "404 404 404 404 404 404",
      kwargs=lambda w: {"token": "not-a-real-token-0123456789"}),
    R("gift_receipt",              None,       "GET",  "404 404 404 404 404 404",
      kwargs=lambda w: {"token": "not-a-real-token-0123456789"}),
    R("payment_webhook",           None,       "GET",  POST_ONLY),
    R("payment_webhook",           None,       "POST", "404 404 404 404 404 404",
      note="no provider configured"),
    # queue (issue 10, first half): background tasks and the outbox.
    R("jobs_failed",               None,       "GET",  ORGANIZERS),
    R("jobs_retry",                None,       "GET",  POST_ONLY, kwargs=a_failed_job),
    R("jobs_retry",                None,       "POST", ORGANIZERS_DO, kwargs=a_failed_job),
    R("messaging_outbox",          None,       "GET",  ORGANIZERS),
    R("messaging_message",         None,       "GET",  ORGANIZERS, kwargs=a_message),
    R("messaging_unsubscribe",     None,       "GET",  EVERYONE, kwargs=an_unsubscribe_link),
    R("messaging_unsubscribe",     None,       "POST", EVERYONE, kwargs=an_unsubscribe_link),
    R("messaging_unsubscribe",     None,       "GET",  "404 404 404 404 404 404",
      kwargs=a_forged_unsubscribe_link, note="a forged signature"),

    # --- branch `pipeline`: the board, its actions, the letter, the agency's link ---
    R("pipeline_board",            None,       "GET",  ORGANIZERS),
    R("pipeline_board",            None,       "GET",  "login 403 403 403 403 400",
      query="agency=99999999999999999999", note="a bad filter"),
    R("pipeline_board",            None,       "POST", "405 405 405 405 405 405"),
    R("pipeline_plan",             None,       "GET",  POST_ONLY),
    R("pipeline_plan",             None,       "POST", ORGANIZERS_DO),
    R("pipeline_registry_only",    None,       "GET",  POST_ONLY),
    R("pipeline_registry_only",    None,       "POST", ORGANIZERS_DO),
    R("pipeline_action",           "public",   "GET",  POST_ONLY),
    R("pipeline_action",           "public",   "POST", ORGANIZERS_DO, data={"action": "thanked"}),
    R("pipeline_action",           "draft",    "POST", "404 404 404 404 404 done",
      data={"action": "invite"}),
    R("pipeline_action",           "public",   "POST", "login 403 403 403 403 400",
      data={"action": "nope"}, note="an unknown action"),
    R("pipeline_letter",           "finished", "GET",  ORGANIZERS),
    R("pipeline_letter",           "draft",    "GET",  HIDDEN),
    R("pipeline_letter",           "public",   "POST", "405 405 405 405 405 405"),
    # a run's certificates in one ZIP: queued by organizers, made by the worker
    R("pipeline_certificates",     "finished", "GET",  ORGANIZERS),
    R("pipeline_certificates",     "draft",    "GET",  HIDDEN),
    R("pipeline_certificates",     "finished", "POST", ORGANIZERS_DO),
    R("pipeline_certificates",     "draft",    "POST", "404 404 404 404 404 done"),
    # nothing made yet in the world: even an organizer finds no ZIP
    R("pipeline_certificates_zip", "finished", "GET",  "login 403 403 403 403 404"),
    R("pipeline_certificates_zip", "draft",    "GET",  HIDDEN.replace("200", "404")),
    R("pipeline_certificates_zip", "finished", "POST", "405 405 405 405 405 405"),
    R("pipeline_liaison",          None,       "GET",  EVERYONE, kwargs=agency_link),
    R("pipeline_liaison",          None,       "POST", "400 400 400 400 400 400",
      kwargs=agency_link, data={"meeting_place": ""}),
    R("pipeline_liaison",          None,       "GET",  "404 404 404 404 404 404",
      kwargs=lambda world: {"invite": "not-a-link-we-sent"}, note="a forged link"),
    # branch live (issue 11): tracker links, the phone's page, the live page, stream, polling
    R("live_trackers",             "public",   "GET",  VOLUNTEERS),
    R("live_trackers",             "draft",    "GET",  HIDDEN),
    R("live_tracker_new",          "public",   "GET",  POST_ONLY),
    R("live_tracker_new",          "public",   "POST", VOLUNTEERS_DO, data={"label": "Phone"}),
    R("live_tracker_new",          "draft",    "POST", "404 404 404 404 404 done"),
    R("live_tracker_revoke",       "public",   "GET",  POST_ONLY, kwargs=a_tracker),
    R("live_tracker_revoke",       "public",   "POST", VOLUNTEERS_DO, kwargs=a_tracker),
    R("live_tracker_revoke",       "public",   "POST", "login 403 404 403 403 404",
      kwargs=another_runs_tracker, note="another run's"),
    R("live_track_publish",        "public",   "GET",  POST_ONLY),
    R("live_track_publish",        "finished", "POST", ORGANIZERS_DO, data={"published": "on"}),
    R("live_tracker_page",         None,       "GET",  EVERYONE, kwargs=a_tracker_token),
    R("live_tracker_page",         None,       "GET",  "404 404 404 404 404 404",
      kwargs=lambda world: {"tracker_token": "no-such-link"}, note="a wrong link"),
    R("live",                      "public",   "GET",  EVERYONE),
    R("live",                      "finished", "GET",  EVERYONE),
    R("live",                      "draft",    "GET",  HIDDEN),
    R("live",                      "unlisted", "GET",  UNLISTED),
    R("live",                      "unlisted", "GET",  EVERYONE, through_link=True,
      note="through its link"),
    R("live_stream",               "public",   "GET",  EVERYONE),
    R("live_stream",               "draft",    "GET",  HIDDEN),
    R("live_stream",               "unlisted", "GET",  UNLISTED),
    R("live_json",                 "public",   "GET",  EVERYONE),
    R("live_json",                 "finished", "GET",  EVERYONE),
    R("live_json",                 "draft",    "GET",  HIDDEN),
    R("live_json",                 "unlisted", "GET",  UNLISTED),
    R("/api/v1/live/events/{event_id}/positions", "public", "POST",
      "401 401 401 401 401 401 401", data={"positions": []}, json=True),
    R("/api/v1/live/events/{event_id}/positions", "draft", "POST",
      "401 401 401 401 401 401 401", data={"positions": []}, json=True),
    # --- branch tours (issue 12): the tour planner (organizers only) and the impact reports
    R("tours",                     None,       "GET",  ORGANIZERS),
    R("tour_new",                  None,       "GET",  ORGANIZERS),
    R("tour_new",                  None,       "POST", ORGANIZERS_DO, data={"name": ""}),
    R("tour",                      None,       "GET",  ORGANIZERS, kwargs=a_tour),
    R("tour_stop",                 None,       "GET",  POST_ONLY, kwargs=a_tour),
    R("tour_stop",                 None,       "POST", ORGANIZERS_DO, kwargs=a_tour,
      data={"action": "not-an-action"}),
    R("tour_propose",              None,       "GET",  POST_ONLY, kwargs=a_tour),
    R("tour_propose",              None,       "POST", ORGANIZERS_DO, kwargs=a_tour),
    R("tour_ics",                  None,       "GET",  ORGANIZERS, kwargs=a_tour),
    R("tour_csv",                  None,       "GET",  ORGANIZERS, kwargs=a_tour),
    R("impact",                    None,       "GET",  EVERYONE),
    R("annual_report",             None,       "GET",  ORGANIZERS,
      kwargs=lambda world: {"year": 2027}),
    R("/api/v1/impact",            None,       "GET",  EVERYONE),
    # --- branch desk (issue 9): volunteer PINs, the desk's sync, the site's service worker ---
    R("raceday_sw",                None,       "GET",  EVERYONE),
    R("raceday_offline",           None,       "GET",  EVERYONE),
    R("raceday_home",              None,       "GET",  EVERYONE),
    R("raceday_home",              None,       "POST", "403 403 403 403 403 403",
      data={"pin": "1-AAAA-AAAA"}, note="a wrong PIN"),
    R("raceday_link",              "public",   "GET",  "404 404 404 404 404 404",
      note="a token that is no link"),
    R("raceday_link",              "public",   "POST", "404 404 404 404 404 404",
      note="a token that is no link"),
    R("raceday_leave",             "public",   "GET",  POST_ONLY),
    R("raceday_leave",             "public",   "POST", "done done done done done done"),
    R("raceday_leave",             "draft",    "POST", HIDDEN),
    R("raceday_timer",             "public",   "GET",  VOLUNTEERS),
    R("raceday_timer",             "public",   "POST", VOLUNTEERS_DO),
    R("raceday_timer",             "draft",    "GET",  HIDDEN),
    R("raceday_pins",              "public",   "GET",  VOLUNTEERS),
    R("raceday_pins",              "public",   "POST", VOLUNTEERS_DO, data={"role": "desk"}),
    R("raceday_pins",              "draft",    "GET",  HIDDEN),
    R("raceday_pins",              "finished", "POST", VOLUNTEERS_DO, data={"role": "desk"},
      note="refused with a message: the run is over"),
    R("raceday_revoke_pin",        "public",   "GET",  POST_ONLY, kwargs=a_volunteer_pin),
    R("raceday_revoke_pin",        "public",   "POST", VOLUNTEERS_DO, kwargs=a_volunteer_pin),
    R("raceday_revoke_pin",        "public",   "POST", "login 403 404 403 403 404",
      kwargs=another_runs_pin, note="another run's PIN"),
    R("raceday_revoke_pass",       "public",   "GET",  POST_ONLY, kwargs=a_volunteer_pass),
    R("raceday_revoke_pass",       "public",   "POST", VOLUNTEERS_DO, kwargs=a_volunteer_pass),
    R("/api/v1/raceday/events/{event_id}/roster", "public", "GET", "401 403 200 403 403 200"),
    R("/api/v1/raceday/events/{event_id}/roster", "draft", "GET", "401 404 404 404 404 200"),
    R("/api/v1/raceday/events/{event_id}/roster", "unlisted", "GET", "401 404 200 403 404 200"),
    R("/api/v1/raceday/events/{event_id}/roster", "public", "GET", "401 403 200 403 403 200",
      query="since=" + "0" * 24, note="the changes since a version"),
    R("/api/v1/raceday/events/{event_id}/roster", "draft", "GET", "401 404 404 404 404 200",
      query="since=" + "0" * 24, note="the changes since a version"),
    R("/api/v1/raceday/events/{event_id}/desk/sync", "public", "POST", "401 403 done 403 403 done",
      data={"ops": []}, json=True),
    R("/api/v1/raceday/events/{event_id}/desk/sync", "draft", "POST", "401 404 404 404 404 done",
      data={"ops": []}, json=True),
    R("/api/v1/raceday/events/{event_id}/desk/sync", "public", "POST", "401 403 done 403 403 done",
      data={"ops": [], "since": "0" * 24}, json=True, note="the changes since a version"),
    R("/api/v1/raceday/events/{event_id}/desk/sync", "finished", "POST",
      "401 403 done 403 403 done", data=a_check_in_op, json=True,
      note="refused inside the answer: the run is over"),
    # --- branch screens (issue 9, second half): phone corrections, results search, ceremony ---
    R("/api/v1/timing/events/{event_id}/corrections", "public", "POST",
      "401 401 401 401 401 401 done", data={"corrections": []}, json=True),
    R("/api/v1/timing/events/{event_id}/corrections", "draft", "POST",
      "401 401 401 401 401 401 403", data={"corrections": []}, json=True),
    R("/api/v1/timing/events/{event_id}/corrections", "finished", "POST",
      "401 401 401 401 401 401 409", data=a_missed_runner, json=True, device_of="finished"),
    R("/api/v1/timing/events/{event_id}/corrections", "public", "POST",
      "401 401 401 401 401 401 401", data={"corrections": []}, json=True, device_of="revoked",
      note="a revoked phone"),
    R("timing_results",            "public",   "GET",  EVERYONE, query="q=1&status=DNS",
      note="search"),
    R("timing_results",            "draft",    "GET",  HIDDEN, query="view=projector",
      note="projector"),
    R("event_ceremony",            "public",   "GET",  VOLUNTEERS),
    R("event_ceremony",            "draft",    "GET",  HIDDEN),
    R("event_ceremony",            "unlisted", "GET",  "404 404 200 403 404 200"),
    R("event_ceremony",            "unlisted", "GET",  VOLUNTEERS,
      through_link=True, note="through its link"),
]
# fmt: on
