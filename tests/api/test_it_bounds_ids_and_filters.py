"""Ids beyond 64 bits, years outside the roll and other bad query values answer a 4xx from
the API, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999"
ID_PATHS = [
    "/api/v1/heroes/{}",
    "/api/v1/agencies/{}",
    "/api/v1/events/{}",
    "/api/v1/courses/{}",
    "/api/v1/courses/{}/geometry",
    "/api/v1/timing/events/{}/results",
]


@pytest.mark.parametrize("path", ID_PATHS)
@pytest.mark.parametrize("value", [BIG, "9223372036854775808", "0", "-1"])
def test_it_refuses_ids_no_key_can_hold(client, path, value):
    response = client.get(path.format(value))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "path"


@pytest.mark.parametrize("path", ID_PATHS)
def test_it_answers_404_for_the_largest_id(client, path):
    assert client.get(path.format(2**63 - 1)).status_code == 404


@pytest.mark.parametrize(
    "query", ["year=10000", "year=0", "year=1699", "year=x", f"agency={BIG}", "agency=0"]
)
def test_it_refuses_bad_hero_filters(client, crumby, query):
    response = client.get(f"/api/v1/heroes?{query}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", query.split("=")[0]]


def test_it_still_filters_by_year_and_agency(client, crumby, huntsville_pd):
    url = f"/api/v1/heroes?year=2023&agency={huntsville_pd.pk}"
    assert [h["id"] for h in client.get(url).json()["items"]] == [crumby.pk]


def test_it_documents_every_path_id_as_64_bit(client):
    doc = client.get("/api/openapi.json").json()
    seen = 0
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            for p in operation.get("parameters", []):
                if p["in"] == "path":
                    seen += 1
                    assert p["schema"]["maximum"] == 2**63 - 1, path
                    assert "422" in operation["responses"], path
    assert seen >= 10
