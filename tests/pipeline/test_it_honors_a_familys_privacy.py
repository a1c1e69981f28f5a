"""A family asks that their hero's page show only what the registry does, and no photo."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memorialmiles.honors.models import Hero

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@pytest.fixture
def storied(crumby, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEMO_MODE = True
    crumby.biography = "Garrett coached Little League on Saturdays."
    crumby.photo = SimpleUploadedFile("crumby.png", PNG, content_type="image/png")
    crumby.save()
    return crumby


def test_it_is_honored_at_once_everywhere(client, alice, storied, planned):
    photo = storied.photo.url
    page = client.get(storied.get_absolute_url()).content.decode()
    assert "Little League" in page and photo in page
    assert client.get(photo).status_code == 200
    organizer = client.__class__()
    organizer.force_login(alice)
    answer = organizer.post(reverse("pipeline_registry_only", args=[storied.pk]), follow=True)
    assert "registry&#x27;s facts only" in answer.content.decode()
    assert Hero.objects.get(pk=storied.pk).registry_only
    page = client.get(storied.get_absolute_url()).content.decode()
    assert "Little League" not in page and photo not in page
    assert "Officer Garrett Crumby" in page and "Huntsville Police Department" in page
    assert client.get(photo).status_code == 404
    api = client.get(f"/api/v1/heroes/{storied.pk}").json()
    assert api["biography"] == "" and api["last_name"] == "Crumby"
    assert "photo" not in api


def test_only_organizers_record_the_request(client, liam, storied):
    url = reverse("pipeline_registry_only", args=[storied.pk])
    assert client.post(url)["Location"].startswith("/accounts/login/")
    client.force_login(liam)
    assert client.post(url).status_code == 403
    assert not Hero.objects.get(pk=storied.pk).registry_only
