"""Timing pages: the lead's desk, the phone timer, review, import, live results, certificates.

The timing lead's pages open to anyone with the volunteer role (organizers included); a
stranger gets 403. Setting or replacing a start signal and revoking a phone are the
organizer's alone: a volunteer once reset a run's gun time. The phone timer page itself is
public HTML: what gives the right to time is the device token the phone got from a join code,
checked by the sync API.

A finished or cancelled run refuses every timing write here (join codes, start signals,
corrections, chip imports) with a 409 page until an organizer moves it back to live.
"""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from memorialmiles.audit import record
from memorialmiles.core.ratelimit import ratelimit
from memorialmiles.core.roles import Role, is_organizer, role_required
from memorialmiles.events import certificate
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import Event
from memorialmiles.events.zones import wall_clock_to_aware
from memorialmiles.results import FINISH, Status, format_duration, to_us
from memorialmiles.results.chipfiles import FORMATS
from memorialmiles.results.export import write_csv
from memorialmiles.results.records import MAX_BIB, clock_offset
from memorialmiles.timing import pdf
from memorialmiles.timing.api import results_payload
from memorialmiles.timing.imports import ImportError_, import_chip_file, tags_from
from memorialmiles.timing.models import (
    Correction,
    JoinCode,
    Kind,
    RawRecord,
    Source,
    StartSignal,
    TimingClosed,
    TimingDevice,
    ensure_timing_open,
    run_ends_at,
    timing_is_closed,
)
from memorialmiles.timing.services import results_for
from memorialmiles.timing.sync import create_join_code


def _public_event(request: HttpRequest, event_id: int) -> Event:
    """Drafts 404 to all but organizers; unlisted runs need their secret link or a role."""
    return event_or_404(request, event_id, Event.objects.select_related("course"))


def _lead_event(event_id: int) -> Event:
    return get_object_or_404(Event.objects.select_related("course"), pk=event_id)


def _closed(request: HttpRequest, exc: TimingClosed) -> HttpResponse:
    """The refusal of a timing write into a finished or cancelled run: 409, and what to do."""
    return render(
        request,
        "timing/closed.html",
        {"event": exc.event, "message": str(exc), "can_reopen": is_organizer(request.user)},
        status=409,
    )


def _join_qr_svg(url: str) -> str:
    """An inline SVG QR code when segno is installed; the typed code always works."""
    try:
        import segno
    except ImportError:
        return ""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, xmldecl=False, svgns=True)
    return out.getvalue().decode()


