"""A gift's receipt as a PDF: what a donor files with their taxes or a board keeps."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas

from memorialmiles.support.models import Gift, GiftStatus


def receipt_pdf(gift: Gift) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LETTER)
    pdf.setTitle(f"Receipt {gift.receipt_number}")
    pdf.setAuthor("Memorial Miles")
    pdf.setSubject(f"Gift to {gift.event.title}")
    width, height = LETTER
    left, y = inch, height - inch
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(left, y, "Memorial Miles")
    y -= 0.45 * inch
    pdf.setFont("Helvetica-Bold", 14)
    heading = "Receipt" if gift.status == GiftStatus.RECEIVED else "Pledge acknowledgment"
    pdf.drawString(left, y, f"{heading} {gift.receipt_number}")
    y -= 0.5 * inch
    when = timezone.localtime(gift.received_at or gift.created_at)
    rows = [
        ("From", gift.donor_name),
        ("Amount", f"${gift.amount_dollars} (US dollars)"),
        (
            "Given as",
            gift.get_kind_display() + (f" no. {gift.check_number}" if gift.check_number else ""),
        ),
        ("Status", gift.get_status_display()),
        ("Date", f"{when:%B} {when.day}, {when.year}"),
        ("For", gift.event.title),
    ]
    if gift.fundraiser_id:
        rows.append(("Through", f"{gift.fundraiser.display_name}'s page"))
    for label, value in rows:
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(left, y, label)
        pdf.setFont("Helvetica", 11)
        pdf.drawString(left + 1.3 * inch, y, value)
        y -= 0.3 * inch
    y -= 0.3 * inch
    pdf.setFont("Helvetica", 10)
    for line in (
        "No goods or services were provided in exchange for this gift.",
        "It pays for flags, travel and the miles run in honor of the fallen.",
        "Thank you.",
    ):
        pdf.drawString(left, y, line)
        y -= 0.22 * inch
    pdf.showPage()
    pdf.save()
    return out.getvalue()
