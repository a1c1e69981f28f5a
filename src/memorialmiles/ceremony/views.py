"""The ceremony screen: the program in order, the item on now, the names to read, the silence.

The person running the ceremony holds a phone at a lectern: the whole program is on one page
that works offline once loaded (moving between items is done on the phone, not the server), and
the moment of silence is one tap away.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from memorialmiles.ceremony.access import may_run_ceremony
from memorialmiles.ceremony.program import Step, current_index
from memorialmiles.events.access import event_or_404
from memorialmiles.events.models import DEFAULT_SILENCE_SECONDS, ProgramKind


@require_GET
def ceremony(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    if not may_run_ceremony(request, event):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied("Running the ceremony needs the ceremony role for this run.")
    items = list(event.program.all())
    steps = [
        Step(
            index=i,
            title=item.title,
            kind=item.kind,
            planned_at=item.planned_at,
            note=item.note,
            silence_seconds=item.silence_seconds if item.kind == ProgramKind.SILENCE else None,
        )
        for i, item in enumerate(items)
    ]
    silence = next((s for s in steps if s.silence_seconds), None)
    current = current_index([s.planned_at for s in steps], timezone.now())
    return render(
        request,
        "ceremony/ceremony.html",
        {
            "event": event,
            "steps": steps,
            "current": current,
            "current_step": steps[current] if steps else None,
            "dedications": event.dedications.select_related("hero", "hero__agency"),
            "silence_url": reverse("event_silence", args=[event.pk]) + "?start=1",
            "silence_seconds": silence.silence_seconds if silence else DEFAULT_SILENCE_SECONDS,
        },
    )
