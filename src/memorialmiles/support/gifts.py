"""Recording gifts and adding them up. Only received gifts count as raised; pledges are shown
beside them, never mixed in, so a total never promises money that has not come."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from memorialmiles.support import notify, payments
from memorialmiles.support.models import Gift, GiftKind, GiftStatus


@dataclass(frozen=True)
class Totals:
    raised_cents: int
    pledged_cents: int
    gifts: int

    @property
    def raised(self) -> str:
        return f"{self.raised_cents / 100:,.0f}"

    @property
    def pledged(self) -> str:
        return f"{self.pledged_cents / 100:,.0f}"

    def percent_of(self, goal_cents: int) -> int:
        return min(100, round(100 * self.raised_cents / goal_cents)) if goal_cents else 0


def totals(gifts) -> Totals:
    found = gifts.aggregate(
        raised=Sum("amount_cents", filter=Q(status=GiftStatus.RECEIVED)),
        pledged=Sum("amount_cents", filter=Q(status=GiftStatus.PLEDGED)),
        gifts=Count("id", filter=Q(status__in=[GiftStatus.RECEIVED, GiftStatus.PLEDGED])),
    )
    return Totals(found["raised"] or 0, found["pledged"] or 0, found["gifts"])


def pledge(**fields) -> Gift:
    gift = Gift.objects.create(kind=GiftKind.PLEDGE, status=GiftStatus.PLEDGED, **fields)
    notify.donor(gift)
    return gift


def record_offline(*, recorded_by, kind: str, **fields) -> Gift:
    """Cash or a check handed to an organizer, or a pledge that has now been paid."""
    if kind not in (GiftKind.CASH, GiftKind.CHECK):
        raise ValueError("An organizer records cash or checks.")
    gift = Gift.objects.create(
        kind=kind,
        status=GiftStatus.RECEIVED,
        received_at=timezone.now(),
        recorded_by=recorded_by,
        **fields,
    )
    notify.donor(gift)
    return gift


def start_online(*, success_url, cancel_url, **fields) -> tuple[Gift, str]:
    """A pending gift and the provider's page to pay it on."""
    provider = payments.provider()
    gift = Gift.objects.create(kind=GiftKind.ONLINE, status=GiftStatus.PENDING, **fields)
    checkout = provider.start(
        amount_cents=gift.amount_cents,
        description=f"Gift to {gift.event.title}",
        gift_token=gift.token,
        success_url=success_url(gift),
        cancel_url=cancel_url(gift),
    )
    gift.provider_reference = checkout.reference
    gift.save(update_fields=["provider_reference"])
    return gift, checkout.url


@transaction.atomic
def settle(paid: payments.Paid) -> Gift | None:
    """Apply the provider's word to the gift it names; a repeated webhook changes nothing."""
    gift = Gift.objects.select_for_update().filter(provider_reference=paid.reference).first()
    if gift is None or gift.status == GiftStatus.RECEIVED:
        return gift
    if paid.paid and paid.amount_cents == gift.amount_cents:
        gift.status = GiftStatus.RECEIVED
        gift.received_at = timezone.now()
        gift.save(update_fields=["status", "received_at"])
        notify.donor(gift)
    elif not paid.paid:
        gift.status = GiftStatus.FAILED
        gift.save(update_fields=["status"])
    return gift
