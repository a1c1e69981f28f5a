"""Event pages: public ones show only public fields; the rest check the role first."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from memorialmiles.core.pagecache import shared_page
from memorialmiles.core.ratelimit import ratelimit
from memorialmiles.core.roles import Role, has_role, is_organizer, role_required
from memorialmiles.events import ical
from memorialmiles.events.access import event_or_404, grant, own_secret
from memorialmiles.events.bulk import BulkError, import_registrations
from memorialmiles.events.forms import BulkRegistrationForm, EventForm, RegistrationForm
from memorialmiles.events.models import (
    CLOSED_STATUSES,
    DEFAULT_SILENCE_SECONDS,
    Dedication,
    Event,
    EventStatus,
    ProgramKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Visibility,
    new_share_key,
)
from memorialmiles.events.services import (
    IdempotencyConflict,
    RunClosed,
    assign_bibs,
    cancel,
    change_status,
    check_in,
    plan_mile,
    register,
)
from memorialmiles.honors.forms import filter_errors
from memorialmiles.honors.models import Agency, Hero
from memorialmiles.honors.states import STATE_CHOICES
from memorialmiles.raceday.access import volunteer_required

BACKLOG_PAGE = 100


def _event_for(request: HttpRequest, event_id: int) -> Event:
    """The event if this visitor may see it (drafts and unlisted runs: see events.access)."""
    return event_or_404(request, event_id, Event.objects.select_related("course"))


def _dedications(event: Event):
    return event.dedications.select_related("hero", "hero__agency")


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.listed().prefetch_related(
        Prefetch("dedications", queryset=Dedication.objects.select_related("hero"))
    )
    upcoming = events.upcoming().order_by("starts_at")
    past = events.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")[:50]
    drafts = (
        Event.objects.filter(status=EventStatus.PROPOSED).order_by("-created_at")[:50]
        if is_organizer(request.user)
        else []
    )
    return render(
        request, "events/event_list.html", {"upcoming": upcoming, "past": past, "drafts": drafts}
    )


@shared_page
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    items = event.memorial_items.select_related("dedication")
    context = {
        "event": event,
        "dedications": _dedications(event),
        "program": event.program.all(),
        "partners": event.partner_agencies.all(),
        "injured": event.injured.select_related("agency"),
        "memorial_items": items,
        "spots_left": event.spots_left(),
        "can_manage": is_organizer(request.user),
        "can_desk": has_role(request.user, Role.VOLUNTEER),
        "can_bulk": has_role(request.user, Role.LIAISON),
        "share_url": _share_url(request, event),
    }
    return render(request, "events/event_detail.html", context)


def _share_url(request: HttpRequest, event: Event) -> str:
    """The unlisted run's secret address, for the organizer's eyes only."""
    if not is_organizer(request.user) or event.visibility != Visibility.UNLISTED:
        return ""
    return request.build_absolute_uri(event.get_share_url())


@require_GET
def event_share(request: HttpRequest, key: str) -> HttpResponse:
    """The secret link of an unlisted run: it grants this browser the run, then shows it."""
    event = Event.objects.filter(share_key=key).exclude(status=EventStatus.PROPOSED).first()
    if event is None or not secrets.compare_digest(event.share_key, key):
        raise Http404("No such event.")
    grant(request, event, key)
    return redirect(event)


@require_POST
@role_required(Role.ORGANIZER)
def event_share_rotate(request: HttpRequest, event_id: int) -> HttpResponse:
    """A new secret link; the old one (and what it granted) stops working."""
    event = event_or_404(request, event_id)
    event.share_key = new_share_key()
    event.save(update_fields=["share_key", "updated_at"])
    messages.success(request, "New secret link made: the old one no longer opens this run.")
    return redirect("event_edit", event.pk)


@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    body = ical.calendar_bytes([event], request.build_absolute_uri("/"), event.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_GET
@ratelimit("export-calendar")
def calendar_feed(request: HttpRequest) -> HttpResponse:
    events = Event.objects.listed().upcoming().order_by("starts_at")[:500]
    body = ical.calendar_bytes(events, request.build_absolute_uri("/"), "Memorial Miles")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@ratelimit("register", methods=["POST"])
def event_register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    if not event.takes_registrations:
        return render(request, "events/register_closed.html", {"event": event}, status=403)
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=event)
        if form.is_valid():
            try:
                result = register(
                    event,
                    idempotency_key=form.cleaned_data["idempotency_key"] or "",
                    source=RegistrationSource.WEB,
                    **form.registration_fields(),
                )
            except IdempotencyConflict:
                form = _fresh_form(request, event)
                form.add_error(None, "This form was already sent with other details; check them.")
                status = 422
            else:
                if result.already_registered:
                    return render(request, "events/already_registered.html", {"event": event})
                return redirect(result.registration.get_absolute_url())
        else:
            status = 400
    else:
        form = RegistrationForm(event=event, initial={"idempotency_key": secrets.token_hex(16)})
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "spots_left": event.spots_left()},
        status=status,
    )


def _fresh_form(request: HttpRequest, event: Event) -> RegistrationForm:
    """The person's details again, under a new key: the next send is a new request."""
    data = request.POST.copy()
    data["idempotency_key"] = secrets.token_hex(16)
    form = RegistrationForm(data, event=event)
    form.is_valid()
    return form


