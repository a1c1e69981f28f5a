"""Heavy public exports: a budget per address, then 429 with Retry-After."""

import pytest

from timing.timingkit import make_event

pytestmark = pytest.mark.django_db


def drain(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(
    ("url", "budget"),
    [("/heroes/export.csv", 10), ("/events/calendar.ics", 60), ("results.csv", 60)],
)
def test_it_refuses_an_export_past_its_budget(client, crumby, url, budget):
    if url == "results.csv":
        url = f"/events/{make_event().pk}/results.csv"
    for _ in range(budget):
        assert drain(client.get(url)).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 1200
    assert "Too many requests" in refused.content.decode()
    # Someone else is not affected.
    assert drain(client.get(url, REMOTE_ADDR="198.51.100.30")).status_code == 200


def test_it_does_not_limit_the_honor_wall_page_itself(client, crumby):
    for _ in range(15):
        assert client.get("/heroes/").status_code == 200


def test_it_refuses_certificates_past_their_budget(client):
    event = make_event()
    url = f"/events/{event.pk}/results/1/certificate.pdf"  # drawn anew on every request
    for _ in range(60):
        assert client.get(url).status_code != 429
    refused = client.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert client.get(url, REMOTE_ADDR="198.51.100.31").status_code != 429
