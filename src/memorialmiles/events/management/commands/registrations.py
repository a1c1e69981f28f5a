"""`memorialmiles registrations import FILE --event ID`: a liaison's list, from the command line."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from memorialmiles.events.bulk import BulkError, import_registrations
from memorialmiles.events.models import Event
from memorialmiles.registry import RegistryError
from memorialmiles.registry.sources import read_text


class Command(BaseCommand):
    help = "Registrations: import a list of people for one event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Register the people of a CSV for one event.")
        imp.add_argument("file")
        imp.add_argument("--event", type=int, required=True, help="the event's id")

    def handle(self, *args, action: str, file: str, event: int, **options):
        try:
            target = Event.objects.get(pk=event)
        except Event.DoesNotExist as exc:
            raise CommandError(f"No event with id {event}.") from exc
        try:
            text, _ = read_text(file, settings.MAX_UPLOAD_BYTES)
            report = import_registrations(target, text)
        except RegistryError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        except BulkError as error:
            self.stderr.write(f"{file}: {error}")
            sys.exit(2)
        self.stdout.write(f"{file} -> {target.title} (event {target.pk})")
        self.stdout.write(report.summary())
        for outcome in ("duplicate",):
            if report.lines.get(outcome):
                self.stdout.write(
                    f"  {outcome} lines: " + ", ".join(map(str, report.lines[outcome]))
                )
        for row in report.rejected:
            self.stdout.write(f"  rejected line {row.line}: {row.reason}")
