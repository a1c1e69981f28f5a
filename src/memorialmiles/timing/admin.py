"""Back office: raw records are shown read-only; a fix is a Correction, never an edit."""

from django.contrib import admin

from memorialmiles.timing.models import (
    ChipImport,
    Correction,
    JoinCode,
    RawRecord,
    RejectedLine,
    StartSignal,
    TimingDevice,
)


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
    list_display = ["event", "wave", "gun_time", "source", "created_at"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
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
