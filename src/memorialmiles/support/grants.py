"""The grant's path: submitted, reviewed by each committee member, recommended (or declined) by
the committee, decided by the board, awarded. Each step checks the one before it, so a board
member cannot approve what the committee has not sent, nor an award happen twice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from memorialmiles.support import notify
from memorialmiles.support.models import GrantApplication, GrantReview, GrantStatus


class StepRefused(Exception):
    """The application is not at the step this action belongs to."""


def _at(application: GrantApplication, *statuses: str) -> None:
    if application.status not in statuses:
        raise StepRefused(
            f"This application is {application.get_status_display().lower()}; "
            "that step is not open to it."
        )


def _locked(application: GrantApplication) -> GrantApplication:
    return GrantApplication.objects.select_for_update().get(pk=application.pk)


def submitted(application: GrantApplication) -> None:
    notify.applicant(application, "grant_received")


@transaction.atomic
def review(application: GrantApplication, reviewer, score: int, notes: str) -> GrantReview:
    application = _locked(application)
    _at(application, GrantStatus.SUBMITTED)
    if not 1 <= score <= 5:
        raise ValueError("A score is a whole number from 1 to 5.")
    found, _ = GrantReview.objects.update_or_create(
        application=application, reviewer=reviewer, defaults={"score": score, "notes": notes}
    )
    return found


@transaction.atomic
def recommend(application: GrantApplication, amount: int | None, note: str, *, decline=False):
    application = _locked(application)
    _at(application, GrantStatus.SUBMITTED)
    if not application.reviews.exists():
        raise StepRefused("At least one committee member must score it first.")
    application.committee_note = note
    if decline:
        application.status = GrantStatus.DECLINED
        application.save()
        notify.applicant(application, "grant_declined")
        return application
    if not amount:
        raise ValueError("Say how much the committee recommends.")
    application.status = GrantStatus.RECOMMENDED
    application.recommended_amount = amount
    application.save()
    return application


@transaction.atomic
def decide(application: GrantApplication, by, approve: bool, amount: int | None, note: str):
    application = _locked(application)
    _at(application, GrantStatus.RECOMMENDED)
    if approve and not amount:
        raise ValueError("Say how much the board grants.")
    application.status = GrantStatus.APPROVED if approve else GrantStatus.DECLINED
    application.award_amount = amount if approve else None
    application.decided_by = by
    application.decided_at = timezone.now()
    application.decision_note = note
    application.save()
    template = "grant_approved" if approve else "grant_declined"
    notify.applicant(application, template)
    return application


@transaction.atomic
def award(application: GrantApplication, event, note: str):
    application = _locked(application)
    _at(application, GrantStatus.APPROVED)
    application.status = GrantStatus.AWARDED
    application.award_event = event
    application.awarded_at = timezone.now()
    application.award_note = note
    application.save()
    notify.applicant(application, "grant_awarded")
    return application
