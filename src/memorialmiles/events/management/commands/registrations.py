"""`memorialmiles registrations import FILE --event ID [--user NAME]`: a list, by command.

Without `--user` the operator acts as an organizer. With `--user` the list is imported with that
account's rights: a liaison's rows touch only the registrations of their own agencies, exactly
as on the bulk page.
"""

import os
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from memorialmiles.core.roles import Role, has_role, is_organizer
from memorialmiles.events.bulk import BulkError, decode_roster, import_registrations
from memorialmiles.events.models import Event, RegistrationSource
from memorialmiles.honors.models import Agency


class Command(BaseCommand):
    help = "Registrations: import a list of people for one event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Register the people of a CSV for one event.")
        imp.add_argument("file")
        imp.add_argument("--event", type=int, required=True, help="the event's id")
        imp.add_argument(
            "--user", help="import with this account's rights (a liaison: own agencies only)"
        )

    def handle(self, *args, action: str, file: str, event: int, user=None, **options):
        try:
            target = Event.objects.get(pk=event)
        except (Event.DoesNotExist, OverflowError) as exc:
            raise CommandError(f"No event with id {event}.") from exc
        account, agencies = self._account(user)
        try:
            roster = decode_roster(_read(file))
            report = import_registrations(
                target,
                roster.text,
                agencies=agencies,
                user=account,
                source=RegistrationSource.IMPORT if agencies is None else RegistrationSource.BULK,
                undecided=roster.undecided,
            )
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

    def _account(self, username: str | None):
        """(user, agencies): agencies None means every registration may be updated."""
        if not username:
            return None, None
        account = get_user_model().objects.filter(username=username).first()
        if account is None:
            raise CommandError(f"No user {username!r}.")
        if is_organizer(account):
            return account, None
        if not has_role(account, Role.LIAISON):
            raise CommandError(f"{username} is neither an organizer nor an agency liaison.")
        return account, Agency.objects.filter(liaisons__user=account)


def _read(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > settings.MAX_UPLOAD_BYTES:
            raise BulkError(
                f"file is {size:,} bytes, over the limit of {settings.MAX_UPLOAD_BYTES:,}"
            )
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise BulkError(f"cannot read the file ({exc.strerror or exc})") from None
