"""The flag-bearer's live line: which phone fixes to trust, and how far along the run is.

A phone in a pocket sends what it has: a fix from before the start, the same fix twice, a
late fix from its offline queue, a fix 2 km off from a cell tower, a jump of 300 m in one
second. Every fix is kept raw by the caller; this module only says which ones draw the live
line and why the others do not, so the page shows a calm line and the organizer sees counts.

Fixes are judged in the phone's own order (its sequence numbers) against the last fix kept:

- ``before_start``: earlier than the start (nothing is shown before the run starts);
- ``inaccurate``: the phone itself says it is more than ``MAX_ACCURACY_M`` out;
- ``repeated``: the same time as the last fix kept;
- ``out_of_order``: earlier than the last fix kept;
- ``too_fast``: reaching it from the last fix kept needs more than ``MAX_SPEED_MPS`` (a world
  record sprint is 10.4 m/s; a cyclist escort is allowed for). A jump the next fixes confirm
  is taken, though: after ``CONFIRM`` refused fixes in a row, each within the speed of the one
  before it, the line moves there (the first fix was the wrong one, or the phone slept).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .geodesy import inverse

MAX_ACCURACY_M = 50.0
MAX_SPEED_MPS = 12.0
CONFIRM = 3

KEPT = "kept"
REASONS = ("before_start", "inaccurate", "repeated", "out_of_order", "too_fast")


@dataclass(frozen=True)
class Fix:
    seq: int
    time: float  # seconds since the Unix epoch
    lat: float
    lon: float
    accuracy_m: float | None = None


@dataclass
class LineState:
    """What judging the next fixes needs: the last fix kept, and a run of refused fast ones."""

    last: Fix | None = None
    pending: list[Fix] = field(default_factory=list)


def _speed(a: Fix, b: Fix) -> float:
    dt = b.time - a.time
    d = float(inverse(a.lat, a.lon, b.lat, b.lon))
    return d / dt if dt > 0 else float("inf")


def judge(
    fixes: Iterable[Fix],
    state: LineState | None = None,
    *,
    start: float | None = None,
    max_accuracy_m: float = MAX_ACCURACY_M,
    max_speed_mps: float = MAX_SPEED_MPS,
) -> tuple[list[str], LineState]:
    """One verdict per fix (``KEPT`` or a reason), and the state to judge the next ones with.

    ``fixes`` come in the phone's order; ``state`` is what an earlier call returned, so a
    batch judged alone gets the same verdicts as the whole run judged at once.
    """
    state = LineState(state.last, list(state.pending)) if state else LineState()
    verdicts: list[str] = []
    for fix in fixes:
        verdict = _one(fix, state, start, max_accuracy_m, max_speed_mps)
        verdicts.append(verdict)
    return verdicts, state


def _one(fix: Fix, state: LineState, start, max_accuracy_m, max_speed_mps) -> str:
    if start is not None and fix.time < start:
        return "before_start"
    if fix.accuracy_m is not None and not fix.accuracy_m <= max_accuracy_m:
        return "inaccurate"
    last = state.last
    if last is not None:
        if fix.time == last.time:
            return "repeated"
        if fix.time < last.time:
            return "out_of_order"
        if _speed(last, fix) > max_speed_mps:
            run = state.pending
            if run and (fix.time <= run[-1].time or _speed(run[-1], fix) > max_speed_mps):
                run.clear()
            run.append(fix)
            if len(run) < CONFIRM:
                return "too_fast"
            # confirmed: the jump is real; this fix is kept and draws the line from here
    state.last = fix
    state.pending.clear()
    return KEPT


def counts(verdicts: Sequence[str]) -> dict[str, int]:
    """How many fixes of each verdict, every reason listed (zero included)."""
    out = dict.fromkeys((KEPT, *REASONS), 0)
    for v in verdicts:
        out[v] += 1
    return out


@dataclass(frozen=True)
class Progress:
    done_m: float
    left_m: float | None
    elapsed_s: float
    pace_s_per_km: float | None  # None until 50 m are done (the pace of a stand is noise)
    eta_s: float | None  # seconds from now to the finish at the pace so far


MIN_PACE_M = 50.0


def progress(done_m: float, length_m: float | None, elapsed_s: float) -> Progress:
    """Distance done and left, pace so far and the finish it promises."""
    done_m = max(0.0, done_m if length_m is None else min(done_m, length_m))
    elapsed_s = max(0.0, elapsed_s)
    left = None if length_m is None else max(0.0, length_m - done_m)
    pace = elapsed_s / (done_m / 1000) if done_m >= MIN_PACE_M and elapsed_s > 0 else None
    eta = None if pace is None or left is None else left / 1000 * pace
    return Progress(done_m, left, elapsed_s, pace, eta)
