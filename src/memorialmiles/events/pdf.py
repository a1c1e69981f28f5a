"""Printable start list and bib labels (ReportLab, no system libraries).

Only what a volunteer at the start needs: bib, name, role, agency or team. No email, phone or
emergency contact goes on paper that lies on a folding table.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from memorialmiles.events.models import Event, RegistrationStatus


def _runners(event: Event):
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).order_by(
        "bib", "last_name", "first_name"
    )


def _title(event: Event) -> str:
    start = event.local_start
    return event.title + (f", {start:%B} {start.day}, {start:%Y}" if start else "")


def start_list(event: Event) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, pageCompression=0)
    canvas.setTitle(f"Start list: {event.title}")
    width, height = LETTER
    y = height - inch

    def header():
        nonlocal y
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(0.75 * inch, y, f"Start list: {_title(event)}"[:90])
        y -= 0.35 * inch
        canvas.setFont("Helvetica-Bold", 10)
        for x, text in ((0.75, "Bib"), (1.4, "Name"), (4.0, "Role"), (5.3, "Agency or team")):
            canvas.drawString(x * inch, y, text)
        y -= 0.25 * inch
        canvas.setFont("Helvetica", 10)

    header()
    for r in _runners(event):
        if y < 0.75 * inch:
            canvas.showPage()
            y = height - inch
            header()
        canvas.drawString(0.75 * inch, y, str(r.bib or ""))
        canvas.drawString(1.4 * inch, y, r.name[:40])
        canvas.drawString(4.0 * inch, y, r.get_role_display()[:20])
        canvas.drawString(5.3 * inch, y, r.team[:36])
        y -= 0.22 * inch
    canvas.save()
    return buffer.getvalue()


def bib_labels(event: Event) -> bytes:
    """Two columns of five labels a page: the bib large, the name under it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, pageCompression=0)
    canvas.setTitle(f"Bibs: {event.title}")
    width, height = LETTER
    label_w, label_h = 4 * inch, 2 * inch
    for index, r in enumerate(_runners(event)):
        slot = index % 10
        if index and slot == 0:
            canvas.showPage()
        x = 0.25 * inch + (slot % 2) * label_w
        y = height - 0.5 * inch - (slot // 2 + 1) * label_h
        canvas.rect(x, y, label_w - 0.1 * inch, label_h - 0.1 * inch)
        canvas.setFont("Helvetica-Bold", 54)
        canvas.drawCentredString(x + label_w / 2, y + 0.8 * inch, str(r.bib or ""))
        canvas.setFont("Helvetica", 12)
        canvas.drawCentredString(x + label_w / 2, y + 0.35 * inch, r.name[:40])
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(x + label_w / 2, y + 0.15 * inch, event.title[:60])
    canvas.save()
    return buffer.getvalue()
