"""Gifts: pledged, handed over or paid online, each receipted, each counted once, no donor's
address on a public page, and no card number ever on our server."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse

from background import burst
from memorialmiles.support.models import Fundraiser, Gift, GiftStatus
from support.stripe_standin import StripeStandIn, signed_webhook

WEBHOOK_SECRET = "whsec_test_secret"


def give(client, run, **changes):
    data = {
        "amount": "25.00",
        "donor_name": "Pat Lee",
        "donor_email": "pat.lee@example.org",
        "message": "For Officer Crumby.",
        "how": "pledge",
    }
    data.update(changes)
    return client.post(reverse("event_give", args=[run.pk]), data)


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return reader.metadata.title + "\n" + "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def stripe(settings):
    standin = StripeStandIn()
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_standin"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = standin.url
    yield standin
    standin.close()


def test_a_pledge_is_acknowledged_and_counted_apart(
    client, run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = give(client, run)
    gift = Gift.objects.get()
    assert response["Location"] == reverse("gift_thanks", args=[gift.token])
    assert (gift.status, gift.amount_cents) == (GiftStatus.PLEDGED, 2500)
    burst()
    [message] = mail.outbox
    assert message.to == ["pat.lee@example.org"]
    receipt_url = reverse("gift_receipt", args=[gift.token])
    assert receipt_url in message.body
    text = pdf_text(client.get(receipt_url).content)
    assert f"Receipt {gift.receipt_number}" in text
    assert "Pledge acknowledgment" in text and "$25.00" in text and "Pat Lee" in text
    page = client.get(reverse("event_support", args=[run.pk])).content.decode()
    assert "<strong>$0</strong>" in page and "$25 pledged" in page


def test_cash_handed_to_an_organizer_is_received_and_receipted(
    client, run, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("event_gifts", args=[run.pk]),
            {
                "kind": "check",
                "amount": "150",
                "donor_name": "HPD Union Local 7",
                "donor_email": "treasurer@example.org",
                "check_number": "1042",
            },
        )
    gift = Gift.objects.get()
    assert (gift.status, gift.kind, gift.recorded_by) == (GiftStatus.RECEIVED, "check", alice)
    text = pdf_text(client.get(reverse("gift_receipt", args=[gift.token])).content)
    assert "Check no. 1042" in text and "$150.00" in text
    assert "No goods or services" in text
    burst()
    assert len(mail.outbox) == 1
    run_page = client.get(run.get_absolute_url()).content.decode()
    assert "$150 raised from 1 gift" in run_page


def test_online_gift_goes_to_stripe_and_counts_only_when_stripe_says_paid(
    client, run, stripe, django_capture_on_commit_callbacks
):
    response = give(client, run, how="online", amount="40")
    gift = Gift.objects.get()
    [session] = stripe.sessions
    assert response.status_code == 302
    assert response["Location"] == f"https://checkout.stripe.test/c/pay/{session['id']}"
    assert session["line_items[0][price_data][unit_amount]"] == "4000"
    assert session["line_items[0][price_data][currency]"] == "usd"
    assert session["client_reference_id"] == gift.token
    assert session["_authorization"] == "Bearer sk_test_standin"
    assert "card" not in " ".join(session)  # no card field ever leaves us
    assert (gift.status, gift.provider_reference) == (GiftStatus.PENDING, session["id"])
    waiting = client.get(reverse("gift_thanks", args=[gift.token])).content.decode()
    assert "waiting for the payment service" in waiting
    # the page follows the payment by itself (core/follow.js), the status read aloud
    assert 'id="gift-status" role="status" aria-live="polite" data-follow' in waiting
    assert "core/follow" in waiting
    assert client.get(reverse("gift_receipt", args=[gift.token])).status_code == 404

    webhook = reverse("payment_webhook")
    payload, signature = signed_webhook(WEBHOOK_SECRET, session["id"], 4000)
    forged = client.post(
        webhook,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature.replace("v1=", "v1=0"),
    )
    assert forged.status_code == 400
    gift.refresh_from_db()
    assert gift.status == GiftStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # Stripe retries; the second changes nothing
            ok = client.post(
                webhook, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
            )
            assert ok.status_code == 200
    gift.refresh_from_db()
    assert gift.status == GiftStatus.RECEIVED
    burst()
    assert len(mail.outbox) == 1
    assert client.get(reverse("gift_receipt", args=[gift.token])).status_code == 200
    thanks = client.get(reverse("gift_thanks", args=[gift.token])).content.decode()
    assert "Your receipt (PDF)" in thanks
    assert "data-follow" not in thanks and "core/follow" not in thanks  # nothing left to wait for


def test_a_webhook_with_another_amount_does_not_settle_the_gift(client, run, stripe):
    give(client, run, how="online", amount="40")
    session_id = stripe.sessions[0]["id"]
    payload, signature = signed_webhook(WEBHOOK_SECRET, session_id, 1)
    client.post(
        reverse("payment_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert Gift.objects.get().status == GiftStatus.PENDING


def test_an_expired_checkout_marks_the_gift_failed(client, run, stripe):
    give(client, run, how="online", amount="40")
    payload, signature = signed_webhook(
        WEBHOOK_SECRET, stripe.sessions[0]["id"], 4000, paid=False, kind="checkout.session.expired"
    )
    client.post(
        reverse("payment_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert Gift.objects.get().status == GiftStatus.FAILED


def test_without_a_provider_online_gifts_say_so(client, run):
    response = give(client, run, how="online")
    assert response.status_code == 400
    assert "Online gifts are not set up here" in response.content.decode()
    assert not Gift.objects.exists()


@pytest.mark.parametrize("amount", ["0", "0.99", "100000.01", "-5", "12.345", "abc"])
def test_amounts_out_of_bounds_are_refused(client, run, amount):
    assert give(client, run, amount=amount).status_code == 400
    assert not Gift.objects.exists()


def test_a_runner_raises_money_on_their_own_page(client, run, django_capture_on_commit_callbacks):
    from memorialmiles.events.models import Registration

    runner = Registration.objects.create(
        event=run, first_name="Sam", last_name="Ortiz", email="sam.ortiz@example.org"
    )
    start = reverse("fundraiser_start", args=[run.pk, runner.token])
    assert "Sam O." in client.get(start).content.decode()
    response = client.post(
        start, {"display_name": "Sam O.", "goal": "500", "story": "For Garrett."}
    )
    page = Fundraiser.objects.get()
    assert response["Location"] == page.get_absolute_url()
    assert client.get(start)["Location"] == page.get_absolute_url()  # one page per runner

    with django_capture_on_commit_callbacks(execute=True):
        give(client, run, fundraiser=str(page.pk), anonymous="on", amount="100")
    gift = Gift.objects.get()
    gift.status = GiftStatus.RECEIVED
    gift.save()
    shown = client.get(page.get_absolute_url()).content.decode()
    assert "Sam O. runs for" in shown
    assert "<strong>$100</strong>" in shown and "of a $500 goal" in shown
    assert 'value="20"' in shown  # the progress bar: 20% of the goal
    assert "Anonymous" in shown and "Pat Lee" not in shown
    assert "sam.ortiz@example.org" not in shown and "pat.lee@example.org" not in shown
    run_page = client.get(reverse("event_support", args=[run.pk])).content.decode()
    assert "pat.lee@example.org" not in run_page


def test_a_cancelled_runner_cannot_open_a_page(client, run):
    from memorialmiles.events.models import Registration

    runner = Registration.objects.create(
        event=run, first_name="Sam", last_name="Ortiz", status="cancelled"
    )
    assert client.get(reverse("fundraiser_start", args=[run.pk, runner.token])).status_code == 404


def test_a_gift_to_another_run_fundraiser_is_not_attached(client, run, make_hero):
    from memorialmiles.events.models import Event, Registration

    other = Event.objects.create(title="Another run", status="scheduled")
    runner = Registration.objects.create(event=other, first_name="Al", last_name="B")
    page = Fundraiser.objects.create(
        event=other, registration=runner, display_name="Al B.", goal_cents=1000
    )
    give(client, run, fundraiser=str(page.pk))
    assert Gift.objects.get().fundraiser is None


def test_a_draft_run_takes_no_gift_from_strangers(client, run):
    run.status = "proposed"
    run.save()
    assert give(client, run).status_code == 404
    assert not Gift.objects.exists()


def test_the_impact_page_counts_received_gifts_of_listed_runs_and_awarded_grants(client, run):
    from memorialmiles.events.models import Event
    from memorialmiles.support.models import GrantApplication

    hidden = Event.objects.create(title="Unlisted", status="scheduled", visibility="unlisted")
    for event, cents, status in (
        (run, 12_500, GiftStatus.RECEIVED),
        (run, 99_900, GiftStatus.PLEDGED),
        (hidden, 50_000, GiftStatus.RECEIVED),
    ):
        Gift.objects.create(
            event=event, amount_cents=cents, status=status, kind="cash", donor_name="D"
        )
    GrantApplication.objects.create(
        applicant_kind="responder",
        responder_name="R",
        agency_name="A",
        contact_name="R",
        email="r@example.org",
        injury_date="2026-01-01",
        story="s",
        amount_requested=5000,
        consent_at="2026-01-02T00:00:00Z",
        status="awarded",
        award_amount=2000,
    )
    page = client.get(reverse("impact")).content.decode()
    assert "<strong>$125</strong> given for flags and travel" in page
    assert "<strong>1</strong> grant to injured first responders ($2,000)" in page
