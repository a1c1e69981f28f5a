"""The public impact page and the organizers' annual report."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from memorialmiles.core.roles import Role, role_required
from memorialmiles.honors.models import YEAR_MAX, YEAR_MIN
from memorialmiles.reports import charts, usmap
from memorialmiles.reports.impact import impact
from memorialmiles.reports.pdf import annual_report as annual_report_pdf

SITE = "Memorial Miles"


@require_GET
def impact_page(request: HttpRequest) -> HttpResponse:
    figures = impact()
    by_year = [(str(r["year"]), r["miles"]) for r in figures.by_year]
    # Both SVGs are drawn here from numbers and escaped names: safe to place as they are.
    context = {
        "figures": figures,
        "map_svg": mark_safe(usmap.svg(figures.state_miles())),  # noqa: S308
        "year_chart": mark_safe(charts.bars(by_year, "Miles run, year by year")),  # noqa: S308
        "this_year": timezone.now().year,
    }
    return render(request, "reports/impact.html", context)


@role_required(Role.ORGANIZER)
@require_GET
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404("No such year.")
    pdf = annual_report_pdf(year, impact(year), impact().by_year, SITE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="memorial-miles-{year}.pdf"'
    return response
