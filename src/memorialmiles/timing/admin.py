"""Back office: raw records are shown read-only; a fix is a Correction, never an edit.

A start signal or a correction added here obeys the same rule as the timing pages: none into
a finished or cancelled run until it is reopened.
"""

from django import forms
from django.contrib import admin

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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TimingDevice)
class TimingDeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "role", "revoked", "joined_at", "last_seen_at"]
    list_filter = ["revoked", "role"]
    fields = ["name", "event", "role", "revoked"]


@admin.register(JoinCode)
class JoinCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "event", "expires_at", "created_by"]


@admin.register(RawRecord)
class RawRecordAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "kind", "source", "bib", "device", "device_seq", "received_at"]
    list_filter = ["kind", "source"]
    search_fields = ["bib"]


@admin.register(StartSignal)
class StartSignalAdmin(ReadOnlyAdmin):
    form = OpenRunForm
    list_display = ["event", "wave", "gun_time", "source", "created_at"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    form = OpenRunForm
    list_display = ["event", "action", "bib", "record", "why", "by", "at"]


class RejectedLineInline(admin.TabularInline):
    model = RejectedLine
    can_delete = False
    extra = 0
    readonly_fields = ["line", "column", "reason", "raw"]


@admin.register(ChipImport)
class ChipImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "event", "format", "reads_stored", "rejected", "imported_at"]
    inlines = [RejectedLineInline]
