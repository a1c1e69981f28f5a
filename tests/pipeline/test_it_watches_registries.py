"""Registry watch: sources checked by the command (the worker's task), new heroes on the board."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from background import burst
from memorialmiles.events.models import Event
from memorialmiles.honors.models import Hero
from memorialmiles.pipeline.models import OrganizationDefaults, RegistrySource
from memorialmiles.pipeline.watch import check

pytestmark = pytest.mark.django_db


def registry_file(folder, name: str, *people: tuple[str, str]) -> None:
    """The registry's export as it grows: ODMP's raw format numbers its records, so a new
    week's file holds last week's rows and the new ones after them."""
    eow = timezone.localdate() - dt.timedelta(days=3)
    lines = ["person,dept,eow,cause"]
    for person, dept in people:
        lines.append(f'{person},"{dept}","EOW: {eow:%A, %B} {eow.day}, {eow.year}",Gunfire')
    (folder / name).write_text("\n".join(lines) + "\n")


ANN = ("Officer Ann Newcomb", "Decatur Police Department, AL")


@pytest.fixture
def source(tmp_path):
    return RegistrySource.objects.create(name="Drop folder", folder=str(tmp_path))


def test_new_heroes_join_the_board(client, alice, source, tmp_path):
    registry_file(tmp_path, "week1.csv", ("Officer Ann Newcomb", "Decatur Police Department, AL"))
    call_command("pipeline", "watch")
    hero = Hero.objects.get(last_name="Newcomb")
    client.force_login(alice)
    body = client.get(reverse("pipeline_board")).content.decode()
    assert "Officer Ann Newcomb" in body and "3 days since end of watch" in body
    source.refresh_from_db()
    assert "1 new hero(es)" in source.last_result and source.last_checked_at
    assert hero.sources.exists()


def test_a_file_seen_before_changes_nothing(source, tmp_path):
    registry_file(tmp_path, "week1.csv", ("Officer Ann Newcomb", "Decatur Police Department, AL"))
    first = check(source)
    second = check(source)
    assert len(first.new_heroes) == 1 and second.skipped == 1 and not second.new_heroes
    (tmp_path / "week1.csv").write_text((tmp_path / "week1.csv").read_text() + "\n")
    assert not check(source).new_heroes  # read again, the import is idempotent
    assert Hero.objects.count() == 1


def test_a_partner_agency_invites_by_itself_when_allowed(source, tmp_path, mailoutbox):
    registry_file(tmp_path, "a.csv", ANN)
    check(source)
    agency = Hero.objects.get().agency
    agency.contact_email, agency.auto_invite = "chief@decatur.example", True
    agency.save()
    registry_file(tmp_path, "a.csv", ANN, ("Officer Bo Second", "Decatur Police Department, AL"))
    check(source)
    assert not Event.objects.exists()  # the organization has not allowed it yet
    OrganizationDefaults.objects.update_or_create(pk=1, defaults={"auto_invite": True})
    registry_file(
        tmp_path,
        "a.csv",
        ANN,
        ("Officer Bo Second", "Decatur Police Department, AL"),
        ("Officer Cy Third", "Decatur Police Department, AL"),
    )
    report = check(source)
    burst()
    assert Event.objects.count() == 1, report.summary()
    event = Event.objects.get()
    assert report.invited == [event.pk] and "Third" in event.title
    assert mailoutbox[-1].to == ["chief@decatur.example"]


def test_a_bad_source_is_reported_not_raised(tmp_path):
    missing = RegistrySource.objects.create(name="Gone", folder=str(tmp_path / "nope"))
    assert "is not a folder" in check(missing).summary()
    local = RegistrySource.objects.create(name="Local", url="file:///etc/passwd")
    assert "only http and https" in check(local).summary()
    with pytest.raises(ValidationError, match="one of the two"):
        RegistrySource(name="Both", url="https://x.example/a.csv", folder="/tmp").clean()
    (tmp_path / "junk.csv").write_bytes(b"\x00\x01 not a registry")
    junk = RegistrySource.objects.create(name="Junk", folder=str(tmp_path))
    report = check(junk)
    assert report.problems and not Hero.objects.exists()


def test_the_worker_checks_on_a_schedule(source, tmp_path, settings):
    from memorialmiles.jobs.models import Job, JobStatus

    settings.REGISTRY_WATCH_MINUTES = 60
    registry_file(tmp_path, "a.csv", ANN)
    call_command("pipeline", "watch", "--schedule")
    call_command("pipeline", "watch", "--schedule")  # a second call plans nothing more
    burst()
    assert Hero.objects.filter(last_name="Newcomb").exists()
    planned = Job.objects.filter(task__endswith="watch_registries", status=JobStatus.QUEUED)
    assert planned.count() == 1
    (job,) = planned
    assert timezone.now() < job.run_after <= timezone.now() + dt.timedelta(minutes=60)
