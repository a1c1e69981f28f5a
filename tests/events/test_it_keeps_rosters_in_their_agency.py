"""A liaison's roster touches only their own agencies' registrations, never another's.

The attack: Beth, liaison of Madison PD, uploads a roster naming Officer Ann Able of Huntsville
PD (registered by Liam, Huntsville's liaison). Before the fix the row matched Ann, moved her to
Madison and then showed Beth Ann's email, phone and emergency contact.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from memorialmiles.core.roles import GROUP_NAMES, Role
from memorialmiles.events.bulk import OTHER_AGENCY, import_registrations
from memorialmiles.events.models import Registration
from memorialmiles.honors.models import Agency, LiaisonAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def madison_pd(db):
    return Agency.objects.create(name="Madison Police Department", key="madison pd", state="AL")


@pytest.fixture
def liaison_a(liam, huntsville_pd):
    LiaisonAssignment.objects.create(user=liam, agency=huntsville_pd)
    return liam


@pytest.fixture
def liaison_b(django_user_model, madison_pd):
    beth = django_user_model.objects.create_user(username="beth", password="pw-beth")
    beth.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.LIAISON])[0])
    LiaisonAssignment.objects.create(user=beth, agency=madison_pd)
    return beth


@pytest.fixture
def ann(scheduled_run, huntsville_pd, liaison_a):
    """Ann Able, registered by her own liaison with her private details."""
    scheduled_run.capacity = None
    scheduled_run.save()
    Registration.objects.create(
        event=scheduled_run,
        first_name="Ann",
        last_name="Able",
        email="ann.private@example.com",
        phone="555-0111",
        emergency_name="Secret Spouse",
        emergency_phone="555-0112",
        agency=huntsville_pd,
        team=huntsville_pd.name,
        role="officer",
        bib=501,
    )
    return Registration.objects.get()


def snapshot(registration):
    registration.refresh_from_db()
    return (
        registration.agency_id,
        registration.team,
        registration.bib,
        registration.role,
        registration.age,
        registration.sex,
        registration.status,
    )


def bulk(client, event, agency, text=None, upload=None):
    data = {"agency": agency.pk}
    if upload is not None:
        data["file"] = SimpleUploadedFile("roster.csv", upload)
    else:
        data["pasted"] = text
    return client.post(f"/events/{event.pk}/bulk/", data)


ATTACK = (
    "first_name,last_name,email,sex,age,bib,role\n"
    "Ann,Able,ann.private@example.com,M,50,777,walker\n"
)


def test_it_never_changes_or_moves_another_agencys_registration(
    client, scheduled_run, ann, liaison_b, madison_pd
):
    before = snapshot(ann)
    client.force_login(liaison_b)
    response = bulk(client, scheduled_run, madison_pd, ATTACK)
    page = response.content.decode()
    assert "1 rows: 0 imported, 0 updated, 0 unchanged, 0 duplicate, 1 rejected" in page
    assert snapshot(ann) == before
    assert Registration.objects.count() == 1
    for private in ("555-0111", "Secret Spouse", "555-0112", "Huntsville", "501"):
        assert private not in page


def test_it_answers_the_same_whether_the_row_would_change_anything(
    client, scheduled_run, ann, liaison_b, madison_pd
):
    """'updated' against 'unchanged' would tell Beth what Ann's registration holds."""
    client.force_login(liaison_b)
    same = "first_name,last_name,email,role,bib\nAnn,Able,ann.private@example.com,officer,501\n"
    other = "first_name,last_name,email,role,bib\nAnn,Able,ann.private@example.com,walker,9\n"
    first = bulk(client, scheduled_run, madison_pd, same).content.decode()
    second = bulk(client, scheduled_run, madison_pd, other).content.decode()
    assert "Line 2: " + OTHER_AGENCY in first
    assert "Line 2: " + OTHER_AGENCY in second
    assert report_of(first) == report_of(second)


def report_of(page: str) -> str:
    start = page.index('<div class="card" role="status">')
    return page[start : page.index("</div>", start)]


