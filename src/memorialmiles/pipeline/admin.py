"""Organization defaults (one row), state rules, registry sources and plans in the back office."""

from __future__ import annotations

from django.contrib import admin

from memorialmiles.pipeline.models import (
    MilePlan,
    OrganizationDefaults,
    RegistrySource,
    StateItemRule,
)


@admin.register(OrganizationDefaults)
class OrganizationDefaultsAdmin(admin.ModelAdmin):
    """Set once: one row, which cannot be deleted and has no second."""

    fieldsets = [
        ("Every run's public text", {"fields": ["organized_by", "summary", "how_to_join"]}),
        ("Waiver", {"fields": ["waiver_text", "waiver_version"]}),
        ("Every run's shape", {"fields": ["start_time", "capacity", "program_template"]}),
        (
            "Inviting agencies",
            {
                "fields": [
                    "first_date_after_days",
                    "dates_proposed",
                    "invitation_days",
                    "auto_invite",
                ]
            },
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return not OrganizationDefaults.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StateItemRule)
class StateItemRuleAdmin(admin.ModelAdmin):
    list_display = ["state", "service", "kind", "recipient_kind", "note"]
    list_filter = ["state", "kind"]


@admin.register(RegistrySource)
class RegistrySourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "folder", "enabled", "last_checked_at", "last_result"]
    readonly_fields = ["last_checked_at", "last_result"]


@admin.register(MilePlan)
class MilePlanAdmin(admin.ModelAdmin):
    list_display = ["event", "invite_email", "invited_at", "confirmed_at", "approved_at"]
    list_select_related = ["event"]
    raw_id_fields = ["event", "approved_by"]
    readonly_fields = ["invited_at", "invite_expires_at", "confirmed_at", "approved_at"]
