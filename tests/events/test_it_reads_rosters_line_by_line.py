"""Rosters from real spreadsheets: mixed encodings decided per line, giant fields refused
cleanly (never a 500, never mojibake such as "JosÃ©" on a page)."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from memorialmiles.events.bulk import FIELD_LIMIT, UNDECIDED, decode_roster
from memorialmiles.events.models import Registration
from memorialmiles.honors.models import LiaisonAssignment

pytestmark = pytest.mark.django_db

MIXED = (
    b"first_name,last_name\n"
    + "José,Álvarez\n".encode()
    + "Zoë,Müller\n".encode("cp1252")
    + b"Bad\x81Byte,Line\n"
    + "Renée,Côté\n".encode()
)


@pytest.fixture
def liaison(liam, huntsville_pd, scheduled_run):
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    scheduled_run.capacity = None
    scheduled_run.save()
    return liam


def upload(client, event, agency, data: bytes):
    return client.post(
        f"/events/{event.pk}/bulk/",
        {"agency": agency.pk, "file": SimpleUploadedFile("roster.csv", data)},
    )


def test_it_decides_each_line_on_its_own():
    roster = decode_roster(MIXED)
    assert roster.text.split("\n")[1:4] == ["José,Álvarez", "Zoë,Müller", ""]
    assert roster.undecided == [4]


def test_it_keeps_names_right_and_reports_the_undecided_line(
    client, liaison, scheduled_run, huntsville_pd
):
    client.force_login(liaison)
    page = upload(client, scheduled_run, huntsville_pd, MIXED).content.decode()
    names = set(Registration.objects.values_list("first_name", "last_name"))
    assert names == {("José", "Álvarez"), ("Zoë", "Müller"), ("Renée", "Côté")}
    assert f"Line 4: {UNDECIDED}" in page
    assert "3 imported" in page and "1 rejected" in page
    assert "Ã" not in page


def test_the_command_decodes_per_line_too(tmp_path, scheduled_run):
    path = tmp_path / "roster.csv"
    path.write_bytes(MIXED)
    out = StringIO()
    call_command("registrations", "import", str(path), "--event", str(scheduled_run.pk), stdout=out)
    assert f"rejected line 4: {UNDECIDED}" in out.getvalue()
    assert Registration.objects.filter(first_name="Zoë", last_name="Müller").exists()


def test_it_rejects_a_line_with_a_field_over_the_csv_limit(
    client, liaison, scheduled_run, huntsville_pd
):
    giant = "x" * (FIELD_LIMIT + 1)
    data = f"first_name,last_name,email\nAnn,Able,\nBob,{giant},\nCy,Young,\n".encode()
    client.force_login(liaison)
    response = upload(client, scheduled_run, huntsville_pd, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 3: this line is over 131,072 characters" in page
    assert set(Registration.objects.values_list("last_name", flat=True)) == {"Able", "Young"}


def test_it_answers_400_for_a_quoted_field_over_the_limit(
    client, liaison, scheduled_run, huntsville_pd
):
    """Each physical line is short, but one quoted field spans them: the file is refused."""
    lines = "\n".join("y" * 1000 for _ in range(FIELD_LIMIT // 1000 + 2))
    data = f'first_name,last_name\nAnn,Able\nBob,"{lines}"\n'.encode()
    client.force_login(liaison)
    response = upload(client, scheduled_run, huntsville_pd, data)
    assert response.status_code == 400
    assert "not valid CSV" in response.content.decode()
    assert not Registration.objects.exists()


def test_it_answers_400_for_a_giant_pasted_header(client, liaison, scheduled_run, huntsville_pd):
    client.force_login(liaison)
    response = client.post(
        f"/events/{scheduled_run.pk}/bulk/",
        {"agency": huntsville_pd.pk, "pasted": '"' + "z" * (FIELD_LIMIT + 5)},
    )
    assert response.status_code == 200
    assert "Line 1: this line is over 131,072 characters" in response.content.decode()
    assert not Registration.objects.exists()


def test_it_rejects_a_name_too_long_for_the_roll(client, liaison, scheduled_run, huntsville_pd):
    client.force_login(liaison)
    data = f"first_name,last_name\nAnn,{'L' * 81}\n".encode()
    page = upload(client, scheduled_run, huntsville_pd, data).content.decode()
    assert "Line 2: last_name is over 80 characters" in page
    assert not Registration.objects.exists()


def test_it_refuses_a_workbook_with_a_clear_message(client, liaison, scheduled_run, huntsville_pd):
    client.force_login(liaison)
    response = upload(client, scheduled_run, huntsville_pd, b"PK\x03\x04rest-of-zip")
    assert response.status_code == 400
    assert "save it as CSV" in response.content.decode()
