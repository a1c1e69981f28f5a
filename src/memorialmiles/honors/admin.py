from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import render

from memorialmiles.honors.merge import merge_heroes
from memorialmiles.honors.models import Agency, Hero, ImportRun, LiaisonAssignment, SourceLink


class SourceLinkInline(admin.TabularInline):
    model = SourceLink
    extra = 0
    fields = ["registry", "source_id", "url", "attribution", "license"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "state", "identifier", "hero_count"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "key", "city", "identifier"]
    readonly_fields = ["key", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_heroes=Count("heroes"))

    @admin.display(description="Heroes", ordering="n_heroes")
    def hero_count(self, obj):
        return obj.n_heroes


class EowDecadeFilter(admin.SimpleListFilter):
    title = "end of watch (decade)"
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        return [(str(d), f"{d}s") for d in range(2020, 1780, -10)]

    def queryset(self, request, queryset):
        if self.value():
            start = int(self.value())
            return queryset.filter(end_of_watch__year__gte=start, end_of_watch__year__lt=start + 10)
        return queryset


@admin.register(Hero)
class HeroAdmin(admin.ModelAdmin):
    list_display = ["display_name", "agency", "state", "end_of_watch", "cause", "service", "k9"]
    list_filter = ["service", "k9", EowDecadeFilter, "state"]
    search_fields = ["last_name", "first_name", "rank", "nickname", "agency__name"]
    autocomplete_fields = ["agency"]
    date_hierarchy = "end_of_watch"
    list_per_page = 50
    list_select_related = ["agency"]
    inlines = [SourceLinkInline]
    readonly_fields = ["identity", "added_at", "updated_at"]
    actions = ["merge_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("rank", "first_name", "nickname"),
                    ("middle_name", "last_name", "suffix"),
                    "k9",
                ]
            },
        ),
        ("Service", {"fields": ["service", "agency", ("state", "country")]}),
        ("End of watch", {"fields": [("end_of_watch", "incident_date"), "cause"]}),
        ("Story", {"fields": ["biography", "photo"]}),
        ("Record", {"fields": ["identity", "added_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.action(description="Merge the selected heroes into one")
    def merge_selected(self, request, queryset):
        heroes = list(queryset.select_related("agency").order_by("added_at", "id"))
        if len(heroes) < 2:
            self.message_user(request, "Select at least two heroes to merge.", messages.WARNING)
            return None
        if "keep" in request.POST:
            keep = next((h for h in heroes if str(h.pk) == request.POST["keep"]), None)
            if keep is None:
                self.message_user(request, "Choose the record to keep.", messages.ERROR)
                return None
            merged = merge_heroes(keep, [h for h in heroes if h.pk != keep.pk], user=request.user)
            self.message_user(
                request,
                f"Merged {merged} record(s) into {keep.display_name}; every source "
                "link and dedication now points to it.",
                messages.SUCCESS,
            )
            return None
        return render(
            request,
            "admin/honors/merge_confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge heroes",
                "heroes": heroes,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "started_at", "user", "dry_run", "counts"]
    list_filter = ["format", "dry_run"]
    readonly_fields = ["file_name", "format", "started_at", "user", "dry_run", "counts"]

    def has_add_permission(self, request):
        return False


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "agency"]
    autocomplete_fields = ["agency"]
    search_fields = ["user__username", "agency__name"]
