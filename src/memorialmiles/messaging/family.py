"""The family's message: the hook the pipeline calls when the flag reaches the family.

``send_to_family`` writes to the family's contact (private: it is only ever the ``to`` of
this message, never shown on a page) with the dedication certificate's link and, when given,
the organization's letter. Keyed per dedication and address: calling it again, from a second
state change or a double click, sends nothing more.
"""

from __future__ import annotations

from django.urls import reverse

from memorialmiles.events.models import Dedication, MemorialItem
from memorialmiles.messaging import facts, outbox
from memorialmiles.messaging.models import OutboxMessage
from memorialmiles.messaging.rendering import absolute


def send_to_family(
    dedication: Dedication,
    to: str,
    *,
    item: MemorialItem | None = None,
    letter: str = "",
) -> OutboxMessage:
    event = dedication.event
    context = {
        **facts.run_context(event),
        "hero": dedication.hero.display_name,
        "certificate_url": absolute(
            reverse("timing_dedication_certificate", args=[event.pk, dedication.pk])
        ),
        "item": item.get_kind_display().lower() if item else "",
        "item_status": item.get_status_display().lower() if item else "",
        "carrier": item.carrier if item else "",
        "tracking_number": item.tracking_number if item else "",
        "letter": letter,
    }
    return outbox.send(
        "family_thanks",
        to,
        context,
        event=event,
        kind="family",
        key=f"family:{dedication.pk}:{to.strip().lower()}",
    )
