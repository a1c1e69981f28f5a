"""Who may use a run's race-day screens: organizers, back-office volunteers, and phones
signed in with a PIN for that run and that role.

``volunteer_can(request, event, role)`` is the one gate other apps ask (timer, tracker,
ceremony screens). A PIN's phone holds a ``VolunteerPass`` id in its browser session; the
pass counts while it is not revoked (nor its PIN), and the run is not over: not finished or
cancelled, and not past its timing end (``timing.run_ends_at``) plus the timing phones' grace.
A pass gives its role on its run and nothing else: no other run, no other role, no back office.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from memorialmiles.audit import actors
from memorialmiles.core import ratelimit
from memorialmiles.core.roles import Role, has_role
from memorialmiles.events.access import grant
from memorialmiles.events.models import CLOSED_STATUSES, Event
from memorialmiles.raceday import pins
from memorialmiles.raceday.models import VolunteerPass, VolunteerPin, VolunteerRole
from memorialmiles.timing.models import TimingDevice, run_ends_at

SESSION_KEY = "mm_volunteer_passes"
MAX_PASSES = 10
ROLES = tuple(VolunteerRole.values)


class SignInRefused(Exception):
    """A PIN or link that lets nobody in; the message is the same whatever the reason."""

    def __init__(self, message: str = "", status: int = 403, retry_after: int = 0):
        super().__init__(
            message or "That PIN is unknown or has expired: ask the lead for a new one."
        )
        self.status = status
        self.retry_after = retry_after


def is_staff_volunteer(user) -> bool:
    """A back-office account with the volunteer role (organizers included)."""
    return has_role(user, Role.VOLUNTEER)


def volunteer_can(request: HttpRequest, event: Event, role: str) -> bool:
    """True when this request may use `role`'s screens of `event` (organizers always)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if is_staff_volunteer(request.user):
        return True
    return current_pass(request, event, role) is not None


