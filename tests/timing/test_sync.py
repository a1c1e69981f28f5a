from memorialmiles.timing.models import RawRecord, StartSignal
from timing.timingkit import at_us, taps


def test_it_stores_a_batch_once_when_sent_twice(phone, post_batch):
    batch = taps(("1", 478.4), ("2", 480.0), ("3", 480.0))
    first = post_batch(phone, batch).json()
    second = post_batch(phone, batch).json()
    assert (first["created"], first["duplicates"], first["accepted"]) == (3, 0, [1, 2, 3])
    assert (second["created"], second["duplicates"], second["accepted"]) == (0, 3, [1, 2, 3])
    assert second["server_count"] == 3
    assert RawRecord.objects.count() == 3
    assert sorted(RawRecord.objects.values_list("bib", "device_time_us")) == [
        ("1", at_us(478.4)),
        ("2", at_us(480)),
        ("3", at_us(480)),
    ]


def test_it_keeps_a_partly_resent_batch_single(phone, post_batch):
    post_batch(phone, taps(("1", 478.4), ("2", 480.0)))
    answer = post_batch(phone, taps(("1", 478.4), ("2", 480.0), ("3", 490.0))).json()
    assert (answer["created"], answer["accepted"]) == (1, [1, 2, 3])
    assert RawRecord.objects.count() == 3


def test_it_counts_two_devices_with_the_same_seqs_apart(race, join_device, post_batch):
    a, b = join_device(race, "A"), join_device(race, "B")
    post_batch(a, taps(("1", 478.4)))
    answer = post_batch(b, taps(("2", 480.0)))
    assert answer.json()["event_count"] == 2
    assert RawRecord.objects.filter(device_seq=1).count() == 2


def test_it_refuses_a_device_of_another_event(phone, other_race, post_batch):
    response = post_batch(phone, taps(("1", 478.4)), event_id=other_race.pk)
    assert response.status_code == 403
    assert not RawRecord.objects.exists()


def test_it_refuses_no_token_a_bad_token_and_a_revoked_device(client, phone, post_batch):
    url = f"/api/v1/timing/events/{phone.event_id}/sync"
    body = {"records": taps(("1", 478.4))}
    assert client.post(url, body, content_type="application/json").status_code == 401
    bad = client.post(
        url, body, content_type="application/json", headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401
    phone.revoked = True
    phone.save(update_fields=["revoked"])
    assert post_batch(phone, body["records"]).status_code == 401
    assert not RawRecord.objects.exists()


def test_it_refuses_charlies_session_without_a_device(client, charlie, race):
    client.force_login(charlie)
    response = client.post(
        f"/api/v1/timing/events/{race.pk}/sync",
        {"records": taps(("1", 478.4))},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_it_refuses_a_bad_batch_whole(phone, post_batch):
    batch = taps(("1", 478.4)) + [{"seq": 2, "kind": "finish"}]
    response = post_batch(phone, batch)
    assert response.status_code == 400
    assert "seq 2" in response.json()["detail"]
    assert not RawRecord.objects.exists()


def test_it_makes_one_start_signal_of_a_gun_tap(phone, post_batch):
    gun = [{"seq": 1, "kind": "gun", "time_us": at_us(1.5)}]
    post_batch(phone, gun)
    post_batch(phone, gun)
    signal = StartSignal.objects.get()
    assert (signal.gun_time_us, signal.source, signal.raw_record.device_seq) == (
        at_us(1.5),
        "tap",
        1,
    )


def test_it_tells_the_phone_what_the_server_holds(client, phone, post_batch):
    post_batch(phone, taps(("1", 478.4), ("2", 480.0), start_seq=7))
    response = client.get(
        f"/api/v1/timing/events/{phone.event_id}/device",
        headers={"Authorization": f"Bearer {phone.token}"},
    )
    assert response.json()["server_count"] == 2
    assert response.json()["max_seq"] == 8
