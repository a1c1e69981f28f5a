"""Race-day pages: a volunteer signs a phone in with a PIN or link, the lead makes and takes
back PINs, the check-in desk, and the site's service worker.

Every page that names a run goes through ``events.access`` (the middleware) and then asks
``volunteer_can`` or the back-office role. Sign-in answers the same for an unknown, expired
or revoked PIN, and is rate limited per address and per run (``access.sign_in_with_pin``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from memorialmiles.core.ratelimit import ratelimit
from memorialmiles.core.roles import Role, role_required
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import CLOSED_STATUSES
from memorialmiles.raceday import access, pins, screens
from memorialmiles.raceday.models import VolunteerPass, VolunteerPin, VolunteerRole
from memorialmiles.raceday.qr import qr_svg
from memorialmiles.timing.models import TimingDevice


def _refused(request: HttpRequest, template: str, context: dict, exc: access.SignInRefused):
    response = render(request, template, {**context, "error": str(exc)}, status=exc.status)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


def _landing(request: HttpRequest, volunteer: VolunteerPass) -> HttpResponse:
    """Where a phone goes once in: the timer hands its token over, the desk opens, the rest
    see their run's screens."""
    if volunteer.role == VolunteerRole.TIMER:
        return _timer_handoff(request, volunteer.event, volunteer.device)
    if volunteer.role == VolunteerRole.DESK:
        return redirect("event_desk", volunteer.event_id)
    return redirect("raceday_home")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """`/volunteer/`: type the PIN; a phone already in sees its runs' screens."""
    context = {"passes": [(p, screens.for_pass(p)) for p in access.live_passes(request)]}
    if request.method != "POST":
        return render(request, "raceday/home.html", context)
    try:
        volunteer = access.sign_in_with_pin(
            request, request.POST.get("pin", ""), request.POST.get("name", "")
        )
    except access.SignInRefused as exc:
        return _refused(request, "raceday/home.html", context, exc)
    return _landing(request, volunteer)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("volunteer-link")
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code's address. Opening it asks first: a link preview must not sign anyone in."""
    pin = access.find_link(token)
    if pin is None:
        exc = access.SignInRefused("That link is unknown or has expired: ask the lead.", 404)
        return _refused(request, "raceday/link.html", {"pin": None}, exc)
    if request.method != "POST":
        return render(request, "raceday/link.html", {"pin": pin})
    try:
        volunteer = access.sign_in_with_link(request, token, request.POST.get("name", ""))
    except access.SignInRefused as exc:
        return _refused(request, "raceday/link.html", {"pin": pin}, exc)
    return _landing(request, volunteer)


@require_POST
def leave(request: HttpRequest, event_id: int) -> HttpResponse:
    """Hand the phone back: the pass ends here, and the page wipes the run's roster."""
    event = event_or_404(request, event_id)
    volunteer_ids = access.session_pass_ids(request)
    for volunteer in VolunteerPass.objects.filter(pk__in=volunteer_ids, event=event):
        access.leave(request, volunteer)
    return render(request, "raceday/left.html", {"event": event})


def _timer_handoff(request: HttpRequest, event, device: TimingDevice | None) -> HttpResponse:
    """The page that puts a timing device's token where the timer reads it (localStorage),
    then opens the timer: the same token a join code gives, so the timer works unchanged."""
    if device is None or device.revoked:
        raise PermissionDenied("This phone's timer access has ended.")
    response = render(
        request,
        "raceday/timer_handoff.html",
        {"event": event, "device": device, "timer_url": reverse("timing_timer", args=[event.pk])},
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def timer(request: HttpRequest, event_id: int) -> HttpResponse:
    """The timer that works: a timer volunteer's phone gets its token again; the lead (a
    back-office account) makes this phone a timing device with one tap (POST)."""
    event = event_or_404(request, event_id)
    volunteer = access.current_pass(request, event, VolunteerRole.TIMER)
    if volunteer is not None:
        return _timer_handoff(request, event, volunteer.device)
    if not access.is_staff_volunteer(request.user):
        if not request.user.is_authenticated and not access.session_pass_ids(request):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied("The timer is for the run's timers.")
    if request.method != "POST":
        return render(request, "raceday/timer_start.html", {"event": event})
    if event.status in CLOSED_STATUSES:
        raise PermissionDenied("This run is over: timing is closed.")
    device = TimingDevice.objects.create(
        event=event, name=f"{request.user.get_username()}'s phone"[:80]
    )
    return _timer_handoff(request, event, device)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@role_required(Role.VOLUNTEER)
def pins_page(request: HttpRequest, event_id: int) -> HttpResponse:
    """The lead's page: one PIN per role, the phones each let in, and revoking."""
    event = event_or_404(request, event_id)
    if request.method == "POST":
        role = request.POST.get("role", "")
        if role not in VolunteerRole.values:
            messages.error(request, "Choose a role.")
            return redirect("raceday_pins", event.pk)
        if event.status in CLOSED_STATUSES:
            messages.error(request, "This run is over: no new volunteer can sign in.")
            return redirect("raceday_pins", event.pk)
        new = pins.make_pin(event, role, request.user)
        url = request.build_absolute_uri(new.path)
        return render(
            request,
            "raceday/pin_made.html",
            {"event": event, "new": new, "url": url, "qr": qr_svg(url)},
        )
    return render(request, "raceday/pins.html", {"event": event, **screens.pin_table(event)})


@require_POST
@role_required(Role.VOLUNTEER)
def revoke_pin(request: HttpRequest, event_id: int, pin_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    pin = get_object_or_404(VolunteerPin, pk=pin_id, event=event)
    out = access.revoke_pin(pin)
    messages.success(
        request, f"{pin.get_role_display()} PIN revoked; {out} phone{'s' if out != 1 else ''} out."
    )
    return redirect("raceday_pins", event.pk)


@require_POST
@role_required(Role.VOLUNTEER)
def revoke_pass(request: HttpRequest, event_id: int, pass_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    volunteer = get_object_or_404(VolunteerPass, pk=pass_id, event=event)
    access.end(volunteer)
    messages.success(request, f"{volunteer} is signed out.")
    return redirect("raceday_pins", event.pk)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so its scope is the whole site (see the script's comment)."""
    body = render_to_string("raceday/sw.js", {"version": screens.SW_VERSION}, request=request)
    response = HttpResponse(body, content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page it has not kept: inside the app, with the
    volunteer's way back to the screens that do work offline."""
    return render(request, "raceday/offline.html")
