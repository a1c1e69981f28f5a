from __future__ import annotations

from django import forms

from memorialmiles.honors.models import Agency, Hero
from memorialmiles.tourplans.models import Tour

# The candidate list shows this many agencies at most; a state filter narrows it.
CANDIDATES = 300


class TourForm(forms.ModelForm):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    heroes = forms.ModelMultipleChoiceField(
        queryset=Hero.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Tour
        fields = [
            "name",
            "start_name",
            "start_lat",
            "start_lon",
            "start_date",
            "miles_per_day",
            "rest_every",
            "max_drive_hours",
        ]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = Hero.objects.awaiting_mile().filter(agency__isnull=False)
        self.fields["heroes"].queryset = waiting
        self.fields["agencies"].queryset = Agency.objects.filter(pk__in=waiting.values("agency_id"))
        self.fields["start_lat"].widget.attrs.update(min=-90, max=90, step="any")
        self.fields["start_lon"].widget.attrs.update(min=-180, max=180, step="any")

    def clean_start_lat(self):
        value = self.cleaned_data["start_lat"]
        if not -90 <= value <= 90:
            raise forms.ValidationError("A latitude is between -90 and 90.")
        return value

    def clean_start_lon(self):
        value = self.cleaned_data["start_lon"]
        if not -180 <= value <= 180:
            raise forms.ValidationError("A longitude is between -180 and 180.")
        return value

    def clean_miles_per_day(self):
        value = self.cleaned_data["miles_per_day"]
        if not 1 <= value <= 2000:
            raise forms.ValidationError("Between 1 and 2,000 miles a day.")
        return value

    def clean_rest_every(self):
        value = self.cleaned_data["rest_every"]
        if value == 1 or value > 60:
            raise forms.ValidationError("0 for no rest days, or 2 to 60.")
        return value

    def clean_max_drive_hours(self):
        value = self.cleaned_data["max_drive_hours"]
        if not 0 < value <= 24:
            raise forms.ValidationError("More than 0 and at most 24 hours.")
        return value

    def clean(self):
        data = super().clean()
        if not data.get("agencies") and not data.get("heroes"):
            raise forms.ValidationError("Pick at least one agency or hero from the backlog.")
        return data


class StopEditForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("move", "pin", "unpin", "window", "drop", "restore")]
    )
    day = forms.DateField(required=False)
    earliest = forms.DateField(required=False)
    latest = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") in ("move", "pin") and not data.get("day"):
            raise forms.ValidationError("Give the day to run this stop on.")
        early, late = data.get("earliest"), data.get("latest")
        if early and late and early > late:
            raise forms.ValidationError("The window's first day comes after its last.")
        return data
