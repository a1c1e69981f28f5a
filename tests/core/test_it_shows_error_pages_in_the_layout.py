"""403, 404 and 500 in the site's layout, telling a stranger nothing about the server."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LAYOUT = ('class="site-header"', "Skip to main content", 'href="/heroes/"', "site.css")


def in_layout(page: str) -> bool:
    return all(mark in page for mark in LAYOUT)


def test_it_answers_an_unknown_address_with_the_sites_404(client):
    response = client.get("/no-such-page-zq81/?token=s3cret")
    page = response.content.decode()
    assert response.status_code == 404
    assert in_layout(page)
    assert "Page not found" in page
    assert "zq81" not in page and "s3cret" not in page


def test_it_hides_the_message_of_a_views_404(client):
    response = client.get("/states/ZZ/")  # the view says "No such state or territory."
    page = response.content.decode()
    assert response.status_code == 404
    assert in_layout(page) and "Page not found" in page
    assert "No such state" not in page and "/states/ZZ" not in page


def test_it_answers_a_missing_role_with_the_sites_403(client, charlie):
    from timing.timingkit import make_event

    event = make_event()  # a run that exists: a missing run is a 404 before any role check
    client.force_login(charlie)
    response = client.get(f"/timing/events/{event.pk}/import/")
    page = response.content.decode()
    assert response.status_code == 403
    assert in_layout(page) and "Not allowed" in page
    assert "role this page needs" not in page  # the exception's own text
    assert "Log out" in page  # rendered with the request: the header knows who is there


def test_it_answers_a_crash_with_the_sites_500_and_no_detail(db, monkeypatch):
    from memorialmiles.honors.models import HeroQuerySet

    def crash(self):
        raise RuntimeError("database password is hunter2 at /srv/secret/path.py")

    monkeypatch.setattr(HeroQuerySet, "honor_roll_stats", crash)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 500
    assert in_layout(page)
    assert "Something went wrong" in page
    assert "hunter2" not in page and "/srv/" not in page and "Traceback" not in page


def test_it_renders_the_500_page_with_no_context_at_all():
    from django.template.loader import get_template

    page = get_template("500.html").render()
    assert in_layout(page) and "Something went wrong" in page


def test_it_answers_a_refused_form_with_the_sites_csrf_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert in_layout(page) and "This form has expired" in page
    assert "CSRF cookie not set" not in page
