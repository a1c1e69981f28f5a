"""Registering a list of people at once: a liaison's officers from a CSV or a pasted list.

The same rules as the honor-roll import: every row gets exactly one outcome, with its line
number; all good rows are written in one transaction; the same file twice changes nothing.

- imported: a person not registered for the event yet;
- updated: the person is registered and the row changes a field (bib, role, age, agency);
- unchanged: the person is registered exactly as the row says;
- duplicate: the same person appears earlier in this file;
- rejected: with the reason (missing name, bad age or date, a bib taken, an agency out of scope,
  a person registered outside a liaison's agencies, a line that is not text or far too long).

A liaison's list only ever touches the registrations of the liaison's own agencies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet

from memorialmiles.audit import record
from memorialmiles.events.models import (
    CLOSED_STATUSES,
    Event,
    Registration,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
    person_key,
)
from memorialmiles.events.services import next_bib
from memorialmiles.honors.models import Agency, fold
from memorialmiles.registry import RegistryError
from memorialmiles.registry.sources import decode_lines

OUTCOMES = ("imported", "updated", "unchanged", "duplicate", "rejected")
COLUMNS = ("first_name", "last_name", "email", "sex", "age", "birth_date", "agency", "bib", "role")
ROLE_WORDS = (
    {fold(label): value for value, label in RegistrationRole.choices}
    | {value: value for value in RegistrationRole.values}
    | {"officer in uniform": "officer", "uniform": "officer"}
)
SEXES = {"m": "M", "male": "M", "f": "F", "female": "F", "x": "X", "nonbinary": "X"}


class BulkError(ValueError):
    """The list cannot be read at all (no header, missing name columns)."""


@dataclass
class Rejected:
    line: int
    reason: str


@dataclass
class BulkReport:
    counts: Counter = field(default_factory=Counter)
    rejected: list[Rejected] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts[o] for o in OUTCOMES)

    def add(self, outcome: str, line: int, reason: str = "") -> None:
        self.counts[outcome] += 1
        self.lines.setdefault(outcome, []).append(line)
        if outcome == "rejected":
            self.rejected.append(Rejected(line, reason))

    def summary(self) -> str:
        text = f"{self.total:,} rows: " + ", ".join(f"{self.counts[o]:,} {o}" for o in OUTCOMES)
        if self.waitlisted:
            text += f" ({self.waitlisted:,} of the imported on the waitlist: the event is full)"
        return text

    @property
    def waitlisted(self) -> int:
        return len(self.lines.get("waitlisted", []))


# Python's csv module refuses a field longer than this (csv.field_size_limit()).
FIELD_LIMIT = 131_072
UNDECIDED = "this line is neither UTF-8 nor Windows-1252 text; type it again"
OTHER_AGENCY = (
    "this person is already registered, not through your agencies; nothing was changed "
    "(an organizer can help)"
)


@dataclass
class RosterText:
    text: str
    undecided: list[int] = field(default_factory=list)


def decode_roster(data: bytes) -> RosterText:
    """A roster file's bytes as text, decided line by line by the registry's own decoder
    (UTF-8 where a line is valid UTF-8, else Windows-1252): a spreadsheet pasted together from
    two machines mixes both, and deciding once for the whole file turns "José" into "JosÃ©".
    A line it cannot decide is left empty here and listed in `undecided`, so it is one
    rejected line and the rest still import."""
    try:
        decoded = decode_lines("the roster", data)
    except RegistryError as exc:
        raise BulkError(exc.message) from None
    parts = _LINE_END.split(decoded.text)  # lines at even places, their ends between
    for number in decoded.undecided:
        parts[2 * (number - 1)] = ""
    return RosterText("".join(parts), sorted(decoded.undecided))


_LINE_END = re.compile("(\r\n|\r|\n)")  # as the csv module and the decoder count lines


def _too_long(text: str) -> tuple[str, list[int]]:
    """Blank out physical lines longer than the csv module accepts, so each is one rejected
    line rather than the whole file refused (or a server error)."""
    lines = text.split("\n")
    long = [number for number, line in enumerate(lines, start=1) if len(line) > FIELD_LIMIT]
    for number in long:
        lines[number - 1] = ""
    return "\n".join(lines), long


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """CSV with a header, or plain lines 'First Last[, email]'; rows keep their line numbers."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        header = [fold(h).strip().replace(" ", "_") for h in next(csv.reader([first]), [])]
    except csv.Error as exc:
        raise BulkError(f"line 1 is not valid CSV ({exc})") from None
    if "first_name" in header or "last_name" in header:
        if not {"first_name", "last_name"} <= set(header):
            raise BulkError("The header needs both first_name and last_name columns.")
        reader = csv.DictReader(io.StringIO(text), fieldnames=header)
        try:
            next(reader)
            return [
                (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k})
                for row in reader
                if any((v or "").strip() for k, v in row.items() if k)
            ]
        except csv.Error as exc:
            raise BulkError(
                f"line {reader.line_num + 1}: not valid CSV ({exc}); "
                f"a field may be at most {FIELD_LIMIT:,} characters"
            ) from None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _, email = line.partition(",")
        first, _, last = name.strip().rpartition(" ")
        rows.append(
            (
                number,
                {"first_name": first.strip(), "last_name": last.strip(), "email": email.strip()},
            )
        )
    return rows


