"""`memorialmiles agencies import FILE`: agency locations, such as the FBI's list."""

import sys

from django.core.management.base import BaseCommand

from memorialmiles.honors.agency_import import import_agencies
from memorialmiles.honors.importer import terminal_progress
from memorialmiles.registry import RegistryError


class Command(BaseCommand):
    help = "Agencies: import locations from a CSV such as the FBI Crime Data Explorer list."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import agency locations.")
        imp.add_argument("file")

    def handle(self, *args, action, file, **options):
        try:
            report = import_agencies(file, progress=terminal_progress())
        except RegistryError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        self.stdout.write(f"{file}: {report.summary()}")
        for row in report.rejected[:20]:
            self.stdout.write(f"  rejected line {row.line}: {row.reason}")
