"""``memorialmiles live tracker EVENT_ID [--label TEXT]``: a tracker link for a run.

Prints the link and its token once (only the token's hash is stored); the phone that opens
the link shares its position until the link is revoked or the run ends.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from memorialmiles.events.models import CLOSED_STATUSES, Event
from memorialmiles.live.models import Tracker
from memorialmiles.live.views import run_end_text
from memorialmiles.messaging.rendering import absolute


class Command(BaseCommand):
    help = "Live tracking tools: make a tracker link for a run."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        make = sub.add_parser("tracker", help="make a tracker link and print it with its token")
        make.add_argument("event_id", type=int)
        make.add_argument("--label", default="Flag-bearer", help="who carries the phone")

    def handle(self, *args, **opts):
        event = Event.objects.filter(pk=opts["event_id"]).first()
        if event is None:
            raise CommandError(f"no run {opts['event_id']}")
        if event.status in CLOSED_STATUSES:
            raise CommandError(
                f"run {event.pk} is {event.get_status_display().lower()}: a link would be dead"
            )
        tracker, token = Tracker.create(event, label=opts["label"])
        link = absolute(reverse("live_tracker_page", args=[token]))
        self.stdout.write(f"run: {event.pk} {event.title}")
        self.stdout.write(f"tracker: {tracker.pk} ({tracker.label})")
        self.stdout.write(f"link: {link}")
        self.stdout.write(f"token: {token}")
        if end := run_end_text(event):
            self.stdout.write(f"ends: {end} (or when revoked)")
