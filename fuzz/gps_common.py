"""The GPS harnesses' one check: read with one format's reader, then measure what was read."""

from __future__ import annotations

from harness import instrumented

with instrumented():
    # The readers import some modules on first use: import them here, inside the
    # instrumentation, or their branches would be invisible to the fuzzer.
    from memorialmiles.gps import (  # noqa: F401
        GpsError,
        clock,
        fit,
        gpxfast,
        jumps,
        reading,
        simplify,
        tcx,
    )


def read_and_measure(data: bytes, fmt: str) -> None:
    """The course upload's path without Django: read, check, warn, measure, split, simplify."""
    try:
        track = reading.read_format(data, f"fuzz.{fmt}", fmt)
    except GpsError:
        return
    track.metrics()
    track.splits(1000.0)
    track.simplify(2.0)
