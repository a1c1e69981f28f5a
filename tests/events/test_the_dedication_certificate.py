"""The family's certificate states the facts of the mile, on Letter or A4, tagged and titled."""

import io

import pypdf
import pytest

from memorialmiles.courses.models import Course
from memorialmiles.events.models import Dedication, MemorialItem, Registration
from memorialmiles.events.services import change_status
from memorialmiles.results import to_us
from memorialmiles.timing.models import Kind, RawRecord, Source

pytestmark = pytest.mark.django_db

# South Side Square to Police Headquarters, Huntsville: an illustrative line of about a mile.
LINE = [[-86.5861, 34.7304], [-86.5880, 34.7330], [-86.5905, 34.7352], [-86.5921, 34.7390]]


@pytest.fixture
def mile(scheduled_run, huntsville_pd, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run = scheduled_run
    run.course = Course.objects.create(
        name="Square to headquarters",
        start_place="South Side Square",
        finish_place="Police Headquarters",
        distance_m=1609.0,
        geometry={"type": "LineString", "coordinates": LINE},
    )
    run.organized_by = "Running 4 Heroes"
    run.save()
    for n in range(2):
        Registration.objects.create(
            event=run, first_name=f"Officer{n}", last_name="Runner", bib=n + 1,
            agency=huntsville_pd, status="registered",
        )  # fmt: skip
    dedication = Dedication.objects.get(event=run)
    MemorialItem.objects.create(
        event=run,
        dedication=dedication,
        kind="flag",
        status="presented",
        recipient="the Crumby family",
        family_address="12 Private Lane",
    )
    change_status(run, "live")
    RawRecord.objects.create(
        event=run,
        kind=Kind.GROUP,
        source=Source.MANUAL,
        device_time_us=to_us(run.starts_at) + 482_000_000,
        device_seq=1,
    )
    change_status(run, "finished")
    return dedication


def fetch(client, dedication, query=""):
    url = f"/events/{dedication.event_id}/dedications/{dedication.pk}/certificate.pdf{query}"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content)), response.content


def text_of(reader) -> str:
    return " ".join(reader.pages[0].extract_text().split())


def test_it_states_every_fact_of_the_mile(client, mile):
    reader, _ = fetch(client, mile)
    text = text_of(reader)
    for fact in (
        "Running 4 Heroes".upper(),
        "Certificate of Dedication",
        "This mile was run in honor of",
        "Officer Garrett Crumby",
        "Huntsville Police Department",
        "End of watch March 28, 2023",
        "Mile 1,095",
        "Saturday, April 20, 2030, 8:00 AM CDT",
        "South Side Square",
        "Square to headquarters, 1.00 miles",
        "Huntsville Police Department with 2 runners",
        "GROUP TIME 0:08:02",
        "Flag carried on mile 1,095, presented in person to the Crumby family",
        "21 seconds, in their memory",
    ):
        assert fact in text, fact
    assert "12 Private Lane" not in text  # the family's address stays private


def test_it_is_a_tagged_pdf_with_a_title_and_an_author(client, mile):
    reader, _ = fetch(client, mile)
    meta = reader.metadata
    assert meta.title == "Dedication certificate: Officer Garrett Crumby"
    assert meta.author == "Running 4 Heroes"
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-US"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    document = root["/StructTreeRoot"]["/K"].get_object()
    kinds = [kid.get_object()["/S"] for kid in document["/K"]]
    assert kinds[:3] == ["/P", "/H1", "/P"] and "/H2" in kinds
    figure = next(k.get_object() for k in document["/K"] if k.get_object()["/S"] == "/Figure")
    assert "Map of the course, Square to headquarters" in figure["/Alt"]
    assert reader.pages[0]["/StructParents"] == 0


def test_it_draws_the_course(client, mile):
    reader, _ = fetch(client, mile)
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    figure = content.split("/Figure")[1].split("EMC")[0]
    # The line has a segment per point of the track, the finish a square.
    assert figure.count(" l\n") + figure.count(" l ") >= len(LINE) - 1
    assert " re" in figure


@pytest.mark.parametrize(
    ("query", "size"), [("", (792, 612)), ("?paper=a4", (842, 595)), ("?paper=letter", (792, 612))]
)
def test_letter_by_default_a4_on_request(client, mile, query, size):
    reader, _ = fetch(client, mile, query)
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == size


def test_the_organization_may_print_on_a4(client, mile, settings):
    settings.CERTIFICATE_PAPER = "a4"
    reader, _ = fetch(client, mile)
    assert round(reader.pages[0].mediabox.width) == 842


def test_a_bad_paper_is_refused_with_a_reason(client, mile):
    url = f"/events/{mile.event_id}/dedications/{mile.pk}/certificate.pdf?paper=legal"
    response = client.get(url)
    assert response.status_code == 400 and b"letter or a4" in response.content


def test_it_embeds_its_fonts(client, mile):
    _, body = fetch(client, mile)
    assert b"/FontFile2" in body  # TrueType embedded: prints the same everywhere


def test_a_run_with_no_course_or_results_still_reads(client, scheduled_run):
    dedication = Dedication.objects.get(event=scheduled_run)
    reader, _ = fetch(client, dedication)
    text = text_of(reader)
    assert "Officer Garrett Crumby" in text and "Huntsville Police Department" in text
