"""Forms for applicants, donors, runners and the people who review and decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone

from memorialmiles.support.models import ApplicantKind, GiftKind

# What a document may be, by its first bytes rather than its name: a letter, a scan, a photo.
DOCUMENT_KINDS = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
MAX_DOCUMENTS = 5


def sniff(upload) -> str | None:
    head = upload.read(8)
    upload.seek(0)
    for magic, content_type in DOCUMENT_KINDS.items():
        if head.startswith(magic):
            return content_type
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_DOCUMENTS:
            raise forms.ValidationError(f"At most {MAX_DOCUMENTS} documents, please.")
        limit = settings.GRANT_DOCUMENT_MAX_BYTES
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    f"{upload.name}: {upload.size / 1e6:.1f} MB; each document may be at most "
                    f"{limit / 1e6:.0f} MB."
                )
            if sniff(upload) is None:
                raise forms.ValidationError(
                    f"{upload.name}: not a PDF, PNG or JPEG file (read from its first bytes)."
                )
        return files


class GrantApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(
        label="Who is applying", choices=ApplicantKind.choices, widget=forms.RadioSelect
    )
    responder_name = forms.CharField(label="The injured responder's name", max_length=200)
    responder_rank = forms.CharField(label="Rank or title", max_length=80, required=False)
    agency_name = forms.CharField(label="Agency", max_length=200)
    contact_name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="Your email")
    phone = forms.CharField(label="Your phone", max_length=40, required=False)
    injury_date = forms.DateField(
        label="Date of the injury", widget=forms.DateInput(attrs={"type": "date"})
    )
    story = forms.CharField(
        label="What happened, and what would the grant do?",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
    )
    amount_requested = forms.IntegerField(
        label="Amount requested (US dollars)", min_value=1, max_value=100_000
    )
    documents = DocumentsField(
        label="Documents (optional: PDF, PNG or JPEG, up to 5)", required=False
    )
    consent = forms.BooleanField(
        label="The responder consents to this application and to the grant committee and "
        "board reading it. It stays private."
    )

    def clean_injury_date(self):
        day = self.cleaned_data["injury_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of the injury cannot be in the future.")
        if day < dt.date(1900, 1, 1):
            raise forms.ValidationError("Check the year of the injury.")
        return day


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, widget=forms.RadioSelect
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class RecommendForm(forms.Form):
    action = forms.ChoiceField(choices=[("recommend", "Recommend"), ("decline", "Decline")])
    amount = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    amount = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AwardForm(forms.Form):
    event = forms.ModelChoiceField(
        queryset=None, required=False, label="Presented at (a run)", empty_label="Not at a run"
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from memorialmiles.events.models import Event

        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.visible().order_by("-starts_at")


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(
            min_value=Decimal("1"), max_value=Decimal("100000"), decimal_places=2, **kwargs
        )


class FundraiserForm(forms.Form):
    display_name = forms.CharField(
        label="Your name as the page shows it",
        max_length=80,
        help_text="For example your first name and last initial.",
    )
    goal = AmountField(label="Goal (US dollars)")
    story = forms.CharField(
        label="Why you run",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class GiveForm(forms.Form):
    amount = AmountField(label="Amount (US dollars)")
    donor_name = forms.CharField(label="Your name", max_length=200)
    donor_email = forms.EmailField(label="Your email, for the receipt")
    anonymous = forms.BooleanField(label="Do not show my name on the page", required=False)
    message = forms.CharField(label="A message (public)", max_length=300, required=False)
    how = forms.ChoiceField(
        label="How you give",
        choices=[(GiftKind.ONLINE, "Pay online now"), (GiftKind.PLEDGE, "Pledge, pay later")],
        widget=forms.RadioSelect,
    )
    fundraiser = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def gift_fields(self) -> dict:
        return _gift_fields(self.cleaned_data, "donor_name", "donor_email", "anonymous", "message")


def _gift_fields(data: dict, *names: str) -> dict:
    """The Gift's columns from a form's cleaned data: the amount in cents, the rest as typed."""
    return {"amount_cents": _cents(data["amount"]), **{name: data[name] for name in names}}


class OfflineGiftForm(forms.Form):
    kind = forms.ChoiceField(choices=[(GiftKind.CASH, "Cash"), (GiftKind.CHECK, "Check")])
    amount = AmountField()
    donor_name = forms.CharField(max_length=200)
    donor_email = forms.EmailField(required=False)
    check_number = forms.CharField(max_length=40, required=False)
    message = forms.CharField(max_length=300, required=False)
    anonymous = forms.BooleanField(required=False)

    def gift_fields(self) -> dict:
        return _gift_fields(
            self.cleaned_data, "donor_name", "donor_email", "check_number", "message", "anonymous"
        )
