"""The board (organizers), its one-click actions (POST), and the agency's page (its link)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from memorialmiles.audit import actors
from memorialmiles.core.ratelimit import ratelimit
from memorialmiles.core.roles import Role, role_required
from memorialmiles.courses import services as courses
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import EventStatus
from memorialmiles.gps import GpsError
from memorialmiles.honors.models import Hero
from memorialmiles.pipeline import board, services
from memorialmiles.pipeline.forms import BoardFilters, LiaisonForm, ShipForm
from memorialmiles.pipeline.links import LinkRefused, read_token
from memorialmiles.pipeline.models import MilePlan


@require_GET
@role_required(Role.ORGANIZER)
def board_view(request: HttpRequest) -> HttpResponse:
    filters = BoardFilters(request.GET or None)
    values = filters.values()
    today = timezone.localdate()
    waiting, total = board.waiting(values, today)
    return render(
        request,
        "pipeline/board.html",
        {
            "filters": filters,
            "waiting": waiting,
            "waiting_total": total,
            "columns": board.columns(board.runs(values, today)),
            "ship_form": ShipForm(),
            "back": request.get_full_path(),
        },
        status=400 if filters.is_bound and not filters.is_valid() else 200,
    )


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the board with its filters (only a path of ours, never another site)."""
    back = request.POST.get("back", "")
    return redirect(back if back.startswith("/pipeline/") else reverse("pipeline_board"))


@require_POST
@role_required(Role.ORGANIZER)
def plan_view(request: HttpRequest, hero_id: int) -> HttpResponse:
    hero = get_object_or_404(Hero.objects.select_related("agency"), pk=hero_id)
    event, created = services.plan_run(hero, request.user)
    verb = "Planned" if created else "Already planned:"
    messages.success(request, f"{verb} {event.title}.")
    return _back(request)


ACTIONS = {
    "invite": lambda request, event: services.invite(event, user=request.user),
    "approve": lambda request, event: services.approve(event, request.user),
    "mark_run": lambda request, event: services.mark_run(event, request.user),
    "flag_presented": lambda request, event: services.flag_presented(event),
    "flag_received": lambda request, event: services.flag_received(event),
    "letter": lambda request, event: services.send_letter(event),
    "thanked": lambda request, event: services.thanked(event),
    "ship": lambda request, event: _ship(request, event),
}
DONE = {
    "invite": "Invitation sent to the agency.",
    "approve": "Approved: the run is published.",
    "mark_run": "Marked as run.",
    "flag_presented": "The flag is in the family's hands.",
    "flag_received": "The family received the flag.",
    "letter": "The family's letter is on its way.",
    "thanked": "The family is thanked.",
    "ship": "The flag is shipped.",
}


def _ship(request: HttpRequest, event) -> None:
    form = ShipForm(request.POST)
    if not form.is_valid():
        raise services.PipelineError("Give the carrier (and tracking number) of the flag.")
    services.flag_shipped(event, form.cleaned_data["carrier"], form.cleaned_data["tracking"])


@require_POST
@role_required(Role.ORGANIZER)
def action_view(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return HttpResponse("Unknown action.", status=400, content_type="text/plain")
    try:
        ACTIONS[action](request, event)
    except (services.PipelineError, ValidationError) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, f"{event.title}: {text}")
    else:
        messages.success(request, f"{event.title}: {DONE[action]}")
    return _back(request)


@require_POST
@role_required(Role.ORGANIZER)
def registry_only_view(request: HttpRequest, hero_id: int) -> HttpResponse:
    hero = get_object_or_404(Hero, pk=hero_id)
    services.registry_only(hero)
    messages.success(
        request, f"{hero.display_name}: public pages now show the registry's facts only."
    )
    return _back(request)


@require_GET
@role_required(Role.ORGANIZER)
def letter_view(request: HttpRequest, event_id: int) -> HttpResponse:
    """The family's letter, to print and post with the flag and the certificate."""
    event = event_or_404(request, event_id)
    plan = MilePlan.objects.filter(event=event).first() or MilePlan(event=event)
    return render(request, "pipeline/letter.html", services.letter_context(event, plan))


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("pipeline-liaison")
def liaison_view(request: HttpRequest, invite: str) -> HttpResponse:
    """The agency's page, opened by its emailed link: this run and nothing else."""
    try:
        plan = read_token(invite)
    except LinkRefused as exc:
        return _refused(request, exc)
    event = plan.event
    # The audit trail names the agency's link (no user signs in through it).
    actors.set_acting({"kind": "agency link", "plan": plan.pk, "event": event.pk})
    published = plan.approved_at is not None or event.status != EventStatus.PROPOSED
    form = LiaisonForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        plan=plan,
    )
    if request.method == "POST" and published:
        return _refused(request, LinkRefused(PUBLISHED, status=409))
    if request.method == "POST" and form.is_valid():
        try:
            course = _course(form, event)
            services.confirm(plan, form.answers(), course=course)
        except GpsError as exc:
            form.add_error("course_file", str(exc))
        except LinkRefused as exc:
            return _refused(request, exc)
        else:
            return render(request, "pipeline/liaison_done.html", {"event": event, "plan": plan})
    return render(
        request,
        "pipeline/liaison.html",
        {
            "form": form,
            "event": event,
            "plan": plan,
            "published": published,
            "heroes": event.dedications.select_related("hero__agency"),
        },
        status=400 if form.is_bound else 200,
    )


PUBLISHED = "This run is already published: ask the organizer for any change."


def _refused(request: HttpRequest, exc: LinkRefused) -> HttpResponse:
    return render(request, "pipeline/link_refused.html", {"reason": exc.reason}, status=exc.status)


def _course(form: LiaisonForm, event):
    upload = form.cleaned_data.get("course_file")
    if upload:
        measured = courses.read_upload(upload)
        agency = event.partner_agencies.first()
        return courses.create_course(measured, agency=agency, name=f"{event.title} course")
    return form.cleaned_data.get("course")