def import_registrations(
    event: Event,
    text: str,
    *,
    agencies: QuerySet[Agency] | None = None,
    default_agency: Agency | None = None,
    user=None,
    source: str = RegistrationSource.IMPORT,
    undecided: list[int] | tuple[int, ...] = (),
) -> BulkReport:
    """Register every good row; `agencies` limits the rows to a liaison's own agencies.

    With `agencies` (a liaison), a registration that is not one of those agencies' is never
    changed, moved or described: its row is rejected with the same words whatever it holds,
    so the report does not even tell "updated" from "unchanged". A liaison never changes the
    agency of an existing registration either. Without `agencies` (an organizer, the command
    line), every row may update. `undecided` are lines the decoder could not read.
    """
    text, long = _too_long(text)
    rows = read_rows(text)
    report = BulkReport()
    scope = list(agencies) if agencies is not None else None
    in_scope = {a.pk for a in scope} if scope is not None else None
    problems = {n: UNDECIDED for n in undecided} | {
        n: f"this line is over {FIELD_LIMIT:,} characters" for n in long
    }
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status in CLOSED_STATUSES:
            raise BulkError(
                f"this run is {locked.get_status_display().lower()}: its entrants are its "
                "results; an organizer moves it back to live before a roster changes them"
            )
        existing: dict[str, Registration] = {}
        for r in locked.registrations.select_related("agency"):
            # A person cancelled and registered again: the live registration is the one.
            if r.person_key not in existing or r.status != RegistrationStatus.CANCELLED:
                existing[r.person_key] = r
        bibs = {r.bib: r.person_key for r in locked.registrations.filter(bib__isnull=False)}
        seen: set[str] = set()
        registered = locked.registered_count()
        rows = sorted([*rows, *((n, None) for n in problems)], key=lambda item: item[0])
        for line, row in rows:
            if row is None:
                report.add("rejected", line, problems[line])
                continue
            try:
                values = _clean(row, scope, default_agency)
            except ValidationError as error:
                report.add("rejected", line, "; ".join(error.messages))
                continue
            key = person_key(values.get("email", ""), values["first_name"], values["last_name"])
            if key in seen:
                report.add("duplicate", line)
                continue
            seen.add(key)
            current = existing.get(key)
            if current is not None and in_scope is not None:
                if current.agency_id not in in_scope:
                    report.add("rejected", line, OTHER_AGENCY)
                    continue
                if values.get("agency", current.agency) != current.agency:
                    report.add(
                        "rejected",
                        line,
                        f"registered with {current.agency.name}; only an organizer can move "
                        "a registration to another agency",
                    )
                    continue
                values.pop("team", None)
            bib = values.get("bib")
            if bib is not None and bibs.get(bib, key) != key:
                report.add("rejected", line, f"bib {bib} is already given to someone else")
                continue
            if current is None:
                # A bulk list respects the capacity like the public form: past it, the waitlist.
                full = locked.capacity is not None and registered >= locked.capacity
                registration = Registration(
                    event=locked,
                    source=source,
                    registered_by=user if user and user.pk else None,
                    status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED,
                    **values,
                )
                if full:
                    registration.bib = None
                    report.lines.setdefault("waitlisted", []).append(line)
                else:
                    registered += 1
                if registration.bib is None and locked.auto_bibs and not full:
                    registration.bib = max(next_bib(locked), max(bibs, default=0) + 1)
                registration.save()
                existing[key] = registration
                if registration.bib is not None:
                    bibs[registration.bib] = key
                report.add("imported", line)
                continue
            changed = [
                k for k, v in values.items() if v not in ("", None) and getattr(current, k) != v
            ]
            if not changed:
                report.add("unchanged", line)
                continue
            for name in changed:
                setattr(current, name, values[name])
            current.save(update_fields=changed)
            if current.bib is not None:
                bibs[current.bib] = key
            report.add("updated", line)
        record.bulk(locked, "registrations.import", {o: report.counts[o] for o in OUTCOMES})
    return report


