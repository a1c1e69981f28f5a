from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from memorialmiles.honors.models import Hero


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    stats = Hero.objects.honor_roll_stats()
    recent = (
        Hero.objects.select_related("agency")
        .with_public_miles()
        .order_by("-end_of_watch", "last_name")[:6]
    )
    return render(request, "core/home.html", {"stats": stats, "recent": recent})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: answers only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
