"""The impact page, its map and charts, the home page's count, and the annual report."""

from __future__ import annotations

import re

from memorialmiles.reports import usmap


def test_the_page_shows_figures_map_chart_and_tables(client, runs):
    page = client.get("/impact/").content.decode()
    assert "<strong>4</strong> miles run" in page
    assert "<strong>2</strong> flags presented" in page
    # the map: every state drawn, Alabama darkest (3 miles), Texas lighter, others empty
    assert page.count("data-state=") >= 50
    alabama = re.search(r'fill="([^"]+)"[^>]*data-state="AL"', page).group(1)
    texas = re.search(r'fill="([^"]+)"[^>]*data-state="TX"', page).group(1)
    ohio = re.search(r'fill="([^"]+)"[^>]*data-state="OH"', page).group(1)
    assert alabama == usmap.SHADES[-1] and texas != alabama and ohio == usmap.EMPTY
    assert "<title>Alabama: 3 miles</title>" in page
    assert '<th scope="row">Texas</th><td>1</td>' in page  # the table beside the map
    assert 'aria-label="Miles run, year by year"' in page
    assert "Counted" not in page and "Draft mile" not in page
    assert "annual report" not in page  # organizers only


def test_the_home_page_shows_the_running_count(client, runs):
    page = client.get("/").content.decode()
    assert re.search(r'big-number">4</strong> miles run', page)


def test_the_state_shapes_come_from_us_atlas():
    shapes = usmap.states()
    assert {"AL", "TX", "AK", "HI", "DC"} <= set(shapes)
    # on the 975 x 610 canvas (Alaska's Aleutians cross the antimeridian: clipped, as in d3)
    xs = [x for code, rings in shapes.items() if code != "AK" for ring in rings for x, _ in ring]
    assert min(xs) >= 0 and max(xs) <= usmap.WIDTH


def test_the_annual_report_is_a_pdf_of_the_year(client, alice, runs):
    client.force_login(alice)
    assert "2023 annual report" in client.get("/impact/").content.decode()
    response = client.get("/impact/report/2023.pdf")
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    assert b"Memorial Miles: the year 2023" in body
    assert b"(Miles run) Tj" in body or b"(Miles run)" in body
    # the year's heroes: Crumby and Clardy ran in 2023; Lone in 2024; the draft's never
    assert b"Crumby" in body and b"Clardy" in body
    assert b"Lone" not in body and b"Counted" not in body
    # the map: Alabama (the year's only state) in the darkest blue, the other states grey
    assert b".031373 .317647 .611765 rg" in body
    assert body.count(b".933333 .933333 .933333 rg") > 100


def test_the_annual_report_is_for_organizers(client, charlie, runs):
    assert client.get("/impact/report/2023.pdf").status_code == 302
    client.force_login(charlie)
    assert client.get("/impact/report/2023.pdf").status_code == 403


def test_a_year_out_of_range_is_not_found(client, alice, runs):
    client.force_login(alice)
    assert client.get("/impact/report/99999.pdf").status_code == 404
