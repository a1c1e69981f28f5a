import json
import subprocess
import sys

from memorialmiles.gps.cli import main

KEYS = {
    "points",
    "distance_m",
    "distance_3d_m",
    "elevation_gain_m",
    "elevation_loss_m",
    "elapsed_s",
    "moving_s",
    "start",
    "finish",
}


def test_it_prints_one_json_object_for_one_file(real, h, capsys):
    assert main(["stats", str(real(h.FIT)), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc.keys() >= KEYS
    assert doc["points"] == 2809 and doc["device"]["ascent_m"] == 64


def test_it_prints_a_list_and_nulls_for_several_files(real, h, tmp_path, capsys):
    bare = tmp_path / "bare.geojson"
    bare.write_text('{"type":"LineString","coordinates":[[14,45],[14.001,45]]}')
    assert main(["stats", str(real(h.GPX)), str(bare), "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["points"] for d in docs] == [296, 2]
    assert docs[1]["elapsed_s"] is None and docs[1]["elevation_gain_m"] is None


def test_it_prints_a_table(real, h, capsys):
    assert main(["stats", str(real(h.TCX))]) == 0
    out = capsys.readouterr().out
    assert "distance (m)" in out and "4688.7" in out and "device distance_m" in out


def test_it_exits_2_with_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.gpx"
    bad.write_text(
        '<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n'
        '<trkpt lat="91" lon="0"/></trkseg></trk></gpx>'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "memorialmiles.gps", "stats", str(bad), "--json"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"{bad}: point 1: latitude 91.0 is outside -90..90\n"
    assert proc.stdout == ""


def test_it_converts_and_draws(real, h, tmp_path):
    for name in ("run.gpx", "run.geojson", "run.json"):
        assert main(["convert", str(real(h.FIT)), str(tmp_path / name)]) == 0
    assert main(["stats", str(tmp_path / "run.geojson")]) == 0
    assert main(["svg", str(real(h.FIT)), str(tmp_path / "c.svg")]) == 0
    assert main(["svg", str(real(h.FIT)), str(tmp_path / "p.svg"), "--profile"]) == 0
    assert (tmp_path / "c.svg").read_text().startswith("<svg")
