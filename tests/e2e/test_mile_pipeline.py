"""The whole pipeline in a browser: a new hero arrives by a registry check, the organizer
plans and invites from the board, the liaison confirms on a phone from the emailed link, the
organizer approves, the run is public with its program filled and its share card drawn by the
worker, reminders are planned, the run happens, the certificates are made in a batch for the
printer, the flag is presented and the family's certificate is drawn. The organizer's clicks
are counted on the way (bench/organizer.py prints the same figures)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from bench.organizer import Counted, Effort, publish_path
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from tests.e2e.conftest import log_in

from background import burst

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry(tmp_path, alice):
    from memorialmiles.pipeline.models import RegistrySource

    eow = timezone.localdate() - dt.timedelta(days=4)
    (tmp_path / "odmp.csv").write_text(
        "person,dept,eow,cause\n"
        f'Officer Ann Newcomb,"Decatur Police Department, AL",'
        f'"EOW: {eow:%A, %B} {eow.day}, {eow.year}",Gunfire\n'
    )
    RegistrySource.objects.create(name="Drop folder", folder=str(tmp_path))


def test_a_new_hero_to_the_flag_in_the_familys_hands(page, phone, registry, live_server):
    from memorialmiles.events.models import Event, MemorialItem
    from memorialmiles.honors.models import Agency

    call_command("pipeline", "watch", "--schedule")
    burst()  # the worker runs the registry check
    # The agency came with the hero; its contact is the organizer's, kept on the agency.
    Agency.objects.filter(name="Decatur Police Department").update(
        contact_name="Lt. Dana Reyes", contact_email="reyes@decatur.example"
    )
    log_in(page, "alice")
    page.goto("/pipeline/")
    page.get_by_text("4 days since end of watch · 26 left of 30").wait_for()

    def read_link() -> str:
        burst()  # the worker delivers the invitation
        (invitation,) = [m for m in mail.outbox if m.to == ["reyes@decatur.example"]]
        return re.search(r"https?://[^/\s]+(/pipeline/agency/[\w-]+/)", invitation.body).group(1)

    organizer, liaison = Effort(), Effort()
    publish_path(
        Counted(page, organizer), Counted(phone, liaison), "Officer Ann Newcomb", read_link
    )
    assert organizer.clicks <= 5 and organizer.fields == 0, organizer
    assert phone.viewport_size["width"] == 390

    event = Event.objects.get()
    assert (event.status, event.visibility) == ("scheduled", "public")
    page.goto(event.get_absolute_url())
    program = page.locator("ol.program").inner_text()
    assert "Running for Officer Ann Newcomb, Decatur Police Department, end of watch" in program
    assert "Presented by Chief Kirk Giles" in program
    assert "mary@example.com" not in page.content()
    # Reminders (messaging) are planned a week and a day before, on the run's own clock.
    from memorialmiles.jobs.models import Job

    planned = {
        job.run_after.astimezone(event.zone)
        for job in Job.objects.filter(event=event, key__startswith=f"reminder:{event.pk}:")
    }
    start = event.local_start  # the chosen Saturday, two weeks or more ahead
    assert planned == {start - dt.timedelta(days=7), start - dt.timedelta(days=1)}

    # The run's share card was drawn by the worker when it went public: the page's og:image
    # answers the card itself, not the placeholder of a card still to draw. (The worker runs
    # once the browser has left the run's page, whose live section keeps a request open.)
    card = page.locator('meta[property="og:image"]').get_attribute("content")
    page.goto("/pipeline/")
    burst()
    drawn = page.request.get(re.sub(r"^https?://[^/]+", "", card))
    assert drawn.status == 200 and drawn.headers["cache-control"].startswith("public")

    page.get_by_role("button", name=re.compile(r"^Mark as run: ")).click()
    # Every certificate in one ZIP for the printer, made by the worker.
    page.get_by_role("link", name=re.compile(r"^Certificates \(ZIP\): ")).click()
    page.get_by_role("button", name="Make every certificate").click()
    page.get_by_text("The certificates are queued").wait_for()
    burst()
    # No reload: the page follows the worker by itself (core/follow.js) and says so aloud.
    expect(page.locator("#batch-status")).to_contain_text("Ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the ZIP").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        (name,) = archive.namelist()  # no finisher timed: the family's certificate alone
        assert "Officer Ann Newcomb" in _text(archive.read(name))
    page.goto("/pipeline/")
    page.get_by_role("button", name=re.compile(r"^Flag presented in person: ")).click()
    page.get_by_text("The flag is in the family's hands.").wait_for()
    flag = MemorialItem.objects.get(event=event, kind="flag")
    assert flag.status == "presented" and flag.recipient == "Mary Crumby"

    dedication = event.dedications.get()
    answer = page.request.get(f"/events/{event.pk}/dedications/{dedication.pk}/certificate.pdf")
    assert answer.status == 200 and answer.body().startswith(b"%PDF")
    assert "This mile was run in honor of Officer Ann Newcomb" in _text(answer.body())


def _text(pdf: bytes) -> str:
    import pypdf

    return " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
