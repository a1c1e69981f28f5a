"""Share cards drawn by the worker and kept as files, so a web request only reads them.

A card's file is named by a digest of its facts, so it changes the moment its facts do (a new
rank, a new date) and a crowd of crawlers finds one file. The files live under PRIVATE_ROOT:
an unlisted run's card is served only through its view, which checks the viewer may see it.

Cards are drawn when a run is listed or changed (``signals``), and for anything else (a hero's
card, a run changed by a bulk write) on the first request, which gets a placeholder and queues
the drawing: no request ever draws a card.

Each subject (a hero, a run, a dedication, the site) remembers the digest of its last card, so
drawing a new one deletes the one it replaces: the folder holds one card per subject, not one
per fact a subject ever had.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings

from memorialmiles.events.models import Dedication, Event
from memorialmiles.honors.models import Hero
from memorialmiles.jobs.background import background, enqueue, submit
from memorialmiles.jobs.models import JobStatus
from memorialmiles.sharing import facts as card_facts
from memorialmiles.sharing.card import HEIGHT, NAVY, WIDTH, CardFacts, render_png

FOLDER = "share-cards"
KINDS = ("dedication", "event", "hero", "site")


def digest_of(facts: CardFacts) -> str:
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:32]


def card_file(digest: str) -> Path:
    return Path(settings.PRIVATE_ROOT) / FOLDER / digest[:2] / f"{digest}.png"


def facts_for(kind: str, pk: int | None) -> CardFacts | None:
    """The card's facts as they are now; None when its subject is gone."""
    if kind == "site":
        return card_facts.site_facts()
    if kind == "hero":
        hero = Hero.objects.select_related("agency").filter(pk=pk).first()
        return card_facts.hero_facts(hero) if hero else None
    if kind == "event":
        event = Event.objects.filter(pk=pk).first()
        return card_facts.event_facts(event) if event else None
    if kind == "dedication":
        found = Dedication.objects.select_related("hero__agency", "event").filter(pk=pk).first()
        return card_facts.dedication_facts(found) if found else None
    raise ValueError(f"no card of kind {kind!r}")


def _current_file(kind: str, pk: int | None) -> Path:
    """Where a subject keeps the digest of its last card."""
    return Path(settings.PRIVATE_ROOT) / FOLDER / "current" / f"{kind}-{pk or 0}"


def _write_whole(target: Path, data: bytes) -> None:
    """Written beside its place, then moved in: a reader finds the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


def store(facts: CardFacts, kind: str | None = None, pk: int | None = None) -> Path:
    """Draw the card; for a subject (`kind`, `pk`), delete the card it replaces."""
    digest = digest_of(facts)
    target = card_file(digest)
    _write_whole(target, render_png(facts))
    if kind is not None:
        current = _current_file(kind, pk)
        try:
            before = current.read_text().strip()
        except OSError:
            before = ""
        _write_whole(current, digest.encode())
        if before and before != digest:
            # Another subject with the very same facts shares the file; its next request
            # queues it again, as for a card never drawn.
            card_file(before).unlink(missing_ok=True)
    return target


@background
def draw_card(kind: str, pk: int | None = None) -> None:
    """Draw a card from its subject's facts at the time the worker runs."""
    facts = facts_for(kind, pk)
    if facts is not None and not card_file(digest_of(facts)).exists():
        store(facts, kind, pk)


def queue(kind: str, pk: int | None, facts: CardFacts) -> None:
    """Have the worker draw this card unless it is drawn; one job per subject and facts."""
    if card_file(digest_of(facts)).exists():
        return
    job = enqueue(draw_card, kind, pk, key=f"sharecard:{kind}:{pk or 0}:{digest_of(facts)}")
    if job.status == JobStatus.SUCCEEDED:
        # Drawn once, and the file has gone since (a cleared folder): draw it again.
        type(job).objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).update(
            status=JobStatus.QUEUED, attempts=0
        )
        job.refresh_from_db()
        submit(job)


def queue_run(event: Event) -> None:
    """The cards of a listed run: its own and each dedication's."""
    queue("event", event.pk, card_facts.event_facts(event))
    for dedication in event.dedications.select_related("hero__agency", "event"):
        queue("dedication", dedication.pk, card_facts.dedication_facts(dedication))


@cache
def placeholder() -> bytes:
    """What a card's address gives until the card is drawn: the site's card if drawn, else a
    plain field of the cards' navy (no text: nothing to draw in the request)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (WIDTH, HEIGHT), NAVY).save(out, format="PNG", optimize=True)
    return out.getvalue()
