"""The OSRM adapter against a local stand-in of its table service."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from memorialmiles.tours import roads
from memorialmiles.tours.roads import OsrmError, Roads, roads_from_env


class StandIn(BaseHTTPRequestHandler):
    requests: list[str] = []
    answer_code = "Ok"

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        StandIn.requests.append(self.path)
        coords = url.path.rsplit("/", 1)[1].split(";")
        query = parse_qs(url.query)
        src = [int(i) for i in query["sources"][0].split(";")]
        dst = [int(i) for i in query["destinations"][0].split(";")]
        # a "road" of 1000 m per degree of longitude apart, driven at 10 m/s
        lon = [float(c.split(",")[0]) for c in coords]
        dist = [[abs(lon[i] - lon[j]) * 1000 for j in dst] for i in src]
        body = {
            "code": StandIn.answer_code,
            "distances": dist,
            "durations": [[d / 10 for d in row] for row in dist],
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm():
    server = HTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    StandIn.requests, StandIn.answer_code = [], "Ok"
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_it_reads_the_table_block_by_block(osrm, monkeypatch):
    monkeypatch.setattr(roads, "OSRM_BLOCK", 2)
    points = [(30.0, float(lon)) for lon in range(5)]
    km, hours = Roads(osrm_url=osrm).matrix(points)
    assert len(StandIn.requests) == 9  # 3 x 3 blocks of at most 2 places
    assert km[0, 4] == pytest.approx(4.0) and km[3, 1] == pytest.approx(2.0)
    assert hours[0, 4] == pytest.approx(400 / 3600)
    assert all("/table/v1/driving/" in r for r in StandIn.requests)


def test_a_refusal_is_an_error_with_the_server_s_words(osrm):
    StandIn.answer_code = "TooBig"
    with pytest.raises(OsrmError, match="TooBig"):
        Roads(osrm_url=osrm).matrix([(30.0, 1.0), (30.0, 2.0)])


def test_a_server_that_is_down_is_an_error():
    with pytest.raises(OsrmError, match="did not answer"):
        Roads(osrm_url="http://127.0.0.1:9", timeout=2).matrix([(30.0, 1.0), (30.0, 2.0)])


def test_the_settings_come_from_the_environment():
    got = roads_from_env(
        {"TOURS_ROAD_FACTOR": "1.3", "TOURS_SPEED_KMH": "80", "TOURS_OSRM_URL": "http://osrm:5000/"}
    )
    assert got == Roads(road_factor=1.3, speed_kmh=80.0, osrm_url="http://osrm:5000")
    with pytest.raises(ValueError, match="TOURS_SPEED_KMH"):
        roads_from_env({"TOURS_SPEED_KMH": "fast"})