def _clean(row: dict[str, str], scope: list[Agency] | None, default: Agency | None) -> dict:
    first, last = row.get("first_name", ""), row.get("last_name", "")
    if not first or not last:
        raise ValidationError("first_name and last_name are both needed")
    for name, value in (("first_name", first), ("last_name", last)):
        if len(value) > 80:
            raise ValidationError(f"{name} is over 80 characters")
    values: dict = {"first_name": first, "last_name": last}
    if email := row.get("email", ""):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError(f"email {email!r} is not an email address") from exc
        values["email"] = email.lower()
    if sex := row.get("sex", ""):
        if fold(sex) not in SEXES:
            raise ValidationError(f"sex {sex!r}: use M, F or X")
        values["sex"] = SEXES[fold(sex)]
    if age := row.get("age", ""):
        if not age.isdigit() or not 5 <= int(age) <= 110:
            raise ValidationError(f"age {age!r} is not a whole number from 5 to 110")
        values["age"] = int(age)
    if birth := row.get("birth_date", ""):
        try:
            values["birth_date"] = dt.date.fromisoformat(birth)
        except ValueError as exc:
            raise ValidationError(f"birth_date {birth!r}: use YYYY-MM-DD") from exc
    if bib := row.get("bib", ""):
        if not bib.isdigit() or int(bib) == 0:
            raise ValidationError(f"bib {bib!r} is not a positive whole number")
        values["bib"] = int(bib)
    if role := row.get("role", ""):
        if fold(role) not in ROLE_WORDS:
            raise ValidationError(f"role {role!r}: one of " + ", ".join(RegistrationRole.values))
        values["role"] = ROLE_WORDS[fold(role)]
    agency = _agency(row.get("agency", ""), scope, default)
    if agency is not None:
        values["agency"] = agency
        values["team"] = agency.name[:200]
    elif row.get("agency"):
        values["team"] = row["agency"][:200]
    return values


def _agency(name: str, scope: list[Agency] | None, default: Agency | None) -> Agency | None:
    if not name:
        return default
    wanted = fold(name).strip()
    candidates = scope if scope is not None else Agency.objects.filter(name__iexact=name)
    for agency in candidates:
        if fold(agency.name) == wanted or agency.key == wanted:
            return agency
    if scope is not None:
        raise ValidationError(f"agency {name!r} is not one you are a liaison for")
    return None
