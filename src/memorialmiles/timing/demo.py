"""Demo timing: the Huntsville group finish (illustrative), a simulated finish for the sample run.

The facts say only that the Huntsville group finished in about eight minutes; the start hour is
not known, so the demo start is the event's placeholder time and the group finish is a record
eight minutes later, marked illustrative. No runner is invented for the real run.
"""

from __future__ import annotations

import random

from memorialmiles.events.demo import HUNTSVILLE_TITLE, UPCOMING_TITLE
from memorialmiles.events.models import Event, RegistrationStatus
from memorialmiles.results import to_us
from memorialmiles.timing.models import (
    DeviceRole,
    Kind,
    RawRecord,
    Source,
    StartSignal,
    TimingDevice,
)

GROUP_FINISH_S = 8 * 60
SIMULATOR = "Demo simulator (fictional)"


def huntsville_group_finish(event: Event) -> RawRecord | None:
    if not event.starts_at:
        return None
    # No start signal: the start hour is not known, so results measure from the placeholder
    # start and the page says the timing is illustrative.
    gun = to_us(event.starts_at)
    record, _ = RawRecord.objects.get_or_create(
        event=event,
        kind=Kind.GROUP,
        source=Source.MANUAL,
        defaults={
            "device_time_us": gun + GROUP_FINISH_S * 1_000_000,
            "group_bibs": None,
            "device_seq": 1,
        },
    )
    return record


def simulate_finish(event: Event, seed: int = 22) -> int:
    """Fictional finishes for every registered runner with a bib; a second press adds nothing."""
    device, created = TimingDevice.objects.get_or_create(
        event=event, name=SIMULATOR, defaults={"role": DeviceRole.BOTH}
    )
    if not created and device.records.exists():
        return 0
    rng = random.Random(seed)
    gun = to_us(event.starts_at)
    StartSignal.objects.create(event=event, gun_time_us=gun, source=Source.MANUAL)
    bibs = list(
        event.registrations.filter(status=RegistrationStatus.REGISTERED, bib__isnull=False)
        .order_by("bib")
        .values_list("bib", flat=True)
    )
    records = []
    for seq, bib in enumerate(bibs, start=1):
        if rng.random() < 0.08:
            continue  # a fictional no-show
        finish = gun + round(rng.uniform(6.5, 14.0) * 60_000_000, -4)
        records.append(
            RawRecord(
                event=event,
                device=device,
                device_seq=seq,
                source=Source.TAP,
                kind=Kind.FINISH,
                bib=str(bib),
                device_time_us=finish,
            )
        )
    RawRecord.objects.bulk_create(records, ignore_conflicts=True)
    return len(records)


def load(stdout) -> None:
    run = Event.objects.filter(title=HUNTSVILLE_TITLE).first()
    if run and huntsville_group_finish(run):
        stdout.write(
            "Timing: Huntsville group finish recorded at start + 8:00 (illustrative timing)"
        )
    upcoming = Event.objects.filter(title=UPCOMING_TITLE).first()
    if upcoming:
        stdout.write(
            "Timing: the fictional run gets fictional results when the organizer presses "
            "'Simulate finish' on its timing page (demo mode only)"
        )
