"""After the finish: each runner's result and certificate, and the agencies' thanks.

Planned when the run is marked finished, to go out ``AFTER_RUN_MINUTES`` later so the lead
can correct a bib first; keyed by that finish, and each message by its person, so a run
finished, reopened for a correction and finished again mails nobody twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from memorialmiles.events.models import Event, EventStatus, EventStatusChange
from memorialmiles.jobs.background import background, enqueue
from memorialmiles.messaging import facts, outbox, recipients
from memorialmiles.messaging.rendering import absolute
from memorialmiles.results.records import Status
from memorialmiles.results.timefmt import format_duration


def plan(event: Event, now: dt.datetime | None = None):
    if event.status != EventStatus.FINISHED:
        return None
    now = now or timezone.now()
    finish = (
        EventStatusChange.objects.filter(event=event, to_status=EventStatus.FINISHED)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return enqueue(
        send_after_run,
        event.pk,
        event=event,
        run_after=now + dt.timedelta(minutes=settings.AFTER_RUN_MINUTES),
        key=f"after-run:{event.pk}:{finish or 0}",
    )


def group_time(event_results) -> str:
    times = event_results.group_times
    return format_duration(times[0]) if times else ""


@background
def send_after_run(event_id: int) -> None:
    from memorialmiles.timing.services import results_for

    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.status != EventStatus.FINISHED:
        return  # reopened: the next finish plans again
    computed = results_for(event, fresh=True)
    by_bib = computed.results.by_bib()
    context = {**facts.run_context(event), "group_time": group_time(computed)}
    for registration in recipients.runners(event):
        row = by_bib.get(str(registration.bib)) if registration.bib else None
        finished = row is not None and row.status == Status.FINISHED
        personal = {
            "first_name": registration.first_name,
            "finished": finished,
            "time": row.gun_time if finished else "",
            "place": row.place if finished else "",
            "result_url": absolute(reverse("timing_runner", args=[event.pk, row.bib]))
            if row
            else "",
            "certificate_url": absolute(reverse("timing_certificate", args=[event.pk, row.bib]))
            if finished
            else "",
        }
        outbox.send(
            "results",
            registration.email,
            {**context, **personal},
            event=event,
            kind="results",
            key=f"results:{event.pk}:registration:{registration.pk}",
        )
    for agency, email in recipients.agency_contacts(event):
        ran = recipients.runners(event).filter(agency=agency)
        outbox.send(
            "agency_thanks",
            email,
            {**context, "agency": agency.name, "ran": ran.count()},
            event=event,
            kind="thanks",
            key=f"thanks:{event.pk}:agency:{email}",
        )
