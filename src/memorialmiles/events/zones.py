"""Wall-clock times at the run: what an organizer types and reads is the event's own zone.

The database holds UTC; every organizer screen reads and shows times in the event's IANA zone.
Twice a year that zone has an hour that does not exist (clocks spring forward) and an hour that
happens twice (clocks fall back). The rule, the same on every screen: such a time is refused
with a message that says why, never guessed, because a guess publishes a run an hour off.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class WallClockError(ValueError):
    """A local time the zone skips or repeats on that day."""


def _spoken(moment: dt.datetime) -> str:
    return f"{moment:%H:%M} on {moment:%B} {moment.day}, {moment.year}"


def wall_clock_to_aware(naive: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The instant a naive wall-clock time names in ``zone``; refuses a skipped or repeated time.

    ``zone`` is a ZoneInfo: its ``fold`` tells the two readings of a repeated hour apart, and
    a skipped hour does not survive a round trip through UTC.
    """
    naive = naive.replace(tzinfo=None, fold=0)
    first = naive.replace(tzinfo=zone)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    name = getattr(zone, "key", str(zone))
    back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        raise WallClockError(
            f"{_spoken(naive)} does not exist in {name}: the clocks spring forward an hour "
            "that night. Choose a time outside the skipped hour."
        )
    raise WallClockError(
        f"{_spoken(naive)} happens twice in {name} ({first.tzname()}, then {second.tzname()}) "
        "when the clocks fall back. Choose a time outside the repeated hour."
    )


def zone_named(name: str | None, default: str) -> zoneinfo.ZoneInfo:
    """The zone of that IANA name, or ``default``'s when the name is empty or unknown."""
    try:
        return zoneinfo.ZoneInfo(name or default)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(default)


def in_zone(moment: dt.datetime | None, zone: dt.tzinfo, seconds: bool = False) -> str:
    """'2026-03-08 08:00 CDT': a stored instant as the people at the run read it."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{shown} {local.tzname()}"


class ZonedSplitDateTimeField(forms.SplitDateTimeField):
    """The back office's date and time boxes, read in the active zone by the rule above."""

    def compress(self, data_list):
        if not data_list:
            return None
        if data_list[0] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if data_list[1] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        naive = dt.datetime.combine(*data_list)
        try:
            return wall_clock_to_aware(naive, timezone.get_current_timezone())
        except WallClockError as exc:
            raise ValidationError(str(exc), code="wall_clock") from None
