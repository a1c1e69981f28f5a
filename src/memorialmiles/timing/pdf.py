"""The finisher certificate (ReportLab), one for each runner who crossed the line.

The family's dedication certificate is ``events.certificate``; ``course_points`` and
``project`` fit a course's GeoJSON in a box with a local equirectangular scale (good to well
under a pixel over a mile).
"""

from __future__ import annotations

import io
import math

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from memorialmiles.events.models import Event
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
