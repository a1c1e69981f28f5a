"""What timing tells the rest of the site: a run's results changed.

Sent once the write has committed (a phone's batch with something new, a chip import, a
correction, a start signal), so a listener reads the new results. The live stream listens;
timing knows nothing of who does.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

results_changed = Signal()  # kwargs: event_id


def announce_results(event_id: int) -> None:
    """Robust: a listener that fails is logged and never fails the timing write itself."""
    transaction.on_commit(
        lambda: results_changed.send_robust(sender=None, event_id=event_id), robust=True
    )
