"""django-auditlog's middleware, plus who acts when no one is signed in."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware

from memorialmiles.audit import actors


class AuditMiddleware(AuditlogMiddleware):
    """Links every audit entry written during a request to the user who made it.

    auditlog sets the entry's ``actor`` (user), address and correlation id; this adds who acts
    in words (user, anonymous, or the timing device that a device token names) and forgets it
    when the request ends. Place it after AuthenticationMiddleware.
    """

    def __call__(self, request):
        token = actors.set_acting(actors.describe_user(getattr(request, "user", None)))
        try:
            return super().__call__(request)
        finally:
            actors.reset(token)
