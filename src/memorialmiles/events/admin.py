"""Back office for runs: every date and time on a run's pages is in that run's own zone."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from memorialmiles.audit.admin import AuditHistoryMixin
from memorialmiles.events.models import (
    CheckIn,
    Dedication,
    Event,
    EventStatusChange,
    InjuredResponder,
    MemorialItem,
    ProgramItem,
    ProgramTemplate,
    Registration,
)
from memorialmiles.events.services import change_status
from memorialmiles.events.zones import ZonedSplitDateTimeField, in_zone, zone_named

DEFAULT_ZONE = Event._meta.get_field("time_zone").default
# Date and time boxes read in the active zone, which EventZoneAdmin sets to the run's.
ZONED = {models.DateTimeField: {"form_class": ZonedSplitDateTimeField}}


class EventZoneAdmin(admin.ModelAdmin):
    """A change form that reads and shows its dates and times in the run's own zone.

    The zone is the one the form itself names when it is posted (a new run's zone field, or a
    zone changed in the same form), else the saved run's: the typed time always means the
    wall clock of the zone beside it.
    """

    formfield_overrides = ZONED

    def zone_name(self, request, object_id) -> str | None:
        """The zone of the run this row belongs to (through its ``event``)."""
        if request.method == "POST" and "event" in request.POST:
            return _zone_of(Event.objects, request.POST.get("event"), "time_zone")
        return _zone_of(self.model.objects, object_id, "event__time_zone")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = zone_named(self.zone_name(request, object_id), DEFAULT_ZONE)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Widgets format their values when the template renders: do it inside the zone.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


def _zone_of(queryset, pk, path: str) -> str | None:
    """The zone name at ``path`` of the row ``pk`` (as the URL or the form gave it), if any."""
    try:
        return queryset.filter(pk=int(pk)).values_list(path, flat=True).first()
    except (TypeError, ValueError):
        return None


class MemorialItemFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.instance}


class MemorialItemForm(forms.ModelForm):
    """A flag's mile is chosen among its own run's dedications, never another run's."""

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        event = event if event is not None else getattr(self.instance, "event", None)
        if "dedication" in self.fields and event is not None:
            # A run not saved yet has no miles; a new item on its own page gets all of them,
            # and the model refuses another run's.
            own = Dedication.objects.filter(event=event) if event.pk else Dedication.objects.none()
            self.fields["dedication"].queryset = own


class DedicationInline(admin.TabularInline):
    model = Dedication
    extra = 0
    autocomplete_fields = ["hero"]


class ProgramItemInline(admin.TabularInline):
    model = ProgramItem
    extra = 0
    readonly_fields = ["planned_time"]

    @admin.display(description="Planned (run's zone)")
    def planned_time(self, obj: ProgramItem) -> str:
        return in_zone(obj.planned_at, obj.event.zone) if obj.pk else ""


class InjuredInline(admin.TabularInline):
    model = InjuredResponder
    extra = 0
    autocomplete_fields = ["agency"]


class MemorialItemInline(admin.StackedInline):
    model = MemorialItem
    extra = 0
    form = MemorialItemForm
    formset = MemorialItemFormSet
    formfield_overrides = ZONED


class StatusChangeInline(admin.TabularInline):
    model = EventStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(AuditHistoryMixin, EventZoneAdmin):
    list_display = ["title", "kind", "starts_local", "time_zone", "status", "visibility"]
    list_filter = ["status", "kind", "visibility"]
    search_fields = ["title", "place_name"]
    autocomplete_fields = ["partner_agencies"]
    formfield_overrides = {**ZONED, models.URLField: {"assume_scheme": "https"}}
    inlines = [
        DedicationInline,
        ProgramItemInline,
        InjuredInline,
        MemorialItemInline,
        StatusChangeInline,
    ]

    readonly_fields = ["share_link"]

    @admin.display(description="Secret link (unlisted runs)")
    def share_link(self, obj) -> str:
        """An unlisted run's only public address; counting ids never finds it."""
        if obj is None or obj.pk is None:
            return "-"
        return settings.SITE_URL + obj.get_share_url()

    def history_zone(self, obj: Event) -> zoneinfo.ZoneInfo:
        return zone_named(obj.time_zone, DEFAULT_ZONE)

    def zone_name(self, request, object_id) -> str | None:
        if request.method == "POST":
            return request.POST.get("time_zone")
        return _zone_of(Event.objects, object_id, "time_zone")

    @admin.display(description="Starts (run's zone)", ordering="starts_at")
    def starts_local(self, obj: Event) -> str:
        try:
            return in_zone(obj.starts_at, obj.zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return in_zone(obj.starts_at, zoneinfo.ZoneInfo("UTC"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "starts_at" in form.base_fields:
            zone = timezone.get_current_timezone()
            form.base_fields[
                "starts_at"
            ].help_text = (
                f"Wall-clock time at the run, in the zone below (now {zone}); stored in UTC."
            )
        return form

    def save_model(self, request, obj, form, change):
        """A status changed here is recorded in the history like anywhere else."""
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            change_status(obj, new_status, request.user)
        else:
            super().save_model(request, obj, form, change)
            if not change:
                EventStatusChange.objects.create(
                    event=obj, to_status=obj.status, changed_by=request.user
                )


@admin.register(Registration)
class RegistrationAdmin(AuditHistoryMixin, EventZoneAdmin):
    list_display = ["last_name", "first_name", "event", "bib", "role", "status", "checked_in"]
    list_select_related = ["event"]
    list_filter = ["status", "role", "event"]
    search_fields = ["first_name", "last_name", "email", "bib"]
    readonly_fields = [
        "token",
        "waiver_accepted_at",
        "waiver_text",
        "waiver_version",
        "checked_in_at",
        "checked_in_by",
    ]
    autocomplete_fields = ["agency"]

    @admin.display(description="Checked in (run's zone)", ordering="checked_in_at")
    def checked_in(self, obj: Registration) -> str:
        return in_zone(obj.checked_in_at, obj.event.zone)


@admin.register(MemorialItem)
class MemorialItemAdmin(AuditHistoryMixin, EventZoneAdmin):
    list_display = ["kind", "event", "status", "recipient", "carrier", "tracking_number"]
    list_filter = ["kind", "status"]
    form = MemorialItemForm


admin.site.register(ProgramTemplate)
admin.site.register(CheckIn)
