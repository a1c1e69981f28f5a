"""Roles, from day one: organizer, agency liaison, volunteer, and the public.

Roles are Django groups so the organizer can grant them in the admin. Staff and superusers are
organizers. Every view and API call asks these helpers instead of checking groups itself, so a
rule changes in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import TextChoices


class Role(TextChoices):
    ORGANIZER = "organizer", "Organizer"
    LIAISON = "liaison", "Agency liaison"
    VOLUNTEER = "volunteer", "Volunteer"
    COMMITTEE = "committee", "Grant committee"
    BOARD = "board", "Board"


GROUP_NAMES = {
    Role.ORGANIZER: "Organizers",
    Role.LIAISON: "Agency liaisons",
    Role.VOLUNTEER: "Volunteers",
    Role.COMMITTEE: "Grant committee",
    Role.BOARD: "Board",
}


def roles_of(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_mm_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    roles = {role for role, group in GROUP_NAMES.items() if group in names}
    if user.is_staff or user.is_superuser:
        roles.add(Role.ORGANIZER)
    user._mm_roles = frozenset(roles)
    return user._mm_roles


def has_role(user, *roles: str) -> bool:
    """True when the user holds any of the roles; organizers may do what every role may."""
    held = roles_of(user)
    return Role.ORGANIZER in held or any(role in held for role in roles)


def is_organizer(user) -> bool:
    return Role.ORGANIZER in roles_of(user)


def role_required(*roles: str) -> Callable:
    """View decorator: anonymous users go to the login page, others without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied("Your account does not have the role this page needs.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
