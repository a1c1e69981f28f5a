"""The matrix speaks for every route: a new view without a row fails here, naming its route."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path

from memorialmiles import urls as project_urls
from security.matrix import POST_ONLY, RULES
from security.routes import api_operations, gone, unruled, url_routes


def test_it_has_a_rule_for_every_url_and_api_operation():
    operations = api_operations()
    missing = [
        f"{key} (operation {operations[key]})" if key in operations else key
        for key in unruled(RULES)
    ]
    assert not missing, (
        "No row in tests/security/matrix.py for these routes; add one per persona "
        "(see the format at the top of matrix.py): " + ", ".join(missing)
    )


def test_it_has_no_rule_for_a_route_that_is_gone():
    stale = gone(RULES)
    assert not stale, "Rows in tests/security/matrix.py for routes that no longer exist: " + (
        ", ".join(stale)
    )


def test_it_posts_to_every_form_target():
    """A view that answers GET with 405 takes a POST: its POST row is what proves the rights."""
    posted = {rule.key for rule in RULES if rule.method == "POST"}
    post_only = {rule.key for rule in RULES if rule.method == "GET" and rule.expect == POST_ONLY}
    assert post_only - posted == set()


def test_it_walks_the_whole_configuration():
    """The walk reaches into includes, namespaces and the API's routers."""
    urls, operations = url_routes(), api_operations()
    assert {"home", "event_desk", "timing_certificate", "api:openapi-json", "admin:*"} <= set(urls)
    assert "api:list_heroes" not in urls  # an API operation has its own rows, by method
    assert operations["POST /api/v1/timing/events/{event_id}/sync"].endswith("_sync")
    assert "GET /api/v1/events/{event_id}/registrations" in operations
    assert "POST /api/v1/events/{event_id}/registrations" in operations


def _new_view(request):
    return HttpResponse("new")


urlpatterns = [
    *project_urls.urlpatterns,
    path("reports/", include([path("late/", _new_view, name="late_report")])),
    path("unnamed/", _new_view),
]


@override_settings(ROOT_URLCONF=__name__)
def test_it_names_a_new_view_that_has_no_rule():
    assert unruled(RULES) == ["late_report", "unnamed/"]


def test_it_names_a_rule_whose_route_is_gone():
    from security.matrix import EVERYONE, R

    assert gone([*RULES, R("old_page", None, "GET", EVERYONE)]) == ["old_page"]


def test_it_names_an_api_operation_that_has_no_rule():
    without_join = [rule for rule in RULES if rule.key != "POST /api/v1/timing/join"]
    assert unruled(without_join) == ["POST /api/v1/timing/join"]
