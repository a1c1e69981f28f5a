import posixpath
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from memorialmiles.core.pagecache import shared_page
from memorialmiles.honors.models import Hero


@shared_page
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


@cache
def _favicon() -> bytes:
    return Path(finders.find("core/favicon.svg")).read_bytes()


@cache_control(max_age=86400, public=True)
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page links: the SVG."""
    return HttpResponse(_favicon(), content_type="image/svg+xml")


# Only hero photos are served here: the uploads an organizer checked and Pillow read as images.
DEMO_MEDIA = ("heroes/",)


@require_GET
def demo_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded photos, in the demo and with DEBUG only. In production a reverse proxy or
    object storage serves MEDIA_ROOT (docs/deploy.md), and this answers 404."""
    # Judged after "..": "heroes/../courses/x.gpx" is another upload, not a photo.
    if not (settings.DEMO_MODE or settings.DEBUG) or not posixpath.normpath(path).startswith(
        DEMO_MEDIA
    ):
        raise Http404("Not served here.")
    if _withheld(posixpath.normpath(path)):
        raise Http404("Not served here.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _withheld(path: str) -> bool:
    """A photo whose family asked for registry facts only is no longer served, at once."""
    from memorialmiles.honors.models import Hero

    return Hero.objects.filter(photo=path, registry_only=True).exists()
