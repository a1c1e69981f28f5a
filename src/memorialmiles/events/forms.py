"""Forms: each says what to fix in words a runner or an organizer understands."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from memorialmiles.events.bulk import BulkError, RosterText, decode_roster
from memorialmiles.events.models import Event, Registration, RegistrationRole
from memorialmiles.events.zones import WallClockError, wall_clock_to_aware


class RegistrationForm(forms.ModelForm):
    """The public registration form; the waiver box must be ticked when the event has a waiver."""

    accept_waiver = forms.BooleanField(
        required=False, label="I have read and accept the waiver above"
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    class Meta:
        model = Registration
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "team",
            "role",
            "emergency_name",
            "emergency_phone",
            "is_minor",
            "guardian_name",
        ]
        labels = {
            "phone": "Phone (optional)",
            "team": "Agency or team (optional)",
            "is_minor": "The runner is under 18",
            "guardian_name": "Parent or guardian's name",
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "emergency_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["email"].required = True
        self.fields["emergency_name"].required = True
        self.fields["emergency_phone"].required = True
        self.fields["role"].choices = RegistrationRole.choices

    def clean(self):
        data = super().clean()
        if self.event.waiver_text and not data.get("accept_waiver"):
            self.add_error("accept_waiver", "Please read the waiver and tick the box to accept it.")
        if data.get("is_minor") and not (data.get("guardian_name") or "").strip():
            self.add_error("guardian_name", "A runner under 18 needs a parent or guardian's name.")
        return data

    def registration_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.cleaned_data.get("accept_waiver") and self.event.waiver_text:
            data["waiver_accepted_at"] = timezone.now()
            data["waiver_text"] = self.event.waiver_text
            data["waiver_version"] = self.event.waiver_version
        return data


class EventForm(forms.ModelForm):
    """The organizer's edit page; the start is typed as wall-clock time in the event's zone."""

    local_start = forms.DateTimeField(
        required=False,
        label="Starts at (local time at the event)",
        help_text="Wall-clock time in the run's time zone below.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    stream_url = forms.URLField(required=False, assume_scheme="https", label="Stream link")

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "time_zone",
            "place_name",
            "place_address",
            "latitude",
            "longitude",
            "course",
            "organized_by",
            "visibility",
            "summary",
            "how_to_join",
            "stream_url",
            "capacity",
            "registration_open",
            "waiver_text",
            "waiver_version",
            "first_bib",
            "auto_bibs",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.local_start:
            self.initial["local_start"] = self.instance.local_start.replace(tzinfo=None)

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"]
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise forms.ValidationError("Use an IANA zone such as America/Chicago.") from exc
        return value

    def clean(self):
        """The typed start is wall-clock time in the zone chosen in this same form.

        The model's own checks (a past run with registration open) must see the new start, so
        the instance gets it before they run.
        """
        data = super().clean()
        local = data.get("local_start")
        zone = data.get("time_zone") or self.instance.time_zone
        data["starts_at"] = None
        if local is not None and zone and not self.has_error("time_zone"):
            naive = local.replace(tzinfo=None) if timezone.is_aware(local) else local
            try:
                aware = wall_clock_to_aware(naive, zoneinfo.ZoneInfo(zone))
            except WallClockError as exc:
                self.add_error("local_start", str(exc))
            else:
                data["starts_at"] = aware.astimezone(dt.UTC)
        if local is None or data["starts_at"] is not None:
            self.instance.starts_at = data["starts_at"]
        return data

    def save(self, commit: bool = True) -> Event:
        event = super().save(commit=False)
        event.starts_at = self.cleaned_data.get("starts_at")
        if commit:
            event.save()
            self.save_m2m()
        return event


class BulkRegistrationForm(forms.Form):
    """A liaison's list: a CSV file, or lines pasted as 'First Last, email' or CSV with a header."""

    file = forms.FileField(required=False, label="CSV file")
    pasted = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Or paste names, one per line (First Last, optional email)",
    )
    agency = forms.ModelChoiceField(queryset=None, label="Agency")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_file(self) -> RosterText | None:
        """The roster as text, whatever saved it (UTF-8, BOM, Windows-1252, or lines of both)."""
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(settings.MAX_UPLOAD_BYTES)}."
            )
        try:
            return decode_roster(upload.read())
        except BulkError as error:
            raise forms.ValidationError(f"{upload.name}: {error}") from None

    def roster(self) -> RosterText:
        return self.cleaned_data["file"] or RosterText(self.cleaned_data["pasted"])

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("pasted") or "").strip():
            raise forms.ValidationError("Choose a CSV file or paste a list of names.")
        return data
