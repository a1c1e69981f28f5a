"""GET /api/v1/impact: the impact figures, listed and finished runs only."""

from __future__ import annotations

from ninja import Router, Schema

from memorialmiles.api.common import READ, errors
from memorialmiles.reports.impact import impact as impact_figures

impact_router = Router(tags=["impact"])


class YearOut(Schema):
    year: int
    miles: int
    runs: int
    heroes_honored: int


class StateOut(Schema):
    state: str
    name: str
    miles: int
    heroes_honored: int


class ImpactOut(Schema):
    miles: int
    heroes_honored: int
    runs: int
    runners: int
    agencies: int
    states: int
    flags_presented: int
    by_year: list[YearOut]
    by_state: list[StateOut]


@impact_router.get(
    "", response={200: ImpactOut, **errors(*READ)}, summary="Impact since the first mile"
)
def get_impact(request):
    """Miles run (one per dedication), heroes honored, runs, runners, agencies and states
    reached, flags presented, by year (the run's local year) and by the hero's state."""
    return impact_figures().as_json()
