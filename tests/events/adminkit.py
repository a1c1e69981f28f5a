"""What a browser posts from the back office's run page: the run's fields and empty inlines."""

from __future__ import annotations

EVENT_INLINES = ("dedications", "program", "injured", "memorial_items", "status_changes")


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_post(**fields: str) -> dict[str, str]:
    """A run's change form as posted, no inline rows; ``fields`` override or add fields."""
    data = {
        "title": "Memorial mile",
        "kind": "mile",
        "time_zone": "America/Chicago",
        "status": "scheduled",
        "visibility": "public",
        "first_bib": "1",
        "auto_bibs": "on",
        # The daylight-saving days these tests type are in the past: such a run is recorded
        # with registration closed (issue 8).
        "start_time_known": "on",
        "starts_at_0": "",
        "starts_at_1": "",
    }
    for prefix in EVENT_INLINES:
        data.update(management(prefix))
    data.update(fields)
    return data
