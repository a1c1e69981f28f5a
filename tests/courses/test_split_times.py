"""A recorded run's splits carry their times and paces; a drawn course's do not."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.courses.models import Course
from memorialmiles.courses.templatetags.course_format import clock
from tests_shared import shared_gps_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("seconds", "text"), [(452.4, "7:32"), (59.5, "1:00"), (3725, "1:02:05"), (None, "—")]
)
def test_it_formats_a_clock(seconds, text):
    assert clock(seconds) == text


def test_it_shows_split_times_for_a_recorded_run(client, alice):
    client.force_login(alice)
    path = shared_gps_file("fitparse_activity-small-fenix2-run.fit")
    client.post(
        "/courses/new/",
        {"name": "Fenix run", "upload": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    course = Course.objects.get()
    html = client.get(f"/courses/{course.pk}/").content.decode()
    table = re.search(r"Splits per mile</h2>.*?</table>", html, re.S).group(0)
    first = course.splits["mile"][0]
    assert '<th scope="col">Time</th><th scope="col">Pace</th>' in table
    assert f"<td>{clock(first['time_s'])}</td>" in table
    assert f"<td>{clock(first['pace_s_per_mile'])} /mi</td>" in table


def test_it_leaves_times_out_for_a_course_without_them(client, db):
    from memorialmiles.events.demo import huntsville_course

    html = client.get(huntsville_course().get_absolute_url()).content.decode()
    assert "Splits per mile" in html
    assert '<th scope="col">Time</th>' not in html
