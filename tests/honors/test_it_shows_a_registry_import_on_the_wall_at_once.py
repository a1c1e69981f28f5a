"""The honor wall is kept in the shared cache, but a registry import or a bulk update of the
heroes (no signal sent) shows on it at the next request."""

import pytest
from django.test import Client

from memorialmiles.honors.models import Hero

pytestmark = pytest.mark.django_db


def wall(etag=None):
    return Client().get("/heroes/", headers={"If-None-Match": etag} if etag else {})


def test_an_import_and_edits_show_at_once(run, firefighters, crumby):
    before = wall()
    assert b"Crumby" in before.content and b"Smith" not in before.content
    assert wall(before["ETag"]).status_code == 304
    status, out, _ = run("honors", "import", str(firefighters), "--format", "csv",
                         "--service", "fire")  # fmt: skip
    assert status == 0, out
    after = wall(before["ETag"])
    assert after.status_code == 200 and b"Smith" in after.content
    Hero.objects.filter(pk=crumby.pk).update(last_name="Crumbie")
    assert b"Crumbie" in wall().content
