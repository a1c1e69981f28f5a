"""`memorialmiles honors import FILE` and `memorialmiles honors duplicates`."""

import sys

from django.core.management.base import BaseCommand, CommandError

from memorialmiles.core.csvsafe import write_csv
from memorialmiles.honors.duplicates import likely_duplicates
from memorialmiles.honors.importer import import_heroes, terminal_progress
from memorialmiles.registry import TARGETS, RegistryError, count_records

MAP_TARGETS = list(TARGETS)


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, target = pair.rpartition("=")
        if not sep or not column:
            raise CommandError(
                f"--map {pair!r}: expected COLUMN=FIELD, e.g. 'Date of Death=end_of_watch'"
            )
        if target not in MAP_TARGETS:
            raise CommandError(
                f"--map {pair!r}: unknown field {target!r}; one of " + ", ".join(MAP_TARGETS)
            )
        mapping[column] = target
    return mapping


class Command(BaseCommand):
    help = "The honor roll: import registry files, list likely duplicates."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a memorial-registry CSV export.")
        imp.add_argument("file")
        imp.add_argument(
            "--format",
            help="odmp-538-raw, odmp-538-clean, odmp-2024 or csv; "
            "recognised from the header when left out",
        )
        imp.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="map a column to a field: " + ", ".join(MAP_TARGETS),
        )
        imp.add_argument("--service", help="default service for every row (police, fire, ...)")
        imp.add_argument("--date-format", help="strptime format when dates are not recognised")
        imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        imp.add_argument("--strict", action="store_true", help="write nothing if a row is rejected")
        imp.add_argument("--report", metavar="FILE", help="write the rejected rows to a CSV")
        dup = sub.add_parser("duplicates", help="List likely duplicate heroes.")
        dup.add_argument("--state", help="only this state")
        dup.add_argument("--limit", type=int, default=200)

    def handle(self, *args, action: str, **options):
        if action == "import":
            return self.handle_import(**options)
        return self.handle_duplicates(**options)

    def handle_import(self, file, format, map, service, date_format, dry_run, strict, report, **_):
        try:
            result = import_heroes(
                file,
                format=format,
                mapping=parse_mapping(map) or None,
                service=service,
                date_format=date_format,
                dry_run=dry_run,
                strict=strict,
                progress=terminal_progress(lambda: count_records(file)),
            )
        except RegistryError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        self.stdout.write(f"{file}: format {result.format}, encoding {result.encoding}")
        self.stdout.write(result.summary())
        for row in result.rejected[:20]:
            where = f"line {row.line}" + (f", column {row.column}" if row.column else "")
            self.stdout.write(f"  rejected {where}: {row.reason}")
        if len(result.rejected) > 20:
            self.stdout.write(f"  … and {len(result.rejected) - 20:,} more (see --report)")
        if report:
            columns = sorted({key for row in result.rejected for key in row.raw})
            write_csv(
                report,
                ["line", "column", "reason", *columns],
                (
                    [r.line, r.column or "", r.reason, *(r.raw.get(c, "") for c in columns)]
                    for r in result.rejected
                ),
            )
            self.stdout.write(f"Rejected rows written to {report}")
        if result.attribution:
            self.stdout.write(f"Source: {result.attribution} ({result.license})")
        if result.aborted:
            sys.exit(1)

    def handle_duplicates(self, state, limit, **_):
        pairs = likely_duplicates(state=state)
        for pair in pairs[:limit]:
            a, b = pair.a, pair.b
            self.stdout.write(
                f"{pair.score:5.1f}  #{a.pk} {a.display_name} ({a.agency or '?'}, "
                f"{a.end_of_watch or '?'})  ~  #{b.pk} {b.display_name} ({b.agency or '?'}, "
                f"{b.end_of_watch or '?'})  [{', '.join(pair.reasons)}]"
            )
        self.stdout.write(
            f"{len(pairs)} likely duplicate pair(s). Merge them in the back "
            "office: Heroes, select both, 'Merge the selected heroes'."
        )
