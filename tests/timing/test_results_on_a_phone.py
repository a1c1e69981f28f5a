"""The results page: status shown, search by name or bib without script, projector board."""

from __future__ import annotations

from memorialmiles.timing.models import Correction
from timing.timingkit import taps


def test_it_shows_dns_and_dnf_and_finds_a_runner(client, phone, post_batch):
    post_batch(phone, taps(("1", 478.4), ("2", 480.0)))
    Correction.objects.create(event=phone.event, action="set_status", bib="3", status="DNF",
                              why="Dropped out")  # fmt: skip
    page = client.get(f"/events/{phone.event_id}/results/").content.decode()
    assert '<strong class="status-flag">DNF</strong>' in page
    assert '<strong class="status-flag">DNS</strong>' in page  # 4 and 5 never started
    found = client.get(f"/events/{phone.event_id}/results/?q=ann").content.decode()
    assert ">Ann Lee</a>" in found and "Bo Ray" not in found
    assert '<span id="results-count">1</span> of <span id="results-total">5</span>' in found
    by_bib = client.get(f"/events/{phone.event_id}/results/?q=2").content.decode()
    assert ">Bo Ray</a>" in by_bib and "Ann Lee" not in by_bib
    dnf = client.get(f"/events/{phone.event_id}/results/?status=DNF").content.decode()
    assert ">Cy Kim</a>" in dnf and "Ann Lee" not in dnf
    nobody = client.get(f"/events/{phone.event_id}/results/?q=zzz").content.decode()
    assert "Nobody matches." in nobody


def test_the_projector_shows_the_latest_finishers_first(client, phone, post_batch):
    post_batch(phone, taps(("1", 478.4), ("2", 480.0), ("3", 495.5)))
    page = client.get(f"/events/{phone.event_id}/results/?view=projector").content.decode()
    latest = page[page.index('id="latest-h"') : page.index('id="leaders-h"')]
    assert latest.index("Cy Kim") < latest.index("Bo Ray") < latest.index("Ann Lee")
    assert "<strong>3</strong> of 5 finished" in page
    assert 'src="/static/timing/projector.js"' in page and "<script>" not in page
