"""The audit trail in the back office: for organizers only, and on each hero's and run's page.

auditlog's own log admin lists every entry; here it is opened to organizers alone (whatever
model permissions an account holds) and says who acted in words, a device or a stranger
included. ``AuditHistoryMixin`` makes a change page's History button show that object's
entries, and for a run also those of its dedications, items, runners and timing.
"""

from __future__ import annotations

import zoneinfo

from auditlog import get_logentry_model
from auditlog.admin import LogEntryAdmin
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone

from memorialmiles.audit import actors
from memorialmiles.core.roles import is_organizer

LogEntry = get_logentry_model()
UTC = zoneinfo.ZoneInfo("UTC")


def entries_for(obj):
    """The entries of one object; for a run, also those of everything that belongs to it."""
    own = Q(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))
    if obj._meta.label == "events.Event":
        own |= Q(additional_data__event=obj.pk)
    return LogEntry.objects.filter(own).select_related("actor", "content_type")


class OrganizersOnly:
    def has_module_permission(self, request) -> bool:
        return is_organizer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_organizer(request.user)


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditEntryAdmin(OrganizersOnly, LogEntryAdmin):
    list_display = ["created", "resource_url", "action", "msg_short", "who"]
    readonly_fields = ["created", "who", "resource_url", "action", "msg", "additional_data"]
    fieldsets = [
        (None, {"fields": ["created", "who", "resource_url", "cid"]}),
        ("Changes", {"fields": ["action", "msg", "additional_data"]}),
    ]

    @admin.display(description="Who")
    def who(self, obj) -> str:
        return actors.label(obj)


class AuditHistoryMixin:
    """The History button of a change page opens its audit trail, before and after."""

    audit_per_page = 50

    def history_zone(self, obj) -> zoneinfo.ZoneInfo:
        return UTC

    def history_view(self, request, object_id, extra_context=None):
        if not is_organizer(request.user):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        page = Paginator(entries_for(obj).order_by("-timestamp", "-id"), self.audit_per_page)
        entries = page.get_page(request.GET.get("p"))
        for entry in entries:
            entry.who = actors.label(entry)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "object": obj,
            "opts": self.opts,
            "log_entries": entries,
            "page_var": "p",
            "pagination_required": page.num_pages > 1,
            "show_object": obj._meta.label == "events.Event",
            **(extra_context or {}),
        }
        zone = self.history_zone(obj)
        with timezone.override(zone):
            response = TemplateResponse(request, "audit/object_history.html", context)
            response.render()
        return response
