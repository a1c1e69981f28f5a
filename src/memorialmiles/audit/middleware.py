"""django-auditlog's middleware, plus who acts when no one is signed in."""

from __future__ import annotations

import ipaddress

from auditlog import get_logentry_model
from auditlog.cid import set_cid
from auditlog.context import _set_extra_data, auditlog_value
from auditlog.middleware import AuditlogMiddleware
from django.db.models.signals import pre_save

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

    def __init__(self, get_response=None):
        super().__init__(get_response)
        pre_save.connect(
            _stamp, sender=get_logentry_model(), dispatch_uid=_REQUEST_DUID, weak=False
        )

    def get_extra_data(self, request):
        """auditlog's, with the address worked out only if an entry is written (it calls a
        callable value when it stamps the entry)."""
        return {
            "remote_addr": lambda: self._get_remote_addr(request),
            "remote_port": None,
            "actor": self._get_actor(request),
            "signal_duid": _REQUEST_DUID,
        }

    def __call__(self, request):
        """auditlog's own middleware connects a signal receiver for every request and
        disconnects it after (a lock and a cache flush on every page, a third of a cheap
        page's time); here one receiver stays connected and the request's context is a
        context variable, set for the request and reset after it."""
        set_cid(request)
        context = auditlog_value.set(self.get_extra_data(request))
        acting = actors.set_acting(actors.describe_user(getattr(request, "user", None)))
        try:
            return self.get_response(request)
        finally:
            actors.reset(acting)
            auditlog_value.reset(context)


_REQUEST_DUID = ("memorialmiles.audit", "request")


def _stamp(sender, instance, **kwargs):
    """Stamps an entry written during a request with its actor, address and correlation id,
    through auditlog's own receiver (it ignores a context set by anything else)."""
    _set_extra_data(sender, instance, signal_duid=_REQUEST_DUID)
