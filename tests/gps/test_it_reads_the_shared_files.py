import numpy as np
import pytest

from memorialmiles import gps


def test_it_reads_the_fit_run_with_the_device_totals(real, h):
    track = gps.read(real(h.FIT))
    m = track.metrics()
    assert m["points"] == 2809
    ref = h.geodesic_length(track.lat, track.lon, track.segment)
    assert m["distance_m"] == pytest.approx(ref, rel=1e-7)
    assert m["distance_m"] == pytest.approx(9021.6, abs=0.1)
    assert m["device"]["distance_m"] == pytest.approx(9008.22)
    assert m["device"]["ascent_m"] == 64
    # Our filtered gain lands beside the barometric total, far from the raw 257 m.
    assert 50 <= m["elevation_gain_m"] <= 78
    assert m["elapsed_s"] == pytest.approx(2833)
    assert 2700 <= m["moving_s"] <= 2833
    assert m["start"] == pytest.approx([58.95918, 5.72884], abs=1e-5)


def test_it_reads_the_gpx_without_joining_segments(real, h):
    track = gps.read(real(h.GPX))
    m = track.metrics()
    assert m["points"] == 296
    assert track.segment_count == 7  # 8 <trkseg>, one of them empty
    assert m["distance_m"] == pytest.approx(4576.9, abs=0.1)
    joined = h.geodesic_length(track.lat, track.lon)
    assert joined > m["distance_m"] + 10
    assert len(track.waypoints) == 7
    raw_gain = float(np.clip(np.diff(track.ele), 0, None).sum())
    assert raw_gain == pytest.approx(259.6, abs=0.1)
    assert m["elevation_gain_m"] < raw_gain / 2


def test_it_reads_the_tcx_and_sums_its_laps(real, h):
    track = gps.read(real(h.TCX))
    m = track.metrics()
    assert m["points"] == 383  # one trackpoint has no position
    assert any("without a position" in w for w in m["warnings"])
    assert m["distance_m"] == pytest.approx(4688.7, abs=0.1)
    assert m["device"]["laps"] == 3
    assert m["device"]["distance_m"] == pytest.approx(4689.24, abs=0.01)
    assert m["device"]["timer_s"] == pytest.approx(1992.78)


def test_it_recognises_formats_by_content_not_name(real, tmp_path, h):
    renamed = tmp_path / "run.gpx"
    renamed.write_bytes(real(h.FIT).read_bytes())
    assert len(gps.read(renamed)) == 2809
    with open(real(h.TCX), "rb") as fh:
        assert len(gps.read(fh)) == 383
