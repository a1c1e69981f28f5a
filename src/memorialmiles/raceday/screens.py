"""Which screens each race-day role opens, for the run's page, `/volunteer/` and the lead.

One table, so the run's page, the volunteer's home and the service worker's list of pages to
keep offline agree. A screen another branch adds (the ceremony view) is listed once its URL
resolves, so this file needs no edit the day it lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from memorialmiles.raceday.models import VolunteerPass, VolunteerRole

SW_VERSION = "mm-raceday-v1"


@dataclass(frozen=True)
class Screen:
    label: str
    url: str
    offline: bool = True  # the service worker keeps it for a signed-in phone


def _named(label: str, name: str, event_id: int, offline: bool = True) -> Screen | None:
    try:
        return Screen(label, reverse(name, args=[event_id]), offline)
    except NoReverseMatch:
        return None


def _path(label: str, path: str) -> Screen | None:
    try:
        resolve(path)
    except Resolver404:
        return None
    return Screen(label, path)


def role_screens(role: str, event_id: int) -> list[Screen]:
    results = _named("Results", "timing_results", event_id)
    found: dict[str, list[Screen | None]] = {
        VolunteerRole.DESK: [
            _named("Check-in desk", "event_desk", event_id),
            _named("Start list (PDF)", "event_start_list", event_id, offline=False),
            _named("Bib labels (PDF)", "event_bibs", event_id, offline=False),
            results,
        ],
        VolunteerRole.TIMER: [_named("Timer", "raceday_timer", event_id), results],
        VolunteerRole.CEREMONY: [
            _path("Ceremony", f"/events/{event_id}/ceremony/"),
            _named("Moment of silence", "event_silence", event_id),
            results,
        ],
        VolunteerRole.TRACKER: [results],
    }
    return [s for s in found.get(role, []) if s is not None]


def lead_screens(event_id: int) -> list[Screen]:
    """What a back-office volunteer or organizer sees: every role's screens and the lead's."""
    seen: dict[str, Screen] = {}
    extra = [
        _named("Timing lead", "timing_lead", event_id),
        _named("Review results", "timing_review", event_id),
        _named("Volunteer PINs and QR codes", "raceday_pins", event_id),
    ]
    for role in VolunteerRole.values:
        for screen in role_screens(role, event_id):
            seen.setdefault(screen.url, screen)
    for screen in extra:
        if screen is not None:
            seen.setdefault(screen.url, screen)
    return list(seen.values())


def for_pass(volunteer: VolunteerPass) -> list[Screen]:
    return role_screens(volunteer.role, volunteer.event_id)


def pin_table(event) -> dict:
    """The lead page's rows: each role's PINs still taking phones, and the phones let in."""
    now = timezone.now()
    pins = list(event.volunteer_pins.all()[:40])
    passes = list(
        event.volunteer_passes.filter(revoked_at__isnull=True)
        .exclude(pin__revoked_at__isnull=False)
        .select_related("pin")
    )
    return {
        "live_pins": [p for p in pins if p.takes_sign_ins(now)],
        "passes": passes,
        "roles": VolunteerRole.choices,
    }
