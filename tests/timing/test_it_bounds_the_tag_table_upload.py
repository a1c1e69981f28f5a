"""The chip file's size is bounded (MAX_UPLOAD_BYTES) and so is its tag table: the table was
read whole into memory whatever its size, so one volunteer's upload could hold the server's
memory (and a worker) as long as it liked."""

import io

import pytest

from memorialmiles.timing.models import ChipImport

pytestmark = pytest.mark.django_db


def test_a_tag_table_over_the_upload_limit_is_refused(client, race, val, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    client.force_login(val)
    chips = io.BytesIO(b"bib,time\n3,12:09:00\n")
    chips.name = "finish.csv"
    tags = io.BytesIO(b"tag,bib\n" + b"AB12,3\n" * 300)
    tags.name = "tags.csv"
    response = client.post(
        f"/timing/events/{race.pk}/import/", {"file": chips, "format": "csv", "tags": tags}
    )
    assert response.status_code == 400
    assert b"too large" in response.content
    assert not ChipImport.objects.exists()
