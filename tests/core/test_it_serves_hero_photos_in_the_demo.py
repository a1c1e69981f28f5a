"""Hero photos: served in the demo (and with DEBUG); in production the reverse proxy or object
storage serves MEDIA_ROOT (docs/deploy.md) and the app answers 404 for it."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (26, 77, 143)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def photographed(crumby, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "secret_key").write_text("do not serve me")
    crumby.photo.save("crumby.png", ContentFile(png_bytes()))
    return crumby


def photo_url(client, hero) -> str:
    page = client.get(f"/heroes/{hero.pk}/").content.decode()
    marker = 'class="hero-photo" src="'
    assert marker in page
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_it_serves_the_photo_on_the_hero_page_in_the_demo(client, photographed, settings):
    settings.DEMO_MODE = True
    url = photo_url(client, photographed)
    assert url.startswith("/media/heroes/")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_it_leaves_media_to_the_proxy_in_production(client, photographed, settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    assert client.get(photo_url(client, photographed)).status_code == 404


def test_it_serves_nothing_but_hero_photos(client, photographed, settings):
    settings.DEMO_MODE = True
    for url in (
        "/media/heroes/../../secret_key",
        "/media/heroes/%2e%2e/%2e%2e/secret_key",
        "/media/courses/any.gpx",
        "/media/secret_key",
        "/media/heroes/",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert b"do not serve me" not in response.content
