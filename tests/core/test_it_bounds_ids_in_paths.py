"""Every id in a page's URL goes through the `<id:...>` converter: a number no 64-bit key can
hold is no match (404) in the resolver, before any view or query."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

pytestmark = pytest.mark.django_db


def _patterns(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def test_it_uses_no_unbounded_int_in_any_url():
    """Generated from the URL configuration: a new `<int:...>` route fails here."""
    unbounded = [
        route
        for route, p in _patterns(get_resolver())
        if any(isinstance(c, IntConverter) for c in p.pattern.converters.values())
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    "url",
    [
        "/agencies/{}/",
        "/heroes/{}/",
        "/events/{}/",
        "/courses/{}/",
        "/timing/events/{}/timer/",
        "/events/{}/results/",
    ],
)
@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808", "0"])
def test_it_answers_404_for_ids_beyond_64_bits(client, url, value):
    assert client.get(url.format(value)).status_code == 404


def test_it_still_serves_real_ids(client, huntsville_pd, crumby):
    assert reverse("agency", args=[huntsville_pd.pk]) == f"/agencies/{huntsville_pd.pk}/"
    assert client.get(f"/agencies/{huntsville_pd.pk}/").status_code == 200
    assert client.get(f"/heroes/{crumby.pk}/").status_code == 200
    assert client.get(f"/agencies/{2**63 - 1}/").status_code == 404
