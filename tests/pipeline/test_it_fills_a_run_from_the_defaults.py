"""Creating a run from a hero fills every field from the organization's defaults."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from memorialmiles.events.models import MemorialItem, ProgramItem, ProgramTemplate
from memorialmiles.pipeline.models import OrganizationDefaults, StateItemRule
from memorialmiles.pipeline.services import fill, plan_run, proposed_dates

pytestmark = pytest.mark.django_db

INTRO = (
    "Running for Officer Garrett Crumby, Huntsville Police Department, end of watch March 28, 2023"
)


def test_it_fills_every_field_from_the_defaults(crumby, alice):
    defaults = OrganizationDefaults.load()
    defaults.organized_by = "Running 4 Heroes"
    defaults.capacity = 150
    defaults.start_time = dt.time(8, 30)
    defaults.save()
    event, created = plan_run(crumby, alice)
    assert created
    assert event.organized_by == "Running 4 Heroes" and event.capacity == 150
    assert event.summary.startswith("We run one mile in honor of Officer Garrett Crumby, ")
    assert "Huntsville Police Department" in event.summary and "March 28, 2023" in event.summary
    assert "{" not in event.summary
    assert event.how_to_join == defaults.how_to_join
    assert (event.waiver_text, event.waiver_version) == (defaults.waiver_text, "2026-1")
    assert event.local_start.time() == dt.time(8, 30)
    assert event.time_zone == "America/Chicago"
    assert event.local_start.date().isoformat() == event.plan.proposed_dates[0]


def test_the_programs_intro_line_is_filled_from_the_hero(planned, client):
    titles = list(planned.program.values_list("title", flat=True))
    assert INTRO in titles
    assert not any("…" in t or "..." in t for t in titles)


def test_a_program_template_of_the_defaults_is_used_and_filled(crumby, alice):
    template = ProgramTemplate.objects.create(
        name="Short",
        items=[
            {"kind": "intro", "title": "Running for …", "offset_minutes": -2},
            {"kind": "mile", "title": "The mile", "offset_minutes": 0},
        ],
    )
    defaults = OrganizationDefaults.load()
    defaults.program_template = template
    defaults.save()
    event, _ = plan_run(crumby, alice)
    assert list(event.program.values_list("title", flat=True)) == [INTRO, "The mile"]


def test_an_old_placeholder_never_reaches_the_public_program(client, crumby, alice):
    from memorialmiles.events.models import Dedication, Event

    event = Event.objects.create(title="Old run", status="scheduled", time_zone="America/Chicago")
    Dedication.objects.create(event=event, hero=crumby, mile=7)
    ProgramItem.objects.create(event=event, kind="intro", title="Running for …", order=0)
    page = client.get(reverse("event", args=[event.pk])).content.decode()
    assert INTRO in page and "Running for …" not in page
    data = client.get(f"/api/v1/events/{event.pk}").json()
    assert data["program"][0]["title"] == INTRO


def test_state_rules_create_the_items_with_the_run(crumby, make_hero, alice):
    StateItemRule.objects.create(state="AL", kind="mount", recipient_kind="department")
    StateItemRule.objects.create(state="GA", kind="letter")
    event, _ = plan_run(crumby, alice)
    items = {(i.kind, i.recipient_kind, i.recipient) for i in event.memorial_items.all()}
    assert items == {
        ("flag", "family", "the Crumby family"),
        ("mount", "department", "Huntsville Police Department"),
    }
    assert all(i.dedication.hero == crumby for i in MemorialItem.objects.filter(event=event))


def test_a_second_click_answers_the_first_run(crumby, alice):
    first, _ = plan_run(crumby, alice)
    second, created = plan_run(crumby, alice)
    assert second == first and not created
    assert first.memorial_items.count() == 1


def test_the_proposed_dates_are_saturdays_after_the_lead_time():
    defaults = OrganizationDefaults(first_date_after_days=14, dates_proposed=3)
    dates = proposed_dates(defaults, dt.date(2026, 12, 1))  # a Tuesday
    assert dates == [dt.date(2026, 12, 19), dt.date(2026, 12, 26), dt.date(2027, 1, 2)]


def test_fill_leaves_other_braces_alone(crumby):
    assert fill("{hero} {unknown}", crumby) == "Officer Garrett Crumby {unknown}"


def test_the_defaults_are_one_row_edited_in_the_back_office(admin_client):
    OrganizationDefaults.load()
    listing = admin_client.get(reverse("admin:pipeline_organizationdefaults_changelist"))
    assert listing.status_code == 200 and "/pipeline/organizationdefaults/1/change/" in (
        listing.content.decode()
    )
    change = reverse("admin:pipeline_organizationdefaults_change", args=[1])
    assert admin_client.get(change).status_code == 200
    add = admin_client.get(reverse("admin:pipeline_organizationdefaults_add"))
    assert add.status_code == 403
    assert OrganizationDefaults.objects.count() == 1
