"""Certificates (ReportLab): one for each finisher, one for the family of each hero honored.

The dedication certificate draws the course as a polyline from its GeoJSON, projected with
a local equirectangular scale (good to well under a pixel over a mile), so the family sees
the road that was run for their officer.
"""

from __future__ import annotations

import io
import math

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from memorialmiles.events.models import Dedication, Event
from memorialmiles.results import Result

NAVY = HexColor("#0b2545")
GOLD = HexColor("#8a5a00")
PAGE = landscape(LETTER)


def _date(event: Event) -> str:
    start = event.local_start
    return f"{start:%B} {start.day}, {start:%Y}" if start else ""


def _frame(canvas: Canvas) -> None:
    width, height = PAGE
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(4)
    canvas.rect(0.4 * inch, 0.4 * inch, width - 0.8 * inch, height - 0.8 * inch)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.rect(0.5 * inch, 0.5 * inch, width - 1.0 * inch, height - 1.0 * inch)


def _centered(canvas: Canvas, y: float, text: str, font: str, size: int, color=NAVY) -> None:
    canvas.setFont(font, size)
    canvas.setFillColor(color)
    # Shrink a long line rather than let it run off the page.
    while size > 8 and canvas.stringWidth(text, font, size) > PAGE[0] - 1.4 * inch:
        size -= 1
        canvas.setFont(font, size)
    canvas.drawCentredString(PAGE[0] / 2, y, text)


def hero_names(event: Event) -> list[str]:
    return [d.hero.display_name for d in event.dedications.select_related("hero")]


def finisher_certificate(event: Event, result: Result) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=0)
    canvas.setTitle(f"Finisher certificate: {result.entry.name}")
    _frame(canvas)
    height = PAGE[1]
    _centered(canvas, height - 1.5 * inch, "Certificate of finish", "Helvetica-Bold", 30)
    _centered(canvas, height - 2.3 * inch, result.entry.name, "Helvetica-Bold", 36, GOLD)
    _centered(canvas, height - 2.9 * inch, f"finished {event.title}", "Helvetica", 18)
    _centered(canvas, height - 3.3 * inch, _date(event), "Helvetica", 14)
    time = result.gun_time
    place = f"place {result.place}" if result.place else ""
    line = f"Time {time}" + (f", {place}" if place else "") + f", bib {result.bib}"
    _centered(canvas, height - 4.1 * inch, line, "Helvetica-Bold", 20)
    if result.group_finish:
        _centered(canvas, height - 4.5 * inch, "Finished together, as a group", "Helvetica", 13)
    heroes = hero_names(event)
    if heroes:
        _centered(canvas, height - 5.3 * inch, "In honor of", "Helvetica-Oblique", 14)
        _centered(canvas, height - 5.7 * inch, ", ".join(heroes), "Helvetica-Bold", 16)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def course_points(geometry: dict) -> list[tuple[float, float]]:
    """(lon, lat) pairs of a GeoJSON LineString, MultiLineString or Feature; [] otherwise."""
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Feature":
        return course_points(geometry.get("geometry") or {})
    coords = geometry.get("coordinates") or []
    if geometry.get("type") == "MultiLineString":
        coords = [p for line in coords for p in line]
    elif geometry.get("type") != "LineString":
        return []
    out = []
    for p in coords:
        if isinstance(p, list | tuple) and len(p) >= 2:
            out.append((float(p[0]), float(p[1])))
    return out


def project(points, x0: float, y0: float, w: float, h: float) -> list[tuple[float, float]]:
    """Fit (lon, lat) into the box keeping the true shape (metres east and north alike)."""
    if len(points) < 2:
        return []
    lat0 = sum(p[1] for p in points) / len(points)
    k = math.cos(math.radians(lat0))
    xs = [p[0] * k for p in points]
    ys = [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1e-9
    scale = min(w, h) / span
    ox = x0 + (w - (max(xs) - min(xs)) * scale) / 2
    oy = y0 + (h - (max(ys) - min(ys)) * scale) / 2
    return [
        (ox + (x - min(xs)) * scale, oy + (y - min(ys)) * scale)
        for x, y in zip(xs, ys, strict=True)
    ]


def _draw_course(canvas: Canvas, event: Event, x: float, y: float, w: float, h: float) -> bool:
    course = event.course
    pts = project(course_points(course.geometry), x, y, w, h) if course else []
    if not pts:
        return False
    path = canvas.beginPath()
    path.moveTo(*pts[0])
    for p in pts[1:]:
        path.lineTo(*p)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.setLineJoin(1)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.setFillColor(GOLD)
    canvas.circle(*pts[0], 5, stroke=0, fill=1)
    canvas.setFillColor(NAVY)
    canvas.circle(*pts[-1], 5, stroke=0, fill=1)
    canvas.setFont("Helvetica", 9)
    note = course.name + (" (illustrative)" if course.illustrative else "")
    canvas.drawCentredString(x + w / 2, y - 14, note[:90])
    return True


def dedication_text(dedication: Dedication) -> list[str]:
    hero = dedication.hero
    lines = [f"This mile was run in honor of {hero.display_name}"]
    if hero.agency_id:
        lines.append(hero.agency.name)
    if hero.end_of_watch:
        eow = hero.end_of_watch
        lines.append(f"End of watch {eow:%B} {eow.day}, {eow.year}")
    return lines


def dedication_certificate(event: Event, dedication: Dedication) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=0)
    canvas.setTitle(f"Dedication: {dedication.hero.display_name}")
    _frame(canvas)
    width, height = PAGE
    _centered(canvas, height - 1.3 * inch, event.title, "Helvetica", 16)
    lines = dedication_text(dedication)
    _centered(canvas, height - 2.0 * inch, lines[0], "Helvetica-Bold", 24)
    for i, text in enumerate(lines[1:]):
        _centered(canvas, height - (2.5 + 0.4 * i) * inch, text, "Helvetica", 16, GOLD)
    when = _date(event)
    mile = f"Mile {dedication.mile:,}" if dedication.mile else ""
    _centered(
        canvas, height - 3.6 * inch, " · ".join(x for x in (when, mile) if x), "Helvetica", 13
    )
    _draw_course(canvas, event, width / 2 - 2.2 * inch, 1.0 * inch, 4.4 * inch, 2.4 * inch)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
