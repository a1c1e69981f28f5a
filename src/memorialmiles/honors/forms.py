from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from memorialmiles.core.converters import MAX_ID
from memorialmiles.honors.models import YEAR_MAX, YEAR_MIN, Service
from memorialmiles.registry import FORMATS, TARGETS


class RegistryUploadForm(forms.Form):
    file = forms.FileField(help_text="A CSV export of a memorial registry.")
    format = forms.ChoiceField(
        choices=[("", "Recognise from the header row"), *[(n, n) for n in FORMATS]],
        required=False,
    )
    service = forms.ChoiceField(
        choices=[("", "From the file"), *Service.choices],
        required=False,
        help_text="The service of every row that does not say (a firefighter list: Fire).",
    )
    mapping = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For the generic csv format, one COLUMN=FIELD per line, e.g. "
        "'Date of Death=end_of_watch'. Fields: " + ", ".join(TARGETS),
    )
    date_format = forms.CharField(
        required=False, help_text="e.g. %d/%m/%Y, when dates are not recognised"
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, help_text="Check and count only; write nothing."
    )
    strict = forms.BooleanField(required=False, help_text="Write nothing if any row is rejected.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(settings.MAX_UPLOAD_BYTES)}."
            )
        return upload

    def clean_mapping(self):
        mapping = {}
        for number, line in enumerate(self.cleaned_data["mapping"].splitlines(), start=1):
            if not line.strip():
                continue
            column, sep, target = line.rpartition("=")
            if not sep or not column.strip() or target.strip() not in TARGETS:
                raise forms.ValidationError(
                    f"Line {number} ({line.strip()!r}): expected COLUMN=FIELD with a field from "
                    "the list."
                )
            mapping[column.strip()] = target.strip()
        return mapping


class WallFilterForm(forms.Form):
    """The filters of the honor wall, its CSV and the backlog: a year or an agency id out of
    range, or a NUL character (PostgreSQL refuses it), is refused with a message (400)
    instead of reaching the database."""

    q = forms.CharField(required=False, strip=False)
    state = forms.CharField(required=False, strip=False)
    service = forms.CharField(required=False, strip=False)
    cause = forms.CharField(required=False, strip=False)
    status = forms.CharField(required=False, strip=False)
    sort = forms.CharField(required=False, strip=False)

    year = forms.IntegerField(
        label="Year of end of watch",
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "invalid": f"type a year from {YEAR_MIN} to {YEAR_MAX}.",
            "min_value": f"type a year from {YEAR_MIN} to {YEAR_MAX}.",
            "max_value": f"type a year from {YEAR_MIN} to {YEAR_MAX}.",
        },
    )
    agency = forms.IntegerField(
        label="Agency",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": "not an agency id.",
            "min_value": "not an agency id.",
            "max_value": "not an agency id.",
        },
    )


def filter_errors(params) -> list[str]:
    """The messages for bad filters in a query string, each naming its field; empty when all
    are usable."""
    form = WallFilterForm(params)
    if form.is_valid():
        return []
    return [
        f"{form.fields[name].label or name}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
