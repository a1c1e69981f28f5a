"""A grant from application to award: private all the way, each step in its order, the
applicant told at each one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from background import burst
from memorialmiles.support.models import GrantApplication, GrantStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def application_form(**changes):
    data = {
        "applicant_kind": "agency",
        "responder_name": "Jordan Reyes",
        "responder_rank": "Officer",
        "agency_name": "Huntsville Police Department",
        "contact_name": "Lt. Dana Park",
        "email": "dana.park@example.org",
        "phone": "256-555-0142",
        "injury_date": "2026-05-02",
        "story": "Struck by a car at a traffic stop; months of rehabilitation ahead.",
        "amount_requested": "2500",
        "consent": "on",
    }
    data.update(changes)
    return data


def apply(client, documents=(), **changes):
    data = application_form(**changes)
    if documents:
        data["documents"] = list(documents)
    return client.post(reverse("grant_apply"), data)


def test_an_application_is_kept_private_with_its_documents(client, private_root, settings):
    letter = SimpleUploadedFile("doctor letter.pdf", PDF, content_type="application/pdf")
    response = apply(client, [letter])
    application = GrantApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == application.get_status_url()
    assert application.consent_at is not None
    assert application.status == GrantStatus.SUBMITTED
    document = application.documents.get()
    assert document.content_type == "application/pdf"
    stored = private_root / document.file.name
    assert stored.read_bytes() == PDF
    assert not any(settings.MEDIA_ROOT.rglob("*.pdf")) if settings.MEDIA_ROOT.exists() else True
    burst()
    [message] = mail.outbox
    assert message.to == ["dana.park@example.org"]
    assert settings.SITE_URL + application.get_status_url() in message.body


def test_the_applicant_sees_the_status_not_the_committee_notes(client, private_root, carol):
    apply(client)
    application = GrantApplication.objects.get()
    from memorialmiles.support import grants

    grants.review(application, carol, 4, "Strong case; the chief's letter is moving.")
    page = client.get(application.get_status_url()).content.decode()
    assert "Submitted, with the committee" in page
    assert "moving" not in page
    assert "Struck by a car" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "This field is required"),
        ({"injury_date": "2099-01-01"}, "cannot be in the future"),
        ({"amount_requested": "100001"}, "less than or equal to 100000"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
    ],
)
def test_a_careless_application_is_refused_and_nothing_is_written(
    client, private_root, changes, message
):
    response = apply(client, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GrantApplication.objects.exists()
    burst()
    assert not mail.outbox


def test_a_program_renamed_pdf_is_refused_by_its_bytes(client, private_root):
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = apply(client, [fake])
    assert response.status_code == 400
    assert "letter.pdf: not a PDF, PNG or JPEG file" in response.content.decode()
    assert not GrantApplication.objects.exists()
    assert not any(private_root.rglob("*")) if private_root.exists() else True


def test_a_document_one_byte_over_the_limit_is_refused(client, private_root, settings):
    settings.GRANT_DOCUMENT_MAX_BYTES = len(PDF) - 1
    response = apply(client, [SimpleUploadedFile("big.pdf", PDF)])
    assert response.status_code == 400
    assert "big.pdf" in response.content.decode()
    settings.GRANT_DOCUMENT_MAX_BYTES = len(PDF)
    assert apply(client, [SimpleUploadedFile("ok.pdf", PDF)]).status_code == 302


def test_six_documents_are_one_too_many(client, private_root):
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)]
    response = apply(client, files)
    assert response.status_code == 400
    assert "At most 5 documents" in response.content.decode()


def test_from_application_to_award(
    client, private_root, carol, chris, bea, run, django_capture_on_commit_callbacks
):
    apply(client)
    application = GrantApplication.objects.get()
    url = application.get_absolute_url()
    burst()
    mail.outbox.clear()

    client.force_login(carol)
    client.post(reverse("grant_review", args=[application.pk]), {"score": "5", "notes": "Yes."})
    client.force_login(chris)
    client.post(reverse("grant_review", args=[application.pk]), {"score": "3", "notes": "Maybe."})
    client.post(reverse("grant_review", args=[application.pk]), {"score": "4", "notes": "Yes."})
    application.refresh_from_db()
    assert sorted(r.score for r in application.reviews.all()) == [4, 5]  # one score each
    assert application.average_score == 4.5

    client.post(
        reverse("grant_recommend", args=[application.pk]),
        {"action": "recommend", "amount": "2000", "note": "Recommend $2,000."},
    )
    application.refresh_from_db()
    assert application.status == GrantStatus.RECOMMENDED

    client.force_login(bea)
    page = client.get(url).content.decode()
    assert "carol" in page and "5 of 5" in page and "chris" in page  # the board reads each score
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("grant_decide", args=[application.pk]),
            {"decision": "approve", "amount": "2000", "note": "Approved."},
        )
        client.post(reverse("grant_award", args=[application.pk]), {"event": run.pk, "note": ""})
    application.refresh_from_db()
    assert application.status == GrantStatus.AWARDED
    assert application.decided_by == bea
    assert application.award_amount == 2000
    assert application.award_event == run
    burst()
    assert [m.subject for m in mail.outbox] == [
        "Your grant application was approved",
        "The grant has been awarded",
    ]
    assert "$2000" in mail.outbox[0].body

    from auditlog.models import LogEntry

    changes = LogEntry.objects.filter(
        content_type__model="grantapplication", object_pk=str(application.pk)
    )
    assert changes.count() >= 4  # created, recommended, decided, awarded


def test_steps_keep_their_order_and_their_people(client, private_root, carol, bea):
    apply(client)
    application = GrantApplication.objects.get()
    client.force_login(bea)
    decide = reverse("grant_decide", args=[application.pk])
    page = client.post(decide, {"decision": "approve", "amount": "9999"}, follow=True)
    assert "that step is not open to it" in page.content.decode()
    assert (
        client.post(reverse("grant_review", args=[application.pk]), {"score": "5"}).status_code
        == 403
    )
    client.force_login(carol)
    assert client.post(decide, {"decision": "approve", "amount": "1"}).status_code == 403
    page = client.post(
        reverse("grant_recommend", args=[application.pk]),
        {"action": "recommend", "amount": "100"},
        follow=True,
    )
    assert "At least one committee member must score it first" in page.content.decode()
    application.refresh_from_db()
    assert application.status == GrantStatus.SUBMITTED
    assert application.award_amount is None


def test_a_score_of_six_is_not_a_score(client, private_root, carol):
    apply(client)
    application = GrantApplication.objects.get()
    client.force_login(carol)
    client.post(reverse("grant_review", args=[application.pk]), {"score": "6"})
    assert not application.reviews.exists()


def test_documents_only_for_the_committee_and_the_board(
    client, private_root, carol, bea, charlie, liam
):
    apply(client, [SimpleUploadedFile("letter.pdf", PDF)])
    application = GrantApplication.objects.get()
    url = reverse("grant_document", args=[application.pk, application.documents.get().pk])
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for outsider in (charlie, liam):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.get(application.get_absolute_url()).status_code == 403
    for reader in (carol, bea):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert "no-store" in response["Cache-Control"]


def test_a_document_of_another_application_is_not_found(client, private_root, carol):
    apply(client, [SimpleUploadedFile("a.pdf", PDF)])
    apply(client, responder_name="Someone Else")
    first, second = GrantApplication.objects.order_by("pk")
    client.force_login(carol)
    url = reverse("grant_document", args=[second.pk, first.documents.get().pk])
    assert client.get(url).status_code == 404


def test_applying_is_rate_limited(client, private_root):
    statuses = [apply(client, responder_name=f"R{n}").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
