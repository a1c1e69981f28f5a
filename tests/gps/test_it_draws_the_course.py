from lxml import etree

from memorialmiles import gps

SVG = "{http://www.w3.org/2000/svg}"


def test_it_draws_a_scalable_accessible_map_with_a_mark_each_mile(real, h):
    track = gps.read(real(h.FIT))
    root = etree.fromstring(gps.course_svg(track, title="Fenix run").encode())
    assert root.get("viewBox") == "0 0 800 600" and root.get("width") == "100%"
    assert root.find(f"{SVG}title").text == "Fenix run"
    assert "5.61 miles" in root.find(f"{SVG}desc").text
    assert len(root.findall(f"{SVG}circle[@class='mile']")) == 5
    assert root.find(f"{SVG}circle[@class='start']") is not None
    assert root.find(f"{SVG}rect[@class='finish']") is not None
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "N" in texts and any(t and t.endswith(" m") for t in texts)


def test_it_draws_the_elevation_profile_or_says_there_is_none(real, h):
    root = etree.fromstring(gps.elevation_svg(gps.read(real(h.FIT))).encode())
    assert root.find(f"{SVG}polyline[@class='route']") is not None
    flat = gps.Track([40, 40.01], [-75, -75])
    assert "no elevation data" in gps.elevation_svg(flat)
