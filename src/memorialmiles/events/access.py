"""Who may open a run's pages: one rule for every page that names a run by its id.

- A draft (proposed) run is the organizers' plan: anyone else gets 404, on every page.
- An unlisted run is reached through its share link (`/events/shared/<key>/`), which grants the
  browser's session that run; without it, only a role for the run opens its pages (organizers,
  volunteers, liaisons of a partner agency). Ids count up, so an id alone must find nothing.
- A listed, published run is public (role pages still ask their role).

`EventAccessMiddleware` applies the rule before any view whose URL has an `event_id`, so a new
page cannot forget it. Views that carry their own secret (a runner's confirmation token) opt
out with `@own_secret`; the API checks through `can_see` in its own operations.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest

from memorialmiles.core.roles import Role, has_role, is_organizer
from memorialmiles.events.models import Event, EventStatus, Visibility

SESSION_KEY = "mm_shared_events"
MAX_SHARED = 50


def can_see(request: HttpRequest, event: Event) -> bool:
    user = request.user
    if is_organizer(user):
        return True
    if event.status == EventStatus.PROPOSED:
        return False
    if event.visibility == Visibility.PUBLIC:
        return True
    return has_shared(request, event) or _has_role_for(user, event)


def _has_role_for(user, event: Event) -> bool:
    if has_role(user, Role.VOLUNTEER):
        return True
    return has_role(user, Role.LIAISON) and (
        event.partner_agencies.filter(liaisons__user=user).exists()
    )


def has_shared(request: HttpRequest, event: Event) -> bool:
    """A link's grant names the key it came through, so a new link shuts it out; a phone's
    grant (joined with a code) is the run's id alone."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    return any(
        entry == event.pk or entry == [event.pk, event.share_key]
        for entry in session.get(SESSION_KEY, [])
    )


def _granted_pk(entry) -> int | None:
    return entry[0] if isinstance(entry, list) else entry


def grant(request: HttpRequest, event: Event, key: str | None = None) -> None:
    """This browser came through the run's secret link `key` (or joined its timing with a code)."""
    shared = [e for e in request.session.get(SESSION_KEY, []) if _granted_pk(e) != event.pk]
    entry = [event.pk, key] if key else event.pk
    request.session[SESSION_KEY] = [*shared[-(MAX_SHARED - 1) :], entry]


def event_or_404(request: HttpRequest, event_id: int, queryset=None) -> Event:
    """The run if this visitor may see it; the same 404 whether it is missing or hidden."""
    qs = queryset if queryset is not None else Event.objects.all()
    try:
        event = qs.get(pk=event_id)
    except (Event.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such event.") from None
    if not can_see(request, event):
        raise Http404("No such event.")
    return event


def own_secret(view: Callable) -> Callable:
    """Mark a view whose URL carries its own secret (a registration token): it checks itself."""
    view.event_access_own_secret = True
    return view


class EventAccessMiddleware:
    """404 before any page of a run this visitor may not see (pages, PDFs, timing, results)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        event_id = view_kwargs.get("event_id")
        if event_id is None or getattr(view_func, "event_access_own_secret", False):
            return None
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return None  # API operations check `can_see` themselves (device tokens sync there)
        event_or_404(request, event_id, Event.objects.only("status", "visibility", "share_key"))
        return None
