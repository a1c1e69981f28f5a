from lxml import etree

from memorialmiles import gps

SVG = "{http://www.w3.org/2000/svg}"
LONG = "South Side Square to Huntsville Police Headquarters (illustrative)"
# The heading is 22 px bold; no sans-serif character is wider than 0.62 em on average.
WIDEST_PX = 0.62 * 22


def heading(svg: str):
    root = etree.fromstring(svg.encode())
    return root, next(t for t in root.iter(f"{SVG}text") if t.get("class") == "h")


def test_it_shortens_a_long_title_to_fit_the_map_and_keeps_it_whole_in_the_title():
    track = gps.Track([34.7304, 34.7390], [-86.5861, -86.5790])
    root, text = heading(gps.course_svg(track, title=LONG))
    width = float(root.get("viewBox").split()[2])
    assert root.find(f"{SVG}title").text == LONG
    assert text.text.endswith("\u2026") and LONG.startswith(text.text[:-1])
    assert text.text == "South Side Square to Huntsville Police\u2026"
    # it ends before the north arrow (at width - 40 - 9)
    assert float(text.get("x")) + len(text.text) * WIDEST_PX <= width - 49


def test_it_shortens_the_profile_heading_too_and_leaves_short_titles_alone():
    track = gps.Track([34.7304, 34.7390], [-86.5861, -86.5790], [180.0, 200.0])
    root, text = heading(gps.elevation_svg(track, title=LONG))
    assert root.find(f"{SVG}title").text == f"Elevation profile of {LONG}"
    assert text.text.endswith("\u2026")
    assert float(text.get("x")) + len(text.text) * WIDEST_PX <= 800 - 20
    _, short = heading(gps.course_svg(track, title="Crumby mile"))
    assert short.text == "Crumby mile"
