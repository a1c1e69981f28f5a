import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.audit.admin import AuditHistoryMixin
from memorialmiles.honors.forms import RegistryUploadForm
from memorialmiles.honors.importer import import_heroes
from memorialmiles.honors.merge import merge_heroes
from memorialmiles.honors.models import Agency, Hero, ImportRun, LiaisonAssignment, SourceLink
from memorialmiles.honors.tasks import import_registry_file, queue_import
from memorialmiles.jobs.models import Job
from memorialmiles.registry import RegistryError

IMPORT_TASK = import_registry_file.module_path


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
class HeroAdmin(AuditHistoryMixin, admin.ModelAdmin):
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
        ("Story", {"fields": ["biography", "photo", "registry_only"]}),
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
    change_list_template = "admin/honors/importrun/change_list.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        status = self.admin_site.admin_view(self.job_view)
        return [
            path("upload/", upload, name="honors_importrun_upload"),
            path("jobs/<id:job_id>/", status, name="honors_importrun_job"),
            *super().get_urls(),
        ]

    def job_view(self, request, job_id: int):
        """A queued import's status: queued, running (rows read), done (counts), or failed."""
        if not request.user.has_perm("honors.add_hero"):
            raise PermissionDenied
        job = Job.objects.filter(pk=job_id, task=IMPORT_TASK).first()
        if job is None:
            raise Http404("No such import.")
        return render(
            request,
            "admin/honors/importrun/job.html",
            {
                **self.admin_site.each_context(request),
                "title": "Registry import",
                "job": job,
                "result": job.result,
                "file_name": Path(str(job.args[0])).name if job.args else "",
                "opts": self.model._meta,
            },
        )

    def upload_view(self, request):
        """Import a registry file from the browser: the same import as the command line.

        A large file goes to the worker and the page sends the organizer to its status page;
        a small one is imported at once, with the outcome on this page."""
        if not request.user.has_perm("honors.add_hero"):
            raise PermissionDenied
        form = RegistryUploadForm(request.POST or None, request.FILES or None)
        report = error = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            options = {
                "format": data["format"] or None,
                "mapping": data["mapping"] or None,
                "service": data["service"] or None,
                "date_format": data["date_format"] or None,
                "dry_run": data["dry_run"],
                "strict": data["strict"],
            }
            if data["file"].size > settings.REGISTRY_INLINE_BYTES:
                job = queue_import(data["file"], options, user=request.user)
                self.message_user(
                    request,
                    f"{data['file'].name} is queued for import; this page shows how it goes.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:honors_importrun_job", args=[job.pk]))
            suffix = Path(data["file"].name).suffix or ".csv"
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / (Path(data["file"].name).stem[:80] + suffix)
                with target.open("wb") as handle:
                    for chunk in data["file"].chunks():
                        handle.write(chunk)
                try:
                    report = import_heroes(target, user=request.user, **options)
                except RegistryError as exc:
                    error = str(exc).replace(str(Path(folder)) + "/", "")
        return render(
            request,
            "admin/honors/importrun/upload.html",
            {
                **self.admin_site.each_context(request),
                "title": "Import a registry file",
                "form": form,
                "report": report,
                "error": error,
                "opts": self.model._meta,
                "rejected": report.rejected[:100] if report else [],
                "jobs": Job.objects.filter(task=IMPORT_TASK)[:10],
                "inline_limit": settings.REGISTRY_INLINE_BYTES,
            },
        )


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "agency"]
    autocomplete_fields = ["agency"]
    search_fields = ["user__username", "agency__name"]
