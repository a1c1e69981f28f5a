"""Share cards: a shared link shows the hero, the mile and the run, never anything private."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from background import burst
from memorialmiles.sharing.card import WIDTH, CardFacts, _font, _wrap, render_png


def _size(body: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(body))
    assert image.format == "PNG"
    return image.size


@given(
    title=st.text(min_size=1, max_size=300),
    kicker=st.text(max_size=60),
    lines=st.lists(st.text(max_size=200), max_size=6),
)
@settings(max_examples=10, deadline=None)
def test_any_facts_draw_a_1200_by_630_png(title, kicker, lines):
    assert _size(render_png(CardFacts(title=title, kicker=kicker, lines=tuple(lines)))) == (
        1200,
        630,
    )


@given(st.lists(st.text(alphabet="abcdefghij KLM-.'", min_size=1, max_size=30), max_size=20))
@settings(max_examples=60, deadline=None)
def test_wrapping_keeps_every_word_in_order(words):
    text = " ".join(words)
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    lines = _wrap(draw, text, _font(40, True), WIDTH - 144)
    assert " ".join(lines).split() == text.split()


@pytest.fixture
def run(alice, crumby):
    from memorialmiles.events.models import Dedication, Event

    event = Event.objects.create(
        title="Memorial Mile for Officer Crumby",
        starts_at=dt.datetime(2027, 1, 16, 23, 30, tzinfo=dt.UTC),  # 17:30 in Huntsville
        time_zone="America/Chicago",
        place_name="Huntsville, Alabama",
        status="scheduled",
        registration_open=False,
        summary="We run for Officer Crumby.",
    )
    Dedication.objects.create(event=event, hero=crumby, mile=1095)
    burst()  # a listed run's cards are drawn by the worker once it is saved
    return event


def test_a_dedication_card_says_the_mile_the_hero_and_the_run(run):
    from memorialmiles.sharing.facts import dedication_facts

    facts = dedication_facts(run.dedications.get())
    assert facts.kicker == "Mile 1,095"
    assert facts.title == "Officer Garrett Crumby"
    assert facts.lines == (
        "Huntsville Police Department · End of watch March 28, 2023",
        "January 16, 2027 · Huntsville, Alabama",
    )


def test_the_date_is_the_run_own_day_not_the_server_day(run):
    from memorialmiles.sharing.facts import dedication_facts

    run.starts_at = dt.datetime(2027, 1, 17, 3, 0, tzinfo=dt.UTC)  # 21:00 on the 16th there
    run.save()
    assert "January 16, 2027" in dedication_facts(run.dedications.get()).lines[1]


def test_the_card_is_served_once_and_then_not_modified(client, run):
    url = reverse("share_dedication_card", args=[run.pk, run.dedications.get().pk])
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert _size(first.content) == (1200, 630)
    assert first["Cache-Control"].startswith("public")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_new_fact_changes_the_card(client, run, crumby):
    url = reverse("share_dedication_card", args=[run.pk, run.dedications.get().pk])
    before = client.get(url)
    crumby.rank = "Sergeant"
    crumby.save()
    waiting = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert waiting.status_code == 200 and "ETag" not in waiting  # the placeholder, not kept
    assert waiting["Cache-Control"].startswith("no-cache")
    burst()
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.content != before.content


def test_an_unlisted_run_card_stays_out_of_shared_caches(client, run):
    run.visibility = "unlisted"
    run.title = "Memorial Mile, unlisted"
    run.save()
    client.get(run.get_share_url())
    client.get(reverse("share_event_card", args=[run.pk]))
    burst()
    response = client.get(reverse("share_event_card", args=[run.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_a_listed_run_cards_are_drawn_before_anyone_asks(run):
    from memorialmiles.sharing import facts, prerender

    for card in (facts.event_facts(run), facts.dedication_facts(run.dedications.get())):
        drawn = prerender.card_file(prerender.digest_of(card))
        assert _size(drawn.read_bytes()) == (1200, 630)
        assert drawn.is_relative_to(settings_root())  # never where a proxy serves files


def settings_root():
    from django.conf import settings as django_settings

    return django_settings.PRIVATE_ROOT


def test_no_request_draws_a_card(client, crumby, monkeypatch, alice):
    from memorialmiles.jobs.models import Job, JobStatus
    from memorialmiles.sharing import prerender

    drawn = []
    real = prerender.render_png
    monkeypatch.setattr(prerender, "render_png", lambda facts: drawn.append(facts) or real(facts))
    url = reverse("share_hero_card", args=[crumby.pk])
    first = client.get(url)
    assert first.status_code == 200 and _size(first.content) == (1200, 630)
    assert first["Cache-Control"].startswith("no-cache") and drawn == []
    client.get(url)  # a second crawler before the worker ran: still one job
    job = Job.objects.get(
        task="memorialmiles.sharing.prerender.draw_card", args=["hero", crumby.pk]
    )
    burst()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert [facts.title for facts in drawn if facts.kicker == "Honor roll"] == [
        "Officer Garrett Crumby"
    ]
    card = client.get(url)
    assert card["Cache-Control"].startswith("public") and card["ETag"]
    assert _size(card.content) == (1200, 630) and card.content != first.content
    count = len(drawn)
    client.get(url)
    assert len(drawn) == count  # served from the file


def test_a_card_that_fails_to_draw_is_listed_and_drawn_on_retry(
    client, crumby, monkeypatch, alice, settings
):
    from memorialmiles.jobs.models import Job, JobStatus
    from memorialmiles.sharing import prerender

    settings.TASK_MAX_ATTEMPTS = 1
    real = prerender.render_png

    def broken(facts):
        raise OSError("no space left on device")

    monkeypatch.setattr(prerender, "render_png", broken)
    url = reverse("share_hero_card", args=[crumby.pk])
    client.get(url)
    burst()
    job = Job.objects.get(args=["hero", crumby.pk])
    assert job.status == JobStatus.FAILED
    client.force_login(alice)
    assert "Draw card" in client.get(reverse("jobs_failed")).content.decode()
    monkeypatch.setattr(prerender, "render_png", real)
    client.post(reverse("jobs_retry", args=[job.pk]))
    burst()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert client.get(url)["Cache-Control"].startswith("public")


def test_a_card_of_another_run_dedication_is_not_found(client, run, make_hero):
    from memorialmiles.events.models import Dedication, Event

    other = Event.objects.create(title="Draft", status="proposed")
    hidden = Dedication.objects.create(event=other, hero=make_hero(last_name="Doe"))
    assert client.get(reverse("share_dedication_card", args=[run.pk, hidden.pk])).status_code == (
        404
    )


def _meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))


def test_the_run_page_points_crawlers_to_its_first_dedication_card(client, run, settings):
    meta = _meta(client.get(run.get_absolute_url()).content.decode())
    card = reverse("share_dedication_card", args=[run.pk, run.dedications.get().pk])
    assert meta["og:image"] == settings.SITE_URL + card
    assert meta["og:title"] == "Memorial Mile for Officer Crumby"
    assert meta["og:description"] == "We run for Officer Crumby."
    assert meta["twitter:card"] == "summary_large_image"
    assert client.get(card).status_code == 200


@pytest.mark.parametrize("page", ["home", "honor_wall", "hero", "events"])
def test_public_pages_carry_an_absolute_og_image_that_answers(client, crumby, page, settings):
    url = reverse(page, args=[crumby.pk]) if page == "hero" else reverse(page)
    meta = _meta(client.get(url).content.decode())
    image = meta["og:image"]
    assert image.startswith(settings.SITE_URL + "/")
    response = client.get(image.removeprefix(settings.SITE_URL))
    assert response.status_code == 200
    assert _size(response.content) == (1200, 630)


def test_site_url_makes_the_addresses_absolute_whatever_the_host_header(client, crumby, settings):
    settings.SITE_URL = "https://miles.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    page = client.get(reverse("hero", args=[crumby.pk]), HTTP_HOST="evil.example")
    meta = _meta(page.content.decode())
    assert meta["og:image"] == "https://miles.example.org" + reverse(
        "share_hero_card", args=[crumby.pk]
    )
    assert meta["og:url"] == "https://miles.example.org" + reverse("hero", args=[crumby.pk])


def test_a_new_card_deletes_the_one_it_replaces(client, run, crumby):
    """One card file per subject: a hero promoted ten times leaves one card, not eleven."""
    from memorialmiles.sharing import facts, prerender

    dedication = run.dedications.get()
    old = prerender.card_file(prerender.digest_of(facts.dedication_facts(dedication)))
    assert old.exists()
    crumby.rank = "Sergeant"
    crumby.save()
    url = reverse("share_dedication_card", args=[run.pk, dedication.pk])
    client.get(url)  # the placeholder, and the new card queued
    burst()
    dedication.refresh_from_db()
    new = prerender.card_file(prerender.digest_of(facts.dedication_facts(dedication)))
    assert new != old and new.exists()
    assert not old.exists()
    assert client.get(url).content == new.read_bytes()


def test_a_client_queues_only_so_many_drawings_and_still_gets_drawn_cards(
    client, crumby, make_hero, monkeypatch
):
    """A script walking every hero's card would keep the worker drawing: past the budget it
    gets the placeholder and queues nothing, while another client still queues, and a card
    already drawn is served to anyone."""
    from memorialmiles.core import ratelimit
    from memorialmiles.jobs.models import Job

    monkeypatch.setitem(
        ratelimit.LIMITS, "share-card-draw", (ratelimit.Limit("share-card-draw", 3, 600),)
    )
    client.get(reverse("share_site_card"))  # the site's card, drawn first as the placeholder
    burst()
    heroes = [make_hero(last_name=f"Walker{i}") for i in range(4)]
    urls = [reverse("share_hero_card", args=[hero.pk]) for hero in heroes]
    answers = [client.get(url, REMOTE_ADDR="203.0.113.9") for url in urls]
    assert all(a.status_code == 200 and a["Cache-Control"].startswith("no-cache") for a in answers)
    queued = list(
        Job.objects.filter(task="memorialmiles.sharing.prerender.draw_card").values_list(
            "args", flat=True
        )
    )
    assert [["hero", h.pk] in queued for h in heroes] == [True, True, True, False]
    # another client is counted apart
    client.get(urls[3], REMOTE_ADDR="198.51.100.7")
    assert Job.objects.filter(args=["hero", heroes[3].pk]).exists()
    burst()
    # the spent client still gets every drawn card, not a placeholder
    drawn = client.get(urls[0], REMOTE_ADDR="203.0.113.9")
    assert drawn["Cache-Control"].startswith("public") and drawn["ETag"]
