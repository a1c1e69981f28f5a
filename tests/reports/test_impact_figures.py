"""The impact figures against the database: listed, finished runs only."""

from __future__ import annotations

import pytest

from memorialmiles.reports.impact import impact, running_count

EXPECTED = {
    "miles": 4,  # four dedications on the two listed finished runs
    "heroes_honored": 3,  # Crumby is honored twice, counted once
    "runs": 2,
    "runners": 5,
    "agencies": 2,
    "states": 2,
    "flags_presented": 2,  # one presented, one received; the ordered one is not
}


def test_it_counts_listed_finished_runs_only(runs):
    figures = impact().as_json()
    assert {k: figures[k] for k in EXPECTED} == EXPECTED
    assert running_count() == 4


def test_it_counts_by_the_runs_local_year_and_the_heroes_state(runs):
    figures = impact().as_json()
    # the Dallas run is 2025-01-01 03:00 UTC: still 2024 in Chicago
    assert figures["by_year"] == [
        {"year": 2023, "miles": 2, "runs": 1, "heroes_honored": 2},
        {"year": 2024, "miles": 2, "runs": 1, "heroes_honored": 2},
    ]
    assert figures["by_state"] == [
        {"state": "AL", "name": "Alabama", "miles": 3, "heroes_honored": 2},
        {"state": "TX", "name": "Texas", "miles": 1, "heroes_honored": 1},
    ]


def test_one_year_alone(runs):
    assert impact(2023).miles == 2
    assert impact(2024).runs == 1
    assert impact(1999).miles == 0


def test_the_api_answers_the_same(client, runs):
    body = client.get("/api/v1/impact").json()
    assert {k: body[k] for k in EXPECTED} == EXPECTED
    assert len(body["by_year"]) == 2 and len(body["by_state"]) == 2
    assert "Counted" not in str(body)


@pytest.mark.django_db
def test_an_empty_site_has_zeros(client):
    body = client.get("/api/v1/impact").json()
    assert body == {
        "miles": 0,
        "heroes_honored": 0,
        "runs": 0,
        "runners": 0,
        "agencies": 0,
        "states": 0,
        "flags_presented": 0,
        "by_year": [],
        "by_state": [],
    }
