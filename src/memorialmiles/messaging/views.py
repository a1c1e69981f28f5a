"""The organizer's outbox, and the unsubscribe page a runner reaches from any message."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from memorialmiles.core.ratelimit import ratelimit
from memorialmiles.core.roles import Role, role_required
from memorialmiles.messaging import unsubscribe as unsub
from memorialmiles.messaging.models import OutboxMessage

PAGE = 200


@require_GET
@role_required(Role.ORGANIZER)
def outbox(request: HttpRequest) -> HttpResponse:
    messages = OutboxMessage.objects.select_related("event", "job")
    event_id = request.GET.get("event", "")
    if event_id.isdigit() and len(event_id) < 19:
        messages = messages.filter(event_id=int(event_id))
    return render(
        request, "messaging/outbox.html", {"outbox_messages": messages[:PAGE], "event_id": event_id}
    )


@require_GET
@role_required(Role.ORGANIZER)
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    item = get_object_or_404(OutboxMessage.objects.select_related("event", "job"), pk=message_id)
    return render(request, "messaging/message.html", {"item": item})


# Mail programs unsubscribe with a POST of their own (RFC 8058 one-click): no CSRF cookie
# there, and the signed token in the address is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@ratelimit("unsubscribe", methods=("POST",))
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    email = unsub.email_from(token)
    if email is None:
        return render(request, "messaging/unsubscribe.html", {"invalid": True}, status=404)
    done = request.method == "POST"
    if done:
        unsub.unsubscribe(email)
    return render(request, "messaging/unsubscribe.html", {"done": done, "token": token})
