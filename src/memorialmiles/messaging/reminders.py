"""Reminders a week and a day before a run, to its runners and its agencies.

Each is a task scheduled for the run's own wall-clock start time N days earlier (so a run at
8:00 in Chicago is reminded at 8:00 Chicago time across a change of clocks). Planning is keyed
by the start it was planned for: saving the run again plans nothing new, and a run moved to
another time gets new reminders while the old ones, finding the start changed, do nothing.
Each message carries a key per person, so nobody is reminded twice of the same thing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from memorialmiles.events.models import Event, EventStatus
from memorialmiles.jobs.background import background, enqueue
from memorialmiles.messaging import facts, outbox, recipients
from memorialmiles.messaging.rendering import absolute


def moment(event: Event, days: int) -> dt.datetime | None:
    """The run's local start time, ``days`` calendar days earlier, on the run's clock."""
    local = event.local_start
    if local is None:
        return None
    day = local.date() - dt.timedelta(days=days)
    return dt.datetime.combine(day, local.time(), tzinfo=event.zone).astimezone(dt.UTC)


def plan(event: Event, now: dt.datetime | None = None) -> list:
    """Schedule the reminders still ahead for a published run (a late one skips the past)."""
    now = now or timezone.now()
    if event.status != EventStatus.SCHEDULED or event.starts_at is None:
        return []
    planned = []
    for days in settings.REMINDER_DAYS:
        at = moment(event, days)
        if at is None or at <= now:
            continue
        stamp = event.starts_at.isoformat()
        planned.append(
            enqueue(
                send_reminders,
                event.pk,
                days,
                stamp,
                event=event,
                run_after=at,
                key=f"reminder:{event.pk}:{days}:{stamp}",
            )
        )
    return planned


def _in(days: int) -> str:
    return "tomorrow" if days == 1 else f"in {days} days" if days != 7 else "in a week"


@background
def send_reminders(event_id: int, days: int, planned_start: str) -> None:
    """Remind the runners and the agencies, if the run still starts when it was planned."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.status != EventStatus.SCHEDULED or event.starts_at is None:
        return
    if event.starts_at.isoformat() != planned_start:
        return  # moved: the reminders planned for the new start will go instead
    context = {**facts.run_context(event), "days": days, "in_days": _in(days)}
    for registration in recipients.runners(event):
        outbox.send(
            "reminder",
            registration.email,
            {
                **context,
                "first_name": registration.first_name,
                "bib": registration.bib or "",
                "link": absolute(registration.get_absolute_url()),
            },
            event=event,
            kind="reminder",
            key=f"reminder-{days}:{event.pk}:registration:{registration.pk}",
        )
    expected = recipients.runners(event).count()
    for agency, email in recipients.agency_contacts(event):
        outbox.send(
            "agency_reminder",
            email,
            {**context, "agency": agency.name, "registered": expected},
            event=event,
            kind="reminder",
            key=f"reminder-{days}:{event.pk}:agency:{email}",
        )
