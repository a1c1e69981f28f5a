"""django-auditlog's middleware, plus who acts when no one is signed in."""

from __future__ import annotations

import ipaddress

from auditlog.middleware import AuditlogMiddleware

from memorialmiles.audit import actors
from memorialmiles.core.ratelimit import client_ip


class AuditMiddleware(AuditlogMiddleware):
    """Links every audit entry written during a request to the user who made it.

    auditlog sets the entry's ``actor`` (user), address and correlation id; this adds who acts
    in words (user, anonymous, or the timing device that a device token names) and forgets it
    when the request ends. Place it after AuthenticationMiddleware.
    """

    @staticmethod
    def _get_remote_addr(request):
        """The address the rate limits believe (a trusted proxy's header, else REMOTE_ADDR):
        auditlog's own reads X-Forwarded-For from anyone, and a forged one that is not an
        address broke the write (an inet column on PostgreSQL)."""
        try:
            return str(ipaddress.ip_address(client_ip(request)))
        except ValueError:
            return None

    @staticmethod
    def _get_remote_port(request):
        """No port: X-Forwarded-Port comes from the client, and a forged one beyond 64 bits
        made every audited write a 500."""
        return None

    def __call__(self, request):
        token = actors.set_acting(actors.describe_user(getattr(request, "user", None)))
        try:
            return super().__call__(request)
        finally:
            actors.reset(token)
