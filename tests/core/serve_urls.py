"""The site's URLs plus a server-sent-events view written as the live stream is: a Django
async view returning an async iterator. Its second event waits for a file the test creates, so
the first can only reach the test if the server streams (a buffering server sends nothing)."""

import asyncio
from pathlib import Path

from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from memorialmiles.urls import urlpatterns as site

RELEASE = "stream-release"


@require_GET  # as the live stream is: the decorator keeps the view a coroutine function
async def stream(request):
    async def events():
        yield "id: 1\nevent: status\ndata: first\n\n"
        release = Path(settings.DATA_DIR) / RELEASE
        for _ in range(500):  # at most 10 s
            if release.exists():
                break
            await asyncio.sleep(0.02)
        yield "id: 2\nevent: status\ndata: second\n\n"

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response


urlpatterns = [path("test-stream/", stream), *site]
