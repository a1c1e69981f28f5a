"""The board's filters, the flag's shipping form and the liaison's one page."""

from __future__ import annotations

import datetime as dt

from django import forms

from memorialmiles.core.converters import MAX_ID
from memorialmiles.courses.models import Course
from memorialmiles.honors.models import Agency, Service
from memorialmiles.honors.states import STATE_CHOICES
from memorialmiles.pipeline.models import MilePlan

OTHER = "other"


class BoardFilters(forms.Form):
    state = forms.ChoiceField(choices=[("", "All states"), *STATE_CHOICES], required=False)
    service = forms.ChoiceField(choices=[("", "All services"), *Service.choices], required=False)
    agency = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].widget = forms.Select(choices=self.agency_choices())

    @staticmethod
    def agency_choices() -> list[tuple[str, str]]:
        """Agencies that have a hero on the board's side of the roll: waiting or in a run."""
        agencies = Agency.objects.filter(heroes__isnull=False).distinct().order_by("name")[:500]
        return [("", "All agencies"), *((str(a.pk), str(a)) for a in agencies)]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class ShipForm(forms.Form):
    carrier = forms.CharField(max_length=60)
    tracking = forms.CharField(max_length=80, required=False, label="Tracking number")


class LiaisonForm(forms.ModelForm):
    """Everything the agency knows, on one page a phone can fill in a few minutes."""

    date_choice = forms.ChoiceField(label="Date", widget=forms.RadioSelect)
    other_date = forms.DateField(
        required=False,
        label="Another date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Only if none of the dates above works.",
    )
    course = forms.ModelChoiceField(
        Course.objects.none(), required=False, label="An existing course", empty_label="None"
    )
    course_file = forms.FileField(
        required=False, label="Or upload a course (GPX, TCX, FIT, GeoJSON)"
    )

    class Meta:
        model = MilePlan
        fields = [
            "meeting_place",
            "start_latitude",
            "start_longitude",
            "finish_latitude",
            "finish_longitude",
            "officers_expected",
            "roster",
            "family_contact_name",
            "family_contact_email",
            "family_contact_phone",
            "family_address",
            "presenter",
        ]
        labels = {
            "meeting_place": "Meeting place",
            "officers_expected": "Officers expected",
            "family_contact_name": "Family's contact for the flag",
        }
        widgets = {
            "roster": forms.Textarea(attrs={"rows": 4}),
            "family_address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan: MilePlan, **kwargs):
        super().__init__(*args, instance=plan, **kwargs)
        dates = [(d.isoformat(), f"{d:%A, %B} {d.day}, {d.year}") for d in plan.dates]
        self.fields["date_choice"].choices = [*dates, (OTHER, "Another date")]
        if plan.chosen_date and plan.chosen_date.isoformat() in plan.proposed_dates:
            self.initial["date_choice"] = plan.chosen_date.isoformat()
        elif plan.chosen_date:
            self.initial |= {"date_choice": OTHER, "other_date": plan.chosen_date}
        self.fields["meeting_place"].required = True
        self.fields["officers_expected"].widget.attrs |= {"min": 0, "max": 5000}
        self.fields["officers_expected"].max_value = 5000
        agency = plan.event.partner_agencies.first()
        courses = Course.objects.filter(agency=agency) if agency else Course.objects.none()
        self.fields["course"].queryset = courses.order_by("name")
        self.fields["course"].initial = plan.event.course_id

    def clean(self):
        data = super().clean()
        choice = data.get("date_choice")
        if choice == OTHER:
            if not data.get("other_date"):
                self.add_error("other_date", "Give the date you suggest.")
            data["chosen_date"] = data.get("other_date")
        elif choice:
            data["chosen_date"] = dt.date.fromisoformat(choice)
        for prefix in ("start", "finish"):
            lat, lon = data.get(f"{prefix}_latitude"), data.get(f"{prefix}_longitude")
            if (lat is None) != (lon is None):
                self.add_error(f"{prefix}_latitude", f"Give both coordinates of the {prefix}.")
            if lat is not None and not -90 <= lat <= 90:
                self.add_error(f"{prefix}_latitude", "A latitude is between -90 and 90.")
            if lon is not None and not -180 <= lon <= 180:
                self.add_error(f"{prefix}_longitude", "A longitude is between -180 and 180.")
        return data

    def answers(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields} | {
            "chosen_date": data["chosen_date"]
        }
