import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorialmiles.events.models import Registration
from memorialmiles.honors.models import Agency, LiaisonAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison(liam, huntsville_pd):
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    return liam


def test_it_registers_a_pasted_list_for_the_liaisons_agency(
    client, liaison, scheduled_run, huntsville_pd
):
    client.force_login(liaison)
    url = f"/events/{scheduled_run.pk}/bulk/"
    page = client.get(url).content.decode()
    assert "Huntsville Police Department" in page
    text = "Ann Able, ann@example.com\nBob Baker\n"
    body = client.post(url, {"pasted": text, "agency": huntsville_pd.pk}).content.decode()
    assert "2 rows: 2 imported" in body
    assert set(Registration.objects.values_list("agency", flat=True)) == {huntsville_pd.pk}
    again = client.post(url, {"pasted": text, "agency": huntsville_pd.pk}).content.decode()
    assert "2 rows: 0 imported, 0 updated, 2 unchanged" in again


def test_it_takes_a_csv_file(client, liaison, scheduled_run, huntsville_pd):
    client.force_login(liaison)
    upload = SimpleUploadedFile("o.csv", b"first_name,last_name,bib\nCy,Young,900\n")
    client.post(f"/events/{scheduled_run.pk}/bulk/", {"file": upload, "agency": huntsville_pd.pk})
    assert Registration.objects.get().bib == 900


def test_it_refuses_another_agency(client, liaison, scheduled_run):
    other = Agency.objects.create(name="Madison PD", key="madison pd", state="AL")
    client.force_login(liaison)
    response = client.post(
        f"/events/{scheduled_run.pk}/bulk/", {"pasted": "Ann Able", "agency": other.pk}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Registration.objects.exists()


def test_it_keeps_strangers_out(client, charlie, val, scheduled_run):
    for user in (charlie, val):
        client.force_login(user)
        assert client.get(f"/events/{scheduled_run.pk}/bulk/").status_code == 403
