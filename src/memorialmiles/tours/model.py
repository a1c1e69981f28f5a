"""What goes into a plan and what comes out of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KM_PER_MILE = 1.609344


@dataclass(frozen=True)
class Stop:
    """A place to run a mile at; `earliest`/`latest` bound the day it may be run (inclusive)."""

    id: str
    name: str
    lat: float
    lon: float
    earliest: dt.date | None = None
    latest: dt.date | None = None


@dataclass(frozen=True)
class Options:
    """The driver's limits. A day's driving stays within both `miles_per_day` and
    `max_drive_hours`; with `rest_every` = N, every Nth day of the tour (N, 2N, ...) is a rest
    day with no driving and no run. One stop is run a day at most: a memorial mile with its
    ceremony, the flag and the family takes the day's best hours."""

    start_lat: float
    start_lon: float
    start_date: dt.date
    miles_per_day: float = 400.0
    rest_every: int | None = 7
    max_drive_hours: float = 8.0
    seconds: float = 2.0

    def __post_init__(self) -> None:
        if not self.miles_per_day > 0:
            raise ValueError("miles per day must be more than 0")
        if not self.max_drive_hours > 0 or self.max_drive_hours > 24:
            raise ValueError("the most driving hours a day must be more than 0 and at most 24")
        if self.rest_every is not None and self.rest_every < 2:
            raise ValueError("a rest day every N days needs N of 2 or more (or no rest days)")
        if not -90 <= self.start_lat <= 90 or not -180 <= self.start_lon <= 180:
            raise ValueError("the start place must be a latitude and a longitude")
        if not self.seconds > 0:
            raise ValueError("the solver needs some time: --seconds must be more than 0")

    @property
    def km_per_day(self) -> float:
        return self.miles_per_day * KM_PER_MILE


@dataclass(frozen=True)
class Day:
    """One calendar day. `night` is where the day ends (lat, lon): the last stop run, or a
    point along the road on a long drive. `rest` marks a rest day."""

    date: dt.date
    stops: tuple[str, ...]
    drive_km: float
    drive_hours: float
    night: tuple[float, float]
    rest: bool = False

    @property
    def waiting(self) -> bool:
        """A working day with nothing to run and nowhere to drive: the tour waits for a window."""
        return not (self.rest or self.stops or self.drive_km)


@dataclass(frozen=True)
class Unplanned:
    id: str
    reason: str


@dataclass
class Plan:
    days: list[Day] = field(default_factory=list)
    unplanned: list[Unplanned] = field(default_factory=list)

    @property
    def total_drive_km(self) -> float:
        return sum(day.drive_km for day in self.days)

    @property
    def waiting_days(self) -> int:
        return sum(day.waiting for day in self.days)

    @property
    def total_drive_hours(self) -> float:
        return sum(day.drive_hours for day in self.days)

    def day_of(self) -> dict[str, dt.date]:
        return {stop: day.date for day in self.days for stop in day.stops}

    def as_json(self) -> dict:
        """The shape `memorialmiles tours plan --json` prints (and the acceptance checks read)."""
        return {
            "days": [
                {
                    "date": day.date.isoformat(),
                    "stops": list(day.stops),
                    "drive_km": round(day.drive_km, 1),
                    "drive_hours": round(day.drive_hours, 2),
                }
                for day in self.days
            ],
            "unplanned": [{"id": u.id, "reason": u.reason} for u in self.unplanned],
            "total_drive_km": round(self.total_drive_km, 1),
        }
