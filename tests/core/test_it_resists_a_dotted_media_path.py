"""The demo serves hero photos only: a path that starts with `heroes/` and climbs back out
(`heroes/../courses/...`) must not reach the other uploads under MEDIA_ROOT, such as a
course's original GPS file (its timestamps are someone's run)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_path_climbing_out_of_heroes_serves_nothing(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_MODE = True
    (tmp_path / "media" / "courses").mkdir(parents=True)
    (tmp_path / "media" / "courses" / "original.gpx").write_text("private track")
    (tmp_path / "media" / "heroes").mkdir()
    for url in (
        "/media/heroes/../courses/original.gpx",
        "/media/heroes/%2e%2e/courses/original.gpx",
        "/media/heroes/./../courses/original.gpx",
    ):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert not response.streaming and b"private track" not in response.content
