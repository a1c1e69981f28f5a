"""The fixture world the permission matrix walks: two agencies, six personas, four runs.

Built once per test module (see ``conftest.py``) and rolled back at the module's end. Every
private value in it is a distinctive string listed in ``World.secrets`` with the personas who
may read it, so a test can search any response body for the ones its persona must not see.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")

# The columns of the matrix, in this order (``device`` is a phone holding a timing token).
PERSONAS = ("anonymous", "runner", "volunteer", "liaison_a", "liaison_b", "organizer", "device")
TARGETS = ("public", "draft", "unlisted", "finished")
DRAFT_TITLE = "Draft mile for Officer Quietplan"


@dataclass
class Secret:
    text: str
    what: str
    seen_by: frozenset[str]


@dataclass
class World:
    users: dict[str, object] = field(default_factory=dict)
    agencies: dict[str, object] = field(default_factory=dict)
    events: dict[str, object] = field(default_factory=dict)
    # registrations[target][whose], whose in ("runner", "a", "b")
    registrations: dict[str, dict[str, object]] = field(default_factory=dict)
    dedications: dict[str, object] = field(default_factory=dict)
    devices: dict[str, object] = field(default_factory=dict)
    hero: object = None
    course: object = None
    secrets: list[Secret] = field(default_factory=list)

    def kwargs(self, target: str | None) -> dict[str, object]:
        """Every URL keyword a route may ask for, filled from one run (or none)."""
        values: dict[str, object] = {
            "hero_id": self.hero.pk,
            "course_id": self.course.pk,
            "agency_id": self.agencies["a"].pk,
            "code": "AL",
            "fmt": "gpx",
            "path": "heroes/crumby.jpg",
        }
        if target is not None:
            values |= {
                "event_id": self.events[target].pk,
                "dedication_id": self.dedications[target].pk,
                "key": self.events[target].share_key,
            }
        if device := self.devices.get(target):
            values["device_id"] = device.pk
        if people := self.registrations.get(target):
            values |= {
                "token": people["runner"].token,
                "bib": str(people["runner"].bib),
                "registration_id": people["a"].pk,
            }
        return values

    def hidden_from(self, persona: str) -> list[Secret]:
        return [s for s in self.secrets if persona not in s.seen_by]


def _user(username: str, group: str | None = None, **extra):
    from django.contrib.auth.models import Group, User

    user = User(username=username, **extra)
    user.set_unusable_password()  # the tests sign in with force_login: no hashing to wait for
    user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def build_world() -> World:
    from memorialmiles.core.roles import GROUP_NAMES, Role
    from memorialmiles.courses.models import Course
    from memorialmiles.honors.models import Agency, Hero, LiaisonAssignment

    w = World()
    w.agencies["a"] = Agency.objects.create(
        name="Alpha Police Department", key="alpha police department", kind="police", state="AL"
    )
    w.agencies["b"] = Agency.objects.create(
        name="Bravo Fire Department", key="bravo fire department", kind="fire", state="AL"
    )
    w.users["organizer"] = _user(
        "olga", GROUP_NAMES[Role.ORGANIZER], is_staff=True, is_superuser=True
    )
    w.users["volunteer"] = _user("val", GROUP_NAMES[Role.VOLUNTEER])
    w.users["liaison_a"] = _user("lia", GROUP_NAMES[Role.LIAISON])
    w.users["liaison_b"] = _user("lib", GROUP_NAMES[Role.LIAISON])
    # The runner holds their registration's link; signed in, they are also the outsider: an
    # account with no role at all.
    w.users["runner"] = _user("rita")
    LiaisonAssignment.objects.create(user=w.users["liaison_a"], agency=w.agencies["a"])
    LiaisonAssignment.objects.create(user=w.users["liaison_b"], agency=w.agencies["b"])

    w.hero = Hero.objects.create(
        rank="Officer",
        first_name="Garrett",
        last_name="Crumby",
        service="police",
        agency=w.agencies["a"],
        state="AL",
        end_of_watch=dt.date(2023, 3, 28),
        cause="Gunfire",
    )
    w.course = Course.objects.create(
        name="Square mile",
        agency=w.agencies["a"],
        distance_m=1609.344,
        geometry={"type": "LineString", "coordinates": [[-86.585, 34.73], [-86.585, 34.7445]]},
    )
    now = dt.datetime.now(dt.UTC)
    _event(w, "public", "Public memorial mile", "scheduled", now + dt.timedelta(days=60))
    # A draft as "plan a mile" makes it: no partner agency, nobody registered yet.
    _event(w, "draft", DRAFT_TITLE, "proposed", now + dt.timedelta(days=90), people=False)
    _event(
        w,
        "unlisted",
        "Unlisted family mile",
        "scheduled",
        now + dt.timedelta(days=30),
        visibility="unlisted",
        partners=("a",),
    )
    # Started two hours ago and live while its phone joined and synced (a finished run takes
    # no timing writes), then finished: the token is still inside the grace after the run's
    # end, so a refused sync there is about the run being over, not the token being old.
    _event(w, "finished", "Finished memorial mile", "live", now - dt.timedelta(hours=2))
    _timing(w)
    _finish(w, "finished")
    _secrets(w)
    return w


def _event(
    w: World,
    target: str,
    title: str,
    status: str,
    starts_at,
    people: bool = True,
    partners: tuple[str, ...] = ("a", "b"),
    **extra,
) -> None:
    from memorialmiles.events.models import Dedication, Event, MemorialItem, Registration
    from memorialmiles.events.services import apply_program

    event = Event.objects.create(
        title=title,
        starts_at=starts_at,
        time_zone="America/Chicago",
        place_name="South Side Square",
        status=status,
        organizer=w.users["organizer"],
        course=w.course,
        waiver_text="I run at my own risk.",
        waiver_version="v1",
        **extra,
    )
    w.events[target] = event
    w.dedications[target] = Dedication.objects.create(event=event, hero=w.hero, mile=1095)
    apply_program(event)
    MemorialItem.objects.create(
        event=event,
        dedication=w.dedications[target],
        kind="flag",
        recipient="the Crumby family",
        family_address=f"77 Quiethollow Road, {target}",
        family_phone=f"205-555-79{TARGETS.index(target)}9",
    )
    if not people:
        return
    # The unlisted run has agency A alone as partner: B's liaison has no role for it, so it
    # is hidden from them as from any stranger (B's officer registered there on their own).
    event.partner_agencies.add(*(w.agencies[p] for p in partners))
    w.registrations[target] = {}
    for whose, (first, last, agency, bib) in {
        "runner": ("Rita", "Runner", None, 1),
        "a": ("Anna", "Alpha", w.agencies["a"], 2),
        "b": ("Bert", "Bravo", w.agencies["b"], 3),
    }.items():
        n = TARGETS.index(target)
        w.registrations[target][whose] = Registration.objects.create(
            event=event,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{target}@private.example",
            phone=f"205-555-{n}{bib}01",
            emergency_name=f"Emergency Contact{first}{target.title()}",
            emergency_phone=f"205-555-{n}{bib}02",
            agency=agency,
            team=agency.name if agency else "",
            role="officer" if agency else "runner",
            bib=bib,
            sex="F",
            age=30 + bib,
            waiver_version="v1",
            waiver_accepted_at=starts_at - dt.timedelta(days=1),
        )


def _timing(w: World) -> None:
    from memorialmiles.timing.sync import create_join_code, join, sync_batch

    for target in ("public", "finished"):
        code = create_join_code(w.events[target], w.users["volunteer"])
        w.devices[target] = join(code.code, f"Finish phone {target}", "both")
    # A lost phone the lead cut off: its token opens nothing any more.
    code = create_join_code(w.events["public"], w.users["volunteer"])
    w.devices["revoked"] = join(code.code, "Lost phone", "both")
    w.devices["revoked"].revoked = True
    w.devices["revoked"].save(update_fields=["revoked"])
    gun_us = int(w.events["finished"].starts_at.timestamp()) * 1_000_000
    sync_batch(
        w.devices["finished"],
        [
            {"seq": 1, "kind": "finish", "bib": "1", "time_us": gun_us + 400_000_000},
            {"seq": 2, "kind": "finish", "bib": "2", "time_us": gun_us + 420_000_000},
        ],
    )


def _finish(w: World, target: str) -> None:
    """The organizer ends the run, as the back office does; registration closes with it."""
    from memorialmiles.events.services import change_status

    event = w.events[target]
    event.registration_open = False
    event.save(update_fields=["registration_open"])
    change_status(event, "finished", w.users["organizer"])


def _secrets(w: World) -> None:
    """Who may read each private value: organizers all; a liaison their agency's people."""
    owners = {"runner": frozenset(), "a": frozenset({"liaison_a"}), "b": frozenset({"liaison_b"})}
    organizers = frozenset({"organizer"})
    for target, people in w.registrations.items():
        for whose, r in people.items():
            for what in ("email", "phone", "emergency_name", "emergency_phone"):
                w.secrets.append(
                    Secret(
                        getattr(r, what),
                        f"{what} of {r.name} ({target})",
                        organizers | owners[whose],
                    )
                )
            if whose != "runner":  # the runner's own link is in the URLs the matrix opens
                w.secrets.append(Secret(r.token, f"link of {r.name} ({target})", organizers))
    for target, event in w.events.items():
        for item in event.memorial_items.all():
            for what in ("family_address", "family_phone"):
                w.secrets.append(Secret(getattr(item, what), f"{what} ({target})", organizers))
    # A draft is the organizers' plan: it shows nothing to anyone else, volunteers included.
    w.secrets.append(Secret(DRAFT_TITLE, "draft's title", organizers))
    # The unlisted run's secret link: the back office shows it to organizers, who pass it on.
    unlisted = w.events["unlisted"]
    w.secrets.append(Secret(unlisted.share_key, "unlisted run's secret link", organizers))
