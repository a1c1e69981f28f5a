import contextlib

from django import forms
from django.contrib import admin
from django.template import Engine, TemplateSyntaxError

from memorialmiles.messaging.models import EmailTemplate, OutboxMessage, Unsubscribe
from memorialmiles.messaging.rendering import UnknownTemplate, file_source


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "template", "kind", "event", "state", "attempts"]
    list_filter = ["status", "kind", "template"]
    search_fields = ["to", "subject"]
    list_select_related = ["event", "job"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["name", "subject", "body"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        try:
            file_source(name)
        except UnknownTemplate as exc:
            raise forms.ValidationError(str(exc)) from None
        return name

    def _compiles(self, field: str) -> str:
        text = self.cleaned_data[field]
        try:
            Engine.get_default().from_string(text)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(f"This template does not read: {exc}") from None
        return text

    def clean_subject(self) -> str:
        return self._compiles("subject")

    def clean_body(self) -> str:
        return self._compiles("body")


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    """Stored wording replaces the file; a new one starts from the file's text."""

    form = EmailTemplateForm

    list_display = ["name", "subject", "updated_at"]

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        name = initial.get("name")
        if name:
            with contextlib.suppress(UnknownTemplate):
                initial["subject"], initial["body"] = file_source(name)
        return initial


@admin.register(Unsubscribe)
class UnsubscribeAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]
