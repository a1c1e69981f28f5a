"""Phone corrections sent by racing requests (PostgreSQL): each is stored once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from memorialmiles.timing.models import Correction
from memorialmiles.timing.sync import create_join_code, join, sync_batch
from timing.timingkit import at_us, make_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
def test_it_stores_each_correction_once_when_batches_race():
    event = make_event(title="Concurrent fixes")
    phone = join(create_join_code(event, None).code, "Finish")
    sync_batch(phone, [{"seq": s, "kind": "finish", "time_us": at_us(400 + s)} for s in (1, 2)])
    fixes = [
        {"seq": 3, "action": "delete_tap", "record_seq": 1, "why": "Tapped twice"},
        {"seq": 4, "action": "fix_bib", "record_seq": 2, "bib": "3", "why": "Read wrong"},
    ]
    barrier, answers, errors = threading.Barrier(6), [], []

    def run():
        try:
            barrier.wait(timeout=10)
            response = Client().post(
                f"/api/v1/timing/events/{event.pk}/corrections",
                {"corrections": fixes},
                content_type="application/json",
                headers={"Authorization": f"Bearer {phone.token}"},
            )
            answers.append((response.status_code, response.json()["accepted"]))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert answers == [(200, [3, 4])] * 6
    assert Correction.objects.filter(device=phone).count() == 2
