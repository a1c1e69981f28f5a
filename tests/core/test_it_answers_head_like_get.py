"""HEAD is answered wherever GET is, with GET's headers and no body (load balancers probe
with HEAD); it never reaches a view that only takes POST."""

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from memorialmiles.core.middleware import HeadAsGetMiddleware
from timing.timingkit import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(crumby):
    event = make_event(status="scheduled")
    return [
        "/healthz",
        "/",
        "/about/",
        "/heroes/",
        f"/heroes/{crumby.pk}/",
        "/heroes/export.csv",
        "/events/",
        f"/events/{event.pk}/",
        "/events/calendar.ics",
        f"/events/{event.pk}/results.csv",
        "/timing/join/",
        "/favicon.ico",
        "/api/docs",
        "/api/openapi.json",
        "/api/v1/heroes",
        f"/api/v1/heroes/{crumby.pk}",
        "/api/v1/events",
        f"/api/v1/events/{event.pk}",
        f"/api/v1/timing/events/{event.pk}/results",
    ]


def test_it_answers_head_with_200_and_no_body_wherever_get_answers(client, urls):
    for url in urls:
        get = client.get(url)
        assert get.status_code == 200, url
        head = client.head(url)
        assert head.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b"", url


def test_it_keeps_post_only_views_closed_to_head(client, alice):
    client.force_login(alice)
    event = make_event()
    response = client.head(f"/timing/events/{event.pk}/code/")
    assert response.status_code == 405
    assert not event.join_codes.exists()


def test_the_middleware_drops_the_body_and_keeps_the_length():
    seen = []

    def view(request):
        seen.append(request.method)
        return HttpResponse(b"x" * 1234, content_type="text/plain")

    response = HeadAsGetMiddleware(view)(RequestFactory().head("/"))
    assert seen == ["GET"]
    assert response.content == b""
    assert response["Content-Length"] == "1234"

    streamed = HeadAsGetMiddleware(lambda r: StreamingHttpResponse(iter([b"a", b"b"])))
    assert b"".join(streamed(RequestFactory().head("/")).streaming_content) == b""


def test_it_serves_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/core/favicon.svg").status_code == 200
