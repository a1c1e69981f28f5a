"""`memorialmiles volunteers pin EVENT_ID --role desk`: a PIN and link for one role of a run.

The same as the lead's button on the run's volunteer page: a new PIN for that role (the
earlier one stops taking phones), printed with its link, once; only its hash is kept.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from memorialmiles.events.models import CLOSED_STATUSES, Event
from memorialmiles.events.services import absolute
from memorialmiles.raceday import pins
from memorialmiles.raceday.models import VolunteerRole


class Command(BaseCommand):
    help = "Volunteer access without an account: make a PIN and link for a run's role."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        pin = sub.add_parser("pin", help="Make a PIN and a link for one role of a run.")
        pin.add_argument("event_id", type=int)
        pin.add_argument("--role", choices=VolunteerRole.values, required=True)

    def handle(self, *args, action: str, event_id: int, role: str, **options):
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            raise CommandError(f"No run with id {event_id}.")
        if event.status in CLOSED_STATUSES:
            raise CommandError(f"Run {event_id} is {event.status}: no volunteer can sign in.")
        new = pins.make_pin(event, role)
        local = new.pin.expires_at.astimezone(event.zone)
        self.stdout.write(f"Run: {event.title} ({event.pk})")
        self.stdout.write(f"Role: {VolunteerRole(role).label}")
        self.stdout.write(f"PIN: {new.text}")
        self.stdout.write(f"Link: {absolute(new.path)}")
        self.stdout.write(f"Type the PIN at {absolute('/volunteer/')} or open the link.")
        self.stdout.write(f"Good until {local:%Y-%m-%d %H:%M} {local.tzname()}")
