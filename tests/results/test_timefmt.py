from memorialmiles.results import format_duration, format_pace


def test_it_shows_only_the_fraction_present():
    assert format_duration(478_400_000) == "0:07:58.4"
    assert format_duration(480_000_000) == "0:08:00"
    assert format_duration(3_723_456_789) == "1:02:03.456"
    assert format_duration(None) == ""
    assert format_pace(478.9) == "7:58" and format_pace(3725) == "1:02:05"
