"""Courses in the back office: upload a file here too; it goes through the same service."""

from __future__ import annotations

from django.contrib import admin

from memorialmiles.courses.forms import CourseAdminForm
from memorialmiles.courses.models import Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    form = CourseAdminForm
    list_display = ["name", "distance_m", "agency", "illustrative", "original_name", "created_at"]
    list_filter = ["illustrative"]
    search_fields = ["name", "start_place", "finish_place"]
    autocomplete_fields = ["agency"]
    readonly_fields = [
        "distance_m",
        "elevation_gain_m",
        "elevation_loss_m",
        "original",
        "original_name",
        "created_by",
        "created_at",
    ]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
