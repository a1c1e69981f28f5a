"""Public read endpoints for the honor roll: the same filters as the honor wall."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from memorialmiles.api.common import READ, READ_ONE, Id, Pagination, Text, errors
from memorialmiles.core.converters import MAX_ID
from memorialmiles.honors.models import YEAR_MAX, YEAR_MIN, Agency, Hero
from memorialmiles.honors.search import order_heroes

heroes_router = Router(tags=["heroes"])
agencies_router = Router(tags=["agencies"])


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    city: str
    state: str
    country: str
    latitude: float | None
    longitude: float | None
    identifier: str


class SourceOut(Schema):
    registry: str
    source_id: str
    url: str
    attribution: str
    license: str


class HeroOut(Schema):
    id: int
    name: str
    rank: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    k9: bool
    service: str
    agency: str | None = Field(None, description="The agency's name.")
    agency_id: int | None
    state: str
    country: str
    end_of_watch: dt.date | None
    cause: str
    mile_status: str = Field(description="waiting (no mile yet), scheduled or honored.")
    url: str

    @staticmethod
    def resolve_agency(obj: Hero) -> str | None:
        return obj.agency.name if obj.agency_id else None

    @staticmethod
    def resolve_url(obj: Hero) -> str:
        return obj.get_absolute_url()


class HeroDetailOut(HeroOut):
    incident_date: dt.date | None
    biography: str
    sources: list[SourceOut]

    @staticmethod
    def resolve_biography(obj: Hero) -> str:
        return obj.public_biography

    @staticmethod
    def resolve_sources(obj: Hero) -> list:
        return list(obj.sources.all())


class HeroFilters(Schema):
    q: Text | None = Field(
        None,
        description="Name, agency, rank, state, K9 or year, as on the honor wall: each word "
        "matches a word start or a word one or two typos away; best matches first.",
    )
    state: Text | None = None
    service: Text | None = None
    year: int | None = Field(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="Year of the end of watch."
    )
    k9: bool | None = None
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="Agency id.")
    cause: Text | None = None
    status: Text | None = Field(None, description="Mile status: waiting, scheduled, honored.")
    sort: Text | None = Field(
        None, description="name, eow, -eow or state; best match (or name, without q) if not given."
    )


@heroes_router.get(
    "", response={200: list[HeroOut], **errors(*READ)}, summary="List heroes (the honor wall)"
)
@paginate(Pagination)
def list_heroes(request, filters: Query[HeroFilters]):
    params = filters.dict()
    if params.get("k9") is not None:
        params["k9"] = "1" if params["k9"] else "0"
    heroes = Hero.objects.filter_wall(params).with_mile_status().for_list()
    return order_heroes(heroes, params)


@heroes_router.get(
    "/{hero_id}",
    response={200: HeroDetailOut, **errors(*READ_ONE)},
    summary="One hero with sources",
)
def get_hero(request, hero_id: Id):
    return get_object_or_404(Hero.objects.with_mile_status().select_related("agency"), pk=hero_id)


class AgencyFilters(Schema):
    q: Text | None = None
    state: Text | None = None
    kind: Text | None = None


@agencies_router.get("", response={200: list[AgencyOut], **errors(*READ)}, summary="List agencies")
@paginate(Pagination)
def list_agencies(request, filters: Query[AgencyFilters]):
    qs = Agency.objects.all()
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.state:
        qs = qs.filter(state=filters.state.upper())
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("state", "name", "id")


@agencies_router.get(
    "/{agency_id}", response={200: AgencyOut, **errors(*READ_ONE)}, summary="One agency"
)
def get_agency(request, agency_id: Id):
    return get_object_or_404(Agency, pk=agency_id)
