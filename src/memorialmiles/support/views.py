"""Support pages: thin views over grants.py and gifts.py.

Applications, documents and donors' addresses are private: the committee, the board and
organizers read applications; an applicant and a donor each hold a secret link to their own.
Pages of a run follow the run's access rule (events/access.py), drafts and unlisted included.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from memorialmiles.core.ratelimit import ratelimit
from memorialmiles.core.roles import Role, has_role, role_required
from memorialmiles.events.access import can_see, event_or_404, own_secret
from memorialmiles.events.models import Event, Registration, RegistrationStatus
from memorialmiles.support import forms, gifts, grants, payments, receipts
from memorialmiles.support.models import (
    Fundraiser,
    Gift,
    GiftKind,
    GiftStatus,
    GrantApplication,
    GrantDocument,
    GrantStatus,
)


@require_GET
def support_home(request: HttpRequest) -> HttpResponse:
    runs = Event.objects.listed().filter(gifts__isnull=False).distinct().order_by("-starts_at")
    return render(request, "support/home.html", {"runs": runs[:10]})


# Grants -------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("grant-apply", methods=("POST",))
def grant_apply(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = forms.GrantApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            application = _save_application(form)
            grants.submitted(application)
            return redirect(application.get_status_url())
        status = 400
    else:
        form = forms.GrantApplicationForm()
    return render(request, "support/grant_apply.html", {"form": form}, status=status)


@transaction.atomic
def _save_application(form) -> GrantApplication:
    data = dict(form.cleaned_data)
    documents = data.pop("documents") or []
    data.pop("consent")
    application = GrantApplication.objects.create(consent_at=timezone.now(), **data)
    for upload in documents:
        GrantDocument.objects.create(
            application=application,
            file=upload,
            name=upload.name[:200],
            content_type=forms.sniff(upload),
            size=upload.size,
        )
    return application


@own_secret
@require_GET
def grant_status(request: HttpRequest, token: str) -> HttpResponse:
    application = get_object_or_404(GrantApplication, token=token)
    return render(request, "support/grant_status.html", {"application": application})


GRANT_READERS = (Role.COMMITTEE, Role.BOARD)


@require_GET
@role_required(*GRANT_READERS)
def grant_list(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("status", "")
    applications = GrantApplication.objects.prefetch_related("reviews")
    if wanted in GrantStatus.values:
        applications = applications.filter(status=wanted)
    return render(
        request,
        "support/grant_list.html",
        {"applications": applications, "statuses": GrantStatus.choices, "wanted": wanted},
    )


def _application(application_id: int) -> GrantApplication:
    return get_object_or_404(
        GrantApplication.objects.prefetch_related("reviews__reviewer", "documents"),
        pk=application_id,
    )


@require_GET
@role_required(*GRANT_READERS)
def grant_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(application_id)
    mine = application.reviews.filter(reviewer=request.user).first()
    context = {
        "application": application,
        "review_form": forms.ReviewForm(
            initial={"score": mine.score, "notes": mine.notes} if mine else None
        ),
        "recommend_form": forms.RecommendForm(),
        "decision_form": forms.DecisionForm(initial={"amount": application.recommended_amount}),
        "award_form": forms.AwardForm(),
        "can_review": has_role(request.user, Role.COMMITTEE),
        "can_decide": has_role(request.user, Role.BOARD),
    }
    return render(request, "support/grant_detail.html", context)


def _step(request, application_id: int, form_class, act) -> HttpResponse:
    application = _application(application_id)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Check the form: "
            + "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
        )
        return redirect(application)
    try:
        act(application, form.cleaned_data)
    except (grants.StepRefused, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect(application)
    messages.success(request, "Saved.")
    return redirect(application)


@require_POST
@role_required(Role.COMMITTEE)
def grant_review(request: HttpRequest, application_id: int) -> HttpResponse:
    return _step(
        request,
        application_id,
        forms.ReviewForm,
        lambda app, data: grants.review(app, request.user, data["score"], data["notes"]),
    )


@require_POST
@role_required(Role.COMMITTEE)
def grant_recommend(request: HttpRequest, application_id: int) -> HttpResponse:
    return _step(
        request,
        application_id,
        forms.RecommendForm,
        lambda app, data: grants.recommend(
            app, data["amount"], data["note"], decline=data["action"] == "decline"
        ),
    )


@require_POST
@role_required(Role.BOARD)
def grant_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    return _step(
        request,
        application_id,
        forms.DecisionForm,
        lambda app, data: grants.decide(
            app, request.user, data["decision"] == "approve", data["amount"], data["note"]
        ),
    )


@require_POST
@role_required(Role.BOARD)
def grant_award(request: HttpRequest, application_id: int) -> HttpResponse:
    return _step(
        request,
        application_id,
        forms.AwardForm,
        lambda app, data: grants.award(app, data["event"], data["note"]),
    )


@require_GET
@role_required(*GRANT_READERS)
def grant_document(request: HttpRequest, application_id: int, document_id: int):
    document = get_object_or_404(GrantDocument, pk=document_id, application_id=application_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Gifts --------------------------------------------------------------------------------------


def _fundraiser_of(event: Event, fundraiser_id) -> Fundraiser | None:
    if not fundraiser_id:
        return None
    return Fundraiser.objects.filter(pk=fundraiser_id, event=event).first()


def _give_context(request, event: Event, form, fundraiser: Fundraiser | None) -> dict:
    scope = fundraiser.gifts.all() if fundraiser else event.gifts.all()
    recent = scope.filter(status=GiftStatus.RECEIVED).order_by("-received_at")[:10]
    totals = gifts.totals(scope)
    return {
        "event": event,
        "fundraiser": fundraiser,
        "form": form,
        "totals": totals,
        "percent": totals.percent_of(fundraiser.goal_cents) if fundraiser else 0,
        "recent": recent,
        "fundraisers": event.fundraisers.all() if fundraiser is None else (),
        "online": payments.online_enabled(),
        "can_record": has_role(request.user, Role.ORGANIZER),
    }


@require_GET
def event_support(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    form = forms.GiveForm(
        initial={"how": GiftKind.ONLINE if payments.online_enabled() else "pledge"}
    )
    return render(request, "support/give.html", _give_context(request, event, form, None))


@require_GET
def fundraiser(request: HttpRequest, fundraiser_id: int) -> HttpResponse:
    found = get_object_or_404(Fundraiser.objects.select_related("event"), pk=fundraiser_id)
    if not can_see(request, found.event):
        raise Http404("No such page.")
    form = forms.GiveForm(initial={"fundraiser": found.pk, "how": "pledge"})
    return render(request, "support/give.html", _give_context(request, found.event, form, found))


@require_POST
@ratelimit("give", methods=("POST",))
def event_give(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    form = forms.GiveForm(request.POST)
    fundraiser = None
    if form.is_valid():
        fundraiser = _fundraiser_of(event, form.cleaned_data["fundraiser"])
        fields = {"event": event, "fundraiser": fundraiser, **form.gift_fields()}
        if form.cleaned_data["how"] == GiftKind.PLEDGE:
            gift = gifts.pledge(**fields)
            return redirect("gift_thanks", token=gift.token)
        try:
            _, checkout_url = gifts.start_online(
                success_url=lambda g: request.build_absolute_uri(
                    reverse("gift_thanks", args=[g.token])
                ),
                cancel_url=lambda g: request.build_absolute_uri(
                    reverse("event_support", args=[event.pk])
                ),
                **fields,
            )
        except payments.PaymentsOff as exc:
            form.add_error("how", str(exc))
        else:
            return redirect(checkout_url)
    context = _give_context(request, event, form, fundraiser)
    return render(request, "support/give.html", context, status=400)


@own_secret
@require_http_methods(["GET", "HEAD", "POST"])
def fundraiser_start(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """A registered runner opens their own page from their registration link."""
    registration = get_object_or_404(
        Registration.objects.select_related("event").exclude(status=RegistrationStatus.CANCELLED),
        event_id=event_id,
        token=token,
    )
    existing = Fundraiser.objects.filter(registration=registration).first()
    if existing:
        return redirect(existing)
    status = 200
    if request.method == "POST":
        form = forms.FundraiserForm(request.POST)
        if form.is_valid():
            created = Fundraiser.objects.create(
                event=registration.event,
                registration=registration,
                display_name=form.cleaned_data["display_name"],
                story=form.cleaned_data["story"],
                goal_cents=int(form.cleaned_data["goal"] * 100),
            )
            return redirect(created)
        status = 400
    else:
        form = forms.FundraiserForm(
            initial={"display_name": f"{registration.first_name} {registration.last_name[:1]}."}
        )
    return render(
        request,
        "support/fundraiser_start.html",
        {"form": form, "event": registration.event},
        status=status,
    )


@require_GET
def gift_thanks(request: HttpRequest, token: str) -> HttpResponse:
    gift = get_object_or_404(Gift.objects.select_related("event"), token=token)
    return render(request, "support/gift_thanks.html", {"gift": gift})


@require_GET
def gift_receipt(request: HttpRequest, token: str) -> HttpResponse:
    gift = get_object_or_404(Gift.objects.select_related("event", "fundraiser"), token=token)
    if gift.status not in (GiftStatus.RECEIVED, GiftStatus.PLEDGED):
        raise Http404("No receipt yet: the payment has not completed.")
    response = HttpResponse(receipts.receipt_pdf(gift), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{gift.receipt_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.ORGANIZER)
def event_gifts(request: HttpRequest, event_id: int) -> HttpResponse:
    """The organizer's ledger of a run: every gift, and cash or checks handed over."""
    event = event_or_404(request, event_id)
    status = 200
    if request.method == "POST":
        form = forms.OfflineGiftForm(request.POST)
        if form.is_valid():
            gifts.record_offline(
                recorded_by=request.user,
                kind=form.cleaned_data["kind"],
                event=event,
                **form.gift_fields(),
            )
            messages.success(request, "Gift recorded; a receipt is on its way.")
            return redirect("event_gifts", event_id=event.pk)
        status = 400
    else:
        form = forms.OfflineGiftForm()
    return render(
        request,
        "support/event_gifts.html",
        {
            "event": event,
            "form": form,
            "gifts": event.gifts.select_related("fundraiser", "recorded_by"),
            "totals": gifts.totals(event.gifts.all()),
        },
        status=status,
    )


@csrf_exempt  # the provider signs its webhook; it has no session or CSRF cookie
@require_POST
def payment_webhook(request: HttpRequest) -> HttpResponse:
    try:
        paid = payments.provider().parse_webhook(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except payments.PaymentsOff:
        raise Http404("Online gifts are not set up here.") from None
    except payments.BadWebhook:
        return HttpResponse("Bad signature.", status=400, content_type="text/plain")
    if paid is not None:
        gifts.settle(paid)
    return HttpResponse("ok", content_type="text/plain")
