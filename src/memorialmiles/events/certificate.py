"""The dedication certificate: the page a family frames.

What it states, each from the record: the hero (rank, name, agency, end of watch), the mile
number, the run's date and place on its own clock, the course drawn from its track (the gps
core reads the stored GeoJSON and projects it in metres, start and finish marked by shape),
who ran (the partner agencies and how many runners), the group's time, the flag and where it
went, and the moment of silence. Letter or A4, landscape; vector art and embedded fonts (the
Bitstream Vera family ReportLab ships) so it prints sharp at any size; a tagged PDF with a
title, an author and a subject, read in order by a screen reader.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import numpy as np
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from memorialmiles.events.models import (
    Dedication,
    Event,
    MemorialItemKind,
    ProgramKind,
    RegistrationStatus,
)
from memorialmiles.events.tagged_pdf import TaggedCanvas
from memorialmiles.gps import geodesy
from memorialmiles.gps.errors import GpsError
from memorialmiles.gps.geojson import read_geojson
from memorialmiles.gps.metrics import MILE_M

NAVY = HexColor("#0b2545")
GOLD = HexColor("#8a5a00")
GREY = HexColor("#4a4a4a")
PAPERS = {"letter": landscape(LETTER), "a4": landscape(A4)}
FONTS = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf"}


def _fonts() -> None:
    for name, file in FONTS.items():
        if f"mm-{name}" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(f"mm-{name}", file))


@dataclass
class Facts:
    """Everything the certificate says, as lines of text: tested without drawing."""

    organization: str
    hero: str
    agency: str
    end_of_watch: str
    mile: str
    run: str
    place: str
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    course_name: str = ""
    course: tuple[np.ndarray, np.ndarray] | None = None  # metres east, north


def _day(value) -> str:
    return f"{value:%A, %B} {value.day}, {value:%Y}"


def facts(event: Event, dedication: Dedication) -> Facts:
    from memorialmiles.timing.services import results_for

    hero = dedication.hero
    eow = hero.end_of_watch
    local = event.local_start
    when = _day(local) if local else ""
    if local and event.start_time_known:
        when += f", {local:%I:%M %p} {local.tzname()}".replace(" 0", " ", 1)
    out = Facts(
        organization=event.organized_by or "Memorial Miles",
        hero=hero.display_name,
        agency=hero.agency.name if hero.agency_id else "",
        end_of_watch=f"End of watch {eow:%B} {eow.day}, {eow.year}" if eow else "",
        mile=f"Mile {dedication.mile:,}" if dedication.mile else "",
        run=event.title,
        place=", ".join(p for p in (event.place_name, event.place_address) if p),
    )
    if when:
        out.details.append(("Run", when))
    if out.place:
        out.details.append(("Place", out.place))
    course = event.course
    if course is not None:
        length = f"{course.distance_m / MILE_M:.2f} miles" if course.distance_m else ""
        text = ", ".join(p for p in (course.name, length) if p)
        out.details.append(("Course", text + (" (drawn by hand)" if course.illustrative else "")))
        out.course_name = course.name
        out.course = _course_xy(course.geometry, course.name)
    computed = results_for(event)
    out.details.append(("Who ran", _who_ran(event, computed)))
    if computed.group_times:
        from memorialmiles.results.timefmt import format_duration

        out.details.append(("Group time", format_duration(computed.group_times[0])))
    flag = (
        event.memorial_items.filter(kind=MemorialItemKind.FLAG, dedication=dedication).first()
        or event.memorial_items.filter(kind=MemorialItemKind.FLAG, dedication=None).first()
    )
    if flag is not None:
        out.details.append(("The flag", flag.public_summary))
    silence = event.program.filter(kind=ProgramKind.SILENCE).first()
    if silence is not None:
        out.details.append(("The silence", f"{silence.silence_seconds} seconds, in their memory"))
    return out


def _who_ran(event: Event, computed) -> str:
    from memorialmiles.results.records import Status

    finishers = sum(1 for row in computed.results.rows if row.status == Status.FINISHED)
    people = event.registrations.filter(status=RegistrationStatus.REGISTERED)
    count = finishers or people.exclude(checked_in_at=None).count() or people.count()
    agencies = ", ".join(event.partner_agencies.order_by("name").values_list("name", flat=True))
    runners = f"{count:,} runner{'s' if count != 1 else ''}" if count else ""
    return " with ".join(p for p in (agencies, runners) if p) or "Friends of the fallen"


def _course_xy(geometry: dict, name: str) -> tuple[np.ndarray, np.ndarray] | None:
    if not geometry:
        return None
    try:
        track = read_geojson(json.dumps(geometry).encode(), name or "course")
    except GpsError:
        return None
    if len(track) < 2:
        return None
    lat0, lon0 = float(np.mean(track.lat)), float(np.mean(track.lon))
    return geodesy.local_xy(track.lat, track.lon, lat0, lon0)


def render(event: Event, dedication: Dedication, paper: str = "letter") -> bytes:
    _fonts()
    size = PAPERS[paper]
    info = facts(event, dedication)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    canvas.setTitle(f"Dedication certificate: {info.hero}")
    canvas.setAuthor(info.organization)
    canvas.setSubject(f"{info.run}: a memorial mile in honor of {info.hero}")
    canvas.setCreator("Memorial Miles")
    canvas.setKeywords(["memorial mile", "dedication", info.hero])
    tagged = TaggedCanvas(canvas)
    _Page(tagged, size, info).draw()
    tagged.finish()
    return buffer.getvalue()


class _Page:
    def __init__(self, tagged: TaggedCanvas, size: tuple[float, float], info: Facts):
        self.t, self.c, self.info = tagged, tagged.canvas, info
        self.w, self.h = size

    def draw(self) -> None:
        self._frame()
        top = self.h - 0.95 * inch
        self._centered(top, self.info.organization.upper(), "regular", 11, GOLD, "P", space=2)
        self._centered(top - 0.5 * inch, "Certificate of Dedication", "bold", 30, NAVY, "H1")
        self._centered(top - 0.9 * inch, "This mile was run in honor of", "italic", 13, GREY, "P")
        self._centered(top - 1.45 * inch, self.info.hero, "bold", 32, GOLD, "H2")
        line = " · ".join(p for p in (self.info.agency, self.info.end_of_watch) if p)
        self._centered(top - 1.85 * inch, line, "regular", 14, NAVY, "P")
        if self.info.mile:
            self._centered(top - 2.15 * inch, self.info.mile, "bold", 12, GREY, "P")
        self._rule(top - 2.35 * inch)
        has_map = self.info.course is not None
        text_w = (self.w - 2.1 * inch) * (0.58 if has_map else 1.0)
        self._details(0.95 * inch, top - 2.75 * inch, text_w)
        if has_map:
            x = 1.05 * inch + text_w + 0.2 * inch
            self._course(x, 1.25 * inch, self.w - x - 0.95 * inch, top - 2.55 * inch - 1.25 * inch)
        motto = "Memorial Miles: one mile for every first responder who gave their life."
        self._centered(0.75 * inch, motto, "italic", 9, GREY, "P")

    def _frame(self) -> None:
        c, w, h = self.c, self.w, self.h
        with self.t.artifact():
            c.setStrokeColor(NAVY)
            c.setLineWidth(5)
            c.rect(0.4 * inch, 0.4 * inch, w - 0.8 * inch, h - 0.8 * inch)
            c.setStrokeColor(GOLD)
            c.setLineWidth(1.2)
            c.rect(0.52 * inch, 0.52 * inch, w - 1.04 * inch, h - 1.04 * inch)

    def _rule(self, y: float) -> None:
        with self.t.artifact():
            self.c.setStrokeColor(GOLD)
            self.c.setLineWidth(0.8)
            self.c.line(self.w / 2 - 2 * inch, y, self.w / 2 + 2 * inch, y)

    def _fit(self, text: str, font: str, size: float, width: float) -> float:
        while size > 7 and self.c.stringWidth(text, font, size) > width:
            size -= 0.5
        return size

    def _centered(self, y, text, font, size, color, kind, space: float = 0) -> None:
        if not text:
            return
        font = f"mm-{font}"
        size = self._fit(text, font, size, self.w - 1.6 * inch)
        with self.t.tag(kind):
            self.c.setFillColor(color)
            if space:
                obj = self.c.beginText()
                obj.setFont(font, size)
                obj.setCharSpace(space)
                width = self.c.stringWidth(text, font, size) + space * (len(text) - 1)
                obj.setTextOrigin((self.w - width) / 2, y)
                obj.textOut(text)
                obj.setCharSpace(0)  # the spacing is text state: it would carry to later lines
                self.c.drawText(obj)
            else:
                self.c.setFont(font, size)
                self.c.drawCentredString(self.w / 2, y, text)

    def _details(self, x: float, y: float, width: float) -> None:
        label_w = 1.3 * inch
        for label, text in self.info.details:
            lines = self._wrap(text, "mm-regular", 12, width - label_w)
            with self.t.tag("P"):
                self.c.setFillColor(GOLD)
                self.c.setFont("mm-bold", 10)
                self.c.drawString(x, y, label.upper())
                self.c.setFillColor(NAVY)
                self.c.setFont("mm-regular", 12)
                for n, part in enumerate(lines):
                    self.c.drawString(x + label_w, y - n * 15, part)
            y -= 15 * len(lines) + 9

    def _wrap(self, text: str, font: str, size: float, width: float) -> list[str]:
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if line and self.c.stringWidth(trial, font, size) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line] if line else lines or [""]

    def _course(self, x: float, y: float, w: float, h: float) -> None:
        ex, ny = self.info.course
        span = max(float(np.ptp(ex)), float(np.ptp(ny)), 1.0)
        scale = min(
            (w - 20) / max(float(np.ptp(ex)), 1e-9), (h - 40) / max(float(np.ptp(ny)), 1e-9)
        )
        scale = min(scale, (min(w, h) - 20) / span * 4)
        ox = x + (w - float(np.ptp(ex)) * scale) / 2 - float(ex.min()) * scale
        oy = y + 30 + (h - 40 - float(np.ptp(ny)) * scale) / 2 - float(ny.min()) * scale
        px, py = ox + ex * scale, oy + ny * scale
        alt = (
            f"Map of the course, {self.info.course_name}: "
            "start marked by a circle, finish by a square."
        )
        with self.t.tag("Figure", alt=alt):
            c = self.c
            path = c.beginPath()
            path.moveTo(float(px[0]), float(py[0]))
            for a, b in zip(px[1:], py[1:], strict=True):
                path.lineTo(float(a), float(b))
            c.setStrokeColor(NAVY)
            c.setLineWidth(3)
            c.setLineJoin(1)
            c.setLineCap(1)
            c.drawPath(path, stroke=1, fill=0)
            c.setFillColor(GOLD)
            c.circle(float(px[0]), float(py[0]), 6, stroke=0, fill=1)
            c.setFillColor(NAVY)
            c.rect(float(px[-1]) - 5, float(py[-1]) - 5, 10, 10, stroke=0, fill=1)
            self._scale_bar(x, y + 8, scale)
        with self.t.tag("Caption"):
            self.c.setFillColor(GREY)
            self.c.setFont("mm-italic", 9)
            self.c.drawCentredString(x + w / 2, y - 6, "Circle: the start.  Square: the finish.")

    def _scale_bar(self, x: float, y: float, scale: float) -> None:
        metres = next((m for m in (100, 200, 400, 500, 800, 1000) if m * scale >= 50), 1000)
        c = self.c
        c.setStrokeColor(GREY)
        c.setLineWidth(1)
        c.line(x, y, x + metres * scale, y)
        c.line(x, y - 3, x, y + 3)
        c.line(x + metres * scale, y - 3, x + metres * scale, y + 3)
        c.setFillColor(GREY)
        c.setFont("mm-regular", 8)
        c.drawString(x + metres * scale + 4, y - 3, f"{metres} m")