def test_it_never_reveals_the_captured_person_in_the_liaisons_list(
    client, scheduled_run, ann, liaison_b, madison_pd
):
    client.force_login(liaison_b)
    bulk(client, scheduled_run, madison_pd, ATTACK)
    listing = client.get(f"/events/{scheduled_run.pk}/registrations/").content.decode()
    assert "ann.private@example.com" not in listing
    assert "Secret Spouse" not in listing
    api = client.get(f"/api/v1/events/{scheduled_run.pk}/registrations").json()
    assert api == []


def test_it_does_not_capture_a_person_matched_on_the_name_alone(
    client, scheduled_run, huntsville_pd, liaison_a, liaison_b, madison_pd
):
    """Ann registered by her liaison without an email: Beth's 'Ann Able' line is the same key."""
    client.force_login(liaison_a)
    bulk(client, scheduled_run, huntsville_pd, "Ann Able\n")
    ann = Registration.objects.get()
    before = snapshot(ann)
    client.force_login(liaison_b)
    page = bulk(client, scheduled_run, madison_pd, "Ann Able\n").content.decode()
    assert "1 rejected" in page
    assert snapshot(ann) == before
    assert Registration.objects.get().agency == huntsville_pd


def test_it_does_not_let_a_liaison_capture_a_runner_who_registered_alone(
    client, scheduled_run, liaison_b, madison_pd, runner_fields
):
    client.post(
        f"/events/{scheduled_run.pk}/register/",
        {**runner_fields, "role": "runner", "accept_waiver": "on"},
    )
    client.force_login(liaison_b)
    roster = "first_name,last_name,email\nPat,Runner,pat.private@example.com\n"
    page = bulk(client, scheduled_run, madison_pd, roster).content.decode()
    assert "1 rejected" in page
    assert Registration.objects.get().agency is None


def test_a_liaison_still_updates_their_own_people(
    client, scheduled_run, ann, liaison_a, huntsville_pd
):
    client.force_login(liaison_a)
    roster = "first_name,last_name,email,bib\nAnn,Able,ann.private@example.com,777\n"
    page = bulk(client, scheduled_run, huntsville_pd, roster).content.decode()
    assert "1 updated" in page
    ann.refresh_from_db()
    assert (ann.bib, ann.agency) == (777, huntsville_pd)


def test_a_liaison_of_two_agencies_never_moves_a_registration_between_them(
    client, scheduled_run, ann, liaison_a, huntsville_pd, madison_pd
):
    LiaisonAssignment.objects.create(user=liaison_a, agency=madison_pd)
    client.force_login(liaison_a)
    roster = "first_name,last_name,email\nAnn,Able,ann.private@example.com\n"
    page = bulk(client, scheduled_run, madison_pd, roster).content.decode()
    assert "only an organizer can move" in page
    ann.refresh_from_db()
    assert ann.agency == huntsville_pd


def test_an_organizer_keeps_the_power_to_move_and_update(
    client, scheduled_run, ann, alice, madison_pd
):
    report = import_registrations(
        scheduled_run,
        "first_name,last_name,email,agency,bib\n"
        "Ann,Able,ann.private@example.com,Madison Police Department,777\n",
        user=alice,
    )
    assert report.counts["updated"] == 1
    ann.refresh_from_db()
    assert (ann.agency, ann.bib) == (madison_pd, 777)


def test_the_command_applies_the_liaisons_scope(tmp_path, scheduled_run, ann, liaison_b):
    before = snapshot(ann)
    path = tmp_path / "roster.csv"
    path.write_text(ATTACK)
    out = StringIO()
    call_command(
        "registrations",
        "import",
        str(path),
        "--event",
        str(scheduled_run.pk),
        "--user",
        "beth",
        stdout=out,
    )
    assert "1 rejected" in out.getvalue()
    assert f"rejected line 2: {OTHER_AGENCY}" in out.getvalue()
    assert snapshot(ann) == before
