"""``memorialmiles results EVENT_ID [--csv]``: an event's results from the database.

(``memorialmiles results compute ...`` never reaches Django: the CLI routes it to the pure
core, for a timer with files and no database.)
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from memorialmiles.events.models import Event
from memorialmiles.results import Status
from memorialmiles.results.export import write_csv
from memorialmiles.timing.services import results_for


class Command(BaseCommand):
    help = "Print the results of an event (a text table, or CSV with --csv)."

    def add_arguments(self, parser):
        parser.add_argument("event_id", type=int)
        parser.add_argument("--csv", action="store_true")
        parser.add_argument("--columns", choices=("full", "upload"), default="full")

    def handle(self, *args, **opts):
        event = Event.objects.select_related("course").filter(pk=opts["event_id"]).first()
        if event is None:
            raise CommandError(f"no event {opts['event_id']}")
        out = results_for(event, fresh=True)
        if opts["csv"]:
            write_csv(out.results, self.stdout, columns=opts["columns"])
            return
        self.stdout.write(f"{event.title}")
        for r in out.results:
            self.stdout.write(
                f"{r.place or '':>5} {r.bib:>6}  {r.entry.name[:28]:<28} "
                f"{r.gun_time:>11} {r.net_time:>11}  {r.status}"
            )
        done = sum(1 for r in out.results if r.status == Status.FINISHED)
        self.stderr.write(
            f"{len(out.results)} entrants, {done} finished; "
            f"{out.results.unmatched_reads} unmatched reads"
        )
