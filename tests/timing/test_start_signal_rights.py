"""Who may move the start: the organizer sets or replaces it; a phone adds the first gun only."""

from memorialmiles.timing.models import RawRecord, StartSignal
from memorialmiles.timing.services import compute_event
from timing.timingkit import GUN_US, at_us, taps


def gun_times(event):
    return [(r.bib, r.gun_time) for r in compute_event(event).results if r.place]


def test_it_refuses_a_volunteer_setting_or_replacing_the_start(
    client, race, phone, post_batch, val
):
    post_batch(
        phone, [{"seq": 1, "kind": "gun", "time_us": GUN_US}, *taps(("1", 470), start_seq=2)]
    )
    before = gun_times(race)
    client.force_login(val)
    response = client.post(f"/timing/events/{race.pk}/start/", {"time": "12:05:00"})
    assert response.status_code == 403
    assert StartSignal.objects.count() == 1
    assert gun_times(race) == before == [("1", "0:07:50")]
    page = client.get(f"/timing/events/{race.pk}/").content.decode()
    assert f'action="/timing/events/{race.pk}/start/"' not in page
    assert "only an organizer can replace it" in page


def test_it_lets_the_organizer_set_and_replace_the_start(client, race, phone, post_batch, alice):
    post_batch(phone, taps(("1", 470)))
    client.force_login(alice)
    page = client.get(f"/timing/events/{race.pk}/").content.decode()
    assert f'action="/timing/events/{race.pk}/start/"' in page
    client.post(f"/timing/events/{race.pk}/start/", {"time": "12:00:10"})
    assert gun_times(race) == [("1", "0:07:40")]
    client.post(f"/timing/events/{race.pk}/start/", {"time": "12:00:00"})  # replaced
    assert gun_times(race) == [("1", "0:07:50")]
    assert list(StartSignal.objects.values_list("set_by__username", flat=True)) == ["alice"] * 2


def test_it_lets_a_phone_add_the_first_gun_tap_only(race, join_device, post_batch):
    first, second = join_device(race, "Gun phone"), join_device(race, "Finish phone")
    answer = post_batch(first, [{"seq": 1, "kind": "gun", "time_us": GUN_US}])
    assert answer.json()["refused_starts"] == []
    post_batch(second, taps(("1", 470)))
    before = gun_times(race)
    late = post_batch(second, [{"seq": 7, "kind": "gun", "time_us": at_us(60)}])
    assert late.status_code == 200
    assert late.json()["refused_starts"] == [7] and late.json()["accepted"] == [7]
    again = post_batch(first, [{"seq": 2, "kind": "gun", "time_us": at_us(-30)}])
    assert again.json()["refused_starts"] == [2]
    assert list(StartSignal.objects.values_list("gun_time_us", flat=True)) == [GUN_US]
    assert RawRecord.objects.filter(kind="gun").count() == 3  # every tap is kept as it came
    assert gun_times(race) == before == [("1", "0:07:50")]


def test_it_takes_one_gun_of_two_in_a_batch_and_each_waves_first(race, phone, post_batch):
    answer = post_batch(
        phone,
        [
            {"seq": 1, "kind": "gun", "time_us": at_us(1)},
            {"seq": 2, "kind": "gun", "time_us": at_us(0)},
            {"seq": 3, "kind": "gun", "wave": "B", "time_us": at_us(120)},
        ],
    )
    assert answer.json()["refused_starts"] == [1]
    assert sorted(StartSignal.objects.values_list("wave", "gun_time_us")) == [
        ("", at_us(0)),
        ("B", at_us(120)),
    ]
