import io

from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.timing.models import Correction, RawRecord
from memorialmiles.timing.services import compute_event, results_for
from memorialmiles.timing.sync import create_join_code, join, sync_batch
from timing.timingkit import at_us, make_event, taps


def places(event):
    return [(r.place, r.bib, r.gun_time, str(r.status)) for r in compute_event(event).results]


def test_it_ranks_phone_taps_with_bibs(phone, post_batch, race):
    post_batch(phone, taps(("2", 480.0), ("1", 478.4), ("3", 480.0), ("1", 500.0)))
    assert places(race) == [
        (1, "1", "0:07:58.4", "finished"),
        (2, "2", "0:08:00", "finished"),
        (2, "3", "0:08:00", "finished"),
        (None, "4", "", "DNS"),
        (None, "5", "", "DNS"),
    ]


def test_it_pairs_taps_and_bibs_from_two_phones(race, join_device, post_batch):
    timer, bibs = join_device(race, "Times", "times"), join_device(race, "Bibs", "bibs")
    post_batch(timer, [{"seq": i + 1, "time_us": at_us(s)} for i, s in enumerate((470, 475, 490))])
    post_batch(bibs, [{"seq": i + 1, "bib": b, "time_us": at_us(470 + i), "source": "typed"}
                      for i, b in enumerate(("3", "5"))])  # fmt: skip
    out = compute_event(race)
    assert [(r.bib, r.gun_time) for r in out.results if r.place] == [
        ("3", "0:07:50"),
        ("5", "0:07:55"),
    ]
    assert [t.device_time_us for t in out.merge.unpaired_taps] == [at_us(490)]
    assert out.merge.unpaired_bibs == []


def test_it_labels_the_tap_a_bib_names(phone, post_batch, race):
    post_batch(phone, [{"seq": 1, "time_us": at_us(470)}, {"seq": 2, "time_us": at_us(475)},
                       {"seq": 3, "bib": "4", "ref_seq": 2, "source": "typed"},
                       {"seq": 4, "bib": "2", "ref_seq": 1, "source": "typed"}])  # fmt: skip
    assert [(r.bib, r.gun_time) for r in compute_event(race).results if r.place] == [
        ("2", "0:07:50"),
        ("4", "0:07:55"),
    ]


def test_it_gives_a_group_finish_to_everyone_still_running(phone, post_batch, race):
    post_batch(phone, taps(("1", 470.0)) + [{"seq": 2, "kind": "group", "time_us": at_us(480)}])
    rows = compute_event(race).results
    assert [(r.place, r.bib, r.gun_time, r.group_finish) for r in rows] == [
        (1, "1", "0:07:50", False), (2, "2", "0:08:00", True), (2, "3", "0:08:00", True),
        (2, "4", "0:08:00", True), (2, "5", "0:08:00", True),
    ]  # fmt: skip


def test_it_applies_a_correction_and_its_undo(phone, post_batch, race, val):
    post_batch(phone, taps(("1", 470.0), ("2", 480.0)))
    before = places(race)
    read = RawRecord.objects.get(bib="1")
    void = Correction.objects.create(event=race, action="void_read", record=read, why="x", by=val)
    assert [b for _, b, _, s in places(race) if s == "finished"] == ["2"]
    Correction.objects.create(event=race, action="undo", target=void, why="my mistake", by=val)
    assert places(race) == before


def test_it_takes_corrections_from_the_review_page(client, phone, post_batch, race, val, charlie):
    post_batch(phone, [{"seq": 1, "time_us": at_us(470)}])
    tap = RawRecord.objects.get()
    body = {"action": "assign_read", "record": tap.pk, "bib": "5", "why": "read from the photo"}
    client.force_login(charlie)
    assert client.post(f"/timing/events/{race.pk}/corrections/", body).status_code == 403
    client.force_login(val)
    page = client.get(f"/timing/events/{race.pk}/review/").content.decode()
    assert f"#{tap.pk}" in page  # the unpaired tap is listed
    client.post(f"/timing/events/{race.pk}/corrections/", body)
    assert Correction.objects.get().by == val
    assert [(r.bib, r.gun_time) for r in compute_event(race).results if r.place] == [
        ("5", "0:07:50")
    ]
    refused = client.post(f"/timing/events/{race.pk}/corrections/", {**body, "why": ""})
    assert refused.status_code == 302
    assert Correction.objects.count() == 1


