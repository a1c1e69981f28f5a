from django.contrib import admin

from memorialmiles.tourplans.models import Tour, TourStop


class TourStopInline(admin.TabularInline):
    model = TourStop
    raw_id_fields = ("agency", "event")
    filter_horizontal = ("heroes",)
    extra = 0


@admin.register(Tour)
class TourAdmin(admin.ModelAdmin):
    list_display = ("name", "start_date", "start_name", "created_at")
    exclude = ("plan",)
    inlines = [TourStopInline]
