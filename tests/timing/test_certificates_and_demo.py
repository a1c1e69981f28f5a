import io

import pypdf
import pytest

from memorialmiles.events.models import Dedication
from memorialmiles.timing.models import RawRecord
from memorialmiles.timing.pdf import course_points, project
from memorialmiles.timing.services import compute_event
from timing.timingkit import taps


def test_it_prints_a_finisher_certificate(client, phone, post_batch, race, crumby):
    Dedication.objects.create(event=race, hero=crumby, mile=1095)
    post_batch(phone, taps(("1", 478.4)))
    pdf = client.get(f"/events/{race.pk}/results/1/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    body = pdf.content
    assert body.startswith(b"%PDF")
    for text in (b"Ann Lee", b"Sample memorial mile", b"Time 0:07:58.4, place 1, bib 1",
                 b"Officer Garrett Crumby"):  # fmt: skip
        assert text in body
    assert client.get(f"/events/{race.pk}/results/2/certificate.pdf").status_code == 404


def test_it_prints_a_dedication_certificate_with_the_course(client, race, crumby):
    from memorialmiles.courses.models import Course

    race.course = Course.objects.create(
        name="Square to headquarters",
        illustrative=True,
        geometry={"type": "LineString", "coordinates": [[-86.586, 34.730], [-86.595, 34.739]]},
    )
    race.save(update_fields=["course"])
    d = Dedication.objects.create(event=race, hero=crumby, mile=1095)
    body = client.get(f"/events/{race.pk}/dedications/{d.pk}/certificate.pdf").content
    page = pypdf.PdfReader(io.BytesIO(body)).pages[0]
    text = " ".join(page.extract_text().split())
    for fact in ("This mile was run in honor of Officer Garrett Crumby",
                 "Huntsville Police Department", "End of watch March 28, 2023",
                 "Square to headquarters (drawn by hand)"):  # fmt: skip
        assert fact in text
    assert "/Figure" in page.get_contents().get_data().decode("latin-1")  # the course drawn


def test_it_fits_the_course_in_its_box_keeping_the_shape():
    line = {"type": "LineString", "coordinates": [[0.0, 60.0], [0.02, 60.0], [0.02, 60.01]]}
    pts = course_points({"type": "Feature", "geometry": line})
    xy = project(pts, 0, 0, 100, 100)
    east, north = xy[1][0] - xy[0][0], xy[2][1] - xy[1][1]
    assert east == pytest.approx(100.0, rel=1e-3)  # at 60°N a degree east is half a degree north
    assert north == pytest.approx(100.0, rel=1e-9)
    assert course_points({"type": "Point", "coordinates": [0, 0]}) == []


def test_it_loads_the_huntsville_group_finish_once(client, db):
    import io

    from memorialmiles.events import demo as events_demo
    from memorialmiles.timing import demo

    events_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    run = events_demo.huntsville_run()
    assert RawRecord.objects.filter(event=run, kind="group").count() == 1
    assert compute_event(run).group_times == [480_000_000]
    page = client.get(f"/events/{run.pk}/results/").content.decode()
    assert "Group finish: <strong>0:08:00</strong>" in page
    assert "illustrative" in page


def test_it_simulates_a_finish_only_in_demo_mode(client, race, alice, settings):
    client.force_login(alice)
    url = f"/timing/events/{race.pk}/simulate/"
    settings.DEMO_MODE = False
    assert client.post(url).status_code == 403
    assert not RawRecord.objects.exists()
    settings.DEMO_MODE = True
    client.post(url)
    client.post(url)
    made = RawRecord.objects.filter(event=race).count()
    assert 1 <= made <= 5
    finished = [r for r in compute_event(race).results if r.place]
    assert len(finished) == made
    assert all("0:06:30" <= r.gun_time <= "0:14:00" for r in finished)
    from auditlog.models import LogEntry

    (entry,) = LogEntry.objects.filter(additional_data__bulk="timing.simulate")
    assert entry.actor == alice and entry.additional_data["counts"] == {"records new": made}


def test_it_lets_only_an_organizer_simulate(client, race, val, settings):
    settings.DEMO_MODE = True
    client.force_login(val)
    assert client.post(f"/timing/events/{race.pk}/simulate/").status_code == 403
