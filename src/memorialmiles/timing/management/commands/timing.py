"""``memorialmiles timing import FILE --event ID --format NAME [--offset S] [--tags FILE]``.

A finished or cancelled run refuses the import until an organizer reopens it; the same file
read the same way (format, mat, offset, tag table) twice adds nothing the second time.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from memorialmiles.events.models import Event
from memorialmiles.results.chipfiles import FORMATS
from memorialmiles.timing.imports import ImportError_, import_chip_file, tags_from
from memorialmiles.timing.models import TimingClosed


class Command(BaseCommand):
    help = "Timing tools: import a chip file into an event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a chip-read file")
        imp.add_argument("file")
        imp.add_argument("--event", type=int, required=True)
        imp.add_argument("--format", choices=sorted(FORMATS), required=True)
        imp.add_argument(
            "--offset", type=float, default=0.0, help="seconds added to each read (under a day)"
        )
        imp.add_argument("--tags", help="CSV tag,bib")
        imp.add_argument("--kind", choices=("finish", "start"), default="finish")

    def handle(self, *args, **opts):
        event = Event.objects.filter(pk=opts["event"]).first()
        if event is None:
            raise CommandError(f"no event {opts['event']}")
        try:
            tags = tags_from(opts["tags"]) if opts["tags"] else None
            outcome = import_chip_file(
                event,
                opts["file"],
                format=opts["format"],
                offset_s=opts["offset"],
                tags=tags,
                kind=opts["kind"],
            )
        except OSError as exc:
            raise CommandError(f"{exc.filename}: {exc.strerror}") from None
        except TimingClosed as exc:
            raise CommandError(str(exc)) from None
        except (ImportError_, ValueError) as exc:
            raise CommandError(str(exc)) from None
        ci = outcome.chip_import
        if not outcome.created:
            self.stdout.write(f"{ci.file_name}: already imported (import {ci.pk}); nothing added")
            return
        self.stdout.write(
            f"lines read: {ci.lines_read}\nreads stored: {ci.reads_stored}\n"
            f"repeats folded: {ci.repeats_folded}\nbefore start: {ci.before_start}\n"
            f"rejected: {ci.rejected}"
        )
        for line in ci.rejected_lines.all():
            where = f"line {line.line}" + (f", column {line.column}" if line.column else "")
            self.stdout.write(f"  rejected {where}: {line.reason}")
