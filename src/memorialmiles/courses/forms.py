"""The course upload form, shared by the organizer page and the admin."""

from __future__ import annotations

from django import forms
from django.conf import settings

from memorialmiles import gps
from memorialmiles.core.roles import is_organizer
from memorialmiles.courses import services
from memorialmiles.courses.models import Course
from memorialmiles.honors.models import Agency

ACCEPT = ".gpx,.tcx,.fit,.geojson,.json,.txt,.polyline"


class CourseUploadForm(forms.ModelForm):
    """Name and places from the person, distance and line from the file.

    A liaison may only attach a course to an agency they act for, and must choose one; an
    organizer may choose any agency or none. The file is measured while the form is cleaned,
    so a bad file comes back as a field error naming the file and the line or point.
    """

    upload = forms.FileField(
        label="GPS file",
        help_text="GPX, TCX, FIT, GeoJSON or an encoded polyline.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Course
        fields = ["name", "start_place", "finish_place", "agency", "description"]
        labels = {
            "name": "Course name",
            "start_place": "Start place",
            "finish_place": "Finish place",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measured: services.Measured | None = None
        self.user = user
        agency = self.fields["agency"]
        if user is not None and not is_organizer(user):
            agency.queryset = Agency.objects.filter(liaisons__user=user).order_by("name")
            agency.required = True
            agency.help_text = "One of the agencies you are liaison for."
        else:
            agency.queryset = Agency.objects.order_by("name")
        self.fields[
            "upload"
        ].help_text += f" Up to {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        try:
            self.measured = services.read_upload(upload)
        except gps.GpsError as exc:
            raise forms.ValidationError(str(exc), code="gps") from None
        return upload

    def save(self, commit: bool = True) -> Course:
        course = super().save(commit=False)
        if self.measured is not None:
            services.apply(course, self.measured)
        if course.created_by_id is None and getattr(self.user, "is_authenticated", False):
            course.created_by = self.user
        if commit:
            course.save()
        return course


class CourseAdminForm(CourseUploadForm):
    """The admin's form: every field, and a new file optional when editing a course."""

    class Meta:
        model = Course
        fields = [
            "name",
            "start_place",
            "finish_place",
            "agency",
            "description",
            "illustrative",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].required = False
            self.fields["upload"].help_text = "Replace the track (optional). " + (
                self.fields["upload"].help_text
            )

    def clean_upload(self):
        if not self.cleaned_data.get("upload"):
            return None
        return super().clean_upload()
