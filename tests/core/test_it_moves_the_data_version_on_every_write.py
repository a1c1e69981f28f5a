"""The data version (core/freshness.py) moves on every write, after the commit too, and never
on a session save; it is shared by the processes of one machine without Redis."""

import subprocess
import sys

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from memorialmiles.core import freshness
from memorialmiles.honors.models import Agency

pytestmark = pytest.mark.django_db


def test_a_write_moves_it_and_a_read_or_a_session_does_not():
    start = freshness.current()
    list(Agency.objects.all())
    assert freshness.current() == start
    session = SessionStore()
    session["x"] = 1
    session.save()
    assert freshness.current() == start
    Agency.objects.create(name="Madison FD", key="madison fd", kind="fire", state="AL")
    assert freshness.current() != start


@pytest.mark.django_db(transaction=True)
def test_it_moves_again_once_the_transaction_commits():
    """Another process may read the moved number before the commit and keep the old data
    under it: the commit makes that number obsolete."""
    with transaction.atomic():
        Agency.objects.create(name="Madison FD", key="madison fd", kind="fire", state="AL")
        inside = freshness.current()  # the writer's own view, moved at once
    assert freshness.current() != inside


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_stale_number():
    before = freshness.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Agency.objects.create(name="Madison FD", key="madison fd", kind="fire", state="AL")
        raise RuntimeError
    assert freshness.current() != before  # moved for nothing: harmless, never stale
    assert not Agency.objects.exists()


def test_other_processes_see_it_move(settings, tmp_path):
    if freshness._shared_in_cache():
        pytest.skip("the number is in Redis here; the file is the laptop's")
    settings.DATA_DIR = tmp_path
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='memorialmiles.settings';"
        "django.setup(); from django.conf import settings; from pathlib import Path;"
        f"settings.DATA_DIR = Path({str(tmp_path)!r});"
        "from memorialmiles.core import freshness; print(freshness.current())"
    )
    before = freshness.current()
    freshness.bump()
    seen = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert seen.stdout.strip() == freshness.current() != before


def test_a_lost_number_starts_again_far_past_the_old_one(settings, tmp_path):
    if freshness._shared_in_cache():
        pytest.skip("the number is in Redis here; the file is the laptop's")
    settings.DATA_DIR = tmp_path
    (tmp_path / "data-versions").write_text("* 5\nhonors_hero 7\n")
    freshness.bump()
    freshness.bump(["honors_hero"])
    assert freshness.numbers(("honors_hero",)) == ("6", "8")
    (tmp_path / "data-versions").unlink()
    assert int(freshness.numbers(("honors_hero",))[0]) > 10**18


def test_a_write_moves_the_number_of_its_own_table_only(crumby):
    hero = ("honors_hero",)
    before = freshness.numbers(hero)
    Agency.objects.create(name="Madison FD", key="madison fd", kind="fire", state="AL")
    assert freshness.numbers(hero) == before
    crumby.nickname = "Gary"
    crumby.save()
    after = freshness.numbers(hero)
    assert after[0] == before[0] and after[1] != before[1]


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "honors_hero" ("a") VALUES (1)', "honors_hero"),
        ('INSERT OR IGNORE INTO "live_position" ("a") VALUES (1)', "live_position"),
        (' UPDATE "events_event" SET "status" = 1', "events_event"),
        ('DELETE FROM "timing_tap" WHERE 1', "timing_tap"),
        ("insert into honors_agency (a) values (1)", "honors_agency"),
        ("REPLACE INTO x_y VALUES (1)", "x_y"),
        ("UPDATE (SELECT 1) SET a = 1", "*"),  # not nameable: every page moves
    ],
)
def test_it_names_the_table_a_write_writes(sql, table):
    assert freshness.is_write(sql)
    assert freshness.written_table(sql) == table


def test_the_queue_own_rows_do_not_move_it(crumby, settings, tmp_path):
    """A crawler asking for a card not drawn yet queues a job; the worker claims and finishes
    it: none of that changes a page, so no cached page is thrown away for it."""
    # The numbers' file of its own: the other test process writes messages meanwhile.
    settings.DATA_DIR = tmp_path
    from django.test import Client
    from django.urls import reverse

    from background import burst
    from memorialmiles.jobs.models import Job

    burst()  # the "commit" of the hero's own writes, which moves the number once more
    start = freshness.current()
    Client().get(reverse("share_hero_card", args=[crumby.pk]))
    assert Job.objects.filter(task="memorialmiles.sharing.prerender.draw_card").exists()
    burst()
    assert Job.objects.filter(status="succeeded").exists()
    assert freshness.current() == start
