"""Back office: raw records are shown read-only; a fix is a Correction, never an edit.

A start signal or a correction added here obeys the same rule as the timing pages: none into
a finished or cancelled run until it is reopened.
"""

from django import forms
from django.contrib import admin

from memorialmiles.events.admin import EventZoneAdmin
from memorialmiles.events.zones import in_zone
from memorialmiles.timing.models import (
    ChipImport,
    Correction,
    JoinCode,
    RawRecord,
    RejectedLine,
    StartSignal,
    TimingDevice,
    timing_is_closed,
)


class OpenRunForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event")
        if event is not None and timing_is_closed(event):
            raise forms.ValidationError(
                f"{event} is {event.get_status_display().lower()}: timing is closed until "
                "the run is moved back to live."
            )
        return cleaned


def _local(field: str, label: str):
    """A changelist column: the row's time as read at its run, with the zone's abbreviation."""

    @admin.display(description=f"{label} (run's zone)", ordering=field)
    def column(self, obj) -> str:
        value = getattr(obj, field.removesuffix("_us"))
        return in_zone(value, obj.event.zone, seconds=True)

    return column


class ReadOnlyAdmin(EventZoneAdmin):
    list_select_related = ["event"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TimingDevice)
class TimingDeviceAdmin(EventZoneAdmin):
    list_display = ["name", "event", "role", "revoked", "joined", "last_seen"]
    list_select_related = ["event"]
    joined = _local("joined_at", "Joined")
    last_seen = _local("last_seen_at", "Last seen")
    list_filter = ["revoked", "role"]
    fields = ["name", "event", "role", "revoked"]


@admin.register(JoinCode)
class JoinCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "event", "expires", "created_by"]
    expires = _local("expires_at", "Expires")


@admin.register(RawRecord)
class RawRecordAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "kind", "source", "bib", "device", "device_seq", "received"]
    received = _local("received_at", "Received")
    list_filter = ["kind", "source"]
    search_fields = ["bib"]


@admin.register(StartSignal)
class StartSignalAdmin(ReadOnlyAdmin):
    form = OpenRunForm
    list_display = ["event", "wave", "gun", "source", "created"]
    gun = _local("gun_time_us", "Gun time")
    created = _local("created_at", "Set")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    form = OpenRunForm
    list_display = ["event", "action", "bib", "record", "why", "by", "when"]
    when = _local("at", "At")


class RejectedLineInline(admin.TabularInline):
    model = RejectedLine
    can_delete = False
    extra = 0
    readonly_fields = ["line", "column", "reason", "raw"]


@admin.register(ChipImport)
class ChipImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "event", "format", "reads_stored", "rejected", "imported"]
    imported = _local("imported_at", "Imported")
    inlines = [RejectedLineInline]