@settings(max_examples=8, deadline=None)
@given(st.randoms(use_true_random=False))
def test_it_gives_the_same_results_in_any_order_of_arrival(django_db_blocker, rnd):
    """Devices and batches arriving in any order, any number of times, give equal results."""
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        with transaction.atomic():
            event = make_event(title=f"Order {rnd.random()}")
            code = create_join_code(event, None).code
            phones = [join(code, "A"), join(code, "B")]
            batches = [
                (phones[0], taps(("1", 470.0), ("2", 480.5))),
                (phones[0], taps(("3", 480.5), ("2", 481.0), start_seq=3)),
                (phones[1], taps(("4", 490.25), ("1", 471.0))),
                (phones[1], [{"seq": 9, "kind": "group", "time_us": at_us(495),
                              "group_bibs": ["5", "4"]}]),
            ]  # fmt: skip
            order = batches + rnd.sample(batches, 2)
            rnd.shuffle(order)
            for device, batch in order:
                sync_batch(device, batch)
            got = places(event)
            transaction.set_rollback(True)
        connection.close()  # opened outside pytest-django's care: leave no session behind
    assert got == [
        (1, "1", "0:07:50", "finished"), (2, "2", "0:08:00.5", "finished"),
        (2, "3", "0:08:00.5", "finished"), (4, "4", "0:08:10.25", "finished"),
        (5, "5", "0:08:15", "finished"),
    ]  # fmt: skip


def test_it_serves_results_as_json_csv_and_a_page(client, phone, post_batch, race):
    post_batch(phone, taps(("1", 478.4), ("2", 480.0)))
    data = client.get(f"/api/v1/timing/events/{race.pk}/results").json()
    assert (data["finished"], data["entrants"]) == (2, 5)
    assert data["rows"][0] | {} == data["rows"][0]
    assert {k: data["rows"][0][k] for k in ("place", "bib", "name", "gun_time", "division")} == {
        "place": 1, "bib": "1", "name": "Ann Lee", "gun_time": "0:07:58.4", "division": "F30-34"
    }  # fmt: skip
    assert "email" not in data["rows"][0]
    upload = client.get(f"/events/{race.pk}/results.csv?columns=upload").content.decode()
    assert upload.splitlines() == [
        "place,bib,first,last,age,sex,time,division",
        "1,1,Ann,Lee,34,F,0:07:58.4,F30-34",
        "2,2,Bo,Ray,41,M,0:08:00,M40-44",
    ]
    page = client.get(f"/events/{race.pk}/results/").content.decode()
    assert "Ann Lee" in page and "0:07:58.4" in page
    mine = client.get(f"/events/{race.pk}/results/2/").content.decode()
    assert "0:08:00" in mine and "certificate.pdf" in mine


def test_it_hides_results_of_a_draft_event(client, db):
    draft = make_event(status="proposed")
    assert client.get(f"/events/{draft.pk}/results/").status_code == 404
    assert client.get(f"/api/v1/timing/events/{draft.pk}/results").status_code == 404


def test_it_prints_results_from_the_command_line(phone, post_batch, race):
    post_batch(phone, taps(("1", 478.4), ("2", 480.0)))
    out = io.StringIO()
    call_command("results", str(race.pk), "--csv", stdout=out)
    lines = out.getvalue().splitlines()
    header = lines[0].split(",")
    for column in ("place", "bib", "name", "sex", "sex_place", "division", "division_place",
                   "gun_time", "net_time", "pace_per_mile", "status"):  # fmt: skip
        assert column in header
    row = dict(zip(header, lines[1].split(","), strict=True))
    assert (row["place"], row["bib"], row["gun_time"], row["status"]) == (
        "1",
        "1",
        "0:07:58.4",
        "finished",
    )
    assert len(lines) == 6


def test_it_recomputes_when_a_record_arrives(phone, post_batch, race):
    assert results_for(race).results.reads_used == 0
    post_batch(phone, taps(("1", 478.4)))
    assert results_for(race).results.reads_used == 1
