"""Every list of /api/v1 answers at most 500 rows; a larger `limit`, a negative or huge
offset is refused with 422 before any query runs, and the bounds are in the OpenAPI document."""

import pytest

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/heroes", "/api/v1/agencies", "/api/v1/events", "/api/v1/courses"]
REFUSED = [
    "limit=100000000",
    "limit=501",
    "limit=0",
    "limit=-1",
    "offset=-5",
    "offset=1e20",
    "offset=100000000000000000000",
    "offset=1000000001",
    "limit=1e3",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("query", REFUSED)
def test_it_refuses_pages_out_of_bounds(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 422
    field = query.split("=")[0]
    assert [field] == [e["loc"][-1] for e in response.json()["detail"]]


@pytest.mark.parametrize("url", LISTS)
def test_it_takes_the_largest_page_and_the_last_offset(client, url):
    assert client.get(f"{url}?limit=500&offset=1000000000").json()["items"] == []


def test_it_answers_500_heroes_at_most(client, huntsville_pd, make_hero):
    from memorialmiles.honors.models import Hero

    Hero.objects.bulk_create(
        Hero(first_name="Pat", last_name=f"Officer{i:03}", state="AL", service="police")
        for i in range(501)
    )
    data = client.get("/api/v1/heroes?limit=500").json()
    assert data["count"] == 501 and len(data["items"]) == 500
    assert len(client.get("/api/v1/heroes?limit=500&offset=500").json()["items"]) == 1
    assert len(client.get("/api/v1/heroes").json()["items"]) == 100  # the default page


def test_it_documents_the_cap_on_every_list(client):
    """Generated from the document: a new list operation without the cap fails here."""
    doc = client.get("/api/openapi.json").json()
    lists = []
    for path, operations in doc["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        ok = get["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" in ok:
            ok = doc["components"]["schemas"][ok["$ref"].split("/")[-1]]
        if "items" not in ok.get("properties", {}):
            continue
        lists.append(path)
        params = {p["name"]: p["schema"] for p in get.get("parameters", [])}
        assert params["limit"]["maximum"] == 500, path
        assert params["offset"]["minimum"] == 0 and params["offset"]["maximum"] == 10**9, path
        assert "422" in get["responses"], path
    assert sorted(lists) == sorted(LISTS)
