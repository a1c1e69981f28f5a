from django.conf import settings
from django.contrib import admin
from django.db import models

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


class DedicationInline(admin.TabularInline):
    model = Dedication
    extra = 0
    autocomplete_fields = ["hero"]


class ProgramItemInline(admin.TabularInline):
    model = ProgramItem
    extra = 0


class InjuredInline(admin.TabularInline):
    model = InjuredResponder
    extra = 0
    autocomplete_fields = ["agency"]


class MemorialItemInline(admin.StackedInline):
    model = MemorialItem
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = EventStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "time_zone", "status", "visibility"]
    list_filter = ["status", "kind", "visibility"]
    search_fields = ["title", "place_name"]
    autocomplete_fields = ["partner_agencies"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
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
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "event", "bib", "role", "status", "checked_in_at"]
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


@admin.register(MemorialItem)
class MemorialItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "event", "status", "recipient", "carrier", "tracking_number"]
    list_filter = ["kind", "status"]


admin.site.register(ProgramTemplate)
admin.site.register(CheckIn)
