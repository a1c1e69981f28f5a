"""The annual report for donors and boards: the year's figures, the map, the charts and the
names of the heroes honored, as a PDF (ReportLab, no system libraries)."""

from __future__ import annotations

import io
from html import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Polygon
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from memorialmiles.reports import usmap
from memorialmiles.reports.impact import Impact

FIGURES = (
    ("miles", "Miles run"),
    ("heroes_honored", "Heroes honored"),
    ("runs", "Runs"),
    ("runners", "Runners"),
    ("agencies", "Agencies"),
    ("states", "States"),
    ("flags_presented", "Flags presented"),
)


def annual_report(year: int, figures: Impact, by_year: list[dict], site: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=f"{site}: annual report {year}",
        author=site,
        leftMargin=0.8 * inch,
        rightMargin=0.8 * inch,
        pageCompression=0,
    )
    styles = getSampleStyleSheet()
    story = [
        Paragraph(escape(f"{site}: the year {year}"), styles["Title"]),
        Paragraph(
            "Every figure counts the listed runs that took place this year: one mile for "
            "each hero honored.",
            styles["Normal"],
        ),
        Spacer(1, 12),
        _figures_table(figures),
        Spacer(1, 18),
        KeepTogether(
            [
                Paragraph("Miles run, by the hero's state", styles["Heading2"]),
                _map(figures.state_miles(), doc.width),
            ]
        ),
        Spacer(1, 12),
        KeepTogether(
            [
                Paragraph("Miles run, year by year", styles["Heading2"]),
                _chart([(str(r["year"]), r["miles"]) for r in by_year], doc.width),
            ]
        ),
        Paragraph("Heroes honored", styles["Heading2"]),
        _heroes(figures),
    ]
    doc.build(story)
    return buffer.getvalue()


def _figures_table(figures: Impact) -> Table:
    rows = [[label, f"{getattr(figures, key):,}"] for key, label in FIGURES]
    table = Table(rows, colWidths=[2.6 * inch, 1.4 * inch])
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 12),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    return table


def _map(miles: dict[str, int], width: float) -> Drawing:
    scale = width / usmap.WIDTH
    drawing = Drawing(width, usmap.HEIGHT * scale)
    top = max(miles.values(), default=0)
    for code, rings in usmap.states().items():
        fill = colors.HexColor(usmap.shade(miles.get(code, 0), top))
        for ring in rings:
            # SVG's y runs down, the PDF's up.
            points = [c for x, y in ring for c in (x * scale, (usmap.HEIGHT - y) * scale)]
            drawing.add(Polygon(points, fillColor=fill, strokeColor=colors.white, strokeWidth=0.3))
    return drawing


def _chart(rows: list[tuple[str, int]], width: float) -> Drawing:
    drawing = Drawing(width, 180)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, 130
    chart.data = [[v for _, v in rows] or [0]]
    chart.categoryAxis.categoryNames = [label for label, _ in rows] or [""]
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#1f4e79")
    drawing.add(chart)
    return drawing


def _heroes(figures: Impact) -> Table:
    rows = [["Hero", "Agency", "End of watch"]]
    for item in figures.heroes:
        hero = item["hero"]
        rows.append(
            [
                Paragraph(escape(str(hero))),
                Paragraph(escape(str(hero.agency or ""))),
                hero.end_of_watch.isoformat() if hero.end_of_watch else "",
            ]
        )
    table = Table(rows, colWidths=[2.6 * inch, 2.8 * inch, 1.3 * inch], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ]
        )
    )
    return table