def _by_token(event_id: int, token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event"), event_id=event_id, token=token
    )


@own_secret
@require_GET
def registration_confirmed(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """The runner's own page: its token is the secret, so it opens even on an unlisted run."""
    registration = _by_token(event_id, token)
    cancelled = registration.status == RegistrationStatus.CANCELLED
    qr = (
        ""
        if cancelled
        else _qr_svg(
            request.build_absolute_uri(
                f"/events/{event_id}/desk/?q={registration.bib or registration.name}"
            )
        )
    )
    return render(
        request,
        "events/registered.html",
        {"registration": registration, "event": registration.event, "qr": qr},
    )


def _qr_svg(text: str) -> str:
    try:
        import segno
    except ImportError:  # optional: the desk still finds the runner by name or bib
        return ""
    return segno.make(text, error="m").svg_inline(scale=4, dark="#111")


@require_GET
def silence(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    item = event.program.filter(kind=ProgramKind.SILENCE).first()
    seconds = item.silence_seconds if item else DEFAULT_SILENCE_SECONDS
    # isdecimal, not isdigit: int("²") raises (a 500 for a query value).
    asked = request.GET.get("seconds", "")
    if asked.isdecimal() and len(asked) <= 3 and 1 <= int(asked) <= 600:
        seconds = int(asked)
    return render(
        request,
        "events/silence.html",
        {
            "event": event,
            "seconds": seconds,
            "dedications": _dedications(event),
            "autostart": request.GET.get("start") == "1",
        },
    )


@volunteer_required("desk")
def desk(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    query = (request.GET.get("q") or "").strip()
    registrations = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    found = registrations.search(query).select_related("agency")[:30] if query else []
    counts = registrations.aggregate(
        total=Count("id", filter=Q(status=RegistrationStatus.REGISTERED)),
        checked=Count("id", filter=Q(checked_in_at__isnull=False)),
    )
    return render(
        request,
        "events/desk.html",
        {"event": event, "query": query, "found": found, "counts": counts},
    )


@require_POST
@role_required(Role.VOLUNTEER)
def desk_check_in(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(Registration, pk=registration_id, event_id=event_id)
    bib_text = (request.POST.get("bib") or "").strip()
    usable = bib_text.isdecimal() and len(bib_text) <= 9  # a bib column holds 9 digits
    bib = int(bib_text) if usable and int(bib_text) > 0 else None
    try:
        result = check_in(registration, request.user, bib=bib)
    except RunClosed as exc:
        event = Event.objects.get(pk=event_id)
        context = {"event": event, "message": str(exc)}
        return render(request, "events/desk_closed.html", context, status=409)
    except IntegrityError:
        messages.error(request, f"Bib {bib} is already given to someone else.")
    else:
        r = result.registration
        if result.checked_in_now:
            messages.success(request, f"Checked in {r.name}, bib {r.bib}.")
        else:
            messages.info(request, f"{r.name} was already checked in.")
    url = reverse("event_desk", args=[event_id])
    query = request.POST.get("q") or ""
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@require_POST
@role_required(Role.ORGANIZER)
def plan_mile_view(request: HttpRequest, hero_id: int) -> HttpResponse:
    hero = get_object_or_404(Hero.objects.select_related("agency"), pk=hero_id)
    event, created = plan_mile(hero, request.user)
    if created:
        messages.success(
            request,
            f"Proposed: mile {event.dedications.first().mile:,} for "
            f"{hero.display_name}. Set the time and publish.",
        )
    else:
        messages.info(
            request, f"A mile for {hero.display_name} is already being planned: here it is."
        )
    return redirect("event_edit", event.pk)


@role_required(Role.ORGANIZER)
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        publish = request.POST.get("publish")
        if publish and event.starts_at is None:
            messages.error(request, "Set the start time before publishing.")
            return redirect("event_edit", event.pk)
        if publish:
            if not _change_status(request, event, EventStatus.SCHEDULED):
                return redirect("event_edit", event.pk)
            messages.success(request, "Published.")
            return redirect(event)
        messages.success(request, "Saved.")
        return redirect("event_edit", event.pk)
    return render(
        request,
        "events/event_edit.html",
        {
            "event": event,
            "form": form,
            "dedications": _dedications(event),
            "program": event.program.all(),
            "statuses": EventStatus.choices,
            "memorial_items": event.memorial_items.select_related("dedication"),
            "history": event.status_changes.select_related("changed_by"),
            "share_url": _share_url(request, event),
        },
    )


def _change_status(request: HttpRequest, event: Event, to: str) -> bool:
    """Move the run, or tell the organizer why not (a past run published for registration)."""
    try:
        change_status(event, to, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@require_POST
@role_required(Role.ORGANIZER)
def event_status(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    to = request.POST.get("status", "")
    if to not in EventStatus.values:
        raise PermissionDenied("Unknown status.")
    _change_status(request, event, to)
    return redirect("event_edit", event.pk)


@role_required(Role.ORGANIZER, Role.LIAISON)
def registrations_list(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    qs = visible_registrations(request.user, event).select_related("agency")
    return render(request, "events/registrations.html", {"event": event, "registrations": qs})


def visible_registrations(user, event: Event):
    """Organizers see everyone; a liaison sees only their own agencies' people."""
    qs = event.registrations.all()
    return qs if is_organizer(user) else qs.for_liaison(user)


def liaison_agencies(user):
    if is_organizer(user):
        return Agency.objects.filter(partner_events__isnull=False).distinct()
    return Agency.objects.filter(liaisons__user=user)


@role_required(Role.LIAISON)
def bulk_register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for(request, event_id)
    agencies = liaison_agencies(request.user)
    form = BulkRegistrationForm(request.POST or None, request.FILES or None, agencies=agencies)
    report, status = None, 200
    if request.method == "POST" and form.is_valid():
        roster = form.roster()
        try:
            report = import_registrations(
                event,
                roster.text,
                agencies=None if is_organizer(request.user) else agencies,
                default_agency=form.cleaned_data["agency"],
                user=request.user,
                source=RegistrationSource.BULK,
                undecided=roster.undecided,
            )
        except BulkError as error:
            form.add_error(None, str(error))
    if request.method == "POST" and not form.is_valid():
        status = 400
    context = {"event": event, "form": form, "report": report}
    return render(request, "events/bulk.html", context, status=status)


@require_GET
def backlog(request: HttpRequest) -> HttpResponse:
    errors = filter_errors(request.GET)
    state = (request.GET.get("state") or "").upper()
    year = request.GET.get("year") or ""
    heroes = (
        Hero.objects.none()
        if errors
        else Hero.objects.awaiting_mile().filter_wall({"state": state, "year": year})
    )
    heroes = heroes.select_related("agency")
    heroes = heroes.order_by("state", "end_of_watch", "last_name", "id")
    total = heroes.count()
    return render(
        request,
        "events/backlog.html",
        {
            "heroes": heroes[:BACKLOG_PAGE],
            "total": total,
            "state": state,
            "year": year,
            "states": STATE_CHOICES,
            "can_plan": is_organizer(request.user),
            "filter_errors": errors,
        },
        status=400 if errors else 200,
    )


@volunteer_required("desk")
def start_list_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    from memorialmiles.events.pdf import start_list

    event = event_or_404(request, event_id)
    response = HttpResponse(start_list(event), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="start-list-{event.pk}.pdf"'
    return response


@volunteer_required("desk")
def bib_labels_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    from memorialmiles.events.pdf import bib_labels

    event = event_or_404(request, event_id)
    response = HttpResponse(bib_labels(event), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bibs-{event.pk}.pdf"'
    return response


@own_secret
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """The runner cancels from their own link: GET asks, only POST cancels (a link preview or a
    stray tap changes nothing); the spot goes to the waitlist."""
    registration = _by_token(event_id, token)
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect(registration.get_absolute_url())
    if registration.event.status in CLOSED_STATUSES:
        # An old link must not take a runner out of published results.
        messages.error(
            request,
            f"This run is {registration.event.get_status_display().lower()}: "
            "its registrations can no longer be cancelled.",
        )
        return redirect(registration.get_absolute_url())
    if request.method != "POST":
        return render(
            request,
            "events/cancel_confirm.html",
            {"registration": registration, "event": registration.event},
        )
    cancel(registration)
    messages.info(request, "Your registration is cancelled. Thank you for letting us know.")
    return redirect(registration.get_absolute_url())


@require_POST
@role_required(Role.ORGANIZER)
def event_assign_bibs(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    if event.status in CLOSED_STATUSES:
        # New bibs would add entrants to published results: reopen the run first.
        messages.error(
            request,
            f"This run is {event.get_status_display().lower()}: no bibs given. Move it back "
            "to live first.",
        )
        return redirect("event_edit", event.pk)
    count = assign_bibs(event)
    messages.success(request, f"{count} bib{'s' if count != 1 else ''} given.")
    return redirect("event_edit", event.pk)
