from django.contrib import admin, messages

from memorialmiles.audit import record
from memorialmiles.jobs import background
from memorialmiles.jobs.models import Job, JobStatus


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "event", "status", "attempts", "updated_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["task", "last_error"]
    actions = ["retry_failed"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Try the selected failed tasks again")
    def retry_failed(self, request, queryset) -> None:
        retried = 0
        for job in queryset.filter(status=JobStatus.FAILED):
            if background.retry(job):
                record.change(job, {"status": (JobStatus.FAILED, JobStatus.QUEUED)})
                retried += 1
        self.message_user(request, f"{retried} task(s) queued again.", messages.SUCCESS)