def pass_is_live(volunteer: VolunteerPass, event: Event, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if volunteer.revoked_at is not None or volunteer.pin.revoked_at is not None:
        return False
    if event.status in CLOSED_STATUSES:
        return False
    end = run_ends_at(event)
    grace = dt.timedelta(hours=settings.TIMING_DEVICE_GRACE_HOURS)
    return end is None or now < end + grace


def session_pass_ids(request: HttpRequest) -> list[int]:
    session = getattr(request, "session", None)
    if session is None:
        return []
    return [i for i in session.get(SESSION_KEY, []) if isinstance(i, int)]


def current_pass(request: HttpRequest, event: Event, role: str | None = None):
    """This browser's live pass for `event` (and `role`, if given), or None."""
    ids = session_pass_ids(request)
    if not ids:
        return None
    qs = VolunteerPass.objects.select_related("pin").filter(pk__in=ids, event_id=event.pk)
    if role is not None:
        qs = qs.filter(role=role)
    for volunteer in qs.order_by("-created_at"):
        if pass_is_live(volunteer, event):
            return volunteer
    return None


def live_passes(request: HttpRequest) -> list[VolunteerPass]:
    """Every live pass of this browser, with its run, for the volunteer's home page."""
    ids = session_pass_ids(request)
    if not ids:
        return []
    found = VolunteerPass.objects.select_related("pin", "event").filter(pk__in=ids)
    return [p for p in found if pass_is_live(p, p.event)]


def acting_as(volunteer: VolunteerPass) -> None:
    """The rest of the request acts as this phone in the audit trail."""
    actors.set_acting(
        {
            "kind": "volunteer",
            "id": volunteer.pk,
            "role": volunteer.role,
            "event": volunteer.event_id,
            "name": volunteer.name,
        }
    )


# Guessing: per address (core.ratelimit) and per run: more than RUN_FAILURES wrong PINs aimed
# at one run within RUN_WINDOW locks PIN typing for that run until the window passes.
RUN_FAILURES = 30
RUN_WINDOW = 15 * 60


def _run_key(event_id: int) -> str:
    return f"mm:raceday:pin-failures:{event_id}"


def _run_locked(event_id: int) -> bool:
    return (cache.get(_run_key(event_id)) or 0) >= RUN_FAILURES


def _count_failure(event_id: int) -> None:
    key = _run_key(event_id)
    if cache.add(key, 1, RUN_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, RUN_WINDOW)


def sign_in_with_pin(request: HttpRequest, typed: str, name: str = "") -> VolunteerPass:
    """Trade a typed PIN for a pass on this browser; SignInRefused says why not."""
    try:
        ratelimit.check(request, "volunteer-pin")
    except ratelimit.RateLimited as exc:
        raise SignInRefused(str(exc), status=429, retry_after=exc.retry_after) from None
    parsed = pins.parse(typed)
    if parsed is None:
        raise SignInRefused()
    event_id, secret = parsed
    if _run_locked(event_id):
        raise SignInRefused(
            "Too many wrong PINs for this run: typing a PIN is paused for a few minutes. "
            "Scan the lead's QR code instead, or wait.",
            status=429,
            retry_after=RUN_WINDOW,
        )
    pin = (
        VolunteerPin.objects.select_related("event")
        .filter(pin_digest=pins.pin_digest(event_id, secret))
        .first()
    )
    if pin is None or not pin.takes_sign_ins(timezone.now()):
        _count_failure(event_id)
        raise SignInRefused()
    return _admit(request, pin, name)


def sign_in_with_link(request: HttpRequest, token: str, name: str = "") -> VolunteerPass:
    pin = find_link(token)
    if pin is None:
        raise SignInRefused("That link is unknown or has expired: ask the lead for a new one.")
    return _admit(request, pin, name)


def find_link(token: str) -> VolunteerPin | None:
    if not token or "\x00" in token or len(token) > 64:
        return None
    pin = (
        VolunteerPin.objects.select_related("event")
        .filter(link_digest=pins.digest("link", token))
        .first()
    )
    if pin is None or not pin.takes_sign_ins(timezone.now()):
        return None
    return pin


def _admit(request: HttpRequest, pin: VolunteerPin, name: str) -> VolunteerPass:
    event = pin.event
    if event.status in CLOSED_STATUSES:
        raise SignInRefused("This run is over: volunteer sign-in is closed.", status=409)
    name = (name or "").replace("\x00", "").strip()[:80]
    with transaction.atomic():
        volunteer = VolunteerPass.objects.create(event=event, role=pin.role, pin=pin, name=name)
        if pin.role == VolunteerRole.TIMER:
            volunteer.device = TimingDevice.objects.create(
                event=event, name=(name or "Volunteer timer")[:80]
            )
            volunteer.save(update_fields=["device"])
    ids = [i for i in session_pass_ids(request) if i != volunteer.pk]
    request.session[SESSION_KEY] = [*ids[-(MAX_PASSES - 1) :], volunteer.pk]
    request.session.cycle_key()  # a new session id on a change of rights
    grant(request, event)  # an unlisted run's pages open for this phone, like a timing phone
    return volunteer


def leave(request: HttpRequest, volunteer: VolunteerPass) -> None:
    """The volunteer hands the phone back: the pass ends, and so does its timer's token."""
    end(volunteer)
    request.session[SESSION_KEY] = [i for i in session_pass_ids(request) if i != volunteer.pk]


def end(volunteer: VolunteerPass) -> None:
    now = timezone.now()
    with transaction.atomic():
        if volunteer.revoked_at is None:
            volunteer.revoked_at = now
            volunteer.save(update_fields=["revoked_at"])
        if volunteer.device_id:
            device = volunteer.device
            if not device.revoked:
                device.revoked = True
                device.save(update_fields=["revoked"])


def revoke_pin(pin: VolunteerPin) -> int:
    """The lead takes a PIN back: no new phone, and every phone it let in is out. Returns
    how many phones were signed out."""
    now = timezone.now()
    with transaction.atomic():
        if pin.revoked_at is None:
            pin.revoked_at = now
            pin.save(update_fields=["revoked_at"])
        live = list(pin.passes.filter(revoked_at__isnull=True).select_related("device"))
        for volunteer in live:
            end(volunteer)
    return len(live)


def volunteer_required(role: str):
    """View decorator for a run's race-day page: a PIN's phone with `role` for the URL's run,
    or a back-office volunteer; anyone else signed in gets 403, a stranger the login page."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    from memorialmiles.events.access import event_or_404

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, event_id: int, **kwargs):
            if not is_staff_volunteer(request.user):
                event = event_or_404(request, event_id)
                volunteer = current_pass(request, event, role)
                if volunteer is None:
                    if request.user.is_authenticated or session_pass_ids(request):
                        raise PermissionDenied("This page is for the run's volunteers.")
                    return redirect_to_login(request.get_full_path())
                acting_as(volunteer)
            return view(request, *args, event_id=event_id, **kwargs)

        return wrapper

    return decorator
