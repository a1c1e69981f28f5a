import pytest
from geographiclib.geodesic import Geodesic

from memorialmiles import gps


def line_of(length_m: float) -> gps.Track:
    """Two points ``length_m`` apart on the WGS84 ellipsoid (Karney's direct problem)."""
    end = Geodesic.WGS84.Direct(34.73, -86.58, 45.0, length_m)
    return gps.Track([34.73, end["lat2"]], [-86.58, end["lon2"]])


def test_it_merges_a_last_split_of_micrometres_into_the_one_before():
    track = line_of(3000.000005)
    parts = track.splits(1000)
    assert [p["split"] for p in parts] == [1, 2, 3]
    assert parts[-1]["distance_m"] == pytest.approx(1000.000005, abs=1e-6)
    assert parts[-1]["end_m"] == pytest.approx(track.distance_m(), abs=1e-9)
    assert sum(p["distance_m"] for p in parts) == pytest.approx(track.distance_m(), abs=1e-9)


def test_it_keeps_a_last_split_of_a_few_centimetres():
    parts = line_of(3000.02).splits(1000)
    assert len(parts) == 4 and parts[-1]["distance_m"] == pytest.approx(0.02, abs=1e-6)


def test_it_keeps_a_single_split_for_a_track_shorter_than_a_centimetre():
    parts = line_of(0.005).splits(1000)
    assert len(parts) == 1 and parts[0]["distance_m"] == pytest.approx(0.005, abs=1e-9)
