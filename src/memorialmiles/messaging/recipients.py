"""Who hears about a run: its runners, and the people who speak for its partner agencies."""

from __future__ import annotations

from memorialmiles.events.models import Event, RegistrationStatus
from memorialmiles.honors.models import LiaisonAssignment


def runners(event: Event):
    """Registered people with an address (waitlisted and cancelled people are not running)."""
    return (
        event.registrations.filter(status=RegistrationStatus.REGISTERED)
        .exclude(email="")
        .order_by("pk")
    )


def agency_contacts(event: Event) -> list[tuple[object, str]]:
    """(agency, address) for each partner agency: its liaisons' accounts, and the contact kept
    on the agency itself where the pipeline records one (``contact_email``)."""
    found: dict[str, object] = {}
    for agency in event.partner_agencies.order_by("name"):
        contact = getattr(agency, "contact_email", "")
        if contact:
            found.setdefault(contact.strip().lower(), agency)
    assignments = LiaisonAssignment.objects.filter(agency__partner_events=event).select_related(
        "user", "agency"
    )
    for assignment in assignments.order_by("agency__name", "user_id"):
        email = assignment.user.email.strip().lower()
        if email and assignment.user.is_active:
            found.setdefault(email, assignment.agency)
    return [(agency, email) for email, agency in found.items()]
