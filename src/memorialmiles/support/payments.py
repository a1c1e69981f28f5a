"""Online payment behind one small interface, with Stripe Checkout as the provider.

The donor pays on the provider's page: no card number ever reaches this server. We keep the
checkout's id, and the gift turns "received" only when the provider's signed webhook says the
session was paid, never because a browser came back to a success URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings


class PaymentsOff(Exception):
    """No provider is configured: online gifts are not offered."""


class BadWebhook(Exception):
    """The webhook's signature or body did not check out."""


@dataclass(frozen=True)
class Checkout:
    reference: str
    url: str


@dataclass(frozen=True)
class Paid:
    """A completed payment the provider vouched for."""

    reference: str
    amount_cents: int
    paid: bool


class Provider(Protocol):
    def start(
        self,
        *,
        amount_cents: int,
        description: str,
        gift_token: str,
        success_url: str,
        cancel_url: str,
    ) -> Checkout: ...

    def parse_webhook(self, payload: bytes, signature: str) -> Paid | None: ...


class StripeCheckout:
    def __init__(self, secret_key: str, webhook_secret: str, api_base: str, currency: str):
        import stripe

        self._stripe = stripe
        self._client = stripe.StripeClient(
            secret_key, base_addresses={"api": api_base}, max_network_retries=2
        )
        self._webhook_secret = webhook_secret
        self._currency = currency

    def start(self, *, amount_cents, description, gift_token, success_url, cancel_url):
        session = self._client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "success_url": success_url,
                "cancel_url": cancel_url,
                "client_reference_id": gift_token,
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": self._currency,
                            "unit_amount": amount_cents,
                            "product_data": {"name": description[:250]},
                        },
                    }
                ],
            }
        )
        return Checkout(reference=session.id, url=session.url)

    def parse_webhook(self, payload: bytes, signature: str) -> Paid | None:
        try:
            event = self._stripe.Webhook.construct_event(payload, signature, self._webhook_secret)
        except (ValueError, self._stripe.SignatureVerificationError) as exc:
            raise BadWebhook(str(exc)) from exc
        if event["type"] not in (
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed",
            "checkout.session.expired",
        ):
            return None
        session = event["data"]["object"].to_dict()
        return Paid(
            reference=session["id"],
            amount_cents=int(session.get("amount_total") or 0),
            paid=session.get("payment_status") == "paid",
        )


def provider() -> Provider:
    if settings.PAYMENTS_PROVIDER != "stripe":
        raise PaymentsOff("Online gifts are not set up here; a pledge works the same.")
    return StripeCheckout(
        settings.STRIPE_SECRET_KEY,
        settings.STRIPE_WEBHOOK_SECRET,
        settings.STRIPE_API_BASE,
        settings.PAYMENTS_CURRENCY,
    )


def online_enabled() -> bool:
    return settings.PAYMENTS_PROVIDER == "stripe"
