"""Real device files whose clock steps back, repeats or gaps are kept, measured around, named.

A Garmin watch stepped its clock back one second at a multisport transition and the whole file
was refused ("time goes backwards"). Each file here is built like that one: a runner moving
exactly ``STEP_M`` metres every second, with one bad interval. Moving time and speed must be
those of the good steps alone, every point must be kept, and the warning must say where.
"""

import io

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

import fit_bytes
from memorialmiles import gps
from memorialmiles.gps import GpsError

T0 = 1714564800  # 2024-05-01T12:00:00Z
STEP_M = 3.0  # 3 m/s: a runner
N = 120


def positions(n: int = N) -> list[tuple[float, float]]:
    out = []
    for k in range(n):
        g = Geodesic.WGS84.Direct(34.73, -86.585, 0.0, STEP_M * k)
        out.append((g["lat2"], g["lon2"]))
    return out


def stepped_back(at: int = 60) -> list[float]:
    """One time per point; the clock steps back one second between point ``at`` and the next
    (``at + 1`` in the 1-based numbering of the warnings)."""
    return [T0 + k if k < at else T0 + k - 2 for k in range(N)]


def iso(seconds: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(times) -> bytes:
    pts = "".join(
        f'<trkpt lat="{la:.9f}" lon="{lo:.9f}"><ele>190</ele><time>{iso(t)}</time></trkpt>'
        for (la, lo), t in zip(positions(len(times)), times, strict=True)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{pts}</trkseg></trk></gpx>"
    ).encode()


def tcx(times) -> bytes:
    pts = "".join(
        f"<Trackpoint><Time>{iso(t)}</Time><Position><LatitudeDegrees>{la:.9f}</LatitudeDegrees>"
        f"<LongitudeDegrees>{lo:.9f}</LongitudeDegrees></Position></Trackpoint>"
        for (la, lo), t in zip(positions(len(times)), times, strict=True)
    )
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="Running"><Id>{iso(T0)}</Id><Lap StartTime="{iso(T0)}"><Track>{pts}'
        "</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def multisport_fit(times) -> bytes:
    points = [(t, la, lo, 190.0) for (la, lo), t in zip(positions(len(times)), times, strict=True)]
    mid = T0 + 59
    return fit_bytes.fit_file(
        points, sessions=[("running", T0, mid), ("cycling", mid - 1, times[-1])]
    )


def read(data: bytes, name: str) -> gps.Track:
    return gps.read(io.BytesIO(data), name=name)


def assert_good_steps_only(track: gps.Track, bad_steps: int) -> None:
    """Moving time and speed are those of the N - 1 - bad good steps of STEP_M in 1 s.

    FIT stores positions in semicircles (about 1 cm), hence the tolerances: counting the bad
    step's 3 m in the speed would be 0.8 % off, far outside them.
    """
    m = track.metrics()
    good = N - 1 - bad_steps
    assert m["points"] == N
    assert m["moving_s"] == good
    assert m["distance_m"] == pytest.approx(STEP_M * (N - 1), abs=0.05)  # every step measured
    steps = track.step_lengths()
    stalled = np.diff(track.time) <= 0
    assert np.count_nonzero(stalled) == bad_steps
    assert m["avg_speed_mps"] == pytest.approx(steps[~stalled].sum() / good, rel=1e-12)
    assert m["avg_speed_mps"] == pytest.approx(STEP_M, rel=1e-3)
    assert m["max_speed_mps"] == pytest.approx(STEP_M, rel=1e-3)


BACK_WARNING = (
    "the clock steps back once: point 61 at 2024-05-01T12:00:58Z, 1 s before point 60; "
    "the points are kept, the interval is left out of moving time and speed"
)


@pytest.mark.parametrize(
    ("build", "name"),
    [(multisport_fit, "multisport.fit"), (gpx, "stepped.gpx"), (tcx, "stepped.tcx")],
)
def test_it_keeps_a_file_whose_clock_steps_back_and_says_where(build, name):
    track = read(build(stepped_back()), name)
    assert len(track) == N
    assert BACK_WARNING in track.warnings
    assert track.metrics()["warnings"] == track.warnings
    assert_good_steps_only(track, bad_steps=1)


def test_it_reads_the_multisport_fit_with_both_sessions():
    track = read(multisport_fit(stepped_back()), "multisport.fit")
    assert track.segment_count == 1  # no timer stop: the step back is inside one segment
    assert track.device_totals["elapsed_s"] == pytest.approx(59 + (T0 + N - 3) - (T0 + 58))
    assert np.count_nonzero(np.diff(track.time) < 0) == 1


@pytest.mark.parametrize(("build", "name"), [(gpx, "repeat.gpx"), (tcx, "repeat.tcx")])
def test_it_keeps_repeated_timestamps_and_says_where(build, name):
    times = [T0 + k if k < 30 else T0 + k - 1 for k in range(N)]  # point 31 repeats point 30
    track = read(build(times), name)
    assert track.warnings == [
        "1 point(s) repeat the time of the point before: point 31 at 2024-05-01T12:00:29Z; "
        "the points are kept, the interval is left out of moving time and speed"
    ]
    assert_good_steps_only(track, bad_steps=1)


def test_it_names_the_first_places_of_many_faults_and_counts_the_rest():
    times = [float(T0 + k - 2 * (k // 10)) for k in range(N)]  # back 1 s every ten points
    track = read(gpx(times), "jumpy.gpx")
    (warning,) = track.warnings
    assert warning.startswith("the clock steps back 11 times: point 11 at 2024-05-01T12:00:08Z")
    assert "; and 8 more;" in warning
    assert len(track) == N


def test_it_keeps_a_gap_and_counts_it_only_when_covered_at_running_pace():
    # The receiver lost the sky for 90 s while the runner stood at a crossing (3 m in 90 s).
    times = [T0 + k if k < 50 else T0 + k + 89 for k in range(N)]
    track = read(tcx(times), "gap.tcx")
    assert track.warnings == [
        "1 gap(s) of over 60 s in the recording: 90 s before point 51 at 2024-05-01T12:02:19Z; "
        "a gap counts as moving time only if it was covered at running pace"
    ]
    m = track.metrics()
    assert (m["points"], m["moving_s"], m["elapsed_s"]) == (N, N - 2, N - 1 + 89)


def test_it_finds_a_step_back_behind_a_point_without_time(h):
    times = [iso(T0 + k) for k in range(6)]
    pts = [(45.0 + k * 1e-4, 14.0, None, t) for k, t in enumerate(times)]
    pts[3] = (45.0003, 14.0, None, None)
    pts[4] = (45.0004, 14.0, None, iso(T0))
    track = read(h.gpx_doc(pts).encode(), "hole.gpx")
    assert track.warnings[0].startswith(
        "the clock steps back once: point 5 at 2024-05-01T12:00:00Z, 2 s before point 3;"
    )


def test_it_still_refuses_a_file_with_no_usable_point():
    no_position = (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        '<Activity Sport="Running"><Lap><Track><Trackpoint><Time>2024-05-01T12:00:00Z</Time>'
        "</Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    )
    with pytest.raises(GpsError) as err:
        read(no_position.encode(), "indoor.tcx")
    assert str(err.value) == "indoor.tcx: line 1: the TCX file has no trackpoint with a position"
