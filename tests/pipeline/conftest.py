"""Pipeline fixtures: Huntsville's contact on the agency, a planned run, its agency link."""

from __future__ import annotations

import re

import pytest

from background import burst


@pytest.fixture
def contact(huntsville_pd):
    huntsville_pd.contact_name = "Lt. Dana Reyes"
    huntsville_pd.contact_email = "reyes@huntsvilleal.example"
    huntsville_pd.save()
    return huntsville_pd


@pytest.fixture
def planned(crumby, contact, alice):
    from memorialmiles.pipeline.services import plan_run

    event, _ = plan_run(crumby, alice)
    return event


@pytest.fixture
def invite_link(planned, mailoutbox):
    """The path of the link the agency's email carries (the email read, not the token made)."""
    from memorialmiles.pipeline.services import invite

    invite(planned)
    burst()
    return link_in(mailoutbox[-1].body)


def link_in(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/pipeline/agency/[\w-]+/)", body).group(1)


ANSWERS = {
    "meeting_place": "Big Spring Park, east lawn",
    "officers_expected": "24",
    "roster": "Sam Ortiz, sam.ortiz@huntsvilleal.example\nJo Park",
    "family_contact_name": "Mary Crumby",
    "family_contact_email": "mary.crumby.private@example.com",
    "family_contact_phone": "256-555-0142",
    "family_address": "12 Private Lane, Huntsville AL",
    "presenter": "Chief Kirk Giles",
}


@pytest.fixture
def answers(planned):
    return {**ANSWERS, "date_choice": planned.plan.proposed_dates[1]}