@require_GET
@role_required(Role.VOLUNTEER)
def lead(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _lead_event(event_id)
    code = event.join_codes.filter(expires_at__gt=timezone.now()).first()
    join_url = ""
    if code:
        join_url = request.build_absolute_uri(reverse("timing_join") + f"?code={code.code}")
    counts = {
        "records": RawRecord.objects.filter(event=event).count(),
        "devices": event.devices.filter(revoked=False).count(),
        "imports": event.chip_imports.count(),
    }
    now, run_end = timezone.now(), run_ends_at(event)
    devices = list(event.devices.all())
    for device in devices:
        device.ends_at = device.expires_at(run_end)
        device.expired = now >= device.ends_at
    organizer = is_organizer(request.user)
    return render(
        request,
        "timing/lead.html",
        {
            "event": event,
            "code": code,
            "join_url": join_url,
            "qr_svg": _join_qr_svg(join_url) if join_url else "",
            "devices": devices,
            "starts": StartSignal.objects.filter(event=event),
            "counts": counts,
            "closed": timing_is_closed(event),
            "is_organizer": organizer,
            "demo_mode": settings.DEMO_MODE,
            "can_simulate": settings.DEMO_MODE and organizer,
        },
    )


@require_POST
@role_required(Role.VOLUNTEER)
def new_join_code(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _lead_event(event_id)
    try:
        ensure_timing_open(event)
    except TimingClosed as exc:
        return _closed(request, exc)
    code = create_join_code(event, request.user)
    messages.success(request, f"Join code {code.display}, good for 15 minutes.")
    return redirect("timing_lead", event.pk)


@require_POST
@role_required(Role.ORGANIZER)
def revoke_device(request: HttpRequest, event_id: int, device_id: int) -> HttpResponse:
    """Cut a phone off at once (lost, stolen, or in the wrong hands); what it sent stays."""
    event = _lead_event(event_id)
    device = get_object_or_404(TimingDevice, pk=device_id, event=event)
    with transaction.atomic():
        if TimingDevice.objects.filter(pk=device.pk, revoked=False).update(revoked=True):
            record.change(device, {"revoked": (False, True)})  # an update() sends no signal
        # Its code would let the same phone straight back in: end it (the lead makes a new one).
        now = timezone.now()
        code = JoinCode.objects.filter(pk=device.join_code_id, expires_at__gt=now).first()
        if code is not None:
            code.expires_at = now
            code.save(update_fields=["expires_at"])  # saved, so the audit trail has it
    messages.success(
        request, f"{device.name} can no longer time this run. Other phones need a new join code."
    )
    return redirect("timing_lead", event.pk)


@require_POST
@role_required(Role.ORGANIZER)
def set_start(request: HttpRequest, event_id: int) -> HttpResponse:
    """A gun time typed by the timing lead, in the event's zone (HH:MM:SS on the event's day).

    Who may move the start: an organizer (the timing lead) sets or replaces the start signal
    here, and the latest one for a wave is in force. A volunteer may not (403): a replaced
    gun time moves every runner's result. A timer phone may only add the first gun tap of a
    wave (``timing.sync``). A finished or cancelled run refuses both (409).
    """
    event = _lead_event(event_id)
    try:
        ensure_timing_open(event)
    except TimingClosed as exc:
        return _closed(request, exc)
    text = request.POST.get("time", "").strip()
    wave = request.POST.get("wave", "").strip()
    try:
        if "\x00" in wave:
            raise ValueError("A wave cannot hold a NUL character.")
        moment = _local_time(event, text)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("timing_lead", event.pk)
    StartSignal.objects.create(
        event=event,
        wave=wave[:20],
        gun_time_us=to_us(moment),
        source=Source.TYPED,
        set_by=request.user,
    )
    messages.success(request, f"Start signal set at {moment:%H:%M:%S}.")
    return redirect("timing_lead", event.pk)


def _local_time(event: Event, text: str) -> dt.datetime:
    if not event.starts_at:
        raise ValueError("The event has no date: set it first.")
    try:
        clock = dt.time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a time such as 08:00:00.") from None
    # A gun time in the hour the clocks skip or repeat is refused, never guessed (events.zones).
    return wall_clock_to_aware(dt.datetime.combine(event.local_start.date(), clock), event.zone)


@require_GET
@ratelimit("timing-join-page")
def join_page(request: HttpRequest) -> HttpResponse:
    return render(request, "timing/join.html", {"code": request.GET.get("code", "")[:20]})


@require_GET
def timer(request: HttpRequest, event_id: int) -> HttpResponse:
    """The phone page; works offline once loaded (service worker + IndexedDB queue)."""
    event = _public_event(request, event_id)
    return render(request, "timing/timer.html", {"event": event})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /timing/ so its scope covers the timer pages."""
    from django.template.loader import render_to_string

    body = render_to_string("timing/sw.js", {}, request=request)
    response = HttpResponse(body, content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
@require_GET
def results_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _public_event(request, event_id)
    out = results_for(event)
    return render(
        request,
        "timing/results.html",
        {
            "event": event,
            "out": out,
            "rows": out.results.rows,
            "projector": request.GET.get("view") == "projector",
            "group_times": [format_duration(t) for t in out.group_times if t >= 0],
            "api_url": reverse("api:event_results", args=[event.pk]),
        },
    )


@never_cache
@require_GET
def results_json(request: HttpRequest, event_id: int) -> JsonResponse:
    return JsonResponse(results_payload(_public_event(request, event_id)))


@require_GET
@ratelimit("export-results")
def results_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _public_event(request, event_id)
    columns = "upload" if request.GET.get("columns") == "upload" else "full"
    out = io.StringIO()
    write_csv(results_for(event).results, out, columns=columns)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"results-{event.pk}{'-upload' if columns == 'upload' else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _result_of(event: Event, bib: str):
    row = results_for(event).results.by_bib().get(bib)
    if row is None:
        raise Http404("No runner with that bib.")
    return row


@require_GET
def runner_result(request: HttpRequest, event_id: int, bib: str) -> HttpResponse:
    event = _public_event(request, event_id)
    row = _result_of(event, bib)
    return render(
        request,
        "timing/runner.html",
        {"event": event, "r": row, "finished": row.status == Status.FINISHED},
    )


@require_GET
@ratelimit("export-certificate")
def finisher_certificate(request: HttpRequest, event_id: int, bib: str) -> HttpResponse:
    event = _public_event(request, event_id)
    row = _result_of(event, bib)
    if row.status != Status.FINISHED:
        raise Http404("Certificates are for finishers.")
    body = pdf.finisher_certificate(event, row)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{event.pk}-{bib}.pdf"'
    return response


@require_GET
@ratelimit("export-certificate")
def dedication_certificate(request: HttpRequest, event_id: int, dedication_id: int):
    event = _public_event(request, event_id)
    dedication = get_object_or_404(
        event.dedications.select_related("hero", "hero__agency"), pk=dedication_id
    )
    paper = request.GET.get("paper", "").lower() or settings.CERTIFICATE_PAPER
    if paper not in certificate.PAPERS:
        return HttpResponseBadRequest("paper: letter or a4.")
    body = certificate.render(event, dedication, paper)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="dedication-{event.pk}-{dedication.pk}-{paper}.pdf"'
    )
    return response


@require_GET
@role_required(Role.VOLUNTEER)
def review(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _lead_event(event_id)
    out = results_for(event, fresh=True)
    return render(
        request,
        "timing/review.html",
        {
            "event": event,
            "out": out,
            "merge": out.merge,
            "corrections": Correction.objects.filter(event=event).select_related("by", "record"),
            "imports": event.chip_imports.prefetch_related("rejected_lines"),
            "actions": Correction.Action.choices,
            "statuses": [s.value for s in Status if s != Status.FINISHED],
            "closed": timing_is_closed(event),
        },
    )


@require_POST
@role_required(Role.VOLUNTEER)
def add_correction(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _lead_event(event_id)
    try:
        ensure_timing_open(event)
    except TimingClosed as exc:
        return _closed(request, exc)
    try:
        correction = _correction_from(event, request)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        correction.save()
        messages.success(request, f"Correction saved: {correction}.")
    return redirect("timing_review", event.pk)


def _correction_from(event: Event, request: HttpRequest) -> Correction:
    post = request.POST
    action = post.get("action", "")
    why = post.get("why", "").strip()
    if action not in Correction.Action.values:
        raise ValueError("Choose what to do.")
    if not why:
        raise ValueError("Say why: every correction keeps its reason.")
    bib = post.get("bib", "").strip()
    if "\x00" in why + bib:
        raise ValueError("A bib or a reason cannot hold a NUL character.")
    if len(bib) > MAX_BIB:
        # Cut short, it would name another runner: the phones' and chip files' bound.
        raise ValueError(f"A bib is at most {MAX_BIB} characters.")
    c = Correction(event=event, action=action, why=why[:300], by=request.user)
    c.bib = bib
    if action in ("void_read", "assign_read"):
        c.record = RawRecord.objects.filter(event=event, pk=_int(post.get("record"))).first()
        if c.record is None:
            raise ValueError("No such record in this event.")
        if action == "assign_read" and not c.bib:
            raise ValueError("Give the bib the read belongs to.")
    elif action == "set_time":
        if not c.bib:
            raise ValueError("Give the bib.")
        text = post.get("time", "").strip()
        c.time_us = to_us(_local_time(event, text)) if text else None
        c.kind = FINISH
    elif action == "set_status":
        status = post.get("status", "")
        if not c.bib or status not in ("", *[s.value for s in Status]):
            raise ValueError("Give the bib and a status.")
        c.status = status
    elif action == "undo":
        c.target = Correction.objects.filter(event=event, pk=_int(post.get("target"))).first()
        if c.target is None:
            raise ValueError("No such correction to undo.")
    return c


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@role_required(Role.VOLUNTEER)
def upload(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _lead_event(event_id)
    if request.method == "POST":
        return _upload_post(request, event)
    return _upload_page(request, event)


def _upload_page(request: HttpRequest, event: Event, status: int = 200) -> HttpResponse:
    return render(
        request,
        "timing/import.html",
        {
            "event": event,
            "formats": list(FORMATS),
            "imports": event.chip_imports.all(),
            "closed": timing_is_closed(event),
        },
        status=status,
    )


def _refused(request: HttpRequest, event: Event, message: str) -> HttpResponse:
    """A bad upload: the form again, with the reason, as a 400."""
    messages.error(request, message)
    return _upload_page(request, event, status=400)


def _upload_post(request: HttpRequest, event: Event) -> HttpResponse:
    try:
        ensure_timing_open(event)
    except TimingClosed as exc:
        return _closed(request, exc)
    chip = request.FILES.get("file")
    if chip is None:
        return _refused(request, event, "Choose a chip file.")
    tag_file = request.FILES.get("tags")
    if chip.size > settings.MAX_UPLOAD_BYTES:
        return _refused(request, event, "That file is too large.")
    if tag_file is not None and tag_file.size > settings.MAX_UPLOAD_BYTES:
        return _refused(request, event, "That tag table is too large.")
    try:
        offset = clock_offset(request.POST.get("offset") or 0)
        outcome = import_chip_file(
            event,
            chip.read(),
            format=request.POST.get("format", ""),
            file_name=chip.name,
            offset_s=offset,
            tags=tags_from(tag_file.read()) if tag_file else None,
            kind=request.POST.get("kind") or Kind.FINISH,
            user=request.user,
        )
    except TimingClosed as exc:
        return _closed(request, exc)
    except (ImportError_, ValueError) as exc:
        return _refused(request, event, f"Not imported: {exc}")
    ci = outcome.chip_import
    if outcome.created:
        messages.success(
            request,
            f"{ci.file_name}: {ci.lines_read} lines read, {ci.reads_stored} reads stored, "
            f"{ci.repeats_folded} repeats folded, {ci.before_start} before the start, "
            f"{ci.rejected} rejected.",
        )
    else:
        messages.info(request, f"{ci.file_name} was already imported: nothing added.")
    return redirect("timing_import", event.pk)


@require_POST
@role_required(Role.ORGANIZER)
def simulate(request: HttpRequest, event_id: int) -> HttpResponse:
    if not settings.DEMO_MODE:
        raise PermissionDenied("Simulating a finish is for the demo only.")
    from memorialmiles.timing.demo import simulate_finish

    event = _lead_event(event_id)
    try:
        ensure_timing_open(event)
    except TimingClosed as exc:
        return _closed(request, exc)
    with transaction.atomic():
        made = simulate_finish(event)
        if made:  # the demo's fictional reads skip model signals, so they get their own entry
            record.bulk(event, "timing.simulate", {"records new": made})
    messages.success(request, f"Simulated finish: {made} fictional finish records added.")
    return redirect("timing_results", event.pk)
